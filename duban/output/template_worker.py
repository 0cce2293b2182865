"""An office's Word template is checked and rendered here, in a worker process with a memory and a time limit.

A template is untrusted code in Jinja's language. It runs in Jinja's sandbox (no attribute that starts with
an underscore, so no way from ``cycler`` to ``os``), with ``*``, ``**`` and ``+`` bounded before they are
computed (Jinja would otherwise fold ``'A' * 3 * 10**9`` while compiling), and with ``range`` capped by the
sandbox; what it may still do (nested loops) ends at the worker's time and memory limit. Parts that make
Word fetch or run something when the notice is opened (external relationships, altChunk, macros, linked
fields) are refused by name before docxtpl sees the file.

    python -m duban.output.template_worker MEMORY_MB   (a JSON request on stdin, a JSON answer on stdout)
"""
from __future__ import annotations

import base64
import io
import json
import re
import sys
import zipfile

from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

MAX_SEQUENCE = 1_000_000  # characters or elements one * or + may make (a whole notice is far smaller)
MAX_EXPONENT = 64
OUTPUT_INFLATED_MAX = 32 * 1024 * 1024  # a rendered notice unpacks to well under 1 MB
# In a field's instruction (<w:instrText> or w:instr="…"), not anywhere in the text of the notice.
_LINKED_FIELD = re.compile(
    rb"""(?:instrText[^>]*>|instr=["'])\s*(INCLUDEPICTURE|INCLUDETEXT|LINK|DDEAUTO|DDE|IMPORT)\b""")
_FIELD_PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")


class TemplateRefused(Exception):
    """What is wrong with a template, in Chinese (the worker's answer)."""


class TemplateSandbox(SandboxedEnvironment):
    """Jinja's sandbox, with sequence growth and powers bounded before they are computed."""

    intercepted_binops = frozenset({"*", "**", "+"})

    def call_binop(self, context, operator, left, right):
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > MAX_EXPONENT:
            raise SecurityError("幂运算的指数过大")
        if operator == "*":
            sequence, times = (left, right) if isinstance(right, int) else (right, left)
            if isinstance(sequence, (str, list, tuple)) and isinstance(times, int) \
                    and len(sequence) * times > MAX_SEQUENCE:
                raise SecurityError("重复生成的文字过长")
        if operator == "+" and all(isinstance(side, (str, list, tuple)) for side in (left, right)) \
                and len(left) + len(right) > MAX_SEQUENCE:
            raise SecurityError("拼接生成的文字过长")
        return super().call_binop(context, operator, left, right)


def structure_problems(content: bytes) -> list[str]:
    """The parts of a .docx that would make Word fetch or run something, each named in Chinese."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    problems: list[str] = []
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            lower = name.lower()
            if "vbaproject" in lower or "vbadata" in lower:
                problems.append(f"宏（{name}）")
            elif lower.endswith(".rels"):
                problems += _relationship_problems(etree.fromstring(archive.read(name), parser), name)
            elif lower == "[content_types].xml" and b"macroenabled" in archive.read(name).lower():
                problems.append("启用宏的文档类型（.docm）")
            elif _FIELD_PARTS.match(lower):
                found = _LINKED_FIELD.search(archive.read(name))
                if found:
                    problems.append(f"引用外部内容的域代码 {found.group(1).decode()}（{name}）")
    return list(dict.fromkeys(problems))


def _relationship_problems(root, name: str) -> list[str]:
    problems = []
    for rel in root:
        kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
        if kind.lower() == "afchunk":
            problems.append(f"嵌入的外部文档片段 altChunk（{name}）")
        elif (rel.get("TargetMode") or "").lower() == "external":
            target = (rel.get("Target") or "")[:60]
            problems.append(f"指向外部的链接或图片（{kind}：{target}）")
    return problems


def _environment() -> TemplateSandbox:
    return TemplateSandbox(autoescape=True)


def check(content: bytes, sample: dict) -> list[str]:
    """Refuse what would fetch or run anything; return the fields the template uses; render it once with the
    sample fields, so that a template whose output grows past the cap is refused now, not at the first notice."""
    from docxtpl import DocxTemplate

    problems = structure_problems(content)
    if problems:
        raise TemplateRefused(f"模板中含有不允许的内容：{'；'.join(problems)}。请删除后另存为 .docx 再上传。")
    used = DocxTemplate(io.BytesIO(content)).get_undeclared_template_variables(jinja_env=_environment())
    render(content, sample)
    return sorted(used)


def render(content: bytes, context: dict) -> bytes:
    """One document from the template, in the sandbox; refused when it inflates past the output cap."""
    from docxtpl import DocxTemplate

    template = DocxTemplate(io.BytesIO(content))
    template.render(context, jinja_env=_environment(), autoescape=True)
    out = io.BytesIO()
    template.save(out)
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as made:
        if sum(info.file_size for info in made.infolist()) > OUTPUT_INFLATED_MAX:
            raise TemplateRefused("按模板生成的文书过大（超过 32 MB），请检查模板中的循环和重复。")
    return out.getvalue()


def answer(request: dict) -> dict:
    """The worker's answer to one request: check a template, or render it for each named context."""
    from jinja2 import TemplateSyntaxError

    content = base64.b64decode(request["template"])
    try:
        if request["mode"] == "check":
            return {"used": check(content, request["sample"])}
        return {"documents": {name: base64.b64encode(render(content, context)).decode()
                              for name, context in request["contexts"].items()}}
    except TemplateRefused as exc:
        return {"error": str(exc)}
    except TemplateSyntaxError as exc:
        return {"error": f"模板中的标记有误：{exc.message}（请检查 {{{{ }}}} 和 {{% %}} 是否成对、拼写是否正确）"}
    except SecurityError as exc:
        return {"error": f"模板中含有不允许的操作（{exc}），已拒绝。模板只能填入所列字段，不能调用程序。"}
    except MemoryError:
        return {"error": "按模板生成文书时占用内存过多，已停止。请检查模板中的循环和重复。"}
    except Exception as exc:  # noqa: BLE001 — the template or the data it meets: say so, never a traceback
        return {"error": f"按模板生成文书时出错（{type(exc).__name__}），请检查模板中的标记，或恢复默认模板。"}


def main(argv: list[str]) -> int:
    from duban.isolation import limit_memory

    limit_memory(int(argv[0]))
    request = json.loads(sys.stdin.buffer.read())
    sys.stdout.write(json.dumps(answer(request), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""The house rules, checked: every module tested, modules small, pages thin, docs and commands in step."""
from __future__ import annotations

import re
import tomllib

import pytest

from tests.support import ROOT

TESTS = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").rglob("*.py") if p.name != "test_meta.py")
MODULES = sorted(".".join(p.relative_to(ROOT).with_suffix("").parts) for p in (ROOT / "duban").rglob("*.py")
                 if not p.stem.startswith("__"))
PAGES = sorted((ROOT / "app_pages").glob("*.py"))
SOURCES = sorted([*(ROOT / "duban").rglob("*.py"), *(ROOT / "webui").glob("*.py"), *PAGES, ROOT / "app.py"])
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_globs_find_the_code():
    assert len(MODULES) > 20 and len(PAGES) >= 7


@pytest.mark.parametrize("module", [m for m in MODULES if not m.startswith("duban.cli.")])
def test_every_duban_module_is_imported_by_a_test(module):
    package, _, name = module.rpartition(".")
    pattern = rf"(from|import) {re.escape(module)}\b|from {re.escape(package)} import [^\n]*\b{name}\b"
    assert re.search(pattern, TESTS), f"no test imports {module}"


def test_every_command_line_command_is_run_by_a_test():
    """The command modules are reached through ``duban.cli.main``: each command of its table is run."""
    from duban.cli import COMMANDS

    for command in COMMANDS:
        assert re.search(rf'(cli|main)\(\[?"{command.name}"', TESTS), f"no test runs `python -m duban {command.name}`"


def _imports(path) -> set[str]:
    """The duban modules a file imports, at its top or inside its functions."""
    import ast

    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("duban"):
            found |= {f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in MODULES else node.module
                      for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("duban")}
    return found


def test_no_import_circle_in_the_domain_package():
    """Each module can be read knowing only what it imports: no module reaches itself through its imports."""
    graph = {".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): _imports(p)
             for p in (ROOT / "duban").rglob("*.py")}

    def reached(start: str) -> set[str]:
        seen, todo = set(), list(graph[start])
        while todo:
            module = todo.pop()
            if module not in seen and module in graph:
                seen.add(module)
                todo.extend(graph[module])
        return seen

    assert [m for m in graph if m in reached(m)] == []


def test_the_package_says_the_version_pyproject_declares():
    import duban

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert duban.__version__ == project["version"]


def test_comments_cite_the_rules_document_in_the_repository():
    """Not SPEC sections or issue numbers, which live outside it; every section cited exists."""
    rules = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    sections = set(re.findall(r"^## (§\d+)", rules, re.M))
    code = [*SOURCES, *(ROOT / "tests").rglob("*.py"), *(ROOT / "bench").glob("*.py"), *(ROOT / "scripts").glob("*.py")]
    for path in code:
        text = path.read_text(encoding="utf-8")
        if path.name != "test_meta.py":
            assert not re.search(r"\bSPEC\b|\bissue \d+", text), path
        assert set(re.findall(r"rules\.md (§\d+)", text)) <= sections, path
    assert (ROOT / "docs" / "regulations").is_dir() and len(list((ROOT / "docs" / "regulations").glob("*.txt"))) == 2


def test_domain_package_never_imports_streamlit():
    for path in (ROOT / "duban").rglob("*.py"):
        assert not re.search(r"^\s*(import|from)\s+streamlit", path.read_text(encoding="utf-8"), re.M), path


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_modules_stay_small_and_import_no_private_names(path):
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 300, f"{path.name}: split it by what it does"
    assert not re.search(r"^\s*from [\w.]+ import [^\n]*\b_[a-z]\w*", text, re.M), "a private name is imported"


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_pages_are_thin(path):
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(lines) <= 100, f"{path.name} has {len(lines)} lines: move logic into duban/ or webui/"


def _pins(name: str) -> dict[str, str]:
    lines = (ROOT / name).read_text(encoding="utf-8").splitlines()
    return dict(line.split("==") for line in lines if "==" in line and not line.startswith("#"))


def _declared(specs: list[str]) -> dict[str, str]:
    return {re.split(r"[<>=~!]", spec)[0].strip().lower(): spec for spec in specs}


def test_pyproject_declares_every_pinned_requirement_and_the_pins_satisfy_it():
    from packaging.requirements import Requirement

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for file, specs in (("requirements.txt", project["dependencies"]),
                        ("requirements-dev.txt", project["optional-dependencies"]["dev"])):
        declared = _declared(specs)
        pins = {name.lower(): version for name, version in _pins(file).items()}
        assert set(pins) == set(declared), file
        for name, version in pins.items():
            assert Requirement(declared[name]).specifier.contains(version), (file, name, version)


def test_ci_runs_the_readme_test_command_and_the_readme_names_both_commands():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "bash scripts/test.sh" in ci and "bash scripts/test.sh" in README and "bash scripts/run.sh" in README


def test_readme_documents_every_command_and_names_no_other():
    from duban.cli import COMMANDS, build_parser

    names = [command.name for command in COMMANDS]
    assert "analyze" in names and len(set(names)) == len(names)
    for name in names:
        assert f"python -m duban {name}" in README, name
    assert set(re.findall(r"python -m duban (\w+)", README)) == set(names)
    listed = re.findall(r"^    (\w+)", build_parser().format_help(), re.M)  # the commands in --help
    assert listed == names



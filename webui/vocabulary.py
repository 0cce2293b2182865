"""规则设置's 词表: the office's own status words, 事项来源 variants, header words, department aliases and the
立项规范性 words (vague limits, units that name no single unit) and each 分管领导's departments.

Edited as tables inside the rules form; ``values`` turns the edited tables back into config values, which
go through the same validation as the config file.
"""
from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from duban.config import Config
from duban.fields import DISPLAY, FIELD_BY_NAME
from duban.output.labels import STATUS_LABELS
from webui import data

# the page's labels, saying which statuses stay out of the figures
STATUS_NAMES = {**STATUS_LABELS, "cancelled": "已撤销（不计入）", "draft": "草稿（不计入）"}
_STATUS_OF = {label: status for status, label in STATUS_NAMES.items()}
_FIELD_OF = {DISPLAY[name]: name for name in FIELD_BY_NAME}
# 立项规范性's two word lists, edited in one table
FILING_LISTS = {"vague_deadline_words": "不具体的时限", "unclear_unit_words": "不明确的承办单位"}


def _pairs(editor: pd.DataFrame) -> list[tuple[str, str]]:
    """The filled rows of a two-column table, as stripped text."""
    return [(str(a).strip(), str(b).strip()) for a, b in editor.dropna().itertuples(index=False)
            if str(a).strip() and str(b).strip()]


def editors(config: Config) -> dict[str, pd.DataFrame]:
    """The vocabulary tables, shown for editing (call inside the rules form)."""
    st.markdown("**词表**：本单位台账里的写法。看板自带常见写法，这里只需补充本单位特有的。")
    statuses = [(word, STATUS_NAMES[s]) for s, words in config.status_words.items() for word in words]
    tables = {
        "status": ("办理状态的写法", ["写法", "视为"], statuses,
                   {"视为": st.column_config.SelectboxColumn(options=list(STATUS_NAMES.values()))}),
        "source": ("事项来源的写法", ["写法", "统计为"], list(config.source_variants.items()), {}),
        "header": ("表头的写法", ["表头", "用途"], [(h, DISPLAY[f]) for h, f in config.header_aliases.items()],
                   {"用途": st.column_config.SelectboxColumn(options=list(_FIELD_OF))}),
        "dept": ("科室别名（左列写法统一为右列标准名称）", ["写法", "标准名称"], list(config.dept_aliases.items()), {}),
        "filing": ("立项规范性：只写这些字眼的办理时限视为不具体（按反馈时限计）；牵头单位是这些写法的视为责任不明确",
                   ["写法", "视为"], [(w, label) for key, label in FILING_LISTS.items() for w in getattr(config, key)],
                   {"视为": st.column_config.SelectboxColumn(options=list(FILING_LISTS.values()))}),
    }
    leaders = data.known_leaders()  # the register's and those the config maps already
    tables["leaders"] = (
        "分管领导的分管科室（分管领导交办给其他科室的事项在校验报告中提示；科室之间用“、”分隔；"
        f"最新台账中的科室：{'、'.join(data.known_departments()) or '—'}）", ["分管领导", "分管科室"],
        [(leader, "、".join(units)) for leader, units in config.leader_departments.items()],
        {"分管领导": st.column_config.SelectboxColumn(options=leaders)})
    edited = {}
    for key, (title, columns, rows, column_config) in tables.items():
        st.caption(title)
        edited[key] = st.data_editor(pd.DataFrame(rows, columns=columns), num_rows="dynamic", hide_index=True,
                                     key=f"vocabulary_{key}", column_config=column_config)
    return edited


def values(edited: dict[str, pd.DataFrame]) -> dict:
    """Config values from the edited tables (validated afterwards with the rest of the config)."""
    status_words: dict[str, list[str]] = {}
    for word, label in _pairs(edited["status"]):
        status_words.setdefault(_STATUS_OF.get(label, label), []).append(word)
    return {
        "status_words": status_words,
        "source_variants": dict(_pairs(edited["source"])),
        "header_aliases": {text: _FIELD_OF.get(label, label) for text, label in _pairs(edited["header"])},
        "dept_aliases": dict(_pairs(edited["dept"])),
        **{key: [w for w, shown in _pairs(edited["filing"]) if shown == label] for key, label in FILING_LISTS.items()},
        "leader_departments": {leader: [u for u in re.split(r"[、，,;；\s]+", units) if u]
                               for leader, units in _pairs(edited["leaders"])},
    }

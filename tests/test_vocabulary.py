"""The office's own vocabularies (config status_words, source_variants, header_aliases, dept_aliases):
validated like every config value, used by the reader, edited on 规则设置."""
from __future__ import annotations

import pytest

from duban.config import Config, ConfigError, from_mapping, load_config
from duban.paths import config_path
from tests.support.workbooks import analyze_table

HEADER = ["督办事项", "承办科室", "交办日期", "办理时限", "办理状态", "事项来源"]


@pytest.mark.parametrize("values, message", [
    ({"header_aliases": {"主责科室": "nonsense"}}, "未知字段"),
    ({"status_words": {"finished": ["已验收"]}}, "不是已知状态"),
    ({"status_words": {"done": ["已验收"], "open": ["已验收"]}}, "同时出现"),
    ({"status_words": {"done": "已验收"}}, "列表"),
    ({"source_variants": {"周例会": ""}}, "非空文字"),
])
def test_bad_vocabularies_are_refused_with_the_key_named(values, message):
    with pytest.raises(ConfigError, match=message):
        from_mapping(values)


def test_the_offices_words_are_read():
    config = from_mapping({"status_words": {"done": ["已验收"], "draft": ["拟立项"]},
                           "source_variants": {"周例会": "专题会议", "市长信箱": "群众来信"},
                           "header_aliases": {"主责科室": "lead_dept"}})
    rows = [["甲", "医务部", "2024-03-01", "5天", "已验收", "周例会"],
            ["乙", "护理部", "2024-03-01", "5天", "拟立项", None],
            ["丙", "院办", "2024-03-01", "5天", "办理中", "市长信箱"]]
    result = analyze_table(rows, header=HEADER, config=config)
    items = result.items.set_index("title")
    assert items.loc["甲", "status"] == "done" and items.loc["甲", "source"] == "专题会议"
    assert items.loc["丙", "source"] == "群众来信" and "乙" not in items.index
    assert result.issues["kind"].tolist() == ["done_no_completed"]  # no unknown status, no unknown source
    header = ["督办事项", "主责科室", "交办日期"]
    renamed = analyze_table([["甲", "医务部", "2024-03-01"]], header=header, config=config)
    assert renamed.items.iloc[0]["lead_dept"] == "医务部"


def test_settings_page_saves_the_vocabulary_tables_through_the_config_validation(open_page, no_failure):
    from webui import vocabulary
    import pandas as pd

    edited = {"status": pd.DataFrame({"写法": ["已验收", None], "视为": ["已办结", None]}),
              "source": pd.DataFrame({"写法": ["周例会"], "统计为": ["专题会议"]}),
              "header": pd.DataFrame({"表头": ["主责科室"], "用途": ["承办科室"]}),
              "dept": pd.DataFrame({"写法": ["信息科"], "标准名称": ["信息中心"]}),
              "filing": pd.DataFrame({"写法": ["尽快", "视进度", "各科室"],
                                      "视为": ["不具体的时限", "不具体的时限", "不明确的承办单位"]}),
              "leaders": pd.DataFrame({"分管领导": ["张志强", None], "分管科室": ["质控科、信息中心，医务部", None]})}
    values = vocabulary.values(edited)
    assert values == {"status_words": {"done": ["已验收"]}, "source_variants": {"周例会": "专题会议"},
                      "header_aliases": {"主责科室": "lead_dept"}, "dept_aliases": {"信息科": "信息中心"},
                      "vague_deadline_words": ["尽快", "视进度"], "unclear_unit_words": ["各科室"],
                      "leader_departments": {"张志强": ["质控科", "信息中心", "医务部"]}}
    config = from_mapping(values)
    assert config.status_words == {"done": ["已验收"]} and config.vague_deadline_words == ("尽快", "视进度")


def test_settings_page_shows_the_saved_words_and_saves_them_again(open_page, no_failure):
    from duban.config import save_config

    save_config(from_mapping({"status_words": {"done": ["已验收"]}, "source_variants": {"周例会": "专题会议"}}),
                config_path())
    app = open_page("app_pages/settings.py")
    no_failure(app)
    shown = {key: app.data_editor(key=f"vocabulary_{key}").value.to_dict("records") for key in ("status", "source")}
    assert shown == {"status": [{"写法": "已验收", "视为": "已办结"}],
                     "source": [{"写法": "周例会", "统计为": "专题会议"}]}
    [b for b in app.button if b.label == "保存规则"][0].click().run()
    no_failure(app)
    saved = load_config(config_path())
    assert saved.status_words == {"done": ["已验收"]} and saved.source_variants == {"周例会": "专题会议"}
    assert saved.vague_deadline_words == Config().vague_deadline_words  # the 立项规范性 words shown, kept
    assert saved.unclear_unit_words == Config().unclear_unit_words

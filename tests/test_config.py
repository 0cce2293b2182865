"""The one config: defaults, the office's TOML file, and clear messages for bad values."""
from __future__ import annotations

import dataclasses

import pytest

from tests.support import ROOT
from duban.config import Config, ConfigError, from_mapping, load_config, parse_config, to_mapping


def test_defaults_follow_the_spec():
    c = Config()
    assert (c.feedback_workdays_simple, c.feedback_workdays_complex) == (3, 5)
    assert c.stage_thresholds == {"电话催办": 0, "发函督查": 3, "约谈督查": 5, "通报批评": 10, "分管领导约谈": 15}
    assert c.stage_weights["分管领导约谈"] == 10 and c.grade_bands["优秀"] == 95
    assert c.dept_aliases == {"信息科": "信息中心"}


def test_bundled_config_file_equals_the_defaults():
    assert load_config(ROOT / "data" / "config.toml") == Config()


def test_missing_file_gives_defaults(tmp_path):
    assert load_config(tmp_path / "none.toml") == Config()


def test_file_overrides_defaults(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('institution_name = "某某医院"\n[dept_aliases]\n"院办" = "院长办公室"\n', encoding="utf-8")
    config = load_config(path)
    assert config.institution_name == "某某医院" and config.dept_aliases == {"院办": "院长办公室"}
    assert config.feedback_workdays_simple == 3


@pytest.mark.parametrize("values, message", [
    ({"feedback_workdays_simple": 0}, "feedback_workdays_simple"),
    ({"feedback_workdays_simple": "三"}, "feedback_workdays_simple"),
    ({"stage_weights": {"电话催办": 2}}, "stage_weights"),
    ({"stage_thresholds": {"电话催办": 0, "发函督查": 5, "约谈督查": 3, "通报批评": 10, "分管领导约谈": 15}}, "递增"),
    ({"grade_bands": {"优秀": 80, "良好": 85, "合格": 70}}, "grade_bands"),
    ({"colour": "red"}, "未知的配置项"),
    ({"institution_name": "  "}, "机构名称"),
    ({"calendar_confirmed_years": [20270]}, "年份"),
])
def test_bad_values_are_refused_with_a_chinese_message(values, message):
    with pytest.raises(ConfigError, match=message):
        from_mapping(values)


def test_broken_toml_names_the_file(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("institution_name = \n", encoding="utf-8")
    with pytest.raises(ConfigError, match="config.toml 格式有误"):
        load_config(path)


def test_round_trip_through_a_mapping():
    config = dataclasses.replace(Config(), calendar_confirmed_years=(2027,))
    assert from_mapping(to_mapping(config)) == config


@pytest.mark.parametrize("text, name", [('[grade_bands]\n"优秀" = 80\n"良好" = 85\n"合格" = 70\n',
                                         "“等级分数线”（grade_bands）"),
                                        ("session_hours = -1\n", "“记住登录的小时数”（session_hours）"),
                                        ('[stage_weights]\n"电话催办" = 500\n', "“督办阶段扣分")])
def test_a_config_message_names_the_setting_in_chinese_and_by_its_key(text, name):
    with pytest.raises(ConfigError) as error:
        parse_config(text)
    assert str(error.value).startswith(f"配置项{name}")


def test_a_broken_config_file_is_explained_in_chinese_with_the_place():
    with pytest.raises(ConfigError) as error:
        parse_config("[grade_bands]\n优秀 = 80\n")
    assert "第 2 行第 1 列" in str(error.value) and "Invalid" not in str(error.value)

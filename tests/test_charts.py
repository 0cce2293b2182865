"""Chart builders: every figure reads at a glance (labels in Chinese, weeks as categories)."""
from __future__ import annotations

import pandas as pd
import pytest

from tests.support.workbooks import analyze_table
from webui import charts

ROWS = [["A", "a", "医务部", "2024-03-01", "2024-03-06", "办理中", None],
        ["B", "b", "护理部", "2024-03-01", "2024-03-29", "已办结", "2024-03-05"]]


def test_trend_weeks_are_categories_not_parsed_dates():
    trend = pd.DataFrame({"as_of": pd.to_datetime(["2026-11-06", "2026-11-13"]), "overdue_open": [3, 4],
                          "completion_rate": [0.5, 0.6], "on_time_rate": [0.4, None]})
    figure = charts.trend_chart(trend)
    assert figure.layout.xaxis.type == "category" and list(figure.data[0].x) == ["11月6日", "11月13日"]


def test_trend_labels_carry_the_year_when_the_weeks_span_years_and_counts_tick_roundly():
    trend = pd.DataFrame({"as_of": pd.to_datetime(["2024-03-08", "2027-01-15"]), "overdue_open": [31, 12],
                          "completion_rate": [0.5, 0.6], "on_time_rate": [0.4, 0.5]})
    figure = charts.trend_chart(trend)
    assert list(figure.data[0].x) == ["2024年3月8日", "2027年1月15日"]
    assert figure.layout.yaxis2.dtick in (10, 20) and figure.layout.yaxis2.range[1] == 62


@pytest.mark.parametrize("top, step", [(2, 1), (5, 1), (8, 2), (10, 2), (12, 5), (25, 5), (62, 20), (130, 50)])
def test_count_steps_are_round(top, step):
    assert charts.count_step(top) == step


def test_item_charts_use_chinese_labels():
    items = analyze_table(ROWS).items
    assert set(charts.status_chart(items).data[0].labels) == {"办理中", "已办结"}
    stage = charts.stage_chart(items)
    assert [bar.name for bar in stage.data][0] == "正常" and "分管领导约谈" in [bar.name for bar in stage.data]
    assert {bar.orientation for bar in stage.data} == {"h"}  # stage names stay level on a phone
    assert charts.source_chart(items).data[0].y[0] == "未填写"


def test_ranking_chart_shows_only_scored_departments():
    result = analyze_table(ROWS + [["C", "c", "设备处", "2023-01-01", "2023-02-01", "已办结", "2023-01-05"]],
                           period_start="2024-01-01")
    figure = charts.ranking_chart(result.departments)
    shown = {y for bar in figure.data for y in bar.y}
    assert shown == {"医务部", "护理部"}


def test_tables_show_the_light_as_its_colour(open_page):
    app = open_page("app_pages/departments.py")  # the drill-down opens on the worst department: it has red items
    drill = next(d for d in app.dataframe if "警示灯" in d.value.columns)
    assert "红" in set(drill.value["警示灯"]) and "#F4C7C3" in str(drill.proto)


@pytest.mark.parametrize("page_file", ["app_pages/overview.py", "app_pages/departments.py"])
def test_no_chart_shows_plotlys_toolbar(open_page, page_file):
    import json

    shown = open_page(page_file).get("plotly_chart")
    assert shown and all(json.loads(chart.proto.config)["displayModeBar"] is False for chart in shown)


def test_two_years_of_weeks_get_a_time_axis_instead_of_104_labels():
    days = pd.Series(pd.date_range("2024-12-06", periods=104, freq="7D"))
    trend = pd.DataFrame({"as_of": days, "overdue_open": range(104), "completion_rate": 0.9, "on_time_rate": 0.6})
    figure = charts.trend_chart(trend)
    assert figure.layout.xaxis.type == "date" and figure.layout.xaxis.tickformat == "%Y年%-m月"
    few = charts.trend_chart(trend.head(3))
    assert few.layout.xaxis.type == "category" and list(few.data[0].x) == ["12月6日", "12月13日", "12月20日"]

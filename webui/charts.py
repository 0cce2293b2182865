"""Plotly figures for the pages (pure functions of DataFrames; no Streamlit here)."""
from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from duban.compute.escalation import STAGE_ORDER
from duban.output.labels import STATUS_LABELS

FONT = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"
STAGE_COLOURS = {"正常": "#2e7d32", "临期": "#f9a825", "电话催办": "#ffb74d", "发函督查": "#fb8c00",
                 "约谈督查": "#f4511e", "通报批评": "#d32f2f", "分管领导约谈": "#8e0000"}
STATUS_COLOURS = {"已办结": "#2e7d32", "办理中": "#1565c0", "退回重办": "#f4511e", "长期推进": "#6a1b9a",
                  "已撤销": "#9e9e9e"}
# No plotly toolbar: its buttons cover the chart titles on a phone and its tooltips are English.
PLOTLY_CONFIG = {"displayModeBar": False}
GRADE_COLOURS = {"优秀": "#2e7d32", "良好": "#1565c0", "合格": "#f9a825", "不合格": "#d32f2f"}


def as_label(values: pd.Series) -> pd.Series:
    """Register text as chart labels: plotly reads <a href>, <b> and <br> in labels, so < > & become entities."""
    return values.astype("string").str.replace("&", "&amp;").str.replace("<", "&lt;").str.replace(">", "&gt;")


def _style(figure: go.Figure, height: int = 320) -> go.Figure:
    figure.update_layout(font_family=FONT, height=height, margin=dict(l=10, r=10, t=40, b=10),
                         legend_title_text="")
    return figure


def status_chart(items: pd.DataFrame) -> go.Figure:
    """Donut of items by status."""
    counts = items["status"].map(STATUS_LABELS).value_counts().rename_axis("状态").reset_index(name="事项数")
    figure = px.pie(counts, names="状态", values="事项数", hole=0.5, title="办理状态",
                    color="状态", color_discrete_map=STATUS_COLOURS)
    figure.update_traces(textinfo="value", textposition="inside", sort=False)
    return _style(figure)


def stage_chart(items: pd.DataFrame) -> go.Figure:
    """Horizontal bars of open items by escalation stage, the most severe at the top (names stay level on a phone)."""
    counts = items["stage"].value_counts().reindex(STAGE_ORDER, fill_value=0)
    counts = counts.rename_axis("阶段").reset_index(name="事项数")
    figure = px.bar(counts, x="事项数", y="阶段", orientation="h", title="督办阶段（未办结事项）", color="阶段",
                    color_discrete_map=STAGE_COLOURS, text="事项数")
    figure.update_traces(textangle=0, textposition="outside", cliponaxis=False)
    figure.update_layout(showlegend=False, yaxis=dict(title="", autorange="reversed"), xaxis_title="事项数")
    return _style(figure)


def source_chart(items: pd.DataFrame) -> go.Figure:
    """Horizontal bar of items by 事项来源."""
    source = as_label(items["source"].fillna("未填写"))
    counts = source.value_counts().sort_values().rename_axis("来源").reset_index(name="事项数")
    figure = px.bar(counts, x="事项数", y="来源", orientation="h", title="事项来源", text="事项数")
    figure.update_traces(textangle=0, textposition="outside", cliponaxis=False)
    figure.update_layout(yaxis_title="", xaxis_title="事项数")
    return _style(figure, height=max(280, 28 * len(counts) + 80))


def week_labels(days: pd.Series) -> list[str]:
    """3月8日, or 2024年3月8日 when the weeks span more than one year."""
    with_year = days.dt.year.nunique() > 1
    return [f"{d.year}年{d.month}月{d.day}日" if with_year else f"{d.month}月{d.day}日" for d in days]


def count_step(top: float) -> int:
    """A round tick step (1, 2, 5, 10, 20, 50 …) giving at most about five ticks up to top."""
    scale = 1
    while True:
        for step in (scale, 2 * scale, 5 * scale):
            if top / step <= 5:
                return step
        scale *= 10


MANY_WEEKS = 12  # beyond this many weeks a time axis with monthly ticks reads better than one label per week


def week_axis(days: pd.Series) -> tuple[list, dict]:
    """x values and axis settings: one label per week for a few weeks, a time axis (年月 ticks) for many."""
    if len(days) <= MANY_WEEKS:
        return week_labels(days), dict(type="category")
    return list(pd.to_datetime(days)), dict(type="date", tickformat="%Y年%-m月", nticks=8)


def trend_chart(trend: pd.DataFrame) -> go.Figure:
    """Completion and on-time rates (left axis) and overdue counts (bars, right axis) by week."""
    weeks, axis = week_axis(trend["as_of"])
    top = 2 * max(1, trend["overdue_open"].max())
    figure = go.Figure()
    figure.add_bar(x=weeks, y=trend["overdue_open"], name="逾期未办结", marker_color="#d32f2f", opacity=0.5,
                   yaxis="y2")
    figure.add_scatter(x=weeks, y=trend["completion_rate"], name="办结率", mode="lines+markers")
    figure.add_scatter(x=weeks, y=trend["on_time_rate"], name="按时办结率", mode="lines+markers")
    figure.update_layout(title="各周趋势", xaxis=axis,
                         yaxis=dict(tickformat=".0%", range=[0, 1.05], title="比率"),
                         yaxis2=dict(overlaying="y", side="right", title="逾期未办结（项）", tickformat="d",
                                     range=[0, top], dtick=count_step(top), showgrid=False),
                         legend=dict(orientation="h", y=-0.2))
    return _style(figure, height=360)


def ranking_chart(departments: pd.DataFrame) -> go.Figure:
    """Scores of ranked departments, best at the top, coloured by grade."""
    ranked = departments.dropna(subset=["score"]).sort_values("rank", ascending=False)
    ranked = ranked.assign(dept=as_label(ranked["dept"]))
    figure = px.bar(ranked, x="score", y="dept", orientation="h", color="grade", text="score",
                    color_discrete_map=GRADE_COLOURS, title="部门考核得分", labels={"score": "得分", "dept": "",
                                                                                  "grade": "等级"})
    # Scores inside the bars and the legend above them: nothing is cut off at a phone's width.
    figure.update_traces(textangle=0, textposition="inside", insidetextanchor="end", cliponaxis=False)
    figure.update_layout(xaxis=dict(range=[0, 100]), yaxis_title="",
                         legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="right", x=1.0))
    return _style(figure, height=max(300, 30 * len(ranked) + 100))


def department_history_chart(weeks: pd.DataFrame, dept: str) -> go.Figure:
    """A department's score and on-time rate (left axis) and overdue count (bars, right axis) week by week."""
    labels, axis = week_axis(pd.to_datetime(weeks["as_of"]))
    top = 2 * max(1, int(weeks["overdue_open"].max()))
    figure = go.Figure()
    figure.add_bar(x=labels, y=weeks["overdue_open"], name="逾期未办结", marker_color="#d32f2f", opacity=0.5,
                   yaxis="y2")
    figure.add_scatter(x=labels, y=weeks["score"], name="得分", mode="lines+markers", line_color="#1565c0")
    figure.add_scatter(x=labels, y=weeks["on_time_rate"] * 100, name="按时办结率（%）", mode="lines+markers",
                       line_color="#2e7d32")
    figure.update_layout(title=f"{as_label(pd.Series([dept])).iloc[0]}各周情况", xaxis=axis,
                         yaxis=dict(range=[0, 105], title="得分 / 百分比"),
                         yaxis2=dict(overlaying="y", side="right", title="逾期未办结（项）", tickformat="d",
                                     range=[0, top], dtick=count_step(top), showgrid=False),
                         legend=dict(orientation="h", y=-0.2))
    return _style(figure, height=340)

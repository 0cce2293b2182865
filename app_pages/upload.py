"""上传台账: upload, validation report, preview, and an explicit save as the week's register."""
from __future__ import annotations

import streamlit as st

from duban.compute.filing import filing_counts, filing_table
from duban.errors import ColumnsNeeded, DubanError
from duban.output.tables_xlsx import validation_report
from duban.output.labels import issues_for_display, items_for_display
from webui import auth, columns, data, saving, shell, widgets
from webui.text import plain

PREVIEW = ["sheet", "row", "category", "item_id", "title", "lead_dept", "co_depts", "person", "leader", "assigned_date",
           "due_date", "status", "completed_date", "light", "stage"]
LIMIT_MB = st.get_option("server.maxUploadSize")


def counts_text(result) -> str:
    c = result.counts
    return f"读取 {c['rows_read']} 行，计入 {c['kept']} 项，未计入 {c['left_out']} 行"


shell.enter(__file__)
st.title("上传台账")
st.markdown(f"支持 .xlsx / .xlsm / .xls / .csv（UTF-8 或 GB18030），单个文件不超过 **{LIMIT_MB} MB**。"
            "上传后先校验、预览，确认无误再保存为本周台账；未保存前不会改动已保存的任何数据。")
upload = st.file_uploader("拖放或选择台账文件", type=list(shell.UPLOAD_TYPES), key="upload_file")
if upload is not None:
    content = upload.getvalue()
    if len(content) > LIMIT_MB * 1024 * 1024:
        st.error(f"文件超过 {LIMIT_MB} MB 的上传上限，未读取。督办台账通常只有几 MB，请检查是否选错了文件。")
        st.stop()
    rule_files = data.rules()
    try:
        with st.spinner(f"正在读取并校验“{upload.name}”（{len(content) / 1024:.0f} KB）……"):
            first = data.analysis(content, upload.name, None, None, None, rule_files)
    except ColumnsNeeded as exc:
        asked = columns.ask(exc, upload.file_id)
        if not asked:
            st.stop()
        rule_files = rule_files.with_layouts(asked)
        try:
            first = data.analysis(content, upload.name, None, None, None, rule_files)
        except DubanError as again:
            st.error(f"按这样的选择仍无法读取：{plain(again)}")
            st.stop()
    except DubanError as exc:
        auth.log("upload_refused", f"{upload.name}：{exc}"[:500])
        st.error(f"无法使用该文件：{plain(exc)}")
        st.stop()
    as_of = saving.as_of_date(first, upload.file_id)
    figures = st.container()
    st.subheader("读取的列")
    columns.saved_notice(first, set(data.rules().layouts()))
    changed = {**st.session_state.get(f"asked_{upload.file_id}", {}), **columns.choices(first, upload.file_id)}
    chosen, day = rule_files.with_layouts(changed), as_of or first.as_of.date()
    try:  # the first reading already is this one when the date and the columns stay as read
        result = first if (day, chosen) == (first.as_of.date(), rule_files) else data.analysis(
            content, upload.name, day, None, None, chosen)
    except DubanError as exc:
        st.error(f"按这样的选择无法读取：{plain(exc)}")
        result = data.analysis(content, upload.name, day, None, None, rule_files)
    columns.table(result)
    columns.save_button(result, changed)
    if st.session_state.get("logged_upload") != upload.file_id:  # once per upload, not on every rerun
        auth.log("upload", f"{upload.name}（{counts_text(result)}）")
        st.session_state["logged_upload"] = upload.file_id
    counts = result.counts
    read, kept, left_out = figures.columns(3)
    read.metric("读取行数", counts["rows_read"])
    kept.metric("计入事项", counts["kept"])
    left_out.metric("未计入（有错误）", counts["left_out"])
    if result.skipped_sheets:
        figures.caption(f"已跳过的工作表（无台账表头）：{'、'.join(result.skipped_sheets)}")
    for notice in result.notices:
        figures.warning(notice, icon="⚠️")

    st.subheader("校验报告")
    if result.issues.empty:
        st.success("未发现问题。")
    else:
        errors = int((result.issues["severity"] == "error").sum())
        st.markdown(f"共 {len(result.issues)} 条：错误 {errors} 条（该行未计入统计，请修改后重新上传），"
                    f"提示 {len(result.issues) - errors} 条（该行已计入）。")
        widgets.table(issues_for_display(result.issues), key="issues_table")
        title = (f"{rule_files.config().institution_name}督办台账校验报告"
                 f"（{upload.name}，统计截至{result.as_of:%Y年%m月%d日}）")
        st.download_button("下载校验报告（.xlsx）", validation_report(result.issues, title), key="download_report",
                           file_name=f"校验报告_{upload.name.rsplit('.', 1)[0]}.xlsx",
                           on_click=auth.log, args=("export", f"校验报告 {upload.name}"))

    st.subheader("立项规范性")
    found = filing_counts(result.items)
    for (flag, count), column in zip(found.items(), st.columns(len(found))):
        column.metric(flag, count)
    if sum(found.values()):
        st.markdown("督查督办工作办法要求一事一项、任务量化、责任明确、时限具体。下列事项请在台账中改正后重新上传"
                    "（不影响本次统计）：")
        widgets.table(filing_table(result.items), key="filing_table")
    else:
        st.success("所有事项均一事一项、责任明确、时限具体。")

    st.subheader("预览")
    widgets.table(items_for_display(result.items.head(200), PREVIEW), key="preview_table")
    saving.save_button(result, content, upload.name, as_of)

"""Every table of the database, in one place: the stored registers and their audit log, what each register
gave (its analysed week), and the office's accounts, sessions, layouts, templates, marks and reminders sent.

The other storage modules import their tables from here, so none of them imports another to make a table
exist, and ``database.connect`` creates them all from this one ``metadata``.
"""
from __future__ import annotations

import sqlalchemy as sa

from duban.columns import DEPARTMENTS, ITEMS

metadata = sa.MetaData()

registers = sa.Table(
    "registers", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("as_of", sa.Date, nullable=False, index=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("is_current", sa.Boolean, nullable=False),
    sa.Column("filename", sa.Text, nullable=False),  # an uploaded file's name: any length
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("saved_by", sa.String(100), nullable=False),
    sa.Column("saved_at", sa.DateTime, nullable=False),
    sa.Column("content", sa.LargeBinary, nullable=False),
    sa.UniqueConstraint("as_of", "version"),
)
# At most one current version per week, guaranteed by the database itself (a partial unique index).
ONE_CURRENT = sa.Index("one_current_version_per_week", registers.c.as_of, unique=True,
                       sqlite_where=registers.c.is_current, postgresql_where=registers.c.is_current)
audit_log = sa.Table(
    "audit_log", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", sa.DateTime, nullable=False, index=True),
    sa.Column("user", sa.String(100), nullable=False),
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("detail", sa.Text, nullable=False, default=""),
)

# --- what each stored register gave under the rules of rules_key -------------------------------------------
# The SQL type of each kind of registered column (duban.columns); a list is stored joined with 、
SQL_TYPES = {"text": sa.Text, "code": sa.String(40), "int": sa.Integer, "float": sa.Float, "bool": sa.Boolean,
             "date": sa.Date, "list": sa.Text}
ITEM_COLUMNS = {c.name: SQL_TYPES[c.kind] for c in ITEMS if c.stored}
DEPARTMENT_COLUMNS = {c.name: SQL_TYPES[c.kind] for c in DEPARTMENTS if c.stored and c.name != "dept"}
FIGURE_COLUMNS = {"total": sa.Integer, "done": sa.Integer, "completion_rate": sa.Float, "on_time_rate": sa.Float,
                  "overdue_open": sa.Integer, "near_due": sa.Integer}


def _register_id() -> sa.Column:
    return sa.Column("register_id", sa.Integer, sa.ForeignKey("registers.id"), nullable=False, index=True)


analysed_weeks = sa.Table(
    "analysed_weeks", metadata,
    sa.Column("register_id", sa.Integer, sa.ForeignKey("registers.id"), primary_key=True),
    sa.Column("rules_key", sa.String(64), nullable=False),
    sa.Column("computed_at", sa.DateTime, nullable=False),
)
week_figures = sa.Table(  # scope "": every item; otherwise the items of that 分管领导
    "week_figures", metadata, _register_id(), sa.Column("scope", sa.Text, nullable=False),
    *(sa.Column(name, kind) for name, kind in FIGURE_COLUMNS.items()))
week_departments = sa.Table(
    "week_departments", metadata, _register_id(), sa.Column("dept", sa.Text, nullable=False),
    *(sa.Column(name, kind) for name, kind in DEPARTMENT_COLUMNS.items()))
week_items = sa.Table(
    "week_items", metadata, sa.Column("id", sa.Integer, primary_key=True), _register_id(),
    sa.Column("item_key", sa.String(300), nullable=False, index=True),
    *(sa.Column(name, kind) for name, kind in ITEM_COLUMNS.items()))
week_issues = sa.Table(
    "week_issues", metadata, sa.Column("id", sa.Integer, primary_key=True), _register_id(),
    *(sa.Column(name, sa.Text) for name in ("sheet", "column", "value", "severity", "message")),
    sa.Column("row", sa.Integer))
PER_WEEK = (week_figures, week_departments, week_items, week_issues, analysed_weeks)

# --- the office's own records -------------------------------------------------------------------------------
accounts_table = sa.Table(
    "accounts", metadata,
    sa.Column("name", sa.String(100), primary_key=True),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("password_hash", sa.String(100), nullable=False),
    sa.Column("leader", sa.Text, nullable=True),  # a 分管领导 name as the registers write it
    sa.Column("failures", sa.Integer, nullable=False, default=0),  # attempts taken since the last success
    sa.Column("locked_until", sa.DateTime, nullable=True),
)
sessions_table = sa.Table(
    "sign_in_sessions", metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("name", sa.String(100), nullable=False, index=True),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("expires_at", sa.DateTime, nullable=False),
)
column_layouts = sa.Table(
    "column_layouts", metadata,
    sa.Column("key", sa.String(32), primary_key=True),
    sa.Column("headers", sa.Text, nullable=False),  # JSON list of the header texts, for the page to show
    sa.Column("mapping", sa.Text, nullable=False),  # JSON object: cleaned header text -> role (null: unused)
    sa.Column("saved_by", sa.String(100), nullable=False),
    sa.Column("saved_at", sa.DateTime, nullable=False),
)
document_templates = sa.Table(
    "document_templates", metadata,
    sa.Column("kind", sa.String(20), primary_key=True),
    sa.Column("filename", sa.String(255), nullable=False),
    sa.Column("content", sa.LargeBinary, nullable=False),
    sa.Column("saved_by", sa.String(100), nullable=False),
    sa.Column("saved_at", sa.DateTime, nullable=False),
)
item_marks = sa.Table(
    "item_marks", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("item_key", sa.String(300), nullable=False, index=True),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("text", sa.Text, nullable=False, default=""),
    sa.Column("by", sa.String(100), nullable=False),
    sa.Column("at", sa.DateTime, nullable=False),
)
reminders_sent = sa.Table(
    "reminders_sent", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("target", sa.Text, nullable=False),
    sa.Column("item_key", sa.String(300), nullable=False),
    sa.Column("stage", sa.String(40), nullable=False),
    sa.Column("day", sa.Date, nullable=False, index=True),
    sa.Column("sent_at", sa.DateTime, nullable=False),
    sa.UniqueConstraint("target", "item_key", "stage", "day"),
)

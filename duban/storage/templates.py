"""The office's own document templates, one per kind, in the database (the shipped default when none)."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from duban.output.documents import TITLES, check_template, default_template
from duban.storage import database
from duban.storage.tables import document_templates

TEMPLATE_FILE_MAX = 20 * 1024 * 1024  # a letter template is tens of KB

def template_for(engine: sa.Engine, kind: str) -> bytes:
    """The template the office uploaded for a kind (督办, 催办, 通报), else the shipped one."""
    with engine.connect() as conn:
        stored = conn.execute(sa.select(document_templates.c.content)
                              .where(document_templates.c.kind == kind)).scalar()
    return stored if stored is not None else default_template(kind)


def uploaded(engine: sa.Engine, kind: str) -> tuple[str, dt.datetime, str] | None:
    """(file name, when, by whom) of the office's template for a kind, None while the default is used."""
    with engine.connect() as conn:
        row = conn.execute(sa.select(document_templates.c.filename, document_templates.c.saved_at,
                                     document_templates.c.saved_by).where(document_templates.c.kind == kind)).first()
    return tuple(row) if row else None


def save_template(engine: sa.Engine, kind: str, content: bytes, filename: str, by: str) -> None:
    """Check and store the office's template for a kind (DocumentError names what is wrong)."""
    check_template(kind, content)
    now = dt.datetime.now()
    with engine.begin() as conn:
        conn.execute(document_templates.delete().where(document_templates.c.kind == kind))
        conn.execute(document_templates.insert().values(kind=kind, filename=filename, content=content, saved_by=by,
                                                        saved_at=now))
        database.audit(conn, by, "template", f"{TITLES[kind]}模板：{filename}", at=now)


def reset_template(engine: sa.Engine, kind: str, by: str) -> None:
    """Go back to the shipped template for a kind."""
    now = dt.datetime.now()
    with engine.begin() as conn:
        conn.execute(document_templates.delete().where(document_templates.c.kind == kind))
        database.audit(conn, by, "template", f"{TITLES[kind]}模板恢复为默认", at=now)

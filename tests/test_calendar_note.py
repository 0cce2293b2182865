"""The notice of years the official calendar does not cover: one compact line, once per session."""
from __future__ import annotations

NOTE = "法定节假日尚未录入"


def _notes(app) -> list[str]:
    captions = [c.value for c in app.caption if NOTE in c.value]
    return captions + [w.value for w in app.warning if "不在法定节假日" in w.value]


def test_the_calendar_note_is_one_line_shown_once_per_session(open_page, no_failure):
    app = open_page("app_pages/overview.py")
    no_failure(app)
    first = _notes(app)
    assert len(first) == 1 and "按周一至周五" in first[0]
    app.switch_page("app_pages/departments.py").run()
    no_failure(app)
    assert _notes(app) == []


def test_a_leader_gets_the_line_only_when_an_item_they_see_is_due_in_an_uncovered_year(open_page, no_failure):
    app = open_page("app_pages/overview.py", role="leader", leader="张志强")  # no open item of his is due in 2027
    no_failure(app)
    assert _notes(app) == []
    other = open_page("app_pages/overview.py", role="leader", leader="胡春生")  # two of 胡春生's are
    no_failure(other)
    notes = _notes(other)
    assert len(notes) == 1 and "涉及2027年" in notes[0]

"""Pieces several documents share: a session, a deadline, a case's line.

This module owns turning the objects of ``sessions`` and the deadline
evaluator into the plain dictionaries templates print (``session_view``,
``deadline_view``, ``case_line``): dates in the document's language,
values in words, case data read through ``sessions.visible_data`` so that
a confidential field is redacted before it reaches a template.

It leaves each document's own context to ``papers`` and ``report``, and
rendering to ``templating``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from caseflow.case import Case
from caseflow.deadlines import Deadline
from caseflow.render.documents.labels import HEADINGS, WEEKDAYS, value_text
from caseflow.sessions import Bindings, Session, WorkflowLike, day_text, visible_data
from caseflow.times import local_time, zone

__all__ = ["case_line", "deadline_view", "now_at", "session_view"]


def session_view(session: Session, lang: str) -> dict[str, Any]:
    """A session as templates print it: dates, weekday and status in words."""
    return {
        "title": session.title(lang),
        "date": day_text(session.date, lang),
        "weekday": WEEKDAYS[lang][session.date.weekday()],
        "nominal": day_text(session.nominal, lang),
        "moved": session.moved,
        "kind": value_text(session.kind, lang=lang),
        "status": value_text(session.status, lang=lang),
        "reason": session.reason,
        "time": session.time.strftime("%H:%M") if session.time else None,
        "place": " ".join(session.place.split()) if session.place else None,
        "contact": session.contact,
        "chair": session.chair,
        "provisional": session.provisional,
    }


def deadline_view(deadline: Deadline, lang: str) -> dict[str, Any]:
    """A deadline as templates print it: its name, due date, status and explanation."""
    due = deadline.due_date
    status = value_text(deadline.status, lang=lang)
    if deadline.status == "met" and deadline.late:
        status = HEADINGS["late"].get(lang)
    return {
        "name": deadline.label.get(lang) if deadline.label else deadline.name,
        "due": day_text(due, lang) if due is not None else "—",
        "status": status,
        "explain": deadline.explain(lang),
    }


def case_line(
    wf: WorkflowLike, case: Case, for_role: str | None, lang: str, bindings: Bindings
) -> dict[str, Any]:
    """A case's line in a table: id, kind and summary (as ``for_role`` may see them), state."""
    shown = visible_data(wf, case, for_role=for_role, lang=lang)
    return {
        "id": case.id,
        "kind": value_text(shown.get(bindings.kind), lang=lang),
        "summary": shown.get(bindings.summary) or "—",
        "state": wf.label(case.state, lang),
    }


def now_at(wf: WorkflowLike, now: Any) -> dt.datetime:
    """``now`` as an aware time on the workflow's wall clock (converted if written elsewhere)."""
    return local_time(now, zone(wf.spec.timezone), what="now")

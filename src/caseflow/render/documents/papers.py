"""The papers of a reception's sessions, one function per document.

This module owns what each session document says, as a template context:
the year's session calendar (``session_calendar``), the docket with its
reasons and brief due dates (``docket_document``), the brief on a case for
the chair (báo cáo vụ việc, ``case_brief``), the invitation list (giấy
mời, ``invitation_document``) and the conclusion notice (thông báo kết
luận, ``conclusion_notice``). Headings are bilingual (Vietnamese /
English); the body follows ``lang``.

It leaves choosing cases, the invitation list and redaction to
``sessions``, the pieces every document shares to ``views``, the report
upward to ``report``, and rendering (with its second redaction pass) to
``templating``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from caseflow.case import Case
from caseflow.deadlines import Deadline
from caseflow.definition import Label
from caseflow.errors import InputError
from caseflow.render.documents.labels import HEADINGS, value_text
from caseflow.render.documents.templating import (
    Document,
    check_lang,
    render_document,
    role_suffix,
)
from caseflow.render.documents.views import case_line, deadline_view, now_at, session_view
from caseflow.sessions import (
    RECEPTION,
    Bindings,
    DocketEntry,
    DocketSelection,
    Session,
    WorkflowLike,
    day_text,
    docket_cases,
    invitation_list,
    visible_data,
)
from caseflow.times import local_day, local_time

__all__ = [
    "case_brief",
    "conclusion_notice",
    "docket_document",
    "invitation_document",
    "session_calendar",
]


def _brief_deadlines(wf: WorkflowLike, case: Case, now: dt.datetime) -> list[Deadline]:
    """The case's deadlines counted from its session (the brief, the invitations...):
    anchored on a session, or on the date field the docket records the session in."""
    docket = wf.spec.docket
    field = docket.session_field if docket is not None else None
    return [
        d
        for d in wf.deadlines(case, now=now)
        if d.rule.anchor.kind == "session"
        or (d.rule.anchor.kind == "field" and d.rule.anchor.name == field)
    ]


def session_calendar(
    wf: WorkflowLike, sessions: Sequence[Session], *, year: int, lang: str = "vi"
) -> Document:
    """The year's sessions: dates, moves and why, place and contact."""
    check_lang(lang)
    rows = [session_view(s, lang) for s in sessions]
    title = Label(
        vi=f"{HEADINGS['calendar'].vi} năm {year}", en=f"{HEADINGS['calendar'].en} {year}"
    )
    first = sessions[0] if sessions else None
    return render_document(
        "calendar",
        {
            "rows": rows,
            "place": session_view(first, lang)["place"] if first else None,
            "contact": first.contact if first else None,
        },
        wf=wf,
        title=title,
        name=f"calendar-{year}",
        for_role=None,
        lang=lang,
        cases=(),
    )


def docket_document(
    wf: WorkflowLike,
    selection: DocketSelection,
    cases: Iterable[Case],
    *,
    now: Any,
    for_role: str | None = None,
    lang: str = "vi",
    bindings: Bindings = RECEPTION,
) -> Document:
    """The session's docket: the cases chosen with their reasons and brief due
    dates, the cases already on it, and the cases not reached with what waiting
    means for their deadlines."""
    check_lang(lang)
    at = now_at(wf, now)
    by_id = {c.id: c for c in cases}
    involved = [by_id[e.case_id] for e in selection.entries if e.case_id in by_id]
    involved += [by_id[i] for i in selection.already if i in by_id]

    def line(case_id: str) -> dict[str, Any]:
        case = by_id.get(case_id)
        if case is None:
            return {"id": case_id, "kind": "—", "summary": "—", "state": "—", "briefs": []}
        view = case_line(wf, case, for_role, lang, bindings)
        view["briefs"] = [deadline_view(d, lang) for d in _brief_deadlines(wf, case, at)]
        return view

    def ranked(entry: DocketEntry) -> dict[str, Any]:
        return {
            **line(entry.case_id),
            "rank": entry.rank,
            "why": entry.basis(lang),
            "explain": entry.explain(lang),
        }

    selected = [ranked(e) for e in selection.selected]
    waiting = [ranked(e) for e in selection.waiting]
    already = [line(i) for i in selection.already]
    session = selection.session
    title = Label(
        vi=f"{HEADINGS['docket'].vi} ngày {day_text(session.date, 'vi')}",
        en=f"{HEADINGS['docket'].en} of {day_text(session.date, 'en')}",
    )
    return render_document(
        "docket",
        {
            "session": session_view(session, lang),
            "capacity": selection.capacity,
            "dry_run": selection.dry_run,
            "selected": selected,
            "waiting": waiting,
            "already": already,
        },
        wf=wf,
        title=title,
        name=f"docket-{session.date.isoformat()}{role_suffix(for_role)}",
        for_role=for_role,
        lang=lang,
        cases=involved,
    )


def _time_text(value: Any, tz: dt.tzinfo, lang: str) -> str:
    """A datetime field's value on the workflow's wall clock (as stored, if redacted)."""
    try:
        at = local_time(value, tz)
    except InputError:  # a redacted value is a placeholder, not a time
        return value_text(value, lang=lang)
    return f"{day_text(at.date(), lang)} {at:%H:%M}"  # .date(): ``at`` is already local


def _date_value(value: object, lang: str) -> str:
    """A date field's ISO text as the document's language writes dates (17/03/2026 in vi)."""
    if isinstance(value, str) and len(value) == 10:
        try:
            return day_text(dt.date.fromisoformat(value), lang)
        except ValueError:
            pass
    return value_text(value, lang=lang)


def case_brief(
    wf: WorkflowLike,
    case: Case,
    *,
    session: Session | None,
    now: Any,
    for_role: str | None = None,
    lang: str = "vi",
    why: str | None = None,
    bindings: Bindings = RECEPTION,
) -> Document:
    """The brief on one case for the session's chair: particulars, history, deadlines."""
    check_lang(lang)
    at = now_at(wf, now)
    tz = at.tzinfo
    assert tz is not None  # now_at gives a time in the workflow's zone
    shown = visible_data(wf, case, for_role=for_role, lang=lang)
    fields = [
        {
            "label": f.label.get(lang) if f.label else f.name,
            "value": _time_text(shown[f.name], tz, lang)
            if f.type == "datetime"
            else _date_value(shown[f.name], lang)
            if f.type == "date"
            else value_text(shown[f.name], lang=lang),
        }
        for f in wf.spec.fields
        if shown.get(f.name) is not None
    ]
    # In Vietnamese, steps and actors by their labels (not codes such as
    # "screen" or "demo.reception_officer"); English keeps the codes.
    steps = {t.trigger: t.label for t in wf.spec.transitions if t.label is not None}
    roles = {r.name: r.label for r in wf.spec.roles if r.label is not None}
    vi = lang == "vi"
    history = [
        {
            "date": day_text(local_day(e.at, tz), lang),
            "step": steps[e.trigger].vi if vi and e.trigger in steps else e.trigger,
            "from": wf.label(e.source, lang) if e.source else "—",
            "to": wf.label(e.dest, lang),
            "actor": (roles[e.role].vi if e.role in roles else "—") if vi else e.actor,
            "note": e.note,
        }
        for e in case.history
        if e.at <= at
    ]
    deadlines = [deadline_view(d, lang) for d in wf.deadlines(case, now=at)]
    title = Label(vi=f"{HEADINGS['brief'].vi} {case.id}", en=f"{HEADINGS['brief'].en} {case.id}")
    return render_document(
        "brief",
        {
            "case": case_line(wf, case, for_role, lang, bindings),
            "session": session_view(session, lang) if session is not None else None,
            "why": why,
            "fields": fields,
            "history": history,
            "deadlines": deadlines,
        },
        wf=wf,
        title=title,
        name=f"brief-{case.id}{role_suffix(for_role)}",
        for_role=for_role,
        lang=lang,
        cases=[case],
    )


def invitation_document(
    wf: WorkflowLike,
    session: Session,
    cases: Iterable[Case],
    *,
    for_role: str | None = None,
    lang: str = "vi",
    bindings: Bindings = RECEPTION,
) -> Document:
    """Who is invited to the session: citizens, agencies and wards concerned, standing attendees."""
    check_lang(lang)
    items = list(cases)
    invitees = invitation_list(wf, session, items, for_role=for_role, lang=lang, bindings=bindings)

    def view(kind: str) -> list[dict[str, Any]]:
        return [
            {"name": i.name, "cases": ", ".join(i.cases), "details": list(i.details)}
            for i in invitees
            if i.kind == kind
        ]

    title = Label(
        vi=f"{HEADINGS['invitations'].vi} ngày {day_text(session.date, 'vi')}",
        en=f"{HEADINGS['invitations'].en}: session of {day_text(session.date, 'en')}",
    )
    return render_document(
        "invitations",
        {
            "session": session_view(session, lang),
            "citizens": view("citizen"),
            "concerned": view("concerned"),
            "standing": view("standing"),
        },
        wf=wf,
        title=title,
        name=f"invitations-{session.date.isoformat()}{role_suffix(for_role)}",
        for_role=for_role,
        lang=lang,
        cases=docket_cases(wf, session, items),
    )


def conclusion_notice(
    wf: WorkflowLike,
    session: Session,
    cases: Iterable[Case],
    *,
    for_role: str | None = None,
    lang: str = "vi",
    recipients: Sequence[str] = (),
    bindings: Bindings = RECEPTION,
) -> Document:
    """The conclusions of the session on each case heard there (thông báo kết luận).

    A case concluded (``bindings.conclude``) shows its outcome, the
    conclusion and, when directed to an agency, the agency and its due
    date; a case continued for review shows the note of that step.
    """
    check_lang(lang)
    heard = [
        c
        for c in docket_cases(wf, session, cases)
        if any(e.dest == bindings.heard for e in c.history)
    ]
    rows = []
    for case in heard:
        shown = visible_data(wf, case, for_role=for_role, lang=lang)
        line = case_line(wf, case, for_role, lang, bindings)
        concluded = [e for e in case.history if e.trigger == bindings.conclude]
        continued = [e for e in case.history if e.trigger == bindings.continue_review]
        if concluded:
            outcome = shown.get(bindings.outcome)
            text = shown.get(bindings.conclusion)
        elif continued:
            outcome, text = "continued", continued[-1].note
        else:
            outcome, text = None, None
        due = shown.get(bindings.agency_due)
        rows.append(
            {
                **line,
                "outcome": value_text(outcome, lang=lang) if outcome else "—",
                "conclusion": text or "—",
                "agency": shown.get(bindings.agency) if outcome == "directed_to_agency" else None,
                # A date field holds a day, not an instant: no zone to apply.
                "agency_due": day_text(dt.date.fromisoformat(due), lang)
                if outcome == "directed_to_agency" and isinstance(due, str) and len(due) == 10
                else None,
            }
        )
    title = Label(
        vi=f"{HEADINGS['notice'].vi} buổi tiếp công dân ngày {day_text(session.date, 'vi')}",
        en=f"{HEADINGS['notice'].en}: session of {day_text(session.date, 'en')}",
    )
    return render_document(
        "notice",
        {"session": session_view(session, lang), "rows": rows, "recipients": list(recipients)},
        wf=wf,
        title=title,
        name=f"notice-{session.date.isoformat()}{role_suffix(for_role)}",
        for_role=for_role,
        lang=lang,
        cases=heard,
    )

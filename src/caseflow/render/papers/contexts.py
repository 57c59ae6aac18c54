"""What each paper says: invitation letters, brief, conclusion notices, report, calendar.

This module owns the template context of each kind of paper, from the
objects of ``caseflow.sessions`` and the workflow's own words (labels of
its states, steps, roles and fields): one invitation letter per invitee
(``invitation_papers``), the brief on a case for the session's chair
(``brief_paper``), the conclusion notice of a session and of each case
(``notice_papers``), the periodic report (``report_paper``) and the
published session calendar (``calendar_paper``). Dates are dd/mm/yyyy;
values are shown by their labels, never as raw codes; the Vietnamese
sentences are the templates'. Rendering, numbering and redaction are
``docx``'s.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from caseflow.case import Case
from caseflow.render.documents.labels import WEEKDAYS, value_text
from caseflow.render.papers.docx import Numbers, Paper, render_paper
from caseflow.render.papers.formats import body_date, clock_text
from caseflow.sessions import (
    RECEPTION,
    REDACTED,
    Bindings,
    Period,
    Session,
    WorkflowLike,
    docket_cases,
    invitation_list,
    summarise,
    visible_data,
)
from caseflow.times import local_day, zone

__all__ = [
    "brief_paper",
    "calendar_paper",
    "invitation_papers",
    "notice_papers",
    "report_paper",
    "session_mode",
]


def session_mode(session: Session) -> tuple[str, str | None, str | None]:
    """The session's mode, meeting link and joining instructions (in person when it says none)."""
    mode = getattr(session, "mode", None) or "in_person"
    return mode, getattr(session, "meeting_link", None), getattr(session, "join", None)


def _session(session: Session) -> dict[str, Any]:
    mode, link, join = session_mode(session)
    return {
        "date": body_date(session.date),
        "session_date": body_date(session.date),
        "weekday": WEEKDAYS["vi"][session.date.weekday()],
        "hour": clock_text(session.time) if session.time else "",
        "place": " ".join(session.place.split()) if session.place else "",
        "contact": session.contact or "",
        "chair": session.chair or "",
        "ad_hoc": session.kind == "ad_hoc",
        "mode": mode,
        "meeting_link": link or "",
        "join": join or "",
    }


def date_text(value: Any) -> str:
    if isinstance(value, str) and len(value) == 10:
        try:
            return body_date(dt.date.fromisoformat(value))
        except ValueError:
            return value
    return value_text(value, lang="vi")


def _addressee(wf: WorkflowLike, name: str, cases: Sequence[Case], for_role: str | None) -> str:
    """How a letter addresses ``name``: as ``documents.addressees`` says for the field naming it."""
    docs = wf.spec.documents
    for field, text in docs.addressees if docs is not None else ():
        for case in cases:
            value = visible_data(wf, case, for_role=for_role, lang="vi").get(field)
            if value == name or (isinstance(value, (list, tuple)) and name in value):
                return text.format(value=name)
    return name


def invitation_papers(
    wf: WorkflowLike,
    session: Session,
    cases: Iterable[Case],
    *,
    issued_on: dt.date,
    for_role: str | None = None,
    numbers: Numbers | None = None,
    name_field: str = "petitioner_name",
    bindings: Bindings = RECEPTION,
) -> list[Paper]:
    """One invitation letter (giấy mời) per invitee: each citizen, agency, ward, standing attendee.

    A citizen's letter names them (``name_field``) only when ``for_role``
    reads it, and says what to bring; every letter gives the date, time,
    place (and, for an online or hybrid session, the link and how to join)
    and the contact. Each letter is numbered in the register under a key
    made of the session and the invitee (the case id for a citizen, never
    their name).
    """
    items = list(cases)
    on_docket = docket_cases(wf, session, items)
    by_id = {c.id: c for c in on_docket}
    invitees = invitation_list(wf, session, items, for_role=for_role, lang="vi", bindings=bindings)
    common = _session(session)
    papers = []
    for index, invitee in enumerate(invitees, start=1):
        involved = [by_id[i] for i in invitee.cases if i in by_id] or on_docket
        if invitee.kind == "citizen":
            case = involved[0]
            shown = visible_data(wf, case, for_role=for_role, lang="vi")
            name = shown.get(name_field)
            readable = isinstance(name, str) and name not in ("", None) and for_role is not None
            addressee = f"Ông (Bà) {name}" if readable else invitee.name
            matters = f"{case.id}: {shown.get(bindings.summary) or '—'}"
            who = case.id
        else:
            addressee = _addressee(wf, invitee.name, involved, for_role)
            matters = ", ".join(invitee.cases or tuple(c.id for c in on_docket))
            who = invitee.name
        context = {
            **common,
            "addressee": addressee,
            "citizen": invitee.kind == "citizen",
            "concerned": invitee.kind == "concerned",
            "matters": matters,
        }
        papers.append(
            render_paper(
                wf,
                "invitation",
                context,
                name=f"giay-moi-{session.date.isoformat()}-{index:02d}"
                + (f".{for_role}" if for_role else ""),
                key=f"invitation:{session.date.isoformat()}:{invitee.kind}:{who}",
                issued_on=issued_on,
                cases=involved,
                for_role=for_role,
                numbers=numbers,
            )
        )
    return papers


def brief_paper(
    wf: WorkflowLike,
    case: Case,
    *,
    session: Session,
    issued_on: dt.date,
    now: dt.datetime,
    why: str | None = None,
    for_role: str | None = None,
    numbers: Numbers | None = None,
    bindings: Bindings = RECEPTION,
) -> Paper:
    """The brief on one case for the session's chair: particulars, history, deadlines, why."""
    spec = wf.spec
    tz = zone(spec.timezone)
    shown = visible_data(wf, case, for_role=for_role, lang="vi")
    fields = []
    for f in spec.fields:
        value = shown.get(f.name)
        if value is None or value == REDACTED.get("vi") or f.type == "datetime":
            continue  # what the reader may not see is left out, not shown as a mark
        if f.type == "choice" and not (
            isinstance(value, str) and value_text(value, lang="vi") != value
        ):
            continue  # a code without a label in words is not shown raw
        text = date_text(value) if f.type == "date" else value_text(value, lang="vi")
        fields.append({"label": f.label.get("vi") if f.label else f.name, "value": text})
    steps = {t.trigger: t for t in spec.transitions}
    roles = {r.name: r for r in spec.roles}
    history = []
    for e in case.history:
        if e.at > now:
            continue
        step = steps.get(e.trigger)
        role = roles.get(e.role or "")
        history.append(
            {
                "date": body_date(local_day(e.at, tz)),
                "step": step.label.get("vi") if step and step.label else wf.label(e.dest, "vi"),
                "to": wf.label(e.dest, "vi"),
                "actor": role.label.get("vi") if role and role.label else "—",
            }
        )
    deadlines = [
        {
            "name": d.label.get("vi") if d.label else d.name,
            "due": body_date(d.due_date) if d.due_date else "—",
            "status": value_text(d.status, lang="vi"),
        }
        for d in wf.deadlines(case, now=now)
    ]
    context = {
        **_session(session),
        "case_id": case.id,
        "kind": value_text(shown.get(bindings.kind), lang="vi"),
        "fields": fields,
        "history": history,
        "deadlines": deadlines,
        # A sentence of its own in the paper: it starts with a capital.
        "why": why[:1].upper() + why[1:] if why else "—",
    }
    return render_paper(
        wf,
        "brief",
        context,
        name=f"bao-cao-{case.id}" + (f".{for_role}" if for_role else ""),
        key=f"brief:{session.date.isoformat()}:{case.id}",
        issued_on=issued_on,
        cases=[case],
        for_role=for_role,
        numbers=numbers,
    )


def _notice_rows(
    wf: WorkflowLike, cases: Sequence[Case], for_role: str | None, bindings: Bindings
) -> list[dict[str, Any]]:
    rows = []
    for case in cases:
        shown = visible_data(wf, case, for_role=for_role, lang="vi")
        concluded = [e for e in case.history if e.trigger == bindings.conclude]
        continued = [e for e in case.history if e.trigger == bindings.continue_review]
        if concluded:
            outcome, text = shown.get(bindings.outcome), shown.get(bindings.conclusion)
        elif continued:
            outcome, text = "continued", continued[-1].note
        else:
            outcome, text = None, None
        directed = outcome == "directed_to_agency"
        due = shown.get(bindings.agency_due)
        rows.append(
            {
                "id": case.id,
                "kind": value_text(shown.get(bindings.kind), lang="vi"),
                "summary": str(shown.get(bindings.summary) or "—").rstrip("."),
                "conclusion": str(text or value_text(outcome, lang="vi")).rstrip("."),
                "agency": shown.get(bindings.agency) if directed else None,
                "agency_due": date_text(due) if directed and due else "",
            }
        )
    return rows


def notice_papers(
    wf: WorkflowLike,
    session: Session,
    cases: Iterable[Case],
    *,
    issued_on: dt.date,
    for_role: str | None = None,
    numbers: Numbers | None = None,
    bindings: Bindings = RECEPTION,
) -> list[Paper]:
    """The conclusion notice of the session (all cases heard), then one notice per case heard."""
    heard = [
        c
        for c in docket_cases(wf, session, list(cases))
        if any(e.dest == bindings.heard for e in c.history)
    ]
    if not heard:
        return []
    rows = _notice_rows(wf, heard, for_role, bindings)
    common = _session(session)
    suffix = f".{for_role}" if for_role else ""
    day = session.date.isoformat()
    papers = [
        render_paper(
            wf,
            "notice",
            {**common, "rows": rows, "case_id": ""},
            name=f"thong-bao-ket-luan-{day}{suffix}",
            key=f"notice:{day}",
            issued_on=issued_on,
            cases=heard,
            for_role=for_role,
            numbers=numbers,
        )
    ]
    for case, row in zip(heard, rows, strict=True):
        papers.append(
            render_paper(
                wf,
                "notice",
                {**common, "rows": [row], "case_id": case.id},
                name=f"thong-bao-ket-luan-{day}-{case.id}{suffix}",
                key=f"notice:{day}:{case.id}",
                issued_on=issued_on,
                cases=[case],
                for_role=for_role,
                numbers=numbers,
            )
        )
    return papers


def report_paper(
    wf: WorkflowLike,
    cases: Iterable[Case],
    period: Period | str,
    *,
    now: Any,
    issued_on: dt.date,
    sessions: Sequence[Session] = (),
    numbers: Numbers | None = None,
    bindings: Bindings = RECEPTION,
) -> Paper:
    """The periodic report upward, with its "Tổng cộng" rows and the sessions counted by mode."""
    items = list(cases)
    chosen = Period.parse(period)
    summary = summarise(wf, items, chosen, now=now, sessions=sessions, bindings=bindings)
    labels = {r.name: r.label.get("vi") for r in wf.spec.deadlines if r.label is not None}

    def counts(t: Any) -> dict[str, int]:
        return {"on_time": t.on_time, "late": t.late, "overdue": t.overdue, "running": t.running}

    modes = Counter(session_mode(s)[0] for s, _n in summary.sessions)
    by_mode = ", ".join(
        f"{n} {value_text(m, lang='vi') if m != 'in_person' else 'trực tiếp'}"
        for m, n in sorted(modes.items())
    )
    context = {
        "period": chosen.label("vi"),
        "as_of": body_date(local_day(summary.as_of, zone(wf.spec.timezone))),
        "received": summary.received,
        "by_kind": [{"name": value_text(k, lang="vi"), "count": n} for k, n in summary.by_kind],
        "sessions": [
            {"name": s.title("vi"), "mode": session_mode(s)[0], "count": n}
            for s, n in summary.sessions
        ],
        "sessions_by_mode": by_mode,
        "heard": sum(n for _s, n in summary.sessions),
        "outcomes": [{"name": value_text(k, lang="vi"), "count": n} for k, n in summary.outcomes],
        "outcomes_total": sum(n for _k, n in summary.outcomes),
        "timeliness": [{"name": labels.get(n, n), **counts(t)} for n, t in summary.by_rule],
        "total": counts(summary.timeliness),
    }
    return render_paper(
        wf,
        "report",
        context,
        name=f"bao-cao-{chosen}",
        key=f"report:{chosen}",
        issued_on=issued_on,
        cases=items,
        numbers=numbers,
    )


def calendar_paper(
    wf: WorkflowLike,
    sessions: Sequence[Session],
    *,
    year: int,
    issued_on: dt.date,
    numbers: Numbers | None = None,
) -> Paper:
    """The published calendar of the year's sessions: date, time, mode, and what moved."""
    rows = []
    for number, s in enumerate(sessions, start=1):
        rows.append(
            {
                "number": number,
                "weekday": WEEKDAYS["vi"][s.date.weekday()],
                "date": body_date(s.date),
                "time": f"{s.time:%H:%M}" if s.time else "",
                "mode": session_mode(s)[0],
                "moved": s.moved,
                "cancelled": not s.takes_place,
                "nominal": body_date(s.nominal),
            }
        )
    first = sessions[0] if sessions else None
    context = {
        "year": year,
        "rows": rows,
        "chair": (first.chair if first else None) or "",
        "place": " ".join(first.place.split()) if first and first.place else "",
        "contact": (first.contact if first else None) or "",
    }
    return render_paper(
        wf,
        "calendar",
        context,
        name=f"lich-tiep-cong-dan-{year}",
        key=f"calendar:{year}",
        issued_on=issued_on,
        numbers=numbers,
    )

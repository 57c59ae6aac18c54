"""The documents of a reception month, in Markdown and HTML, from Jinja2 templates.

This module owns turning sessions, dockets and cases into the papers an
office sends: the year's session calendar, the docket with its reasons, the
brief on a case (báo cáo vụ việc), the invitation list (giấy mời), the
conclusion notice (thông báo kết luận) and the periodic report upward
(báo cáo định kỳ). Each is a ``Document`` holding both renderings; choosing
cases, counting and redacting are ``sessions``' work.

Templates live in ``caseflow/templates`` as ``NAME.md.j2`` and
``NAME.html.j2``. Both environments use ``StrictUndefined``, so a misspelt
name in a template fails loudly instead of printing nothing. HTML templates
are autoescaped; in Markdown every printed value is escaped (``|``, ``*``,
``_``, ``<``... and newlines), so a value cannot break a table or inject
markup.

Confidentiality, twice over. Case data reaches a template only through
``sessions.visible_data``, which redacts every confidential field unless
the document is for one of that field's ``readers`` (``for_role``). Then
the rendered text is checked for every confidential value of the cases
involved that the role may not read, in plain, Markdown-escaped and
HTML-escaped form, and each one found is replaced by the redaction mark:
this catches a petitioner's name typed into a summary, a conclusion or a
note. A denunciation's confidential fields (the denouncer's identity) are
therefore never in a document meant for another role.

Headings are bilingual (Vietnamese / English); the body follows ``lang``.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import attrs
import jinja2
import markupsafe

from caseflow.case import Case
from caseflow.deadlines import Deadline
from caseflow.definition import Label
from caseflow.errors import InputError
from caseflow.sessions import (
    RECEPTION,
    REDACTED,
    Bindings,
    DocketSelection,
    Period,
    Session,
    WorkflowLike,
    day_text,
    docket_cases,
    hidden_values,
    invitation_list,
    summarise,
    visible_data,
)
from caseflow.times import to_datetime, zone

__all__ = [
    "HEADINGS",
    "TEMPLATES",
    "VALUE_LABELS",
    "Document",
    "case_brief",
    "conclusion_notice",
    "docket_document",
    "invitation_document",
    "periodic_report",
    "session_calendar",
]

TEMPLATES: Final = Path(__file__).resolve().parents[2] / "templates"
"""Where the ``*.md.j2`` and ``*.html.j2`` templates are."""

L = Label
HEADINGS: Final[Mapping[str, Label]] = {
    "calendar": L(vi="Lịch tiếp công dân", en="Reception calendar"),
    "docket": L(vi="Danh sách vụ việc được chọn tiếp", en="Docket of the session"),
    "brief": L(vi="Báo cáo vụ việc", en="Case brief"),
    "invitations": L(vi="Danh sách mời dự buổi tiếp công dân", en="Invitation list"),
    "notice": L(vi="Thông báo kết luận", en="Conclusion notice"),
    "report": L(vi="Báo cáo định kỳ", en="Periodic report"),
    "session": L(vi="Buổi tiếp", en="Session"),
    "date": L(vi="Ngày", en="Date"),
    "weekday": L(vi="Thứ", en="Weekday"),
    "nominal": L(vi="Ngày theo lịch", en="Scheduled date"),
    "status": L(vi="Tình trạng", en="Status"),
    "reason": L(vi="Lý do", en="Reason"),
    "time": L(vi="Giờ", en="Time"),
    "place": L(vi="Địa điểm", en="Place"),
    "contact": L(vi="Điện thoại liên hệ", en="Contact"),
    "chair": L(vi="Chủ trì", en="Chair"),
    "kind": L(vi="Hình thức", en="Kind"),
    "selected": L(vi="Vụ việc được chọn", en="Cases on the docket"),
    "waiting": L(vi="Vụ việc chưa được chọn", en="Cases not reached"),
    "already": L(vi="Đã xếp từ trước", en="Already on this docket"),
    "rank": L(vi="Thứ tự", en="Rank"),
    "case": L(vi="Vụ việc", en="Case"),
    "petition_kind": L(vi="Loại đơn", en="Kind of petition"),
    "summary": L(vi="Tóm tắt", en="Summary"),
    "why": L(vi="Căn cứ lựa chọn", en="Why"),
    "brief_due": L(vi="Hạn gửi báo cáo", en="Brief due"),
    "deadlines": L(vi="Thời hạn", en="Deadlines"),
    "fields": L(vi="Thông tin vụ việc", en="Case particulars"),
    "history": L(vi="Quá trình xử lý", en="History"),
    "step": L(vi="Bước", en="Step"),
    "from_to": L(vi="Chuyển trạng thái", en="From → to"),
    "actor": L(vi="Người thực hiện", en="Actor"),
    "citizens": L(vi="Công dân", en="Citizens"),
    "concerned": L(vi="Cơ quan, phường - xã liên quan", en="Agencies and wards concerned"),
    "standing": L(vi="Thành phần tham dự", en="Standing attendees"),
    "details": L(vi="Thông tin", en="Details"),
    "outcome": L(vi="Hướng xử lý", en="Outcome"),
    "conclusions": L(vi="Ý kiến kết luận", en="Conclusions"),
    "conclusion": L(vi="Kết luận", en="Conclusion"),
    "agency": L(vi="Cơ quan giải quyết", en="Agency directed"),
    "agency_due": L(vi="Hạn giải quyết, báo cáo", en="Due"),
    "recipients": L(vi="Nơi nhận", en="Distribution"),
    "figures": L(vi="Số liệu", en="Figures"),
    "received": L(vi="Vụ việc tiếp nhận", en="Cases received"),
    "by_kind": L(vi="Theo loại đơn", en="By kind"),
    "reached": L(vi="Vụ việc qua từng bước", en="Cases reaching each step"),
    "outcomes": L(vi="Kết quả sau buổi tiếp", en="Outcomes"),
    "standing_cases": L(vi="Tình trạng cuối kỳ", en="Where cases stand at the end"),
    "timeliness": L(vi="Việc bảo đảm thời hạn", en="Timeliness"),
    "on_time": L(vi="Đúng hạn", en="On time"),
    "late": L(vi="Trễ hạn", en="Late"),
    "overdue": L(vi="Quá hạn chưa xong", en="Overdue"),
    "running": L(vi="Đang trong hạn", en="Running"),
    "rule": L(vi="Thời hạn", en="Deadline"),
    "months": L(vi="Theo tháng", en="Month by month"),
    "month": L(vi="Tháng", en="Month"),
    "heard": L(vi="Đã tiếp", en="Heard"),
    "concluded": L(vi="Đã kết luận", en="Concluded"),
    "closed": L(vi="Đã kết thúc", en="Closed"),
    "sessions": L(vi="Các buổi tiếp", en="Sessions"),
    "count": L(vi="Số lượng", en="Count"),
    "for_role": L(vi="Dành cho", en="For"),
    "everyone": L(vi="phát hành chung", en="general distribution"),
    "redacted_note": L(
        vi="Thông tin bảo mật về người gửi đơn đã được che.",
        en="Confidential information about petitioners is redacted.",
    ),
    "shown_note": L(
        vi="Tài liệu có thông tin bảo mật: chỉ lưu hành trong phạm vi được phép.",
        en="Contains confidential information: for authorised readers only.",
    ),
    "none": L(vi="Không có.", en="None."),
    "as_of": L(vi="Số liệu tính đến", en="Figures as of"),
    "timeliness_note": L(
        vi=(
            "Đúng hạn, trễ hạn: thời hạn hoàn thành trong kỳ; quá hạn, đang trong hạn: "
            "tình trạng vào cuối kỳ."
        ),
        en=(
            "On time and late: deadlines met during the period; overdue and running: "
            "their state at the end of the period."
        ),
    ),
}

VALUE_LABELS: Final[Mapping[str, Label]] = {
    "report": L(vi="Phản ánh", en="Report"),
    "recommendation": L(vi="Kiến nghị", en="Recommendation"),
    "complaint": L(vi="Khiếu nại", en="Complaint"),
    "denunciation": L(vi="Tố cáo", en="Denunciation"),
    "directed_to_agency": L(
        vi="Chỉ đạo cơ quan chức năng giải quyết", en="Directed to the competent agency"
    ),
    "explained": L(vi="Giải thích, hướng dẫn, kết thúc", en="Explained and closed"),
    "continued": L(vi="Tiếp tục xem xét", en="Continued for further review"),
    "regular": L(vi="Định kỳ", en="Regular"),
    "ad_hoc": L(vi="Đột xuất", en="Ad hoc"),
    "held": L(vi="Tổ chức", en="Held"),
    "moved": L(vi="Dời ngày", en="Moved"),
    "cancelled": L(vi="Hủy", en="Cancelled"),
    "skipped": L(vi="Không tổ chức", en="Not held"),
    "pending": L(vi="Còn hạn", en="Pending"),
    "met": L(vi="Đã xong", en="Met"),
    "paused": L(vi="Tạm dừng", en="Paused"),
}
"""Words for the values the documents show (kinds, outcomes, statuses)."""

_WEEKDAYS: Final = {
    "vi": ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_MD_SPECIAL: Final = str.maketrans({c: "\\" + c for c in "\\`*_[]<>#|~"} | {"\n": " ", "\r": " "})


# -- the document ------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Document:
    """A rendered document: its file name stem, its title, and both renderings."""

    name: str
    title: Label
    for_role: str | None
    lang: str
    markdown: str = attrs.field(repr=False)
    html: str = attrs.field(repr=False)

    def write(self, folder: str | Path) -> tuple[Path, Path]:
        """Write ``NAME.md`` and ``NAME.html`` into ``folder`` (created if needed)."""
        out = Path(folder)
        out.mkdir(parents=True, exist_ok=True)
        md, html = out / f"{self.name}.md", out / f"{self.name}.html"
        md.write_text(self.markdown, encoding="utf-8")
        html.write_text(self.html, encoding="utf-8")
        return md, html


def _md_escape(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, markupsafe.Markup):
        return str(value)
    return str(value).translate(_MD_SPECIAL)


def _html_finalize(value: Any) -> Any:
    return "" if value is None else value


@functools.cache
def _environment(kind: str) -> jinja2.Environment:
    common: dict[str, Any] = {
        "loader": jinja2.FileSystemLoader(str(TEMPLATES)),
        "undefined": jinja2.StrictUndefined,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "keep_trailing_newline": True,
    }
    if kind == "html":
        return jinja2.Environment(autoescape=True, finalize=_html_finalize, **common)
    # Markdown has no autoescape: every printed value is escaped on the way out.
    return jinja2.Environment(autoescape=False, finalize=_md_escape, **common)


def _scrub(text: str, hidden: Sequence[str], marker: str, kind: str) -> str:
    for value in hidden:
        forms = {value, _md_escape(value)} if kind == "md" else set()
        forms |= {value, str(markupsafe.escape(value))}
        for form in sorted(forms, key=len, reverse=True):
            if form in text:
                text = text.replace(form, marker)
    return text


def _render(
    stem: str,
    context: Mapping[str, Any],
    *,
    wf: WorkflowLike,
    title: Label,
    name: str,
    for_role: str | None,
    lang: str,
    cases: Iterable[Case],
) -> Document:
    hidden = hidden_values(wf, cases, for_role=for_role)
    marker = REDACTED.get(lang)
    role_label = HEADINGS["everyone"].get(lang)
    if for_role is not None:
        role = next((r for r in wf.spec.roles if r.name == for_role), None)
        role_label = role.label.get(lang) if role is not None and role.label else for_role
    shows = for_role is not None and any(
        f.confidential and for_role in f.readers for f in wf.spec.fields
    )
    base = {
        "h": HEADINGS,
        "lang": lang,
        "title": title,
        "role_label": role_label,
        "confidential_shown": shows,
        "t": lambda label: label.get(lang),
        "bi": _bi,
        "v": functools.partial(_value, lang=lang),
        **context,
    }
    md = _environment("md").get_template(f"{stem}.md.j2").render(base)
    html = _environment("html").get_template(f"{stem}.html.j2").render(base)
    return Document(
        name=name,
        title=title,
        for_role=for_role,
        lang=lang,
        markdown=_scrub(md, hidden, marker, "md"),
        html=_scrub(html, hidden, marker, "html"),
    )


def _check_lang(lang: str) -> None:
    if lang not in ("vi", "en"):
        raise InputError(f"lang={lang!r} must be 'vi' or 'en'")


def _bi(label: Label) -> str:
    return label.vi if label.vi == label.en else f"{label.vi} / {label.en}"


def _value(value: Any, *, lang: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return ("có" if value else "không") if lang == "vi" else ("yes" if value else "no")
    if isinstance(value, str) and value in VALUE_LABELS:
        return VALUE_LABELS[value].get(lang)
    if isinstance(value, (list, tuple)):
        return ", ".join(_value(v, lang=lang) for v in value)
    return str(value)


def _role_suffix(for_role: str | None) -> str:
    return f".{for_role}" if for_role else ""


# -- pieces shared by several documents ------------------------------------------------


def _session_view(session: Session, lang: str) -> dict[str, Any]:
    return {
        "title": session.title(lang),
        "date": day_text(session.date, lang),
        "weekday": _WEEKDAYS[lang][session.date.weekday()],
        "nominal": day_text(session.nominal, lang),
        "moved": session.moved,
        "kind": _value(session.kind, lang=lang),
        "status": _value(session.status, lang=lang),
        "reason": session.reason,
        "time": session.time.strftime("%H:%M") if session.time else None,
        "place": " ".join(session.place.split()) if session.place else None,
        "contact": session.contact,
        "chair": session.chair,
        "provisional": session.provisional,
    }


def _deadline_view(deadline: Deadline, lang: str) -> dict[str, Any]:
    due = deadline.due_date
    status = _value(deadline.status, lang=lang)
    if deadline.status == "met" and deadline.late:
        status = HEADINGS["late"].get(lang)
    return {
        "name": deadline.label.get(lang) if deadline.label else deadline.name,
        "due": day_text(due, lang) if due is not None else "—",
        "status": status,
        "explain": deadline.explain(lang),
    }


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


def _case_line(
    wf: WorkflowLike, case: Case, for_role: str | None, lang: str, bindings: Bindings
) -> dict[str, Any]:
    shown = visible_data(wf, case, for_role=for_role, lang=lang)
    return {
        "id": case.id,
        "kind": _value(shown.get(bindings.kind), lang=lang),
        "summary": shown.get(bindings.summary) or "—",
        "state": wf.label(case.state, lang),
    }


def _at(wf: WorkflowLike, now: Any) -> dt.datetime:
    return to_datetime(now, zone(wf.spec.timezone), what="now")


# -- the documents ---------------------------------------------------------------------------


def session_calendar(
    wf: WorkflowLike, sessions: Sequence[Session], *, year: int, lang: str = "vi"
) -> Document:
    """The year's sessions: dates, moves and why, place and contact."""
    _check_lang(lang)
    rows = [_session_view(s, lang) for s in sessions]
    title = Label(
        vi=f"{HEADINGS['calendar'].vi} năm {year}", en=f"{HEADINGS['calendar'].en} {year}"
    )
    first = sessions[0] if sessions else None
    return _render(
        "calendar",
        {
            "rows": rows,
            "place": _session_view(first, lang)["place"] if first else None,
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
    _check_lang(lang)
    at = _at(wf, now)
    by_id = {c.id: c for c in cases}
    involved = [by_id[e.case_id] for e in selection.entries if e.case_id in by_id]
    involved += [by_id[i] for i in selection.already if i in by_id]

    def line(case_id: str) -> dict[str, Any]:
        case = by_id.get(case_id)
        if case is None:
            return {"id": case_id, "kind": "—", "summary": "—", "state": "—", "briefs": []}
        view = _case_line(wf, case, for_role, lang, bindings)
        view["briefs"] = [_deadline_view(d, lang) for d in _brief_deadlines(wf, case, at)]
        return view

    selected = [
        {**line(e.case_id), "rank": e.rank, "why": e.basis(lang), "explain": e.explain(lang)}
        for e in selection.selected
    ]
    waiting = [
        {**line(e.case_id), "rank": e.rank, "why": e.basis(lang), "explain": e.explain(lang)}
        for e in selection.waiting
    ]
    already = [line(i) for i in selection.already]
    session = selection.session
    title = Label(
        vi=f"{HEADINGS['docket'].vi} ngày {day_text(session.date, 'vi')}",
        en=f"{HEADINGS['docket'].en} of {day_text(session.date, 'en')}",
    )
    return _render(
        "docket",
        {
            "session": _session_view(session, lang),
            "capacity": selection.capacity,
            "dry_run": selection.dry_run,
            "selected": selected,
            "waiting": waiting,
            "already": already,
        },
        wf=wf,
        title=title,
        name=f"docket-{session.date.isoformat()}{_role_suffix(for_role)}",
        for_role=for_role,
        lang=lang,
        cases=involved,
    )


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
    _check_lang(lang)
    at = _at(wf, now)
    shown = visible_data(wf, case, for_role=for_role, lang=lang)
    fields = [
        {
            "label": f.label.get(lang) if f.label else f.name,
            "value": _value(shown[f.name], lang=lang),
        }
        for f in wf.spec.fields
        if shown.get(f.name) is not None
    ]
    history = [
        {
            "date": day_text(e.at.date(), lang),
            "step": e.trigger,
            "from": wf.label(e.source, lang) if e.source else "—",
            "to": wf.label(e.dest, lang),
            "actor": e.actor,
            "note": e.note,
        }
        for e in case.history
        if e.at <= at
    ]
    deadlines = [_deadline_view(d, lang) for d in wf.deadlines(case, now=at)]
    title = Label(vi=f"{HEADINGS['brief'].vi} {case.id}", en=f"{HEADINGS['brief'].en} {case.id}")
    return _render(
        "brief",
        {
            "case": _case_line(wf, case, for_role, lang, bindings),
            "session": _session_view(session, lang) if session is not None else None,
            "why": why,
            "fields": fields,
            "history": history,
            "deadlines": deadlines,
        },
        wf=wf,
        title=title,
        name=f"brief-{case.id}{_role_suffix(for_role)}",
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
    _check_lang(lang)
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
    return _render(
        "invitations",
        {
            "session": _session_view(session, lang),
            "citizens": view("citizen"),
            "concerned": view("concerned"),
            "standing": view("standing"),
        },
        wf=wf,
        title=title,
        name=f"invitations-{session.date.isoformat()}{_role_suffix(for_role)}",
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
    _check_lang(lang)
    heard = [
        c
        for c in docket_cases(wf, session, cases)
        if any(e.dest == bindings.heard for e in c.history)
    ]
    rows = []
    for case in heard:
        shown = visible_data(wf, case, for_role=for_role, lang=lang)
        line = _case_line(wf, case, for_role, lang, bindings)
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
                "outcome": _value(outcome, lang=lang) if outcome else "—",
                "conclusion": text or "—",
                "agency": shown.get(bindings.agency) if outcome == "directed_to_agency" else None,
                "agency_due": day_text(dt.date.fromisoformat(due), lang)
                if outcome == "directed_to_agency" and isinstance(due, str) and len(due) == 10
                else None,
            }
        )
    title = Label(
        vi=f"{HEADINGS['notice'].vi} buổi tiếp công dân ngày {day_text(session.date, 'vi')}",
        en=f"{HEADINGS['notice'].en}: session of {day_text(session.date, 'en')}",
    )
    return _render(
        "notice",
        {"session": _session_view(session, lang), "rows": rows, "recipients": list(recipients)},
        wf=wf,
        title=title,
        name=f"notice-{session.date.isoformat()}{_role_suffix(for_role)}",
        for_role=for_role,
        lang=lang,
        cases=heard,
    )


def periodic_report(
    wf: WorkflowLike,
    cases: Iterable[Case],
    period: Period | str,
    *,
    now: Any,
    sessions: Sequence[Session] = (),
    for_role: str | None = None,
    lang: str = "vi",
    recipients: Sequence[str] = (),
    bindings: Bindings = RECEPTION,
) -> Document:
    """The report upward on a month, quarter, half-year or year (``sessions.summarise``)."""
    _check_lang(lang)
    items = list(cases)
    chosen = Period.parse(period)
    summary = summarise(wf, items, chosen, now=now, sessions=sessions, bindings=bindings)
    rule_labels = {r.name: r.label.get(lang) for r in wf.spec.deadlines if r.label is not None}

    def state(name: str) -> str:
        try:
            return wf.label(name, lang)
        except KeyError:
            return name

    def counts(t: Any) -> dict[str, int]:
        return {"on_time": t.on_time, "late": t.late, "overdue": t.overdue, "running": t.running}

    title = Label(
        vi=f"{HEADINGS['report'].vi} {chosen.label('vi')}",
        en=f"{HEADINGS['report'].en}: {chosen.label('en')}",
    )
    return _render(
        "report",
        {
            "period": chosen.label(lang),
            "as_of": day_text(summary.as_of.date(), lang),
            "received": summary.received,
            "by_kind": [(_value(k, lang=lang), n) for k, n in summary.by_kind],
            "reached": [(state(s), n) for s, n in summary.reached],
            "outcomes": [(_value(k, lang=lang), n) for k, n in summary.outcomes],
            "standing": [(state(s), n) for s, n in summary.standing],
            "timeliness": counts(summary.timeliness),
            "by_rule": [(rule_labels.get(n, n), counts(t)) for n, t in summary.by_rule],
            "months": [
                {
                    "month": m.period.label(lang),
                    "received": m.received,
                    "heard": m.heard,
                    "concluded": m.concluded,
                    "closed": m.closed,
                }
                for m in summary.months
            ]
            if len(summary.months) > 1
            else [],
            "sessions": [(_session_view(s, lang), n) for s, n in summary.sessions],
            "recipients": list(recipients),
        },
        wf=wf,
        title=title,
        name=f"report-{chosen}{_role_suffix(for_role)}",
        for_role=for_role,
        lang=lang,
        cases=items,
    )

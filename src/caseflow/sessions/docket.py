"""Reception sessions: when they sit, which cases they hear, what came of them.

This module owns the month of a reception office as data: ``Session`` (one
sitting, regular or ad hoc), the year's sessions planned from a workflow's
schedules (``plan_sessions``), the docket of a session chosen by the
workflow's ``docket:`` rules and explained case by case (``select_docket``),
the cases that carry over to the next session, the invitation list, the
recording of conclusions, and the figures of a periodic report (``Period``,
``summarise``). It also owns redaction (``visible_data``): every document
reads case data through it.

It leaves session dates to ``recurrence`` (rules, day-off policies,
overrides), due dates to the deadline evaluator (always asked through
``wf.deadlines``, so a session moved by a holiday moves the brief's due date
there, not here), firing to the engine, and documents to
``render.documents``. It does not import ``workflow``: it works on anything
shaped like a ``Workflow`` (``WorkflowLike``), which keeps the layers one-way.

Which case fields and triggers the session functions read beyond the
``docket:`` section (the petition's kind, the outcome, the agency a case is
directed to...) are named by a ``Bindings`` value; the default,
``RECEPTION``, names those of the shipped ``citizen_reception`` workflow.
A field the workflow does not declare is simply absent from documents.

Times are arguments: every function that depends on "now" takes it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final, Literal, Protocol, TypeAlias

import attrs

from caseflow.calendars import WorkingCalendar
from caseflow.case import Case
from caseflow.conditions import Check, GuardContext, RegisteredGuard, compile_condition
from caseflow.deadlines import Deadline
from caseflow.definition import Docket, Field, Label, Priority, Schedule, WorkflowSpec
from caseflow.errors import InputError, TransitionNotAllowed, did_you_mean
from caseflow.recurrence import Occurrence, Status, occurrences, select_schedules
from caseflow.times import to_date, to_datetime, zone

__all__ = [
    "OUTCOMES",
    "RECEPTION",
    "REDACTED",
    "Bindings",
    "Carried",
    "DocketEntry",
    "DocketSelection",
    "Invitee",
    "MonthRow",
    "Period",
    "PeriodSummary",
    "Session",
    "Timeliness",
    "WorkflowLike",
    "ad_hoc_session",
    "carry_over",
    "day_text",
    "docket_cases",
    "hidden_values",
    "invitation_list",
    "may_read",
    "next_session",
    "plan_sessions",
    "rank_cases",
    "record_conclusion",
    "select_docket",
    "session_of",
    "summarise",
    "visible_data",
]

Kind: TypeAlias = Literal["regular", "ad_hoc"]
Outcome: TypeAlias = Literal["directed_to_agency", "explained", "continued"]

OUTCOMES: Final = ("directed_to_agency", "explained", "continued")
"""What a session may conclude on a case: directed to a named agency for
resolution (with its own due date), explained and closed, or continued
(further review before concluding or hearing it again)."""

REDACTED: Final = Label(vi="[bảo mật]", en="[confidential]")
"""What a document shows in place of a confidential value."""

_LOOKAHEAD: Final = 400
"""How many days ``next_session`` looks ahead: a year and a margin, enough
for a monthly schedule that skips a few months."""


class WorkflowLike(Protocol):
    """What the session functions need from a workflow (``caseflow.Workflow`` has it)."""

    @property
    def spec(self) -> WorkflowSpec: ...

    @property
    def calendar(self) -> WorkingCalendar: ...

    def fire(
        self,
        case: Case,
        trigger: str,
        *,
        at: Any,
        actor: str | None = ...,
        role: str | None = ...,
        note: str | None = ...,
        data: Mapping[str, Any] | None = ...,
    ) -> Case: ...

    def deadlines(
        self, case: Case, *, now: Any, calendar: WorkingCalendar | None = ...
    ) -> tuple[Deadline, ...]: ...

    def label(self, state: str, lang: str = ...) -> str: ...


@attrs.frozen(kw_only=True)
class Bindings:
    """Which case fields and triggers the session functions use, beyond ``docket:``.

    The defaults are the names of the shipped ``citizen_reception`` workflow.
    ``concerned`` lists the fields naming the agencies and wards concerned
    (text, or a list of texts), who are invited with the citizen.
    ``agency_due`` is the date field holding the due date given to an agency
    a case is directed to.
    """

    kind: str = "kind"
    summary: str = "summary"
    outcome: str = "outcome"
    conclusion: str = "conclusion"
    agency: str = "competent_body"
    agency_due: str = "agency_due_on"
    session_kind: str = "session_kind"
    invitation_sent: str = "invitation_sent_on"
    concerned: tuple[str, ...] = ("ward", "competent_body")
    conclude: str = "conclude"
    continue_review: str = "continue_review"
    heard: str = "heard"
    concluded: str = "concluded"


RECEPTION: Final = Bindings()
"""The bindings of the shipped citizen-reception workflow."""


# -- dates in words -------------------------------------------------------------


def day_text(day: dt.date, lang: str = "en") -> str:
    """``2026-03-17`` in English, ``17/03/2026`` in Vietnamese."""
    return f"{day:%d/%m/%Y}" if lang == "vi" else day.isoformat()


def _label(label: Label | None, fallback: str, lang: str) -> str:
    return label.get(lang) if label is not None else fallback


# -- sessions -------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Session:
    """One sitting of a reception: when and where, who chairs, and what moved it.

    ``nominal`` is the date the schedule's rule gives (for an ad-hoc session,
    its date); ``date`` is when it is held. ``nominal`` identifies the
    session: it is what a case's ``session_field`` records, so that a move
    (a day off, an override) does not orphan the cases on its docket.
    ``status`` is ``held``, ``moved``, ``cancelled`` or ``skipped`` (see
    ``recurrence``); ``reason`` says why it moved or does not take place.
    """

    schedule: str | None
    date: dt.date
    nominal: dt.date
    kind: Kind = "regular"
    status: Status = "held"
    reason: str | None = None
    time: dt.time | None = None
    place: str | None = None
    contact: str | None = None
    chair: str | None = None
    label: Label | None = None
    provisional: bool = False

    @property
    def key(self) -> str:
        """What a case's ``session_field`` holds for this session: the nominal date."""
        return self.nominal.isoformat()

    @property
    def takes_place(self) -> bool:
        """Whether the session sits (status ``held`` or ``moved``)."""
        return self.status in ("held", "moved")

    @property
    def moved(self) -> bool:
        """Whether it is held on another day than its rule gives."""
        return self.date != self.nominal

    def title(self, lang: str = "en") -> str:
        """E.g. "Regular session of 2026-03-17" or "Tiếp đột xuất ngày 26/03/2026"."""
        when = day_text(self.date, lang)
        if lang == "vi":
            head = "Tiếp định kỳ" if self.kind == "regular" else "Tiếp đột xuất"
            text = f"{head} ngày {when}"
            if self.moved:
                text += f" (theo lịch: {day_text(self.nominal, lang)})"
            return text
        head = "Regular session" if self.kind == "regular" else "Ad-hoc session"
        text = f"{head} of {when}"
        if self.moved:
            text += f" (scheduled for {day_text(self.nominal, lang)})"
        return text


def _from_occurrence(occ: Occurrence, schedule: Schedule, chair: str | None) -> Session:
    return Session(
        schedule=occ.schedule,
        date=occ.date,
        nominal=occ.nominal,
        kind="regular",
        status=occ.status,
        reason=occ.reason,
        time=occ.time,
        place=occ.place,
        contact=occ.contact,
        chair=chair,
        label=schedule.label,
        provisional=occ.provisional,
    )


def plan_sessions(
    wf: WorkflowLike,
    year: int | None = None,
    *,
    start: Any = None,
    end: Any = None,
    schedule: str | None = None,
    chair: str | None = None,
) -> list[Session]:
    """The sessions of the workflow's schedules in ``year``, or from ``start`` to ``end``.

    Day-off policies and overrides are applied (``recurrence.occurrences``);
    sessions that do not take place (cancelled, skipped) are included with
    their reason, so that a calendar can say why a month has none. Sorted by
    date, then schedule. ``schedule`` picks one schedule by name.
    """
    if year is not None:
        if start is not None or end is not None:
            raise InputError("pass either year= or start= and end=, not both")
        if isinstance(year, bool) or not isinstance(year, int) or not 1 <= year <= 9999:
            raise InputError(f"year={year!r} must be a whole number from 1 to 9999")
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    else:
        if start is None or end is None:
            raise InputError("pass year=, or both start= and end=")
        first, last = to_date(start, what="start"), to_date(end, what="end")
    out: list[Session] = []
    for sched in select_schedules(wf.spec.schedules, schedule):
        for occ in occurrences(sched, wf.calendar, first, last):
            out.append(_from_occurrence(occ, sched, chair))
    out.sort(key=lambda s: (s.date, s.schedule or "", s.nominal))
    return out


def ad_hoc_session(
    date: Any,
    *,
    reason: str,
    place: str | None = None,
    chair: str | None = None,
    time: Any = None,
    contact: str | None = None,
) -> Session:
    """An ad-hoc (đột xuất) session on ``date``, arranged for ``reason``."""
    day = to_date(date, what="date")
    if not isinstance(reason, str) or not reason.strip():
        raise InputError("an ad-hoc session needs a reason (why the case cannot wait)")
    clock: dt.time | None
    if time is None or isinstance(time, dt.time):
        clock = time
    else:
        try:
            clock = dt.time.fromisoformat(str(time))
        except ValueError:
            raise InputError(f"time={time!r} is not HH:MM (24-hour)") from None
    return Session(
        schedule=None,
        date=day,
        nominal=day,
        kind="ad_hoc",
        status="held",
        reason=reason,
        time=clock,
        place=place,
        contact=contact,
        chair=chair,
    )


def _docket(wf: WorkflowLike) -> Docket:
    docket = wf.spec.docket
    if docket is None:
        raise InputError(
            f"workflow {wf.spec.name!r} declares no docket (a 'docket:' section naming the "
            "schedule, the eligible states, the select trigger and the session field)"
        )
    return docket


def session_of(wf: WorkflowLike, case: Case, *, chair: str | None = None) -> Session | None:
    """The session a case is on (its ``session_field``), as held; None if it is on none.

    A date that is a nominal date of the docket's schedule gives that
    session, moved or not; any other date is an ad-hoc session on that day.
    """
    docket = _docket(wf)
    value = case.data.get(docket.session_field)
    if value is None:
        return None
    day = to_date(value, what=f"field {docket.session_field!r}")
    for sched in select_schedules(wf.spec.schedules, docket.schedule):
        for occ in occurrences(sched, wf.calendar, day, day):
            if occ.nominal == day and not occ.no_date:
                return _from_occurrence(occ, sched, chair)
    return Session(
        schedule=None,
        date=day,
        nominal=day,
        kind="ad_hoc",
        reason=None,
        chair=chair,
    )


def next_session(
    wf: WorkflowLike, after: Any, *, schedule: str | None = None, chair: str | None = None
) -> Session | None:
    """The first session of ``schedule`` (default: the docket's) held after ``after``."""
    day = to_date(after, what="after")
    if schedule is None:
        schedule = _docket(wf).schedule
    for session in plan_sessions(
        wf,
        start=day + dt.timedelta(days=1),
        end=day + dt.timedelta(days=_LOOKAHEAD),
        schedule=schedule,
        chair=chair,
    ):
        if session.takes_place and session.date > day:
            return session
    return None


# -- ranking ----------------------------------------------------------------------


def _registered_guards(wf: WorkflowLike) -> Mapping[str, RegisteredGuard]:
    # Workflow keeps the app's registered guards privately; a priority may
    # name one. (A public accessor on Workflow would be better.)
    found = getattr(wf, "_guards", None)
    return found if isinstance(found, Mapping) else {}


def _compile_priorities(wf: WorkflowLike, docket: Docket) -> list[Check]:
    guards = {g.name: g for g in wf.spec.guards}
    return [compile_condition(p.when, guards, _registered_guards(wf)) for p in docket.priorities]


@attrs.frozen(kw_only=True)
class _Rank:
    case: Case
    priority: int  # index into docket.priorities; len(priorities) when none is met
    registered: dt.datetime
    from_field: bool
    entered: dt.datetime

    def key(self) -> tuple[int, dt.datetime, dt.datetime, str]:
        return (self.priority, self.registered, self.entered, self.case.id)


def _rank_one(
    wf: WorkflowLike, docket: Docket, checks: list[Check], case: Case, at: dt.datetime
) -> _Rank:
    tz = zone(wf.spec.timezone)
    ctx = GuardContext(case=case, trigger="", at=at, actor=None, role=None, data=case.data)
    priority = len(checks)
    for index, check in enumerate(checks):
        if check(ctx):
            priority = index
            break
    entered = case.entered(case.state) or case.opened_at
    registered, from_field = entered, False
    if docket.order_field is not None:
        value = case.data.get(docket.order_field)
        if value is not None:
            # A value that is not a date ranks by the time the case became eligible.
            with contextlib.suppress(InputError):
                registered, from_field = to_datetime(value, tz, what=docket.order_field), True
    return _Rank(
        case=case, priority=priority, registered=registered, from_field=from_field, entered=entered
    )


def _check_unique(cases: Sequence[Case]) -> None:
    seen: set[str] = set()
    for case in cases:
        if not isinstance(case, Case):
            raise InputError(f"expected Case objects, not {type(case).__name__}")
        if case.id in seen:
            raise InputError(f"case {case.id!r} is given twice")
        seen.add(case.id)


def rank_cases(wf: WorkflowLike, cases: Iterable[Case], *, at: Any) -> list[Case]:
    """``cases`` in docket order: by the first priority met, then registration order.

    Registration order is the docket's ``order_field`` (a date or time), or,
    for a case without one, the time it entered its current state; ties go
    to the case id, so the order is total and the same on every run.
    """
    docket = _docket(wf)
    checks = _compile_priorities(wf, docket)
    when = to_datetime(at, zone(wf.spec.timezone), what="at")
    items = list(cases)
    _check_unique(items)
    ranked = sorted((_rank_one(wf, docket, checks, c, when) for c in items), key=_Rank.key)
    return [r.case for r in ranked]


# -- the docket -------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class DocketEntry:
    """One eligible case in a docket selection, and why it is on the docket or not.

    ``rank`` is 1-based among the eligible cases. ``outcome`` is
    ``selected``, ``capacity`` (ranked below the capacity), ``refused`` (the
    select trigger was refused: ``refusal`` says why; the next case took
    the slot) or ``proposed`` (a dry run would select it). For a case not
    selected, ``deadlines`` are its running deadlines at the time of the
    selection and ``next_session`` is the session it waits for.
    """

    case_id: str
    rank: int
    outcome: Literal["selected", "capacity", "refused", "proposed"]
    session: Session
    capacity: int
    eligible: int
    state: str
    priority: Priority | None
    registered: dt.date
    registered_from_field: bool
    refusal: str | None = None
    deadlines: tuple[Deadline, ...] = ()
    next_session: Session | None = None

    @property
    def selected(self) -> bool:
        """Whether the case is on the docket (or would be, in a dry run)."""
        return self.outcome in ("selected", "proposed")

    def basis(self, lang: str = "en") -> str:
        """The ranking reasons: the priority met (with its source) and the registration."""
        vi = lang == "vi"
        if self.priority is None:
            prio = "không thuộc diện ưu tiên" if vi else "no priority criterion met"
        else:
            name = _label(self.priority.label, self.priority.name, lang)
            source = f" ({self.priority.source})" if self.priority.source else ""
            prio = f"{'ưu tiên' if vi else 'priority'}: {name}{source}"
        when = day_text(self.registered, lang)
        if self.registered_from_field:
            reg = f"đăng ký ngày {when}" if vi else f"registered {when}"
        else:
            reg = f"đủ điều kiện từ ngày {when}" if vi else f"eligible since {when}"
        return f"{prio}; {reg}"

    def explain(self, lang: str = "en") -> str:
        """Why the case is on the session's docket, or why not and what that means."""
        vi = lang == "vi"
        session = day_text(self.session.date, lang)
        rank = f"{'thứ tự' if vi else 'rank'} {self.rank}/{self.eligible}"
        if self.selected:
            if vi:
                verb = "được chọn" if self.outcome == "selected" else "đề xuất chọn"
                head = f"{verb} vào buổi tiếp ngày {session}"
            elif self.outcome == "selected":
                head = f"on the docket of {session}"
            else:
                head = f"proposed for the session of {session}"
            return f"{head}: {rank}; {self.basis(lang)}"
        if self.outcome == "capacity":
            why = f"đã đủ {self.capacity} vụ việc" if vi else f"capacity {self.capacity} reached"
        else:
            why = (
                f"không chọn được: {self.refusal}"
                if vi
                else f"could not be selected: {self.refusal}"
            )
        parts = [why, rank, self.basis(lang)]
        nxt = self.next_session
        if nxt is not None:
            when = day_text(nxt.date, lang)
            parts.append(f"chờ buổi tiếp ngày {when}" if vi else f"waits for the session of {when}")
        else:
            parts.append(
                "chưa có buổi tiếp nào tiếp theo" if vi else "no later session is scheduled"
            )
        text = "; ".join(parts)
        running = [_deadline_words(d, nxt, lang) for d in self.deadlines]
        if running:
            head = "Thời hạn đang chạy" if vi else "Running deadlines"
            text += f". {head}: " + "; ".join(running)
        return text


def _deadline_words(deadline: Deadline, before: Session | None, lang: str) -> str:
    vi = lang == "vi"
    name = _label(deadline.label, deadline.name, lang)
    due = deadline.due_date
    if due is None:
        return f"{name}: {'chưa tính được hạn' if vi else 'no due date yet'}"
    status = {
        "pending": ("còn hạn", "pending"),
        "overdue": ("quá hạn", "overdue"),
        "paused": ("tạm dừng", "paused"),
        "met": ("đã xong", "met"),
    }.get(deadline.status, (deadline.status, deadline.status))
    text = (
        f"{name}: {'hạn' if vi else 'due'} {day_text(due, lang)} ({status[0] if vi else status[1]})"
    )
    if before is not None and due < before.date and deadline.status != "met":
        text += ", trước buổi tiếp đó" if vi else ", before that session"
    return text


@attrs.frozen(kw_only=True)
class DocketSelection:
    """The result of choosing a session's docket: every eligible case, explained.

    ``entries`` are the eligible cases in rank order, each with one
    explanation; ``already`` are the cases that were on this session's
    docket before (deferred or rescheduled to it) and took capacity first.
    """

    session: Session
    capacity: int
    at: dt.datetime
    entries: tuple[DocketEntry, ...]
    already: tuple[str, ...] = ()
    dry_run: bool = False

    @property
    def selected(self) -> tuple[DocketEntry, ...]:
        """The entries put on the docket (or proposed, in a dry run)."""
        return tuple(e for e in self.entries if e.selected)

    @property
    def waiting(self) -> tuple[DocketEntry, ...]:
        """The eligible cases not put on the docket: they carry over."""
        return tuple(e for e in self.entries if not e.selected)

    def explain(self, lang: str = "en") -> str:
        """The whole selection in words, one line per case."""
        vi = lang == "vi"
        head = self.session.title(lang)
        count = len(self.selected) + len(self.already)
        if vi:
            lines = [f"{head}: {count}/{self.capacity} vụ việc"]
        else:
            lines = [f"{head}: {count} of {self.capacity} places taken"]
        for case_id in self.already:
            why = "đã có trong danh sách từ trước" if vi else "already on this session's docket"
            lines.append(f"  {case_id}: {why}")
        for entry in self.entries:
            lines.append(f"  {entry.case_id}: {entry.explain(lang)}")
        return "\n".join(lines)


def select_docket(
    wf: WorkflowLike,
    session: Session,
    cases: Iterable[Case],
    *,
    at: Any,
    actor: str | None = None,
    role: str | None = None,
    capacity: int | None = None,
    data: Mapping[str, Any] | None = None,
    dry_run: bool = False,
) -> DocketSelection:
    """Choose the docket of ``session`` among ``cases`` and explain every choice.

    Eligible cases (state in the docket's ``eligible_in``) are ranked as in
    ``rank_cases``. Cases already on this session (``session_field`` equal
    to the session's ``key``, in a state that is neither eligible nor
    final) take places first. Then, in rank order while places remain, the
    docket's ``select_trigger`` is fired on each case with
    ``data={session_field: session.key, **data}``; a refused fire leaves
    the case unchanged, is explained, and the next case takes the place.
    ``capacity`` replaces the docket's for this call. With ``dry_run``
    nothing is fired. Raises ``InputError`` for a session that does not
    take place or has already been held at ``at``.
    """
    docket = _docket(wf)
    tz = zone(wf.spec.timezone)
    when = to_datetime(at, tz, what="at")
    limit = docket.capacity if capacity is None else capacity
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
        raise InputError(f"capacity={limit!r} must be a whole number, 0 or more")
    if not session.takes_place:
        raise InputError(
            f"the session of {session.nominal.isoformat()} does not take place "
            f"({session.status}: {session.reason}); choose another session"
        )
    if when.astimezone(tz).date() > session.date:
        raise InputError(
            f"at={when.isoformat()} is after the session of {session.date.isoformat()}; "
            "a docket is chosen before its session"
        )
    items = list(cases)
    _check_unique(items)
    eligible_in = frozenset(docket.eligible_in)
    finals = frozenset(s.name for s in wf.spec.states if s.final)
    field = docket.session_field
    already = sorted(
        c.id
        for c in items
        if c.state not in eligible_in
        and c.state not in finals
        and _same_day(c.data.get(field), session)
    )
    checks = _compile_priorities(wf, docket)
    ranked = sorted(
        (_rank_one(wf, docket, checks, c, when) for c in items if c.state in eligible_in),
        key=_Rank.key,
    )
    places = max(0, limit - len(already))
    values = {field: session.key, **(data or {})}
    following: Session | None = None
    following_known = False
    entries: list[DocketEntry] = []
    for rank, item in enumerate(ranked, start=1):
        case = item.case
        state = case.state
        refusal: str | None = None
        outcome: Literal["selected", "capacity", "refused", "proposed"]
        if places > 0 and dry_run:
            outcome, places = "proposed", places - 1
        elif places > 0:
            try:
                wf.fire(case, docket.select_trigger, at=when, actor=actor, role=role, data=values)
            except TransitionNotAllowed as refused:
                outcome, refusal = "refused", refused.reason
            else:
                outcome, places = "selected", places - 1
        else:
            outcome = "capacity"
        running: tuple[Deadline, ...] = ()
        nxt: Session | None = None
        if outcome in ("capacity", "refused"):
            running = tuple(
                d
                for d in wf.deadlines(case, now=when)
                if d.status in ("pending", "overdue", "paused")
            )
            if not following_known:
                following = next_session(wf, session.date, schedule=docket.schedule)
                following_known = True
            nxt = following
        entries.append(
            DocketEntry(
                case_id=case.id,
                rank=rank,
                outcome=outcome,
                session=session,
                capacity=limit,
                eligible=len(ranked),
                state=state,
                priority=docket.priorities[item.priority]
                if item.priority < len(docket.priorities)
                else None,
                registered=item.registered.astimezone(tz).date(),
                registered_from_field=item.from_field,
                refusal=refusal,
                deadlines=running,
                next_session=nxt,
            )
        )
    return DocketSelection(
        session=session,
        capacity=limit,
        at=when,
        entries=tuple(entries),
        already=tuple(already),
        dry_run=dry_run,
    )


def _same_day(value: Any, session: Session) -> bool:
    if value is None:
        return False
    try:
        return to_date(value) == session.nominal
    except InputError:
        return False


def docket_cases(wf: WorkflowLike, session: Session, cases: Iterable[Case]) -> list[Case]:
    """The cases on ``session``'s docket (``session_field`` equal to its key), in docket order."""
    field = _docket(wf).session_field
    chosen = [c for c in cases if _same_day(c.data.get(field), session)]
    at = dt.datetime.combine(session.date, dt.time(), zone(wf.spec.timezone))
    return rank_cases(wf, chosen, at=at)


@attrs.frozen(kw_only=True)
class Carried:
    """A case that carries over after a session: waiting to be selected, or booked later.

    ``booked_for`` is the later session date the case is already on
    (deferred or rescheduled to it); None when it waits for selection.
    """

    case_id: str
    state: str
    booked_for: dt.date | None

    def explain(self, lang: str = "en") -> str:
        """Why the case is still open after the session."""
        vi = lang == "vi"
        if self.booked_for is not None:
            when = day_text(self.booked_for, lang)
            return f"đã xếp vào buổi tiếp ngày {when}" if vi else f"on the docket of {when}"
        return "chờ được chọn vào buổi tiếp sau" if vi else "waits to be selected for a session"


def carry_over(wf: WorkflowLike, cases: Iterable[Case], after: Session) -> list[Carried]:
    """The cases that carry over past ``after``: eligible ones, and those booked later.

    Eligible cases come first, in docket order (the order the next selection
    will consider them in), then cases already on a later session's docket
    (deferred or rescheduled), by that session's date.
    """
    docket = _docket(wf)
    items = list(cases)
    eligible_in = frozenset(docket.eligible_in)
    finals = frozenset(s.name for s in wf.spec.states if s.final)
    at = dt.datetime.combine(after.date, dt.time(23, 59), zone(wf.spec.timezone))
    waiting = rank_cases(wf, [c for c in items if c.state in eligible_in], at=at)
    out = [Carried(case_id=c.id, state=c.state, booked_for=None) for c in waiting]
    booked: list[Carried] = []
    for case in items:
        if case.state in eligible_in or case.state in finals:
            continue
        value = case.data.get(docket.session_field)
        if value is None:
            continue
        try:
            day = to_date(value)
        except InputError:
            continue
        if day > after.nominal:
            booked.append(Carried(case_id=case.id, state=case.state, booked_for=day))
    booked.sort(key=lambda c: (c.booked_for or dt.date.min, c.case_id))
    return out + booked


# -- redaction and invitations ------------------------------------------------------


def _check_role(spec: WorkflowSpec, role: str | None) -> None:
    if role is None:
        return
    names = [r.name for r in spec.roles]
    if role not in names:
        raise InputError(
            f"unknown role {role!r} for workflow {spec.name!r}{did_you_mean(role, names)}; "
            f"known roles: {', '.join(names) or 'none'}"
        )


def may_read(field: Field, role: str | None) -> bool:
    """Whether a document for ``role`` may show ``field`` (always, unless confidential)."""
    return not field.confidential or (role is not None and role in field.readers)


def visible_data(
    wf: WorkflowLike, case: Case, *, for_role: str | None = None, lang: str = "en"
) -> dict[str, Any]:
    """The case's data as a document for ``for_role`` may show it.

    Every confidential field is replaced by ``REDACTED`` unless ``for_role``
    is one of the field's ``readers``; with no role, every confidential
    field is redacted. This is the only way documents read case data.
    """
    spec = wf.spec
    _check_role(spec, for_role)
    fields = {f.name: f for f in spec.fields}
    marker = REDACTED.get(lang)
    out: dict[str, Any] = {}
    for key, value in case.data.items():
        field = fields.get(key)
        if field is not None and not may_read(field, for_role):
            out[key] = marker if value is not None else None
        else:
            out[key] = value
    return out


def hidden_values(wf: WorkflowLike, cases: Iterable[Case], *, for_role: str | None) -> list[str]:
    """The confidential values of ``cases`` that a document for ``for_role`` must not show.

    Used as a last check on rendered text: besides the redacted fields, a
    name typed into a free-text field (a summary, a conclusion) is caught.
    """
    fields = {f.name: f for f in wf.spec.fields if f.confidential}
    found: set[str] = set()
    for case in cases:
        for key, value in case.data.items():
            field = fields.get(key)
            if field is None or may_read(field, for_role):
                continue
            for item in value if isinstance(value, (list, tuple)) else [value]:
                if isinstance(item, str) and len(item.strip()) >= 3:
                    found.add(item.strip())
    # Longest first, so that a value containing another is replaced whole.
    return sorted(found, key=lambda s: (-len(s), s))


@attrs.frozen(kw_only=True)
class Invitee:
    """One line of a session's invitation list.

    ``kind`` is ``citizen`` (the petitioner of the case in ``cases``;
    ``details`` are their confidential fields, redacted unless the list is
    for a reader), ``concerned`` (an agency or ward concerned by the cases
    in ``cases``) or ``standing`` (an attendee of every session, from the
    docket).
    """

    kind: Literal["citizen", "concerned", "standing"]
    name: str
    cases: tuple[str, ...] = ()
    details: tuple[tuple[str, str], ...] = ()


def invitation_list(
    wf: WorkflowLike,
    session: Session,
    cases: Iterable[Case],
    *,
    for_role: str | None = None,
    lang: str = "en",
    bindings: Bindings = RECEPTION,
) -> list[Invitee]:
    """Who is invited to ``session``: each docket case's citizen, the agencies and
    wards concerned (``bindings.concerned`` fields), and the docket's standing attendees.

    Citizens come in docket order, then the agencies and wards concerned
    (each once, with every case that names it, in order of first mention),
    then the standing attendees. The citizen's identity is redacted unless
    ``for_role`` reads it (``visible_data``).
    """
    spec = wf.spec
    docket = _docket(wf)
    fields = {f.name: f for f in spec.fields}
    confidential = [f for f in spec.fields if f.confidential]
    roles = {r.name: r for r in spec.roles}
    citizens: list[Invitee] = []
    concerned: dict[str, list[str]] = {}
    who = "Công dân" if lang == "vi" else "Citizen"
    for case in docket_cases(wf, session, cases):
        shown = visible_data(wf, case, for_role=for_role, lang=lang)
        details = tuple(
            (_label(f.label, f.name, lang), str(shown[f.name]))
            for f in confidential
            if shown.get(f.name) is not None
        )
        citizens.append(
            Invitee(kind="citizen", name=f"{who} ({case.id})", cases=(case.id,), details=details)
        )
        for name in bindings.concerned:
            field = fields.get(name)
            if field is None or not may_read(field, for_role):
                continue
            value = shown.get(name)
            for item in value if isinstance(value, (list, tuple)) else [value]:
                if isinstance(item, str) and item.strip():
                    ids = concerned.setdefault(item.strip(), [])
                    if case.id not in ids:
                        ids.append(case.id)
    standing = [
        Invitee(kind="standing", name=_label(roles[a].label, a, lang) if a in roles else a)
        for a in docket.attendees
    ]
    return [
        *citizens,
        *(Invitee(kind="concerned", name=n, cases=tuple(ids)) for n, ids in concerned.items()),
        *standing,
    ]


# -- conclusions ------------------------------------------------------------------------


def record_conclusion(
    wf: WorkflowLike,
    case: Case,
    outcome: str,
    *,
    at: Any,
    conclusion: str | None = None,
    agency: str | None = None,
    agency_due: Any = None,
    actor: str | None = None,
    role: str | None = None,
    bindings: Bindings = RECEPTION,
) -> Case:
    """Record what a session concluded on ``case``, by firing the workflow's trigger.

    ``directed_to_agency`` needs the ``agency`` and its due date
    (``agency_due``, after ``at``), and fires ``bindings.conclude`` with the
    outcome, the conclusion, the agency and the due date; ``explained``
    fires ``bindings.conclude`` with the outcome and the conclusion (the
    case is closed when it is reported); ``continued`` fires
    ``bindings.continue_review`` (the case is looked into further, then
    concluded or heard again) with the conclusion as the event's note.
    Refusals raise ``TransitionNotAllowed`` and leave the case unchanged.
    """
    if outcome not in OUTCOMES:
        raise InputError(
            f"outcome={outcome!r}{did_you_mean(str(outcome), OUTCOMES)}; allowed: "
            f"{', '.join(OUTCOMES)}"
        )
    declared = {f.name for f in wf.spec.fields}
    if outcome == "continued":
        return wf.fire(
            case, bindings.continue_review, at=at, actor=actor, role=role, note=conclusion
        )
    data: dict[str, Any] = {bindings.outcome: outcome}
    if conclusion is not None:
        data[bindings.conclusion] = conclusion
    if outcome == "directed_to_agency":
        if not agency or not isinstance(agency, str):
            raise InputError("outcome 'directed_to_agency' needs agency= (the agency's name)")
        if agency_due is None:
            raise InputError(
                "outcome 'directed_to_agency' needs agency_due= (the date the agency must "
                "resolve and report by)"
            )
        due = to_date(agency_due, what="agency_due")
        day = to_datetime(at, zone(wf.spec.timezone), what="at").date()
        if due <= day:
            raise InputError(
                f"agency_due={due.isoformat()!r} must be after the conclusion ({day.isoformat()})"
            )
        for name in (bindings.agency, bindings.agency_due):
            if name not in declared:
                raise InputError(
                    f"workflow {wf.spec.name!r} has no field {name!r} to record the agency "
                    "a case is directed to and its due date; declare it, or pass bindings="
                )
        data[bindings.agency] = agency
        data[bindings.agency_due] = due.isoformat()
    elif agency is not None or agency_due is not None:
        raise InputError(f"agency= and agency_due= go with 'directed_to_agency', not {outcome!r}")
    return wf.fire(case, bindings.conclude, at=at, actor=actor, role=role, data=data)


# -- periods and the report's figures -------------------------------------------------------

PeriodKind: TypeAlias = Literal["month", "quarter", "half", "year"]
_ROMAN: Final = ("I", "II", "III", "IV")


@attrs.frozen
class Period:
    """A reporting period: a month, a quarter, a half-year or a year.

    Written ``2026-03``, ``2026-Q1``, ``2026-H2`` or ``2026`` (``Period.parse``).
    """

    kind: PeriodKind
    year: int
    number: int = 1

    def __attrs_post_init__(self) -> None:
        top = {"month": 12, "quarter": 4, "half": 2, "year": 1}.get(self.kind)
        if top is None:
            raise InputError(f"period kind {self.kind!r} is not one of month, quarter, half, year")
        if not 1 <= self.year <= 9999 or not 1 <= self.number <= top:
            raise InputError(f"no {self.kind} {self.number} in year {self.year}")

    @classmethod
    def parse(cls, text: str | Period) -> Period:
        """``2026-03`` (month), ``2026-Q1`` (quarter), ``2026-H1`` (half-year), ``2026``."""
        if isinstance(text, Period):
            return text
        raw = str(text).strip().upper()
        try:
            if len(raw) == 4:
                return cls("year", int(raw))
            year, _, rest = raw.partition("-")
            if rest.startswith("Q"):
                return cls("quarter", int(year), int(rest[1:]))
            if rest.startswith("H"):
                return cls("half", int(year), int(rest[1:]))
            if len(rest) == 2:
                return cls("month", int(year), int(rest))
        except ValueError:
            pass
        raise InputError(
            f"period {text!r} is not a period; write 2026-03 (month), 2026-Q1 (quarter), "
            "2026-H1 (half-year) or 2026 (year)"
        )

    @property
    def months(self) -> tuple[int, ...]:
        """The months (1-12) the period covers."""
        size = {"month": 1, "quarter": 3, "half": 6, "year": 12}[self.kind]
        first = self.number if self.kind == "month" else (self.number - 1) * size + 1
        return tuple(range(first, first + size))

    @property
    def start(self) -> dt.date:
        """The period's first day."""
        return dt.date(self.year, self.months[0], 1)

    @property
    def end(self) -> dt.date:
        """The period's last day."""
        last = self.months[-1]
        if last == 12:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, last + 1, 1) - dt.timedelta(days=1)

    def month_periods(self) -> tuple[Period, ...]:
        """The months of the period, as periods (the rows of a roll-up)."""
        return tuple(Period("month", self.year, m) for m in self.months)

    def label(self, lang: str = "en") -> str:
        """E.g. "March 2026" / "tháng 3/2026", "Q1 2026" / "quý I/2026"."""
        if lang == "vi":
            return {
                "month": f"tháng {self.number}/{self.year}",
                "quarter": f"quý {_ROMAN[self.number - 1]}/{self.year}",
                "half": f"6 tháng {'đầu' if self.number == 1 else 'cuối'} năm {self.year}",
                "year": f"năm {self.year}",
            }[self.kind]
        return {
            "month": dt.date(self.year, self.number, 1).strftime("%B %Y"),
            "quarter": f"Q{self.number} {self.year}",
            "half": f"{'first' if self.number == 1 else 'second'} half of {self.year}",
            "year": str(self.year),
        }[self.kind]

    def __str__(self) -> str:
        if self.kind == "month":
            return f"{self.year}-{self.number:02d}"
        if self.kind == "quarter":
            return f"{self.year}-Q{self.number}"
        if self.kind == "half":
            return f"{self.year}-H{self.number}"
        return str(self.year)


@attrs.frozen(kw_only=True)
class Timeliness:
    """How deadlines fared: met on time or late in the period, overdue or running at its end."""

    on_time: int = 0
    late: int = 0
    overdue: int = 0
    running: int = 0

    def __add__(self, other: Timeliness) -> Timeliness:
        return Timeliness(
            on_time=self.on_time + other.on_time,
            late=self.late + other.late,
            overdue=self.overdue + other.overdue,
            running=self.running + other.running,
        )


@attrs.frozen(kw_only=True)
class MonthRow:
    """One month of a roll-up: cases received, heard, concluded and closed."""

    period: Period
    received: int
    heard: int
    concluded: int
    closed: int


@attrs.frozen(kw_only=True)
class PeriodSummary:
    """The figures of a periodic report, as of ``as_of`` (the period's end, or earlier).

    ``received`` and ``by_kind`` count cases opened in the period;
    ``reached`` the cases that entered each state in the period;
    ``outcomes`` the conclusions given in the period (and ``continued``
    reviews); ``standing`` where every case opened by ``as_of`` stands then.
    ``timeliness`` counts deadlines met in the period (on time or late), and
    those overdue or still running at ``as_of``; ``by_rule`` the same per
    deadline rule. ``months`` is the month-by-month roll-up.
    """

    period: Period
    as_of: dt.datetime
    received: int
    by_kind: tuple[tuple[str, int], ...]
    reached: tuple[tuple[str, int], ...]
    outcomes: tuple[tuple[str, int], ...]
    standing: tuple[tuple[str, int], ...]
    timeliness: Timeliness
    by_rule: tuple[tuple[str, Timeliness], ...]
    months: tuple[MonthRow, ...]
    sessions: tuple[tuple[Session, int], ...]


def _in(at: dt.datetime, tz: dt.tzinfo, first: dt.date, last: dt.date) -> bool:
    return first <= at.astimezone(tz).date() <= last


def summarise(
    wf: WorkflowLike,
    cases: Iterable[Case],
    period: Period | str,
    *,
    now: Any,
    sessions: Sequence[Session] = (),
    bindings: Bindings = RECEPTION,
) -> PeriodSummary:
    """The figures of the report on ``period``, counted from the cases' histories.

    Only what had happened by ``as_of`` (the end of the period's last day, or
    ``now`` if earlier) is counted, so a report on a past month is the same
    whenever it is drawn. ``sessions`` adds ad-hoc sessions to the planned
    ones (the docket's schedule) for the count of cases heard per session.
    """
    chosen = Period.parse(period)
    spec = wf.spec
    tz = zone(spec.timezone)
    first, last = chosen.start, chosen.end
    end = dt.datetime.combine(last, dt.time(23, 59, 59), tz)
    as_of = min(to_datetime(now, tz, what="now"), end)
    items = list(cases)
    _check_unique(items)
    finals = frozenset(s.name for s in spec.states if s.final)
    states = [s.name for s in spec.states]

    received = 0
    kinds: Counter[str] = Counter()
    reached: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()
    standing: Counter[str] = Counter()
    per_rule: dict[str, Timeliness] = {r.name: Timeliness() for r in spec.deadlines}
    rows = {m.number: [0, 0, 0, 0] for m in chosen.month_periods()}

    for case in items:
        history = [e for e in case.history if e.at <= as_of]
        if not history:
            continue
        standing[history[-1].dest] += 1
        opened = history[0].at
        if _in(opened, tz, first, last):
            received += 1
            kinds[str(case.data.get(bindings.kind, "?"))] += 1
            rows[opened.astimezone(tz).month][0] += 1
        entered: set[str] = set()
        for event in history[1:]:
            if not _in(event.at, tz, first, last) or event.source == event.dest:
                continue
            month = event.at.astimezone(tz).month
            if event.dest not in entered:
                entered.add(event.dest)
                reached[event.dest] += 1
            if event.dest == bindings.heard:
                rows[month][1] += 1
            if event.trigger == bindings.conclude:
                rows[month][2] += 1
                value = event.changes.get(bindings.outcome, case.data.get(bindings.outcome))
                outcomes[str(value) if value is not None else "?"] += 1
            if event.trigger == bindings.continue_review:
                outcomes["continued"] += 1
            if event.dest in finals:
                rows[month][3] += 1
        for deadline in wf.deadlines(case, now=as_of):
            if deadline.due is None:
                continue
            counts = Timeliness()
            if deadline.status == "met":
                assert deadline.met_at is not None
                if _in(deadline.met_at, tz, first, last):
                    counts = Timeliness(late=1) if deadline.late else Timeliness(on_time=1)
            elif deadline.status == "overdue":
                counts = Timeliness(overdue=1)
            else:
                counts = Timeliness(running=1)
            per_rule[deadline.name] = per_rule.get(deadline.name, Timeliness()) + counts

    total = Timeliness()
    for counts in per_rule.values():
        total = total + counts
    planned: list[Session] = []
    docket = spec.docket
    if docket is not None:
        planned = [
            s
            for s in plan_sessions(wf, start=first, end=last, schedule=docket.schedule)
            if s.takes_place
        ]
    held = sorted(
        [*planned, *(s for s in sessions if first <= s.date <= last)],
        key=lambda s: (s.date, s.kind),
    )
    heard_at: list[tuple[Session, int]] = []
    if docket is not None:
        for session in held:
            count = sum(
                1
                for c in items
                if _same_day(c.data.get(docket.session_field), session)
                and any(e.dest == bindings.heard and e.at <= as_of for e in c.history)
            )
            heard_at.append((session, count))
    order = {name: i for i, name in enumerate(states)}
    return PeriodSummary(
        period=chosen,
        as_of=as_of,
        received=received,
        by_kind=tuple(sorted(kinds.items())),
        reached=tuple(sorted(reached.items(), key=lambda kv: order.get(kv[0], len(order)))),
        outcomes=tuple(sorted(outcomes.items())),
        standing=tuple(sorted(standing.items(), key=lambda kv: order.get(kv[0], len(order)))),
        timeliness=total,
        by_rule=tuple(per_rule.items()),
        months=tuple(
            MonthRow(
                period=Period("month", chosen.year, m),
                received=r[0],
                heard=r[1],
                concluded=r[2],
                closed=r[3],
            )
            for m, r in rows.items()
        ),
        sessions=tuple(heard_at),
    )

"""The docket of a session: which cases it hears, each choice explained.

This module owns choosing a session's docket (``select_docket``): the
eligible cases in docket order, the select trigger fired on each while
places remain, and one explanation per case (``DocketEntry``,
``DocketSelection``) saying why it is on the docket, or why not and what
waiting means for its running deadlines. It also owns reading a docket back
(``docket_cases``) and the cases that carry over past a session
(``carry_over``, ``Carried``).

It leaves the order of cases to ``ranking``, session dates to
``planning``, due dates to the deadline evaluator (always asked through
``wf.deadlines``, so a session moved by a holiday moves a due date there,
not here) and firing to the engine, through ``wf.fire``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, Literal

import attrs

from caseflow.case import Case
from caseflow.deadlines import Deadline
from caseflow.definition import Priority
from caseflow.errors import InputError, TransitionNotAllowed
from caseflow.i18n import _
from caseflow.sessions.bindings import WorkflowLike, check_cases, docket_of, label_text
from caseflow.sessions.planning import Session, day_text, next_session, on_session
from caseflow.sessions.ranking import Rank, compile_priorities, rank_cases, rank_one
from caseflow.times import local_day, to_datetime, zone

__all__ = [
    "Carried",
    "DocketEntry",
    "DocketSelection",
    "carry_over",
    "docket_cases",
    "select_docket",
]


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
            name = label_text(self.priority.label, self.priority.name, lang)
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
    name = label_text(deadline.label, deadline.name, lang)
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
    docket = docket_of(wf)
    tz = zone(wf.spec.timezone)
    when = to_datetime(at, tz, what="at")
    limit = docket.capacity if capacity is None else capacity
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
        raise InputError(
            _("capacity={limit!r} must be a whole number, 0 or more").format(limit=limit)
        )
    if not session.takes_place:
        raise InputError(
            _(
                "the session of {nominal} does not take place ({status}: "
                "{reason}); choose another session"
            ).format(
                nominal=session.nominal.isoformat(), status=session.status, reason=session.reason
            )
        )
    if local_day(when, tz) > session.date:
        raise InputError(
            _(
                "at={when} is after the session of {date}; a docket is chosen before its session"
            ).format(when=when.isoformat(), date=session.date.isoformat())
        )
    items = list(cases)
    check_cases(items)
    eligible_in = frozenset(docket.eligible_in)
    finals = frozenset(s.name for s in wf.spec.states if s.final)
    field = docket.session_field
    already = sorted(
        c.id
        for c in items
        if c.state not in eligible_in
        and c.state not in finals
        and on_session(c.data.get(field), session, tz=tz)
    )
    checks = compile_priorities(wf, docket)
    ranked = sorted(
        (rank_one(wf, docket, checks, c, when) for c in items if c.state in eligible_in),
        key=Rank.key,
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
                registered=local_day(item.registered, tz),
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


def docket_cases(wf: WorkflowLike, session: Session, cases: Iterable[Case]) -> list[Case]:
    """The cases on ``session``'s docket (``session_field`` equal to its key), in docket order."""
    field = docket_of(wf).session_field
    tz = zone(wf.spec.timezone)
    chosen = [c for c in cases if on_session(c.data.get(field), session, tz=tz)]
    at = dt.datetime.combine(session.date, dt.time(), tz)
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
    docket = docket_of(wf)
    items = list(cases)
    eligible_in = frozenset(docket.eligible_in)
    finals = frozenset(s.name for s in wf.spec.states if s.final)
    tz = zone(wf.spec.timezone)
    at = dt.datetime.combine(after.date, dt.time(23, 59), tz)
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
            day = local_day(value, tz)
        except InputError:
            continue
        # Booked for a later session that has not yet been held for it: a case
        # heard there (at an ad-hoc session, say) has moved on since that day.
        last = local_day(case.history[-1].at, tz) if case.history else day
        if day > after.nominal and last < day:
            booked.append(Carried(case_id=case.id, state=case.state, booked_for=day))
    booked.sort(key=lambda c: (c.booked_for or dt.date.min, c.case_id))
    return out + booked

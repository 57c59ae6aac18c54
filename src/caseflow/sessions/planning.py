"""Planning: the sessions a reception holds, regular or ad hoc.

This module owns ``Session`` (one sitting: when and where, who chairs, and
what moved it), the year's sessions planned from a workflow's schedules
(``plan_sessions``), ad-hoc (đột xuất) sessions (``ad_hoc_session``), the
session a case is on (``session_of``, ``on_session``) and the next one
(``next_session``), and dates in words (``day_text``). An ad-hoc session
on a day off is allowed (an office may sit on one for an urgent case) but
carries a warning that names the day off (``Session.warnings``).

It leaves session dates to ``recurrence`` (rules, day-off policies,
overrides): a session is an occurrence of a schedule with a chair. Which
cases a session hears is ``docket``'s work.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final, Literal, TypeAlias

import attrs

from caseflow.calendars import WorkingCalendar
from caseflow.case import Case
from caseflow.definition import SESSION_MODES, Label, Schedule
from caseflow.errors import InputError
from caseflow.i18n import _
from caseflow.recurrence import Occurrence, Status, day_off_text, occurrences, select_schedules
from caseflow.sessions.bindings import WorkflowLike, docket_of
from caseflow.times import local_day, to_date, zone

__all__ = [
    "Session",
    "ad_hoc_session",
    "day_text",
    "next_session",
    "on_session",
    "plan_sessions",
    "session_of",
]

Kind: TypeAlias = Literal["regular", "ad_hoc"]

_LOOKAHEAD: Final = 400
"""How many days ``next_session`` looks ahead: a year and a margin, enough
for a monthly schedule that skips a few months."""


def day_text(day: dt.date, lang: str = "en") -> str:
    """``2026-03-17`` in English, ``17/03/2026`` in Vietnamese."""
    return f"{day:%d/%m/%Y}" if lang == "vi" else day.isoformat()


@attrs.frozen(kw_only=True)
class Session:
    """One sitting of a reception: when and where, who chairs, and what moved it.

    ``nominal`` is the date the schedule's rule gives (for an ad-hoc session,
    its date); ``date`` is when it is held. ``nominal`` identifies the
    session: it is what a case's ``session_field`` records, so that a move
    (a day off, an override) does not orphan the cases on its docket.
    ``status`` is ``held``, ``moved``, ``cancelled`` or ``skipped`` (see
    ``recurrence``); ``reason`` says why it moved or does not take place.
    ``warnings`` are what its organisers should look at without it being
    refused, each a sentence in the form of ``reason`` (English, with the
    calendar's names in Vietnamese and English): an ad-hoc session on a day
    off says so, and which day off it is.
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
    warnings: tuple[str, ...] = ()
    mode: str = "in_person"
    meeting_link: str | None = None
    join: str | None = None

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
        mode=schedule.mode,
        meeting_link=schedule.meeting_link,
        join=schedule.join,
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
            raise InputError(_("pass either year= or start= and end=, not both"))
        if isinstance(year, bool) or not isinstance(year, int) or not 1 <= year <= 9999:
            raise InputError(
                _("year={year!r} must be a whole number from 1 to 9999").format(year=year)
            )
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    else:
        if start is None or end is None:
            raise InputError(_("pass year=, or both start= and end="))
        tz = zone(wf.spec.timezone)
        first, last = local_day(start, tz, what="start"), local_day(end, tz, what="end")
    out: list[Session] = []
    for sched in select_schedules(wf.spec.schedules, schedule):
        for occ in occurrences(sched, wf.calendar, first, last, zone=wf.spec.timezone):
            out.append(_from_occurrence(occ, sched, chair))
    out.sort(key=lambda s: (s.date, s.schedule or "", s.nominal))
    return out


def _day_off_warnings(day: dt.date, calendar: WorkingCalendar | None) -> tuple[str, ...]:
    """The warning for an ad-hoc session on ``day`` if the calendar has it off."""
    if calendar is None or calendar.is_working_day(day):
        return ()
    return (
        f"{day_off_text(calendar, day)} in calendar {calendar.name!r}; "
        "the ad-hoc session is held on it anyway",
    )


def ad_hoc_session(
    date: Any,
    *,
    reason: str,
    place: str | None = None,
    chair: str | None = None,
    time: Any = None,
    contact: str | None = None,
    calendar: WorkingCalendar | None = None,
    mode: str = "in_person",
    meeting_link: str | None = None,
    join: str | None = None,
) -> Session:
    """An ad-hoc (đột xuất) session on ``date``, arranged for ``reason``.

    With ``calendar`` (the workflow's, ``wf.calendar``), a date that is a
    day off (a weekend, a holiday such as Tết, a swapped day) is still
    accepted, since an office may sit on one for an urgent case, but the
    session's ``warnings`` say which day off it is; ``provisional`` says
    whether the year's official day swaps are known. ``mode`` is
    ``in_person``, ``online`` or ``hybrid`` (online reception, Luật
    136/2025/QH15); online and hybrid need ``meeting_link`` (https), and
    ``join`` says how to join. Raises ``InputError`` for a bad value.
    """
    # No workflow here to give a zone: ``date`` is a day already (an instant
    # is dated in the zone it was written with; pass a date).
    day = to_date(date, what="date")
    if not isinstance(reason, str) or not reason.strip():
        raise InputError(_("an ad-hoc session needs a reason (why the case cannot wait)"))
    clock: dt.time | None
    if time is None or isinstance(time, dt.time):
        clock = time
    else:
        try:
            clock = dt.time.fromisoformat(str(time))
        except ValueError:
            raise InputError(_("time={time!r} is not HH:MM (24-hour)").format(time=time)) from None
    _check_mode(mode, meeting_link)
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
        provisional=calendar is not None and calendar.is_provisional(day),
        warnings=_day_off_warnings(day, calendar),
        mode=mode,
        meeting_link=meeting_link,
        join=join,
    )


def _check_mode(mode: str, link: str | None) -> None:
    """Refuse an unknown mode, and an online or hybrid session without an https link."""
    if mode not in SESSION_MODES:
        raise InputError(
            _("mode={mode!r} must be one of {allowed}").format(
                mode=mode, allowed=", ".join(sorted(SESSION_MODES))
            )
        )
    if mode != "in_person" and not (isinstance(link, str) and link.startswith("https://")):
        raise InputError(
            _("a session held {mode} needs meeting_link, an https:// address").format(mode=mode)
        )


def session_of(wf: WorkflowLike, case: Case, *, chair: str | None = None) -> Session | None:
    """The session a case is on (its ``session_field``), as held; None if it is on none.

    A date that is a nominal date of the docket's schedule gives that
    session, moved or not; any other date is an ad-hoc session on that day,
    with a warning if the workflow's calendar has that day off.
    """
    docket = docket_of(wf)
    value = case.data.get(docket.session_field)
    if value is None:
        return None
    day = local_day(value, zone(wf.spec.timezone), what=f"field {docket.session_field!r}")
    for sched in select_schedules(wf.spec.schedules, docket.schedule):
        for occ in occurrences(sched, wf.calendar, day, day, zone=wf.spec.timezone):
            if occ.nominal == day and not occ.no_date:
                return _from_occurrence(occ, sched, chair)
    return Session(
        schedule=None,
        date=day,
        nominal=day,
        kind="ad_hoc",
        reason=None,
        chair=chair,
        provisional=wf.calendar.is_provisional(day),
        warnings=_day_off_warnings(day, wf.calendar),
    )


def next_session(
    wf: WorkflowLike, after: Any, *, schedule: str | None = None, chair: str | None = None
) -> Session | None:
    """The first session of ``schedule`` (default: the docket's) held after ``after``."""
    day = local_day(after, zone(wf.spec.timezone), what="after")
    if schedule is None:
        schedule = docket_of(wf).schedule
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


def on_session(value: Any, session: Session, *, tz: dt.tzinfo | None = None) -> bool:
    """Whether a case's ``session_field`` value names ``session`` (its nominal date).

    ``tz`` is the workflow's zone: a ``datetime`` session field names the
    day its instant falls on there. Without it, a time is dated in the
    offset it was written with.
    """
    if value is None:
        return False
    try:
        return to_date(value, tz=tz) == session.nominal
    except InputError:
        return False

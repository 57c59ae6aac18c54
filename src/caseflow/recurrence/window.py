"""Session dates: when a recurring schedule meets, and why a date moved.

This module owns turning a ``Schedule`` (``definition``) into dated
``Occurrence`` records for a span of days: the monthly rules in each of the
three week readings, weekly rules, explicit dates and RFC 5545 ``rrule``
text; the schedule's ``start``/``end`` bounds; the day-off policy; and the
overrides that move or cancel single sessions. It asks the working calendar
(``calendars``) which days are off and never changes its answers; it leaves
output formats to ``render.ics`` and ``render.schedule_text``.

Why the monthly and weekly rules are computed by hand here rather than by
``dateutil.rrule``: the ``calendar`` and ``first_full_week`` readings are
not RFC 5545 vocabulary (``schedule_rrule`` shows they can be *written* as
RRULEs, but the rule text is not the clearest statement of them), a month
with no session under a rule must come back as an explained "skipped"
record rather than silently vanish, and a year of a monthly rule is twelve
ordinal sums, far cheaper than an iterator that walks candidate days.
dateutil's ``rrulestr`` evaluates the ``rrule:`` form, and the tests use
``dateutil.rrule`` as the oracle for the ``nth`` and weekly rules.

The three readings of "the Tuesday of the 4th week" (``counting``), with
``w`` the weekday and months whose 1st falls on weekday ``f`` (Monday = 0):

``nth``
    The ``week``-th such weekday of the month (RFC 5545 ``BYDAY=+4TU``);
    ``week: -1`` is the last one (``BYDAY=-1TU``). ``week: 5`` leaves the
    months with only four such weekdays without a session.
``calendar``
    Weeks run Monday to Sunday; week 1 is the week holding the 1st of the
    month, even if only its Sunday is in the month; the session is that
    week's weekday, day ``1 - f + 7*(week-1) + w`` of the month. When that
    day falls outside the month (possible in week 1 and week 5) the month has
    no session under the rule. ``week: -1`` is the weekday of the last
    calendar week, the Monday-Sunday week holding the month's last day;
    when that weekday falls in the next month, the month has no session.
``first_full_week``
    Week 1 is the first Monday-Sunday week lying wholly in the month (it
    starts on the month's first Monday). ``week: -1`` is the weekday of the
    last week lying wholly in the month (it ends on the month's last
    Sunday), which always exists. ``week: 5`` can leave a month without one.

A month without a session comes back as a ``skipped`` occurrence with
``no_date=True``, whose ``date`` and ``nominal`` are the month's 1st (so it
sorts and filters with its month) and whose ``reason`` names the day the
rule points to and why it does not count.

The window: ``occurrences(schedule, cal, start, end)`` returns the
occurrences whose *nominal* date (the rule's date before any move) lies in
``[start, end]`` and within the schedule's own ``start``/``end``. A session
moved out of the window by the day-off policy is still returned; one moved
into it from before ``start`` is not.

Day-off policies (``if_day_off``), when the nominal date is not a working
day in the calendar:

``keep``
    Held on the nominal date anyway; the reason says it is a day off.
``skip``
    No session that period (status ``skipped``).
``next_working_day``
    Moved to the first working day after the nominal date.
``next_week``
    Moved to the same weekday of the next week where that weekday is a
    working day, looking at most ``NEXT_WEEK_LIMIT`` weeks ahead (then
    skipped, with the reason).

Collisions: a move never produces two sessions where the rule has one. A
session that the policy would move onto or past the rule's *next* nominal
date (a weekly rule with ``next_week``, or a run of days off) is not held
separately: it is ``skipped``, and its reason names the date it would have
moved to and the next session, where its business goes. Overrides are an
analyst's explicit decision and are not merged; ``validate_schedule`` warns
when one lands on or past another session or on a day off.

Overrides: each names a nominal date of the rule and either moves that
session (``moved_to``: status ``moved``, the override's reason) or cancels
it (status ``cancelled``). An override whose date is not a nominal date of
the rule (inside the schedule's bounds) is an ``InputError`` naming the
schedule, the date and the nearest nominal dates: the loader cannot check
this, because whether a date belongs to the rule is decided here.

The ``rrule:`` form is evaluated with ``dateutil.rrule.rrulestr`` with
DTSTART at the schedule's ``start``, or at the fixed ``RRULE_DEFAULT_START``
(2000-01-01) when there is none: a fixed anchor, not "today", so that
``COUNT`` and ``INTERVAL`` give the same dates on every run (``validate_schedule``
warns about a rule whose dates depend on that anchor).
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any, Final, Literal, TypeAlias

import attrs

from caseflow.calendars import WorkingCalendar
from caseflow.definition import COUNTINGS, DAY_OFF_POLICIES, WEEKDAYS, Schedule, ScheduleOverride
from caseflow.errors import InputError, did_you_mean

__all__ = [
    "NEXT_WEEK_LIMIT",
    "RRULE_DEFAULT_START",
    "STATUSES",
    "Occurrence",
    "Status",
    "occurrences",
    "schedule_rrule",
    "select_schedules",
    "validate_schedule",
    "year_occurrences",
]

Status: TypeAlias = Literal["held", "moved", "cancelled", "skipped"]

STATUSES: Final = ("held", "moved", "cancelled", "skipped")
"""What happened to an occurrence: held on its nominal date (possibly a day
off, under ``keep``), moved (by the day-off policy or an override),
cancelled (by an override) or skipped (by the policy, a merge, or because
the rule gives no date that month)."""

NEXT_WEEK_LIMIT: Final = 8
"""How many weeks ``if_day_off: next_week`` looks ahead for a working weekday.

The longest run of days off in the Vietnamese calendar (Tết, with its swaps)
covers the same weekday at most twice; eight weeks is far beyond any real
run and stops a rule on a weekend day from looping."""

RRULE_DEFAULT_START: Final = date(2000, 1, 1)
"""DTSTART of an ``rrule:`` schedule without ``start``: fixed, so runs agree."""

_Date: TypeAlias = date  # the field names ``date`` and ``time`` shadow the types
_Time: TypeAlias = time
_WEEKDAY_EN: Final = tuple(day.capitalize() for day in WEEKDAYS)
_RRULE_DAYS: Final = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_ORDINALS: Final = {1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 5: "5th", -1: "last"}
_MONTHS: Final = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_LOOKAHEAD_SPANS: Final = (70, 800)
"""How far (in days) to look for the rule's next date after a window, to
check the last session for a collision: wide enough for a monthly rule that
skips a few months, and for any move a real calendar makes."""


@attrs.frozen(kw_only=True)
class Occurrence:
    """One period's session of a schedule: when it is held, or why it is not.

    ``nominal`` is the date the rule gives; ``date`` is when the session is
    held after the day-off policy and overrides (equal to ``nominal`` unless
    ``status`` is ``"moved"``). ``reason`` is ``None`` for a plain session on
    a working day, and otherwise says what happened and why. ``no_date`` is
    true for a month where the rule gives no day at all (``date`` and
    ``nominal`` are then the month's 1st and ``status`` is ``"skipped"``).
    ``provisional`` is the calendar's flag for ``date``: the year has no
    official schedule of day swaps yet, so the date may still change.
    """

    schedule: str
    date: _Date
    nominal: _Date
    reason: str | None
    status: Status
    time: _Time | None = None
    place: str | None = None
    contact: str | None = None
    provisional: bool = False
    no_date: bool = False

    @property
    def takes_place(self) -> bool:
        """Whether a session is held (status ``held`` or ``moved``)."""
        return self.status in ("held", "moved")


# -- reading the schedule ------------------------------------------------------


def _iso(text: str, schedule: str, what: str) -> date:
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        raise InputError(
            f"schedule {schedule!r}: {what} {text!r} is not a date; write YYYY-MM-DD"
        ) from None


def _as_day(value: object, what: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise InputError(f"{what}={value!r} is not a date; pass a datetime.date or 'YYYY-MM-DD'")


@attrs.frozen
class _Rule:
    """A schedule's rule in computable form (parsed once per schedule)."""

    kind: str  # month | week | dates | rrule
    weekday: int = 0
    week: int = 0
    counting: str = ""
    dates: tuple[date, ...] = ()
    rrule: str = ""
    first: date = date.min  # the schedule's start/end, or the extremes
    last: date = date.max
    clock: time | None = None


@functools.lru_cache(maxsize=256)
def _rule(schedule: Schedule) -> _Rule:
    name = schedule.name
    first = _iso(schedule.start, name, "start") if schedule.start else date.min
    last = _iso(schedule.end, name, "end") if schedule.end else date.max
    clock = None
    if schedule.time is not None:
        try:
            clock = time.fromisoformat(schedule.time)
        except ValueError:
            raise InputError(
                f"schedule {name!r}: time {schedule.time!r} is not HH:MM (24-hour)"
            ) from None
    if schedule.if_day_off not in DAY_OFF_POLICIES:
        raise InputError(
            f"schedule {name!r}: unknown if_day_off {schedule.if_day_off!r}; "
            f"allowed: {', '.join(sorted(DAY_OFF_POLICIES))}"
        )
    common: dict[str, Any] = {"first": first, "last": last, "clock": clock}
    forms = [
        f
        for f, present in (
            ("every", schedule.every is not None),
            ("dates", bool(schedule.dates)),
            ("rrule", schedule.rrule is not None),
        )
        if present
    ]
    if len(forms) != 1:
        raise InputError(
            f"schedule {name!r} needs exactly one of 'every', 'dates' or 'rrule'; "
            f"found {', '.join(forms) or 'none'}"
        )
    if schedule.dates:
        days = sorted({_iso(text, name, "date") for text in schedule.dates})
        return _Rule("dates", dates=tuple(days), **common)
    if schedule.rrule is not None:
        return _Rule("rrule", rrule=schedule.rrule, **common)
    if schedule.weekday not in WEEKDAYS:
        raise InputError(
            f"schedule {name!r}: weekday {schedule.weekday!r} is not one of "
            f"{', '.join(WEEKDAYS)}{did_you_mean(str(schedule.weekday), WEEKDAYS)}"
        )
    weekday = WEEKDAYS.index(schedule.weekday)
    if schedule.every == "week":
        return _Rule("week", weekday=weekday, **common)
    if schedule.every != "month":
        raise InputError(f"schedule {name!r}: every {schedule.every!r}; allowed: month, week")
    week = schedule.week
    if week not in (1, 2, 3, 4, 5, -1) or week is None:
        raise InputError(
            f"schedule {name!r}: week {schedule.week!r}; allowed: 1, 2, 3, 4, 5, or -1 for the last"
        )
    if schedule.counting not in COUNTINGS:
        raise InputError(
            f"schedule {name!r}: counting {schedule.counting!r}; allowed: "
            f"{', '.join(sorted(COUNTINGS))} (caseflow never guesses which reading is meant)"
        )
    return _Rule("month", weekday=weekday, week=week, counting=schedule.counting, **common)


# -- nominal dates ---------------------------------------------------------------


def _month_length(year: int, month: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _month_day(year: int, month: int, rule: _Rule) -> tuple[int, int]:
    """The day of the month the rule gives, and the month's length.

    The day may lie outside ``1..length``: the month then has no session.
    All arithmetic is on day numbers; no date objects are made here.
    """
    length = _month_length(year, month)
    first_weekday = date(year, month, 1).weekday()
    last_weekday = (first_weekday + length - 1) % 7
    return _day_in(rule, first_weekday, last_weekday, length), length


def _day_in(rule: _Rule, first_weekday: int, last_weekday: int, length: int) -> int:
    """The rule's day of a month given its 1st's and last day's weekdays."""
    w, week = rule.weekday, rule.week
    if rule.counting == "nth":
        if week == -1:
            return length - (last_weekday - w) % 7
        return 1 + (w - first_weekday) % 7 + 7 * (week - 1)
    if rule.counting == "calendar":
        if week == -1:
            return length - last_weekday + w
        return 1 - first_weekday + 7 * (week - 1) + w
    # first_full_week
    if week == -1:
        last_sunday = length - (last_weekday + 1) % 7
        return last_sunday - 6 + w
    first_monday = 1 + (-first_weekday) % 7
    return first_monday + 7 * (week - 1) + w


def _why_no_day(year: int, month: int, day: int, length: int, rule: _Rule) -> str:
    """Why the month has no session: the rule's day and where it falls."""
    first = date(year, month, 1)
    weekday = _WEEKDAY_EN[rule.weekday]
    name = f"{_MONTHS[month - 1]} {year}"
    if rule.counting == "nth":
        count = (length - day) // 7 + rule.week  # such weekdays in the month
        return (
            f"no session in {name}: it has only {count} {weekday}s, no {_ORDINALS[rule.week]} one"
        )
    ordinal = first.toordinal() + day - 1
    side = "the previous month" if day < 1 else "the next month"
    if not 1 <= ordinal <= date.max.toordinal():  # only at the ends of year 1 and 9999
        return f"no session in {name}: the {weekday} the rule gives lies in {side}"
    pointed = date.fromordinal(ordinal)
    if rule.counting == "calendar":
        if rule.week == -1:
            week_text = (
                f"its last calendar week (the Monday-Sunday week holding "
                f"{date(year, month, length).isoformat()})"
            )
        elif rule.week == 1:
            week_text = f"its calendar week 1 (the Monday-Sunday week holding {first.isoformat()})"
        else:
            week_text = f"its calendar week {rule.week} (week 1 holds {first.isoformat()})"
    else:
        week_text = f"its full week {rule.week} (week 1 is the first Monday-Sunday week inside it)"
    return f"no session in {name}: the {weekday} of {week_text} is {pointed.isoformat()}, in {side}"


@attrs.frozen
class _Nominal:
    day: date
    why_none: str | None = None  # set: the period has no date (day is its 1st)


def _nominals(rule: _Rule, first: date, last: date) -> list[_Nominal]:
    """The rule's nominal dates in ``[first, last]`` within the schedule's bounds."""
    lo = max(first, rule.first)
    hi = min(last, rule.last)
    if hi < lo:
        return []
    out: list[_Nominal] = []
    if rule.kind == "month":
        lo_ord, hi_ord = lo.toordinal(), hi.toordinal()
        year, month = lo.year, lo.month
        while (year, month) <= (hi.year, hi.month):
            day, length = _month_day(year, month, rule)
            base = date(year, month, 1).toordinal()
            if 1 <= day <= length:
                ordinal = base + day - 1
                if lo_ord <= ordinal <= hi_ord:
                    out.append(_Nominal(date.fromordinal(ordinal)))
            elif lo_ord <= base <= hi_ord:
                out.append(
                    _Nominal(date.fromordinal(base), _why_no_day(year, month, day, length, rule))
                )
            month += 1
            if month == 13:
                year, month = year + 1, 1
        return out
    if rule.kind == "week":
        ordinal = lo.toordinal() + (rule.weekday - lo.weekday()) % 7
        hi_ord = hi.toordinal()
        while ordinal <= hi_ord:
            out.append(_Nominal(date.fromordinal(ordinal)))
            ordinal += 7
        return out
    if rule.kind == "dates":
        start = bisect.bisect_left(rule.dates, lo)
        stop = bisect.bisect_right(rule.dates, hi)
        return [_Nominal(day) for day in rule.dates[start:stop]]
    return [_Nominal(day) for day in _rrule_days(rule.rrule, rule.first, lo, hi)]


@functools.lru_cache(maxsize=64)
def _rrule_set(text: str, start: date) -> Any:
    from dateutil.rrule import rrulestr

    anchor = RRULE_DEFAULT_START if start == date.min else start
    try:
        return rrulestr(
            text, dtstart=datetime(anchor.year, anchor.month, anchor.day), forceset=True
        )
    except (ValueError, TypeError) as err:
        raise InputError(f"rrule {text!r} is not valid RFC 5545 text ({err})") from None


def _rrule_days(text: str, start: date, lo: date, hi: date) -> list[date]:
    rules = _rrule_set(text, start)
    try:
        found = rules.between(
            datetime(lo.year, lo.month, lo.day),
            datetime(hi.year, hi.month, hi.day, 23, 59, 59),
            inc=True,
        )
    except TypeError as err:  # e.g. a DTSTART with a zone inside the text
        raise InputError(f"rrule {text!r} cannot be evaluated on dates ({err})") from None
    return sorted({moment.date() for moment in found})


def _next_nominal(rule: _Rule, after: date) -> date | None:
    """The rule's first real nominal date after ``after``, if one is near."""
    for span in _LOOKAHEAD_SPANS:
        if after.toordinal() + span > date.max.toordinal():
            break
        for nominal in _nominals(rule, after + timedelta(days=1), after + timedelta(days=span)):
            if nominal.why_none is None:
                return nominal.day
    return None


# -- day-off policy and overrides ------------------------------------------------


def _day_off_text(cal: WorkingCalendar, day: date) -> str:
    info = cal.day_info(day)
    names = " / ".join(n for n in dict.fromkeys((info.name_vi, info.name_en)) if n)
    what = f"{info.kind}: {names}" if names else info.kind
    return f"{day.isoformat()} is a day off ({what})"


def _apply_policy(
    policy: str, nominal: date, cal: WorkingCalendar
) -> tuple[Status, date, str | None]:
    """Status, date and reason for a nominal date under the day-off policy."""
    if cal.is_working_day(nominal):
        return "held", nominal, None
    off = _day_off_text(cal, nominal)
    if policy == "keep":
        return "held", nominal, f"{off}; held anyway (if_day_off: keep)"
    if policy == "skip":
        return "skipped", nominal, f"{off}; no session this time (if_day_off: skip)"
    if policy == "next_working_day":
        moved = cal.next_working_day(nominal)
        return (
            "moved",
            moved,
            f"{off}; moved to the next working day, {moved.isoformat()} "
            "(if_day_off: next_working_day)",
        )
    # next_week
    also: list[str] = []
    candidate = nominal
    for _ in range(NEXT_WEEK_LIMIT):
        candidate += timedelta(days=7)
        if cal.is_working_day(candidate):
            text = off
            if also:
                text += ", and so " + ("is " if len(also) == 1 else "are ") + ", ".join(also)
            return (
                "moved",
                candidate,
                f"{text}; moved to the same weekday of the next working week, "
                f"{candidate.isoformat()} (if_day_off: next_week)",
            )
        also.append(_day_off_text(cal, candidate).replace(" is a day off", ""))
    weekday = _WEEKDAY_EN[nominal.weekday()]
    return (
        "skipped",
        nominal,
        f"{off}; no working {weekday} in the next {NEXT_WEEK_LIMIT} weeks, so no session "
        "(if_day_off: next_week)",
    )


def _nearest(rule: _Rule, day: date) -> list[date]:
    """The rule's nominal dates nearest ``day``: the one before and the one after."""
    around: list[date] = []
    for span in (62, 400, 3000):
        lo = date.fromordinal(max(1, day.toordinal() - span))
        hi = date.fromordinal(min(date.max.toordinal(), day.toordinal() + span))
        around = [n.day for n in _nominals(rule, lo, hi) if n.why_none is None]
        if any(d < day for d in around) and any(d > day for d in around):
            break
    before = [d for d in around if d < day][-1:]
    after = [d for d in around if d > day][:1]
    return before + after


def _overrides(schedule: Schedule, rule: _Rule) -> dict[date, ScheduleOverride]:
    """The overrides by nominal date, each checked against the rule."""
    found: dict[date, ScheduleOverride] = {}
    for override in schedule.overrides:
        day = _iso(override.date, schedule.name, "override date")
        if (override.moved_to is None) == (not override.cancelled):
            raise InputError(
                f"schedule {schedule.name!r}: the override of {day.isoformat()} needs either "
                "'moved_to: DATE' or 'cancelled: true'"
            )
        if override.moved_to is not None:
            _iso(override.moved_to, schedule.name, "override moved_to")
        if day in found:
            raise InputError(
                f"schedule {schedule.name!r} has two overrides for {day.isoformat()}; keep one"
            )
        hits = _nominals(rule, day, day)
        if not hits or hits[0].why_none is not None:
            near = _nearest(rule, day)
            shown = " and ".join(d.isoformat() for d in near) or "none"
            bounds = ""
            if not rule.first <= day <= rule.last:
                bounds = " (it lies outside the schedule's start/end)"
            raise InputError(
                f"schedule {schedule.name!r}: override date {day.isoformat()} is not a date "
                f"of the schedule's rule{bounds}; nearest rule dates: {shown}. An override "
                "names the regular date it moves or cancels."
            )
        found[day] = override
    return found


# -- the public functions -----------------------------------------------------------


def occurrences(
    schedule: Schedule, cal: WorkingCalendar, start: date | str, end: date | str
) -> list[Occurrence]:
    """The schedule's occurrences whose nominal date lies in ``[start, end]``.

    Sorted by ``date`` (then ``nominal``); the same input always gives the
    same output. Cancelled and skipped occurrences are included, so that a
    calendar can say why there is no session. See the module docstring for
    the readings, the day-off policies, collisions and overrides. Raises
    ``InputError`` for an override that names no date of the rule.
    """
    first = _as_day(start, "start")
    last = _as_day(end, "end")
    if last < first:
        raise InputError(f"end={last.isoformat()!r} is before start={first.isoformat()!r}")
    rule = _rule(schedule)
    overrides = _overrides(schedule, rule) if schedule.overrides else {}
    nominals = _nominals(rule, first, last)
    real = [n.day for n in nominals if n.why_none is None]
    policy = schedule.if_day_off
    common: dict[str, Any] = {
        "schedule": schedule.name,
        "time": rule.clock,
        "place": schedule.place,
        "contact": schedule.contact,
    }
    out: list[Occurrence] = []
    index = 0  # position of the current nominal in ``real``
    for nominal in nominals:
        day = nominal.day
        if nominal.why_none is not None:
            out.append(
                Occurrence(
                    date=day,
                    nominal=day,
                    reason=nominal.why_none,
                    status="skipped",
                    provisional=cal.is_provisional(day),
                    no_date=True,
                    **common,
                )
            )
            continue
        index += 1
        override = overrides.get(day)
        status: Status
        reason: str | None
        if override is not None:
            if override.moved_to is None:
                status, held, reason = "cancelled", day, override.reason
            else:
                moved_to = date.fromisoformat(override.moved_to)
                status, held, reason = "moved", moved_to, override.reason
        else:
            status, held, reason = _apply_policy(policy, day, cal)
            if status == "moved":
                following = real[index] if index < len(real) else _next_nominal(rule, day)
                if following is not None and held >= following:
                    reason = (
                        f"{_day_off_text(cal, day)}; moving it to {held.isoformat()} would reach "
                        f"the next session date, {following.isoformat()}, so no separate session "
                        f"is held: its business goes to that session (if_day_off: {policy})"
                    )
                    status, held = "skipped", day
        out.append(
            Occurrence(
                date=held,
                nominal=day,
                reason=reason,
                status=status,
                provisional=cal.is_provisional(held),
                **common,
            )
        )
    out.sort(key=lambda o: (o.date, o.nominal))
    return out


def select_schedules(schedules: Sequence[Schedule], name: str | None = None) -> list[Schedule]:
    """The schedules called ``name`` (all of them when ``name`` is None).

    ``InputError`` when there are none, or no schedule has that name (the
    message lists the known ones).
    """
    if not schedules:
        raise InputError("the workflow defines no schedules")
    if name is None:
        return list(schedules)
    chosen = [s for s in schedules if s.name == name]
    if not chosen:
        known = [s.name for s in schedules]
        raise InputError(
            f"unknown schedule {name!r}{did_you_mean(name, known)}; known schedules: "
            f"{', '.join(known)}"
        )
    return chosen


def year_occurrences(
    schedules: Sequence[Schedule], cal: WorkingCalendar, year: int, *, name: str | None = None
) -> list[Occurrence]:
    """Every occurrence in ``year`` of the schedules (or of the one called ``name``).

    What ``caseflow schedule FILE --year Y [--name S]`` shows: sorted by
    date, then schedule name.
    """
    if isinstance(year, bool) or not isinstance(year, int) or not 1 <= year <= 9999:
        raise InputError(f"year={year!r} must be a whole number from 1 to 9999")
    found: list[Occurrence] = []
    for schedule in select_schedules(schedules, name):
        found.extend(occurrences(schedule, cal, date(year, 1, 1), date(year, 12, 31)))
    found.sort(key=lambda o: (o.date, o.schedule, o.nominal))
    return found


def schedule_rrule(schedule: Schedule) -> str | None:
    """The RFC 5545 RRULE giving the schedule's nominal dates, or None.

    The nominal dates only: the day-off policy and the overrides are not
    part of it (they need the working calendar). ``every: week`` is
    ``FREQ=WEEKLY;BYDAY=TU``; ``counting: nth`` is ``FREQ=MONTHLY;BYDAY=+4TU``
    (``-1TU`` for the last). The two other readings are exact too, as a
    weekday inside a window of seven days of the month, because a
    Monday-Sunday week of the month, whatever the month, holds exactly one of
    each weekday:

    - ``calendar``, week ``k``, weekday ``w`` (Monday = 0): the day is
      ``7k - 6 - f + w`` with ``f`` the weekday of the 1st, in 0..6, so it
      is the weekday ``w`` among days ``7k - 12 + w .. 7k - 6 + w``; days
      below 1 are dropped (week 1: the month may have none, as the rule
      says) and days past the month's end do not exist in it (week 5).
      Tuesday of week 4: ``BYDAY=TU;BYMONTHDAY=17,18,19,20,21,22,23``. The
      last calendar week (``-1``) holds the weekday among the last ``7 - w``
      days: ``BYMONTHDAY=-(7 - w)..-1``.
    - ``first_full_week``, week ``k``: the week starts on the ``k``-th
      Monday, days ``7k - 6 .. 7k``, so the weekday lies in days
      ``7k - 6 + w .. 7k + w``; the last full week ends on the last Sunday,
      so its weekday lies in days ``-13 + w .. -7 + w`` from the end.

    With ``end``, ``UNTIL`` is added. DTSTART is the caller's: use the
    first nominal date, since RFC 5545 counts DTSTART as an occurrence even
    when it does not match the rule. An ``rrule:`` schedule returns its own
    text; an explicit ``dates:`` list has no RRULE (use RDATE), nor has a
    rule that never gives a date (the Thursday to Sunday of full week 5).
    """
    rule = _rule(schedule)
    if rule.kind == "dates":
        return None
    if rule.kind == "rrule":
        text = rule.rrule.strip()
        return text[len("RRULE:") :] if text.upper().startswith("RRULE:") else text
    day = _RRULE_DAYS[rule.weekday]
    if rule.kind == "week":
        text = f"FREQ=WEEKLY;BYDAY={day}"
    elif rule.counting == "nth":
        text = f"FREQ=MONTHLY;BYDAY={'+' if rule.week > 0 else ''}{rule.week}{day}"
    else:
        w, k = rule.weekday, rule.week
        if rule.counting == "calendar":
            window = range(w - 7, 0) if k == -1 else range(7 * k - 12 + w, 7 * k - 5 + w)
        elif k == -1:
            window = range(w - 13, w - 6)
        else:
            window = range(7 * k - 6 + w, 7 * k + w + 1)
        # A window for week -1 counts back from the month's end and is always
        # valid; a forward one drops the days before the 1st (week 1) and
        # after the 31st (week 5), which exist in no month.
        days = list(window) if k == -1 else [d for d in window if 1 <= d <= 31]
        if not days:
            return None  # e.g. the Sunday of full week 5: never inside a month
        text = f"FREQ=MONTHLY;BYDAY={day};BYMONTHDAY={','.join(str(d) for d in days)}"
    if schedule.end is not None:
        text += f";UNTIL={rule.last.strftime('%Y%m%d')}"
    return text


def validate_schedule(schedule: Schedule, cal: WorkingCalendar, years: Iterable[int]) -> list[str]:
    """Warnings about a schedule over ``years``: each a sentence naming the schedule.

    Warns about a rule that can leave months without a session (and names
    those months in ``years``), a year in which no session is held at all,
    a weekly rule with ``next_week`` (whose moves land on the next session),
    an ``rrule`` whose dates depend on the default DTSTART, overrides that
    move a session onto a day off or onto/past another session, and an
    override that names no date of the rule (the error ``occurrences``
    would raise, as a warning here). Empty when all is well.
    """
    name = schedule.name
    warnings: list[str] = []
    try:
        rule = _rule(schedule)
    except InputError as err:
        return [str(err)]
    if rule.kind == "month":
        missing = _months_without_day(rule)
        which = "the last week" if rule.week == -1 else f"week {rule.week}"
        if missing == "all months":
            warnings.append(
                f"schedule {name!r}: the {_WEEKDAY_EN[rule.weekday]} of {which} "
                f"(counting: {rule.counting}) is never inside its month: the rule gives no "
                "session at all"
            )
        elif missing:
            warnings.append(
                f"schedule {name!r}: the {_WEEKDAY_EN[rule.weekday]} of {which} "
                f"(counting: {rule.counting}) is not in every month, so some months have no "
                f"session under this rule: {missing}"
            )
    on_weekend = rule.kind in ("month", "week") and WEEKDAYS[rule.weekday] in cal.weekend
    if on_weekend:
        warnings.append(
            f"schedule {name!r}: {WEEKDAYS[rule.weekday]} is a weekend day in calendar "
            f"{cal.name!r}, so every session falls on a day off (if_day_off: "
            f"{schedule.if_day_off}) unless it is a make-up working day"
        )
    if rule.kind == "week" and schedule.if_day_off == "next_week":
        warnings.append(
            f"schedule {name!r}: a weekly session moved by 'if_day_off: next_week' lands on "
            "the next week's session, so it is merged into it (skipped); "
            "'next_working_day' or 'skip' may be meant"
        )
    if rule.kind == "rrule" and schedule.start is None:
        upper = rule.rrule.upper()
        if "COUNT=" in upper or "INTERVAL=" in upper:
            warnings.append(
                f"schedule {name!r}: the rrule uses COUNT or INTERVAL, which count from DTSTART; "
                f"without 'start' DTSTART is {RRULE_DEFAULT_START.isoformat()}; add 'start'"
            )
    overridden = _override_days(schedule)
    chosen = sorted(set(years))
    for year in chosen:
        if isinstance(year, bool) or not isinstance(year, int) or not 1 <= year <= 9999:
            raise InputError(f"years holds {year!r}; each must be a whole number from 1 to 9999")
    for year in chosen:
        try:
            found = occurrences(schedule, cal, date(year, 1, 1), date(year, 12, 31))
        except InputError as err:
            warnings.append(str(err))
            break
        months = [o for o in found if o.no_date]
        if months:
            listed = ", ".join(_MONTHS[o.date.month - 1] for o in months)
            warnings.append(f"schedule {name!r}: in {year} no session under the rule in {listed}")
        if found and not any(o.takes_place for o in found):
            warnings.append(
                f"schedule {name!r}: in {year} every occurrence is skipped or cancelled; "
                "no session is held"
            )
        elif not found and rule.first <= date(year, 12, 31) and date(year, 1, 1) <= rule.last:
            warnings.append(f"schedule {name!r}: the rule gives no date in {year}")
        kept = [
            o.date.isoformat()
            for o in found
            if o.status == "held" and o.reason is not None and o.nominal not in overridden
        ]
        if kept and not on_weekend:
            warnings.append(
                f"schedule {name!r}: in {year} sessions are held on days off "
                f"(if_day_off: keep): {', '.join(kept)}"
            )
        if any(o.provisional for o in found if o.takes_place):
            warnings.append(
                f"schedule {name!r}: {year} has no official schedule of day swaps in calendar "
                f"{cal.name!r}, so its session dates are provisional"
            )
        held = sorted(o.date for o in found if o.takes_place)
        for o in found:
            if o.status != "moved" or o.nominal not in overridden:
                continue
            if not cal.is_working_day(o.date):
                warnings.append(
                    f"schedule {name!r}: the override moves {o.nominal.isoformat()} to "
                    f"{o.date.isoformat()}, a day off ({_day_off_text(cal, o.date)})"
                )
            if held.count(o.date) > 1:
                warnings.append(
                    f"schedule {name!r}: the override moves {o.nominal.isoformat()} to "
                    f"{o.date.isoformat()}, where another session is held"
                )
            later = [
                n.day
                for n in _nominals(rule, o.nominal + timedelta(days=1), o.date)
                if n.why_none is None
            ]
            if later and later[0] < o.date:
                warnings.append(
                    f"schedule {name!r}: the override moves {o.nominal.isoformat()} to "
                    f"{o.date.isoformat()}, past the next session date {later[0].isoformat()}"
                )
    return warnings


def _months_without_day(rule: _Rule) -> str:
    """Which months a monthly rule misses, by first weekday and length ("" if none).

    A month's day under any reading depends only on the weekday of its 1st
    and its length, so the 7 x 4 kinds of month settle the question for all
    years.
    """
    by_starts: dict[tuple[str, ...], list[str]] = {}
    for length in (28, 29, 30, 31):
        starts = []
        for first_weekday in range(7):
            last_weekday = (first_weekday + length - 1) % 7
            day = _day_in(rule, first_weekday, last_weekday, length)
            if not 1 <= day <= length:
                starts.append(_WEEKDAY_EN[first_weekday])
        if starts:
            by_starts.setdefault(tuple(starts), []).append(str(length))
    missed: list[str] = []
    for weekdays, lengths in by_starts.items():
        kind = "months" if len(lengths) == 4 else f"{_or(lengths)}-day months"
        when = "" if len(weekdays) == 7 else f" starting on a {_or(list(weekdays))}"
        missed.append(f"{'all ' if not when else ''}{kind}{when}")
    return "; ".join(missed)


def _or(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"


def _override_days(schedule: Schedule) -> frozenset[date]:
    return frozenset(date.fromisoformat(o.date) for o in schedule.overrides)

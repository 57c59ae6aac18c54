"""A schedule's rule in computable form, read and checked once per schedule.

This module owns ``Rule``: what a ``Schedule`` (``definition``) says about
its dates, reduced to numbers (the weekday, the week, the counting, the
sorted explicit dates or the ``rrule`` text, the ``start``/``end`` bounds,
narrowed by an ``rrule``'s ``UNTIL`` (read by ``until``, in the workflow's
time zone), the time of day), with an ``InputError`` naming the schedule for anything a
rule cannot be built from. The loader has checked the file already; these
checks guard schedules built in Python. Which days a rule gives is
``nominals``' job.
"""

from __future__ import annotations

import functools
from datetime import date, time
from typing import Any

import attrs

from caseflow.definition import COUNTINGS, DAY_OFF_POLICIES, WEEKDAYS, Schedule
from caseflow.errors import InputError, did_you_mean
from caseflow.i18n import _
from caseflow.recurrence.until import DEFAULT_ZONE, rrule_until

__all__ = ["Rule", "parse_date", "read_rule"]


def parse_date(text: str, schedule: str, what: str) -> date:
    """``YYYY-MM-DD`` text of schedule ``schedule``; ``InputError`` naming ``what`` if not."""
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        raise InputError(
            _("schedule {schedule!r}: {what} {text!r} is not a date; write YYYY-MM-DD").format(
                schedule=schedule, what=what, text=text
            )
        ) from None


@attrs.frozen
class Rule:
    """A schedule's rule in computable form (parsed once per schedule)."""

    kind: str  # month | week | dates | rrule
    weekday: int = 0
    week: int = 0
    counting: str = ""
    dates: tuple[date, ...] = ()
    rrule: str = ""  # without its UNTIL, which ``last`` holds
    first: date = date.min  # the schedule's start/end, or the extremes
    last: date = date.max
    clock: time | None = None


@functools.lru_cache(maxsize=256)
def read_rule(schedule: Schedule, zone: str = DEFAULT_ZONE) -> Rule:
    """The schedule's rule, checked (cached: schedules are frozen).

    ``zone`` is the workflow's time zone: an ``rrule``'s ``UNTIL`` written
    as a local or UTC time is read in it (``until``).
    """
    name = schedule.name
    first = parse_date(schedule.start, name, "start") if schedule.start else date.min
    last = parse_date(schedule.end, name, "end") if schedule.end else date.max
    clock = None
    if schedule.time is not None:
        try:
            clock = time.fromisoformat(schedule.time)
        except ValueError:
            raise InputError(
                _("schedule {name!r}: time {time!r} is not HH:MM (24-hour)").format(
                    name=name, time=schedule.time
                )
            ) from None
    if schedule.if_day_off not in DAY_OFF_POLICIES:
        raise InputError(
            _("schedule {name!r}: unknown if_day_off {if_day_off!r}; allowed: {value}").format(
                name=name, if_day_off=schedule.if_day_off, value=", ".join(sorted(DAY_OFF_POLICIES))
            )
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
            _(
                "schedule {name!r} needs exactly one of 'every', 'dates' or 'rrule'; found {value}"
            ).format(name=name, value=", ".join(forms) or "none")
        )
    if schedule.dates:
        days = sorted({parse_date(text, name, "date") for text in schedule.dates})
        return Rule("dates", dates=tuple(days), **common)
    if schedule.rrule is not None:
        try:
            text, until = rrule_until(schedule.rrule, clock=clock, zone=zone)
        except InputError as err:
            raise InputError(_("schedule {name!r}: {err}").format(name=name, err=err)) from None
        if until is not None:
            common["last"] = min(last, until)
        return Rule("rrule", rrule=text, **common)
    if schedule.weekday not in WEEKDAYS:
        raise InputError(
            _("schedule {name!r}: weekday {weekday!r} is not one of {value}{value2}").format(
                name=name,
                weekday=schedule.weekday,
                value=", ".join(WEEKDAYS),
                value2=did_you_mean(str(schedule.weekday), WEEKDAYS),
            )
        )
    weekday = WEEKDAYS.index(schedule.weekday)
    if schedule.every == "week":
        return Rule("week", weekday=weekday, **common)
    if schedule.every != "month":
        raise InputError(
            _("schedule {name!r}: every {every!r}; allowed: month, week").format(
                name=name, every=schedule.every
            )
        )
    week = schedule.week
    if week not in (1, 2, 3, 4, 5, -1) or week is None:
        raise InputError(
            _(
                "schedule {name!r}: week {week!r}; allowed: 1, 2, 3, 4, 5, or -1 for the last"
            ).format(name=name, week=schedule.week)
        )
    if schedule.counting not in COUNTINGS:
        raise InputError(
            _(
                "schedule {name!r}: counting {counting!r}; allowed: {value} "
                "(caseflow never guesses which reading is meant)"
            ).format(name=name, counting=schedule.counting, value=", ".join(sorted(COUNTINGS)))
        )
    return Rule("month", weekday=weekday, week=week, counting=schedule.counting, **common)

"""A deliberately naive reference model of legal time, sharing no code with ``src/``.

It is the oracle the deadline tests compare ``wf.deadlines`` with. It walks
the calendar one day at a time and counts, exactly as docs/legal-time.md
writes the model down:

- a period in days starts the day after its anchor (Bộ luật Dân sự 2015,
  Điều 147) and counts calendar days or working days, as the rule says;
- a suspension stops the clock: the day it starts still counts, the days
  after it up to and including the day of resumption do not, and the count
  goes on the day after (so resumption gives back exactly what was left of
  the nominal period);
- a suspension that starts on or after the day the count was complete (as
  the record stood when it started) changes nothing: nothing was left to
  give back, and a missed deadline stays missed;
- an extension adds the length granted to the nominal period;
- the period ends on the day the count is complete; when that day is a day
  off, it ends on the next working day (Điều 148 khoản 5), applied once, at
  the end.

Working days come from the official schedules of 2024-2026 as domain.md
tabulates them (weekends, the weekdays off, the make-up Saturdays), typed
in here from that table and not read from caseflow's calendar. Instants
become days in Viet Nam's zone (UTC+7, no daylight saving) by plain
arithmetic, not by caseflow's time helpers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

VN_OFFSET = dt.timedelta(hours=7)

# domain.md, "Working days in the Vietnamese public sector": weekdays off.
_WEEKDAYS_OFF = {
    2024: "1/1; 8/2; 9/2; 12/2; 13/2; 14/2; 18/4; 29/4; 30/4; 1/5; 2/9; 3/9",
    2025: "1/1; 27/1; 28/1; 29/1; 30/1; 31/1; 7/4; 30/4; 1/5; 2/5; 1/9; 2/9",
    2026: "1/1; 2/1; 16/2; 17/2; 18/2; 19/2; 20/2; 27/4; 30/4; 1/5; 31/8; 1/9; 2/9",
}
# The same table: make-up working Saturdays.
_MAKE_UP_SATURDAYS = {2024: "4/5", 2025: "26/4", 2026: "10/1; 22/8"}

FIRST_DAY = dt.date(2024, 1, 1)
LAST_DAY = dt.date(2026, 12, 31)
"""The span the table covers; the model refuses days outside it."""


def _days(year: int, text: str) -> set[dt.date]:
    out = set()
    for item in text.split(";"):
        day, month = item.strip().split("/")
        out.add(dt.date(year, int(month), int(day)))
    return out


DAYS_OFF = set().union(*(_days(y, t) for y, t in _WEEKDAYS_OFF.items()))
MAKE_UP = set().union(*(_days(y, t) for y, t in _MAKE_UP_SATURDAYS.items()))


def is_working(day: dt.date) -> bool:
    """Whether civil servants work on ``day`` (2024-2026 only)."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"the reference table covers 2024-2026, not {day}")
    if day in MAKE_UP:
        return True
    return day.weekday() < 5 and day not in DAYS_OFF


def local_day(at: dt.datetime) -> dt.date:
    """The day of an instant in Viet Nam (naive instants are already local)."""
    if at.tzinfo is None:
        return at.date()
    return (at.astimezone(dt.UTC).replace(tzinfo=None) + VN_OFFSET).date()


def next_working(day: dt.date) -> dt.date:
    """``day`` itself when it is a working day, else the first working day after it."""
    while not is_working(day):
        day += dt.timedelta(days=1)
    return day


@dataclass(frozen=True)
class Clock:
    """What happened to one deadline's clock, as local days in history order.

    ``events`` holds ``("pause", day)``, ``("resume", day)``,
    ``("extend", day, granted)`` and ``("met", day)`` tuples, in the order
    the history recorded them.
    """

    anchor: dt.date
    amount: int
    working_days: bool
    events: Sequence[tuple[object, ...]] = field(default_factory=tuple)


@dataclass(frozen=True)
class Outcome:
    """The model's answer: the due day and the status at a day."""

    due: dt.date
    status: str
    late: bool = False


def _nominal_end(
    anchor: dt.date,
    total: int,
    working_days: bool,
    pauses: Iterable[tuple[dt.date, dt.date | None]],
) -> dt.date | None:
    """The day the count reaches ``total``; None while an open pause holds it."""
    stopped = list(pauses)
    count = 0
    day = anchor
    if total == 0:
        return anchor
    while True:
        day += dt.timedelta(days=1)
        runs = True
        for start, resumed in stopped:
            if start < day and (resumed is None or day <= resumed):
                runs = False
        if runs and (not working_days or is_working(day)):
            count += 1
            if count == total:
                return day
        if all(r is not None for _, r in stopped) and day > LAST_DAY:
            raise ValueError("the period runs past the reference table")
        if any(r is None and s < day for s, r in stopped):
            return None


def due_day(
    anchor: dt.date,
    total: int,
    working_days: bool,
    pauses: Iterable[tuple[dt.date, dt.date | None]] = (),
) -> dt.date | None:
    """The due day of a period of ``total`` units after ``anchor`` (None while paused)."""
    end = _nominal_end(anchor, total, working_days, pauses)
    return None if end is None else next_working(end)


def evaluate(clock: Clock, today: dt.date) -> Outcome:
    """The deadline of ``clock`` as of ``today``, by the written model."""
    total = clock.amount
    pauses: list[tuple[dt.date, dt.date | None]] = []
    open_pause: dt.date | None = None
    ignored = False
    for event in clock.events:
        kind, day = event[0], event[1]
        assert isinstance(day, dt.date)
        if day > today:
            break
        if kind == "met":
            due = due_day(clock.anchor, total, clock.working_days, pauses)
            assert due is not None
            return Outcome(due=due, status="met", late=day > due)
        if kind == "pause":
            end = _nominal_end(clock.anchor, total, clock.working_days, pauses)
            assert end is not None
            # Nothing is left of a period whose count is complete: a missed
            # (or used-up) deadline is not revived by a suspension.
            ignored = day >= end
            if not ignored:
                open_pause = day
        elif kind == "resume":
            if open_pause is not None:
                pauses.append((open_pause, day))
            open_pause, ignored = None, False
        elif kind == "extend":
            granted = event[2]
            assert isinstance(granted, int)
            total += granted  # the engine lets an extension fire only while the clock runs
    due = due_day(clock.anchor, total, clock.working_days, pauses)
    assert due is not None
    if open_pause is not None:
        return Outcome(due=due, status="paused")
    return Outcome(due=due, status="overdue" if today > due else "pending")

"""An independent, day-by-day walk of legal time: the oracle the deadline checks compare with.

This module owns a second, deliberately naive computation of a due date
(docs/legal-time.md, the same model ``tests/legal_time_model.py`` writes
down for caseflow's own tests), sharing no arithmetic with
``caseflow.deadlines``: it steps one day at a time, asking the calendar
only whether a day is a working day.

- The count starts the day after the anchor (Bộ luật Dân sự 2015, Điều 147).
- A suspension stops the clock: its first day still counts, the days after
  it up to and including the day of resumption do not; a suspension that
  starts on or after the day the count was complete changes nothing.
- An extension adds the length granted to the nominal period.
- A period in calendar days that ends on a day off ends on the next working
  day (Điều 148 khoản 5), applied once, at the end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

__all__ = ["Clock", "paused_due", "walk_due"]

_ONE = dt.timedelta(days=1)

Clock = tuple[str, dt.date, int]
"""One thing that happened to a clock: ("pause" | "resume" | "extend", day, units granted)."""


def _nominal_end(
    anchor: dt.date,
    total: int,
    working: Callable[[dt.date], bool] | None,
    stopped: Sequence[tuple[dt.date, dt.date | None]],
) -> dt.date | None:
    """The day the count reaches ``total`` (working days when ``working`` is given)."""
    if total == 0:
        return anchor
    count, day = 0, anchor
    for _ in range(40000):
        day += _ONE
        if any(start < day and (resumed is None or day <= resumed) for start, resumed in stopped):
            if any(resumed is None for _, resumed in stopped):
                return None  # held by a suspension that has not ended
            continue
        if working is None or working(day):
            count += 1
            if count == total:
                return day
    return None


def walk_due(
    anchor: dt.date,
    amount: int,
    *,
    is_working_day: Callable[[dt.date], bool],
    working_days: bool,
    events: Sequence[Clock] = (),
    roll: str = "next_working_day",
) -> dt.date | None:
    """The due day of ``amount`` days (or working days) after ``anchor``, per the written model.

    ``events`` are the clock's suspensions, resumptions and extensions in
    history order, as local days. Returns None while an open suspension
    holds the count (the due date is then the one it had when it began,
    which the caller keeps).
    """
    working = is_working_day if working_days else None
    total = amount
    stopped: list[tuple[dt.date, dt.date | None]] = []
    paused_on: dt.date | None = None
    for kind, day, granted in events:
        if kind == "pause":
            end = _nominal_end(anchor, total, working, stopped)
            if end is not None and day < end:
                paused_on = day
        elif kind == "resume":
            if paused_on is not None:
                stopped.append((paused_on, day))
            paused_on = None
        elif kind == "extend":
            total += granted
    if paused_on is not None:
        return None
    end = _nominal_end(anchor, total, working, stopped)
    if end is None or (roll == "keep" and not working_days):
        return end
    day = end  # a working-day count of 0 from a day off lands on the next working day too
    step = -_ONE if roll == "previous_working_day" and not working_days else _ONE
    for _ in range(400):
        if is_working_day(day):
            return day
        day += step
    return None


def paused_due(
    anchor: dt.date,
    amount: int,
    *,
    is_working_day: Callable[[dt.date], bool],
    working_days: bool,
    events: Sequence[Clock],
    roll: str = "next_working_day",
) -> dt.date | None:
    """The due day shown while the last suspension of ``events`` holds: as it was when it began."""
    last = max(i for i, event in enumerate(events) if event[0] == "pause")
    return walk_due(
        anchor,
        amount,
        is_working_day=is_working_day,
        working_days=working_days,
        events=events[:last],
        roll=roll,
    )

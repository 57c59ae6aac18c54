"""Hypothesis strategies for working calendars.

``user_calendars()`` draws a random calendar file (its own weekend, extra
days off, make-up working days, extending VN or standing alone) together
with an oracle: a plain predicate that says which days are working, computed
from the drawn data and not from the calendar's tables.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import attrs
from hypothesis import strategies as st

from caseflow.calendars import WEEKDAYS, WorkingCalendar, calendar, load_calendar

VN_DATES = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))
"""Dates over the span the holidays package knows well, and beyond today."""

WINDOW = (date(2024, 1, 1), date(2028, 12, 31))
"""User calendars put their entries in this window and are queried in it."""

WINDOW_DATES = st.dates(min_value=WINDOW[0], max_value=WINDOW[1])

COUNTS = st.integers(min_value=-120, max_value=120)
POSITIVE_COUNTS = st.integers(min_value=1, max_value=120)


@attrs.frozen(kw_only=True)
class DrawnCalendar:
    """A drawn calendar file and what it should mean."""

    text: str
    extends_vn: bool
    weekend: frozenset[int]
    days_off: frozenset[date]
    working: frozenset[date]

    def load(self) -> WorkingCalendar:
        return load_calendar(self.text, filename="drawn.yaml")

    def oracle(self) -> Callable[[date], bool]:
        """Whether a day is working, from the drawn data (and VN's rules when extended)."""
        vn = calendar("VN") if self.extends_vn else None

        def working(day: date) -> bool:
            if day in self.working:
                return True
            if day in self.days_off:
                return False
            if vn is not None:
                info = vn.day_info(day)
                if info.kind not in ("working", "weekend"):
                    return info.working
            return day.weekday() not in self.weekend

        return working


def _entry(day: date, index: int) -> str:
    return (
        f"  - date: {day.isoformat()}\n"
        f"    name_en: drawn entry {index}\n"
        f"    source: test decision {index}\n"
    )


@st.composite
def user_calendars(draw: st.DrawFn) -> DrawnCalendar:
    """A random calendar file: weekend, days off and make-up days in WINDOW."""
    extends_vn = draw(st.booleans())
    own_weekend = draw(st.booleans())
    weekend = (
        frozenset(draw(st.sets(st.integers(0, 6), max_size=6)))
        if own_weekend
        else frozenset({5, 6})
    )
    span = (WINDOW[1] - WINDOW[0]).days
    offsets = st.integers(0, span)
    days_off = {WINDOW[0] + timedelta(days=o) for o in draw(st.sets(offsets, max_size=40))}
    # A make-up working day must fall on a day that would be off: a weekend day.
    candidates = {WINDOW[0] + timedelta(days=o) for o in draw(st.sets(offsets, max_size=40))}
    working = {d for d in candidates if d.weekday() in weekend} - days_off
    lines = ["caseflow: 1", "name: drawn"]
    if extends_vn:
        lines.append("extends: VN")
    if own_weekend:
        names = ", ".join(WEEKDAYS[d] for d in sorted(weekend))
        lines.append(f"weekend: {{days: [{names}], source: test weekend}}")
    text = "\n".join(lines) + "\n"
    if days_off:
        text += "days_off:\n" + "".join(_entry(d, i) for i, d in enumerate(sorted(days_off)))
    if working:
        text += "working_days:\n" + "".join(_entry(d, i) for i, d in enumerate(sorted(working)))
    return DrawnCalendar(
        text=text,
        extends_vn=extends_vn,
        weekend=weekend,
        days_off=frozenset(days_off),
        working=frozenset(working),
    )


def naive_add(is_working: Callable[[date], bool], start: date, n: int) -> date:
    """The n-th working day after (n > 0) or before (n < 0) start, one day at a time."""
    if n == 0:
        day = start
        while not is_working(day):
            day += timedelta(days=1)
        return day
    step = timedelta(days=1 if n > 0 else -1)
    day, left = start, abs(n)
    while left:
        day += step
        if is_working(day):
            left -= 1
    return day

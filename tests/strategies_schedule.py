"""Hypothesis strategies for session schedules (``recurrence``).

``monthly_schedules()`` and ``weekly_schedules()`` draw ``Schedule`` rules;
``months()`` and ``windows()`` draw the spans to evaluate them over. The
oracles the tests compare against live in the tests themselves.
``rrule_untils()`` draws an ``rrule:`` schedule whose ``UNTIL`` is a date,
a local time or a UTC time, with the zone to read it in.
``plain_calendar()`` is a weekends-only calendar: rules evaluated under
``if_day_off: keep`` do not depend on the calendar, and a calendar without
the holidays package builds its year tables fast, so the oracle tests can
roam 1990-2100 cheaply.
"""

from __future__ import annotations

import functools
from datetime import date, datetime, time, timedelta

from hypothesis import strategies as st

from caseflow.calendars import WorkingCalendar, load_calendar
from caseflow.definition import COUNTINGS, DAY_OFF_POLICIES, WEEKDAYS, Schedule

WEEKDAY_NAMES = st.sampled_from(WEEKDAYS)
WEEKS = st.sampled_from((1, 2, 3, 4, 5, -1))
COUNTING_NAMES = st.sampled_from(sorted(COUNTINGS))
POLICIES = st.sampled_from(sorted(DAY_OFF_POLICIES))

FIRST_YEAR, LAST_YEAR = 1990, 2100
"""The span the oracle tests roam."""

VN_WINDOW = (date(2024, 1, 1), date(2028, 12, 31))
"""Where tests against the VN calendar stay: three official years and two
provisional ones, so the year tables are built once and reused."""


@functools.cache
def plain_calendar() -> WorkingCalendar:
    """A calendar with Saturday and Sunday off and nothing else."""
    return load_calendar("caseflow: 1\nname: plain\n", filename="plain.yaml")


@st.composite
def months(draw: st.DrawFn, first: int = FIRST_YEAR, last: int = LAST_YEAR) -> tuple[int, int]:
    """A (year, month) pair."""
    return draw(st.integers(first, last)), draw(st.integers(1, 12))


@st.composite
def windows(
    draw: st.DrawFn,
    first: date = date(FIRST_YEAR, 1, 1),
    last: date = date(LAST_YEAR, 12, 31),
    max_days: int = 800,
) -> tuple[date, date]:
    """An inclusive span of days, from one day to ``max_days`` long, inside [first, last]."""
    start = draw(st.dates(min_value=first, max_value=last))
    length = draw(st.integers(0, max_days - 1))
    return start, min(last, start + timedelta(days=length))


@st.composite
def monthly_schedules(
    draw: st.DrawFn, counting: str | None = None, policy: str | None = None
) -> Schedule:
    """``every: month`` rules in any reading, week and policy (or the ones given)."""
    return Schedule(
        name="drawn",
        every="month",
        weekday=draw(WEEKDAY_NAMES),
        week=draw(WEEKS),
        counting=counting if counting is not None else draw(COUNTING_NAMES),
        if_day_off=policy if policy is not None else draw(POLICIES),
    )


@st.composite
def weekly_schedules(draw: st.DrawFn, policy: str | None = None) -> Schedule:
    """``every: week`` rules on any weekday and policy (or the policy given)."""
    return Schedule(
        name="drawn",
        every="week",
        weekday=draw(WEEKDAY_NAMES),
        if_day_off=policy if policy is not None else draw(POLICIES),
    )


def schedules(policy: str | None = None) -> st.SearchStrategy[Schedule]:
    """Monthly or weekly rules."""
    return st.one_of(monthly_schedules(policy=policy), weekly_schedules(policy=policy))


RRULE_BODIES = st.sampled_from(
    (
        "FREQ=MONTHLY;BYDAY=+1MO",
        "FREQ=MONTHLY;BYDAY=-1FR",
        "FREQ=MONTHLY;BYDAY=TU;BYMONTHDAY=17,18,19,20,21,22,23",
        "FREQ=WEEKLY;BYDAY=TH",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE",
        "FREQ=DAILY;INTERVAL=3",
    )
)
ZONES = st.sampled_from(
    ("Asia/Ho_Chi_Minh", "UTC", "America/New_York", "Pacific/Kiritimati", "Pacific/Pago_Pago")
)
"""Viet Nam, and zones far east and west of it, one with daylight saving."""


@st.composite
def rrule_untils(draw: st.DrawFn) -> tuple[Schedule, str, str]:
    """(an ``rrule:`` schedule with ``UNTIL``, the form of ``UNTIL``, the zone to read it in).

    The form is ``date`` (``20260630``), ``local`` (``20260630T170000``) or
    ``utc`` (``20260630T170000Z``); the schedule may have a ``time``.
    """
    start = draw(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)))
    moment = datetime.combine(start, time()) + timedelta(
        days=draw(st.integers(-3, 400)), minutes=draw(st.integers(0, 24 * 60 - 1))
    )
    form = draw(st.sampled_from(("date", "local", "utc")))
    until = {
        "date": moment.strftime("%Y%m%d"),
        "local": moment.strftime("%Y%m%dT%H%M%S"),
        "utc": moment.strftime("%Y%m%dT%H%M%SZ"),
    }[form]
    clock = draw(st.none() | st.times().map(lambda t: t.strftime("%H:%M")))
    schedule = Schedule(
        name="drawn",
        rrule=f"{draw(RRULE_BODIES)};UNTIL={until}",
        start=start.isoformat(),
        time=clock,
    )
    return schedule, form, draw(ZONES)

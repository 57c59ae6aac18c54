"""The ``schedules`` section: when sessions are held, and the sessions moved or cancelled.

This module owns reading a schedule in each of its three forms (``every``
with a weekday and week, a list of ``dates``, or an RFC 5545 ``rrule``),
its span, time and place, and its ``overrides``. The text of an ``rrule`` is
checked by ``rrule``; turning a schedule into session dates is
``caseflow.recurrence``' job. Which schedule a docket fills is checked by
``docket``, and a deadline counting from a session by ``deadlines``.
"""

from __future__ import annotations

from typing import Any

from caseflow.definition import (
    COUNTINGS,
    DAY_OFF_POLICIES,
    WEEKDAYS,
    Schedule,
    ScheduleOverride,
)
from caseflow.errors import did_you_mean
from caseflow.loading.context import TIME_RE, Reading, is_date, listing
from caseflow.loading.online import read_online
from caseflow.loading.rrule import rrule_problem
from caseflow.yamlsafe import Pos, YList, YMap, describe

__all__ = ["OVERRIDE_KEYS", "SCHEDULE_KEYS", "read_schedule"]

SCHEDULE_KEYS = frozenset(
    {
        "every",
        "weekday",
        "week",
        "counting",
        "if_day_off",
        "dates",
        "rrule",
        "start",
        "end",
        "time",
        "place",
        "contact",
        "mode",
        "meeting_link",
        "join",
        "label",
        "description",
        "source",
        "overrides",
    }
)
OVERRIDE_KEYS = frozenset({"date", "moved_to", "cancelled", "reason"})


def read_schedule(
    reading: Reading, name: str, value: Any, key_pos: Pos, pos: Pos
) -> Schedule | None:
    """One entry of ``schedules``."""
    what = f"schedule {name!r}"
    m = reading.mapping(value, pos, what)
    if m is None:
        return None
    reading.keys(m, what, SCHEDULE_KEYS)
    every, weekday, week, counting = _read_rule(reading, m, what, pos)
    policy = reading.text(m, "if_day_off", what)
    if policy is None:
        policy = "keep"
    elif policy not in DAY_OFF_POLICIES:
        reading.problem(
            m.value_pos["if_day_off"],
            f"{what}: unknown if_day_off {policy!r}; allowed: {listing(DAY_OFF_POLICIES)}",
        )
    dates = _read_dates(reading, m, what)
    rrule = reading.text(m, "rrule", what)
    if rrule is not None:
        problem = rrule_problem(rrule)
        if problem is not None:
            reading.problem(m.value_pos["rrule"], f"{what}: {problem}")
    clock = _read_clock(reading, m, what)
    mode, link, join = read_online(reading, m, what)
    start = _read_date(reading, m, "start", what)
    end = _read_date(reading, m, "end", what)
    if start is not None and end is not None and end < start:
        reading.problem(
            m.value_pos["end"],
            f"{what}: 'end' {end!r} is before 'start' {start!r}, so the schedule never "
            "applies; 'end' is the last day it applies",
        )
    overrides = reading.numbered_entries(
        m,
        "overrides",
        what,
        entry="override",
        list_name="a list",
        allowed=OVERRIDE_KEYS,
        required=("date", "reason"),
        read=_read_override,
    )
    return Schedule(
        name=name,
        every=every,
        weekday=weekday,
        week=week,
        counting=counting,
        if_day_off=policy,
        dates=dates,
        rrule=rrule,
        start=start,
        end=end,
        time=clock,
        place=reading.text(m, "place", what),
        contact=reading.text(m, "contact", what),
        mode=mode,
        meeting_link=link,
        join=join,
        label=reading.label(m, "label", what),
        description=reading.text(m, "description", what),
        source=reading.text(m, "source", what),
        overrides=overrides,
        where={"": key_pos} | dict(m.value_pos),
    )


def _read_rule(
    reading: Reading, m: YMap, what: str, pos: Pos
) -> tuple[str | None, str | None, int | None, str | None]:
    """Which form the schedule takes, and the ``every`` form's weekday, week and counting."""

    def given(key: str) -> bool:
        # A key given with a value of the wrong kind is reported as that,
        # so it does not count as missing as well.
        return m.get(key) is not None

    forms = [k for k in ("every", "dates", "rrule") if given(k)]
    if len(forms) != 1:
        reading.problem(
            pos,
            f"{what} needs exactly one of 'every', 'dates' or 'rrule'; found "
            f"{listing(forms) or 'none'}",
        )
    every = reading.text(m, "every", what)
    if every is not None and every not in ("month", "week"):
        reading.problem(m.value_pos["every"], f"{what}: 'every' is {every!r}; allowed: month, week")
    weekday = reading.text(m, "weekday", what)
    if weekday is not None and weekday not in WEEKDAYS:
        reading.problem(
            m.value_pos["weekday"],
            f"{what}: unknown weekday {weekday!r}{did_you_mean(weekday, WEEKDAYS)}; "
            f"allowed: {', '.join(WEEKDAYS)}",
        )
    week = reading.get(m, "week", what, int, "a whole number")
    if week is not None and week not in (1, 2, 3, 4, 5, -1):
        reading.problem(
            m.value_pos["week"],
            f"{what}: 'week' is {week}; allowed: 1, 2, 3, 4, 5, or -1 for the last",
        )
    counting = reading.text(m, "counting", what)
    if counting is not None and counting not in COUNTINGS:
        reading.problem(
            m.value_pos["counting"],
            f"{what}: unknown counting {counting!r}; allowed: {listing(COUNTINGS)}",
        )
    if every in ("month", "week") and not given("weekday"):
        reading.problem(pos, f"{what}: 'every: {every}' needs a 'weekday'")
    if every == "month":
        if not given("week"):
            reading.problem(pos, f"{what}: 'every: month' needs a 'week' (1-5, or -1)")
        if not given("counting"):
            reading.problem(
                pos,
                f"{what}: 'every: month' needs 'counting' (calendar: that weekday of the "
                "calendar week; nth: the n-th such weekday); caseflow never guesses "
                "which reading is meant",
            )
    if every == "week" and ("week" in m or "counting" in m):
        reading.problem(pos, f"{what}: 'week' and 'counting' apply only to 'every: month'")
    return every, weekday, week, counting


def _read_date(reading: Reading, m: YMap, key: str, what: str) -> str | None:
    value = reading.text(m, key, what)
    if value is None:
        return None
    if not is_date(value):
        reading.problem(
            m.value_pos[key],
            f"{what}: {key!r} is {value!r}, not a real date; write YYYY-MM-DD",
        )
        return None
    return value


def _read_dates(reading: Reading, m: YMap, what: str) -> tuple[str, ...]:
    if "dates" not in m:
        return ()
    if m["dates"] is None or m["dates"] == []:
        reading.problem(
            m.value_pos["dates"],
            f"{what}: 'dates' is empty; list the session dates, e.g. [2026-03-24, 2026-04-28]",
        )
        return ()
    raw = reading.get(m, "dates", what, YList, "a list of dates")
    out: list[str] = []
    for i, item in enumerate(raw or ()):
        if not isinstance(item, str):
            reading.problem(
                raw.item_pos[i],
                f"{what}: each of 'dates' must be a date written YYYY-MM-DD, not {describe(item)}",
            )
        elif not is_date(item):
            reading.problem(
                raw.item_pos[i], f"{what}: {item!r} is not a real date; write YYYY-MM-DD"
            )
        else:
            out.append(item)
    return tuple(out)


def _read_clock(reading: Reading, m: YMap, what: str) -> str | None:
    value = m.get("time")
    if value is None:
        return None
    if not isinstance(value, str):
        # Unquoted, 8.30 reads as the number 8.3: say so rather than
        # quote the number back as if it were what was written.
        reading.problem(
            m.value_pos["time"],
            f"{what}: 'time' must be text written HH:MM, not {describe(value)}; "
            'put it in quotes, e.g. time: "08:30"',
        )
        return None
    if not TIME_RE.match(value):
        reading.problem(m.value_pos["time"], f"{what}: time {value!r} is not HH:MM (24-hour)")
        return None
    return value


def _read_override(reading: Reading, om: YMap, what: str) -> ScheduleOverride | None:
    """One entry of a schedule's ``overrides``: a session moved or cancelled."""
    date = _read_date(reading, om, "date", what)
    moved = _read_date(reading, om, "moved_to", what)
    cancelled = reading.flag(om, "cancelled", what)
    # Whether moved_to is given, not whether it read: a bad date is
    # reported as that, not also as missing.
    moves = om.get("moved_to") is not None
    if moves and cancelled:
        reading.problem(
            om.pos,
            f"{what} has both 'moved_to' and 'cancelled: true'; an override either "
            "moves the session or cancels it, not both",
        )
    elif not moves and cancelled is False:
        reading.problem(om.pos, f"{what} needs either 'moved_to: DATE' or 'cancelled: true'")
    reason = reading.text(om, "reason", what)
    if date is None or reason is None:
        return None
    return ScheduleOverride(
        date=date,
        moved_to=moved,
        cancelled=bool(cancelled),
        reason=reason,
        where={"": om.pos},
    )

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
from caseflow.i18n import N_, _
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
    what = _("schedule {name!r}").format(name=name)
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
            _("{what}: unknown if_day_off {policy!r}; allowed: {value}").format(
                what=what, policy=policy, value=listing(DAY_OFF_POLICIES)
            ),
        )
    dates = _read_dates(reading, m, what)
    rrule = reading.text(m, "rrule", what)
    if rrule is not None:
        problem = rrule_problem(rrule)
        if problem is not None:
            reading.problem(
                m.value_pos["rrule"], _("{what}: {problem}").format(what=what, problem=problem)
            )
    clock = _read_clock(reading, m, what)
    mode, link, join = read_online(reading, m, what)
    start = _read_date(reading, m, "start", what)
    end = _read_date(reading, m, "end", what)
    if start is not None and end is not None and end < start:
        reading.problem(
            m.value_pos["end"],
            _(
                "{what}: 'end' {end!r} is before 'start' {start!r}, so the "
                "schedule never applies; 'end' is the last day it applies"
            ).format(what=what, end=end, start=start),
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
            _("{what} needs exactly one of 'every', 'dates' or 'rrule'; found {value}").format(
                what=what, value=listing(forms) or "none"
            ),
        )
    every = reading.text(m, "every", what)
    if every is not None and every not in ("month", "week"):
        reading.problem(
            m.value_pos["every"],
            _("{what}: 'every' is {every!r}; allowed: month, week").format(what=what, every=every),
        )
    weekday = reading.text(m, "weekday", what)
    if weekday is not None and weekday not in WEEKDAYS:
        reading.problem(
            m.value_pos["weekday"],
            _("{what}: unknown weekday {weekday!r}{value}; allowed: {value2}").format(
                what=what,
                weekday=weekday,
                value=did_you_mean(weekday, WEEKDAYS),
                value2=", ".join(WEEKDAYS),
            ),
        )
    week = reading.get(m, "week", what, int, N_("a whole number"))
    if week is not None and week not in (1, 2, 3, 4, 5, -1):
        reading.problem(
            m.value_pos["week"],
            _("{what}: 'week' is {week}; allowed: 1, 2, 3, 4, 5, or -1 for the last").format(
                what=what, week=week
            ),
        )
    counting = reading.text(m, "counting", what)
    if counting is not None and counting not in COUNTINGS:
        reading.problem(
            m.value_pos["counting"],
            _("{what}: unknown counting {counting!r}; allowed: {value}").format(
                what=what, counting=counting, value=listing(COUNTINGS)
            ),
        )
    if every in ("month", "week") and not given("weekday"):
        reading.problem(
            pos, _("{what}: 'every: {every}' needs a 'weekday'").format(what=what, every=every)
        )
    if every == "month":
        if not given("week"):
            reading.problem(
                pos, _("{what}: 'every: month' needs a 'week' (1-5, or -1)").format(what=what)
            )
        if not given("counting"):
            reading.problem(
                pos,
                _(
                    "{what}: 'every: month' needs 'counting' (calendar: that "
                    "weekday of the calendar week; nth: the n-th such weekday); "
                    "caseflow never guesses which reading is meant"
                ).format(what=what),
            )
    if every == "week" and ("week" in m or "counting" in m):
        reading.problem(
            pos, _("{what}: 'week' and 'counting' apply only to 'every: month'").format(what=what)
        )
    return every, weekday, week, counting


def _read_date(reading: Reading, m: YMap, key: str, what: str) -> str | None:
    value = reading.text(m, key, what)
    if value is None:
        return None
    if not is_date(value):
        reading.problem(
            m.value_pos[key],
            _("{what}: {key!r} is {value!r}, not a real date; write YYYY-MM-DD").format(
                what=what, key=key, value=value
            ),
        )
        return None
    return value


def _read_dates(reading: Reading, m: YMap, what: str) -> tuple[str, ...]:
    if "dates" not in m:
        return ()
    if m["dates"] is None or m["dates"] == []:
        reading.problem(
            m.value_pos["dates"],
            _(
                "{what}: 'dates' is empty; list the session dates, e.g. [2026-03-24, 2026-04-28]"
            ).format(what=what),
        )
        return ()
    raw = reading.get(m, "dates", what, YList, N_("a list of dates"))
    out: list[str] = []
    for i, item in enumerate(raw or ()):
        if not isinstance(item, str):
            reading.problem(
                raw.item_pos[i],
                _("{what}: each of 'dates' must be a date written YYYY-MM-DD, not {value}").format(
                    what=what, value=describe(item)
                ),
            )
        elif not is_date(item):
            reading.problem(
                raw.item_pos[i],
                _("{what}: {item!r} is not a real date; write YYYY-MM-DD").format(
                    what=what, item=item
                ),
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
            _(
                "{what}: 'time' must be text written HH:MM, not {value}; put "
                'it in quotes, e.g. time: "08:30"'
            ).format(what=what, value=describe(value)),
        )
        return None
    if not TIME_RE.match(value):
        reading.problem(
            m.value_pos["time"],
            _("{what}: time {value!r} is not HH:MM (24-hour)").format(what=what, value=value),
        )
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
            _(
                "{what} has both 'moved_to' and 'cancelled: true'; an "
                "override either moves the session or cancels it, not both"
            ).format(what=what),
        )
    elif not moves and cancelled is False:
        reading.problem(
            om.pos, _("{what} needs either 'moved_to: DATE' or 'cancelled: true'").format(what=what)
        )
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

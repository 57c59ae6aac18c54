"""Warnings about a schedule: what an analyst should look at, in sentences.

This module owns ``validate_schedule``: a rule that leaves months without a
session, a weekday that is a weekend day, a weekly rule with
``next_week``, an ``rrule`` that depends on the default DTSTART, sessions
held on days off, provisional years, and overrides that land on a day off
or on or past another session. It computes nothing of its own: it reads
the rule (``rules``, ``weeks``), the occurrences (``window``) and the
overrides (``overrides``) and says what it finds. ``caseflow schedule`` prints the
warnings (``cli``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from caseflow.calendars import MONTH_NAMES_EN, WEEKDAY_NAMES_EN, WorkingCalendar
from caseflow.definition import WEEKDAYS, Schedule
from caseflow.errors import InputError
from caseflow.recurrence.day_off import day_off_text
from caseflow.recurrence.nominals import nominal_dates
from caseflow.recurrence.overrides import override_days
from caseflow.recurrence.rrule_text import RRULE_DEFAULT_START
from caseflow.recurrence.rules import read_rule
from caseflow.recurrence.until import DEFAULT_ZONE
from caseflow.recurrence.weeks import months_without_day
from caseflow.recurrence.window import occurrences

__all__ = ["month_gap_warning", "validate_schedule"]


def month_gap_warning(schedule: Schedule, *, zone: str = DEFAULT_ZONE) -> str | None:
    """The warning that a monthly rule leaves some months without a session, or None.

    It holds for every year (a month's day depends only on the weekday of
    its 1st and its length), so ``caseflow validate`` gives it without a
    year and ``validate_schedule`` for each. Only ``every: month`` rules can
    miss a month this way. Raises ``InputError`` if the rule cannot be read.
    """
    rule = read_rule(schedule, zone)
    if rule.kind != "month":
        return None
    name = schedule.name
    missing = months_without_day(rule)
    which = "the last week" if rule.week == -1 else f"week {rule.week}"
    if missing == "all months":
        return (
            f"schedule {name!r}: the {WEEKDAY_NAMES_EN[rule.weekday]} of {which} "
            f"(counting: {rule.counting}) is never inside its month: the rule gives no "
            "session at all"
        )
    if missing:
        return (
            f"schedule {name!r}: the {WEEKDAY_NAMES_EN[rule.weekday]} of {which} "
            f"(counting: {rule.counting}) is not in every month, so some months have no "
            f"session under this rule: {missing}"
        )
    return None


def validate_schedule(
    schedule: Schedule, cal: WorkingCalendar, years: Iterable[int], *, zone: str = DEFAULT_ZONE
) -> list[str]:
    """Warnings about a schedule over ``years``: each a sentence naming the schedule.

    Warns about a rule that can leave months without a session (and names
    those months in ``years``), a year in which no session is held at all,
    a weekly rule with ``next_week`` (whose moves land on the next session),
    an ``rrule`` whose dates depend on the default DTSTART, overrides that
    move a session onto a day off or onto/past another session, and an
    override that names no date of the rule (the error ``occurrences``
    would raise, as a warning here). Empty when all is well. ``zone`` is the
    workflow's time zone (for an ``rrule``'s ``UNTIL`` time).
    """
    name = schedule.name
    warnings: list[str] = []
    try:
        rule = read_rule(schedule, zone)
    except InputError as err:
        return [str(err)]
    gap = month_gap_warning(schedule, zone=zone)
    if gap is not None:
        warnings.append(gap)
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
    overridden = override_days(schedule)
    chosen = sorted(set(years))
    for year in chosen:
        if isinstance(year, bool) or not isinstance(year, int) or not 1 <= year <= 9999:
            raise InputError(f"years holds {year!r}; each must be a whole number from 1 to 9999")
    for year in chosen:
        try:
            found = occurrences(schedule, cal, date(year, 1, 1), date(year, 12, 31), zone=zone)
        except InputError as err:
            warnings.append(str(err))
            break
        months = [o for o in found if o.no_date]
        if months:
            listed = ", ".join(MONTH_NAMES_EN[o.date.month - 1] for o in months)
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
                    f"{o.date.isoformat()}, a day off ({day_off_text(cal, o.date)})"
                )
            if held.count(o.date) > 1:
                warnings.append(
                    f"schedule {name!r}: the override moves {o.nominal.isoformat()} to "
                    f"{o.date.isoformat()}, where another session is held"
                )
            later = [
                n.day
                for n in nominal_dates(rule, o.nominal + timedelta(days=1), o.date)
                if n.why_none is None
            ]
            if later and later[0] < o.date:
                warnings.append(
                    f"schedule {name!r}: the override moves {o.nominal.isoformat()} to "
                    f"{o.date.isoformat()}, past the next session date {later[0].isoformat()}"
                )
    return warnings

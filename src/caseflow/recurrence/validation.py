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

from caseflow.calendars import WorkingCalendar
from caseflow.definition import WEEKDAYS, Schedule
from caseflow.errors import InputError
from caseflow.i18n import _, day_text, month_name, weekday_name
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
    which = _("the last week") if rule.week == -1 else _("week {n}").format(n=rule.week)
    weekday = weekday_name(rule.weekday)
    if missing == "all months":
        return _(
            "schedule {name!r}: the {weekday} of {which} (counting: {counting}) is "
            "never inside its month: the rule gives no session at all"
        ).format(name=name, weekday=weekday, which=which, counting=rule.counting)
    if missing:
        return _(
            "schedule {name!r}: the {weekday} of {which} (counting: {counting}) is not "
            "in every month, so some months have no session under this rule: {missing}"
        ).format(name=name, weekday=weekday, which=which, counting=rule.counting, missing=missing)
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
            _(
                "schedule {name!r}: {weekday} is a weekend day in calendar {calendar!r}, so "
                "every session falls on a day off (if_day_off: {policy}) unless it is a "
                "make-up working day"
            ).format(
                name=name,
                weekday=WEEKDAYS[rule.weekday],
                calendar=cal.name,
                policy=schedule.if_day_off,
            )
        )
    if rule.kind == "week" and schedule.if_day_off == "next_week":
        warnings.append(
            _(
                "schedule {name!r}: a weekly session moved by 'if_day_off: next_week' lands on "
                "the next week's session, so it is merged into it (skipped); "
                "'next_working_day' or 'skip' may be meant"
            ).format(name=name)
        )
    if rule.kind == "rrule" and schedule.start is None:
        upper = rule.rrule.upper()
        if "COUNT=" in upper or "INTERVAL=" in upper:
            warnings.append(
                _(
                    "schedule {name!r}: the rrule uses COUNT or INTERVAL, which count from "
                    "DTSTART; without 'start' DTSTART is {start}; add 'start'"
                ).format(name=name, start=RRULE_DEFAULT_START.isoformat())
            )
    overridden = override_days(schedule)
    chosen = sorted(set(years))
    for year in chosen:
        if isinstance(year, bool) or not isinstance(year, int) or not 1 <= year <= 9999:
            raise InputError(
                _("years holds {year!r}; each must be a whole number from 1 to 9999").format(
                    year=year
                )
            )
    for year in chosen:
        try:
            found = occurrences(schedule, cal, date(year, 1, 1), date(year, 12, 31), zone=zone)
        except InputError as err:
            warnings.append(str(err))
            break
        months = [o for o in found if o.no_date]
        if months:
            listed = ", ".join(month_name(o.date.month) for o in months)
            warnings.append(
                _("schedule {name!r}: in {year} no session under the rule in {months}").format(
                    name=name, year=year, months=listed
                )
            )
        if found and not any(o.takes_place for o in found):
            warnings.append(
                _(
                    "schedule {name!r}: in {year} every occurrence is skipped or cancelled; "
                    "no session is held"
                ).format(name=name, year=year)
            )
        elif not found and rule.first <= date(year, 12, 31) and date(year, 1, 1) <= rule.last:
            warnings.append(
                _("schedule {name!r}: the rule gives no date in {year}").format(
                    name=name, year=year
                )
            )
        kept = [
            day_text(o.date)
            for o in found
            if o.status == "held" and o.reason is not None and o.nominal not in overridden
        ]
        if kept and not on_weekend:
            warnings.append(
                _(
                    "schedule {name!r}: in {year} sessions are held on days off "
                    "(if_day_off: keep): {days}"
                ).format(name=name, year=year, days=", ".join(kept))
            )
        if any(o.provisional for o in found if o.takes_place):
            warnings.append(
                _(
                    "schedule {name!r}: {year} has no official schedule of day swaps in "
                    "calendar {calendar!r}, so its session dates are provisional"
                ).format(name=name, year=year, calendar=cal.name)
            )
        held = sorted(o.date for o in found if o.takes_place)
        for o in found:
            if o.status != "moved" or o.nominal not in overridden:
                continue
            if not cal.is_working_day(o.date):
                warnings.append(
                    _(
                        "schedule {name!r}: the override moves {nominal} to {day}, "
                        "a day off ({why})"
                    ).format(
                        name=name,
                        nominal=day_text(o.nominal),
                        day=day_text(o.date),
                        why=day_off_text(cal, o.date),
                    )
                )
            if held.count(o.date) > 1:
                warnings.append(
                    _(
                        "schedule {name!r}: the override moves {nominal} to {day}, "
                        "where another session is held"
                    ).format(name=name, nominal=day_text(o.nominal), day=day_text(o.date))
                )
            later = [
                n.day
                for n in nominal_dates(rule, o.nominal + timedelta(days=1), o.date)
                if n.why_none is None
            ]
            if later and later[0] < o.date:
                warnings.append(
                    _(
                        "schedule {name!r}: the override moves {nominal} to {day}, "
                        "past the next session date {next}"
                    ).format(
                        name=name,
                        nominal=day_text(o.nominal),
                        day=day_text(o.date),
                        next=day_text(later[0]),
                    )
                )
    return warnings

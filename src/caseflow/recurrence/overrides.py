"""Schedule overrides: an analyst's move or cancellation of one session.

This module owns reading a schedule's overrides against its rule. Each
names a nominal date of the rule and either moves that session
(``moved_to``: status ``moved``, the override's reason) or cancels it
(status ``cancelled``). An override whose date is not a nominal date of the
rule (inside the schedule's bounds) is an ``InputError`` naming the
schedule, the date and the nearest nominal dates: the loader cannot check
this, because whether a date belongs to the rule is decided here. Applying
the overrides is ``window``'s job; warning about one that lands on a day off
or another session is ``validation``'s.
"""

from __future__ import annotations

from datetime import date

from caseflow.definition import Schedule, ScheduleOverride
from caseflow.errors import InputError
from caseflow.i18n import _
from caseflow.recurrence.nominals import nominal_dates
from caseflow.recurrence.rules import Rule, parse_date

__all__ = ["override_days", "read_overrides"]


def _nearest(rule: Rule, day: date) -> list[date]:
    """The rule's nominal dates nearest ``day``: the one before and the one after."""
    around: list[date] = []
    for span in (62, 400, 3000):
        lo = date.fromordinal(max(1, day.toordinal() - span))
        hi = date.fromordinal(min(date.max.toordinal(), day.toordinal() + span))
        around = [n.day for n in nominal_dates(rule, lo, hi) if n.why_none is None]
        if any(d < day for d in around) and any(d > day for d in around):
            break
    before = [d for d in around if d < day][-1:]
    after = [d for d in around if d > day][:1]
    return before + after


def read_overrides(schedule: Schedule, rule: Rule) -> dict[date, ScheduleOverride]:
    """The overrides by nominal date, each checked against the rule."""
    found: dict[date, ScheduleOverride] = {}
    for override in schedule.overrides:
        day = parse_date(override.date, schedule.name, "override date")
        if (override.moved_to is None) == (not override.cancelled):
            raise InputError(
                _(
                    "schedule {name!r}: the override of {day} needs either "
                    "'moved_to: DATE' or 'cancelled: true'"
                ).format(name=schedule.name, day=day.isoformat())
            )
        if override.moved_to is not None:
            parse_date(override.moved_to, schedule.name, "override moved_to")
        if day in found:
            raise InputError(
                _("schedule {name!r} has two overrides for {day}; keep one").format(
                    name=schedule.name, day=day.isoformat()
                )
            )
        hits = nominal_dates(rule, day, day)
        if not hits or hits[0].why_none is not None:
            near = _nearest(rule, day)
            shown = " and ".join(d.isoformat() for d in near) or "none"
            bounds = ""
            if not rule.first <= day <= rule.last:
                bounds = " (it lies outside the schedule's start/end)"
            raise InputError(
                _(
                    "schedule {name!r}: override date {day} is not a date of the "
                    "schedule's rule{bounds}; nearest rule dates: {shown}. An "
                    "override names the regular date it moves or cancels."
                ).format(name=schedule.name, day=day.isoformat(), bounds=bounds, shown=shown)
            )
        found[day] = override
    return found


def override_days(schedule: Schedule) -> frozenset[date]:
    """The nominal dates the schedule's overrides name."""
    return frozenset(date.fromisoformat(o.date) for o in schedule.overrides)

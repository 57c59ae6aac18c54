"""Nominal dates: the days a schedule's rule gives, before any day off moves them.

This module owns walking a window of days under a rule: the months of a
monthly rule (the day of each from ``weeks``), the weeks of a weekly rule,
an explicit list of dates, and the ``rrule:`` form (from ``rrule_text``),
all clipped to the schedule's ``start``/``end``; and finding the rule's next
date after a day. A month without a session comes back as a ``Nominal``
with ``why_none`` set, dated the month's 1st, so that ``window`` can turn it
into an explained ``skipped`` occurrence rather than let it vanish. What
happens on a day off is ``day_off``'s business.

Why the monthly and weekly rules are computed by hand rather than by
``dateutil.rrule``: the ``calendar`` and ``first_full_week`` readings are
not RFC 5545 vocabulary (``schedule_rrule`` shows they can be *written* as
RRULEs, but the rule text is not the clearest statement of them), a month
with no session under a rule must come back as an explained "skipped"
record rather than silently vanish, and a year of a monthly rule is twelve
ordinal sums, far cheaper than an iterator that walks candidate days.
dateutil's ``rrulestr`` evaluates the ``rrule:`` form, and the tests use
``dateutil.rrule`` as the oracle for the ``nth`` and weekly rules.
"""

from __future__ import annotations

import bisect
from datetime import date, timedelta
from typing import Final

import attrs

from caseflow.recurrence.rrule_text import rrule_days
from caseflow.recurrence.rules import Rule
from caseflow.recurrence.weeks import month_day, why_no_day

__all__ = ["Nominal", "next_nominal", "nominal_dates"]


_LOOKAHEAD_SPANS: Final = (70, 800)
"""How far (in days) to look for the rule's next date after a window, to
check the last session for a collision: wide enough for a monthly rule that
skips a few months, and for any move a real calendar makes."""


@attrs.frozen
class Nominal:
    """A date the rule gives, or a period it gives none (``why_none`` says why)."""

    day: date
    why_none: str | None = None  # set: the period has no date (day is its 1st)


def nominal_dates(rule: Rule, first: date, last: date) -> list[Nominal]:
    """The rule's nominal dates in ``[first, last]`` within the schedule's bounds."""
    lo = max(first, rule.first)
    hi = min(last, rule.last)
    if hi < lo:
        return []
    out: list[Nominal] = []
    if rule.kind == "month":
        lo_ord, hi_ord = lo.toordinal(), hi.toordinal()
        year, month = lo.year, lo.month
        while (year, month) <= (hi.year, hi.month):
            day, length = month_day(year, month, rule)
            base = date(year, month, 1).toordinal()
            if 1 <= day <= length:
                ordinal = base + day - 1
                if lo_ord <= ordinal <= hi_ord:
                    out.append(Nominal(date.fromordinal(ordinal)))
            elif lo_ord <= base <= hi_ord:
                out.append(
                    Nominal(date.fromordinal(base), why_no_day(year, month, day, length, rule))
                )
            month += 1
            if month == 13:
                year, month = year + 1, 1
        return out
    if rule.kind == "week":
        ordinal = lo.toordinal() + (rule.weekday - lo.weekday()) % 7
        hi_ord = hi.toordinal()
        while ordinal <= hi_ord:
            out.append(Nominal(date.fromordinal(ordinal)))
            ordinal += 7
        return out
    if rule.kind == "dates":
        start = bisect.bisect_left(rule.dates, lo)
        stop = bisect.bisect_right(rule.dates, hi)
        return [Nominal(day) for day in rule.dates[start:stop]]
    return [Nominal(day) for day in rrule_days(rule.rrule, rule.first, lo, hi)]


def next_nominal(rule: Rule, after: date) -> date | None:
    """The rule's first real nominal date after ``after``, if one is near."""
    for span in _LOOKAHEAD_SPANS:
        if after.toordinal() + span > date.max.toordinal():
            break
        for nominal in nominal_dates(rule, after + timedelta(days=1), after + timedelta(days=span)):
            if nominal.why_none is None:
                return nominal.day
    return None

"""The three week readings of a monthly rule: which day of a month it gives.

This module owns the arithmetic of "the Tuesday of the 4th week" in each
``counting``, on day numbers only (no date objects): the day a monthly rule
gives in a month, the sentence saying why a month has none, and which kinds
of month a rule misses (for ``validation``'s warnings). It leaves walking
the months of a window to ``nominals`` and the RRULE form of each reading to
``rrule_text``. The month and weekday names and month lengths are the
calendars' (``caseflow.calendars``).

The three readings (``counting``), with ``w`` the weekday and months whose
1st falls on weekday ``f`` (Monday = 0):

``nth``
    The ``week``-th such weekday of the month (RFC 5545 ``BYDAY=+4TU``);
    ``week: -1`` is the last one (``BYDAY=-1TU``). ``week: 5`` leaves the
    months with only four such weekdays without a session.
``calendar``
    Weeks run Monday to Sunday; week 1 is the week holding the 1st of the
    month, even if only its Sunday is in the month; the session is that
    week's weekday, day ``1 - f + 7*(week-1) + w`` of the month. When that
    day falls outside the month (possible in week 1 and week 5) the month has
    no session under the rule. ``week: -1`` is the weekday of the last
    calendar week, the Monday-Sunday week holding the month's last day;
    when that weekday falls in the next month, the month has no session.
``first_full_week``
    Week 1 is the first Monday-Sunday week lying wholly in the month (it
    starts on the month's first Monday). ``week: -1`` is the weekday of the
    last week lying wholly in the month (it ends on the month's last
    Sunday), which always exists. ``week: 5`` can leave a month without one.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from caseflow.calendars import MONTH_NAMES_EN, WEEKDAY_NAMES_EN, month_length
from caseflow.i18n import _, current_language, day_text, month_name, weekday_name
from caseflow.recurrence.rules import Rule

__all__ = ["day_in", "month_day", "months_without_day", "why_no_day"]

_ORDINALS: Final = {1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 5: "5th", -1: "last"}


def month_day(year: int, month: int, rule: Rule) -> tuple[int, int]:
    """The day of the month the rule gives, and the month's length.

    The day may lie outside ``1..length``: the month then has no session.
    All arithmetic is on day numbers; no date objects are made here.
    """
    length = month_length(year, month)
    first_weekday = date(year, month, 1).weekday()
    last_weekday = (first_weekday + length - 1) % 7
    return day_in(rule, first_weekday, last_weekday, length), length


def day_in(rule: Rule, first_weekday: int, last_weekday: int, length: int) -> int:
    """The rule's day of a month given its 1st's and last day's weekdays."""
    w, week = rule.weekday, rule.week
    if rule.counting == "nth":
        if week == -1:
            return length - (last_weekday - w) % 7
        return 1 + (w - first_weekday) % 7 + 7 * (week - 1)
    if rule.counting == "calendar":
        if week == -1:
            return length - last_weekday + w
        return 1 - first_weekday + 7 * (week - 1) + w
    # first_full_week
    if week == -1:
        last_sunday = length - (last_weekday + 1) % 7
        return last_sunday - 6 + w
    first_monday = 1 + (-first_weekday) % 7
    return first_monday + 7 * (week - 1) + w


def why_no_day(year: int, month: int, day: int, length: int, rule: Rule) -> str:
    """Why the month has no session: the rule's day and where it falls."""
    first = date(year, month, 1)
    weekday = weekday_name(rule.weekday)
    name = (
        f"{month_name(month)}/{year}"
        if current_language() == "vi"
        else (f"{MONTH_NAMES_EN[month - 1]} {year}")
    )
    if rule.counting == "nth":
        count = (length - day) // 7 + rule.week  # such weekdays in the month
        if current_language() == "en":
            return (
                f"no session in {name}: it has only {count} {weekday}s, "
                f"no {_ORDINALS[rule.week]} one"
            )
        return _("no session in {month}: it has only {count} {weekday}, no {nth}").format(
            month=name, count=count, weekday=weekday, nth=rule.week
        )
    ordinal = first.toordinal() + day - 1
    side = _("the previous month") if day < 1 else _("the next month")
    if not 1 <= ordinal <= date.max.toordinal():  # only at the ends of year 1 and 9999
        return _("no session in {month}: the {weekday} the rule gives lies in {side}").format(
            month=name, weekday=weekday, side=side
        )
    pointed = date.fromordinal(ordinal)
    if rule.counting == "calendar":
        if rule.week == -1:
            week_text = _("its last calendar week (the Monday-Sunday week holding {day})").format(
                day=day_text(date(year, month, length))
            )
        elif rule.week == 1:
            week_text = _("its calendar week 1 (the Monday-Sunday week holding {day})").format(
                day=day_text(first)
            )
        else:
            week_text = _("its calendar week {week} (week 1 holds {day})").format(
                week=rule.week, day=day_text(first)
            )
    else:
        week_text = _(
            "its full week {week} (week 1 is the first Monday-Sunday week inside it)"
        ).format(week=rule.week)
    return _("no session in {month}: the {weekday} of {week} is {day}, in {side}").format(
        month=name, weekday=weekday, week=week_text, day=day_text(pointed), side=side
    )


def months_without_day(rule: Rule) -> str:
    """Which months a monthly rule misses, by first weekday and length ("" if none).

    A month's day under any reading depends only on the weekday of its 1st
    and its length, so the 7 x 4 kinds of month settle the question for all
    years.
    """
    by_starts: dict[tuple[str, ...], list[str]] = {}
    for length in (28, 29, 30, 31):
        starts = []
        for first_weekday in range(7):
            last_weekday = (first_weekday + length - 1) % 7
            day = day_in(rule, first_weekday, last_weekday, length)
            if not 1 <= day <= length:
                starts.append(WEEKDAY_NAMES_EN[first_weekday])
        if starts:
            by_starts.setdefault(tuple(starts), []).append(str(length))
    missed: list[str] = []
    for weekdays, lengths in by_starts.items():
        kind = "months" if len(lengths) == 4 else f"{_or(lengths)}-day months"
        when = "" if len(weekdays) == 7 else f" starting on a {_or(list(weekdays))}"
        missed.append(f"{'all ' if not when else ''}{kind}{when}")
    return "; ".join(missed)


def _or(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"

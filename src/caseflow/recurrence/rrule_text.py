"""RFC 5545 RRULE text: evaluating ``rrule:`` schedules and writing any rule as one.

This module owns the ``rrule:`` form of a schedule, evaluated with
dateutil's ``rrulestr``, and ``schedule_rrule``, which writes the nominal
dates of any rule as RRULE text (for iCalendar output, ``render.ics``).
It leaves the other forms' dates to ``nominals`` and ``weeks``.

The ``rrule:`` form is evaluated with DTSTART at the schedule's ``start``,
or at the fixed ``RRULE_DEFAULT_START`` (2000-01-01) when there is none: a
fixed anchor, not "today", so that ``COUNT`` and ``INTERVAL`` give the same
dates on every run (``validate_schedule`` warns about a rule whose dates
depend on that anchor). The rule's ``UNTIL`` is not dateutil's to read: the
rule reader (``rules``, through ``until``) has taken it out of the text and
made it the rule's last day, so the text evaluated here has none.
"""

from __future__ import annotations

import functools
from datetime import date, datetime
from typing import Any, Final

from caseflow.definition import Schedule
from caseflow.errors import InputError
from caseflow.i18n import _
from caseflow.recurrence.rules import read_rule

__all__ = ["RRULE_DEFAULT_START", "rrule_days", "schedule_rrule"]

RRULE_DEFAULT_START: Final = date(2000, 1, 1)
"""DTSTART of an ``rrule:`` schedule without ``start``: fixed, so runs agree."""

_RRULE_DAYS: Final = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@functools.lru_cache(maxsize=64)
def _rrule_set(text: str, start: date) -> Any:
    from dateutil.rrule import rrulestr

    anchor = RRULE_DEFAULT_START if start == date.min else start
    try:
        return rrulestr(
            text, dtstart=datetime(anchor.year, anchor.month, anchor.day), forceset=True
        )
    except (ValueError, TypeError) as err:
        raise InputError(
            _("rrule {text!r} is not valid RFC 5545 text ({err})").format(text=text, err=err)
        ) from None


def rrule_days(text: str, start: date, lo: date, hi: date) -> list[date]:
    """The days of rrule ``text`` (DTSTART ``start``) in ``[lo, hi]``, sorted."""
    rules = _rrule_set(text, start)
    try:
        found = rules.between(
            datetime(lo.year, lo.month, lo.day),
            datetime(hi.year, hi.month, hi.day, 23, 59, 59),
            inc=True,
        )
    except TypeError as err:  # e.g. a DTSTART with a zone inside the text
        raise InputError(
            _("rrule {text!r} cannot be evaluated on dates ({err})").format(text=text, err=err)
        ) from None
    return sorted({moment.date() for moment in found})  # naive: already the local day


def schedule_rrule(schedule: Schedule) -> str | None:
    """The RFC 5545 RRULE giving the schedule's nominal dates, or None.

    The nominal dates only: the day-off policy and the overrides are not
    part of it (they need the working calendar). ``every: week`` is
    ``FREQ=WEEKLY;BYDAY=TU``; ``counting: nth`` is ``FREQ=MONTHLY;BYDAY=+4TU``
    (``-1TU`` for the last). The two other readings are exact too, as a
    weekday inside a window of seven days of the month, because a
    Monday-Sunday week of the month, whatever the month, holds exactly one of
    each weekday:

    - ``calendar``, week ``k``, weekday ``w`` (Monday = 0): the day is
      ``7k - 6 - f + w`` with ``f`` the weekday of the 1st, in 0..6, so it
      is the weekday ``w`` among days ``7k - 12 + w .. 7k - 6 + w``; days
      below 1 are dropped (week 1: the month may have none, as the rule
      says) and days past the month's end do not exist in it (week 5).
      Tuesday of week 4: ``BYDAY=TU;BYMONTHDAY=17,18,19,20,21,22,23``. The
      last calendar week (``-1``) holds the weekday among the last ``7 - w``
      days: ``BYMONTHDAY=-(7 - w)..-1``.
    - ``first_full_week``, week ``k``: the week starts on the ``k``-th
      Monday, days ``7k - 6 .. 7k``, so the weekday lies in days
      ``7k - 6 + w .. 7k + w``; the last full week ends on the last Sunday,
      so its weekday lies in days ``-13 + w .. -7 + w`` from the end.

    With ``end``, ``UNTIL`` is added. DTSTART is the caller's: use the
    first nominal date, since RFC 5545 counts DTSTART as an occurrence even
    when it does not match the rule. An ``rrule:`` schedule returns its own
    text; an explicit ``dates:`` list has no RRULE (use RDATE), nor has a
    rule that never gives a date (the Thursday to Sunday of full week 5).
    """
    rule = read_rule(schedule)
    if rule.kind == "dates":
        return None
    if rule.kind == "rrule":
        text = (schedule.rrule or "").strip()
        return text[len("RRULE:") :] if text.upper().startswith("RRULE:") else text
    day = _RRULE_DAYS[rule.weekday]
    if rule.kind == "week":
        text = f"FREQ=WEEKLY;BYDAY={day}"
    elif rule.counting == "nth":
        text = f"FREQ=MONTHLY;BYDAY={'+' if rule.week > 0 else ''}{rule.week}{day}"
    else:
        w, k = rule.weekday, rule.week
        if rule.counting == "calendar":
            window = range(w - 7, 0) if k == -1 else range(7 * k - 12 + w, 7 * k - 5 + w)
        elif k == -1:
            window = range(w - 13, w - 6)
        else:
            window = range(7 * k - 6 + w, 7 * k + w + 1)
        # A window for week -1 counts back from the month's end and is always
        # valid; a forward one drops the days before the 1st (week 1) and
        # after the 31st (week 5), which exist in no month.
        days = list(window) if k == -1 else [d for d in window if 1 <= d <= 31]
        if not days:
            return None  # e.g. the Sunday of full week 5: never inside a month
        text = f"FREQ=MONTHLY;BYDAY={day};BYMONTHDAY={','.join(str(d) for d in days)}"
    if schedule.end is not None:
        text += f";UNTIL={rule.last.strftime('%Y%m%d')}"
    return text

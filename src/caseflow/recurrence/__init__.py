"""Session dates: when a recurring schedule meets, and why a date moved.

This package owns turning a ``Schedule`` (``definition``) into dated
``Occurrence`` records for a span of days: the monthly rules in each of the
three week readings, weekly rules, explicit dates and RFC 5545 ``rrule``
text; the schedule's ``start``/``end`` bounds; the day-off policy; and the
overrides that move or cancel single sessions. It sits in layer 4: it asks
the working calendar (``caseflow.calendars``, layer 3) which days are off
and never changes its answers, and reuses the calendars' month and weekday
names. Output formats are left to ``render.ics`` and
``render.schedule_text``; session planning to ``sessions``.

Modules, in data-flow order:

- ``occurrence``: the ``Occurrence`` record and its statuses.
- ``rules``: a ``Schedule`` read into a computable ``Rule``, checked.
- ``weeks``: the week readings ``nth``, ``calendar``, ``first_full_week``:
  the day a monthly rule gives in a month, or why it gives none.
- ``until``: an ``rrule``'s ``UNTIL`` (a date, a local or a UTC time) read
  as the rule's last day, in the workflow's time zone.
- ``rrule_text``: the ``rrule:`` form evaluated, and any rule written as an
  RRULE (``schedule_rrule``).
- ``nominals``: the rule's dates in a window (monthly, weekly, date lists,
  rrule), before any move.
- ``day_off``: the ``if_day_off`` policies.
- ``overrides``: an analyst's moves and cancellations, checked against the
  rule.
- ``window``: ``occurrences`` and ``year_occurrences``, with collisions
  merged and every reason said.
- ``validation``: ``validate_schedule``'s warnings (``month_gap_warning`` for any year).

The names below are the package's interface; other parts of caseflow import
them from ``caseflow.recurrence``, not from the modules.
"""

from caseflow.recurrence.day_off import NEXT_WEEK_LIMIT, day_off_text
from caseflow.recurrence.occurrence import STATUSES, Occurrence, Status
from caseflow.recurrence.rrule_text import RRULE_DEFAULT_START, schedule_rrule
from caseflow.recurrence.validation import month_gap_warning, validate_schedule
from caseflow.recurrence.window import occurrences, select_schedules, year_occurrences

__all__ = [
    "NEXT_WEEK_LIMIT",
    "RRULE_DEFAULT_START",
    "STATUSES",
    "Occurrence",
    "Status",
    "day_off_text",
    "month_gap_warning",
    "occurrences",
    "schedule_rrule",
    "select_schedules",
    "validate_schedule",
    "year_occurrences",
]

"""Working-day calendars: which days a Vietnamese public body works, and why.

This package owns the working calendar of the Vietnamese public sector
(``calendar("VN")``) and of any office that extends it: weekends, public
holidays, compensatory days and the yearly day swaps, read from calendar
YAML files (``workflows/calendars/*.yaml``), and the day arithmetic on top
of them ("10 working days after 2026-02-10"). It sits in layer 3, above
``errors``, ``definition`` and ``times`` and beside ``conditions``; deadline
rules (``deadlines``) and session dates (``recurrence``) ask it questions
about days and never change its answers.

A calendar is layers, lowest first; a higher layer decides a day it names:

1. the weekend (Saturday and Sunday unless the file says otherwise);
2. the public holidays of the ``holidays`` package (pinned: its data changes
   between releases), with their compensatory days and the swaps it knows;
3. the overrides of each calendar file, from the one without ``extends`` to
   the one loaded: ``removed`` (an inherited day off that does not apply),
   ``days_off`` and ``working_days`` (make-up working days), each with the
   legal document it follows.

Years listed in ``official_years`` were checked day by day against the
official civil-service schedule; any other year follows the law's rules as
the package computes them and is *provisional*.

Modules, in data-flow order:

- ``days``: weekday and month names (English, Vietnamese), month lengths,
  the kinds of day off and the ``DayOff``/``DayInfo`` records.
- ``dates``: what callers pass as a date or a count, checked, with the
  messages for a bad one.
- ``public_holidays``: the ``holidays`` package layer, per country and year.
- ``calendar_file``: the calendar file vocabulary and the records it is
  read into (``CalendarSpec``, ``Rule``).
- ``file_values``: the problem list and the typed value reads of a file.
- ``entries``: the ``days_off``/``working_days``/``removed`` entries and
  the one-day-per-file check.
- ``file_reader``: the whole file, header, weekend, public holidays,
  official years.
- ``layers``: the decision each layer makes about a day, stacked.
- ``year_tables``: one year as working-day ordinals, for O(1) arithmetic.
- ``bulk``: many dates at once with numpy.
- ``working_calendar``: ``WorkingCalendar``, the answers about days.
- ``registry``: ``calendar("VN")``, ``load_calendar``, ``extends`` chains
  and the checks against the inherited days.

The names below are the package's interface; other parts of caseflow import
them from ``caseflow.calendars``, not from the modules.
"""

from caseflow.calendars.calendar_file import (
    ENTRY_KEYS,
    ENTRY_KINDS,
    FORMAT_VERSION,
    PUBLIC_HOLIDAY_KEYS,
    TOP_KEYS,
    WEEKEND_KEYS,
)
from caseflow.calendars.dates import DateLike
from caseflow.calendars.days import (
    DAY_OFF_KINDS,
    MONTH_NAMES_EN,
    WEEKDAY_NAMES_EN,
    WEEKDAY_NAMES_VI,
    WEEKDAYS,
    DayInfo,
    DayOff,
    DayOffKind,
    month_length,
)
from caseflow.calendars.registry import BUILTIN_CALENDARS, calendar, load_calendar
from caseflow.calendars.working_calendar import WorkingCalendar

__all__ = [
    "BUILTIN_CALENDARS",
    "DAY_OFF_KINDS",
    "ENTRY_KEYS",
    "ENTRY_KINDS",
    "FORMAT_VERSION",
    "MONTH_NAMES_EN",
    "PUBLIC_HOLIDAY_KEYS",
    "TOP_KEYS",
    "WEEKDAYS",
    "WEEKDAY_NAMES_EN",
    "WEEKDAY_NAMES_VI",
    "WEEKEND_KEYS",
    "DateLike",
    "DayInfo",
    "DayOff",
    "DayOffKind",
    "WorkingCalendar",
    "calendar",
    "load_calendar",
    "month_length",
]

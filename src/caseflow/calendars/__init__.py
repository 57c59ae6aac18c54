"""Working-day calendars (being split into modules; see working_calendar)."""

from caseflow.calendars.working_calendar import (
    BUILTIN_CALENDARS,
    DAY_OFF_KINDS,
    ENTRY_KEYS,
    ENTRY_KINDS,
    FORMAT_VERSION,
    PUBLIC_HOLIDAY_KEYS,
    TOP_KEYS,
    WEEKDAYS,
    WEEKEND_KEYS,
    DayInfo,
    DayOff,
    WorkingCalendar,
    calendar,
    load_calendar,
)

__all__ = [
    "BUILTIN_CALENDARS",
    "DAY_OFF_KINDS",
    "ENTRY_KEYS",
    "ENTRY_KINDS",
    "FORMAT_VERSION",
    "PUBLIC_HOLIDAY_KEYS",
    "TOP_KEYS",
    "WEEKDAYS",
    "WEEKEND_KEYS",
    "DayInfo",
    "DayOff",
    "WorkingCalendar",
    "calendar",
    "load_calendar",
]

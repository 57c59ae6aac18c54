"""Session dates (being split into modules; see window)."""

from caseflow.recurrence.window import (
    NEXT_WEEK_LIMIT,
    RRULE_DEFAULT_START,
    STATUSES,
    Occurrence,
    Status,
    occurrences,
    schedule_rrule,
    select_schedules,
    validate_schedule,
    year_occurrences,
)

__all__ = [
    "NEXT_WEEK_LIMIT",
    "RRULE_DEFAULT_START",
    "STATUSES",
    "Occurrence",
    "Status",
    "occurrences",
    "schedule_rrule",
    "select_schedules",
    "validate_schedule",
    "year_occurrences",
]

"""caseflow: case-handling procedures as YAML-defined state machines.

The public API is exactly the names in ``__all__`` (pinned by a test);
everything else is internal and may change.
"""

from caseflow.calendars import DayInfo, DayOff, WorkingCalendar, calendar, load_calendar
from caseflow.case import Case, Event
from caseflow.conditions import GuardContext
from caseflow.errors import (
    CaseflowError,
    ConcurrencyError,
    ConfigurationError,
    DefinitionError,
    HistoryError,
    InputError,
    Problem,
    RevealRefused,
    StoreError,
    TransitionNotAllowed,
)
from caseflow.store import Reveal, Store, open_store
from caseflow.workflow import Workflow, load_workflow, shipped_workflow

__all__ = [
    "Case",
    "CaseflowError",
    "ConcurrencyError",
    "ConfigurationError",
    "DayInfo",
    "DayOff",
    "DefinitionError",
    "Event",
    "GuardContext",
    "HistoryError",
    "InputError",
    "Problem",
    "Reveal",
    "RevealRefused",
    "Store",
    "StoreError",
    "TransitionNotAllowed",
    "Workflow",
    "WorkingCalendar",
    "calendar",
    "load_calendar",
    "load_workflow",
    "open_store",
    "shipped_workflow",
]

__version__ = "0.1.0"

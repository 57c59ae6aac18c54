"""caseflow: case-handling procedures as YAML-defined state machines.

The public API is exactly the names in ``__all__`` (pinned by a test);
everything else is internal and may change.

Data flows one way, and so do imports (layers bottom up; a module imports
only from lower layers, an import-linter contract run by the tests):

1. ``errors``: one root, ``CaseflowError``; ``text``: text in NFC, and a
   value found in any of its renderings.
2. ``definition`` (what a file says, frozen), ``case`` (Case, Event),
   ``yamlsafe`` (untrusted YAML to plain values with positions), ``times``
   (instants and days in the workflow's zone), ``files`` (reading a named
   file: regular files only, within a size limit).
3. ``conditions`` (declarative conditions), ``calendars`` (working days).
4. ``loading`` (YAML to definition, and its checks), ``engine`` (firing,
   allowed, replay), ``recurrence`` (session dates).
5. ``deadlines``: the legal-time model (docs/legal-time.md).
6. ``sessions`` (the month of a reception office), ``store`` (histories on
   SQLite and PostgreSQL).
7. ``workflow`` (the facade ``load_workflow`` returns), ``render``.
8. ``aio``: the store for asyncio apps (``import caseflow.aio``; its own ``__all__``);
   ``testing``: hypothesis strategies and invariants (``caseflow verify``).
9. ``cli``: the ``caseflow`` command and its demo.
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

# ``caseflow.sessions`` and ``caseflow.render`` (as the README names them) are
# reached on first use rather than imported here: every ``caseflow`` command
# imports this package, and most never need Jinja2 and the templates.
_SUBPACKAGES = frozenset({"sessions", "render"})


def __getattr__(name: str) -> object:
    if name in _SUBPACKAGES:
        import importlib

        package = importlib.import_module(f"caseflow.{name}")
        if name == "render":  # its modules, so that caseflow.render.documents is there
            for module in ("diagram", "documents", "ics", "schedule_text", "summary"):
                importlib.import_module(f"caseflow.render.{module}")
        return package
    raise AttributeError(f"module 'caseflow' has no attribute {name!r}")

"""What a calendar file says: its vocabulary and the model it is read into.

This module owns the calendar file format (``workflows/calendars/*.yaml``):
the allowed keys of each part (one source of truth for the reader and the
docs), the kinds an entry may declare, and the two frozen records a file is
read into, ``CalendarSpec`` (the whole file, before ``extends`` is resolved)
and ``Rule`` (one entry of ``days_off``, ``working_days`` or ``removed``).
Reading YAML into these records, with every problem collected, is done by
``file_values``, ``entries`` and ``file_reader``; what the records mean for
a day is decided by ``layers`` and ``working_calendar``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Final

import attrs

from caseflow.yamlsafe import Pos

__all__ = [
    "ENTRY_KEYS",
    "ENTRY_KINDS",
    "FORMAT_VERSION",
    "MAX_RANGE_DAYS",
    "PUBLIC_HOLIDAY_KEYS",
    "SECTIONS",
    "TOP_KEYS",
    "WEEKEND_KEYS",
    "CalendarSpec",
    "Rule",
    "listing",
]

FORMAT_VERSION: Final = 1
"""The calendar file format this package reads (``caseflow: 1``)."""

ENTRY_KINDS: Final = frozenset({"holiday", "compensatory", "swap", "local"})
"""The kinds a ``days_off`` entry may declare (``weekend`` comes from ``weekend``)."""

SECTIONS: Final = ("removed", "days_off", "working_days")
"""The entry lists of a file, in the order a calendar applies them: a later
section decides a day an earlier one names."""

MAX_RANGE_DAYS: Final = 366
"""The most days one dated entry (``date`` to ``until``) may cover."""

# The calendar file vocabulary, one source of truth for the reader and the docs.
TOP_KEYS: Final = frozenset(
    {
        "caseflow",
        "name",
        "description",
        "extends",
        "weekend",
        "public_holidays",
        "official_years",
        "days_off",
        "working_days",
        "removed",
    }
)
WEEKEND_KEYS: Final = frozenset({"days", "source"})
PUBLIC_HOLIDAY_KEYS: Final = frozenset({"package", "source", "compensatory_source", "swap_source"})
_COMMON_ENTRY_KEYS: Final = frozenset(
    {"date", "until", "yearly", "from_year", "until_year", "name_vi", "name_en", "source", "note"}
)
ENTRY_KEYS: Final[dict[str, frozenset[str]]] = {
    "days_off": _COMMON_ENTRY_KEYS | {"kind"},
    "working_days": _COMMON_ENTRY_KEYS,
    "removed": _COMMON_ENTRY_KEYS | {"pending"},
}


def listing(values: Iterable[str]) -> str:
    """Allowed values for a message: sorted, comma-separated."""
    return ", ".join(sorted(values))


@attrs.frozen(kw_only=True)
class Rule:
    """One entry of ``days_off``, ``working_days`` or ``removed``."""

    section: str  # days_off | working_days | removed
    label: str  # e.g. "days_off[2]", for messages
    pos: Pos
    first: date | None = None  # a dated entry: first..last inclusive
    last: date | None = None
    month: int = 0  # a yearly entry: month-day from from_year to until_year
    day: int = 0
    from_year: int = 1
    until_year: int = 9999
    kind: str = "local"
    pending: bool = False
    name_vi: str = ""
    name_en: str = ""
    source: str = ""
    note: str = ""

    def ordinals(self, year: int) -> list[int]:
        """The days of ``year`` this entry covers, as ordinals."""
        if self.first is not None and self.last is not None:
            lo = max(self.first, date(year, 1, 1)).toordinal()
            hi = min(self.last, date(year, 12, 31)).toordinal()
            return list(range(lo, hi + 1))
        if self.from_year <= year <= self.until_year:
            return [date(year, self.month, self.day).toordinal()]
        return []

    def years(self) -> range:
        """The years this entry may touch."""
        if self.first is not None and self.last is not None:
            return range(self.first.year, self.last.year + 1)
        return range(self.from_year, self.until_year + 1)


@attrs.frozen(kw_only=True)
class CalendarSpec:
    """A calendar file read and checked on its own (before ``extends``)."""

    name: str
    file: str
    description: str = ""
    extends: str | None = None
    extends_pos: Pos = (1, 1)
    weekend: tuple[int, ...] | None = None
    weekend_source: str = ""
    package: str | None = None
    package_pos: Pos = (1, 1)
    holiday_source: str = ""
    compensatory_source: str = ""
    swap_source: str = ""
    official_years: tuple[int, ...] | None = None
    official_pos: tuple[Pos, ...] = ()
    rules: tuple[Rule, ...] = ()

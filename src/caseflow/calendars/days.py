"""The names of days and months, and the records that say why a day is off.

This module owns the day vocabulary every time module shares: the weekday
and month names in English and Vietnamese, the length of a month, the kinds
of day off (``DAY_OFF_KINDS``) and the two records a calendar answers with,
``DayOff`` and ``DayInfo``. It is the bottom of the ``calendars`` package and
imports none of its siblings. The weekday keys themselves (``monday`` ...)
are YAML vocabulary and come from ``definition``; deciding which days are
off is ``working_calendar``'s job, and ``recurrence`` reuses these tables
for its own messages.
"""

from __future__ import annotations

from datetime import date
from typing import Final, Literal, TypeAlias

import attrs

from caseflow.definition import WEEKDAYS
from caseflow.i18n import N_, _

__all__ = [
    "DAY_OFF_KINDS",
    "MONTH_NAMES_EN",
    "WEEKDAYS",
    "WEEKDAY_NAMES_EN",
    "WEEKDAY_NAMES_VI",
    "DayInfo",
    "DayOff",
    "DayOffKind",
    "kind_label",
    "month_length",
]

DayOffKind: TypeAlias = Literal["weekend", "holiday", "compensatory", "swap", "local"]

DAY_OFF_KINDS: Final = frozenset({"weekend", "holiday", "compensatory", "swap", "local"})
"""Why a day is off: the weekend, a public holiday, a compensatory day for a
holiday on a weekend, a working day swapped for a make-up day, or a local
closure of an office or a province."""

WEEKDAY_NAMES_EN: Final = tuple(day.capitalize() for day in WEEKDAYS)
"""``Monday`` .. ``Sunday``, indexed by ``date.weekday()``."""

WEEKDAY_NAMES_VI: Final = (
    "Thứ Hai",
    "Thứ Ba",
    "Thứ Tư",
    "Thứ Năm",
    "Thứ Sáu",
    "Thứ Bảy",
    "Chủ nhật",
)
"""The Vietnamese names of the weekdays, indexed by ``date.weekday()``."""

MONTH_NAMES_EN: Final = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
"""``January`` .. ``December``, indexed by ``month - 1``."""


_KIND_LABELS: Final = {
    "weekend": N_("weekend"),
    "holiday": N_("holiday"),
    "compensatory": N_("compensatory"),
    "swap": N_("swap"),
    "local": N_("local"),
    "working": N_("working"),
    "make-up": N_("make-up"),
}


def kind_label(kind: str) -> str:
    """A day's kind (``DAY_OFF_KINDS``, ``working``, ``make-up``) in the current language."""
    return _(_KIND_LABELS[kind]) if kind in _KIND_LABELS else kind


def month_length(year: int, month: int) -> int:
    """How many days ``month`` (1-12) of ``year`` has (proleptic Gregorian)."""
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


@attrs.frozen(kw_only=True)
class DayOff:
    """One day off and why: what ``days_off()`` returns.

    ``kind`` is one of ``DAY_OFF_KINDS``; ``source`` cites the rule or the
    legal document; ``provisional`` is true when the year has no official
    schedule in the calendar (the day follows the law's rules).
    """

    date: date
    name_vi: str
    name_en: str
    kind: DayOffKind
    source: str
    provisional: bool


@attrs.frozen(kw_only=True)
class DayInfo:
    """Why a day is off or working: what ``day_info()`` returns.

    ``kind`` is ``"working"`` (an ordinary working day), ``"make-up"`` (a day
    that would be off but is worked, e.g. a make-up Saturday) or one of
    ``DAY_OFF_KINDS``. ``calendar`` names the calendar whose rule decided;
    ``notes`` say what was overridden or not applied, in plain sentences.
    """

    date: date
    working: bool
    kind: str
    name_vi: str
    name_en: str
    source: str
    note: str
    calendar: str
    provisional: bool
    notes: tuple[str, ...] = ()

    def explain(self) -> str:
        """One paragraph: the day, working or not, why, and on what basis."""
        weekday = WEEKDAY_NAMES_EN[self.date.weekday()]
        status = "a working day" if self.working else "a day off"
        text = f"{self.date.isoformat()} ({weekday}) is {status} in {self.calendar}"
        if self.kind == "make-up":
            text += f": make-up working {weekday}"
        elif self.kind != "working":
            text += f": {self.kind}"
        names = " / ".join(n for n in dict.fromkeys((self.name_vi, self.name_en)) if n)
        if names and self.kind != "working":
            text += f" — {names}"
        if self.source:
            text += f"; source: {self.source}"
        text += "."
        if self.note:
            text += f" Note: {self.note}"
            if not self.note.endswith("."):
                text += "."
        for note in self.notes:
            text += f" {note}"
        return text

    def __str__(self) -> str:
        return self.explain()

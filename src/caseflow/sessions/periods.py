"""Reporting periods: a month, a quarter, a half-year or a year.

This module owns ``Period``: written ``2026-03``, ``2026-Q1``, ``2026-H2``
or ``2026``, with its first and last days, which days it holds, its months
and its name in words, in Vietnamese and English (``tháng 3/2026``,
``quý I/2026``, ``6 tháng đầu năm 2026``, ``năm 2026``; ``March 2026``,
``Q1 2026``, ``first half of 2026``, ``2026``).

It leaves counting what happened in a period to ``reports``.
"""

from __future__ import annotations

import datetime as dt
from typing import Final, Literal, TypeAlias

import attrs

from caseflow.calendars import MONTH_NAMES_EN
from caseflow.errors import InputError
from caseflow.i18n import _

__all__ = ["Period"]

PeriodKind: TypeAlias = Literal["month", "quarter", "half", "year"]
# A quarter is named by its Roman numeral in Vietnamese ("quý II"): four, one per quarter.
_ROMAN: Final = ("I", "II", "III", "IV")


@attrs.frozen
class Period:
    """A reporting period: a month, a quarter, a half-year or a year.

    Written ``2026-03``, ``2026-Q1``, ``2026-H2`` or ``2026`` (``Period.parse``).
    """

    kind: PeriodKind
    year: int
    number: int = 1

    def __attrs_post_init__(self) -> None:
        top = {"month": 12, "quarter": 4, "half": 2, "year": 1}.get(self.kind)
        if top is None:
            raise InputError(f"period kind {self.kind!r} is not one of month, quarter, half, year")
        if not 1 <= self.year <= 9999 or not 1 <= self.number <= top:
            raise InputError(f"no {self.kind} {self.number} in year {self.year}")

    @classmethod
    def parse(cls, text: str | Period) -> Period:
        """``2026-03`` (month), ``2026-Q1`` (quarter), ``2026-H1`` (half-year), ``2026``."""
        if isinstance(text, Period):
            return text
        raw = str(text).strip().upper()
        try:
            if len(raw) == 4:
                return cls("year", int(raw))
            year, _dash, rest = raw.partition("-")
            if rest.startswith("Q"):
                return cls("quarter", int(year), int(rest[1:]))
            if rest.startswith("H"):
                return cls("half", int(year), int(rest[1:]))
            if len(rest) == 2:
                return cls("month", int(year), int(rest))
        except ValueError:
            pass
        raise InputError(
            _(
                "period {text!r} is not a period; write 2026-03 (month), 2026-Q1 (quarter), "
                "2026-H1 (half-year) or 2026 (year)"
            ).format(text=text)
        )

    @property
    def months(self) -> tuple[int, ...]:
        """The months (1-12) the period covers."""
        size = {"month": 1, "quarter": 3, "half": 6, "year": 12}[self.kind]
        first = self.number if self.kind == "month" else (self.number - 1) * size + 1
        return tuple(range(first, first + size))

    @property
    def start(self) -> dt.date:
        """The period's first day."""
        return dt.date(self.year, self.months[0], 1)

    @property
    def end(self) -> dt.date:
        """The period's last day."""
        last = self.months[-1]
        if last == 12:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, last + 1, 1) - dt.timedelta(days=1)

    def month_periods(self) -> tuple[Period, ...]:
        """The months of the period, as periods (the rows of a roll-up)."""
        return tuple(Period("month", self.year, m) for m in self.months)

    def __contains__(self, day: object) -> bool:
        """Whether ``day`` (a date) is one of the period's days.

        An instant is refused: which day it is depends on the workflow's
        time zone, so the caller turns it into a day first (``times``).
        """
        if isinstance(day, dt.datetime):
            raise TypeError(f"day={day!r} is an instant; give the day it is in the workflow's zone")
        if not isinstance(day, dt.date):
            return False
        return self.start <= day <= self.end

    def label(self, lang: str = "en") -> str:
        """E.g. "March 2026" / "tháng 3/2026", "Q2 2026" / "quý II/2026".

        Only the words of the period's own kind are built: a month's number
        is no quarter's, and indexing the quarters' numerals with it was
        what broke the labels of May to December.
        """
        number, year = self.number, self.year
        if lang == "vi":
            if self.kind == "month":
                return f"tháng {number}/{year}"
            if self.kind == "quarter":
                return f"quý {_ROMAN[number - 1]}/{year}"
            if self.kind == "half":
                return f"6 tháng {'đầu' if number == 1 else 'cuối'} năm {year}"
            return f"năm {year}"
        if self.kind == "month":
            return f"{MONTH_NAMES_EN[number - 1]} {year}"
        if self.kind == "quarter":
            return f"Q{number} {year}"
        if self.kind == "half":
            return f"{'first' if number == 1 else 'second'} half of {year}"
        return str(year)

    def __str__(self) -> str:
        if self.kind == "month":
            return f"{self.year}-{self.number:02d}"
        if self.kind == "quarter":
            return f"{self.year}-Q{self.number}"
        if self.kind == "half":
            return f"{self.year}-H{self.number}"
        return str(self.year)

"""The working-day arithmetic: ``WorkingCalendar`` and its answers about days.

This module owns ``WorkingCalendar``: the weekend, the layered decisions of
each year (asked of ``layers`` and cached), the per-year tables
(``year_tables``) and every answer built on them: ``is_working_day``,
``add_working_days`` (O(1) inside a year, plus one step per year boundary
crossed), ``working_days_between``, ``next_working_day``,
``previous_working_day``, ``days_off`` and ``day_info`` with its
explanation. Tables are built lazily the first time a year is touched;
two threads building the same year at once only duplicate work (the tables
are immutable once made). Dates from year 1 to 9999 work: years the
``holidays`` package cannot compute get the weekend and the file's own
entries only. Many dates at once in numpy go to ``bulk``; reading files and
the built-in registry are ``registry``'s; deadline rules and session dates
are ``deadlines``' and ``recurrence``'s, which ask questions about days and
never change the answers.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, Final, overload

import attrs

from caseflow.calendars.bulk import NumpyIndex
from caseflow.calendars.calendar_file import SECTIONS, CalendarSpec, Rule
from caseflow.calendars.dates import DateLike, as_count, as_date, out_of_range
from caseflow.calendars.days import (
    WEEKDAY_NAMES_EN,
    WEEKDAY_NAMES_VI,
    WEEKDAYS,
    DayInfo,
    DayOff,
)
from caseflow.calendars.layers import Decision, apply_rule, package_decisions, removal_note
from caseflow.calendars.public_holidays import package_range
from caseflow.calendars.year_tables import YearTable, build_year_table
from caseflow.errors import InputError
from caseflow.i18n import _

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = ["WorkingCalendar"]

_DEFAULT_WEEKEND: Final = (5, 6)
_DEFAULT_WEEKEND_SOURCE: Final = "caseflow default: Saturday and Sunday are not working days"
_fromordinal = date.fromordinal  # bound once: add_working_days is a hot path


class WorkingCalendar:
    """Working days of a public body: weekends, holidays, swaps, local closures.

    Get one with ``calendar("VN")`` or ``load_calendar(path)``. Dates may be
    ``datetime.date``, ``datetime`` (its ``.date()`` is used, no zone
    conversion) or ISO text ``"YYYY-MM-DD"``; results are plain
    ``datetime.date``. Anything else, or an impossible date, is an
    ``InputError`` naming the value.
    """

    def __init__(self, spec: CalendarSpec, parent: WorkingCalendar | None) -> None:
        self._spec = spec
        self._parent = parent
        self.name: str = spec.name
        self.description: str = spec.description
        self.file: str = spec.file
        weekend = spec.weekend
        source = spec.weekend_source
        if weekend is None:
            if parent is not None:
                weekend, source = parent._weekend, parent._weekend_source
            else:
                weekend, source = _DEFAULT_WEEKEND, _DEFAULT_WEEKEND_SOURCE
        self._weekend: tuple[int, ...] = weekend
        self._weekend_source: str = source
        self._weekend_mask: tuple[bool, ...] = tuple(day in weekend for day in range(7))
        if spec.official_years is not None:
            official = frozenset(spec.official_years)
        elif parent is not None:
            official = parent.official_years
        else:
            official = frozenset()
        self.official_years: frozenset[int] = official
        self._package: str | None = spec.package if parent is None else parent._package
        self._by_year: dict[int, list[Rule]] = {}
        self._yearly: list[Rule] = []
        for rule in spec.rules:
            if rule.first is not None:
                for year in rule.years():
                    self._by_year.setdefault(year, []).append(rule)
            else:
                self._yearly.append(rule)
        self._decisions_cache: dict[int, dict[int, Decision]] = {}
        self._tables: dict[int, YearTable] = {}
        self._bulk = NumpyIndex(self._table)

    def __repr__(self) -> str:
        official = ", ".join(str(y) for y in sorted(self.official_years)) or "none"
        return f"<WorkingCalendar {self.name!r} official years: {official}>"

    @property
    def parent(self) -> WorkingCalendar | None:
        """The calendar this one extends, if any."""
        return self._parent

    @property
    def weekend(self) -> tuple[str, ...]:
        """The weekly days off, e.g. ``("saturday", "sunday")``."""
        return tuple(WEEKDAYS[day] for day in self._weekend)

    # -- layers ------------------------------------------------------------

    def _decisions(self, year: int) -> dict[int, Decision]:
        """What the layers decide about the days of ``year``, by ordinal (cached)."""
        got = self._decisions_cache.get(year)
        if got is not None:
            return got
        if self._parent is not None:
            out = dict(self._parent._decisions(year))
        elif self._package is not None:
            out = package_decisions(self._spec, year)
        else:
            out = {}
        rules = self._by_year.get(year, []) + [
            r for r in self._yearly if r.from_year <= year <= r.until_year
        ]
        for rule in sorted(rules, key=lambda r: SECTIONS.index(r.section)):
            for ordinal in rule.ordinals(year):
                apply_rule(rule, ordinal, out, self.name)
        self._decisions_cache[year] = out
        return out

    # -- tables ----------------------------------------------------------------

    def _table(self, year: int) -> YearTable:
        """The working-day table of ``year``, built the first time it is asked for."""
        table = self._tables.get(year)
        if table is not None:
            return table
        table = build_year_table(year, self._decisions(year), self._weekend_mask)
        self._tables[year] = table
        return table

    # -- single days -----------------------------------------------------------

    def is_working_day(self, d: DateLike) -> bool:
        """Whether ``d`` is a working day."""
        day = d if type(d) is date else as_date(d)
        table = self._tables.get(day.year)
        if table is None:
            table = self._table(day.year)
        return table.flags[day.toordinal() - table.start] == 1

    def is_provisional(self, d: DateLike) -> bool:
        """Whether ``d``'s year lacks an official schedule in this calendar.

        A provisional day follows the law's rules (the ``holidays`` package
        and compensatory days) and may change when the year's swaps are
        announced.
        """
        return as_date(d).year not in self.official_years

    def add_working_days(self, d: DateLike, n: int) -> date:
        """The ``n``-th working day after ``d`` (``d`` itself not counted).

        ``n < 0`` counts backwards: the ``|n|``-th working day before ``d``.
        ``n == 0`` returns ``d`` when it is a working day, else the next
        working day (numpy's ``roll="forward"``): a deadline of "0 working
        days" never lands on a day off. O(1) once the year's table exists.
        """
        # The hot path: plain dates and ints skip the checks' function calls.
        day = d if type(d) is date else as_date(d)
        if type(n) is not int:
            n = as_count(n)
        year = day.year
        table = self._tables.get(year)
        if table is None:
            table = self._table(year)
        index = day.toordinal() - table.start
        work = table.work
        # For n <= 0 count from the working days strictly before d, so that
        # n == 0 lands on the first working day >= d.
        upto = table.upto[index]
        j = upto + n - 1 if n > 0 else upto - table.flags[index] + n
        if 0 <= j < len(work):
            return _fromordinal(work[j])
        return self._carry(day, n, year, j)

    def _carry(self, day: date, n: int, year: int, j: int) -> date:
        """Finish ``add_working_days`` when the answer lies in another year."""
        work = self._table(year).work
        while j >= len(work):
            j -= len(work)
            year += 1
            if year > 9999:
                raise out_of_range(day, n)
            work = self._table(year).work
        while j < 0:
            year -= 1
            if year < 1:
                raise out_of_range(day, n)
            work = self._table(year).work
            j += len(work)
        return _fromordinal(work[j])

    def next_working_day(self, d: DateLike) -> date:
        """The first working day strictly after ``d``."""
        return self.add_working_days(d, 1)

    def previous_working_day(self, d: DateLike) -> date:
        """The last working day strictly before ``d``."""
        return self.add_working_days(d, -1)

    def working_days_between(self, a: DateLike, b: DateLike) -> int:
        """How many working days lie in ``(a, b]``; ``-working_days_between(b, a)`` if ``b < a``.

        So ``working_days_between(d, add_working_days(d, n)) == n`` for ``n > 0``.
        """
        start = a if type(a) is date else as_date(a, "a")
        end = b if type(b) is date else as_date(b, "b")
        if end < start:
            return -self.working_days_between(end, start)
        first = self._tables.get(start.year) or self._table(start.year)
        last = first if end.year == start.year else self._table(end.year)
        upto_end = last.upto[end.toordinal() - last.start]
        upto_start = first.upto[start.toordinal() - first.start]
        if start.year == end.year:
            return upto_end - upto_start
        total = len(first.work) - upto_start + upto_end
        for year in range(start.year + 1, end.year):
            total += len((self._tables.get(year) or self._table(year)).work)
        return total

    def day_info(self, d: DateLike) -> DayInfo:
        """Why ``d`` is off or working, with the rule's name, kind and source."""
        day = as_date(d)
        return self._info(day)

    def _info(self, day: date) -> DayInfo:
        year = day.year
        decision = self._decisions(year).get(day.toordinal())
        weekday = day.weekday()
        provisional = year not in self.official_years
        notes: list[str] = []
        if decision is None or decision.working is None:
            off = self._weekend_mask[weekday]
            info = DayInfo(
                date=day,
                working=not off,
                kind="weekend" if off else "working",
                name_vi=WEEKDAY_NAMES_VI[weekday] if off else "",
                name_en=WEEKDAY_NAMES_EN[weekday] if off else "",
                source=self._weekend_source if off else "",
                note="",
                calendar=self.name,
                provisional=provisional,
            )
            if decision is not None:
                notes.append(removal_note(decision))
        else:
            info = DayInfo(
                date=day,
                working=decision.working,
                kind=decision.kind,
                name_vi=decision.name_vi,
                name_en=decision.name_en,
                source=decision.source,
                note=decision.note,
                calendar=decision.calendar,
                provisional=provisional,
            )
            replaced = decision.replaced
            if replaced is not None and replaced.working is None:
                notes.append(removal_note(replaced))
            elif replaced is not None and replaced.working != decision.working:
                origin = "the holidays package" if replaced.from_package else replaced.calendar
                status = "a working day" if replaced.working else "a day off"
                notes.append(
                    f"It overrides {origin}, where the day is {status} "
                    f"({replaced.kind}: {replaced.name_vi or replaced.name_en})."
                )
        if provisional:
            notes.append(self._provisional_note(year))
        return attrs.evolve(info, notes=tuple(notes))

    def _provisional_note(self, year: int) -> str:
        text = (
            f"Provisional: {year} has no official schedule in {self.name}; the day follows "
            "the law's rules and may change when the year's day swaps are announced."
        )
        if self._package is not None:
            first, last = package_range(self._package)
            if not first <= year <= last:
                text += (
                    f" The holidays package has no data for {year} "
                    f"(it covers {first}-{last}), so only weekends and this file's entries apply."
                )
        return text

    def days_off(self, start: DateLike, end: DateLike) -> list[DayOff]:
        """Every day off from ``start`` to ``end`` inclusive, weekends included, in order."""
        first, last = as_date(start, "start"), as_date(end, "end")
        if last < first:
            raise InputError(
                _(
                    "end={last!r} is before start={first!r}; days_off takes an "
                    "inclusive range start..end"
                ).format(last=last.isoformat(), first=first.isoformat())
            )
        out: list[DayOff] = []
        for ordinal in self._off_ordinals(first.toordinal(), last.toordinal()):
            info = self._info(date.fromordinal(ordinal))
            out.append(
                DayOff(
                    date=info.date,
                    name_vi=info.name_vi,
                    name_en=info.name_en,
                    kind=info.kind,  # type: ignore[arg-type]  # off days carry a DayOffKind
                    source=info.source,
                    provisional=info.provisional,
                )
            )
        return out

    def _off_ordinals(self, lo: int, hi: int) -> Iterator[int]:
        year = date.fromordinal(lo).year
        while True:
            table = self._table(year)
            top = min(hi, table.start + len(table.flags) - 1)
            for ordinal in range(max(lo, table.start), top + 1):
                if not table.flags[ordinal - table.start]:
                    yield ordinal
            if top >= hi:
                return
            year += 1

    # -- many dates at once -------------------------------------------------------

    @overload
    def add_working_days_many(
        self, dates: npt.NDArray[np.datetime64], n: int
    ) -> npt.NDArray[np.datetime64]: ...

    @overload
    def add_working_days_many(self, dates: Sequence[DateLike], n: int) -> list[date]: ...

    def add_working_days_many(self, dates: Any, n: int) -> Any:
        """``add_working_days(d, n)`` for each date.

        A numpy array (``datetime64`` of any unit; ``object`` or text arrays
        are converted) gives a ``datetime64[D]`` array of the same shape,
        computed with vectorised index look-ups; any other sequence gives a
        list of ``date``. numpy is never imported here: an array can only
        come from a caller that has it already.
        """
        count = as_count(n)
        numpy = sys.modules.get("numpy")
        if numpy is not None and isinstance(dates, numpy.ndarray):
            return self._bulk.add(numpy, dates, count)
        if not isinstance(dates, Iterable):
            raise InputError(
                _("dates must be a sequence of dates or a numpy array, not {kind}").format(
                    kind=type(dates).__name__
                )
            )
        if isinstance(dates, (str, bytes, date)):
            raise InputError(
                _(
                    "dates={dates!r} must be a sequence of dates, not a single "
                    "value; use add_working_days for one date"
                ).format(dates=dates)
            )
        out: list[date] = []
        add = self.add_working_days
        for index, day in enumerate(dates):
            try:
                out.append(add(day, count))
            except InputError as err:
                raise InputError(_("dates[{index}]: {err}").format(index=index, err=err)) from None
        return out

"""Working-day calendars: which days a Vietnamese public body works, and why.

This module owns the ``WorkingCalendar``: weekends, public holidays, the
compensatory days and the yearly day swaps of the Vietnamese public sector,
read from calendar YAML files (``workflows/calendars/*.yaml``), and the day
arithmetic on top of them ("10 working days after 2026-02-10"). It leaves
deadline rules to ``deadlines`` and session dates to ``recurrence``: they
ask this module questions about days and never change its answers.

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

Why the arithmetic is written here by hand rather than delegated:
``numpy.busday_offset`` cannot express a make-up working Saturday (its
calendars only remove days) and numpy is optional at run time; the
package's own ``is_working_day`` is a per-date lookup, far too slow to walk
day by day in a loop. So each year gets a table, built lazily the first time
the year is touched, of ``date.toordinal()`` integers: a flag per day, the
running count of working days, and the sorted working-day ordinals. With the
table in place ``add_working_days`` and ``working_days_between`` are O(1)
inside a year (plus one step per year boundary crossed), and the bulk form is
a couple of vectorised numpy index operations when the caller passes numpy
arrays. Dates from year 1 to 9999 work: years the package cannot compute get
the weekend and the file's own entries only.

Tables are built lazily and cached on the calendar; two threads building the
same year at once only duplicate work (the tables are immutable once made).
"""

from __future__ import annotations

import functools
import operator
import os
import re
import sys
import threading
from array import array
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal, TypeAlias, overload

import attrs

from caseflow.errors import DefinitionError, InputError, Problem, did_you_mean
from caseflow.yamlsafe import Pos, YList, YMap, describe, load_yaml

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

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

DateLike: TypeAlias = "date | datetime | str"
DayOffKind: TypeAlias = Literal["weekend", "holiday", "compensatory", "swap", "local"]

FORMAT_VERSION: Final = 1
"""The calendar file format this module reads (``caseflow: 1``)."""

BUILTIN_CALENDARS: Final[dict[str, str]] = {"VN": "vn.yaml"}
"""Calendars shipped in ``caseflow/workflows/calendars``, by name."""

DAY_OFF_KINDS: Final = frozenset({"weekend", "holiday", "compensatory", "swap", "local"})
"""Why a day is off: the weekend, a public holiday, a compensatory day for a
holiday on a weekend, a working day swapped for a make-up day, or a local
closure of an office or a province."""

ENTRY_KINDS: Final = frozenset({"holiday", "compensatory", "swap", "local"})
"""The kinds a ``days_off`` entry may declare (``weekend`` comes from ``weekend``)."""

PACKAGE_COUNTRIES: Final = frozenset({"VN"})

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

WEEKDAYS: Final = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAYS_EN: Final = tuple(day.capitalize() for day in WEEKDAYS)
_WEEKDAYS_VI: Final = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
_MONTHS_EN: Final = (
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

_DEFAULT_WEEKEND: Final = (5, 6)
_DEFAULT_WEEKEND_SOURCE: Final = "caseflow default: Saturday and Sunday are not working days"
_MAX_RANGE_DAYS: Final = 366
_FIRST_ORDINAL: Final = 1
_LAST_ORDINAL: Final = date.max.toordinal()
_EPOCH_ORDINAL: Final = date(1970, 1, 1).toordinal()
_fromordinal = date.fromordinal
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})\Z")
_MONTH_DAY = re.compile(r"(\d{2})-(\d{2})\Z")
_PACKAGE_REF = re.compile(r"(\d{2})/(\d{2})/(\d{4})")


# -- public records -----------------------------------------------------------


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
        weekday = _WEEKDAYS_EN[self.date.weekday()]
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


# -- dates in, dates out -------------------------------------------------------


def _impossible(year: int, month: int, day: int) -> str:
    if year < 1:
        return "years start at 0001"
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    length = (date(year + (month == 12), month % 12 + 1, 1) - date(year, month, 1)).days
    return f"{_MONTHS_EN[month - 1]} {year} has {length} days"


def _parse_iso(text: str) -> date | str:
    """The date of ``YYYY-MM-DD`` text, or a reason it is not one."""
    match = _ISO_DATE.match(text)
    if match is None:
        return "format"
    try:
        return date.fromisoformat(text)  # the C parser; the regex made it strict
    except ValueError:
        year, month, day = (int(part) for part in match.groups())
        return _impossible(year, month, day)


def _as_date(value: object, what: str = "d") -> date:
    # The common case first: this runs on every call of the day arithmetic.
    if type(value) is date:
        return value
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        parsed = _parse_iso(value)
        if isinstance(parsed, date):
            return parsed
        if parsed == "format":
            raise InputError(
                f"{what}={value!r} is not a date; write ISO text YYYY-MM-DD, e.g. '2026-02-10'"
            )
        raise InputError(f"{what}={value!r} is not a real date: {parsed}")
    numpy = sys.modules.get("numpy")
    if numpy is not None and isinstance(value, numpy.datetime64):
        if numpy.isnat(value):
            raise InputError(f"{what}={value!r} is not a date (NaT)")
        item = value.astype("datetime64[D]").item()
        if isinstance(item, date):
            return item
    raise InputError(
        f"{what}={value!r} is not a date; pass a datetime.date, a datetime "
        "(its date is used) or ISO text 'YYYY-MM-DD'"
    )


def _as_count(value: object, what: str = "n") -> int:
    if isinstance(value, bool):
        raise InputError(f"{what}={value!r} must be a whole number of working days, not a boolean")
    try:
        return operator.index(value)  # type: ignore[arg-type]
    except TypeError:
        raise InputError(f"{what}={value!r} must be a whole number of working days") from None


def _out_of_range(start: date, n: int) -> InputError:
    edge = "after 9999-12-31" if n > 0 else "before 0001-01-01"
    return InputError(
        f"{start.isoformat()} {'+' if n >= 0 else '-'} {abs(n)} working days falls {edge}, "
        "outside the dates Python can represent"
    )


# -- the holidays package layer -------------------------------------------------


@attrs.frozen(kw_only=True)
class _PackageDay:
    name_vi: str
    name_en: str
    kind: DayOffKind
    base_vi: str  # for a compensatory day: the holiday it stands in for


@attrs.frozen(kw_only=True)
class _PackageYear:
    days_off: dict[int, _PackageDay]
    make_up: dict[int, int | None]  # make-up ordinal -> the swapped day off, if known


_NO_PACKAGE_DATA: Final = _PackageYear(days_off={}, make_up={})
_SUBSTITUTED_VI: Final = "Ngày nghỉ (thay cho ngày"
_COMPENSATORY_SUFFIXES: Final = (" (nghỉ bù, dự kiến)", " (nghỉ bù)")


@functools.cache
def _package_range(country: str) -> tuple[int, int]:
    import holidays

    probe = holidays.country_holidays(country, years=())
    return int(probe.start_year), int(probe.end_year)


@functools.cache
def _package_raw(country: str, year: int, language: str, observed: bool) -> Any:
    import holidays

    first, last = _package_range(country)
    if not first <= year <= last:
        return None
    try:
        return holidays.country_holidays(country, years=year, language=language, observed=observed)
    except (ValueError, KeyError, IndexError, OverflowError, NotImplementedError):
        return None  # a year the package cannot compute: weekends only


@functools.cache
def _package_year(country: str, year: int) -> _PackageYear:
    vi = _package_raw(country, year, "vi", True)
    if vi is None:
        return _NO_PACKAGE_DATA
    en = _package_raw(country, year, "en_US", True)
    statutory = _package_raw(country, year, "vi", False)
    days_off: dict[int, _PackageDay] = {}
    swapped_with: dict[int, int] = {}
    for day, name_vi in vi.items():
        if day.year != year:
            continue
        name_en = str(en.get(day, name_vi)) if en is not None else str(name_vi)
        kind: DayOffKind = "holiday"
        base = str(name_vi)
        if str(name_vi).startswith(_SUBSTITUTED_VI):
            kind = "swap"
            ref = _PACKAGE_REF.search(str(name_vi))
            if ref is not None:
                make_up = date(int(ref[3]), int(ref[2]), int(ref[1]))
                swapped_with[make_up.toordinal()] = day.toordinal()
                name_en = f"Day off (in place of {make_up.isoformat()})"
        elif statutory is not None and day not in statutory:
            kind = "compensatory"
            for suffix in _COMPENSATORY_SUFFIXES:
                base = base.removesuffix(suffix)
        days_off[day.toordinal()] = _PackageDay(
            name_vi=str(name_vi), name_en=name_en, kind=kind, base_vi=base
        )
    # A swap listed under one year may make up a Saturday of the next or the
    # previous one (2015-01-02 was made up on 2014-12-27), so look both ways.
    make_up_days: dict[int, int | None] = {}
    for other in (year - 1, year, year + 1):
        raw = vi if other == year else _package_raw(country, other, "vi", True)
        if raw is None:
            continue
        for day in raw.weekend_workdays:
            if day.year == year:
                make_up_days[day.toordinal()] = None
        if other != year:
            for day, name in raw.items():
                ref = _PACKAGE_REF.search(str(name))
                if str(name).startswith(_SUBSTITUTED_VI) and ref is not None:
                    made_up = date(int(ref[3]), int(ref[2]), int(ref[1]))
                    swapped_with[made_up.toordinal()] = day.toordinal()
    for ordinal in make_up_days:
        make_up_days[ordinal] = swapped_with.get(ordinal)
    return _PackageYear(days_off=days_off, make_up=make_up_days)


# -- what a calendar file says ------------------------------------------------


@attrs.frozen(kw_only=True)
class _Rule:
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
        if self.first is not None and self.last is not None:
            return range(self.first.year, self.last.year + 1)
        return range(self.from_year, self.until_year + 1)


@attrs.frozen(kw_only=True)
class _Spec:
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
    rules: tuple[_Rule, ...] = ()


_describe = describe


def _listing(values: Iterable[str]) -> str:
    return ", ".join(sorted(values))


class _Reader:
    """Reads one calendar file into a ``_Spec``, collecting every problem."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def problem(self, pos: Pos, message: str) -> None:
        self.problems.append(Problem(file=self.file, line=pos[0], column=pos[1], message=message))

    def keys(self, m: YMap, what: str, allowed: frozenset[str]) -> None:
        for key in m:
            if key not in allowed:
                self.problem(
                    m.key_pos[key],
                    f"unknown key {key!r} in {what}{did_you_mean(key, sorted(allowed))}; "
                    f"allowed keys: {_listing(allowed)}",
                )

    def text(self, m: YMap, key: str, what: str, *, required: str = "") -> str:
        """Non-empty text at ``key``; ``required`` is the advice when it is missing."""
        if key not in m or m[key] is None:
            if required:
                self.problem(m.pos, f"{what} has no {key!r}; {required}")
            return ""
        value = m[key]
        if not isinstance(value, str):
            self.problem(m.value_pos[key], f"{what}.{key} must be text, not {_describe(value)}")
            return ""
        if not value.strip():
            self.problem(m.value_pos[key], f"{what}.{key} is empty; {required or 'write it out'}")
            return ""
        return value.strip()

    def year(self, value: Any, pos: Pos, what: str) -> int | None:
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 9999:
            return value
        self.problem(pos, f"{what}: {_describe(value)} is not a year; write a whole number 1-9999")
        return None

    def a_date(self, m: YMap, key: str, what: str) -> date | None:
        value = m[key]
        pos = m.value_pos[key]
        if not isinstance(value, str):
            self.problem(
                pos,
                f"{what}.{key}: {_describe(value)} is not a date; "
                "write YYYY-MM-DD, e.g. 2026-02-10",
            )
            return None
        parsed = _parse_iso(value)
        if isinstance(parsed, date):
            return parsed
        if parsed == "format":
            self.problem(
                pos, f"{what}.{key}: {value!r} is not a date; write YYYY-MM-DD, e.g. 2026-02-10"
            )
        else:
            self.problem(pos, f"{what}.{key}: {value!r} is not a real date: {parsed}")
        return None

    # -- the file --------------------------------------------------------------

    def read(self, data: Any) -> _Spec | None:
        if not isinstance(data, YMap):
            if data is None:
                self.problem(
                    (1, 1), "the calendar file is empty; it needs at least 'caseflow: 1' and 'name'"
                )
            else:
                pos = data.pos if isinstance(data, YList) else (1, 1)
                self.problem(
                    pos,
                    f"a calendar file must be a mapping of keys ({_listing(TOP_KEYS)}), "
                    f"not {_describe(data)}",
                )
            return None
        self.keys(data, "the calendar", TOP_KEYS)
        if "caseflow" not in data:
            self.problem(
                data.pos,
                f"the calendar has no 'caseflow' format version; add 'caseflow: {FORMAT_VERSION}'",
            )
        elif data["caseflow"] != FORMAT_VERSION or isinstance(data["caseflow"], bool):
            self.problem(
                data.value_pos["caseflow"],
                f"caseflow: {data['caseflow']!r} is not a calendar format version this library "
                f"reads; allowed: {FORMAT_VERSION}",
            )
        name = self.text(
            data,
            "name",
            "the calendar",
            required="add one, e.g. 'name: my-office' (explanations name the calendar by it)",
        )
        spec = _Spec(
            name=name,
            file=self.file,
            description=self.text(data, "description", "the calendar"),
        )
        if "extends" in data:
            extends = self.text(data, "extends", "the calendar")
            if extends:
                spec = attrs.evolve(spec, extends=extends, extends_pos=data.value_pos["extends"])
        spec = self.weekend(data, spec)
        spec = self.public_holidays(data, spec)
        spec = self.official_years(data, spec)
        rules: list[_Rule] = []
        for section in ("removed", "days_off", "working_days"):
            rules.extend(self.entries(data, section))
        self.conflicts(rules)
        return attrs.evolve(spec, rules=tuple(rules))

    def weekend(self, data: YMap, spec: _Spec) -> _Spec:
        if "weekend" not in data:
            return spec
        m = data["weekend"]
        if not isinstance(m, YMap):
            self.problem(
                data.value_pos["weekend"],
                "weekend must be a mapping with 'days' (a list such as [saturday, sunday]) "
                f"and 'source', not {_describe(m)}",
            )
            return spec
        self.keys(m, "weekend", WEEKEND_KEYS)
        source = self.text(
            m,
            "source",
            "weekend",
            required='cite its basis, e.g. source: "Quyết định 188/1999/QĐ-TTg"',
        )
        days = m.get("days")
        if not isinstance(days, YList):
            if "days" not in m:
                self.problem(
                    m.pos,
                    "weekend has no 'days'; list them, e.g. days: [saturday, sunday] "
                    "(or [] for none)",
                )
            else:
                self.problem(
                    m.value_pos["days"],
                    "weekend.days must be a list of weekdays such as [saturday, sunday], "
                    f"not {_describe(days)}",
                )
            return spec
        numbers: list[int] = []
        for index, item in enumerate(days):
            pos = days.item_pos[index]
            key = item.lower() if isinstance(item, str) else None
            if key not in WEEKDAYS:
                shown = repr(item) if isinstance(item, str) else _describe(item)
                hint = did_you_mean(item.lower(), WEEKDAYS) if isinstance(item, str) else ""
                self.problem(
                    pos,
                    f"weekend.days[{index}]: {shown} is not a day of the week{hint}; "
                    f"allowed: {', '.join(WEEKDAYS)}",
                )
                continue
            number = WEEKDAYS.index(key)
            if number in numbers:
                self.problem(pos, f"weekend.days[{index}]: {item!r} is listed twice")
                continue
            numbers.append(number)
        if len(numbers) == 7:
            self.problem(
                m.value_pos["days"],
                "weekend.days lists all seven days; "
                "a calendar needs at least one working day a week",
            )
        return attrs.evolve(spec, weekend=tuple(sorted(numbers)), weekend_source=source)

    def public_holidays(self, data: YMap, spec: _Spec) -> _Spec:
        if "public_holidays" not in data:
            return spec
        m = data["public_holidays"]
        pos = data.value_pos["public_holidays"]
        if not isinstance(m, YMap):
            self.problem(
                pos,
                "public_holidays must be a mapping with 'package' (e.g. VN) and 'source', "
                f"not {_describe(m)}",
            )
            return spec
        self.keys(m, "public_holidays", PUBLIC_HOLIDAY_KEYS)
        if spec.extends is not None:
            self.problem(
                data.key_pos["public_holidays"],
                f"public_holidays cannot be set in a calendar that extends {spec.extends!r}: "
                "the public holidays are inherited from it; remove one of the two",
            )
        package = self.text(
            m,
            "package",
            "public_holidays",
            required="name the country whose holidays the package computes; "
            f"allowed: {_listing(PACKAGE_COUNTRIES)}",
        )
        if package and package not in PACKAGE_COUNTRIES:
            self.problem(
                m.value_pos["package"],
                f"public_holidays.package: {package!r} is not supported"
                f"{did_you_mean(package, sorted(PACKAGE_COUNTRIES))}; "
                f"allowed: {_listing(PACKAGE_COUNTRIES)}",
            )
            package = ""
        source = self.text(
            m,
            "source",
            "public_holidays",
            required="cite the law that sets the holidays, "
            'e.g. source: "Bộ luật Lao động 2019, Điều 112"',
        )
        compensatory = self.text(m, "compensatory_source", "public_holidays") or source
        swap = self.text(m, "swap_source", "public_holidays") or source
        return attrs.evolve(
            spec,
            package=package or None,
            package_pos=pos,
            holiday_source=source,
            compensatory_source=compensatory,
            swap_source=swap,
        )

    def official_years(self, data: YMap, spec: _Spec) -> _Spec:
        if "official_years" not in data:
            return spec
        items = data["official_years"]
        if not isinstance(items, YList):
            self.problem(
                data.value_pos["official_years"],
                "official_years must be a list of years such as [2024, 2025, 2026], "
                f"not {_describe(items)}",
            )
            return spec
        years: list[int] = []
        places: list[Pos] = []
        for index, item in enumerate(items):
            year = self.year(item, items.item_pos[index], f"official_years[{index}]")
            if year is None:
                continue
            if year in years:
                self.problem(
                    items.item_pos[index], f"official_years[{index}]: {year} is listed twice"
                )
                continue
            years.append(year)
            places.append(items.item_pos[index])
        return attrs.evolve(spec, official_years=tuple(years), official_pos=tuple(places))

    def entries(self, data: YMap, section: str) -> list[_Rule]:
        if section not in data or data[section] is None:
            return []
        items = data[section]
        if not isinstance(items, YList):
            self.problem(
                data.value_pos[section],
                f"{section} must be a list of entries (each with 'date' or 'yearly', a name and "
                f"a 'source'), not {_describe(items)}",
            )
            return []
        rules: list[_Rule] = []
        for index, item in enumerate(items):
            label = f"{section}[{index}]"
            if not isinstance(item, YMap):
                self.problem(
                    items.item_pos[index],
                    f"{label} must be a mapping with 'date' or 'yearly', a name and a 'source', "
                    f"not {_describe(item)}",
                )
                continue
            rule = self.entry(item, section, label)
            if rule is not None:
                rules.append(rule)
        return rules

    def entry(self, m: YMap, section: str, label: str) -> _Rule | None:
        ok = True
        before = len(self.problems)
        self.keys(m, label, ENTRY_KEYS[section])
        source = self.text(
            m,
            "source",
            label,
            required="every entry must cite its legal basis (the decision, announcement or "
            'law, e.g. "Công văn 2450/VPCP-KGVX ngày 12/4/2024")',
        )
        name_vi = self.text(m, "name_vi", label)
        name_en = self.text(m, "name_en", label)
        if (
            section != "removed"
            and not name_vi
            and not name_en
            and "name_vi" not in m
            and "name_en" not in m
        ):
            self.problem(
                m.pos, f"{label} has no name; give name_vi (Vietnamese) and/or name_en (English)"
            )
        note = self.text(m, "note", label)
        kind = (
            "make-up"
            if section == "working_days"
            else "removed"
            if section == "removed"
            else "local"
        )
        if section == "days_off" and "kind" in m:
            value = m["kind"]
            if value in ENTRY_KINDS:
                kind = value
            else:
                shown = repr(value) if isinstance(value, str) else _describe(value)
                hint = did_you_mean(value, sorted(ENTRY_KINDS)) if isinstance(value, str) else ""
                self.problem(
                    m.value_pos["kind"],
                    f"{label}.kind: {shown} is not a kind of day off{hint}; "
                    f"allowed: {_listing(ENTRY_KINDS)}",
                )
        pending = False
        if "pending" in m:
            if isinstance(m["pending"], bool):
                pending = m["pending"]
            else:
                self.problem(
                    m.value_pos["pending"],
                    f"{label}.pending must be true or false, not {_describe(m['pending'])}",
                )
        rule = _Rule(
            section=section,
            label=label,
            pos=m.pos,
            kind=kind,
            pending=pending,
            name_vi=name_vi or name_en,
            name_en=name_en or name_vi,
            source=source,
            note=note,
        )
        has_date, has_yearly = "date" in m, "yearly" in m
        if has_date == has_yearly:
            which = "both" if has_date else "neither"
            self.problem(
                m.pos,
                f"{label} needs exactly one of 'date' (YYYY-MM-DD, one day or the start of a "
                f"range ending at 'until') or 'yearly' (MM-DD, every year); it has {which}",
            )
            return None
        if has_date:
            for key in ("from_year", "until_year"):
                if key in m:
                    self.problem(
                        m.key_pos[key],
                        f"{label}.{key} only goes with 'yearly'; a dated entry covers "
                        "'date' to 'until'",
                    )
            first = self.a_date(m, "date", label)
            last = first
            if "until" in m:
                last = self.a_date(m, "until", label)
            if first is None or last is None:
                return None
            if last < first:
                self.problem(
                    m.value_pos["until"],
                    f"{label}.until: {last.isoformat()} is before its date {first.isoformat()}",
                )
                return None
            length = (last - first).days + 1
            if length > _MAX_RANGE_DAYS:
                self.problem(
                    m.value_pos["until"],
                    f"{label} covers {length} days ({first.isoformat()} to {last.isoformat()}); "
                    f"an entry may cover at most {_MAX_RANGE_DAYS} days",
                )
                return None
            rule = attrs.evolve(rule, first=first, last=last)
        else:
            if "until" in m:
                self.problem(
                    m.key_pos["until"],
                    f"{label}.until only goes with 'date'; "
                    "a yearly entry uses from_year and until_year",
                )
            month_day = self.month_day(m, label)
            from_year = until_year = None
            if "from_year" in m:
                from_year = self.year(
                    m["from_year"], m.value_pos["from_year"], f"{label}.from_year"
                )
                ok = ok and from_year is not None
            if "until_year" in m:
                until_year = self.year(
                    m["until_year"], m.value_pos["until_year"], f"{label}.until_year"
                )
                ok = ok and until_year is not None
            if month_day is None or not ok:
                return None
            lo = from_year or 1
            hi = until_year or 9999
            if hi < lo:
                self.problem(
                    m.value_pos["until_year"],
                    f"{label}.until_year: {hi} is before from_year {lo}",
                )
                return None
            rule = attrs.evolve(
                rule, month=month_day[0], day=month_day[1], from_year=lo, until_year=hi
            )
        return rule if len(self.problems) == before else None

    def month_day(self, m: YMap, label: str) -> tuple[int, int] | None:
        value = m["yearly"]
        pos = m.value_pos["yearly"]
        match = _MONTH_DAY.match(value) if isinstance(value, str) else None
        if match is None:
            shown = repr(value) if isinstance(value, str) else _describe(value)
            self.problem(
                pos, f"{label}.yearly: {shown} is not a day of the year; write MM-DD, e.g. 11-24"
            )
            return None
        month, day = int(match[1]), int(match[2])
        if (month, day) == (2, 29):
            self.problem(
                pos,
                f"{label}.yearly: '02-29' happens only in leap years; "
                "list those days with 'date' instead",
            )
            return None
        if not 1 <= month <= 12:
            self.problem(
                pos,
                f"{label}.yearly: {value!r} is not a day of the year: there is no month {month}",
            )
            return None
        length = (date(2001 + (month == 12), month % 12 + 1, 1) - date(2001, month, 1)).days
        if not 1 <= day <= length:
            self.problem(
                pos,
                f"{label}.yearly: {value!r} is not a day of the year: "
                f"{_MONTHS_EN[month - 1]} has {length} days",
            )
            return None
        return month, day

    def conflicts(self, rules: list[_Rule]) -> None:
        """A day may be named once per file: off, working or removed, not two of them."""
        seen: dict[int, _Rule] = {}
        yearly: dict[tuple[int, int], list[_Rule]] = {}
        for rule in rules:
            if rule.first is not None and rule.last is not None:
                for ordinal in range(rule.first.toordinal(), rule.last.toordinal() + 1):
                    other = seen.get(ordinal)
                    if other is not None:
                        self.clash(rule, other, date.fromordinal(ordinal).isoformat())
                        break
                    seen[ordinal] = rule
            else:
                yearly.setdefault((rule.month, rule.day), []).append(rule)
        for (month, day), group in yearly.items():
            for index, rule in enumerate(group):
                for other in group[:index]:
                    lo = max(rule.from_year, other.from_year)
                    hi = min(rule.until_year, other.until_year)
                    if lo <= hi:
                        self.clash(rule, other, f"{month:02d}-{day:02d} (every year from {lo})")
                        break
        for (month, day), group in yearly.items():
            for rule in group:
                for other in list(dict.fromkeys(seen.values())):
                    assert other.first is not None
                    assert other.last is not None
                    for year in other.years():
                        if not rule.from_year <= year <= rule.until_year:
                            continue
                        hit = date(year, month, day)
                        if other.first <= hit <= other.last:
                            self.clash(rule, other, hit.isoformat())
                            break

    def clash(self, rule: _Rule, other: _Rule, when: str) -> None:
        meaning = {
            "days_off": "a day off",
            "working_days": "a working day",
            "removed": "removed",
        }
        if rule.section == other.section:
            message = (
                f"{rule.label}: {when} is already listed in {other.label} (line {other.pos[0]}); "
                "list each day once"
            )
        else:
            message = (
                f"{rule.label}: {when} is also listed as {meaning[other.section]} in "
                f"{other.label} (line {other.pos[0]}); a day is either off, working or removed, "
                "so keep one of the two"
            )
        self.problem(rule.pos, message)


# -- the calendar ---------------------------------------------------------------


@attrs.frozen(kw_only=True)
class _Decision:
    """What one layer says about one day; ``working=None`` means "removed":
    the weekend rule decides again, and the note says what was dropped."""

    working: bool | None
    kind: str
    name_vi: str
    name_en: str
    source: str
    calendar: str
    note: str = ""
    pending: bool = False
    from_package: bool = False
    base_vi: str = ""
    replaced: _Decision | None = None


class _YearTable:
    """The working days of one year, as ordinals.

    ``flags[i]`` is 1 when day ``start + i`` is a working day; ``upto[i]`` is
    how many working days the year has in ``[start, start + i]``; ``work`` is
    the sorted ordinals of the year's working days.
    """

    __slots__ = ("flags", "start", "upto", "work")

    def __init__(self, start: int, flags: bytes, upto: array[int], work: array[int]) -> None:
        self.start = start
        self.flags = flags
        self.upto = upto
        self.work = work


class WorkingCalendar:
    """Working days of a public body: weekends, holidays, swaps, local closures.

    Get one with ``calendar("VN")`` or ``load_calendar(path)``. Dates may be
    ``datetime.date``, ``datetime`` (its ``.date()`` is used, no zone
    conversion) or ISO text ``"YYYY-MM-DD"``; results are plain
    ``datetime.date``. Anything else, or an impossible date, is an
    ``InputError`` naming the value.
    """

    def __init__(self, spec: _Spec, parent: WorkingCalendar | None) -> None:
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
        self._by_year: dict[int, list[_Rule]] = {}
        self._yearly: list[_Rule] = []
        for rule in spec.rules:
            if rule.first is not None:
                for year in rule.years():
                    self._by_year.setdefault(year, []).append(rule)
            else:
                self._yearly.append(rule)
        self._decisions_cache: dict[int, dict[int, _Decision]] = {}
        self._tables: dict[int, _YearTable] = {}
        self._span: tuple[int, int, int, Any, Any, Any] | None = None

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

    def _decisions(self, year: int) -> dict[int, _Decision]:
        got = self._decisions_cache.get(year)
        if got is not None:
            return got
        if self._parent is not None:
            out = dict(self._parent._decisions(year))
        elif self._package is not None:
            out = self._package_decisions(year)
        else:
            out = {}
        rules = self._by_year.get(year, []) + [
            r for r in self._yearly if r.from_year <= year <= r.until_year
        ]
        order = {"removed": 0, "days_off": 1, "working_days": 2}
        for rule in sorted(rules, key=lambda r: order[r.section]):
            for ordinal in rule.ordinals(year):
                self._apply(rule, ordinal, out)
        self._decisions_cache[year] = out
        return out

    def _package_decisions(self, year: int) -> dict[int, _Decision]:
        assert self._package is not None
        spec = self._spec
        data = _package_year(self._package, year)
        sources = {
            "holiday": spec.holiday_source,
            "compensatory": spec.compensatory_source,
            "swap": spec.swap_source,
        }
        out: dict[int, _Decision] = {}
        for ordinal, day in data.days_off.items():
            out[ordinal] = _Decision(
                working=False,
                kind=day.kind,
                name_vi=day.name_vi,
                name_en=day.name_en,
                source=sources[day.kind],
                calendar=self.name,
                from_package=True,
                base_vi=day.base_vi,
            )
        for ordinal, swapped in data.make_up.items():
            if swapped is None:
                name_vi, name_en = "Ngày làm việc bù", "Make-up working day"
            else:
                other = date.fromordinal(swapped)
                name_vi = f"Làm việc bù cho ngày nghỉ {other:%d/%m/%Y}"
                name_en = f"Make-up working day for the day off on {other.isoformat()}"
            out[ordinal] = _Decision(
                working=True,
                kind="make-up",
                name_vi=name_vi,
                name_en=name_en,
                source=spec.swap_source,
                calendar=self.name,
                from_package=True,
            )
        return out

    def _apply(self, rule: _Rule, ordinal: int, out: dict[int, _Decision]) -> None:
        before = out.get(ordinal)
        if rule.section == "removed":
            if before is None or before.working is not False:
                return  # a yearly removal in a year the day is not off: nothing to do
            out[ordinal] = self._removal(rule, before)
            if before.from_package and before.kind == "holiday":
                # The package's compensatory days for a removed holiday go with it.
                for later in range(ordinal + 1, ordinal + 8):
                    other = out.get(later)
                    if (
                        other is not None
                        and other.from_package
                        and other.kind == "compensatory"
                        and other.base_vi == before.base_vi
                    ):
                        out[later] = self._removal(rule, other, own_names=True)
            return
        out[ordinal] = _Decision(
            working=rule.section == "working_days",
            kind=rule.kind,
            name_vi=rule.name_vi,
            name_en=rule.name_en,
            source=rule.source,
            note=rule.note,
            calendar=self.name,
            replaced=before,
        )

    def _removal(self, rule: _Rule, before: _Decision, *, own_names: bool = False) -> _Decision:
        use_rule = bool(rule.name_vi) and not own_names
        return _Decision(
            working=None,
            kind="removed",
            name_vi=rule.name_vi if use_rule else before.name_vi,
            name_en=rule.name_en if use_rule else before.name_en,
            source=rule.source,
            note=rule.note,
            pending=rule.pending,
            calendar=self.name,
            replaced=before,
        )

    # -- tables ----------------------------------------------------------------

    def _table(self, year: int) -> _YearTable:
        table = self._tables.get(year)
        if table is not None:
            return table
        decisions = self._decisions(year)
        start = date(year, 1, 1).toordinal()
        length = date(year, 12, 31).toordinal() - start + 1
        mask = self._weekend_mask
        first_weekday = date(year, 1, 1).weekday()
        flags = bytearray(length)
        upto: array[int] = array("i", [0]) * length
        work: array[int] = array("i")
        count = 0
        for index in range(length):
            decision = decisions.get(start + index)
            if decision is None or decision.working is None:
                working = not mask[(first_weekday + index) % 7]
            else:
                working = decision.working
            if working:
                count += 1
                flags[index] = 1
                work.append(start + index)
            upto[index] = count
        table = _YearTable(start, bytes(flags), upto, work)
        self._tables[year] = table
        return table

    # -- single days -----------------------------------------------------------

    def is_working_day(self, d: DateLike) -> bool:
        """Whether ``d`` is a working day."""
        day = d if type(d) is date else _as_date(d)
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
        return _as_date(d).year not in self.official_years

    def add_working_days(self, d: DateLike, n: int) -> date:
        """The ``n``-th working day after ``d`` (``d`` itself not counted).

        ``n < 0`` counts backwards: the ``|n|``-th working day before ``d``.
        ``n == 0`` returns ``d`` when it is a working day, else the next
        working day (numpy's ``roll="forward"``): a deadline of "0 working
        days" never lands on a day off. O(1) once the year's table exists.
        """
        # The hot path: plain dates and ints skip the checks' function calls.
        day = d if type(d) is date else _as_date(d)
        if type(n) is not int:
            n = _as_count(n)
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
                raise _out_of_range(day, n)
            work = self._table(year).work
        while j < 0:
            year -= 1
            if year < 1:
                raise _out_of_range(day, n)
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
        start = a if type(a) is date else _as_date(a, "a")
        end = b if type(b) is date else _as_date(b, "b")
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
        day = _as_date(d)
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
                name_vi=_WEEKDAYS_VI[weekday] if off else "",
                name_en=_WEEKDAYS_EN[weekday] if off else "",
                source=self._weekend_source if off else "",
                note="",
                calendar=self.name,
                provisional=provisional,
            )
            if decision is not None:
                notes.append(_removal_note(decision))
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
                notes.append(_removal_note(replaced))
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
            first, last = _package_range(self._package)
            if not first <= year <= last:
                text += (
                    f" The holidays package has no data for {year} "
                    f"(it covers {first}-{last}), so only weekends and this file's entries apply."
                )
        return text

    def days_off(self, start: DateLike, end: DateLike) -> list[DayOff]:
        """Every day off from ``start`` to ``end`` inclusive, weekends included, in order."""
        first, last = _as_date(start, "start"), _as_date(end, "end")
        if last < first:
            raise InputError(
                f"end={last.isoformat()!r} is before start={first.isoformat()!r}; "
                "days_off takes an inclusive range start..end"
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
        count = _as_count(n)
        numpy = sys.modules.get("numpy")
        if numpy is not None and isinstance(dates, numpy.ndarray):
            return self._many_numpy(numpy, dates, count)
        if isinstance(dates, (str, bytes, date)):
            raise InputError(
                f"dates={dates!r} must be a sequence of dates, not a single value; "
                "use add_working_days for one date"
            )
        out: list[date] = []
        add = self.add_working_days
        for index, day in enumerate(dates):
            try:
                out.append(add(day, count))
            except InputError as err:
                raise InputError(f"dates[{index}]: {err}") from None
        return out

    def _many_numpy(self, numpy: Any, dates: Any, n: int) -> Any:
        if dates.dtype.kind == "M":
            days = dates.astype("datetime64[D]")
        else:
            try:
                days = dates.astype("datetime64[D]")
            except (ValueError, TypeError) as err:
                raise InputError(
                    f"dates: an array of dtype {dates.dtype} cannot be read as dates ({err}); "
                    "pass datetime64 values"
                ) from None
        if days.size == 0:
            return days.copy()
        if numpy.isnat(days).any():
            where = int(numpy.flatnonzero(numpy.isnat(days.ravel()))[0])
            raise InputError(f"dates[{where}] is NaT, not a date")
        ordinals = days.ravel().astype(numpy.int64) + _EPOCH_ORDINAL
        lo, hi = int(ordinals.min()), int(ordinals.max())
        if lo < _FIRST_ORDINAL or hi > _LAST_ORDINAL:
            bad = lo if lo < _FIRST_ORDINAL else hi
            raise InputError(
                f"dates holds {numpy.datetime64(bad - _EPOCH_ORDINAL, 'D')}, outside "
                "0001-01-01..9999-12-31"
            )
        first = date.fromordinal(lo).year
        last = date.fromordinal(hi).year
        # Reach far enough for n; a year of most calendars has 200+ working days.
        reach = abs(n) // 200 + 1
        if n > 0:
            last = min(9999, last + reach)
        elif n < 0:
            first = max(1, first - reach)
        else:
            last = min(9999, last + 1)
        while True:
            y0, y1, base, upto, work, flags = self._numpy_span(numpy, first, last)
            index = ordinals - base
            before = upto[index] - flags[index]  # working days strictly before each date
            j = before + n if n <= 0 else upto[index] + (n - 1)
            if int(j.max()) >= len(work):
                if y1 >= 9999:
                    raise _out_of_range(date.fromordinal(hi), n or 1)
                last = min(9999, y1 + reach)
                continue
            if int(j.min()) < 0:
                if y0 <= 1:
                    raise _out_of_range(date.fromordinal(lo), n)
                first = max(1, y0 - reach)
                continue
            result = (work[j] - _EPOCH_ORDINAL).astype("datetime64[D]")
            return result.reshape(days.shape)

    def _numpy_span(self, numpy: Any, first: int, last: int) -> tuple[int, int, int, Any, Any, Any]:
        span = self._span
        if span is not None and span[0] <= first and last <= span[1]:
            return span
        if span is not None:
            first, last = min(first, span[0]), max(last, span[1])
        tables = [self._table(year) for year in range(first, last + 1)]
        base = tables[0].start
        flags = numpy.frombuffer(b"".join(t.flags for t in tables), dtype=numpy.uint8)
        # Global counts: upto[i] = working days in [base, base + i].
        upto = numpy.cumsum(flags, dtype=numpy.int64)
        work = numpy.flatnonzero(flags).astype(numpy.int64) + base
        span = (first, last, base, upto, work, flags.astype(numpy.int64))
        self._span = span
        return span


def _removal_note(decision: _Decision) -> str:
    dropped = decision.replaced
    what = decision.name_vi
    if decision.name_en and decision.name_en != decision.name_vi:
        what += f" ({decision.name_en})"
    origin = (
        "the holidays package"
        if dropped is not None and dropped.from_package
        else (dropped.calendar if dropped is not None else "an inherited calendar")
    )
    status = "pending, not yet in force" if decision.pending else "removed"
    text = f"Not applied: {what}, listed by {origin}, is {status} in {decision.calendar}"
    text += f" (source: {decision.source})"
    if decision.note:
        text += f"; {decision.note}"
    return text if text.endswith(".") else text + "."


# -- loading -------------------------------------------------------------------


def _builtin_path(name: str) -> Path:
    resource = resources.files("caseflow").joinpath(
        "workflows", "calendars", BUILTIN_CALENDARS[name]
    )
    return Path(str(resource))


def _builtin_key(name: str) -> str | None:
    upper = name.upper()
    return upper if upper in BUILTIN_CALENDARS else None


_cache: dict[str, WorkingCalendar] = {}
_cache_lock = threading.RLock()  # a built-in may extend another built-in


def calendar(name_or_path: str | os.PathLike[str] = "VN") -> WorkingCalendar:
    """A working calendar by built-in name (case-insensitive, cached) or file path.

    ``calendar("VN")`` is the Vietnamese public-sector calendar; the same
    object is returned on every call. A path to a ``.yaml``/``.yml`` file
    is loaded anew on each call (use ``load_calendar`` and keep the result).
    """
    if isinstance(name_or_path, str):
        key = _builtin_key(name_or_path)
        if key is not None:
            with _cache_lock:
                cal = _cache.get(key)
                if cal is None:
                    cal = _load_file(
                        _builtin_path(key),
                        f"caseflow/workflows/calendars/{BUILTIN_CALENDARS[key]}",
                        (),
                    )
                    _cache[key] = cal
            return cal
        if not name_or_path.lower().endswith((".yaml", ".yml")):
            raise InputError(
                f"unknown calendar {name_or_path!r}"
                f"{did_you_mean(name_or_path.upper(), sorted(BUILTIN_CALENDARS))}; "
                f"built-in calendars: {_listing(BUILTIN_CALENDARS)}; or give a path to a .yaml file"
            )
    elif not isinstance(name_or_path, os.PathLike):
        raise InputError(
            f"calendar name_or_path={name_or_path!r} must be a calendar name such as 'VN' or a path"
        )
    return load_calendar(Path(name_or_path))


def load_calendar(
    path_or_text: str | bytes | os.PathLike[str], *, filename: str | None = None
) -> WorkingCalendar:
    """Read a calendar from a file path or from YAML text, checking it whole.

    A ``str`` holding a newline or a ':' is YAML text (``filename`` names it
    in messages, default ``"<string>"``; a relative ``extends`` path is then
    read from the current directory); any other ``str`` or a path-like is a
    file. Raises ``DefinitionError`` listing every problem with file:line:col.
    """
    if isinstance(path_or_text, bytes) or (
        isinstance(path_or_text, str)
        and ("\n" in path_or_text or ":" in path_or_text.split("/")[-1])
    ):
        name = filename or "<string>"
        return _load_text(path_or_text, name, Path.cwd(), ())
    path = Path(path_or_text)
    return _load_file(path, filename or str(path_or_text), ())


def _load_file(path: Path, shown: str, chain: tuple[Path, ...]) -> WorkingCalendar:
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"cannot read calendar file {shown!r}: {err.strerror or err}") from None
    return _load_text(data, shown, path.resolve().parent, (*chain, path.resolve()))


def _load_text(
    text: str | bytes, filename: str, folder: Path, chain: tuple[Path, ...]
) -> WorkingCalendar:
    reader = _Reader(filename)
    spec = reader.read(load_yaml(text, filename=filename))
    if spec is None:
        raise DefinitionError(reader.problems)
    parent: WorkingCalendar | None = None
    inherited: list[Problem] = []
    if spec.extends is not None:
        try:
            parent = _resolve_extends(spec, folder, chain, reader)
        except DefinitionError as err:
            inherited.extend(err.problems)
    if parent is not None:
        _check_against(spec, parent, reader)
    elif spec.extends is None and spec.rules:
        _check_against(spec, None, reader)
    if reader.problems or inherited:
        raise DefinitionError([*inherited, *reader.problems])
    return WorkingCalendar(spec, parent)


def _resolve_extends(
    spec: _Spec, folder: Path, chain: tuple[Path, ...], reader: _Reader
) -> WorkingCalendar | None:
    assert spec.extends is not None
    target = spec.extends
    key = _builtin_key(target)
    if key is not None:
        return calendar(key)
    if not target.lower().endswith((".yaml", ".yml")):
        reader.problem(
            spec.extends_pos,
            f"extends: {target!r} is not a known calendar"
            f"{did_you_mean(target.upper(), sorted(BUILTIN_CALENDARS))}; "
            f"built-in calendars: {_listing(BUILTIN_CALENDARS)}; or give a path to a .yaml file",
        )
        return None
    path = (folder / target).resolve()
    if path in chain:
        names = " -> ".join(p.name for p in (*chain[chain.index(path) :], path))
        reader.problem(spec.extends_pos, f"extends: {target!r} makes a cycle: {names}")
        return None
    if not path.is_file():
        reader.problem(spec.extends_pos, f"extends: {target!r} names no file (looked for {path})")
        return None
    return _load_file(path, str(path), chain)


def _check_against(spec: _Spec, parent: WorkingCalendar | None, reader: _Reader) -> None:
    """Checks that need the inherited days: what a file removes must be off
    there, and what it makes a working day must not be one already."""
    if parent is not None and spec.official_years is not None:
        for year, pos in zip(spec.official_years, spec.official_pos, strict=True):
            if year not in parent.official_years:
                allowed = ", ".join(str(y) for y in sorted(parent.official_years)) or "none"
                reader.problem(
                    pos,
                    f"official_years: {year} has no official schedule in {parent.name!r}, "
                    f"which this calendar extends; allowed: {allowed}",
                )
    base = WorkingCalendar(attrs.evolve(spec, rules=()), parent)
    if parent is not None:
        where = repr(parent.name)
    elif spec.package is not None:
        where = f"the holidays package data for {spec.package}"
    else:
        where = "this calendar, which has neither 'extends' nor 'public_holidays'"
    for rule in spec.rules:
        if rule.first is None or rule.last is None or rule.first != rule.last:
            continue  # ranges and yearly entries may cross weekends and holidays freely
        day = rule.first
        info = base._info(day)
        weekday = _WEEKDAYS_EN[day.weekday()]
        inherited = base._decisions(day.year).get(day.toordinal())
        off_anyway = base._weekend_mask[day.weekday()] or (
            inherited is not None and inherited.working is False
        )
        if rule.section == "working_days" and not off_anyway:
            reader.problem(
                rule.pos,
                f"{rule.label}: {day.isoformat()} is a {weekday} and already a working day "
                f"without this entry; a make-up working day must fall on a weekend day or an "
                f"inherited day off (is the date right?)",
            )
        elif rule.section == "removed" and info.kind in ("working", "weekend", "make-up"):
            shown = "a weekend day" if info.kind == "weekend" else "a working day"
            reader.problem(
                rule.pos,
                f"{rule.label}: {day.isoformat()} ({weekday}) is {shown}, not a holiday or day "
                f"off in {where}; nothing to remove (removed lists inherited days off only)",
            )

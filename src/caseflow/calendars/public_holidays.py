"""The holidays package layer: the public holidays the law sets, year by year.

This module owns what caseflow takes from the ``holidays`` package (pinned:
its data changes between releases): for one country and one year, the
public holidays, the compensatory days for a holiday on a weekend, the
announced day swaps and their make-up working days, with Vietnamese and
English names. Results are cached per country and year. It knows nothing of
calendar files: turning these days into a calendar's layered decisions,
with the sources the file cites, is ``layers``' job, and the overrides a
file adds are read by ``file_reader`` and ``entries``.
"""

from __future__ import annotations

import functools
import re
from datetime import date
from typing import Any, Final

import attrs

from caseflow.calendars.days import DayOffKind

__all__ = ["PACKAGE_COUNTRIES", "PackageDay", "PackageYear", "package_range", "package_year"]

PACKAGE_COUNTRIES: Final = frozenset({"VN"})
"""The countries a calendar file may name in ``public_holidays.package``."""


@attrs.frozen(kw_only=True)
class PackageDay:
    """One day off the package lists, with the holiday it stands in for."""

    name_vi: str
    name_en: str
    kind: DayOffKind
    base_vi: str  # for a compensatory day: the holiday it stands in for


@attrs.frozen(kw_only=True)
class PackageYear:
    """A year of package data, by ``date.toordinal()``."""

    days_off: dict[int, PackageDay]
    make_up: dict[int, int | None]  # make-up ordinal -> the swapped day off, if known


_NO_PACKAGE_DATA: Final = PackageYear(days_off={}, make_up={})
_SUBSTITUTED_VI: Final = "Ngày nghỉ (thay cho ngày"
_COMPENSATORY_SUFFIXES: Final = (" (nghỉ bù, dự kiến)", " (nghỉ bù)")
_PACKAGE_REF: Final = re.compile(r"(\d{2})/(\d{2})/(\d{4})")


@functools.cache
def package_range(country: str) -> tuple[int, int]:
    """The first and last year the package can compute for ``country``."""
    import holidays

    probe = holidays.country_holidays(country, years=())
    return int(probe.start_year), int(probe.end_year)


@functools.cache
def _package_raw(country: str, year: int, language: str, observed: bool) -> Any:
    """The package's holidays object for one year, or None when it has no data."""
    import holidays

    first, last = package_range(country)
    if not first <= year <= last:
        return None
    try:
        return holidays.country_holidays(country, years=year, language=language, observed=observed)
    except (ValueError, KeyError, IndexError, OverflowError, NotImplementedError):
        return None  # a year the package cannot compute: weekends only


@functools.cache
def package_year(country: str, year: int) -> PackageYear:
    """The days off and make-up working days of ``year``, classified by kind.

    A swapped day (the package names it "Ngày nghỉ (thay cho ngày ...)") is
    a ``swap`` linked to its make-up day; a day the package lists only with
    ``observed=True`` is a ``compensatory`` day; the rest are holidays.
    """
    vi = _package_raw(country, year, "vi", True)
    if vi is None:
        return _NO_PACKAGE_DATA
    en = _package_raw(country, year, "en_US", True)
    statutory = _package_raw(country, year, "vi", False)
    days_off: dict[int, PackageDay] = {}
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
        days_off[day.toordinal()] = PackageDay(
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
    return PackageYear(days_off=days_off, make_up=make_up_days)

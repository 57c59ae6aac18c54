"""Reading one calendar file into a ``CalendarSpec``, every problem collected.

This module owns ``FileReader``: the file as a whole (a mapping, its
``caseflow`` format version, ``name``, ``description``, ``extends``) and
its parts other than the entries: ``weekend``, ``public_holidays`` and
``official_years``. The entries are read by ``entries``; the typed value
reads and the problem list come from ``file_values``. Resolving
``extends`` and the checks against the inherited days belong to
``registry``, which also raises the collected problems.
"""

from __future__ import annotations

from typing import Any

import attrs

from caseflow.calendars.calendar_file import (
    FORMAT_VERSION,
    PUBLIC_HOLIDAY_KEYS,
    SECTIONS,
    TOP_KEYS,
    WEEKEND_KEYS,
    CalendarSpec,
    Rule,
    listing,
)
from caseflow.calendars.days import WEEKDAYS
from caseflow.calendars.entries import check_conflicts, read_entries
from caseflow.calendars.file_values import ValueReader
from caseflow.calendars.public_holidays import PACKAGE_COUNTRIES
from caseflow.errors import did_you_mean
from caseflow.i18n import _
from caseflow.yamlsafe import Pos, YList, YMap, describe

__all__ = ["FileReader"]


class FileReader(ValueReader):
    """Reads one calendar file into a ``CalendarSpec``, collecting every problem."""

    def read(self, data: Any) -> CalendarSpec | None:
        """The file's spec, or None when it is not even a mapping (see ``problems``)."""
        if not isinstance(data, YMap):
            if data is None:
                self.problem(
                    (1, 1),
                    _("the calendar file is empty; it needs at least 'caseflow: 1' and 'name'"),
                )
            else:
                pos = data.pos if isinstance(data, YList) else (1, 1)
                self.problem(
                    pos,
                    _("a calendar file must be a mapping of keys ({value}), not {value2}").format(
                        value=listing(TOP_KEYS), value2=describe(data)
                    ),
                )
            return None
        self.keys(data, "the calendar", TOP_KEYS)
        if "caseflow" not in data:
            self.problem(
                data.pos,
                _(
                    "the calendar has no 'caseflow' format version; add "
                    "'caseflow: {format_version}'"
                ).format(format_version=FORMAT_VERSION),
            )
        elif data["caseflow"] != FORMAT_VERSION or isinstance(data["caseflow"], bool):
            self.problem(
                data.value_pos["caseflow"],
                _(
                    "caseflow: {data!r} is not a calendar format version this "
                    "library reads; allowed: {format_version}"
                ).format(data=data["caseflow"], format_version=FORMAT_VERSION),
            )
        name = self.text(
            data,
            "name",
            "the calendar",
            required="add one, e.g. 'name: my-office' (explanations name the calendar by it)",
        )
        spec = CalendarSpec(
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
        rules: list[Rule] = []
        for section in SECTIONS:
            rules.extend(read_entries(self, data, section))
        check_conflicts(self, rules)
        return attrs.evolve(spec, rules=tuple(rules))

    def weekend(self, data: YMap, spec: CalendarSpec) -> CalendarSpec:
        """``spec`` with the file's ``weekend`` days and source, if it has them."""
        if "weekend" not in data:
            return spec
        m = data["weekend"]
        if not isinstance(m, YMap):
            self.problem(
                data.value_pos["weekend"],
                _(
                    "weekend must be a mapping with 'days' (a list such as "
                    "[saturday, sunday]) and 'source', not {value}"
                ).format(value=describe(m)),
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
                    _(
                        "weekend has no 'days'; list them, e.g. days: [saturday, "
                        "sunday] (or [] for none)"
                    ),
                )
            else:
                self.problem(
                    m.value_pos["days"],
                    _(
                        "weekend.days must be a list of weekdays such as [saturday, "
                        "sunday], not {value}"
                    ).format(value=describe(days)),
                )
            return spec
        numbers: list[int] = []
        for index, item in enumerate(days):
            pos = days.item_pos[index]
            key = item.lower() if isinstance(item, str) else None
            if key not in WEEKDAYS:
                shown = repr(item) if isinstance(item, str) else describe(item)
                hint = did_you_mean(item.lower(), WEEKDAYS) if isinstance(item, str) else ""
                self.problem(
                    pos,
                    _(
                        "weekend.days[{index}]: {shown} is not a day of the "
                        "week{hint}; allowed: {value}"
                    ).format(index=index, shown=shown, hint=hint, value=", ".join(WEEKDAYS)),
                )
                continue
            number = WEEKDAYS.index(key)
            if number in numbers:
                self.problem(
                    pos,
                    _("weekend.days[{index}]: {item!r} is listed twice").format(
                        index=index, item=item
                    ),
                )
                continue
            numbers.append(number)
        if len(numbers) == 7:
            self.problem(
                m.value_pos["days"],
                _(
                    "weekend.days lists all seven days; a calendar needs at "
                    "least one working day a week"
                ),
            )
        return attrs.evolve(spec, weekend=tuple(sorted(numbers)), weekend_source=source)

    def public_holidays(self, data: YMap, spec: CalendarSpec) -> CalendarSpec:
        """``spec`` with the package country and the sources it cites."""
        if "public_holidays" not in data:
            return spec
        m = data["public_holidays"]
        pos = data.value_pos["public_holidays"]
        if not isinstance(m, YMap):
            self.problem(
                pos,
                _(
                    "public_holidays must be a mapping with 'package' (e.g. VN) "
                    "and 'source', not {value}"
                ).format(value=describe(m)),
            )
            return spec
        self.keys(m, "public_holidays", PUBLIC_HOLIDAY_KEYS)
        if spec.extends is not None:
            self.problem(
                data.key_pos["public_holidays"],
                _(
                    "public_holidays cannot be set in a calendar that extends "
                    "{extends!r}: the public holidays are inherited from it; "
                    "remove one of the two"
                ).format(extends=spec.extends),
            )
        package = self.text(
            m,
            "package",
            "public_holidays",
            required="name the country whose holidays the package computes; "
            f"allowed: {listing(PACKAGE_COUNTRIES)}",
        )
        if package and package not in PACKAGE_COUNTRIES:
            self.problem(
                m.value_pos["package"],
                _(
                    "public_holidays.package: {package!r} is not "
                    "supported{value}; allowed: {value2}"
                ).format(
                    package=package,
                    value=did_you_mean(package, sorted(PACKAGE_COUNTRIES)),
                    value2=listing(PACKAGE_COUNTRIES),
                ),
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

    def official_years(self, data: YMap, spec: CalendarSpec) -> CalendarSpec:
        """``spec`` with the years checked against the official schedule."""
        if "official_years" not in data:
            return spec
        items = data["official_years"]
        if not isinstance(items, YList):
            self.problem(
                data.value_pos["official_years"],
                _(
                    "official_years must be a list of years such as [2024, 2025, 2026], not {value}"
                ).format(value=describe(items)),
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
                    items.item_pos[index],
                    _("official_years[{index}]: {year} is listed twice").format(
                        index=index, year=year
                    ),
                )
                continue
            years.append(year)
            places.append(items.item_pos[index])
        return attrs.evolve(spec, official_years=tuple(years), official_pos=tuple(places))

"""The entries of a calendar file: ``days_off``, ``working_days`` and ``removed``.

This module owns reading each entry (one date, a ``date``..``until`` range
or a ``yearly`` MM-DD with ``from_year``/``until_year``; its names, kind and
legal source) into a ``Rule``, and the check that a file names each day at
most once. The rest of the file (header, weekend, public holidays, official
years) is read by ``file_reader``; checks that need the inherited days (is
a removed day really off there?) are made by ``registry`` once ``extends``
is resolved.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Final

import attrs

from caseflow.calendars.calendar_file import ENTRY_KEYS, ENTRY_KINDS, MAX_RANGE_DAYS, Rule, listing
from caseflow.calendars.days import MONTH_NAMES_EN, month_length
from caseflow.calendars.file_values import ValueReader
from caseflow.errors import did_you_mean
from caseflow.i18n import _
from caseflow.yamlsafe import YList, YMap, describe

__all__ = ["check_conflicts", "read_entries"]

_MONTH_DAY: Final = re.compile(r"(\d{2})-(\d{2})\Z")


def read_entries(reader: ValueReader, data: YMap, section: str) -> list[Rule]:
    """The entries of ``section`` that read without a problem (the rest are reported)."""
    if section not in data or data[section] is None:
        return []
    items = data[section]
    if not isinstance(items, YList):
        reader.problem(
            data.value_pos[section],
            _(
                "{section} must be a list of entries (each with 'date' or "
                "'yearly', a name and a 'source'), not {value}"
            ).format(section=section, value=describe(items)),
        )
        return []
    rules: list[Rule] = []
    for index, item in enumerate(items):
        label = f"{section}[{index}]"
        if not isinstance(item, YMap):
            reader.problem(
                items.item_pos[index],
                _(
                    "{label} must be a mapping with 'date' or 'yearly', a name "
                    "and a 'source', not {value}"
                ).format(label=label, value=describe(item)),
            )
            continue
        rule = _entry(reader, item, section, label)
        if rule is not None:
            rules.append(rule)
    return rules


def _entry(reader: ValueReader, m: YMap, section: str, label: str) -> Rule | None:
    """One entry as a ``Rule``, or None when it has any problem (all reported)."""
    before = len(reader.problems)
    reader.keys(m, label, ENTRY_KEYS[section])
    source = reader.text(
        m,
        "source",
        label,
        required="every entry must cite its legal basis (the decision, announcement or "
        'law, e.g. "Công văn 2450/VPCP-KGVX ngày 12/4/2024")',
    )
    name_vi = reader.text(m, "name_vi", label)
    name_en = reader.text(m, "name_en", label)
    if (
        section != "removed"
        and not name_vi
        and not name_en
        and "name_vi" not in m
        and "name_en" not in m
    ):
        reader.problem(
            m.pos,
            _("{label} has no name; give name_vi (Vietnamese) and/or name_en (English)").format(
                label=label
            ),
        )
    note = reader.text(m, "note", label)
    kind = (
        "make-up" if section == "working_days" else "removed" if section == "removed" else "local"
    )
    if section == "days_off" and "kind" in m:
        value = m["kind"]
        if value in ENTRY_KINDS:
            kind = value
        else:
            shown = repr(value) if isinstance(value, str) else describe(value)
            hint = did_you_mean(value, sorted(ENTRY_KINDS)) if isinstance(value, str) else ""
            reader.problem(
                m.value_pos["kind"],
                _("{label}.kind: {shown} is not a kind of day off{hint}; allowed: {value}").format(
                    label=label, shown=shown, hint=hint, value=listing(ENTRY_KINDS)
                ),
            )
    pending = False
    if "pending" in m:
        if isinstance(m["pending"], bool):
            pending = m["pending"]
        else:
            reader.problem(
                m.value_pos["pending"],
                _("{label}.pending must be true or false, not {value}").format(
                    label=label, value=describe(m["pending"])
                ),
            )
    rule = Rule(
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
        reader.problem(
            m.pos,
            _(
                "{label} needs exactly one of 'date' (YYYY-MM-DD, one day or "
                "the start of a range ending at 'until') or 'yearly' (MM-DD, "
                "every year); it has {which}"
            ).format(label=label, which=which),
        )
        return None
    found = (_dated if has_date else _yearly)(reader, m, label, rule)
    return found if len(reader.problems) == before else None


def _dated(reader: ValueReader, m: YMap, label: str, rule: Rule) -> Rule | None:
    """``rule`` covering ``date`` (to ``until``), or None after reporting why not."""
    for key in ("from_year", "until_year"):
        if key in m:
            reader.problem(
                m.key_pos[key],
                _(
                    "{label}.{key} only goes with 'yearly'; a dated entry covers 'date' to 'until'"
                ).format(label=label, key=key),
            )
    first = reader.a_date(m, "date", label)
    last = first
    if "until" in m:
        last = reader.a_date(m, "until", label)
    if first is None or last is None:
        return None
    if last < first:
        reader.problem(
            m.value_pos["until"],
            _("{label}.until: {last} is before its date {first}").format(
                label=label, last=last.isoformat(), first=first.isoformat()
            ),
        )
        return None
    length = (last - first).days + 1
    if length > MAX_RANGE_DAYS:
        reader.problem(
            m.value_pos["until"],
            _(
                "{label} covers {length} days ({first} to {last}); an entry "
                "may cover at most {max_range_days} days"
            ).format(
                label=label,
                length=length,
                first=first.isoformat(),
                last=last.isoformat(),
                max_range_days=MAX_RANGE_DAYS,
            ),
        )
        return None
    return attrs.evolve(rule, first=first, last=last)


def _yearly(reader: ValueReader, m: YMap, label: str, rule: Rule) -> Rule | None:
    """``rule`` on ``yearly`` MM-DD from ``from_year`` to ``until_year``, or None."""
    ok = True
    if "until" in m:
        reader.problem(
            m.key_pos["until"],
            _(
                "{label}.until only goes with 'date'; a yearly entry uses from_year and until_year"
            ).format(label=label),
        )
    month_day = _month_day(reader, m, label)
    from_year = until_year = None
    if "from_year" in m:
        from_year = reader.year(m["from_year"], m.value_pos["from_year"], f"{label}.from_year")
        ok = ok and from_year is not None
    if "until_year" in m:
        until_year = reader.year(m["until_year"], m.value_pos["until_year"], f"{label}.until_year")
        ok = ok and until_year is not None
    if month_day is None or not ok:
        return None
    lo = from_year or 1
    hi = until_year or 9999
    if hi < lo:
        reader.problem(
            m.value_pos["until_year"],
            _("{label}.until_year: {hi} is before from_year {lo}").format(
                label=label, hi=hi, lo=lo
            ),
        )
        return None
    return attrs.evolve(rule, month=month_day[0], day=month_day[1], from_year=lo, until_year=hi)


def _month_day(reader: ValueReader, m: YMap, label: str) -> tuple[int, int] | None:
    """The ``yearly`` MM-DD as (month, day), or None after reporting it."""
    value = m["yearly"]
    pos = m.value_pos["yearly"]
    match = _MONTH_DAY.match(value) if isinstance(value, str) else None
    if match is None:
        shown = repr(value) if isinstance(value, str) else describe(value)
        reader.problem(
            pos,
            _("{label}.yearly: {shown} is not a day of the year; write MM-DD, e.g. 11-24").format(
                label=label, shown=shown
            ),
        )
        return None
    month, day = int(match[1]), int(match[2])
    if (month, day) == (2, 29):
        reader.problem(
            pos,
            _(
                "{label}.yearly: '02-29' happens only in leap years; list "
                "those days with 'date' instead"
            ).format(label=label),
        )
        return None
    if not 1 <= month <= 12:
        reader.problem(
            pos,
            _(
                "{label}.yearly: {value!r} is not a day of the year: there is no month {month}"
            ).format(label=label, value=value, month=month),
        )
        return None
    length = month_length(2001, month)  # any common year: 02-29 was refused above
    if not 1 <= day <= length:
        reader.problem(
            pos,
            _(
                "{label}.yearly: {value!r} is not a day of the year: "
                "{month_names_en} has {length} days"
            ).format(
                label=label, value=value, month_names_en=MONTH_NAMES_EN[month - 1], length=length
            ),
        )
        return None
    return month, day


def check_conflicts(reader: ValueReader, rules: list[Rule]) -> None:
    """A day may be named once per file: off, working or removed, not two of them."""
    seen: dict[int, Rule] = {}
    yearly: dict[tuple[int, int], list[Rule]] = {}
    for rule in rules:
        if rule.first is not None and rule.last is not None:
            for ordinal in range(rule.first.toordinal(), rule.last.toordinal() + 1):
                other = seen.get(ordinal)
                if other is not None:
                    _clash(reader, rule, other, date.fromordinal(ordinal).isoformat())
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
                    _clash(reader, rule, other, f"{month:02d}-{day:02d} (every year from {lo})")
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
                        _clash(reader, rule, other, hit.isoformat())
                        break


def _clash(reader: ValueReader, rule: Rule, other: Rule, when: str) -> None:
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
    reader.problem(rule.pos, message)

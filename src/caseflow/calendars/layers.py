"""The layers of a calendar: who decides each day, and what they replaced.

This module owns ``Decision`` (what one layer says about one day: off,
working, or "removed", with names, kind, legal source and the decision it
replaced) and the rules for stacking layers: the ``holidays`` package's
days (``public_holidays``) at the bottom, then each file's ``removed``,
``days_off`` and ``working_days`` entries in turn (a removed holiday takes
its compensatory days with it). It leaves the weekend, the per-year
tables and the explanations of a day to ``working_calendar``, which asks
this module for a year's decisions and caches them.
"""

from __future__ import annotations

from datetime import date

import attrs

from caseflow.calendars.calendar_file import CalendarSpec, Rule
from caseflow.calendars.public_holidays import package_year

__all__ = ["Decision", "apply_rule", "package_decisions", "removal_note"]


@attrs.frozen(kw_only=True)
class Decision:
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
    replaced: Decision | None = None


def package_decisions(spec: CalendarSpec, year: int) -> dict[int, Decision]:
    """The package's days off and make-up days of ``year``, citing ``spec``'s sources.

    ``spec`` is the calendar that names the package (the root of an
    ``extends`` chain); its name is the calendar that decided each day.
    """
    assert spec.package is not None
    data = package_year(spec.package, year)
    sources = {
        "holiday": spec.holiday_source,
        "compensatory": spec.compensatory_source,
        "swap": spec.swap_source,
    }
    out: dict[int, Decision] = {}
    for ordinal, day in data.days_off.items():
        out[ordinal] = Decision(
            working=False,
            kind=day.kind,
            name_vi=day.name_vi,
            name_en=day.name_en,
            source=sources[day.kind],
            calendar=spec.name,
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
        out[ordinal] = Decision(
            working=True,
            kind="make-up",
            name_vi=name_vi,
            name_en=name_en,
            source=spec.swap_source,
            calendar=spec.name,
            from_package=True,
        )
    return out


def apply_rule(rule: Rule, ordinal: int, out: dict[int, Decision], calendar: str) -> None:
    """Let ``rule`` of calendar ``calendar`` decide day ``ordinal`` in ``out``."""
    before = out.get(ordinal)
    if rule.section == "removed":
        if before is None or before.working is not False:
            return  # a yearly removal in a year the day is not off: nothing to do
        out[ordinal] = _removal(rule, before, calendar)
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
                    out[later] = _removal(rule, other, calendar, own_names=True)
        return
    out[ordinal] = Decision(
        working=rule.section == "working_days",
        kind=rule.kind,
        name_vi=rule.name_vi,
        name_en=rule.name_en,
        source=rule.source,
        note=rule.note,
        calendar=calendar,
        replaced=before,
    )


def _removal(rule: Rule, before: Decision, calendar: str, *, own_names: bool = False) -> Decision:
    use_rule = bool(rule.name_vi) and not own_names
    return Decision(
        working=None,
        kind="removed",
        name_vi=rule.name_vi if use_rule else before.name_vi,
        name_en=rule.name_en if use_rule else before.name_en,
        source=rule.source,
        note=rule.note,
        pending=rule.pending,
        calendar=calendar,
        replaced=before,
    )


def removal_note(decision: Decision) -> str:
    """The sentence saying which inherited day off a ``removed`` entry dropped."""
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

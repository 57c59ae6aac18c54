"""Extension limits: the engine's side of a deadline rule's ``extension``.

A deadline rule may let a trigger extend it at most ``max`` times per
clock, or a variant's ``max_extensions`` when the variant's condition
holds, and, with ``length_field``, grant at most ``by`` at a time (Luật
Tố cáo 2018, Điều 30: "không quá 30 ngày"). This module owns refusing the
trigger once a limit would be passed:
it compiles the limits of one workflow by extending trigger and says, in
words, why a firing would go past one. Counting the clock's extensions
needs only the case's history, not the calendar.

What an extension does to a due date is ``caseflow.deadlines``' work; the
conditions are compiled by ``caseflow.conditions``; wiring the limit into
the machine as a condition is ``caseflow.engine.compiling``'s.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from caseflow.case import Case
from caseflow.conditions import Check, GuardContext, RegisteredGuard, compile_condition
from caseflow.definition import DeadlineRule, Guard, WorkflowSpec
from caseflow.times import local_day

__all__ = ["ExtensionLimits", "extensions_used"]


class ExtensionLimits:
    """The extension limits of one workflow's deadline rules, by extending trigger."""

    def __init__(
        self,
        spec: WorkflowSpec,
        guards: Mapping[str, Guard],
        registered: Mapping[str, RegisteredGuard],
        zone: dt.tzinfo,
    ) -> None:
        self.zone = zone
        self.by_trigger: dict[str, list[tuple[DeadlineRule, list[Check | None]]]] = {}
        for rule in spec.deadlines:
            if rule.extension is not None:
                checks = [
                    compile_condition(v.when, guards, registered, spec=spec)
                    if v.when is not None
                    else None
                    for v in rule.variants
                ]
                self.by_trigger.setdefault(rule.extension.trigger, []).append((rule, checks))

    def reached(self, ctx: GuardContext) -> str | None:
        """Why ``ctx.trigger`` would extend a deadline past its limits, or None.

        A limit is the number of extensions (``max``, or a variant's
        ``max_extensions``) and, with ``length_field``, the length one
        extension may grant (at most ``by``). Rules and variants not in
        force on the day the case started (``effective``) do not apply.
        """
        started = local_day(ctx.case.history[0].at, self.zone)
        for rule, checks in self.by_trigger.get(ctx.trigger, ()):
            ext = rule.extension
            assert ext is not None
            if rule.effective is not None and not rule.effective.holds(started):
                continue
            limit = ext.max
            for variant, check in zip(rule.variants, checks, strict=True):
                if (
                    variant.max_extensions is not None
                    and (variant.effective is None or variant.effective.holds(started))
                    and (check is None or check(ctx))
                ):
                    limit = variant.max_extensions
                    break
            basis = f" ({ext.source})" if ext.source else ""
            used = extensions_used(ctx.case, rule)
            if used >= limit:
                times = "extension" if limit == 1 else "extensions"
                return (
                    f"deadline {rule.name!r} allows at most {limit} {times}{basis}, and "
                    f"{used} {'was' if used == 1 else 'were'} already granted"
                )
            granted = ctx.changes.get(ext.length_field) if ext.length_field else None
            if isinstance(granted, int) and not 1 <= granted <= ext.by.amount:
                unit = ext.by.unit.replace("_", " ")
                return (
                    f"deadline {rule.name!r}: {ext.length_field} {granted} is not a length "
                    f"the extension may grant: from 1 to {ext.by.amount} {unit}{basis}"
                )
        return None


def extensions_used(case: Case, rule: DeadlineRule) -> int:
    """How many times ``rule``'s extension trigger fired in its current clock."""
    assert rule.extension is not None
    runs = frozenset(rule.runs_in)
    paused = frozenset(rule.paused_in)
    trigger = rule.extension.trigger
    used = 0
    running = False
    for event in case.history:
        if event.dest in runs:
            if not running:
                running, used = True, 0
            if event.trigger == trigger:
                used += 1
        elif event.dest not in paused:
            running = False
    return used

"""Extension limits: the engine's side of a deadline rule's ``extension``.

A deadline rule may let a trigger extend it at most ``max`` times per
clock, or a variant's ``max_extensions`` when the variant's condition
holds. This module owns refusing the trigger once the limit is reached:
it compiles the limits of one workflow by extending trigger and says, in
words, why a firing would go past one. Counting the clock's extensions
needs only the case's history, not the calendar.

What an extension does to a due date is ``caseflow.deadlines``' work; the
conditions are compiled by ``caseflow.conditions``; wiring the limit into
the machine as a condition is ``caseflow.engine.compiling``'s.
"""

from __future__ import annotations

from collections.abc import Mapping

from caseflow.case import Case
from caseflow.conditions import Check, GuardContext, RegisteredGuard, compile_condition
from caseflow.definition import DeadlineRule, Guard, WorkflowSpec

__all__ = ["ExtensionLimits", "extensions_used"]


class ExtensionLimits:
    """The extension limits of one workflow's deadline rules, by extending trigger."""

    def __init__(
        self,
        spec: WorkflowSpec,
        guards: Mapping[str, Guard],
        registered: Mapping[str, RegisteredGuard],
    ) -> None:
        self.by_trigger: dict[str, list[tuple[DeadlineRule, list[Check]]]] = {}
        for rule in spec.deadlines:
            if rule.extension is not None:
                checks = [compile_condition(v.when, guards, registered) for v in rule.variants]
                self.by_trigger.setdefault(rule.extension.trigger, []).append((rule, checks))

    def reached(self, ctx: GuardContext) -> str | None:
        """Why ``ctx.trigger`` would extend a deadline past its limit, or None."""
        for rule, checks in self.by_trigger.get(ctx.trigger, ()):
            assert rule.extension is not None
            limit = rule.extension.max
            for variant, check in zip(rule.variants, checks, strict=True):
                if variant.max_extensions is not None and check(ctx):
                    limit = variant.max_extensions
                    break
            used = extensions_used(ctx.case, rule)
            if used >= limit:
                basis = f" ({rule.extension.source})" if rule.extension.source else ""
                times = "extension" if limit == 1 else "extensions"
                return (
                    f"deadline {rule.name!r} allows at most {limit} {times}{basis}, and "
                    f"{used} {'was' if used == 1 else 'were'} already granted"
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

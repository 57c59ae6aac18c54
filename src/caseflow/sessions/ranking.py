"""Docket order: which eligible case a session hears first, and why.

This module owns the ranking of cases for a docket: the ``docket:``
section's ``priorities`` (declarative conditions, or guards the host app
registered) compiled to checks, each case ranked by the first priority it
meets and then by registration order (``rank_cases``, ``Rank``).

It leaves compiling conditions to ``conditions``, and choosing the
docket of a session (firing the select trigger, capacity, explanations) to
``docket``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from caseflow.case import Case
from caseflow.conditions import Check, GuardContext, RegisteredGuard, compile_condition
from caseflow.definition import Docket
from caseflow.errors import InputError
from caseflow.sessions.bindings import WorkflowLike, check_cases, docket_of
from caseflow.times import to_datetime, zone

__all__ = ["Rank", "compile_priorities", "rank_cases", "rank_one"]


def _registered_guards(wf: WorkflowLike) -> Mapping[str, RegisteredGuard]:
    # Workflow keeps the app's registered guards privately; a priority may
    # name one. (A public accessor on Workflow would be better.)
    found = getattr(wf, "_guards", None)
    return found if isinstance(found, Mapping) else {}


def compile_priorities(wf: WorkflowLike, docket: Docket) -> list[Check]:
    """The docket's ``priorities`` as checks, in their order."""
    guards = {g.name: g for g in wf.spec.guards}
    registered = _registered_guards(wf)
    return [compile_condition(p.when, guards, registered, spec=wf.spec) for p in docket.priorities]


@attrs.frozen(kw_only=True)
class Rank:
    """Where one case stands in docket order, and what placed it there."""

    case: Case
    priority: int  # index into docket.priorities; len(priorities) when none is met
    registered: dt.datetime
    from_field: bool
    entered: dt.datetime

    def key(self) -> tuple[int, dt.datetime, dt.datetime, str]:
        return (self.priority, self.registered, self.entered, self.case.id)


def rank_one(
    wf: WorkflowLike, docket: Docket, checks: list[Check], case: Case, at: dt.datetime
) -> Rank:
    """Rank ``case``: the first of ``checks`` it meets, and its registration time."""
    tz = zone(wf.spec.timezone)
    ctx = GuardContext(case=case, trigger="", at=at, actor=None, role=None, data=case.data)
    priority = len(checks)
    for index, check in enumerate(checks):
        if check(ctx):
            priority = index
            break
    entered = case.entered(case.state) or case.opened_at
    registered, from_field = entered, False
    if docket.order_field is not None:
        value = case.data.get(docket.order_field)
        if value is not None:
            # A value that is not a date ranks by the time the case became eligible.
            with contextlib.suppress(InputError):
                registered, from_field = to_datetime(value, tz, what=docket.order_field), True
    return Rank(
        case=case, priority=priority, registered=registered, from_field=from_field, entered=entered
    )


def rank_cases(wf: WorkflowLike, cases: Iterable[Case], *, at: Any) -> list[Case]:
    """``cases`` in docket order: by the first priority met, then registration order.

    Registration order is the docket's ``order_field`` (a date or time), or,
    for a case without one, the time it entered its current state; ties go
    to the case id, so the order is total and the same on every run.
    """
    docket = docket_of(wf)
    checks = compile_priorities(wf, docket)
    when = to_datetime(at, zone(wf.spec.timezone), what="at")
    items = list(cases)
    check_cases(items)
    ranked = sorted((rank_one(wf, docket, checks, c, when) for c in items), key=Rank.key)
    return [r.case for r in ranked]

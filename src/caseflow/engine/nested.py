"""The machine of a nested workflow: transitions' HierarchicalMachine over the chart.

This module owns the one ``HierarchicalMachine`` compiled for a workflow
whose states are nested or parallel (``caseflow.charts``), and taking one
step on it. As with the flat machine, it has no models: each firing hands
it the short-lived ``GuardContext``, whose ``state`` is set to the
machine's form of the case's configuration (a path, or a list of paths for
parallel regions) and read back once the machine has chosen the
transition; conditions are Python callables, so no name is resolved by
import. The machine's states are separated by ``.``, as caseflow's paths
are. The join of a parallel state (``done``) is caseflow's, applied to the
machine's result by ``Chart.join``. A step that disagrees with the
compiled table (which replay folds over) is a bug, and raises.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from transitions.extensions.nesting import HierarchicalMachine, NestedState

from caseflow.charts import JOIN
from caseflow.definition import State

if TYPE_CHECKING:
    from caseflow.engine.compiling import CompiledWorkflow

__all__ = ["build_machine", "take"]


class _DottedState(NestedState):
    """transitions' nested state with caseflow's separator: ``screened.proposed``."""

    separator = "."


class _Machine(HierarchicalMachine):
    state_cls = _DottedState


def _tree(state: State) -> dict[str, Any]:
    """One state as HierarchicalMachine's configuration takes it."""
    if state.parallel:
        return {"name": state.name, "parallel": [_tree(r) for r in state.parallel]}
    if state.states:
        first = next((c for c in state.states if c.initial), state.states[0])
        return {
            "name": state.name,
            "children": [_tree(c) for c in state.states],
            "initial": first.name,
        }
    # No 'final' here: final states and the join are caseflow's (Chart.join);
    # transitions' own final check fails on a region's final state when the
    # machine has no models (transitions 0.9.3).
    return {"name": state.name}


def build_machine(workflow: CompiledWorkflow) -> Any:
    """One HierarchicalMachine for the workflow, with the flat machine's conditions."""
    spec = workflow.spec
    machine = _Machine(
        model=None,
        states=[_tree(s) for s in spec.states],
        initial=next(s.name for s in spec.states if s.initial),
        auto_transitions=False,
        send_event=True,
    )
    for t in spec.transitions:
        machine.add_transition(
            t.trigger, list(t.sources), t.dest, conditions=workflow.conditions(t) or None
        )
    return machine


def _flat(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [leaf for item in value for leaf in _flat(item)]


def take(workflow: CompiledWorkflow, ctx: Any, trigger: str) -> bool:
    """Fire ``trigger`` on the machine for ``ctx`` (whose ``state`` is a configuration).

    True with ``ctx.state`` set to the new configuration (the join
    applied), or False when every candidate's conditions refused.
    """
    chart = workflow.chart
    assert chart is not None
    config = ctx.state
    ctx.state = config.split(JOIN) if JOIN in config else config
    if not workflow.machine.trigger_event(ctx, trigger):
        ctx.state = config
        return False
    dest = chart.join(chart.compose(_flat(ctx.state)))
    ctx.state = dest
    if dest not in workflow.dests[(config, trigger)]:  # pragma: no cover - a bug, not an input
        raise AssertionError(
            f"the machine took {trigger!r} from {config!r} to {dest!r}, which the compiled "
            "table does not have"
        )
    return True

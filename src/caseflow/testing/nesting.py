"""Names against configurations: what the checks ask of a nested or parallel workflow.

This module owns reading a rule's or a transition's state names (dotted
paths such as ``checking_places.first_place.checking``) against the
states a case rests in, which for a nested workflow are configurations
(``a.x|b.y``, ``caseflow.charts``). A flat workflow's configuration is
its state's name, so every function here reduces to equality there; the
checks call these instead of comparing names, so that ``runs_in:
[parent]`` covers its children, a region's deadline is judged in every
configuration that region is in, and a transition from a parent is
fired from any of its children.
"""

from __future__ import annotations

from collections.abc import Iterable

from caseflow.charts import active_in, chart_of, expand
from caseflow.definition import Transition, WorkflowSpec
from caseflow.workflow import Workflow

__all__ = ["active", "covers", "named_states", "roles_in", "takes"]


def active(spec: WorkflowSpec, name: str, config: str) -> bool:
    """Whether state ``name`` (a path) is active in ``config`` (a flat state: the same name)."""
    return active_in(name, config) if spec.nested else name == config


def covers(spec: WorkflowSpec, names: Iterable[str], config: str | None) -> bool:
    """Whether one of ``names`` (``runs_in``, ``paused_in``) is active in ``config``."""
    if config is None:
        return False
    return config in expand(spec, names)


def named_states(wf: Workflow) -> tuple[str, ...]:
    """Every state the file names, parents and regions included (a flat workflow: its states)."""
    if not wf.spec.nested:
        return wf.states
    return tuple(chart_of(wf.spec).nodes)


def takes(wf: Workflow, config: str, trigger: str) -> list[tuple[Transition, str, str]]:
    """(transition, source, destination) ``trigger`` may take from ``config``, in the order tried.

    The destination is the configuration after the step (the join
    applied); for a flat workflow, the transition's own ``to``.
    """
    if not wf.spec.nested:
        return [
            (t, config, t.dest)
            for t in wf.spec.transitions
            if t.trigger == trigger and config in t.sources
        ]
    chart = chart_of(wf.spec)
    return [
        (t, src, chart.step(config, src, t.dest)) for t, src in chart.candidates(config, trigger)
    ]


def roles_in(wf: Workflow, config: str, trigger: str) -> tuple[str | None, ...]:
    """The roles that may fire ``trigger`` in ``config`` (None: any), children's first."""
    roles: list[str | None] = []
    for t, _src, _dest in takes(wf, config, trigger):
        if not t.roles:
            return (None,)
        roles.extend(r for r in t.roles if r not in roles)
    return tuple(roles) or (None,)

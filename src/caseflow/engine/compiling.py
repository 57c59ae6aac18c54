"""Compiling a workflow definition into the tables and the machine the engine runs on.

This module owns the one-time work done when a workflow is loaded: the
transition table keyed by (state, trigger), each transition with its
compiled guard and its roles; the destinations replay checks recorded
events against; the app's hooks by state, checked against the states; and
one ``transitions.Machine`` per workflow, never one per case. The machine
has no models (no ``add_model`` registry that would keep every case alive),
``auto_transitions`` is off, and every condition is a Python callable, so no
string from a workflow file is ever resolved by import.

Firing, ``allowed`` and the input checks are ``caseflow.engine.firing``'s;
folding a recorded history is ``caseflow.engine.replay``'s; the words of a
refusal are ``caseflow.engine.refusals``'; case data is checked by
``caseflow.engine.fields`` and extension limits by ``caseflow.engine.limits``.
Conditions are compiled by ``caseflow.conditions``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs
from transitions import Machine
from transitions import State as MachineState

from caseflow.case import Case, Event
from caseflow.charts import chart_of
from caseflow.conditions import Check, DayCalendar, GuardContext, RegisteredGuard, compile_condition
from caseflow.definition import Transition, WorkflowSpec
from caseflow.engine.fields import FieldChecker
from caseflow.engine.limits import ExtensionLimits
from caseflow.engine.nested import build_machine
from caseflow.errors import ConfigurationError, InputError, did_you_mean
from caseflow.i18n import _
from caseflow.times import zone

__all__ = ["UPDATE", "CompiledTransition", "CompiledWorkflow", "Hook"]

UPDATE = "update"
"""The trigger recorded by a data change that moves no state."""

Hook = Callable[[Case, Event], None]
"""An on-enter or on-exit hook: called with the case and the step's event."""


@attrs.frozen(slots=True)
class CompiledTransition:
    """One transition of the definition with its guard compiled and its roles as a set."""

    spec: Transition
    check: Check | None
    roles: frozenset[str] | None


class CompiledWorkflow:
    """One workflow definition compiled for running cases.

    ``table`` maps (state, trigger) to the transitions that trigger may take
    from that state, in definition order; ``dests`` maps the same key to each
    destination and the roles that may reach it (what replay checks);
    ``from_state`` lists each state's triggers. ``enter_hooks`` and
    ``exit_hooks`` hold the app's hooks by state, ``limited`` the triggers
    that extend a deadline with a limit, and ``machine`` the one
    ``transitions.Machine`` that chooses each firing's transition.
    """

    def __init__(
        self,
        spec: WorkflowSpec,
        *,
        guards: Mapping[str, RegisteredGuard] | None = None,
        on_enter: Mapping[str, Hook | Iterable[Hook]] | None = None,
        on_exit: Mapping[str, Hook | Iterable[Hook]] | None = None,
        require_role: bool = False,
        calendar: DayCalendar | None = None,
    ) -> None:
        self.spec = spec
        self.require_role = require_role
        # The working days guards see (a ``within`` period ends on one); the
        # facade passes its lazily loaded calendar.
        self.day_calendar = calendar
        self.zone = zone(spec.timezone)
        # A nested workflow runs on its configurations (caseflow.charts), a
        # flat one on its states, as before: the flat path is unchanged.
        self.chart = chart_of(spec) if spec.nested else None
        self.states: tuple[str, ...] = (
            self.chart.configurations
            if self.chart is not None
            else tuple(s.name for s in spec.states)
        )
        self.triggers: tuple[str, ...] = tuple(dict.fromkeys(t.trigger for t in spec.transitions))
        self.final_states = (
            frozenset(c for c in self.states if self.chart.is_final(c))
            if self.chart is not None
            else frozenset(s.name for s in spec.states if s.final)
        )
        checker = FieldChecker(spec, self.zone)
        self.fields = checker.fields
        self.check_data = checker.check
        self.guard_specs = {g.name: g for g in spec.guards}
        self.registered = dict(guards or {})
        self.roles = frozenset(r.name for r in spec.roles)
        self._check_wiring(on_enter or {}, on_exit or {})
        limits = ExtensionLimits(spec, self.guard_specs, self.registered, self.zone)
        self.limit_reached = limits.reached
        self.limited = frozenset(limits.by_trigger)

        self.table: dict[tuple[str, str], tuple[CompiledTransition, ...]] = {}
        self.dests: dict[tuple[str, str], dict[str, frozenset[str] | None]] = {}
        self.compiled: dict[int, CompiledTransition] = {}
        compiled_guards: dict[str, Check] = {}  # each named guard compiled once
        for t in spec.transitions:
            check = (
                compile_condition(
                    t.when, self.guard_specs, self.registered, spec=spec, memo=compiled_guards
                )
                if t.when is not None
                else None
            )
            compiled = CompiledTransition(t, check, frozenset(t.roles) if t.roles else None)
            self.compiled[id(t)] = compiled
            if self.chart is not None:
                continue
            for src in t.sources:
                key = (src, t.trigger)
                self.table[key] = (*self.table.get(key, ()), compiled)
                self.dests.setdefault(key, {}).setdefault(t.dest, compiled.roles)
        # A nested workflow's transition leads to a configuration that depends
        # on where it is taken from: each group's destinations, in its order.
        self.group_dests: dict[tuple[str, str], tuple[str, ...]] = {}
        if self.chart is not None:
            for key, steps in self.chart.edges.items():
                self.table[key] = tuple(self.compiled[id(t)] for t, _ in steps)
                self.group_dests[key] = tuple(dest for _, dest in steps)
                for t, dest in steps:
                    roles = self.compiled[id(t)].roles
                    known = self.dests.setdefault(key, {})
                    if dest not in known:
                        known[dest] = roles
                    elif known[dest] is not None:
                        # Two transitions reach one configuration: either's roles may.
                        known[dest] = None if roles is None else known[dest] | roles  # type: ignore[operator]
        self.from_state: dict[str, tuple[str, ...]] = {
            s: tuple(dict.fromkeys(trig for (src, trig) in self.table if src == s))
            for s in self.states
        }
        # Hooks run from fire(), around the engine's own recording of the
        # step, so that on_exit sees the case before it and on_enter after it
        # (measured: routing the recording through transitions' callbacks
        # cost a third of a fire).
        names = self.chart.nodes if self.chart is not None else self.states
        self.enter_hooks = _hooks_by_state(on_enter or {}, names)
        self.exit_hooks = _hooks_by_state(on_exit or {}, names)
        self.machine: Any = self._compile() if self.chart is None else build_machine(self)
        # The pass that checks a history as live firings would, built by
        # caseflow.engine.checking on first use (an import, replay(check=True)).
        self.history_checker: object = None

    def triggers_from(self, state: str) -> tuple[str, ...]:
        """Every trigger defined from ``state``, guards not checked."""
        if not isinstance(state, str):
            raise InputError(_("state must be text, not {kind}").format(kind=type(state).__name__))
        return self.from_state.get(state, ())

    def dest_of(self, state: str, trigger: str, compiled: CompiledTransition) -> str:
        """Where ``compiled`` (of the group of ``state`` and ``trigger``) takes a case."""
        if self.chart is None:
            return compiled.spec.dest
        group = self.table[(state, trigger)]
        return self.group_dests[(state, trigger)][group.index(compiled)]

    def _check_wiring(self, on_enter: Mapping[str, object], on_exit: Mapping[str, object]) -> None:
        declared = sorted(n for n, g in self.guard_specs.items() if g.condition is None)
        for name, fn in self.registered.items():
            if name not in declared:
                known = ", ".join(declared) or "none"
                raise ConfigurationError(
                    _(
                        "guard {name!r} is not declared 'registered: true' in "
                        "workflow {name2!r}{value}; registered guards it declares: "
                        "{known}"
                    ).format(
                        name=name,
                        name2=self.spec.name,
                        value=did_you_mean(name, declared),
                        known=known,
                    )
                )
            if not callable(fn):
                raise ConfigurationError(
                    _("guard {name!r} must be callable, not {fn!r}").format(name=name, fn=fn)
                )
        names = tuple(self.chart.nodes) if self.chart is not None else self.states
        for kind, hooks in (("on_enter", on_enter), ("on_exit", on_exit)):
            for state in hooks:
                if state not in names:
                    raise ConfigurationError(
                        _(
                            "{kind} hook for unknown state {state!r} in workflow "
                            "{name!r}{value}; known states: {value2}"
                        ).format(
                            kind=kind,
                            state=state,
                            name=self.spec.name,
                            value=did_you_mean(state, names),
                            value2=", ".join(names),
                        )
                    )

    def _compile(self) -> Machine:
        states = [MachineState(name, final=name in self.final_states) for name in self.states]
        machine = Machine(
            model=None,
            states=states,
            initial=self.spec.initial,
            auto_transitions=False,
            send_event=True,
        )
        for t in self.spec.transitions:
            machine.add_transition(
                t.trigger, list(t.sources), t.dest, conditions=self.conditions(t) or None
            )
        return machine

    def conditions(self, t: Transition) -> list[str | Callable[..., bool | None]]:
        """The machine's conditions of transition ``t``: its roles, its guard, its limit."""
        compiled = self.compiled[id(t)]
        conditions: list[str | Callable[..., bool | None]] = []
        if compiled.roles is not None:
            conditions.append(_role_condition(compiled.roles, self.require_role))
        if compiled.check is not None:
            conditions.append(_guard_condition(compiled.check))
        if t.trigger in self.limited:
            conditions.append(_limit_condition(self.limit_reached))
        return conditions


def _hooks_by_state(
    table: Mapping[str, Hook | Iterable[Hook]], states: Iterable[str]
) -> dict[str, tuple[Hook, ...]]:
    """The hooks of each state that has any, as tuples (one hook or several may be given)."""
    out: dict[str, tuple[Hook, ...]] = {}
    for state in states:
        value = table.get(state)
        if value is not None:
            hooks = (value,) if callable(value) else tuple(value)
            if hooks:
                out[state] = hooks
    return out


# The machine's conditions: transitions calls each with the firing's
# EventData, whose model is the GuardContext that fire() handed it.


def _role_condition(roles: frozenset[str], require: bool) -> Callable[[Any], bool]:
    if require:
        return lambda ed: ed.model.role in roles
    return lambda ed: ed.model.role is None or ed.model.role in roles


def _guard_condition(check: Check) -> Callable[[Any], bool]:
    return lambda ed: check(ed.model)


def _limit_condition(reached: Callable[[GuardContext], str | None]) -> Callable[[Any], bool]:
    return lambda ed: reached(ed.model) is None

"""The engine: a workflow definition compiled into one ``transitions`` machine.

This module owns running cases: starting them, firing triggers, listing the
triggers allowed now, recording each step as an event, and replaying a
recorded history. It compiles one ``transitions.Machine`` per loaded
workflow, never one per case: the machine has no models (no ``add_model``
registry that would keep every case alive), ``auto_transitions`` is off,
and every callback is a Python callable, so no string from a workflow file
is ever resolved by import. Each firing hands the machine a short-lived
``GuardContext`` as its model; once the machine has chosen the transition,
the engine records the step on the case itself (running the app's hooks
around it), so the machine never holds a reference to a case.

Replay does not use the machine: it folds recorded events over the compiled
transition table, checking each is legal, and runs no guards and no hooks
(guards may consult the world as it was then; the history records what was
decided).

Deadlines, sessions, storage and output formats are other modules' work.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs
from transitions import Machine
from transitions import State as MachineState

from caseflow.case import EMPTY, START, Case, Event
from caseflow.conditions import (
    Check,
    GuardContext,
    RegisteredGuard,
    compile_condition,
    explain,
    failing_guard,
)
from caseflow.definition import DeadlineRule, Field, Transition, WorkflowSpec
from caseflow.errors import (
    ConfigurationError,
    HistoryError,
    InputError,
    TransitionNotAllowed,
    did_you_mean,
)
from caseflow.times import to_date, to_datetime, zone

__all__ = ["UPDATE", "Engine", "Hook"]

UPDATE = "update"
"""The trigger recorded by a data change that moves no state."""

Hook = Callable[[Case, Event], None]
"""An on-enter or on-exit hook: called with the case and the step's event."""


@attrs.frozen(slots=True)
class _Compiled:
    spec: Transition
    check: Check | None
    roles: frozenset[str] | None


class Engine:
    """Runs cases of one workflow definition."""

    def __init__(
        self,
        spec: WorkflowSpec,
        *,
        guards: Mapping[str, RegisteredGuard] | None = None,
        on_enter: Mapping[str, Hook | Iterable[Hook]] | None = None,
        on_exit: Mapping[str, Hook | Iterable[Hook]] | None = None,
        require_role: bool = False,
    ) -> None:
        self.spec = spec
        self.require_role = require_role
        self.zone = zone(spec.timezone)
        self.states: tuple[str, ...] = tuple(s.name for s in spec.states)
        self.triggers: tuple[str, ...] = tuple(dict.fromkeys(t.trigger for t in spec.transitions))
        self.final_states = frozenset(s.name for s in spec.states if s.final)
        self.fields: dict[str, Field] = {f.name: f for f in spec.fields}
        self._guard_specs = {g.name: g for g in spec.guards}
        self._registered = dict(guards or {})
        self._roles = frozenset(r.name for r in spec.roles)
        self._check_wiring(on_enter or {}, on_exit or {})
        self._limits: dict[str, list[tuple[DeadlineRule, list[Check]]]] = {}
        for rule in spec.deadlines:
            if rule.extension is not None:
                checks = [
                    compile_condition(v.when, self._guard_specs, self._registered)
                    for v in rule.variants
                ]
                self._limits.setdefault(rule.extension.trigger, []).append((rule, checks))

        self._table: dict[tuple[str, str], tuple[_Compiled, ...]] = {}
        self._dests: dict[tuple[str, str], dict[str, frozenset[str] | None]] = {}
        for t in spec.transitions:
            check = (
                compile_condition(t.when, self._guard_specs, self._registered)
                if t.when is not None
                else None
            )
            compiled = _Compiled(t, check, frozenset(t.roles) if t.roles else None)
            for src in t.sources:
                key = (src, t.trigger)
                self._table[key] = (*self._table.get(key, ()), compiled)
                self._dests.setdefault(key, {}).setdefault(t.dest, compiled.roles)
        self._from_state: dict[str, tuple[str, ...]] = {
            s: tuple(dict.fromkeys(trig for (src, trig) in self._table if src == s))
            for s in self.states
        }
        self.machine = self._compile(on_enter or {}, on_exit or {})

    # -- building -------------------------------------------------------------

    def _check_wiring(self, on_enter: Mapping[str, object], on_exit: Mapping[str, object]) -> None:
        declared = sorted(n for n, g in self._guard_specs.items() if g.condition is None)
        for name, fn in self._registered.items():
            if name not in declared:
                known = ", ".join(declared) or "none"
                raise ConfigurationError(
                    f"guard {name!r} is not declared 'registered: true' in workflow "
                    f"{self.spec.name!r}{did_you_mean(name, declared)}; registered guards it "
                    f"declares: {known}"
                )
            if not callable(fn):
                raise ConfigurationError(f"guard {name!r} must be callable, not {fn!r}")
        for kind, hooks in (("on_enter", on_enter), ("on_exit", on_exit)):
            for state in hooks:
                if state not in self.states:
                    raise ConfigurationError(
                        f"{kind} hook for unknown state {state!r} in workflow "
                        f"{self.spec.name!r}{did_you_mean(state, self.states)}; known states: "
                        f"{', '.join(self.states)}"
                    )

    def _compile(
        self,
        on_enter: Mapping[str, Hook | Iterable[Hook]],
        on_exit: Mapping[str, Hook | Iterable[Hook]],
    ) -> Machine:
        def hooks_of(table: Mapping[str, Hook | Iterable[Hook]], state: str) -> tuple[Hook, ...]:
            value = table.get(state)
            if value is None:
                return ()
            return (value,) if callable(value) else tuple(value)

        # Hooks run from fire(), around the engine's own recording of the
        # step, so that on_exit sees the case before it and on_enter after it
        # (measured: routing the recording through transitions' callbacks
        # cost a third of a fire).
        self._enter_hooks = {n: h for n in self.states if (h := hooks_of(on_enter, n))}
        self._exit_hooks = {n: h for n in self.states if (h := hooks_of(on_exit, n))}
        states = [MachineState(name, final=name in self.final_states) for name in self.states]
        machine = Machine(
            model=None,
            states=states,
            initial=self.spec.initial,
            auto_transitions=False,
            send_event=True,
        )
        for t in self.spec.transitions:
            compiled = next(c for c in self._table[(t.sources[0], t.trigger)] if c.spec is t)
            conditions: list[str | Callable[..., bool | None]] = []
            if compiled.roles is not None:
                conditions.append(_role_condition(compiled.roles, self.require_role))
            if compiled.check is not None:
                conditions.append(_guard_condition(compiled.check))
            if t.trigger in self._limits:
                conditions.append(self._limit_condition)
            machine.add_transition(
                t.trigger, list(t.sources), t.dest, conditions=conditions or None
            )
        return machine

    # -- running --------------------------------------------------------------

    def start(
        self,
        case_id: str,
        *,
        at: Any,
        data: Mapping[str, Any] | None = None,
        actor: str | None = None,
        role: str | None = None,
        note: str | None = None,
    ) -> Case:
        """Open a case in the initial state, recording a ``start`` event."""
        if not isinstance(case_id, str) or not case_id.strip():
            raise InputError(f"a case id must be non-empty text, not {case_id!r}")
        self._check_role(role)
        when = to_datetime(at, self.zone, what="at")
        values = self.check_data(data or {}, starting=True)
        initial = self.spec.initial
        event = Event(
            trigger=START,
            source=None,
            dest=initial,
            at=when,
            actor=actor,
            role=role,
            note=note,
            changes=values or EMPTY,
        )
        return Case(
            id=case_id,
            workflow=self.spec.name,
            version=self.spec.version,
            state=initial,
            data=dict(values),
            history=(event,),
        )

    def fire(
        self,
        case: Case,
        trigger: str,
        *,
        at: Any,
        actor: str | None = None,
        role: str | None = None,
        note: str | None = None,
        data: Mapping[str, Any] | None = None,
    ) -> Case:
        """Fire ``trigger`` on ``case``; append the event and return the case.

        ``role`` is the role the actor acts in; a trigger restricted to other
        roles is refused. Without a role, role restrictions are not applied
        (the app has authorised the actor) unless the workflow was loaded with
        ``require_role=True``. Refusals raise ``TransitionNotAllowed`` naming
        the state, the trigger and the failed guard or role; the case is then
        unchanged, as it is when a hook raises.
        """
        self._check_case(case)
        self._check_role(role)
        when = self._check_time(case, trigger, at)
        group = self._table.get((case.state, trigger))
        if group is None:
            raise self._no_such_step(case, trigger)
        changes = self.check_data(data) if data else EMPTY
        ctx = GuardContext(
            case=case,
            trigger=trigger,
            at=when,
            actor=actor,
            role=role,
            data={**case.data, **changes} if changes else case.data,
            note=note,
            changes=changes,
            state=case.state,
        )
        source = case.state
        if not self.machine.events[trigger].trigger(ctx):
            raise self._refusal(case, trigger, ctx, group)
        event = Event(
            trigger,
            source,
            ctx.state,  # transitions set it to the chosen destination
            when,
            actor,
            role,
            note,
            changes,
        )
        if not self._enter_hooks and not self._exit_hooks:
            case.history = (*case.history, event)
            case.state = event.dest
            if changes:
                case.data = {**case.data, **changes}
            return case
        history, data_before = case.history, case.data
        try:
            for hook in self._exit_hooks.get(source, ()):
                hook(case, event)
            case.history = (*history, event)
            case.state = event.dest
            if changes:
                case.data = {**data_before, **changes}
            for hook in self._enter_hooks.get(event.dest, ()):
                hook(case, event)
        except BaseException:
            case.state, case.history, case.data = source, history, data_before
            raise
        return case

    def update(
        self,
        case: Case,
        *,
        at: Any,
        data: Mapping[str, Any],
        actor: str | None = None,
        role: str | None = None,
        note: str | None = None,
    ) -> Case:
        """Record a change of data that moves no state (an ``update`` event)."""
        self._check_case(case)
        when = self._check_time(case, UPDATE, at)
        changes = self.check_data(data)
        if not changes:
            raise InputError("update() needs data to change; none was given")
        event = Event(
            trigger=UPDATE,
            source=case.state,
            dest=case.state,
            at=when,
            actor=actor,
            role=role,
            note=note,
            changes=changes,
        )
        case.data = {**case.data, **changes}
        case.history = (*case.history, event)
        return case

    def allowed(self, case: Case, *, role: str | None = None, at: Any = None) -> tuple[str, ...]:
        """The triggers that may fire now, guards checked.

        With ``role``, only the triggers that role may fire; without, role
        restrictions are not applied (as in ``fire`` without a role, unless
        the workflow was loaded with ``require_role=True``).
        """
        self._check_case(case)
        when = to_datetime(at, self.zone, what="at") if at is not None else case.updated_at
        out = []
        if role is None and self.require_role:
            role = ""  # no role may fire role-restricted triggers
        for trigger in self._from_state.get(case.state, ()):
            ctx = GuardContext(
                case=case, trigger=trigger, at=when, actor=None, role=role, data=case.data
            )
            for c in self._table[(case.state, trigger)]:
                if role is not None and c.roles is not None and role not in c.roles:
                    continue
                if (c.check is None or c.check(ctx)) and (
                    trigger not in self._limits or self.limit_reached(ctx) is None
                ):
                    out.append(trigger)
                    break
        return tuple(out)

    # -- extension limits (from the deadline rules) ------------------------------

    def _limit_condition(self, ed: Any) -> bool:
        return self.limit_reached(ed.model) is None

    def limit_reached(self, ctx: GuardContext) -> str | None:
        """Why ``ctx.trigger`` would extend a deadline past its limit, or None."""
        for rule, checks in self._limits.get(ctx.trigger, ()):
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

    def triggers_from(self, state: str) -> tuple[str, ...]:
        """Every trigger defined from ``state``, guards not checked."""
        return self._from_state.get(state, ())

    # -- replay ----------------------------------------------------------------

    def replay(self, case_id: str, events: Iterable[Event | Mapping[str, Any]]) -> Case:
        """Rebuild a case from its recorded events without running hooks.

        Events are ``Event`` objects or their ``to_dict()`` forms (a naive
        time in those is read in the workflow's zone). Each event must be a
        legal step from the state the previous ones
        left; the first bad one raises ``HistoryError`` with its index.
        """
        if type(events) is tuple and all(type(e) is Event for e in events):
            history: tuple[Event, ...] = events
        else:
            history = tuple(
                e if isinstance(e, Event) else _event_from(e, case_id, i, self.zone)
                for i, e in enumerate(events)
            )
        if not history:
            raise HistoryError(
                "the history is empty; it must begin with a 'start' event", case_id=case_id, index=0
            )
        first = history[0]
        initial = self.spec.initial
        if first.trigger != START or first.source is not None or first.dest != initial:
            raise HistoryError(
                f"the first event must be 'start' into {initial!r}, not {first.trigger!r} "
                f"from {first.source!r} to {first.dest!r}",
                case_id=case_id,
                index=0,
            )
        state = initial
        data = dict(first.changes)
        last = first.at
        dests = self._dests
        for index in range(1, len(history)):
            event = history[index]
            if event.at < last:
                raise HistoryError(
                    f"event time {event.at.isoformat()} is earlier than the previous event's "
                    f"{last.isoformat()}",
                    case_id=case_id,
                    index=index,
                )
            last = event.at
            if event.source != state:
                raise HistoryError(
                    f"event {event.trigger!r} says the case left {event.source!r}, but it was "
                    f"in {state!r}",
                    case_id=case_id,
                    index=index,
                )
            if event.trigger == UPDATE:
                if event.dest != state:
                    raise HistoryError(
                        f"an update event must stay in {state!r}, not move to {event.dest!r}",
                        case_id=case_id,
                        index=index,
                    )
            else:
                options = dests.get((state, event.trigger))
                if options is None or event.dest not in options:
                    allowed = ", ".join(
                        f"{trig} -> {d}"
                        for (src, trig), ds in dests.items()
                        if src == state
                        for d in ds
                    )
                    raise HistoryError(
                        f"{event.trigger!r} from {state!r} to {event.dest!r} is not a transition "
                        f"of workflow {self.spec.name!r} {self.spec.version!r}; from {state!r} "
                        f"the transitions are: {allowed or 'none (final state)'}",
                        case_id=case_id,
                        index=index,
                    )
                roles = options[event.dest]
                if (
                    roles is not None
                    and event.role not in roles
                    and (event.role is not None or self.require_role)
                    and not self._any_role_ok(state, event)
                ):
                    raise HistoryError(
                        f"{event.trigger!r} was recorded for role {event.role!r}, which may not "
                        f"fire it (allowed: {', '.join(sorted(roles))})",
                        case_id=case_id,
                        index=index,
                    )
                state = event.dest
            if event.changes:
                data.update(event.changes)
        return Case(
            id=case_id,
            workflow=self.spec.name,
            version=self.spec.version,
            state=state,
            data=data,
            history=history,
        )

    def _any_role_ok(self, state: str, event: Event) -> bool:
        for c in self._table[(state, event.trigger)]:
            if c.spec.dest == event.dest and (c.roles is None or event.role in c.roles):
                return True
        return False

    # -- data -------------------------------------------------------------------

    def check_data(self, data: Mapping[str, Any], *, starting: bool = False) -> dict[str, Any]:
        """Validate case data against the declared fields; return it normalised.

        Dates and times become ISO 8601 text so that data stays plain JSON.
        Without declared fields, any JSON-like data is accepted as given.
        """
        if not isinstance(data, Mapping):
            raise InputError(f"case data must be a mapping of field names to values, not {data!r}")
        fields = self.fields
        out: dict[str, Any] = {}
        for key, value in data.items():
            if not fields:
                out[key] = _plain(value, key)
                continue
            field = fields.get(key)
            if field is None:
                names = sorted(fields)
                raise InputError(
                    f"unknown field {key!r} for workflow {self.spec.name!r}"
                    f"{did_you_mean(str(key), names)}; known fields: {', '.join(names)}"
                )
            out[key] = self._coerce(field, value)
        if starting:
            missing = [f.name for f in self.spec.fields if f.required and out.get(f.name) is None]
            if missing:
                raise InputError(
                    f"workflow {self.spec.name!r} needs these fields when a case starts: "
                    f"{', '.join(missing)}"
                )
        return out

    def _coerce(self, field: Field, value: Any) -> Any:
        if not field.confidential:
            return self._coerce_value(field, value)
        try:
            return self._coerce_value(field, value)
        except InputError:
            # The value of a confidential field never appears in a message.
            raise InputError(
                f"field {field.name!r} (confidential) does not hold a valid "
                f"{field.type} value; the value is not shown"
            ) from None

    def _coerce_value(self, field: Field, value: Any) -> Any:
        if value is None:
            if field.required:
                raise InputError(f"field {field.name!r} is required and cannot be null")
            return None
        kind = field.type
        ok: bool
        if kind == "text":
            ok = isinstance(value, str)
        elif kind == "int":
            ok = isinstance(value, int) and not isinstance(value, bool)
        elif kind == "number":
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        elif kind == "bool":
            ok = isinstance(value, bool)
        elif kind == "date":
            return to_date(value, what=f"field {field.name!r}").isoformat()
        elif kind == "datetime":
            return to_datetime(value, self.zone, what=f"field {field.name!r}").isoformat()
        elif kind == "choice":
            choices = field.choices or ()
            if not any(type(value) is type(c) and value == c for c in choices):
                shown = [str(c) for c in choices]
                raise InputError(
                    f"field {field.name!r} is {value!r}{did_you_mean(str(value), shown)}; "
                    f"allowed: {', '.join(shown)}"
                )
            return value
        elif kind == "list":
            ok = isinstance(value, (list, tuple))
            if ok:
                return [_plain(v, field.name) for v in value]
        else:  # mapping
            ok = isinstance(value, Mapping)
            if ok:
                return {str(k): _plain(v, field.name) for k, v in value.items()}
        if not ok:
            raise InputError(
                f"field {field.name!r} must be {_TYPE_WORDS[kind]}, not "
                f"{type(value).__name__} {value!r}"
            )
        return value

    # -- messages ----------------------------------------------------------------

    def _check_case(self, case: Case) -> None:
        if not isinstance(case, Case):
            raise InputError(f"expected a Case, not {type(case).__name__}")
        if case.workflow != self.spec.name or case.version != self.spec.version:
            raise InputError(
                f"case {case.id!r} belongs to workflow {case.workflow!r} version "
                f"{case.version!r}, not {self.spec.name!r} version {self.spec.version!r}"
            )

    def _check_role(self, role: str | None) -> None:
        if role is None or role in self._roles:
            return
        roles = [r.name for r in self.spec.roles]
        if role not in roles:
            raise InputError(
                f"unknown role {role!r} for workflow {self.spec.name!r}"
                f"{did_you_mean(role, roles)}; known roles: {', '.join(roles) or 'none'}"
            )

    def _check_time(self, case: Case, trigger: str, at: Any) -> dt.datetime:
        when = to_datetime(at, self.zone, what="at")
        last = case.history[-1].at if case.history else None
        if last is not None and when < last:
            raise TransitionNotAllowed(
                f"trigger {trigger!r} at {when.isoformat()} is earlier than the case's last "
                f"event ({case.history[-1].trigger!r} at {last.isoformat()}); events are "
                "recorded in time order",
                case_id=case.id,
                state=case.state,
                trigger=trigger,
            )
        return when

    def _no_such_step(self, case: Case, trigger: str) -> TransitionNotAllowed:
        if trigger not in self.triggers:
            reason = (
                f"unknown trigger {trigger!r}{did_you_mean(str(trigger), self.triggers)}; "
                f"workflow {self.spec.name!r} has: {', '.join(self.triggers)}"
            )
        elif case.state in self.final_states:
            reason = (
                f"trigger {trigger!r} cannot fire: the case is in final state "
                f"{case.state!r}, where it ends"
            )
        else:
            here = ", ".join(self._from_state.get(case.state, ())) or "none"
            reason = (
                f"trigger {trigger!r} cannot fire from state {case.state!r}; from "
                f"{case.state!r} the triggers are: {here}"
            )
        return TransitionNotAllowed(reason, case_id=case.id, state=case.state, trigger=trigger)

    def _refusal(
        self, case: Case, trigger: str, ctx: GuardContext, group: tuple[_Compiled, ...]
    ) -> TransitionNotAllowed:
        whys: list[str] = []
        guard: str | None = None
        role_failed: str | None = None
        for c in group:
            role_ok = c.roles is None or ctx.role in c.roles
            if ctx.role is None and not self.require_role:
                role_ok = True
            limit = self.limit_reached(ctx) if c.spec.trigger in self._limits else None
            if not role_ok:
                assert c.roles is not None
                allowed = ", ".join(sorted(c.roles))
                if ctx.role is None:
                    why = f"it may be fired only by the roles {allowed}, and no role was given"
                else:
                    why = f"role {ctx.role!r} may not fire it (allowed roles: {allowed})"
                role_failed = ctx.role or ""
            elif c.check is None or c.check(ctx):
                why = limit or "a condition failed"
                guard = guard or "extension limit"
            else:
                assert c.spec.when is not None
                why = explain(c.spec.when, ctx, self._guard_specs, self._registered)
                failed = failing_guard(c.spec.when, ctx, self._guard_specs, self._registered)
                guard = guard or failed or "when"
            whys.append(why if len(group) == 1 else f"to {c.spec.dest!r}: {why}")
        reason = f"trigger {trigger!r} from state {case.state!r} refused: " + "; ".join(whys)
        return TransitionNotAllowed(
            reason,
            case_id=case.id,
            state=case.state,
            trigger=trigger,
            guard=guard,
            role=role_failed,
        )


_TYPE_WORDS = {
    "text": "text",
    "int": "a whole number",
    "number": "a number",
    "bool": "true or false",
    "list": "a list",
    "mapping": "a mapping",
}


def _plain(value: Any, name: str) -> Any:
    """Data kept with a case must be plain JSON-like values."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v, name) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _plain(v, name) for k, v in value.items()}
    raise InputError(
        f"field {name!r} holds a {type(value).__name__}; case data must be text, numbers, "
        "true/false, dates, lists or mappings"
    )


def _event_from(data: Mapping[str, Any], case_id: str, index: int, zone: dt.tzinfo) -> Event:
    if not isinstance(data, Mapping):
        raise HistoryError(
            f"an event must be a mapping with trigger, dest and at, not {data!r}",
            case_id=case_id,
            index=index,
        )
    try:
        return Event.from_dict(data, zone=zone)
    except (KeyError, TypeError, ValueError) as err:
        raise HistoryError(f"the event is malformed: {err}", case_id=case_id, index=index) from None


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


def _role_condition(roles: frozenset[str], require: bool) -> Callable[[Any], bool]:
    if require:
        return lambda ed: ed.model.role in roles
    return lambda ed: ed.model.role is None or ed.model.role in roles


def _guard_condition(check: Check) -> Callable[[Any], bool]:
    return lambda ed: check(ed.model)

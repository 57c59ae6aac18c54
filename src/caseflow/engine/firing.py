"""Firing: starting cases, firing triggers with roles, guards and hooks, and allowed().

This module owns running a case live: opening it with a ``start`` event,
firing a trigger (the role checked, the guards and extension limits
evaluated by the compiled machine, the app's hooks run around the step, the
step recorded as an ``Event`` on the case), recording a data change that
moves no state, and listing the triggers allowed now. Each firing hands
the machine a short-lived ``GuardContext`` as its model; once the machine
has chosen the transition, the engine records the step on the case itself,
so the machine never holds a reference to a case. A refused firing, or a
hook that raises, leaves the case unchanged. Text that comes in (a case
id, an actor, a note, data) is kept in NFC (``caseflow.text.nfc``), so
that lookalike spellings of one word are one value.

The tables and the machine are compiled by ``caseflow.engine.compiling``;
the words of a refusal are ``caseflow.engine.refusals``'; ``Engine.replay``
is ``caseflow.engine.replay``'s fold; deadlines, sessions, storage and
output formats are other packages' work.
"""

from __future__ import annotations

import datetime as dt
import reprlib
from collections.abc import Mapping, Sequence
from typing import Any

from transitions import Machine

from caseflow.case import EMPTY, START, Case, Event
from caseflow.charts import active_in
from caseflow.conditions import GuardContext
from caseflow.definition import WorkflowSpec
from caseflow.engine.checking import HistoryCheck, checker_of
from caseflow.engine.compiling import UPDATE, CompiledWorkflow, Hook
from caseflow.engine.nested import take
from caseflow.engine.refusals import no_such_step, refusal
from caseflow.engine.replay import replay_history
from caseflow.errors import InputError, TransitionNotAllowed, did_you_mean
from caseflow.i18n import _
from caseflow.text import nfc
from caseflow.times import to_datetime

__all__ = ["Engine"]


class Engine(CompiledWorkflow):
    """Runs cases of one workflow definition.

    Built like ``CompiledWorkflow`` (the definition, registered guards, the
    app's hooks, ``require_role``), which compiles its tables and machine.
    """

    # The fold lives in replay.py as a plain function; taking it as the
    # method itself, not a method that calls it, keeps a replay one call.
    replay = replay_history

    def __init__(self, spec: WorkflowSpec, **wiring: Any) -> None:
        super().__init__(spec, **wiring)
        # Nested workflows always go through their hierarchical machine.
        self.decided = _decided(self) if self.chart is None else {}

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
            raise InputError(
                _("a case id must be non-empty text, not {case_id!r}").format(case_id=case_id)
            )
        case_id, actor, note = nfc(case_id), _nfc(actor), _nfc(note)
        self._check_role(role)
        _check_text("actor", actor)
        _check_text("note", note)
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
        if isinstance(actor, str) and not actor.isascii():
            actor = nfc(actor)
        if isinstance(note, str) and not note.isascii():
            note = nfc(note)
        try:
            group = self.table.get((case.state, trigger))
        except TypeError:  # an unhashable trigger: the check costs nothing when it is text
            group = None
        if group is None:
            _check_text("trigger", trigger, optional=False)
            raise no_such_step(self, case, trigger)
        changes = self.check_data(data) if data else EMPTY
        if (actor is not None and type(actor) is not str) or (
            note is not None and type(note) is not str
        ):
            _check_text("actor", actor)
            _check_text("note", note)
        source = case.state
        dest = self.decided.get((source, trigger))
        if dest is None:
            ctx = GuardContext(
                case=case,
                trigger=trigger,
                at=when,
                actor=actor,
                role=role,
                data={**case.data, **changes} if changes else case.data,
                note=note,
                changes=changes,
                state=source,
                calendar=self.day_calendar,
            )
            if not (
                self.machine.events[trigger].trigger(ctx)
                if self.chart is None
                else take(self, ctx, trigger)
            ):
                raise refusal(self, case, trigger, ctx, group)
            dest = ctx.state  # transitions set it to the chosen destination
        event = Event(trigger, source, dest, when, actor, role, note, changes)
        if not self.enter_hooks and not self.exit_hooks:
            case.history = (*case.history, event)
            case.state = event.dest
            if changes:
                case.data = {**case.data, **changes}
            return case
        history, data_before = case.history, case.data
        exits, enters = self._hooks(source, event.dest)
        try:
            for hook in exits:
                hook(case, event)
            case.history = (*history, event)
            case.state = event.dest
            if changes:
                case.data = {**data_before, **changes}
            for hook in enters:
                hook(case, event)
        except BaseException:
            case.state, case.history, case.data = source, history, data_before
            raise
        return case

    def _hooks(self, source: str, dest: str) -> tuple[tuple[Hook, ...], tuple[Hook, ...]]:
        """The exit and the enter hooks of a step; nested: of each state left or entered."""
        if self.chart is None:
            return self.exit_hooks.get(source, ()), self.enter_hooks.get(dest, ())
        left = [n for n in self.chart.nodes if active_in(n, source) and not active_in(n, dest)]
        entered = [n for n in self.chart.nodes if active_in(n, dest) and not active_in(n, source)]
        # Children are left before their parents, and entered after them.
        exits = tuple(h for n in reversed(left) for h in self.exit_hooks.get(n, ()))
        enters = tuple(h for n in entered for h in self.enter_hooks.get(n, ()))
        return exits, enters

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
        self._check_role(role)
        _check_text("actor", actor)
        _check_text("note", note)
        when = self._check_time(case, UPDATE, at)
        actor, note = _nfc(actor), _nfc(note)
        changes = self.check_data(data)
        if not changes:
            raise InputError(_("update() needs data to change; none was given"))
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
        self._check_role(role)  # an unknown role is refused as ``fire`` refuses it, not ``()``
        when = to_datetime(at, self.zone, what="at") if at is not None else case.updated_at
        out = []
        if role is None and self.require_role:
            role = ""  # no role may fire role-restricted triggers
        for trigger in self.from_state.get(case.state, ()):
            ctx = GuardContext(
                case=case,
                trigger=trigger,
                at=when,
                actor=None,
                role=role,
                data=case.data,
                calendar=self.day_calendar,
            )
            for c in self.table[(case.state, trigger)]:
                if role is not None and c.roles is not None and role not in c.roles:
                    continue
                if (c.check is None or c.check(ctx)) and (
                    trigger not in self.limited or self.limit_reached(ctx) is None
                ):
                    out.append(trigger)
                    break
        return tuple(out)

    def check_history(
        self,
        case_id: str,
        history: Sequence[Event],
        *,
        start: int = 0,
        stop: int | None = None,
        withheld: object = None,
    ) -> HistoryCheck:
        """Check a replayed history's events as live firings would have been checked.

        Field values, roles, declarative guards and extension limits, on the
        data as it was at each event; steps that depend on a registered guard
        are counted as unchecked, never run. See ``caseflow.engine.checking``.
        """
        return checker_of(self).check(case_id, history, start=start, stop=stop, withheld=withheld)

    # -- input checks ------------------------------------------------------------

    def _check_case(self, case: Case) -> None:
        if not isinstance(case, Case):
            raise InputError(_("expected a Case, not {kind}").format(kind=type(case).__name__))
        if case.workflow != self.spec.name or case.version != self.spec.version:
            raise InputError(
                _(
                    "case {id!r} belongs to workflow {workflow!r} version "
                    "{version!r}, not {name!r} version {version2!r}"
                ).format(
                    id=case.id,
                    workflow=case.workflow,
                    version=case.version,
                    name=self.spec.name,
                    version2=self.spec.version,
                )
            )

    def _check_role(self, role: str | None) -> None:
        if role is None:
            return
        try:
            if role in self.roles:
                return
        except TypeError:  # unhashable: not a role, said below
            pass
        _check_text("role", role)
        roles = [r.name for r in self.spec.roles]
        if role not in roles:
            raise InputError(
                _(
                    "unknown role {role!r} for workflow {name!r}{value}; known roles: {value2}"
                ).format(
                    role=role,
                    name=self.spec.name,
                    value=did_you_mean(role, roles),
                    value2=", ".join(roles) or "none",
                )
            )

    def _check_time(self, case: Case, trigger: str, at: Any) -> dt.datetime:
        when = to_datetime(at, self.zone, what="at")
        last = case.history[-1].at if case.history else None
        if last is not None and when < last:
            raise TransitionNotAllowed(
                _(
                    "trigger {trigger!r} at {when} is earlier than the case's "
                    "last event ({trigger2!r} at {last}); events are recorded in "
                    "time order"
                ).format(
                    trigger=trigger,
                    when=when.isoformat(),
                    trigger2=case.history[-1].trigger,
                    last=last.isoformat(),
                ),
                case_id=case.id,
                state=case.state,
                trigger=trigger,
            )
        return when


def _decided(engine: CompiledWorkflow) -> dict[tuple[str, str], str]:
    """The steps whose outcome nothing can change: (state, trigger) -> destination.

    A step is decided when its (state, trigger) has one transition, with no
    guard, no role restriction and no extension limit, and the machine
    would run nothing but the change of state (a plain ``transitions``
    ``Machine`` with no callbacks anywhere). ``fire`` takes such a step
    without the machine: measured, the machine's trigger is four fifths of a
    fire on a workflow with no roles and no guards (benchmarks/RESULTS.md).
    Any other step, and every step of a machine that has callbacks or
    nested states, goes through the machine as before.
    """
    machine = engine.machine
    if type(machine) is not Machine or any(
        getattr(machine, name, None)
        for name in (
            "before_state_change",
            "after_state_change",
            "prepare_event",
            "finalize_event",
            "on_exception",
            "on_final",
        )
    ):
        return {}
    if any(
        s.on_enter or s.on_exit or getattr(s, "on_final", None) for s in machine.states.values()
    ):
        return {}
    out: dict[tuple[str, str], str] = {}
    for (state, trigger), group in engine.table.items():
        if len(group) != 1 or group[0].check is not None or group[0].roles is not None:
            continue
        if trigger in engine.limited:
            continue
        found = machine.events[trigger].transitions.get(state, [])
        if len(found) != 1:
            continue
        t = found[0]
        if t.conditions or t.prepare or t.before or t.after or t.dest != group[0].spec.dest:
            continue
        out[(state, trigger)] = t.dest
    return out


def _check_text(name: str, value: object, *, optional: bool = True) -> None:
    """``value`` is text (or None, when ``optional``), else an ``InputError`` naming ``name``."""
    if isinstance(value, str) or (optional and value is None):
        return
    allowed = "text or None" if optional else "text"
    raise InputError(
        _("{name} must be {allowed}, not {kind} {value}").format(
            name=name, allowed=allowed, kind=type(value).__name__, value=reprlib.repr(value)
        )
    )


def _nfc(text: str | None) -> str | None:
    """Text as a case keeps it (NFC); None stays None, and a non-text is left to be refused."""
    return nfc(text) if isinstance(text, str) else text

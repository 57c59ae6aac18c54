"""Checking a recorded history as a live fire would have checked each step.

This module owns the validating pass over a history that replay has
already accepted as a legal sequence of steps: for each event it checks
what ``Engine.start``, ``fire`` and ``update`` check live, on the data as
it was at that event: the recorded changes against the declared fields
(type, choices, declared names, required at start), the recorded role
against the workflow's roles, and the guards and extension limits of the
step, which must have let a live fire take it to the recorded destination.

A registered guard is the app's Python code and may consult the world as
it is now, not as it was then, so it is never run here: a step whose
outcome depends on one is counted in ``HistoryCheck.unchecked``. Every
problem is collected, none raised; the caller decides (``replay(...,
check=True)`` raises the first, the store's import reports them all).

Replay itself (``caseflow.engine.replay``) stays guard-free and fast; the
tables and conditions are compiled by ``caseflow.engine.compiling``, the
words of a refused guard are ``caseflow.engine.refusals``'.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from caseflow.case import EMPTY, START, Case, Event
from caseflow.conditions import GuardContext
from caseflow.engine.compiling import UPDATE, CompiledTransition, CompiledWorkflow
from caseflow.engine.refusals import refusal
from caseflow.errors import HistoryError, InputError
from caseflow.i18n import _

__all__ = ["HistoryCheck", "HistoryChecker", "checker_of"]

MIGRATE = "migrate"
"""The store's migration event: it has no transition, its changes are checked."""
_NOT_STEPS = frozenset({START, UPDATE, MIGRATE})
_GOOD_VALUES = 100_000
"""How many valid (field, value) pairs a checker remembers before it starts again."""


@attrs.frozen(kw_only=True)
class HistoryCheck:
    """What checking a history found: every ``problems`` (each a ``HistoryError``
    naming its event) and how many steps were ``unchecked`` because their
    outcome depends on a registered guard, which cannot be re-run."""

    problems: tuple[HistoryError, ...] = ()
    unchecked: int = 0

    def __bool__(self) -> bool:
        """True when no problem was found."""
        return not self.problems


class _Unknowable(Exception):
    """A registered guard was reached: the step's outcome cannot be re-checked."""


def _unknowable(ctx: GuardContext) -> bool:
    raise _Unknowable


class HistoryChecker:
    """Checks histories of one compiled workflow, its registered guards replaced by stubs."""

    def __init__(self, engine: CompiledWorkflow) -> None:
        registered = {g.name: _unknowable for g in engine.spec.guards if g.condition is None}
        # The same compilation as the live engine's, with every registered
        # guard answering "cannot tell" instead of running the app's code.
        self.engine = CompiledWorkflow(
            engine.spec,
            guards=registered,
            require_role=engine.require_role,
            calendar=engine.day_calendar,
        )
        compiled = self.engine
        self.check_data = compiled.check_data
        # (field, type, value) found valid: across the cases of an import the
        # same choices and session dates recur, and need checking only once.
        self.good: set[tuple[str, type, Any]] = set()
        self.confidential = frozenset(f.name for f in compiled.spec.fields if f.confidential)
        # Steps whose outcome no data can change (one transition, no guard, no
        # limit): replay has already checked their destination and role.
        self.decided = frozenset(
            key
            for key, group in compiled.table.items()
            if len(group) == 1 and group[0].check is None and key[1] not in compiled.limited
        )

    def check(
        self,
        case_id: str,
        history: Sequence[Event],
        *,
        start: int = 0,
        stop: int | None = None,
        withheld: object = None,
    ) -> HistoryCheck:
        """Check ``history[start:stop]``, on the data the events before each left.

        The history must already have replayed (each event a legal step from
        the previous one's state); event 0 is checked as a ``start``, a
        ``migrate`` event for its changes only. ``withheld`` is the
        placeholder a redacted export shows for a confidential value: such a
        value is not checked, and a guard that fails on it counts as unchecked.
        """
        stop = len(history) if stop is None else stop
        data: dict[str, Any] = {}
        for event in history[:start]:
            if event.changes:
                data.update(event.changes)
        problems: list[HistoryError] = []
        unchecked = 0
        decided, roles, good = self.decided, self.engine.roles, self.good
        for index in range(start, stop):
            event = history[index]
            trigger, changes = event.trigger, event.changes
            if changes or index == 0 or trigger == UPDATE:
                # The hot path: values already seen to be valid need no second look.
                try:
                    known = (
                        index > 0
                        and bool(changes)
                        and all((k, v.__class__, v) in good for k, v in changes.items())
                    )
                except TypeError:  # a list or a mapping: not hashable, checked below
                    known = False
                if not known:
                    for message in self._data_problems(event, index, withheld):
                        problems.append(HistoryError(message, case_id=case_id, index=index))
            role = event.role
            if role is not None and role not in roles and trigger != MIGRATE:
                names = ", ".join(r.name for r in self.engine.spec.roles) or "none"
                problems.append(
                    HistoryError(
                        _(
                            "role {role!r} is not a role of workflow {name!r}; known roles: {names}"
                        ).format(role=role, name=self.engine.spec.name, names=names),
                        case_id=case_id,
                        index=index,
                    )
                )
            if index and trigger not in _NOT_STEPS and (event.source, trigger) not in decided:
                found = self._step(case_id, history, index, data)
                if found and withheld is not None and self._withholds(data, event, withheld):
                    found = None
                if found is None:
                    unchecked += 1
                elif found:
                    problems.append(HistoryError(found, case_id=case_id, index=index))
            if changes:
                data.update(changes)
        return HistoryCheck(problems=tuple(problems), unchecked=unchecked)

    def _withholds(self, data: dict[str, Any], event: Event, withheld: object) -> bool:
        fields = self.engine.fields
        return any(
            value == withheld and key in fields and fields[key].confidential
            for values in (data, event.changes)
            for key, value in values.items()
        )

    def _data_problems(self, event: Event, index: int, withheld: object) -> list[str]:
        changes = event.changes
        if event.trigger == UPDATE and not changes:
            return ["an update event must change data; it records no changes"]
        if not changes and index:
            return []
        fields = self.engine.fields
        if withheld is not None:
            changes = {
                k: v
                for k, v in changes.items()
                if not (v == withheld and k in fields and fields[k].confidential)
            }
        starting = index == 0
        out: list[str] = []
        if starting and changes is not event.changes:
            # A withheld value is there, just not shown: it counts as given.
            spec = self.engine.spec
            missing = [
                f.name for f in spec.fields if f.required and event.changes.get(f.name) is None
            ]
            if missing:
                out.append(
                    f"workflow {spec.name!r} needs these fields when a case starts: "
                    f"{', '.join(missing)}"
                )
            starting = False
        try:
            values = self.check_data(changes, starting=starting)
        except InputError as err:
            return [*out, str(err)]
        if values == changes:
            if not out:
                self._remember(changes)
            return out
        for key, value in values.items():
            given = changes[key]
            field = fields.get(key)
            if field is None or (value == given and type(value) is type(given)):
                continue
            if field.confidential:
                out.append(
                    f"field {key!r} (confidential) is not written as a live fire records "
                    f"a {field.type}; the value is not shown"
                )
            else:
                out.append(
                    f"field {key!r} is {given!r}, not written as a live fire records a "
                    f"{field.type}: {value!r}"
                )
        return out

    def _remember(self, values: Mapping[str, Any]) -> None:
        good = self.good
        if len(good) > _GOOD_VALUES:
            good.clear()
        secret = self.confidential
        for key, value in values.items():
            if key not in secret and (value is None or isinstance(value, (str, int, float))):
                good.add((key, value.__class__, value))

    def _step(
        self, case_id: str, history: Sequence[Event], index: int, data: dict[str, Any]
    ) -> str | None:
        """Why a live fire would not have taken this step: '' if it would, None if unknown."""
        event = history[index]
        engine = self.engine
        group = engine.table[(event.source or "", event.trigger)]
        changes = event.changes or EMPTY
        # The case as it stood before the event: extension limits count its history.
        past = history[:index] if event.trigger in engine.limited else history[:1]
        before = Case(
            id=case_id,
            workflow=engine.spec.name,
            version=engine.spec.version,
            state=event.source or "",
            data=data,
            history=tuple(past),
        )
        ctx = GuardContext(
            case=before,
            trigger=event.trigger,
            at=event.at,
            actor=event.actor,
            role=event.role,
            data={**data, **changes} if changes else data,
            note=event.note,
            changes=changes,
            state=before.state,
            calendar=engine.day_calendar,
        )
        try:
            chosen = self._chosen(group, ctx)
        except _Unknowable:
            return None
        went = engine.dest_of(before.state, event.trigger, chosen) if chosen is not None else None
        if went is not None and went == event.dest:
            return ""
        if went is not None:
            return (
                f"{event.trigger!r} was recorded going to {event.dest!r}, but on the data as "
                f"it was then a live fire goes to {went!r}"
            )
        try:
            reason = refusal(engine, before, event.trigger, ctx, group).reason
        except _Unknowable:  # pragma: no cover - the same conditions were just evaluated
            return None
        return f"the step was not allowed by the data as it was then: {reason}"

    def _chosen(
        self, group: tuple[CompiledTransition, ...], ctx: GuardContext
    ) -> CompiledTransition | None:
        """The transition a live fire takes: the first whose role, guard and limit pass."""
        engine = self.engine
        role = ctx.role
        for c in group:
            if (
                c.roles is not None
                and role not in c.roles
                and (role is not None or engine.require_role)
            ):
                continue
            if c.check is not None and not c.check(ctx):
                continue
            if ctx.trigger in engine.limited and engine.limit_reached(ctx) is not None:
                continue
            return c
        return None


def checker_of(engine: CompiledWorkflow) -> HistoryChecker:
    """The history checker of ``engine``, compiled once, on first use."""
    found = engine.history_checker
    if not isinstance(found, HistoryChecker):
        found = HistoryChecker(engine)
        engine.history_checker = found
    return found

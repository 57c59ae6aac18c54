"""The ``Workflow`` facade that ``load_workflow`` returns.

This module owns the public face of a loaded workflow: it composes the
definition, the engine, the calendar and the deadline evaluator (and, as
later parts land, sessions), and forwards to them. It holds no logic of its
own, and nothing below it imports it.
"""

from __future__ import annotations

import datetime as dt
import reprlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from caseflow.calendars import WorkingCalendar
from caseflow.calendars import calendar as get_calendar
from caseflow.case import Case, Event
from caseflow.charts import JOIN, chart_of
from caseflow.conditions import RegisteredGuard
from caseflow.deadlines import Deadline, DeadlineEvaluator
from caseflow.deadlines.bulk import evaluate_many
from caseflow.definition import Label, WorkflowSpec
from caseflow.engine import Engine, Hook
from caseflow.engine.awaiting import AsyncGuard, AsyncHook, afire, wire
from caseflow.errors import InputError, did_you_mean
from caseflow.i18n import _
from caseflow.loading import dump_workflow, read_workflow, workflow_source
from caseflow.times import to_datetime

__all__ = ["Workflow", "load_workflow", "shipped_workflow"]

_SHIPPED = Path(__file__).parent / "workflows"

AnyHook = Hook | AsyncHook
"""A hook ``hook(case, event)``, sync or ``async def``."""


def shipped_workflow(name: str) -> Path:
    """The path of a workflow shipped with caseflow, e.g. ``"citizen_reception"``."""
    if not isinstance(name, str):
        raise InputError(
            _("name must be the name of a shipped workflow, not {kind}").format(
                kind=type(name).__name__
            )
        )
    path = _SHIPPED / f"{name}.yaml"
    if not path.is_file():
        names = sorted(p.stem for p in _SHIPPED.glob("*.yaml"))
        raise InputError(
            _("no shipped workflow {name!r}{value}; shipped: {value2}").format(
                name=name, value=did_you_mean(name, names), value2=", ".join(names)
            )
        )
    return path


class _Days:
    """The workflow's working days for guards, its calendar loaded on first use."""

    __slots__ = ("_workflow",)

    def __init__(self, workflow: Workflow) -> None:
        self._workflow = workflow

    def is_working_day(self, day: dt.date) -> bool:
        return self._workflow.calendar.is_working_day(day)


class Workflow:
    """A loaded workflow: start cases, fire triggers, ask what may happen.

    Build one with ``load_workflow``; it is safe to share between threads
    that work on different cases, and it keeps no reference to any case.
    """

    def __init__(
        self,
        spec: WorkflowSpec,
        *,
        guards: Mapping[str, RegisteredGuard | AsyncGuard] | None = None,
        on_enter: Mapping[str, AnyHook | Iterable[AnyHook]] | None = None,
        on_exit: Mapping[str, AnyHook | Iterable[AnyHook]] | None = None,
        require_role: bool = False,
    ) -> None:
        _check_wiring_types(guards, on_enter, on_exit)
        self.spec = spec
        # Async guards and hooks reach the engine wrapped (engine.awaiting).
        self._wiring = wire(guards, on_enter, on_exit)
        self._guards = dict(self._wiring.guards)
        self._engine = Engine(
            spec,
            guards=self._guards,
            on_enter=self._wiring.on_enter,
            on_exit=self._wiring.on_exit,
            require_role=require_role,
            calendar=_Days(self),
        )
        self._calendar: WorkingCalendar | None = None
        self._evaluators: dict[int, DeadlineEvaluator] = {}
        # Bound methods looked up once: fire() is a hot path.
        self.start = self._engine.start
        self.fire = self._engine.fire
        self.update = self._engine.update
        self.allowed = self._engine.allowed
        self.replay = self._engine.replay
        self.check_history = self._engine.check_history

    async def afire(
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
        """``fire`` for asyncio apps: async registered guards and hooks are awaited.

        Same arguments, result and errors as ``fire`` (``TransitionNotAllowed``
        naming the failed guard or role; the case unchanged when a guard
        refuses or a hook raises). Sync guards and hooks work too; hooks run
        in ``fire``'s order (exit hooks, the step, enter hooks). Each async
        guard is awaited at most once, on the firing's ``GuardContext``.
        ``at`` is the app's time: the library never reads the clock.
        """
        return await afire(
            self._engine.fire,
            self._wiring,
            case,
            trigger,
            at=at,
            actor=actor,
            role=role,
            note=note,
            data=data,
        )

    @property
    def name(self) -> str:
        """The workflow's name."""
        return self.spec.name

    @property
    def version(self) -> str:
        """The workflow's version; a case keeps the version it started under."""
        return self.spec.version

    @property
    def initial(self) -> str:
        """The initial state's name."""
        return self.spec.initial

    @property
    def states(self) -> tuple[str, ...]:
        """Every state's name, in file order.

        A nested workflow's are the configurations a case can be in
        (``screened.proposed``, regions joined by ``|``; docs/statecharts.md).
        """
        return self._engine.states

    @property
    def triggers(self) -> tuple[str, ...]:
        """Every trigger's name, in file order."""
        return self._engine.triggers

    @property
    def final_states(self) -> frozenset[str]:
        """The names of the final states."""
        return self._engine.final_states

    @property
    def calendar(self) -> WorkingCalendar:
        """The working calendar the workflow names (``calendar:``), loaded on first use.

        A relative calendar path is read relative to the workflow file.
        """
        if self._calendar is None:
            name = self.spec.calendar
            if name.endswith((".yaml", ".yml")) and self.spec.file not in ("<string>", ""):
                path = Path(name)
                if not path.is_absolute():
                    name = str(Path(self.spec.file).parent / path)
            self._calendar = get_calendar(name)
        return self._calendar

    def deadlines(
        self, case: Case, *, now: Any, calendar: WorkingCalendar | None = None
    ) -> tuple[Deadline, ...]:
        """Every deadline whose clock has started for ``case``, as of ``now``.

        Each has ``.name .due .status .explain()``; ``status`` is one of
        ``pending``, ``met``, ``overdue``, ``paused``. ``calendar`` replaces
        the workflow's own calendar for this call.
        """
        evaluator = self._evaluator(calendar)
        if not isinstance(case, Case):
            raise InputError(_("case must be a Case, not {kind}").format(kind=type(case).__name__))
        when = to_datetime(now, self._engine.zone, what="now")
        try:
            return evaluator.evaluate(case, when)
        except OverflowError:
            # A due date past 9999-12-31 (or a start near it): nothing to count to.
            raise InputError(
                _(
                    "case {id!r}: a deadline of it falls after {max}, the last "
                    "day caseflow can count to"
                ).format(id=case.id, max=dt.date.max.isoformat())
            ) from None

    def deadlines_many(
        self,
        cases: Iterable[Case],
        *,
        now: Any,
        calendar: WorkingCalendar | None = None,
    ) -> list[tuple[Deadline, ...]]:
        """``wf.deadlines(case, now=now)`` for every case, in order, in one pass.

        The same ``Deadline`` values as one call per case (a property test
        holds them equal), computed for a caseload at once: the day
        arithmetic (working days per the calendar, calendar days, rolls off
        days off) is done once per rule and anchor day, not once per case.
        ``now`` is one moment for every case (a datetime, naive meaning the
        workflow's zone, or ISO 8601 text), or a list or tuple of moments,
        one per case (the store's deadline index takes each case as of its
        last event). Raises ``InputError`` for an item that is not a
        ``Case``, a ``now`` that is not a time or not one per case, or a due
        date past 9999-12-31.
        """
        evaluator = self._evaluator(calendar)
        if isinstance(cases, (Case, str, bytes)) or not isinstance(cases, Iterable):
            raise InputError(
                _("cases must be an iterable of Case, not {kind}").format(kind=type(cases).__name__)
            )
        items = list(cases)
        for index, case in enumerate(items):
            if not isinstance(case, Case):
                raise InputError(
                    _("cases[{index}] must be a Case, not {kind}").format(
                        index=index, kind=type(case).__name__
                    )
                )
        zone = self._engine.zone
        if isinstance(now, (list, tuple)):
            if len(now) != len(items):
                raise InputError(
                    _("now holds {given} times for {count} cases; give one time per case").format(
                        given=len(now), count=len(items)
                    )
                )
            pairs = [
                (case, to_datetime(at, zone, what=f"now[{i}]"))
                for i, (case, at) in enumerate(zip(items, now, strict=True))
            ]
        else:
            when = to_datetime(now, zone, what="now")
            pairs = [(case, when) for case in items]
        try:
            return evaluate_many(evaluator, pairs)
        except OverflowError:
            raise InputError(
                _(
                    "a deadline of one of the cases falls after {last}, "
                    "the last day caseflow can count to"
                ).format(last=dt.date.max.isoformat())
            ) from None

    def _evaluator(self, calendar: WorkingCalendar | None) -> DeadlineEvaluator:
        """The deadline evaluator of ``calendar`` (the workflow's own when None), made once."""
        cal = calendar if calendar is not None else self.calendar
        if not isinstance(cal, WorkingCalendar):
            raise InputError(
                _("calendar must be a WorkingCalendar (caseflow.calendar(...)), not {kind}").format(
                    kind=type(cal).__name__
                )
            )
        evaluator = self._evaluators.get(id(cal))
        if evaluator is None:
            evaluator = DeadlineEvaluator(self.spec, cal, self._engine.zone, self._guards)
            self._evaluators[id(cal)] = evaluator
        return evaluator

    def triggers_from(self, state: str) -> tuple[str, ...]:
        """Every trigger defined from ``state``, guards not checked."""
        return self._engine.triggers_from(state)

    def label(self, state: str, lang: str = "en") -> str:
        """A state's label in ``lang`` ("vi" or "en"), or its name.

        In a nested workflow ``state`` is a path or a configuration; a
        configuration's regions' labels are joined by `` | ``.
        """
        if self.spec.nested and isinstance(state, str):
            chart = chart_of(self.spec)
            parts = state.split(JOIN)
            if all(p in chart.nodes for p in parts):
                return " | ".join(_label_text(chart.nodes[p].state.label, p, lang) for p in parts)
        if not isinstance(state, str) or state not in self.states:
            raise InputError(
                _(
                    "state {value} is not a state of workflow {name!r}{value2}; states: {value3}"
                ).format(
                    value=reprlib.repr(state),
                    name=self.name,
                    value2=did_you_mean(state, self.states) if isinstance(state, str) else "",
                    value3=", ".join(self.states),
                )
            )
        label = self.spec.state(state).label
        return label.get(lang) if label is not None else state

    def dump(self) -> str:
        """The definition as YAML text that loads back equal."""
        return dump_workflow(self.spec)

    def __repr__(self) -> str:
        return f"<Workflow {self.name!r} version {self.version!r}: {len(self.states)} states>"


def load_workflow(
    source: str | bytes | Path,
    *,
    guards: Mapping[str, RegisteredGuard | AsyncGuard] | None = None,
    on_enter: Mapping[str, AnyHook | Iterable[AnyHook]] | None = None,
    on_exit: Mapping[str, AnyHook | Iterable[AnyHook]] | None = None,
    require_role: bool = False,
    filename: str | None = None,
) -> Workflow:
    """Load a workflow from a file (a ``pathlib.Path``) or from YAML text (``str`` or ``bytes``).

    A ``str`` that names an existing file is still read as that file, with a
    ``DeprecationWarning``; ``caseflow.shipped_workflow(name)`` gives a Path.

    ``guards`` maps names the workflow declares ``registered: true`` to
    Python functions of a ``GuardContext``; ``on_enter``/``on_exit`` map
    state names to hooks ``hook(case, event)``. Guards and hooks may be
    ``async def``: then fire with ``await wf.afire(...)`` (``fire`` refuses
    them with a ``ConfigurationError``). With ``require_role=True``,
    a trigger restricted to roles refuses a fire that names no role. Raises
    ``DefinitionError`` with every problem of the file at once.
    """
    if filename is not None and not isinstance(filename, str):
        raise InputError(
            _("filename must be text or None, not {kind}").format(kind=type(filename).__name__)
        )
    spec = read_workflow(workflow_source(source, stacklevel=2), filename=filename)
    return Workflow(
        spec, guards=guards, on_enter=on_enter, on_exit=on_exit, require_role=require_role
    )


def _check_wiring_types(guards: object, on_enter: object, on_exit: object) -> None:
    """The app's guards and hooks are mappings of names to functions, else ``InputError``."""
    for name, table in (("guards", guards), ("on_enter", on_enter), ("on_exit", on_exit)):
        if table is None:
            continue
        if not isinstance(table, Mapping):
            raise InputError(
                _("{name} must be a mapping of names to functions, not {kind}").format(
                    name=name, kind=type(table).__name__
                )
            )
        for key, value in table.items():
            fns = (value,) if callable(value) or name == "guards" else value
            if not isinstance(key, str) or (
                (name != "guards" and not isinstance(fns, Iterable)) or isinstance(fns, str)
            ):
                raise InputError(
                    _("{name}: {value} must map a name to a function{value2}, not {kind}").format(
                        name=name,
                        value=reprlib.repr(key),
                        value2="" if name == "guards" else " or a list of functions",
                        kind=type(value).__name__,
                    )
                )
            if not all(callable(fn) for fn in fns):
                raise InputError(
                    _("{name}[{key!r}] must be callable, not {kind}").format(
                        name=name, key=key, kind=type(value).__name__
                    )
                )


# Re-exported for type hints in user code.
_REEXPORTED = (Case, Event)


def _label_text(label: Label | None, fallback: str, lang: str) -> str:
    return label.get(lang) if label is not None else fallback

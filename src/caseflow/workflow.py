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
from caseflow.definition import Label, WorkflowSpec
from caseflow.engine import Engine, Hook
from caseflow.errors import InputError, did_you_mean
from caseflow.loading import dump_workflow, read_workflow, workflow_source
from caseflow.times import to_datetime

__all__ = ["Workflow", "load_workflow", "shipped_workflow"]

_SHIPPED = Path(__file__).parent / "workflows"


def shipped_workflow(name: str) -> Path:
    """The path of a workflow shipped with caseflow, e.g. ``"citizen_reception"``."""
    if not isinstance(name, str):
        raise InputError(f"name must be the name of a shipped workflow, not {type(name).__name__}")
    path = _SHIPPED / f"{name}.yaml"
    if not path.is_file():
        names = sorted(p.stem for p in _SHIPPED.glob("*.yaml"))
        raise InputError(
            f"no shipped workflow {name!r}{did_you_mean(name, names)}; shipped: {', '.join(names)}"
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
        guards: Mapping[str, RegisteredGuard] | None = None,
        on_enter: Mapping[str, Hook | Iterable[Hook]] | None = None,
        on_exit: Mapping[str, Hook | Iterable[Hook]] | None = None,
        require_role: bool = False,
    ) -> None:
        _check_wiring_types(guards, on_enter, on_exit)
        self.spec = spec
        self._guards = dict(guards or {})
        self._engine = Engine(
            spec,
            guards=guards,
            on_enter=on_enter,
            on_exit=on_exit,
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
        cal = calendar if calendar is not None else self.calendar
        if not isinstance(cal, WorkingCalendar):
            raise InputError(
                f"calendar must be a WorkingCalendar (caseflow.calendar(...)), "
                f"not {type(cal).__name__}"
            )
        evaluator = self._evaluators.get(id(cal))
        if evaluator is None:
            evaluator = DeadlineEvaluator(self.spec, cal, self._engine.zone, self._guards)
            self._evaluators[id(cal)] = evaluator
        if not isinstance(case, Case):
            raise InputError(f"case must be a Case, not {type(case).__name__}")
        when = to_datetime(now, self._engine.zone, what="now")
        try:
            return evaluator.evaluate(case, when)
        except OverflowError:
            # A due date past 9999-12-31 (or a start near it): nothing to count to.
            raise InputError(
                f"case {case.id!r}: a deadline of it falls after {dt.date.max.isoformat()}, "
                "the last day caseflow can count to"
            ) from None

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
                f"state {reprlib.repr(state)} is not a state of workflow {self.name!r}"
                f"{did_you_mean(state, self.states) if isinstance(state, str) else ''}; "
                f"states: {', '.join(self.states)}"
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
    guards: Mapping[str, RegisteredGuard] | None = None,
    on_enter: Mapping[str, Hook | Iterable[Hook]] | None = None,
    on_exit: Mapping[str, Hook | Iterable[Hook]] | None = None,
    require_role: bool = False,
    filename: str | None = None,
) -> Workflow:
    """Load a workflow from a file (a ``pathlib.Path``) or from YAML text (``str`` or ``bytes``).

    A ``str`` that names an existing file is still read as that file, with a
    ``DeprecationWarning``; ``caseflow.shipped_workflow(name)`` gives a Path.

    ``guards`` maps names the workflow declares ``registered: true`` to
    Python functions of a ``GuardContext``; ``on_enter``/``on_exit`` map
    state names to hooks ``hook(case, event)``. With ``require_role=True``,
    a trigger restricted to roles refuses a fire that names no role. Raises
    ``DefinitionError`` with every problem of the file at once.
    """
    if filename is not None and not isinstance(filename, str):
        raise InputError(f"filename must be text or None, not {type(filename).__name__}")
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
                f"{name} must be a mapping of names to functions, not {type(table).__name__}"
            )
        for key, value in table.items():
            fns = (value,) if callable(value) or name == "guards" else value
            if not isinstance(key, str) or (
                (name != "guards" and not isinstance(fns, Iterable)) or isinstance(fns, str)
            ):
                raise InputError(
                    f"{name}: {reprlib.repr(key)} must map a name to a function"
                    f"{'' if name == 'guards' else ' or a list of functions'}, "
                    f"not {type(value).__name__}"
                )
            if not all(callable(fn) for fn in fns):
                raise InputError(f"{name}[{key!r}] must be callable, not {type(value).__name__}")


# Re-exported for type hints in user code.
_ = (Case, Event)


def _label_text(label: Label | None, fallback: str, lang: str) -> str:
    return label.get(lang) if label is not None else fallback

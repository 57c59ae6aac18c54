"""Rebuilding a stored case from its events, across workflow versions.

This module owns the meaning of a stored history: the events before a
``migrate`` event are a run of the old workflow version, those after it a
run of the new one, starting in the state the migration mapped the case to.
The first segment is replayed by the workflow itself (``Workflow.replay``);
the later ones, which do not begin with ``start``, are folded here over the
new version's transition table, with the same checks the engine's replay
makes (time order, the recorded source, a legal destination, the recorded
role). ``check_versions`` runs the engine's validating pass (field values,
roles, declarative guards, as a live fire would) over each run under its
own version, for an import. Decoding rows is ``rows``'; finding the
workflow of each version is ``definitions``'.

It also holds ``WorkflowLike``, the part of ``caseflow.Workflow`` the store
uses, so that the store does not import the ``workflow`` module (which sits
above it), and ``StoredWorkflow``, a workflow rebuilt from the YAML a store
keeps, used when the app has not passed the Workflow object itself.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Protocol

from caseflow.calendars import WorkingCalendar
from caseflow.calendars import calendar as get_calendar
from caseflow.case import START, Case, Event
from caseflow.charts import chart_of
from caseflow.deadlines import Deadline, DeadlineEvaluator
from caseflow.deadlines.bulk import evaluate_many
from caseflow.definition import WorkflowSpec
from caseflow.engine import UPDATE, Engine, HistoryCheck
from caseflow.errors import HistoryError
from caseflow.i18n import _
from caseflow.times import to_datetime

__all__ = [
    "MIGRATE",
    "REVEAL",
    "StoredWorkflow",
    "WorkflowLike",
    "check_versions",
    "fold",
    "replay_versions",
]

MIGRATE = "migrate"
"""The trigger of the event ``Store.migrate`` records."""
REVEAL = "reveal"
"""Reserved: reveals are audit records, never events of a history."""


class WorkflowLike(Protocol):
    """What the store needs of a workflow: ``caseflow.Workflow`` has all of it."""

    spec: WorkflowSpec

    @property
    def name(self) -> str: ...

    @property
    def version(self) -> str: ...

    def replay(self, case_id: str, events: Iterable[Event | Mapping[str, Any]]) -> Case: ...

    def check_history(
        self,
        case_id: str,
        history: Sequence[Event],
        *,
        start: int = 0,
        stop: int | None = None,
        withheld: object = None,
    ) -> HistoryCheck: ...

    def deadlines(self, case: Case, *, now: Any) -> tuple[Deadline, ...]: ...

    def deadlines_many(self, cases: Iterable[Case], *, now: Any) -> list[tuple[Deadline, ...]]: ...


class StoredWorkflow:
    """A workflow rebuilt from a stored definition: replay and deadlines, no app wiring.

    It has no registered guards and no hooks, and a calendar given by file
    path cannot be found (it was relative to the workflow file); for those,
    the app passes its own ``Workflow``.
    """

    def __init__(self, spec: WorkflowSpec) -> None:
        self.spec = spec
        self._engine = Engine(spec)
        self._evaluator: DeadlineEvaluator | None = None
        self.replay = self._engine.replay
        self.check_history = self._engine.check_history

    @property
    def name(self) -> str:
        """The workflow's name."""
        return self.spec.name

    @property
    def version(self) -> str:
        """The workflow's version."""
        return self.spec.version

    def deadlines(self, case: Case, *, now: Any) -> tuple[Deadline, ...]:
        """The case's deadlines as of ``now``, under the workflow's own calendar."""
        return self._deadline_evaluator().evaluate(
            case, to_datetime(now, self._engine.zone, what="now")
        )

    def deadlines_many(self, cases: Iterable[Case], *, now: Any) -> list[tuple[Deadline, ...]]:
        """``deadlines`` of each case in one pass; ``now`` one time, or one per case."""
        items = list(cases)
        zone = self._engine.zone
        nows = now if isinstance(now, (list, tuple)) else [now] * len(items)
        pairs = [
            (case, to_datetime(at, zone, what="now")) for case, at in zip(items, nows, strict=True)
        ]
        return evaluate_many(self._deadline_evaluator(), pairs)

    def _deadline_evaluator(self) -> DeadlineEvaluator:
        if self._evaluator is None:
            cal: WorkingCalendar = get_calendar(self.spec.calendar)
            self._evaluator = DeadlineEvaluator(self.spec, cal, self._engine.zone, {})
        return self._evaluator


Table = dict[tuple[str, str], dict[str, frozenset[str] | None]]


def transition_table(spec: WorkflowSpec) -> Table:
    """``(source, trigger) -> {dest: roles allowed, or None for any}``.

    A nested workflow's sources and destinations are its configurations
    (``caseflow.charts``).
    """
    table: Table = {}
    if spec.nested:
        for key, steps in chart_of(spec).edges.items():
            for t, dest in steps:
                _allow(table.setdefault(key, {}), dest, frozenset(t.roles) if t.roles else None)
        return table
    for t in spec.transitions:
        roles = frozenset(t.roles) if t.roles else None
        for src in t.sources:
            dests = table.setdefault((src, t.trigger), {})
            if t.dest in dests and (dests[t.dest] is None or roles is None):
                dests[t.dest] = None
            elif t.dest in dests:
                existing = dests[t.dest]
                assert existing is not None
                assert roles is not None
                dests[t.dest] = existing | roles
            else:
                dests[t.dest] = roles
    return table


def _allow(
    dests: dict[str, frozenset[str] | None], dest: str, roles: frozenset[str] | None
) -> None:
    """Two transitions reaching ``dest``: the roles of either may."""
    if dest not in dests:
        dests[dest] = roles
    elif dests[dest] is not None:
        dests[dest] = None if roles is None else dests[dest] | roles  # type: ignore[operator]


def fold(
    spec: WorkflowSpec,
    table: Table,
    case_id: str,
    state: str,
    last: dt.datetime,
    events: Sequence[Event],
    first_index: int,
) -> str:
    """Check ``events`` as legal steps of ``spec`` from ``state``; the state they end in.

    ``first_index`` is the index of ``events[0]`` in the whole history, so
    that a ``HistoryError`` names the event as the store numbers it.
    """
    states = set(chart_of(spec).configurations) if spec.nested else {s.name for s in spec.states}
    for offset, event in enumerate(events):
        index = first_index + offset

        def bad(message: str, index: int = index) -> HistoryError:
            return HistoryError(message, case_id=case_id, index=index)

        if event.at < last:
            raise bad(
                _("event time {at} is earlier than the previous event's {last}").format(
                    at=event.at.isoformat(), last=last.isoformat()
                )
            )
        last = event.at
        if event.source != state:
            raise bad(
                _(
                    "event {trigger!r} says the case left {source!r}, but it was in {state!r}"
                ).format(trigger=event.trigger, source=event.source, state=state)
            )
        if event.trigger == UPDATE:
            if event.dest != state:
                raise bad(
                    _("an update event must stay in {state!r}, not move to {dest!r}").format(
                        state=state, dest=event.dest
                    )
                )
            continue
        if event.trigger in (START, MIGRATE, REVEAL):
            raise bad(
                _(
                    "a {trigger!r} event cannot follow other events here; the store records "
                    "'migrate' only through Store.migrate, and reveals in the audit table"
                ).format(trigger=event.trigger)
            )
        options = table.get((state, event.trigger))
        if options is None or event.dest not in options:
            here = ", ".join(
                f"{trig} -> {d}" for (src, trig), ds in table.items() if src == state for d in ds
            )
            raise bad(
                _(
                    "{trigger!r} from {state!r} to {dest!r} is not a transition of "
                    "workflow {name!r} {version!r}; from {state!r} the transitions are: {here}"
                ).format(
                    trigger=event.trigger,
                    state=state,
                    dest=event.dest,
                    name=spec.name,
                    version=spec.version,
                    here=here or _("none (final state)"),
                )
            )
        roles = options[event.dest]
        if roles is not None and event.role is not None and event.role not in roles:
            raise bad(
                _(
                    "{trigger!r} was recorded for role {role!r}, which may not fire it "
                    "(allowed: {roles})"
                ).format(trigger=event.trigger, role=event.role, roles=", ".join(sorted(roles)))
            )
        if event.dest not in states:  # pragma: no cover - the table only holds known states
            raise bad(_("unknown state {state!r}").format(state=event.dest))
        state = event.dest
    return state


def replay_versions(
    case_id: str,
    events: Sequence[Event],
    versions: Sequence[str],
    resolve: Callable[[str], WorkflowLike],
    tables: Callable[[WorkflowLike], Table],
) -> Case:
    """Rebuild a case whose events were recorded under ``versions`` (one per event).

    The version may change only at a ``migrate`` event, which is the first
    event of the new version; ``resolve`` gives the workflow of a version.
    Raises ``HistoryError`` naming the first bad event.
    """
    if len(events) != len(versions):  # pragma: no cover - the caller builds both from rows
        raise ValueError(_("one version per event"))
    cut = [i for i in range(1, len(events)) if versions[i] != versions[i - 1]]
    for i in cut:
        if events[i].trigger != MIGRATE:
            raise HistoryError(
                _(
                    "the workflow version changes from {versions!r} to "
                    "{versions2!r} at a {trigger!r} event; it may change only at "
                    "a 'migrate' event"
                ).format(
                    versions=versions[i - 1], versions2=versions[i], trigger=events[i].trigger
                ),
                case_id=case_id,
                index=i,
            )
    for i, event in enumerate(events):
        if event.trigger == MIGRATE and i not in cut:
            raise HistoryError(
                _(
                    "a 'migrate' event must move the case to another workflow "
                    "version, but it stays under version {versions!r}"
                ).format(versions=versions[i]),
                case_id=case_id,
                index=i,
            )
    end = cut[0] if cut else len(events)
    first = resolve(versions[0])
    case = first.replay(case_id, tuple(events[:end]))
    if not cut:
        return case
    state, data = case.state, dict(case.data)
    bounds = [*cut, len(events)]
    wf: WorkflowLike = first
    for start, stop in itertools.pairwise(bounds):
        wf = resolve(versions[start])
        spec = wf.spec
        migrate = events[start]
        if migrate.at < events[start - 1].at:
            raise HistoryError(
                _("event time {at} is earlier than the previous event's {at2}").format(
                    at=migrate.at.isoformat(), at2=events[start - 1].at.isoformat()
                ),
                case_id=case_id,
                index=start,
            )
        if migrate.source != state:
            raise HistoryError(
                _("the migration says the case left {source!r}, but it was in {state!r}").format(
                    source=migrate.source, state=state
                ),
                case_id=case_id,
                index=start,
            )
        names = [s.name for s in spec.states]
        if migrate.dest not in names:
            raise HistoryError(
                _(
                    "the migration moves the case to {dest!r}, which is not a "
                    "state of workflow {name!r} version {version!r}; its states: "
                    "{value}"
                ).format(
                    dest=migrate.dest, name=spec.name, version=spec.version, value=", ".join(names)
                ),
                case_id=case_id,
                index=start,
            )
        data.update(migrate.changes)
        rest = events[start + 1 : stop]
        state = fold(spec, tables(wf), case_id, migrate.dest, migrate.at, rest, start + 1)
        for event in rest:
            if event.changes:
                data.update(event.changes)
    return Case(
        id=case_id,
        workflow=wf.spec.name,
        version=wf.spec.version,
        state=state,
        data=data,
        history=tuple(events),
    )


def check_versions(
    case_id: str,
    events: Sequence[Event],
    versions: Sequence[str],
    resolve: Callable[[str], WorkflowLike],
    *,
    withheld: object = None,
) -> HistoryCheck:
    """Check a replayed history as live firings would have, each run under its own version.

    ``events`` and ``versions`` have already replayed (``replay_versions``);
    each run of one version is checked by that version's workflow
    (``WorkflowLike.check_history``), its ``migrate`` event for its changes.
    """
    problems: list[HistoryError] = []
    unchecked = 0
    begin = 0
    for stop in [
        *(i for i in range(1, len(events)) if versions[i] != versions[i - 1]),
        len(events),
    ]:
        found = resolve(versions[begin]).check_history(
            case_id, events, start=begin, stop=stop, withheld=withheld
        )
        problems.extend(found.problems)
        unchecked += found.unchecked
        begin = stop
    return HistoryCheck(problems=tuple(problems), unchecked=unchecked)

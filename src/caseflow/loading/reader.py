"""YAML text -> ``WorkflowSpec``: the reading pipeline, one section after another.

This module owns ``read_workflow``: it takes a path or YAML text, has
``caseflow.yamlsafe`` turn it into plain values with positions, runs each
section's reader in file order on one ``Reading`` (``header``, ``fields``,
``guards``, ``states``, ``schedules``, ``deadlines``, ``docket``), then every
section's checks on one ``Checking`` (``graph`` and the checks beside each
reader), and raises all the problems at once as one ``DefinitionError``.
What a section says, and what is wrong with it, is its own module's;
writing a spec back is ``dump``'s; turning it into a running machine is the
engine's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from caseflow.definition import FORMAT_VERSION, WorkflowSpec
from caseflow.errors import DefinitionError, Problem
from caseflow.loading.context import Checking, Gaps, Reading
from caseflow.loading.deadline_checks import check_deadlines
from caseflow.loading.deadlines import AnchorNames, read_deadlines
from caseflow.loading.docket import check_docket, read_docket
from caseflow.loading.fields import check_fields, read_field
from caseflow.loading.graph import (
    check_initial,
    check_paths,
    check_repeated_triggers,
    check_transition_names,
)
from caseflow.loading.guard_graph import check_guard_cycles
from caseflow.loading.guards import check_conditions, read_guard
from caseflow.loading.header import read_header, read_role
from caseflow.loading.schedules import read_schedule
from caseflow.loading.states import read_state, read_transitions
from caseflow.yamlsafe import YMap, load_yaml

__all__ = ["check_workflow", "read_spec", "read_workflow"]


def read_workflow(source: str | bytes | Path, *, filename: str | None = None) -> WorkflowSpec:
    """Read a workflow from a path or from YAML text; check it whole.

    A ``str`` that is empty or contains a newline or a ':' is taken as YAML
    text; any other ``str`` or a ``Path`` is a file path. Raises
    ``DefinitionError`` with every problem found.
    """
    data_in: str | bytes
    if isinstance(source, Path) or (
        isinstance(source, str)
        and source != ""  # Path("") is ".", the current folder
        and "\n" not in source
        and ":" not in source.split("/")[-1]
    ):
        path = Path(source)
        file = filename or str(source)
        try:
            data_in = path.read_bytes()
        except OSError as err:
            raise DefinitionError(
                [
                    Problem(
                        file=file, line=1, column=1, message=f"cannot read the file: {err.strerror}"
                    )
                ]
            ) from None
    else:
        data_in = source
        file = filename or "<string>"
    data = load_yaml(data_in, filename=file)
    reading = Reading(file)
    spec = read_spec(reading, data)
    if spec is not None:
        reading.problems.extend(check_workflow(spec, gaps=reading.gaps()))
    if spec is None and not reading.problems:  # pragma: no cover - every reader says why
        reading.problem((1, 1), "the file could not be read as a workflow")
    if reading.problems or spec is None:
        raise DefinitionError(reading.problems)
    return spec


def read_spec(reading: Reading, data: Any) -> WorkflowSpec | None:
    """The file's plain values as a definition; None if its name or states are missing.

    Every section is read even when an earlier one has problems, so that one
    run reports them all; the problems are in ``reading``.
    """
    if data is None:
        reading.problem(
            (1, 1),
            "the file is empty; a workflow starts with 'caseflow: 1' and has "
            "'name', 'states' and 'transitions'",
        )
        return None
    top = reading.mapping(data, (1, 1), "a workflow file")
    if top is None:
        return None
    header = read_header(reading, top)
    roles = reading.named_entries(top, "roles", "role", read_role)
    fields = reading.named_entries(top, "fields", "field", read_field)
    guards = reading.named_entries(top, "guards", "guard", read_guard)
    states = reading.named_entries(top, "states", "state", read_state)
    transitions = read_transitions(reading, top)
    schedules = reading.named_entries(top, "schedules", "schedule", read_schedule)
    # Names declared but unreadable still count, so that the shorthand does
    # not call them unknown as well.
    names = AnchorNames(
        states=frozenset(s.name for s in states) | frozenset(reading.unread.get("states", ())),
        triggers=frozenset(t.trigger for t in transitions),
        fields=frozenset(f.name for f in fields) | frozenset(reading.unread.get("fields", ())),
        schedules=frozenset(s.name for s in schedules),
    )
    deadlines = read_deadlines(reading, top, names)
    docket = read_docket(reading, top)
    if (
        "states" in top
        and not states
        and (top["states"] is None or isinstance(top["states"], YMap))
    ):
        reading.problem(top.value_pos["states"], "'states' is empty; a workflow needs states")
    if header.name is None or not states:
        return None
    return WorkflowSpec(
        format=FORMAT_VERSION,
        name=header.name,
        version=header.version,
        title=reading.label(top, "title", "the workflow"),
        description=reading.text(top, "description", "the workflow"),
        calendar=header.calendar,
        timezone=header.timezone,
        source=reading.text(top, "source", "the workflow"),
        roles=roles,
        fields=fields,
        guards=guards,
        states=states,
        transitions=transitions,
        schedules=schedules,
        deadlines=deadlines,
        docket=docket,
        file=reading.file,
        where=dict(top.value_pos) | {"": top.pos},
    )


def check_workflow(spec: WorkflowSpec, *, gaps: Gaps | None = None) -> list[Problem]:
    """Every problem of ``spec`` that needs the whole definition, each with its place.

    ``gaps`` says what the readers could not read; checks that would only
    echo those problems are skipped. The checks run in a fixed order, so
    that problems at the same place are always listed alike.
    """
    checking = Checking(spec, gaps or Gaps())
    check_initial(checking)
    check_transition_names(checking)
    check_conditions(checking)
    check_guard_cycles(checking)
    check_paths(checking)
    check_repeated_triggers(checking)
    check_fields(checking)
    check_deadlines(checking)
    check_docket(checking)
    return checking.problems

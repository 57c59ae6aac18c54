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

import os
import warnings
from pathlib import Path
from typing import Any

from caseflow.calendars import TOP_KEYS as CALENDAR_KEYS
from caseflow.charts import paths
from caseflow.definition import FORMAT_VERSION, WorkflowSpec
from caseflow.errors import DefinitionError, InputError, Problem
from caseflow.files import FileRefused, read_limited
from caseflow.i18n import _
from caseflow.loading.context import Checking, Gaps, Reading
from caseflow.loading.deadline_checks import check_deadlines
from caseflow.loading.deadlines import AnchorNames, read_deadlines
from caseflow.loading.docket import check_docket, read_docket
from caseflow.loading.documents import read_documents
from caseflow.loading.fields import check_fields, read_field
from caseflow.loading.graph import (
    check_initial,
    check_paths,
    check_repeated_triggers,
    check_transition_names,
)
from caseflow.loading.guard_graph import check_guard_cycles
from caseflow.loading.guards import check_conditions, read_guard
from caseflow.loading.header import TOP_KEYS, read_header, read_role
from caseflow.loading.schedules import read_schedule
from caseflow.loading.statechart import check_chart
from caseflow.loading.states import read_state, read_transitions
from caseflow.yamlsafe import MAX_BYTES, YList, YMap, load_yaml

__all__ = ["check_workflow", "read_spec", "read_workflow", "workflow_source"]


def workflow_source(source: Any, *, stacklevel: int = 2) -> str | bytes | Path:
    """``source`` as ``read_workflow`` takes it: a ``Path`` to read, or YAML text.

    A ``str`` is YAML text; one that names an existing file is still read as
    that file, with a ``DeprecationWarning`` (pass a ``pathlib.Path``).
    ``stacklevel`` is where the warning points, counted from the caller of
    this function. Anything but text, bytes or a path is an ``InputError``.
    """
    if isinstance(source, (bytes, Path)):
        return source
    if isinstance(source, os.PathLike):
        return Path(source)
    if not isinstance(source, str):
        raise InputError(
            _(
                "source={kind} is not a workflow: pass a pathlib.Path to "
                "read a file, or the YAML text as str or bytes"
            ).format(kind=type(source).__name__)
        )
    if source and "\n" not in source and len(source) < 4096 and os.path.isfile(source):
        warnings.warn(
            f"load_workflow({source!r}): a str is YAML text; reading it as a file path is "
            "deprecated: pass pathlib.Path(...) instead",
            DeprecationWarning,
            stacklevel=stacklevel + 1,
        )
        return Path(source)
    return source


def read_workflow(source: str | bytes | Path, *, filename: str | None = None) -> WorkflowSpec:
    """Read a workflow from a file (a ``Path``) or from YAML text (``str`` or ``bytes``).

    A ``str`` that names an existing file is read as that file, with a
    ``DeprecationWarning``. Raises ``DefinitionError`` with every problem
    found; no message quotes a file that is not a workflow.
    """
    source = workflow_source(source, stacklevel=2)
    data_in: str | bytes
    if isinstance(source, Path):
        file = filename or str(source)
        try:
            data_in = read_limited(source, limit=MAX_BYTES)
        except FileRefused as err:
            message = _("cannot read the file: {reason}").format(reason=err.reason)
            raise DefinitionError([Problem(file=file, line=1, column=1, message=message)]) from None
    else:
        data_in = source
        file = filename or "<string>"
    data = load_yaml(data_in, filename=file)
    reading = Reading(file)
    spec = read_spec(reading, data)
    if spec is not None:
        reading.problems.extend(check_workflow(spec, gaps=reading.gaps()))
    if spec is None and not reading.problems:  # pragma: no cover - every reader says why
        reading.problem((1, 1), _("the file could not be read as a workflow"))
    if reading.problems or spec is None:
        raise DefinitionError(reading.problems)
    return spec


def _is_calendar(top: YMap) -> bool:
    """True when the file's top keys are a calendar's: one only calendars have, none only
    workflows have (the rule ``caseflow.validation.file_kind`` sorts files by)."""
    keys = set(top)
    return bool(keys & (CALENDAR_KEYS - TOP_KEYS)) and not keys & (TOP_KEYS - CALENDAR_KEYS)


def read_spec(reading: Reading, data: Any) -> WorkflowSpec | None:
    """The file's plain values as a definition; None if its states are missing.

    Every section is read even when an earlier one has problems, so that one
    run reports them all; the problems are in ``reading``.
    """
    if data is None:
        reading.problem(
            (1, 1),
            _(
                "the file is empty; a workflow starts with 'caseflow: 1' and has "
                "'name', 'states' and 'transitions'"
            ),
        )
        return None
    if not isinstance(data, (YMap, YList)):
        # Not the value itself: this may be some other file, read by mistake.
        hint = (
            _("; a str is read as YAML text: pass a file as pathlib.Path")
            if reading.file == "<string>"
            else ""
        )
        reading.problem(
            (1, 1),
            (
                _("a workflow file must be a mapping of keys to values, not a single text{hint}")
                if isinstance(data, str)
                else _(
                    "a workflow file must be a mapping of keys to values, not a single value{hint}"
                )
            ).format(hint=hint),
        )
        return None
    top = reading.mapping(data, (1, 1), _("a workflow file"))
    if top is None:
        return None
    if _is_calendar(top):
        # A calendar given where a workflow is expected: one line saying so, rather
        # than every workflow key it lacks and every calendar key it has.
        reading.problem(
            (1, 1),
            _(
                "this is a calendar file, not a workflow; a workflow names it with "
                "'calendar: FILE', and `caseflow validate` checks it"
            ),
        )
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
        states=frozenset(paths(states)) | frozenset(reading.unread.get("states", ())),
        triggers=frozenset(t.trigger for t in transitions),
        fields=frozenset(f.name for f in fields) | frozenset(reading.unread.get("fields", ())),
        schedules=frozenset(s.name for s in schedules),
    )
    deadlines = read_deadlines(reading, top, names)
    docket = read_docket(reading, top)
    documents = read_documents(reading, top)
    if (
        "states" in top
        and not states
        and (top["states"] is None or isinstance(top["states"], YMap))
    ):
        reading.problem(top.value_pos["states"], _("'states' is empty; a workflow needs states"))
    if not states:
        return None
    # A name that could not be read is reported; the rest is still checked
    # (under a stand-in name no message quotes), so that one run lists every
    # problem. The spec is never returned: the reading has a problem.
    return WorkflowSpec(
        format=FORMAT_VERSION,
        name=header.name or "unnamed",
        version=header.version,
        title=reading.label(top, "title", _("the workflow")),
        description=reading.text(top, "description", _("the workflow")),
        calendar=header.calendar,
        timezone=header.timezone,
        source=reading.text(top, "source", _("the workflow")),
        roles=roles,
        fields=fields,
        guards=guards,
        states=states,
        transitions=transitions,
        schedules=schedules,
        deadlines=deadlines,
        docket=docket,
        documents=documents,
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
    if spec.nested:
        check_chart(checking)
    else:
        check_paths(checking)
    check_repeated_triggers(checking)
    check_fields(checking)
    check_deadlines(checking)
    check_docket(checking)
    return checking.problems

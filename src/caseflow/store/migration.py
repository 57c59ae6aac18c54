"""Moving a case to another version of its workflow: ``Store.migrate``.

This module owns the migration of one case: checking the target version
and the state mapping (complete, and naming only states that exist), and
recording the move as a ``migrate`` event written like any other step
(``writes``). The events before the migration keep being replayed under
the old version and the ones after it under the new (``history``); which
definitions a store keeps is ``definitions``'.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from caseflow.case import EMPTY, Case, Event
from caseflow.definition import WorkflowSpec
from caseflow.errors import InputError, did_you_mean
from caseflow.i18n import _
from caseflow.store import reads
from caseflow.store.backend import Backend
from caseflow.store.definitions import Definitions
from caseflow.store.history import MIGRATE, WorkflowLike
from caseflow.store.redaction import spec_zone
from caseflow.store.writes import apply, case_write
from caseflow.times import to_datetime

__all__ = ["migrate"]

log = logging.getLogger("caseflow.store")


def migrate(
    db: Backend,
    definitions: Definitions,
    case_id: str,
    workflow: WorkflowLike,
    *,
    mapping: Mapping[str, str],
    at: Any,
    actor: str | None,
    role: str | None,
    note: str | None,
) -> Case:
    """Move the case to ``workflow``'s version (``Store.migrate``); the caller holds the lock."""
    head, _events = reads.read_case(db, case_id)
    name, old_version = str(head[1]), str(head[2])
    spec = workflow.spec
    if spec.name != name:
        raise InputError(
            _(
                "case {case_id!r} belongs to workflow {name!r}; it cannot "
                "migrate to {name2!r} (only to another version of {name!r})"
            ).format(case_id=case_id, name=name, name2=spec.name)
        )
    if spec.version == old_version:
        raise InputError(
            _(
                "case {case_id!r} already runs under workflow {name!r} "
                "version {old_version!r}; migrate to another version"
            ).format(case_id=case_id, name=name, old_version=old_version)
        )
    case = reads.load(db, definitions, case_id)
    old = definitions.workflow(name, old_version)
    _check_mapping(case, old.spec, spec, mapping)
    when = to_datetime(at, spec_zone(spec), what="at")
    last = case.history[-1]
    if when < last.at:
        raise InputError(
            _(
                "migration at {when} is earlier than the case's last event "
                "({trigger!r} at {at}); events are recorded in time order"
            ).format(when=when.isoformat(), trigger=last.trigger, at=last.at.isoformat())
        )
    event = Event(
        trigger=MIGRATE,
        source=case.state,
        dest=mapping[case.state],
        at=when,
        actor=actor,
        role=role,
        note=note
        if note is not None
        else f"workflow {name} version {old_version} -> {spec.version}",
        changes=EMPTY,
    )
    moved = Case(
        id=case.id,
        workflow=name,
        version=spec.version,
        state=event.dest,
        data=case.data,
        history=(*case.history, event),
        saved=case.saved,
    )
    definitions.workflow(name, spec.version, workflow)
    # The migrate event sets no data, so no confidential value can be in it.
    write = case_write(definitions, workflow, moved, case.saved, frozenset())
    with db._writing(_("migrating case {case_id!r}").format(case_id=case_id)) as cur:
        apply(cur, write, db.url)
    moved.saved = len(moved.history)
    log.info("migrated case %r from %s %s to %s", case_id, name, old_version, spec.version)
    return moved


def _check_mapping(
    case: Case, old: WorkflowSpec, new: WorkflowSpec, mapping: Mapping[str, str]
) -> None:
    if not isinstance(mapping, Mapping):
        raise InputError(
            _("mapping must map old states to new ones, not {kind}").format(
                kind=type(mapping).__name__
            )
        )
    old_states = [s.name for s in old.states]
    new_states = [s.name for s in new.states]
    problems = []
    for key, value in mapping.items():
        if key not in old_states:
            problems.append(
                _("{key!r} is not a state of version {version!r}{value}").format(
                    key=key, version=old.version, value=did_you_mean(str(key), old_states)
                )
            )
        if value not in new_states:
            problems.append(
                _("{key!r} maps to {value!r}, not a state of version {version!r}{value2}").format(
                    key=key,
                    value=value,
                    version=new.version,
                    value2=did_you_mean(str(value), new_states),
                )
            )
    missing = [s for s in (case.state,) if s not in mapping]
    if missing:
        problems.append(
            _(
                "the mapping is incomplete: it does not say where state(s) "
                "{value} go (case {id!r} is in {state!r})"
            ).format(value=", ".join(map(repr, missing)), id=case.id, state=case.state)
        )
    if problems:
        raise InputError(
            _(
                "cannot migrate case {id!r} from workflow {name!r} version {old!r} to "
                "{new!r}: {problems}. States of {new!r}: {states}"
            ).format(
                id=case.id,
                name=old.name,
                old=old.version,
                new=new.version,
                problems="; ".join(problems),
                states=", ".join(new_states),
            )
        )

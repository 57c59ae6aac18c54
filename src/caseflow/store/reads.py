"""Reading cases back: a stored history replayed into a ``Case``, checked on the way.

This module owns ``load``: the case's head and event rows read in one
snapshot (``read_case``, or a page of cases at once for an export,
``read_page``), decoded (``rows.decode_events``), replayed under the
workflow version each event ran under (``history.replay_versions``), and
compared with the head row, so that a corrupted or illegal history is a
``StoreError`` naming the case and the event. A load with a ``Reveal``
puts the confidential values back and is recorded first
(``confidentiality``). Which workflow a version is, is ``definitions``'.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from caseflow.case import Case
from caseflow.definition import WorkflowSpec
from caseflow.errors import HistoryError, InputError, StoreError
from caseflow.i18n import _
from caseflow.store import confidentiality
from caseflow.store.backend import Backend, Cursor
from caseflow.store.definitions import Definitions
from caseflow.store.history import WorkflowLike, replay_versions
from caseflow.store.queries import where_clause
from caseflow.store.redaction import Reveal
from caseflow.store.rows import EVENT_COLUMNS, HEAD_COLUMNS, decode_events

__all__ = [
    "SELECT_EVENTS",
    "SELECT_HEAD",
    "SELECT_VERSIONS",
    "check_workflow",
    "from_rows",
    "load",
    "no_case",
    "read_case",
    "read_page",
    "rebuild",
    "versions",
]

Head = tuple[Any, ...]
"""A ``cases`` row: ``rows.HEAD_COLUMNS``."""

SELECT_HEAD = f"SELECT {HEAD_COLUMNS} FROM cases WHERE id = ?"
SELECT_EVENTS = f"SELECT {EVENT_COLUMNS} FROM events WHERE case_id = ? ORDER BY seq"
SELECT_VERSIONS = "SELECT version FROM events WHERE case_id = ? ORDER BY seq"


def load(
    db: Backend,
    definitions: Definitions,
    case_id: str,
    workflow: WorkflowLike | None = None,
    reveal: Reveal | None = None,
) -> Case:
    """The case rebuilt from the store (``Store.load``); the caller holds the lock."""
    head, rows = read_case(db, case_id)
    if reveal is None:
        return from_rows(definitions, case_id, head, rows, workflow)
    name, version = head[1], head[2]
    if workflow is not None:
        check_workflow(case_id, name, version, workflow)
    current = definitions.workflow(name, version, workflow)
    secrets, item = confidentiality.revealed(
        db, current.spec, reveal, "reveal", case_id, int(head[4])
    )
    case = rebuild(definitions, case_id, head, rows, current, secrets)
    # Recorded before any value leaves: if the audit cannot be
    # written (a read-only store), nothing is revealed.
    assert item is not None
    confidentiality.record(db, [item])
    case.saved = len(case.history)
    return case


def from_rows(
    definitions: Definitions,
    case_id: str,
    head: Head,
    rows: Sequence[Any],
    workflow: WorkflowLike | None = None,
) -> Case:
    """The case (redacted) rebuilt from its head and event rows, read in one snapshot.

    Shared by ``load`` and the asyncio store (``caseflow.aio``), which reads
    the same rows with ``SELECT_HEAD`` and ``SELECT_EVENTS``.
    """
    name, version = head[1], head[2]
    if workflow is not None:
        check_workflow(case_id, name, version, workflow)
    current = definitions.workflow(name, version, workflow)
    case = rebuild(definitions, case_id, head, rows, current)
    case.saved = len(case.history)
    return case


def no_case(case_id: str, url: str) -> StoreError:
    """The error for a case id the store does not hold."""
    return StoreError(
        _("no case {case!r} in the store {url}; 'caseflow cases' lists the cases it has").format(
            case=case_id, url=url
        )
    )


def read_case(db: Backend, case_id: str) -> tuple[Head, list[Any]]:
    """The case's head row and its event rows (``rows.EVENT_COLUMNS``), in one snapshot."""
    if not isinstance(case_id, str):
        raise InputError(
            _("a case id is text, not {kind} {case!r}").format(
                kind=type(case_id).__name__, case=case_id
            )
        )
    with db._reading() as cur:
        cur.execute(SELECT_HEAD, (case_id,))
        head = cur.fetchone()
        if head is None:
            raise no_case(case_id, db.url)
        cur.execute(SELECT_EVENTS, (case_id,))
        rows = cur.fetchall()
    return tuple(head), rows


def read_page(
    cur: Cursor, workflow: str | None, after: str | None, size: int
) -> list[tuple[Head, list[Any]]]:
    """Up to ``size`` cases after id ``after`` (all, or one workflow's), with their event rows."""
    where, params = where_clause(workflow, None, after)
    cur.execute(f"SELECT {HEAD_COLUMNS} FROM cases{where} ORDER BY id LIMIT {size}", params)
    heads = [tuple(r) for r in cur.fetchall()]
    if not heads:
        return []
    marks = ", ".join("?" * len(heads))
    cur.execute(
        f"SELECT case_id, {EVENT_COLUMNS} FROM events WHERE case_id IN ({marks}) "
        "ORDER BY case_id, seq",
        [h[0] for h in heads],
    )
    by_case: dict[str, list[Any]] = {h[0]: [] for h in heads}
    for row in cur.fetchall():
        by_case[row[0]].append(tuple(row[1:]))
    # Events a writer appended after the head was read are not part of this
    # snapshot of the case (a transaction gives one snapshot; this is a guard).
    return [(h, by_case[h[0]][: int(h[4])]) for h in heads]


def versions(db: Backend, case_id: str) -> list[str]:
    """The workflow version each event of the case was recorded under, in order."""
    with db._reading() as cur:
        cur.execute(SELECT_VERSIONS, (case_id,))
        rows = cur.fetchall()
    if not rows:
        raise StoreError(_("no case {case!r} in the store {url}").format(case=case_id, url=db.url))
    return [str(r[0]) for r in rows]


def check_workflow(case_id: str, name: str, version: str, wf: WorkflowLike) -> None:
    """Refuse to load a case with a workflow other than the version it runs under."""
    spec = getattr(wf, "spec", None)
    if not isinstance(spec, WorkflowSpec):
        raise InputError(
            _("expected a caseflow Workflow, not {kind}").format(kind=type(wf).__name__)
        )
    if spec.name != name:
        raise InputError(
            _(
                "case {case_id!r} belongs to workflow {name!r}, not "
                "{name2!r}; load it with workflow {name!r}"
            ).format(case_id=case_id, name=name, name2=spec.name)
        )
    if spec.version != version:
        raise StoreError(
            _(
                "case {case_id!r} runs under workflow {name!r} version "
                "{version!r}, and this is version {version2!r}; load it with "
                "version {version!r}, or move it to {version2!r} first: "
                "store.migrate({case_id!r}, wf, mapping=..., at=..., "
                "actor=...)"
            ).format(case_id=case_id, name=name, version=version, version2=spec.version)
        )


def rebuild(
    definitions: Definitions,
    case_id: str,
    head: Sequence[Any],
    rows: Sequence[Any],
    current: WorkflowLike,
    secrets: Mapping[int, Mapping[str, Any]] | None = None,
) -> Case:
    """Replay the case's rows under the versions they ran under; check it ends at ``head``."""
    count = int(head[4])
    if len(rows) != count:
        raise StoreError(
            _(
                "case {case_id!r} is corrupted: its head row says {count} "
                "events but the store holds {value}"
            ).format(case_id=case_id, count=count, value=len(rows))
        )
    events, versions = decode_events(case_id, rows, secrets)
    name = str(head[1])

    def resolve(version: str) -> WorkflowLike:
        if version == current.spec.version:
            return current
        return definitions.workflow(name, version)

    try:
        case = replay_versions(case_id, events, versions, resolve, definitions.table)
    except HistoryError as err:
        raise StoreError(
            _(
                "case {case_id!r} cannot be rebuilt from the store: event "
                "{index} is not a legal step: {err}"
            ).format(case_id=case_id, index=err.index, err=err)
        ) from err
    if case.state != head[3] or case.version != head[2]:
        raise StoreError(
            _(
                "case {case_id!r} is corrupted: its head row says state "
                "{head!r} under version {head2!r}, but its history ends in "
                "{state!r} under version {version!r}"
            ).format(
                case_id=case_id, head=head[3], head2=head[2], state=case.state, version=case.version
            )
        )
    return case

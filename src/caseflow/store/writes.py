"""Writing cases: what a save checks, the rows it writes, and optimistic concurrency.

This module owns every write of case rows. ``case_write`` builds, before
any transaction opens, everything one case's write puts in the tables (a
``Write``: head row, event rows, secrets, deadline index rows), the same
way for a save, a migration (``migration``) and an import (``jsonl``).
``prepare`` adds a save's checks (the new events must be legal steps of the
case's workflow version), ``save_many`` writes a batch in one transaction,
``apply`` writes one case under optimistic concurrency and ``insert_new``
writes new cases in bulk.

Concurrency: a save reads nothing to decide; it moves the case's head row
from the event count the case was loaded with to the new one
(``UPDATE cases ... WHERE id = ? AND seq = ?``), and the events' primary
key (case_id, seq) backs it up. If another writer went first the update
matches no row: ``ConcurrencyError``, and the transaction is rolled back,
so nothing of the save is written. The row format is ``rows``'; the
deadline index rows are ``queries``'.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from caseflow.case import Case
from caseflow.errors import ConcurrencyError, HistoryError, InputError, StoreError
from caseflow.i18n import _
from caseflow.store.backend import Backend, Cursor
from caseflow.store.definitions import Definitions
from caseflow.store.history import WorkflowLike, fold
from caseflow.store.queries import deadline_rows, deadline_rows_many
from caseflow.store.rows import HEAD_COLUMNS, Refuse, event_rows, head_row

__all__ = [
    "STORED_SEQ",
    "Write",
    "apply",
    "batches",
    "case_write",
    "conflict",
    "head_statement",
    "index_batch",
    "insert_new",
    "planned",
    "prepare",
    "save_many",
    "saved",
]

log = logging.getLogger("caseflow.store")

_EVENT_COLUMNS = "case_id, seq, trigger, source, dest, at, actor, role, note, changes, version"
_SECRET_COLUMNS = "case_id, seq, field, value"
_DEADLINE_COLUMNS = "case_id, name, due, due_at, status, workflow, version, state"


def _insert(table: str, columns: str) -> str:
    marks = ", ".join("?" * (columns.count(",") + 1))
    return f"INSERT INTO {table} ({columns}) VALUES ({marks})"


_INSERT_HEAD = _insert("cases", HEAD_COLUMNS)
_INSERT_EVENTS = _insert("events", _EVENT_COLUMNS)
_INSERT_SECRETS = _insert("secrets", _SECRET_COLUMNS)
_INSERT_DEADLINES = _insert("deadlines", _DEADLINE_COLUMNS)
_UPDATE_HEAD = (
    "UPDATE cases SET version = ?, state = ?, seq = ?, updated_at = ? WHERE id = ? AND seq = ?"
)
_CLEAR_DEADLINES = "DELETE FROM deadlines WHERE case_id = ?"
STORED_SEQ = "SELECT seq FROM cases WHERE id = ?"


@attrs.frozen(slots=True)
class Write:
    """Everything one case's write puts in the tables, computed before the transaction opens.

    ``expected`` is how many of the case's events the store holds already
    (0 for a new case).
    """

    case: Case
    expected: int
    head: tuple[Any, ...]
    events: list[tuple[Any, ...]]
    secrets: list[tuple[Any, ...]]
    deadlines: list[tuple[Any, ...]]


def case_write(
    definitions: Definitions,
    wf: WorkflowLike,
    case: Case,
    expected: int,
    confidential: frozenset[str],
    *,
    versions: Sequence[str] | None = None,
    at_texts: Sequence[str] | None = None,
    withheld_ok: bool = False,
    refuse: Refuse | None = None,
    index: bool = True,
) -> Write:
    """The ``Write`` of ``case``'s events from ``expected`` on, under workflow ``wf``.

    The keywords are ``rows.event_rows``'; ``at_texts`` also give the head
    row's times. The deadline index rows are computed by ``wf``, which must
    be able to (``Definitions.for_deadlines``); with ``index=False`` they
    are left empty for the caller to fill for a batch at once
    (``index_batch``), the check that ``wf`` can compute them still made.
    """
    events, secrets = event_rows(
        case,
        expected,
        confidential,
        versions=versions,
        at_texts=at_texts,
        withheld_ok=withheld_ok,
        refuse=refuse,
    )
    indexed = definitions.for_deadlines(wf)
    deadlines = (
        deadline_rows(indexed, case, definitions.clock_states(indexed.spec)) if index else []
    )
    return Write(case, expected, head_row(case, at_texts), events, secrets, deadlines)


def index_batch(definitions: Definitions, writes: Sequence[tuple[Write, WorkflowLike]]) -> None:
    """Fill the deadline index rows of writes made with ``index=False``, a workflow at a time.

    The deadlines of each workflow version's cases are computed in one pass
    (``queries.deadline_rows_many``); the errors are ``deadline_rows``'.
    """
    groups: dict[int, tuple[WorkflowLike, list[Write]]] = {}
    for w, wf in writes:
        groups.setdefault(id(wf), (wf, []))[1].append(w)
    for wf, group in groups.values():
        clocks = definitions.clock_states(wf.spec)
        found = deadline_rows_many(wf, [w.case for w in group], clocks)
        for w, rows in zip(group, found, strict=True):
            w.deadlines.extend(rows)


def save_many(
    db: Backend, definitions: Definitions, cases: Iterable[Case], given: WorkflowLike | None
) -> None:
    """Save the cases' new events in one transaction (``Store.save_many``), under the lock."""
    plan = planned(definitions, cases, given)
    if plan is None:
        return
    writes, doing = plan
    with db._writing(doing) as cur:
        for w in writes:
            apply(cur, w, db.url)
    saved(writes)


def planned(
    definitions: Definitions, cases: Iterable[Case], given: WorkflowLike | None
) -> tuple[list[Write], str] | None:
    """The checked writes of a batch, in the order to apply them, and what it is doing.

    ``None`` when no case has unsaved events. Shared by ``save_many`` and
    the asyncio store (``caseflow.aio``), which applies the same writes.
    """
    prepared = [p for case in cases if (p := _prepare(definitions, case, given)) is not None]
    if not prepared:
        return None
    index_batch(definitions, prepared)  # the deadline index of all of them in one pass
    writes = [w for w, _ in prepared]
    ids = [w.head[0] for w in writes]  # in NFC, as stored
    if len(set(ids)) != len(ids):
        raise InputError(_("save_many() got the same case twice; save each case once"))
    doing = (
        _("saving case {id!r}").format(id=ids[0])
        if len(ids) == 1
        else _("saving {n} cases").format(n=len(ids))
    )
    # In id order, so that two writers saving overlapping batches take
    # the rows' locks in the same order and never deadlock (PostgreSQL).
    return sorted(writes, key=lambda w: str(w.head[0])), doing


def saved(writes: Sequence[Write]) -> None:
    """Mark the cases of committed ``writes`` saved up to their last event."""
    for w in writes:
        w.case.saved = len(w.case.history)
        log.debug("saved case %r: events %d..%d", w.case.id, w.expected, w.case.saved - 1)


def prepare(definitions: Definitions, case: Case, given: WorkflowLike | None) -> Write | None:
    """The checked ``Write`` of the case's unsaved events, or ``None`` if there are none."""
    found = _prepare(definitions, case, given)
    if found is None:
        return None
    write, wf = found
    index_batch(definitions, [(write, wf)])
    return write


def _prepare(
    definitions: Definitions, case: Case, given: WorkflowLike | None
) -> tuple[Write, WorkflowLike] | None:
    """``prepare`` without the deadline index rows (``index_batch`` fills them), and its wf."""
    if not isinstance(case, Case):
        raise InputError(
            _("save() expects a caseflow Case, not {kind}").format(kind=type(case).__name__)
        )
    total, saved = len(case.history), case.saved
    if not 0 <= saved <= total:
        raise InputError(
            _("case {id!r} says {saved} of its {total} events are saved; that cannot be").format(
                id=case.id, saved=saved, total=total
            )
        )
    if saved == total:
        return None
    if given is not None and (given.spec.name, given.spec.version) != (
        case.workflow,
        case.version,
    ):
        raise InputError(
            _(
                "case {id!r} runs under workflow {workflow!r} version "
                "{version!r}, not {name!r} version {version2!r}"
            ).format(
                id=case.id,
                workflow=case.workflow,
                version=case.version,
                name=given.spec.name,
                version2=given.spec.version,
            )
        )
    wf = definitions.workflow(case.workflow, case.version, given)
    definitions.store(wf.spec)
    _check_new_events(definitions, case, wf)
    confidential = definitions.confidential(case.workflow)
    write = case_write(definitions, wf, case, saved, confidential, index=False)
    return write, definitions.for_deadlines(wf)


def _check_new_events(definitions: Definitions, case: Case, wf: WorkflowLike) -> None:
    saved = case.saved
    try:
        if saved == 0:
            state = wf.replay(case.id, case.history).state
        else:
            before = case.history[saved - 1]
            state = fold(
                wf.spec,
                definitions.table(wf),
                case.id,
                before.dest,
                before.at,
                case.history[saved:],
                saved,
            )
    except HistoryError as err:
        raise StoreError(
            _(
                "cannot save case {id!r}: event {index} is not a legal step "
                "of workflow {workflow!r} version {version!r}: {err}; "
                "nothing was written"
            ).format(
                id=case.id, index=err.index, workflow=case.workflow, version=case.version, err=err
            )
        ) from err
    if state != case.state:
        raise StoreError(
            _(
                "cannot save case {id!r}: its history ends in state "
                "{state!r} but the case says {state2!r}; nothing was written"
            ).format(id=case.id, state=state, state2=case.state)
        )


def apply(cur: Cursor, w: Write, url: str) -> None:
    """Write one case inside the caller's transaction, moving its head from ``w.expected``."""
    cur.execute(*head_statement(w))
    if cur.rowcount != 1:
        cur.execute(STORED_SEQ, (w.head[0],))
        raise conflict(cur.fetchone(), w.head[0], w.expected, url)
    for sql, params in batches([w]):
        cur.executemany(sql, params)


def head_statement(w: Write) -> tuple[str, tuple[Any, ...]]:
    """The statement that inserts a new case's head, or moves it from ``w.expected``.

    It must change exactly one row; otherwise the write is a ``conflict``
    (with the stored row read by ``STORED_SEQ``).
    """
    if w.expected == 0:
        return _INSERT_HEAD + " ON CONFLICT (id) DO NOTHING", w.head
    cid, _, version, state, seq, _, updated = w.head
    return _UPDATE_HEAD, (version, state, seq, updated, cid, w.expected)


def batches(writes: Sequence[Write]) -> list[tuple[str, list[tuple[Any, ...]]]]:
    """The statements (each for ``executemany``) that follow the heads of ``writes``.

    The old deadline index rows of saved cases go, then the events,
    secrets and new index rows are appended; empty batches are left out.
    """
    out: list[tuple[str, list[tuple[Any, ...]]]] = []
    cleared = [(w.head[0],) for w in writes if w.expected]
    for sql, rows in (
        (_CLEAR_DEADLINES, cleared),
        (_INSERT_EVENTS, [row for w in writes for row in w.events]),
        (_INSERT_SECRETS, [row for w in writes for row in w.secrets]),
        (_INSERT_DEADLINES, [row for w in writes for row in w.deadlines]),
    ):
        if rows:
            out.append((sql, rows))
    return out


def insert_new(cur: Cursor, writes: Sequence[Write]) -> None:
    """Insert new cases in bulk (the caller made sure their ids are free).

    On PostgreSQL the rows go by ``COPY`` (the backend's cursor has
    ``copy_rows``), on SQLite by ``executemany``, in the same order: heads,
    events, secrets, deadline index.
    """
    copy = getattr(cur, "copy_rows", None)
    if copy is None:
        cur.executemany(_INSERT_HEAD, [w.head for w in writes])
        for sql, params in batches(writes):
            cur.executemany(sql, params)
        return
    copy("cases", HEAD_COLUMNS, [w.head for w in writes])
    copy("events", _EVENT_COLUMNS, [row for w in writes for row in w.events])
    secrets = [row for w in writes for row in w.secrets]
    if secrets:
        copy("secrets", _SECRET_COLUMNS, secrets)
    deadlines = [row for w in writes for row in w.deadlines]
    if deadlines:
        copy("deadlines", _DEADLINE_COLUMNS, deadlines)


def conflict(row: Any, cid: str, expected: int, url: str) -> StoreError:
    """Why a head statement changed no row, given the case's stored ``seq`` row (or None)."""
    if row is None:
        return StoreError(
            _(
                "cannot save case {cid!r}: it says {expected} of its events "
                "are saved, but the store {url} has no case {cid!r}; was it "
                "loaded from another store? Copy cases between stores with "
                "export and import"
            ).format(cid=cid, expected=expected, url=url)
        )
    stored = int(row[0])
    if expected == 0:
        return ConcurrencyError(
            _(
                "cannot save new case {cid!r}: the store already has a case with that id "
                "({stored} events), started by another writer; nothing was written; give the "
                "new case another id, or load the stored one and add its next step instead of "
                "starting it again"
            ).format(cid=cid, stored=stored),
            case_id=cid,
        )
    if stored > expected:
        return ConcurrencyError(
            _(
                "case {cid!r} was changed by another writer: the store has {stored} events, "
                "this copy was loaded with {expected}; nothing was written; load the case "
                "again and redo the step"
            ).format(cid=cid, stored=stored, expected=expected),
            case_id=cid,
        )
    return StoreError(
        _(
            "cannot save case {cid!r}: the store has {stored} of its "
            "events but this copy says {expected} were saved; was it "
            "loaded from another store or a newer backup?"
        ).format(cid=cid, stored=stored, expected=expected)
    )

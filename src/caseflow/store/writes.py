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
from caseflow.store.queries import deadline_rows
from caseflow.store.rows import HEAD_COLUMNS, Refuse, event_rows, head_row

__all__ = ["Write", "apply", "case_write", "insert_new", "prepare", "save_many"]

log = logging.getLogger("caseflow.store")

_INSERT_HEAD = f"INSERT INTO cases ({HEAD_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)"
_INSERT_EVENTS = (
    "INSERT INTO events (case_id, seq, trigger, source, dest, at, actor, role, note, "
    "changes, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_SECRETS = "INSERT INTO secrets (case_id, seq, field, value) VALUES (?, ?, ?, ?)"
_INSERT_DEADLINES = (
    "INSERT INTO deadlines (case_id, name, due, due_at, status, workflow, "
    "version, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)


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
) -> Write:
    """The ``Write`` of ``case``'s events from ``expected`` on, under workflow ``wf``.

    The keywords are ``rows.event_rows``'; ``at_texts`` also give the head
    row's times. The deadline index rows are computed by ``wf``, which must
    be able to (``Definitions.for_deadlines``).
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
    deadlines = deadline_rows(indexed, case, definitions.clock_states(indexed.spec))
    return Write(case, expected, head_row(case, at_texts), events, secrets, deadlines)


def save_many(
    db: Backend, definitions: Definitions, cases: Iterable[Case], given: WorkflowLike | None
) -> None:
    """Save the cases' new events in one transaction (``Store.save_many``), under the lock."""
    writes = [w for case in cases if (w := prepare(definitions, case, given)) is not None]
    if not writes:
        return
    ids = [w.head[0] for w in writes]  # in NFC, as stored
    if len(set(ids)) != len(ids):
        raise InputError(_("save_many() got the same case twice; save each case once"))
    doing = f"saving case {ids[0]!r}" if len(ids) == 1 else f"saving {len(ids)} cases"
    with db._writing(doing) as cur:
        # In id order, so that two writers saving overlapping batches take
        # the rows' locks in the same order and never deadlock (PostgreSQL).
        for w in sorted(writes, key=lambda w: str(w.head[0])):
            apply(cur, w, db.url)
    for w in writes:
        w.case.saved = len(w.case.history)
        log.debug("saved case %r: events %d..%d", w.case.id, w.expected, w.case.saved - 1)


def prepare(definitions: Definitions, case: Case, given: WorkflowLike | None) -> Write | None:
    """The checked ``Write`` of the case's unsaved events, or ``None`` if there are none."""
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
    return case_write(definitions, wf, case, saved, confidential)


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
    cid = w.head[0]  # the id as stored (NFC)
    if w.expected == 0:
        cur.execute(_INSERT_HEAD + " ON CONFLICT (id) DO NOTHING", w.head)
    else:
        _id, _wf, version, state, seq, _data, updated = w.head
        cur.execute(
            "UPDATE cases SET version = ?, state = ?, seq = ?, updated_at = ? "
            "WHERE id = ? AND seq = ?",
            (version, state, seq, updated, cid, w.expected),
        )
    if cur.rowcount != 1:
        raise _conflict(cur, cid, w.expected, url)
    if w.expected:
        cur.execute("DELETE FROM deadlines WHERE case_id = ?", (cid,))
    _append(cur, [w])


def insert_new(cur: Cursor, writes: Sequence[Write]) -> None:
    """Insert new cases in bulk (the caller made sure their ids are free)."""
    cur.executemany(_INSERT_HEAD, [w.head for w in writes])
    _append(cur, writes)


def _append(cur: Cursor, writes: Sequence[Write]) -> None:
    """The rows of ``writes`` under their heads: events, secrets, deadline index."""
    cur.executemany(_INSERT_EVENTS, [row for w in writes for row in w.events])
    secrets = [row for w in writes for row in w.secrets]
    if secrets:
        cur.executemany(_INSERT_SECRETS, secrets)
    deadlines = [row for w in writes for row in w.deadlines]
    if deadlines:
        cur.executemany(_INSERT_DEADLINES, deadlines)


def _conflict(cur: Cursor, cid: str, expected: int, url: str) -> StoreError:
    cur.execute("SELECT seq FROM cases WHERE id = ?", (cid,))
    row = cur.fetchone()
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
            f"cannot save new case {cid!r}: the store already has a case with that id "
            f"({stored} events), started by another writer; nothing was written; load it "
            "with store.load() instead of starting it again",
            case_id=cid,
        )
    if stored > expected:
        return ConcurrencyError(
            f"case {cid!r} was changed by another writer: the store has {stored} events, "
            f"this copy was loaded with {expected}; nothing was written; load the case "
            "again and redo the step",
            case_id=cid,
        )
    return StoreError(
        _(
            "cannot save case {cid!r}: the store has {stored} of its "
            "events but this copy says {expected} were saved; was it "
            "loaded from another store or a newer backup?"
        ).format(cid=cid, stored=stored, expected=expected)
    )

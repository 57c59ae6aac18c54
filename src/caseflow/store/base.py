"""The case store: what ``save``, ``load``, ``migrate`` and the queries do.

This module owns the store's behaviour, written once for every backend:
optimistic concurrency on each case's event count, checking new events
before they are written, keeping confidential values apart, recording
reveals, rebuilding cases by replay (across workflow versions), the
deadline index and the queries it serves. A backend (``sqlite``,
``postgres``) supplies connections, transactions, the SQL parameter style
and the translation of its errors into ``StoreError``; the DDL is in
``schema``; JSON Lines export and import are in ``jsonl``.

Concurrency: ``save`` reads nothing to decide; it moves the case's head row
from the event count the case was loaded with to the new one
(``UPDATE cases ... WHERE id = ? AND seq = ?``), and the events' primary key
(case_id, seq) backs it up. If another writer went first the update matches
no row: ``ConcurrencyError``, and the transaction is rolled back, so nothing
of the save is written.
"""

from __future__ import annotations

import abc
import contextlib
import datetime as dt
import json
import logging
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import IO, Any, ClassVar, NamedTuple, Protocol

import attrs

from caseflow.case import EMPTY, Case, Event
from caseflow.definition import WorkflowSpec
from caseflow.errors import (
    CaseflowError,
    ConcurrencyError,
    ConfigurationError,
    DefinitionError,
    HistoryError,
    InputError,
    StoreError,
    did_you_mean,
)
from caseflow.loading import dump_workflow, read_workflow
from caseflow.store.history import (
    MIGRATE,
    StoredWorkflow,
    Table,
    WorkflowLike,
    fold,
    replay_versions,
    transition_table,
)
from caseflow.store.redaction import (
    REDACTED,
    AuditRecord,
    Reveal,
    confidential_fields,
    dump_json,
    readable_fields,
    spec_zone,
    split_changes,
)
from caseflow.store.schema import SCHEMA_VERSION
from caseflow.times import to_datetime, zone

__all__ = ["CaseSummary", "Cursor", "DueDeadline", "Store", "Write", "decode_events", "utc_text"]

log = logging.getLogger("caseflow.store")

UTC = dt.UTC
DEFAULT_ZONE = "Asia/Ho_Chi_Minh"
RUNNING = ("pending", "overdue")
"""Deadline statuses (as of a case's last event) whose clock is still running."""


class Cursor(Protocol):
    """The part of a DB-API cursor the store uses (sqlite3 and psycopg both have it)."""

    @property
    def rowcount(self) -> int: ...

    def execute(self, sql: str, params: Sequence[Any] = ..., /) -> Any: ...

    def executemany(self, sql: str, params: Iterable[Sequence[Any]], /) -> Any: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...


class CaseSummary(NamedTuple):
    """One row of ``Store.cases()``: a case's head, without its history.

    (Named tuples, like ``Event``: a query may return many thousands.)
    """

    id: str
    workflow: str
    version: str
    state: str
    events: int
    opened_at: dt.datetime
    updated_at: dt.datetime


class DueDeadline(NamedTuple):
    """A running deadline from the index: ``due`` is a date, or a datetime when timed.

    ``overdue_from`` is the instant (UTC) from which it is overdue: the end
    of the due day in the workflow's zone, or just after a timed due.
    """

    case_id: str
    workflow: str
    version: str
    state: str
    name: str
    due: dt.date | dt.datetime
    overdue_from: dt.datetime


@attrs.frozen(slots=True)
class Write:
    """Everything one case's save writes, computed before the transaction opens."""

    case: Case
    expected: int
    head: tuple[Any, ...]
    events: list[tuple[Any, ...]]
    secrets: list[tuple[Any, ...]]
    deadlines: list[tuple[Any, ...]]


def utc_text(at: dt.datetime) -> str:
    """Fixed-width UTC ISO 8601 text, so that text order is time order."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _parse_utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)  # reads the "Z" since Python 3.11


def _parse_due(text: str) -> dt.date | dt.datetime:
    if len(text) == 10:
        return dt.date.fromisoformat(text)
    return dt.datetime.fromisoformat(text)


AuditItem = tuple[str, str, dt.datetime, Reveal, Sequence[str]]
"""(case id, action, when, the reveal, the fields revealed), for ``Store._audit``."""


class Store(abc.ABC):
    """A durable store of case histories (SQLite or PostgreSQL); see ``open_store``.

    Pass the app's ``Workflow`` objects once with ``register`` (or to
    ``save``/``load``): the store keeps each definition's YAML too, so that
    a case is always rebuilt under the version it ran under, and so that the
    command line can read cases without the app.
    """

    dialect: ClassVar[str]

    def _refuse_newer(self, version: int) -> None:
        """Refuse a store written by a newer schema than this caseflow reads."""
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"the store {self.url} was written by a newer caseflow (schema version "
                f"{version}; this caseflow reads versions up to {SCHEMA_VERSION}); upgrade "
                "caseflow to use it. Nothing was changed"
            )

    def __init__(self, url: str) -> None:
        self.url = url
        self._lock = threading.RLock()
        self._workflows: dict[tuple[str, str], WorkflowLike] = {}
        self._complete: dict[tuple[str, str], bool] = {}
        # The definition known to be stored under each (name, version).
        self._stored: dict[tuple[str, str], WorkflowSpec] = {}
        self._tables: dict[int, tuple[WorkflowSpec, Table]] = {}
        self._confidential: dict[str, frozenset[str]] = {}
        self._live: dict[int, tuple[WorkflowSpec, frozenset[str]]] = {}

    # -- what a backend supplies -------------------------------------------------

    @abc.abstractmethod
    def _reading(self) -> contextlib.AbstractContextManager[Cursor]:
        """A cursor in a read transaction (one consistent snapshot)."""

    @abc.abstractmethod
    def _writing(self, doing: str) -> contextlib.AbstractContextManager[Cursor]:
        """A cursor in a write transaction: committed on success, rolled back on error.

        Backend errors become ``StoreError`` whose message starts with ``doing``.
        """

    @abc.abstractmethod
    def close(self) -> None:
        """Close the connection; the store cannot be used afterwards."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.url}>"

    # -- workflow definitions --------------------------------------------------------

    def register(self, workflow: WorkflowLike) -> None:
        """Use ``workflow`` for its cases, and keep its definition in the store.

        A definition is stored once per (name, version) and never changed: a
        different definition under a stored name and version is refused
        (give it a new version and migrate the cases).
        """
        spec = getattr(workflow, "spec", None)
        if not isinstance(spec, WorkflowSpec):
            raise InputError(f"expected a caseflow Workflow, not {type(workflow).__name__}")
        with self._lock:
            self._store_definition(spec)
            key = (spec.name, spec.version)
            self._workflows[key] = workflow

    def workflows(self) -> list[tuple[str, str]]:
        """The (name, version) of every workflow definition in the store, sorted."""
        with self._lock, self._reading() as cur:
            cur.execute("SELECT name, version FROM workflows ORDER BY name, version")
            return [(str(n), str(v)) for n, v in cur.fetchall()]

    def definition(self, name: str, version: str) -> str:
        """The YAML text of a stored workflow definition."""
        with self._lock, self._reading() as cur:
            cur.execute(
                self._q("SELECT definition FROM workflows WHERE name = ? AND version = ?"),
                (name, version),
            )
            row = cur.fetchone()
        if row is None:
            raise self._unknown_workflow(name, version)
        return str(row[0])

    def _store_definition(self, spec: WorkflowSpec, cur: Cursor | None = None) -> None:
        key = (spec.name, spec.version)
        known = self._stored.get(key)
        if known is not None and (known is spec or known == spec):
            return
        text, complete = definition_text(spec)
        # Read first: a store opened read-only can still check a definition.
        with self._read_with(cur) as c:
            c.execute(
                self._q(
                    "SELECT definition, complete FROM workflows WHERE name = ? AND version = ?"
                ),
                key,
            )
            row = c.fetchone()
        if row is not None:
            complete = self._same_as_stored(spec, text, complete, row)
        elif cur is None:
            with self._writing(f"storing workflow {spec.name!r} version {spec.version!r}") as c:
                complete = self._put_definition(c, spec, text, complete)
        else:
            complete = self._put_definition(cur, spec, text, complete)
        self._stored[key] = spec
        self._complete[key] = complete
        self._confidential.pop(spec.name, None)

    def _put_definition(self, cur: Cursor, spec: WorkflowSpec, text: str, complete: bool) -> bool:
        cur.execute(
            self._q(
                "INSERT INTO workflows (name, version, definition, complete) "
                "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING"
            ),
            (spec.name, spec.version, text, int(complete)),
        )
        if cur.rowcount == 1:
            return complete
        # Another writer stored it between our read and this insert.
        cur.execute(
            self._q("SELECT definition, complete FROM workflows WHERE name = ? AND version = ?"),
            (spec.name, spec.version),
        )
        return self._same_as_stored(spec, text, complete, cur.fetchone())

    def _same_as_stored(
        self, spec: WorkflowSpec, text: str, complete: bool, row: Sequence[Any]
    ) -> bool:
        stored, stored_complete = str(row[0]), bool(row[1])
        if stored != text and not _same_definition(stored, text):
            raise StoreError(
                f"workflow {spec.name!r} version {spec.version!r} is already stored with a "
                "different definition; a stored version never changes, so that every case "
                "keeps the rules it ran under: give the changed definition a new version and "
                "move cases to it with store.migrate()"
            )
        return complete or stored_complete

    def _unknown_workflow(self, name: str, version: str) -> StoreError:
        return StoreError(
            f"workflow {name!r} version {version!r} is not in the store {self.url}; "
            "register it once with store.register(wf), or pass it: store.save(case, wf)"
        )

    def _workflow(
        self,
        name: str,
        version: str,
        given: WorkflowLike | None = None,
        cur: Cursor | None = None,
    ) -> WorkflowLike:
        """The workflow for (name, version): ``given``, a registered one, or the stored YAML."""
        key = (name, version)
        if given is not None and (given.spec.name, given.spec.version) == key:
            self._store_definition(given.spec, cur)
            self._workflows[key] = given
            return given
        found = self._workflows.get(key)
        if found is not None:
            return found
        with self._read_with(cur) as c:
            c.execute(
                self._q(
                    "SELECT definition, complete FROM workflows WHERE name = ? AND version = ?"
                ),
                key,
            )
            row = c.fetchone()
        if row is None:
            raise self._unknown_workflow(name, version)
        try:
            spec = read_workflow(str(row[0]), filename=f"<store: {name} {version}>")
            rebuilt = StoredWorkflow(spec)
        except CaseflowError as err:
            raise StoreError(
                f"the stored definition of workflow {name!r} version {version!r} cannot be "
                f"loaded by this caseflow ({type(err).__name__}); pass the Workflow object: "
                "store.register(wf)"
            ) from err
        self._workflows[key] = rebuilt
        self._stored[key] = spec
        self._complete[key] = bool(row[1])
        return rebuilt

    @contextlib.contextmanager
    def _read_with(self, cur: Cursor | None) -> Iterator[Cursor]:
        if cur is not None:
            yield cur
        else:
            with self._reading() as c:
                yield c

    def _deadline_workflow(self, wf: WorkflowLike) -> WorkflowLike:
        key = (wf.spec.name, wf.spec.version)
        if isinstance(wf, StoredWorkflow) and not self._complete.get(key, False):
            raise StoreError(
                f"workflow {key[0]!r} version {key[1]!r} was stored from a definition that its "
                "YAML does not fully hold (deadline rules or readers set in Python), so this "
                "store cannot keep its deadline index from the YAML alone; pass the Workflow "
                "object: store.register(wf)"
            )
        return wf

    def _table(self, wf: WorkflowLike) -> Table:
        cached = self._tables.get(id(wf.spec))
        if cached is None or cached[0] is not wf.spec:
            cached = (wf.spec, transition_table(wf.spec))
            self._tables[id(wf.spec)] = cached
        return cached[1]

    def _confidential_for(self, name: str, cur: Cursor | None = None) -> frozenset[str]:
        """Fields confidential in any stored version of workflow ``name``.

        A field confidential in one version stays apart in every version, so
        that a migration can never move a secret into the events table.
        """
        found = self._confidential.get(name)
        if found is not None:
            return found
        with self._read_with(cur) as c:
            c.execute(self._q("SELECT version, definition FROM workflows WHERE name = ?"), (name,))
            rows = c.fetchall()
        names: set[str] = set()
        for version, text in rows:
            wf = self._workflows.get((name, str(version)))
            if wf is not None:
                names |= confidential_fields(wf.spec)
                continue
            try:
                names |= confidential_fields(read_workflow(str(text)))
            except DefinitionError as err:
                raise StoreError(
                    f"the stored definition of workflow {name!r} version {version!r} cannot be "
                    "read, so its confidential fields are unknown; refusing to write"
                ) from err
        found = frozenset(names)
        self._confidential[name] = found
        return found

    # -- saving ------------------------------------------------------------------------

    def save(self, case: Case, workflow: WorkflowLike | None = None) -> None:
        """Write the case's new events, its head and its deadlines in one transaction.

        Raises ``ConcurrencyError`` (and writes nothing) if another writer
        appended to the case since it was loaded or last saved, or if a new
        case's id is already taken. The new events are checked first: they
        must be legal steps of the case's workflow version.
        """
        self.save_many([case], workflow)

    def save_many(self, cases: Iterable[Case], workflow: WorkflowLike | None = None) -> None:
        """Save several cases in one transaction: all of them, or none."""
        with self._lock:
            writes = [w for case in cases if (w := self._prepare(case, workflow)) is not None]
            if not writes:
                return
            ids = [w.case.id for w in writes]
            if len(set(ids)) != len(ids):
                raise InputError("save_many() got the same case twice; save each case once")
            doing = f"saving case {ids[0]!r}" if len(ids) == 1 else f"saving {len(ids)} cases"
            with self._writing(doing) as cur:
                # In id order, so that two writers saving overlapping batches take
                # the rows' locks in the same order and never deadlock (PostgreSQL).
                for w in sorted(writes, key=lambda w: w.case.id):
                    self._apply(cur, w)
            for w in writes:
                w.case.saved = len(w.case.history)
                log.debug("saved case %r: events %d..%d", w.case.id, w.expected, w.case.saved - 1)

    def _prepare(self, case: Case, given: WorkflowLike | None) -> Write | None:
        if not isinstance(case, Case):
            raise InputError(f"save() expects a caseflow Case, not {type(case).__name__}")
        total, saved = len(case.history), case.saved
        if not 0 <= saved <= total:
            raise InputError(
                f"case {case.id!r} says {saved} of its {total} events are saved; that cannot be"
            )
        if saved == total:
            return None
        if given is not None and (given.spec.name, given.spec.version) != (
            case.workflow,
            case.version,
        ):
            raise InputError(
                f"case {case.id!r} runs under workflow {case.workflow!r} version "
                f"{case.version!r}, not {given.spec.name!r} version {given.spec.version!r}"
            )
        wf = self._workflow(case.workflow, case.version, given)
        self._store_definition(wf.spec)
        self._check_new_events(case, wf)
        confidential = self._confidential_for(case.workflow)
        events, secrets = self._event_rows(case, saved, confidential, case.version)
        deadlines = self._deadline_rows(self._deadline_workflow(wf), case)
        head = (
            case.id,
            case.workflow,
            case.version,
            case.state,
            total,
            case.history[0].at.isoformat(),
            case.history[-1].at.isoformat(),
        )
        return Write(case, saved, head, events, secrets, deadlines)

    def _check_new_events(self, case: Case, wf: WorkflowLike) -> None:
        saved = case.saved
        try:
            if saved == 0:
                state = wf.replay(case.id, case.history).state
            else:
                before = case.history[saved - 1]
                state = fold(
                    wf.spec,
                    self._table(wf),
                    case.id,
                    before.dest,
                    before.at,
                    case.history[saved:],
                    saved,
                )
        except HistoryError as err:
            raise StoreError(
                f"cannot save case {case.id!r}: event {err.index} is not a legal step of "
                f"workflow {case.workflow!r} version {case.version!r}: {err}; nothing was written"
            ) from err
        if state != case.state:
            raise StoreError(
                f"cannot save case {case.id!r}: its history ends in state {state!r} but the case "
                f"says {case.state!r}; nothing was written"
            )

    def _event_rows(
        self,
        case: Case,
        first: int,
        confidential: frozenset[str],
        version: str,
        *,
        versions: Sequence[str] | None = None,
        at_texts: Sequence[str] | None = None,
        withheld_ok: bool = False,
        refuse: Callable[[int, Event, list[str]], CaseflowError] | None = None,
    ) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        """Rows for the events table and the secrets table, from event ``first`` on.

        A confidential field whose value is the placeholder is refused
        (``refuse`` builds the error), or with ``withheld_ok`` kept with no
        value at all. ``at_texts`` are the events' times as the caller read
        them (an import keeps them as written; formatting a time is slow).
        """
        events: list[tuple[Any, ...]] = []
        secrets: list[tuple[Any, ...]] = []
        cid = case.id
        if not isinstance(cid, str) or not cid or "\x00" in cid:
            raise InputError(f"a case id must be non-empty text without NUL characters: {cid!r}")
        dumps = _DUMPS
        history = case.history
        add = events.append
        # The import's hot loop (a million events): plain locals, few calls.
        for seq in range(first, len(history)):
            event = history[seq]
            trigger, source, dest, at, actor, role, note, changes = event
            if (type(at) is not dt.datetime or at.tzinfo is None) and (
                not isinstance(at, dt.datetime) or at.tzinfo is None
            ):
                raise InputError(
                    f"case {cid!r}, event {seq}: its time must be an aware datetime, "
                    f"not {type(at).__name__}"
                )
            text = None
            if changes:
                public: Mapping[str, Any] = changes
                if confidential and not confidential.isdisjoint(changes):
                    public, kept, placeholders = split_changes(changes, confidential)
                    if placeholders and not withheld_ok:
                        if refuse is not None:
                            raise refuse(seq, event, placeholders)
                        raise StoreError(
                            f"cannot save case {cid!r}: event {seq} ({trigger!r}) sets the "
                            f"confidential field(s) {', '.join(sorted(placeholders))} to the "
                            f"placeholder {REDACTED!r}. A case loaded without a reveal does not "
                            "carry hidden values, so this save is refused to keep the stored "
                            "ones: give the real value, or leave the field out of the step's data"
                        )
                    for name, value in kept:
                        secrets.append((cid, seq, name, _json(value, cid, seq, name)))
                try:
                    text = dumps(public if type(public) is dict else dict(public))
                except (TypeError, ValueError):
                    text = _json(dict(public), cid, seq, None)
            if (
                (actor is not None and (type(actor) is not str or "\x00" in actor))
                or (role is not None and (type(role) is not str or "\x00" in role))
                or (note is not None and (type(note) is not str or "\x00" in note))
            ):
                _check_texts(cid, seq, actor, role, note)
            add(
                (
                    cid,
                    seq,
                    trigger,
                    source,
                    dest,
                    at.isoformat() if at_texts is None else at_texts[seq],
                    actor,
                    role,
                    note,
                    text,
                    versions[seq] if versions is not None else version,
                )
            )
        return events, secrets

    def _deadline_rows(self, wf: WorkflowLike, case: Case) -> list[tuple[Any, ...]]:
        """The index rows of the case's running and paused deadlines.

        A clock runs only in its rule's ``runs_in`` states and waits in its
        ``paused_in`` ones; in any other state every deadline is met or not
        started, so nothing is evaluated and nothing indexed.
        """
        spec = wf.spec
        live = self._live.get(id(spec))
        if live is None or live[0] is not spec:
            states = {s for r in spec.deadlines for s in (*r.runs_in, *r.paused_in)}
            live = (spec, frozenset(states))
            self._live[id(spec)] = live
        if case.state not in live[1]:
            return []
        try:
            deadlines = wf.deadlines(case, now=case.history[-1].at)
        except ConfigurationError as err:
            raise StoreError(
                f"cannot compute the deadlines of case {case.id!r}: {err}; pass the app's "
                "Workflow object (store.register(wf)) so that its registered guards are known"
            ) from err
        tz = spec_zone(wf.spec)
        rows = []
        for d in deadlines:
            due, due_at = d.due, None
            if isinstance(due, dt.datetime):
                due_at = utc_text(due + dt.timedelta(microseconds=1))
            elif isinstance(due, dt.date):
                end = dt.datetime.combine(due + dt.timedelta(days=1), dt.time(), tzinfo=tz)
                due_at = utc_text(end)
            if d.status == "met":
                continue
            rows.append(
                (
                    case.id,
                    d.name,
                    due.isoformat() if due is not None else None,
                    due_at,
                    d.status,
                    case.workflow,
                    case.version,
                    case.state,
                )
            )
        return rows

    def _apply(self, cur: Cursor, w: Write) -> None:
        cid = w.case.id
        if w.expected == 0:
            cur.execute(
                self._q(
                    "INSERT INTO cases (id, workflow, version, state, seq, opened_at, updated_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING"
                ),
                w.head,
            )
        else:
            _, _, version, state, seq, _, updated = w.head
            cur.execute(
                self._q(
                    "UPDATE cases SET version = ?, state = ?, seq = ?, updated_at = ? "
                    "WHERE id = ? AND seq = ?"
                ),
                (version, state, seq, updated, cid, w.expected),
            )
        if cur.rowcount != 1:
            raise self._conflict(cur, cid, w.expected)
        cur.executemany(
            self._q(
                "INSERT INTO events (case_id, seq, trigger, source, dest, at, actor, role, note, "
                "changes, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            ),
            w.events,
        )
        if w.secrets:
            cur.executemany(
                self._q("INSERT INTO secrets (case_id, seq, field, value) VALUES (?, ?, ?, ?)"),
                w.secrets,
            )
        if w.expected:
            cur.execute(self._q("DELETE FROM deadlines WHERE case_id = ?"), (cid,))
        if w.deadlines:
            cur.executemany(
                self._q(
                    "INSERT INTO deadlines (case_id, name, due, due_at, status, workflow, "
                    "version, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                ),
                w.deadlines,
            )

    def _insert_new(self, cur: Cursor, writes: Sequence[Write]) -> None:
        """Insert new cases in bulk (the caller made sure their ids are free)."""
        cur.executemany(
            self._q(
                "INSERT INTO cases (id, workflow, version, state, seq, opened_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)"
            ),
            [w.head for w in writes],
        )
        cur.executemany(
            self._q(
                "INSERT INTO events (case_id, seq, trigger, source, dest, at, actor, role, note, "
                "changes, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            ),
            [row for w in writes for row in w.events],
        )
        secrets = [row for w in writes for row in w.secrets]
        if secrets:
            cur.executemany(
                self._q("INSERT INTO secrets (case_id, seq, field, value) VALUES (?, ?, ?, ?)"),
                secrets,
            )
        deadlines = [row for w in writes for row in w.deadlines]
        if deadlines:
            cur.executemany(
                self._q(
                    "INSERT INTO deadlines (case_id, name, due, due_at, status, workflow, "
                    "version, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                ),
                deadlines,
            )

    def _conflict(self, cur: Cursor, cid: str, expected: int) -> StoreError:
        cur.execute(self._q("SELECT seq FROM cases WHERE id = ?"), (cid,))
        row = cur.fetchone()
        if row is None:
            return StoreError(
                f"cannot save case {cid!r}: it says {expected} of its events are saved, but the "
                f"store {self.url} has no case {cid!r}; was it loaded from another store? Copy "
                "cases between stores with export and import"
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
            f"cannot save case {cid!r}: the store has {stored} of its events but this copy says "
            f"{expected} were saved; was it loaded from another store or a newer backup?"
        )

    # -- loading --------------------------------------------------------------------------

    def exists(self, case_id: str) -> bool:
        """Whether the store has a case with this id."""
        with self._lock, self._reading() as cur:
            cur.execute(self._q("SELECT 1 FROM cases WHERE id = ?"), (case_id,))
            return cur.fetchone() is not None

    def load(
        self,
        case_id: str,
        workflow: WorkflowLike | None = None,
        *,
        reveal: Reveal | None = None,
    ) -> Case:
        """Rebuild a case by replaying its stored history.

        ``workflow`` must be the version the case runs under now (after a
        migration, the new one); without it, the registered or stored
        definition is used. Confidential values read as ``REDACTED`` unless
        ``reveal`` names a role among the fields' readers; the reveal is then
        recorded in the audit table before any value is returned. A history
        that is corrupted or not a legal run raises ``StoreError`` naming
        the case and the event.
        """
        with self._lock:
            head, rows = self._read_case(case_id)
            name, version = head[1], head[2]
            if workflow is not None:
                self._check_workflow(case_id, name, version, workflow)
            current = self._workflow(name, version, workflow)
            if reveal is None:
                case = self._rebuild(case_id, head, rows, current)
            else:
                fields = readable_fields(current.spec, reveal, strict=True)
                at = reveal.when(spec_zone(current.spec))
                secrets = self._read_secrets(case_id, fields, head[4]) if fields else {}
                case = self._rebuild(case_id, head, rows, current, secrets)
                # Recorded before any value leaves: if the audit cannot be
                # written (a read-only store), nothing is revealed.
                self._audit([(case_id, "reveal", at, reveal, fields)])
            case.saved = len(case.history)
            return case

    def versions(self, case_id: str) -> list[str]:
        """The workflow version each event of the case was recorded under, in order."""
        with self._lock, self._reading() as cur:
            cur.execute(
                self._q("SELECT version FROM events WHERE case_id = ? ORDER BY seq"), (case_id,)
            )
            rows = cur.fetchall()
        if not rows:
            raise StoreError(f"no case {case_id!r} in the store {self.url}")
        return [str(r[0]) for r in rows]

    def _check_workflow(self, case_id: str, name: str, version: str, wf: WorkflowLike) -> None:
        spec = getattr(wf, "spec", None)
        if not isinstance(spec, WorkflowSpec):
            raise InputError(f"expected a caseflow Workflow, not {type(wf).__name__}")
        if spec.name != name:
            raise InputError(
                f"case {case_id!r} belongs to workflow {name!r}, not {spec.name!r}; load it "
                f"with workflow {name!r}"
            )
        if spec.version != version:
            raise StoreError(
                f"case {case_id!r} runs under workflow {name!r} version {version!r}, and this "
                f"is version {spec.version!r}; load it with version {version!r}, or move it "
                f"to {spec.version!r} first: store.migrate({case_id!r}, wf, mapping=..., "
                "at=..., actor=...)"
            )

    def _read_case(self, case_id: str) -> tuple[tuple[Any, ...], list[Any]]:
        if not isinstance(case_id, str):
            raise InputError(f"a case id is text, not {type(case_id).__name__} {case_id!r}")
        with self._reading() as cur:
            cur.execute(
                self._q(
                    "SELECT id, workflow, version, state, seq, opened_at, updated_at "
                    "FROM cases WHERE id = ?"
                ),
                (case_id,),
            )
            head = cur.fetchone()
            if head is None:
                raise StoreError(
                    f"no case {case_id!r} in the store {self.url}; "
                    "store.cases() lists the cases it has"
                )
            cur.execute(
                self._q(
                    "SELECT seq, trigger, source, dest, at, actor, role, note, changes, version "
                    "FROM events WHERE case_id = ? ORDER BY seq"
                ),
                (case_id,),
            )
            rows = cur.fetchall()
        return tuple(head), rows

    def _read_secrets(
        self, case_id: str, fields: Sequence[str], count: int
    ) -> dict[int, dict[str, Any]]:
        marks = ", ".join("?" * len(fields))
        with self._reading() as cur:
            cur.execute(
                self._q(
                    f"SELECT seq, field, value FROM secrets WHERE case_id = ? AND seq < ? "
                    f"AND field IN ({marks})"
                ),
                (case_id, count, *fields),
            )
            rows = cur.fetchall()
        out: dict[int, dict[str, Any]] = {}
        for seq, field, value in rows:
            try:
                out.setdefault(int(seq), {})[str(field)] = json.loads(value)
            except ValueError:
                raise StoreError(
                    f"case {case_id!r}, event {seq}: the stored value of confidential field "
                    f"{field!r} is not valid JSON; the row is corrupted"
                ) from None
        return out

    def _rebuild(
        self,
        case_id: str,
        head: Sequence[Any],
        rows: Sequence[Any],
        current: WorkflowLike,
        secrets: Mapping[int, Mapping[str, Any]] | None = None,
    ) -> Case:
        count = int(head[4])
        if len(rows) != count:
            raise StoreError(
                f"case {case_id!r} is corrupted: its head row says {count} events but the store "
                f"holds {len(rows)}"
            )
        events, versions = decode_events(case_id, rows, secrets)
        name = str(head[1])

        def resolve(version: str) -> WorkflowLike:
            if version == current.spec.version:
                return current
            return self._workflow(name, version)

        try:
            case = replay_versions(case_id, events, versions, resolve, self._table)
        except HistoryError as err:
            raise StoreError(
                f"case {case_id!r} cannot be rebuilt from the store: event {err.index} is not a "
                f"legal step: {err}"
            ) from err
        if case.state != head[3] or case.version != head[2]:
            raise StoreError(
                f"case {case_id!r} is corrupted: its head row says state {head[3]!r} under "
                f"version {head[2]!r}, but its history ends in {case.state!r} under version "
                f"{case.version!r}"
            )
        return case

    # -- migration ------------------------------------------------------------------------

    def migrate(
        self,
        case_id: str,
        workflow: WorkflowLike,
        *,
        mapping: Mapping[str, str],
        at: Any,
        actor: str | None = None,
        role: str | None = None,
        note: str | None = None,
    ) -> Case:
        """Move a case to another version of its workflow, recording a ``migrate`` event.

        ``mapping`` maps old states to states of ``workflow``; it must cover
        the state the case is in (an incomplete mapping is refused, naming
        what is missing). The events before the migration keep being
        replayed under the old version; the ones after it under the new.
        Returns the migrated case, already saved.
        """
        with self._lock:
            head, _ = self._read_case(case_id)
            name, old_version = str(head[1]), str(head[2])
            spec = workflow.spec
            if spec.name != name:
                raise InputError(
                    f"case {case_id!r} belongs to workflow {name!r}; it cannot migrate to "
                    f"{spec.name!r} (only to another version of {name!r})"
                )
            if spec.version == old_version:
                raise InputError(
                    f"case {case_id!r} already runs under workflow {name!r} version "
                    f"{old_version!r}; migrate to another version"
                )
            case = self.load(case_id)
            old = self._workflow(name, old_version)
            _check_mapping(case, old.spec, spec, mapping)
            when = to_datetime(at, spec_zone(spec), what="at")
            last = case.history[-1]
            if when < last.at:
                raise InputError(
                    f"migration at {when.isoformat()} is earlier than the case's last event "
                    f"({last.trigger!r} at {last.at.isoformat()}); events are recorded in "
                    "time order"
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
            self._workflow(name, spec.version, workflow)
            events, _ = self._event_rows(moved, case.saved, frozenset(), spec.version)
            deadlines = self._deadline_rows(self._deadline_workflow(workflow), moved)
            head_row = (
                case.id,
                name,
                spec.version,
                moved.state,
                len(moved.history),
                moved.history[0].at.isoformat(),
                when.isoformat(),
            )
            write = Write(moved, case.saved, head_row, events, [], deadlines)
            with self._writing(f"migrating case {case_id!r}") as cur:
                self._apply(cur, write)
            moved.saved = len(moved.history)
            log.info("migrated case %r from %s %s to %s", case_id, name, old_version, spec.version)
            return moved

    # -- queries ----------------------------------------------------------------------------

    def cases(
        self,
        *,
        workflow: str | None = None,
        state: str | None = None,
        limit: int | None = None,
        after: str | None = None,
    ) -> list[CaseSummary]:
        """The cases (heads only), by id; filter by workflow name and state.

        ``after`` gives the page after that case id (keyset paging with ``limit``).
        """
        where, params = [], []
        if workflow is not None:
            where.append("workflow = ?")
            params.append(workflow)
        if state is not None:
            where.append("state = ?")
            params.append(state)
        if after is not None:
            where.append("id > ?")
            params.append(after)
        sql = "SELECT id, workflow, version, state, seq, opened_at, updated_at FROM cases"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY id"
        if limit is not None:
            sql += f" LIMIT {_limit(limit)}"
        with self._lock, self._reading() as cur:
            cur.execute(self._q(sql), params)
            rows = cur.fetchall()
        return [
            CaseSummary(
                id=r[0],
                workflow=r[1],
                version=r[2],
                state=r[3],
                events=int(r[4]),
                opened_at=dt.datetime.fromisoformat(r[5]),
                updated_at=dt.datetime.fromisoformat(r[6]),
            )
            for r in rows
        ]

    def count(self, *, workflow: str | None = None, state: str | None = None) -> int:
        """How many cases match (same filters as ``cases``)."""
        where, params = [], []
        if workflow is not None:
            where.append("workflow = ?")
            params.append(workflow)
        if state is not None:
            where.append("state = ?")
            params.append(state)
        sql = "SELECT COUNT(*) FROM cases" + (" WHERE " + " AND ".join(where) if where else "")
        with self._lock, self._reading() as cur:
            cur.execute(self._q(sql), params)
            return int(cur.fetchone()[0])

    def overdue(
        self, now: Any, *, workflow: str | None = None, limit: int | None = None
    ) -> list[DueDeadline]:
        """Running deadlines already overdue at ``now``, the most overdue first.

        Served from the deadline index that every save keeps (each case's
        deadlines as of its last event), not by replaying cases. A naive
        ``now`` is in Asia/Ho_Chi_Minh.
        """
        return self.due_before(now, workflow=workflow, limit=limit)

    def due_before(
        self, when: Any, *, workflow: str | None = None, limit: int | None = None
    ) -> list[DueDeadline]:
        """Running deadlines whose due time passes before ``when``, earliest first.

        A deadline due on a day passes at the end of that day (in its
        workflow's zone), so ``due_before(now)`` is what is overdue at ``now``.
        """
        moment = to_datetime(when, zone(DEFAULT_ZONE), what="when")
        sql = (
            "SELECT case_id, workflow, version, state, name, due, due_at FROM deadlines "
            "WHERE status IN ('pending', 'overdue') AND due_at <= ?"
        )
        params: list[Any] = [utc_text(moment)]
        if workflow is not None:
            sql += " AND workflow = ?"
            params.append(workflow)
        sql += " ORDER BY due_at, case_id, name"  # the partial index's order
        if limit is not None:
            sql += f" LIMIT {_limit(limit)}"
        with self._lock, self._reading() as cur:
            cur.execute(self._q(sql), params)
            rows = cur.fetchall()
        return [
            DueDeadline(
                case_id=r[0],
                workflow=r[1],
                version=r[2],
                state=r[3],
                name=r[4],
                due=_parse_due(r[5]),
                overdue_from=_parse_utc(r[6]),
            )
            for r in rows
        ]

    # -- audit -------------------------------------------------------------------------------

    def audit(self, case_id: str) -> list[AuditRecord]:
        """Every recorded access to the case's confidential values, oldest first."""
        with self._lock, self._reading() as cur:
            cur.execute(
                self._q(
                    "SELECT case_id, action, at, actor, role, reason, fields, recorded_at "
                    "FROM audit WHERE case_id = ? ORDER BY id"
                ),
                (case_id,),
            )
            rows = cur.fetchall()
        return [
            AuditRecord(
                case_id=r[0],
                action=r[1],
                at=dt.datetime.fromisoformat(r[2]),
                actor=r[3],
                role=r[4],
                reason=r[5],
                fields=tuple(json.loads(r[6])),
                recorded_at=r[7],
            )
            for r in rows
        ]

    def _audit(self, records: Sequence[AuditItem]) -> None:
        rows = [
            (cid, action, at.isoformat(), r.actor, r.role, r.reason, dump_json(list(fields)))
            for cid, action, at, r, fields in records
        ]
        with self._writing("recording the reveal in the audit table") as cur:
            cur.executemany(
                self._q(
                    "INSERT INTO audit (case_id, action, at, actor, role, reason, fields) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)"
                ),
                rows,
            )
        for cid, action, _, r, fields in records:
            log.info(
                "%s of %s in case %r to %r as %r",
                action,
                ", ".join(fields) or "no field",
                cid,
                r.actor,
                r.role,
            )

    # -- export and import (JSON Lines; see caseflow.store.jsonl) ----------------------------

    def export_jsonl(
        self,
        out: IO[str],
        *,
        workflow: str | None = None,
        reveal: Reveal | None = None,
        progress: Any = None,
    ) -> int:
        """Write every case (or one workflow's) as one JSON line; returns the count.

        Redacted unless ``reveal`` names a role allowed to read the fields;
        every case whose values are revealed gets an ``export`` audit record.
        """
        from caseflow.store.jsonl import export_cases

        with self._lock:
            return export_cases(self, out, workflow=workflow, reveal=reveal, progress=progress)

    def import_jsonl(
        self,
        lines: Iterable[str],
        *,
        workflows: Iterable[WorkflowLike] = (),
        accept_redacted: bool = False,
        progress: Any = None,
    ) -> int:
        """Import cases from JSON Lines in one transaction: all of them, or none.

        Every case is checked by replaying its history; the first bad line
        raises an error naming its line number, and nothing is written.
        Confidential values shown as the placeholder (a redacted export) are
        refused unless ``accept_redacted``; then they are kept as withheld
        (no value; revealing them shows the placeholder).
        """
        from caseflow.store.jsonl import import_cases

        with self._lock:
            return import_cases(
                self,
                lines,
                workflows=workflows,
                accept_redacted=accept_redacted,
                progress=progress,
            )

    # -- helpers for backends and jsonl --------------------------------------------------

    def _q(self, sql: str) -> str:
        """``sql`` in the backend's parameter style (written with ``?``)."""
        return sql


def decode_events(
    case_id: str,
    rows: Sequence[Any],
    secrets: Mapping[int, Mapping[str, Any]] | None = None,
) -> tuple[list[Event], list[str]]:
    """Events and their versions from stored rows, checking each; secrets put back if given."""
    events: list[Event] = []
    versions: list[str] = []
    fromiso = dt.datetime.fromisoformat
    loads = json.loads
    for index, row in enumerate(rows):
        seq, trigger, source, dest, at, actor, role, note, changes, version = row
        if seq != index:
            raise StoreError(
                f"case {case_id!r} is corrupted: event {index} is missing (found event {seq} "
                "in its place)"
            )
        try:
            when = fromiso(at)
        except (TypeError, ValueError):
            raise StoreError(
                f"case {case_id!r}, event {seq}: the stored time is not ISO 8601 text; "
                "the row is corrupted"
            ) from None
        if when.tzinfo is None:
            raise StoreError(
                f"case {case_id!r}, event {seq}: the stored time has no UTC offset; "
                "the row is corrupted"
            )
        values: Mapping[str, Any] = EMPTY
        if changes is not None:
            try:
                values = loads(changes)
            except ValueError as err:
                reason = err.msg if isinstance(err, json.JSONDecodeError) else "bad text"
                raise StoreError(
                    f"case {case_id!r}, event {seq}: the stored changes are not valid JSON "
                    f"({reason} at character {getattr(err, 'pos', '?')}); the row is corrupted"
                ) from None
            if not isinstance(values, dict):
                raise StoreError(
                    f"case {case_id!r}, event {seq}: the stored changes must be a JSON object, "
                    f"not a JSON {type(values).__name__}; the row is corrupted"
                )
            if secrets is not None and seq in secrets:
                values = dict(values)
                for name, value in secrets[seq].items():
                    if values.get(name) != REDACTED:
                        raise StoreError(
                            f"case {case_id!r}, event {seq}: a value of confidential field "
                            f"{name!r} is stored apart, but the event does not set that field; "
                            "the rows are corrupted"
                        )
                    values[name] = value
        if not isinstance(trigger, str) or not isinstance(dest, str):
            raise StoreError(f"case {case_id!r}, event {seq}: trigger and dest must be text")
        events.append(Event(trigger, source, dest, when, actor, role, note, values))
        versions.append(str(version))
    return events, versions


_DEFINITIONS: dict[int, tuple[WorkflowSpec, str, bool]] = {}


def definition_text(spec: WorkflowSpec) -> tuple[str, bool]:
    """The YAML text of ``spec``, and whether it loads back equal (holds the whole spec).

    Cached per spec object: dumping a large workflow takes a fifth of a second.
    """
    cached = _DEFINITIONS.get(id(spec))
    if cached is not None and cached[0] is spec:
        return cached[1], cached[2]
    text = dump_workflow(spec)
    try:
        complete = read_workflow(text) == spec
    except DefinitionError:
        complete = False
    if len(_DEFINITIONS) >= 64:
        _DEFINITIONS.pop(next(iter(_DEFINITIONS)))
    _DEFINITIONS[id(spec)] = (spec, text, complete)
    return text, complete


_DUMPS = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode


def _check_texts(cid: str, seq: int, *values: Any) -> None:
    for name, value in zip(("actor", "role", "note"), values, strict=True):
        if value is not None and (type(value) is not str or "\x00" in value):
            raise InputError(
                f"case {cid!r}, event {seq}: {name!r} must be text without NUL characters "
                "(PostgreSQL cannot keep them, so no store accepts them)"
            )


def _json(value: Any, case_id: str, seq: int, field: str | None) -> str:
    try:
        return dump_json(value)
    except (TypeError, ValueError):
        where = f"field {field!r}" if field else "its data"
        raise InputError(
            f"case {case_id!r}, event {seq}: {where} cannot be stored as JSON; case data "
            "must be text, numbers, true/false, null, lists or mappings"
        ) from None


def _limit(limit: int) -> int:
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 0:
        raise InputError(f"limit={limit!r} must be a whole number, 0 or more")
    return limit


def _same_definition(a: str, b: str) -> bool:
    try:
        return read_workflow(a) == read_workflow(b)
    except DefinitionError:
        return False


def _check_mapping(
    case: Case, old: WorkflowSpec, new: WorkflowSpec, mapping: Mapping[str, str]
) -> None:
    if not isinstance(mapping, Mapping):
        raise InputError(f"mapping must map old states to new ones, not {type(mapping).__name__}")
    old_states = [s.name for s in old.states]
    new_states = [s.name for s in new.states]
    problems = []
    for key, value in mapping.items():
        if key not in old_states:
            problems.append(
                f"{key!r} is not a state of version {old.version!r}"
                f"{did_you_mean(str(key), old_states)}"
            )
        if value not in new_states:
            problems.append(
                f"{key!r} maps to {value!r}, not a state of version {new.version!r}"
                f"{did_you_mean(str(value), new_states)}"
            )
    missing = [s for s in (case.state,) if s not in mapping]
    if missing:
        problems.append(
            f"the mapping is incomplete: it does not say where state(s) "
            f"{', '.join(map(repr, missing))} go (case {case.id!r} is in {case.state!r})"
        )
    if problems:
        raise InputError(
            f"cannot migrate case {case.id!r} from workflow {old.name!r} version {old.version!r} "
            f"to {new.version!r}: " + "; ".join(problems) + f". States of {new.version!r}: "
            f"{', '.join(new_states)}"
        )


def iter_chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """``items`` in lists of ``size``."""
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk

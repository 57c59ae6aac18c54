"""The ``Store``: every operation on a case store, behind one object.

This module owns the store's public face, written once for every backend:
each method takes the store's lock and hands the work to the module that
owns it: workflow versions to ``definitions``, saves to ``writes``, loads
to ``reads``, ``migrate`` to ``migration``, the case list and the deadline
index to ``queries``, the audit trail to ``confidentiality``, JSON Lines to
``jsonl``. A backend (``sqlite``, ``postgres``) subclasses ``Store`` and
supplies the connection and its transactions (``backend.Backend``); the
tables are ``schema``'s. Case ids are looked up in NFC, the form every
write keeps them in (``rows``).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any

from caseflow.case import Case
from caseflow.errors import CaseflowError
from caseflow.i18n import _
from caseflow.store import confidentiality, jsonl, migration, queries, reads, writes
from caseflow.store import register as numbers
from caseflow.store.backend import Backend
from caseflow.store.definitions import Definitions
from caseflow.store.history import WorkflowLike
from caseflow.store.limits import MAX_ID, check_id, check_text
from caseflow.store.queries import CaseSummary, DueDeadline
from caseflow.store.redaction import AuditRecord, Reveal
from caseflow.store.register import NumberedDocument
from caseflow.text import nfc
from caseflow.times import read_time, to_datetime, zone

__all__ = ["Store"]

DEFAULT_ZONE = "Asia/Ho_Chi_Minh"
"""The zone of a naive ``now`` for a workflow whose stored definition cannot be read."""


class Store(Backend):
    """A durable store of case histories (SQLite or PostgreSQL); see ``open_store``.

    Pass the app's ``Workflow`` objects once with ``register`` (or to
    ``save``/``load``): the store keeps each definition's YAML too, so that
    a case is always rebuilt under the version it ran under, and so that the
    command line can read cases without the app.
    """

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self._definitions = Definitions(self)

    # -- workflow definitions --------------------------------------------------------

    def register(self, workflow: WorkflowLike) -> None:
        """Use ``workflow`` for its cases, and keep its definition in the store.

        A definition is stored once per (name, version) and never changed: a
        different definition under a stored name and version is refused
        (give it a new version and migrate the cases).
        """
        with self._lock:
            self._definitions.register(workflow)

    def workflows(self) -> list[tuple[str, str]]:
        """The (name, version) of every workflow definition in the store, sorted."""
        with self._lock:
            return self._definitions.names()

    def definition(self, name: str, version: str) -> str:
        """The YAML text of a stored workflow definition."""
        with self._lock:
            return self._definitions.text(name, version)

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
            writes.save_many(self, self._definitions, cases, workflow)

    # -- loading --------------------------------------------------------------------------

    def exists(self, case_id: str) -> bool:
        """Whether the store has a case with this id."""
        check_id(case_id)
        with self._lock, self._reading() as cur:
            return queries.case_exists(cur, _id(case_id))

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
        check_id(case_id)
        _check_reveal(reveal)
        with self._lock:
            return reads.load(self, self._definitions, _id(case_id), workflow, reveal)

    def versions(self, case_id: str) -> list[str]:
        """The workflow version each event of the case was recorded under, in order."""
        check_id(case_id)
        with self._lock:
            return reads.versions(self, _id(case_id))

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
        check_id(case_id)
        with self._lock:
            return migration.migrate(
                self,
                self._definitions,
                _id(case_id),
                workflow,
                mapping=mapping,
                at=at,
                actor=actor,
                role=role,
                note=note,
            )

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
        _check_filters(workflow=workflow, state=state, after=after)
        with self._lock, self._reading() as cur:
            flat = state is not None and self._definitions.all_flat(cur, workflow)
            return queries.case_heads(
                cur, workflow=workflow, state=state, limit=limit, after=_id(after), flat=flat
            )

    def count(self, *, workflow: str | None = None, state: str | None = None) -> int:
        """How many cases match (same filters as ``cases``)."""
        _check_filters(workflow=workflow, state=state)
        with self._lock, self._reading() as cur:
            flat = state is not None and self._definitions.all_flat(cur, workflow)
            return queries.case_count(cur, workflow=workflow, state=state, flat=flat)

    def overdue(
        self, now: Any, *, workflow: str | None = None, limit: int | None = None
    ) -> list[DueDeadline]:
        """Running deadlines already overdue at ``now``, the most overdue first.

        Served from the deadline index that every save keeps (each case's
        deadlines as of its last event), not by replaying cases. A naive
        ``now`` (or a date) is a wall-clock time in each workflow's own zone.
        """
        return self.due_before(now, workflow=workflow, limit=limit)

    def due_before(
        self, when: Any, *, workflow: str | None = None, limit: int | None = None
    ) -> list[DueDeadline]:
        """Running deadlines whose due time passes before ``when``, earliest first.

        A deadline due on a day passes at the end of that day (in its
        workflow's zone), so ``due_before(now)`` is what is overdue at ``now``.
        An aware ``when`` is an instant; a naive one (or a date, meaning its
        midnight) is read in the zone of each workflow it is compared with.
        """
        written = read_time(when, what=_("the time asked for"))
        _check_filters(workflow=workflow)
        if isinstance(written, dt.datetime) and written.tzinfo is not None:
            with self._lock, self._reading() as cur:
                return queries.due_before(cur, written, workflow=workflow, limit=limit)
        found: list[DueDeadline] = []
        with self._lock:
            zones = self._zones(workflow)
            with self._reading() as cur:
                for name, tz in zones.items():
                    moment = to_datetime(written, tz, what=_("the time asked for"))
                    found += queries.due_before(cur, moment, workflow=name, limit=limit)
        found.sort(key=lambda d: (d.overdue_from, d.case_id, d.name))
        return found if limit is None else found[:limit]

    def _zones(self, workflow: str | None) -> dict[str, dt.tzinfo]:
        """The zone of each stored workflow by name, or of ``workflow`` only."""
        if workflow is not None:
            return {workflow: self.timezone(workflow)}
        return {name: self.timezone(name) for name in dict.fromkeys(n for n, _ in self.workflows())}

    def timezone(self, workflow: str) -> dt.tzinfo:
        """The time zone of ``workflow`` (its last stored version's), in which its days are counted.

        Asia/Ho_Chi_Minh for a name the store does not hold, or a definition
        this caseflow cannot read.
        """
        with self._lock:
            versions = [v for n, v in self._definitions.names() if n == workflow]
            if not versions:
                return zone(DEFAULT_ZONE)
            try:
                spec = self._definitions.workflow(workflow, versions[-1]).spec
            except CaseflowError:
                return zone(DEFAULT_ZONE)
        return zone(spec.timezone)

    # -- the register of document numbers ------------------------------------------------------

    def number_document(
        self,
        *,
        kind: str,
        symbol: str,
        period: str,
        key: str,
        issued_on: dt.date,
        case_ids: Sequence[str] = (),
    ) -> tuple[int, dt.date]:
        """The number and date of the paper named ``key``, from the store's register.

        A new key gets the next number of ``symbol`` (e.g. ``"TB/TU"``) in
        ``period`` (e.g. ``"year:2026"``), consecutive from 1, recorded with
        ``kind``, ``issued_on`` and ``case_ids``; a key already numbered
        gets its number and date again (a reprint keeps its number).
        Atomic on both backends: no number is given twice. Raises
        ``InputError`` for a value no register can keep.
        """
        with self._lock:
            return numbers.number_document(
                self,
                kind=kind,
                symbol=symbol,
                period=period,
                key=key,
                issued_on=issued_on,
                case_ids=case_ids,
            )

    def numbered_documents(self) -> list[NumberedDocument]:
        """Every number the register has given, by symbol, period and number."""
        with self._lock:
            return numbers.register_rows(self)

    # -- audit -------------------------------------------------------------------------------

    def audit(self, case_id: str) -> list[AuditRecord]:
        """Every recorded access to the case's confidential values, oldest first."""
        check_id(case_id)
        with self._lock, self._reading() as cur:
            return confidentiality.audit_records(cur, _id(case_id))

    # -- export and import (JSON Lines) ------------------------------------------------------

    def export_jsonl(
        self,
        out: IO[str] | str | os.PathLike[str],
        *,
        workflow: str | None = None,
        reveal: Reveal | None = None,
        progress: Any = None,
    ) -> int:
        """Write every case (or one workflow's) as one JSON line; returns the count.

        ``out`` is an open text stream, or the path of a file: the file is
        written under a temporary name beside it and renamed into place
        only when complete, so a failed export never leaves a partial file.

        Redacted unless ``reveal`` names a role allowed to read the fields;
        every case whose values are revealed gets an ``export`` audit record.
        ``progress``, if given, is called with the number of cases written
        after each page of them (500), for a progress bar.
        """
        _check_filters(workflow=workflow)
        _check_reveal(reveal)
        with self._lock:
            if isinstance(out, (str, os.PathLike)):
                return jsonl.export_to_file(
                    self,
                    self._definitions,
                    out,
                    workflow=workflow,
                    reveal=reveal,
                    progress=progress,
                )
            return jsonl.export_cases(
                self, self._definitions, out, workflow=workflow, reveal=reveal, progress=progress
            )

    def import_jsonl(
        self,
        lines: Iterable[str | bytes],
        *,
        workflows: Iterable[WorkflowLike] = (),
        accept_redacted: bool = False,
        progress: Any = None,
    ) -> jsonl.Imported:
        """Import cases from JSON Lines in one transaction: all of them, or none.

        ``lines`` are text, or bytes read as UTF-8. Every case is checked by
        replaying its history and checking each event as a live fire would
        have (field values, roles, declarative guards on the data as it was
        then); every bad line is reported at once in one ``ImportRefused``
        (``line N: case 'ID', event K: ...``), and nothing is written.
        Registered guards cannot be re-run: the result, the number of cases
        imported, also says in ``unchecked`` how many steps depended on one.
        Confidential values shown as the placeholder (a redacted export) are
        refused unless ``accept_redacted``; then they are kept as withheld
        (no value; revealing them shows the placeholder).

        ``progress``, if given, is called with the number of cases written
        after each batch of them (500), for a progress bar; a refused import
        has called it for batches that were then rolled back. Into an empty
        store, the indexes that serve queries only are built once at the
        end (docs/store.md, "Import and export at scale").
        """
        with self._lock:
            return jsonl.import_cases(
                self,
                self._definitions,
                lines,
                workflows=workflows,
                accept_redacted=accept_redacted,
                progress=progress,
            )


def _check_filters(**names: str | None) -> None:
    """Refuse a query filter no store can hold (the same on every backend)."""
    for name, value in names.items():
        if value is not None:
            check_id(value, _("the {name!r} filter").format(name=name))


def _check_reveal(reveal: Reveal | None) -> None:
    """Refuse a reveal whose who and why no audit table can keep (the same on every backend)."""
    if reveal is None or not isinstance(reveal, Reveal):
        return  # checking what a reveal must say is ``confidentiality``'s
    check_text(reveal.actor, _("the reveal's 'actor'"), MAX_ID)
    check_text(reveal.role, _("the reveal's 'role'"), MAX_ID)
    check_text(reveal.reason, _("the reveal's 'reason'"))


def _id(case_id: Any) -> Any:
    """A case id as the store keeps it (NFC); anything else is left for the callee to refuse."""
    return nfc(case_id) if isinstance(case_id, str) else case_id

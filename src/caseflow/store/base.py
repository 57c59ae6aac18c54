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

from collections.abc import Iterable, Mapping
from typing import IO, Any

from caseflow.case import Case
from caseflow.store import confidentiality, jsonl, migration, queries, reads, writes
from caseflow.store.backend import Backend
from caseflow.store.definitions import Definitions
from caseflow.store.history import WorkflowLike
from caseflow.store.queries import CaseSummary, DueDeadline
from caseflow.store.redaction import AuditRecord, Reveal
from caseflow.text import nfc
from caseflow.times import to_datetime, zone

__all__ = ["Store"]

DEFAULT_ZONE = "Asia/Ho_Chi_Minh"
"""The zone of a naive ``now`` given to the deadline queries."""


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
        with self._lock:
            return reads.load(self, self._definitions, _id(case_id), workflow, reveal)

    def versions(self, case_id: str) -> list[str]:
        """The workflow version each event of the case was recorded under, in order."""
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
        with self._lock, self._reading() as cur:
            return queries.case_heads(
                cur, workflow=workflow, state=state, limit=limit, after=_id(after)
            )

    def count(self, *, workflow: str | None = None, state: str | None = None) -> int:
        """How many cases match (same filters as ``cases``)."""
        with self._lock, self._reading() as cur:
            return queries.case_count(cur, workflow=workflow, state=state)

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
        with self._lock, self._reading() as cur:
            return queries.due_before(cur, moment, workflow=workflow, limit=limit)

    # -- audit -------------------------------------------------------------------------------

    def audit(self, case_id: str) -> list[AuditRecord]:
        """Every recorded access to the case's confidential values, oldest first."""
        with self._lock, self._reading() as cur:
            return confidentiality.audit_records(cur, _id(case_id))

    # -- export and import (JSON Lines) ------------------------------------------------------

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
        with self._lock:
            return jsonl.export_cases(
                self, self._definitions, out, workflow=workflow, reveal=reveal, progress=progress
            )

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
        with self._lock:
            return jsonl.import_cases(
                self,
                self._definitions,
                lines,
                workflows=workflows,
                accept_redacted=accept_redacted,
                progress=progress,
            )


def _id(case_id: Any) -> Any:
    """A case id as the store keeps it (NFC); anything else is left for the callee to refuse."""
    return nfc(case_id) if isinstance(case_id, str) else case_id

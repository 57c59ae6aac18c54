"""``AsyncStore``: the store's operations as coroutines, with the sync store's meaning.

This module owns the asyncio store's public face. Every method has the
same name, arguments, result, errors and confidentiality rules as the
``caseflow.store.Store`` method it mirrors (docs/store.md), and awaits it
without blocking the event loop. By default a method runs the sync
store's method in a worker thread (``_run``: the backend gives the
thread and the store); ``caseflow.aio.postgres`` overrides the frequent
ones (save, load, the queries) with psycopg 3's asyncio connections.
"""

from __future__ import annotations

import abc
import datetime as dt
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import IO, Any, Self, TypeVar

from caseflow.case import Case
from caseflow.errors import StoreError
from caseflow.i18n import _
from caseflow.store import Imported, Store, WorkflowLike
from caseflow.store.queries import CaseSummary, DueDeadline
from caseflow.store.redaction import AuditRecord, Reveal
from caseflow.store.register import NumberedDocument

__all__ = ["AsyncStore"]

T = TypeVar("T")


class AsyncStore(abc.ABC):
    """A case store for asyncio apps (SQLite or PostgreSQL); see ``caseflow.aio.open_store``.

    Each coroutine method means what the ``Store`` method of the same name
    means and raises the same errors (``ConcurrencyError`` on a stale
    save, ``StoreError``, ``InputError``, ``RevealRefused``). Use it from
    one event loop; close it with ``await store.close()`` or
    ``async with``.
    """

    def __init__(self, url: str) -> None:
        self.url = url

    @abc.abstractmethod
    async def _run(self, work: Callable[[Store], T]) -> T:
        """``work(store)`` on a sync store of the same database, in a worker thread."""

    @abc.abstractmethod
    async def close(self) -> None:
        """Close every connection and worker thread; the store cannot be used afterwards."""

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    def _closed_error(self) -> StoreError:
        """The error for using the store after ``close``."""
        return StoreError(_("the store {url} is closed; open it again").format(url=self.url))

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.url}>"

    # -- workflow definitions -----------------------------------------------------------

    async def register(self, workflow: WorkflowLike) -> None:
        """``Store.register``: use ``workflow`` for its cases and keep its definition."""
        await self._run(lambda s: s.register(workflow))

    async def workflows(self) -> list[tuple[str, str]]:
        """``Store.workflows``: every stored (name, version), sorted."""
        return await self._run(lambda s: s.workflows())

    async def definition(self, name: str, version: str) -> str:
        """``Store.definition``: the YAML text of a stored workflow definition."""
        return await self._run(lambda s: s.definition(name, version))

    async def timezone(self, workflow: str) -> Any:
        """``Store.timezone``: the zone in which ``workflow``'s days are counted."""
        return await self._run(lambda s: s.timezone(workflow))

    # -- cases ----------------------------------------------------------------------------

    async def save(self, case: Case, workflow: WorkflowLike | None = None) -> None:
        """``Store.save``: write the case's new events; ``ConcurrencyError`` if it is stale."""
        await self.save_many([case], workflow)

    async def save_many(self, cases: Iterable[Case], workflow: WorkflowLike | None = None) -> None:
        """``Store.save_many``: several cases in one transaction, all or none."""
        batch = list(cases)
        await self._run(lambda s: s.save_many(batch, workflow))

    async def exists(self, case_id: str) -> bool:
        """``Store.exists``: whether the store has a case with this id."""
        return await self._run(lambda s: s.exists(case_id))

    async def load(
        self,
        case_id: str,
        workflow: WorkflowLike | None = None,
        *,
        reveal: Reveal | None = None,
    ) -> Case:
        """``Store.load``: the case replayed from its history; redacted unless ``reveal``.

        A reveal is recorded in the audit table before any value is returned.
        """
        return await self._run(lambda s: s.load(case_id, workflow, reveal=reveal))

    async def versions(self, case_id: str) -> list[str]:
        """``Store.versions``: the workflow version of each event of the case."""
        return await self._run(lambda s: s.versions(case_id))

    async def migrate(
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
        """``Store.migrate``: move a case to another version of its workflow."""
        return await self._run(
            lambda s: s.migrate(
                case_id, workflow, mapping=mapping, at=at, actor=actor, role=role, note=note
            )
        )

    # -- queries ----------------------------------------------------------------------------

    async def cases(
        self,
        *,
        workflow: str | None = None,
        state: str | None = None,
        limit: int | None = None,
        after: str | None = None,
    ) -> list[CaseSummary]:
        """``Store.cases``: the case heads by id, filtered, keyset-paged after ``after``."""
        return await self._run(
            lambda s: s.cases(workflow=workflow, state=state, limit=limit, after=after)
        )

    async def count(self, *, workflow: str | None = None, state: str | None = None) -> int:
        """``Store.count``: how many cases match."""
        return await self._run(lambda s: s.count(workflow=workflow, state=state))

    async def overdue(
        self, now: Any, *, workflow: str | None = None, limit: int | None = None
    ) -> list[DueDeadline]:
        """``Store.overdue``: running deadlines overdue at ``now`` (the app's clock; never read)."""
        return await self.due_before(now, workflow=workflow, limit=limit)

    async def due_before(
        self, when: Any, *, workflow: str | None = None, limit: int | None = None
    ) -> list[DueDeadline]:
        """``Store.due_before``: running deadlines whose due time passes before ``when``."""
        return await self._run(lambda s: s.due_before(when, workflow=workflow, limit=limit))

    async def number_document(
        self,
        *,
        kind: str,
        symbol: str,
        period: str,
        key: str,
        issued_on: dt.date,
        case_ids: Sequence[str] = (),
    ) -> tuple[int, dt.date]:
        """``Store.number_document``: the paper's number and date from the store's register."""
        return await self._run(
            lambda s: s.number_document(
                kind=kind,
                symbol=symbol,
                period=period,
                key=key,
                issued_on=issued_on,
                case_ids=case_ids,
            )
        )

    async def numbered_documents(self) -> list[NumberedDocument]:
        """``Store.numbered_documents``: every number the register has given."""
        return await self._run(lambda s: s.numbered_documents())

    async def audit(self, case_id: str) -> list[AuditRecord]:
        """``Store.audit``: every recorded access to the case's confidential values."""
        return await self._run(lambda s: s.audit(case_id))

    # -- export and import --------------------------------------------------------------------

    async def export_jsonl(
        self,
        out: IO[str] | str | os.PathLike[str],
        *,
        workflow: str | None = None,
        reveal: Reveal | None = None,
        progress: Any = None,
    ) -> int:
        """``Store.export_jsonl``, in a worker thread (``out`` is written from there)."""
        return await self._run(
            lambda s: s.export_jsonl(out, workflow=workflow, reveal=reveal, progress=progress)
        )

    async def import_jsonl(
        self,
        lines: Iterable[str | bytes],
        *,
        workflows: Iterable[WorkflowLike] = (),
        accept_redacted: bool = False,
        progress: Any = None,
    ) -> Imported:
        """``Store.import_jsonl``, in a worker thread: all the cases, or none."""
        return await self._run(
            lambda s: s.import_jsonl(
                lines, workflows=workflows, accept_redacted=accept_redacted, progress=progress
            )
        )

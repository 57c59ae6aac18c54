"""``open_store(url)`` for asyncio: the same URLs as ``caseflow.store.open_store``.

This module owns choosing the asyncio backend for a store URL: SQLite
files get ``sqlite.SQLiteAsyncStore`` (aiosqlite), ``sqlite:///:memory:``
``threads.ThreadedStore`` (one thread: an in-memory database lives in one
connection), PostgreSQL URLs ``postgres.PostgresAsyncStore``. The URL's
format, options and errors are ``caseflow.store.urls``' (checked there, by
opening the sync store that each backend keeps for its rare operations).
"""

from __future__ import annotations

from collections.abc import Iterable

from caseflow.aio.base import AsyncStore
from caseflow.aio.postgres import PostgresAsyncStore
from caseflow.aio.sqlite import SQLiteAsyncStore
from caseflow.aio.threads import ThreadedStore
from caseflow.errors import InputError
from caseflow.i18n import _
from caseflow.store import WorkflowLike
from caseflow.store.urls import ALLOWED

__all__ = ["open_store"]


async def open_store(
    url: str, *, workflows: Iterable[WorkflowLike] = (), connections: int = 4
) -> AsyncStore:
    """Open (creating it if needed) the store at ``url`` for asyncio; ``await`` it.

    The URLs and their options are ``caseflow.store.open_store``'s
    (docs/store.md). ``workflows`` are registered at once.
    ``connections`` (a whole number from 1 up) is how many database
    connections serve the store at once: worker threads for SQLite (one
    connection each; one for ``:memory:``), pooled asyncio connections for
    PostgreSQL. A bad URL is an ``InputError`` saying what is allowed; a
    store that cannot be opened, a ``StoreError``.
    """
    if not isinstance(connections, int) or isinstance(connections, bool) or connections < 1:
        raise InputError(
            _("connections={value!r} must be a whole number, 1 or more").format(value=connections)
        )
    if not isinstance(url, str):
        raise InputError(
            _("a store URL is text, not {kind}; use {allowed}").format(
                kind=type(url).__name__, allowed=_(ALLOWED)
            )
        )
    store: AsyncStore
    if url.startswith(("postgresql://", "postgres://")):
        pg = PostgresAsyncStore(url, connections=connections)
        try:
            await pg._open()
        except BaseException:
            await pg.close()
            raise
        store = pg
    elif url.startswith("sqlite:") and not url.partition("?")[0].endswith("/:memory:"):
        lite = SQLiteAsyncStore(url, connections=connections)
        try:
            await lite._open()
        except BaseException:
            await lite.close()
            raise
        store = lite
    else:  # an in-memory SQLite database, or a URL that caseflow.store refuses
        threaded = ThreadedStore(url, connections=1)
        try:
            await threaded._run(lambda s: None)  # opens (and checks) the first connection
        except BaseException:
            await threaded.close()
            raise
        store = threaded
    try:
        for wf in workflows:
            await store.register(wf)
    except BaseException:
        await store.close()
        raise
    return store

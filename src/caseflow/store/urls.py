"""Store URLs: ``open_store(url)`` reads one and opens the backend it names.

This module owns the URL format and its options; checking them and
saying what is allowed when one is wrong. The backends themselves are
``sqlite`` and ``postgres``; what a store does is ``base.Store``'s.

URLs::

    sqlite:///cases.db                  a file, relative to the current folder
    sqlite:////var/lib/caseflow/cases.db   an absolute path (four slashes)
    sqlite:///:memory:                  in memory, gone when closed (tests)
    postgresql://user@host:5432/dbname  a PostgreSQL database

Options go in the query string: ``busy_timeout=SECONDS`` (how long a write
waits for another writer's lock; both backends; default 5), for SQLite
``synchronous=normal|full|extra`` (default full) and ``mode=ro`` (read
only: never writes or creates the file; a store on a read-only medium is
read ``immutable`` when its ``-shm`` file cannot be made, see ``sqlite``);
any other PostgreSQL parameter is passed to libpq (for example
``options=-csearch_path%3Dmyschema``). The limits on ids and texts, the
same on both backends, are ``limits``'; ``docs/store.md`` says it all for
users.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

from caseflow.errors import InputError
from caseflow.i18n import N_, _
from caseflow.store.base import Store
from caseflow.store.history import WorkflowLike

__all__ = ["ALLOWED", "open_store", "postgres_target"]

ALLOWED = N_(
    "sqlite:///PATH (relative to the current folder), sqlite:////ABSOLUTE/PATH, "
    "sqlite:///:memory:, or postgresql://USER@HOST:PORT/DATABASE"
)


def open_store(url: str, *, workflows: Iterable[WorkflowLike] = ()) -> Store:
    """Open (creating it if needed) the store at ``url``; see the module doc for URLs.

    ``workflows`` are registered at once (``store.register(wf)`` for each).
    A bad URL is an ``InputError`` saying what is allowed; a store that
    cannot be opened, or was written by a newer caseflow, a ``StoreError``.
    """
    if not isinstance(url, str):
        raise InputError(
            _("a store URL is text, not {kind}; use {allowed}").format(
                kind=type(url).__name__, allowed=_(ALLOWED)
            )
        )
    store: Store
    if url.startswith("sqlite:"):
        store = _sqlite(url)
    elif url.startswith(("postgresql://", "postgres://")):
        store = _postgres(url)
    else:
        scheme = url.split(":", 1)[0] if ":" in url else url
        raise InputError(
            _("unsupported store URL scheme {scheme!r} in {url!r}; use {allowed}").format(
                scheme=scheme, url=url, allowed=_(ALLOWED)
            )
        )
    try:
        for wf in workflows:
            store.register(wf)
    except BaseException:
        store.close()
        raise
    return store


def _options(url: str, query: str, allowed: dict[str, str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in parse_qsl(query, keep_blank_values=True):
        if key not in allowed:
            raise InputError(
                _("unknown option {key!r} in store URL {url!r}; allowed: {options}").format(
                    key=key, url=url, options=", ".join(f"{k}={v}" for k, v in allowed.items())
                )
            )
        out[key] = value
    return out


def _timeout(url: str, options: dict[str, str]) -> float:
    text = options.get("busy_timeout", "5")
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value >= 0:
        raise InputError(
            _(
                "busy_timeout={text!r} in store URL {url!r} must be a number of seconds, 0 or more"
            ).format(text=text, url=url)
        )
    return value


def _sqlite(url: str) -> Store:
    from caseflow.store.sqlite import SYNCHRONOUS, SQLiteStore

    if not url.startswith("sqlite:///") or len(url) == len("sqlite:///"):
        raise InputError(
            _(
                "store URL {url!r}: write 'sqlite:///' followed by the file's path; use {allowed}"
            ).format(url=url, allowed=_(ALLOWED))
        )
    path, _sep, query = url[len("sqlite:///") :].partition("?")
    options = _options(
        url,
        query,
        {"busy_timeout": "SECONDS", "synchronous": "|".join(SYNCHRONOUS), "mode": "ro|rw"},
    )
    sync = options.get("synchronous", "full").lower()
    if sync not in SYNCHRONOUS:
        raise InputError(
            _("synchronous={sync!r} in store URL {url!r}; allowed: {value}").format(
                sync=sync, url=url, value=", ".join(SYNCHRONOUS)
            )
        )
    mode = options.get("mode", "rw")
    if mode not in ("ro", "rw"):
        raise InputError(
            _("mode={mode!r} in store URL {url!r}; allowed: ro, rw").format(mode=mode, url=url)
        )
    path = unquote(path)
    if not path:
        raise InputError(
            _("store URL {url!r} names no file; use {allowed}").format(url=url, allowed=_(ALLOWED))
        )
    return SQLiteStore(
        path, busy_timeout=_timeout(url, options), synchronous=sync, read_only=mode == "ro"
    )


def _postgres(url: str) -> Store:
    from caseflow.store.postgres import PostgresStore

    conninfo, shown, timeout = postgres_target(url)
    return PostgresStore(conninfo, shown=shown, busy_timeout=timeout)


def postgres_target(url: str) -> tuple[str, str, float]:
    """A PostgreSQL store URL as libpq's conninfo, the URL shown in messages, and busy_timeout.

    Shared with the asyncio store (``caseflow.aio``), which opens its own
    connections to the same database.
    """
    parts = urlsplit(url)
    params = parse_qsl(parts.query, keep_blank_values=True)
    ours = {k: v for k, v in params if k == "busy_timeout"}
    rest = [(k, v) for k, v in params if k != "busy_timeout"]
    conninfo = urlunsplit(parts._replace(query=urlencode(rest)))
    # Shown in messages: never the password.
    netloc = parts.netloc.rpartition("@")[2]
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    shown = urlunsplit((parts.scheme, netloc, parts.path, "", ""))
    return conninfo, shown, _timeout(shown, ours)

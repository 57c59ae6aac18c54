"""The SQLite backend: one file, the standard library's ``sqlite3``, nothing to install.

This module owns the SQLite connection: its settings (WAL journal, foreign
keys, ``busy_timeout``, ``synchronous``), transactions (``BEGIN IMMEDIATE``
for every write, so that writers in several processes queue on the file's
lock instead of failing half-way; a deferred ``BEGIN`` for reads, which in
WAL mode gives one consistent snapshot), checking that a file is a caseflow
store before creating or upgrading its schema, and turning SQLite's error
codes into ``StoreError`` messages that say what happened and what to do.
What a save or a load means is ``writes``' and ``reads``'; the ``Store``
methods are ``base``'s.

Read only: with ``?mode=ro``, or when the file or its medium is not
writable, the file is opened ``mode=ro``; only where SQLite cannot make
the ``-shm`` file a WAL store needs (a read-only mount, a folder the reader
may not write) is it opened ``immutable``. An empty or non-SQLite file is
refused before SQLite sees it; a new store is made under a temporary name
and linked into place, so none is ever seen half-made.

Durability: ``synchronous=FULL`` (the default) syncs the WAL on every
commit, so a committed save survives a power cut; ``NORMAL`` survives a
crash of the process but may lose the last commits on power loss, and is
faster (both measured in ``benchmarks/bench_store.py``).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

from caseflow.errors import ConcurrencyError, StoreError
from caseflow.i18n import _
from caseflow.store.backend import Cursor
from caseflow.store.base import Store
from caseflow.store.schema import SCHEMA_TABLE, SCHEMA_VERSION

__all__ = ["SYNCHRONOUS", "SQLiteStore"]

SYNCHRONOUS = ("normal", "full", "extra")

# SQLite's primary result codes (https://sqlite.org/rescode.html).
_BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _CONSTRAINT, _NOTADB = (
    5,
    6,
    8,
    10,
    11,
    13,
    14,
    19,
    26,
)


class SQLiteStore(Store):
    """A store in one SQLite file (or in memory, for tests)."""

    dialect = "sqlite"

    def __init__(
        self,
        path: str,
        *,
        busy_timeout: float = 5.0,
        synchronous: str = "full",
        read_only: bool = False,
    ) -> None:
        super().__init__(f"sqlite:///{path}")
        self.path = path
        self.busy_timeout = busy_timeout
        self.immutable = False
        memory = path == ":memory:"
        doing = _("opening the store {url}").format(url=self.url)
        if not memory:
            file = Path(path)
            if not file.parent.is_dir():
                raise StoreError(
                    _("cannot open the store {url}: the folder {value!r} does not exist").format(
                        url=self.url, value=str(file.parent)
                    )
                )
            if file.exists():
                self._check_file(file, doing)
                if not os.access(file, os.W_OK):
                    read_only = True
            elif read_only:
                raise StoreError(
                    _(
                        "{doing}: there is no file {path!r} to read (the store is "
                        "opened read only, so it is not created)"
                    ).format(doing=doing, path=path)
                )
            else:
                _create(file, synchronous)
        self.read_only = read_only
        try:
            conn = self._connect(path, read_only=read_only and not memory)
        except sqlite3.Error as err:
            raise self._error(err, doing) from err
        self._conn = conn
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
            conn.execute("PRAGMA foreign_keys = ON")
            if not memory and not read_only:
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute(f"PRAGMA synchronous = {synchronous.upper()}")
            self._ensure_schema()
        except sqlite3.Error as err:
            conn.close()
            raise self._error(err, doing) from err
        except BaseException:
            conn.close()
            raise

    def _connect(self, path: str, *, read_only: bool) -> sqlite3.Connection:
        """A connection to ``path``; read only (``mode=ro``) when asked or when not writable.

        A WAL store opened read only still needs its ``-shm`` file, which a
        read-only medium (a CD, a read-only mount, a folder the reader may
        not write) cannot hold. Only then is the file opened ``immutable``:
        SQLite then assumes no one changes it, which is true of such a medium
        and false of a live store, so a writable folder never gets it.
        """
        if not read_only:
            return self._open(path, uri=False)
        target = f"file:{quote(str(Path(path).resolve()))}?mode=ro"
        conn = self._open(target, uri=True)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.Error as err:
            conn.close()
            if _primary(err) not in (_CANTOPEN, _READONLY) or _writable(
                str(Path(path).resolve().parent)
            ):
                raise
        self.immutable = True
        return self._open(target + "&immutable=1", uri=True)

    def _open(self, target: str, *, uri: bool) -> sqlite3.Connection:
        return sqlite3.connect(
            target,
            uri=uri,
            timeout=self.busy_timeout,
            isolation_level=None,
            check_same_thread=False,
        )

    def _check_file(self, file: Path, doing: str) -> None:
        """Refuse an existing file that is empty or not an SQLite database, before SQLite sees it.

        SQLite would take an empty (or missing-header) file for a new
        database and write caseflow's tables into it; a store is never empty,
        since ``_create`` makes it whole before giving it its name.
        """
        if not file.is_file():
            # A FIFO would block the read below forever; a device is no store either.
            raise StoreError(
                _(
                    "{doing}: {path!r} is not a regular file (a folder, a device "
                    "or a pipe); name the store's file"
                ).format(doing=doing, path=self.path)
            )
        try:
            with file.open("rb") as fp:
                head = fp.read(len(_MAGIC))
        except OSError as err:
            raise StoreError(
                _("{doing}: cannot read {path!r} ({strerror})").format(
                    doing=doing, path=self.path, strerror=err.strerror
                )
            ) from None
        if not head:
            raise StoreError(
                _(
                    "{doing}: {path!r} is an empty file (0 bytes), not a "
                    "caseflow store; remove it to create a new store there, or "
                    "restore the store from a backup"
                ).format(doing=doing, path=self.path)
            )
        if head != _MAGIC:
            raise StoreError(
                _(
                    "{doing}: {path!r} is damaged or is not an SQLite database "
                    "(it does not start with SQLite's header); restore it from a "
                    "backup, or name another file"
                ).format(doing=doing, path=self.path)
            )

    @property
    def connection(self) -> sqlite3.Connection:
        """The underlying connection (for tests and tuning: ``PRAGMA`` settings)."""
        return self._conn

    def close(self) -> None:
        """Close the file; the store cannot be used afterwards."""
        with self._lock:
            self._conn.close()

    # -- schema ---------------------------------------------------------------------------

    def _ensure_schema(self) -> None:
        version = self._schema_version()
        if version == SCHEMA_VERSION:
            return
        if self.read_only:
            raise StoreError(
                _(
                    "the store {url} is read-only and has no caseflow tables "
                    "(schema version {version}, this caseflow writes "
                    "{schema_version}); open it writable once"
                ).format(url=self.url, version=version, schema_version=SCHEMA_VERSION)
            )
        with self._writing(_("creating the tables of the store {url}").format(url=self.url)) as cur:
            self._upgrade_schema(cur)

    def _schema_version(self) -> int:
        with self._reading() as cur:
            cur.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            tables = {str(r[0]) for r in cur.fetchall()} - {"sqlite_sequence"}
            if "caseflow_schema" not in tables:
                if tables:
                    raise StoreError(
                        _(
                            "{path!r} is an SQLite database but not a caseflow store "
                            "(its tables: {value}); caseflow needs its own file"
                        ).format(path=self.path, value=", ".join(sorted(tables)))
                    )
                return 0
            cur.execute("SELECT version FROM caseflow_schema")
            version = self._stored_version(cur.fetchone())
        self._check_tables(version, tables)
        return version

    # -- transactions ----------------------------------------------------------------------

    @contextlib.contextmanager
    def _reading(self) -> Iterator[Cursor]:
        with self._lock:
            conn = self._conn
            try:
                conn.execute("BEGIN")
            except sqlite3.Error as err:
                raise self._error(err, _("reading the store {url}").format(url=self.url)) from err
            try:
                yield conn.cursor()
                conn.execute("COMMIT")
            except BaseException as exc:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise self._error(
                        exc, _("reading the store {url}").format(url=self.url)
                    ) from exc
                raise

    @contextlib.contextmanager
    def _writing(self, doing: str) -> Iterator[Cursor]:
        with self._lock:
            conn = self._conn
            self._check_writable(doing)
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as err:
                raise self._error(err, doing) from err
            try:
                yield conn.cursor()
                conn.execute("COMMIT")
            except BaseException as exc:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise self._error(exc, doing) from exc
                raise

    @contextlib.contextmanager
    def _bulk_writing(self, cur: Cursor) -> Iterator[None]:
        """A larger page cache and in-memory sorting for an import, restored after.

        A big transaction otherwise spills dirty pages from the default
        2 MiB cache into the WAL before it commits, and the indexes built
        at its end sort in a temporary file. Neither setting touches
        ``synchronous`` or the journal: a commit is as durable as ever.
        """
        saved = [(name, cur.execute(f"PRAGMA {name}").fetchone()[0]) for name in _BULK_PRAGMAS]
        try:
            for name, value in _BULK_PRAGMAS.items():
                cur.execute(f"PRAGMA {name} = {value}")
            yield
        finally:
            with contextlib.suppress(sqlite3.Error):
                for name, value in saved:
                    cur.execute(f"PRAGMA {name} = {int(value)}")

    def _check_writable(self, doing: str) -> None:
        """Refuse a write to a read-only store before SQLite is asked (also ``caseflow.aio``'s)."""
        if self.read_only:
            raise StoreError(
                _(
                    "{doing}: the store {url} is read-only (the file or its "
                    "medium is not writable, or it was opened with ?mode=ro); "
                    "nothing was written"
                ).format(doing=doing, url=self.url)
            )

    def _error(self, err: sqlite3.Error, doing: str) -> StoreError:
        primary = _primary(err)
        text = str(err)
        if primary in (_BUSY, _LOCKED) or "locked" in text:
            return StoreError(
                _(
                    "{doing}: the store {url} is locked by another connection, "
                    "and it stayed locked longer than busy_timeout "
                    "({busy_timeout:g} s); nothing was written; retry, or wait "
                    "longer with ?busy_timeout=SECONDS in the store URL"
                ).format(doing=doing, url=self.url, busy_timeout=self.busy_timeout)
            )
        if primary == _READONLY:
            return StoreError(
                _(
                    "{doing}: the store {url} is read-only (file or folder "
                    "permissions, or a read-only disk); nothing was written"
                ).format(doing=doing, url=self.url)
            )
        if primary == _FULL:
            return StoreError(
                _(
                    "{doing}: the disk holding the store {url} is full (or the "
                    "store reached its size limit); nothing was written; free "
                    "some space and retry"
                ).format(doing=doing, url=self.url)
            )
        if primary in (_CORRUPT, _NOTADB):
            return StoreError(
                _(
                    "{doing}: {path!r} is damaged or is not an SQLite database "
                    "({text}); restore it from a backup"
                ).format(doing=doing, path=self.path, text=text)
            )
        if primary == _CANTOPEN:
            return StoreError(
                _(
                    "{doing}: cannot open {path!r} ({text}); check that the "
                    "folder exists and that caseflow may write there"
                ).format(doing=doing, path=self.path, text=text)
            )
        if primary == _IOERR:
            return StoreError(
                _("{doing}: input/output error on {path!r} ({text})").format(
                    doing=doing, path=self.path, text=text
                )
            )
        if primary == _CONSTRAINT and "events.case_id, events.seq" in text:
            return ConcurrencyError(
                _(
                    "{doing}: another writer already recorded these events; nothing was "
                    "written; load the case again and redo the step"
                ).format(doing=doing),
                case_id="",
            )
        if primary == _CONSTRAINT:
            return StoreError(
                _("{doing}: the store refused the write: {text}").format(doing=doing, text=text)
            )
        return StoreError(_("{doing}: SQLite error: {text}").format(doing=doing, text=text))


_MAGIC = b"SQLite format 3\x00"


_BULK_PRAGMAS = {"cache_size": -131072, "temp_store": 2}
"""An import's settings: a 128 MiB page cache (negative: KiB), temporary data in memory."""


def _primary(err: sqlite3.Error) -> int | None:
    """SQLite's primary result code of ``err``, if it has one."""
    code = getattr(err, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def _writable(folder: str) -> bool:
    """Whether files can be created in ``folder`` (``access`` also says no on a read-only mount)."""
    return os.access(folder, os.W_OK)


def _create(file: Path, synchronous: str) -> None:
    """Make a new, empty store at ``file``: built under a temporary name, then linked in.

    So no process ever sees a half-made store under the real name (an
    empty file there is refused as damaged), and when two processes create
    the same store at once, one link wins and the other opens its file.
    """
    tmp = file.with_name(f".{file.name}.{uuid.uuid4().hex[:12]}.new")
    try:
        conn = sqlite3.connect(tmp, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute(f"PRAGMA synchronous = {synchronous.upper()}")
            # A new WAL database is written to disk only with its first table.
            conn.execute(SCHEMA_TABLE)
        finally:
            conn.close()
        try:
            os.link(tmp, file)
        except FileExistsError:
            pass  # another process created it first: open that one
        except OSError:
            # A file system without hard links: the plain way (a small race window).
            if not file.exists():
                os.replace(tmp, file)
    except (OSError, sqlite3.Error):
        pass  # creating it in place then says what is wrong, in SQLite's words
    finally:
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            with contextlib.suppress(OSError):
                leftover.unlink()

"""Fixtures and workflows for the store tests: one suite, run on SQLite and PostgreSQL.

``store_url`` gives a fresh, empty store per test: an SQLite file in the
test's temporary folder, or a uniquely named PostgreSQL schema (created for
the test and dropped afterwards, so tests never see each other's data).
``store`` opens it twice over: the sync ``Store`` and the asyncio
``caseflow.aio`` store (driven through ``AwaitedStore``), so every behaviour
test runs sync-sqlite, sync-postgres, async-sqlite and async-postgres.
PostgreSQL is found at ``CASEFLOW_PG_URL`` (default
``postgresql://postgres@127.0.0.1:5432/test``); when no server answers, its
tests skip and say why. No database is mocked.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import attrs
import pytest

import caseflow
from caseflow import aio
from caseflow.definition import Anchor, DeadlineRule, Offset
from caseflow.store import Reveal, Store, open_store
from caseflow.workflow import Workflow, load_workflow

PG_URL = os.environ.get("CASEFLOW_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
BACKENDS = ("sqlite", pytest.param("postgres", marks=pytest.mark.postgres))
SECRET = "Trần Thị BÍMẬT-7f3a"
"""A planted confidential value: no message, log line or export may contain it."""
SECRET_ID = "079-BIMAT-4411"


@functools.cache
def pg_unavailable() -> str | None:
    """Why PostgreSQL cannot be used, or None when it can."""
    try:
        import psycopg
    except ImportError as err:  # pragma: no cover - psycopg is a dependency
        return f"psycopg is not installed ({err})"
    try:
        with psycopg.connect(PG_URL, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as err:
        first = str(err).splitlines()[0] if str(err) else type(err).__name__
        return f"no PostgreSQL at {PG_URL}: {first}; set CASEFLOW_PG_URL"
    return None


def pg_schema_url() -> Iterator[str]:
    """A fresh PostgreSQL schema for one test; dropped afterwards."""
    import psycopg

    why = pg_unavailable()
    if why:
        pytest.skip(why)
    schema = f"cf_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{sep}options={quote(f'-csearch_path={schema}')}"
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL of a fresh, empty store on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'cases.db'}"
    else:
        yield from pg_schema_url()


@pytest.fixture
def second_store(store_url: str, tmp_path: Path) -> Iterator[Store]:
    """Another fresh store on the same backend as ``store_url`` (an import target)."""
    if store_url.startswith("sqlite"):
        s = open_store(f"sqlite:///{tmp_path / 'second.db'}")
        try:
            yield s
        finally:
            s.close()
        return
    for url in pg_schema_url():
        s = open_store(url)
        try:
            yield s
        finally:
            s.close()


class AwaitedStore:
    """The asyncio store driven by sync tests: each method call runs its coroutine to its end.

    One event loop per store (``asyncio.Runner``), so its pooled
    connections stay on the loop that opened them; the test sees the
    ``Store`` methods with the same arguments, results and errors.
    """

    def __init__(self, url: str) -> None:
        self._runner = asyncio.Runner()
        try:
            self._store = self._runner.run(aio.open_store(url))
        except BaseException:
            self._runner.close()
            raise
        self.url = self._store.url

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._store, name)

        def call(*args: Any, **kwargs: Any) -> Any:
            return self._runner.run(method(*args, **kwargs))

        return call

    def close(self) -> None:
        try:
            self._runner.run(self._store.close())
        finally:
            self._runner.close()


@pytest.fixture(params=("sync", "async"))
def store(request: pytest.FixtureRequest, store_url: str) -> Iterator[Store]:
    """A fresh store on each backend, sync and asyncio, closed afterwards."""
    s: Any = open_store(store_url) if request.param == "sync" else AwaitedStore(store_url)
    try:
        yield s
    finally:
        s.close()


# -- workflows ---------------------------------------------------------------------------

NOTICE = DeadlineRule(
    name="notice",
    runs_in=("received", "screened"),
    anchor=Anchor(kind="entered", name="received"),
    offset=Offset(amount=10, unit="working_days"),
    source="Quy định 11-QĐi/TW",
)
READERS = {
    "petitioner_name": ("secretary", "internal_affairs_group"),
    "petitioner_address": ("secretary",),
    "petitioner_phone": ("secretary",),
    # petitioner_id_number: no readers, so nobody may reveal it.
}


@functools.cache
def reception() -> Workflow:
    """The shipped reception workflow, with readers on its confidential fields and a deadline."""
    base = caseflow.load_workflow(caseflow.shipped_workflow("citizen_reception"))
    fields = tuple(
        attrs.evolve(f, readers=READERS.get(f.name, ())) if f.confidential else f
        for f in base.spec.fields
    )
    return Workflow(attrs.evolve(base.spec, fields=fields, deadlines=(NOTICE,)))


FLOW_V1 = """
caseflow: 1
name: flow
version: "1"
roles: {clerk: {}, head: {}}
fields:
  kind: {type: text}
  name: {type: text, confidential: true}
states:
  received: {initial: true}
  checked: {}
  parked: {}
  closed: {final: true}
transitions:
  - {trigger: check, from: received, to: checked}
  - {trigger: park, from: [received, checked], to: parked}
  - {trigger: unpark, from: parked, to: checked}
  - {trigger: close, from: checked, to: closed, roles: [head]}
"""
FLOW_V2 = """
caseflow: 1
name: flow
version: "2"
roles: {clerk: {}, head: {}}
fields:
  kind: {type: text}
  name: {type: text, confidential: true}
states:
  received: {initial: true}
  verified: {}
  closed: {final: true}
transitions:
  - {trigger: verify, from: received, to: verified}
  - {trigger: close, from: verified, to: closed}
"""


@functools.cache
def flow(version: int = 1) -> Workflow:
    """A small workflow in two versions (v2 drops 'parked' and renames 'checked')."""
    return load_workflow(FLOW_V1 if version == 1 else FLOW_V2)


T0 = dt.datetime(2026, 3, 2, 8, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))


def at(days: float) -> dt.datetime:
    """A time ``days`` after the first test event."""
    return T0 + dt.timedelta(days=days)


def petition(
    case_id: str, wf: Workflow | None = None, *, id_number: bool = True, **data: Any
) -> caseflow.Case:
    """A received reception case with a planted confidential name (and ID number)."""
    wf = wf or reception()
    values = {
        "kind": "denunciation",
        "summary": "Tố cáo cán bộ địa chính",
        "petitioner_name": SECRET,
        **({"petitioner_id_number": SECRET_ID} if id_number else {}),
        **data,
    }
    return wf.start(case_id, at=T0, data=values, actor="cb01", role="reception_officer")


def secretary(reason: str = "preparing the session", **kw: Any) -> Reveal:
    """A reveal by the Secretary, who may read most confidential fields."""
    return Reveal(actor="bt01", role="secretary", reason=reason, at=at(30), **kw)


def raw(url: str, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Run SQL on the store's database directly, bypassing caseflow (``?`` placeholders)."""
    if url.startswith("sqlite:///"):
        import sqlite3

        conn = sqlite3.connect(url[len("sqlite:///") :].partition("?")[0])
        try:
            rows = conn.execute(sql, params).fetchall()
            conn.commit()
            return rows
        finally:
            conn.close()
    import psycopg

    with psycopg.connect(url, autocommit=True) as pg:
        cur = pg.execute(sql.replace("?", "%s"), params)  # type: ignore[arg-type]
        return cur.fetchall() if cur.description else []


def main_path(wf: Workflow, case: caseflow.Case, steps: int = 6) -> caseflow.Case:
    """Fire up to ``steps`` triggers of the reception main path."""
    path = [
        ("screen", "reception_officer", {}),
        ("select", "internal_affairs_group", {"session_kind": "regular"}),
        ("brief", "internal_affairs_group", {"invitation_sent_on": "2026-03-20"}),
        ("hear", "secretary", {}),
        ("conclude", "internal_affairs_group", {"outcome": "explained"}),
        ("report", "internal_affairs_group", {}),
    ]
    start = len(case.history) - 1
    for i, (trigger, role, data) in enumerate(path[start : start + steps], start=start + 1):
        wf.fire(case, trigger, at=at(i), role=role, actor=f"actor{i}", data=data or None)
    return case

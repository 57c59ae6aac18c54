"""The plan of ``Store.cases(state=...)`` on SQLite and PostgreSQL, in a flat and a nested store.

Run: ``.venv/bin/python benchmarks/explain_state_query.py [POSTGRES_URL]``.
It fills a store with 20,000 cases of ``workflows/complaint.yaml`` (1 in
100 in the state asked for), with and without a nested definition
(``workflows/denunciation.yaml``) also stored, and prints the statement
``Store.cases`` and ``Store.count`` run and the database's plan for it:
while every stored definition is flat, ``state = ?`` is served by the
``cases_by_state`` index; once a nested one is stored, the ``LIKE`` form
scans the table. SQLite's plan is shown as the store leaves it, without
``ANALYZE`` statistics; PostgreSQL's after ``ANALYZE``.
"""

from __future__ import annotations

import sys
import tempfile
import uuid
from pathlib import Path
from urllib.parse import quote

import psycopg

import caseflow
from caseflow.store import open_store, queries

ROOT = Path(__file__).resolve().parent.parent
PG = sys.argv[1] if len(sys.argv) > 1 else "postgresql://postgres@127.0.0.1:5432/test"
FLAT = caseflow.load_workflow(ROOT / "workflows" / "complaint.yaml")
NESTED = caseflow.load_workflow(ROOT / "workflows" / "denunciation.yaml")
INSERT = (
    "INSERT INTO cases (id, workflow, version, state, seq, opened_at, updated_at) "
    "VALUES (?, ?, ?, ?, 1, 'x', 'x')"
)


def show(url: str, backend: str, with_nested: bool) -> None:
    """Fill the store at ``url`` and print the plans of the two state queries."""
    store = open_store(url, workflows=[FLAT, *([NESTED] if with_nested else [])])
    asked = FLAT.states[1]
    try:
        with store._writing("filling") as cur:  # rows straight in: the plan is the point
            for i in range(20_000):
                state = asked if i % 100 == 0 else FLAT.states[0]
                cur.execute(INSERT, (f"C{i:06d}", FLAT.name, FLAT.version, state))
            if backend == "postgresql":
                cur.execute("ANALYZE cases")
        with store._reading() as cur:
            flat = store._definitions.all_flat(cur, None)
            print(f"== {backend}, a nested definition stored: {with_nested}")
            for sql, params in (
                queries.heads_sql(workflow=None, state=asked, limit=None, after=None, flat=flat),
                queries.count_sql(workflow=None, state=asked, flat=flat),
            ):
                print("   ", sql)
                explain = "EXPLAIN QUERY PLAN " if backend == "sqlite" else "EXPLAIN "
                cur.execute(explain + sql, params)
                for row in cur.fetchall():
                    print("      ", row[-1])
        print("    found:", store.count(state=asked))
    finally:
        store.close()


def main() -> None:
    """Print the plans on SQLite, then on PostgreSQL if one answers at ``PG``."""
    with tempfile.TemporaryDirectory() as tmp:
        for with_nested in (False, True):
            show(f"sqlite:///{tmp}/{uuid.uuid4().hex}.db", "sqlite", with_nested)
    try:
        psycopg.connect(PG, connect_timeout=3).close()
    except psycopg.Error as err:
        print(f"no PostgreSQL at {PG}: {err}")
        return
    for with_nested in (False, True):
        schema = f"cf_explain_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(PG, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
        try:
            show(f"{PG}?options={quote(f'-csearch_path={schema}')}", "postgresql", with_nested)
        finally:
            with psycopg.connect(PG, autocommit=True) as conn:
                conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


if __name__ == "__main__":
    main()

"""The store's tables, for SQLite and PostgreSQL, and their schema versions.

This module owns the DDL and nothing else: which tables exist, their keys,
the triggers that make the history tables append-only, and the list of
migrations from one schema version to the next. Running the statements,
and refusing a store written by a newer schema, is ``backend``'s; when to
run them (and under which lock) is each backend module's.

The tables (the same in both dialects)::

    caseflow_schema  version                  one row: the schema version
    workflows        name, version            each workflow definition a case
                     definition, complete     ran under, as YAML text; never
                                              changed once stored
    cases            id, workflow, version,   one row per case: its head (the
                     state, seq, opened_at,   number of events ``seq``), used
                     updated_at               for optimistic concurrency and
                                              the ``cases()`` query
    events           case_id, seq, trigger,   the append-only history; unique
                     source, dest, at, actor, (case_id, seq); confidential
                     role, note, changes,     values appear in ``changes``
                     version, recorded_at     only as the placeholder
    secrets          case_id, seq, field,     the confidential values, apart,
                     value                    keyed by case and event; append-only
    audit            id, case_id, action, at, who saw what, when and why;
                     actor, role, reason,     append-only
                     fields, recorded_at
    deadlines        case_id, name, due,      each case's running or paused
                     due_at, status,          deadlines as of its last event:
                     workflow, version,       an index, rewritten with the
                     state                    case's head on every save (so
                                              the copied head columns agree),
                                              queried through a partial index
                                              on due_at of the running ones
    document_numbers symbol, period, number,  the register of papers issued
                     kind, key, issued_on,    (schema version 2): one row per
                     case_ids, recorded_at    number given, unique per symbol
                                              and period and per paper key;
                                              append-only

``events``, ``secrets``, ``audit``, ``workflows`` and ``document_numbers`` refuse UPDATE and DELETE
(SQLite: ``RAISE(ABORT)`` triggers; PostgreSQL: triggers raising an
exception, also on TRUNCATE), so a history cannot be rewritten by accident.
``due_at`` is the UTC instant from which a deadline is overdue, as fixed-width
ISO 8601 text, so text order is time order.
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = [
    "APPEND_ONLY",
    "LATE_INDEXES",
    "MIGRATIONS",
    "SCHEMA_TABLE",
    "SCHEMA_VERSION",
    "TABLES",
    "migrations_for",
    "tables_at",
]

SCHEMA_VERSION = 2
"""The schema version this caseflow writes; a store with a higher one is refused."""

SCHEMA_TABLE = "CREATE TABLE IF NOT EXISTS caseflow_schema (version INTEGER NOT NULL)"
"""The one-row table holding the schema version; created before anything else."""

TABLES = (
    "caseflow_schema",
    "workflows",
    "cases",
    "events",
    "secrets",
    "audit",
    "deadlines",
    "document_numbers",
)
APPEND_ONLY = ("events", "secrets", "audit", "workflows")
_ADDED = {"document_numbers": 2}
"""The schema version that added a table (the others are version 1's)."""


def tables_at(version: int) -> tuple[str, ...]:
    """The tables a store at schema ``version`` has."""
    return tuple(t for t in TABLES if _ADDED.get(t, 1) <= version)


_REFUSAL = (
    "caseflow: {table} is append-only: the history of a case is a legal record, never "
    "updated or deleted"
)

# Column types that differ between the dialects. Text in PostgreSQL holds JSON
# as written (jsonb would reorder keys, and exports must be byte-identical).
# Case ids and due_at use the binary "C" collation there, as SQLite does: ids
# then sort the same on both backends (exports list cases in id order), and
# due_at's text order is its time order.
_TYPES = {
    "sqlite": {"serial": "INTEGER PRIMARY KEY AUTOINCREMENT", "c_text": "TEXT"},
    "postgresql": {"serial": "BIGSERIAL PRIMARY KEY", "c_text": 'TEXT COLLATE "C"'},
}

_RECORDED = {
    "sqlite": "TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
    "postgresql": (
        "TEXT NOT NULL DEFAULT "
        "(to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'))"
    ),
}


LATE_INDEXES = {
    "cases_by_workflow_state": "CREATE INDEX cases_by_workflow_state ON cases (workflow, state)",
    "cases_by_state": "CREATE INDEX cases_by_state ON cases (state)",
    # The overdue and due_before queries: only running deadlines, already in
    # the order they are returned, so a LIMIT stops early.
    "deadlines_running_by_due": "CREATE INDEX deadlines_running_by_due ON deadlines "
    "(due_at, case_id, name) WHERE status IN ('pending', 'overdue')",
}
"""The indexes that serve queries only (no key, no constraint), by name, the same in both
dialects: an import into an empty store drops them and builds them once at its end, inside
its transaction (``jsonl.import_cases``), instead of growing them row by row."""


def _v1(dialect: str) -> list[str]:
    t = _TYPES[dialect]
    recorded = _RECORDED[dialect]
    statements = [
        """CREATE TABLE workflows (
            name TEXT NOT NULL,
            version TEXT NOT NULL,
            definition TEXT NOT NULL,
            complete INTEGER NOT NULL,
            recorded_at {recorded},
            PRIMARY KEY (name, version)
        )""",
        """CREATE TABLE cases (
            id {c_text} PRIMARY KEY,
            workflow TEXT NOT NULL,
            version TEXT NOT NULL,
            state TEXT NOT NULL,
            seq INTEGER NOT NULL CHECK (seq > 0),
            opened_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            FOREIGN KEY (workflow, version) REFERENCES workflows (name, version)
        )""",
        LATE_INDEXES["cases_by_workflow_state"],
        LATE_INDEXES["cases_by_state"],
        """CREATE TABLE events (
            case_id {c_text} NOT NULL REFERENCES cases (id),
            seq INTEGER NOT NULL CHECK (seq >= 0),
            trigger TEXT NOT NULL,
            source TEXT,
            dest TEXT NOT NULL,
            at TEXT NOT NULL,
            actor TEXT,
            role TEXT,
            note TEXT,
            changes TEXT,
            version TEXT NOT NULL,
            recorded_at {recorded},
            PRIMARY KEY (case_id, seq)
        )""",
        """CREATE TABLE secrets (
            case_id {c_text} NOT NULL,
            seq INTEGER NOT NULL,
            field TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (case_id, seq, field),
            FOREIGN KEY (case_id, seq) REFERENCES events (case_id, seq)
        )""",
        """CREATE TABLE audit (
            id {serial},
            case_id {c_text} NOT NULL REFERENCES cases (id),
            action TEXT NOT NULL,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            role TEXT NOT NULL,
            reason TEXT NOT NULL,
            fields TEXT NOT NULL,
            recorded_at {recorded}
        )""",
        "CREATE INDEX audit_by_case ON audit (case_id)",
        """CREATE TABLE deadlines (
            case_id {c_text} NOT NULL REFERENCES cases (id),
            name TEXT NOT NULL,
            due TEXT,
            due_at {c_text},
            status TEXT NOT NULL,
            workflow TEXT NOT NULL,
            version TEXT NOT NULL,
            state TEXT NOT NULL,
            PRIMARY KEY (case_id, name)
        )""",
        LATE_INDEXES["deadlines_running_by_due"],
    ]
    out = [s.format(recorded=recorded, **t) for s in statements]
    for table in APPEND_ONLY:
        out.extend(_append_only(dialect, table))
    return out


def _append_only(dialect: str, table: str) -> list[str]:
    message = _REFUSAL.format(table=table)
    if dialect == "sqlite":
        return [
            f"""CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table}
            BEGIN SELECT RAISE(ABORT, '{message}'); END"""
            for op in ("UPDATE", "DELETE")
        ]
    # RAISE's format string treats % specially; the message has none.
    return [
        f"""CREATE FUNCTION {table}_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION '{message}' USING ERRCODE = 'integrity_constraint_violation';
        END $$""",
        f"""CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table}
        FOR EACH ROW EXECUTE FUNCTION {table}_refuse()""",
        f"""CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
        FOR EACH STATEMENT EXECUTE FUNCTION {table}_refuse()""",
    ]


def _v2(dialect: str) -> list[str]:
    """The register of document numbers (``store.register``): one row per number given."""
    t = _TYPES[dialect]
    statement = """CREATE TABLE document_numbers (
            symbol TEXT NOT NULL,
            period TEXT NOT NULL,
            number INTEGER NOT NULL CHECK (number > 0),
            kind TEXT NOT NULL,
            paper_key {c_text} NOT NULL UNIQUE,
            issued_on TEXT NOT NULL,
            case_ids TEXT NOT NULL,
            recorded_at {recorded},
            PRIMARY KEY (symbol, period, number)
        )"""
    return [
        statement.format(recorded=_RECORDED[dialect], **t),
        *_append_only(dialect, "document_numbers"),
    ]


MIGRATIONS: dict[int, Callable[[str], list[str]]] = {1: _v1, 2: _v2}
"""Schema version -> the function giving the statements that reach it from the one before.

Version 1 creates everything. A later version appends a function here
(``2: _v2``) whose statements turn a version-1 store into a version-2 one;
``migrations_for`` runs them in order, each store in one transaction.
"""


def migrations_for(dialect: str, current: int) -> list[tuple[int, list[str]]]:
    """The statements that bring a store at schema ``current`` to ``SCHEMA_VERSION``."""
    out = []
    for version in range(current + 1, SCHEMA_VERSION + 1):
        out.append((version, MIGRATIONS[version](dialect)))
    return out

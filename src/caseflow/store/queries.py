"""Questions asked of many cases at once: the case list and the deadline index.

This module owns the queries that read case heads and the deadline index
without replaying any case: ``case_heads``, ``case_count`` and
``case_exists`` (``Store.cases``, ``count`` and ``exists``: filtered by
workflow and state, keyset-paged by id), ``due_before`` (running deadlines
whose due time has passed, the ``overdue`` question), and ``deadline_rows``, what
each save writes into the index: a case's running and paused deadlines as
of its last event. Rebuilding one case is ``reads``'; writing the rows is
``writes``'; the deadlines themselves are computed by the workflow
(``caseflow.deadlines``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, NamedTuple

from caseflow.case import Case
from caseflow.errors import CaseflowError, ConfigurationError, InputError, StoreError
from caseflow.store.backend import Cursor
from caseflow.store.history import WorkflowLike
from caseflow.store.limits import shorten
from caseflow.store.redaction import spec_zone
from caseflow.store.rows import HEAD_COLUMNS, parse_due, parse_utc, utc_text

__all__ = [
    "CaseSummary",
    "DueDeadline",
    "case_count",
    "case_exists",
    "case_heads",
    "deadline_rows",
    "due_before",
    "limit_clause",
    "where_clause",
]


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


def where_clause(
    workflow: str | None, state: str | None, after: str | None = None
) -> tuple[str, list[Any]]:
    """`` WHERE ...`` over ``cases`` for the filters given (or nothing), and its parameters."""
    where, params = [], []
    if workflow is not None:
        where.append("workflow = ?")
        params.append(workflow)
    if state is not None:
        # A nested state's cases are in it or in one of its children, and in
        # parallel regions its path is one of the '|'-joined parts
        # (caseflow.charts): "screened" finds "screened.proposed".
        where.append(
            "(state = ? OR ('|' || state) LIKE ? ESCAPE '!'"
            " OR ('|' || state || '|') LIKE ? ESCAPE '!')"
        )
        text = state if isinstance(state, str) else ""
        escaped = text.replace("!", "!!").replace("%", "!%").replace("_", "!_")
        params.extend([state, f"%|{escaped}.%", f"%|{escaped}|%"])
    if after is not None:
        where.append("id > ?")
        params.append(after)
    return (" WHERE " + " AND ".join(where) if where else ""), params


def limit_clause(limit: int | None) -> str:
    """`` LIMIT n`` for a checked ``limit``, or nothing for ``None``."""
    if limit is None:
        return ""
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 0:
        raise InputError(f"limit={limit!r} must be a whole number, 0 or more")
    return f" LIMIT {limit}"


def case_heads(
    cur: Cursor,
    *,
    workflow: str | None,
    state: str | None,
    limit: int | None,
    after: str | None,
) -> list[CaseSummary]:
    """The heads of the matching cases, by id (``Store.cases``)."""
    where, params = where_clause(workflow, state, after)
    cur.execute(f"SELECT {HEAD_COLUMNS} FROM cases{where} ORDER BY id{limit_clause(limit)}", params)
    rows = cur.fetchall()
    try:
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
    except (TypeError, ValueError):
        _damaged(rows, ("seq", "opened_at", "updated_at"), (4, 5, 6))
        raise


def case_exists(cur: Cursor, case_id: str) -> bool:
    """Whether the store has a case with this id (``Store.exists``)."""
    cur.execute("SELECT 1 FROM cases WHERE id = ?", (case_id,))
    return cur.fetchone() is not None


def case_count(cur: Cursor, *, workflow: str | None, state: str | None) -> int:
    """How many cases match (``Store.count``)."""
    where, params = where_clause(workflow, state)
    cur.execute(f"SELECT COUNT(*) FROM cases{where}", params)
    return int(cur.fetchone()[0])


def due_before(
    cur: Cursor, moment: dt.datetime, *, workflow: str | None, limit: int | None
) -> list[DueDeadline]:
    """Running deadlines overdue from ``moment`` or earlier, earliest first."""
    # Only running deadlines (pending or overdue as of the case's last event).
    sql = (
        "SELECT case_id, workflow, version, state, name, due, due_at FROM deadlines "
        "WHERE status IN ('pending', 'overdue') AND due_at <= ?"
    )
    params: list[Any] = [utc_text(moment)]
    if workflow is not None:
        sql += " AND workflow = ?"
        params.append(workflow)
    sql += " ORDER BY due_at, case_id, name"  # the partial index's order
    cur.execute(sql + limit_clause(limit), params)
    rows = cur.fetchall()
    try:
        return [
            DueDeadline(
                case_id=r[0],
                workflow=r[1],
                version=r[2],
                state=r[3],
                name=r[4],
                due=parse_due(r[5]),
                overdue_from=parse_utc(r[6]),
            )
            for r in rows
        ]
    except (TypeError, ValueError):
        _damaged(rows, ("due", "due_at"), (5, 6), table="deadlines")
        raise


def _damaged(
    rows: list[Any], columns: tuple[str, ...], indexes: tuple[int, ...], table: str = "cases"
) -> None:
    """Raise a ``StoreError`` naming the first row and column that does not parse."""
    parsers: dict[str, Callable[[Any], object]] = {
        "seq": int,
        "due": parse_due,
        "due_at": parse_utc,
    }
    for r in rows:
        for column, index in zip(columns, indexes, strict=True):
            try:
                parsers.get(column, dt.datetime.fromisoformat)(r[index])
            except (TypeError, ValueError):
                raise StoreError(
                    f"the store is damaged: in table {table}, case {shorten(r[0])} has "
                    f"{column} = {shorten(r[index])}, which is not what caseflow writes there "
                    f"({'a whole number' if column == 'seq' else 'ISO 8601 time text'}); "
                    "restore the store from a backup"
                ) from None


def deadline_rows(
    wf: WorkflowLike, case: Case, clock_states: frozenset[str]
) -> list[tuple[Any, ...]]:
    """The index rows of the case's running and paused deadlines.

    A clock runs only in its rule's ``runs_in`` states and waits in its
    ``paused_in`` ones (``clock_states``, ``Definitions.clock_states``); in
    any other state every deadline is met or not started, so nothing is
    evaluated and nothing indexed.
    """
    if case.state not in clock_states:
        return []
    try:
        deadlines = wf.deadlines(case, now=case.history[-1].at)
    except ConfigurationError as err:
        raise StoreError(
            f"cannot compute the deadlines of case {case.id!r}: {err}; pass the app's "
            "Workflow object (store.register(wf)) so that its registered guards are known"
        ) from err
    except CaseflowError:
        raise
    except (ValueError, TypeError, ArithmeticError) as err:
        # A value stored before import checked fields (or written around the
        # engine) must not crash the index; its text may be confidential.
        raise StoreError(
            f"cannot compute the deadlines of case {case.id!r}: a value in its data is not "
            f"what its field declares ({type(err).__name__}); correct it with an update"
        ) from None
    tz = spec_zone(wf.spec)
    rows: list[tuple[Any, ...]] = []
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

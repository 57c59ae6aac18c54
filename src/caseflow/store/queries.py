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
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from caseflow.case import Case
from caseflow.deadlines import Deadline
from caseflow.errors import CaseflowError, ConfigurationError, InputError, StoreError
from caseflow.i18n import _
from caseflow.store.backend import Cursor
from caseflow.store.history import WorkflowLike
from caseflow.store.limits import shorten
from caseflow.store.redaction import spec_zone
from caseflow.store.rows import HEAD_COLUMNS, parse_due, parse_utc, utc_text

__all__ = [
    "EXISTS_SQL",
    "CaseSummary",
    "DueDeadline",
    "case_count",
    "case_exists",
    "case_heads",
    "count_sql",
    "deadline_rows",
    "deadline_rows_many",
    "due_before",
    "due_sql",
    "dues_of",
    "heads_of",
    "heads_sql",
    "index_rows",
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
    workflow: str | None, state: str | None, after: str | None = None, *, flat: bool = False
) -> tuple[str, list[Any]]:
    """`` WHERE ...`` over ``cases`` for the filters given (or nothing), and its parameters.

    ``flat``: the caller knows that no stored definition the query can
    reach has nested states, so a state is matched by equality alone.
    """
    where, params = [], []
    if workflow is not None:
        where.append("workflow = ?")
        params.append(workflow)
    if state is not None and flat:
        # Every case's state is a plain name: the equality lets SQLite and
        # PostgreSQL use the index on state (cases_by_state), which the
        # LIKE form below cannot (docs/statecharts.md, Limits).
        where.append("state = ?")
        params.append(state)
    elif state is not None:
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
        raise InputError(_("limit={limit!r} must be a whole number, 0 or more").format(limit=limit))
    return f" LIMIT {limit}"


def case_heads(
    cur: Cursor,
    *,
    workflow: str | None,
    state: str | None,
    limit: int | None,
    after: str | None,
    flat: bool = False,
) -> list[CaseSummary]:
    """The heads of the matching cases, by id (``Store.cases``; ``flat`` as ``where_clause``)."""
    cur.execute(*heads_sql(workflow=workflow, state=state, limit=limit, after=after, flat=flat))
    return heads_of(cur.fetchall())


def heads_sql(
    *,
    workflow: str | None,
    state: str | None,
    limit: int | None,
    after: str | None,
    flat: bool = False,
) -> tuple[str, list[Any]]:
    """The statement of ``case_heads`` and its parameters (also run by ``caseflow.aio``)."""
    where, params = where_clause(workflow, state, after, flat=flat)
    return f"SELECT {HEAD_COLUMNS} FROM cases{where} ORDER BY id{limit_clause(limit)}", params


def heads_of(rows: list[Any]) -> list[CaseSummary]:
    """``CaseSummary`` rows from ``heads_sql``'s result; a damaged row is a ``StoreError``."""
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


EXISTS_SQL = "SELECT 1 FROM cases WHERE id = ?"


def case_exists(cur: Cursor, case_id: str) -> bool:
    """Whether the store has a case with this id (``Store.exists``)."""
    cur.execute(EXISTS_SQL, (case_id,))
    return cur.fetchone() is not None


def case_count(cur: Cursor, *, workflow: str | None, state: str | None, flat: bool = False) -> int:
    """How many cases match (``Store.count``; ``flat`` as ``where_clause``)."""
    cur.execute(*count_sql(workflow=workflow, state=state, flat=flat))
    return int(cur.fetchone()[0])


def count_sql(
    *, workflow: str | None, state: str | None, flat: bool = False
) -> tuple[str, list[Any]]:
    """The statement of ``case_count`` and its parameters (one row, one number)."""
    where, params = where_clause(workflow, state, flat=flat)
    return f"SELECT COUNT(*) FROM cases{where}", params


def due_before(
    cur: Cursor, moment: dt.datetime, *, workflow: str | None, limit: int | None
) -> list[DueDeadline]:
    """Running deadlines overdue from ``moment`` or earlier, earliest first."""
    cur.execute(*due_sql(moment, workflow=workflow, limit=limit))
    return dues_of(cur.fetchall())


def due_sql(
    moment: dt.datetime, *, workflow: str | None, limit: int | None
) -> tuple[str, list[Any]]:
    """The statement of ``due_before`` and its parameters."""
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
    return sql + limit_clause(limit), params


def dues_of(rows: list[Any]) -> list[DueDeadline]:
    """``DueDeadline`` rows from ``due_sql``'s result; a damaged row is a ``StoreError``."""
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
                    _(
                        "the store is damaged: in table {table}, case {value} has "
                        "{column} = {value2}, which is not what caseflow writes "
                        "there ({value3}); restore the store from a backup"
                    ).format(
                        table=table,
                        value=shorten(r[0]),
                        column=column,
                        value2=shorten(r[index]),
                        value3=_("a whole number") if column == "seq" else _("ISO 8601 time text"),
                    )
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
        return index_rows(wf, case, wf.deadlines(case, now=case.history[-1].at))
    except ConfigurationError as err:
        raise StoreError(
            _(
                "cannot compute the deadlines of case {id!r}: {err}; pass "
                "the app's Workflow object (store.register(wf)) so that its "
                "registered guards are known"
            ).format(id=case.id, err=err)
        ) from err
    except CaseflowError:
        raise
    except (ValueError, TypeError, ArithmeticError) as err:
        # A value stored before import checked fields (or written around the
        # engine) must not crash the index; its text may be confidential.
        raise StoreError(
            _(
                "cannot compute the deadlines of case {id!r}: a value in its "
                "data is not what its field declares ({kind}); correct it "
                "with an update"
            ).format(id=case.id, kind=type(err).__name__)
        ) from None


def deadline_rows_many(
    wf: WorkflowLike, cases: Sequence[Case], clock_states: frozenset[str]
) -> list[list[tuple[Any, ...]]]:
    """``deadline_rows`` of each case, the deadlines computed in one pass (``deadlines_many``).

    If the pass raises, each case is evaluated alone, so that the error
    names the case it is about, as ``deadline_rows`` does.
    """
    out: list[list[tuple[Any, ...]]] = [[] for _ in cases]
    running = [(i, case) for i, case in enumerate(cases) if case.state in clock_states]
    if not running:
        return out
    try:
        found = wf.deadlines_many(
            [case for _, case in running], now=[case.history[-1].at for _, case in running]
        )
    except Exception:
        for i, case in running:
            out[i] = deadline_rows(wf, case, clock_states)
        return out
    texts: dict[dt.date, tuple[str, str]] = {}
    for (i, case), deadlines in zip(running, found, strict=True):
        out[i] = index_rows(wf, case, deadlines, texts)
    return out


def index_rows(
    wf: WorkflowLike,
    case: Case,
    deadlines: Sequence[Deadline],
    texts: dict[dt.date, tuple[str, str]] | None = None,
) -> list[tuple[Any, ...]]:
    """The index rows of ``deadlines``, the case's as of its last event: all but the met ones.

    ``texts`` keeps the stored texts of each due day (its ISO date, the UTC
    end of that day in the workflow's zone) across the cases of a batch,
    which share their due days.
    """
    tz = spec_zone(wf.spec)
    rows: list[tuple[Any, ...]] = []
    for d in deadlines:
        if d.status == "met":
            continue
        due = d.due
        due_text = due_at = None
        if isinstance(due, dt.datetime):
            due_text, due_at = due.isoformat(), utc_text(due + dt.timedelta(microseconds=1))
        elif isinstance(due, dt.date):
            known = texts.get(due) if texts is not None else None
            if known is None:
                end = dt.datetime.combine(due + dt.timedelta(days=1), dt.time(), tzinfo=tz)
                known = (due.isoformat(), utc_text(end))
                if texts is not None:
                    texts[due] = known
            due_text, due_at = known
        rows.append(
            (
                case.id,
                d.name,
                due_text,
                due_at,
                d.status,
                case.workflow,
                case.version,
                case.state,
            )
        )
    return rows

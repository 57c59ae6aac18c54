"""The register of document numbers: the next number of each kind, given once, kept forever.

This module owns numbering papers (``number_document``) and reading the
register back (``register_rows``). Hướng dẫn 36-HD/VPTW and Nghị định
30/2020/NĐ-CP number each kind of paper consecutively from 01 within a
year (or a committee's term): here a kind is its number symbol ("TB/TU"),
and the period is the caller's (``caseflow.render.papers.formats.period_of``).
Each number given is a row of ``document_numbers`` (append-only) with the
paper's kind, number, date and case ids, under the paper's key: asked
again for the same key, the register returns the number and date it gave
(a reprint keeps its number), so a number is never given twice, in one
run or across runs on the same store.

Allocation is atomic on both backends: the key lookup, the highest number
so far and the insert run in one write transaction, which SQLite
serialises (``BEGIN IMMEDIATE``) and PostgreSQL serialises with a
transaction-scoped advisory lock, so two writers never read the same
highest number.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

import attrs

from caseflow.errors import InputError
from caseflow.i18n import _
from caseflow.store.backend import Backend
from caseflow.store.limits import MAX_ID, check_text

__all__ = ["NumberedDocument", "number_document", "register_rows"]

_REGISTER_LOCK = 0x63667265676E6F  # "cfregno": held while a number is given (PostgreSQL)


@attrs.frozen(kw_only=True)
class NumberedDocument:
    """One row of the register: a number given to a paper."""

    kind: str
    symbol: str
    period: str
    number: int
    key: str
    issued_on: dt.date
    case_ids: tuple[str, ...]


def number_document(
    db: Backend,
    *,
    kind: str,
    symbol: str,
    period: str,
    key: str,
    issued_on: dt.date,
    case_ids: Sequence[str] = (),
) -> tuple[int, dt.date]:
    """The number and date of the paper ``key``: given now (the next of ``symbol`` in
    ``period``), or the ones given to it before. Raises ``InputError`` for a bad value."""
    for value, what in ((kind, "kind"), (symbol, "symbol"), (period, "period"), (key, "key")):
        check_text(value, _("the paper's {what!r}").format(what=what), MAX_ID)
    if not isinstance(issued_on, dt.date) or isinstance(issued_on, dt.datetime):
        raise InputError(
            _("issued_on={value!r} must be a date (datetime.date)").format(value=issued_on)
        )
    ids = json.dumps(list(case_ids), ensure_ascii=False)
    with db._writing(_("numbering the paper {key!r}").format(key=key)) as cur:
        if db.dialect == "postgresql":
            cur.execute("SELECT pg_advisory_xact_lock(?)", (_REGISTER_LOCK,))
        cur.execute("SELECT number, issued_on FROM document_numbers WHERE paper_key = ?", (key,))
        row = cur.fetchone()
        if row is not None:
            return int(row[0]), dt.date.fromisoformat(str(row[1]))
        cur.execute(
            "SELECT COALESCE(MAX(number), 0) FROM document_numbers WHERE symbol = ? AND period = ?",
            (symbol, period),
        )
        number = int(cur.fetchone()[0]) + 1
        cur.execute(
            "INSERT INTO document_numbers "
            "(symbol, period, number, kind, paper_key, issued_on, case_ids) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (symbol, period, number, kind, key, issued_on.isoformat(), ids),
        )
    return number, issued_on


def register_rows(db: Backend) -> list[NumberedDocument]:
    """Every number given, by symbol, period and number."""
    with db._reading() as cur:
        cur.execute(
            "SELECT kind, symbol, period, number, paper_key, issued_on, case_ids "
            "FROM document_numbers ORDER BY symbol, period, number"
        )
        rows = cur.fetchall()
    return [
        NumberedDocument(
            kind=str(r[0]),
            symbol=str(r[1]),
            period=str(r[2]),
            number=int(r[3]),
            key=str(r[4]),
            issued_on=dt.date.fromisoformat(str(r[5])),
            case_ids=tuple(json.loads(str(r[6]))),
        )
        for r in rows
    ]

"""Confidential values in the store: reading them back, and recording who saw them.

This module owns the ``secrets`` and ``audit`` tables. ``revealed`` reads
the values a ``Reveal`` may see, ``record`` writes the audit records (in
their own transaction, before any value leaves the store: if the audit
cannot be written, nothing is revealed), and ``audit_records`` reads them
back. Every attempt is recorded, a refused one too. Writing the secrets is
part of a save (``rows.event_rows`` splits them off); the rules (which
fields are confidential, which roles may read them, what a ``Reveal`` is)
are ``redaction``'s.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Mapping, Sequence
from typing import Any

from caseflow.definition import WorkflowSpec
from caseflow.errors import CaseflowError, StoreError
from caseflow.i18n import _
from caseflow.store.backend import Backend, Cursor
from caseflow.store.redaction import (
    AuditRecord,
    Reveal,
    dump_json,
    readable_fields,
    spec_zone,
)
from caseflow.text import texts

__all__ = ["AuditItem", "audit_records", "read_secrets", "record", "revealed", "withheld_texts"]

log = logging.getLogger("caseflow.store")

AuditItem = tuple[str, str, dt.datetime, Reveal, Sequence[str]]
"""(case id, action, when, the reveal, the fields revealed), for ``record``."""

Secrets = dict[int, dict[str, Any]]
"""Event index -> field -> the value kept apart."""


def read_secrets(cur: Cursor, case_id: str, fields: Sequence[str], count: int) -> Secrets:
    """The values of ``fields`` kept apart for the case's first ``count`` events."""
    marks = ", ".join("?" * len(fields))
    cur.execute(
        f"SELECT seq, field, value FROM secrets WHERE case_id = ? AND seq < ? "
        f"AND field IN ({marks})",
        (case_id, count, *fields),
    )
    out: Secrets = {}
    for seq, field, value in cur.fetchall():
        try:
            out.setdefault(int(seq), {})[str(field)] = json.loads(value)
        except ValueError:
            raise StoreError(
                _(
                    "case {case_id!r}, event {seq}: the stored value of "
                    "confidential field {field!r} is not valid JSON; the row is "
                    "corrupted"
                ).format(case_id=case_id, seq=seq, field=field)
            ) from None
    return out


def withheld_texts(cur: Cursor, wanted: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """The texts kept apart for the fields ``wanted`` names per case, to scrub from free text.

    Nothing is revealed by this: an export uses them to find a name typed
    into a note or a summary, and replaces it by the placeholder.
    """
    ids = [cid for cid, fields in wanted.items() if fields]
    out: dict[str, list[str]] = {cid: [] for cid in ids}
    if not ids:
        return out
    cur.execute(
        f"SELECT case_id, field, value FROM secrets WHERE case_id IN ({', '.join('?' * len(ids))})",
        ids,
    )
    for cid, field, value in cur.fetchall():
        if field not in wanted[cid]:
            continue
        try:
            found = json.loads(value)
        except ValueError:
            continue  # a corrupted row is reported by the load that reads it
        out[cid].extend(t.strip() for t in texts(found) if t.strip())
    return out


def revealed(
    db: Backend,
    spec: WorkflowSpec,
    reveal: Reveal,
    action: str,
    case_id: str,
    count: int,
) -> tuple[Secrets | None, AuditItem | None]:
    """The values ``reveal`` may see in a case of ``spec``, and the audit item to record.

    A load (``action`` "reveal") refuses a reveal that may see nothing; an
    export (``"export"``) passes over cases whose workflow has nothing that
    role may read, and gives ``(None, None)`` for them. A refusal (the
    role may not read a field asked for, an unknown role or field) is
    recorded as ``"reveal refused"`` (``"export refused"``) with the fields
    asked for before it is raised; a request that does not say who, why
    and when (``Reveal.check``, ``Reveal.when``) is refused unrecorded.
    """
    strict = action == "reveal"
    reveal.check()
    at = reveal.when(spec_zone(spec))
    try:
        fields = readable_fields(spec, reveal, strict=strict)
    except CaseflowError:
        # A refused attempt is recorded too: who asked, for what, and why.
        asked = reveal.fields if reveal.fields is not None else confidential_names(spec)
        record(db, [(case_id, f"{action} refused", at, reveal, asked)])
        raise
    if not fields and not strict:
        return None, None
    secrets: Secrets = {}
    if fields:
        with db._reading() as cur:
            secrets = read_secrets(cur, case_id, fields, count)
    return secrets, (case_id, action, at, reveal, fields)


def confidential_names(spec: WorkflowSpec) -> tuple[str, ...]:
    """The confidential fields of ``spec``, in declaration order."""
    return tuple(f.name for f in spec.fields if f.confidential)


def record(db: Backend, items: Sequence[AuditItem]) -> None:
    """Write the audit records of ``items`` in one transaction, then log them."""
    rows = [
        (cid, action, at.isoformat(), r.actor, r.role, r.reason, dump_json(list(fields)))
        for cid, action, at, r, fields in items
    ]
    with db._writing(_("recording the reveal in the audit table")) as cur:
        cur.executemany(
            "INSERT INTO audit (case_id, action, at, actor, role, reason, fields) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    for cid, action, _item, r, fields in items:
        log.info(
            "%s of %s in case %r to %r as %r",
            action,
            ", ".join(fields) or "no field",
            cid,
            r.actor,
            r.role,
        )


def audit_records(cur: Cursor, case_id: str) -> list[AuditRecord]:
    """Every recorded access to the case's confidential values, oldest first."""
    cur.execute(
        "SELECT case_id, action, at, actor, role, reason, fields, recorded_at "
        "FROM audit WHERE case_id = ? ORDER BY id",
        (case_id,),
    )
    return [
        AuditRecord(
            case_id=r[0],
            action=r[1],
            at=dt.datetime.fromisoformat(r[2]),
            actor=r[3],
            role=r[4],
            reason=r[5],
            fields=tuple(json.loads(r[6])),
            recorded_at=r[7],
        )
        for r in cur.fetchall()
    ]

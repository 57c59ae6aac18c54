"""The store's row format: a case as rows, and stored rows back as events.

This module owns the one place where a case becomes table rows and rows
become events again: the columns of the ``cases`` head row and of the
``events`` rows, ``head_row`` and ``event_rows`` (which also splits
confidential values off into ``secrets`` rows), ``decode_events`` (which
checks every stored row as it reads it), and the text forms of times
(``utc_text``). Text is written in NFC (the case id, actors, notes and the
JSON of the data), whatever form the case holds it in, so that lookalike
spellings of one word are one stored value. A save, a migration and an
import all build their rows
here (``writes``); a load and an export decode them here (``reads``). The
confidentiality rules are ``redaction``'s; which SQL runs is the callers'.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from caseflow.case import EMPTY, Case, Event
from caseflow.errors import CaseflowError, InputError, StoreError
from caseflow.i18n import _
from caseflow.store.limits import MAX_ID, MAX_TEXT, check_id, check_text
from caseflow.store.redaction import REDACTED, dump_json, split_changes
from caseflow.text import nfc

__all__ = [
    "EVENT_COLUMNS",
    "HEAD_COLUMNS",
    "Refuse",
    "decode_events",
    "event_rows",
    "head_row",
    "parse_due",
    "parse_utc",
    "utc_text",
]

UTC = dt.UTC

HEAD_COLUMNS = "id, workflow, version, state, seq, opened_at, updated_at"
"""The ``cases`` columns of a head row, in ``head_row``'s order."""

EVENT_COLUMNS = "seq, trigger, source, dest, at, actor, role, note, changes, version"
"""The ``events`` columns ``decode_events`` reads (``event_rows`` adds ``case_id`` first)."""

Refuse = Callable[[int, Event, list[str]], CaseflowError]
"""Builds the error for event ``seq`` whose confidential fields hold the placeholder."""


def utc_text(at: dt.datetime) -> str:
    """Fixed-width UTC ISO 8601 text, so that text order is time order."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_utc(text: str) -> dt.datetime:
    """The instant ``utc_text`` wrote."""
    return dt.datetime.fromisoformat(text)  # reads the "Z" since Python 3.11


def parse_due(text: str) -> dt.date | dt.datetime:
    """A stored due: a date (``YYYY-MM-DD``) or an aware datetime."""
    if len(text) == 10:
        return dt.date.fromisoformat(text)
    return dt.datetime.fromisoformat(text)


def head_row(case: Case, at_texts: Sequence[str] | None = None) -> tuple[Any, ...]:
    """The case's ``cases`` row: its head after its last event (``HEAD_COLUMNS``).

    ``at_texts`` are the events' times as the caller read them (an import
    keeps them as written); without them the times are formatted.
    """
    history = case.history
    if at_texts is None:
        opened, updated = history[0].at.isoformat(), history[-1].at.isoformat()
    else:
        opened, updated = at_texts[0], at_texts[-1]
    cid = case.id if not isinstance(case.id, str) else nfc(case.id)
    return (cid, case.workflow, case.version, case.state, len(history), opened, updated)


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)
_DUMPS = _ENCODER.encode


def _dumps_fast() -> Callable[[dict[str, Any]], str]:
    """``_DUMPS`` for an event's changes, the C encoder built once instead of per call.

    ``JSONEncoder.encode`` builds a C encoder on every call: half the cost
    of a short mapping (measured; four per imported case). Built once, it
    has no table of the containers being encoded, so a mapping that holds
    itself ends in ``RecursionError`` rather than ``ValueError``: the caller
    treats both alike and falls back to the checking encoder, which names
    the problem. The text is the same, byte for byte.
    """
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # pragma: no cover - CPython has the C encoder
        return _DUMPS
    encoder = make(
        None,  # no markers: no cycle check (see above)
        _ENCODER.default,
        json.encoder.encode_basestring,  # ensure_ascii=False
        None,  # indent
        ":",
        ",",
        False,  # sort_keys
        False,  # skipkeys
        False,  # allow_nan
    )

    def dumps(value: dict[str, Any]) -> str:
        return "".join(encoder(value, 0))

    return dumps


_DUMPS_CHANGES = _dumps_fast()


def event_rows(
    case: Case,
    first: int,
    confidential: frozenset[str],
    *,
    versions: Sequence[str] | None = None,
    at_texts: Sequence[str] | None = None,
    withheld_ok: bool = False,
    refuse: Refuse | None = None,
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Rows for the events table and the secrets table, from event ``first`` on.

    Each event is recorded under ``case.version`` unless ``versions`` gives
    one per event (an imported case that migrated). A confidential field
    whose value is the placeholder is refused (``refuse`` builds the error),
    or with ``withheld_ok`` kept with no value at all. ``at_texts`` are the
    events' times as the caller read them (an import keeps them as written;
    formatting a time is slow).
    """
    events: list[tuple[Any, ...]] = []
    secrets: list[tuple[Any, ...]] = []
    cid = case.id
    check_id(cid)
    cid = nfc(cid)
    version = case.version
    dumps = _DUMPS_CHANGES
    history = case.history
    add = events.append
    # The import's hot loop (a million events): plain locals, few calls.
    for seq in range(first, len(history)):
        event = history[seq]
        trigger, source, dest, at, actor, role, note, changes = event
        if (type(at) is not dt.datetime or at.tzinfo is None) and (
            not isinstance(at, dt.datetime) or at.tzinfo is None
        ):
            raise InputError(
                _(
                    "case {cid!r}, event {seq}: its time must be an aware datetime, not {kind}"
                ).format(cid=cid, seq=seq, kind=type(at).__name__)
            )
        text = None
        if changes:
            public: Mapping[str, Any] = changes
            if confidential and not confidential.isdisjoint(changes):
                public, kept, placeholders = split_changes(changes, confidential)
                if placeholders and not withheld_ok:
                    if refuse is not None:
                        raise refuse(seq, event, placeholders)
                    raise StoreError(
                        _(
                            "cannot save case {cid!r}: event {seq} ({trigger!r}) sets "
                            "the confidential field(s) {value} to the placeholder "
                            "{redacted!r}. A case loaded without a reveal does not carry "
                            "hidden values, so this save is refused to keep the stored "
                            "ones: give the real value, or leave the field out of the "
                            "step's data"
                        ).format(
                            cid=cid,
                            seq=seq,
                            trigger=trigger,
                            value=", ".join(sorted(placeholders)),
                            redacted=REDACTED,
                        )
                    )
                for name, value in kept:
                    secrets.append((cid, seq, name, nfc(_json(value, cid, seq, name))))
            try:
                text = dumps(public if type(public) is dict else dict(public))
            except (TypeError, ValueError, RecursionError):
                text = _json(dict(public), cid, seq, None)
            if not text.isascii():
                text = nfc(text)
        if (
            (actor is not None and (type(actor) is not str or not actor.isprintable()))
            or (role is not None and (type(role) is not str or not role.isprintable()))
            or (note is not None and (type(note) is not str or not note.isprintable()))
            or (actor is not None and len(actor) > MAX_ID)
            or (role is not None and len(role) > MAX_ID)
            or (note is not None and len(note) > MAX_TEXT)
            or (text is not None and len(text) > MAX_TEXT)
        ):
            _check_texts(cid, seq, actor, role, note, text)
        if actor is not None and not actor.isascii():
            actor = nfc(actor)
        if note is not None and not note.isascii():
            note = nfc(note)
        add(
            (
                cid,
                seq,
                trigger,
                source,
                dest,
                at.isoformat() if at_texts is None else at_texts[seq],
                actor,
                role,
                note,
                text,
                versions[seq] if versions is not None else version,
            )
        )
    return events, secrets


def _check_texts(cid: str, seq: int, *values: Any) -> None:
    limits = (MAX_ID, MAX_ID, MAX_TEXT, MAX_TEXT)
    names = ("'actor'", "'role'", "'note'", _("the JSON text of its data"))
    for name, value, limit in zip(names, values, limits, strict=True):
        check_text(
            value,
            _("case {cid!r}, event {seq}: {name}").format(cid=cid, seq=seq, name=name),
            limit,
        )


def _json(value: Any, case_id: str, seq: int, field: str | None) -> str:
    where = _("field {field!r}").format(field=field) if field else _("its data")
    try:
        text = dump_json(value)
    except (TypeError, ValueError):
        raise InputError(
            _(
                "case {case_id!r}, event {seq}: {where} cannot be stored as "
                "JSON; case data must be text, numbers, true/false, null, "
                "lists or mappings"
            ).format(case_id=case_id, seq=seq, where=where)
        ) from None
    if len(text) > MAX_TEXT or not text.isascii():
        try:
            check_text(
                text,
                _("case {cid!r}, event {seq}: the JSON text of {where}").format(
                    cid=case_id, seq=seq, where=where
                ),
            )
        except InputError as err:
            # The value may be confidential: say what is wrong, never quote it.
            reason = str(err).rpartition(", ")[2]
            raise InputError(
                _(
                    "case {case_id!r}, event {seq}: the JSON text of {where} "
                    "must be at most {max_text:,} characters of valid Unicode; "
                    "it is {reason}"
                ).format(case_id=case_id, seq=seq, where=where, max_text=MAX_TEXT, reason=reason)
            ) from None
    return text


def decode_events(
    case_id: str,
    rows: Sequence[Any],
    secrets: Mapping[int, Mapping[str, Any]] | None = None,
) -> tuple[list[Event], list[str]]:
    """Events and their versions from stored rows, checking each; secrets put back if given."""
    events: list[Event] = []
    versions: list[str] = []
    fromiso = dt.datetime.fromisoformat
    loads = json.loads
    for index, row in enumerate(rows):
        seq, trigger, source, dest, at, actor, role, note, changes, version = row
        if seq != index:
            raise StoreError(
                _(
                    "case {case_id!r} is corrupted: event {index} is missing "
                    "(found event {seq} in its place)"
                ).format(case_id=case_id, index=index, seq=seq)
            )
        try:
            when = fromiso(at)
        except (TypeError, ValueError):
            raise StoreError(
                _(
                    "case {case_id!r}, event {seq}: the stored time is not ISO "
                    "8601 text; the row is corrupted"
                ).format(case_id=case_id, seq=seq)
            ) from None
        if when.tzinfo is None:
            raise StoreError(
                _(
                    "case {case_id!r}, event {seq}: the stored time has no UTC "
                    "offset; the row is corrupted"
                ).format(case_id=case_id, seq=seq)
            )
        values: Mapping[str, Any] = EMPTY
        if changes is not None:
            try:
                values = loads(changes)
            except ValueError as err:
                reason = err.msg if isinstance(err, json.JSONDecodeError) else "bad text"
                raise StoreError(
                    _(
                        "case {case_id!r}, event {seq}: the stored changes are not "
                        "valid JSON ({reason} at character {value}); the row is "
                        "corrupted"
                    ).format(
                        case_id=case_id, seq=seq, reason=reason, value=getattr(err, "pos", "?")
                    )
                ) from None
            if not isinstance(values, dict):
                raise StoreError(
                    _(
                        "case {case_id!r}, event {seq}: the stored changes must be a "
                        "JSON object, not a JSON {kind}; the row is corrupted"
                    ).format(case_id=case_id, seq=seq, kind=type(values).__name__)
                )
            if secrets is not None and seq in secrets:
                values = dict(values)
                for name, value in secrets[seq].items():
                    if values.get(name) != REDACTED:
                        raise StoreError(
                            _(
                                "case {case_id!r}, event {seq}: a value of confidential "
                                "field {name!r} is stored apart, but the event does not set "
                                "that field; the rows are corrupted"
                            ).format(case_id=case_id, seq=seq, name=name)
                        )
                    values[name] = value
        if not isinstance(trigger, str) or not isinstance(dest, str):
            raise StoreError(
                _("case {case_id!r}, event {seq}: trigger and dest must be text").format(
                    case_id=case_id, seq=seq
                )
            )
        events.append(Event(trigger, source, dest, when, actor, role, note, values))
        versions.append(str(version))
    return events, versions

"""One line of a JSON Lines import: decoded, parsed within limits, its shape checked.

This module owns turning one line (bytes or text) into the pieces an import
replays: the line is decoded as UTF-8 (a bad byte is named), refused when
longer than ``MAX_LINE`` or nested deeper than ``MAX_DEPTH`` (so no
``RecursionError`` or ``MemoryError`` escapes the JSON decoder), parsed,
and refused when a string holds a lone surrogate (``"\\ud800"``, which is
not a character and which no database can store); then the case's fields,
its migrations and its events are checked for their types, and event times
for an offset and a year within ``YEARS``. Messages name the case and the
event, never a value of the data.

Replaying the events and comparing the result with the line is ``jsonl``'s
work; the store's tables are ``writes``'.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from typing import Any

from caseflow.case import EMPTY, Event
from caseflow.errors import InputError
from caseflow.i18n import _

__all__ = [
    "MAX_DEPTH",
    "MAX_LINE",
    "YEARS",
    "case_text",
    "decode",
    "parse",
    "read_events",
    "read_versions",
]

MAX_LINE = 16 * 1024 * 1024
"""The longest line an import reads, in bytes (or characters, for text lines)."""
MAX_DEPTH = 64
"""How deeply a line's JSON may nest: the line, its history, an event, its changes, a value."""
YEARS = (1900, 2999)
"""The years an event time may fall in: deadlines counted from them stay representable."""

_OPTIONAL = ("source", "actor", "role", "note")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(r"[^\[\]{}]+")


def decode(raw: str | bytes) -> str:
    """The text of a line: bytes decoded as UTF-8, text checked to be encodable."""
    if len(raw) > MAX_LINE:
        unit = "bytes" if isinstance(raw, bytes) else "characters"
        raise InputError(
            _("the line is longer than {max_line:,} {unit}, the most an import reads").format(
                max_line=MAX_LINE, unit=unit
            )
        )
    if isinstance(raw, bytes):
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as err:
            bad = raw[err.start : err.start + 1].hex()
            raise InputError(
                _(
                    "the line is not valid UTF-8: byte 0x{bad} at byte {value} "
                    "cannot be decoded; save the file as UTF-8"
                ).format(bad=bad, value=err.start + 1)
            ) from None
    try:
        raw.encode("utf-8")
    except UnicodeEncodeError as err:
        raise InputError(
            _(
                "the line holds a lone surrogate (U+{value:04X}) at "
                "character {value2}, which is not a character; text must be "
                "valid Unicode"
            ).format(value=ord(raw[err.start]), value2=err.start + 1)
        ) from None
    return raw


def parse(text: str) -> Any:
    """The JSON value of a line's text, within the depth limit, every string valid Unicode."""
    if text.count("{") + text.count("[") > MAX_DEPTH and _depth(text) > MAX_DEPTH:
        raise InputError(
            _(
                "the line's JSON nests deeper than {max_depth} levels, the most an import reads"
            ).format(max_depth=MAX_DEPTH)
        )
    try:
        obj = json.loads(text)
    except ValueError as err:
        reason = err.msg if isinstance(err, json.JSONDecodeError) else "bad text"
        raise InputError(
            _("not valid JSON ({reason} at character {value})").format(
                reason=reason, value=getattr(err, "pos", "?")
            )
        ) from None
    except RecursionError:  # pragma: no cover - the depth is checked first
        raise InputError(
            _("the line's JSON nests deeper than {max_depth} levels").format(max_depth=MAX_DEPTH)
        ) from None
    if _SURROGATE_ESCAPE.search(text):
        where = _surrogate(obj, "")
        if where is not None:
            case_id = obj.get("id") if isinstance(obj, dict) else None
            if isinstance(case_id, str) and _surrogate(case_id, "") is None:
                where = f"case {case_id!r}: {where}"
            raise InputError(
                _(
                    "{where} holds a lone surrogate escape (such as \\ud800), "
                    "which is not a character; text must be valid Unicode"
                ).format(where=where)
            )
    return obj


def _depth(text: str) -> int:
    """How deeply ``text``'s brackets nest, strings left out."""
    brackets = _BRACKETS.sub("", _STRING.sub("", text))
    depth = deepest = 0
    for ch in brackets:
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def _surrogate(value: Any, path: str) -> str | None:
    """Where in ``value`` a string holds a lone surrogate (a JSON path), or None."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return path or _("the line")
        return None
    if isinstance(value, list):
        for i, item in enumerate(value):
            found = _surrogate(item, f"{path}[{i}]")
            if found is not None:
                return found
    elif isinstance(value, dict):
        for key, item in value.items():
            name = key if _surrogate(key, "") is None else "?"
            if name == "?":
                return _("{where}: a key").format(where=path or _("the line"))
            found = _surrogate(item, f"{path}.{name}" if path else name)
            if found is not None:
                return found
    return None


def case_text(obj: Mapping[str, Any], key: str, what: str) -> str:
    """``obj[key]``, which must be non-empty text."""
    value = obj.get(key)
    if not isinstance(value, str) or not value:
        raise InputError(_("{what}: {key!r} must be non-empty text").format(what=what, key=key))
    return value


def read_versions(case_id: str, version: str, count: int, migrations: Any) -> list[str]:
    if migrations is None:
        return [version] * count
    if not isinstance(migrations, list) or not migrations:
        raise InputError(
            _("case {case_id!r}: 'migrations' must be a non-empty list").format(case_id=case_id)
        )
    versions: list[str] = []
    reached: str | None = None
    for m in migrations:
        if (
            not isinstance(m, dict)
            or not isinstance(m.get("event"), int)
            or not isinstance(m.get("from"), str)
            or not isinstance(m.get("to"), str)
        ):
            raise InputError(
                _(
                    'case {case_id!r}: each migration must be {{"event": N, '
                    '"from": "version", "to": "version"}}'
                ).format(case_id=case_id)
            )
        at = m["event"]
        if not len(versions) < at < count or (reached is not None and m["from"] != reached):
            raise InputError(
                _(
                    "case {case_id!r}: the migrations must be in event order, "
                    "inside the history, each starting from the version the "
                    "previous one reached"
                ).format(case_id=case_id)
            )
        versions.extend([m["from"]] * (at - len(versions)))
        reached = m["to"]
    assert reached is not None
    versions.extend([reached] * (count - len(versions)))
    if versions[-1] != version:
        raise InputError(
            _(
                "case {case_id!r}: the line says version {version!r}, but "
                "its last migration goes to {versions!r}"
            ).format(case_id=case_id, version=version, versions=versions[-1])
        )
    return versions


def read_events(case_id: str, history: list[Any]) -> tuple[list[Event], list[str]]:
    """The events of a line, checked, and their times as written (stored as they are)."""
    events: list[Event] = []
    texts: list[str] = []
    fromiso = dt.datetime.fromisoformat
    first_year, last_year = YEARS
    add, add_text = events.append, texts.append
    # The import's hot loop: type checks inline, messages built only on error.
    for index, raw in enumerate(history):
        if type(raw) is not dict:
            raise InputError(
                _("case {case_id!r}, event {index}: an event must be a JSON object").format(
                    case_id=case_id, index=index
                )
            )
        get = raw.get
        trigger, dest, at = get("trigger"), get("dest"), get("at")
        source, actor, role, note = get("source"), get("actor"), get("role"), get("note")
        changes = get("changes")
        if type(trigger) is not str or type(dest) is not str or type(at) is not str:
            raise _bad_event(case_id, index, raw)
        if (
            (source is not None and type(source) is not str)
            or (actor is not None and type(actor) is not str)
            or (role is not None and type(role) is not str)
            or (note is not None and type(note) is not str)
        ):
            raise _bad_event(case_id, index, raw)
        try:
            when = fromiso(at)
        except ValueError:
            raise InputError(
                _(
                    "case {case_id!r}, event {index}: 'at' is not ISO 8601 text; "
                    "write e.g. '2026-02-10T08:30:00+07:00'"
                ).format(case_id=case_id, index=index)
            ) from None
        if when.tzinfo is None:
            raise InputError(
                _(
                    "case {case_id!r}, event {index}: 'at' has no UTC offset; a "
                    "history's times must carry one"
                ).format(case_id=case_id, index=index)
            )
        if not first_year <= when.year <= last_year:
            raise InputError(
                _(
                    "case {case_id!r}, event {index}: 'at' {at!r} is in the year "
                    "{year}; a history's times must fall in the years "
                    "{first_year} to {last_year}"
                ).format(
                    case_id=case_id,
                    index=index,
                    at=at,
                    year=when.year,
                    first_year=first_year,
                    last_year=last_year,
                )
            )
        if changes is None:
            changes = EMPTY
        elif type(changes) is not dict:
            raise InputError(
                _("case {case_id!r}, event {index}: 'changes' must be a JSON object").format(
                    case_id=case_id, index=index
                )
            )
        add(Event(trigger, source, dest, when, actor, role, note, changes or EMPTY))
        add_text(at)
    return events, texts


def _bad_event(case_id: str, index: int, raw: dict[str, Any]) -> InputError:
    where = f"case {case_id!r}, event {index}"
    for key in ("trigger", "dest"):
        if not isinstance(raw.get(key), str):
            return InputError(_("{where}: {key!r} must be text").format(where=where, key=key))
    if not isinstance(raw.get("at"), str):
        return InputError(
            _("{where}: 'at' must be ISO 8601 text with its UTC offset").format(where=where)
        )
    for key in _OPTIONAL:
        if raw.get(key) is not None and not isinstance(raw[key], str):
            return InputError(
                _("{where}: {key!r} must be text or null").format(where=where, key=key)
            )
    return InputError(_("{where}: the event is malformed").format(where=where))  # pragma: no cover

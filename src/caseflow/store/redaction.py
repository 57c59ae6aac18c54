"""Confidential fields: keeping their values apart, and who may see them.

This module owns the rules, not the storage: which fields of a workflow are
confidential, how an event's ``changes`` are split into what the events table
may hold (the placeholder ``REDACTED`` in place of each confidential value)
and the values kept apart, what a ``Reveal`` request is, and whether its role
may read the fields it asks for. Reading the ``secrets`` table and the
``audit`` table is ``confidentiality``'s; a save splits the values off
(``rows``) and inserts them with its events (``writes``).

The rule of thumb: a confidential value leaves the store only through
``load(..., reveal=...)`` or an export with a reveal, only for fields whose
``readers`` include the reveal's role, and only after the reveal has been
recorded in the audit table. A field with no readers can be revealed by
nobody. No message built here ever quotes a field's value. An export for a
role that may not read a value also has it scrubbed from its free text
(``scrub_line``): a name typed into a note or a summary.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from caseflow.definition import WorkflowSpec
from caseflow.errors import InputError, RevealRefused, StoreError
from caseflow.i18n import _
from caseflow.text import Scrubber, texts
from caseflow.times import to_datetime, zone

__all__ = [
    "REDACTED",
    "AuditRecord",
    "Reveal",
    "confidential_fields",
    "dump_json",
    "readable_fields",
    "scrub_line",
    "split_changes",
]

REDACTED = "[redacted]"
"""What every read shows in place of a confidential value."""


# json.dumps with these options builds a new encoder on every call (a third
# of the cost of a short value, measured); one encoder built once is reused.
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode


def dump_json(value: Any) -> str:
    """Compact JSON text that keeps non-ASCII text as it is (Vietnamese stays readable)."""
    return _ENCODE(value)


def confidential_fields(spec: WorkflowSpec) -> frozenset[str]:
    """The names of the fields ``spec`` marks confidential."""
    return frozenset(f.name for f in spec.fields if f.confidential)


def _names(value: Iterable[str] | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, str):  # a lone name, not its letters
        return (value,)
    return tuple(value)


@attrs.frozen(kw_only=True)
class Reveal:
    """An explicit request to see confidential values, recorded in the audit table.

    ``actor`` is who asks, ``role`` the role they act in (it must be among
    each field's ``readers``), ``reason`` why (kept with the record), ``at``
    when (a datetime, date or ISO text; naive times are in the workflow's
    zone). ``fields`` limits the request to some confidential fields; by
    default it covers every confidential field the role may read.
    """

    actor: str
    role: str
    reason: str
    at: Any
    fields: tuple[str, ...] | None = attrs.field(default=None, converter=_names)

    def when(self, tz: dt.tzinfo) -> dt.datetime:
        """``at`` as an aware datetime (naive values in ``tz``)."""
        return to_datetime(self.at, tz, what=_("the reveal's 'at'"))

    def check(self) -> None:
        """Refuse a request that does not say who, in which role, and why."""
        for name in ("actor", "role", "reason"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                raise InputError(
                    _(
                        "a Reveal needs a non-empty {name!r} (who asks, in which "
                        "role, and why); got {value!r}"
                    ).format(name=name, value=value)
                )


@attrs.frozen(kw_only=True)
class AuditRecord:
    """One recorded access to confidential values: who, when, why, which fields."""

    case_id: str
    action: str
    at: dt.datetime
    actor: str
    role: str
    reason: str
    fields: tuple[str, ...]
    recorded_at: str


def readable_fields(spec: WorkflowSpec, reveal: Reveal, *, strict: bool) -> tuple[str, ...]:
    """The confidential fields of ``spec`` that ``reveal`` may see, in declaration order.

    With ``reveal.fields`` given, every one of them must be confidential and
    readable by the role, or nothing is revealed. Without, the readable ones
    are returned; if there are none, the request is refused when ``strict``
    (a load) and gives an empty tuple otherwise (an export, where cases of
    other workflows, with other roles, may still be readable). Each refusal
    says which fields, and who may read them.
    """
    reveal.check()
    roles = [r.name for r in spec.roles]
    confidential = [f for f in spec.fields if f.confidential]
    if not strict and (reveal.role not in roles or not confidential):
        return ()
    if reveal.role not in roles:
        raise InputError(
            _("unknown role {role!r} for workflow {name!r}; known roles: {value}").format(
                role=reveal.role, name=spec.name, value=", ".join(roles) or "none"
            )
        )
    if not confidential:
        raise StoreError(
            _(
                "workflow {name!r} version {version!r} has no confidential "
                "fields; there is nothing to reveal"
            ).format(name=spec.name, version=spec.version)
        )
    by_name = {f.name: f for f in confidential}
    if reveal.fields is not None:
        unknown = [n for n in reveal.fields if n not in by_name]
        if unknown:
            raise InputError(
                _(
                    "cannot reveal {value}: not confidential fields of workflow "
                    "{name!r}; its confidential fields: {value2}"
                ).format(
                    value=", ".join(map(repr, unknown)), name=spec.name, value2=", ".join(by_name)
                )
            )
        wanted = [by_name[n] for n in dict.fromkeys(reveal.fields)]
    else:
        wanted = confidential
    allowed = tuple(f.name for f in wanted if reveal.role in f.readers)
    refused = [f for f in wanted if reveal.role not in f.readers]
    if refused and (reveal.fields is not None or (strict and not allowed)):
        raise RevealRefused(
            _("role {role!r} may not reveal {fields}").format(
                role=reveal.role, fields="; ".join(_who_may(f) for f in refused)
            ),
            role=reveal.role,
        )
    return allowed


def _who_may(field: Any) -> str:
    if not field.readers:
        return _("{name!r} (it has no readers, so nobody may reveal it)").format(name=field.name)
    return _("{name!r} (readers: {readers})").format(
        name=field.name, readers=", ".join(field.readers)
    )


def split_changes(
    changes: Mapping[str, Any], confidential: frozenset[str]
) -> tuple[dict[str, Any], list[tuple[str, Any]], list[str]]:
    """``changes`` for the events table, the confidential values apart, and placeholders seen.

    The first result has ``REDACTED`` in place of each confidential value;
    the second lists ``(field, value)`` for the values to keep apart; the
    third names the confidential fields whose value *is* the placeholder
    (a redacted value carried forward, which the caller refuses or keeps
    as withheld).
    """
    public = dict(changes)
    kept: list[tuple[str, Any]] = []
    placeholders: list[str] = []
    for name in confidential.intersection(changes):
        value = changes[name]
        public[name] = REDACTED
        if isinstance(value, str) and value == REDACTED:
            placeholders.append(name)
        else:
            kept.append((name, value))
    return public, kept, placeholders


def redact(data: Mapping[str, Any], confidential: Iterable[str]) -> dict[str, Any]:
    """``data`` with each confidential value present replaced by ``REDACTED``."""
    out = dict(data)
    for name in confidential:
        if name in out:
            out[name] = REDACTED
    return out


def spec_zone(spec: WorkflowSpec) -> dt.tzinfo:
    """The workflow's time zone."""
    return zone(spec.timezone)


def scrub_line(line: dict[str, Any], scrubber: Scrubber) -> dict[str, Any]:
    """An export line with every withheld value found in its free text replaced by ``REDACTED``.

    The data and each event's note, actor and changes are scrubbed (the
    same text the same way, so the history still rebuilds the data); ids,
    workflow names, states, triggers and times are left as they are. A
    line in which no value can occur is returned as it is.
    """
    free = [*texts(line["data"])]
    for event in line["history"]:
        free += texts([event.get(key) for key in ("note", "actor", "changes")])
    # One look at all the free text at once; most lines name nobody.
    if not scrubber.could_match("\n".join(free)):
        return line
    out = dict(line)
    out["data"] = _scrubbed(line["data"], scrubber)
    history = []
    for event in line["history"]:
        event = dict(event)
        for key in ("note", "actor", "changes"):
            if key in event:
                event[key] = _scrubbed(event[key], scrubber)
        history.append(event)
    out["history"] = history
    return out


def _scrubbed(value: Any, scrubber: Scrubber) -> Any:
    if isinstance(value, str):
        return scrubber(value)
    if isinstance(value, Mapping):
        return {k: _scrubbed(v, scrubber) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrubbed(v, scrubber) for v in value]
    return value

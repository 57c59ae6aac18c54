"""Cases and their events: the record of what happened.

This module owns ``Case`` (a case's id, workflow, current state, data and
history) and ``Event`` (one immutable entry of that history). A case's
history is append-only: ``Case.history`` is a tuple, events are frozen, and
only the engine appends to it. Deciding whether a transition may happen is
the engine's job; keeping histories on disk is the store's.

Both classes use ``__slots__`` because an office keeps hundreds of thousands
of cases in memory at once (measured in ``benchmarks/``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

import attrs

from caseflow.errors import InputError
from caseflow.i18n import _

__all__ = ["EMPTY", "START", "Case", "Event"]

START = "start"
"""The trigger recorded by the first event of every case."""

EMPTY: Mapping[str, Any] = MappingProxyType({})
"""The shared empty ``changes`` of events that set no data."""


class Event(NamedTuple):
    """One step of a case's history; never changed once recorded.

    ``trigger`` is ``"start"`` for the event that opened the case (whose
    ``source`` is ``None``). ``changes`` holds the data the step set, so a
    history alone rebuilds the case's data as well as its state. (A named
    tuple: immutable, small, and measured 3x faster to build than a frozen
    attrs class, which matters on the hot path of every step.) Its repr
    names the fields ``changes`` sets, never their values.
    """

    trigger: str
    source: str | None
    dest: str
    at: dt.datetime
    actor: str | None = None
    role: str | None = None
    note: str | None = None
    changes: Mapping[str, Any] = EMPTY

    def __repr__(self) -> str:
        # ``changes`` may hold confidential values: the repr names the
        # fields that changed, never their values (as ``Case``'s repr).
        return (
            f"Event(trigger={self.trigger!r}, source={self.source!r}, dest={self.dest!r}, "
            f"at={self.at!r}, actor={self.actor!r}, role={self.role!r}, note={self.note!r}, "
            f"changes=<{', '.join(map(str, self.changes)) or 'none'}>)"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        # ``changes`` is often a read-only ``MappingProxyType``, which neither
        # pickle nor deepcopy can take: it travels as a dict and is wrapped
        # again, so a copy is read-only exactly when the original was.
        proxy = isinstance(self.changes, MappingProxyType)
        fields = (self.trigger, self.source, self.dest, self.at, self.actor, self.role, self.note)
        return (_event, (*fields, dict(self.changes), proxy))

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (``at`` as ISO 8601 text)."""
        out: dict[str, Any] = {
            "trigger": self.trigger,
            "source": self.source,
            "dest": self.dest,
            "at": self.at.isoformat(),
        }
        if self.actor is not None:
            out["actor"] = self.actor
        if self.role is not None:
            out["role"] = self.role
        if self.note is not None:
            out["note"] = self.note
        if self.changes:
            out["changes"] = dict(self.changes)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, zone: dt.tzinfo | None = None) -> Event:
        """The event that ``to_dict`` wrote.

        ``at`` must carry its UTC offset, unless ``zone`` is given: then a
        naive time (or a bare date, meaning its midnight) is in that zone.
        Anything else is an ``InputError`` (a ``ValueError``) saying which key.
        """
        if not isinstance(data, Mapping):
            raise InputError(
                _("an event must be a mapping with trigger, dest and at, not {kind}").format(
                    kind=type(data).__name__
                )
            )
        missing = [key for key in ("trigger", "dest", "at") if key not in data]
        if missing:
            raise InputError(
                _("the event has no {value}").format(value=", ".join(map(repr, missing)))
            )
        at = data["at"]
        if isinstance(at, str):
            try:
                at = dt.datetime.fromisoformat(at)
            except ValueError:  # Python's own text only repeats the value
                raise InputError(
                    f"'at' must be an ISO 8601 time with its UTC offset, not {at!r}"
                ) from None
        if isinstance(at, dt.datetime) and at.tzinfo is None and zone is not None:
            at = at.replace(tzinfo=zone)
        if not isinstance(at, dt.datetime) or at.tzinfo is None:
            raise ValueError(
                _("'at' must be an ISO 8601 time with its UTC offset, not {at!r}").format(at=at)
            )
        changes = data.get("changes") or EMPTY
        if not isinstance(changes, Mapping):
            # Not quoted: the changes may hold confidential values.
            raise ValueError(
                _("'changes' must be a mapping, not {kind}").format(kind=type(changes).__name__)
            )
        for key in ("trigger", "dest"):
            if not isinstance(data[key], str):
                raise ValueError(
                    _("{key!r} must be text, not {data!r}").format(key=key, data=data[key])
                )
        for key in ("source", "actor", "role", "note"):
            value = data.get(key)
            if value is not None and not isinstance(value, str):
                raise InputError(
                    _("{key!r} must be text or null, not {kind}").format(
                        key=key, kind=type(value).__name__
                    )
                )
        return cls(
            trigger=data["trigger"],
            source=data.get("source"),
            dest=data["dest"],
            at=at,
            actor=data.get("actor"),
            role=data.get("role"),
            note=data.get("note"),
            changes=dict(changes) if changes else EMPTY,
        )


def _event(
    trigger: str,
    source: str | None,
    dest: str,
    at: dt.datetime,
    actor: str | None,
    role: str | None,
    note: str | None,
    changes: dict[str, Any],
    proxy: bool,
) -> Event:
    """An ``Event`` rebuilt by pickle or deepcopy (``Event.__reduce__``)."""
    kept: Mapping[str, Any] = changes
    if proxy:
        kept = MappingProxyType(changes) if changes else EMPTY
    return Event(trigger, source, dest, at, actor, role, note, kept)


@attrs.define(kw_only=True, slots=True, eq=False)
class Case:
    """A case: where it stands, its data, and everything that happened to it.

    Change a case only through its workflow (``wf.fire``); the history is a
    tuple of frozen events, so nothing can be removed from it or rewritten.
    """

    id: str
    workflow: str
    version: str
    state: str
    data: dict[str, Any]
    history: tuple[Event, ...] = ()
    # How many events of ``history`` a store holds durably: the store writes
    # only the ones after them, and refuses if another writer went first.
    saved: int = attrs.field(default=0, eq=False, repr=False)

    @property
    def opened_at(self) -> dt.datetime:
        """When the case was started."""
        return self.history[0].at

    @property
    def updated_at(self) -> dt.datetime:
        """When the last event happened."""
        return self.history[-1].at

    def entered(self, state: str) -> dt.datetime | None:
        """When the case last entered ``state`` from another, or None if it never did."""
        for event in reversed(self.history):
            if event.dest == state and event.source != state:
                at: dt.datetime = event.at
                return at
        return None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data: the case's identity and its whole history.

        The state and data are included for readers; ``Workflow.replay``
        rebuilds them from the history alone.
        """
        return {
            "id": self.id,
            "workflow": self.workflow,
            "version": self.version,
            "state": self.state,
            "data": dict(self.data),
            "history": [event.to_dict() for event in self.history],
        }

    def __repr__(self) -> str:
        return (
            f"Case(id={self.id!r}, workflow={self.workflow!r}, state={self.state!r}, "
            f"events={len(self.history)})"
        )

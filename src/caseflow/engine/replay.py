"""Replay: a case rebuilt from its recorded events, folded over the compiled table.

This module owns rebuilding a case from a stored history. Replay does not
use the machine: it folds the recorded events over the transition table
compiled by ``caseflow.engine.compiling``, checking that each is a legal
step (in time order, from the state the previous events left, to a
destination the transition has, by a role that may fire it), and runs no
guards and no hooks: guards may consult the world as it was then, and the
history records what was decided. The first bad event raises
``HistoryError`` with its index. ``check=True`` adds the validating pass
of ``caseflow.engine.checking`` (what an import runs), kept out of the
fold so that a plain replay stays as fast as the raw table.

Firing live triggers is ``caseflow.engine.firing``'s; reading and writing
histories is ``caseflow.store``'s; an event's own form is ``caseflow.case``'s.
"""

from __future__ import annotations

import datetime as dt
import reprlib
from collections.abc import Iterable, Mapping
from typing import Any

from caseflow.case import START, Case, Event
from caseflow.engine.checking import checker_of
from caseflow.engine.compiling import UPDATE, CompiledWorkflow
from caseflow.errors import HistoryError, InputError
from caseflow.i18n import _
from caseflow.times import to_datetime

__all__ = ["replay_history"]


def replay_history(
    engine: CompiledWorkflow,
    case_id: str,
    events: Iterable[Event | Mapping[str, Any]],
    *,
    check: bool = False,
) -> Case:
    """Rebuild a case from its recorded events without running hooks.

    Events are ``Event`` objects or their ``to_dict()`` forms (a naive
    time in those is read in the workflow's zone). Each event must be a
    legal step from the state the previous ones
    left; the first bad one raises ``HistoryError`` with its index.

    With ``check=True`` each event is also checked as a live fire would
    have checked it (field values, roles, declarative guards, extension
    limits, on the data as it was then; ``caseflow.engine.checking``), and
    the first problem raises ``HistoryError``. Registered guards are never
    run; ``Engine.check_history`` lists every problem and counts the steps
    that depend on one.
    """
    if not isinstance(case_id, str) or not case_id.strip():
        raise InputError(
            _("case_id must be non-empty text, not {value}").format(value=reprlib.repr(case_id))
        )
    if type(events) is tuple and all(type(e) is Event for e in events):
        history: tuple[Event, ...] = events
    else:
        if isinstance(events, (str, bytes, Mapping)) or not isinstance(events, Iterable):
            raise InputError(
                _(
                    "events must be a list of Event objects or their to_dict() forms, not {kind}"
                ).format(kind=type(events).__name__)
            )
        history = tuple(
            e if isinstance(e, Event) else _event_from(e, case_id, i, engine.zone)
            for i, e in enumerate(events)
        )
    if not history:
        raise HistoryError(
            _("the history is empty; it must begin with a 'start' event"), case_id=case_id, index=0
        )
    first = history[0]
    initial = engine.spec.initial
    if first.trigger != START or first.source is not None or first.dest != initial:
        raise HistoryError(
            _(
                "the first event must be 'start' into {initial!r}, not "
                "{trigger!r} from {source!r} to {dest!r}"
            ).format(initial=initial, trigger=first.trigger, source=first.source, dest=first.dest),
            case_id=case_id,
            index=0,
        )
    state = initial
    data = dict(first.changes)
    last = first.at
    dests = engine.dests
    for index in range(1, len(history)):
        event = history[index]
        if event.at < last:
            raise HistoryError(
                _("event time {at} is earlier than the previous event's {last}").format(
                    at=event.at.isoformat(), last=last.isoformat()
                ),
                case_id=case_id,
                index=index,
            )
        last = event.at
        if event.source != state:
            raise HistoryError(
                _(
                    "event {trigger!r} says the case left {source!r}, but it was in {state!r}"
                ).format(trigger=event.trigger, source=event.source, state=state),
                case_id=case_id,
                index=index,
            )
        if event.trigger == UPDATE:
            if event.dest != state:
                raise HistoryError(
                    _("an update event must stay in {state!r}, not move to {dest!r}").format(
                        state=state, dest=event.dest
                    ),
                    case_id=case_id,
                    index=index,
                )
        else:
            options = dests.get((state, event.trigger))
            if options is None or event.dest not in options:
                allowed = ", ".join(
                    f"{trig} -> {d}"
                    for (src, trig), ds in dests.items()
                    if src == state
                    for d in ds
                )
                raise HistoryError(
                    _(
                        "{trigger!r} from {state!r} to {dest!r} is not a transition "
                        "of workflow {name!r} {version!r}; from {state!r} the "
                        "transitions are: {value}"
                    ).format(
                        trigger=event.trigger,
                        state=state,
                        dest=event.dest,
                        name=engine.spec.name,
                        version=engine.spec.version,
                        value=allowed or "none (final state)",
                    ),
                    case_id=case_id,
                    index=index,
                )
            roles = options[event.dest]
            if (
                roles is not None
                and event.role not in roles
                and (event.role is not None or engine.require_role)
                and not _any_role_ok(engine, state, event)
            ):
                raise HistoryError(
                    _(
                        "{trigger!r} was recorded for role {role!r}, which may not "
                        "fire it (allowed: {value})"
                    ).format(
                        trigger=event.trigger, role=event.role, value=", ".join(sorted(roles))
                    ),
                    case_id=case_id,
                    index=index,
                )
            state = event.dest
        if event.changes:
            data.update(event.changes)
    if check:
        found = checker_of(engine).check(case_id, history)
        if found.problems:
            raise found.problems[0]
    return Case(
        id=case_id,
        workflow=engine.spec.name,
        version=engine.spec.version,
        state=state,
        data=data,
        history=history,
    )


def _any_role_ok(engine: CompiledWorkflow, state: str, event: Event) -> bool:
    for c in engine.table[(state, event.trigger)]:
        if engine.dest_of(state, event.trigger, c) == event.dest and (
            c.roles is None or event.role in c.roles
        ):
            return True
    return False


def _event_from(data: Mapping[str, Any], case_id: str, index: int, zone: dt.tzinfo) -> Event:
    if not isinstance(data, Mapping):
        raise HistoryError(
            # Not quoted: an event's data may hold confidential values.
            _("an event must be a mapping with trigger, dest and at, not {kind}").format(
                kind=type(data).__name__
            ),
            case_id=case_id,
            index=index,
        )
    try:
        event = Event.from_dict(data, zone=zone)
        if event.at.year in (dt.MINYEAR, dt.MAXYEAR):
            to_datetime(event.at, zone, what="at")  # refuses a time whose day cannot be counted
        return event
    except (KeyError, TypeError, ValueError) as err:
        # A KeyError's text is only the key's repr: say what it means; an
        # InputError already says what is wrong with the event.
        if isinstance(err, InputError):
            reason = str(err)
        elif isinstance(err, KeyError):
            reason = _("the event is malformed: it has no {key}").format(key=err)
        else:
            reason = _("the event is malformed: {err}").format(err=err)
        raise HistoryError(reason, case_id=case_id, index=index) from None

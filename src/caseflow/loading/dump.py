"""A definition back to YAML: ``dump_workflow`` and the plain data it writes.

This module owns writing a ``WorkflowSpec`` as the data (and the YAML text)
that reads back equal, so that load -> dump -> load is the identity. It
writes the long forms the readers accept (an anchor as a mapping, spans as
phrases written by ``phrases``) and leaves out what is absent or default.
Reading is ``reader``'s job; YAML text is written by ``caseflow.yamlsafe``.
"""

from __future__ import annotations

from typing import Any

from caseflow.definition import (
    AllOf,
    AnyOf,
    Condition,
    DeadlineRule,
    Docket,
    Documents,
    Effective,
    Field,
    Guard,
    GuardRef,
    Label,
    Not,
    Schedule,
    Signer,
    State,
    WorkflowSpec,
)
from caseflow.loading.phrases import offset_text
from caseflow.yamlsafe import dump_yaml

__all__ = ["dump_workflow", "spec_to_data"]


def _choices_data(f: Field) -> Any:
    """A list of choices, or ``{value: label}`` when they were written with labels."""
    if f.choices is None:
        return None
    if not f.choice_labels:
        return list(f.choices)
    labels = dict(f.choice_labels)
    return {c: _label_data(labels[c]) if c in labels else None for c in f.choices}


def _state_data(s: State) -> dict[str, Any]:
    """One state, with its children, regions and join when it is nested."""
    return _compact(
        {
            "label": _label_data(s.label),
            "initial": s.initial,
            "final": s.final,
            "description": s.description,
            "source": s.source,
            "states": {c.name: _state_data(c) for c in s.states} or None,
            "parallel": {
                r.name: _compact(
                    {
                        "label": _label_data(r.label),
                        "description": r.description,
                        "source": r.source,
                        "states": {c.name: _state_data(c) for c in r.states},
                    }
                )
                for r in s.parallel
            }
            or None,
            "done": s.done,
        }
    )


def _label_data(label: Label | None) -> Any:
    if label is None:
        return None
    return {"vi": label.vi, "en": label.en}


def _condition_data(c: Condition) -> Any:
    if isinstance(c, GuardRef):
        return c.name
    if isinstance(c, Not):
        return {"not": _condition_data(c.item)}
    if isinstance(c, AllOf):
        return {"all": [_condition_data(i) for i in c.items]}
    if isinstance(c, AnyOf):
        return {"any": [_condition_data(i) for i in c.items]}
    value = list(c.value) if isinstance(c.value, tuple) else c.value
    return {"field": ".".join(c.path), c.op: value}


def _compact(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None and v is not False and v != [] and v != ()}


def spec_to_data(spec: WorkflowSpec) -> dict[str, Any]:
    """The plain data (dicts, lists, scalars) that reads back as ``spec``."""
    data: dict[str, Any] = {
        "caseflow": spec.format,
        "name": spec.name,
        "version": spec.version,
        "title": _label_data(spec.title),
        "description": spec.description,
        "calendar": spec.calendar,
        "timezone": spec.timezone,
        "source": spec.source,
    }
    if spec.roles:
        data["roles"] = {
            r.name: _compact({"label": _label_data(r.label), "description": r.description})
            for r in spec.roles
        }
    if spec.fields:
        data["fields"] = {
            f.name: _compact(
                {
                    "type": f.type,
                    "required": f.required,
                    "confidential": f.confidential,
                    "readers": list(f.readers),
                    "choices": _choices_data(f),
                    "label": _label_data(f.label),
                    "description": f.description,
                }
            )
            for f in spec.fields
        }
    if spec.guards:
        data["guards"] = {g.name: _guard_data(g) for g in spec.guards}
    data["states"] = {s.name: _state_data(s) for s in spec.states}
    data["transitions"] = [
        _compact(
            {
                "trigger": t.trigger,
                "from": t.sources[0] if len(t.sources) == 1 else list(t.sources),
                "to": t.dest,
                "when": _condition_data(t.when) if t.when is not None else None,
                "roles": list(t.roles),
                "label": _label_data(t.label),
                "description": t.description,
                "source": t.source,
            }
        )
        for t in spec.transitions
    ]
    if spec.schedules:
        data["schedules"] = {s.name: _schedule_data(s) for s in spec.schedules}
    if spec.deadlines:
        data["deadlines"] = {d.name: _deadline_data(d) for d in spec.deadlines}
    if spec.docket is not None:
        data["docket"] = _docket_data(spec.docket)
    if spec.documents is not None:
        data["documents"] = _documents_data(spec.documents)
    return _compact(data)


def _effective_data(span: Effective | None) -> dict[str, str] | None:
    if span is None:
        return None
    out = {}
    if span.start is not None:
        out["from"] = span.start.isoformat()
    if span.end is not None:
        out["until"] = span.end.isoformat()
    return out


def _deadline_data(d: DeadlineRule) -> dict[str, Any]:
    anchor: dict[str, Any] = {d.anchor.kind: d.anchor.name}
    if d.anchor.occurrence != "first":
        anchor["occurrence"] = d.anchor.occurrence
    return _compact(
        {
            "label": _label_data(d.label),
            "description": d.description,
            "anchor": anchor,
            "offset": offset_text(d.offset),
            "runs_in": list(d.runs_in),
            "paused_in": list(d.paused_in),
            "met_by": list(d.met_by),
            "if_day_off": d.if_day_off,
            "time": d.time,
            "due_soon": offset_text(d.due_soon) if d.due_soon is not None else None,
            "variants": [
                _compact(
                    {
                        "when": _condition_data(v.when) if v.when is not None else None,
                        "offset": offset_text(v.offset) if v.offset is not None else None,
                        "max_extensions": v.max_extensions,
                        "effective": _effective_data(v.effective),
                        "source": v.source,
                    }
                )
                for v in d.variants
            ],
            "extension": _compact(
                {
                    "trigger": d.extension.trigger,
                    "by": offset_text(d.extension.by),
                    "max": d.extension.max,
                    "length_field": d.extension.length_field,
                    "source": d.extension.source,
                }
            )
            if d.extension is not None
            else None,
            "effective": _effective_data(d.effective),
            "source": d.source,
        }
    )


def _docket_data(d: Docket) -> dict[str, Any]:
    return _compact(
        {
            "schedule": d.schedule,
            "eligible_in": list(d.eligible_in),
            "select_trigger": d.select_trigger,
            "session_field": d.session_field,
            "capacity": d.capacity,
            "priorities": [
                _compact(
                    {
                        "name": p.name,
                        "when": _condition_data(p.when),
                        "label": _label_data(p.label),
                        "source": p.source,
                    }
                )
                for p in d.priorities
            ],
            "order_field": d.order_field,
            "attendees": list(d.attendees),
            "source": d.source,
        }
    )


def _signer_data(s: Signer | None) -> dict[str, Any] | None:
    if s is None:
        return None
    return _compact({"authority": s.authority, "title": s.title, "name": s.name})


def _documents_data(d: Documents) -> dict[str, Any]:
    return _compact(
        {
            "style": d.style,
            "issuer": d.issuer,
            "parent": d.parent,
            "place": d.place,
            "signer": _signer_data(d.signer),
            "numbering": d.numbering,
            "term_start": d.term_start,
            "templates": d.templates,
            "kinds": {
                k.name: _compact(
                    {
                        "symbol": k.symbol,
                        "title": k.title,
                        "recipients": list(k.recipients),
                        "signer": _signer_data(k.signer),
                    }
                )
                for k in d.kinds
            },
            "addressees": dict(d.addressees) or None,
            "source": d.source,
        }
    )


def _guard_data(g: Guard) -> Any:
    if g.condition is None:
        return _compact({"registered": True, "description": g.description, "source": g.source})
    if g.description is None and g.source is None:
        return _condition_data(g.condition)
    return _compact(
        {"when": _condition_data(g.condition), "description": g.description, "source": g.source}
    )


def _schedule_data(s: Schedule) -> dict[str, Any]:
    return _compact(
        {
            "every": s.every,
            "weekday": s.weekday,
            "week": s.week,
            "counting": s.counting,
            "if_day_off": s.if_day_off,
            "dates": list(s.dates),
            "rrule": s.rrule,
            "start": s.start,
            "end": s.end,
            "time": s.time,
            "place": s.place,
            "contact": s.contact,
            "mode": None if s.mode == "in_person" else s.mode,
            "meeting_link": s.meeting_link,
            "join": s.join,
            "label": _label_data(s.label),
            "description": s.description,
            "source": s.source,
            "overrides": [
                _compact(
                    {
                        "date": o.date,
                        "moved_to": o.moved_to,
                        "cancelled": o.cancelled,
                        "reason": o.reason,
                    }
                )
                for o in s.overrides
            ],
        }
    )


def dump_workflow(spec: WorkflowSpec) -> str:
    """Write ``spec`` as YAML text that ``read_workflow`` reads back equal."""
    return dump_yaml(spec_to_data(spec))

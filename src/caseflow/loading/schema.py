"""JSON Schemas (draft 2020-12) of the workflow and calendar file formats, for editors.

This module owns ``json_schema``: the vocabulary an editor with the YAML
language server (VS Code, Neovim) needs to complete keys and flag mistakes
as an analyst types. It is built from the loader's own key sets
(``TOP_KEYS``, ``STATE_KEYS`` ... here, and ``caseflow.calendars``' for
calendar files), so a key added to the loader appears in the schema without
an edit here: each mapping allows exactly its key set's keys, and a key
without a value shape below is allowed with any value. What the key sets do
not say is hand-added here, each with why: the shape of each value (text,
name, list of names, date ...), the required keys (the loader names them
inline where it reads each section) and the enumerations
(``caseflow.definition``'s constants). Descriptions come from
docs/workflow-reference.md through ``schema_text``.

It declares draft 2020-12 but uses only keywords draft 7 has as well
(``$defs`` are reached by JSON pointer), because the YAML language server
validates with draft 7. The schema is a help for typing, not the judge: it is never stricter than
the loader (a file the loader reads is valid under it), and the loader
checks much more (names used are names defined, the graph, dates that
exist). ``caseflow validate`` is the judge.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal

from caseflow.calendars import ENTRY_KEYS, ENTRY_KINDS, PUBLIC_HOLIDAY_KEYS, WEEKEND_KEYS
from caseflow.calendars import FORMAT_VERSION as CALENDAR_FORMAT
from caseflow.calendars import TOP_KEYS as CALENDAR_KEYS
from caseflow.definition import (
    CONDITION_OPERATORS,
    COUNTINGS,
    DAY_OFF_POLICIES,
    FIELD_TYPES,
    FORMAT_VERSION,
    RESERVED_TRIGGERS,
    WEEKDAYS,
)
from caseflow.errors import InputError
from caseflow.i18n import _
from caseflow.loading.context import LABEL_KEYS, NAME_RE, PATH_RE
from caseflow.loading.deadlines import (
    ANCHOR_KEYS,
    DEADLINE_KEYS,
    EFFECTIVE_KEYS,
    EXTENSION_KEYS,
    VARIANT_KEYS,
)
from caseflow.loading.docket import DOCKET_KEYS, PRIORITY_KEYS
from caseflow.loading.fields import FIELD_KEYS
from caseflow.loading.guards import GUARD_KEYS, LOGIC_KEYS, WITHIN_KEYS
from caseflow.loading.header import ROLE_KEYS, TOP_KEYS
from caseflow.loading.schedules import OVERRIDE_KEYS, SCHEDULE_KEYS
from caseflow.loading.schema_text import DESCRIPTIONS
from caseflow.loading.statechart import REGION_KEYS
from caseflow.loading.states import STATE_KEYS, TRANSITION_KEYS

__all__ = ["KINDS", "SCHEMA_URL", "json_schema"]

KINDS = ("workflow", "calendar")
SCHEMA_URL = "https://json-schema.org/draft/2020-12/schema"

Schema = dict[str, Any]


def _ref(name: str) -> Schema:
    return {"$ref": f"#/$defs/{name}"}


# -- value shapes, hand-added: the key sets name keys, not what their values are --

_TEXT: Schema = {"type": ["string", "number"]}  # Reading.text takes numbers as text
_NAME: Schema = {"type": "string", "pattern": "^" + NAME_RE.pattern.removesuffix(r"\Z") + "$"}
_NAMES: Schema = {"anyOf": [_ref("name"), {"type": "array", "items": _ref("name"), "minItems": 1}]}
# A state's dotted path (nested states, docs/statecharts.md): names joined by '.'.
_PATH: Schema = {
    "type": "string",
    "pattern": "^" + PATH_RE.pattern.removesuffix(r"\Z") + "$",
}
_PATHS: Schema = {"anyOf": [_ref("path"), {"type": "array", "items": _ref("path"), "minItems": 1}]}
_BOOL: Schema = {"type": "boolean"}
_DATE: Schema = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_TIME: Schema = {"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d$"}
_COUNT: Schema = {"type": "integer", "minimum": 0}
_SPAN: Schema = {"type": "string"}  # "10 working days": read by ``phrases``


def _enum(values: Iterable[Any]) -> Schema:
    return {"enum": sorted(values, key=str)}


def _object(
    section: str,
    keys: frozenset[str],
    shapes: Mapping[str, Schema],
    *,
    required: Iterable[str] = (),
    null: bool = False,
) -> Schema:
    """A mapping that allows exactly ``keys``; a key ``shapes`` leaves out takes any value.

    ``section`` is the reference's heading whose table describes the keys.
    """
    texts = DESCRIPTIONS.get(section, {})
    properties: Schema = {}
    for key in sorted(keys):
        shape = dict(shapes.get(key, {}))
        if key in texts:
            shape["description"] = texts[key]
        properties[key] = shape
    schema: Schema = {
        "type": ["object", "null"] if null else "object",
        "properties": properties,
        "additionalProperties": False,
    }
    needed = [key for key in required if key in keys]
    if needed:
        schema["required"] = needed
    return schema


def _map_of(item: str) -> Schema:
    """``{name: item, ...}``: a section of named entries."""
    return {"type": "object", "propertyNames": _ref("name"), "additionalProperties": _ref(item)}


def _list_of(item: str) -> Schema:
    return {"type": "array", "items": _ref(item)}


def _condition_defs() -> dict[str, Schema]:
    """A condition: a guard name, a list, all/any/not, or a field test (see ``guards``)."""
    operand: Schema = {}
    operators: dict[str, Schema] = dict.fromkeys(CONDITION_OPERATORS, operand)
    operators |= {
        "in": {"type": "array"},
        "not_in": {"type": "array"},
        "present": _BOOL,
        "within": _ref("within"),
        "field": {"type": "string"},  # a name or a dotted path into a mapping field
    }
    logic = {
        "all": {"type": "array", "items": _ref("condition"), "minItems": 1},
        "any": {"type": "array", "items": _ref("condition"), "minItems": 1},
        "not": _ref("condition"),
    }
    test_keys = frozenset(CONDITION_OPERATORS) | {"field"}
    return {
        "condition": {
            "description": "A guard name, a list (all true), all/any/not, or a field test.",
            "anyOf": [
                _ref("name"),
                {"type": "array", "items": _ref("condition")},
                _object("Combining conditions", LOGIC_KEYS, logic)
                | {"minProperties": 1, "maxProperties": 1},
                _object("Condition operators", test_keys, operators, required=("field",)),
            ],
        },
        "within": _object(
            "Periods between two dates",
            WITHIN_KEYS,
            {"days": {"type": "integer", "minimum": 1}, "after": _NAME, "not_counting": _NAME},
            required=("days", "after"),
        ),
    }


def _workflow_defs() -> dict[str, Schema]:
    common = {"label": _ref("label"), "description": _TEXT, "source": _TEXT}
    effective = {"effective": _ref("effective")}
    deadline_day_off = _enum(("next_working_day", "previous_working_day", "keep"))
    return {
        "name": _NAME,
        "names": _NAMES,
        "path": _PATH,
        "label": {
            "anyOf": [
                _TEXT,
                _object("Labels", LABEL_KEYS, {"vi": _TEXT, "en": _TEXT}, required=("vi", "en")),
            ]
        },
        "role": _object("Roles", ROLE_KEYS, common, null=True),
        "field": _object(
            "Fields",
            FIELD_KEYS,
            common
            | {
                "type": _enum(FIELD_TYPES),
                "required": _BOOL,
                "confidential": _BOOL,
                "readers": _NAMES,
                # A list of values, or each value mapped to its label (or null).
                "choices": {
                    "anyOf": [
                        {
                            "type": "array",
                            "items": {"type": ["string", "number", "boolean"]},
                            "minItems": 1,
                        },
                        {
                            "type": "object",
                            "additionalProperties": {"anyOf": [_ref("label"), {"type": "null"}]},
                            "minProperties": 1,
                        },
                    ]
                },
            },
            null=True,
        ),
        "guard": {
            "anyOf": [
                _ref("condition"),
                _object(
                    "Guards",
                    GUARD_KEYS,
                    common | {"when": _ref("condition"), "registered": {"const": True}},
                ),
            ]
        },
        **_condition_defs(),
        "state": _object(
            "States",
            STATE_KEYS,
            common
            | {
                "initial": _BOOL,
                "final": _BOOL,
                "states": _map_of("state") | {"minProperties": 1},
                "parallel": _map_of("region") | {"minProperties": 1},
                "done": _ref("path"),
            },
            null=True,
        ),
        "region": _object(
            "Regions",
            REGION_KEYS,
            common | {"states": _map_of("state") | {"minProperties": 1}},
            required=("states",),
        ),
        "transition": _object(
            "Transitions",
            TRANSITION_KEYS,
            common
            | {
                "trigger": {"allOf": [_ref("name"), {"not": _enum(RESERVED_TRIGGERS)}]},
                "from": _PATHS,
                "to": _ref("path"),
                "when": _ref("condition"),
                "roles": _NAMES,
            },
            required=("trigger", "from", "to"),
        ),
        "schedule": _object(
            "Schedules",
            SCHEDULE_KEYS,
            common
            | {
                "every": _enum(("month", "week")),
                "weekday": _enum(WEEKDAYS),
                "week": _enum((1, 2, 3, 4, 5, -1)),
                "counting": _enum(COUNTINGS),
                "if_day_off": _enum(DAY_OFF_POLICIES),
                "dates": {"type": "array", "items": _DATE, "minItems": 1},
                "rrule": {"type": "string"},
                "start": _DATE,
                "end": _DATE,
                "time": _TIME,
                "place": _TEXT,
                "contact": _TEXT,
                "overrides": _list_of("override"),
            },
        ),
        "override": _object(
            "Schedule overrides",
            OVERRIDE_KEYS,
            {"date": _DATE, "moved_to": _DATE, "cancelled": _BOOL, "reason": _TEXT},
            required=("date", "reason"),
        ),
        "deadline": _object(
            "Deadlines",
            DEADLINE_KEYS,
            common
            | effective
            | {
                "due": {"type": "string"},
                "anchor": _ref("anchor"),
                "offset": _SPAN,
                "runs_in": _PATHS,
                "paused_in": _PATHS,
                "met_by": _NAMES,
                "if_day_off": deadline_day_off,
                "time": _TIME,
                "due_soon": _SPAN,
                "variants": _list_of("variant"),
                "extension": _ref("extension"),
            },
            required=("runs_in", "source"),
        ),
        "anchor": _object(
            "Deadline anchors",
            ANCHOR_KEYS,
            {
                "entered": _PATH,
                "event": _NAME,
                "field": _NAME,
                "session": _NAME,
                "occurrence": _enum(("first", "last")),
            },
        ),
        "variant": _object(
            "Deadline variants",
            VARIANT_KEYS,
            effective
            | {
                "when": _ref("condition"),
                "offset": _SPAN,
                "max_extensions": _COUNT,
                "source": _TEXT,
            },
        ),
        "extension": _object(
            "Deadline extensions",
            EXTENSION_KEYS,
            {"trigger": _NAME, "by": _SPAN, "max": _COUNT, "length_field": _NAME, "source": _TEXT},
            required=("trigger", "by"),
        ),
        "effective": _object(
            "Deadline effective ranges", EFFECTIVE_KEYS, {"from": _DATE, "until": _DATE}
        ),
        "docket": _object(
            "Docket",
            DOCKET_KEYS,
            {
                "schedule": _NAME,
                "eligible_in": _NAMES,
                "select_trigger": _NAME,
                "session_field": _NAME,
                "capacity": {"type": "integer", "minimum": 1, "maximum": 500},
                "priorities": _list_of("priority"),
                "order_field": _NAME,
                "attendees": {"type": "array", "items": {"type": "string"}},
                "source": _TEXT,
            },
            required=("schedule", "eligible_in", "select_trigger", "session_field", "capacity"),
        ),
        "priority": _object(
            "Docket priorities",
            PRIORITY_KEYS,
            {"name": _NAME, "when": _ref("condition"), "label": _ref("label"), "source": _TEXT},
            required=("name", "when"),
        ),
    }


def _workflow_schema() -> Schema:
    top = _object(
        "Top level",
        TOP_KEYS,
        {
            "caseflow": {"const": FORMAT_VERSION},
            "name": _ref("name"),
            "version": {"type": ["string", "integer"]},
            "title": _ref("label"),
            "description": _TEXT,
            "calendar": {"type": "string", "minLength": 1},
            "timezone": {"type": "string", "minLength": 1},
            "source": _TEXT,
            "roles": _map_of("role"),
            "fields": _map_of("field"),
            "guards": _map_of("guard"),
            "states": _map_of("state") | {"minProperties": 1},
            "transitions": _list_of("transition"),
            "schedules": _map_of("schedule"),
            "deadlines": _map_of("deadline"),
            "docket": _ref("docket"),
        },
        required=("caseflow", "name", "states"),
    )
    return {
        "title": "caseflow workflow",
        "description": "A case-handling procedure as a state machine, with its deadlines "
        "and sessions (docs/workflow-reference.md).",
        **top,
        "$defs": _workflow_defs(),
    }


# Short texts for the calendar keys, hand-added: the reference has no table
# of the calendar file's keys to take them from (docs/legal-time.md).
_CALENDAR_TEXTS: dict[str, str] = {
    "caseflow": "The format version of the file. Must be 1.",
    "name": "The calendar's name; explanations of deadlines cite it.",
    "description": "What the calendar is for, for readers.",
    "extends": "A built-in calendar (VN) or the path of a calendar file this one adds to.",
    "weekend": "The weekly days off, with their source.",
    "public_holidays": "Take the public holidays from the holidays package, with sources.",
    "official_years": "The years whose day swaps were officially announced.",
    "days_off": "Days off this calendar adds: holidays, swaps, local days.",
    "working_days": "Make-up working days (usually Saturdays).",
    "removed": "Days off of the calendar it extends that are working days here.",
}


def _calendar_schema() -> Schema:
    entry_shapes: dict[str, Schema] = {
        "date": _DATE,
        "until": _DATE,
        "yearly": {"type": "string", "pattern": r"^\d{2}-\d{2}$"},
        "from_year": {"type": "integer"},
        "until_year": {"type": "integer"},
        "name_vi": _TEXT,
        "name_en": _TEXT,
        "source": _TEXT,
        "note": _TEXT,
        "kind": _enum(ENTRY_KINDS),
        "pending": _BOOL,
    }
    defs = {
        section: _object("", keys, entry_shapes, required=("source",))
        for section, keys in ENTRY_KEYS.items()
    }
    shapes: dict[str, Schema] = {
        "caseflow": {"const": CALENDAR_FORMAT},
        "name": _TEXT,
        "description": _TEXT,
        "extends": {"type": "string"},
        "weekend": _object(
            "",
            WEEKEND_KEYS,
            {"days": {"type": "array", "items": _enum(WEEKDAYS)}, "source": _TEXT},
            required=("days", "source"),
        ),
        "public_holidays": _object(
            "", PUBLIC_HOLIDAY_KEYS, dict.fromkeys(PUBLIC_HOLIDAY_KEYS, _TEXT)
        ),
        "official_years": {"type": "array", "items": {"type": "integer"}},
    } | {section: _list_of(section) for section in ENTRY_KEYS}
    top = _object("", CALENDAR_KEYS, shapes, required=("caseflow", "name"))
    for key, text in _CALENDAR_TEXTS.items():
        if key in top["properties"]:
            top["properties"][key]["description"] = text
    return {
        "title": "caseflow calendar",
        "description": "A working-day calendar: weekends, holidays, day swaps, with sources.",
        **top,
        "$defs": defs,
    }


def json_schema(kind: Literal["workflow", "calendar"] = "workflow") -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a ``kind`` file, as plain data for ``json.dumps``.

    ``kind`` is ``"workflow"`` or ``"calendar"``; anything else raises
    ``InputError``. Every file the loader accepts is valid under it; the
    loader checks more than the schema can (names used exist, the graph).
    """
    if kind == "workflow":
        body = _workflow_schema()
    elif kind == "calendar":
        body = _calendar_schema()
    else:
        raise InputError(
            _("kind must be one of {kinds}, not {kind!r}").format(kinds=", ".join(KINDS), kind=kind)
        )
    return {"$schema": SCHEMA_URL, **body}

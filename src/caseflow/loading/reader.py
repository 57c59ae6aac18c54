"""YAML text -> ``WorkflowSpec``, and back.

This module owns reading a workflow file into the definition model: it
checks every key, type and name against the vocabulary in ``definition``,
collects every problem with its file, line and column, runs the graph checks
of ``checks``, and raises them all at once as one ``DefinitionError``. It
also writes a spec back to YAML (``dump_workflow``), so that load -> dump ->
load is the identity. Turning a spec into a running machine is the engine's
job, not this module's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import attrs

import caseflow.loading.graph as checks
from caseflow.calendars import BUILTIN_CALENDARS
from caseflow.definition import (
    ANCHOR_KINDS,
    COMPARISONS,
    CONDITION_OPERATORS,
    COUNTINGS,
    DAY_OFF_POLICIES,
    DEADLINE_DAY_OFF_POLICIES,
    FIELD_TYPES,
    FORMAT_VERSION,
    RESERVED_TRIGGERS,
    WEEKDAYS,
    AllOf,
    Anchor,
    AnyOf,
    Condition,
    DeadlineRule,
    DeadlineVariant,
    Docket,
    Extension,
    Field,
    FieldTest,
    Guard,
    GuardRef,
    Label,
    Not,
    Offset,
    Priority,
    Role,
    Schedule,
    ScheduleOverride,
    State,
    Transition,
    WorkflowSpec,
)
from caseflow.errors import DefinitionError, Problem, did_you_mean
from caseflow.loading.phrases import PhraseError, offset_text, parse_due, parse_offset
from caseflow.yamlsafe import Pos, YList, YMap, describe, dump_yaml, load_yaml

__all__ = [
    "ANCHOR_KEYS",
    "DEADLINE_KEYS",
    "DOCKET_KEYS",
    "EXTENSION_KEYS",
    "PRIORITY_KEYS",
    "TOP_KEYS",
    "VARIANT_KEYS",
    "dump_workflow",
    "read_workflow",
    "spec_to_data",
]

T = TypeVar("T")

TOP_KEYS = frozenset(
    {
        "caseflow",
        "name",
        "version",
        "title",
        "description",
        "calendar",
        "timezone",
        "source",
        "roles",
        "fields",
        "guards",
        "states",
        "transitions",
        "schedules",
        "deadlines",
        "docket",
    }
)
STATE_KEYS = frozenset({"label", "initial", "final", "description", "source"})
TRANSITION_KEYS = frozenset(
    {"trigger", "from", "to", "when", "roles", "label", "description", "source"}
)
ROLE_KEYS = frozenset({"label", "description"})
FIELD_KEYS = frozenset(
    {"type", "required", "confidential", "readers", "choices", "label", "description"}
)
GUARD_KEYS = frozenset({"registered", "when", "description", "source"})
LABEL_KEYS = frozenset({"vi", "en"})
SCHEDULE_KEYS = frozenset(
    {
        "every",
        "weekday",
        "week",
        "counting",
        "if_day_off",
        "dates",
        "rrule",
        "start",
        "end",
        "time",
        "place",
        "contact",
        "label",
        "description",
        "source",
        "overrides",
    }
)
OVERRIDE_KEYS = frozenset({"date", "moved_to", "cancelled", "reason"})
LOGIC_KEYS = frozenset({"all", "any", "not"})
DEADLINE_KEYS = frozenset(
    {
        "label",
        "description",
        "due",
        "anchor",
        "offset",
        "runs_in",
        "paused_in",
        "met_by",
        "if_day_off",
        "time",
        "due_soon",
        "variants",
        "extension",
        "source",
    }
)
ANCHOR_KEYS = frozenset({"entered", "event", "field", "session", "occurrence"})
VARIANT_KEYS = frozenset({"when", "offset", "max_extensions", "source"})
EXTENSION_KEYS = frozenset({"trigger", "by", "max", "source"})
DOCKET_KEYS = frozenset(
    {
        "schedule",
        "eligible_in",
        "select_trigger",
        "session_field",
        "capacity",
        "priorities",
        "order_field",
        "attendees",
        "source",
    }
)
PRIORITY_KEYS = frozenset({"name", "when", "label", "source"})
OFFSET_LIMITS = {"days": 3660, "working_days": 2600, "weeks": 520, "months": 120}
"""The longest span a deadline may count, per unit (about ten years)."""
_KIND_WORDS = {"entered": "state", "event": "trigger", "field": "field", "session": "schedule"}


@attrs.frozen
class _Names:
    """The names a deadline's ``due`` shorthand may count from."""

    states: frozenset[str]
    triggers: frozenset[str]
    fields: frozenset[str]
    schedules: frozenset[str]


NAME_RE = re.compile(r"[a-z][a-z0-9_]{0,63}\Z")
DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
TIME_RE = re.compile(r"([01]\d|2[0-3]):[0-5]\d\Z")
NAME_RULE = "lower-case ASCII letters, digits and '_', starting with a letter, at most 64 long"


def _listing(values: Iterable[str]) -> str:
    return ", ".join(sorted(values))


class _Reader:
    """Reads one file's data into definition objects, collecting problems."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        # What could not be read, for the graph checks (see checks.Gaps).
        self.unread: dict[str, set[str]] = {}
        self.unread_sections: set[str] = set()
        self.dropped: set[str] = set()
        self.initial_unknown = False
        self.graph_unknown = False

    def gaps(self) -> checks.Gaps:
        """What this reader could not read, so that the checks skip its echoes."""
        dropped_states = "states" in self.dropped
        return checks.Gaps(
            states=frozenset(self.unread.get("states", ())),
            roles=frozenset(self.unread.get("roles", ())),
            fields=frozenset(self.unread.get("fields", ())),
            guards=frozenset(self.unread.get("guards", ())),
            sections=frozenset(self.unread_sections),
            initial=self.initial_unknown or dropped_states,
            graph=self.graph_unknown or dropped_states or "transitions" in self.dropped,
        )

    def problem(self, pos: Pos, message: str) -> None:
        self.problems.append(Problem(file=self.file, line=pos[0], column=pos[1], message=message))

    # -- shapes ---------------------------------------------------------------

    def mapping(self, value: Any, pos: Pos, what: str, *, allow_null: bool = False) -> YMap | None:
        if isinstance(value, YMap):
            return value
        if value is None and allow_null:
            return YMap(pos)
        self.problem(pos, f"{what} must be a mapping of keys to values, not {_describe(value)}")
        return None

    def keys(
        self, m: YMap, what: str, allowed: frozenset[str], required: Iterable[str] = ()
    ) -> None:
        for key in m:
            if key not in allowed:
                self.problem(
                    m.key_pos[key],
                    f"unknown key {key!r} in {what}{did_you_mean(key, sorted(allowed))}; "
                    f"allowed keys: {_listing(allowed)}",
                )
        for key in required:
            if key not in m:
                self.problem(m.pos, f"{what} is missing the required key {key!r}")

    def get(
        self,
        m: YMap,
        key: str,
        what: str,
        kind: type[T] | tuple[type, ...],
        type_name: str,
        default: Any = None,
    ) -> Any:
        if key not in m or m[key] is None:
            return default
        value = m[key]
        ok = isinstance(value, kind) and not (
            isinstance(value, bool) and kind in (int, (int, float))
        )
        if not ok:
            self.problem(
                m.value_pos[key],
                f"{what}: {key!r} must be {type_name}, not {_describe(value)}",
            )
            return default
        return value

    def text(self, m: YMap, key: str, what: str) -> str | None:
        value = self.get(m, key, what, (str, int, float), "text")
        if value is None or isinstance(value, str):
            return value
        return str(value)

    def boolean(self, m: YMap, key: str, what: str) -> bool:
        return bool(self.flag(m, key, what))

    def flag(self, m: YMap, key: str, what: str) -> bool | None:
        """``key`` as true or false (false when absent); None if it is something else."""
        if m.get(key) is None:
            return False
        value: bool | None = self.get(m, key, what, bool, "true or false")
        return value

    def name(self, value: Any, pos: Pos, what: str) -> str | None:
        if not isinstance(value, str):
            self.problem(pos, f"{what} must be text, not {_describe(value)}; names are {NAME_RULE}")
            return None
        if not NAME_RE.match(value):
            self.problem(pos, f"{what} {value!r} is not a valid name; names are {NAME_RULE}")
            return None
        return value

    def label(self, m: YMap, key: str, what: str) -> Label | None:
        if key not in m or m[key] is None:
            return None
        value = m[key]
        pos = m.value_pos[key]
        if isinstance(value, str):
            return Label(vi=value, en=value)
        if not isinstance(value, YMap):
            self.problem(
                pos,
                f"{what}: {key!r} must be text or a mapping with vi and en, not {_describe(value)}",
            )
            return None
        lm = value
        self.keys(lm, f"{what}: {key!r}", LABEL_KEYS, required=("vi", "en"))
        vi = self.text(lm, "vi", f"{what}: {key!r}")
        en = self.text(lm, "en", f"{what}: {key!r}")
        if vi is None or en is None:
            return None
        return Label(vi=vi, en=en)

    def named_entries(
        self, m: YMap, key: str, what: str, read: Callable[[str, Any, Pos, Pos], T | None]
    ) -> tuple[T, ...]:
        """Read ``key: {name: {...}, ...}`` into a tuple, in file order."""
        if key not in m or m[key] is None:
            return ()
        section = self.mapping(m[key], m.value_pos[key], f"{key!r}")
        if section is None:
            self.unread_sections.add(key)
            return ()
        out: list[T] = []
        for name, value in section.items():
            key_pos = section.key_pos[name]
            if self.name(name, key_pos, what) is None:
                self.dropped.add(key)
                continue
            item = read(name, value, key_pos, section.value_pos[name])
            if item is None:
                self.dropped.add(key)
                self.unread.setdefault(key, set()).add(name)
            else:
                out.append(item)
        return tuple(out)

    # -- the parts --------------------------------------------------------------

    def workflow(self, data: Any) -> WorkflowSpec | None:
        if data is None:
            self.problem(
                (1, 1),
                "the file is empty; a workflow starts with 'caseflow: 1' and has "
                "'name', 'states' and 'transitions'",
            )
            return None
        top = self.mapping(data, (1, 1), "a workflow file")
        if top is None:
            return None
        self.keys(top, "the workflow", TOP_KEYS, required=("caseflow", "name", "states"))
        fmt = top.get("caseflow")
        if "caseflow" in top:
            if not isinstance(fmt, int) or isinstance(fmt, bool):
                self.problem(
                    top.value_pos["caseflow"],
                    f"the workflow: 'caseflow' must be a whole number, not {_describe(fmt)}; "
                    f"this caseflow reads 'caseflow: {FORMAT_VERSION}'",
                )
            elif fmt != FORMAT_VERSION:
                self.problem(
                    top.value_pos["caseflow"],
                    f"unsupported format version {fmt}; this caseflow reads 'caseflow: "
                    f"{FORMAT_VERSION}'",
                )
        name = None
        if "name" in top:
            name = self.name(top["name"], top.value_pos["name"], "the workflow name")
        version = "1"
        if "version" in top and top["version"] is not None:
            raw_version = top["version"]
            if isinstance(raw_version, str) and raw_version.strip():
                version = raw_version
            elif isinstance(raw_version, int) and not isinstance(raw_version, bool):
                version = str(raw_version)
            else:
                self.problem(
                    top.value_pos["version"],
                    f"the workflow: 'version' must be text or a whole number, not "
                    f"{_describe(raw_version)}; "
                    f'write it in quotes (version: "{raw_version}") so that e.g. 2026.10 '
                    "does not read as the number 2026.1",
                )
        # The defaults apply only when a key is absent or null: an empty or
        # misspelt value is a mistake to report, not a request for the default.
        calendar = self.text(top, "calendar", "the workflow")
        if calendar is None:
            calendar = "VN"
        else:
            self.check_calendar(calendar, top.value_pos["calendar"])
        timezone = self.text(top, "timezone", "the workflow")
        if timezone is None:
            timezone = "Asia/Ho_Chi_Minh"
        else:
            self.check_timezone(timezone, top.value_pos["timezone"])
        roles = self.named_entries(top, "roles", "role", self.role)
        fields = self.named_entries(top, "fields", "field", self.field)
        guards = self.named_entries(top, "guards", "guard", self.guard)
        states = self.named_entries(top, "states", "state", self.state)
        transitions = self.transitions(top)
        schedules = self.named_entries(top, "schedules", "schedule", self.schedule)
        names = _Names(
            states=frozenset(s.name for s in states) | frozenset(self.unread.get("states", ())),
            triggers=frozenset(t.trigger for t in transitions),
            fields=frozenset(f.name for f in fields) | frozenset(self.unread.get("fields", ())),
            schedules=frozenset(s.name for s in schedules),
        )
        deadlines = self.deadlines(top, names)
        docket = self.docket(top)
        if "states" in top and not states and isinstance(top["states"], YMap):
            self.problem(top.value_pos["states"], "'states' is empty; a workflow needs states")
        if name is None or not states:
            return None
        return WorkflowSpec(
            format=FORMAT_VERSION,
            name=name,
            version=version,
            title=self.label(top, "title", "the workflow"),
            description=self.text(top, "description", "the workflow"),
            calendar=calendar,
            timezone=timezone,
            source=self.text(top, "source", "the workflow"),
            roles=roles,
            fields=fields,
            guards=guards,
            states=states,
            transitions=transitions,
            schedules=schedules,
            deadlines=deadlines,
            docket=docket,
            file=self.file,
            where=dict(top.value_pos) | {"": top.pos},
        )

    def check_calendar(self, name: str, pos: Pos) -> None:
        if name.upper() in BUILTIN_CALENDARS or name.lower().endswith((".yaml", ".yml")):
            return
        self.problem(
            pos,
            f"unknown calendar {name!r}{did_you_mean(name.upper(), sorted(BUILTIN_CALENDARS))}; "
            f"built-in calendars: {_listing(BUILTIN_CALENDARS)}; or give the path of a "
            "calendar file ending in .yaml",
        )

    def check_timezone(self, tz: str, pos: Pos) -> None:
        import zoneinfo

        try:
            zoneinfo.ZoneInfo(tz)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            self.problem(
                pos,
                f"unknown time zone {tz!r}; use an IANA name such as 'Asia/Ho_Chi_Minh'",
            )

    def role(self, name: str, value: Any, key_pos: Pos, pos: Pos) -> Role | None:
        what = f"role {name!r}"
        m = self.mapping(value, pos, what, allow_null=True)
        if m is None:
            return None
        self.keys(m, what, ROLE_KEYS)
        return Role(
            name=name,
            label=self.label(m, "label", what),
            description=self.text(m, "description", what),
            where={"": key_pos},
        )

    def field(self, name: str, value: Any, key_pos: Pos, pos: Pos) -> Field | None:
        what = f"field {name!r}"
        m = self.mapping(value, pos, what, allow_null=True)
        if m is None:
            return None
        self.keys(m, what, FIELD_KEYS)
        ftype = self.text(m, "type", what)
        if ftype is None:
            ftype = "text"
        elif ftype not in FIELD_TYPES:
            self.problem(
                m.value_pos["type"],
                f"{what}: unknown type {ftype!r}{did_you_mean(ftype, sorted(FIELD_TYPES))}; "
                f"allowed types: {_listing(FIELD_TYPES)}",
            )
        choices = None
        if "choices" in m:
            raw = self.get(m, "choices", what, YList, "a list")
            if raw is not None:
                if ftype != "choice":
                    self.problem(m.key_pos["choices"], f"{what}: 'choices' needs 'type: choice'")
                choices = self.choices(raw, m.value_pos["choices"], what)
                if choices is None:
                    return None
        elif ftype == "choice":
            self.problem(m.pos, f"{what}: 'type: choice' needs a 'choices' list")
        where: dict[str, Pos] = {"": key_pos} | dict(m.value_pos)
        readers = self.names_list(m, "readers", what, where)
        return Field(
            name=name,
            type=ftype,
            required=self.boolean(m, "required", what),
            confidential=self.boolean(m, "confidential", what),
            readers=readers,
            choices=choices,
            label=self.label(m, "label", what),
            description=self.text(m, "description", what),
            where=where,
        )

    def choices(self, raw: YList, pos: Pos, what: str) -> tuple[Any, ...] | None:
        """The choices of a field; None (with the problems reported) if they cannot be used."""
        if not raw:
            self.problem(pos, f"{what}: 'choices' is empty; list the values the field may take")
            return None
        ok = True
        first: dict[tuple[type, Any], Pos] = {}
        for i, item in enumerate(raw):
            if not isinstance(item, (str, int, float)):
                self.problem(
                    raw.item_pos[i],
                    f"{what}: a choice must be text, a number or true/false, not {_describe(item)}",
                )
                ok = False
                continue
            # true is not 1 (as the engine compares them), so a kind is part of the key.
            key = (type(item), item)
            if key in first:
                line, column = first[key]
                self.problem(
                    raw.item_pos[i],
                    f"{what}: duplicate choice {_shown(item)}; it was first given at line "
                    f"{line}, column {column}",
                )
                ok = False
            else:
                first[key] = raw.item_pos[i]
        return tuple(raw) if ok else None

    def guard(self, name: str, value: Any, key_pos: Pos, pos: Pos) -> Guard | None:
        what = f"guard {name!r}"
        if isinstance(value, YMap) and ("registered" in value or "when" in value):
            # The long form: a guard with its own description and basis.
            self.keys(value, what, GUARD_KEYS)
            if "registered" in value and "when" in value:
                self.problem(
                    value.key_pos["when"],
                    f"{what} has both 'registered' and 'when'; a guard is either implemented "
                    "by the app (registered: true) or written as a condition (when: ...)",
                )
                return None
            description = self.text(value, "description", what)
            source = self.text(value, "source", what)
            if "when" in value:
                condition = self.condition(value["when"], value.value_pos["when"], what)
                if condition is None:
                    return None
                return Guard(
                    name=name,
                    condition=condition,
                    description=description,
                    source=source,
                    where={"": key_pos},
                )
            if value["registered"] is not True:
                self.problem(
                    value.value_pos["registered"],
                    f"{what}: 'registered' can only be true (the app registers the guard "
                    "in Python); to write the guard as data, use 'when: <condition>'",
                )
            return Guard(
                name=name,
                registered=True,
                description=description,
                source=source,
                where={"": key_pos},
            )
        condition = self.condition(value, pos, what)
        if condition is None:
            return None
        return Guard(name=name, condition=condition, where={"": key_pos})

    def condition(self, value: Any, pos: Pos, what: str) -> Condition | None:
        """Read a condition: a guard name, a list (all of), or a mapping."""
        if isinstance(value, str):
            if self.name(value, pos, f"{what}: guard name") is None:
                return None
            return GuardRef(name=value, where={"": pos})
        if isinstance(value, YList):
            items = [self.condition(item, value.item_pos[i], what) for i, item in enumerate(value)]
            if not items:
                self.problem(pos, f"{what}: an empty list of conditions is always true; remove it")
                return None
            if any(item is None for item in items):
                return None
            return AllOf(items=tuple(i for i in items if i is not None), where={"": pos})
        if not isinstance(value, YMap):
            self.problem(
                pos,
                f"{what}: a condition is a guard name, a list of conditions, or a mapping "
                f"such as {{field: kind, equals: complaint}}; got {_describe(value)}",
            )
            return None
        logic = LOGIC_KEYS & value.keys()
        if logic:
            if len(value) != 1:
                self.problem(
                    pos,
                    f"{what}: '{sorted(logic)[0]}' must stand alone in its mapping; "
                    f"found also: {_listing(k for k in value if k not in logic)}",
                )
                return None
            op = next(iter(logic))
            inner_pos = value.value_pos[op]
            inner = value[op]
            if op == "not":
                item = self.condition(inner, inner_pos, what)
                return None if item is None else Not(item=item, where={"": pos})
            if not isinstance(inner, YList) or not inner:
                self.problem(inner_pos, f"{what}: {op!r} takes a non-empty list of conditions")
                return None
            items = [self.condition(x, inner.item_pos[i], what) for i, x in enumerate(inner)]
            if any(item is None for item in items):
                return None
            kept = tuple(i for i in items if i is not None)
            return (
                AllOf(items=kept, where={"": pos})
                if op == "all"
                else AnyOf(items=kept, where={"": pos})
            )
        allowed = CONDITION_OPERATORS | {"field"} | LOGIC_KEYS
        self.keys(value, f"{what}: condition", allowed, required=("field",))
        ops = [k for k in value if k in CONDITION_OPERATORS]
        if len(ops) != 1:
            self.problem(
                pos,
                f"{what}: a field condition takes exactly one operator, found "
                f"{len(ops)} ({_listing(ops) or 'none'}); operators: "
                f"{_listing(CONDITION_OPERATORS)}",
            )
            return None
        op = ops[0]
        path = value.get("field")
        if not isinstance(path, str) or not all(NAME_RE.match(part) for part in path.split(".")):
            if "field" in value:
                self.problem(
                    value.value_pos["field"],
                    f"{what}: field path {path!r} is not valid; a path is field names "
                    f"joined by '.', each {NAME_RULE}",
                )
            return None
        operand = value[op]
        opos = value.value_pos[op]
        if op in ("in", "not_in") and not isinstance(operand, YList):
            self.problem(opos, f"{what}: {op!r} takes a list of values, not {_describe(operand)}")
            return None
        if op == "present" and not isinstance(operand, bool):
            self.problem(opos, f"{what}: 'present' takes true or false, not {_describe(operand)}")
            return None
        if op in COMPARISONS and (isinstance(operand, (bool, YList, YMap)) or operand is None):
            self.problem(
                opos,
                f"{what}: {op!r} compares with a number, a date or a text, "
                f"not {_describe(operand)}",
            )
            return None
        if isinstance(operand, (YMap,)):
            self.problem(opos, f"{what}: {op!r} takes a plain value, not a mapping")
            return None
        if isinstance(operand, YList):
            operand = tuple(operand)
        return FieldTest(
            path=tuple(path.split(".")),
            op=op,
            value=operand,
            where={"": pos, "field": value.value_pos["field"]},
        )

    def state(self, name: str, value: Any, key_pos: Pos, pos: Pos) -> State | None:
        what = f"state {name!r}"
        m = self.mapping(value, pos, what, allow_null=True)
        if m is None:
            return None
        self.keys(m, what, STATE_KEYS)
        initial = self.flag(m, "initial", what)
        final = self.flag(m, "final", what)
        # A flag that cannot be read leaves unknown which state is initial,
        # or whether this one may be a dead end: the checks skip those.
        if initial is None:
            self.initial_unknown = True
        if final is None:
            self.graph_unknown = True
        return State(
            name=name,
            label=self.label(m, "label", what),
            initial=bool(initial),
            final=bool(final),
            description=self.text(m, "description", what),
            source=self.text(m, "source", what),
            where={"": key_pos} | dict(m.key_pos),
        )

    def transitions(self, top: YMap) -> tuple[Transition, ...]:
        if "transitions" not in top or top["transitions"] is None:
            return ()
        raw = top["transitions"]
        if not isinstance(raw, YList):
            self.problem(
                top.value_pos["transitions"],
                f"'transitions' must be a list of transitions, not {_describe(raw)}",
            )
            self.dropped.add("transitions")
            return ()
        out = []
        for i, item in enumerate(raw):
            t = self.transition(i, item, raw.item_pos[i])
            if t is None:
                self.dropped.add("transitions")
            else:
                out.append(t)
        return tuple(out)

    def transition(self, index: int, value: Any, pos: Pos) -> Transition | None:
        what = f"transition #{index + 1}"
        m = self.mapping(value, pos, what)
        if m is None:
            return None
        if isinstance(m.get("trigger"), str):
            what = f"transition #{index + 1} ({m['trigger']!r})"
        self.keys(m, what, TRANSITION_KEYS, required=("trigger", "from", "to"))
        trigger = None
        if "trigger" in m:
            trigger = self.name(m["trigger"], m.value_pos["trigger"], f"{what}: trigger")
            if trigger in RESERVED_TRIGGERS:
                self.problem(
                    m.value_pos["trigger"],
                    f"{what}: trigger name {trigger!r} is reserved (caseflow records "
                    f"{_listing(RESERVED_TRIGGERS)} itself); choose another name",
                )
                trigger = None
        where: dict[str, Pos] = {"": pos} | dict(m.value_pos)
        sources: list[str] = []
        if "from" in m:
            raw = m["from"]
            if isinstance(raw, YList):
                if not raw:
                    self.problem(m.value_pos["from"], f"{what}: 'from' is an empty list")
                for i, item in enumerate(raw):
                    n = self.name(item, raw.item_pos[i], f"{what}: source state")
                    if n is not None:
                        sources.append(n)
                        where[f"from:{n}"] = raw.item_pos[i]
                    else:
                        self.graph_unknown = True
            else:
                n = self.name(raw, m.value_pos["from"], f"{what}: source state")
                if n is not None:
                    sources.append(n)
                    where[f"from:{n}"] = m.value_pos["from"]
        dest = None
        if "to" in m:
            dest = self.name(m["to"], m.value_pos["to"], f"{what}: target state")
        when = None
        when_unread = False
        if "when" in m and m["when"] is not None:
            when = self.condition(m["when"], m.value_pos["when"], what)
            when_unread = when is None
        roles: list[str] = []
        if "roles" in m and m["roles"] is not None:
            raw = m["roles"]
            if isinstance(raw, str):
                raw_list = YList(m.value_pos["roles"])
                raw_list.append(raw)
                raw_list.item_pos.append(m.value_pos["roles"])
                raw = raw_list
            if not isinstance(raw, YList):
                self.problem(
                    m.value_pos["roles"],
                    f"{what}: 'roles' must be a list of role names, not {_describe(raw)}",
                )
            else:
                for i, item in enumerate(raw):
                    n = self.name(item, raw.item_pos[i], f"{what}: role")
                    if n is not None:
                        roles.append(n)
                        where[f"roles:{n}"] = raw.item_pos[i]
        # A transition whose guard cannot be read is dropped rather than kept
        # unguarded, which the checks would take for a real, unguarded one.
        if trigger is None or dest is None or not sources or when_unread:
            return None
        return Transition(
            trigger=trigger,
            sources=tuple(sources),
            dest=dest,
            when=when,
            roles=tuple(roles),
            label=self.label(m, "label", what),
            description=self.text(m, "description", what),
            source=self.text(m, "source", what),
            where=where,
        )

    # -- deadlines ----------------------------------------------------------------

    def deadlines(self, top: YMap, names: _Names) -> tuple[DeadlineRule, ...]:
        if "deadlines" not in top or top["deadlines"] is None:
            return ()
        section = self.mapping(top["deadlines"], top.value_pos["deadlines"], "'deadlines'")
        if section is None:
            return ()
        out: list[DeadlineRule] = []
        for name, value in section.items():
            key_pos = section.key_pos[name]
            if self.name(name, key_pos, "deadline") is None:
                continue
            rule = self.deadline(name, value, key_pos, section.value_pos[name], names)
            if rule is not None:
                out.append(rule)
        return tuple(out)

    def offset(self, m: YMap, key: str, what: str, *, backwards: bool = True) -> Offset | None:
        value = m[key]
        pos = m.value_pos[key]
        if not isinstance(value, str):
            self.problem(
                pos,
                f"{what}: {key!r} must be a span such as '10 working days', not {_describe(value)}",
            )
            return None
        try:
            offset = parse_offset(value)
        except PhraseError as err:
            self.problem((pos[0], pos[1] + err.column), f"{what}: {err.message}")
            return None
        if offset.direction < 0 and not backwards:
            self.problem(pos, f"{what}: {key!r} cannot count backwards ('before')")
            return None
        return self.offset_limits(offset, pos, what)

    def offset_limits(self, offset: Offset, pos: Pos, what: str) -> Offset | None:
        limit = OFFSET_LIMITS[offset.unit]
        if offset.amount > limit:
            self.problem(
                pos,
                f"{what}: {offset} is longer than the {limit} {offset.unit.replace('_', ' ')} "
                "a deadline may span; is the number or the unit wrong?",
            )
            return None
        return offset

    def deadline(
        self, name: str, value: Any, key_pos: Pos, pos: Pos, names: _Names
    ) -> DeadlineRule | None:
        what = f"deadline {name!r}"
        m = self.mapping(value, pos, what)
        if m is None:
            return None
        self.keys(m, what, DEADLINE_KEYS, required=("runs_in", "source"))
        where: dict[str, Pos] = {"": key_pos} | dict(m.value_pos)
        anchor: Anchor | None = None
        offset: Offset | None = None
        if "due" in m:
            for key in ("anchor", "offset"):
                if key in m:
                    self.problem(
                        m.key_pos[key],
                        f"{what}: {key!r} cannot be used with 'due'; 'due' already says "
                        "how far and from what",
                    )
            raw = m["due"]
            dpos = m.value_pos["due"]
            if not isinstance(raw, str):
                self.problem(
                    dpos,
                    f"{what}: 'due' must be text such as '10 working days after received', "
                    f"not {_describe(raw)}",
                )
            else:
                try:
                    offset, word, column = parse_due(raw)
                except PhraseError as err:
                    self.problem((dpos[0], dpos[1] + err.column), f"{what}: {err.message}")
                else:
                    apos = (dpos[0], dpos[1] + column)
                    where["anchor"] = apos
                    anchor = self.anchor_word(word, apos, what, names)
                    offset = self.offset_limits(offset, dpos, what)
        else:
            if "anchor" not in m or "offset" not in m:
                self.problem(
                    m.pos,
                    f"{what} needs 'due' (e.g. due: 10 working days after received), or both "
                    "'anchor' and 'offset'",
                )
            if "anchor" in m:
                anchor = self.anchor_map(m["anchor"], m.value_pos["anchor"], what, names)
            if "offset" in m:
                offset = self.offset(m, "offset", what)
        runs_in = self.names_list(m, "runs_in", what, where)
        paused_in = self.names_list(m, "paused_in", what, where)
        met_by = self.names_list(m, "met_by", what, where)
        policy = None
        if "if_day_off" in m:
            policy = self.text(m, "if_day_off", what)
            if policy not in DEADLINE_DAY_OFF_POLICIES:
                self.problem(
                    m.value_pos["if_day_off"],
                    f"{what}: unknown if_day_off {policy!r}; allowed: "
                    f"{_listing(DEADLINE_DAY_OFF_POLICIES)}",
                )
                policy = None
        clock = None
        if "time" in m:
            clock = self.text(m, "time", what)
            if clock is not None and not TIME_RE.match(clock):
                self.problem(
                    m.value_pos["time"], f"{what}: time {clock!r} is not HH:MM (24-hour, quoted)"
                )
                clock = None
        due_soon = self.offset(m, "due_soon", what, backwards=False) if "due_soon" in m else None
        variants = self.variants(m, what)
        extension = self.extension(m, what, names)
        source = self.text(m, "source", what)
        if source is not None and not source.strip():
            self.problem(m.value_pos["source"], f"{what}: 'source' is empty; cite the legal basis")
            source = None
        if anchor is None or offset is None or not runs_in or source is None:
            return None
        return DeadlineRule(
            name=name,
            label=self.label(m, "label", what),
            description=self.text(m, "description", what),
            runs_in=runs_in,
            paused_in=paused_in,
            met_by=met_by,
            anchor=anchor,
            offset=offset,
            if_day_off=policy,
            time=clock,
            due_soon=due_soon,
            variants=variants,
            extension=extension,
            source=source,
            where=where,
        )

    def anchor_word(self, word: str, pos: Pos, what: str, names: _Names) -> Anchor | None:
        kinds = [
            kind
            for kind, pool in (
                ("entered", names.states),
                ("event", names.triggers),
                ("field", names.fields),
                ("session", names.schedules),
            )
            if word in pool
        ]
        if len(kinds) == 1:
            return Anchor(kind=kinds[0], name=word)
        if len(kinds) > 1:
            self.problem(
                pos,
                f"{what}: {word!r} is both a {' and a '.join(_KIND_WORDS[k] for k in kinds)}; "
                "use the long form 'anchor: {entered|event|field|session: "
                + word
                + "}' to say which",
            )
            return None
        known = sorted(names.states | names.triggers | names.fields | names.schedules)
        self.problem(
            pos,
            f"{what} counts from {word!r}, which is no state, trigger, field or schedule"
            f"{did_you_mean(word, known)}; a deadline counts from entering a state, from a "
            "trigger, from a date field, or from the case's session of a schedule",
        )
        return None

    def anchor_map(self, value: Any, pos: Pos, what: str, names: _Names) -> Anchor | None:
        m = self.mapping(value, pos, f"{what}: 'anchor'")
        if m is None:
            return None
        self.keys(m, f"{what}: 'anchor'", ANCHOR_KEYS)
        kinds = [k for k in ANCHOR_KINDS if k in m]
        if len(kinds) != 1:
            self.problem(
                pos,
                f"{what}: 'anchor' needs exactly one of entered (a state), event (a trigger), "
                f"field (a date field) or session (a schedule); found {_listing(kinds) or 'none'}",
            )
            return None
        kind = kinds[0]
        target = self.name(m[kind], m.value_pos[kind], f"{what}: anchor {kind}")
        occurrence = self.text(m, "occurrence", what) or "first"
        if occurrence not in ("first", "last"):
            self.problem(
                m.value_pos["occurrence"],
                f"{what}: occurrence {occurrence!r} is not allowed; allowed: first, last",
            )
        if target is None:
            return None
        return Anchor(kind=kind, name=target, occurrence=occurrence)

    def variants(self, m: YMap, what: str) -> tuple[DeadlineVariant, ...]:
        raw = self.get(m, "variants", what, YList, "a list of variants")
        out = []
        for i, item in enumerate(raw or ()):
            vwhat = f"{what}: variant #{i + 1}"
            vm = self.mapping(item, raw.item_pos[i], vwhat)
            if vm is None:
                continue
            self.keys(vm, vwhat, VARIANT_KEYS, required=("when",))
            when = self.condition(vm["when"], vm.value_pos["when"], vwhat) if "when" in vm else None
            offset = self.offset(vm, "offset", vwhat) if "offset" in vm else None
            most = self.count(vm, "max_extensions", vwhat, minimum=0)
            if "offset" not in vm and "max_extensions" not in vm:
                self.problem(vm.pos, f"{vwhat} changes nothing; give 'offset' or 'max_extensions'")
            if when is None:
                continue
            out.append(
                DeadlineVariant(
                    when=when,
                    offset=offset,
                    max_extensions=most,
                    source=self.text(vm, "source", vwhat),
                    where={"": vm.pos},
                )
            )
        return tuple(out)

    def count(self, m: YMap, key: str, what: str, *, minimum: int) -> int | None:
        if key not in m:
            return None
        value = m[key]
        if not isinstance(value, int) or isinstance(value, bool) or not minimum <= value <= 12:
            self.problem(
                m.value_pos[key],
                f"{what}: {key!r} must be a whole number from {minimum} to 12, not "
                f"{_describe(value)}",
            )
            return None
        return value

    def extension(self, m: YMap, what: str, names: _Names) -> Extension | None:
        if "extension" not in m:
            return None
        ewhat = f"{what}: extension"
        em = self.mapping(m["extension"], m.value_pos["extension"], ewhat)
        if em is None:
            return None
        self.keys(em, ewhat, EXTENSION_KEYS, required=("trigger", "by"))
        trigger = None
        if "trigger" in em:
            trigger = self.name(em["trigger"], em.value_pos["trigger"], f"{ewhat} trigger")
        by = self.offset(em, "by", ewhat, backwards=False) if "by" in em else None
        most = self.count(em, "max", ewhat, minimum=1)
        if trigger is None or by is None:
            return None
        return Extension(
            trigger=trigger,
            by=by,
            max=most if most is not None else 1,
            source=self.text(em, "source", ewhat),
            where={"": em.pos, "trigger": em.value_pos.get("trigger", em.pos)},
        )

    # -- the docket ------------------------------------------------------------------

    def docket(self, top: YMap) -> Docket | None:
        if "docket" not in top or top["docket"] is None:
            return None
        what = "the docket"
        m = self.mapping(top["docket"], top.value_pos["docket"], what)
        if m is None:
            return None
        self.keys(
            m,
            what,
            DOCKET_KEYS,
            required=("schedule", "eligible_in", "select_trigger", "session_field", "capacity"),
        )
        where: dict[str, Pos] = {"": m.pos} | dict(m.value_pos)
        schedule = self.name(
            m.get("schedule"), m.value_pos.get("schedule", m.pos), f"{what}: schedule"
        )
        eligible = self.names_list(m, "eligible_in", what, where)
        trigger = self.name(
            m.get("select_trigger"),
            m.value_pos.get("select_trigger", m.pos),
            f"{what}: select_trigger",
        )
        session_field = self.name(
            m.get("session_field"),
            m.value_pos.get("session_field", m.pos),
            f"{what}: session_field",
        )
        order_field = None
        if "order_field" in m:
            order_field = self.name(
                m["order_field"], m.value_pos["order_field"], f"{what}: order_field"
            )
        capacity = None
        if "capacity" in m:
            value = m["capacity"]
            if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 500:
                capacity = value
            else:
                self.problem(
                    m.value_pos["capacity"],
                    f"{what}: 'capacity' must be a whole number from 1 to 500 (cases per "
                    f"session), not {_describe(value)}",
                )
        priorities = self.priorities(m, what)
        attendees: list[str] = []
        if "attendees" in m:
            raw = self.get(m, "attendees", what, YList, "a list of texts")
            for i, item in enumerate(raw or ()):
                if isinstance(item, str) and item.strip():
                    attendees.append(item)
                else:
                    self.problem(
                        raw.item_pos[i], f"{what}: an attendee must be text, not {_describe(item)}"
                    )
        if (
            schedule is None
            or not eligible
            or trigger is None
            or session_field is None
            or capacity is None
        ):
            return None
        return Docket(
            schedule=schedule,
            eligible_in=eligible,
            select_trigger=trigger,
            session_field=session_field,
            capacity=capacity,
            priorities=priorities,
            order_field=order_field,
            attendees=tuple(attendees),
            source=self.text(m, "source", what),
            where=where,
        )

    def names_list(self, m: YMap, key: str, what: str, where: dict[str, Pos]) -> tuple[str, ...]:
        if key not in m or m[key] is None:
            return ()
        raw = m[key]
        if isinstance(raw, str):
            single = YList(m.value_pos[key])
            single.append(raw)
            single.item_pos.append(m.value_pos[key])
            raw = single
        if not isinstance(raw, YList) or not raw:
            self.problem(
                m.value_pos[key],
                f"{what}: {key!r} must be a name or a non-empty list of names, not "
                f"{_describe(raw)}",
            )
            return ()
        out: list[str] = []
        for i, item in enumerate(raw):
            found = self.name(item, raw.item_pos[i], f"{what}: {key}")
            if found is not None:
                out.append(found)
                where[f"{key}:{found}"] = raw.item_pos[i]
        return tuple(out)

    def priorities(self, m: YMap, what: str) -> tuple[Priority, ...]:
        raw = self.get(m, "priorities", what, YList, "a list of priorities")
        out: list[Priority] = []
        seen: set[str] = set()
        for i, item in enumerate(raw or ()):
            pwhat = f"{what}: priority #{i + 1}"
            pm = self.mapping(item, raw.item_pos[i], pwhat)
            if pm is None:
                continue
            self.keys(pm, pwhat, PRIORITY_KEYS, required=("name", "when"))
            name = self.name(pm.get("name"), pm.value_pos.get("name", pm.pos), f"{pwhat}: name")
            if name is not None and name in seen:
                self.problem(pm.value_pos["name"], f"{pwhat}: the name {name!r} is used twice")
                name = None
            when = self.condition(pm["when"], pm.value_pos["when"], pwhat) if "when" in pm else None
            if name is None or when is None:
                continue
            seen.add(name)
            out.append(
                Priority(
                    name=name,
                    when=when,
                    label=self.label(pm, "label", pwhat),
                    source=self.text(pm, "source", pwhat),
                    where={"": pm.pos},
                )
            )
        return tuple(out)

    def date_text(self, m: YMap, key: str, what: str) -> str | None:
        value = self.text(m, key, what)
        if value is None:
            return None
        if not _valid_date(value):
            self.problem(
                m.value_pos[key],
                f"{what}: {key!r} is {value!r}, not a real date; write YYYY-MM-DD",
            )
            return None
        return value

    def schedule(self, name: str, value: Any, key_pos: Pos, pos: Pos) -> Schedule | None:
        what = f"schedule {name!r}"
        m = self.mapping(value, pos, what)
        if m is None:
            return None
        self.keys(m, what, SCHEDULE_KEYS)

        def given(key: str) -> bool:
            # A key given with a value of the wrong kind is reported as that,
            # so it does not count as missing as well.
            return m.get(key) is not None

        forms = [k for k in ("every", "dates", "rrule") if given(k)]
        if len(forms) != 1:
            self.problem(
                pos,
                f"{what} needs exactly one of 'every', 'dates' or 'rrule'; found "
                f"{_listing(forms) or 'none'}",
            )
        every = self.text(m, "every", what)
        if every is not None and every not in ("month", "week"):
            self.problem(
                m.value_pos["every"], f"{what}: 'every' is {every!r}; allowed: month, week"
            )
        weekday = self.text(m, "weekday", what)
        if weekday is not None and weekday not in WEEKDAYS:
            self.problem(
                m.value_pos["weekday"],
                f"{what}: unknown weekday {weekday!r}{did_you_mean(weekday, WEEKDAYS)}; "
                f"allowed: {', '.join(WEEKDAYS)}",
            )
        week = self.get(m, "week", what, int, "a whole number")
        if week is not None and week not in (1, 2, 3, 4, 5, -1):
            self.problem(
                m.value_pos["week"],
                f"{what}: 'week' is {week}; allowed: 1, 2, 3, 4, 5, or -1 for the last",
            )
        counting = self.text(m, "counting", what)
        if counting is not None and counting not in COUNTINGS:
            self.problem(
                m.value_pos["counting"],
                f"{what}: unknown counting {counting!r}; allowed: {_listing(COUNTINGS)}",
            )
        if every in ("month", "week") and not given("weekday"):
            self.problem(pos, f"{what}: 'every: {every}' needs a 'weekday'")
        if every == "month":
            if not given("week"):
                self.problem(pos, f"{what}: 'every: month' needs a 'week' (1-5, or -1)")
            if not given("counting"):
                self.problem(
                    pos,
                    f"{what}: 'every: month' needs 'counting' (calendar: that weekday of the "
                    "calendar week; nth: the n-th such weekday); caseflow never guesses "
                    "which reading is meant",
                )
        if every == "week" and ("week" in m or "counting" in m):
            self.problem(pos, f"{what}: 'week' and 'counting' apply only to 'every: month'")
        policy = self.text(m, "if_day_off", what)
        if policy is None:
            policy = "keep"
        elif policy not in DAY_OFF_POLICIES:
            self.problem(
                m.value_pos["if_day_off"],
                f"{what}: unknown if_day_off {policy!r}; allowed: {_listing(DAY_OFF_POLICIES)}",
            )
        dates = self.dates(m, what)
        rrule = self.text(m, "rrule", what)
        if rrule is not None:
            problem = _rrule_problem(rrule)
            if problem is not None:
                self.problem(m.value_pos["rrule"], f"{what}: {problem}")
        clock = self.clock(m, what)
        start = self.date_text(m, "start", what)
        end = self.date_text(m, "end", what)
        if start is not None and end is not None and end < start:
            self.problem(
                m.value_pos["end"],
                f"{what}: 'end' {end!r} is before 'start' {start!r}, so the schedule never "
                "applies; 'end' is the last day it applies",
            )
        overrides = self.overrides(m, what)
        return Schedule(
            name=name,
            every=every,
            weekday=weekday,
            week=week,
            counting=counting,
            if_day_off=policy,
            dates=dates,
            rrule=rrule,
            start=start,
            end=end,
            time=clock,
            place=self.text(m, "place", what),
            contact=self.text(m, "contact", what),
            label=self.label(m, "label", what),
            description=self.text(m, "description", what),
            source=self.text(m, "source", what),
            overrides=overrides,
            where={"": key_pos} | dict(m.value_pos),
        )

    def dates(self, m: YMap, what: str) -> tuple[str, ...]:
        if "dates" not in m:
            return ()
        if m["dates"] is None or m["dates"] == []:
            self.problem(
                m.value_pos["dates"],
                f"{what}: 'dates' is empty; list the session dates, e.g. [2026-03-24, 2026-04-28]",
            )
            return ()
        raw = self.get(m, "dates", what, YList, "a list of dates")
        out: list[str] = []
        for i, item in enumerate(raw or ()):
            if not isinstance(item, str):
                self.problem(
                    raw.item_pos[i],
                    f"{what}: each of 'dates' must be a date written YYYY-MM-DD, "
                    f"not {_describe(item)}",
                )
            elif not _valid_date(item):
                self.problem(
                    raw.item_pos[i], f"{what}: {item!r} is not a real date; write YYYY-MM-DD"
                )
            else:
                out.append(item)
        return tuple(out)

    def clock(self, m: YMap, what: str) -> str | None:
        value = m.get("time")
        if value is None:
            return None
        if not isinstance(value, str):
            # Unquoted, 8.30 reads as the number 8.3: say so rather than
            # quote the number back as if it were what was written.
            self.problem(
                m.value_pos["time"],
                f"{what}: 'time' must be text written HH:MM, not {_describe(value)}; "
                'put it in quotes, e.g. time: "08:30"',
            )
            return None
        if not TIME_RE.match(value):
            self.problem(m.value_pos["time"], f"{what}: time {value!r} is not HH:MM (24-hour)")
            return None
        return value

    def overrides(self, m: YMap, what: str) -> tuple[ScheduleOverride, ...]:
        raw = self.get(m, "overrides", what, YList, "a list")
        out = []
        for i, item in enumerate(raw or ()):
            owhat = f"{what}: override #{i + 1}"
            om = self.mapping(item, raw.item_pos[i], owhat)
            if om is None:
                continue
            self.keys(om, owhat, OVERRIDE_KEYS, required=("date", "reason"))
            date = self.date_text(om, "date", owhat)
            moved = self.date_text(om, "moved_to", owhat)
            cancelled = self.flag(om, "cancelled", owhat)
            # Whether moved_to is given, not whether it read: a bad date is
            # reported as that, not also as missing.
            moves = om.get("moved_to") is not None
            if moves and cancelled:
                self.problem(
                    om.pos,
                    f"{owhat} has both 'moved_to' and 'cancelled: true'; an override either "
                    "moves the session or cancels it, not both",
                )
            elif not moves and cancelled is False:
                self.problem(om.pos, f"{owhat} needs either 'moved_to: DATE' or 'cancelled: true'")
            reason = self.text(om, "reason", owhat)
            if date is None or reason is None:
                continue
            out.append(
                ScheduleOverride(
                    date=date,
                    moved_to=moved,
                    cancelled=bool(cancelled),
                    reason=reason,
                    where={"": om.pos},
                )
            )
        return tuple(out)


_RRULE_EXAMPLE = "FREQ=MONTHLY;BYDAY=+4TU"
# A schedule's rule picks days; the time of day is the schedule's 'time'. So
# the rule recurs daily at most often and names no hour, minute or second.
_RRULE_FREQS = ("YEARLY", "MONTHLY", "WEEKLY", "DAILY")
_RRULE_CLOCK = frozenset({"BYHOUR", "BYMINUTE", "BYSECOND"})
_RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_RRULE_DAY = re.compile(r"([+-]?)([0-9]{1,2})?(MO|TU|WE|TH|FR|SA|SU)\Z")
_RRULE_INT = re.compile(r"[+-]?[0-9]{1,3}\Z")
_RRULE_UNTIL = re.compile(r"([0-9]{8})(T[0-9]{6}Z?)?\Z")
# The lists of numbers: (lowest, highest, whether -highest..-1 count from the end).
_RRULE_NUMBERS = {
    "BYMONTHDAY": (1, 31, True),
    "BYYEARDAY": (1, 366, True),
    "BYWEEKNO": (1, 53, True),
    "BYMONTH": (1, 12, False),
    "BYSETPOS": (1, 366, True),
}
_RRULE_PARTS = frozenset({"FREQ", "UNTIL", "COUNT", "INTERVAL", "BYDAY", "WKST", *_RRULE_NUMBERS})
_RRULE_NAMES = _RRULE_PARTS | _RRULE_CLOCK


def _rrule_problem(text: str) -> str | None:
    """What is wrong with an RFC 5545 RRULE value, in a sentence; None if nothing.

    The rule's parts are checked here, by name, so that a message names the
    bad part; dateutil (which the recurrence code uses to expand the rule)
    accepts values such as INTERVAL=0 that would repeat one date for ever,
    and words its refusals for programmers. A schedule's rule picks days (its
    hour is the schedule's 'time'), so FREQ is DAILY at most and BYHOUR,
    BYMINUTE and BYSECOND are refused.
    """
    body = text.strip()
    if body[:6].upper() == "RRULE:":
        body = body[6:]
    if not body:
        return f"'rrule' is empty; write NAME=VALUE parts joined by ';', e.g. {_RRULE_EXAMPLE}"
    if any(c.isspace() for c in body):
        return (
            f"'rrule' is {text!r}, which holds a space or a line break; write one rule, "
            f"NAME=VALUE parts joined by ';' without spaces, e.g. {_RRULE_EXAMPLE}"
        )
    shape = f"a rule is NAME=VALUE parts joined by ';', e.g. {_RRULE_EXAMPLE}"
    parts: dict[str, str] = {}
    for part in body.split(";"):
        name, eq, value = part.partition("=")
        name = name.upper()
        if not part:
            return f"'rrule' has an empty part (a ';' too many); {shape}"
        if not eq or not name or not value:
            return f"'rrule' part {part!r} is not NAME=VALUE; {shape}"
        if name in _RRULE_CLOCK:
            return (
                f"'rrule' part {part!r} sets a time of day; the rule picks the days, and the "
                "schedule's 'time' gives the hour (time: \"08:00\")"
            )
        if name not in _RRULE_NAMES:
            return (
                f"'rrule' part {part!r} has an unknown name {name!r}"
                f"{did_you_mean(name, sorted(_RRULE_PARTS))}; allowed: {_listing(_RRULE_PARTS)}"
            )
        if name in parts:
            return f"'rrule' gives {name} twice; give each part once"
        reason = _rrule_value_problem(name, value)
        if reason is not None:
            return f"'rrule' part {part!r} is not valid: {reason}"
        parts[name] = value.upper()
    freq = parts.get("FREQ")
    if freq is None:
        return f"'rrule' has no FREQ; add one of {', '.join(f'FREQ={f}' for f in _RRULE_FREQS)}"
    if "COUNT" in parts and "UNTIL" in parts:
        return "'rrule' gives both COUNT and UNTIL; RFC 5545 allows one or the other"
    # Parts RFC 5545 forbids with some frequencies (dateutil ignores or misreads them).
    if "BYWEEKNO" in parts and freq != "YEARLY":
        return "'rrule' uses BYWEEKNO, which only applies with FREQ=YEARLY"
    if "BYYEARDAY" in parts and freq in ("DAILY", "WEEKLY", "MONTHLY"):
        return f"'rrule' uses BYYEARDAY, which does not apply with FREQ={freq}"
    if "BYMONTHDAY" in parts and freq == "WEEKLY":
        return "'rrule' uses BYMONTHDAY, which does not apply with FREQ=WEEKLY"
    numbered = [d for d in parts.get("BYDAY", "").split(",") if d and d[0] in "+-0123456789"]
    if numbered and (freq not in ("MONTHLY", "YEARLY") or "BYWEEKNO" in parts):
        return (
            f"'rrule' part 'BYDAY={parts['BYDAY']}' numbers a weekday ({numbered[0]}), which "
            "only applies with FREQ=MONTHLY or FREQ=YEARLY (without BYWEEKNO); write the "
            "weekday alone, e.g. BYDAY=TU"
        )
    return _rrule_expands(body, parts)


def _rrule_value_problem(name: str, written: str) -> str | None:
    value = written.upper()  # RFC 5545 names and values ignore case
    items = written.split(",")
    if name == "FREQ":
        if value in _RRULE_FREQS:
            return None
        return (
            f"FREQ is one of {', '.join(_RRULE_FREQS)}: a schedule recurs on days, "
            "at the hour its 'time' gives"
        )
    if name in ("COUNT", "INTERVAL"):
        if value.isdigit() and int(value) >= 1:
            return None
        return f"{name} is a whole number, 1 or more"
    if name == "UNTIL":
        match = _RRULE_UNTIL.match(value)
        ok = match is not None and _valid_date(f"{value[:4]}-{value[4:6]}-{value[6:8]}")
        clock = match.group(2) if match else None
        if ok and clock is not None:
            ok = int(clock[1:3]) < 24 and int(clock[3:5]) < 60 and int(clock[5:7]) < 60
        if ok:
            return None
        return "UNTIL is a date YYYYMMDD or a UTC time YYYYMMDDTHHMMSSZ, e.g. 20261231"
    if name == "WKST":
        return None if value in _RRULE_DAYS else f"WKST is one of {', '.join(_RRULE_DAYS)}"
    if name == "BYDAY":
        for item in items:
            match = _RRULE_DAY.match(item.upper())
            if match is None or (match.group(2) and not 1 <= int(match.group(2)) <= 53):
                return (
                    f"BYDAY takes weekdays ({', '.join(_RRULE_DAYS)}) joined by ',', each "
                    f"with an optional week number 1 to 53 or -53 to -1, e.g. +4TU or -1FR; "
                    f"{item!r} is not one"
                )
        return None
    low, high, from_end = _RRULE_NUMBERS[name]
    for item in items:
        number = int(item) if _RRULE_INT.match(item) else None
        if number is None or not (low <= number <= high or (from_end and -high <= number <= -1)):
            span = f"{low} to {high}" + (f", or -{high} to -1 from the end" if from_end else "")
            return f"{name} takes whole numbers {span}, joined by ','; {item!r} is not one"
    return None


def _rrule_expands(body: str, parts: dict[str, str]) -> str | None:
    import datetime

    from dateutil.rrule import rrulestr

    # dateutil wants a UTC UNTIL only with a start that has a time zone.
    utc = parts.get("UNTIL", "").endswith("Z")
    start = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC if utc else None)
    try:
        rrulestr(body, dtstart=start)
    except (ValueError, TypeError) as err:  # pragma: no cover - the checks above come first
        return f"'rrule' cannot be expanded into dates ({err})"
    return None


def _valid_date(text: str) -> bool:
    import datetime

    if not DATE_RE.match(text):
        return False
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _shown(value: Any) -> str:
    """A plain value as YAML writes it: 'text' quoted, true, 12."""
    if isinstance(value, bool):
        return str(value).lower()
    return repr(value) if isinstance(value, str) else str(value)


_describe = describe


def read_workflow(source: str | bytes | Path, *, filename: str | None = None) -> WorkflowSpec:
    """Read a workflow from a path or from YAML text; check it whole.

    A ``str`` that is empty or contains a newline or a ':' is taken as YAML
    text; any other ``str`` or a ``Path`` is a file path. Raises
    ``DefinitionError`` with every problem found.
    """
    data_in: str | bytes
    if isinstance(source, Path) or (
        isinstance(source, str)
        and source != ""  # Path("") is ".", the current folder
        and "\n" not in source
        and ":" not in source.split("/")[-1]
    ):
        path = Path(source)
        file = filename or str(source)
        try:
            data_in = path.read_bytes()
        except OSError as err:
            raise DefinitionError(
                [
                    Problem(
                        file=file, line=1, column=1, message=f"cannot read the file: {err.strerror}"
                    )
                ]
            ) from None
    else:
        data_in = source
        file = filename or "<string>"
    data = load_yaml(data_in, filename=file)
    reader = _Reader(file)
    spec = reader.workflow(data)
    if spec is not None:
        reader.problems.extend(checks.check_workflow(spec, gaps=reader.gaps()))
    if reader.problems:
        raise DefinitionError(reader.problems)
    assert spec is not None
    return spec


# --- writing back -------------------------------------------------------------


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
                    "choices": list(f.choices) if f.choices is not None else None,
                    "label": _label_data(f.label),
                    "description": f.description,
                }
            )
            for f in spec.fields
        }
    if spec.guards:
        data["guards"] = {g.name: _guard_data(g) for g in spec.guards}
    data["states"] = {
        s.name: _compact(
            {
                "label": _label_data(s.label),
                "initial": s.initial,
                "final": s.final,
                "description": s.description,
                "source": s.source,
            }
        )
        for s in spec.states
    }
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
    return _compact(data)


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
                        "when": _condition_data(v.when),
                        "offset": offset_text(v.offset) if v.offset is not None else None,
                        "max_extensions": v.max_extensions,
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
                    "source": d.extension.source,
                }
            )
            if d.extension is not None
            else None,
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

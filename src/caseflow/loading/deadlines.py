"""The ``deadlines`` section: legal time limits with their source, and their checks.

This module owns reading a deadline rule: what it counts from (the ``due``
shorthand, or ``anchor`` and ``offset``), where its clock runs or waits,
what meets it, its variants for some cases and its extension; and the
checks that need the whole definition (the states, triggers, fields and
schedules it names exist, and its clock can start). The span phrases
("10 working days after received") are parsed by ``phrases``; a variant's
condition is read by ``guards``; computing due dates is
``caseflow.deadlines``' job.
"""

from __future__ import annotations

from typing import Any

import attrs

from caseflow.definition import (
    ANCHOR_KINDS,
    DEADLINE_DAY_OFF_POLICIES,
    Anchor,
    DeadlineRule,
    DeadlineVariant,
    Extension,
    Offset,
)
from caseflow.errors import did_you_mean
from caseflow.loading.context import (
    DATE_TYPES,
    TIME_RE,
    Checking,
    Reading,
    listing,
    reaches,
    unknown,
)
from caseflow.loading.guards import read_condition
from caseflow.loading.phrases import PhraseError, parse_due, parse_offset
from caseflow.yamlsafe import Pos, YMap, describe

__all__ = [
    "ANCHOR_KEYS",
    "DEADLINE_KEYS",
    "EXTENSION_KEYS",
    "OFFSET_LIMITS",
    "VARIANT_KEYS",
    "AnchorNames",
    "check_deadlines",
    "read_deadlines",
]

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
OFFSET_LIMITS = {"days": 3660, "working_days": 2600, "weeks": 520, "months": 120}
"""The longest span a deadline may count, per unit (about ten years)."""
_KIND_WORDS = {"entered": "state", "event": "trigger", "field": "field", "session": "schedule"}


@attrs.frozen
class AnchorNames:
    """The names a deadline's ``due`` shorthand may count from."""

    states: frozenset[str]
    triggers: frozenset[str]
    fields: frozenset[str]
    schedules: frozenset[str]


# -- reading --------------------------------------------------------------------------


def read_deadlines(reading: Reading, top: YMap, names: AnchorNames) -> tuple[DeadlineRule, ...]:
    """The ``deadlines`` section; ``names`` are what the ``due`` shorthand may name."""

    def read(r: Reading, name: str, value: Any, key_pos: Pos, pos: Pos) -> DeadlineRule | None:
        return _read_deadline(r, name, value, key_pos, pos, names)

    return reading.named_entries(top, "deadlines", "deadline", read)


def _read_deadline(
    reading: Reading, name: str, value: Any, key_pos: Pos, pos: Pos, names: AnchorNames
) -> DeadlineRule | None:
    what = f"deadline {name!r}"
    m = reading.mapping(value, pos, what)
    if m is None:
        return None
    reading.keys(m, what, DEADLINE_KEYS, required=("runs_in", "source"))
    where: dict[str, Pos] = {"": key_pos} | dict(m.value_pos)
    anchor, offset = _read_count(reading, m, what, where, names)
    runs_in = reading.names_list(m, "runs_in", what, where)
    paused_in = reading.names_list(m, "paused_in", what, where)
    met_by = reading.names_list(m, "met_by", what, where)
    policy = None
    if "if_day_off" in m:
        policy = reading.text(m, "if_day_off", what)
        if policy not in DEADLINE_DAY_OFF_POLICIES:
            reading.problem(
                m.value_pos["if_day_off"],
                f"{what}: unknown if_day_off {policy!r}; allowed: "
                f"{listing(DEADLINE_DAY_OFF_POLICIES)}",
            )
            policy = None
    clock = None
    if "time" in m:
        clock = reading.text(m, "time", what)
        if clock is not None and not TIME_RE.match(clock):
            reading.problem(
                m.value_pos["time"], f"{what}: time {clock!r} is not HH:MM (24-hour, quoted)"
            )
            clock = None
    due_soon = (
        _read_offset(reading, m, "due_soon", what, backwards=False) if "due_soon" in m else None
    )
    variants = reading.numbered_entries(
        m,
        "variants",
        what,
        entry="variant",
        list_name="a list of variants",
        allowed=VARIANT_KEYS,
        required=("when",),
        read=_read_variant,
    )
    extension = _read_extension(reading, m, what)
    source = reading.text(m, "source", what)
    if source is not None and not source.strip():
        reading.problem(m.value_pos["source"], f"{what}: 'source' is empty; cite the legal basis")
        source = None
    if anchor is None or offset is None or not runs_in or source is None:
        return None
    return DeadlineRule(
        name=name,
        label=reading.label(m, "label", what),
        description=reading.text(m, "description", what),
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


def _read_count(
    reading: Reading, m: YMap, what: str, where: dict[str, Pos], names: AnchorNames
) -> tuple[Anchor | None, Offset | None]:
    """What the deadline counts from, and how far: ``due``, or ``anchor`` and ``offset``."""
    if "due" not in m:
        if "anchor" not in m or "offset" not in m:
            reading.problem(
                m.pos,
                f"{what} needs 'due' (e.g. due: 10 working days after received), or both "
                "'anchor' and 'offset'",
            )
        anchor = None
        if "anchor" in m:
            anchor = _read_anchor_map(reading, m["anchor"], m.value_pos["anchor"], what, names)
        offset = _read_offset(reading, m, "offset", what) if "offset" in m else None
        return anchor, offset
    for key in ("anchor", "offset"):
        if key in m:
            reading.problem(
                m.key_pos[key],
                f"{what}: {key!r} cannot be used with 'due'; 'due' already says "
                "how far and from what",
            )
    raw = m["due"]
    dpos = m.value_pos["due"]
    if not isinstance(raw, str):
        reading.problem(
            dpos,
            f"{what}: 'due' must be text such as '10 working days after received', "
            f"not {describe(raw)}",
        )
        return None, None
    try:
        offset, word, column = parse_due(raw)
    except PhraseError as err:
        reading.problem((dpos[0], dpos[1] + err.column), f"{what}: {err.message}")
        return None, None
    apos = (dpos[0], dpos[1] + column)
    where["anchor"] = apos
    anchor = _read_anchor_word(reading, word, apos, what, names)
    return anchor, _offset_limits(reading, offset, dpos, what)


def _read_offset(
    reading: Reading, m: YMap, key: str, what: str, *, backwards: bool = True
) -> Offset | None:
    value = m[key]
    pos = m.value_pos[key]
    if not isinstance(value, str):
        reading.problem(
            pos,
            f"{what}: {key!r} must be a span such as '10 working days', not {describe(value)}",
        )
        return None
    try:
        offset = parse_offset(value)
    except PhraseError as err:
        reading.problem((pos[0], pos[1] + err.column), f"{what}: {err.message}")
        return None
    if offset.direction < 0 and not backwards:
        reading.problem(pos, f"{what}: {key!r} cannot count backwards ('before')")
        return None
    return _offset_limits(reading, offset, pos, what)


def _offset_limits(reading: Reading, offset: Offset, pos: Pos, what: str) -> Offset | None:
    limit = OFFSET_LIMITS[offset.unit]
    if offset.amount > limit:
        reading.problem(
            pos,
            f"{what}: {offset} is longer than the {limit} {offset.unit.replace('_', ' ')} "
            "a deadline may span; is the number or the unit wrong?",
        )
        return None
    return offset


def _read_anchor_word(
    reading: Reading, word: str, pos: Pos, what: str, names: AnchorNames
) -> Anchor | None:
    """The anchor of the ``due`` shorthand: a name that must be one kind of thing only."""
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
        reading.problem(
            pos,
            f"{what}: {word!r} is both a {' and a '.join(_KIND_WORDS[k] for k in kinds)}; "
            "use the long form 'anchor: {entered|event|field|session: " + word + "}' to say which",
        )
        return None
    known = sorted(names.states | names.triggers | names.fields | names.schedules)
    reading.problem(
        pos,
        f"{what} counts from {word!r}, which is no state, trigger, field or schedule"
        f"{did_you_mean(word, known)}; a deadline counts from entering a state, from a "
        "trigger, from a date field, or from the case's session of a schedule",
    )
    return None


def _read_anchor_map(
    reading: Reading, value: Any, pos: Pos, what: str, names: AnchorNames
) -> Anchor | None:
    """The long form ``anchor: {entered|event|field|session: name, occurrence: ...}``."""
    m = reading.mapping(value, pos, f"{what}: 'anchor'")
    if m is None:
        return None
    reading.keys(m, f"{what}: 'anchor'", ANCHOR_KEYS)
    kinds = [k for k in ANCHOR_KINDS if k in m]
    if len(kinds) != 1:
        reading.problem(
            pos,
            f"{what}: 'anchor' needs exactly one of entered (a state), event (a trigger), "
            f"field (a date field) or session (a schedule); found {listing(kinds) or 'none'}",
        )
        return None
    kind = kinds[0]
    target = reading.name(m[kind], m.value_pos[kind], f"{what}: anchor {kind}")
    occurrence = reading.text(m, "occurrence", what) or "first"
    if occurrence not in ("first", "last"):
        reading.problem(
            m.value_pos["occurrence"],
            f"{what}: occurrence {occurrence!r} is not allowed; allowed: first, last",
        )
    if target is None:
        return None
    return Anchor(kind=kind, name=target, occurrence=occurrence)


def _read_variant(reading: Reading, vm: YMap, what: str) -> DeadlineVariant | None:
    """One entry of ``variants``: another offset or extension limit for some cases."""
    when = read_condition(reading, vm["when"], vm.value_pos["when"], what) if "when" in vm else None
    offset = _read_offset(reading, vm, "offset", what) if "offset" in vm else None
    most = _read_count_limit(reading, vm, "max_extensions", what, minimum=0)
    if "offset" not in vm and "max_extensions" not in vm:
        reading.problem(vm.pos, f"{what} changes nothing; give 'offset' or 'max_extensions'")
    if when is None:
        return None
    return DeadlineVariant(
        when=when,
        offset=offset,
        max_extensions=most,
        source=reading.text(vm, "source", what),
        where={"": vm.pos},
    )


def _read_count_limit(
    reading: Reading, m: YMap, key: str, what: str, *, minimum: int
) -> int | None:
    if key not in m:
        return None
    value = m[key]
    if not isinstance(value, int) or isinstance(value, bool) or not minimum <= value <= 12:
        reading.problem(
            m.value_pos[key],
            f"{what}: {key!r} must be a whole number from {minimum} to 12, not {describe(value)}",
        )
        return None
    return value


def _read_extension(reading: Reading, m: YMap, what: str) -> Extension | None:
    if "extension" not in m:
        return None
    ewhat = f"{what}: extension"
    em = reading.mapping(m["extension"], m.value_pos["extension"], ewhat)
    if em is None:
        return None
    reading.keys(em, ewhat, EXTENSION_KEYS, required=("trigger", "by"))
    trigger = None
    if "trigger" in em:
        trigger = reading.name(em["trigger"], em.value_pos["trigger"], f"{ewhat} trigger")
    by = _read_offset(reading, em, "by", ewhat, backwards=False) if "by" in em else None
    most = _read_count_limit(reading, em, "max", ewhat, minimum=1)
    if trigger is None or by is None:
        return None
    return Extension(
        trigger=trigger,
        by=by,
        max=most if most is not None else 1,
        source=reading.text(em, "source", ewhat),
        where={"": em.pos, "trigger": em.value_pos.get("trigger", em.pos)},
    )


# -- checking ---------------------------------------------------------------------------


def check_deadlines(checking: Checking) -> None:
    """Every name a deadline uses exists, and its clock can start and be extended."""
    spec = checking.spec
    state_set = checking.state_set
    triggers = checking.triggers
    for rule in spec.deadlines:
        what = f"deadline {rule.name!r}"
        for key, names in (("runs_in", rule.runs_in), ("paused_in", rule.paused_in)):
            for state in names:
                if state not in state_set:
                    checking.add(
                        rule.where.get(f"{key}:{state}"),
                        f"{what}: {key} names an " + unknown("state", state, state_set),
                    )
        both = sorted(set(rule.runs_in) & set(rule.paused_in))
        if both:
            checking.add(
                rule.where.get("paused_in"),
                f"{what}: {', '.join(both)} cannot be both in runs_in and in paused_in; the "
                "clock either runs or waits there",
            )
        _check_anchor(checking, rule)
        for trigger in rule.met_by:
            if trigger not in triggers:
                checking.add(
                    rule.where.get(f"met_by:{trigger}"),
                    f"{what}: met_by names an " + unknown("trigger", trigger, triggers),
                )
        _check_extension(checking, rule)


def _check_anchor(checking: Checking, rule: DeadlineRule) -> None:
    """What the deadline counts from exists, and the case can be where its clock runs after it."""
    what = f"deadline {rule.name!r}"
    gaps = checking.gaps
    state_set = checking.state_set
    triggers = checking.triggers
    fields = checking.fields
    runs = set(rule.runs_in)
    runs_known = runs <= state_set - gaps.states
    anchor = rule.anchor
    pos = rule.where.get("anchor")
    if anchor.kind == "entered":
        if anchor.name not in state_set:
            checking.add(pos, f"{what} counts from an " + unknown("state", anchor.name, state_set))
        elif runs_known and not gaps.graph and not runs & reaches(checking.outgoing, [anchor.name]):
            checking.add(
                pos,
                f"{what} counts from entering {anchor.name!r}, but from there the case can "
                f"never be in {', '.join(rule.runs_in)}, where its clock runs; the "
                "deadline could never start",
            )
    elif anchor.kind == "event":
        if anchor.name not in triggers:
            checking.add(pos, f"{what} counts from an " + unknown("trigger", anchor.name, triggers))
        elif runs_known and not gaps.graph:
            dests = [t.dest for t in checking.spec.transitions if t.trigger == anchor.name]
            if not runs & reaches(checking.outgoing, dests):
                checking.add(
                    pos,
                    f"{what} counts from {anchor.name!r}, but after it the case can never "
                    f"be in {', '.join(rule.runs_in)}, where its clock runs",
                )
    elif anchor.kind == "field":
        field = fields.get(anchor.name)
        if field is None:
            if anchor.name not in gaps.fields and "fields" not in gaps.sections:
                checking.add(pos, f"{what} counts from an " + unknown("field", anchor.name, fields))
        elif field.type not in DATE_TYPES:
            checking.add(
                pos,
                f"{what} counts from field {anchor.name!r} of type {field.type}; a deadline "
                "counts from a field of type date or datetime",
            )
    elif anchor.name not in checking.schedules:  # a session
        checking.add(
            pos,
            f"{what} counts from the session of an "
            + unknown("schedule", anchor.name, checking.schedules),
        )
    elif checking.spec.docket is None:
        checking.add(
            pos,
            f"{what} counts from the case's session, but the workflow has no 'docket' "
            "saying which field records a case's session",
        )


def _check_extension(checking: Checking, rule: DeadlineRule) -> None:
    """The extension's trigger exists and fires where the deadline's clock runs."""
    ext = rule.extension
    if ext is None:
        return
    what = f"deadline {rule.name!r}"
    epos = ext.where.get("trigger")
    if ext.trigger not in checking.triggers:
        checking.add(
            epos,
            f"{what}: the extension names an " + unknown("trigger", ext.trigger, checking.triggers),
        )
    elif not any(
        t.trigger == ext.trigger and set(t.sources) & set(rule.runs_in)
        for t in checking.spec.transitions
    ):
        checking.add(
            epos,
            f"{what}: trigger {ext.trigger!r} never fires from "
            f"{', '.join(rule.runs_in)}, so it could never extend this deadline",
        )

"""The ``deadlines`` section: legal time limits with their source.

This module owns reading a deadline rule: what it counts from (the ``due``
shorthand, or ``anchor`` and ``offset``), where its clock runs or waits,
what meets it, its variants for some cases, its extension and the days it
is in force (``effective``). The checks that need the whole definition are
``caseflow.loading.deadline_checks``'. The span phrases
("10 working days after received") are parsed by ``phrases``; a variant's
condition is read by ``guards``; computing due dates is
``caseflow.deadlines``' job.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from caseflow.definition import (
    ANCHOR_KINDS,
    DEADLINE_DAY_OFF_POLICIES,
    Anchor,
    DeadlineRule,
    DeadlineVariant,
    Effective,
    Extension,
    Offset,
)
from caseflow.errors import did_you_mean
from caseflow.i18n import _
from caseflow.loading.context import TIME_RE, Reading, is_date, listing
from caseflow.loading.guards import read_condition
from caseflow.loading.phrases import PhraseError, parse_due, parse_offset
from caseflow.yamlsafe import Pos, YMap, describe

__all__ = [
    "ANCHOR_KEYS",
    "DEADLINE_KEYS",
    "EFFECTIVE_KEYS",
    "EXTENSION_KEYS",
    "OFFSET_LIMITS",
    "VARIANT_KEYS",
    "AnchorNames",
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
        "effective",
        "source",
    }
)
ANCHOR_KEYS = frozenset({"entered", "event", "field", "session", "occurrence"})
VARIANT_KEYS = frozenset({"when", "offset", "max_extensions", "effective", "source"})
EXTENSION_KEYS = frozenset({"trigger", "by", "max", "length_field", "source"})
EFFECTIVE_KEYS = frozenset({"from", "until"})
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
    what = _("deadline {name!r}").format(name=name)
    m = reading.mapping(value, pos, what)
    if m is None:
        return None
    reading.keys(m, what, DEADLINE_KEYS, required=("runs_in", "source"))
    where: dict[str, Pos] = {"": key_pos} | dict(m.value_pos)
    anchor, offset = _read_count(reading, m, what, where, names)
    runs_in = reading.names_list(m, "runs_in", what, where, paths=True)
    paused_in = reading.names_list(m, "paused_in", what, where, paths=True)
    met_by = reading.names_list(m, "met_by", what, where)
    policy = None
    if "if_day_off" in m:
        policy = reading.text(m, "if_day_off", what)
        if policy not in DEADLINE_DAY_OFF_POLICIES:
            reading.problem(
                m.value_pos["if_day_off"],
                _("{what}: unknown if_day_off {policy!r}; allowed: {value}").format(
                    what=what, policy=policy, value=listing(DEADLINE_DAY_OFF_POLICIES)
                ),
            )
            policy = None
    clock = None
    if "time" in m:
        clock = reading.text(m, "time", what)
        if clock is not None and not TIME_RE.match(clock):
            reading.problem(
                m.value_pos["time"],
                _("{what}: time {clock!r} is not HH:MM (24-hour, quoted)").format(
                    what=what, clock=clock
                ),
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
        required=(),
        read=_read_variant,
    )
    extension = _read_extension(reading, m, what)
    effective = read_effective(reading, m, what)
    source = reading.text(m, "source", what)
    if source is not None and not source.strip():
        reading.problem(
            m.value_pos["source"],
            _("{what}: 'source' is empty; cite the legal basis").format(what=what),
        )
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
        effective=effective,
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
                _(
                    "{what} needs 'due' (e.g. due: 10 working days after "
                    "received), or both 'anchor' and 'offset'"
                ).format(what=what),
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
                _(
                    "{what}: {key!r} cannot be used with 'due'; 'due' already "
                    "says how far and from what"
                ).format(what=what, key=key),
            )
    raw = m["due"]
    dpos = m.value_pos["due"]
    if not isinstance(raw, str):
        reading.problem(
            dpos,
            _(
                "{what}: 'due' must be text such as '10 working days after received', not {value}"
            ).format(what=what, value=describe(raw)),
        )
        return None, None
    try:
        offset, word, column = parse_due(raw)
    except PhraseError as err:
        reading.problem(
            (dpos[0], dpos[1] + err.column),
            _("{what}: {message}").format(what=what, message=err.message),
        )
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
            _("{what}: {key!r} must be a span such as '10 working days', not {value}").format(
                what=what, key=key, value=describe(value)
            ),
        )
        return None
    try:
        offset = parse_offset(value)
    except PhraseError as err:
        reading.problem(
            (pos[0], pos[1] + err.column),
            _("{what}: {message}").format(what=what, message=err.message),
        )
        return None
    if offset.direction < 0 and not backwards:
        reading.problem(
            pos, _("{what}: {key!r} cannot count backwards ('before')").format(what=what, key=key)
        )
        return None
    return _offset_limits(reading, offset, pos, what)


def _offset_limits(reading: Reading, offset: Offset, pos: Pos, what: str) -> Offset | None:
    limit = OFFSET_LIMITS[offset.unit]
    if offset.amount > limit:
        reading.problem(
            pos,
            _(
                "{what}: {offset} is longer than the {limit} {value} a "
                "deadline may span; is the number or the unit wrong?"
            ).format(what=what, offset=offset, limit=limit, value=offset.unit.replace("_", " ")),
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
        _(
            "{what} counts from {word!r}, which is no state, trigger, "
            "field or schedule{value}; a deadline counts from entering a "
            "state, from a trigger, from a date field, or from the "
            "case's session of a schedule"
        ).format(what=what, word=word, value=did_you_mean(word, known)),
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
            _(
                "{what}: 'anchor' needs exactly one of entered (a state), "
                "event (a trigger), field (a date field) or session (a "
                "schedule); found {value}"
            ).format(what=what, value=listing(kinds) or "none"),
        )
        return None
    kind = kinds[0]
    read = reading.path if kind == "entered" else reading.name
    target = read(m[kind], m.value_pos[kind], f"{what}: anchor {kind}")
    occurrence = reading.text(m, "occurrence", what) or "first"
    if occurrence not in ("first", "last"):
        reading.problem(
            m.value_pos["occurrence"],
            _("{what}: occurrence {occurrence!r} is not allowed; allowed: first, last").format(
                what=what, occurrence=occurrence
            ),
        )
    if target is None:
        return None
    return Anchor(kind=kind, name=target, occurrence=occurrence)


def _read_variant(reading: Reading, vm: YMap, what: str) -> DeadlineVariant | None:
    """One entry of ``variants``: another offset or extension limit for some cases."""
    when = read_condition(reading, vm["when"], vm.value_pos["when"], what) if "when" in vm else None
    offset = _read_offset(reading, vm, "offset", what) if "offset" in vm else None
    most = _read_count_limit(reading, vm, "max_extensions", what, minimum=0)
    effective = read_effective(reading, vm, what)
    if "offset" not in vm and "max_extensions" not in vm:
        reading.problem(
            vm.pos, _("{what} changes nothing; give 'offset' or 'max_extensions'").format(what=what)
        )
    if "when" not in vm and "effective" not in vm:
        reading.problem(
            vm.pos,
            _(
                "{what} applies to no case in particular; give 'when' (which "
                "cases) or 'effective' (from when, for a change in the law), "
                "or both"
            ).format(what=what),
        )
        return None
    if when is None and "when" in vm:
        return None
    if effective is None and "effective" in vm:
        return None
    return DeadlineVariant(
        when=when,
        offset=offset,
        max_extensions=most,
        effective=effective,
        source=reading.text(vm, "source", what),
        where={"": vm.pos},
    )


def read_effective(reading: Reading, m: YMap, what: str) -> Effective | None:
    """``effective: {from: DATE, until: DATE}``: the days a rule is in force, both included."""
    if "effective" not in m:
        return None
    ewhat = f"{what}: effective"
    em = reading.mapping(m["effective"], m.value_pos["effective"], ewhat)
    if em is None:
        return None
    reading.keys(em, ewhat, EFFECTIVE_KEYS)
    days: dict[str, dt.date | None] = {"from": None, "until": None}
    bad = False
    for key in ("from", "until"):
        if key not in em:
            continue
        value = em[key]
        if not is_date(value):
            reading.problem(
                em.value_pos[key],
                _("{ewhat}: {key!r} must be a date written YYYY-MM-DD, not {value}").format(
                    ewhat=ewhat, key=key, value=describe(value)
                ),
            )
            bad = True
            continue
        days[key] = dt.date.fromisoformat(value)
    if not em:
        reading.problem(
            em.pos, _("{ewhat} is empty; give 'from', 'until' or both").format(ewhat=ewhat)
        )
        return None
    start, end = days["from"], days["until"]
    if start is not None and end is not None and end < start:
        reading.problem(
            em.pos,
            _("{ewhat}: 'until' {end} is before 'from' {start}").format(
                ewhat=ewhat, end=end.isoformat(), start=start.isoformat()
            ),
        )
        return None
    if bad:
        return None
    return Effective(start=start, end=end, where={"": em.pos})


def _read_count_limit(
    reading: Reading, m: YMap, key: str, what: str, *, minimum: int
) -> int | None:
    if key not in m:
        return None
    value = m[key]
    if not isinstance(value, int) or isinstance(value, bool) or not minimum <= value <= 12:
        reading.problem(
            m.value_pos[key],
            _("{what}: {key!r} must be a whole number from {minimum} to 12, not {value}").format(
                what=what, key=key, minimum=minimum, value=describe(value)
            ),
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
    length_field = None
    if "length_field" in em:
        length_field = reading.name(
            em["length_field"], em.value_pos["length_field"], f"{ewhat} length_field"
        )
    if trigger is None or by is None:
        return None
    where = {"": em.pos, "trigger": em.value_pos.get("trigger", em.pos)}
    if "length_field" in em:
        where["length_field"] = em.value_pos["length_field"]
    return Extension(
        trigger=trigger,
        by=by,
        max=most if most is not None else 1,
        length_field=length_field,
        source=reading.text(em, "source", ewhat),
        where=where,
    )

"""The ``guards`` section and the conditions written anywhere in a file, and their checks.

This module owns reading a guard (a condition written as data, or a name
the app registers in Python) and reading a condition wherever one is
written: a guard, a transition's ``when``, a deadline variant, a docket
priority. Its checks need the whole definition: a condition names known
guards and tests known fields with values of the field's type. Following
guard references across the definition (loops, depth) is ``guard_graph``'s
job; compiling a condition into a check of case data is
``caseflow.conditions``'.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any, TypeVar

from caseflow.definition import (
    COMPARISONS,
    CONDITION_OPERATORS,
    AllOf,
    AnyOf,
    Condition,
    FieldTest,
    Guard,
    GuardRef,
    Not,
)
from caseflow.errors import did_you_mean
from caseflow.i18n import _
from caseflow.loading.context import (
    NAME_RE,
    NAME_RULE,
    Checking,
    Reading,
    is_date,
    known_list,
    listing,
    none_known,
    shown,
)
from caseflow.yamlsafe import Pos, YList, YMap, describe

__all__ = [
    "GUARD_KEYS",
    "LOGIC_KEYS",
    "WITHIN_KEYS",
    "all_conditions",
    "check_conditions",
    "condition_parts",
    "guard_refs",
    "read_condition",
    "read_guard",
]

GUARD_KEYS = frozenset({"registered", "when", "description", "source"})
LOGIC_KEYS = frozenset({"all", "any", "not"})
_Leaf = TypeVar("_Leaf", GuardRef, FieldTest)
WITHIN_KEYS = frozenset({"days", "after", "not_counting"})
# The longest span a deadline may have (about ten years), so a period too.
_MAX_DAYS = 3660

# -- reading --------------------------------------------------------------------------


def read_guard(reading: Reading, name: str, value: Any, key_pos: Pos, pos: Pos) -> Guard | None:
    """One entry of ``guards``: a condition, or the long form with ``registered`` or ``when``."""
    what = _("guard {name!r}").format(name=name)
    if not (isinstance(value, YMap) and ("registered" in value or "when" in value)):
        condition = read_condition(reading, value, pos, what)
        if condition is None:
            return None
        return Guard(name=name, condition=condition, where={"": key_pos})
    # The long form: a guard with its own description and basis.
    reading.keys(value, what, GUARD_KEYS)
    if "registered" in value and "when" in value:
        reading.problem(
            value.key_pos["when"],
            _(
                "{what} has both 'registered' and 'when'; a guard is either "
                "implemented by the app (registered: true) or written as a "
                "condition (when: ...)"
            ).format(what=what),
        )
        return None
    description = reading.text(value, "description", what)
    source = reading.text(value, "source", what)
    if "when" in value:
        condition = read_condition(reading, value["when"], value.value_pos["when"], what)
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
        reading.problem(
            value.value_pos["registered"],
            _(
                "{what}: 'registered' can only be true (the app registers "
                "the guard in Python); to write the guard as data, use "
                "'when: <condition>'"
            ).format(what=what),
        )
    return Guard(
        name=name,
        registered=True,
        description=description,
        source=source,
        where={"": key_pos},
    )


def read_condition(reading: Reading, value: Any, pos: Pos, what: str) -> Condition | None:
    """Read a condition: a guard name, a list (all of), or a mapping."""
    if isinstance(value, str):
        if reading.name(value, pos, f"{what}: guard name") is None:
            return None
        return GuardRef(name=value, where={"": pos})
    if isinstance(value, YList):
        items = [
            read_condition(reading, item, value.item_pos[i], what) for i, item in enumerate(value)
        ]
        if not items:
            reading.problem(
                pos,
                _("{what}: an empty list of conditions is always true; remove it").format(
                    what=what
                ),
            )
            return None
        if any(item is None for item in items):
            return None
        return AllOf(items=tuple(i for i in items if i is not None), where={"": pos})
    if not isinstance(value, YMap):
        reading.problem(
            pos,
            _(
                "{what}: a condition is a guard name, a list of conditions, "
                "or a mapping such as {{field: kind, equals: complaint}}; "
                "got {value}"
            ).format(what=what, value=describe(value)),
        )
        return None
    if LOGIC_KEYS & value.keys():
        return _read_logic(reading, value, pos, what)
    return _read_field_test(reading, value, pos, what)


def _read_logic(reading: Reading, value: YMap, pos: Pos, what: str) -> Condition | None:
    """``all: [...]``, ``any: [...]`` or ``not: ...``, alone in its mapping."""
    logic = LOGIC_KEYS & value.keys()
    if len(value) != 1:
        reading.problem(
            pos,
            _("{what}: '{value}' must stand alone in its mapping; found also: {value2}").format(
                what=what,
                value=sorted(logic)[0],
                value2=listing(k for k in value if k not in logic),
            ),
        )
        return None
    op = next(iter(logic))
    inner_pos = value.value_pos[op]
    inner = value[op]
    if op == "not":
        item = read_condition(reading, inner, inner_pos, what)
        return None if item is None else Not(item=item, where={"": pos})
    if not isinstance(inner, YList) or not inner:
        reading.problem(
            inner_pos,
            _("{what}: {op!r} takes a non-empty list of conditions").format(what=what, op=op),
        )
        return None
    items = [read_condition(reading, x, inner.item_pos[i], what) for i, x in enumerate(inner)]
    if any(item is None for item in items):
        return None
    kept = tuple(i for i in items if i is not None)
    return AllOf(items=kept, where={"": pos}) if op == "all" else AnyOf(items=kept, where={"": pos})


def _read_field_test(reading: Reading, value: YMap, pos: Pos, what: str) -> FieldTest | None:
    """``{field: path, <operator>: value}``."""
    allowed = CONDITION_OPERATORS | {"field"} | LOGIC_KEYS
    reading.keys(value, f"{what}: condition", allowed, required=("field",))
    ops = [k for k in value if k in CONDITION_OPERATORS]
    if len(ops) != 1:
        reading.problem(
            pos,
            _(
                "{what}: a field condition takes exactly one operator, found "
                "{value} ({value2}); operators: {value3}"
            ).format(
                what=what,
                value=len(ops),
                value2=listing(ops) or "none",
                value3=listing(CONDITION_OPERATORS),
            ),
        )
        return None
    op = ops[0]
    path = value.get("field")
    if not isinstance(path, str) or not all(NAME_RE.match(part) for part in path.split(".")):
        if "field" in value:
            reading.problem(
                value.value_pos["field"],
                _(
                    "{what}: field path {path!r} is not valid; a path is field "
                    "names joined by '.', each {name_rule}"
                ).format(what=what, path=path, name_rule=NAME_RULE),
            )
        return None
    operand = value[op]
    opos = value.value_pos[op]
    if op == "within":
        period = _read_within(reading, operand, opos, what)
        if period is None:
            return None
        return FieldTest(
            path=tuple(path.split(".")),
            op=op,
            value=period,
            where={"": pos, "field": value.value_pos["field"], **_within_where(operand)},
        )
    if op in ("in", "not_in") and not isinstance(operand, YList):
        reading.problem(
            opos,
            _("{what}: {op!r} takes a list of values, not {value}").format(
                what=what, op=op, value=describe(operand)
            ),
        )
        return None
    if op == "present" and not isinstance(operand, bool):
        reading.problem(
            opos,
            _("{what}: 'present' takes true or false, not {value}").format(
                what=what, value=describe(operand)
            ),
        )
        return None
    if op in COMPARISONS and (isinstance(operand, (bool, YList, YMap)) or operand is None):
        reading.problem(
            opos,
            _("{what}: {op!r} compares with a number, a date or a text, not {value}").format(
                what=what, op=op, value=describe(operand)
            ),
        )
        return None
    if isinstance(operand, YMap):
        reading.problem(
            opos, _("{what}: {op!r} takes a plain value, not a mapping").format(what=what, op=op)
        )
        return None
    if isinstance(operand, YList):
        operand = tuple(operand)
    return FieldTest(
        path=tuple(path.split(".")),
        op=op,
        value=operand,
        where={"": pos, "field": value.value_pos["field"]},
    )


def _read_within(reading: Reading, operand: Any, pos: Pos, what: str) -> dict[str, Any] | None:
    """``within: {days: 90, after: learned_on, not_counting: obstacle_days}``."""
    if not isinstance(operand, YMap):
        reading.problem(
            pos,
            _(
                "{what}: 'within' takes a mapping such as {{days: 90, after: "
                "learned_on}}, not {value}"
            ).format(what=what, value=describe(operand)),
        )
        return None
    where = f"{what}: 'within'"
    before = len(reading.problems)
    reading.keys(operand, where, WITHIN_KEYS, required=("days", "after"))
    days = operand.get("days")
    if "days" in operand and (
        isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= _MAX_DAYS
    ):
        reading.problem(
            operand.value_pos["days"],
            _(
                "{where}: 'days' must be a whole number of calendar days "
                "from 1 to {max_days}, not {value}"
            ).format(where=where, max_days=_MAX_DAYS, value=describe(days)),
        )
    for key in ("after", "not_counting"):
        if (
            key in operand
            and reading.name(operand[key], operand.value_pos[key], f"{where}: {key!r}") is None
        ):
            continue
    if len(reading.problems) > before:
        return None
    period: dict[str, Any] = {"days": days, "after": operand["after"]}
    if operand.get("not_counting") is not None:
        period["not_counting"] = operand["not_counting"]
    return period


def _within_where(operand: YMap) -> dict[str, tuple[int, int]]:
    return {key: operand.value_pos[key] for key in ("after", "not_counting") if key in operand}


# -- checking ---------------------------------------------------------------------------


def condition_parts(condition: Condition) -> tuple[Condition, ...]:
    """The conditions directly inside ``condition`` (none for a field test or a guard name)."""
    if isinstance(condition, Not):
        return (condition.item,)
    if isinstance(condition, (AllOf, AnyOf)):
        return condition.items
    return ()


def guard_refs(condition: Condition) -> Iterator[GuardRef]:
    """Every guard name a condition refers to, in order."""
    return iter(_leaves(condition, GuardRef))


def _field_tests(condition: Condition) -> Iterator[FieldTest]:
    return iter(_leaves(condition, FieldTest))


def _leaves(condition: Condition, kind: type[_Leaf]) -> list[_Leaf]:
    """The field tests or the guard names inside ``condition``, in order."""
    if isinstance(condition, (GuardRef, FieldTest)):  # most conditions are one
        return [condition] if isinstance(condition, kind) else []
    # A loop rather than recursion: a definition built in Python has no
    # nesting limit.
    found: list[_Leaf] = []
    stack: list[Condition] = [condition]
    while stack:
        item = stack.pop()
        if isinstance(item, kind):
            found.append(item)
        elif isinstance(item, Not):
            stack.append(item.item)
        elif isinstance(item, (AllOf, AnyOf)):
            stack.extend(reversed(item.items))
    return found


def all_conditions(checking: Checking) -> list[tuple[str, Condition]]:
    """Every condition of the definition, with what it belongs to, in file order."""
    spec = checking.spec
    found: list[tuple[str, Condition]] = [
        (f"transition {t.trigger!r}", t.when) for t in spec.transitions if t.when is not None
    ]
    found += [(f"guard {g.name!r}", g.condition) for g in spec.guards if g.condition is not None]
    for rule in spec.deadlines:
        found += [(f"deadline {rule.name!r}", v.when) for v in rule.variants if v.when is not None]
    if spec.docket is not None:
        found += [(f"docket priority {p.name!r}", p.when) for p in spec.docket.priorities]
    return found


def check_conditions(checking: Checking) -> None:
    """Every condition names known guards and tests known fields with fitting values."""
    gaps = checking.gaps
    guards = checking.guards
    fields = checking.fields
    for what, condition in all_conditions(checking):
        for ref in guard_refs(condition):
            if ref.name in guards or ref.name in gaps.guards or "guards" in gaps.sections:
                continue
            names = sorted(guards)
            allowed = known_list(names) if names else none_known("guards", gaps.guards)
            checking.add(
                ref.where.get(""),
                _("{what} uses unknown guard {name!r}{value}; known guards: {allowed}").format(
                    what=what, name=ref.name, value=did_you_mean(ref.name, names), allowed=allowed
                ),
            )
        for test in _field_tests(condition):
            head = test.path[0]
            if head in gaps.fields or "fields" in gaps.sections:
                continue
            if fields and head not in fields:
                checking.add(
                    test.where.get("field"),
                    _("{what} tests unknown field {head!r}{value}; known fields: {value2}").format(
                        what=what,
                        head=head,
                        value=did_you_mean(head, sorted(fields)),
                        value2=known_list(sorted(fields)),
                    ),
                )
                continue
            field = fields.get(head)
            if field is None or len(test.path) != 1:
                continue
            _check_field_test(checking, what, test, field.type, field.choices)


def _check_field_test(
    checking: Checking, what: str, test: FieldTest, ftype: str, choices: tuple[Any, ...] | None
) -> None:
    """A test of one declared field: its values fit the field's choices and type."""
    head = test.path[0]
    if test.op == "within":
        _check_within(checking, what, test, ftype)
        return
    if choices is not None and test.op in _EQUALITY:
        for v in _operands(test):
            if v is not None and not any(_same(v, c) for c in choices):
                checking.add(
                    test.where.get(""),
                    _(
                        "{what} compares field {head!r} with {value}, which is not "
                        "one of its choices: {value2}"
                    ).format(
                        what=what, head=head, value=shown(v), value2=", ".join(map(str, choices))
                    ),
                )
    if test.op in COMPARISONS and ftype in ("bool", "choice", "list", "mapping"):
        checking.add(
            test.where.get(""),
            _(
                "{what} uses {op!r} on field {head!r} of type {ftype}; "
                "comparisons apply to int, number, date, datetime and text "
                "fields"
            ).format(what=what, op=test.op, head=head, ftype=ftype),
        )
    elif test.op != "present":
        for v in _operands(test):
            why = _operand_problem(ftype, test.op, v)
            if why is not None:
                checking.add(
                    test.where.get(""),
                    _("{what} compares field {head!r} of type {ftype} with {value}, {why}").format(
                        what=what, head=head, ftype=ftype, value=shown(v), why=why
                    ),
                )


def _check_within(checking: Checking, what: str, test: FieldTest, ftype: str) -> None:
    """A ``within`` test: a date field, within days after a date field, less an int field's days."""
    head = test.path[0]
    fields = checking.fields
    if ftype != "date":
        checking.add(
            test.where.get(""),
            _(
                "{what} uses 'within' on field {head!r} of type {ftype}; "
                "'within' applies to date fields"
            ).format(what=what, head=head, ftype=ftype),
        )
    wanted = {"after": "date", "not_counting": "int"}
    for key, kind in wanted.items():
        name = test.value.get(key)
        if name is None or name in checking.gaps.fields or "fields" in checking.gaps.sections:
            continue
        field = fields.get(name)
        if field is None:
            checking.add(
                test.where.get(key),
                _(
                    "{what}: 'within': {key!r} names unknown field "
                    "{name!r}{value}; known fields: {value2}"
                ).format(
                    what=what,
                    key=key,
                    name=name,
                    value=did_you_mean(name, sorted(fields)),
                    value2=known_list(sorted(fields)),
                ),
            )
        elif field.type != kind:
            checking.add(
                test.where.get(key),
                _(
                    "{what}: 'within': {key!r} names field {name!r} of type "
                    "{type}; it must be a{value} {kind} field"
                ).format(
                    what=what,
                    key=key,
                    name=name,
                    type=field.type,
                    value="n" if kind == "int" else "",
                    kind=kind,
                ),
            )


_EQUALITY = frozenset({"equals", "not_equals", "in", "not_in"})


def _operands(test: FieldTest) -> tuple[Any, ...]:
    return test.value if isinstance(test.value, tuple) else (test.value,)


def _same(a: Any, b: Any) -> bool:
    # As the engine compares: true is not 1.
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return bool(a == b)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_datetime(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        dt.datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _operand_problem(field_type: str, op: str, value: Any) -> str | None:
    """Why a test of a ``field_type`` field with ``op`` and ``value`` is wrong, or None.

    The reason completes "compares field 'x' of type T with V, ...". Null is
    a fair value for the equality tests of any field (a field may be null).
    """
    if value is None and op in _EQUALITY:
        return None
    never = "so the test can never hold"
    if field_type == "bool":
        ok = isinstance(value, bool)
        allowed = "true or false"
    elif field_type == "int" and op in _EQUALITY:
        ok = _is_number(value) and float(value).is_integer()
        allowed = "a whole number"
    elif field_type in ("int", "number"):
        ok = _is_number(value)
        allowed = "a number"
    elif field_type == "text":
        ok = isinstance(value, str)
        allowed = "text (quote a number or true/false to make it text: '12')"
    elif field_type == "date":
        if isinstance(value, str) and not is_date(value):
            return "which is not a real date; write it YYYY-MM-DD, e.g. '2026-02-10'"
        ok = isinstance(value, str)
        allowed = "a date written YYYY-MM-DD, e.g. '2026-02-10'"
    elif field_type == "datetime":
        if isinstance(value, str) and not _is_datetime(value):
            return (
                "which is not a valid ISO 8601 date or time; write e.g. '2026-02-10' "
                "or '2026-02-10T08:30'"
            )
        ok = isinstance(value, str)
        allowed = "an ISO 8601 date or time, e.g. '2026-02-10T08:30'"
    else:  # choice (checked against its choices), list, mapping, unknown types
        return None
    return None if ok else f"{never}; compare it with {allowed}"

"""Graph checks on a loaded workflow: the mistakes a parser cannot see.

This module owns the checks that need the whole definition at once: names
used but never defined, the initial state, states that cannot be reached,
non-final states with no way out, final states with a way out, triggers that
no guard separates, guards that refer to themselves. It returns problems
with their positions and never raises; ``loading`` collects them with the
parse problems and raises once.

A definition with parse problems is checked too, so that one run reports
everything; ``loading`` passes what it could not read as ``Gaps``, and the
checks skip what those gaps make unknowable (a transition dropped for a
missing 'from' does not make its source a dead end, a guard declared with a
bad body is not "unknown" where it is used).

The checks also compare a field test's value with the field's type: a bool
field compared with ``yes`` (text) is never true, whatever the case holds.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import attrs

from caseflow.definition import (
    COMPARISONS,
    AllOf,
    AnyOf,
    Condition,
    FieldTest,
    GuardRef,
    Not,
    WorkflowSpec,
)
from caseflow.errors import Problem, did_you_mean

__all__ = ["Gaps", "check_workflow", "guard_refs"]


@attrs.frozen(kw_only=True)
class Gaps:
    """What the loader could not read of a workflow; it has reported why.

    ``states``, ``roles``, ``fields`` and ``guards`` are names declared in
    those sections whose entries could not be read; ``sections`` are the
    sections that could not be read at all. ``initial`` is true when which
    state is initial is unknown (an ``initial`` that is not true/false, a
    state dropped); ``graph`` when the edges or the final states are (a
    transition, a source or a ``final`` that could not be read).
    """

    states: frozenset[str] = frozenset()
    roles: frozenset[str] = frozenset()
    fields: frozenset[str] = frozenset()
    guards: frozenset[str] = frozenset()
    sections: frozenset[str] = frozenset()
    initial: bool = False
    graph: bool = False


def guard_refs(condition: Condition) -> Iterator[GuardRef]:
    """Every guard name a condition refers to, in order."""
    if isinstance(condition, GuardRef):
        yield condition
    elif isinstance(condition, Not):
        yield from guard_refs(condition.item)
    elif isinstance(condition, (AllOf, AnyOf)):
        for item in condition.items:
            yield from guard_refs(item)


def _field_tests(condition: Condition) -> Iterator[FieldTest]:
    if isinstance(condition, FieldTest):
        yield condition
    elif isinstance(condition, Not):
        yield from _field_tests(condition.item)
    elif isinstance(condition, (AllOf, AnyOf)):
        for item in condition.items:
            yield from _field_tests(item)


def _known(names: list[str]) -> str:
    shown = ", ".join(names[:12])
    return shown + (f", ... ({len(names)} in all)" if len(names) > 12 else "")


def _none_known(section: str, unread: frozenset[str]) -> str:
    if unread:
        return f"none that could be read (declared: {_known(sorted(unread))})"
    return f"none are declared under '{section}:'"


def check_workflow(spec: WorkflowSpec, *, gaps: Gaps | None = None) -> list[Problem]:
    """Every graph problem of ``spec``, each with file, line and column.

    ``gaps`` says what the loader could not read; checks that would only
    echo those problems are skipped.
    """
    gaps = gaps or Gaps()
    problems: list[Problem] = []
    top = spec.where.get("", (1, 1))

    def add(pos: tuple[int, int] | None, message: str) -> None:
        line, column = pos or top
        problems.append(Problem(file=spec.file, line=line, column=column, message=message))

    states = [s.name for s in spec.states]
    # Declared but unreadable names are not unknown where they are used.
    state_set = set(states) | gaps.states
    roles = [r.name for r in spec.roles]
    role_set = set(roles) | gaps.roles
    guards = {g.name: g for g in spec.guards}
    fields = {f.name: f for f in spec.fields}

    initials = [s for s in spec.states if s.initial]
    if not initials and not gaps.initial:
        add(
            spec.where.get("states"),
            "no initial state; mark exactly one state with 'initial: true' "
            f"(states: {_known(states)})",
        )
    for extra in initials[1:]:
        add(
            extra.where.get("initial"),
            f"state {extra.name!r} is also marked initial; only one state may be "
            f"(the first is {initials[0].name!r})",
        )
    for s in spec.states:
        if s.initial and s.final:
            add(s.where.get("final"), f"state {s.name!r} is both initial and final")

    # Names used by transitions.
    for t in spec.transitions:
        what = f"transition {t.trigger!r}"
        for src in t.sources:
            if src not in state_set:
                add(
                    t.where.get(f"from:{src}"),
                    f"{what} comes from unknown state {src!r}{did_you_mean(src, states)}; "
                    f"known states: {_known(states)}",
                )
        if t.dest not in state_set:
            add(
                t.where.get("to"),
                f"{what} goes to unknown state {t.dest!r}{did_you_mean(t.dest, states)}; "
                f"known states: {_known(states)}",
            )
        for role in t.roles:
            if role not in role_set and "roles" not in gaps.sections:
                allowed = _known(roles) if roles else _none_known("roles", gaps.roles)
                add(
                    t.where.get(f"roles:{role}"),
                    f"{what} names unknown role {role!r}{did_you_mean(role, roles)}; "
                    f"known roles: {allowed}",
                )

    # Conditions: guard names, field paths, choice values.
    conditions: list[tuple[str, Condition]] = [
        (f"transition {t.trigger!r}", t.when) for t in spec.transitions if t.when is not None
    ]
    conditions += [
        (f"guard {g.name!r}", g.condition) for g in spec.guards if g.condition is not None
    ]
    for rule in spec.deadlines:
        conditions += [(f"deadline {rule.name!r}", v.when) for v in rule.variants]
    if spec.docket is not None:
        conditions += [(f"docket priority {p.name!r}", p.when) for p in spec.docket.priorities]
    for what, condition in conditions:
        for ref in guard_refs(condition):
            if ref.name in guards or ref.name in gaps.guards or "guards" in gaps.sections:
                continue
            names = sorted(guards)
            allowed = _known(names) if names else _none_known("guards", gaps.guards)
            add(
                ref.where.get(""),
                f"{what} uses unknown guard {ref.name!r}{did_you_mean(ref.name, names)}; "
                f"known guards: {allowed}",
            )
        for test in _field_tests(condition):
            head = test.path[0]
            if head in gaps.fields or "fields" in gaps.sections:
                continue
            if fields and head not in fields:
                add(
                    test.where.get("field"),
                    f"{what} tests unknown field {head!r}{did_you_mean(head, sorted(fields))}; "
                    f"known fields: {_known(sorted(fields))}",
                )
                continue
            field = fields.get(head)
            if field is None or len(test.path) != 1:
                continue
            if field.choices is not None and test.op in _EQUALITY:
                for v in _operands(test):
                    if v is not None and not any(_same(v, c) for c in field.choices):
                        add(
                            test.where.get(""),
                            f"{what} compares field {head!r} with {_shown(v)}, which is not one "
                            f"of its choices: {', '.join(map(str, field.choices))}",
                        )
            if test.op in COMPARISONS and field.type in ("bool", "choice", "list", "mapping"):
                add(
                    test.where.get(""),
                    f"{what} uses {test.op!r} on field {head!r} of type {field.type}; "
                    "comparisons apply to int, number, date, datetime and text fields",
                )
            elif test.op != "present":
                for v in _operands(test):
                    why = _operand_problem(field.type, test.op, v)
                    if why is not None:
                        add(
                            test.where.get(""),
                            f"{what} compares field {head!r} of type {field.type} with "
                            f"{_shown(v)}, {why}",
                        )

    # Guards that refer to themselves, directly or not.
    def cycle_from(name: str, seen: tuple[str, ...]) -> tuple[str, ...] | None:
        guard = guards.get(name)
        if guard is None or guard.condition is None:
            return None
        for ref in guard_refs(guard.condition):
            if ref.name in seen:
                return (*seen, ref.name)
            found = cycle_from(ref.name, (*seen, ref.name))
            if found:
                return found
        return None

    for name, guard in guards.items():
        loop = cycle_from(name, (name,))
        if loop and loop[0] == name == loop[-1]:
            add(guard.where.get(""), f"guard {name!r} refers to itself: {' -> '.join(loop)}")

    # The graph: reachability, dead ends, final states with exits. With a
    # transition or a flag unread, reachability and dead ends are unknown.
    outgoing: dict[str, list[str]] = defaultdict(list)
    for t in spec.transitions:
        for src in t.sources:
            outgoing[src].append(t.dest)
    if initials and not gaps.initial and not gaps.graph:
        seen = {initials[0].name}
        queue = deque(seen)
        while queue:
            for nxt in outgoing.get(queue.popleft(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    queue.append(nxt)
        for s in spec.states:
            if s.name not in seen:
                add(
                    s.where.get(""),
                    f"state {s.name!r} cannot be reached from the initial state "
                    f"{initials[0].name!r}; add a transition to it or remove it",
                )
    for s in spec.states:
        if s.final and outgoing.get(s.name):
            triggers = sorted({t.trigger for t in spec.transitions if s.name in t.sources})
            add(
                s.where.get(""),
                f"final state {s.name!r} has outgoing transitions ({', '.join(triggers)}); "
                "a final state ends the case: remove 'final: true' or the transitions",
            )
        if not s.final and not outgoing.get(s.name) and not gaps.graph:
            add(
                s.where.get(""),
                f"state {s.name!r} has no way out and is not final; add a transition "
                "from it or mark it 'final: true'",
            )

    # Same trigger from the same state: every one but the last needs a guard.
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, t in enumerate(spec.transitions):
        for src in t.sources:
            groups[(src, t.trigger)].append(i)
    for (src, trigger), indices in groups.items():
        if len(indices) < 2:
            continue
        for pos_in_group, i in enumerate(indices[:-1]):
            t = spec.transitions[i]
            if t.when is None:
                later = spec.transitions[indices[pos_in_group + 1]]
                add(
                    t.where.get(""),
                    f"trigger {trigger!r} from state {src!r} is defined more than once and "
                    f"this one has no 'when' guard, so the later one (to {later.dest!r}) can "
                    "never fire; guard this one, or put the unguarded one last",
                )
        whens = [spec.transitions[i].when for i in indices if spec.transitions[i].when]
        for j, w in enumerate(whens):
            if w in whens[:j]:
                i = [k for k in indices if spec.transitions[k].when == w][1]
                add(
                    spec.transitions[i].where.get(""),
                    f"trigger {trigger!r} from state {src!r} has two transitions with the same "
                    "'when' guard; nothing separates them",
                )
                break
    _check_fields(spec, add, role_set, gaps)
    _check_deadlines(spec, add, state_set, outgoing, gaps)
    _check_docket(spec, add, state_set, gaps)
    return problems


_Add = Callable[[tuple[int, int] | None, str], None]
_DATE_TYPES = ("date", "datetime")


def _unknown(kind: str, name: str, known: Iterable[str]) -> str:
    names = sorted(known)
    shown = _known(names) if names else "none"
    return f"unknown {kind} {name!r}{did_you_mean(name, names)}; known {kind}s: {shown}"


def _check_fields(spec: WorkflowSpec, add: _Add, role_set: set[str], gaps: Gaps) -> None:
    for f in spec.fields:
        if f.readers and not f.confidential:
            add(
                f.where.get("readers"),
                f"field {f.name!r} names readers but is not confidential; 'readers' lists the "
                "roles that may see a confidential field (add 'confidential: true')",
            )
        for role in f.readers:
            if role not in role_set and "roles" not in gaps.sections:
                add(
                    f.where.get(f"readers:{role}"),
                    f"field {f.name!r}: readers name an " + _unknown("role", role, role_set),
                )


def _reaches(outgoing: dict[str, list[str]], start: Iterable[str]) -> set[str]:
    seen = set(start)
    queue = deque(seen)
    while queue:
        for nxt in outgoing.get(queue.popleft(), ()):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


def _check_deadlines(
    spec: WorkflowSpec,
    add: _Add,
    state_set: set[str],
    outgoing: dict[str, list[str]],
    gaps: Gaps,
) -> None:
    fields = {f.name: f for f in spec.fields}
    schedules = {s.name for s in spec.schedules}
    triggers = {t.trigger for t in spec.transitions}
    for rule in spec.deadlines:
        what = f"deadline {rule.name!r}"
        for key, names in (("runs_in", rule.runs_in), ("paused_in", rule.paused_in)):
            for state in names:
                if state not in state_set:
                    add(
                        rule.where.get(f"{key}:{state}"),
                        f"{what}: {key} names an " + _unknown("state", state, state_set),
                    )
        both = sorted(set(rule.runs_in) & set(rule.paused_in))
        if both:
            add(
                rule.where.get("paused_in"),
                f"{what}: {', '.join(both)} cannot be both in runs_in and in paused_in; the "
                "clock either runs or waits there",
            )
        runs = set(rule.runs_in)
        runs_known = runs <= state_set - gaps.states
        anchor = rule.anchor
        pos = rule.where.get("anchor")
        if anchor.kind == "entered":
            if anchor.name not in state_set:
                add(pos, f"{what} counts from an " + _unknown("state", anchor.name, state_set))
            elif runs_known and not gaps.graph and not runs & _reaches(outgoing, [anchor.name]):
                add(
                    pos,
                    f"{what} counts from entering {anchor.name!r}, but from there the case can "
                    f"never be in {', '.join(rule.runs_in)}, where its clock runs; the "
                    "deadline could never start",
                )
        elif anchor.kind == "event":
            if anchor.name not in triggers:
                add(pos, f"{what} counts from an " + _unknown("trigger", anchor.name, triggers))
            elif runs_known and not gaps.graph:
                dests = [t.dest for t in spec.transitions if t.trigger == anchor.name]
                if not runs & _reaches(outgoing, dests):
                    add(
                        pos,
                        f"{what} counts from {anchor.name!r}, but after it the case can never "
                        f"be in {', '.join(rule.runs_in)}, where its clock runs",
                    )
        elif anchor.kind == "field":
            field = fields.get(anchor.name)
            if field is None:
                if anchor.name not in gaps.fields and "fields" not in gaps.sections:
                    add(pos, f"{what} counts from an " + _unknown("field", anchor.name, fields))
            elif field.type not in _DATE_TYPES:
                add(
                    pos,
                    f"{what} counts from field {anchor.name!r} of type {field.type}; a deadline "
                    "counts from a field of type date or datetime",
                )
        else:  # session
            if anchor.name not in schedules:
                add(
                    pos,
                    f"{what} counts from the session of an "
                    + _unknown("schedule", anchor.name, schedules),
                )
            elif spec.docket is None:
                add(
                    pos,
                    f"{what} counts from the case's session, but the workflow has no 'docket' "
                    "saying which field records a case's session",
                )
        for trigger in rule.met_by:
            if trigger not in triggers:
                add(
                    rule.where.get(f"met_by:{trigger}"),
                    f"{what}: met_by names an " + _unknown("trigger", trigger, triggers),
                )
        ext = rule.extension
        if ext is not None:
            epos = ext.where.get("trigger")
            if ext.trigger not in triggers:
                add(
                    epos,
                    f"{what}: the extension names an " + _unknown("trigger", ext.trigger, triggers),
                )
            elif not any(
                t.trigger == ext.trigger and set(t.sources) & runs for t in spec.transitions
            ):
                add(
                    epos,
                    f"{what}: trigger {ext.trigger!r} never fires from "
                    f"{', '.join(rule.runs_in)}, so it could never extend this deadline",
                )


def _check_docket(spec: WorkflowSpec, add: _Add, state_set: set[str], gaps: Gaps) -> None:
    docket = spec.docket
    if docket is None:
        return
    what = "the docket"
    schedules = {s.name for s in spec.schedules}
    if docket.schedule not in schedules:
        add(
            docket.where.get("schedule"),
            f"{what} fills the sessions of an " + _unknown("schedule", docket.schedule, schedules),
        )
    for state in docket.eligible_in:
        if state not in state_set:
            add(
                docket.where.get(f"eligible_in:{state}"),
                f"{what}: eligible_in names an " + _unknown("state", state, state_set),
            )
    selecting = [t for t in spec.transitions if t.trigger == docket.select_trigger]
    if not selecting:
        add(
            docket.where.get("select_trigger"),
            f"{what}: select_trigger names an "
            + _unknown("trigger", docket.select_trigger, {t.trigger for t in spec.transitions}),
        )
    elif not any(set(t.sources) & set(docket.eligible_in) for t in selecting):
        add(
            docket.where.get("select_trigger"),
            f"{what}: trigger {docket.select_trigger!r} never fires from "
            f"{', '.join(docket.eligible_in)}, so no eligible case could be selected",
        )
    fields = {f.name: f for f in spec.fields}
    for key in ("session_field", "order_field"):
        name = getattr(docket, key)
        if name is None:
            continue
        field = fields.get(name)
        if field is None:
            if name not in gaps.fields and "fields" not in gaps.sections:
                add(
                    docket.where.get(key),
                    f"{what}: {key} names an " + _unknown("field", name, fields),
                )
        elif field.type not in _DATE_TYPES:
            add(
                docket.where.get(key),
                f"{what}: {key} {name!r} is of type {field.type}; it must be a date field",
            )


_EQUALITY = frozenset({"equals", "not_equals", "in", "not_in"})
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


def _operands(test: FieldTest) -> tuple[Any, ...]:
    return test.value if isinstance(test.value, tuple) else (test.value,)


def _same(a: Any, b: Any) -> bool:
    # As the engine compares: true is not 1.
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return bool(a == b)


def _shown(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return str(value).lower()
    return repr(value) if isinstance(value, str) else str(value)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_date(value: Any) -> bool:
    if not isinstance(value, str) or not _DATE.match(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


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
        if isinstance(value, str) and not _is_date(value):
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

"""Conditions: declarative predicates on case data, compiled to checks; no machine here.

This is a data-predicate module. It owns what a condition *means*: it
compiles a ``Condition`` from the definition (field tests, ``all``/``any``/
``not``, references to named guards) into a plain Python closure (no
``eval``, no attribute access on user objects, no import of names) that
reads a ``GuardContext``, and explains in words why a condition is false.
Registered guards are Python callables supplied by the host app under
names the workflow declares with ``registered: true``.

The same compiled checks serve transition guards (``caseflow.engine``),
deadline variants (``caseflow.deadlines``, and the engine's extension
limits) and docket priorities (``caseflow.sessions``); this module knows
no state machine, no transition table and no deadline. Wiring checks into
the machine is ``caseflow.engine.compiling``'s job; reading conditions
from YAML is the loader's. Layer 3: it imports only ``caseflow.errors``,
``caseflow.definition``, ``caseflow.case`` and ``caseflow.times``.

Semantics, chosen so a guard never raises on ordinary data:

- text is compared in NFC, as the engine keeps data: an operand typed
  decomposed in the YAML is the same word as the data typed composed;

- a path (``applicant.district``) walks nested mappings; a missing step
  makes the value *missing*;
- ``equals``/``in`` are false for a missing value, ``not_equals``/``not_in``
  true; ``true``/``false`` never equal ``1``/``0``;
- a comparison with a missing value or a value of another kind is false;
- ``present: true`` holds when the value exists and is not null;
- ``within`` (a date within a period after another date field, such as a
  limitation period) is false when either date is missing. Its period
  follows docs/legal-time.md: it starts the day after the other field's
  date, is lengthened by the days of its ``not_counting`` field, and when
  its last day is a day off it ends on the next working day of the
  context's ``calendar`` (without one, the nominal last day stands);
- given the workflow (``spec=``), a test of a ``datetime`` field compares
  instants and a test of a ``date`` field compares days, never text: the
  operand and the value are both read as ``caseflow.times`` reads them (a
  naive time is in the workflow's zone), so ``2026-03-02T06:00:00+00:00``
  equals ``2026-03-02T13:00`` in Asia/Ho_Chi_Minh. A value of such a field
  that is not a date or time raises ``InputError`` naming the field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping
from typing import Any, Protocol

import attrs

from caseflow.case import Case
from caseflow.definition import (
    AllOf,
    AnyOf,
    Condition,
    FieldTest,
    Guard,
    GuardRef,
    Not,
    WorkflowSpec,
)
from caseflow.errors import ConfigurationError, InputError
from caseflow.i18n import N_, _, current_language, day_text, labelled_name
from caseflow.text import nfc
from caseflow.times import local_day, to_datetime, zone

__all__ = [
    "Check",
    "DayCalendar",
    "GuardContext",
    "RegisteredGuard",
    "compile_condition",
    "explain",
    "failing_guard",
]


class DayCalendar(Protocol):
    """What a condition needs of a working calendar: which days are worked."""

    def is_working_day(self, day: dt.date) -> bool: ...


@attrs.define(kw_only=True, slots=True, eq=False, repr=False)
class GuardContext:
    """What a guard sees: the case, the proposed step and the data after it.

    Guards must only read it. (It is a plain slotted class rather than a
    frozen one because the engine also hands it to ``transitions`` as the
    model of one firing, which sets ``state`` on it.) ``calendar`` is the
    workflow's working calendar, which a ``within`` period needs to end on
    a working day; it is a protocol here because calendars are a sibling
    layer that conditions may not import.
    """

    case: Case
    trigger: str
    at: dt.datetime
    actor: str | None
    role: str | None
    data: Mapping[str, Any]
    note: str | None = None
    changes: Mapping[str, Any] = attrs.field(factory=dict)
    state: str = ""
    event: Any = None
    calendar: DayCalendar | None = None


RegisteredGuard = Callable[[GuardContext], bool]
Check = Callable[[GuardContext], bool]

_MISSING: Any = object()


def _lookup(data: Mapping[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = data
    for step in path:
        if not isinstance(value, Mapping):
            return _MISSING
        value = value.get(step, _MISSING)
        if value is _MISSING:
            return _MISSING
    return value


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return bool(a == b)


def _member(value: Any, options: tuple[Any, ...]) -> bool:
    return any(_same(value, option) for option in options)


def _compare(op: str, value: Any, operand: Any) -> bool:
    if value is _MISSING or value is None or isinstance(value, bool):
        return False
    try:
        if op == "less_than":
            return bool(value < operand)
        if op == "at_most":
            return bool(value <= operand)
        if op == "greater_than":
            return bool(value > operand)
        return bool(value >= operand)
    except TypeError:
        return False


def _test(test: FieldTest, value: Any) -> bool:
    op, operand = test.op, test.value
    if op == "equals":
        return value is not _MISSING and _same(value, operand)
    if op == "not_equals":
        return value is _MISSING or not _same(value, operand)
    if op == "in":
        return value is not _MISSING and _member(value, operand)
    if op == "not_in":
        return value is _MISSING or not _member(value, operand)
    if op == "present":
        return (value is not _MISSING and value is not None) is operand
    return _compare(op, value, operand)


def _day(value: Any, tz: dt.tzinfo | None = None) -> dt.date | None:
    """A date field's value as a date; None when missing or not a date.

    With ``tz`` (the workflow's zone) a time is the day it falls on there;
    without it, the day of the offset it was written with.
    """
    if tz is not None and isinstance(value, (str, dt.date)):
        try:
            return local_day(value, tz)
        except InputError:
            return None
    if isinstance(value, dt.datetime):
        return value.date()  # no zone known: the day as written
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and len(value) == 10:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def period_end(test: FieldTest, ctx: GuardContext, tz: dt.tzinfo | None = None) -> dt.date | None:
    """The last day of a ``within`` test's period for ``ctx``, or None without its anchor.

    The period counts ``days`` calendar days from the day after the
    ``after`` field's date (Bộ luật Dân sự 2015, Điều 147), plus the whole
    number of days in the ``not_counting`` field (time that does not count,
    such as an obstacle under Luật Khiếu nại 2011, Điều 9); a last day that
    is a day off moves to the next working day (Điều 148 khoản 5). ``tz``
    is the workflow's zone, in which a time is dated.
    """
    spec = test.value
    start = _day(ctx.data.get(spec["after"], _MISSING), tz)
    if start is None:
        return None
    extra = ctx.data.get(spec["not_counting"], 0) if spec.get("not_counting") else 0
    if isinstance(extra, bool) or not isinstance(extra, int) or extra < 0:
        extra = 0
    end = start + dt.timedelta(days=spec["days"] + extra)
    if ctx.calendar is not None:
        # A period ends on a working day; Tết is the longest run of days off.
        for _step in range(60):
            if ctx.calendar.is_working_day(end):
                break
            end += dt.timedelta(days=1)
    return end


def _within(test: FieldTest, ctx: GuardContext, tz: dt.tzinfo | None) -> bool:
    day = _day(_lookup(ctx.data, test.path), tz)
    end = period_end(test, ctx, tz)
    return day is not None and end is not None and day <= end


@attrs.frozen(slots=True)
class _Times:
    """What reading a date or time in a condition needs: the zone and the temporal fields."""

    zone: dt.tzinfo
    kinds: Mapping[str, str]  # field name -> "date" or "datetime"

    @classmethod
    def of(cls, spec: WorkflowSpec | None) -> _Times | None:
        if spec is None:
            return None
        kinds = {f.name: f.type for f in spec.fields if f.type in ("date", "datetime")}
        return cls(zone=zone(spec.timezone), kinds=kinds)


def _read_time(value: Any, kind: str, tz: dt.tzinfo, what: str) -> dt.date | dt.datetime:
    """A date field's day, or a datetime field's instant (in UTC, so equal instants are ==)."""
    if kind == "date":
        return local_day(value, tz, what=what)
    return to_datetime(value, tz, what=what).astimezone(dt.UTC)


def _temporal_check(test: FieldTest, kind: str, tz: dt.tzinfo) -> Callable[[Any], bool]:
    """``test`` on a date or datetime field: the operand read once, the value on each call."""
    name = ".".join(test.path)

    def operand(value: Any) -> Any:
        if value is None:  # "equals: null" stays a test for null
            return None
        return _read_time(value, kind, tz, f"the value compared with field {name!r}")

    if test.op == "present":  # presence does not read the value
        return lambda value: _test(test, value)
    if isinstance(test.value, tuple):
        parsed = attrs.evolve(test, value=tuple(operand(v) for v in test.value))
    else:
        parsed = attrs.evolve(test, value=operand(test.value))
    what = f"field {name!r}"

    def check(value: Any) -> bool:
        if value is _MISSING or value is None:
            return _test(parsed, value)
        return _test(parsed, _read_time(value, kind, tz, what))

    return check


def compile_condition(
    condition: Condition,
    guards: Mapping[str, Guard],
    registered: Mapping[str, RegisteredGuard],
    *,
    spec: WorkflowSpec | None = None,
    memo: dict[str, Check] | None = None,
) -> Check:
    """A closure that evaluates ``condition`` on a ``GuardContext``.

    ``spec`` is the workflow the condition belongs to: with it, tests of its
    ``date`` and ``datetime`` fields compare days and instants in its time
    zone (see the module's docstring); without it they compare the values
    as they are.

    Each named guard is compiled once and every reference to it calls that
    one check, so the work is linear in the size of the definition (a guard
    used twice by each of twenty others is not compiled a million times).
    ``memo`` keeps the compiled guards by name; pass one dict to several
    calls (with the same ``spec``) to share them. The definition's checks
    keep guard references acyclic, shallow and small
    (``caseflow.loading.guard_graph``), which is what keeps this recursion
    and every evaluation bounded.
    """
    compiler = _Compiler(guards, registered, {} if memo is None else memo, _Times.of(spec))
    return compiler.compile(condition)


class _Compiler:
    """Compiles conditions of one definition, each named guard once."""

    __slots__ = ("guards", "memo", "open", "registered", "times")

    def __init__(
        self,
        guards: Mapping[str, Guard],
        registered: Mapping[str, RegisteredGuard],
        memo: dict[str, Check],
        times: _Times | None,
    ) -> None:
        self.guards = guards
        self.registered = registered
        self.memo = memo
        self.times = times
        self.open: set[str] = set()

    def compile(self, condition: Condition) -> Check:
        if isinstance(condition, FieldTest):
            return _field_check(condition, self.times)
        if isinstance(condition, AllOf):
            items = [self.compile(c) for c in condition.items]
            return lambda ctx: all(check(ctx) for check in items)
        if isinstance(condition, AnyOf):
            items = [self.compile(c) for c in condition.items]
            return lambda ctx: any(check(ctx) for check in items)
        if isinstance(condition, Not):
            inner = self.compile(condition.item)
            return lambda ctx: not inner(ctx)
        return self.guard(condition)

    def guard(self, ref: GuardRef) -> Check:
        check = self.memo.get(ref.name)
        if check is not None:
            return check
        guard = self.guards[ref.name]
        if guard.condition is not None:
            if ref.name in self.open:
                raise ConfigurationError(
                    f"guard {ref.name!r} refers to itself; a definition checked by "
                    "load_workflow never does"
                )
            self.open.add(ref.name)
            check = self.compile(guard.condition)
            self.open.discard(ref.name)
        else:
            check = _registered_check(ref.name, self.registered.get(ref.name))
        self.memo[ref.name] = check
        return check


def _field_check(condition: FieldTest, times: _Times | None) -> Check:
    path = condition.path
    composed = _composed(condition.value)
    if composed is not condition.value:
        # Data is kept in NFC; an operand typed decomposed means the same word.
        condition = attrs.evolve(condition, value=composed)
    if condition.op == "within":
        tz = times.zone if times is not None else None
        return lambda ctx: _within(condition, ctx, tz)
    kind = times.kinds.get(path[0]) if times is not None and len(path) == 1 else None
    if kind is not None and times is not None:
        key, test = path[0], _temporal_check(condition, kind, times.zone)
        return lambda ctx: test(ctx.data.get(key, _MISSING))
    if len(path) == 1:
        key = path[0]

        def field_check(ctx: GuardContext) -> bool:
            return _test(condition, ctx.data.get(key, _MISSING))

        return field_check
    return lambda ctx: _test(condition, _lookup(ctx.data, path))


def _composed(operand: Any) -> Any:
    """``operand`` with its text in NFC (the same object when nothing changes)."""
    if isinstance(operand, str):
        return nfc(operand)
    if isinstance(operand, tuple) and any(isinstance(o, str) and nfc(o) is not o for o in operand):
        return tuple(nfc(o) if isinstance(o, str) else o for o in operand)
    return operand


def _registered_check(name: str, fn: RegisteredGuard | None) -> Check:
    if fn is None:

        def missing(ctx: GuardContext) -> bool:
            raise ConfigurationError(
                _(
                    "guard {name!r} is declared 'registered: true' but the app registered "
                    "no function for it; pass guards={{{name!r}: function}} to load_workflow"
                ).format(name=name)
            )

        return missing

    def call(ctx: GuardContext) -> bool:
        return bool(fn(ctx))

    return call


def _show(value: Any) -> str:
    if value is _MISSING:
        return _("missing")
    if value is None:
        return _("null")
    if isinstance(value, bool):
        return _(str(value).lower())
    return repr(value)


_OP_WORDS = {
    "equals": N_("must equal"),
    "not_equals": N_("must not equal"),
    "in": N_("must be one of"),
    "not_in": N_("must not be one of"),
    "less_than": N_("must be less than"),
    "at_most": N_("must be at most"),
    "greater_than": N_("must be greater than"),
    "at_least": N_("must be at least"),
}
N_("true"), N_("false")


def explain(
    condition: Condition,
    ctx: GuardContext,
    guards: Mapping[str, Guard],
    registered: Mapping[str, RegisteredGuard],
    *,
    confidential: Collection[str] = frozenset(),
    spec: WorkflowSpec | None = None,
) -> str:
    """Why ``condition`` is false for ``ctx``, in one clause (``spec``: see compile_condition).

    The fields named in ``confidential`` are named with their test, never
    with their value, nor with an operand the value was found to equal
    (``not_equals``, ``not_in``, a ``not`` around ``equals``): "field
    'denouncer_name' (confidential) is present and must be absent".
    """
    return _Explainer(ctx, guards, registered, frozenset(confidential), spec).why(condition)


@attrs.frozen
class _Explainer:
    """The words of ``explain``, with what they need at hand."""

    ctx: GuardContext
    guards: Mapping[str, Guard]
    registered: Mapping[str, RegisteredGuard]
    confidential: frozenset[str]
    spec: WorkflowSpec | None = None

    def named(self, name: str) -> str:
        """A field's name carrying its label when the language is not English."""
        lang, fields = current_language(), self.spec.fields if self.spec is not None else ()
        label = next((f.label for f in fields if f.name == name and lang != "en"), None)
        return labelled_name(name, label.get(lang) if label is not None else None)

    def secret(self, path: tuple[str, ...] | str) -> bool:
        head = path if isinstance(path, str) else path[0]
        return head in self.confidential

    def why(self, condition: Condition) -> str:
        if isinstance(condition, FieldTest):
            return self.field(condition)
        if isinstance(condition, AllOf):
            for item in condition.items:
                check = compile_condition(item, self.guards, self.registered, spec=self.spec)
                if not check(self.ctx):
                    return self.why(item)
            return _("all conditions hold")  # pragma: no cover - only called when false
        if isinstance(condition, AnyOf):
            return _("none of these holds: {items}").format(
                items="; ".join(self.why(i) for i in condition.items)
            )
        if isinstance(condition, Not):
            return _("{condition} holds, and it must not").format(
                condition=_describe(condition.item, self.confidential)
            )
        guard = self.guards[condition.name]
        if guard.condition is not None:
            # A guard that states its basis cites it: officials are asked why.
            basis = _(" (basis: {source})").format(source=guard.source) if guard.source else ""
            return _("guard {name!r}{basis} is false: {why}").format(
                name=condition.name, basis=basis, why=self.why(guard.condition)
            )
        return _("registered guard {name!r} returned false").format(name=condition.name)

    def field(self, test: FieldTest) -> str:
        name = self.named(".".join(test.path))
        value = _lookup(self.ctx.data, test.path)
        if test.op == "within":
            return self.within(test, name, value)
        secret = self.secret(test.path)
        shown = _presence(value) if secret else _show(value)
        subject_text = _("field {name!r} (confidential) is {value}") if secret else None
        subject = (subject_text or _("field {name!r} is {value}")).format(name=name, value=shown)
        if test.op == "present":
            present = _("{subject} and must be present") if test.value else None
            return (present or _("{subject} and must be absent")).format(subject=subject)
        if secret and test.op in ("not_equals", "not_in"):
            # The value failed by being one of the operands: naming them would name it.
            return _("{subject} and {op} the value(s) the workflow names there").format(
                subject=subject, op=_(_OP_WORDS[test.op])
            )
        operand = test.value
        listed = (
            ", ".join(_show(v) for v in operand) if isinstance(operand, tuple) else _show(operand)
        )
        return _("{subject} and {op} {operand}").format(
            subject=subject, op=_(_OP_WORDS[test.op]), operand=listed
        )

    def within(self, test: FieldTest, name: str, value: Any) -> str:
        spec = test.value
        after = spec["after"]
        period = _("{days} days after field {after!r}").format(days=spec["days"], after=after)
        not_counting = spec.get("not_counting")
        extra = self.ctx.data.get(not_counting, None) if not_counting else None
        if extra is not None:
            if self.secret(not_counting):
                period += _(", not counting the days of field {field!r}").format(field=not_counting)
            else:
                period += _(", not counting the {count} days of field {field!r}").format(
                    count=_show(extra), field=not_counting
                )
        tz = zone(self.spec.timezone) if self.spec is not None else None
        end = period_end(test, self.ctx, tz)
        if end is None:
            anchor = self.ctx.data.get(after, _MISSING)
            shown = _presence(anchor) if self.secret(after) else _show(anchor)
            return _("field {after!r} is {value}, so no period of {period} can be counted").format(
                after=after, value=shown, period=period
            )
        if self.secret(test.path):
            subject = _("field {name!r} (confidential) is {value}").format(
                name=name, value=_presence(value)
            )
        else:
            subject = _("field {name!r} is {value}").format(name=name, value=_show(value))
        if self.secret(after):
            # The end of the period is counted from the anchor's value: not shown.
            return _("{subject} and must be within {period} (confidential)").format(
                subject=subject, period=period
            )
        return _("{subject} and must be at most {end}, the end of {period}").format(
            subject=subject, end=day_text(end), period=period
        )


def _presence(value: Any) -> str:
    """A confidential value, said without saying it."""
    if value is _MISSING:
        return _("missing")
    return _("null") if value is None else _("present")


def failing_guard(
    condition: Condition,
    ctx: GuardContext,
    guards: Mapping[str, Guard],
    registered: Mapping[str, RegisteredGuard],
    *,
    spec: WorkflowSpec | None = None,
) -> str | None:
    """The name of the first named guard that makes ``condition`` false, if any."""
    if isinstance(condition, GuardRef):
        return condition.name
    if isinstance(condition, AllOf):
        for item in condition.items:
            if not compile_condition(item, guards, registered, spec=spec)(ctx):
                return failing_guard(item, ctx, guards, registered, spec=spec)
    return None


def _describe(condition: Condition, confidential: frozenset[str] = frozenset()) -> str:
    if isinstance(condition, GuardRef):
        return _("guard {name!r}").format(name=condition.name)
    if isinstance(condition, FieldTest):
        field = ".".join(condition.path)
        if condition.op == "within":
            spec = condition.value
            return _("field {name!r} within {days} days of {after!r}").format(
                name=field, days=spec["days"], after=spec["after"]
            )
        if condition.path[0] in confidential and condition.op in ("equals", "in"):
            # It holds, so its operand would be the value.
            return _("field {name!r} (confidential) {op} the value(s) the workflow names").format(
                name=field, op=condition.op
            )
        return _("field {name!r} {op} {value}").format(
            name=field, op=condition.op, value=_show(condition.value)
        )
    if isinstance(condition, Not):
        return _("not ({condition})").format(condition=_describe(condition.item, confidential))
    joiner = _(" and ") if isinstance(condition, AllOf) else _(" or ")
    return "(" + joiner.join(_describe(i, confidential) for i in condition.items) + ")"

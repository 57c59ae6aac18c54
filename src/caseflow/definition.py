"""The definition model: what a workflow file says, as frozen data.

This module owns the vocabulary of a workflow (the allowed keys, the names
of field types, operators and policies) and the frozen, keyword-only attrs
classes that hold a loaded definition. It has no behaviour: reading YAML
into these classes, and checking the graph, is ``caseflow.loading``'s job;
running a case is ``caseflow.engine``'s.

Every class keeps ``where``: positions of its parts in the source file, used
for error messages. ``where`` takes no part in equality, so a definition that
is dumped and loaded again compares equal to the original.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, TypeAlias

import attrs

__all__ = [
    "ANCHOR_KINDS",
    "COMPARISONS",
    "CONDITION_OPERATORS",
    "COUNTINGS",
    "DAY_OFF_POLICIES",
    "DEADLINE_DAY_OFF_POLICIES",
    "DOCUMENT_KINDS",
    "DOCUMENT_STYLES",
    "FIELD_TYPES",
    "NUMBERINGS",
    "RESERVED_TRIGGERS",
    "SESSION_MODES",
    "UNITS",
    "WEEKDAYS",
    "AllOf",
    "Anchor",
    "AnyOf",
    "Condition",
    "DeadlineRule",
    "DeadlineVariant",
    "Docket",
    "DocumentKind",
    "Documents",
    "Effective",
    "Extension",
    "Field",
    "FieldTest",
    "Guard",
    "GuardRef",
    "Label",
    "Not",
    "Offset",
    "Priority",
    "Role",
    "Schedule",
    "ScheduleOverride",
    "Signer",
    "State",
    "Transition",
    "WorkflowSpec",
]

Where: TypeAlias = Mapping[str, tuple[int, int]]
"""Positions (1-based line, column) of an object's parts, by key."""

FORMAT_VERSION = 1

FIELD_TYPES = frozenset(
    {"text", "int", "number", "bool", "date", "datetime", "choice", "list", "mapping"}
)
COMPARISONS = frozenset({"less_than", "at_most", "greater_than", "at_least"})
# ``within``: a date within a period of days after another date field (a
# limitation period); its operand is a mapping (``days``, ``after``,
# ``not_counting``), read and checked in ``loading.guards``.
CONDITION_OPERATORS = frozenset(
    {"equals", "not_equals", "in", "not_in", "present", "within"} | COMPARISONS
)
WEEKDAYS = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
COUNTINGS = frozenset({"calendar", "nth", "first_full_week"})
DAY_OFF_POLICIES = frozenset({"next_week", "next_working_day", "skip", "keep"})
UNITS = ("days", "working_days", "weeks", "months")
"""Offset units: calendar days, working days, weeks (7 days), calendar months."""
ANCHOR_KINDS = ("entered", "event", "field", "session")
DEADLINE_DAY_OFF_POLICIES = frozenset({"next_working_day", "previous_working_day", "keep"})
RESERVED_TRIGGERS = frozenset({"start", "update", "migrate", "reveal"})
"""Trigger names caseflow records itself; a workflow may not define them."""


def _where() -> Any:
    return attrs.field(factory=dict, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class Label:
    """A text in Vietnamese and in English."""

    vi: str
    en: str

    def get(self, lang: str = "en") -> str:
        """The text in ``lang`` ("vi" or "en")."""
        return self.vi if lang == "vi" else self.en


# --- conditions (guards written as data) -----------------------------------


@attrs.frozen(kw_only=True)
class FieldTest:
    """Compare a case-data field (a dotted path) with a value."""

    path: tuple[str, ...]
    op: str
    value: Any
    where: Where = _where()


@attrs.frozen(kw_only=True)
class AllOf:
    """True when every item is true."""

    items: tuple[Condition, ...]
    where: Where = _where()


@attrs.frozen(kw_only=True)
class AnyOf:
    """True when at least one item is true."""

    items: tuple[Condition, ...]
    where: Where = _where()


@attrs.frozen(kw_only=True)
class Not:
    """True when the item is false."""

    item: Condition
    where: Where = _where()


@attrs.frozen(kw_only=True)
class GuardRef:
    """A guard named in ``guards:`` (declarative or registered from Python)."""

    name: str
    where: Where = _where()


Condition: TypeAlias = FieldTest | AllOf | AnyOf | Not | GuardRef


# --- the parts of a workflow -------------------------------------------------


@attrs.frozen(kw_only=True)
class Role:
    """Who may fire transitions, e.g. the reception officer."""

    name: str
    label: Label | None = None
    description: str | None = None
    where: Where = _where()


@attrs.frozen(kw_only=True)
class Field:
    """A piece of data a case carries.

    A ``confidential`` field is stored apart and redacted in every read;
    only the roles in ``readers`` may ask to see it, and each time they do
    is recorded.
    """

    name: str
    type: str = "text"
    required: bool = False
    confidential: bool = False
    readers: tuple[str, ...] = ()
    choices: tuple[Any, ...] | None = None
    label: Label | None = None
    description: str | None = None
    where: Where = _where()
    #: The labels of choices written as ``{value: {vi: ..., en: ...}}``, as (value, label) pairs.
    choice_labels: tuple[tuple[Any, Label], ...] = ()

    def choice_label(self, value: Any, lang: str = "en") -> str:
        """How ``value`` of this choice field is shown in ``lang``: its label, else itself."""
        for choice, label in self.choice_labels:
            if choice == value:
                return label.get(lang)
        return str(value)


@attrs.frozen(kw_only=True)
class Guard:
    """A named guard: a condition written as data, or one the app registers."""

    name: str
    condition: Condition | None = None
    registered: bool = False
    description: str | None = None
    source: str | None = None
    where: Where = _where()


@attrs.frozen(kw_only=True)
class State:
    """A state a case can be in; a compound one holds ``states``, a parallel one ``parallel``.

    ``states`` are the children of a compound state (one of them
    ``initial``); ``parallel`` are the regions of a parallel state, each a
    ``State`` whose ``states`` are the region's own; ``done`` is where a
    parallel state goes once every region is in a final state (the join).
    Names in ``done`` and everywhere else are dotted paths from the top
    (``screened.proposed``); ``caseflow.charts`` computes what they mean.
    """

    name: str
    label: Label | None = None
    initial: bool = False
    final: bool = False
    description: str | None = None
    source: str | None = None
    states: tuple[State, ...] = ()
    parallel: tuple[State, ...] = ()
    done: str | None = None
    where: Where = _where()


@attrs.frozen(kw_only=True)
class Transition:
    """A trigger that moves a case from one of ``sources`` to ``dest``."""

    trigger: str
    sources: tuple[str, ...]
    dest: str
    when: Condition | None = None
    roles: tuple[str, ...] = ()
    label: Label | None = None
    description: str | None = None
    source: str | None = None
    where: Where = _where()


@attrs.frozen(kw_only=True)
class ScheduleOverride:
    """One occurrence of a schedule moved to another date, or cancelled."""

    date: str
    moved_to: str | None = None
    cancelled: bool = False
    reason: str
    where: Where = _where()


@attrs.frozen(kw_only=True)
class Schedule:
    """A recurring session rule, e.g. the Tuesday of the 4th week each month.

    Exactly one of three forms: ``every`` (month or week, with ``weekday``
    and, for months, ``week`` and ``counting``), ``dates`` (an explicit
    list), or ``rrule`` (RFC 5545 text). Dates are ISO text here; turning
    them into dates is the recurrence module's job.
    """

    name: str
    every: str | None = None
    weekday: str | None = None
    week: int | None = None
    counting: str | None = None
    if_day_off: str = "keep"
    dates: tuple[str, ...] = ()
    rrule: str | None = None
    start: str | None = None
    end: str | None = None
    time: str | None = None
    place: str | None = None
    contact: str | None = None
    mode: str = "in_person"
    meeting_link: str | None = None
    join: str | None = None
    label: Label | None = None
    description: str | None = None
    source: str | None = None
    overrides: tuple[ScheduleOverride, ...] = ()
    where: Where = _where()


# --- deadlines -----------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Offset:
    """A span of time: ``amount`` ``unit`` after (+1) or before (-1) something."""

    amount: int
    unit: str
    direction: int = 1

    def __str__(self) -> str:
        unit = self.unit.replace("_", " ")
        if self.amount == 1:
            unit = unit[:-1]
        text = f"{self.amount} {unit}"
        return text + (" before" if self.direction < 0 else "")


@attrs.frozen(kw_only=True)
class Anchor:
    """What a deadline counts from.

    ``entered``: the case entering state ``name``; ``event``: trigger ``name``
    firing; ``field``: the date in case field ``name``; ``session``: the
    date the case's session of schedule ``name`` is actually held (the
    docket's ``session_field`` holds the session's planned date; a session
    moved by a day off or an override moves the deadline with it).
    ``occurrence`` picks the first or the last time the state was entered or
    the trigger fired.
    """

    kind: str
    name: str
    occurrence: str = "first"

    def __str__(self) -> str:
        if self.kind == "field":
            return f"field {self.name}"
        if self.kind == "event":
            return f"event {self.name}"
        if self.kind == "session":
            return f"session {self.name}"
        return self.name


@attrs.frozen(kw_only=True)
class Effective:
    """The days on which a rule is in force: from ``start`` to ``end``, both included.

    A case is judged by the rules in force on the day it started (its
    ``start`` event, as a day in the workflow's zone), so a case received
    before a law changed keeps the old rule. ``None`` leaves that side open.
    """

    start: dt.date | None = None
    end: dt.date | None = None
    where: Where = _where()

    def holds(self, day: dt.date) -> bool:
        """Whether the rule is in force for a case started on ``day``."""
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@attrs.frozen(kw_only=True)
class DeadlineVariant:
    """Another offset (or extension limit) for cases matching ``when`` and ``effective``.

    At least one of ``when`` and ``effective`` is given; a variant without
    ``when`` applies to every case started while it is in force.
    """

    when: Condition | None = None
    offset: Offset | None = None
    max_extensions: int | None = None
    effective: Effective | None = None
    source: str | None = None
    where: Where = _where()


@attrs.frozen(kw_only=True)
class Extension:
    """A trigger that extends a deadline by up to ``by``, at most ``max`` times.

    With ``length_field``, the extending event's value of that int field
    (in ``by``'s unit) is what was granted; without it, or without the
    value, the whole ``by``.
    """

    trigger: str
    by: Offset
    max: int = 1
    length_field: str | None = None
    source: str | None = None
    where: Where = _where()


@attrs.frozen(kw_only=True)
class DeadlineRule:
    """A named deadline: its clock, what it counts from, how far, and why.

    The clock runs while the case is in one of ``runs_in`` and stops (the
    deadline is met) when the case moves to any other state except those in
    ``paused_in``, where the clock waits and later gives back the time that
    was left, or when one of the ``met_by`` triggers fires (an act such as
    sending a notice, which may leave the case where it is).
    """

    name: str
    label: Label | None = None
    description: str | None = None
    runs_in: tuple[str, ...]
    paused_in: tuple[str, ...] = ()
    met_by: tuple[str, ...] = ()
    anchor: Anchor
    offset: Offset
    if_day_off: str | None = None
    time: str | None = None
    due_soon: Offset | None = None
    variants: tuple[DeadlineVariant, ...] = ()
    extension: Extension | None = None
    effective: Effective | None = None
    source: str
    where: Where = _where()

    @property
    def day_off_policy(self) -> str:
        """``if_day_off``, or its default: away from the anchor's side."""
        if self.if_day_off is not None:
            return self.if_day_off
        return "next_working_day" if self.offset.direction > 0 else "previous_working_day"


def _entered(state: State, path: str) -> list[str]:
    """The simple states entering ``state`` (at ``path``) makes active, in written order."""
    if state.parallel:
        return [leaf for r in state.parallel for leaf in _entered(r, f"{path}.{r.name}")]
    if state.states:
        child = next((c for c in state.states if c.initial), state.states[0])
        return _entered(child, f"{path}.{child.name}")
    return [path]


# --- the docket of a session ------------------------------------------------------


@attrs.frozen(kw_only=True)
class Priority:
    """A reason to put a case on a session's docket before others."""

    name: str
    when: Condition
    label: Label | None = None
    source: str | None = None
    where: Where = _where()


@attrs.frozen(kw_only=True)
class Docket:
    """How cases are chosen for the sessions of a schedule.

    Cases in one of ``eligible_in`` are ranked by the first of
    ``priorities`` they meet (in list order; meeting none ranks last), then
    by ``order_field`` (registration order), and the first ``capacity`` are
    selected by firing ``select_trigger``, which records the session's planned
    date in ``session_field``. The rest wait for the next session.
    """

    schedule: str
    eligible_in: tuple[str, ...]
    select_trigger: str
    session_field: str
    capacity: int
    priorities: tuple[Priority, ...] = ()
    order_field: str | None = None
    attendees: tuple[str, ...] = ()
    source: str | None = None
    where: Where = _where()


# --- the papers an office issues ---------------------------------------------------

SESSION_MODES = frozenset({"in_person", "online", "hybrid"})
"""How citizens attend a session: in person, online (Luật 136/2025/QH15, from 1/7/2026), or both."""
DOCUMENT_STYLES = frozenset({"party", "state"})
"""``party``: Hướng dẫn 36-HD/VPTW (03/4/2018); ``state``: Nghị định 30/2020/NĐ-CP, Phụ lục I."""
DOCUMENT_KINDS = frozenset({"invitation", "brief", "notice", "report", "calendar"})
"""The papers of a reception: giấy mời, báo cáo vụ việc, thông báo kết luận, báo cáo, lịch."""
NUMBERINGS = frozenset({"year", "term"})
"""When document numbers start again from 1: each calendar year, or each term."""


@attrs.frozen(kw_only=True)
class Signer:
    """Who signs: the authority line ("T/M BAN THƯỜNG VỤ"), the title, the name."""

    authority: str | None = None
    title: str
    name: str
    where: Where = _where()


@attrs.frozen(kw_only=True)
class DocumentKind:
    """One kind of paper: its number symbol ("TB/TU"), its name, recipients, signer."""

    name: str
    symbol: str
    title: str | None = None
    recipients: tuple[str, ...] = ()
    signer: Signer | None = None
    where: Where = _where()


@attrs.frozen(kw_only=True)
class Documents:
    """How the workflow's papers look and who issues, numbers and signs them.

    ``numbering`` says when numbers restart (``year``, or ``term`` counted
    from ``term_start``); ``templates`` is a folder, relative to the
    workflow file, whose DOCX templates replace the shipped ones;
    ``addressees`` gives, per field naming who is concerned, how a letter
    addresses them (``("ward", "Đảng ủy, UBND {value}")``).
    """

    style: str
    issuer: str
    parent: str | None = None
    place: str
    signer: Signer
    numbering: str = "year"
    term_start: str | None = None
    templates: str | None = None
    kinds: tuple[DocumentKind, ...] = ()
    addressees: tuple[tuple[str, str], ...] = ()
    source: str | None = None
    where: Where = _where()

    def kind(self, name: str) -> DocumentKind | None:
        """The kind called ``name``, or None when the workflow does not number it."""
        return next((k for k in self.kinds if k.name == name), None)


@attrs.frozen(kw_only=True)
class WorkflowSpec:
    """A whole workflow definition, as read from one file."""

    format: int = FORMAT_VERSION
    name: str
    version: str = "1"
    title: Label | None = None
    description: str | None = None
    calendar: str = "VN"
    timezone: str = "Asia/Ho_Chi_Minh"
    source: str | None = None
    roles: tuple[Role, ...] = ()
    fields: tuple[Field, ...] = ()
    guards: tuple[Guard, ...] = ()
    states: tuple[State, ...]
    transitions: tuple[Transition, ...]
    schedules: tuple[Schedule, ...] = ()
    deadlines: tuple[DeadlineRule, ...] = ()
    docket: Docket | None = None
    documents: Documents | None = None
    file: str = attrs.field(default="<string>", eq=False)
    where: Where = _where()

    @property
    def initial(self) -> str:
        """The name of the initial state (of a nested one, its initial configuration).

        A compound initial state is entered at its initial child, down to a
        simple state (``screened.classified``); a parallel one in every
        region at once, the regions' states joined by ``|`` in the order the
        regions are written (docs/statecharts.md).
        """
        top = next(s for s in self.states if s.initial)
        if not top.states and not top.parallel:
            return top.name
        return "|".join(_entered(top, top.name))

    @property
    def nested(self) -> bool:
        """Whether some state holds ``states`` or ``parallel`` regions (a statechart)."""
        return any(s.states or s.parallel for s in self.states)

    def state(self, name: str) -> State:
        """The state called ``name`` (KeyError if none)."""
        for state in self.states:
            if state.name == name:
                return state
        raise KeyError(name)

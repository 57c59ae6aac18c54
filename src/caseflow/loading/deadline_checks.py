"""The checks of the ``deadlines`` section that need the whole definition.

This module owns what a deadline rule may name and when it can run: the
states, triggers, fields and schedules it names exist, its clock can start
after its anchor, its extension fires where its clock runs and its
``length_field`` is a whole-number field, and its variants' ``effective``
ranges neither overlap nor fall outside the rule's own range. Reading the
section is ``caseflow.loading.deadlines``'; the graph's reachability is
``caseflow.loading.context.reaches``'.
"""

from __future__ import annotations

import datetime as dt
import itertools

from caseflow.definition import DeadlineRule, Effective
from caseflow.i18n import _
from caseflow.loading.context import DATE_TYPES, Checking, reaches, unknown

__all__ = ["check_deadlines"]


def check_deadlines(checking: Checking) -> None:
    """Every name a deadline uses exists, and its clock can start and be extended."""
    spec = checking.spec
    state_set = checking.state_set
    triggers = checking.triggers
    for rule in spec.deadlines:
        what = _("deadline {name!r}").format(name=rule.name)
        for key, names in (("runs_in", rule.runs_in), ("paused_in", rule.paused_in)):
            for state in names:
                if state not in state_set:
                    checking.add(
                        rule.where.get(f"{key}:{state}"),
                        _("{what}: {key} names an {unknown}").format(
                            what=what, key=key, unknown=unknown("state", state, state_set)
                        ),
                    )
        both = sorted(set(rule.runs_in) & set(rule.paused_in))
        if both:
            checking.add(
                rule.where.get("paused_in"),
                _(
                    "{what}: {value} cannot be both in runs_in and in paused_in; "
                    "the clock either runs or waits there"
                ).format(what=what, value=", ".join(both)),
            )
        _check_anchor(checking, rule)
        for trigger in rule.met_by:
            if trigger not in triggers:
                checking.add(
                    rule.where.get(f"met_by:{trigger}"),
                    _("{what}: met_by names an {unknown}").format(
                        what=what, unknown=unknown("trigger", trigger, triggers)
                    ),
                )
        _check_extension(checking, rule)
        _check_effective(checking, rule)


def _check_anchor(checking: Checking, rule: DeadlineRule) -> None:
    """What the deadline counts from exists, and the case can be where its clock runs after it."""
    what = _("deadline {name!r}").format(name=rule.name)
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
            checking.add(
                pos,
                _("{what} counts from an {unknown}").format(
                    what=what, unknown=unknown("state", anchor.name, state_set)
                ),
            )
        elif runs_known and not gaps.graph and not runs & reaches(checking.outgoing, [anchor.name]):
            checking.add(
                pos,
                _(
                    "{what} counts from entering {name!r}, but from there the "
                    "case can never be in {value}, where its clock runs; the "
                    "deadline could never start"
                ).format(what=what, name=anchor.name, value=", ".join(rule.runs_in)),
            )
    elif anchor.kind == "event":
        if anchor.name not in triggers:
            checking.add(
                pos,
                _("{what} counts from an {unknown}").format(
                    what=what, unknown=unknown("trigger", anchor.name, triggers)
                ),
            )
        elif runs_known and not gaps.graph:
            dests = [t.dest for t in checking.spec.transitions if t.trigger == anchor.name]
            if not runs & reaches(checking.outgoing, dests):
                checking.add(
                    pos,
                    _(
                        "{what} counts from {name!r}, but after it the case can "
                        "never be in {value}, where its clock runs"
                    ).format(what=what, name=anchor.name, value=", ".join(rule.runs_in)),
                )
    elif anchor.kind == "field":
        field = fields.get(anchor.name)
        if field is None:
            if anchor.name not in gaps.fields and "fields" not in gaps.sections:
                checking.add(
                    pos,
                    _("{what} counts from an {unknown}").format(
                        what=what, unknown=unknown("field", anchor.name, fields)
                    ),
                )
        elif field.type not in DATE_TYPES:
            checking.add(
                pos,
                _(
                    "{what} counts from field {name!r} of type {type}; a "
                    "deadline counts from a field of type date or datetime"
                ).format(what=what, name=anchor.name, type=field.type),
            )
    elif anchor.name not in checking.schedules:  # a session
        checking.add(
            pos,
            _("{what} counts from the session of an {unknown}").format(
                what=what, unknown=unknown("schedule", anchor.name, checking.schedules)
            ),
        )
    elif checking.spec.docket is None:
        checking.add(
            pos,
            _(
                "{what} counts from the case's session, but the workflow has "
                "no 'docket' saying which field records a case's session"
            ).format(what=what),
        )


def _check_extension(checking: Checking, rule: DeadlineRule) -> None:
    """The extension's trigger exists and fires where the deadline's clock runs."""
    ext = rule.extension
    if ext is None:
        return
    what = _("deadline {name!r}").format(name=rule.name)
    epos = ext.where.get("trigger")
    if ext.trigger not in checking.triggers:
        checking.add(
            epos,
            _("{what}: the extension names an {unknown}").format(
                what=what, unknown=unknown("trigger", ext.trigger, checking.triggers)
            ),
        )
    elif not any(
        t.trigger == ext.trigger and set(t.sources) & set(rule.runs_in)
        for t in checking.spec.transitions
    ):
        checking.add(
            epos,
            _(
                "{what}: trigger {trigger!r} never fires from {value}, so it "
                "could never extend this deadline"
            ).format(what=what, trigger=ext.trigger, value=", ".join(rule.runs_in)),
        )
    if ext.length_field is not None:
        field = checking.fields.get(ext.length_field)
        lpos = ext.where.get("length_field", epos)
        if field is None:
            if ext.length_field not in checking.gaps.fields:
                checking.add(
                    lpos,
                    _("{what}: the extension's length_field names an {unknown}").format(
                        what=what, unknown=unknown("field", ext.length_field, checking.fields)
                    ),
                )
        elif field.type != "int":
            checking.add(
                lpos,
                _(
                    "{what}: the extension's length_field {length_field!r} is of "
                    "type {type}; the length granted is a whole number (type "
                    "int) of {value}"
                ).format(
                    what=what,
                    length_field=ext.length_field,
                    type=field.type,
                    value=ext.by.unit.replace("_", " "),
                ),
            )


def _check_effective(checking: Checking, rule: DeadlineRule) -> None:
    """Variants for the same cases are never in force at once, nor outside their rule."""
    what = _("deadline {name!r}").format(name=rule.name)
    seen: list[tuple[int, object, Effective]] = []
    for number, variant in enumerate(rule.variants, start=1):
        span = variant.effective
        if span is None:
            continue
        pos = span.where.get("")
        if rule.effective is not None and not _overlap(span, rule.effective):
            checking.add(
                pos,
                _(
                    "{what}: variant #{number} is in force {value}, outside the "
                    "rule's own {value2}; it could never apply"
                ).format(
                    what=what, number=number, value=_range(span), value2=_range(rule.effective)
                ),
            )
        for other_number, other_when, other in seen:
            if other_when == variant.when and _overlap(span, other):
                checking.add(
                    pos,
                    _(
                        "{what}: variant #{number} ({value}) overlaps variant "
                        "#{other_number} ({value2}) for the same cases; a case "
                        "started on a day in both would have two rules. End one the "
                        "day before the other begins"
                    ).format(
                        what=what,
                        number=number,
                        value=_range(span),
                        other_number=other_number,
                        value2=_range(other),
                    ),
                )
        seen.append((number, variant.when, span))
    # Successive versions of one variant (the same cases) must meet: a day
    # between them would silently fall back to the rule's own offset.
    ordered = sorted(seen, key=lambda s: (str(s[1]), s[2].start or dt.date.min))
    for (n1, w1, a), (n2, w2, b) in itertools.pairwise(ordered):
        if w1 == w2 and a.end is not None and b.start is not None and (b.start - a.end).days > 1:
            checking.add(
                b.where.get(""),
                _(
                    "{what}: variant #{n1} ends {end} and variant #{n2} for the "
                    "same cases begins {start}; the days between would fall back "
                    "to the rule's own offset. Begin it the day after the other "
                    "ends"
                ).format(what=what, n1=n1, end=a.end.isoformat(), n2=n2, start=b.start.isoformat()),
            )


def _overlap(a: Effective, b: Effective) -> bool:
    a_before_b = a.end is not None and b.start is not None and a.end < b.start
    b_before_a = b.end is not None and a.start is not None and b.end < a.start
    return not (a_before_b or b_before_a)


def _range(span: Effective) -> str:
    start = span.start.isoformat() if span.start is not None else "always"
    end = span.end.isoformat() if span.end is not None else "on"
    if span.start is None:
        return f"until {end}"
    if span.end is None:
        return f"from {start}"
    return f"from {start} until {end}"

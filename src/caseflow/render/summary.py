"""A readable plain-text summary of a workflow definition (``caseflow show``).

This module owns the layout of that summary only; it reads a
``WorkflowSpec`` and changes nothing.
"""

from __future__ import annotations

from caseflow.definition import WEEKDAYS, Label, State, WorkflowSpec
from caseflow.i18n import N_, _, current_language, language, weekday_name

__all__ = ["COUNTING_WORDS", "POLICY_WORDS", "TYPE_WORDS", "summary", "word"]


def _text(label: Label | None, fallback: str, lang: str) -> str:
    return label.get(lang) if label is not None else fallback


# The words of YAML values, for output in another language than the YAML's English keys.
COUNTING_WORDS = {
    "calendar": N_("weeks counted by the calendar"),
    "nth": N_("the n-th such weekday of the month"),
    "first_full_week": N_("weeks counted from the first full week"),
}
POLICY_WORDS = {
    "next_week": N_("moved to the same weekday of the next working week"),
    "next_working_day": N_("moved to the next working day"),
    "skip": N_("no session"),
    "keep": N_("held anyway"),
}
TYPE_WORDS = {
    "text": N_("text"),
    "int": N_("whole number"),
    "number": N_("number"),
    "bool": N_("yes/no"),
    "date": N_("date"),
    "datetime": N_("date and time"),
    "choice": N_("choice"),
    "list": N_("list"),
    "mapping": N_("mapping"),
}


def word(table: dict[str, str], value: str | None) -> str:
    """``value`` (a YAML value) as it is in English, its words from ``table`` otherwise."""
    if value is None or current_language() == "en" or value not in table:
        return str(value)
    return _(table[value])


def _weekday(key: str | None) -> str:
    if current_language() == "en" or key not in WEEKDAYS:
        return str(key)
    return weekday_name(WEEKDAYS.index(key))


def _state_rows(states: tuple[State, ...], parent: str) -> list[tuple[str, State]]:
    rows = []
    for s in states:
        path = f"{parent}.{s.name}" if parent else s.name
        rows.append((path, s))
        rows.extend(_state_rows((*s.states, *s.parallel), path))
    return rows


def summary(spec: WorkflowSpec, *, lang: str = "en") -> str:
    """States, triggers, roles, fields and schedules, one block each."""
    with language(lang):
        return _summary(spec, lang)


def _summary(spec: WorkflowSpec, lang: str) -> str:
    out: list[str] = []
    title = _text(spec.title, spec.name, lang)
    out.append(f"{title}  [{spec.name} {spec.version}]")
    out.append(
        _("calendar {calendar}, time zone {zone}").format(
            calendar=spec.calendar, zone=spec.timezone
        )
    )
    if spec.source:
        out.append(_("basis: {source}").format(source=spec.source))
    out.append("")
    # A nested state's children and regions follow it, by their dotted paths.
    rows = _state_rows(spec.states, "")
    parallel = {path for path, s in rows if s.parallel}
    width = max(len(path) for path, _s in rows)
    out.append(_("States ({count}):").format(count=len(rows)))
    for path, s in rows:
        kind = _("parallel") if s.parallel else _("compound") if s.states else ""
        if path.rpartition(".")[0] in parallel:
            kind = _("region")
        mark = _("initial") if s.initial else _("final") if s.final else kind
        if s.done:
            # TRANSLATORS: the join of a parallel state (its YAML key 'done') and where it goes.
            join = _("done -> {dest}").format(dest=s.done)
            mark = f"{mark}, {join}".lstrip(", ")
        out.append(f"  {path:<{width}}  {_text(s.label, '', lang):<40} {mark}".rstrip())
    out.append("")
    out.append(_("Transitions ({count}):").format(count=len(spec.transitions)))
    twidth = max((len(t.trigger) for t in spec.transitions), default=0)
    for t in spec.transitions:
        sources = ", ".join(t.sources)
        extras = []
        if t.roles:
            roles = t.roles
            if lang != "en":
                labels = {r.name: r.label.get(lang) for r in spec.roles if r.label is not None}
                roles = tuple(labels.get(r, r) for r in t.roles)
            extras.append(_("by {roles}").format(roles=", ".join(roles)))
        if t.when is not None:
            extras.append(_("guarded"))
        tail = f"  [{'; '.join(extras)}]" if extras else ""
        out.append(f"  {t.trigger:<{twidth}}  {sources} -> {t.dest}{tail}")
    if spec.roles:
        out.append("")
        out.append(_("Roles ({count}):").format(count=len(spec.roles)))
        for r in spec.roles:
            out.append(f"  {r.name}  {_text(r.label, '', lang)}".rstrip())
    if spec.fields:
        out.append("")
        out.append(_("Fields ({count}):").format(count=len(spec.fields)))
        for f in spec.fields:
            flags = [word(TYPE_WORDS, f.type)]
            if f.required:
                flags.append(_("required"))
            if f.confidential:
                flags.append(_("confidential"))
            out.append(f"  {f.name}  ({', '.join(flags)})  {_text(f.label, '', lang)}".rstrip())
    if spec.guards:
        out.append("")
        out.append(_("Guards ({count}):").format(count=len(spec.guards)))
        for g in spec.guards:
            kind = _("registered by the app") if g.condition is None else _("condition")
            out.append(f"  {g.name}  ({kind})")
    if spec.schedules:
        out.append("")
        out.append(_("Schedules ({count}):").format(count=len(spec.schedules)))
        for sched in spec.schedules:
            if sched.every == "month":
                rule = _("every month, {weekday} of week {week} ({counting} counting)").format(
                    weekday=_weekday(sched.weekday),
                    week=sched.week,
                    counting=word(COUNTING_WORDS, sched.counting),
                )
            elif sched.every == "week":
                rule = _("every {weekday}").format(weekday=_weekday(sched.weekday))
            elif sched.rrule:
                rule = f"RRULE {sched.rrule}"
            else:
                rule = _("{count} listed dates").format(count=len(sched.dates))
            out.append(
                _("  {name}: {rule}; if a day off: {policy}").format(
                    name=sched.name, rule=rule, policy=word(POLICY_WORDS, sched.if_day_off)
                )
            )
    return "\n".join(out) + "\n"

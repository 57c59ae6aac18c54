"""A readable plain-text summary of a workflow definition (``caseflow show``).

This module owns the layout of that summary only; it reads a
``WorkflowSpec`` and changes nothing.
"""

from __future__ import annotations

from caseflow.definition import Label, WorkflowSpec
from caseflow.i18n import _, language

__all__ = ["summary"]


def _text(label: Label | None, fallback: str, lang: str) -> str:
    return label.get(lang) if label is not None else fallback


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
    width = max(len(s.name) for s in spec.states)
    out.append(_("States ({count}):").format(count=len(spec.states)))
    for s in spec.states:
        mark = _("initial") if s.initial else _("final") if s.final else ""
        out.append(f"  {s.name:<{width}}  {_text(s.label, '', lang):<40} {mark}".rstrip())
    out.append("")
    out.append(_("Transitions ({count}):").format(count=len(spec.transitions)))
    twidth = max((len(t.trigger) for t in spec.transitions), default=0)
    for t in spec.transitions:
        sources = ", ".join(t.sources)
        extras = []
        if t.roles:
            extras.append(_("by {roles}").format(roles=", ".join(t.roles)))
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
            flags = [f.type]
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
                    weekday=sched.weekday, week=sched.week, counting=sched.counting
                )
            elif sched.every == "week":
                rule = _("every {weekday}").format(weekday=sched.weekday)
            elif sched.rrule:
                rule = f"RRULE {sched.rrule}"
            else:
                rule = _("{count} listed dates").format(count=len(sched.dates))
            out.append(
                _("  {name}: {rule}; if a day off: {policy}").format(
                    name=sched.name, rule=rule, policy=sched.if_day_off
                )
            )
    return "\n".join(out) + "\n"

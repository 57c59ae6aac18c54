"""A readable plain-text summary of a workflow definition (``caseflow show``).

This module owns the layout of that summary only; it reads a
``WorkflowSpec`` and changes nothing.
"""

from __future__ import annotations

from caseflow.definition import Label, State, WorkflowSpec

__all__ = ["summary"]


def _text(label: Label | None, fallback: str, lang: str) -> str:
    return label.get(lang) if label is not None else fallback


def _state_rows(states: tuple[State, ...], parent: str) -> list[tuple[str, State]]:
    rows = []
    for s in states:
        path = f"{parent}.{s.name}" if parent else s.name
        rows.append((path, s))
        rows.extend(_state_rows((*s.states, *s.parallel), path))
    return rows


def summary(spec: WorkflowSpec, *, lang: str = "en") -> str:
    """States, triggers, roles, fields and schedules, one block each."""
    out: list[str] = []
    title = _text(spec.title, spec.name, lang)
    out.append(f"{title}  [{spec.name} {spec.version}]")
    out.append(f"calendar {spec.calendar}, time zone {spec.timezone}")
    if spec.source:
        out.append(f"basis: {spec.source}")
    out.append("")
    # A nested state's children and regions follow it, by their dotted paths.
    rows = _state_rows(spec.states, "")
    parallel = {path for path, s in rows if s.parallel}
    width = max(len(path) for path, _ in rows)
    out.append(f"States ({len(rows)}):")
    for path, s in rows:
        kind = "parallel" if s.parallel else "compound" if s.states else ""
        if path.rpartition(".")[0] in parallel:
            kind = "region"
        mark = "initial" if s.initial else "final" if s.final else kind
        if s.done:
            mark = f"{mark}, done -> {s.done}".lstrip(", ")
        out.append(f"  {path:<{width}}  {_text(s.label, '', lang):<40} {mark}".rstrip())
    out.append("")
    out.append(f"Transitions ({len(spec.transitions)}):")
    twidth = max((len(t.trigger) for t in spec.transitions), default=0)
    for t in spec.transitions:
        sources = ", ".join(t.sources)
        extras = []
        if t.roles:
            extras.append("by " + ", ".join(t.roles))
        if t.when is not None:
            extras.append("guarded")
        tail = f"  [{'; '.join(extras)}]" if extras else ""
        out.append(f"  {t.trigger:<{twidth}}  {sources} -> {t.dest}{tail}")
    if spec.roles:
        out.append("")
        out.append(f"Roles ({len(spec.roles)}):")
        for r in spec.roles:
            out.append(f"  {r.name}  {_text(r.label, '', lang)}".rstrip())
    if spec.fields:
        out.append("")
        out.append(f"Fields ({len(spec.fields)}):")
        for f in spec.fields:
            flags = [f.type]
            if f.required:
                flags.append("required")
            if f.confidential:
                flags.append("confidential")
            out.append(f"  {f.name}  ({', '.join(flags)})  {_text(f.label, '', lang)}".rstrip())
    if spec.guards:
        out.append("")
        out.append(f"Guards ({len(spec.guards)}):")
        for g in spec.guards:
            kind = "registered by the app" if g.condition is None else "condition"
            out.append(f"  {g.name}  ({kind})")
    if spec.schedules:
        out.append("")
        out.append(f"Schedules ({len(spec.schedules)}):")
        for sched in spec.schedules:
            if sched.every == "month":
                rule = (
                    f"every month, {sched.weekday} of week {sched.week} ({sched.counting} counting)"
                )
            elif sched.every == "week":
                rule = f"every {sched.weekday}"
            elif sched.rrule:
                rule = f"RRULE {sched.rrule}"
            else:
                rule = f"{len(sched.dates)} listed dates"
            out.append(f"  {sched.name}: {rule}; if a day off: {sched.if_day_off}")
    return "\n".join(out) + "\n"

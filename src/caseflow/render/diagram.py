"""State diagrams of a workflow in Mermaid and Graphviz DOT.

This module owns drawing a ``WorkflowSpec``: states as nodes (initial and
final ones marked), transitions as labelled edges (trigger, roles, and a
mark when a guard applies). It writes text only; rendering DOT to an image
is Graphviz's job (``dot -Tsvg``), Mermaid's is the viewer's.
"""

from __future__ import annotations

from caseflow.definition import WorkflowSpec
from caseflow.render.chart_diagram import nested_dot, nested_mermaid

__all__ = ["FORMATS", "to_dot", "to_mermaid"]

FORMATS = ("mermaid", "dot")


def _edge_text(trigger: str, roles: tuple[str, ...], guarded: bool, label: str | None) -> str:
    text = label or trigger
    if guarded:
        text += " [guard]"
    if roles:
        text += f" ({', '.join(roles)})"
    return text


def _dot_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def to_dot(spec: WorkflowSpec, *, lang: str = "en") -> str:
    """The workflow as a Graphviz digraph (UTF-8 text)."""
    if spec.nested:  # compound states as clusters: caseflow.render.chart_diagram
        return nested_dot(spec, lang=lang)
    title = spec.title.get(lang) if spec.title else spec.name
    lines = [
        f"digraph {_dot_quote(spec.name)} {{",
        f"  label={_dot_quote(title)};",
        "  labelloc=t;",
        "  rankdir=LR;",
        '  node [shape=box, style="rounded,filled", fillcolor="#f5f5f5", fontname="Helvetica"];',
        '  edge [fontname="Helvetica", fontsize=10];',
        '  "__start__" [shape=point, width=0.15, label=""];',
    ]
    for state in spec.states:
        label = state.label.get(lang) if state.label else state.name
        attrs = [f"label={_dot_quote(label)}"]
        if state.final:
            attrs.append("peripheries=2")
            attrs.append('fillcolor="#e8f4e8"')
        if state.initial:
            attrs.append('fillcolor="#e8eef8"')
        lines.append(f"  {_dot_quote(state.name)} [{', '.join(attrs)}];")
    lines.append(f'  "__start__" -> {_dot_quote(spec.initial)};')
    for t in spec.transitions:
        edge_label = t.label.get(lang) if t.label else None
        text = _edge_text(t.trigger, t.roles, t.when is not None, edge_label)
        style = ", style=dashed" if t.when is not None else ""
        for src in t.sources:
            lines.append(
                f"  {_dot_quote(src)} -> {_dot_quote(t.dest)} [label={_dot_quote(text)}{style}];"
            )
    lines.append("}")
    return "\n".join(lines) + "\n"


def _mermaid_text(text: str) -> str:
    # Mermaid edge labels end at ':' or newlines and choke on quotes.
    return text.replace('"', "'").replace(":", " -").replace("\n", " ")


def to_mermaid(spec: WorkflowSpec, *, lang: str = "en") -> str:
    """The workflow as a Mermaid ``stateDiagram-v2``."""
    if spec.nested:  # composite states: caseflow.render.chart_diagram
        return nested_mermaid(spec, lang=lang)
    lines = ["stateDiagram-v2"]
    if spec.title:
        lines.insert(0, f"---\ntitle: {_mermaid_text(spec.title.get(lang))}\n---")
    for state in spec.states:
        label = state.label.get(lang) if state.label else state.name
        lines.append(f'    state "{_mermaid_text(label)}" as {state.name}')
    lines.append(f"    [*] --> {spec.initial}")
    for t in spec.transitions:
        edge_label = t.label.get(lang) if t.label else None
        text = _mermaid_text(_edge_text(t.trigger, t.roles, t.when is not None, edge_label))
        for src in t.sources:
            lines.append(f"    {src} --> {t.dest}: {text}")
    for state in spec.states:
        if state.final:
            lines.append(f"    {state.name} --> [*]")
    return "\n".join(lines) + "\n"

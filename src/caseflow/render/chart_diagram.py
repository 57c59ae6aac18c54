"""Diagrams of a nested workflow: compound states as clusters, parallel regions apart.

This module owns drawing a workflow whose states nest (docs/statecharts.md):
in DOT, a compound state is a cluster holding its children and a parallel
state a cluster holding one dashed cluster per region; an edge from or to a
compound state is drawn to its entry state and clipped at the cluster's
border (``compound=true``, ``ltail``/``lhead``). In Mermaid, a compound
state is a composite ``state X { ... }`` and a parallel state's regions are
separated by ``--``. The join (``done``) is a bold edge from the parallel
state. ``caseflow.render.diagram`` calls these for a nested workflow; flat
workflows are drawn there as before.
"""

from __future__ import annotations

import textwrap

from caseflow.definition import State, Transition, WorkflowSpec
from caseflow.i18n import _, language

__all__ = ["nested_dot", "nested_mermaid"]


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _label(state: State, lang: str) -> str:
    return state.label.get(lang) if state.label else state.name


def _done() -> str:
    """The word on a join's edge, in the language in force."""
    # TRANSLATORS: drawn on the edge a parallel state takes once every region is
    # final (its YAML key 'done'); one short word.
    return _("done")


def _edge_text(t: Transition, lang: str, spec: WorkflowSpec) -> str:
    """The action's label, its guard mark, and its roles (by label outside English)."""
    text = t.label.get(lang) if t.label else t.trigger
    if t.when is not None:
        with language(lang):
            text += " " + _("[guard]")
    if t.roles:
        labels = {r.name: r.label.get(lang) for r in spec.roles if r.label is not None}
        roles = t.roles if lang == "en" else tuple(labels.get(r, r) for r in t.roles)
        text += f" ({', '.join(roles)})"
    return text


def _tree(spec: WorkflowSpec) -> dict[str, State]:
    """Every state by path, parents first."""
    out: dict[str, State] = {}

    def walk(states: tuple[State, ...], parent: str) -> None:
        for s in states:
            path = f"{parent}.{s.name}" if parent else s.name
            out[path] = s
            walk((*s.states, *s.parallel), path)

    walk(spec.states, "")
    return out


def _entry(states: dict[str, State], path: str) -> str:
    """The simple state an edge to ``path`` is drawn to: its first initial descendant."""
    state = states[path]
    kids = state.parallel or state.states
    if not kids:
        return path
    first = next((k for k in kids if k.initial), kids[0])
    return _entry(states, f"{path}.{first.name}")


def nested_dot(spec: WorkflowSpec, *, lang: str = "en") -> str:
    """A nested workflow as a Graphviz digraph with clusters (UTF-8 text)."""
    # The drawn words ("[guard]", "done") follow ``lang``, as the labels do.
    with language(lang):
        return _nested_dot(spec, lang)


def _nested_dot(spec: WorkflowSpec, lang: str) -> str:
    states = _tree(spec)
    title = spec.title.get(lang) if spec.title else spec.name
    lines = [
        f"digraph {_quote(spec.name)} {{",
        f"  label={_quote(title)};",
        "  labelloc=t;",
        "  rankdir=TB;",
        '  size="8.3,11.7";',  # fits an A4 page, as the flat diagram (render.diagram)
        "  compound=true;",
        "  nodesep=0.2;",
        "  newrank=true;",  # ranks across clusters: measured 30% narrower here
        '  node [shape=box, style="rounded,filled", fillcolor="#f5f5f5", fontname="Helvetica"];',
        '  edge [fontname="Helvetica", fontsize=9];',
        '  "__start__" [shape=point, width=0.15, label=""];',
    ]

    def emit(children: tuple[State, ...], parent: str, indent: str, region: bool) -> None:
        for s in children:
            path = f"{parent}.{s.name}" if parent else s.name
            kids = s.parallel or s.states
            if kids:
                style = "dashed" if region else "rounded"
                lines.append(f"{indent}subgraph {_quote('cluster_' + path)} {{")
                lines.append(f"{indent}  label={_quote(_label(s, lang))};")
                lines.append(f'{indent}  style="{style}"; color="#7a7a7a"; fontname="Helvetica";')
                emit(kids, path, indent + "  ", bool(s.parallel))
                lines.append(f"{indent}}}")
                continue
            attrs = [f"label={_quote(_label(s, lang))}"]
            if s.final:
                attrs += ["peripheries=2", 'fillcolor="#e8f4e8"']
            if s.initial:
                attrs.append('fillcolor="#e8eef8"')
            lines.append(f"{indent}{_quote(path)} [{', '.join(attrs)}];")

    emit(spec.states, "", "  ", False)
    top = next(s.name for s in spec.states if s.initial)
    lines.append(f'  "__start__" -> {_quote(_entry(states, top))}{_clip("", top, states)};')
    for index, t in enumerate(spec.transitions):
        # Narrow labels, and a trigger fired from several states drawn once
        # through a junction point, as the flat diagram does: the page stays A4.
        text = "\n".join(textwrap.wrap(_edge_text(t, lang, spec), width=20)) or t.trigger
        style = ", style=dashed" if t.when is not None else ""
        dest = _quote(_entry(states, t.dest))
        if len(t.sources) > 2:
            join = _quote(f"__join_{index}")
            lines.append(f'  {join} [shape=point, width=0.08, label=""];')
            for src in t.sources:
                lines.append(
                    f"  {_quote(_entry(states, src))} -> {join} "
                    f"[arrowhead=none{style}{_clip(src, '', states)}];"
                )
            lines.append(f"  {join} -> {dest} [label={_quote(text)}{style}];")
            continue
        for src in t.sources:
            lines.append(
                f"  {_quote(_entry(states, src))} -> {dest} "
                f"[label={_quote(text)}{style}{_clip(src, t.dest, states)}];"
            )
    for path, s in states.items():
        if s.done is not None:
            lines.append(
                f"  {_quote(_entry(states, path))} -> {_quote(_entry(states, s.done))} "
                f"[label={_quote(_done())}, style=bold{_clip(path, s.done, states)}];"
            )
    lines.append("}")
    return "\n".join(lines) + "\n"


def _clip(src: str, dest: str, states: dict[str, State]) -> str:
    """``ltail``/``lhead`` for an edge from or to a state that is drawn as a cluster."""
    out = ""
    if src and (states[src].states or states[src].parallel):
        out += f", ltail={_quote('cluster_' + src)}"
    if dest and (states[dest].states or states[dest].parallel):
        out += f", lhead={_quote('cluster_' + dest)}"
    return out


def _mid(path: str) -> str:
    """A Mermaid id for a path (Mermaid ids take no dots)."""
    return path.replace(".", "__")


def _mtext(text: str) -> str:
    return text.replace('"', "'").replace(":", " -").replace("\n", " ")


def nested_mermaid(spec: WorkflowSpec, *, lang: str = "en") -> str:
    """A nested workflow as a Mermaid ``stateDiagram-v2`` with composite states."""
    with language(lang):
        return _nested_mermaid(spec, lang)


def _nested_mermaid(spec: WorkflowSpec, lang: str) -> str:
    lines = ["stateDiagram-v2"]
    if spec.title:
        lines.insert(0, f"---\ntitle: {_mtext(spec.title.get(lang))}\n---")

    def emit(children: tuple[State, ...], parent: str, indent: str) -> None:
        for s in children:
            path = f"{parent}.{s.name}" if parent else s.name
            lines.append(f'{indent}state "{_mtext(_label(s, lang))}" as {_mid(path)}')
            if s.parallel:
                lines.append(f"{indent}state {_mid(path)} {{")
                for i, region in enumerate(s.parallel):
                    if i:
                        lines.append(f"{indent}    --")
                    rpath = f"{path}.{region.name}"
                    lines.append(
                        f'{indent}    state "{_mtext(_label(region, lang))}" as {_mid(rpath)}'
                    )
                    lines.append(f"{indent}    state {_mid(rpath)} {{")
                    _inner(region.states, rpath, indent + "        ")
                    lines.append(f"{indent}    }}")
                lines.append(f"{indent}}}")
            elif s.states:
                lines.append(f"{indent}state {_mid(path)} {{")
                _inner(s.states, path, indent + "    ")
                lines.append(f"{indent}}}")

    def _inner(kids: tuple[State, ...], path: str, indent: str) -> None:
        first = next((k for k in kids if k.initial), kids[0])
        lines.append(f"{indent}[*] --> {_mid(path + '.' + first.name)}")
        emit(kids, path, indent)
        for k in kids:
            if k.final:
                lines.append(f"{indent}{_mid(path + '.' + k.name)} --> [*]")

    emit(spec.states, "", "    ")
    lines.append(f"    [*] --> {_mid(next(s.name for s in spec.states if s.initial))}")
    for t in spec.transitions:
        text = _mtext(_edge_text(t, lang, spec))
        for src in t.sources:
            lines.append(f"    {_mid(src)} --> {_mid(t.dest)}: {text}")
    for path, s in _tree(spec).items():
        if s.done is not None:
            lines.append(f"    {_mid(path)} --> {_mid(s.done)}: {_mtext(_done())}")
    for s in spec.states:
        if s.final:
            lines.append(f"    {s.name} --> [*]")
    return "\n".join(lines) + "\n"

"""State diagrams of a workflow in Mermaid and Graphviz DOT, laid out for a person to read.

This module owns drawing a ``WorkflowSpec``: states as nodes (initial and
final ones marked), transitions as labelled edges (trigger, roles, and a
mark when a guard applies), and the choices that make a diagram readable:

- the *main path* (``main_path``) is drawn as a straight vertical spine,
  top to bottom; it is the longest path without loops from the initial
  state to the first final state declared (authors list the ordinary
  outcome first), ties going to the state declared first;
- final states off the main path (withdrawn, filed, referred ...) are side
  exits, drawn together in one box beside the spine;
- one transition fired from several states (``withdraw`` from five) is
  drawn once: its sources meet in a junction point (a join bar in
  Mermaid) and one labelled edge leaves it;
- the DOT graph asks Graphviz to fit an A4 page (8.3 x 11.7 inches).

It writes text only; ``render_dot`` hands DOT to Graphviz's ``dot``
program for SVG or PNG, if it is installed. Mermaid's rendering is the
viewer's.
"""

from __future__ import annotations

import html
import itertools
import shutil
import subprocess
import textwrap

from caseflow.definition import State, Transition, WorkflowSpec
from caseflow.errors import CaseflowError, InputError
from caseflow.i18n import _, language
from caseflow.render.chart_diagram import nested_dot, nested_mermaid

__all__ = [
    "FORMATS",
    "IMAGE_FORMATS",
    "GraphvizMissing",
    "main_path",
    "render_dot",
    "to_dot",
    "to_mermaid",
]

FORMATS = ("mermaid", "dot")
IMAGE_FORMATS = ("svg", "png")
A4_INCHES = "8.3,11.7"
"""An A4 page, portrait, in inches: Graphviz shrinks a larger drawing to fit."""


class GraphvizMissing(CaseflowError):
    """Graphviz's ``dot`` program is not installed, or failed to draw."""


def _guard_mark(lang: str) -> str:
    """The mark of a transition with a condition, in the diagram's language."""
    with language(lang):
        return " " + _("[guard]")


def _edge_text(t: Transition, lang: str, spec: WorkflowSpec) -> str:
    text = t.label.get(lang) if t.label else t.trigger
    if t.when is not None:
        text += _guard_mark(lang)
    if t.roles:
        text += f" ({', '.join(_roles(spec, t.roles, lang))})"
    return text


def _wrapped(text: str, width: int) -> str:
    """``text`` broken into lines of about ``width`` characters, so that a label stays narrow."""
    return "\n".join(textwrap.wrap(text, width=width, break_long_words=False)) or text


def _dot_edge_text(t: Transition, lang: str, spec: WorkflowSpec) -> str:
    """The edge label for DOT: the action, its guard mark, then the roles on lines of their own."""
    text = _wrapped(
        (t.label.get(lang) if t.label else t.trigger) + (_guard_mark(lang) if t.when else ""), 26
    )
    if t.roles:
        text += "\n" + _wrapped(f"({', '.join(_roles(spec, t.roles, lang))})", 24)
    return text


def _roles(spec: WorkflowSpec, roles: tuple[str, ...], lang: str) -> tuple[str, ...]:
    """Role ids as drawn: their labels in Vietnamese (ids are the analyst's words)."""
    if lang == "en":
        return roles
    labels = {r.name: r.label.get(lang) for r in spec.roles if r.label is not None}
    return tuple(labels.get(role, role) for role in roles)


def _dot_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def main_path(spec: WorkflowSpec) -> tuple[str, ...]:
    """The states of the main path, from the initial state to the first final one declared.

    It is the longest path that visits no state twice, found on the graph
    without its loops (edges back to a state on the way from the initial
    one); ties go to the state declared first. Without a final state that
    can be reached, it is the longest such path to any state.
    """
    order = {s.name: i for i, s in enumerate(spec.states)}
    outgoing: dict[str, list[str]] = {s.name: [] for s in spec.states}
    for t in spec.transitions:
        for src in t.sources:
            if src in outgoing and t.dest in order and t.dest not in outgoing[src]:
                outgoing[src].append(t.dest)
    for targets in outgoing.values():
        targets.sort(key=order.__getitem__)
    forward = _forward_edges(spec.initial, outgoing)
    finals = [s.name for s in spec.states if s.final]
    longest: dict[str, tuple[str, ...]] = {}

    def best(node: str, goal: str | None) -> tuple[str, ...]:
        # The longest forward path from node (to goal, if given); () if none reaches it.
        key = f"{node}>{goal}"
        if key in longest:
            return longest[key]
        found: tuple[str, ...] = (node,) if goal in (None, node) else ()
        if node != goal:
            for nxt in forward[node]:
                rest = best(nxt, goal)
                if rest and len(rest) + 1 > len(found):
                    found = (node, *rest)
        longest[key] = found
        return found

    for goal in finals:
        path = best(spec.initial, goal)
        if path:
            return path
    return best(spec.initial, None)


def _forward_edges(start: str, outgoing: dict[str, list[str]]) -> dict[str, list[str]]:
    """``outgoing`` without the edges that close a loop, found by a depth-first walk."""
    forward: dict[str, list[str]] = {node: [] for node in outgoing}
    on_path: set[str] = set()
    done: set[str] = set()
    stack: list[tuple[str, int]] = [(start, 0)]
    on_path.add(start)
    while stack:
        node, index = stack.pop()
        if index < len(outgoing[node]):
            stack.append((node, index + 1))
            nxt = outgoing[node][index]
            if nxt in on_path:
                continue  # a loop back: not a step forward
            forward[node].append(nxt)
            if nxt not in done:
                on_path.add(nxt)
                stack.append((nxt, 0))
        else:
            on_path.discard(node)
            done.add(node)
    return forward


def _groups(spec: WorkflowSpec) -> list[tuple[Transition, tuple[str, ...]]]:
    """Each transition with its sources (declared states only, each once)."""
    names = {s.name for s in spec.states}
    out = []
    for t in spec.transitions:
        sources = tuple(dict.fromkeys(src for src in t.sources if src in names))
        out.append((t, sources))
    return out


def to_dot(spec: WorkflowSpec, *, lang: str = "en") -> str:
    """The workflow as a Graphviz digraph (UTF-8 text), top to bottom, fitting an A4 page."""
    if spec.nested:  # compound states as clusters: caseflow.render.chart_diagram
        return nested_dot(spec, lang=lang)
    with language(lang):
        return _to_dot(spec, lang)


def _to_dot(spec: WorkflowSpec, lang: str) -> str:
    title = spec.title.get(lang) if spec.title else spec.name
    spine = main_path(spec)
    on_spine = set(spine)
    lines = [
        f"digraph {_dot_quote(spec.name)} {{",
        f"  label={_dot_quote(title)};",
        "  labelloc=t;",
        '  fontname="Helvetica";',
        "  rankdir=TB;",
        f'  size="{A4_INCHES}";',
        "  ratio=compress;",
        "  newrank=true;",
        "  nodesep=0.25;",
        "  ranksep=0.35;",
        '  node [shape=box, style="rounded,filled", fillcolor="#f5f5f5", fontname="Helvetica",'
        " fontsize=12];",
        '  edge [fontname="Helvetica", fontsize=9, color="#555555", arrowsize=0.7];',
        '  "__start__" [shape=point, width=0.15, label="", group=main];',
    ]
    exits = _side_exits(spec, spine)
    for state in spec.states:
        if state in exits:
            continue
        lines.append(f"  {_dot_quote(state.name)} [{_node_attrs(state, lang, on_spine)}];")
    if exits:
        lines.append("  subgraph cluster_exits {")
        with language(lang):
            label = _("other endings")
        lines.append(f'    label={_dot_quote(label)}; style="rounded,dashed"; color="#999999";')
        lines.append('    fontsize=10; fontcolor="#666666";')
        for state in exits:
            attrs = _node_attrs(state, lang, on_spine, label=_exit_label(spec, state, lang))
            lines.append(f"    {_dot_quote(state.name)} [{attrs}];")
        # Stacked in one column beside the spine, in the order their sources
        # stand on it, rather than in one wide row.
        for above, below in itertools.pairwise(exits):
            lines.append(f"    {_dot_quote(above.name)} -> {_dot_quote(below.name)} [style=invis];")
        lines.append("  }")
    lines.append(f'  "__start__" -> {_dot_quote(spec.initial)} [weight=100, color="#222222"];')
    steps = set(itertools.pairwise(spine))
    exit_names = {state.name for state in exits}
    for index, (t, sources) in enumerate(_groups(spec)):
        # An exit's box names the actions that lead to it: its edges need no
        # label, which keeps the labels from crowding the top of the page.
        text = '""' if t.dest in exit_names else _dot_quote(_dot_edge_text(t, lang, spec))
        style = ", style=dashed" if t.when is not None else ""
        dest = _dot_quote(t.dest)
        if (
            len(sources) > 1
            and t.dest not in sources
            and not any((src, t.dest) in steps for src in sources)
        ):
            # One trigger from several states: the sources meet at a point,
            # and one labelled edge goes on from it. A step of the main path
            # stays a straight edge of its own, and a loop stays a loop.
            junction = _dot_quote(f"__{t.trigger}_{index}__")
            lines.append(f'  {junction} [shape=point, width=0.06, color="#555555", label=""];')
            for src in sources:
                lines.append(
                    f'  {_dot_quote(src)} -> {junction} [arrowhead=none, color="#999999"{style}];'
                )
            lines.append(f"  {junction} -> {dest} [label={text}{style}];")
            continue
        for src in sources:
            # The main path: heavy (kept straight and short) and drawn darker.
            weight = ', weight=100, penwidth=1.6, color="#222222"' if (src, t.dest) in steps else ""
            lines.append(f"  {_dot_quote(src)} -> {dest} [label={text}{style}{weight}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _side_exits(spec: WorkflowSpec, spine: tuple[str, ...]) -> list[State]:
    """The final states off the main path reached from it, by the place of their last source."""
    place = {name: i for i, name in enumerate(spine)}
    last: dict[str, int] = {}
    for t in spec.transitions:
        for src in t.sources:
            if src in place:
                last[t.dest] = max(last.get(t.dest, place[src]), place[src])
    # A final state reached only from off the path stays beside its source.
    exits = [s for s in spec.states if s.final and s.name not in place and s.name in last]
    return sorted(exits, key=lambda s: last[s.name])


def _exit_label(spec: WorkflowSpec, state: State, lang: str) -> str:
    """An HTML-like label: the exit's name, then each action leading to it in small type."""
    name = state.label.get(lang) if state.label else state.name
    parts = [_html(_wrapped(name, 22))]
    for t in spec.transitions:
        if t.dest == state.name:
            text = _html(_dot_edge_text(t, lang, spec))
            parts.append(f'<FONT POINT-SIZE="9" COLOR="#444444">\u2190 {text}</FONT>')
    return "<" + "<BR/>".join(parts) + ">"


def _html(text: str) -> str:
    return html.escape(text, quote=True).replace("\n", "<BR/>")


def _node_attrs(state: State, lang: str, on_spine: set[str], *, label: str | None = None) -> str:
    name = state.label.get(lang) if state.label else state.name
    attrs = [f"label={label or _dot_quote(_wrapped(name, 22))}"]
    if state.name in on_spine:
        attrs.append("group=main")
    if state.final:
        attrs.append("peripheries=2")
        attrs.append('fillcolor="#e8f4e8"')
    if state.initial:
        attrs.append('fillcolor="#e8eef8"')
    return ", ".join(attrs)


def render_dot(dot: str, fmt: str) -> bytes:
    """``dot`` drawn by Graphviz as ``fmt`` (``svg`` or ``png``): the file's bytes.

    Raises ``GraphvizMissing`` when the ``dot`` program is not installed or
    fails, and ``InputError`` for another format.
    """
    if fmt not in IMAGE_FORMATS:
        raise InputError(
            _("fmt must be one of {formats}, not {fmt!r}").format(
                formats=", ".join(IMAGE_FORMATS), fmt=fmt
            )
        )
    program = shutil.which("dot")
    if program is None:
        raise GraphvizMissing(
            _(
                "Graphviz is not installed (no 'dot' program on PATH), so no {fmt} can be "
                "drawn; install it (apt-get install graphviz, brew install graphviz) or use "
                "--format dot"
            ).format(fmt=fmt.upper())
        )
    try:
        done = subprocess.run(
            [program, f"-T{fmt}"], input=dot.encode("utf-8"), capture_output=True, check=False
        )
    except OSError as err:
        raise GraphvizMissing(
            _("Graphviz's 'dot' could not be run: {reason}").format(reason=err.strerror or err)
        ) from None
    if done.returncode != 0:
        first = done.stderr.decode("utf-8", "replace").strip().splitlines()[:1]
        raise GraphvizMissing(
            _("Graphviz's 'dot' failed: {reason}").format(
                reason=first[0] if first else done.returncode
            )
        )
    return done.stdout


def _mermaid_text(text: str) -> str:
    # Mermaid edge labels end at ':' or newlines and choke on quotes.
    return text.replace('"', "'").replace(":", " -").replace("\n", " ")


def to_mermaid(spec: WorkflowSpec, *, lang: str = "en") -> str:
    """The workflow as a Mermaid ``stateDiagram-v2``, top to bottom.

    A transition from several states goes through a join bar, so that it is
    drawn and labelled once.
    """
    if spec.nested:  # composite states: caseflow.render.chart_diagram
        return nested_mermaid(spec, lang=lang)
    with language(lang):
        return _to_mermaid(spec, lang)


def _to_mermaid(spec: WorkflowSpec, lang: str) -> str:
    lines = ["stateDiagram-v2", "    direction TB"]
    if spec.title:
        lines.insert(0, f"---\ntitle: {_mermaid_text(spec.title.get(lang))}\n---")
    for state in spec.states:
        label = state.label.get(lang) if state.label else state.name
        lines.append(f'    state "{_mermaid_text(label)}" as {state.name}')
    lines.append(f"    [*] --> {spec.initial}")
    for index, (t, sources) in enumerate(_groups(spec)):
        text = _mermaid_text(_edge_text(t, lang, spec))
        if len(sources) > 1:
            join = f"{t.trigger}_{index}_join"
            lines.append(f"    state {join} <<join>>")
            lines.extend(f"    {src} --> {join}" for src in sources)
            lines.append(f"    {join} --> {t.dest}: {text}")
            continue
        lines.extend(f"    {src} --> {t.dest}: {text}" for src in sources)
    for state in spec.states:
        if state.final:
            lines.append(f"    {state.name} --> [*]")
    return "\n".join(lines) + "\n"

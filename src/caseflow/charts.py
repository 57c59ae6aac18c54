"""Statecharts: what nested and parallel states mean, computed once per definition.

This module owns the meaning of a workflow whose states hold ``states``
(a compound state) or ``parallel`` regions: every state's dotted path
(``screened.proposed``), the *configurations* a case can rest in, which
states are active in each, where a transition from a configuration leads,
and the join of a parallel state (``done``). The engine, the deadline
evaluator and the store all fold over the same configurations, so that a
nested workflow runs on the same flat tables as a flat one.

A configuration is written as the paths of its active simple states, in
the order the file writes them, joined by ``|``: ``screened.proposed``,
or ``verifying.agency_a.checking|verifying.agency_b.reported``. A name is
*active* in a configuration when one of those paths is the name or starts
with the name and a dot; a parent is active whenever one of its children
is. Reading the syntax is ``caseflow.loading.statechart``'s job; running
a case is the engine's (which also builds transitions' HierarchicalMachine
for such a workflow and checks its steps agree with these).
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from caseflow.definition import State, Transition, WorkflowSpec

__all__ = [
    "JOIN",
    "SEP",
    "Chart",
    "Node",
    "active_in",
    "chart_of",
    "expand",
    "paths",
    "reach_graph",
]

SEP = "."
"""Between the parts of a state's path: ``screened.proposed``."""
JOIN = "|"
"""Between the regions' states of a configuration."""


@attrs.frozen
class Node:
    """One state of the chart: its path, what it is, and its children's paths.

    ``kind`` is ``simple``, ``compound`` (one child active at a time),
    ``parallel`` (every region active) or ``region`` (a part of a parallel
    state, itself one child active at a time).
    """

    path: str
    state: State
    kind: str
    parent: str | None
    children: tuple[str, ...]
    initial: str | None


class Chart:
    """A definition's states as a tree, its configurations and its steps.

    Built from a ``WorkflowSpec`` that the loader has checked; an unchecked
    one may raise ``KeyError`` or ``StopIteration``.
    """

    def __init__(self, spec: WorkflowSpec) -> None:
        self.spec = spec
        self.nodes: dict[str, Node] = {}
        for state in spec.states:
            self._add(state, None, "compound" if state.states else "simple")
        self.order = {p: i for i, p in enumerate(self.nodes)}
        self.initial = spec.initial
        self.configurations, self.edges = self._explore()

    def _add(self, state: State, parent: str | None, kind: str) -> None:
        path = state.name if parent is None else f"{parent}{SEP}{state.name}"
        if state.parallel:
            kind = "parallel"
            children = state.parallel
        elif state.states:
            kind = "region" if kind == "region" else "compound"
            children = state.states
        else:
            kind = "region" if kind == "region" else "simple"
            children = ()
        first = next((c for c in children if c.initial), children[0] if children else None)
        self.nodes[path] = Node(
            path=path,
            state=state,
            kind=kind,
            parent=parent,
            children=tuple(f"{path}{SEP}{c.name}" for c in children),
            initial=f"{path}{SEP}{first.name}"
            if first is not None and not state.parallel
            else None,
        )
        for child in children:
            self._add(child, path, "region" if state.parallel else "simple")

    # -- configurations ---------------------------------------------------------

    def enter(self, path: str) -> list[str]:
        """The simple states entering ``path`` makes active (initial children, all regions)."""
        node = self.nodes[path]
        if node.kind == "parallel":
            return [leaf for child in node.children for leaf in self.enter(child)]
        if node.initial is not None:
            return self.enter(node.initial)
        return [path]

    def compose(self, leaves: Iterable[str]) -> str:
        """The configuration of these simple states, in written order."""
        return JOIN.join(sorted(set(leaves), key=self.order.__getitem__))

    def step(self, config: str, source: str, dest: str) -> str:
        """Where the transition ``source -> dest`` leads from ``config`` (the join applied).

        The states left are the ones under the child of the two paths'
        deepest common parent on the source's side; the destination is
        entered at its initial children. A transition into a region comes
        from inside it (the loader refuses the others), so the only states
        entered are the destination's.
        """
        src, dst = source.split(SEP), dest.split(SEP)
        k = 0
        while k < len(src) - 1 and k < len(dst) - 1 and src[k] == dst[k]:
            k += 1
        left = SEP.join(src[: k + 1])
        kept = [leaf for leaf in config.split(JOIN) if not _under(leaf, left)]
        return self.join(self.compose([*kept, *self.enter(dest)]))

    def join(self, config: str) -> str:
        """``config`` after every parallel state whose regions are all final has joined."""
        for _ in range(len(self.nodes)):
            leaves = config.split(JOIN)
            for path, node in self.nodes.items():
                if node.kind != "parallel" or node.state.done is None:
                    continue
                inside = [leaf for leaf in leaves if _under(leaf, path)]
                if inside and all(self.nodes[leaf].state.final for leaf in inside):
                    kept = [leaf for leaf in leaves if not _under(leaf, path)]
                    config = self.compose([*kept, *self.enter(node.state.done)])
                    break
            else:
                return config
        return config  # pragma: no cover - the loader refuses a join that loops

    def is_final(self, config: str) -> bool:
        """Whether the case ends in ``config``: one simple state marked final, outside a region."""
        leaves = config.split(JOIN)
        return (
            len(leaves) == 1 and self.nodes[leaves[0]].state.final and not self.in_region(leaves[0])
        )

    def in_region(self, path: str) -> str | None:
        """The nearest region ``path`` lies in (or is), or None."""
        node: Node | None = self.nodes[path]
        while node is not None:
            if node.kind == "region":
                return node.path
            node = self.nodes[node.parent] if node.parent is not None else None
        return None

    def candidates(self, config: str, trigger: str) -> list[tuple[Transition, str]]:
        """The transitions ``trigger`` may take from ``config``, in the order tried, with sources.

        A child's transition is tried before its parents' (the deepest
        source first), then in the order the file writes them, as
        transitions' HierarchicalMachine does.
        """
        out = []
        for t in self.spec.transitions:
            if t.trigger != trigger:
                continue
            # A transition listed from a child and its parent is the child's.
            active = [src for src in t.sources if active_in(src, config)]
            if active:
                out.append((t, max(active, key=lambda src: src.count(SEP))))
        out.sort(key=lambda ts: -ts[1].count(SEP))
        return out

    def _explore(
        self,
    ) -> tuple[tuple[str, ...], dict[tuple[str, str], list[tuple[Transition, str]]]]:
        """Every configuration reachable from the initial one, guards not checked."""
        seen = [self.initial]
        known = {self.initial}
        edges: dict[tuple[str, str], list[tuple[Transition, str]]] = {}
        triggers = list(dict.fromkeys(t.trigger for t in self.spec.transitions))
        i = 0
        while i < len(seen):
            config = seen[i]
            i += 1
            for trigger in triggers:
                cands = self.candidates(config, trigger)
                if not cands:
                    continue
                steps = []
                for t, src in cands:
                    dest = self.step(config, src, t.dest)
                    steps.append((t, dest))
                    if dest not in known:
                        known.add(dest)
                        seen.append(dest)
                edges[(config, trigger)] = steps
        return tuple(seen), edges


def _under(path: str, name: str) -> bool:
    return path == name or path.startswith(name + SEP)


def active_in(name: str, config: str) -> bool:
    """Whether state ``name`` (a dotted path) is active in configuration ``config``."""
    return any(_under(leaf, name) for leaf in config.split(JOIN))


_CHARTS: dict[int, tuple[WorkflowSpec, Chart]] = {}


def chart_of(spec: WorkflowSpec) -> Chart:
    """The chart of a nested ``spec``, built once per definition object."""
    cached = _CHARTS.get(id(spec))
    if cached is None or cached[0] is not spec:
        if len(_CHARTS) > 256:  # definitions are few; this keeps a long-lived process bounded
            _CHARTS.clear()
        cached = (spec, Chart(spec))
        _CHARTS[id(spec)] = cached
    return cached[1]


def expand(spec: WorkflowSpec, names: Iterable[str]) -> frozenset[str]:
    """The configurations in which one of ``names`` is active (a flat spec: the names)."""
    names = tuple(names)
    if not spec.nested:
        return frozenset(names)
    chart = chart_of(spec)
    return frozenset(
        c for c in chart.configurations if any(active_in(n, c) for n in names)
    ) | frozenset(n for n in names if n in chart.configurations)


def paths(states: Iterable[State], parent: str = "") -> list[str]:
    """Every state's dotted path, parents before their children, in written order."""
    out = []
    for state in states:
        path = f"{parent}{SEP}{state.name}" if parent else state.name
        out.append(path)
        out.extend(paths((*state.states, *state.parallel), path))
    return out


def reach_graph(spec: WorkflowSpec) -> dict[str, list[str]]:
    """Edges between paths that over-approximate where a nested case can go.

    A parent leads to its children and a child to its parent (being in a
    child is being in the parent); used by the loader's "could this ever
    happen" checks, which must never report what can happen.
    """
    out: dict[str, list[str]] = {}
    for path in paths(spec.states):
        if SEP in path:
            parent = path.rsplit(SEP, 1)[0]
            out.setdefault(parent, []).append(path)
            out.setdefault(path, []).append(parent)
    for t in spec.transitions:
        for src in t.sources:
            out.setdefault(src, []).append(t.dest)
    return out

"""How the guards of a definition use each other: loops and depth, checked in linear time.

This module owns the checks that follow guard references across the whole
definition: no guard refers to itself, directly or through others, and no
condition nests deeper than ``MAX_CONDITION_DEPTH`` levels counting the
guards it uses (compiling and evaluating a condition recurse that deep, so
this is what keeps them within Python's stack). Each guard is visited once,
by loops rather than recursion, so a file of thousands of guards is checked
at once. Reading conditions and checking what each tests is
``caseflow.loading.guards``' job; compiling them is ``caseflow.conditions``'.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator

from caseflow.definition import Condition, GuardRef
from caseflow.i18n import _
from caseflow.loading.context import Checking
from caseflow.loading.guards import all_conditions, condition_parts, guard_refs

__all__ = ["MAX_CONDITION_DEPTH", "MAX_CONDITION_SIZE", "check_guard_cycles"]


def check_guard_cycles(checking: Checking) -> None:
    """No guard refers to itself, and no condition is too deep or too large with its guards.

    Linear in the size of the definition: each guard is visited once, by
    loops rather than recursion, so a file of thousands of guards that use
    each other is checked at once. A condition that nests too deep would
    run compiling and evaluating out of stack; one that uses a guard that
    uses another twice, and so on, doubles at each step, and evaluating or
    explaining it would never end: both are refused here.
    """
    graph = _guard_graph(checking)
    depths: dict[str, int] = {}
    sizes: dict[str, int] = {}
    deepest: dict[str, str] = {}
    for component in _components(graph):
        looped = len(component) > 1 or component[0] in graph[component[0]]
        if looped:
            _report_loops(checking, graph, component)
            depths.update(dict.fromkeys(component, 1))
            sizes.update(dict.fromkeys(component, 1))
            continue
        name = component[0]
        condition = checking.guards[name].condition
        assert condition is not None
        depths[name], sizes[name], below = _measure(condition, depths, sizes)
        if below is not None:
            deepest[name] = below
        refs = graph[name]
        if depths[name] > MAX_CONDITION_DEPTH and all(
            depths[ref] <= MAX_CONDITION_DEPTH for ref in refs
        ):
            chain = [name]
            while chain[-1] in deepest and len(chain) <= len(graph):
                chain.append(deepest[chain[-1]])
            checking.add(
                checking.guards[name].where.get(""),
                _(
                    "guard {name!r} nests {depths} levels deep with the guards "
                    "it uses ({value}); {depth_rule}"
                ).format(
                    name=name, depths=depths[name], value=_path(chain), depth_rule=_DEPTH_RULE
                ),
            )
        elif sizes[name] > MAX_CONDITION_SIZE and all(
            sizes[ref] <= MAX_CONDITION_SIZE and depths[ref] <= MAX_CONDITION_DEPTH for ref in refs
        ):
            checking.add(
                checking.guards[name].where.get(""),
                _("guard {name!r} {size_rule}").format(name=name, size_rule=_SIZE_RULE),
            )
    for what, condition in all_conditions(checking):
        if what.startswith("guard "):
            continue
        depth, size, _count = _measure(condition, depths, sizes)
        used = {ref.name for ref in guard_refs(condition)}
        if any(
            depths.get(n, 0) > MAX_CONDITION_DEPTH or sizes.get(n, 0) > MAX_CONDITION_SIZE
            for n in used
        ):
            continue  # the guard is reported
        if depth > MAX_CONDITION_DEPTH:
            checking.add(
                condition.where.get(""),
                _(
                    "the condition of {what} nests {depth} levels deep with the "
                    "guards it uses; {depth_rule}"
                ).format(what=what, depth=depth, depth_rule=_DEPTH_RULE),
            )
        elif size > MAX_CONDITION_SIZE:
            checking.add(
                condition.where.get(""),
                _("the condition of {what} {size_rule}").format(what=what, size_rule=_SIZE_RULE),
            )


MAX_CONDITION_DEPTH = 100
"""How deep a condition may nest, counting each list, ``all``, ``any``, ``not``,
field test and guard reference, through the guards it uses."""
MAX_CONDITION_SIZE = 10_000
"""How many parts a condition may have with the guards it uses written out
(a guard used twice counts twice): what evaluating or explaining it may visit."""
_DEPTH_RULE = (
    f"the limit is {MAX_CONDITION_DEPTH} levels (each list, all, any, not, field test and "
    "guard counts one); use fewer layers of guards"
)
_SIZE_RULE = (
    f"has more than {MAX_CONDITION_SIZE:,} parts when the guards it uses are written out "
    "(each use of a guard counts its parts again); use each guard fewer times"
)
# A loop of many guards is reported at its first few, each with the loop from it.
_LOOP_REPORTS = 10
_PATH_NAMES = 10


def _guard_graph(checking: Checking) -> dict[str, list[str]]:
    """Each guard written as a condition, with the such guards it uses, in file order."""
    guards = checking.guards
    graph: dict[str, list[str]] = {}
    for name, guard in guards.items():
        if guard.condition is None:
            continue
        refs = (ref.name for ref in guard_refs(guard.condition))
        graph[name] = [
            r for r in dict.fromkeys(refs) if r in guards and guards[r].condition is not None
        ]
    return graph


def _components(graph: dict[str, list[str]]) -> list[list[str]]:
    """The strongly connected components of ``graph``, each after those it uses.

    Tarjan's algorithm with an explicit stack; each component's names are
    in file order.
    """
    order = {name: i for i, name in enumerate(graph)}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        work: list[tuple[str, Iterator[str]]] = []
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work.append((root, iter(graph[root])))
        while work:
            name, refs = work[-1]
            for ref in refs:
                if ref not in index:
                    index[ref] = low[ref] = len(index)
                    stack.append(ref)
                    on_stack.add(ref)
                    work.append((ref, iter(graph[ref])))
                    break
                if ref in on_stack:
                    low[name] = min(low[name], index[ref])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[name])
                if low[name] == index[name]:
                    component: list[str] = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == name:
                            break
                    found.append(sorted(component, key=order.__getitem__))
    return found


def _report_loops(checking: Checking, graph: dict[str, list[str]], component: list[str]) -> None:
    """Each guard of a loop (the first few of a long one), with the shortest loop from it."""
    members = set(component)
    for name in component[:_LOOP_REPORTS]:
        came_from: dict[str, str] = {}
        queue = deque([name])
        loop: list[str] | None = None
        while queue and loop is None:
            here = queue.popleft()
            for ref in graph[here]:
                if ref == name:
                    loop = [name]
                    step = here
                    while step != name:
                        loop.insert(1, step)
                        step = came_from[step]
                    loop.append(name)
                    break
                if ref in members and ref not in came_from:
                    came_from[ref] = here
                    queue.append(ref)
        assert loop is not None  # a component's members reach each other
        checking.add(
            checking.guards[name].where.get(""),
            _("guard {name!r} refers to itself: {value}").format(name=name, value=_path(loop)),
        )


def _path(names: list[str]) -> str:
    if len(names) <= _PATH_NAMES:
        return " -> ".join(names)
    head = " -> ".join(names[: _PATH_NAMES - 2])
    return f"{head} -> ... ({len(names) - _PATH_NAMES} more) -> {names[-2]} -> {names[-1]}"


def _measure(
    condition: Condition, depths: dict[str, int], sizes: dict[str, int]
) -> tuple[int, int, str | None]:
    """How deep ``condition`` nests and how many parts it has, its guards written out.

    Also the guard through which it nests deepest, if any. Guards not
    measured (registered, unknown) count one part, one level. Sizes stop
    counting just past ``MAX_CONDITION_SIZE``, so that doubling guards do
    not make numbers of thousands of digits.
    """
    deepest = 0
    size = 0
    through: str | None = None
    stack: list[tuple[Condition, int]] = [(condition, 1)]
    while stack:
        item, level = stack.pop()
        size += 1
        if isinstance(item, GuardRef):
            inner = depths.get(item.name, 0)
            size += sizes.get(item.name, 0)
            if level + inner > deepest:
                deepest, through = level + inner, item.name if inner else through
            continue
        if level > deepest:
            deepest = level
        stack.extend((part, level + 1) for part in condition_parts(item))
    return deepest, min(size, MAX_CONDITION_SIZE + 1), through

"""Diagrams a person can read: a straight main path, grouped exits, one edge per action, A4.

The main path is checked against an independent brute force on graphs
without loops, and as a path on any graph; the DOT and Mermaid texts are
checked for what a reader relies on (one label for an action taken from
several states); the drawn page is measured with Graphviz when it is
installed; the CLI's image formats and the pipelines of `caseflow --help`
are run as a user would.
"""

from __future__ import annotations

import itertools
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from caseflow.cli import main
from caseflow.definition import State, Transition, WorkflowSpec
from caseflow.loading import read_workflow
from caseflow.render.diagram import GraphvizMissing, main_path, render_dot, to_dot, to_mermaid

ROOT = Path(__file__).parent.parent
SHIPPED = sorted((ROOT / "src" / "caseflow" / "workflows").glob("*.yaml"))
RECEPTION = ROOT / "workflows" / "citizen_reception.yaml"
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")


@st.composite
def graphs(draw: st.DrawFn, *, loops: bool) -> WorkflowSpec:
    """A workflow of 2-8 states, state 0 initial, some final, random edges (forward only if not loops)."""
    n = draw(st.integers(2, 8))
    names = [f"s{i}" for i in range(n)]
    finals = draw(st.sets(st.integers(1, n - 1), max_size=n - 1))
    pairs = [(a, b) for a in range(n) for b in range(n) if loops or a < b]
    edges = draw(st.lists(st.sampled_from(pairs), max_size=20, unique=True)) if pairs else []
    states = tuple(
        State(name=name, initial=i == 0, final=i in finals) for i, name in enumerate(names)
    )
    transitions = tuple(
        Transition(trigger=f"t{k}", sources=(names[a],), dest=names[b])
        for k, (a, b) in enumerate(edges)
    )
    return WorkflowSpec(name="g", states=states, transitions=transitions)


def simple_paths(spec: WorkflowSpec, start: str) -> list[tuple[str, ...]]:
    """Every path from ``start`` that visits no state twice (brute force)."""
    outgoing: dict[str, list[str]] = {s.name: [] for s in spec.states}
    for t in spec.transitions:
        for src in t.sources:
            outgoing[src].append(t.dest)
    found: list[tuple[str, ...]] = []
    stack: list[tuple[str, ...]] = [(start,)]
    while stack:
        path = stack.pop()
        found.append(path)
        stack.extend((*path, nxt) for nxt in outgoing[path[-1]] if nxt not in path)
    return found


@given(graphs(loops=False))
def test_without_loops_the_main_path_is_the_longest_path_to_the_first_final_state(
    spec: WorkflowSpec,
) -> None:
    """On a graph without loops the main path is a longest path to the first final state reached."""
    paths = simple_paths(spec, spec.initial)
    path = main_path(spec)
    reached = {p[-1] for p in paths}
    goals = [s.name for s in spec.states if s.final and s.name in reached]
    if goals:
        to_goal = [p for p in paths if p[-1] == goals[0]]
        assert path[-1] == goals[0]
        assert len(path) == max(len(p) for p in to_goal)
    else:
        assert len(path) == max(len(p) for p in paths)
    assert path in paths


@given(graphs(loops=True))
def test_the_main_path_is_always_a_path_from_the_initial_state(spec: WorkflowSpec) -> None:
    """With loops too, the main path starts at the initial state and follows transitions, no state twice."""
    path = main_path(spec)
    edges = {(src, t.dest) for t in spec.transitions for src in t.sources}
    assert path[0] == spec.initial
    assert len(set(path)) == len(path)
    assert all(step in edges for step in itertools.pairwise(path))


def test_the_reception_s_main_path_runs_from_intake_to_the_report() -> None:
    """The reception's spine is the ordinary course of a case, to 'reported'."""
    spec = read_workflow(RECEPTION)
    assert main_path(spec) == (
        "received",
        "screened",
        "selected",
        "briefed",
        "heard",
        "under_review",
        "concluded",
        "reported",
    )


def test_dot_is_top_to_bottom_on_a_straight_spine_fitting_a4() -> None:
    """The DOT asks for a vertical layout, an A4 page, and heavy edges in one group for the spine."""
    dot = to_dot(read_workflow(RECEPTION))
    assert "rankdir=TB;" in dot
    assert 'size="8.3,11.7";' in dot
    assert '"received" -> "screened" [label=' in dot
    spine_edge = re.search(r'"heard" -> "under_review" \[[^\]]*\]', dot)
    assert spine_edge is not None
    assert "weight=100" in spine_edge.group()
    for state in main_path(read_workflow(RECEPTION)):
        assert re.search(rf'"{state}" \[[^\]]*group=main', dot), state


def test_an_action_from_five_states_is_drawn_once() -> None:
    """'withdraw' leaves five states: five plain lines meet at one point, named once."""
    dot = to_dot(read_workflow(RECEPTION))
    junctions = re.findall(r'"(__withdraw_\d+__)" \[shape=point', dot)
    assert len(junctions) == 1
    into = re.findall(rf'"(\w+)" -> "{junctions[0]}" \[arrowhead=none', dot)
    assert sorted(into) == ["briefed", "received", "screened", "selected", "under_review"]
    assert len(re.findall(rf'"{junctions[0]}" -> "withdrawn"', dot)) == 1
    assert dot.count("\u2190 Withdraw<") == 1


def test_side_exits_stand_together_naming_their_actions() -> None:
    """The endings off the main path are one cluster, and each box names what leads to it."""
    dot = to_dot(read_workflow(RECEPTION))
    cluster = dot[dot.index("subgraph cluster_exits") : dot.index("  }\n", dot.index("cluster"))]
    for exit_state in ("filed", "referred", "guided", "merged", "withdrawn"):
        assert f'"{exit_state}" [' in cluster
    assert "Pass on for inspection" in cluster
    assert "Refer to the competent" in cluster


def test_mermaid_joins_an_action_from_several_states() -> None:
    """Mermaid draws 'withdraw' through one join bar with one labelled edge."""
    text = to_mermaid(read_workflow(RECEPTION))
    (join,) = re.findall(r"state (withdraw_\d+_join) <<join>>", text)
    assert sorted(re.findall(rf"(\w+) --> {join}\n", text)) == [
        "briefed",
        "received",
        "screened",
        "selected",
        "under_review",
    ]
    assert len(re.findall(rf"{join} --> withdrawn: ", text)) == 1
    assert "direction TB" in text


def svg_inches(svg: bytes) -> tuple[float, float]:
    match = re.search(rb'<svg width="([\d.]+)pt" height="([\d.]+)pt"', svg)
    assert match is not None
    return float(match.group(1)) / 72, float(match.group(2)) / 72


@needs_dot
@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
@pytest.mark.parametrize("lang", ["en", "vi"])
def test_every_shipped_diagram_fits_an_a4_page_readably(path: Path, lang: str) -> None:
    """Drawn by Graphviz, each diagram fits 8.3 x 11.7 inches, shrunk to no less than half."""
    dot = to_dot(read_workflow(path), lang=lang)
    width, height = svg_inches(render_dot(dot, "svg"))
    assert width <= 8.3 + 0.05
    assert height <= 11.7 + 0.05
    natural_w, natural_h = svg_inches(render_dot(dot.replace('size="8.3,11.7";', ""), "svg"))
    assert min(width / natural_w, height / natural_h) >= 0.5


def run(*args: str) -> tuple[int, bytes, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout_bytes, result.stderr


@needs_dot
@pytest.mark.parametrize(("fmt", "magic"), [("svg", b"<svg"), ("png", b"\x89PNG")])
def test_the_cli_draws_svg_and_png(tmp_path: Path, fmt: str, magic: bytes) -> None:
    """`--format svg|png --out FILE` writes the image; without --out it goes to stdout."""
    out = tmp_path / f"w.{fmt}"
    code, _, _ = run("diagram", str(RECEPTION), "--format", fmt, "--out", str(out))
    assert code == 0
    assert magic in out.read_bytes()[:400]
    code, stdout, _ = run("diagram", str(RECEPTION), "--format", fmt)
    assert code == 0
    assert magic in stdout[:400]


def test_without_graphviz_an_image_is_one_clear_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no 'dot' on PATH, --format svg exits 1 saying what to install or use instead."""
    monkeypatch.setenv("PATH", str(tmp_path))
    code, stdout, err = run("diagram", str(RECEPTION), "--format", "svg")
    assert code == 1
    assert stdout == b""
    assert err == (
        "caseflow: Graphviz is not installed (no 'dot' program on PATH), so no SVG can be "
        "drawn; install it (apt-get install graphviz, brew install graphviz) or use --format dot\n"
    )
    with pytest.raises(GraphvizMissing):
        render_dot("digraph {}", "png")


def help_pipelines() -> list[str]:
    """The example lines of `caseflow --help` that pipe one command into another."""
    result = CliRunner().invoke(main, ["--help"])
    return [line.strip() for line in result.stdout.splitlines() if " | " in line]


def test_help_has_a_pipeline_example() -> None:
    """The pipeline examples below are found (a change of layout would skip them)."""
    assert help_pipelines()


@needs_dot
@pytest.mark.parametrize("line", help_pipelines())
def test_every_pipeline_in_help_works(line: str, tmp_path: Path) -> None:
    """Each pipeline in `caseflow --help`, run in a shell with FILE a shipped workflow, works."""
    caseflow = f"{shlex.quote(sys.executable)} -m caseflow"
    command = re.sub(r"(^|\| )caseflow ", rf"\1{caseflow} ", line).replace(
        "FILE", shlex.quote(str(RECEPTION))
    )
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        cwd=tmp_path,
        capture_output=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode()
    written = [p for p in tmp_path.iterdir() if p.stat().st_size > 0]
    assert written, "the pipeline wrote nothing"

"""Nested and parallel states: the syntax's golden messages, firing, replay, deadlines, store.

The workflow below has a compound state (``screened``), a parallel one
(``verifying``, two agencies) with a join, and a transition from parents
that applies in their children (``withdraw``).
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import caseflow
from caseflow.engine import Hook
from caseflow.errors import DefinitionError, TransitionNotAllowed
from caseflow.loading import dump_workflow, read_workflow
from caseflow.render.diagram import to_dot, to_mermaid
from caseflow.store import Store, open_store, queries
from tests.store_helpers import second_store, store, store_url

_ = (second_store, store, store_url)  # fixtures: fresh stores on each backend

EXAMPLE = Path(__file__).parent.parent / "examples" / "denunciation_statechart.yaml"

BASE = """\
caseflow: 1
name: nested
states:
  received: {initial: true}
  screened:
    states:
      classified: {initial: true}
      proposed: {}
  verifying:
    parallel:
      agency_a:
        states:
          checking: {initial: true}
          reported: {final: true}
      agency_b:
        states:
          checking: {initial: true}
          reported: {final: true}
    done: concluded
  concluded: {}
  closed: {final: true}
transitions:
  - {trigger: screen, from: received, to: screened}
  - {trigger: propose, from: screened.classified, to: screened.proposed}
  - {trigger: verify, from: screened.proposed, to: verifying}
  - {trigger: report_a, from: verifying.agency_a.checking, to: verifying.agency_a.reported}
  - {trigger: report_b, from: verifying.agency_b.checking, to: verifying.agency_b.reported}
  - {trigger: withdraw, from: [screened, verifying], to: closed}
  - {trigger: close, from: concluded, to: closed}
deadlines:
  screening:
    runs_in: [screened]
    anchor: {entered: screened}
    offset: 10 working days
    source: test
  agency_a:
    runs_in: [verifying.agency_a.checking]
    anchor: {entered: verifying}
    offset: 10 working days
    source: test
"""
BOTH = "verifying.agency_a.checking|verifying.agency_b.checking"


def problems(text: str) -> list[str]:
    """Every problem reported for ``text`` as ``FILE:LINE:COL: message``."""
    try:
        read_workflow(text, filename="w.yaml")
    except DefinitionError as err:
        return [str(p) for p in err.problems]
    return []


KNOWN = (
    "received, screened, screened.classified, screened.proposed, verifying, "
    "verifying.agency_a, verifying.agency_a.checking, verifying.agency_a.reported, "
    "verifying.agency_b, verifying.agency_b.checking, verifying.agency_b.reported, "
    "concluded, ... (13 in all)"
)

GOLDEN = {
    "no initial child": (
        "classified: {initial: true}",
        "classified: {}",
        "w.yaml:6:5: state 'screened' holds states but none is marked 'initial: true'; "
        "mark the one a case enters first (states: classified, proposed)",
    ),
    "two initial children": (
        "proposed: {}",
        "proposed: {initial: true}",
        "w.yaml:8:18: state 'screened.proposed' is also marked initial in 'screened'; only "
        "one may be (the first is 'classified')",
    ),
    "unknown child": (
        "to: screened.proposed}",
        "to: screened.propsed}",
        "w.yaml:24:55: transition 'propose' goes to unknown state 'screened.propsed' (did you "
        f"mean 'screened.proposed'?); known states: {KNOWN}",
    ),
    "into a region from outside": (
        "from: screened.proposed, to: verifying}",
        "from: screened.proposed, to: verifying.agency_a.checking}",
        "w.yaml:25:52: transition 'verify' goes to 'verifying.agency_a.checking', inside "
        "region 'verifying.agency_a', from 'screened.proposed', outside it; a region is "
        "entered only with its parallel state: go to 'verifying'",
    ),
    "a transition to a region": (
        "from: screened.proposed, to: verifying}",
        "from: verifying.agency_a.reported, to: verifying.agency_a}",
        "w.yaml:25:62: transition 'verify' goes to region 'verifying.agency_a'; a region is a "
        "part of a parallel state, not a state: go to one of its states",
    ),
    "done on a non-parallel state": (
        "  closed: {final: true}",
        "  closed: {final: true, done: received}",
        "w.yaml:21:25: state 'closed' has 'done' but no 'parallel' regions; 'done' is the "
        "join of a parallel state, taken when every region is in a final state",
    ),
    "done to an unknown state": (
        "    done: concluded",
        "    done: conclued",
        "w.yaml:19:5: parallel state 'verifying' joins to unknown state 'conclued' (did you "
        f"mean 'concluded'?); known states: {KNOWN}",
    ),
    "a region with no final state": (
        "          reported: {final: true}\n      agency_b",
        "          reported: {}\n      agency_b",
        "w.yaml:11:7: region 'agency_a' of parallel state 'verifying' has no final state, so "
        "its join 'done' can never happen; mark a state of the region 'final: true'",
    ),
    "one trigger in two regions": (
        "{trigger: report_b,",
        "{trigger: report_a,",
        "w.yaml:27:5: trigger 'report_a' is defined in regions 'agency_a' and 'agency_b' of "
        "parallel state 'verifying'; a trigger moves one region at a time: give each region "
        "its own trigger",
    ),
    "states and parallel": (
        "    done: concluded",
        "    done: concluded\n    states: {x: {initial: true}}",
        "w.yaml:10:5: state 'verifying' has both 'states' and 'parallel'; a state either "
        "holds states (one at a time) or parallel regions (all at once)",
    ),
    "a final compound state": (
        "  screened:\n",
        "  screened:\n    final: true\n",
        "w.yaml:6:5: state 'screened' holds states, so it cannot be 'final' itself; mark one "
        "of its simple states 'final: true'",
    ),
    "an unreachable child": (
        "      proposed: {}",
        "      proposed: {}\n      lost: {}",
        "w.yaml:9:7: state 'screened.lost' cannot be reached from the initial state "
        "'received'; add a transition to it or remove it",
    ),
    "a region with an initial flag": (
        "      agency_b:\n",
        "      agency_b:\n        initial: true\n",
        "w.yaml:16:9: unknown key 'initial' in region 'agency_b'; allowed keys: description, "
        "label, source, states",
    ),
    "a join that leaves no way out": (
        "    done: concluded\n",
        "",
        "w.yaml:14:11: the case can rest in "
        "'verifying.agency_a.reported|verifying.agency_b.reported' with no way out, and it is "
        "not final; add a transition from it (or a state holding it), a join 'done', or mark "
        "it 'final: true'\n"
        "w.yaml:19:3: state 'concluded' cannot be reached from the initial state 'received'; "
        "add a transition to it or remove it",
    ),
}


def test_the_base_workflow_loads() -> None:
    """The nested workflow the golden tests break is itself valid."""
    assert problems(BASE) == []


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_golden_message(name: str) -> None:
    """Each malformed variant of the nested syntax gets its one exact message."""
    old, new, message = GOLDEN[name]
    assert old in BASE
    text = BASE.replace(old, new, 1)
    if name == "a join that leaves no way out":
        text = text.replace("[screened, verifying]", "[screened]")
    assert problems(text) == message.split("\n")


def wf() -> caseflow.Workflow:
    return caseflow.load_workflow(BASE)


def test_entering_a_parent_enters_its_initial_child_and_a_parallel_all_regions() -> None:
    """A compound state is entered at its initial child; a parallel one in every region."""
    w = wf()
    case = w.start("c", at="2026-01-05T09:00")
    assert w.fire(case, "screen", at="2026-01-05T10:00").state == "screened.classified"
    w.fire(case, "propose", at="2026-01-05T11:00")
    assert w.fire(case, "verify", at="2026-01-05T12:00").state == BOTH


def test_the_join_follows_the_last_region_to_finish() -> None:
    """When every region is final the case moves on by ``done``, in the same step."""
    w = wf()
    case = w.start("c", at="2026-01-05T09:00")
    for trigger in ("screen", "propose", "verify", "report_b"):
        w.fire(case, trigger, at="2026-01-05T10:00")
    assert case.state == "verifying.agency_a.checking|verifying.agency_b.reported"
    assert set(w.allowed(case)) == {"report_a", "withdraw"}
    assert w.fire(case, "report_a", at="2026-01-05T11:00").state == "concluded"
    assert case.history[-1].source == "verifying.agency_a.checking|verifying.agency_b.reported"


def test_a_parent_transition_applies_in_every_child_and_region() -> None:
    """``withdraw`` from ``screened`` and ``verifying`` fires from any state inside them."""
    w = wf()
    for steps in (["screen"], ["screen", "propose"], ["screen", "propose", "verify", "report_a"]):
        case = w.start("c", at="2026-01-05T09:00")
        for trigger in steps:
            w.fire(case, trigger, at="2026-01-05T10:00")
        assert "withdraw" in w.allowed(case)
        assert w.fire(case, "withdraw", at="2026-01-05T11:00").state == "closed"


def test_allowed_lists_the_triggers_of_every_region() -> None:
    """In a parallel state, ``allowed`` has each region's triggers and the parents'."""
    w = wf()
    case = w.start("c", at="2026-01-05T09:00")
    for trigger in ("screen", "propose", "verify"):
        w.fire(case, trigger, at="2026-01-05T10:00")
    assert set(w.allowed(case)) == {"report_a", "report_b", "withdraw"}


def test_a_trigger_not_defined_here_is_refused() -> None:
    """A region's trigger is refused once that region is final."""
    w = wf()
    case = w.start("c", at="2026-01-05T09:00")
    for trigger in ("screen", "propose", "verify", "report_a"):
        w.fire(case, trigger, at="2026-01-05T10:00")
    with pytest.raises(TransitionNotAllowed):
        w.fire(case, "report_a", at="2026-01-05T11:00")


def test_replay_gives_the_live_case_and_refuses_a_wrong_configuration() -> None:
    """Replay folds over the configurations; an event into a wrong one is refused."""
    w = wf()
    case = w.start("c", at="2026-01-05T09:00")
    for trigger in ("screen", "propose", "verify", "report_b", "report_a", "close"):
        w.fire(case, trigger, at="2026-01-05T10:00")
    again = w.replay("c", case.history)
    assert (again.state, again.data, again.history) == (case.state, case.data, case.history)
    bad = list(case.history)
    bad[3] = bad[3]._replace(dest="verifying")
    with pytest.raises(caseflow.HistoryError):
        w.replay("c", bad)


def test_deadlines_run_in_a_parent_and_per_region() -> None:
    """``runs_in: [screened]`` covers its children; a region's clock stops when it reports."""
    w = wf()
    case = w.start("c", at="2026-01-05T09:00")
    w.fire(case, "screen", at="2026-01-05T10:00")
    w.fire(case, "propose", at="2026-01-06T10:00")
    by = {d.name: d for d in w.deadlines(case, now="2026-01-07T09:00")}
    assert by["screening"].status != "met"
    assert "agency_a" not in by
    w.fire(case, "verify", at="2026-01-07T10:00")
    w.fire(case, "report_a", at="2026-01-08T10:00")
    by = {d.name: d for d in w.deadlines(case, now="2026-01-09T09:00")}
    assert by["screening"].status == "met"
    assert by["agency_a"].status == "met"


def test_dump_and_load_round_trip_a_nested_workflow() -> None:
    """A nested definition dumped and read back is the same definition."""
    spec = caseflow.load_workflow(EXAMPLE).spec
    assert read_workflow(dump_workflow(spec)) == spec


def test_the_store_finds_a_parents_cases_by_its_name(store: Store) -> None:
    """A query for ``screened`` finds cases in its children; a region's path finds its cases."""
    w = wf()
    store.register(w)
    one = w.start("one", at="2026-01-05T09:00")
    w.fire(one, "screen", at="2026-01-05T10:00")
    two = w.start("two", at="2026-01-05T09:00")
    for trigger in ("screen", "propose", "verify", "report_b"):
        w.fire(two, trigger, at="2026-01-05T10:00")
    store.save(one)
    store.save(two)
    assert [c.id for c in store.cases(state="screened")] == ["one"]
    assert [c.id for c in store.cases(state="screened.classified")] == ["one"]
    assert [c.id for c in store.cases(state="verifying.agency_b.reported")] == ["two"]
    assert [c.id for c in store.cases(state="verifying.agency_b")] == ["two"]
    assert [c.id for c in store.cases(state="verifying.agency")] == []
    assert [c.id for c in store.cases(state="verifying_agency_b")] == []
    loaded = store.load("two", w)
    assert (loaded.state, loaded.history) == (two.state, two.history)


FLAT = """\
caseflow: 1
name: flat_only
states:
  open: {initial: true}
  opened_more: {}
  closed: {final: true}
transitions:
  - {trigger: more, from: open, to: opened_more}
  - {trigger: close, from: [open, opened_more], to: closed}
"""


def test_a_flat_store_matches_a_state_by_equality_until_a_nested_definition_is_stored(
    store_url: str,
) -> None:
    """Only flat definitions: ``state = ?`` (the index); a nested one stored elsewhere is seen."""
    flat = caseflow.load_workflow(FLAT)
    first = open_store(store_url, workflows=[flat])
    try:
        a = flat.start("a", at="2026-01-05T09:00")
        b = flat.start("b", at="2026-01-05T09:00")
        flat.fire(b, "more", at="2026-01-05T10:00")
        first.save(a)
        first.save(b)
        with first._reading() as cur:
            assert first._definitions.all_flat(cur, None)
        assert queries.where_clause(None, "open", flat=True) == (" WHERE state = ?", ["open"])
        assert [c.id for c in first.cases(state="open")] == ["a"]
        assert first.count(state="opened_more") == 1
        # Another store object (another process) stores a nested workflow.
        second = open_store(store_url, workflows=[wf()])
        try:
            nested = wf().start("n", at="2026-01-05T09:00")
            wf().fire(nested, "screen", at="2026-01-05T10:00")
            second.save(nested)
        finally:
            second.close()
        assert [c.id for c in first.cases(state="screened")] == ["n"]
        assert first.count(state="screened") == 1
        assert [c.id for c in first.cases(state="open")] == ["a"]
        assert [c.id for c in first.cases(workflow="flat_only", state="open")] == ["a"]
    finally:
        first.close()


TRIGGERS = ["screen", "propose", "verify", "report_a", "report_b", "withdraw", "close"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(TRIGGERS), max_size=12))
def test_random_firings_agree_with_allowed_and_replay(triggers: list[str]) -> None:
    """A trigger fires exactly when ``allowed`` lists it, and replay rebuilds the live case.

    Each firing also checks that transitions' HierarchicalMachine took the
    step the compiled configurations table has (``caseflow.engine.nested``).
    """
    w = wf()
    case = w.start("c", at="2026-01-05T09:00")
    for trigger in triggers:
        allowed = trigger in w.allowed(case)
        try:
            w.fire(case, trigger, at="2026-01-05T10:00")
        except TransitionNotAllowed:
            assert not allowed
        else:
            assert allowed
        assert case.state in w.states
    again = w.replay("c", case.history)
    assert (again.state, again.history) == (case.state, case.history)


def test_dot_draws_compound_states_as_clusters_and_regions_apart() -> None:
    """A compound state is a cluster; a parallel state holds one dashed cluster per region."""
    dot = to_dot(caseflow.load_workflow(EXAMPLE).spec)
    assert 'subgraph "cluster_screened" {' in dot
    assert 'subgraph "cluster_checking_places" {' in dot
    for region in ("place_a", "place_b"):
        head = f'subgraph "cluster_checking_places.{region}" {{'
        assert head in dot
        assert 'style="dashed"' in dot.split(head)[1].splitlines()[2]
    # An edge from a compound state leaves its cluster's border.
    assert 'ltail="cluster_screened"' in dot
    assert '[label="done", style=bold' in dot


def test_mermaid_draws_composite_states_with_regions_separated() -> None:
    """Mermaid gets ``state X { ... }`` and ``--`` between the regions of a parallel state."""
    text = to_mermaid(caseflow.load_workflow(EXAMPLE).spec)
    assert "    state screened {\n        [*] --> screened__classified" in text
    block = text.split("state checking_places {")[1]
    assert block.index("checking_places__place_a {") < block.index("--")
    assert block.index("--") < block.index("checking_places__place_b {")
    assert "checking_places --> verifying: done" in text


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_graphviz_accepts_the_nested_dot(tmp_path: Path) -> None:
    """``dot`` lays out the clusters without an error or a warning."""
    source = tmp_path / "w.dot"
    source.write_text(to_dot(caseflow.load_workflow(EXAMPLE).spec), encoding="utf-8")
    done = subprocess.run(
        ["dot", "-Tsvg", str(source)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert done.stderr == ""


SHIPPED = Path(__file__).parent.parent / "workflows" / "denunciation.yaml"
REQUIRED = {"violation_kind": "duty_performance", "summary": "Nhận tiền của người dân"}


def test_the_shipped_denunciation_checks_several_places_in_parallel() -> None:
    """Checks at several places run in two regions, each with its own 10-working-day clock.

    Luật Tố cáo 2018, Điều 24 khoản 1: 10 working days when checks are
    needed at several places; the join registers the case (``classified``).
    """
    w = caseflow.load_workflow(SHIPPED)
    case = w.start(
        "TC-1", at="2026-03-02T09:00", data={**REQUIRED, "checked_at_several_places": True}
    )
    w.fire(case, "check_at_several_places", at="2026-03-02T10:00", role="intake_officer")
    assert case.state == (
        "checking_places.first_place.checking|checking_places.second_place.checking"
    )
    w.fire(case, "report_second_place", at="2026-03-05T10:00", role="intake_officer")
    by = {d.name: d for d in w.deadlines(case, now="2026-03-06T09:00")}
    # Monday 2 March + 10 working days: Monday 16 March.
    assert str(by["check_first_place"].due) == "2026-03-16"
    assert by["check_first_place"].status != "met"
    assert by["check_second_place"].status == "met"
    assert by["check"].status != "met"  # the whole check runs on across the places
    w.fire(case, "report_first_place", at="2026-03-09T10:00", role="intake_officer")
    assert case.state == "classified"
    assert {d.name: d.status for d in w.deadlines(case, now="2026-03-10T09:00")}["check"] == "met"


def test_the_shipped_denunciation_refuses_parallel_checks_without_the_field() -> None:
    """Without ``checked_at_several_places`` the case takes the single check, as before."""
    w = caseflow.load_workflow(SHIPPED)
    case = w.start("TC-2", at="2026-03-02T09:00", data=REQUIRED)
    assert "check_at_several_places" not in w.allowed(case)
    assert w.fire(case, "classify", at="2026-03-02T10:00", role="intake_officer").state == (
        "classified"
    )


def test_hooks_run_on_entering_and_leaving_a_parent_and_its_children() -> None:
    """A parent's hooks run when it is entered or left, not on steps inside it."""
    seen: list[str] = []

    def mark(word: str) -> Hook:
        return lambda case, event: seen.append(word)

    w = caseflow.load_workflow(
        BASE,
        on_enter={"screened": mark("enter screened"), "screened.proposed": mark("enter proposed")},
        on_exit={"screened": mark("exit screened"), "screened.proposed": mark("exit proposed")},
    )
    case = w.start("c", at="2026-01-05T09:00")
    w.fire(case, "screen", at="2026-01-05T10:00")
    w.fire(case, "propose", at="2026-01-05T11:00")
    w.fire(case, "verify", at="2026-01-05T12:00")
    assert seen == ["enter screened", "enter proposed", "exit proposed", "exit screened"]


def test_labels_of_paths_and_configurations() -> None:
    """A path's label is its state's; a configuration's joins its regions' labels."""
    w = caseflow.load_workflow(EXAMPLE)
    assert w.label("screened.proposed", "en") == "Handling proposed"
    both = "checking_places.place_a.checking|checking_places.place_b.reported"
    # These states have no label: a state without one is named by its path.
    assert w.label(both) == both.replace("|", " | ")
    assert w.label("checking_places", "vi") == "Kiểm tra, xác minh tại nhiều địa điểm"
    with pytest.raises(caseflow.InputError):
        w.label("screened.nowhere")


def test_a_checked_replay_of_a_nested_history_follows_its_configurations() -> None:
    """``replay(check=True)`` accepts a live nested history and refuses a step a guard forbade."""
    w = caseflow.load_workflow(EXAMPLE)
    data = {"checked_at_several_places": True}
    case = w.start("x", at="2026-03-02T09:00", data=data)
    for trigger, role in (
        ("classify", "officer"),
        ("propose", "officer"),
        ("approve", "leader"),
        ("check_places", None),
        ("report_b", None),
        ("report_a", None),
    ):
        w.fire(case, trigger, at="2026-03-02T10:00", role=role)
    assert w.replay("x", case.history, check=True).state == "verifying"
    # The same history, but started without the field the guard asks for.
    start = case.history[0]._replace(changes={})
    with pytest.raises(caseflow.HistoryError, match="check_places"):
        w.replay("x", (start, *case.history[1:]), check=True)


def test_nested_cases_export_and_import_on_each_backend(store: Store, second_store: Store) -> None:
    """A parallel-region case exported as JSON Lines imports into another store unchanged."""
    w = caseflow.load_workflow(EXAMPLE)
    store.register(w)
    case = w.start("E-1", at="2026-03-02T09:00", data={"checked_at_several_places": True})
    for trigger, role in (
        ("classify", "officer"),
        ("propose", "officer"),
        ("approve", "leader"),
        ("check_places", None),
        ("report_b", None),
    ):
        w.fire(case, trigger, at="2026-03-02T10:00", role=role)
    store.save(case)
    out = io.StringIO()
    assert store.export_jsonl(out) == 1
    second_store.import_jsonl(out.getvalue().splitlines(), workflows=[w])
    again = second_store.load("E-1", w)
    assert (again.state, again.history) == (case.state, case.history)
    assert [c.id for c in second_store.cases(state="checking_places.place_b")] == ["E-1"]

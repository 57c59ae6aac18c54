"""Running every invariant on one workflow, deterministically, with shrunk counterexamples.

This module owns ``verify``: it drives hypothesis (a fixed seed, no example
database, so a run is repeatable) over generated histories, sets of cases,
dockets and data, calls the check functions, and returns one ``Outcome``
per check with the minimal counterexample hypothesis shrank to. The step
checks share one run over histories; when one fails, the run is repeated
without it, so that every failing check is found.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import attrs
from hypothesis import strategies as st

from caseflow.case import Case
from caseflow.charts import SEP
from caseflow.errors import CaseflowError
from caseflow.i18n import _
from caseflow.testing import deadline_checks as dc
from caseflow.testing import record_checks as rc
from caseflow.testing.checks import CHECKS, DEFAULT_EXAMPLES, Violation
from caseflow.testing.docket_checks import check_docket, dockets
from caseflow.testing.running import run_checked
from caseflow.testing.strategies import continued, histories, instants
from caseflow.testing.structure import Graph, history_along
from caseflow.testing.structure_checks import sample_graph, structure_outcomes
from caseflow.workflow import Workflow

__all__ = ["DEFAULT_EXAMPLES", "STEP_CHECKS", "Outcome", "check_case", "step_checks", "verify"]

"""Examples per run: the four shipped workflows verify in well under a minute on one core."""


@attrs.frozen
class Outcome:
    """One check's result on one workflow: held, failed (with a violation) or not applicable."""

    check: str
    violation: Violation | None = None
    skipped: str | None = None

    @property
    def held(self) -> bool:
        """Whether the invariant held (or did not apply)."""
        return self.violation is None


def _moves(wf: Workflow, case: Case, *, now: Any) -> None:
    dc.check_due_moves_only_by_pause_extension_session(wf, case)


def _replay(wf: Workflow, case: Case, *, now: Any) -> None:
    rc.check_replay_equals_live(wf, case)


def _confidential(wf: Workflow, case: Case, *, now: Any) -> None:
    # The export is searched once, on the whole history (check_case).
    rc.check_confidential_not_shown(wf, case, now=now, export=False)


STEP_CHECKS: dict[str, Callable[..., None]] = {
    "due-on-working-day": dc.check_due_on_working_day,
    "due-not-before-anchor": dc.check_due_not_before_anchor,
    "due-grows-with-offset": dc.check_due_grows_with_offset,
    "due-moves-only-by-pause-extension-session": _moves,
    "pause-not-counted": dc.check_pause_not_counted,
    "explanation-adds-up": dc.check_explanation_adds_up,
    "replay-equals-live": _replay,
    "confidential-not-shown": _confidential,
}


def _guarded(
    name: str, cases: Sequence[Case], run: Callable[..., None], *args: Any, **kw: Any
) -> None:
    """``run(*args, **kw)``, an unexpected ``CaseflowError`` turned into a violation of ``name``."""
    try:
        run(*args, **kw)
    except CaseflowError as err:
        raise Violation(
            name,
            expected=_("no error"),
            happened=_("caseflow raised: {error}").format(error=err),
            cases=cases,
        ) from None


def step_checks(wf: Workflow, case: Case, names: Sequence[str]) -> None:
    """Run the step checks ``names`` on ``case`` as it now stands (its last step)."""
    for name in names:
        _guarded(name, [case], STEP_CHECKS[name], wf, case, now=case.updated_at)


def check_case(wf: Workflow, case: Case, names: Sequence[str] | None = None) -> None:
    """Run the step checks ``names`` (default: all) after every step of ``case``'s history.

    Raises the first ``Violation``, whose case is the history up to the
    step that broke the invariant.
    """
    chosen = list(STEP_CHECKS) if names is None else [n for n in names if n in STEP_CHECKS]
    for k in range(1, len(case.history) + 1):
        prefix = wf.replay(case.id, case.history[:k])
        now = prefix.updated_at
        for name in chosen:
            _guarded(name, [prefix], STEP_CHECKS[name], wf, prefix, now=now)
    if "confidential-not-shown" in chosen:
        _guarded("confidential-not-shown", [case], rc.check_confidential_not_shown, wf, case)


@st.composite
def _case_sets(draw: st.DrawFn, wf: Workflow) -> list[Case]:
    n = draw(st.integers(1, 3))
    return [draw(histories(wf, case_id=f"VERIFY-{i}", max_steps=6)) for i in range(1, n + 1)]


@st.composite
def _from_configuration(draw: st.DrawFn, wf: Workflow, graph: Graph, config: str) -> Case:
    """A history to ``config`` along ``graph``'s path, then on by legal steps."""
    case = history_along(wf, graph, graph.paths[config], at=draw(instants(wf)))
    return continued(draw, wf, case, at=case.updated_at, max_steps=6, updates=True)


def _checker(wf: Workflow, names: list[str]) -> Callable[[Case], None]:
    def test(case: Case) -> None:
        check_case(wf, case, names)

    return test


def verify(
    wf: Workflow,
    *,
    examples: int = DEFAULT_EXAMPLES,
    seed: int = 0,
    only: Sequence[str] | None = None,
    progress: Callable[[str], object] | None = None,
) -> list[Outcome]:
    """Run the checks ``only`` (default: all of ``CHECKS``) on ``wf``; one ``Outcome`` each.

    Deterministic for a given ``seed``; ``examples`` is how many histories
    (sets of data, dockets) each hypothesis run tries. ``progress(name)``
    is called as each check is done.
    """
    names = [c.name for c in CHECKS if only is None or c.name in only]
    done: dict[str, Outcome] = {}
    tick = progress or (lambda name: None)
    runs = [(histories(wf), examples)]
    if wf.spec.nested and any(n in STEP_CHECKS for n in names):
        # Few random histories enter a parallel state and take its regions
        # step by step: the step checks also run from each configuration
        # inside a nested state that data reaches.
        graph = sample_graph(wf, examples * 2, seed)
        inside = [c for c in graph.paths if SEP in c and c not in wf.final_states]
        for config in sorted(inside):
            runs.append((_from_configuration(wf, graph, config), max(8, examples // 2)))
    for strategy, n in runs:
        step = [name for name in names if name in STEP_CHECKS and name not in done]
        while step:
            violation = run_checked(strategy, _checker(wf, list(step)), n, seed)
            if violation is None:
                break
            done[violation.check] = Outcome(violation.check, violation)
            step.remove(violation.check)
    for name in names:
        if name in STEP_CHECKS and name not in done:
            done[name] = Outcome(name)
    for name in names:
        if name in STEP_CHECKS:
            tick(name)
    cases = _case_sets(wf)
    if "export-import-export" in names:
        done["export-import-export"] = Outcome(
            "export-import-export",
            run_checked(
                cases, lambda cs: rc.check_export_import_export(wf, cs), examples // 3 + 1, seed
            ),
        )
        tick("export-import-export")
    if "store-round-trip" in names:
        done["store-round-trip"] = Outcome(
            "store-round-trip",
            run_checked(
                cases, lambda cs: rc.check_store_round_trip(wf, cs), examples // 3 + 1, seed
            ),
        )
        tick("store-round-trip")
    structural = {c.name for c in CHECKS if c.scope == "structure" and c.name in names}
    if structural:
        found = structure_outcomes(wf, examples, seed, structural)
        for name in sorted(structural, key=names.index):
            done[name] = Outcome(name, found.get(name))
            tick(name)
    if "docket-capacity-and-rank" in names:
        if wf.spec.docket is None:
            done["docket-capacity-and-rank"] = Outcome(
                "docket-capacity-and-rank", skipped=_("the workflow has no docket")
            )
        else:
            done["docket-capacity-and-rank"] = Outcome(
                "docket-capacity-and-rank",
                run_checked(
                    dockets(wf, sample_graph(wf, examples * 20, seed)),
                    lambda cs: check_docket(wf, cs),
                    examples // 2 + 1,
                    seed,
                ),
            )
        tick("docket-capacity-and-rank")
    return [done[n] for n in names]

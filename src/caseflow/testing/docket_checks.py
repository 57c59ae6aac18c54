"""The docket invariant: a session takes at most its capacity, chosen by the declared priorities.

This module owns generating a set of cases waiting for a session
(``dockets``: each case started with generated data and moved along a path
the data allows into one of the docket's ``eligible_in`` states) and
checking the docket ``select_docket`` chooses for the next session
(``check_docket``). It raises ``Violation`` naming the check.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from hypothesis import strategies as st

from caseflow.case import Case
from caseflow.errors import CaseflowError
from caseflow.i18n import _, day_text
from caseflow.sessions import next_session, select_docket
from caseflow.testing.checks import Violation
from caseflow.testing.strategies import case_data
from caseflow.testing.structure import Graph, history_along, start_instant
from caseflow.workflow import Workflow

__all__ = ["check_docket", "dockets"]


@st.composite
def dockets(draw: st.DrawFn, wf: Workflow, graph: Graph) -> list[Case]:
    """Cases of ``wf`` waiting in the docket's eligible states, registered one day apart.

    Each is moved along ``graph``'s path to an eligible state, then given
    its own generated data (which decides its priority).
    """
    docket = wf.spec.docket
    assert docket is not None
    start = start_instant(wf)
    targets = [s for s in docket.eligible_in if s in graph.paths]
    out: list[Case] = []
    if not targets:
        return out
    for i in range(draw(st.integers(1, docket.capacity + 3))):
        data = draw(case_data(wf, when=start.date()))
        state = draw(st.sampled_from(targets))
        at = start + dt.timedelta(days=i)
        try:
            case = history_along(
                wf, graph, graph.paths[state], at=at, case_id=f"VERIFY-{i + 1}", then=data
            )
        except CaseflowError:
            continue
        if case.state == state:
            out.append(case)
    return out


def _level(wf: Workflow, priority: object) -> int:
    docket = wf.spec.docket
    assert docket is not None
    return docket.priorities.index(priority) if priority is not None else len(docket.priorities)


def check_docket(wf: Workflow, cases: Sequence[Case]) -> None:
    """Raise ``Violation`` if the next session's docket for ``cases`` breaks capacity or priority.

    The docket is chosen with ``select_docket`` (firing the select trigger)
    on copies replayed from the histories, so ``cases`` are not changed.
    """
    docket = wf.spec.docket
    if docket is None or not cases:
        return
    last = max(c.updated_at for c in cases)
    session = next_session(wf, last)
    if session is None:
        return
    copies = [wf.replay(c.id, c.history) for c in cases]
    chosen = select_docket(wf, session, copies, at=last)
    taken = len(chosen.selected) + len(chosen.already)
    if taken > docket.capacity:
        raise Violation(
            "docket-capacity-and-rank",
            expected=_("at most {n} cases on the session of {day}").format(
                n=docket.capacity, day=day_text(session.date)
            ),
            happened=_("{taken} were selected").format(taken=taken),
            cases=cases,
        )
    for entry in chosen.selected:
        for other in chosen.entries:
            if other.selected or _level(wf, other.priority) >= _level(wf, entry.priority):
                continue
            raise Violation(
                "docket-capacity-and-rank",
                expected=_(
                    "case {left!r} (a higher priority) on the docket before {taken!r}"
                ).format(left=other.case_id, taken=entry.case_id),
                happened=_("{left!r} was left off ({outcome}), {taken!r} selected").format(
                    left=other.case_id, outcome=other.outcome, taken=entry.case_id
                ),
                cases=cases,
            )

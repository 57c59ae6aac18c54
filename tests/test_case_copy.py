"""A ``Case`` and its ``Event``s pickle and deep-copy: to a worker process, a cache, a snapshot."""

from __future__ import annotations

import copy
import datetime as dt
import pickle
from types import MappingProxyType
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from caseflow import Case, Event, load_workflow, shipped_workflow

WF = load_workflow(shipped_workflow("citizen_reception"))
T0 = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))

words = st.text(min_size=1, max_size=12).filter(lambda t: t.strip() != "")


@st.composite
def cases(draw: st.DrawFn) -> Case:
    """A reception case walked a few allowed steps from a random start, with update events."""
    data: dict[str, Any] = {"kind": draw(st.sampled_from(["report", "complaint"])), "summary": "s"}
    if draw(st.booleans()):
        data["petitioner_name"] = draw(words)
    case = WF.start(draw(words), at=T0, data=data, actor=draw(st.none() | words))
    for step in range(draw(st.integers(0, 6))):
        at = T0 + dt.timedelta(days=step + 1)
        if draw(st.booleans()):
            WF.update(case, at=at, data={"ward": draw(words)}, note=draw(st.none() | words))
            continue
        allowed = [t for t in WF.allowed(case, at=at) if t != "select"]
        if not allowed:
            break
        WF.fire(case, draw(st.sampled_from(allowed)), at=at, role=None)
    return case


def same(a: Case, b: Case) -> bool:
    return (
        a.to_dict() == b.to_dict()
        and a.saved == b.saved
        and [type(e.changes) for e in a.history] == [type(e.changes) for e in b.history]
    )


@settings(max_examples=60, deadline=None)
@given(cases())
def test_a_case_survives_pickle_and_deepcopy_unchanged(case: Case) -> None:
    """pickle and deepcopy give an equal case whose events keep their read-only changes."""
    for again in (pickle.loads(pickle.dumps(case)), copy.deepcopy(case)):
        assert isinstance(again, Case)
        assert same(again, case)
        assert WF.replay(again.id, again.history).state == case.state


@settings(max_examples=30, deadline=None)
@given(cases())
def test_a_deep_copy_is_independent_of_the_original(case: Case) -> None:
    """Changing the copy's data or history leaves the original as it was."""
    before = case.to_dict()
    twin = copy.deepcopy(case)
    twin.data["summary"] = "changed"
    WF.update(twin, at=twin.updated_at + dt.timedelta(days=1), data={"ward": "w"})
    assert case.to_dict() == before


def test_an_event_with_read_only_changes_pickles_as_read_only() -> None:
    """An Event whose changes is a MappingProxyType comes back read-only, equal, same repr."""
    event = Event("screen", "received", "screened", T0, changes=MappingProxyType({"ward": "3"}))
    for again in (pickle.loads(pickle.dumps(event)), copy.deepcopy(event), copy.copy(event)):
        assert again == event
        assert isinstance(again.changes, MappingProxyType)
        assert repr(again) == repr(event)

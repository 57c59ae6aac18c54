"""wf.deadlines_many: every case's deadlines in one pass, equal to wf.deadlines case by case."""

from __future__ import annotations

import datetime as dt
import gc
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import caseflow
from caseflow.case import Case
from caseflow.definition import WorkflowSpec
from caseflow.workflow import Workflow
from tests.strategies import case_data, workflow_specs

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
T0 = dt.datetime(2025, 12, 20, 9, 0, tzinfo=ZONE)
SHIPPED = ("denunciation", "complaint", "citizen_reception")

# Gaps between events: hours to months, so that pauses, extensions and
# year ends (Tết, provisional years) all come up, and cases share anchor days.
gaps = st.integers(0, 24 * 50).map(lambda h: dt.timedelta(hours=h))
zones = st.sampled_from([ZONE, dt.UTC, ZoneInfo("America/New_York")])


def field_values(spec: WorkflowSpec, data: st.DataObject, required: bool) -> dict[str, Any]:
    """Values for the spec's fields: a random few, with every required one if asked."""
    if spec.name not in SHIPPED:
        return dict(data.draw(case_data())) if required else {}
    out: dict[str, Any] = {}
    for field in spec.fields:
        if not (field.required and required) and not data.draw(st.booleans()):
            continue
        if field.type == "choice" and field.choices:
            out[field.name] = data.draw(st.sampled_from(field.choices))
        elif field.type == "int":
            out[field.name] = data.draw(st.integers(0, 40))
        elif field.type == "bool":
            out[field.name] = data.draw(st.booleans())
        elif field.type == "date":
            out[field.name] = (
                T0.date() + dt.timedelta(days=data.draw(st.integers(0, 60)))
            ).isoformat()
        elif field.type == "text":
            out[field.name] = "x"
    return out


def walk(wf: Workflow, case_id: str, data: st.DataObject) -> Case:
    """A case fired along a random legal path, with random gaps, data and time zones."""
    when = T0 + data.draw(gaps)
    case = wf.start(
        case_id,
        at=when.astimezone(data.draw(zones)),
        data=field_values(wf.spec, data, required=True),
    )
    finals = wf.final_states
    for _ in range(data.draw(st.integers(0, 12))):
        allowed = wf.triggers_from(case.state)
        if not allowed:
            break
        # Mostly onward: a walk that ends at once shows no pause or extension.
        onward = [
            t.trigger
            for t in wf.spec.transitions
            if case.state in t.sources and t.dest not in finals and t.trigger in allowed
        ]
        if onward and data.draw(st.integers(0, 4)):
            allowed = tuple(onward)
        when += data.draw(gaps)
        try:
            wf.fire(
                case,
                data.draw(st.sampled_from(allowed)),
                at=when.astimezone(data.draw(zones)),
                data=field_values(wf.spec, data, required=False) or None,
            )
        except caseflow.CaseflowError:
            continue
    return case


def same_as_one_by_one(wf: Workflow, cases: list[Case], data: st.DataObject) -> None:
    """deadlines_many gives, case for case, what wf.deadlines gives, at a random now."""
    now = T0 + data.draw(st.integers(-24 * 10, 24 * 500).map(lambda h: dt.timedelta(hours=h)))
    expected = [wf.deadlines(case, now=now) for case in cases]
    got = wf.deadlines_many(cases, now=now)
    assert got == expected
    for ours, theirs in zip(got, expected, strict=True):
        for a, b in zip(ours, theirs, strict=True):
            assert a.steps == b.steps


def without_variants(spec: WorkflowSpec) -> WorkflowSpec:
    """The spec with its rules' variants dropped: the rules the bulk walk takes itself."""
    return attrs.evolve(spec, deadlines=tuple(attrs.evolve(r, variants=()) for r in spec.deadlines))


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(spec=workflow_specs(), plain=st.booleans(), data=st.data())
def test_many_equals_one_by_one_on_random_workflows(
    spec: WorkflowSpec, plain: bool, data: st.DataObject
) -> None:
    """On any workflow and histories, deadlines_many equals wf.deadlines for every case."""
    wf = Workflow(without_variants(spec) if plain else spec)
    cases = [walk(wf, f"C-{i}", data) for i in range(data.draw(st.integers(0, 6)))]
    same_as_one_by_one(wf, cases, data)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None, max_examples=60)
@given(name=st.sampled_from(SHIPPED), plain=st.booleans(), data=st.data())
def test_many_equals_one_by_one_on_the_shipped_workflows(
    name: str, plain: bool, data: st.DataObject
) -> None:
    """On the shipped workflows' own rules (working days, pauses, extensions), the same answers."""
    shipped = caseflow.load_workflow(caseflow.shipped_workflow(name))
    wf = Workflow(without_variants(shipped.spec)) if plain else shipped
    cases = [walk(wf, f"C-{i}", data) for i in range(data.draw(st.integers(1, 6)))]
    same_as_one_by_one(wf, cases, data)


def test_no_cases_give_no_deadlines() -> None:
    """An empty caseload gives an empty list."""
    wf = caseflow.load_workflow(caseflow.shipped_workflow("denunciation"))
    assert wf.deadlines_many([], now=T0) == []


@pytest.mark.parametrize("bad", [None, 3, "C-1", [object()]])
def test_anything_but_cases_is_an_input_error(bad: Any) -> None:
    """deadlines_many refuses what is not an iterable of cases, saying what it got."""
    wf = caseflow.load_workflow(caseflow.shipped_workflow("denunciation"))
    with pytest.raises(caseflow.InputError, match="Case"):
        wf.deadlines_many(bad, now=T0)


def test_the_collector_is_left_as_it_was() -> None:
    """The pass pauses the garbage collector and leaves it as the caller had it."""
    wf = caseflow.load_workflow(caseflow.shipped_workflow("denunciation"))
    case = wf.start("C-1", at=T0, data={"violation_kind": "duty_performance", "summary": "x"})
    assert gc.isenabled()
    wf.deadlines_many([case], now=T0)
    assert gc.isenabled()
    gc.disable()
    try:
        wf.deadlines_many([case], now=T0)
        assert not gc.isenabled()
    finally:
        gc.enable()

"""The engine's behaviour on small, readable workflows."""

from __future__ import annotations

import datetime as dt
import gc
import weakref

import pytest

import caseflow
from caseflow.definition import RESERVED_TRIGGERS

TINY = """
caseflow: 1
name: tiny
version: "3"
timezone: Asia/Ho_Chi_Minh
roles: {clerk: {}, head: {}}
fields:
  kind: {type: choice, choices: [report, complaint], required: true}
  agencies: {type: int}
  received_on: {type: date}
  meta: {type: mapping}
guards:
  is_complaint: {field: kind, equals: complaint}
  several_agencies: {field: agencies, at_least: 2}
states:
  open: {initial: true}
  review: {}
  escalated: {}
  closed: {final: true}
transitions:
  - {trigger: triage, from: open, to: escalated, when: [is_complaint, several_agencies]}
  - {trigger: triage, from: open, to: review}
  - {trigger: close, from: [review, escalated], to: closed, roles: [head]}
  - {trigger: reopen, from: escalated, to: open, roles: [clerk, head]}
"""

ZONE = dt.timezone(dt.timedelta(hours=7))
T0 = dt.datetime(2026, 2, 10, 8, 0, tzinfo=ZONE)


@pytest.fixture
def wf() -> caseflow.Workflow:
    return caseflow.load_workflow(TINY)


def days(n: int) -> dt.datetime:
    return T0 + dt.timedelta(days=n)


def test_start_records_a_start_event_in_the_initial_state(wf: caseflow.Workflow) -> None:
    """A new case is in the initial state with one 'start' event carrying its data."""
    case = wf.start("C-1", at=T0, data={"kind": "report"}, actor="an", role="clerk")
    assert (case.id, case.state, case.data) == ("C-1", "open", {"kind": "report"})
    assert (case.workflow, case.version) == ("tiny", "3")
    (event,) = case.history
    assert (event.trigger, event.source, event.dest, event.at) == ("start", None, "open", T0)
    assert (event.actor, event.role, dict(event.changes)) == ("an", "clerk", {"kind": "report"})


def test_fire_moves_the_case_and_appends_an_event(wf: caseflow.Workflow) -> None:
    """fire() returns the same case, moved, with the step recorded."""
    case = wf.start("C-1", at=T0, data={"kind": "report"})
    same = wf.fire(case, "triage", at=days(1), actor="an", note="routine")
    assert same is case
    assert case.state == "review"
    last = case.history[-1]
    assert (last.trigger, last.source, last.dest, last.actor, last.note) == (
        "triage",
        "open",
        "review",
        "an",
        "routine",
    )


def test_guards_choose_between_transitions_of_one_trigger(wf: caseflow.Workflow) -> None:
    """The first transition whose guard holds wins; the unguarded one is the fallback."""
    case = wf.start("C-1", at=T0, data={"kind": "complaint", "agencies": 3})
    assert wf.fire(case, "triage", at=days(1)).state == "escalated"
    other = wf.start("C-2", at=T0, data={"kind": "complaint", "agencies": 1})
    assert wf.fire(other, "triage", at=days(1)).state == "review"


def test_data_given_with_a_fire_is_seen_by_its_guards(wf: caseflow.Workflow) -> None:
    """Guards read the data as it will be after the step."""
    case = wf.start("C-1", at=T0, data={"kind": "complaint"})
    wf.fire(case, "triage", at=days(1), data={"agencies": 2})
    assert case.state == "escalated"
    assert case.data == {"kind": "complaint", "agencies": 2}
    assert dict(case.history[-1].changes) == {"agencies": 2}


def test_a_role_that_may_not_fire_is_refused_with_the_allowed_roles(
    wf: caseflow.Workflow,
) -> None:
    """A clerk may not close; the refusal names the state, trigger and allowed roles."""
    case = wf.start("C-1", at=T0, data={"kind": "report"})
    wf.fire(case, "triage", at=days(1))
    with pytest.raises(caseflow.TransitionNotAllowed) as info:
        wf.fire(case, "close", at=days(2), role="clerk")
    err = info.value
    assert (err.state, err.trigger, err.role) == ("review", "close", "clerk")
    assert err.reason == (
        "trigger 'close' from state 'review' refused: role 'clerk' may not fire it "
        "(allowed roles: head)"
    )
    assert case.state == "review"
    assert len(case.history) == 2


def test_require_role_refuses_a_fire_without_a_role() -> None:
    """With require_role=True, a role-restricted trigger needs a role."""
    wf = caseflow.load_workflow(TINY, require_role=True)
    case = wf.start("C-1", at=T0, data={"kind": "report"})
    wf.fire(case, "triage", at=days(1))
    assert "close" not in wf.allowed(case)
    with pytest.raises(caseflow.TransitionNotAllowed, match="no role was given"):
        wf.fire(case, "close", at=days(2))
    wf.fire(case, "close", at=days(2), role="head")
    assert case.state == "closed"


def test_a_failed_guard_is_named_with_the_values_it_saw(wf: caseflow.Workflow) -> None:
    """The refusal explains, per candidate transition, which guard failed and why."""
    wf2 = caseflow.load_workflow(
        TINY.replace(
            "{trigger: triage, from: open, to: review}",
            "{trigger: triage, from: open, to: review, when: several_agencies}",
        )
    )
    case = wf2.start("C-1", at=T0, data={"kind": "report", "agencies": 1})
    with pytest.raises(caseflow.TransitionNotAllowed) as info:
        wf2.fire(case, "triage", at=days(1))
    assert info.value.reason == (
        "trigger 'triage' from state 'open' refused: "
        "to 'escalated': guard 'is_complaint' is false: field 'kind' is 'report' and must "
        "equal 'complaint'; "
        "to 'review': guard 'several_agencies' is false: field 'agencies' is 1 and must be "
        "at least 2"
    )
    assert info.value.guard == "is_complaint"


@pytest.mark.parametrize(
    ("trigger", "reason"),
    [
        (
            "clsoe",
            "unknown trigger 'clsoe' (did you mean 'close'?); workflow 'tiny' has: "
            "triage, close, reopen",
        ),
        (
            "close",
            "trigger 'close' cannot fire from state 'open'; from 'open' the triggers are: triage",
        ),
    ],
)
def test_unknown_or_misplaced_triggers_are_refused_with_what_is_allowed(
    wf: caseflow.Workflow, trigger: str, reason: str
) -> None:
    """A trigger that does not exist, or not from here, is refused listing the options."""
    case = wf.start("C-1", at=T0, data={"kind": "report"})
    with pytest.raises(caseflow.TransitionNotAllowed) as info:
        wf.fire(case, trigger, at=days(1))
    assert info.value.reason == reason


def test_a_final_state_refuses_every_trigger(wf: caseflow.Workflow) -> None:
    """Nothing fires once a case is closed."""
    case = wf.start("C-1", at=T0, data={"kind": "report"})
    wf.fire(case, "triage", at=days(1))
    wf.fire(case, "close", at=days(2), role="head")
    assert wf.allowed(case) == ()
    with pytest.raises(caseflow.TransitionNotAllowed, match="final state 'closed'"):
        wf.fire(case, "reopen", at=days(3))


def test_an_event_earlier_than_the_last_is_refused(wf: caseflow.Workflow) -> None:
    """Events are recorded in time order; going back in time is refused."""
    case = wf.start("C-1", at=T0, data={"kind": "report"})
    with pytest.raises(caseflow.TransitionNotAllowed, match="earlier than the case's last event"):
        wf.fire(case, "triage", at=T0 - dt.timedelta(seconds=1))
    assert len(case.history) == 1


def test_times_are_accepted_as_text_dates_and_naive_times_in_the_workflow_zone(
    wf: caseflow.Workflow,
) -> None:
    """'2026-02-10T08:00' means 08:00 in Asia/Ho_Chi_Minh; a date means its midnight there."""
    case = wf.start("C-1", at="2026-02-10T08:00", data={"kind": "report"})
    assert case.history[0].at.utcoffset() == dt.timedelta(hours=7)
    assert case.history[0].at.hour == 8
    wf.fire(case, "triage", at=dt.date(2026, 2, 11))
    assert case.history[-1].at == dt.datetime(2026, 2, 11, tzinfo=ZONE)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "report", "colour": "red"}, "unknown field 'colour'"),
        ({"kind": "appeal"}, "field 'kind' is 'appeal'; allowed: report, complaint"),
        ({"kind": "report", "agencies": "2"}, "field 'agencies' must be a whole number"),
        ({"kind": "report", "agencies": True}, "field 'agencies' must be a whole number"),
        ({"kind": "report", "received_on": "2026-02-30"}, "day is out of range for month"),
        ({}, "needs these fields when a case starts: kind"),
    ],
)
def test_bad_data_is_refused_with_the_field_and_what_is_allowed(
    wf: caseflow.Workflow, data: dict[str, object], message: str
) -> None:
    """Data is checked against the declared fields before anything is recorded."""
    with pytest.raises(caseflow.InputError, match=message.replace("(", r"\(")):
        wf.start("C-1", at=T0, data=data)


def test_dates_in_data_are_kept_as_iso_text(wf: caseflow.Workflow) -> None:
    """A date given as a date is stored as 'YYYY-MM-DD' so data stays plain JSON."""
    case = wf.start("C-1", at=T0, data={"kind": "report", "received_on": dt.date(2026, 2, 9)})
    assert case.data["received_on"] == "2026-02-09"


def test_update_changes_data_without_moving(wf: caseflow.Workflow) -> None:
    """update() records an 'update' event that stays in the current state."""
    case = wf.start("C-1", at=T0, data={"kind": "report"})
    wf.update(case, at=days(1), data={"agencies": 4}, actor="an")
    assert case.state == "open"
    assert case.data["agencies"] == 4
    assert case.history[-1].trigger == "update"
    assert wf.replay("C-1", case.history).data == case.data


def test_allowed_lists_what_may_fire_now_for_a_role(wf: caseflow.Workflow) -> None:
    """allowed() checks guards, and roles when a role is given."""
    case = wf.start("C-1", at=T0, data={"kind": "complaint", "agencies": 2})
    wf.fire(case, "triage", at=days(1))
    assert wf.allowed(case) == ("close", "reopen")
    assert wf.allowed(case, role="clerk") == ("reopen",)
    assert wf.allowed(case, role="head") == ("close", "reopen")


def test_hooks_run_in_order_and_see_the_event(wf: caseflow.Workflow) -> None:
    """on_exit sees the case before the step, on_enter after it, both with the event."""
    seen: list[tuple[str, str, str]] = []
    wf = caseflow.load_workflow(
        TINY,
        on_exit={"open": lambda c, e: seen.append(("exit", c.state, e.dest))},
        on_enter={"review": lambda c, e: seen.append(("enter", c.state, e.trigger))},
    )
    case = wf.start("C-1", at=T0, data={"kind": "report"})
    wf.fire(case, "triage", at=days(1))
    assert seen == [("exit", "open", "review"), ("enter", "review", "triage")]


def test_a_hook_that_raises_leaves_the_case_unchanged() -> None:
    """If a hook fails, the case's state, data and history are as before the step."""

    def boom(case: caseflow.Case, event: caseflow.Event) -> None:
        raise RuntimeError("mail server down")

    wf = caseflow.load_workflow(TINY, on_enter={"escalated": boom})
    case = wf.start("C-1", at=T0, data={"kind": "complaint"})
    with pytest.raises(RuntimeError):
        wf.fire(case, "triage", at=days(1), data={"agencies": 5})
    assert (case.state, case.data, len(case.history)) == ("open", {"kind": "complaint"}, 1)


def test_hooks_and_guards_for_unknown_names_are_refused_at_load() -> None:
    """A misspelt hook state or guard name is a ConfigurationError, not a silent no-op."""
    with pytest.raises(caseflow.ConfigurationError, match=r"unknown state 'reveiw' .*'review'"):
        caseflow.load_workflow(TINY, on_enter={"reveiw": lambda c, e: None})
    with pytest.raises(caseflow.ConfigurationError, match="guard 'is_complaint' is not declared"):
        caseflow.load_workflow(TINY, guards={"is_complaint": lambda ctx: True})


def test_a_case_of_another_workflow_is_refused(wf: caseflow.Workflow) -> None:
    """A case remembers its workflow and version; another workflow will not run it."""
    other = caseflow.load_workflow(TINY.replace('version: "3"', 'version: "4"'))
    case = other.start("C-1", at=T0, data={"kind": "report"})
    with pytest.raises(caseflow.InputError, match="belongs to workflow 'tiny' version '4'"):
        wf.fire(case, "triage", at=days(1))


def test_history_cannot_be_rewritten_in_place(wf: caseflow.Workflow) -> None:
    """The history is a tuple of frozen events."""
    case = wf.start("C-1", at=T0, data={"kind": "report"})
    assert isinstance(case.history, tuple)
    with pytest.raises(AttributeError):
        case.history[0].dest = "closed"  # type: ignore[misc]


def test_replay_rebuilds_from_plain_dicts_and_names_the_first_bad_event(
    wf: caseflow.Workflow,
) -> None:
    """Replay accepts to_dict() records and refuses an illegal step with its index."""
    case = wf.start("C-1", at=T0, data={"kind": "report"})
    wf.fire(case, "triage", at=days(1))
    wf.fire(case, "close", at=days(2), role="head")
    records = [e.to_dict() for e in case.history]
    assert wf.replay("C-1", records).state == "closed"
    records[2]["role"] = "clerk"
    with pytest.raises(caseflow.HistoryError) as info:
        wf.replay("C-1", records)
    assert info.value.index == 2
    assert str(info.value) == (
        "case 'C-1', event 2: 'close' was recorded for role 'clerk', which may not fire it "
        "(allowed: head)"
    )


@pytest.mark.parametrize(
    ("mutate", "index", "message"),
    [
        (lambda r: r.clear(), 0, "the history is empty"),
        (lambda r: r.pop(0), 0, "the first event must be 'start'"),
        (lambda r: r[1].update(source="review"), 1, "says the case left 'review'"),
        (lambda r: r[2].update(at="2026-02-01T00:00:00+07:00"), 2, "is earlier than"),
        (lambda r: r[1].update(at="yesterday"), 1, "'at' must be an ISO 8601 time"),
        (lambda r: r[1].pop("at"), 1, r"event 1: the event has no 'at'$"),
        (lambda r: r.__setitem__(1, ["screen"]), 1, "an event must be a mapping"),
    ],
)
def test_replay_refuses_each_kind_of_bad_history(
    wf: caseflow.Workflow, mutate: object, index: int, message: str
) -> None:
    """Empty, headless, inconsistent, out-of-order or malformed histories are refused."""
    case = wf.start("C-1", at=T0, data={"kind": "report"})
    wf.fire(case, "triage", at=days(1))
    wf.fire(case, "close", at=days(2), role="head")
    records = [e.to_dict() for e in case.history]
    mutate(records)  # type: ignore[operator]
    with pytest.raises(caseflow.HistoryError, match=message) as info:
        wf.replay("C-1", records)
    assert info.value.index == index


def test_reserved_trigger_names_are_refused_in_a_definition() -> None:
    """'start', 'update', 'migrate' and 'reveal' are recorded by caseflow itself."""
    assert {"start", "update"} <= RESERVED_TRIGGERS
    with pytest.raises(caseflow.DefinitionError, match="trigger name 'start' is reserved"):
        caseflow.load_workflow(TINY.replace("trigger: reopen", "trigger: start"))


def test_the_machine_keeps_no_case_alive(wf: caseflow.Workflow) -> None:
    """100,000 cases driven along a path are freed once the caller drops them."""
    refs = []
    for i in range(100_000):
        case = wf.start(f"C-{i}", at=T0, data={"kind": "complaint", "agencies": 2})
        wf.fire(case, "triage", at=days(1))
        wf.fire(case, "close", at=days(2), role="head")
        if i % 1000 == 0:
            refs.append(weakref.ref(case))
    del case
    gc.collect()
    assert all(r() is None for r in refs)
    assert wf._engine.machine.models == []


def test_registered_guard_missing_at_fire_time_is_a_configuration_error() -> None:
    """A declared registered guard the app never supplied fails loudly when needed."""
    text = TINY.replace(
        "several_agencies: {field: agencies, at_least: 2}",
        "several_agencies: {registered: true}",
    )
    wf = caseflow.load_workflow(text)
    case = wf.start("C-1", at=T0, data={"kind": "complaint"})
    with pytest.raises(caseflow.ConfigurationError, match="registered no function"):
        wf.fire(case, "triage", at=days(1))
    assert case.state == "open"


def test_a_bad_value_in_a_confidential_field_is_never_echoed() -> None:
    """The error for a confidential field names the field, never the value."""
    text = TINY.replace(
        "  meta: {type: mapping}\n",
        "  meta: {type: mapping}\n  name: {type: int, confidential: true}\n",
    )
    wf = caseflow.load_workflow(text)
    with pytest.raises(caseflow.InputError) as info:
        wf.start("C-1", at=T0, data={"kind": "report", "name": "Nguyễn Văn Bí Mật"})
    assert "Bí Mật" not in str(info.value)
    assert "field 'name' (confidential)" in str(info.value)

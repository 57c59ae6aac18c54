"""The workflows caseflow ships: they load, speak both languages, cite their
basis, and model the procedures they are named after.

These tests read the definitions as data (``read_workflow``) for what the
files say, and run them through the public API only where a rule of law is
encoded as a guard, so that the rule is pinned by its effect.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

import caseflow
from caseflow.definition import Label, WorkflowSpec
from caseflow.loading import dump_workflow, read_workflow

WORKFLOWS = Path(caseflow.__file__).parent / "workflows"
SHIPPED = sorted(p.stem for p in WORKFLOWS.glob("*.yaml"))
AT = dt.datetime(2026, 2, 10, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))

# Instruments a `source` may cite: the plan and the laws and texts it rests on.
INSTRUMENTS = ("Quy định 11-QĐi/TW", "Kế hoạch", "Luật ", "Thông tư ", "Nghị định ")

RECEPTION_MAIN_PATH = [
    ("received", "screen", "screened"),
    ("screened", "select", "selected"),
    ("selected", "brief", "briefed"),
    ("briefed", "hear", "heard"),
    ("heard", "conclude", "concluded"),
    ("concluded", "report", "reported"),
]

# Side path -> (trigger, a state it leaves, where it goes).
RECEPTION_SIDE_PATHS = {
    "not admissible, filed (lưu đơn)": ("file_away", "received", "filed"),
    "referred to the competent body (chuyển đơn)": ("refer", "screened", "referred"),
    "anonymous, passed on for inspection": ("refer_for_inspection", "received", "referred"),
    "guided and explained (hướng dẫn, giải thích)": ("guide", "received", "guided"),
    "withdrawn (rút đơn)": ("withdraw", "briefed", "withdrawn"),
    "merged as a duplicate (trùng đơn)": ("merge_duplicate", "received", "merged"),
    "deferred to the next session (hoãn sang kỳ sau)": ("defer", "briefed", "selected"),
    "deferred again before the brief": ("defer", "selected", "selected"),
    "heard at an ad-hoc session (tiếp đột xuất)": ("hear_ad_hoc", "selected", "heard"),
    "continued after a session (tiếp tục xem xét)": ("continue_review", "heard", "under_review"),
    "heard again after further review": ("reschedule", "under_review", "selected"),
    "concluded after further review": ("conclude", "under_review", "concluded"),
}

CONFIDENTIAL_IDENTITY = {
    "citizen_reception": {"petitioner_name", "petitioner_address", "petitioner_phone"},
    "complaint": {"complainant_name", "complainant_address", "complainant_phone"},
    "denunciation": {
        "denouncer_name",
        "denouncer_address",
        "denouncer_phone",
        "denouncer_id_number",
        "denouncer_other_details",
    },
}


def spec(name: str) -> WorkflowSpec:
    return read_workflow(WORKFLOWS / f"{name}.yaml")


def steps(wf: WorkflowSpec) -> set[tuple[str, str, str]]:
    """Every (source state, trigger, target state) the workflow allows."""
    return {(src, t.trigger, t.dest) for t in wf.transitions for src in t.sources}


def role_for(wf: caseflow.Workflow, state: str, trigger: str) -> str | None:
    for t in wf.spec.transitions:
        if t.trigger == trigger and state in t.sources:
            return t.roles[0] if t.roles else None
    raise AssertionError(f"no transition {trigger!r} from {state!r}")


def walk(wf: caseflow.Workflow, case: caseflow.Case, trigger: str, **data: Any) -> None:
    wf.fire(
        case,
        trigger,
        at=AT + dt.timedelta(minutes=len(case.history)),
        role=role_for(wf, case.state, trigger),
        data=data or None,
    )


def labelled(wf: WorkflowSpec) -> list[tuple[str, Label | None]]:
    items: list[tuple[str, Label | None]] = [("the workflow title", wf.title)]
    items += [(f"state {s.name!r}", s.label) for s in wf.states]
    items += [(f"transition {t.trigger!r} from {t.sources}", t.label) for t in wf.transitions]
    items += [(f"role {r.name!r}", r.label) for r in wf.roles]
    items += [(f"field {f.name!r}", f.label) for f in wf.fields]
    items += [(f"schedule {s.name!r}", s.label) for s in wf.schedules]
    return items


def test_the_three_procedures_are_shipped() -> None:
    """caseflow ships the reception, complaint and denunciation workflows."""
    assert {"citizen_reception", "complaint", "denunciation"} <= set(SHIPPED)


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_workflow_loads(name: str) -> None:
    """Every shipped workflow passes the loader and the graph checks."""
    wf = spec(name)
    assert wf.name == name
    assert wf.calendar == "VN"
    assert wf.timezone == "Asia/Ho_Chi_Minh"


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_workflow_round_trips(name: str) -> None:
    """Dumping a shipped workflow and reading it back gives the same definition."""
    wf = spec(name)
    assert read_workflow(dump_workflow(wf)) == wf


@pytest.mark.parametrize("name", SHIPPED)
def test_everything_has_a_bilingual_label(name: str) -> None:
    """Each state, transition, role, field and schedule has distinct vi and en labels."""
    missing, same, undiacritised = [], [], []
    for what, label in labelled(spec(name)):
        if label is None or not label.vi.strip() or not label.en.strip():
            missing.append(what)
        elif label.vi == label.en:
            same.append(what)
        elif label.vi.isascii():
            # Vietnamese written without its diacritics ("Tiep nhan").
            undiacritised.append(f"{what}: {label.vi!r}")
    assert missing == []
    assert same == []
    assert undiacritised == []


@pytest.mark.parametrize("name", SHIPPED)
def test_workflow_and_every_transition_cite_a_source(name: str) -> None:
    """The workflow and each transition and state say on what basis (căn cứ) they stand."""
    wf = spec(name)
    assert wf.source
    assert any(i in wf.source for i in INSTRUMENTS)
    uncited = [
        f"transition {t.trigger!r}"
        for t in wf.transitions
        if not t.source or not any(i in t.source for i in INSTRUMENTS)
    ]
    uncited += [
        f"state {s.name!r}"
        for s in wf.states
        if not s.source or not any(i in s.source for i in INSTRUMENTS)
    ]
    assert uncited == []


@pytest.mark.parametrize("name", SHIPPED)
def test_every_declared_role_fires_something(name: str) -> None:
    """No shipped workflow declares a role that no transition lets act."""
    wf = spec(name)
    used = {role for t in wf.transitions for role in t.roles}
    assert {r.name for r in wf.roles} == used


def test_reception_main_path_exists_in_order() -> None:
    """received -> screened -> selected -> briefed -> heard -> concluded -> reported."""
    wf = spec("citizen_reception")
    assert wf.initial == "received"
    assert set(RECEPTION_MAIN_PATH) <= steps(wf)
    assert wf.state("reported").final


def test_reception_main_path_can_be_walked() -> None:
    """A complaint can be taken along the main path once an invitation is sent."""
    wf = caseflow.load_workflow(WORKFLOWS / "citizen_reception.yaml")
    case = wf.start("TV-2026-001", at=AT, data={"kind": "complaint", "summary": "Đất đai"})
    for _source, trigger, target in RECEPTION_MAIN_PATH:
        data = {"invitation_sent_on": "2026-03-17"} if trigger == "hear" else {}
        walk(wf, case, trigger, **data)
        assert case.state == target
    assert [e.trigger for e in case.history] == ["start"] + [t for _, t, _ in RECEPTION_MAIN_PATH]


@pytest.mark.parametrize("side_path", sorted(RECEPTION_SIDE_PATHS))
def test_reception_side_path_exists(side_path: str) -> None:
    """Each way a real case leaves the main path is modelled."""
    trigger, source, target = RECEPTION_SIDE_PATHS[side_path]
    assert (source, trigger, target) in steps(spec("citizen_reception"))


def test_reception_side_paths_that_end_the_case_are_final() -> None:
    """Filed, referred, guided, withdrawn and merged cases are closed for good."""
    wf = spec("citizen_reception")
    for name in ("filed", "referred", "guided", "withdrawn", "merged", "reported"):
        assert wf.state(name).final, name
    for name in ("selected", "under_review"):
        assert not wf.state(name).final, name


def test_reception_hearing_needs_an_invitation() -> None:
    """A case is not heard before the citizen's invitation (giấy mời) is recorded."""
    wf = caseflow.load_workflow(WORKFLOWS / "citizen_reception.yaml")
    case = wf.start("TV-2026-002", at=AT, data={"kind": "report", "summary": "x"})
    for trigger in ("screen", "select", "brief"):
        walk(wf, case, trigger)
    assert "hear" not in wf.allowed(case)
    with pytest.raises(caseflow.TransitionNotAllowed):
        walk(wf, case, "hear")


def test_anonymous_petition_is_not_screened() -> None:
    """An anonymous petition is filed or passed to inspection, never screened (Luật Tố cáo 2018, Điều 25)."""
    wf = caseflow.load_workflow(WORKFLOWS / "citizen_reception.yaml")
    data = {"kind": "denunciation", "summary": "x", "anonymous": True}
    case = wf.start("TV-2026-003", at=AT, data=data)
    assert "screen" not in wf.allowed(case)
    assert "refer_for_inspection" not in wf.allowed(case)
    wf.update(case, at=AT + dt.timedelta(minutes=1), data={"evidence_clear": True})
    assert "refer_for_inspection" in wf.allowed(case)
    assert "screen" not in wf.allowed(case)


def test_regular_reception_schedule() -> None:
    """Sessions fall on the Tuesday of the 4th calendar week, moved a week on a day off."""
    wf = spec("citizen_reception")
    (schedule,) = [s for s in wf.schedules if s.name == "regular_reception"]
    assert (schedule.every, schedule.weekday, schedule.week) == ("month", "tuesday", 4)
    assert schedule.counting == "calendar"
    assert schedule.if_day_off == "next_week"
    assert schedule.place
    assert "Trụ sở tiếp công dân" in schedule.place
    assert schedule.source
    assert "thứ ba tuần thứ 4" in schedule.source
    # The reading of "tuần thứ 4" is an assumption and must say so.
    assert wf.description
    assert "assumption" in wf.description


@pytest.mark.parametrize("name", sorted(CONFIDENTIAL_IDENTITY))
def test_identity_fields_are_confidential(name: str) -> None:
    """The petitioner's, complainant's or denouncer's identity fields are confidential."""
    fields = {f.name: f for f in spec(name).fields}
    for field in CONFIDENTIAL_IDENTITY[name]:
        assert fields[field].confidential, field


def test_complaint_first_instance_path() -> None:
    """A complaint is accepted or refused, verified, discussed when findings differ, decided, closed."""
    wf = spec("complaint")
    assert {
        ("received", "accept", "accepted"),
        ("received", "refuse", "refused"),
        ("accepted", "start_verification", "verifying"),
        ("verifying", "hold_dialogue", "dialogue"),
        ("verifying", "decide", "decided"),
        ("dialogue", "decide", "decided"),
        ("decided", "send_decision", "closed"),
        ("verifying", "withdraw", "withdrawn"),
        ("verifying", "terminate", "terminated"),
    } <= steps(wf)
    fields = {f.name for f in wf.fields}
    assert {"complex", "remote_area", "refusal_ground", "findings_differ"} <= fields


def test_complaint_dialogue_is_held_only_when_findings_differ() -> None:
    """Dialogue is required, and deciding without it refused, when the findings differ (Luật Khiếu nại 2011, Điều 30)."""
    wf = caseflow.load_workflow(WORKFLOWS / "complaint.yaml")
    data = {
        "contested": "administrative_decision",
        "summary": "x",
        "within_competence": True,
        # Filed within the 90 days of Điều 9, which accepting now checks.
        "learned_on": "2026-01-20",
        "received_on": "2026-02-09",
    }
    case = wf.start("KN-2026-001", at=AT, data=data)
    walk(wf, case, "accept")
    walk(wf, case, "start_verification")
    assert "hold_dialogue" not in wf.allowed(case)
    assert "decide" in wf.allowed(case)
    wf.update(case, at=AT + dt.timedelta(hours=1), data={"findings_differ": True})
    assert "hold_dialogue" in wf.allowed(case)
    assert "decide" not in wf.allowed(case)


def test_denunciation_path() -> None:
    """A denunciation is checked, accepted, verified, extended, suspended, concluded, handled."""
    wf = spec("denunciation")
    assert {
        ("received", "classify", "classified"),
        ("classified", "accept", "accepted"),
        ("classified", "not_accept", "not_accepted"),
        ("received", "not_accept", "not_accepted"),
        ("classified", "transfer", "transferred"),
        ("received", "refer_for_inspection", "for_inspection"),
        ("accepted", "start_verification", "verifying"),
        ("verifying", "extend", "verifying"),
        ("verifying", "suspend", "suspended"),
        ("suspended", "resume", "verifying"),
        ("suspended", "terminate", "terminated"),
        ("verifying", "conclude", "concluded"),
        ("concluded", "handle", "handled"),
        ("verifying", "withdraw", "withdrawn"),
    } <= steps(wf)


def test_denunciation_acceptance_and_extension_rules() -> None:
    """Only an identified, competent, verifiable denunciation is accepted; only a complex one extended."""
    wf = caseflow.load_workflow(WORKFLOWS / "denunciation.yaml")
    data = {
        "violation_kind": "duty_performance",
        "summary": "x",
        "within_competence": True,
        "grounds_to_verify": True,
        "anonymous": True,
    }
    case = wf.start("TC-2026-001", at=AT, data=data)
    walk(wf, case, "classify")
    assert "accept" not in wf.allowed(case)  # anonymous: Luật Tố cáo 2018, Điều 25
    data = {"violation_kind": "duty_performance", "summary": "x", "within_competence": True}
    case = wf.start("TC-2026-002", at=AT, data=data)
    walk(wf, case, "classify")
    assert "accept" not in wf.allowed(case)
    walk(wf, case, "accept", grounds_to_verify=True)
    walk(wf, case, "start_verification")
    assert "extend" not in wf.allowed(case)
    walk(wf, case, "extend", complexity="especially_complex")
    assert case.state == "verifying"


def test_denunciation_withdrawal_does_not_end_a_case_with_signs_of_violation() -> None:
    """A withdrawal cannot close a case whose act shows signs of a violation (Luật Tố cáo 2018, Điều 33)."""
    wf = caseflow.load_workflow(WORKFLOWS / "denunciation.yaml")
    data = {"violation_kind": "state_management", "summary": "x"}
    case = wf.start("TC-2026-003", at=AT, data=data)
    assert "withdraw" in wf.allowed(case)
    wf.update(case, at=AT + dt.timedelta(minutes=1), data={"violation_signs": True})
    assert "withdraw" not in wf.allowed(case)

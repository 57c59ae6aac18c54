"""The law the shipped workflows encode beyond the main path (issue 9, items 4 and 6).

Each rule is pinned by its effect through the public API: the follow-up of
an agency a reception case is directed to, the complaint's limitation
period at intake, the second-instance complaint, and the retention of filed
petitions. Every expected date is counted by hand in a comment, by the
model of docs/legal-time.md: a period starts the day after its anchor, and a
period in calendar days whose last day is a day off ends on the next working
day (Bộ luật Dân sự 2015, Điều 147 and 148 khoản 5).
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import caseflow
from caseflow.conditions import GuardContext, compile_condition
from caseflow.errors import TransitionNotAllowed
from caseflow.sessions import record_conclusion
from caseflow.store import open_store

ZONE = dt.timezone(dt.timedelta(hours=7))
WORKFLOWS = Path(caseflow.__file__).parent / "workflows"


def at(day: str, hour: int = 9) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=ZONE)


def shipped(name: str) -> caseflow.Workflow:
    return caseflow.load_workflow(caseflow.shipped_workflow(name))


def deadline(wf: caseflow.Workflow, case: caseflow.Case, name: str, now: str) -> Any:
    found = [d for d in wf.deadlines(case, now=at(now, 12)) if d.name == name]
    assert len(found) == 1, [d.name for d in wf.deadlines(case, now=at(now, 12))]
    return found[0]


# -- 1. the follow-up of a case directed to an agency ---------------------------------------

RECEPTION = shipped("citizen_reception")


def heard(case_id: str = "TV-1") -> caseflow.Case:
    """A petition received 02/03/2026 and heard at the session of 17/03/2026."""
    wf = RECEPTION
    case = wf.start(
        case_id,
        at=at("2026-03-02"),
        data={"kind": "complaint", "summary": "Đơn", "registered_on": "2026-03-02"},
    )
    wf.fire(case, "screen", at=at("2026-03-03"))
    wf.fire(case, "select", at=at("2026-03-05"), data={"session_date": "2026-03-17"})
    wf.fire(case, "brief", at=at("2026-03-09"), data={"invitation_sent_on": "2026-03-09"})
    wf.fire(case, "hear", at=at("2026-03-17"))
    return case


def directed(case_id: str = "TV-1", due: str = "2026-04-05") -> caseflow.Case:
    case = heard(case_id)
    record_conclusion(
        RECEPTION,
        case,
        "directed_to_agency",
        at=at("2026-03-19"),
        conclusion="Giao Phòng TN&MT giải quyết, báo cáo kết quả",
        agency="Phòng TN&MT",
        agency_due=due,
    )
    return case


def test_a_directed_case_owes_the_agency_result_by_its_recorded_due_date() -> None:
    """The agency deadline is anchored on agency_due_on and rolled off a Sunday."""
    case = directed()
    owed = deadline(RECEPTION, case, "agency_result", "2026-03-20")
    # Due 05/04/2026 is a Sunday; the period ends on the next working day,
    # Monday 06/04/2026 (Hùng Kings' day falls on 26/04 in 2026).
    assert (owed.due_date, owed.status) == (dt.date(2026, 4, 6), "pending")
    assert "agency_due_on" in owed.explain("en")


def test_the_agency_deadline_is_overdue_after_the_report_upward_and_listed_by_the_store(
    tmp_path: Path,
) -> None:
    """Reported upward, a directed case is followed up and its overdue result is listed."""
    case = directed()
    RECEPTION.fire(case, "report", at=at("2026-03-30"))
    assert case.state == "following_up"
    owed = deadline(RECEPTION, case, "agency_result", "2026-06-01")
    # Due Monday 06/04/2026 (05/04 is a Sunday): overdue on 01/06/2026.
    assert (owed.due_date, owed.status) == (dt.date(2026, 4, 6), "overdue")
    with open_store(f"sqlite:///{tmp_path / 'cases.db'}") as store:
        store.save(case, RECEPTION)
        late = [(d.case_id, d.name, d.due) for d in store.overdue(at("2026-06-01"))]
    assert late == [("TV-1", "agency_result", dt.date(2026, 4, 6))]


def test_recording_the_result_after_the_report_meets_the_deadline_and_closes_the_case() -> None:
    """record_agency_result from following_up meets the deadline (late here) and closes."""
    case = directed()
    RECEPTION.fire(case, "report", at=at("2026-03-30"))
    RECEPTION.fire(
        case,
        "record_agency_result",
        at=at("2026-04-08"),
        data={"agency_result_on": "2026-04-08", "agency_result": "Báo cáo số 12/BC-TNMT"},
    )
    assert case.state == "result_received"
    owed = deadline(RECEPTION, case, "agency_result", "2026-06-01")
    # Due Monday 06/04/2026; recorded Wednesday 08/04/2026: met, two days late.
    assert (owed.status, owed.late) == ("met", True)


def test_a_result_recorded_before_the_report_lets_the_case_close_at_reported() -> None:
    """The result recorded while concluded meets the deadline; report then closes the case."""
    case = directed()
    RECEPTION.fire(
        case,
        "record_agency_result",
        at=at("2026-03-27"),
        data={"agency_result_on": "2026-03-27", "agency_result": "Đã giải quyết xong"},
    )
    assert case.state == "concluded"
    RECEPTION.fire(case, "report", at=at("2026-03-30"))
    assert case.state == "reported"
    owed = deadline(RECEPTION, case, "agency_result", "2026-06-01")
    # Met on 27/03/2026, before the due Monday 06/04/2026.
    assert (owed.status, owed.late, owed.due_date) == ("met", False, dt.date(2026, 4, 6))


def test_an_explained_case_owes_no_agency_result_and_closes_at_reported() -> None:
    """Explained, not directed: no agency due date, never overdue, and report closes it."""
    case = heard()
    record_conclusion(RECEPTION, case, "explained", at=at("2026-03-19"), conclusion="Đã đúng")
    owed = deadline(RECEPTION, case, "agency_result", "2026-06-01")
    assert (owed.due, owed.status) == (None, "pending")
    with pytest.raises(TransitionNotAllowed, match="directed"):
        RECEPTION.fire(
            case,
            "record_agency_result",
            at=at("2026-03-20"),
            data={"agency_result_on": "2026-03-20"},
        )
    RECEPTION.fire(case, "report", at=at("2026-03-30"))
    assert case.state == "reported"


def test_the_agency_result_cannot_be_recorded_without_its_date() -> None:
    """record_agency_result needs agency_result_on, the day the agency's report came in."""
    case = directed()
    RECEPTION.fire(case, "report", at=at("2026-03-30"))
    with pytest.raises(TransitionNotAllowed, match="agency_result_recorded"):
        RECEPTION.fire(case, "record_agency_result", at=at("2026-04-02"))
    assert case.state == "following_up"


# -- 4. filed petitions are kept one year ---------------------------------------------------


def test_a_filed_petition_gets_a_retention_date_one_year_after_filing() -> None:
    """retention: 12 months after entering filed, rolled to a working day."""
    wf = RECEPTION
    case = wf.start("TV-9", at=at("2026-03-02"), data={"kind": "report", "summary": "Đơn nặc danh"})
    wf.fire(case, "file_away", at=at("2026-03-06"), data={"filing_reason": "Nặc danh"})
    kept = deadline(wf, case, "retention", "2026-03-06")
    # Filed Friday 06/03/2026; 12 months later is Saturday 06/03/2027, a day
    # off, so the year ends on Monday 08/03/2027.
    assert (kept.due_date, kept.status) == (dt.date(2027, 3, 8), "pending")
    assert deadline(wf, case, "retention", "2027-03-09").status == "overdue"


def test_retention_runs_only_for_filed_petitions() -> None:
    """A case that is not filed has no retention date."""
    case = directed()
    RECEPTION.fire(case, "report", at=at("2026-03-30"))
    assert all(d.name != "retention" for d in RECEPTION.deadlines(case, now=at("2027-06-01")))


# -- 2. the complaint's limitation period at intake -----------------------------------------

COMPLAINT = shipped("complaint")


def complaint(received: str, learned: str, **data: Any) -> caseflow.Case:
    values = {
        "summary": "Khiếu nại quyết định thu hồi đất",
        "contested": "administrative_decision",
        "within_competence": True,
        "received_on": received,
        "learned_on": learned,
    }
    return COMPLAINT.start("KN-1", at=at(received), data={**values, **data})


def test_a_complaint_filed_on_the_90th_day_is_accepted() -> None:
    """Filed on the last day of the 90 days after learned_on, accept fires."""
    # Learned Wednesday 04/03/2026: days 05/03 ... 02/06/2026 (Tuesday, worked).
    case = complaint("2026-06-02", "2026-03-04")
    COMPLAINT.fire(case, "accept", at=at("2026-06-03"))
    assert case.state == "accepted"


def test_a_complaint_filed_after_90_days_is_refused_naming_the_rule() -> None:
    """Filed on day 91, accept is refused with the guard, its basis and the period's end."""
    # Learned 04/03/2026: the 90 days end Tuesday 02/06/2026; 03/06 is too late.
    case = complaint("2026-06-03", "2026-03-04")
    with pytest.raises(TransitionNotAllowed) as refused:
        COMPLAINT.fire(case, "accept", at=at("2026-06-04"))
    reason = refused.value.reason
    assert "guard 'within_limitation' (basis: Luật Khiếu nại 2011, Điều 9" in reason
    assert "field 'received_on' is '2026-06-03' and must be at most 2026-06-02" in reason
    assert case.state == "received"
    COMPLAINT.fire(
        case, "refuse", at=at("2026-06-04"), data={"refusal_ground": "time_limit_expired"}
    )
    assert case.state == "refused"


def obstructed(days: int) -> caseflow.Case:
    """Learned 04/03/2026, filed Friday 12/06/2026 (100 days later), with an obstacle."""
    return complaint(
        "2026-06-12",
        "2026-03-04",
        obstacle_days=days,
        obstacle_reason="Điều trị tại bệnh viện (giấy ra viện)",
    )


def test_ten_days_of_an_objective_obstacle_do_not_count() -> None:
    """obstacle_days lengthen the 90 days by the time the obstacle lasted (Điều 9)."""
    # 90 + 10 days after 04/03/2026 end on Friday 12/06/2026: filed in time.
    case = obstructed(10)
    COMPLAINT.fire(case, "accept", at=at("2026-06-15"))
    assert case.state == "accepted"


def test_an_obstacle_shorter_than_the_delay_does_not_save_the_complaint() -> None:
    """With 9 days of obstacle the period ends the day before the filing; accept is refused."""
    # 90 + 9 days after 04/03/2026 end on Thursday 11/06/2026; filed 12/06.
    case = obstructed(9)
    with pytest.raises(TransitionNotAllowed) as refused:
        COMPLAINT.fire(case, "accept", at=at("2026-06-15"))
    assert "must be at most 2026-06-11" in refused.value.reason
    assert "not counting the 9 days of field 'obstacle_days'" in refused.value.reason


def test_a_complaint_needs_its_dates_to_be_accepted() -> None:
    """Without learned_on the limitation cannot be checked, so accept is refused."""
    case = COMPLAINT.start(
        "KN-2",
        at=at("2026-03-10"),
        data={"summary": "x", "contested": "administrative_act", "within_competence": True},
    )
    with pytest.raises(TransitionNotAllowed, match="field 'learned_on' is missing"):
        COMPLAINT.fire(case, "accept", at=at("2026-03-11"))


def limitation_holds(case: caseflow.Case, calendar: Any) -> bool:
    guard = next(g for g in COMPLAINT.spec.guards if g.name == "within_limitation")
    assert guard.condition is not None
    check = compile_condition(guard.condition, {g.name: g for g in COMPLAINT.spec.guards}, {})
    ctx = GuardContext(
        case=case,
        trigger="accept",
        at=at("2026-06-02"),
        actor=None,
        role=None,
        data=case.data,
        calendar=calendar,
    )
    return check(ctx)


def test_a_limitation_period_ending_on_a_sunday_ends_on_the_monday() -> None:
    """Given the workflow's calendar, day 90 on a Sunday moves the end to Monday."""
    # Learned Monday 02/03/2026: day 90 is Sunday 31/05/2026, so the period
    # ends on Monday 01/06/2026 (Bộ luật Dân sự 2015, Điều 148 khoản 5).
    on_monday = complaint("2026-06-01", "2026-03-02")
    assert limitation_holds(on_monday, COMPLAINT.calendar)
    assert not limitation_holds(complaint("2026-06-02", "2026-03-02"), COMPLAINT.calendar)
    # Without a calendar, only the nominal day 90 is known.
    assert not limitation_holds(on_monday, None)


def test_accept_on_the_monday_after_a_sunday_day_90_fires() -> None:
    """Filed Monday 01/06/2026 after day 90 on Sunday 31/05, accept fires."""
    # Learned 02/03/2026; day 90 is Sunday 31/05/2026; the period ends Monday 01/06.
    case = complaint("2026-06-01", "2026-03-02")
    COMPLAINT.fire(case, "accept", at=at("2026-06-02"))
    assert case.state == "accepted"


# -- 3. the second-instance complaint -------------------------------------------------------

SECOND = shipped("complaint_second_instance")


def second_instance(case_id: str = "KN2-1", **data: Any) -> caseflow.Case:
    """A second-instance complaint received Monday 02/03/2026, in time (Điều 33)."""
    values = {
        "summary": "Không đồng ý quyết định lần đầu",
        "contested": "administrative_decision",
        "received_on": "2026-03-02",
        "first_decision_received_on": "2026-02-20",
    }
    return SECOND.start(case_id, at=at("2026-03-02"), data={**values, **data})


def accepted(**data: Any) -> caseflow.Case:
    case = second_instance(**data)
    SECOND.fire(case, "accept", at=at("2026-03-05"), data={"within_competence": True})
    return case


def test_a_second_instance_complaint_is_accepted_or_refused_within_10_days() -> None:
    """acceptance: 10 days after received (Luật Khiếu nại 2011, Điều 36)."""
    case = second_instance()
    due = deadline(SECOND, case, "acceptance", "2026-03-02")
    # Received Monday 02/03/2026: days 03/03 ... 12/03; Thursday 12/03 works.
    assert (due.due_date, due.status) == (dt.date(2026, 3, 12), "pending")
    assert "Điều 36" in due.explain("en")


@pytest.mark.parametrize(
    ("data", "expected", "reckoning"),
    [
        # 45 days from Thursday 05/03/2026 end on Sunday 19/04; next working
        # day Monday 20/04/2026.
        ({}, dt.date(2026, 4, 20), "45 days"),
        # 60 days from 05/03/2026: 26 days to 31/03, 30 in April, 4 in May:
        # Monday 04/05/2026 (30/04 and 01/05 are off, 04/05 works).
        ({"complex": True}, dt.date(2026, 5, 4), "60 days"),
        ({"remote_area": True}, dt.date(2026, 5, 4), "60 days"),
        # 70 days from 05/03/2026: Thursday 14/05/2026.
        ({"complex": True, "remote_area": True}, dt.date(2026, 5, 14), "70 days"),
    ],
    ids=["ordinary", "complex", "remote", "complex_remote"],
)
def test_the_second_instance_is_resolved_within_45_60_or_70_days_of_acceptance(
    data: dict[str, Any], expected: dt.date, reckoning: str
) -> None:
    """resolution: 45 days, 60 complex or remote, 70 both (Luật Khiếu nại 2011, Điều 37)."""
    case = accepted(**data)
    due = deadline(SECOND, case, "resolution", "2026-03-06")
    assert due.due_date == expected
    assert reckoning in due.explain("en")
    assert "Điều 37" in due.explain("en")


def test_the_second_instance_always_holds_a_dialogue_before_deciding() -> None:
    """decide leaves only from dialogue: verification goes through the dialogue (Điều 39)."""
    case = accepted()
    SECOND.fire(case, "start_verification", at=at("2026-03-09"))
    with pytest.raises(TransitionNotAllowed):
        SECOND.fire(case, "decide", at=at("2026-03-20"))
    SECOND.fire(case, "hold_dialogue", at=at("2026-03-23"))
    SECOND.fire(case, "decide", at=at("2026-03-30"), data={"outcome": "rejected"})
    SECOND.fire(case, "send_decision", at=at("2026-03-31"))
    assert case.state == "closed"
    assert deadline(SECOND, case, "resolution", "2026-04-01").status == "met"


@pytest.mark.parametrize(
    ("data", "state"),
    [
        # First decision received Tuesday 10/02/2026: 30 days end Thursday 12/03.
        ({"received_on": "2026-03-12", "first_decision_received_on": "2026-02-10"}, "accepted"),
        ({"received_on": "2026-03-13", "first_decision_received_on": "2026-02-10"}, "received"),
        # In a remote area up to 45 days: they end Friday 27/03/2026.
        (
            {
                "received_on": "2026-03-27",
                "first_decision_received_on": "2026-02-10",
                "remote_area": True,
            },
            "accepted",
        ),
        (
            {
                "received_on": "2026-03-30",
                "first_decision_received_on": "2026-02-10",
                "remote_area": True,
            },
            "received",
        ),
        # No first decision; its time limit ended Wednesday 25/02/2026: 30
        # days end Friday 27/03/2026.
        (
            {
                "received_on": "2026-03-27",
                "first_decision_received_on": None,
                "first_instance_expired_on": "2026-02-25",
            },
            "accepted",
        ),
    ],
    ids=["day_30", "day_31", "remote_day_45", "remote_too_late", "no_first_decision"],
)
def test_a_second_instance_complaint_is_accepted_only_within_the_time_limit(
    data: dict[str, Any], state: str
) -> None:
    """within_time_limit: 30 days after the first decision or its lapse, 45 if remote (Điều 33)."""
    case = second_instance(**data)
    reason = ""
    try:
        SECOND.fire(case, "accept", at=at("2026-03-31"), data={"within_competence": True})
    except TransitionNotAllowed as refused:
        reason = refused.reason
    assert case.state == state
    if state == "received":
        assert "guard 'within_time_limit' (basis: Luật Khiếu nại 2011, Điều 33" in reason


# -- every shipped file validates -----------------------------------------------------------


@pytest.mark.parametrize("path", sorted(WORKFLOWS.glob("*.yaml")), ids=lambda p: p.stem)
def test_caseflow_validate_passes_on_every_shipped_workflow(path: Path) -> None:
    """`caseflow validate` says ok for each shipped file."""
    result = subprocess.run(
        [sys.executable, "-m", "caseflow", "validate", str(path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert ": ok (" in result.stdout

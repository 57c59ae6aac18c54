"""Sessions, the docket and its explanations, carry-over, conclusions and report figures."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import caseflow
from caseflow.definition import (
    Anchor,
    AnyOf,
    DeadlineRule,
    Docket,
    FieldTest,
    Guard,
    GuardRef,
    Label,
    Offset,
    Priority,
)
from caseflow.errors import InputError
from caseflow.sessions import (
    REDACTED,
    Period,
    ad_hoc_session,
    carry_over,
    docket_cases,
    invitation_list,
    next_session,
    plan_sessions,
    rank_cases,
    record_conclusion,
    select_docket,
    session_of,
    summarise,
    visible_data,
)
from caseflow.workflow import Workflow

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
BASE = caseflow.load_workflow(caseflow.shipped_workflow("citizen_reception")).spec

DOCKET = Docket(
    schedule="regular_reception",
    eligible_in=("screened",),
    select_trigger="select",
    session_field="session_date",
    capacity=5,
    order_field="registered_on",
    priorities=(
        Priority(
            name="contested",
            when=FieldTest(path=("contested_earlier_handling",), op="equals", value=True),
            label=Label(
                vi="không đồng ý với việc giải quyết trước", en="contested earlier handling"
            ),
            source="Kế hoạch, mục II.1",
        ),
        Priority(
            name="agencies",
            when=AnyOf(
                items=(
                    FieldTest(path=("agencies_involved",), op="at_least", value=2),
                    FieldTest(path=("agencies_disagree",), op="equals", value=True),
                )
            ),
            label=Label(vi="nhiều cơ quan", en="several agencies"),
            source="Kế hoạch, mục II.1",
        ),
        Priority(
            name="cadre",
            when=FieldTest(path=("involves_cadre",), op="equals", value=True),
            label=Label(vi="cán bộ, đảng viên", en="cadres involved"),
            source="Kế hoạch, mục II.1",
        ),
    ),
    attendees=("internal_affairs_group", "committee_office", "Thanh tra thành phố"),
)
NOTICE = DeadlineRule(
    name="notice",
    label=Label(vi="Thông báo đã nhận đơn", en="Notice of receipt"),
    runs_in=("received", "screened"),
    anchor=Anchor(kind="entered", name="received"),
    offset=Offset(amount=10, unit="working_days"),
    source="Quy định 11-QĐi/TW",
)
BRIEF = DeadlineRule(
    name="brief",
    label=Label(vi="Gửi báo cáo vụ việc", en="Brief"),
    runs_in=("selected",),
    anchor=Anchor(kind="session", name="regular_reception"),
    offset=Offset(amount=1, unit="weeks", direction=-1),
    source="Kế hoạch, mục III.1",
)
READERS = ("internal_affairs_group",)
FIELDS = (*(attrs.evolve(f, readers=READERS) if f.confidential else f for f in BASE.fields),)
SPEC = attrs.evolve(BASE, docket=DOCKET, deadlines=(NOTICE, BRIEF), fields=FIELDS)


def workflow(**changes: Any) -> Workflow:
    return Workflow(attrs.evolve(SPEC, **changes))


WF = workflow()
MARCH = next(s for s in plan_sessions(WF, 2026) if s.date.month == 3)
APRIL = next(s for s in plan_sessions(WF, 2026) if s.date.month == 4)
FEBRUARY = next(s for s in plan_sessions(WF, 2026) if s.date.month == 2)
SELECT_AT = dt.datetime(2026, 3, 6, 14, tzinfo=ZONE)


def at(day: str, hour: int = 9) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=ZONE)


def petition(
    wf: Workflow,
    case_id: str,
    registered: str,
    *,
    screen: bool = True,
    kind: str = "complaint",
    **data: Any,
) -> caseflow.Case:
    """A case registered on ``registered`` and screened the next day."""
    values = {
        "kind": kind,
        "summary": f"Đơn {case_id}",
        "registered_on": registered,
        "petitioner_name": f"Người {case_id}",
        **data,
    }
    case = wf.start(case_id, at=at(registered, 8), data=values)
    if screen:
        wf.fire(case, "screen", at=at(registered, 8) + dt.timedelta(days=1))
    return case


# -- sessions ------------------------------------------------------------------------


def test_the_year_has_twelve_regular_sessions_and_tet_moves_february() -> None:
    """2026: one session a month; 17/02 is Tết, so it is held 24/02 and says why."""
    sessions = plan_sessions(WF, 2026, chair="Bí thư Thành ủy")
    assert len(sessions) == 12
    assert all(s.kind == "regular" and s.takes_place for s in sessions)
    assert all(s.chair == "Bí thư Thành ủy" for s in sessions)
    feb = sessions[1]
    assert (feb.nominal, feb.date, feb.status) == (
        dt.date(2026, 2, 17),
        dt.date(2026, 2, 24),
        "moved",
    )
    assert feb.reason is not None
    assert "Tết" in feb.reason
    assert feb.key == "2026-02-17"
    assert "scheduled for 2026-02-17" in feb.title()
    assert "theo lịch: 17/02/2026" in feb.title("vi")
    assert [s.date for s in sessions][2:4] == [dt.date(2026, 3, 17), dt.date(2026, 4, 21)]


def test_a_span_of_sessions_and_its_wrong_arguments() -> None:
    """start/end give the sessions in the span; year with start, or neither, is refused."""
    spring = plan_sessions(WF, start="2026-03-01", end="2026-05-31")
    assert [s.date.month for s in spring] == [3, 4, 5]
    with pytest.raises(InputError, match="either year"):
        plan_sessions(WF, 2026, start="2026-01-01")
    with pytest.raises(InputError, match="pass year"):
        plan_sessions(WF)
    with pytest.raises(InputError, match="unknown schedule 'regular'"):
        plan_sessions(WF, 2026, schedule="regular")


def test_an_ad_hoc_session_needs_a_reason_and_is_its_own_key() -> None:
    """An ad-hoc session is identified by its date and must say why it is held."""
    session = ad_hoc_session("2026-03-26", reason="tố cáo phức tạp", time="14:00", chair="Bí thư")
    assert (session.kind, session.schedule, session.key) == ("ad_hoc", None, "2026-03-26")
    assert session.time == dt.time(14, 0)
    assert session.title("vi") == "Tiếp đột xuất ngày 26/03/2026"
    with pytest.raises(InputError, match="reason"):
        ad_hoc_session("2026-03-26", reason=" ")
    with pytest.raises(InputError, match="HH:MM"):
        ad_hoc_session("2026-03-26", reason="x", time="2pm")


def test_a_case_knows_its_session_as_held() -> None:
    """The planned date in session_date resolves to the session as held, moved or ad hoc."""
    case = petition(WF, "TV-1", "2026-02-02")
    assert session_of(WF, case) is None
    WF.fire(case, "select", at=at("2026-02-05"), data={"session_date": "2026-02-17"})
    held = session_of(WF, case)
    assert held is not None
    assert (held.date, held.status, held.kind) == (dt.date(2026, 2, 24), "moved", "regular")
    WF.fire(case, "defer", at=at("2026-02-06"), data={"session_date": "2026-02-27"})
    other = session_of(WF, case)
    assert other is not None
    assert (other.kind, other.date) == ("ad_hoc", dt.date(2026, 2, 27))


def test_the_next_session_skips_to_the_date_it_is_held() -> None:
    """After 17/03 comes 21/04; after 10/02 comes the Tết-moved 24/02."""
    after_march = next_session(WF, "2026-03-17")
    assert after_march is not None
    assert after_march.date == dt.date(2026, 4, 21)
    after_tet = next_session(WF, dt.date(2026, 2, 10))
    assert after_tet is not None
    assert after_tet.date == dt.date(2026, 2, 24)


# -- the docket ------------------------------------------------------------------------


def four_cases(wf: Workflow) -> list[caseflow.Case]:
    return [
        petition(wf, "TV-4", "2026-03-02"),  # no priority
        petition(wf, "TV-3", "2026-03-03", involves_cadre=True),
        petition(wf, "TV-2", "2026-03-04", agencies_involved=3),
        petition(wf, "TV-1", "2026-03-05", contested_earlier_handling=True, involves_cadre=True),
    ]


def test_the_docket_ranks_by_the_first_priority_met_then_registration() -> None:
    """Contested first, then several agencies, then cadres, then the rest; each says why."""
    wf = workflow()
    cases = four_cases(wf)
    selection = select_docket(
        wf, MARCH, cases, at=SELECT_AT, role="internal_affairs_group", actor="tổ nội chính"
    )
    assert [e.case_id for e in selection.entries] == ["TV-1", "TV-2", "TV-3", "TV-4"]
    assert all(e.outcome == "selected" for e in selection.entries)
    first = selection.entries[0]
    assert first.explain() == (
        "on the docket of 2026-03-17: rank 1/4; priority: contested earlier handling "
        "(Kế hoạch, mục II.1); registered 2026-03-05"
    )
    assert first.explain("vi") == (
        "được chọn vào buổi tiếp ngày 17/03/2026: thứ tự 1/4; ưu tiên: không đồng ý với việc "
        "giải quyết trước (Kế hoạch, mục II.1); đăng ký ngày 05/03/2026"
    )
    assert "no priority criterion met; registered 2026-03-02" in selection.entries[3].explain()
    for case in cases:
        assert case.state == "selected"
        assert case.data["session_date"] == "2026-03-17"
        last = case.history[-1]
        assert (last.trigger, last.role, last.actor) == (
            "select",
            "internal_affairs_group",
            "tổ nội chính",
        )


def test_cases_beyond_capacity_wait_and_their_deadlines_are_shown() -> None:
    """Rank 3 of 4 with capacity 2: it waits for 21/04, and its notice falls due before then."""
    wf = workflow()
    cases = four_cases(wf)
    selection = select_docket(wf, MARCH, cases, at=SELECT_AT, capacity=2)
    assert [e.outcome for e in selection.entries] == [
        "selected",
        "selected",
        "capacity",
        "capacity",
    ]
    third = selection.entries[2]
    assert third.next_session is not None
    assert third.next_session.date == APRIL.date
    assert [d.name for d in third.deadlines] == ["notice"]
    assert third.explain() == (
        "capacity 2 reached; rank 3/4; priority: cadres involved (Kế hoạch, mục II.1); "
        "registered 2026-03-03; waits for the session of 2026-04-21. Running deadlines: "
        "Notice of receipt: due 2026-03-17 (pending), before that session"
    )
    assert "đã đủ 2 vụ việc; thứ tự 3/4" in third.explain("vi")
    assert "chờ buổi tiếp ngày 21/04/2026" in third.explain("vi")
    assert [c.state for c in cases] == ["screened", "screened", "selected", "selected"]
    assert selection.waiting == selection.entries[2:]
    lines = selection.explain().splitlines()
    assert lines[0] == "Regular session of 2026-03-17: 2 of 2 places taken"
    assert len(lines) == 5


def test_a_refused_selection_is_explained_and_the_next_case_takes_the_place() -> None:
    """A registered guard refuses one case; it stays screened and the next one is chosen."""
    guards = (*SPEC.guards, Guard(name="not_blocked", registered=True))
    transitions = tuple(
        attrs.evolve(t, when=GuardRef(name="not_blocked")) if t.trigger == "select" else t
        for t in SPEC.transitions
    )
    wf = Workflow(
        attrs.evolve(SPEC, guards=guards, transitions=transitions),
        guards={"not_blocked": lambda ctx: ctx.case.id != "TV-1"},
    )
    cases = four_cases(wf)
    selection = select_docket(wf, MARCH, cases, at=SELECT_AT, capacity=2)
    outcomes = {e.case_id: e.outcome for e in selection.entries}
    assert outcomes == {
        "TV-1": "refused",
        "TV-2": "selected",
        "TV-3": "selected",
        "TV-4": "capacity",
    }
    refused = selection.entries[0]
    assert refused.explain().startswith(
        "could not be selected: trigger 'select' from state 'screened' refused: "
        "registered guard 'not_blocked' returned false; rank 1/4"
    )
    assert cases[3].state == "screened"


def test_cases_already_on_the_session_take_places_first() -> None:
    """A case deferred to this session takes one of the places; the selection says so."""
    wf = workflow()
    earlier = petition(wf, "TV-0", "2026-01-05")
    wf.fire(earlier, "select", at=at("2026-01-10"), data={"session_date": "2026-01-20"})
    wf.fire(earlier, "defer", at=at("2026-01-19"), data={"session_date": "2026-03-17"})
    cases = [earlier, *four_cases(wf)]
    selection = select_docket(wf, MARCH, cases, at=SELECT_AT, capacity=2)
    assert selection.already == ("TV-0",)
    assert [e.outcome for e in selection.entries] == [
        "selected",
        "capacity",
        "capacity",
        "capacity",
    ]
    assert "TV-0: already on this session's docket" in selection.explain()
    assert [c.id for c in docket_cases(wf, MARCH, cases)] == ["TV-1", "TV-0"]


def test_a_moved_session_is_recorded_by_its_planned_date() -> None:
    """Selecting for the Tết-moved February session records 2026-02-17, its nominal date."""
    wf = workflow()
    case = petition(wf, "TV-1", "2026-02-02")
    select_docket(wf, FEBRUARY, [case], at=at("2026-02-05"))
    assert case.data["session_date"] == "2026-02-17"
    assert docket_cases(wf, FEBRUARY, [case]) == [case]


def test_a_dry_run_proposes_without_firing() -> None:
    """dry_run ranks and explains but leaves every case as it was."""
    wf = workflow()
    cases = four_cases(wf)
    selection = select_docket(wf, MARCH, cases, at=SELECT_AT, capacity=1, dry_run=True)
    assert [e.outcome for e in selection.entries] == [
        "proposed",
        "capacity",
        "capacity",
        "capacity",
    ]
    assert selection.entries[0].explain().startswith("proposed for the session of 2026-03-17")
    assert all(c.state == "screened" for c in cases)


def test_extra_data_is_recorded_with_the_selection() -> None:
    """data= adds fields to the select step, e.g. the kind of session."""
    wf = workflow()
    case = petition(wf, "TV-1", "2026-03-02")
    select_docket(wf, MARCH, [case], at=SELECT_AT, data={"session_kind": "regular"})
    assert case.history[-1].changes == {"session_date": "2026-03-17", "session_kind": "regular"}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"capacity": -1}, "capacity=-1 must be a whole number"),
        ({"capacity": True}, "capacity=True must be a whole number"),
        ({"at": "2026-03-18"}, "is after the session of 2026-03-17"),
    ],
)
def test_wrong_selection_arguments_are_refused(kwargs: dict[str, Any], message: str) -> None:
    """Capacity must be a count; a docket is chosen before its session."""
    wf = workflow()
    case = petition(wf, "TV-1", "2026-03-02")
    args: dict[str, Any] = {"at": SELECT_AT, **kwargs}
    with pytest.raises(InputError, match=message):
        select_docket(wf, MARCH, [case], **args)
    assert case.state == "screened"


def test_a_cancelled_session_a_missing_docket_and_a_repeated_case_are_refused() -> None:
    """Each wrong input is an InputError naming what is wrong."""
    wf = workflow()
    case = petition(wf, "TV-1", "2026-03-02")
    cancelled = attrs.evolve(MARCH, status="cancelled", reason="hội nghị")
    with pytest.raises(InputError, match="does not take place"):
        select_docket(wf, cancelled, [case], at=SELECT_AT)
    with pytest.raises(InputError, match="declares no docket"):
        select_docket(workflow(docket=None), MARCH, [case], at=SELECT_AT)
    with pytest.raises(InputError, match="given twice"):
        select_docket(wf, MARCH, [case, case], at=SELECT_AT)


def test_what_carries_over_after_a_session() -> None:
    """Cases not reached wait, in docket order; a deferred case is booked for its session."""
    wf = workflow()
    cases = four_cases(wf)
    select_docket(wf, MARCH, cases, at=SELECT_AT, capacity=2)
    heard, deferred = cases[3], cases[2]
    wf.fire(heard, "brief", at=at("2026-03-09"), data={"invitation_sent_on": "2026-03-09"})
    wf.fire(heard, "hear", at=at("2026-03-17"))
    wf.fire(deferred, "defer", at=at("2026-03-17"), data={"session_date": APRIL.key})
    carried = carry_over(wf, cases, MARCH)
    assert [(c.case_id, c.booked_for) for c in carried] == [
        ("TV-3", None),
        ("TV-4", None),
        ("TV-2", APRIL.date),
    ]
    assert carried[0].explain() == "waits to be selected for a session"
    assert carried[2].explain("vi") == "đã xếp vào buổi tiếp ngày 21/04/2026"


# -- properties of the docket ---------------------------------------------------------------

flags = st.fixed_dictionaries(
    {
        "contested_earlier_handling": st.booleans(),
        "agencies_involved": st.integers(1, 3),
        "involves_cadre": st.booleans(),
    }
)
case_specs = st.lists(
    st.tuples(st.integers(0, 10), flags, st.sampled_from(["screened", "screened", "received"])),
    max_size=9,
)


def build(specs: list[tuple[int, dict[str, Any], str]]) -> tuple[Workflow, list[caseflow.Case]]:
    wf = workflow()
    cases = [
        petition(
            wf,
            f"TV-{i:02d}",
            (dt.date(2026, 2, 23) + dt.timedelta(days=day)).isoformat(),
            screen=state == "screened",
            **data,
        )
        for i, (day, data, state) in enumerate(specs)
    ]
    return wf, cases


@given(case_specs, st.integers(0, 6))
def test_docket_invariants(specs: list[tuple[int, dict[str, Any], str]], capacity: int) -> None:
    """Never over capacity; one explanation per eligible case; chosen cases outrank the rest."""
    wf, cases = build(specs)
    eligible = {c.id for c in cases if c.state == "screened"}
    selection = select_docket(wf, MARCH, cases, at=SELECT_AT, capacity=capacity)
    entries = selection.entries
    assert len(selection.selected) <= capacity
    assert len(selection.selected) == min(capacity, len(eligible))
    assert sorted(e.case_id for e in entries) == sorted(eligible)
    assert [e.rank for e in entries] == list(range(1, len(entries) + 1))
    worst_chosen = max((e.rank for e in selection.selected), default=0)
    best_waiting = min((e.rank for e in selection.waiting), default=len(entries) + 1)
    assert worst_chosen < best_waiting
    order = [
        len(DOCKET.priorities) if e.priority is None else DOCKET.priorities.index(e.priority)
        for e in entries
    ]
    assert order == sorted(order)
    assert all(e.explain() and e.explain("vi") for e in entries)
    chosen = {e.case_id for e in selection.selected}
    assert {c.id for c in cases if c.state == "selected"} == chosen


@given(case_specs, st.integers(0, 6), st.randoms(use_true_random=False))
def test_selection_is_deterministic_whatever_the_input_order(
    specs: list[tuple[int, dict[str, Any], str]], capacity: int, rnd: Any
) -> None:
    """The same cases in any order give the same docket and the same explanations."""
    _, first = build(specs)
    wf, second = build(specs)
    rnd.shuffle(second)
    one = select_docket(workflow(), MARCH, first, at=SELECT_AT, capacity=capacity)
    two = select_docket(wf, MARCH, second, at=SELECT_AT, capacity=capacity)
    assert [(e.case_id, e.outcome, e.explain()) for e in one.entries] == [
        (e.case_id, e.outcome, e.explain()) for e in two.entries
    ]


def test_ranking_without_an_order_field_uses_the_time_a_case_became_eligible() -> None:
    """With no order_field, the earlier-screened case ranks first and says 'eligible since'."""
    wf = workflow(docket=attrs.evolve(DOCKET, order_field=None, priorities=()))
    first = petition(wf, "TV-A", "2026-03-04")  # screened 05/03 08:00
    second = petition(wf, "TV-B", "2026-03-02", screen=False)
    wf.fire(second, "screen", at=at("2026-03-05", 10))
    assert rank_cases(wf, [second, first], at=SELECT_AT) == [first, second]
    selection = select_docket(wf, MARCH, [second, first], at=SELECT_AT, capacity=1)
    assert selection.entries[0].case_id == "TV-A"
    assert "no priority criterion met; eligible since 2026-03-05" in selection.entries[0].explain()


# -- redaction and invitations ----------------------------------------------------------------


def test_confidential_fields_are_redacted_unless_the_role_reads_them() -> None:
    """No role, or a role not among the readers, sees the mark; a reader sees the name."""
    case = petition(WF, "TV-1", "2026-03-02")
    assert visible_data(WF, case)["petitioner_name"] == REDACTED.en
    assert visible_data(WF, case, for_role="secretary", lang="vi")["petitioner_name"] == "[bảo mật]"
    assert (
        visible_data(WF, case, for_role="internal_affairs_group")["petitioner_name"] == "Người TV-1"
    )
    assert visible_data(WF, case)["summary"] == "Đơn TV-1"
    with pytest.raises(InputError, match=r"unknown role 'secretry'.*did you mean 'secretary'"):
        visible_data(WF, case, for_role="secretry")


def test_the_invitation_list_names_citizens_agencies_and_standing_attendees() -> None:
    """Citizens in docket order (redacted), each ward once with its cases, then the standing list."""
    wf = workflow()
    cases = [
        petition(wf, "TV-1", "2026-03-02", ward="Phường 2", contested_earlier_handling=True),
        petition(wf, "TV-2", "2026-03-03", ward="Phường 2", competent_body="UBND Phường 2"),
        petition(wf, "TV-3", "2026-03-04", ward="Phường 7"),
    ]
    select_docket(wf, MARCH, cases, at=SELECT_AT)
    invitees = invitation_list(wf, MARCH, cases)
    assert [(i.kind, i.name, i.cases) for i in invitees] == [
        ("citizen", "Citizen (TV-1)", ("TV-1",)),
        ("citizen", "Citizen (TV-2)", ("TV-2",)),
        ("citizen", "Citizen (TV-3)", ("TV-3",)),
        ("concerned", "Phường 2", ("TV-1", "TV-2")),
        ("concerned", "UBND Phường 2", ("TV-2",)),
        ("concerned", "Phường 7", ("TV-3",)),
        ("standing", "Committee internal-affairs group", ()),
        ("standing", "Committee office", ()),
        ("standing", "Thanh tra thành phố", ()),
    ]
    assert invitees[0].details == (("Petitioner's name", "[confidential]"),)
    shown = invitation_list(wf, MARCH, cases, for_role="internal_affairs_group", lang="vi")
    assert shown[0].details == (("Họ tên người gửi đơn", "Người TV-1"),)
    assert shown[0].name == "Công dân (TV-1)"


# -- conclusions ---------------------------------------------------------------------------------


def heard_case(wf: Workflow, case_id: str = "TV-1") -> caseflow.Case:
    case = petition(wf, case_id, "2026-03-02")
    wf.fire(case, "select", at=at("2026-03-05"), data={"session_date": "2026-03-17"})
    wf.fire(case, "brief", at=at("2026-03-09"), data={"invitation_sent_on": "2026-03-09"})
    wf.fire(case, "hear", at=at("2026-03-17"))
    return case


def test_a_case_directed_to_an_agency_keeps_the_agency_and_its_due_date() -> None:
    """directed_to_agency fires conclude with outcome, conclusion, agency and due date."""
    wf = workflow()
    case = heard_case(wf)
    record_conclusion(
        wf,
        case,
        "directed_to_agency",
        at=at("2026-03-19"),
        conclusion="Giao Phòng TN&MT giải quyết",
        agency="Phòng TN&MT",
        agency_due=dt.date(2026, 4, 18),
        role="internal_affairs_group",
    )
    assert case.state == "concluded"
    assert case.history[-1].changes == {
        "outcome": "directed_to_agency",
        "conclusion": "Giao Phòng TN&MT giải quyết",
        "competent_body": "Phòng TN&MT",
        "agency_due_on": "2026-04-18",
    }


def test_explained_closes_and_continued_goes_to_further_review() -> None:
    """explained concludes with its outcome; continued fires continue_review with the note."""
    wf = workflow()
    explained, continued = heard_case(wf, "TV-1"), heard_case(wf, "TV-2")
    record_conclusion(wf, explained, "explained", at=at("2026-03-19"), conclusion="Đã đúng")
    assert (explained.state, explained.data["outcome"]) == ("concluded", "explained")
    record_conclusion(wf, continued, "continued", at=at("2026-03-19"), conclusion="Xác minh thêm")
    assert continued.state == "under_review"
    assert continued.history[-1].note == "Xác minh thêm"


@pytest.mark.parametrize(
    ("outcome", "kwargs", "message"),
    [
        ("solved", {}, "outcome='solved'.*allowed: directed_to_agency, explained, continued"),
        ("directed_to_agency", {"agency_due": "2026-04-18"}, "needs agency="),
        ("directed_to_agency", {"agency": "X"}, "needs agency_due="),
        ("directed_to_agency", {"agency": "X", "agency_due": "2026-03-19"}, "must be after"),
        ("explained", {"agency": "X"}, "go with 'directed_to_agency'"),
    ],
)
def test_wrong_conclusions_are_refused(outcome: str, kwargs: dict[str, Any], message: str) -> None:
    """A conclusion missing what it needs is an InputError; the case is unchanged."""
    wf = workflow()
    case = heard_case(wf)
    with pytest.raises(InputError, match=message):
        record_conclusion(wf, case, outcome, at=at("2026-03-19"), **kwargs)
    assert case.state == "heard"


def test_a_workflow_without_the_agency_due_field_says_which_field_to_declare() -> None:
    """Directing to an agency needs a field for its due date; the error names it."""
    fields = tuple(f for f in BASE.fields if f.name != "agency_due_on")
    wf = Workflow(attrs.evolve(SPEC, fields=fields))
    case = heard_case(wf)
    with pytest.raises(InputError, match="no field 'agency_due_on'"):
        record_conclusion(
            wf, case, "directed_to_agency", at=at("2026-03-19"), agency="X", agency_due="2026-04-30"
        )


# -- periods and report figures ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end", "en", "vi"),
    [
        ("2026-03", "2026-03-01", "2026-03-31", "March 2026", "tháng 3/2026"),
        ("2026-Q1", "2026-01-01", "2026-03-31", "Q1 2026", "quý I/2026"),
        ("2026-q4", "2026-10-01", "2026-12-31", "Q4 2026", "quý IV/2026"),
        ("2026-H2", "2026-07-01", "2026-12-31", "second half of 2026", "6 tháng cuối năm 2026"),
        ("2026", "2026-01-01", "2026-12-31", "2026", "năm 2026"),
    ],
)
def test_periods_parse_and_name_themselves(
    text: str, start: str, end: str, en: str, vi: str
) -> None:
    """Month, quarter, half-year and year: bounds, labels and round trip."""
    period = Period.parse(text)
    assert (period.start.isoformat(), period.end.isoformat()) == (start, end)
    assert (period.label(), period.label("vi")) == (en, vi)
    assert Period.parse(str(period)) == period


@pytest.mark.parametrize("text", ["2026-13", "2026-Q5", "2026-H0", "March", "2026-3", ""])
def test_wrong_periods_are_refused(text: str) -> None:
    """A period that is not one says how to write one."""
    with pytest.raises(InputError):
        Period.parse(text)


@given(st.integers(1, 9999), st.sampled_from(["month", "quarter", "half", "year"]), st.data())
def test_the_months_of_a_period_tile_it(year: int, kind: Any, data: st.DataObject) -> None:
    """A period's months run from its first day to its last without gaps."""
    top = {"month": 12, "quarter": 4, "half": 2, "year": 1}[kind]
    period = Period(kind, year, data.draw(st.integers(1, top)))
    months = period.month_periods()
    assert months[0].start == period.start
    assert months[-1].end == period.end
    for a, b in itertools.pairwise(months):
        assert a.end + dt.timedelta(days=1) == b.start


def test_the_report_figures_count_kinds_outcomes_and_timeliness() -> None:
    """March: received by kind, conclusions by outcome, deadlines on time, late and overdue."""
    wf = workflow()
    directed = heard_case(wf, "TV-1")  # notice met on time (screened next day)
    record_conclusion(
        wf, directed, "directed_to_agency", at=at("2026-03-19"), agency="X", agency_due="2026-04-18"
    )
    explained = heard_case(wf, "TV-2")
    record_conclusion(wf, explained, "explained", at=at("2026-03-19"))
    continued = heard_case(wf, "TV-3")
    record_conclusion(wf, continued, "continued", at=at("2026-03-19"))
    waiting = petition(wf, "TV-4", "2026-03-02", kind="denunciation")  # notice overdue 17/03
    late = petition(wf, "TV-5", "2026-02-02", screen=False, kind="report")
    wf.fire(late, "screen", at=at("2026-03-04"))
    wf.fire(late, "select", at=at("2026-03-05"), data={"session_date": "2026-03-17"})
    figures = summarise(
        wf, [directed, explained, continued, waiting, late], "2026-03", now="2026-04-10"
    )
    assert figures.as_of == dt.datetime(2026, 3, 31, 23, 59, 59, tzinfo=ZONE)
    assert figures.received == 4
    assert figures.by_kind == (("complaint", 3), ("denunciation", 1))
    assert figures.outcomes == (("continued", 1), ("directed_to_agency", 1), ("explained", 1))
    notice = dict(figures.by_rule)["notice"]
    assert (notice.on_time, notice.late, notice.overdue) == (3, 1, 1)
    brief = dict(figures.by_rule)["brief"]
    assert brief.on_time == 3
    assert brief.overdue == 1
    assert dict(figures.reached)["heard"] == 3
    assert dict(figures.standing) == {
        "screened": 1,
        "selected": 1,
        "under_review": 1,
        "concluded": 2,
    }
    ((march, heard),) = figures.sessions
    assert (march.date, heard) == (dt.date(2026, 3, 17), 3)
    assert [m.received for m in figures.months] == [4]


def test_the_report_counts_only_what_had_happened_by_its_date() -> None:
    """Drawn mid-month, later events do not count; a quarter rolls up its months."""
    wf = workflow()
    case = heard_case(wf)
    record_conclusion(wf, case, "explained", at=at("2026-03-19"))
    early = summarise(wf, [case], "2026-03", now="2026-03-10")
    assert early.outcomes == ()
    assert dict(early.standing) == {"briefed": 1}
    quarter = summarise(wf, [case], Period.parse("2026-Q1"), now="2026-06-01")
    assert [(m.period.number, m.received, m.heard, m.concluded) for m in quarter.months] == [
        (1, 0, 0, 0),
        (2, 0, 0, 0),
        (3, 1, 1, 1),
    ]


def test_a_session_moved_by_tet_moves_the_brief_deadline() -> None:
    """Brief due a week before the held date: 24/02 minus 7 days is 17/02 (Tết), so 13/02."""
    wf = workflow(deadlines=(BRIEF,))
    case = petition(wf, "TV-1", "2026-02-02")
    select_docket(wf, FEBRUARY, [case], at=at("2026-02-05"))
    assert case.data["session_date"] == "2026-02-17"
    (deadline,) = wf.deadlines(case, now=at("2026-02-06"))
    assert deadline.due == dt.date(2026, 2, 13)
    assert "Tết" in deadline.explain()
    march = petition(wf, "TV-2", "2026-03-02")
    select_docket(wf, MARCH, [march], at=SELECT_AT)
    (plain,) = wf.deadlines(march, now=SELECT_AT)
    assert plain.due == dt.date(2026, 3, 10)

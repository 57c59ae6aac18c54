"""Legal time, exact in every corner: the written model (docs/legal-time.md) as a specification.

Each fault found in caseflow's deadlines is a named regression test here;
the property at the end compares ``wf.deadlines`` with the independent
day-by-day model in ``tests/legal_time_model.py`` on random rules and
random histories, with instants written in several time zones.
"""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import caseflow
from tests import legal_time_model as model

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def flow(
    offset: str = "10 days",
    *,
    extension: str = "",
    variants: str = "",
    if_day_off: str = "",
) -> caseflow.Workflow:
    """A small workflow with one deadline counted from acceptance."""
    text = f"""
caseflow: 1
name: flow
fields:
  complex: {{type: bool}}
  extension_days: {{type: int}}
states:
  received: {{initial: true}}
  accepted: {{}}
  suspended: {{}}
  done: {{final: true}}
transitions:
  - {{trigger: accept, from: received, to: accepted}}
  - {{trigger: extend, from: accepted, to: accepted}}
  - {{trigger: suspend, from: accepted, to: suspended}}
  - {{trigger: resume, from: suspended, to: accepted}}
  - {{trigger: finish, from: accepted, to: done}}
deadlines:
  resolution:
    anchor: {{entered: accepted}}
    offset: {offset}
    runs_in: [accepted]
    paused_in: [suspended]
    {if_day_off}
    {extension}
    {variants}
    source: Luật Tố cáo 2018, Điều 30
"""
    return caseflow.load_workflow(text)


def accepted_case(wf: caseflow.Workflow, day: str) -> caseflow.Case:
    case = wf.start("TC-1", at=f"{day}T08:00")
    wf.fire(case, "accept", at=f"{day}T09:00")
    return case


def the(wf: caseflow.Workflow, case: caseflow.Case, now: str) -> object:
    (deadline,) = wf.deadlines(case, now=now)
    return deadline


# -- the regressions of the legal-time issue ------------------------------------


def test_a_pause_does_not_count_the_end_of_period_roll_as_time_left() -> None:
    """10 days from Wed 04/03, suspended 05/03 to 09/03: 9 days were left, due Wed 18/03."""
    wf = flow()
    case = accepted_case(wf, "2026-03-04")
    assert the(wf, case, "2026-03-04T10:00").due == dt.date(2026, 3, 16)  # Sat 14 rolls
    wf.fire(case, "suspend", at="2026-03-05T10:00")
    wf.fire(case, "resume", at="2026-03-09T10:00")
    deadline = the(wf, case, "2026-03-10T10:00")
    assert deadline.due == dt.date(2026, 3, 18)
    assert deadline.status == "pending"


def test_a_pause_that_starts_after_the_due_date_changes_nothing() -> None:
    """Due Mon 09/03, suspended 20/03: still due 09/03 and overdue while suspended."""
    wf = flow("5 days")
    case = accepted_case(wf, "2026-03-04")
    wf.fire(case, "suspend", at="2026-03-20T10:00")
    deadline = the(wf, case, "2026-04-01T10:00")
    assert deadline.due == dt.date(2026, 3, 9)
    assert deadline.status == "overdue"
    wf.fire(case, "resume", at="2026-04-20T10:00")
    assert the(wf, case, "2026-04-21T10:00").due == dt.date(2026, 3, 9)


def test_an_extension_lengthens_the_nominal_period_not_the_rolled_date() -> None:
    """10 + 30 days from Wed 04/03 end Mon 13/04, not 30 days after the rolled 16/03."""
    wf = flow(extension="extension: {trigger: extend, by: 30 days, max: 1}")
    case = accepted_case(wf, "2026-03-04")
    wf.fire(case, "extend", at="2026-03-10T10:00")
    assert the(wf, case, "2026-03-11T10:00").due == dt.date(2026, 4, 13)


def test_an_extension_grants_the_length_the_decision_records() -> None:
    """A 20-day grant of an up-to-30-day extension adds 20 days, and says so."""
    wf = flow(
        extension=(
            "extension: {trigger: extend, by: 30 days, max: 1, length_field: extension_days,"
            " source: 'Luật Tố cáo 2018, Điều 30 khoản 1'}"
        )
    )
    case = accepted_case(wf, "2026-03-04")
    wf.fire(case, "extend", at="2026-03-10T10:00", data={"extension_days": 20})
    deadline = the(wf, case, "2026-03-11T10:00")
    # 10 + 20 = 30 days after 04/03 is Fri 03/04/2026, a working day.
    assert deadline.due == dt.date(2026, 4, 3)
    assert "20" in deadline.explain("en")
    assert "20 ngày" in deadline.explain("vi")


def test_an_extension_without_its_length_grants_the_full_length() -> None:
    """No length recorded: the whole ``by`` is granted."""
    wf = flow(
        extension="extension: {trigger: extend, by: 30 days, max: 1, length_field: extension_days}"
    )
    case = accepted_case(wf, "2026-03-04")
    wf.fire(case, "extend", at="2026-03-10T10:00")
    assert the(wf, case, "2026-03-11T10:00").due == dt.date(2026, 4, 13)


def test_a_grant_longer_than_the_rule_allows_is_refused_with_its_source() -> None:
    """Granting 45 days of an up-to-30-day extension is refused, naming the rule and source."""
    wf = flow(
        extension=(
            "extension: {trigger: extend, by: 30 days, max: 1, length_field: extension_days,"
            " source: 'Luật Tố cáo 2018, Điều 30 khoản 1'}"
        )
    )
    case = accepted_case(wf, "2026-03-04")
    with pytest.raises(caseflow.TransitionNotAllowed) as refused:
        wf.fire(case, "extend", at="2026-03-10T10:00", data={"extension_days": 45})
    assert "45" in refused.value.reason
    assert "30 days" in refused.value.reason
    assert "Luật Tố cáo 2018, Điều 30 khoản 1" in refused.value.reason
    assert len(case.history) == 2


def test_a_met_deadline_is_dated_in_the_workflows_zone() -> None:
    """An answer at 20:00 UTC on 4 March was given on 5 March in Viet Nam."""
    wf = flow("1 days")
    case = accepted_case(wf, "2026-03-04")
    wf.fire(case, "finish", at="2026-03-04T20:00Z")
    stored = wf.replay(case.id, [e._replace(at=e.at.astimezone(dt.UTC)) for e in case.history])
    for seen in (case, stored):
        deadline = the(wf, seen, "2026-03-06T10:00")
        assert deadline.status == "met"
        assert not deadline.late
        assert "met on 2026-03-05" in deadline.explain("en")
        assert "đã xong đúng hạn ngày 05/03/2026" in deadline.explain("vi")


def test_an_anchor_instant_is_dated_in_the_workflows_zone() -> None:
    """Accepted at 18:00 UTC on 3 March (4 March in Viet Nam): 10 days run from 04/03."""
    wf = flow()
    case = wf.start("TC-1", at="2026-03-03T17:00Z")
    wf.fire(case, "accept", at="2026-03-03T18:00Z")
    assert the(wf, case, "2026-03-05").due == dt.date(2026, 3, 16)


# -- hand-computed cases from the laws' own texts --------------------------------

# (offset, anchor day, expected due, the reasoning)
HAND_COMPUTED = [
    # Tết 2026: 16-20/02 off. 7 working days after Thu 12/02: 13/02 (1),
    # Tết skipped, 23/02 (2) ... 27/02 (6), 02/03 (7).
    ("7 working days", "2026-02-12", "2026-03-02"),
    # 10 working days after Mon 09/02/2026: 10,11,12,13/02 (4), Tết skipped,
    # 23..27/02 (9), 02/03 (10).
    ("10 working days", "2026-02-09", "2026-03-02"),
    # 30 days after Fri 13/02/2026 end Sun 15/03: rolled to Mon 16/03.
    ("30 days", "2026-02-13", "2026-03-16"),
    # 10 days after Mon 09/02/2026 end Thu 19/02, inside Tết: next working day Mon 23/02.
    ("10 days", "2026-02-09", "2026-02-23"),
    # 5 working days after Fri 02/02/2024: 05..08/02 (4); 08/02 is a Tết day off
    # (2024: 8, 9, 12, 13, 14/02 off), so 05, 06, 07/02 (3), 15/02 (4), 16/02 (5).
    ("5 working days", "2024-02-02", "2024-02-16"),
    # 30 days after Sat 13/01/2024 end Mon 12/02/2024, a Tết day off: next
    # working day Thu 15/02/2024.
    ("30 days", "2024-01-13", "2024-02-15"),
    # 7 working days after Fri 24/01/2025: Tết 2025 is 27-31/01 off, so
    # 03..07/02 (5), 10, 11/02 (7).
    ("7 working days", "2025-01-24", "2025-02-11"),
    # 10 days after Thu 20/03/2025 end Sun 30/03: rolled to Mon 31/03.
    ("10 days", "2025-03-20", "2025-03-31"),
    # 30/4 and 1/5 2026 (Thu, Fri) off, and 27/04 (Hùng Kings' day, 10/3 lunar):
    # 5 working days after Fri 24/04/2026: 28, 29/04 (2), 04, 05, 06/05 (5).
    ("5 working days", "2026-04-24", "2026-05-06"),
    # 2025: 30/4, 1/5, 2/5 off, make-up Saturday 26/04. 3 working days after
    # Thu 24/04/2025: 25/04 (1), Sat 26/04 (2, make-up), 28/04 (3).
    ("3 working days", "2025-04-24", "2025-04-28"),
    # 2024: 29, 30/04, 1/05 off, make-up Saturday 04/05. 4 working days after
    # Fri 26/04/2024: 02/05 (1), 03/05 (2), Sat 04/05 (3), 06/05 (4).
    ("4 working days", "2024-04-26", "2024-05-06"),
    # 10 days after Sun 21/04/2024 end Wed 01/05/2024, a holiday: Thu 02/05.
    ("10 days", "2024-04-21", "2024-05-02"),
    # National Day 2026: 31/08, 01/09, 02/09 off, make-up Saturday 22/08.
    # 2 working days after Fri 21/08/2026: Sat 22/08 (1), Mon 24/08 (2).
    ("2 working days", "2026-08-21", "2026-08-24"),
    # 3 working days after Fri 28/08/2026: 31/08-02/09 off, 03/09 (1), 04/09 (2), 07/09 (3).
    ("3 working days", "2026-08-28", "2026-09-07"),
    # 10 days after Sat 22/08/2026 end Tue 01/09, a holiday; 02/09 too: Thu 03/09.
    ("10 days", "2026-08-22", "2026-09-03"),
    # National Day 2024: 02, 03/09 off. 1 working day after Fri 30/08/2024: Wed 04/09.
    ("1 working days", "2024-08-30", "2024-09-04"),
    # National Day 2025: 01, 02/09 off. 2 working days after Fri 29/08/2025: 03, 04/09.
    ("2 working days", "2025-08-29", "2025-09-04"),
    # New Year 2026: 01, 02/01 off, make-up Saturday 10/01.
    # 5 working days after Wed 31/12/2025: 05..08/01 (4), 09/01 (5).
    ("5 working days", "2025-12-31", "2026-01-09"),
    # 6 working days after Wed 31/12/2025: ... 09/01 (5), Sat 10/01 (6, make-up).
    ("6 working days", "2025-12-31", "2026-01-10"),
    # 10 days after Tue 23/12/2025 end Fri 02/01/2026, a swapped day off: Mon 05/01.
    ("10 days", "2025-12-23", "2026-01-05"),
    # Complaint acceptance, 10 days after Mon 02/03/2026: Thu 12/03 (no roll).
    ("10 days", "2026-03-02", "2026-03-12"),
    # Complaint, first instance, 30 days after Thu 12/03/2026: Sat 11/04 -> Mon 13/04.
    ("30 days", "2026-03-12", "2026-04-13"),
    # Complex complaint, 45 days after Thu 12/03/2026: Sun 26/04 -> Mon 27/04 is
    # Hùng Kings' day (off) -> Tue 28/04.
    ("45 days", "2026-03-12", "2026-04-28"),
    # Remote, complex, 60 days after Thu 12/03/2026: Mon 11/05, a working day.
    ("60 days", "2026-03-12", "2026-05-11"),
    # Second instance, 45 days after Fri 10/04/2026: Mon 25/05.
    ("45 days", "2026-04-10", "2026-05-25"),
    # Second instance, remote and complex, 70 days after Fri 10/04/2026: Fri 19/06.
    ("70 days", "2026-04-10", "2026-06-19"),
    # Denunciation, notify acceptance 5 working days after Thu 16/04/2026:
    # 17, 20, 21, 22, 23/04.
    ("5 working days", "2026-04-16", "2026-04-23"),
    # Denunciation, resolve in 30 days after Wed 01/04/2026: Fri 01/05 (holiday)
    # -> next working day Mon 04/05.
    ("30 days", "2026-04-01", "2026-05-04"),
    # Quy định 11 notice, 10 working days after Wed 11/02/2026: 12, 13/02 (2),
    # Tết skipped, 23..27/02 (7), 02, 03, 04/03 (10).
    ("10 working days", "2026-02-11", "2026-03-04"),
    # Register and check, 10 working days (several places) after Thu 24/04/2025:
    # 25/04 (1), Sat 26/04 (2, make-up), 28, 29/04 (4), 05..09/05 (9), 12/05 (10).
    ("10 working days", "2025-04-24", "2025-05-12"),
    # 2024 Tết: 30 days after Thu 11/01/2024 end Sat 10/02 (weekend within Tết):
    # 12, 13, 14/02 off -> Thu 15/02.
    ("30 days", "2024-01-11", "2024-02-15"),
]


@pytest.mark.parametrize(("offset", "anchor", "expected"), HAND_COMPUTED)
def test_hand_computed_due_dates(offset: str, anchor: str, expected: str) -> None:
    """Due dates worked out by hand from the laws and the official day-off schedules."""
    wf = flow(offset)
    case = accepted_case(wf, anchor)
    assert the(wf, case, f"{anchor}T10:00").due == dt.date.fromisoformat(expected)


def test_the_hand_computed_table_agrees_with_the_reference_model() -> None:
    """The reference model, written without caseflow, gives every hand-computed date."""
    assert len(HAND_COMPUTED) >= 30
    for offset, anchor, expected in HAND_COMPUTED:
        amount, unit = offset.split(" ", 1)
        got = model.due_day(dt.date.fromisoformat(anchor), int(amount), unit.startswith("working"))
        assert got == dt.date.fromisoformat(expected), (offset, anchor)


# -- the property: caseflow against the reference model --------------------------

ZONES = [
    None,  # naive, the workflow's own zone
    dt.UTC,
    dt.timezone(dt.timedelta(hours=7)),
    dt.timezone(dt.timedelta(hours=-5)),
    dt.timezone(dt.timedelta(hours=9, minutes=30)),
]


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[str, dict[str, object], list[tuple[object, ...]]]:
    """A random rule and a random history of one clock: pauses, extensions, an end."""
    working = draw(st.booleans())
    amount = draw(st.integers(1, 90))
    by = draw(st.integers(1, 20))
    with_length = draw(st.booleans())
    rule = {"working": working, "amount": amount, "by": by, "length": with_length}
    anchor = dt.datetime.combine(
        draw(st.dates(dt.date(2024, 1, 2), dt.date(2025, 10, 31))),
        dt.time(draw(st.integers(0, 23)), draw(st.integers(0, 59))),
    )
    steps: list[tuple[object, ...]] = [("accept", anchor)]
    now = anchor
    paused = False
    extensions = 0
    for _ in range(draw(st.integers(0, 6))):
        now += dt.timedelta(hours=draw(st.integers(1, 15 * 24)))
        choices = ["resume"] if paused else ["suspend", "finish"]
        if not paused and extensions < 2:
            choices.append("extend")
        action = draw(st.sampled_from(choices))
        if action == "extend":
            granted = draw(st.one_of(st.none(), st.integers(1, by))) if with_length else None
            steps.append(("extend", now, granted))
            extensions += 1
        else:
            steps.append((action, now))
        paused = action == "suspend" if action in ("suspend", "resume") else paused
        if action == "finish":
            break
    later = now + dt.timedelta(hours=draw(st.integers(0, 40 * 24)))
    steps.append(("now", later))
    return "x", rule, steps


def _written(at: dt.datetime, zone: dt.tzinfo | None) -> str:
    """An instant in the workflow's zone, written in ``zone`` (naive when None)."""
    if zone is None:
        return at.isoformat()
    return at.replace(tzinfo=ZONE).astimezone(zone).isoformat()


MODEL_EXAMPLES = 2000 if os.environ.get("HYPOTHESIS_PROFILE") == "ci" else 150
"""CI compares at least 2,000 random histories with the model; a local run fewer."""


@settings(max_examples=MODEL_EXAMPLES, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(scenario=scenarios(), zone=st.sampled_from(ZONES))
def test_deadlines_agree_with_the_reference_model(
    scenario: tuple[str, dict[str, object], list[tuple[object, ...]]],
    zone: dt.tzinfo | None,
) -> None:
    """Due date and status equal the day-by-day model's on random rules and histories."""
    _, rule, steps = scenario
    unit = "working days" if rule["working"] else "days"
    length = ", length_field: extension_days" if rule["length"] else ""
    wf = _flows(f"{rule['amount']} {unit}", f"{rule['by']} {unit}", length)
    first = steps[0][1]
    assert isinstance(first, dt.datetime)
    case = wf.start("TC-1", at=_written(first, zone))
    events: list[tuple[object, ...]] = []
    anchor = first.date()
    now_at = first
    for step in steps:
        action, at = step[0], step[1]
        assert isinstance(at, dt.datetime)
        day = at.date()  # the instant is generated in the workflow's zone
        if action == "now":
            now_at = at
            break
        data = None
        if action == "extend":
            granted = step[2]
            data = {"extension_days": granted} if granted is not None else None
            full = rule["by"] if granted is None or not rule["length"] else granted
            events.append(("extend", day, full))
        elif action == "suspend":
            events.append(("pause", day))
        elif action == "resume":
            events.append(("resume", day))
        elif action == "finish":
            events.append(("met", day))
        wf.fire(case, str(action), at=_written(at, zone), data=data)
    clock = model.Clock(anchor, int(rule["amount"]), bool(rule["working"]), tuple(events))
    expected = model.evaluate(clock, now_at.date())
    (deadline,) = wf.deadlines(case, now=_written(now_at, zone))
    assert (deadline.due, deadline.status) == (expected.due, expected.status)
    if expected.status == "met":
        assert deadline.late == expected.late


_FLOWS: dict[tuple[str, str, str], caseflow.Workflow] = {}


def _flows(offset: str, by: str, length: str) -> caseflow.Workflow:
    """The scenario's workflow, loaded once per rule shape."""
    key = (offset, by, length)
    if key not in _FLOWS:
        _FLOWS[key] = flow(
            offset,
            extension=f"extension: {{trigger: extend, by: {by}, max: 2{length}}}",
        )
    return _FLOWS[key]


# -- rules that change with the law ------------------------------------------------


def test_a_case_keeps_the_rule_in_force_on_the_day_it_started() -> None:
    """A variant in force from 01/07/2026 applies to cases started then, not before."""
    wf = flow(
        "30 days",
        variants=(
            "variants: [{effective: {from: 2026-07-01}, offset: 20 days,"
            " source: 'the amending law'}]"
        ),
    )
    old = accepted_case(wf, "2026-06-30")
    new = wf.start("TC-2", at="2026-07-01T08:00")
    wf.fire(new, "accept", at="2026-07-01T09:00")
    # 30 days after Tue 30/06/2026 end Thu 30/07; 20 days after Wed 01/07 end Tue 21/07.
    assert the(wf, old, "2026-07-02").due == dt.date(2026, 7, 30)
    assert the(wf, new, "2026-07-02").due == dt.date(2026, 7, 21)
    assert "the amending law" in the(wf, new, "2026-07-02").explain()


def test_a_rule_out_of_force_gives_the_case_no_such_deadline() -> None:
    """A rule in force until 30/06/2026 is not listed for a case started 01/07/2026."""
    wf = flow(if_day_off="effective: {until: 2026-06-30}")
    case = accepted_case(wf, "2026-07-01")
    assert wf.deadlines(case, now="2026-07-02") == ()
    earlier = accepted_case(wf, "2026-06-30")
    assert len(wf.deadlines(earlier, now="2026-07-02")) == 1


def test_an_extension_limit_follows_the_variant_in_force() -> None:
    """The engine refuses a second extension only under the variant in force for the case."""
    wf = flow(
        extension="extension: {trigger: extend, by: 10 days, max: 1}",
        variants="variants: [{effective: {from: 2026-07-01}, max_extensions: 2}]",
    )
    old = accepted_case(wf, "2026-06-29")
    wf.fire(old, "extend", at="2026-06-30T10:00")
    with pytest.raises(caseflow.TransitionNotAllowed):
        wf.fire(old, "extend", at="2026-07-01T10:00")
    new = accepted_case(wf, "2026-07-01")
    wf.fire(new, "extend", at="2026-07-02T10:00")
    wf.fire(new, "extend", at="2026-07-03T10:00")
    assert the(wf, new, "2026-07-04").extensions == 2


def _problems(**parts: str) -> list[str]:
    try:
        flow(**parts)
    except caseflow.DefinitionError as err:
        return [str(p) for p in err.problems]
    return []


def test_overlapping_ranges_of_one_variant_are_refused() -> None:
    """Two variants for the same cases in force on the same days: which rule? Refused."""
    assert _problems(
        variants=(
            "variants: [{effective: {until: 2026-07-31}, offset: 20 days},"
            " {effective: {from: 2026-07-01}, offset: 15 days}]"
        )
    ) == [
        "<string>:26:79: deadline 'resolution': variant #2 (from 2026-07-01) overlaps variant #1 "
        "(until 2026-07-31) for the same cases; a case started on a day in both would have two "
        "rules. End one the day before the other begins"
    ]


def test_a_gap_between_ranges_of_one_variant_is_refused() -> None:
    """Days between two versions of a variant would fall back silently: refused."""
    assert _problems(
        variants=(
            "variants: [{effective: {until: 2026-06-30}, offset: 20 days},"
            " {effective: {from: 2026-07-02}, offset: 15 days}]"
        )
    ) == [
        "<string>:26:79: deadline 'resolution': variant #1 ends 2026-06-30 and variant #2 for the "
        "same cases begins 2026-07-02; the days between would fall back to the rule's own "
        "offset. Begin it the day after the other ends"
    ]


def test_a_range_written_backwards_is_refused() -> None:
    """``until`` before ``from`` is a mistake, named with both dates."""
    assert _problems(if_day_off="effective: {from: 2026-07-01, until: 2026-06-01}") == [
        "<string>:24:16: deadline 'resolution': effective: 'until' 2026-06-01 is before "
        "'from' 2026-07-01"
    ]


def test_a_range_date_must_be_a_date() -> None:
    """A range bound that is not YYYY-MM-DD is named, with what is allowed."""
    assert _problems(if_day_off="effective: {from: 1/7/2026}") == [
        "<string>:24:23: deadline 'resolution': effective: 'from' must be a date written "
        "YYYY-MM-DD, not the text '1/7/2026'"
    ]


def test_a_variant_needs_cases_or_a_range() -> None:
    """A variant without ``when`` or ``effective`` says what it lacks."""
    assert _problems(variants="variants: [{offset: 20 days}]") == [
        "<string>:26:16: deadline 'resolution': variant #1 applies to no case in particular; "
        "give 'when' (which cases) or 'effective' (from when, for a change in the law), or both"
    ]


def test_a_length_field_must_be_a_declared_whole_number() -> None:
    """``length_field`` names an int field, or the loader says which field it found."""
    assert _problems(
        extension="extension: {trigger: extend, by: 30 days, length_field: complex}"
    ) == [
        "<string>:25:61: deadline 'resolution': the extension's length_field 'complex' is of "
        "type bool; the length granted is a whole number (type int) of days"
    ]
    assert _problems(
        extension="extension: {trigger: extend, by: 30 days, length_field: nosuch}"
    ) == [
        "<string>:25:61: deadline 'resolution': the extension's length_field names an unknown "
        "field 'nosuch'; known fields: complex, extension_days"
    ]


def test_a_dumped_workflow_keeps_its_ranges_and_lengths() -> None:
    """dump -> load gives the same definition with ``effective`` and ``length_field``."""
    wf = flow(
        extension="extension: {trigger: extend, by: 30 days, length_field: extension_days}",
        variants="variants: [{effective: {from: 2026-07-01, until: 2027-06-30}, offset: 20 days}]",
        if_day_off="effective: {from: 2020-01-01}",
    )
    again = caseflow.load_workflow(wf.dump())
    assert again.spec == wf.spec


# -- the brief of an ad-hoc session --------------------------------------------------


def test_an_ad_hoc_sessions_brief_is_due_by_its_own_session_at_short_notice() -> None:
    """Received 20/03, selected 21/03 for an ad-hoc session on 26/03: due 21/03, not 19/03."""
    wf = caseflow.load_workflow(caseflow.shipped_workflow("citizen_reception"))
    case = wf.start(
        "TV-9",
        at="2026-03-20T08:00",
        data={"kind": "complaint", "summary": "x", "petitioner_name": "Nguyễn Văn A"},
    )
    wf.fire(case, "screen", at="2026-03-20T10:00")
    wf.fire(
        case,
        "select",
        at="2026-03-21T09:00",
        data={"session_date": "2026-03-26", "session_kind": "ad_hoc"},
    )
    brief = next(d for d in wf.deadlines(case, now="2026-03-21T10:00") if d.name == "brief")
    assert brief.due == dt.date(2026, 3, 21)
    assert brief.status == "pending"
    text = brief.explain("en")
    assert "the ad-hoc session on Thu 2026-03-26" in text
    assert "short notice" in text
    assert "regular_reception" not in text
    assert "phiên tiếp đột xuất" in brief.explain("vi")


def test_a_regular_sessions_brief_is_still_a_week_before_it() -> None:
    """Selected 02/03 for the regular session of Tue 17/03/2026: the brief is due Tue 10/03."""
    wf = caseflow.load_workflow(caseflow.shipped_workflow("citizen_reception"))
    case = wf.start(
        "TV-8",
        at="2026-03-02T08:00",
        data={"kind": "complaint", "summary": "x", "petitioner_name": "Nguyễn Văn A"},
    )
    wf.fire(case, "screen", at="2026-03-02T10:00")
    wf.fire(case, "select", at="2026-03-02T11:00", data={"session_date": "2026-03-17"})
    brief = next(d for d in wf.deadlines(case, now="2026-03-03") if d.name == "brief")
    assert brief.due == dt.date(2026, 3, 10)
    assert "'regular_reception' session" in brief.explain("en")

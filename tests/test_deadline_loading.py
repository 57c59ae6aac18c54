"""How the loader reads deadlines and the docket, and the exact text of each refusal."""

from __future__ import annotations

import pytest

from caseflow.definition import Anchor, Offset
from caseflow.errors import DefinitionError
from caseflow.loading import dump_workflow, read_workflow

BASE = """caseflow: 1
name: flow
fields:
  session_date: {type: date}
  kind: {type: text}
states:
  received: {initial: true}
  accepted: {}
  closed: {final: true}
transitions:
  - {trigger: accept, from: received, to: accepted}
  - {trigger: extend, from: accepted, to: accepted}
  - {trigger: close, from: accepted, to: closed}
schedules:
  monthly: {every: month, weekday: tuesday, week: 4, counting: nth}
deadlines:
"""


def problems(text: str) -> list[str]:
    with pytest.raises(DefinitionError) as info:
        read_workflow(BASE + text, filename="w.yaml")
    return [str(p) for p in info.value.problems]


GOLDEN = [
    pytest.param(
        "  d: {due: 10 workng days after received, runs_in: [received], source: x}\n",
        [
            "w.yaml:17:15: deadline 'd': unknown unit 'workng'; units: days, working days, weeks or months"
        ],
        id="bad_phrase",
    ),
    pytest.param(
        "  d: {due: 10 days after recieved, runs_in: [received], source: x}\n",
        [
            "w.yaml:17:26: deadline 'd' counts from 'recieved', which is no state, trigger, field or schedule (did you mean 'received'?); a deadline counts from entering a state, from a trigger, from a date field, or from the case's session of a schedule"
        ],
        id="unknown_anchor",
    ),
    pytest.param(
        "  d: {due: 10 days after received, runs_in: [received]}\n",
        ["w.yaml:17:6: deadline 'd' is missing the required key 'source'"],
        id="no_source",
    ),
    pytest.param(
        "  d: {anchor: {entered: received}, offset: -3 days, runs_in: [received], source: x}\n",
        [
            "w.yaml:17:44: deadline 'd': the amount -3 is negative; write the span as a positive number with 'before' (e.g. '7 days before ...')"
        ],
        id="negative",
    ),
    pytest.param(
        "  d: {due: 4000 working days after received, runs_in: [received], source: x}\n",
        [
            "w.yaml:17:12: deadline 'd': 4000 working days is longer than the 2600 working days a deadline may span; is the number or the unit wrong?"
        ],
        id="absurd",
    ),
    pytest.param(
        "  d: {due: 3 days after kind, runs_in: [received], source: x}\n",
        [
            "w.yaml:17:25: deadline 'd' counts from field 'kind' of type text; a deadline counts from a field of type date or datetime"
        ],
        id="not_date_field",
    ),
    pytest.param(
        "  d: {due: 3 days after closed, runs_in: [received], source: x}\n",
        [
            "w.yaml:17:25: deadline 'd' counts from entering 'closed', but from there the case can never be in received, where its clock runs; the deadline could never start"
        ],
        id="never",
    ),
    pytest.param(
        "  d: {due: 3 days after received, runs_in: [received], source: x, extension: {trigger: extend, by: 3 days}}\n",
        [
            "w.yaml:17:88: deadline 'd': trigger 'extend' never fires from received, so it could never extend this deadline"
        ],
        id="ext_never",
    ),
    pytest.param(
        "  d: {due: 3 days after received, offset: 3 days, runs_in: [received], source: x}\n",
        [
            "w.yaml:17:35: deadline 'd': 'offset' cannot be used with 'due'; 'due' already says how far and from what"
        ],
        id="both",
    ),
    pytest.param(
        "  d: {due: 3 days after received, runs_in: [received], met_by: [notfy], source: x}\n",
        [
            "w.yaml:17:65: deadline 'd': met_by names an unknown trigger 'notfy'; known triggers: accept, close, extend"
        ],
        id="met_by_unknown",
    ),
    pytest.param(
        "  d: {due: 1 week before monthly, runs_in: [accepted], source: x}\n",
        [
            "w.yaml:17:26: deadline 'd' counts from the case's session, but the workflow has no 'docket' saying which field records a case's session"
        ],
        id="session_no_docket",
    ),
    pytest.param(
        "  d: {due: 3 days after received, runs_in: [recieved], source: x}\n",
        [
            "w.yaml:17:45: deadline 'd': runs_in names an unknown state 'recieved' (did you mean 'received'?); known states: accepted, closed, received"
        ],
        id="runs_unknown",
    ),
]


@pytest.mark.parametrize(("text", "expected"), GOLDEN)
def test_deadline_problems_have_exact_messages(text: str, expected: list[str]) -> None:
    """Each mistake in a deadline is reported once, at its place, with what is allowed."""
    assert problems(text) == expected


def test_the_short_form_names_a_state_a_trigger_a_field_or_a_schedule() -> None:
    """'due' resolves its last word to entering a state, a trigger, a date field or a session."""
    text = (
        "  a: {due: 10 working days after received, runs_in: [received], source: x}\n"
        "  b: {due: 3 days after accept, runs_in: [accepted], source: x}\n"
        "  c: {due: 2 days before session_date, runs_in: [accepted], source: x}\n"
    )
    spec = read_workflow(BASE + text)
    assert [d.anchor for d in spec.deadlines] == [
        Anchor(kind="entered", name="received"),
        Anchor(kind="event", name="accept"),
        Anchor(kind="field", name="session_date"),
    ]
    assert spec.deadlines[0].offset == Offset(amount=10, unit="working_days")
    assert spec.deadlines[2].offset == Offset(amount=2, unit="days", direction=-1)
    assert read_workflow(dump_workflow(spec)) == spec


def test_shipped_workflows_cite_a_source_for_every_deadline() -> None:
    """Every shipped deadline, variant and extension says on what basis it is due."""
    import caseflow

    for name in ("citizen_reception", "complaint", "denunciation"):
        spec = read_workflow(caseflow.shipped_workflow(name))
        assert spec.deadlines, name
        for rule in spec.deadlines:
            assert rule.source.strip()
            assert rule.label is not None
            assert all(v.source for v in rule.variants)
            assert rule.extension is None or rule.extension.source


DOCKET_BASE = BASE.replace("deadlines:\n", "")
DOCKET_GOLDEN = [
    pytest.param(
        "docket: {schedule: weekly, eligible_in: [received], select_trigger: accept,"
        " session_field: session_date, capacity: 5}\n",
        [
            "w.yaml:16:20: the docket fills the sessions of an unknown schedule 'weekly'; "
            "known schedules: monthly"
        ],
        id="unknown_schedule",
    ),
    pytest.param(
        "docket: {schedule: monthly, eligible_in: [accepted], select_trigger: accept,"
        " session_field: session_date, capacity: 5}\n",
        [
            "w.yaml:16:70: the docket: trigger 'accept' never fires from accepted, so no "
            "eligible case could be selected"
        ],
        id="select_never_fires",
    ),
    pytest.param(
        "docket: {schedule: monthly, eligible_in: [received], select_trigger: accept,"
        " session_field: kind, capacity: 5}\n",
        ["w.yaml:16:93: the docket: session_field 'kind' is of type text; it must be a date field"],
        id="session_field_not_a_date",
    ),
    pytest.param(
        "docket: {schedule: monthly, eligible_in: [received], select_trigger: accept,"
        " session_field: session_date, capacity: 0}\n",
        [
            "w.yaml:16:117: the docket: 'capacity' must be a whole number from 1 to 500 "
            "(cases per session), not the number 0"
        ],
        id="capacity_zero",
    ),
]


@pytest.mark.parametrize(("text", "expected"), DOCKET_GOLDEN)
def test_docket_problems_have_exact_messages(text: str, expected: list[str]) -> None:
    """Each mistake in the docket is reported at its place, saying what is allowed."""
    with pytest.raises(DefinitionError) as info:
        read_workflow(DOCKET_BASE + text, filename="w.yaml")
    assert [str(p) for p in info.value.problems] == expected


def test_readers_belong_to_confidential_fields_and_known_roles() -> None:
    """'readers' on a plain field, naming an unknown role, gets both problems."""
    text = DOCKET_BASE.replace("  kind: {type: text}", "  kind: {type: text, readers: [clerk]}")
    with pytest.raises(DefinitionError) as info:
        read_workflow(text, filename="w.yaml")
    assert [str(p) for p in info.value.problems] == [
        "w.yaml:5:31: field 'kind' names readers but is not confidential; 'readers' lists "
        "the roles that may see a confidential field (add 'confidential: true')",
        "w.yaml:5:32: field 'kind': readers name an unknown role 'clerk'; known roles: none",
    ]

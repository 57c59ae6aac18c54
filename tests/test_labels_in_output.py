"""Labels instead of ids where a person reads: labelled choices, role labels, state labels.

`choices:` may be a plain list or a mapping of each value to its label
({vi, en}); the data keeps the value, output shows the label. Vietnamese
diagrams and summaries name roles by their labels; Vietnamese refusals name
states, triggers and fields by their labels with the id after them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from caseflow import TransitionNotAllowed
from caseflow.errors import DefinitionError
from caseflow.i18n import language
from caseflow.render.diagram import to_dot, to_mermaid
from caseflow.render.summary import summary
from caseflow.workflow import load_workflow

ROOT = Path(__file__).resolve().parent.parent

FLOW = """\
caseflow: 1
name: labelled
version: "1"
roles:
  clerk: {label: {vi: "Cán bộ tiếp dân", en: "Clerk"}}
fields:
  kind:
    type: choice
    choices:
      complaint: {vi: "Khiếu nại", en: "Complaint"}
      denunciation: {vi: "Tố cáo", en: "Denunciation"}
  plain:
    type: choice
    choices: [a, b]
  note:
    type: text
    label: {vi: "Ghi chú", en: "Note"}
guards:
  noted:
    when: {field: note, present: true}
states:
  open: {initial: true, label: {vi: "Tiếp nhận", en: "Open"}}
  done: {final: true, label: {vi: "Xong", en: "Done"}}
transitions:
  - {trigger: close, from: open, to: done, roles: [clerk], when: noted,
     label: {vi: "Kết thúc", en: "Close"}}
"""


def test_labelled_choices_keep_values_and_give_labels() -> None:
    """A mapping of choices gives the values (for data and guards) and a label per value."""
    wf = load_workflow(FLOW)
    kind = next(f for f in wf.spec.fields if f.name == "kind")
    assert kind.choices == ("complaint", "denunciation")
    assert kind.choice_label("denunciation", "vi") == "Tố cáo"
    assert kind.choice_label("complaint", "en") == "Complaint"
    assert kind.choice_label("unknown", "vi") == "unknown"
    plain = next(f for f in wf.spec.fields if f.name == "plain")
    assert plain.choices == ("a", "b")
    assert plain.choice_labels == ()
    case = wf.start("L-1", data={"kind": "denunciation"}, at="2026-03-02T09:00")
    assert case.data["kind"] == "denunciation"


def test_labelled_choices_round_trip_through_dump() -> None:
    """Dumping a workflow with labelled choices and loading it back gives the same definition."""
    wf = load_workflow(FLOW)
    assert load_workflow(wf.dump()).spec == wf.spec


def test_a_bad_choice_label_is_a_problem_with_its_position() -> None:
    """A choice label that is neither text nor {vi, en} is reported at its line."""
    bad = FLOW.replace('complaint: {vi: "Khiếu nại", en: "Complaint"}', "complaint: [1, 2]")
    with pytest.raises(DefinitionError) as err:
        load_workflow(bad)
    assert any(p.line == 10 and "choice 'complaint'" in p.message for p in err.value.problems)


@pytest.mark.parametrize("name", ["citizen_reception", "complaint", "denunciation"])
def test_shipped_choices_all_have_labels(name: str) -> None:
    """Every choice of the shipped workflows has a Vietnamese label."""
    wf = load_workflow(ROOT / "workflows" / f"{name}.yaml")
    for field in wf.spec.fields:
        if field.choices is not None:
            assert {value for value, _label in field.choice_labels} == set(field.choices)


def test_vietnamese_diagrams_and_summaries_name_roles_by_label() -> None:
    """Diagrams and summaries in Vietnamese show the role's label; in English its id."""
    wf = load_workflow(FLOW)
    assert "(Cán bộ tiếp dân)" in to_mermaid(wf.spec, lang="vi")
    assert "(Cán bộ tiếp dân)" in to_dot(wf.spec, lang="vi")
    assert "(clerk)" in to_mermaid(wf.spec, lang="en")
    assert "do Cán bộ tiếp dân thực hiện" in summary(wf.spec, lang="vi")
    assert "by clerk" in summary(wf.spec, lang="en")


def test_vietnamese_refusals_name_labels_then_ids() -> None:
    """A refusal in Vietnamese names the trigger, state and field by label, id after; English ids."""
    wf = load_workflow(FLOW)
    case = wf.start("L-2", at="2026-03-02T09:00")
    with pytest.raises(TransitionNotAllowed) as en:
        wf.fire(case, "close", role="clerk", at="2026-03-02T10:00")
    assert "trigger 'close' from state 'open' refused" in en.value.reason
    assert "field 'note' is missing and must be present" in en.value.reason
    with language("vi"), pytest.raises(TransitionNotAllowed) as vi:
        wf.fire(case, "close", role="clerk", at="2026-03-02T10:00")
    assert "Kết thúc ('close')" in vi.value.reason
    assert "Tiếp nhận ('open')" in vi.value.reason
    assert "trường Ghi chú ('note'): chưa có" in vi.value.reason

"""Issue 10, "Confidential values leak": every fault the attack found, pinned, and the invariant.

A confidential value never appears in a refusal, a ``repr``, a log line, a
document or an export for a role that may not read it, in any of its
renderings (raw, ``repr``, JSON-escaped; composed or decomposed; any case);
every reveal attempt is audited, the demo's too; text is kept in NFC, so
lookalike spellings of one word are one value.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import caseflow
from caseflow.case import Case, Event
from caseflow.cli.demo.month import run_demo
from caseflow.errors import InputError, RevealRefused, TransitionNotAllowed
from caseflow.render.documents import case_brief
from caseflow.store import Reveal, Store, open_store
from caseflow.text import fold, nfc, renderings, scrub
from caseflow.workflow import Workflow, load_workflow
from tests.store_helpers import (
    SECRET,
    T0,
    at,
    petition,
    reception,
    secretary,
    store,
    store_url,
)

_ = (store, store_url)  # fixtures

DENUNCIATION = """
caseflow: 1
name: leaks
version: "1"
roles: {clerk: {}, inspector: {}}
fields:
  kind: {type: text}
  summary: {type: text}
  district: {type: choice, choices: ["Hoàn Kiếm", "Ba Đình"]}
  denouncer_name: {type: text, confidential: true, readers: [inspector]}
  reported_on: {type: date, confidential: true, readers: [inspector]}
  filed_on: {type: date}
  tags: {type: list}
guards:
  anonymous: {field: denouncer_name, present: false}
  not_the_official: {field: denouncer_name, not_equals: "Ǭ Official Name"}
  not_listed: {field: denouncer_name, not_in: ["Ǭ Listed One", "Ǭ Listed Two"]}
  timely: {field: filed_on, within: {days: 10, after: reported_on}}
  small_kind: {field: kind, equals: "small"}
states:
  received: {initial: true}
  filed: {final: true}
  dropped: {final: true}
  late: {final: true}
  reviewed: {final: true}
transitions:
  - {trigger: file_anonymous, from: received, to: filed, when: anonymous}
  - {trigger: drop, from: received, to: dropped, when: not_the_official}
  - {trigger: skip, from: received, to: dropped, when: not_listed}
  - {trigger: file_late, from: received, to: late, when: timely}
  - {trigger: review, from: received, to: reviewed,
     when: {not: {field: denouncer_name, equals: "Ǭ Official Name"}}}
  - {trigger: review_small, from: received, to: reviewed, when: small_kind}
"""


def denunciation() -> Workflow:
    """A workflow with a confidential denouncer and guards that test it."""
    return load_workflow(DENUNCIATION)


def denounced(name: str, **data: object) -> Case:
    """A received case whose confidential denouncer is ``name``."""
    values = {"kind": "big", "summary": "Tố cáo", "denouncer_name": name, **data}
    return denunciation().start("TC-1", at=T0, data=values, role="clerk", actor="cb01")


# -- refusals ----------------------------------------------------------------------------


def test_a_guard_on_a_confidential_field_refuses_without_quoting_it() -> None:
    """present: false on a confidential field names the field and the rule, never the value."""
    case = denounced("Nguyen Van A")
    with pytest.raises(TransitionNotAllowed) as err:
        denunciation().fire(case, "file_anonymous", at=at(1), role="clerk")
    assert "Nguyen Van A" not in str(err.value)
    assert err.value.reason == (
        "trigger 'file_anonymous' from state 'received' refused: guard 'anonymous' is false: "
        "field 'denouncer_name' (confidential) is present and must be absent"
    )
    assert err.value.guard == "anonymous"


def test_a_not_equals_test_on_a_confidential_field_does_not_name_its_operand() -> None:
    """A refused not_equals (or not_in) would name the value by naming the operand: it does not."""
    wf = denunciation()
    case = denounced("Ǭ Official Name")
    with pytest.raises(TransitionNotAllowed) as err:
        wf.fire(case, "drop", at=at(1), role="clerk")
    assert "Official" not in err.value.reason
    assert "must not equal the value(s) the workflow names there" in err.value.reason
    case = denounced("Ǭ Listed Two")
    with pytest.raises(TransitionNotAllowed) as err:
        wf.fire(case, "skip", at=at(1), role="clerk")
    assert "Listed" not in err.value.reason


def test_a_not_around_equals_on_a_confidential_field_does_not_name_its_operand() -> None:
    """{not: {field: secret, equals: X}} refused means the value is X: X is not shown."""
    case = denounced("Ǭ Official Name")
    with pytest.raises(TransitionNotAllowed) as err:
        denunciation().fire(case, "review", at=at(1), role="clerk")
    assert "Official" not in err.value.reason
    assert "field 'denouncer_name' (confidential) equals the value(s)" in err.value.reason


def test_a_within_period_counted_from_a_confidential_date_shows_no_date() -> None:
    """A period anchored on a confidential date: neither the anchor nor the period's end is shown."""
    case = denounced("X", reported_on="2026-01-05", filed_on="2026-03-01")
    with pytest.raises(TransitionNotAllowed) as err:
        denunciation().fire(case, "file_late", at=at(1), role="clerk")
    assert "2026-01" not in err.value.reason
    assert err.value.reason.endswith(
        "field 'filed_on' is '2026-03-01' and must be within 10 days after field "
        "'reported_on' (confidential)"
    )


def test_a_confidential_date_tested_by_within_is_not_shown() -> None:
    """The tested date, when it is the confidential one, is said to be present, not shown."""
    wf = load_workflow(
        DENUNCIATION.replace(
            "filed_on: {type: date}", "filed_on: {type: date, confidential: true}"
        ).replace(
            "reported_on: {type: date, confidential: true, readers: [inspector]}",
            "reported_on: {type: date}",
        )
    )
    case = wf.start("TC-1", at=T0, data={"reported_on": "2026-01-05", "filed_on": "2026-03-01"})
    with pytest.raises(TransitionNotAllowed) as err:
        wf.fire(case, "file_late", at=at(1), role="clerk")
    assert "2026-03-01" not in err.value.reason
    assert err.value.reason.endswith(
        "field 'filed_on' (confidential) is present and must be at most 2026-01-15, the end of "
        "10 days after field 'reported_on'"
    )


def test_a_non_confidential_value_is_still_quoted_in_a_refusal() -> None:
    """Ordinary fields keep the message that quotes them (the golden wording)."""
    with pytest.raises(TransitionNotAllowed) as err:
        denunciation().fire(denounced("X"), "review_small", at=at(1), role="clerk")
    assert err.value.reason.endswith(
        "guard 'small_kind' is false: field 'kind' is 'big' and must equal 'small'"
    )


# -- documents -----------------------------------------------------------------------------

AWKWARD = (
    "Nguyễn Văn\nAn",  # a newline: repr shows \n
    "Lê Thị\\Bình",  # a backslash: repr doubles it
    "Trần\u200bCường",  # a zero-width space: repr escapes it
    "Phạm 'Đức' \"Dũng\"",  # both quotes
)


def _brief(case: Case, for_role: str | None = None) -> str:
    doc = case_brief(reception(), case, session=None, now=at(5), for_role=for_role, lang="en")
    return doc.markdown + doc.html


@pytest.mark.parametrize("name", AWKWARD)
def test_a_name_whose_repr_differs_from_it_is_scrubbed_from_documents(name: str) -> None:
    """A summary and a note that hold the name's repr or JSON show the mark instead."""
    wf = reception()
    case = petition("TV-1", petitioner_name=name, summary=f"Đơn của {name!r}")
    wf.update(case, at=at(1), data={"summary": f"ghi chú {json.dumps(name)}"}, note=repr([name]))
    text = _brief(case)
    for form in renderings(name):
        assert form not in text
    assert "[confidential]" in text


def test_a_name_typed_decomposed_or_in_capitals_is_scrubbed_from_documents() -> None:
    """The field holds NFC; a summary typed in NFD capitals is still redacted."""
    name = "Nguyễn Thị Hồng"
    case = petition("TV-1", petitioner_name=name)
    # As an older store or a hand-built case could hold it: the engine keeps NFC now.
    case.data["summary"] = "Đơn của bà " + unicodedata.normalize("NFD", name.upper())
    text = _brief(case)
    assert fold(name) not in fold(text)
    assert "Đơn của bà [confidential]" in text


def test_a_reader_still_sees_the_name_in_its_documents() -> None:
    """The scrub is for roles that may not read the field; a reader's brief shows it."""
    case = petition("TV-1", petitioner_name="Nguyễn Văn\nAn")
    assert "Nguyễn Văn" in _brief(case, for_role="internal_affairs_group")


# -- exports -------------------------------------------------------------------------------


def _export(s: Store, reveal: Reveal | None = None) -> str:
    out = io.StringIO()
    s.export_jsonl(out, reveal=reveal)
    return out.getvalue()


@pytest.mark.parametrize("name", AWKWARD)
def test_a_name_typed_into_free_text_is_withheld_from_an_export_for_a_non_reader(
    store: Store, name: str
) -> None:
    """A note and a summary that quote the name (raw, repr, JSON) show the placeholder."""
    wf = reception()
    case = petition("TV-1", petitioner_name=name, summary=f"Đơn của {name}")
    wf.update(case, at=at(1), data={"summary": f"về {name!r}"}, note=json.dumps([name.upper()]))
    store.save(case, wf)
    text = _export(store)
    assert not any(form in text for form in renderings(name) | renderings(name.upper()))
    (line,) = [json.loads(x) for x in text.splitlines()]
    assert line["data"]["summary"] == "về '[redacted]'"
    assert line["history"][0]["changes"]["summary"] == "Đơn của [redacted]"
    # The reader's export keeps every word.
    (full,) = [json.loads(x) for x in _export(store, secretary(reason="backup")).splitlines()]
    assert full["data"]["petitioner_name"] == name
    assert full["data"]["summary"] == f"về {name!r}"


def test_a_scrubbed_export_still_imports(store: Store, tmp_path: Path) -> None:
    """The same text is scrubbed the same way in the data and the history: it replays."""
    wf = reception()
    case = petition("TV-1", summary=f"Đơn của {SECRET}")
    store.save(case, wf)
    with open_store(f"sqlite:///{tmp_path / 'copy.db'}", workflows=[wf]) as copy:
        assert copy.import_jsonl(_export(store).splitlines(), accept_redacted=True) == 1
        assert copy.load("TV-1", wf).data["summary"] == "Đơn của [redacted]"


def test_an_export_of_lines_that_name_nobody_is_unchanged(store: Store) -> None:
    """Free text that holds no withheld value is written exactly as before."""
    wf = reception()
    store.save(petition("TV-1", summary="Tố cáo cán bộ địa chính"), wf)
    (line,) = [json.loads(x) for x in _export(store).splitlines()]
    assert line["data"]["summary"] == "Tố cáo cán bộ địa chính"


# -- repr ----------------------------------------------------------------------------------


def test_repr_of_an_event_names_the_changed_fields_but_not_their_values() -> None:
    """repr(Event) shows which fields changed, never what they hold (like repr(Case))."""
    case = denounced("Nguyen Van A")
    (event,) = case.history
    assert "Nguyen" not in repr(event)
    assert "Nguyen" not in str(event)
    assert "changes=<kind, summary, denouncer_name>" in repr(event)
    assert "Nguyen" not in repr(case.history)
    assert "Nguyen" not in repr(case)


def test_an_event_is_still_a_named_tuple_with_its_values() -> None:
    """Only the repr changed: an Event unpacks, compares and converts as before."""
    event = Event("start", None, "received", T0, changes={"name": "A"})
    assert isinstance(event, tuple)
    assert event[7] == {"name": "A"}
    assert event == Event("start", None, "received", T0, None, None, None, {"name": "A"})
    assert event.to_dict()["changes"] == {"name": "A"}


def test_a_malformed_history_does_not_quote_its_data() -> None:
    """A replay refusing malformed changes or events names their type, not their content."""
    wf = denunciation()
    start = {"trigger": "start", "dest": "received", "at": "2026-03-02T08:30+07:00"}
    with pytest.raises(caseflow.HistoryError) as err:
        wf.replay("TC-1", [{**start, "changes": ["Nguyen Van A"]}])
    assert "Nguyen" not in str(err.value)
    assert "'changes' must be a mapping, not list" in str(err.value)
    with pytest.raises(caseflow.HistoryError) as err:
        wf.replay("TC-1", [["Nguyen Van A"]])  # type: ignore[list-item]
    assert "Nguyen" not in str(err.value)


# -- audit ---------------------------------------------------------------------------------


def test_a_refused_reveal_is_audited(store: Store) -> None:
    """A role that may not read the field is refused, and the attempt is in the audit."""
    wf = reception()
    store.save(petition("TV-1"), wf)
    officer = Reveal(actor="cb01", role="reception_officer", reason="curious", at=at(3))
    with pytest.raises(RevealRefused):
        store.load("TV-1", wf, reveal=officer)
    (record,) = store.audit("TV-1")
    assert (record.action, record.actor, record.role, record.reason) == (
        "reveal refused",
        "cb01",
        "reception_officer",
        "curious",
    )
    assert "petitioner_name" in record.fields


def test_an_export_refused_for_a_field_is_audited(store: Store) -> None:
    """An export that asks for a field its role may not read is refused and recorded."""
    wf = reception()
    store.save(petition("TV-1"), wf)
    asked = Reveal(
        actor="cb01", role="reception_officer", reason="copy", at=at(3), fields="petitioner_name"
    )
    with pytest.raises(RevealRefused):
        store.export_jsonl(io.StringIO(), reveal=asked)
    assert [(r.action, r.fields) for r in store.audit("TV-1")] == [
        ("export refused", ("petitioner_name",))
    ]


def test_an_allowed_and_a_refused_reveal_are_both_audited_in_order(store: Store) -> None:
    """Every attempt, allowed or refused, is one audit record, oldest first."""
    wf = reception()
    store.save(petition("TV-1"), wf)
    store.load("TV-1", wf, reveal=secretary())
    with pytest.raises(RevealRefused):
        store.load("TV-1", wf, reveal=secretary(fields=("petitioner_id_number",)))
    assert [r.action for r in store.audit("TV-1")] == ["reveal", "reveal refused"]


def test_a_reveal_that_does_not_say_why_is_refused_unrecorded(store: Store) -> None:
    """A malformed request (no reason) is an InputError before anything is read or recorded."""
    wf = reception()
    store.save(petition("TV-1"), wf)
    with pytest.raises(InputError, match="non-empty 'reason'"):
        store.load("TV-1", wf, reveal=secretary(reason=""))
    assert store.audit("TV-1") == []


def test_the_demo_reveals_through_the_store_and_audits_each_reveal(tmp_path: Path) -> None:
    """The internal-affairs invitations are rendered from audited reveals in the demo's store."""
    db = tmp_path / "demo.db"
    run_demo(db=str(db), out=tmp_path / "docs", echo=lambda _: None)
    doc = (tmp_path / "docs" / "invitations-2026-03-17.internal_affairs_group.md").read_text()
    with open_store(f"sqlite:///{db}") as s:
        records = [r for c in s.cases() for r in s.audit(c.id)]
        march = [r for r in records if r.reason == "invitations to the session of 2026-03-17"]
        revealed = {r.case_id: s.load(r.case_id, reveal=_again(r.role)) for r in march}
    assert march
    assert {r.action for r in records} == {"reveal"}
    assert {r.role for r in records} == {"internal_affairs_group"}
    # The other reveals are the ad-hoc session's letters and the reception register's.
    assert {r.reason for r in records} - {march[0].reason} == {
        "invitations to the session of 2026-03-26",
        "register of citizen reception",
    }
    for case in revealed.values():
        assert case.data["petitioner_name"] in doc


def _again(role: str) -> Reveal:
    return Reveal(actor="test", role=role, reason="checking the demo", at=dt.date(2026, 4, 1))


# -- one normal form -------------------------------------------------------------------------


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def test_text_coming_in_is_kept_in_nfc() -> None:
    """A case id, data, an actor and a note typed decomposed are kept composed."""
    wf = denunciation()
    case = wf.start(
        _nfd("TC-Đ-1"),
        at=T0,
        data={"summary": _nfd("Tố cáo"), "denouncer_name": _nfd("Nguyễn")},
        actor=_nfd("cán bộ"),
        note=_nfd("ghi chú"),
    )
    assert case.id == "TC-Đ-1"
    assert unicodedata.is_normalized("NFC", case.id)
    assert case.data == {"summary": "Tố cáo", "denouncer_name": "Nguyễn"}
    assert (case.history[0].actor, case.history[0].note) == ("cán bộ", "ghi chú")
    wf.update(case, at=at(1), data={"tags": [_nfd("Hồ sơ")]}, note=_nfd("sửa"), actor=_nfd("ả"))
    assert case.data["tags"] == ["Hồ sơ"]
    assert case.history[-1].note == "sửa"
    assert case.history[-1].actor == "ả"


def test_a_choice_typed_decomposed_is_the_declared_choice() -> None:
    """'Hoàn Kiếm' in NFD is accepted as the choice and stored in NFC."""
    case = denounced("X", district=_nfd("Hoàn Kiếm"))
    assert case.data["district"] == "Hoàn Kiếm"


def test_a_workflow_written_decomposed_matches_data_typed_composed() -> None:
    """A choice and a guard's operand typed in NFD in the YAML match NFC data, kept in NFC."""
    wf = load_workflow(_nfd(DENUNCIATION))
    case = wf.start("TC-1", at=T0, data={"district": "Ba Đình", "denouncer_name": "x"})
    assert case.data["district"] == "Ba Đình"
    assert unicodedata.is_normalized("NFC", case.data["district"])
    case.data["denouncer_name"] = "Ǭ Official Name"  # composed, as the engine keeps it
    with pytest.raises(TransitionNotAllowed, match="must not equal the value"):
        wf.fire(case, "drop", at=at(1), role="clerk")


def test_the_store_keeps_ids_and_text_in_nfc_and_finds_either_spelling(store: Store) -> None:
    """A hand-built case with an NFD id and note is stored in NFC; both spellings load it."""
    wf = reception()
    case = petition("TV-Đ-1")
    case.id = _nfd(case.id)  # as a case built by hand, or by an older version, could be
    event = case.history[0]
    case.history = (event._replace(note=_nfd("Tiếp nhận")),)
    store.save(case, wf)
    assert [c.id for c in store.cases()] == ["TV-Đ-1"]
    for spelling in ("TV-Đ-1", _nfd("TV-Đ-1")):
        assert store.exists(spelling)
        assert store.load(spelling, wf).history[0].note == "Tiếp nhận"
    wf.fire(case, "screen", at=at(1), role="reception_officer", note=_nfd("Phân loại"))
    store.save(case, wf)  # the same in-memory case saves again, under its stored id
    assert store.load("TV-Đ-1", wf).history[-1].note == "Phân loại"


def test_nfc_returns_the_same_text_when_nothing_changes() -> None:
    """The edge check is cheap: ASCII or NFC text is returned as it is, not copied."""
    text = "Nguyễn Văn A"
    assert nfc(text) is text
    assert nfc(_nfd(text)) == text


# -- the invariant ---------------------------------------------------------------------------

LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZßđĐăâêôơưáàảãạÁẾỄ"
SPECIALS = "\n\\'\"\u200b\u200d\t "


@st.composite
def confidential_names(draw: st.DrawFn) -> str:
    """A name with awkward characters, typed in any case and in NFC or NFD.

    It starts with 'Ǭ', which no template or message contains, so that
    finding any rendering of it anywhere is a leak, not a coincidence.
    """
    head = draw(st.text(LETTERS, min_size=2, max_size=6))
    middle = draw(st.text(SPECIALS, max_size=3))
    tail = draw(st.text(LETTERS, min_size=1, max_size=6))
    name = "Ǭ" + head + middle + tail
    name = draw(st.sampled_from([str, str.upper, str.lower, str.swapcase]))(name)
    return unicodedata.normalize(draw(st.sampled_from(["NFC", "NFD"])), name)


def _shows(text: str, value: str) -> bool:
    """Whether ``text`` holds ``value`` raw, as repr or as JSON, composed or not, in any case.

    Written apart from ``caseflow.text`` so that it checks the scrub, not itself.
    """
    haystacks = {unicodedata.normalize(f, text).casefold() for f in ("NFC", "NFD")}
    for normal in ("NFC", "NFD"):
        v = unicodedata.normalize(normal, value)
        for form in (v, repr(v)[1:-1], json.dumps(v)[1:-1], json.dumps(v, ensure_ascii=False)):
            needle = form.strip('"').casefold()
            if any(needle in hay for hay in haystacks):
                return True
    return False


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def log_lines() -> Iterator[list[str]]:
    """Every line caseflow logs, at every level, while the test runs."""
    handler = _Lines()
    logger = logging.getLogger("caseflow")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield handler.lines
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(name=confidential_names())
def test_no_confidential_value_leaks_anywhere_in_any_rendering(
    name: str, log_lines: list[str]
) -> None:
    """For any confidential name, nothing a non-reader sees shows it in any rendering."""
    seen: list[str] = []
    # Refusals of guards on the confidential field.
    case = denounced(name)
    for trigger in ("file_anonymous", "review_small"):
        with pytest.raises(TransitionNotAllowed) as err:
            denunciation().fire(case, trigger, at=at(1), role="clerk")
        seen += [str(err.value), repr(err.value), err.value.reason]
    seen += [repr(case), repr(case.history), *map(str, case.history)]
    # Documents where a summary, a note and the data quote the name.
    wf = reception()
    case = petition("TV-1", petitioner_name=name, summary=f"Đơn của {name}")
    wf.update(case, at=at(1), data={"summary": f"về {name!r}"}, note=json.dumps({"ai": name}))
    case.data["summary"] += " / " + unicodedata.normalize("NFD", name.upper())
    for role in (None, "reception_officer", "committee_office"):
        doc = case_brief(wf, case, session=None, now=at(5), for_role=role, lang="vi")
        seen += [doc.markdown, doc.html]
    seen.append(repr(case))  # (its notes quote the name on purpose: free text, not a field)
    # An export for a role that may not read the field, and its refused reveal.
    stored = petition("TV-2", petitioner_name=name, summary=f"Đơn của {name!r}")
    with open_store("sqlite:///:memory:", workflows=[wf]) as s:
        s.save(stored)
        out = io.StringIO()
        s.export_jsonl(out)
        seen.append(out.getvalue())
        out = io.StringIO()
        s.export_jsonl(out, reveal=Reveal(actor="a", role="reception_officer", reason="r", at=T0))
        seen.append(out.getvalue())
        with pytest.raises(caseflow.RevealRefused) as refused:
            s.load("TV-2", reveal=Reveal(actor="a", role="reception_officer", reason="r", at=T0))
        seen += [str(refused.value), repr(s.load("TV-2")), repr(s.audit("TV-2"))]
        # The reader does see it: the check above is not vacuous.
        shown = s.load("TV-2", reveal=secretary())
        assert shown.data["petitioner_name"] == nfc(name)
    seen += log_lines
    assert log_lines, "the store logs its saves and reveals"
    leaks = [text for text in seen if _shows(text, name)]
    assert not leaks, leaks


@given(name=confidential_names(), junk=st.text(max_size=20))
def test_scrub_removes_every_rendering_of_a_value_from_any_text(name: str, junk: str) -> None:
    """scrub(text, [v]) leaves no rendering of v, whatever surrounds it."""
    composed = nfc(name)
    text = f"{junk}{name}{junk}{composed!r}{json.dumps(composed)}{composed.upper()}{junk}"
    assert not _shows(scrub(text, [composed], "[x]"), composed)

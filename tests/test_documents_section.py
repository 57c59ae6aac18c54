"""The ``documents:`` section: read into the model, written back, and every mistake pinned.

Golden messages (``FILE:LINE:COL: message``) like the other sections: what
is wrong, which value, where, and what is allowed.
"""

from __future__ import annotations

import pytest

import caseflow
from caseflow.errors import DefinitionError
from caseflow.loading import dump_workflow, read_workflow

BASE = """\
caseflow: 1
name: tiep_dan
states:
  received: {initial: true}
  closed: {final: true}
transitions:
  - {trigger: close, from: received, to: closed}
documents:
"""

GOOD = """\
  style: party
  parent: ĐẢNG BỘ TỈNH TRÀ VINH
  issuer: THÀNH ỦY TRÀ VINH
  place: Trà Vinh
  signer: {authority: T/M BAN THƯỜNG VỤ, title: PHÓ BÍ THƯ, name: Nguyễn Văn A}
  kinds:
    notice: {symbol: TB/TU, title: THÔNG BÁO, recipients: [Thường trực Tỉnh ủy (b/c), Lưu VP]}
"""


def problems(section: str) -> list[str]:
    """The problems of BASE with ``section`` under ``documents:``; [] if it loads."""
    try:
        read_workflow(BASE + section, filename="w.yaml")
    except DefinitionError as err:
        return [str(p) for p in err.problems]
    return []


def test_a_good_section_reads_into_the_model_and_back() -> None:
    """Every value lands in the model, and dumping then reading gives the same spec."""
    spec = read_workflow(BASE + GOOD)
    docs = spec.documents
    assert docs is not None
    assert (docs.style, docs.issuer, docs.parent, docs.place) == (
        "party",
        "THÀNH ỦY TRÀ VINH",
        "ĐẢNG BỘ TỈNH TRÀ VINH",
        "Trà Vinh",
    )
    assert docs.signer.authority == "T/M BAN THƯỜNG VỤ"
    assert docs.numbering == "year"
    notice = docs.kind("notice")
    assert notice is not None
    assert notice.symbol == "TB/TU"
    assert notice.recipients == ("Thường trực Tỉnh ủy (b/c)", "Lưu VP")
    assert docs.kind("brief") is None
    assert read_workflow(dump_workflow(spec)) == spec


def test_the_shipped_reception_carries_the_plans_issuer_signer_and_recipients() -> None:
    """The plan (Số 7-KH/TU) is signed T/M BAN THƯỜNG VỤ / PHÓ BÍ THƯ and sent where it lists."""
    spec = read_workflow(caseflow.shipped_workflow("citizen_reception"))
    docs = spec.documents
    assert docs is not None
    assert docs.style == "party"
    assert docs.issuer == "THÀNH ỦY TRÀ VINH"
    assert (docs.signer.authority, docs.signer.title, docs.signer.name) == (
        "T/M BAN THƯỜNG VỤ",
        "PHÓ BÍ THƯ",
        "Nguyễn Quốc Phương",
    )
    notice = docs.kind("notice")
    assert notice is not None
    assert notice.recipients == (
        "Thường trực Tỉnh ủy (b/c)",
        "Ban Nội chính Tỉnh ủy",
        "Ban Dân vận Tỉnh ủy",
        "Chi, Đảng bộ cơ sở",
        "Cơ quan, ban, ngành, đoàn thể TP",
        "Lưu VP",
    )
    assert {k.name for k in docs.kinds} == {"invitation", "brief", "notice", "report", "calendar"}


@pytest.mark.parametrize(
    ("section", "expected"),
    [
        pytest.param(
            GOOD.replace("style: party", "style: partty"),
            [
                "w.yaml:9:10: the documents section: 'style' must be one of party, state, "
                "not the text 'partty' (did you mean 'party'?)"
            ],
            id="style",
        ),
        pytest.param(
            GOOD.replace("  place: Trà Vinh\n", ""),
            ["w.yaml:9:3: the documents section is missing the required key 'place'"],
            id="place_missing",
        ),
        pytest.param(
            GOOD.replace("title: PHÓ BÍ THƯ, ", ""),
            ["w.yaml:13:11: the documents section: signer is missing the required key 'title'"],
            id="signer_title_missing",
        ),
        pytest.param(
            GOOD.replace("    notice:", "    notise:"),
            [
                "w.yaml:15:5: the documents section: kinds: unknown kind of paper 'notise' "
                "(did you mean 'notice'?); the kinds are brief, calendar, invitation, notice, "
                "report"
            ],
            id="unknown_kind",
        ),
        pytest.param(
            GOOD.replace("symbol: TB/TU", "symbol: tb/tu"),
            [
                "w.yaml:15:22: the documents section: kinds: notice: the symbol 'tb/tu' is not "
                "a number symbol; write capitals, digits, '/' and '-' as the guideline does "
                "(e.g. 'TB/TU', 'GM/TU', 'BC/UBND')"
            ],
            id="symbol_lower_case",
        ),
        pytest.param(
            GOOD + "  numbering: term\n",
            [
                "w.yaml:16:14: the documents section: 'numbering: term' needs 'term_start', "
                "the first day of the term (YYYY-MM-DD), from which numbers run"
            ],
            id="term_without_start",
        ),
        pytest.param(
            GOOD + "  numbering: term\n  term_start: 2025-13-01\n",
            [
                "w.yaml:17:15: the documents section: 'term_start' must be a date written "
                "YYYY-MM-DD, not the text '2025-13-01'"
            ],
            id="term_start_not_a_date",
        ),
        pytest.param(
            GOOD.replace("recipients: [", "recipients: [12, "),
            [
                "w.yaml:15:60: the documents section: kinds: notice: a recipient must be one "
                "line of text, not the number 12"
            ],
            id="recipient_not_text",
        ),
        pytest.param(
            GOOD + "  addressees: {ward: UBND}\n",
            [
                "w.yaml:16:22: the documents section: addressees: ward: must be one line of "
                "text holding {value} once, where the field's value goes (e.g. 'UBND "
                "{value}'), not the text 'UBND'"
            ],
            id="addressee_without_value",
        ),
        pytest.param(
            GOOD + "  signatory: x\n",
            [
                "w.yaml:16:3: unknown key 'signatory' in the documents section (did you mean 'signer'?); "
                "allowed keys: "
                "addressees, issuer, kinds, numbering, parent, place, signer, source, style, "
                "templates, term_start"
            ],
            id="unknown_key",
        ),
    ],
)
def test_each_mistake_gets_one_message_with_its_place(section: str, expected: list[str]) -> None:
    """The message says what, which value, where (FILE:LINE:COL) and what is allowed."""
    assert problems(section) == expected

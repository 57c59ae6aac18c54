"""The DOCX papers read back with python-docx: layout, header, number, date, signature, recipients.

The demo month (``run_demo`` on a SQLite store) writes the papers; each is
read back and checked against Hướng dẫn 36-HD/VPTW (the shipped workflow's
``style: party``): A4, the margins, Times New Roman, the header table, the
"Số NN-XX/TU" line, the place-and-date line, the signature block and the
"Nơi nhận" list the workflow names. Where LibreOffice is installed, each
kind is also converted to PDF and its pages counted.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.shared import Mm
from hypothesis import given
from hypothesis import strategies as st

import caseflow
from caseflow.case import Case
from caseflow.cli.demo.month import run_demo
from caseflow.errors import InputError
from caseflow.render.papers import SHIPPED, calendar_paper, date_line, number_text, template_for
from caseflow.render.papers.formats import period_of
from caseflow.sessions import visible_data
from caseflow.workflow import Workflow

TOLERANCE = Mm(0.5)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NUMBER = re.compile(r"^Số (\d{2})-(GM|TB|BC)/TU$")
DATE = re.compile(r"^Trà Vinh, ngày (\d{2}) tháng (\d{1,2}) năm (\d{4})$")


@pytest.fixture(scope="module")
def month(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Case], Path]:
    """The demo month's cases and the folder its papers are in."""
    folder = tmp_path_factory.mktemp("papers")
    cases = run_demo(db=str(folder / "cases.db"), out=folder, lang="vi", echo=lambda _: None)
    return cases, folder


def papers(folder: Path, prefix: str = "") -> list[Path]:
    """The DOCX papers in ``folder`` whose names start with ``prefix``."""
    return sorted(p for p in folder.glob(f"{prefix}*.docx"))


def cell_lines(cell: Any) -> list[str]:
    """The paragraphs of a table cell, stripped, empty ones dropped."""
    return [p.text.strip() for p in cell.paragraphs if p.text.strip()]


def recipients_of(kind: str) -> list[str]:
    """The "Nơi nhận" lines the shipped workflow names for ``kind``, punctuated as the plan."""
    spec = caseflow.load_workflow(caseflow.shipped_workflow("citizen_reception")).spec
    assert spec.documents is not None
    found = spec.documents.kind(kind)
    assert found is not None
    items = list(found.recipients)
    return [f"- {r}{'.' if i == len(items) - 1 else ','}" for i, r in enumerate(items)]


# -- the small texts -------------------------------------------------------------------


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_the_date_line_pads_days_below_10_and_months_1_and_2(day: dt.date) -> None:
    """Property: "ngày 05 tháng 02 năm 2026": the day read back, zero-padded as the guideline says."""
    match = DATE.match(date_line("Trà Vinh", day))
    assert match is not None
    dd, mm, yyyy = match.groups()
    assert dt.date(int(yyyy), int(mm), int(dd)) == day
    assert len(dd) == 2
    assert len(mm) == (2 if day.month in (1, 2, 10, 11, 12) else 1)


@given(st.integers(1, 9999), st.sampled_from(["TB/TU", "GM/TU", "BC/UBND"]))
def test_the_number_line_reads_back_with_its_leading_zero(number: int, symbol: str) -> None:
    """Property: "05-TB/TU" (party), "05/BC-UBND" shape (state): the number reads back, 2+ digits."""
    party = number_text("party", number, symbol)
    shown, _, rest = party.partition("-")
    assert int(shown) == number
    assert len(shown) >= 2
    assert rest == symbol
    state = number_text("state", number, symbol)
    assert state == f"{shown}/{symbol}"


def test_a_term_counts_from_its_first_day() -> None:
    """numbering: term gives one period from term_start on, and refuses a day before it."""
    spec = caseflow.load_workflow(caseflow.shipped_workflow("citizen_reception")).spec
    assert spec.documents is not None
    import attrs

    term = attrs.evolve(spec.documents, numbering="term", term_start="2025-10-15")
    assert period_of(term, dt.date(2026, 3, 1)) == period_of(term, dt.date(2027, 1, 1))
    with pytest.raises(InputError, match="earlier than the term"):
        period_of(term, dt.date(2025, 10, 14))
    assert period_of(spec.documents, dt.date(2026, 3, 1)) != period_of(
        spec.documents, dt.date(2027, 3, 1)
    )


# -- each paper's layout -----------------------------------------------------------------


def test_every_paper_is_a4_with_the_guideline_margins_in_times_new_roman(
    month: tuple[list[Case], Path],
) -> None:
    """A4, margins 20/20/30/15 mm, Times New Roman in every run."""
    _, folder = month
    found = papers(folder)
    assert len(found) >= 30
    for path in found:
        doc = Document(str(path))
        s = doc.sections[0]
        assert abs(s.page_width - Mm(210)) < TOLERANCE, path.name
        assert abs(s.page_height - Mm(297)) < TOLERANCE, path.name
        margins = (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)
        for got, want in zip(margins, (20, 20, 30, 15), strict=True):
            assert abs(got - Mm(want)) < TOLERANCE, path.name
        assert doc.styles["Normal"].font.name == "Times New Roman"
        runs = [r for p in doc.paragraphs for r in p.runs if r.text.strip()]
        assert runs
        assert {r.font.name for r in runs} == {"Times New Roman"}, path.name


def test_every_paper_has_the_party_header_number_and_date_lines(
    month: tuple[list[Case], Path],
) -> None:
    """Issuer left with "*" and "Số NN-XX/TU"; "ĐẢNG CỘNG SẢN VIỆT NAM" right, bold, ruled; date."""
    _, folder = month
    for path in papers(folder):
        header = Document(str(path)).tables[0]
        left, right = header.rows[0].cells
        lines = cell_lines(left)
        assert lines[:3] == ["ĐẢNG BỘ TỈNH TRÀ VINH", "THÀNH ỦY TRÀ VINH", "*"], path.name
        assert NUMBER.match(lines[3]), (path.name, lines[3])
        title, date = cell_lines(right)
        assert title == "ĐẢNG CỘNG SẢN VIỆT NAM"
        first, rule = right.paragraphs[:2]
        assert first.runs[0].bold
        assert first.runs[0].font.size.pt == 15
        assert not rule.text  # the rule beneath the title: a bottom border of its own line
        assert rule._p.pPr.find(f"{W}pBdr/{W}bottom") is not None
        assert DATE.match(date), (path.name, date)
        date_run = next(p for p in right.paragraphs if p.text.strip() == date).runs[0]
        assert date_run.italic


@pytest.mark.parametrize(
    ("prefix", "kind", "symbol"),
    [
        ("giay-moi-", "invitation", "GM"),
        ("thong-bao-ket-luan-", "notice", "TB"),
        ("bao-cao-TV-", "brief", "BC"),
        ("bao-cao-2026-", "report", "BC"),
        ("lich-tiep-", "calendar", "TB"),
    ],
)
def test_each_kind_ends_with_the_signature_and_the_workflows_recipients(
    month: tuple[list[Case], Path], prefix: str, kind: str, symbol: str
) -> None:
    """Signature block right (T/M BAN THƯỜNG VỤ, PHÓ BÍ THƯ, name); "Nơi nhận:" and its list left."""
    _, folder = month
    found = papers(folder, prefix)
    assert found
    for path in found:
        doc = Document(str(path))
        number = NUMBER.match(cell_lines(doc.tables[0].rows[0].cells[0])[3])
        assert number is not None
        assert number.group(2) == symbol
        left, right = doc.tables[-1].rows[0].cells
        assert cell_lines(right) == ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Nguyễn Quốc Phương"]
        lines = cell_lines(left)
        assert lines[0] == "Nơi nhận:"
        assert left.paragraphs[0].runs[0].underline
        assert lines[1:] == recipients_of(kind), path.name


def test_numbers_are_consecutive_per_symbol_and_never_given_twice(
    month: tuple[list[Case], Path],
) -> None:
    """The papers of one symbol carry 01, 02, ... with no gap and no repeat."""
    _, folder = month
    numbers: dict[str, list[int]] = {}
    for path in papers(folder):
        match = NUMBER.match(cell_lines(Document(str(path)).tables[0].rows[0].cells[0])[3])
        assert match is not None
        numbers.setdefault(match.group(2), []).append(int(match.group(1)))
    for symbol, got in numbers.items():
        assert sorted(got) == list(range(1, len(got) + 1)), symbol


def test_every_invitee_gets_a_letter_naming_them(month: tuple[list[Case], Path]) -> None:
    """One letter per invited citizen (by name), ward, agency and standing attendee."""
    cases, folder = month
    wf = caseflow.load_workflow(caseflow.shipped_workflow("citizen_reception"))
    docket = wf.spec.docket
    assert docket is not None
    roles = {r.name: r for r in wf.spec.roles}
    invited = [
        c
        for c in cases
        if c.data.get("session_date") == "2026-03-17" and c.data.get("invitation_sent_on")
    ]
    assert invited
    expected = {f"Ông (Bà) {c.data['petitioner_name']}" for c in invited}
    expected |= {f"Đảng ủy, UBND {c.data['ward']}" for c in invited}  # documents.addressees
    expected |= {
        roles[a].label.get("vi") if a in roles and roles[a].label else a for a in docket.attendees
    }
    addressees = []
    for path in papers(folder, "giay-moi-2026-03-17-"):
        heads = [p.text for p in Document(str(path)).paragraphs if p.text.startswith("Kính gửi: ")]
        assert len(heads) == 1
        addressees.append(heads[0].removeprefix("Kính gửi: "))
    assert sorted(addressees) == sorted(expected)


def test_a_citizens_letter_gives_time_place_contact_and_what_to_bring(
    month: tuple[list[Case], Path],
) -> None:
    """The citizen's letter: 07 giờ 30, Thứ Ba, ngày 17/03/2026, the place, the phone, papers."""
    _, folder = month
    text = "\n".join(
        p.text for p in Document(str(papers(folder, "giay-moi-2026-03-17-01")[0])).paragraphs
    )
    assert "- Thời gian: 07 giờ 30, Thứ Ba, ngày 17/03/2026." in text
    assert "Lê Thánh Tôn" in text
    assert "- Liên hệ: 0294.3858.647." in text
    assert "giấy tờ tùy thân" in text


def test_the_notice_and_brief_show_labels_and_one_date_format(
    month: tuple[list[Case], Path],
) -> None:
    """No raw codes (citizen_registration, screen, demo.x) and no ISO dates in any paper."""
    _, folder = month
    raw = re.compile(r"\b\d{4}-\d{2}-\d{2}\b|citizen_registration|petition_letter|demo\.|_group")
    for path in papers(folder):
        doc = Document(str(path))
        texts = [p.text for p in doc.paragraphs]
        texts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
        assert not [t for t in texts if raw.search(t)], path.name


def test_the_ward_of_a_case_is_the_same_in_its_letter_and_its_notice(
    month: tuple[list[Case], Path],
) -> None:
    """A case directed to a ward's committee is directed to its own ward (TV-2026-009)."""
    cases, _ = month
    for case in cases:
        body = case.data.get("competent_body")
        if isinstance(body, str) and body.startswith("UBND Phường"):
            assert body == f"UBND {case.data['ward']}", case.id


def test_papers_not_for_a_reader_show_no_identity(month: tuple[list[Case], Path]) -> None:
    """No petitioner's name, address or phone in a paper not meant for a reader of them."""
    cases, folder = month
    wf = caseflow.load_workflow(caseflow.shipped_workflow("citizen_reception"))
    secrets = {
        str(c.data[f])
        for c in cases
        for f in ("petitioner_name", "petitioner_address", "petitioner_phone")
        if c.data.get(f)
    }
    assert secrets
    for path in papers(folder):
        if ".internal_affairs_group." in path.name:
            continue
        doc = Document(str(path))
        texts = [p.text for p in doc.paragraphs]
        texts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
        assert not [s for s in secrets if any(s in t for t in texts)], path.name
    assert (
        visible_data(wf, cases[0], for_role=None)["petitioner_name"]
        != (cases[0].data["petitioner_name"])
    )


def test_the_report_totals_read_tong_cong(month: tuple[list[Case], Path]) -> None:
    """Each figure table of the report ends with "Tổng cộng" and the sum of its rows."""
    _, folder = month
    doc = Document(str(papers(folder, "bao-cao-2026-03")[0]))
    tables = doc.tables[1:-1]
    assert len(tables) == 4
    for table in tables:
        last = [c.text for c in table.rows[-1].cells]
        assert last[0] == "Tổng cộng"
        body = [[c.text for c in row.cells] for row in table.rows[1:-1]]
        for column in range(1, len(last)):
            if last[column].isdigit():
                assert int(last[column]) == sum(int(r[column]) for r in body)
    assert "Σ" not in "".join(p.text for p in doc.paragraphs)


def test_the_register_of_reception_has_identities_only_for_its_keeper(
    month: tuple[list[Case], Path],
) -> None:
    """One row per case; the citizen and address columns only in the keeper's copy."""
    import openpyxl

    cases, folder = month
    general = list(openpyxl.load_workbook(folder / "so-tiep-cong-dan.xlsx").active.values)
    keeper = list(
        openpyxl.load_workbook(
            folder / "so-tiep-cong-dan.internal_affairs_group.xlsx"
        ).active.values
    )
    assert len(general) - 3 == len(cases) == len(keeper) - 3
    assert "Họ tên người gửi đơn" not in general[2]
    assert "Họ tên người gửi đơn" in keeper[2]
    names = {row[keeper[2].index("Họ tên người gửi đơn")] for row in keeper[3:]}
    assert {c.data["petitioner_name"] for c in cases if c.data.get("petitioner_name")} <= names


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
@pytest.mark.parametrize(
    ("prefix", "pages"),
    [
        ("giay-moi-2026-03-17-01", 1),
        ("thong-bao-ket-luan-2026-03-17-TV-2026-001", 1),
        ("lich-tiep-cong-dan-2026", 1),
        ("bao-cao-2026-03", 2),
        ("bao-cao-TV-2026-003", 2),
    ],
)
def test_each_kind_converts_to_pdf_with_the_expected_pages(
    month: tuple[list[Case], Path], tmp_path: Path, prefix: str, pages: int
) -> None:
    """LibreOffice renders the paper; a letter fits on one page, a report or brief on two."""
    _, folder = month
    [path] = papers(folder, prefix)
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = (tmp_path / path.name).with_suffix(".pdf").read_bytes()
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == pages


def test_the_shipped_templates_are_what_the_tool_builds(tmp_path: Path) -> None:
    """tools/make_docx_templates.py rebuilds every shipped template's body word for word."""
    import importlib.util
    import zipfile

    tool = Path(__file__).resolve().parent.parent / "tools" / "make_docx_templates.py"
    spec = importlib.util.spec_from_file_location("make_docx_templates", tool)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    built = module.main(tmp_path)
    assert len(built) == 10
    for path in built:
        shipped = SHIPPED / path.parent.name / path.name
        with zipfile.ZipFile(path) as new, zipfile.ZipFile(shipped) as old:
            assert new.read("word/document.xml") == old.read("word/document.xml"), path


def test_a_workflow_folder_of_templates_replaces_the_shipped_ones(tmp_path: Path) -> None:
    """documents.templates names a folder (beside the workflow) whose KIND.docx is used."""
    text = caseflow.shipped_workflow("citizen_reception").read_text("utf-8")
    text = text.replace("  numbering: year\n", "  numbering: year\n  templates: mau\n")
    (tmp_path / "mau").mkdir()
    doc = Document()
    doc.add_paragraph("Mẫu riêng của văn phòng: {{ issuer }} số {{ number }}")
    doc.save(str(tmp_path / "mau" / "calendar.docx"))
    path = tmp_path / "w.yaml"
    path.write_text(text, encoding="utf-8")
    wf = caseflow.load_workflow(path)
    assert template_for(wf, "calendar") == tmp_path / "mau" / "calendar.docx"
    assert template_for(wf, "notice") == SHIPPED / "party" / "notice.docx"
    paper = calendar_paper(wf, [], year=2026, issued_on=dt.date(2026, 1, 5))
    [line] = [p.text for p in Document(io.BytesIO(paper.data)).paragraphs if p.text]
    assert line == "Mẫu riêng của văn phòng: THÀNH ỦY TRÀ VINH số      -TB/TU"


def test_a_workflow_without_documents_cannot_make_papers() -> None:
    """No documents: section: InputError saying what the section must give."""
    import attrs

    wf = caseflow.load_workflow(caseflow.shipped_workflow("citizen_reception"))
    bare = Workflow(attrs.evolve(wf.spec, documents=None))
    with pytest.raises(InputError, match="has no 'documents:' section"):
        calendar_paper(bare, [], year=2026, issued_on=dt.date(2026, 1, 5))

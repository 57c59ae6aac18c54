"""Build the shipped DOCX templates (src/caseflow/templates/docx/STYLE/KIND.docx).

Run ``python tools/make_docx_templates.py`` after changing this file; the
templates are committed, and tests/test_papers.py checks that running this
script again gives templates that render the same layout. Office staff may
edit the result in Word: the ``{{ ... }}`` and ``{%p ... %}`` tags are
docxtpl's (Jinja2), and each tag sits in one run so that Word keeps it whole.

Layout, from the guidelines:

- ``party``: Hướng dẫn 36-HD/VPTW ngày 03/4/2018 (Văn phòng Trung ương Đảng):
  the body above the issuer in capitals, the issuer in bold capitals, "*"
  beneath, then "Số ..." on the left; "ĐẢNG CỘNG SẢN VIỆT NAM" in bold
  capitals (15 pt) with a rule beneath on the right, the place and date in
  italics below it.
- ``state``: Nghị định 30/2020/NĐ-CP, Phụ lục I: the issuer with a rule
  beneath and "Số: .../..." on the left; "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
  (bold capitals 12 pt) and "Độc lập - Tự do - Hạnh phúc" (bold 13 pt, rule
  beneath) on the right, the place and date in italics below.

Both: A4, margins top 20 mm, bottom 20 mm, left 30 mm, right 15 mm; Times
New Roman; body 14 pt, justified, first line indented 1 cm; the document's
name in bold capitals, centred; "Nơi nhận:" bottom left with its list in
12 pt, the signature block bottom right.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

OUT = Path(__file__).resolve().parent.parent / "src" / "caseflow" / "templates" / "docx"
FONT = "Times New Roman"
BODY_PT = 14
WIDTH_MM = 210 - 30 - 15  # the text width between the margins


def _font(run: object, size: float, *, bold: bool = False, italic: bool = False) -> None:
    r = run  # a docx Run
    r.font.name = FONT  # type: ignore[attr-defined]
    r.font.size = Pt(size)  # type: ignore[attr-defined]
    r.font.bold = bold  # type: ignore[attr-defined]
    r.font.italic = italic  # type: ignore[attr-defined]
    fonts = r._element.get_or_add_rPr().get_or_add_rFonts()  # type: ignore[attr-defined]
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def para(
    where: object,
    text: str = "",
    *,
    size: float = BODY_PT,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    align: str = "justify",
    indent: bool = False,
    before: float = 0,
    after: float = 0,
) -> Paragraph:
    """A paragraph of one run (so that a docxtpl tag in ``text`` stays whole)."""
    p = where.add_paragraph()  # type: ignore[attr-defined]
    p.alignment = {
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
    }[align]
    f = p.paragraph_format
    f.space_before = Pt(before)
    f.space_after = Pt(after)
    f.line_spacing = 1.0
    if indent:
        f.first_line_indent = Cm(1)
    if text:
        run = p.add_run(text)
        _font(run, size, bold=bold, italic=italic)
        run.font.underline = underline
    return p


def rule_beneath(cell: object, *, inset_cm: float) -> None:
    """A solid rule under the cell's last line, about as long as the text above it.

    It is the bottom border of an empty 2 pt paragraph of its own, within
    indents, so the text above keeps the cell's whole width and never wraps.
    """
    p = para(cell, "", size=2, align="center")
    p.paragraph_format.left_indent = Cm(inset_cm)
    p.paragraph_format.right_indent = Cm(inset_cm)
    ppr = p._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)


def no_borders(table: object) -> None:
    tbl = table._tbl  # type: ignore[attr-defined]
    tblpr = tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tblpr.append(borders)


def fresh(cell: _Cell) -> _Cell:
    """The cell without the empty paragraph python-docx starts it with."""
    for p in list(cell.paragraphs):
        p._p.getparent().remove(p._p)
    return cell


def widths(table: object, mm: list[float]) -> None:
    table.autofit = False  # type: ignore[attr-defined]
    for column, w in zip(table.columns, mm, strict=True):  # type: ignore[attr-defined]
        column.width = Mm(w)  # the grid, which LibreOffice reads
    for row in table.rows:  # type: ignore[attr-defined]
        for cell, w in zip(row.cells, mm, strict=True):
            cell.width = Mm(w)


def page(doc: object) -> None:
    s = doc.sections[0]  # type: ignore[attr-defined]
    s.page_width, s.page_height = Mm(210), Mm(297)
    s.top_margin, s.bottom_margin = Mm(20), Mm(20)
    s.left_margin, s.right_margin = Mm(30), Mm(15)
    s.header_distance = s.footer_distance = Mm(10)
    normal = doc.styles["Normal"]  # type: ignore[attr-defined]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)


def header(doc: object, style: str) -> None:
    """The header block: the issuer on the left, the title (and motto) on the right."""
    table = doc.add_table(rows=1, cols=2)  # type: ignore[attr-defined]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    no_borders(table)
    left, right = (fresh(c) for c in table.rows[0].cells)
    if style == "party":
        widths(table, [70, WIDTH_MM - 70])
        para(left, "{{ parent }}", size=14, align="center")
        para(left, "{{ issuer }}", size=14, bold=True, align="center")
        para(left, "*", size=14, align="center")
        para(left, "Số {{ number }}", size=14, align="center")
        para(right, "ĐẢNG CỘNG SẢN VIỆT NAM", size=15, bold=True, align="center")
        rule_beneath(right, inset_cm=0.5)
        para(right, "", size=8)
        para(right, "{{ date_line }}", size=14, italic=True, align="right", before=6)
    else:
        widths(table, [68, WIDTH_MM - 68])
        para(left, "{{ parent }}", size=13, align="center")
        para(left, "{{ issuer }}", size=13, bold=True, align="center")
        rule_beneath(left, inset_cm=2.2)
        para(left, "Số: {{ number }}", size=13, align="center", before=6)
        para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True, align="center")
        para(right, "Độc lập - Tự do - Hạnh phúc", size=13, bold=True, align="center")
        rule_beneath(right, inset_cm=1.6)
        para(right, "{{ date_line }}", size=14, italic=True, align="center", before=6)


SUMMARIES = {
    "invitation": "Về việc dự buổi tiếp công dân ngày {{ date }}",
    "brief": "Vụ việc {{ case_id }} đưa vào buổi tiếp công dân ngày {{ session_date }}",
    "notice": "Kết luận của đồng chí {{ chair }} tại buổi tiếp công dân ngày {{ session_date }}"
    "{% if case_id %} (vụ việc {{ case_id }}){% endif %}",
    "report": "Kết quả tiếp công dân, tiếp nhận và xử lý đơn {{ period }}",
    "calendar": "Lịch tiếp công dân định kỳ năm {{ year }}",
}


def heading(doc: object, kind: str) -> None:
    """The document's name (bold capitals, centred) and its summary line (trích yếu)."""
    para(doc, "{{ title }}", size=15, bold=True, align="center", before=12)
    para(doc, SUMMARIES[kind], size=14, bold=True, align="center")
    para(doc, "-----", size=14, align="center", after=6)


def closing(doc: object) -> None:
    """'Nơi nhận:' with its list bottom left, the signature block bottom right."""
    table = doc.add_table(rows=1, cols=2)  # type: ignore[attr-defined]
    no_borders(table)
    widths(table, [80, WIDTH_MM - 80])
    left, right = (fresh(c) for c in table.rows[0].cells)
    para(left, "Nơi nhận:", size=14, underline=True, align="left", before=12)
    para(left, "{%p for r in recipients %}", size=12, align="left")
    para(left, "- {{ r }}", size=12, align="left")
    para(left, "{%p endfor %}", size=12, align="left")
    para(right, "{{ signer_authority }}", size=14, bold=True, align="center", before=12)
    para(right, "{{ signer_title }}", size=14, bold=True, align="center")
    for _ in range(4):
        para(right, "", size=14)
    para(right, "{{ signer_name }}", size=14, bold=True, align="center")


def grid(
    doc: object,
    heads: list[str],
    cells: list[str],
    loop: str,
    mm: list[float],
    total: list[str] | None = None,
    values: str = "center",
) -> None:
    """A bordered table: a heading row, one row per item of ``loop`` (``{%tr %}``), a total row."""
    table = doc.add_table(rows=5 if total else 4, cols=len(heads))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths(table, mm)
    rows = table.rows
    for cell, text in zip(rows[0].cells, heads, strict=True):
        para(fresh(cell), text, size=12, bold=True, align="center")
    para(fresh(rows[1].cells[0]), "{%tr for r in " + loop + " %}", size=12)
    for i, (cell, text) in enumerate(zip(rows[2].cells, cells, strict=True)):
        para(fresh(cell), text, size=12, align="left" if i == 0 else values)
    para(fresh(rows[3].cells[0]), "{%tr endfor %}", size=12)
    for row in (rows[1], rows[3]):
        for cell in row.cells[1:]:
            fresh(cell)
            para(cell, "", size=12)
    if total:
        for cell, text in zip(rows[4].cells, total, strict=True):
            para(fresh(cell), text, size=12, bold=True, align="center")


MODE = (
    "{% if MODE == 'online' %}Trực tuyến{% elif MODE == 'hybrid' %}Trực tiếp và trực tuyến"
    "{% else %}Trực tiếp{% endif %}"
)


def body_invitation(doc: object) -> None:
    para(doc, "Kính gửi: {{ addressee }}", align="center", after=6)
    para(
        doc,
        "Trân trọng kính mời {% if not citizen %}đại diện lãnh đạo {% endif %}{{ addressee }} "
        "đến dự buổi tiếp công dân"
        "{% if ad_hoc %} đột xuất{% endif %} của đồng chí {{ chair }}.",
        indent=True,
        after=3,
    )
    para(
        doc,
        "- Thời gian: {% if hour %}{{ hour }}, {% endif %}{{ weekday }}, ngày {{ date }}.",
        indent=True,
        after=3,
    )
    para(doc, "{%p if mode != 'online' %}", indent=True)
    para(doc, "- Địa điểm: {{ place }}.", indent=True, after=3)
    para(doc, "{%p endif %}", indent=True)
    para(doc, "{%p if mode != 'in_person' %}", indent=True)
    para(
        doc,
        "- Hình thức: " + MODE.replace("MODE", "mode") + "; tham dự trực tuyến qua đường dẫn "
        "{{ meeting_link }}{% if join %} ({{ join }}){% endif %}.",
        indent=True,
        after=3,
    )
    para(doc, "{%p endif %}", indent=True)
    para(
        doc,
        "- Nội dung: {% if citizen %}công dân trình bày, đối thoại về vụ việc"
        "{% elif concerned %}báo cáo, giải trình về các vụ việc"
        "{% else %}tham dự, tham gia ý kiến về các vụ việc{% endif %} {{ matters }}.",
        indent=True,
        after=3,
    )
    para(doc, "{%p if citizen %}", indent=True)
    para(
        doc,
        "- Khi đến, đề nghị mang theo giấy tờ tùy thân (Căn cước công dân) và các giấy tờ, "
        "tài liệu có liên quan đến vụ việc.",
        indent=True,
        after=3,
    )
    para(doc, "{%p endif %}", indent=True)
    para(doc, "{%p if contact %}", indent=True)
    para(doc, "- Liên hệ: {{ contact }}.", indent=True, after=3)
    para(doc, "{%p endif %}", indent=True)
    para(
        doc,
        "Rất mong {% if citizen %}{{ addressee }}{% else %}quý cơ quan, đơn vị{% endif %} "
        "đến dự đúng thời gian./.",
        indent=True,
        after=6,
    )


def body_brief(doc: object) -> None:
    para(doc, "Kính gửi: Đồng chí {{ chair }}", align="center", after=6)
    para(
        doc,
        "Báo cáo vụ việc {{ case_id }} ({{ kind }}) được chọn đưa vào buổi tiếp công dân "
        "ngày {{ session_date }}, như sau:",
        indent=True,
        after=6,
    )
    para(doc, "I. THÔNG TIN VỤ VIỆC", bold=True, align="left", after=3)
    grid(
        doc,
        ["Nội dung", "Thông tin"],
        ["{{ r.label }}", "{{ r.value }}"],
        "fields",
        [60, 105],
        values="left",
    )
    para(doc, "II. QUÁ TRÌNH XỬ LÝ", bold=True, align="left", before=6, after=3)
    grid(
        doc,
        ["Ngày", "Bước xử lý", "Kết quả", "Bộ phận thực hiện"],
        ["{{ r.date }}", "{{ r.step }}", "{{ r.to }}", "{{ r.actor }}"],
        "history",
        [25, 50, 45, 45],
    )
    para(doc, "III. THỜI HẠN", bold=True, align="left", before=6, after=3)
    grid(
        doc,
        ["Thời hạn", "Hạn", "Tình trạng"],
        ["{{ r.name }}", "{{ r.due }}", "{{ r.status }}"],
        "deadlines",
        [95, 30, 40],
    )
    para(doc, "IV. LÝ DO ĐƯA VÀO BUỔI TIẾP", bold=True, align="left", before=6, after=3)
    para(doc, "{{ why }}./.", indent=True, after=6)


def body_notice(doc: object) -> None:
    para(
        doc,
        "Ngày {{ session_date }}, tại {{ place }}, đồng chí {{ chair }} đã chủ trì buổi tiếp "
        "công dân{% if ad_hoc %} đột xuất{% endif %}. Sau khi nghe công dân trình bày và ý kiến "
        "của các cơ quan, đơn vị có liên quan, đồng chí {{ chair }} kết luận như sau:",
        indent=True,
        after=6,
    )
    para(doc, "{%p for r in rows %}", indent=True)
    para(doc, "{{ loop.index }}. Vụ việc {{ r.id }} ({{ r.kind }}): {{ r.summary }}.", indent=True)
    para(doc, "Kết luận: {{ r.conclusion }}.", indent=True)
    para(doc, "{%p if r.agency %}", indent=True)
    para(
        doc,
        "Giao {{ r.agency }} thực hiện, báo cáo kết quả trước ngày {{ r.agency_due }}.",
        indent=True,
    )
    para(doc, "{%p endif %}", indent=True)
    para(doc, "{%p endfor %}", indent=True)
    para(
        doc,
        "Thông báo để các cơ quan, đơn vị, cá nhân có liên quan biết, thực hiện./.",
        indent=True,
        before=6,
        after=6,
    )


def body_report(doc: object) -> None:
    para(
        doc,
        "Báo cáo kết quả tiếp công dân, tiếp nhận và xử lý đơn {{ period }} "
        "(số liệu tính đến ngày {{ as_of }}), như sau:",
        indent=True,
        after=6,
    )
    para(doc, "1. Tiếp nhận, phân loại đơn", bold=True, align="left", after=3)
    grid(
        doc,
        ["Loại đơn", "Số lượng"],
        ["{{ r.name }}", "{{ r.count }}"],
        "by_kind",
        [120, 45],
        total=["Tổng cộng", "{{ received }}"],
    )
    para(doc, "2. Buổi tiếp công dân", bold=True, align="left", before=6, after=3)
    grid(
        doc,
        ["Buổi tiếp", "Hình thức", "Số vụ việc đã tiếp"],
        ["{{ r.name }}", MODE.replace("MODE", "r.mode"), "{{ r.count }}"],
        "sessions",
        [90, 35, 40],
        total=["Tổng cộng", "{{ sessions_by_mode }}", "{{ heard }}"],
    )
    para(doc, "3. Kết quả xử lý", bold=True, align="left", before=6, after=3)
    grid(
        doc,
        ["Kết quả", "Số lượng"],
        ["{{ r.name }}", "{{ r.count }}"],
        "outcomes",
        [120, 45],
        total=["Tổng cộng", "{{ outcomes_total }}"],
    )
    para(doc, "4. Thực hiện thời hạn", bold=True, align="left", before=6, after=3)
    grid(
        doc,
        ["Thời hạn", "Đúng hạn", "Trễ hạn", "Quá hạn", "Đang trong hạn"],
        ["{{ r.name }}", "{{ r.on_time }}", "{{ r.late }}", "{{ r.overdue }}", "{{ r.running }}"],
        "timeliness",
        [65, 25, 25, 25, 25],
        total=[
            "Tổng cộng",
            "{{ total.on_time }}",
            "{{ total.late }}",
            "{{ total.overdue }}",
            "{{ total.running }}",
        ],
    )
    para(doc, "Trên đây là báo cáo {{ period }}./.", indent=True, before=6, after=6)


def body_calendar(doc: object) -> None:
    para(
        doc,
        "Thông báo lịch tiếp công dân định kỳ năm {{ year }} của đồng chí {{ chair }}, như sau:",
        indent=True,
        after=6,
    )
    grid(
        doc,
        ["STT", "Ngày", "Giờ", "Hình thức", "Ghi chú"],
        [
            "{{ r.number }}",
            "{{ r.weekday }}, {{ r.date }}",
            "{{ r.time }}",
            MODE.replace("MODE", "r.mode"),
            "{% if r.cancelled %}Không tổ chức{% elif r.moved %}Dời từ ngày {{ r.nominal }}"
            "{% endif %}",
        ],
        "rows",
        [12, 45, 20, 30, 58],
    )
    para(doc, "- Địa điểm: {{ place }}.", indent=True, before=6)
    para(doc, "- Điện thoại liên hệ: {{ contact }}.", indent=True)
    para(doc, "Trường hợp có thay đổi sẽ có giấy mời riêng./.", indent=True, after=6)


BODIES = {
    "invitation": body_invitation,
    "brief": body_brief,
    "notice": body_notice,
    "report": body_report,
    "calendar": body_calendar,
}


def build(style: str, kind: str) -> object:
    doc = Document()
    page(doc)
    header(doc, style)
    heading(doc, kind)
    BODIES[kind](doc)
    closing(doc)
    para(doc, "", size=2)  # Word wants a paragraph after the last table
    return doc


def main(out: Path = OUT) -> list[Path]:
    written = []
    for style in ("party", "state"):
        folder = out / style
        folder.mkdir(parents=True, exist_ok=True)
        for kind in BODIES:
            path = folder / f"{kind}.docx"
            build(style, kind).save(str(path))  # type: ignore[attr-defined]
            written.append(path)
    return written


if __name__ == "__main__":
    for path in main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT):
        print(path)

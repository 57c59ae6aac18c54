"""The register of citizen reception (sổ tiếp công dân) as a spreadsheet.

This module owns ``reception_register``: one row per reception (a case
received), with the columns an office keeps in its register (Thông tư
04/2021/TT-TTCP): the number, the date, the citizen or group, their
address, the content, the kind, the handling (where the case stands) and
the outcome (the conclusion, the agency it was directed to and its due
date). Column headings are the workflow's own field and heading labels;
values are shown by their labels and dates as dd/mm/yyyy. A confidential
column (the citizen, the address) is there only when the register is for a
role among that field's readers: for anyone else it is left out, not
filled with marks. Written with openpyxl.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from caseflow.case import Case
from caseflow.render.documents.labels import HEADINGS, value_text
from caseflow.render.papers.contexts import date_text
from caseflow.sessions import RECEPTION, Bindings, WorkflowLike, may_read, visible_data

__all__ = ["REGISTER_COLUMNS", "reception_register", "write_register"]

REGISTER_COLUMNS: tuple[str, ...] = (
    "registered_on",
    "petitioner_name",
    "petitioner_address",
    "summary",
    "kind",
    "@state",
    "outcome",
)
"""The register's columns after the number: field names, and ``@state`` for the handling."""


def reception_register(
    wf: WorkflowLike,
    cases: Iterable[Case],
    *,
    for_role: str | None = None,
    columns: Sequence[str] = REGISTER_COLUMNS,
    bindings: Bindings = RECEPTION,
) -> bytes:
    """The register as .xlsx bytes: one row per case, in the order given.

    A column naming a confidential field appears only when ``for_role``
    reads that field; ``@state`` is the case's state (its handling).
    """
    spec = wf.spec
    fields = {f.name: f for f in spec.fields}
    shown_columns = [
        c for c in columns if c == "@state" or (c in fields and may_read(fields[c], for_role))
    ]

    def heading(column: str) -> str:
        if column == "@state":
            return HEADINGS["status"].get("vi")
        label = fields[column].label
        return label.get("vi") if label else column

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has its sheet
    title = spec.title.get("vi") if spec.title else spec.name
    sheet.title = "So tiep cong dan"
    sheet.append([title.upper()])
    sheet.append([])
    heads = ["STT", *(heading(c) for c in shown_columns)]
    sheet.append(heads)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    for number, case in enumerate(cases, start=1):
        shown = visible_data(wf, case, for_role=for_role, lang="vi")
        row: list[object] = [number]
        for column in shown_columns:
            if column == "@state":
                row.append(wf.label(case.state, "vi"))
                continue
            value = shown.get(column)
            field = fields[column]
            if column == bindings.outcome and value is not None:
                text = value_text(value, lang="vi")
                agency = shown.get(bindings.agency)
                due = shown.get(bindings.agency_due)
                if agency:
                    text += f": {agency}"
                    if due:
                        text += f" ({date_text(due)})"
                row.append(text)
            elif field.type == "date":
                row.append(date_text(value) if value else "")
            else:
                row.append(value_text(value, lang="vi") if value is not None else "")
        sheet.append(row)
    for r in sheet.iter_rows(min_row=3):
        for cell in r:
            cell.font = Font(name="Times New Roman", size=12, bold=cell.row == 3)
            cell.border = box
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet["A1"].font = Font(name="Times New Roman", size=14, bold=True)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(heads))
    sheet["A1"].alignment = Alignment(horizontal="center")
    for i, head in enumerate(heads, start=1):
        wide = 6 if i == 1 else 40 if head in (heading("summary"),) else 22
        sheet.column_dimensions[get_column_letter(i)].width = wide
    sheet.freeze_panes = "B4"
    sheet.print_title_rows = "3:3"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_register(data: bytes, folder: str | Path, name: str = "so-tiep-cong-dan") -> Path:
    """Write the register's bytes as ``NAME.xlsx`` in ``folder``; return the path."""
    path = Path(folder) / f"{name}.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path

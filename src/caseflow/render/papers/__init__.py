"""Papers an office signs and files: DOCX in the Party's or the State's format.

This package owns the papers of a reception as Word files, laid out as
Hướng dẫn 36-HD/VPTW (Party) or Nghị định 30/2020/NĐ-CP, Phụ lục I (State)
require, from docxtpl templates that office staff can edit in Word: one
invitation letter per invitee, the brief on each case, the conclusion
notices, the periodic report and the published session calendar. What a
paper shows of its issuer, number, signer and recipients comes from the
workflow's ``documents:`` section; its number comes from a register (the
store's). Markdown and HTML previews stay ``caseflow.render.documents``'.

- ``formats``: the number line, the date line, dates and times as papers write them
- ``docx``: ``Paper``, ``render_paper``: template, number, redaction, docxtpl
- ``contexts``: what each kind of paper says
- ``reception_register``: the register of citizen reception as a spreadsheet (openpyxl)
"""

from caseflow.render.papers.contexts import (
    brief_paper,
    calendar_paper,
    invitation_papers,
    notice_papers,
    report_paper,
    session_mode,
)
from caseflow.render.papers.docx import SHIPPED, Numbers, Paper, render_paper, template_for
from caseflow.render.papers.formats import body_date, clock_text, date_line, number_text
from caseflow.render.papers.reception_register import (
    REGISTER_COLUMNS,
    reception_register,
    write_register,
)

__all__ = [
    "REGISTER_COLUMNS",
    "SHIPPED",
    "Numbers",
    "Paper",
    "body_date",
    "brief_paper",
    "calendar_paper",
    "clock_text",
    "date_line",
    "invitation_papers",
    "notice_papers",
    "number_text",
    "reception_register",
    "render_paper",
    "report_paper",
    "session_mode",
    "template_for",
    "write_register",
]

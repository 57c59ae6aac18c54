"""The documents of a reception month, in Markdown and HTML, from Jinja2 templates.

This package owns turning sessions, dockets and cases into the papers an
office sends: the year's session calendar, the docket with its reasons, the
brief on a case (báo cáo vụ việc), the invitation list (giấy mời), the
conclusion notice (thông báo kết luận) and the periodic report upward
(báo cáo định kỳ). Each is a ``Document`` holding both renderings. Its
modules, in the order data flows through them:

- ``labels``: the words documents print (bilingual ``HEADINGS``,
  ``VALUE_LABELS``, weekdays) and values in words.
- ``templating``: ``Document``, the strict Jinja2 environments (Markdown
  escaped, HTML autoescaped) and rendering, with the second redaction pass
  over the rendered text.
- ``views``: pieces several documents share (a session, a deadline, a
  case's line), case data read through ``sessions.visible_data``.
- ``papers``: the session documents (calendar, docket, brief, invitations,
  conclusion notice).
- ``report``: the periodic report.

It sits in layer 7 with the rest of ``caseflow.render``: it reads
``sessions`` (choosing cases, counting and redacting are that package's
work) and the layers below, and never imports ``workflow`` or ``cli``.

The names below are the package's interface; ``from caseflow.render.documents
import X`` is the way to reach them.
"""

from caseflow.render.documents.labels import HEADINGS, VALUE_LABELS
from caseflow.render.documents.papers import (
    case_brief,
    conclusion_notice,
    docket_document,
    invitation_document,
    session_calendar,
)
from caseflow.render.documents.report import periodic_report
from caseflow.render.documents.templating import TEMPLATES, Document

__all__ = [
    "HEADINGS",
    "TEMPLATES",
    "VALUE_LABELS",
    "Document",
    "case_brief",
    "conclusion_notice",
    "docket_document",
    "invitation_document",
    "periodic_report",
    "session_calendar",
]

"""How the demo tells its month: numbered sections in English or Vietnamese, and what stages share.

This module owns the printed story (``Story``: numbered sections, indented
lines, the words in either language, the Vietnamese names of weekdays,
session statuses and values) and ``Month``, the month being told: the
workflow, the cases, the documents and the refused steps the stages build
up, and the seams where a store saves the cases and reveals them. What happens in each stage
is ``preparation``'s, ``hearings``' and ``reporting``'s; the sample data is
``samples``'; running the stages in order is ``month``'s.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Final

from caseflow.case import Case
from caseflow.render.documents import Document
from caseflow.render.papers import Numbers, Paper
from caseflow.workflow import Workflow

__all__ = [
    "SESSION_STATUS_VI",
    "VALUES_VI",
    "WEEKDAYS_VI",
    "Month",
    "Reveal",
    "Story",
    "recipients",
]

Reveal = Callable[[Sequence[Case], str, str, dt.datetime], list[Case]]
"""The seam where a store reveals cases to a role: (cases, role, reason, when) -> cases."""


class Story:
    """The demo's printed story: numbered sections of indented lines, in one language."""

    def __init__(self, echo: Callable[[str], None], lang: str) -> None:
        self.echo = echo
        self.lang = lang
        self.section = 0

    def head(self, en: str, vi: str) -> None:
        self.section += 1
        self.echo("")
        self.echo(f"{self.section}. {vi if self.lang == 'vi' else en}")

    def say(self, text: str = "") -> None:
        self.echo(f"   {text}" if text else "")

    def words(self, en: str, vi: str) -> str:
        return vi if self.lang == "vi" else en


class Month:
    """The month being told: its workflow and story, and the cases, documents and refusals so far.

    ``papers`` are the DOCX papers, numbered by ``numbers`` (the store's
    register; ``None``: drafts without numbers). ``save`` is called with
    every case ``keep`` is given: the seam where
    ``--db`` connects a case store (``None``: nothing is kept). ``reveal``
    loads cases back from that store with their confidential values, each
    load recorded in its audit table (``revealed``).
    """

    def __init__(
        self,
        wf: Workflow,
        story: Story,
        save: Callable[[Case], None] | None = None,
        reveal: Reveal | None = None,
        numbers: Numbers | None = None,
    ) -> None:
        docket = wf.spec.docket
        assert docket is not None
        self.wf = wf
        self.docket = docket
        self.story = story
        self.lang = story.lang
        self.save = save
        self.reveal = reveal
        self.cases: list[Case] = []
        self.documents: list[Document] = []
        self.papers: list[Paper] = []
        self.numbers = numbers
        self.refusals: list[str] = []

    def keep(self, cases: Sequence[Case] | None = None) -> None:
        """Save ``cases`` (default: every case of the month) through ``save``."""
        if self.save is not None:
            for case in self.cases if cases is None else cases:
                self.save(case)

    def revealed(
        self, cases: Sequence[Case], *, role: str, reason: str, when: dt.datetime
    ) -> list[Case]:
        """``cases`` with the confidential values ``role`` may read, each reveal audited.

        With a store, every case is saved, then loaded back through the
        store's audited ``Reveal`` (``store.audit`` shows who saw what, and
        why); without one, nothing is kept and the cases are as they are.
        """
        if self.reveal is None:
            return list(cases)
        self.keep(cases)
        return self.reveal(cases, role, reason, when)


WEEKDAYS_VI: Final = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")
SESSION_STATUS_VI: Final = {
    "held": "tổ chức",
    "moved": "dời ngày",
    "cancelled": "hủy",
    "skipped": "không có phiên",
}

VALUES_VI: Final = {
    "pending": "còn hạn",
    "overdue": "quá hạn",
    "directed_to_agency": "giao cơ quan chức năng giải quyết",
    "explained": "giải thích, hướng dẫn, kết thúc",
    "continued": "tiếp tục xem xét",
}


def recipients(wf: Workflow, kind: str) -> tuple[str, ...]:
    """The "Nơi nhận" of papers of ``kind``, as the workflow's ``documents:`` section lists them."""
    docs = wf.spec.documents
    found = docs.kind(kind) if docs is not None else None
    return found.recipients if found is not None else ()

"""The month's documents: every template renders, nothing confidential leaks, values are escaped."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import jinja2
import pytest

import caseflow
from caseflow.errors import InputError
from caseflow.render.documents import (
    TEMPLATES,
    Document,
    case_brief,
    conclusion_notice,
    docket_document,
    invitation_document,
    periodic_report,
    session_calendar,
)
from caseflow.render.documents import templating as documents
from caseflow.sessions import (
    DocketSelection,
    Session,
    ad_hoc_session,
    plan_sessions,
    record_conclusion,
    select_docket,
)
from caseflow.workflow import Workflow
from tests.test_sessions import MARCH, READERS, SELECT_AT, SPEC, at, petition

COMPLAINANT = "Qwzxa Complainant"
DENOUNCER = "Vyqxo Denouncer"
PLANTED = {
    "complaint": {
        "petitioner_name": COMPLAINANT,
        "petitioner_address": "77 Zzqstreet, Phường 2",
        "petitioner_phone": "0900111222",
        "petitioner_id_number": "084099000111",
    },
    "denunciation": {
        "petitioner_name": DENOUNCER,
        "petitioner_address": "12 Xqvlane, Phường 7",
        "petitioner_phone": "0900333444",
        "petitioner_id_number": "084099000222",
    },
}
SECRETS = [value for fields in PLANTED.values() for value in fields.values()]
ROLES = [r.name for r in SPEC.roles]
OTHER_ROLES = [None, *(r for r in ROLES if r not in READERS)]


class Month:
    """A month of the reception with planted identities: selection, session, conclusions."""

    def __init__(self) -> None:
        self.wf = Workflow(SPEC)
        wf = self.wf
        self.complaint = petition(
            wf,
            "TV-1",
            "2026-03-02",
            kind="complaint",
            contested_earlier_handling=True,
            ward="Phường 2",
            **PLANTED["complaint"],
        )
        self.denunciation = petition(
            wf,
            "TV-2",
            "2026-03-03",
            kind="denunciation",
            involves_cadre=True,
            ward="Phường 7",
            # A clerk typed the denouncer's name into the summary: it must not leak either.
            summary=f"Tố cáo cán bộ địa chính (người tố cáo: {DENOUNCER})",
            **PLANTED["denunciation"],
        )
        self.odd = petition(
            wf,
            "TV-3",
            "2026-03-04",
            kind="report",
            summary="<script>alert('x')</script> | cột *đậm* _nghiêng_",
            petitioner_name="Ordinary Person",
        )
        self.waiting = petition(wf, "TV-4", "2026-03-05", kind="recommendation")
        self.cases = [self.complaint, self.denunciation, self.odd, self.waiting]
        self.selection: DocketSelection = select_docket(
            wf, MARCH, self.cases, at=SELECT_AT, capacity=3, role="internal_affairs_group"
        )
        for case in self.cases[:3]:
            wf.fire(case, "brief", at=at("2026-03-09"), data={"invitation_sent_on": "2026-03-09"})
            wf.fire(case, "hear", at=at("2026-03-17"))
        record_conclusion(
            wf,
            self.complaint,
            "directed_to_agency",
            at=at("2026-03-19"),
            conclusion=f"Giao Phòng TN&MT trả lời ông {COMPLAINANT}",
            agency="Phòng Tài nguyên và Môi trường",
            agency_due="2026-04-18",
        )
        record_conclusion(
            wf, self.denunciation, "continued", at=at("2026-03-19"), conclusion="Xác minh"
        )
        record_conclusion(wf, self.odd, "explained", at=at("2026-03-19"), conclusion="Đã đúng")
        self.sessions: list[Session] = plan_sessions(wf, 2026, chair="Bí thư Thành ủy")
        self.extra = ad_hoc_session("2026-03-26", reason="tố cáo khẩn", chair="Bí thư Thành ủy")

    def render_all(self, for_role: str | None, lang: str) -> list[Document]:
        wf, now = self.wf, at("2026-04-01")
        docs = [
            session_calendar(wf, self.sessions, year=2026, lang=lang),
            docket_document(
                wf, self.selection, self.cases, now=SELECT_AT, for_role=for_role, lang=lang
            ),
            invitation_document(wf, MARCH, self.cases, for_role=for_role, lang=lang),
            conclusion_notice(
                wf, MARCH, self.cases, for_role=for_role, lang=lang, recipients=["Lưu VP"]
            ),
            periodic_report(wf, self.cases, "2026-03", now=now, for_role=for_role, lang=lang),
            periodic_report(
                wf,
                self.cases,
                "2026-Q1",
                now=now,
                sessions=[self.extra],
                for_role=for_role,
                lang=lang,
            ),
        ]
        docs += [
            case_brief(
                wf, case, session=MARCH, now=now, for_role=for_role, lang=lang, why="ưu tiên"
            )
            for case in self.cases
        ]
        return docs


@pytest.fixture(scope="module")
def month() -> Month:
    return Month()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_document_renders_in_markdown_and_html(month: Month, lang: str) -> None:
    """Each document has a bilingual title, a Markdown heading and a whole HTML page."""
    for doc in month.render_all(None, lang):
        assert doc.markdown.startswith(f"# {doc.title.vi} / {doc.title.en}\n")
        assert doc.html.startswith("<!DOCTYPE html>")
        assert f'<html lang="{lang}">' in doc.html
        assert doc.html.rstrip().endswith("</html>")
        assert doc.lang == lang


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("role", OTHER_ROLES)
def test_no_document_shows_a_confidential_value_to_a_role_that_may_not_read_it(
    month: Month, role: str | None, lang: str
) -> None:
    """The planted identities, a denouncer's above all, appear in no rendering for other roles."""
    for doc in month.render_all(role, lang):
        for text in (doc.markdown, doc.html):
            for secret in SECRETS:
                assert secret not in text, (doc.name, secret)
            assert "Ordinary Person" not in text


def test_the_documents_written_to_disk_leak_nothing(month: Month, tmp_path: Path) -> None:
    """Grepping every written file for the planted values finds none of them."""
    for role in OTHER_ROLES:
        for doc in month.render_all(role, "vi"):
            doc.write(tmp_path)
    files = sorted(tmp_path.iterdir())
    assert len(files) == 2 * 10 * len(OTHER_ROLES) - 2 * (len(OTHER_ROLES) - 1)
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert not any(secret in text for secret in SECRETS), path.name


def test_a_reader_sees_identities_only_in_documents_for_its_role(month: Month) -> None:
    """The invitation list for the internal-affairs group names the citizens, and warns."""
    (reader,) = READERS
    doc = invitation_document(month.wf, MARCH, month.cases, for_role=reader, lang="en")
    assert COMPLAINANT in doc.markdown
    assert DENOUNCER in doc.html
    assert "Contains confidential information: for authorised readers only." in doc.markdown
    general = invitation_document(month.wf, MARCH, month.cases, lang="en")
    assert "Petitioner's name: \\[confidential\\]" in general.markdown
    assert "Petitioner&#39;s name: [confidential]" in general.html
    assert "Confidential information about petitioners is redacted." in general.markdown


def test_a_name_typed_into_free_text_is_redacted_too(month: Month) -> None:
    """The summary and the conclusion that name a petitioner show the mark in their place."""
    docket = docket_document(month.wf, month.selection, month.cases, now=SELECT_AT, lang="vi")
    assert "người tố cáo: [bảo mật]" in docket.markdown
    notice = conclusion_notice(month.wf, MARCH, month.cases, lang="en")
    assert "trả lời ông [confidential]" in notice.html


def test_html_escapes_and_markdown_escapes_what_would_break_the_page(month: Month) -> None:
    """A script tag is inert in HTML; a pipe cannot split a Markdown table cell."""
    doc = docket_document(month.wf, month.selection, month.cases, now=SELECT_AT, lang="en")
    assert "<script>" not in doc.html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in doc.html
    assert "<script>" not in doc.markdown
    (row,) = [line for line in doc.markdown.splitlines() if line.startswith("| 3 | TV-3 |")]
    assert "\\| cột \\*đậm\\* \\_nghiêng\\_" in row
    assert row.replace("\\|", "").count("|") == 7


def test_a_misspelt_name_in_a_template_fails_loudly() -> None:
    """Both environments are strict: an undefined name raises instead of printing nothing."""
    for kind in ("md", "html"):
        env = documents._environment(kind)
        with pytest.raises(jinja2.UndefinedError):
            env.from_string("{{ sesion.date }}").render(session={})
    assert documents._environment("html").autoescape is True
    assert documents._environment("md").autoescape is False


def test_every_document_template_comes_in_both_formats() -> None:
    """For each NAME.md.j2 there is a NAME.html.j2, and the reverse."""
    md = {p.name.removesuffix(".md.j2") for p in TEMPLATES.glob("[!_]*.md.j2")}
    html = {p.name.removesuffix(".html.j2") for p in TEMPLATES.glob("[!_]*.html.j2")} - {"base"}
    assert md == html
    assert {"calendar", "docket", "brief", "invitations", "notice", "report"} <= md


def test_a_document_writes_its_two_renderings(month: Month, tmp_path: Path) -> None:
    """write() puts NAME.md and NAME.html in the folder, creating it."""
    doc = session_calendar(month.wf, month.sessions, year=2026, lang="vi")
    md, html = doc.write(tmp_path / "out")
    assert (md.name, html.name) == ("calendar-2026.md", "calendar-2026.html")
    assert md.read_text(encoding="utf-8") == doc.markdown
    assert html.read_text(encoding="utf-8") == doc.html


def test_the_calendar_explains_the_tet_move(month: Month) -> None:
    """The February row gives both dates and the reason."""
    doc = session_calendar(month.wf, month.sessions, year=2026, lang="vi")
    (row,) = [line for line in doc.markdown.splitlines() if line.startswith("| 24/02/2026")]
    assert "17/02/2026" in row
    assert "Dời ngày" in row
    assert "Tết" in row


def test_the_docket_shows_reasons_brief_due_dates_and_who_waits(month: Month) -> None:
    """Chosen cases with why and the brief's due date; the case not reached with its wait."""
    doc = docket_document(month.wf, month.selection, month.cases, now=SELECT_AT, lang="en")
    text = doc.markdown
    assert "## Vụ việc được chọn / Cases on the docket (3/3)" in text
    assert (
        "priority: contested earlier handling (Kế hoạch, mục II.1); registered 2026-03-02" in text
    )
    assert "2026-03-10 (Pending)" in text
    assert "TV-4 (Recommendation): capacity 3 reached; rank 4/4" in text
    assert "waits for the session of 2026-04-21" in text


def test_the_brief_lists_particulars_history_and_deadlines(month: Month) -> None:
    """A case brief for the secretary: fields (redacted), every step, every deadline explained."""
    doc = case_brief(
        month.wf,
        month.complaint,
        session=MARCH,
        now=at("2026-03-18"),
        for_role="secretary",
        lang="en",
    )
    assert "- Petitioner's name: \\[confidential\\]" in doc.markdown
    assert "- Kind of petition: Complaint" in doc.markdown
    assert "| select | Screened → Selected for a session |" in doc.markdown
    assert "Brief: due Tue 2026-03-10 (met on 2026-03-09)" in doc.markdown


def test_the_conclusion_notice_gives_outcomes_agencies_and_due_dates(month: Month) -> None:
    """Directed, continued and explained cases, with the agency, its due date and the distribution."""
    doc = conclusion_notice(month.wf, MARCH, month.cases, lang="vi", recipients=["Lưu VP"])
    text = doc.markdown
    assert text.count("\n### TV-") == 3
    assert "- Hướng xử lý: Chỉ đạo cơ quan chức năng giải quyết" in text
    assert (
        "- Cơ quan giải quyết: Phòng Tài nguyên và Môi trường; Hạn giải quyết, báo cáo: 18/04/2026"
        in text
    )
    assert "- Hướng xử lý: Tiếp tục xem xét" in text
    assert "- Kết luận: Xác minh" in text
    assert "## Nơi nhận / Distribution" in text


def test_the_report_has_bilingual_headings_and_rolls_up_months(month: Month) -> None:
    """The month's report has no month table; the quarter's has one row per month."""
    monthly = periodic_report(month.wf, month.cases, "2026-03", now=at("2026-04-01"), lang="en")
    assert "## Việc bảo đảm thời hạn / Timeliness" in monthly.markdown
    assert "| Cases received |" not in monthly.markdown
    assert "- Cases received: 4" in monthly.markdown
    assert "| Directed to the competent agency | 1 |" in monthly.markdown
    quarter = periodic_report(month.wf, month.cases, "2026-Q1", now=at("2026-04-01"), lang="vi")
    assert quarter.title.vi == "Báo cáo định kỳ quý I/2026"
    assert "| tháng 3/2026 | 4 | 3 | 2 | 0 |" in quarter.markdown
    assert "<th>Tổng cộng</th>" in quarter.html


def test_an_unknown_language_or_role_is_refused(month: Month) -> None:
    """lang must be vi or en; a role must be one the workflow declares."""
    with pytest.raises(InputError, match="lang='fr'"):
        session_calendar(month.wf, month.sessions, year=2026, lang="fr")
    with pytest.raises(InputError, match="unknown role 'clerk'"):
        invitation_document(month.wf, MARCH, month.cases, for_role="clerk")


def test_documents_use_the_time_given_not_the_clock(month: Month) -> None:
    """The same inputs render the same text (no hidden 'today')."""
    one = periodic_report(month.wf, month.cases, "2026", now=dt.datetime(2027, 1, 5), lang="en")
    two = periodic_report(month.wf, month.cases, "2026", now="2027-01-05T00:00", lang="en")
    assert one.markdown == two.markdown
    assert isinstance(caseflow.Case, type)

"""Ad-hoc sessions on a day off: accepted, with a warning that names the day off."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

import caseflow
from caseflow.sessions import ad_hoc_session, select_docket, session_of
from tests.test_sessions import at, petition, workflow

VN = caseflow.calendar("VN")


def test_an_ad_hoc_session_on_tet_is_accepted_with_a_warning() -> None:
    """Regression: ad_hoc_session on Tết (17/02/2026) was accepted without a word."""
    session = ad_hoc_session("2026-02-17", reason="tố cáo khẩn", calendar=VN)
    assert session.status == "held"
    assert session.date == dt.date(2026, 2, 17)
    assert session.warnings == (
        "2026-02-17 is a day off (holiday: Tết Nguyên Đán / Lunar New Year) in calendar 'VN'; "
        "the ad-hoc session is held on it anyway",
    )


@pytest.mark.parametrize(
    ("day", "named"),
    [
        ("2026-04-30", "Ngày Chiến thắng"),  # Reunification Day
        ("2026-04-27", "Giỗ Tổ Hùng Vương"),  # Hùng Kings' day
        ("2026-08-31", "2026-08-31 is a day off"),  # swapped day off before 2/9
        ("2026-03-28", "Thứ Bảy / Saturday"),  # an ordinary weekend
    ],
)
def test_every_kind_of_day_off_is_named(day: str, named: str) -> None:
    """Holidays, swapped days off and weekends each warn, naming the day off."""
    (warning,) = ad_hoc_session(day, reason="x", calendar=VN).warnings
    assert warning.startswith(f"{day} is a day off (")
    assert named in warning


def test_a_make_up_saturday_is_a_working_day() -> None:
    """Saturday 10/01/2026 is a make-up working day: no warning."""
    assert ad_hoc_session("2026-01-10", reason="x", calendar=VN).warnings == ()


@given(st.dates(dt.date(2024, 1, 1), dt.date(2026, 12, 31)))
def test_a_warning_exactly_when_the_calendar_has_the_day_off(day: dt.date) -> None:
    """Never refused; one warning on a day off, none on a working day."""
    session = ad_hoc_session(day, reason="x", calendar=VN)
    assert session.takes_place
    assert len(session.warnings) == (0 if VN.is_working_day(day) else 1)


def test_without_a_calendar_nothing_is_checked() -> None:
    """Called as before (no calendar), the session is the same as it was."""
    session = ad_hoc_session("2026-02-17", reason="x")
    assert (session.warnings, session.provisional) == ((), False)


def test_the_session_a_case_is_on_warns_about_a_day_off() -> None:
    """A case put on an ad-hoc session on Thursday of Tết: session_of carries the same warning."""
    wf = workflow()
    case = petition(wf, "TV-1", "2026-02-02")
    tet = ad_hoc_session("2026-02-19", reason="x", calendar=wf.calendar)
    select_docket(wf, tet, [case], at=at("2026-02-05"))
    found = session_of(wf, case)
    assert found is not None
    assert found.kind == "ad_hoc"
    assert found.warnings == tet.warnings != ()

"""Reporting periods: every month, quarter, half and year, named in both languages and reported on."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caseflow.render.documents import periodic_report
from caseflow.sessions import Period
from tests.test_sessions import at, petition, workflow

MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
LAST_DAY_2026 = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

# (written, first day, last day, English label, Vietnamese label): each worked out by hand.
PERIODS_2026 = [
    *(
        (
            f"2026-{m:02d}",
            dt.date(2026, m, 1),
            dt.date(2026, m, LAST_DAY_2026[m - 1]),
            f"{MONTHS_EN[m - 1]} 2026",
            f"tháng {m}/2026",
        )
        for m in range(1, 13)
    ),
    ("2026-Q1", dt.date(2026, 1, 1), dt.date(2026, 3, 31), "Q1 2026", "quý I/2026"),
    ("2026-Q2", dt.date(2026, 4, 1), dt.date(2026, 6, 30), "Q2 2026", "quý II/2026"),
    ("2026-Q3", dt.date(2026, 7, 1), dt.date(2026, 9, 30), "Q3 2026", "quý III/2026"),
    ("2026-Q4", dt.date(2026, 10, 1), dt.date(2026, 12, 31), "Q4 2026", "quý IV/2026"),
    (
        "2026-H1",
        dt.date(2026, 1, 1),
        dt.date(2026, 6, 30),
        "first half of 2026",
        "6 tháng đầu năm 2026",
    ),
    (
        "2026-H2",
        dt.date(2026, 7, 1),
        dt.date(2026, 12, 31),
        "second half of 2026",
        "6 tháng cuối năm 2026",
    ),
    ("2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31), "2026", "năm 2026"),
]
WRITTEN = [p[0] for p in PERIODS_2026]


@pytest.mark.parametrize(("text", "first", "last", "en", "vi"), PERIODS_2026)
def test_every_period_of_a_year_has_its_days_and_names(
    text: str, first: dt.date, last: dt.date, en: str, vi: str
) -> None:
    """Each month, quarter, half and the year: first and last days, English and Vietnamese names."""
    period = Period.parse(text)
    assert (period.start, period.end) == (first, last)
    assert (period.label("en"), period.label("vi")) == (en, vi)
    assert str(period) == text


def test_may_to_december_are_named_in_english() -> None:
    """Regression: label("en") of May-December raised IndexError from the quarters' numerals."""
    assert [Period("month", 2026, m).label("en") for m in range(5, 13)] == [
        f"{name} 2026" for name in MONTHS_EN[4:]
    ]


def test_the_year_h1_and_q2_to_q4_are_named_in_vietnamese() -> None:
    """Regression: label("vi") of the year, H1 and Q2-Q4 (whose months are past April) raised."""
    assert Period.parse("2026").label("vi") == "năm 2026"
    assert Period.parse("2026-H1").label("vi") == "6 tháng đầu năm 2026"
    assert [Period("quarter", 2026, q).label("vi") for q in (2, 3, 4)] == [
        "quý II/2026",
        "quý III/2026",
        "quý IV/2026",
    ]


def test_the_may_report_in_english_renders() -> None:
    """Regression: periodic_report(wf, [], "2026-05", lang="en") raised IndexError."""
    doc = periodic_report(workflow(), [], "2026-05", now=at("2026-06-01"), lang="en")
    assert doc.title.en == "Periodic report: May 2026"
    assert doc.title.vi == "Báo cáo định kỳ tháng 5/2026"


@pytest.fixture(scope="module")
def year_of_cases() -> tuple[Any, list[Any]]:
    """One petition registered on the 10th of each month of 2026."""
    wf = workflow()
    cases = [petition(wf, f"TV-{m}", f"2026-{m:02d}-10") for m in range(1, 13)]
    return wf, cases


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("text", WRITTEN)
def test_the_report_renders_for_every_period_in_both_languages(
    year_of_cases: tuple[Any, list[Any]], text: str, lang: str
) -> None:
    """All 12 months, the quarters, the halves and the year render, with one row per month."""
    wf, cases = year_of_cases
    period = Period.parse(text)
    doc = periodic_report(wf, cases, text, now=at("2027-01-05"), lang=lang)
    assert doc.title.vi.endswith(period.label("vi"))
    assert doc.title.en.endswith(period.label("en"))
    assert doc.name == f"report-{text}"
    months = period.month_periods()
    assert f": {len(months)}\n" in doc.markdown  # one case received a month
    if len(months) > 1:
        for month in months:
            assert f"| {month.label(lang)} | 1 |" in doc.markdown
    else:
        assert f"| {period.label(lang)} |" not in doc.markdown


@given(st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)))
def test_every_day_is_in_exactly_one_month_quarter_and_half(day: dt.date) -> None:
    """A year is tiled by its months, by its quarters and by its halves: each day in one of each."""
    for kind, count in (("month", 12), ("quarter", 4), ("half", 2), ("year", 1)):
        holding = [n for n in range(1, count + 1) if day in Period(kind, day.year, n)]
        assert len(holding) == 1, (kind, holding)
        (number,) = holding
        period = Period(kind, day.year, number)
        assert day.month in period.months
        assert period.start <= day <= period.end


def test_an_instant_is_no_day_of_a_period() -> None:
    """`in` takes a day; an instant must first be turned into its day in the workflow's zone."""
    with pytest.raises(TypeError, match="instant"):
        _ = dt.datetime(2026, 3, 1, 12) in Period.parse("2026-03")
    assert "2026-03-01" not in Period.parse("2026-03")

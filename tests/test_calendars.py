"""The working calendar: the official schedules, the day arithmetic, the YAML format."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from datetime import date, datetime, timedelta
from pathlib import Path

import holidays
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caseflow.calendars import (
    BUILTIN_CALENDARS,
    DAY_OFF_KINDS,
    DayOff,
    WorkingCalendar,
    calendar,
    load_calendar,
)
from caseflow.errors import CaseflowError, DefinitionError, InputError
from tests.strategies_calendar import (
    COUNTS,
    POSITIVE_COUNTS,
    VN_DATES,
    WINDOW_DATES,
    DrawnCalendar,
    naive_add,
    user_calendars,
)

CALENDARS_DIR = Path(__file__).parent.parent / "src" / "caseflow" / "workflows" / "calendars"

# The example counts come from the profile (conftest.py: "fast" locally, "ci"
# in CI). The first examples build year tables (a few ms a year, the holidays
# package included), so no per-example deadline; random user calendars load a
# file per example, so they run half as many.
PROPERTY = settings(deadline=None)
USER_PROPERTY = settings(
    max_examples=max(10, settings.default.max_examples // 2),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def vn() -> WorkingCalendar:
    return calendar("VN")


# -- the official schedules -------------------------------------------------------

# domain.md, "Working days in the Vietnamese public sector", copied as written.
OFFICIAL = {
    2024: ("1/1; 8, 9, 12, 13, 14/2; 18/4; 29, 30/4; 1/5; 2, 3/9", "4/5"),
    2025: ("1/1; 27-31/1; 7/4; 30/4; 1, 2/5; 1, 2/9", "26/4"),
    2026: ("1, 2/1; 16-20/2; 27/4; 30/4; 1/5; 31/8; 1, 2/9", "10/1, 22/8"),
}


def _table_days(year: int, text: str) -> set[date]:
    """Read '8, 9, 12/2; 27-31/1' as dates: a day list ends with its /month."""
    days: set[date] = set()
    pending: list[str] = []
    for token in re.split(r"[;,]", text):
        token = token.strip()
        if "/" not in token:
            pending.append(token)
            continue
        day_part, month = token.split("/")
        for part in [*pending, day_part]:
            first, _, last = part.partition("-")
            for day in range(int(first), int(last or first) + 1):
                days.add(date(year, int(month), day))
        pending = []
    assert not pending, text
    return days


def test_official_schedules_agree_day_by_day(vn: WorkingCalendar) -> None:
    """Every day of 2024-2026 is working or off exactly as the official table says."""
    wrong = []
    checked = 0
    for year, (weekdays_off, make_up) in OFFICIAL.items():
        off, saturdays = _table_days(year, weekdays_off), _table_days(year, make_up)
        assert all(d.weekday() < 5 for d in off)
        assert all(d.weekday() == 5 for d in saturdays)
        day = date(year, 1, 1)
        while day.year == year:
            expected = (day.weekday() < 5 and day not in off) or day in saturdays
            if vn.is_working_day(day) != expected:
                wrong.append(vn.day_info(day).explain())
            checked += 1
            day += timedelta(days=1)
    assert checked == 1096
    assert wrong == []


def test_official_years_are_not_provisional(vn: WorkingCalendar) -> None:
    """2024-2026 are official; other years are provisional, and day records say so."""
    assert vn.official_years == frozenset({2024, 2025, 2026})
    assert not vn.is_provisional("2026-02-17")
    assert vn.is_provisional("2027-02-08")
    assert vn.is_provisional(date(2023, 12, 31))
    assert vn.days_off("2026-02-17", "2026-02-17")[0].provisional is False
    assert vn.days_off("2027-01-01", "2027-01-01")[0].provisional is True
    assert "Provisional: 2027" in vn.day_info("2027-01-01").explain()


def test_tet_2026_is_skipped(vn: WorkingCalendar) -> None:
    """Tết 2026 (16-20 February) is skipped: 10 working days after 10/02 is 03/03."""
    assert vn.add_working_days("2026-02-10", 10) == date(2026, 3, 3)
    assert vn.next_working_day("2026-02-13") == date(2026, 2, 23)
    assert vn.working_days_between("2026-02-13", "2026-02-23") == 1
    kinds = {o.date.day: o.kind for o in vn.days_off("2026-02-14", "2026-02-22")}
    assert kinds == {
        14: "weekend",
        15: "weekend",
        16: "holiday",
        17: "holiday",
        18: "holiday",
        19: "holiday",
        20: "holiday",
        21: "weekend",
        22: "weekend",
    }
    assert vn.day_info("2026-02-17").name_vi == "Tết Nguyên Đán"


def test_new_year_2026_swap_and_make_up_saturday(vn: WorkingCalendar) -> None:
    """2026-01-02 is a swap day off and 2026-01-10 a make-up Saturday, each with a source."""
    swap = vn.day_info("2026-01-02")
    assert (swap.working, swap.kind) == (False, "swap")
    assert "Bộ Nội vụ" in swap.source
    make_up = vn.day_info("2026-01-10")
    assert (make_up.working, make_up.kind) == (True, "make-up")
    assert "Bộ Nội vụ" in make_up.source
    assert "make-up working Saturday" in make_up.explain()
    assert vn.add_working_days("2026-01-09", 1) == date(2026, 1, 10)
    assert vn.add_working_days("2025-12-31", 1) == date(2026, 1, 5)


def test_culture_day_2026_is_not_a_holiday(vn: WorkingCalendar) -> None:
    """24/11/2026, listed by the package but not enacted, is a working day with a note."""
    info = vn.day_info("2026-11-24")
    assert info.working
    assert info.kind == "working"
    assert any("pending" in note and "Ngày Văn hóa Việt Nam" in note for note in info.notes)
    assert vn.is_working_day("2027-11-24")


def test_compensatory_day_of_a_removed_holiday_goes_with_it(vn: WorkingCalendar) -> None:
    """24/11/2029 is a Saturday: the package's Monday compensatory day is dropped too."""
    assert "Ngày Văn hóa Việt Nam (nghỉ bù)" in holidays.country_holidays(
        "VN", years=2029, language="vi"
    ).get_list(date(2029, 11, 26))
    assert vn.is_working_day("2029-11-26")
    assert vn.day_info("2029-11-24").kind == "weekend"


def test_package_premises_the_overrides_are_written_against() -> None:
    """holidays 0.109 misses the 2026 New Year swap and lists 24/11: the reasons for vn.yaml."""
    assert holidays.__version__ == "0.109"
    package = holidays.country_holidays("VN", years=2026)
    assert date(2026, 1, 2) not in package
    assert date(2026, 1, 10) not in package.weekend_workdays
    assert date(2026, 11, 24) in package


def test_package_compensatory_days_are_labelled(vn: WorkingCalendar) -> None:
    """A holiday on a weekend gives a 'compensatory' day (Hùng Kings 26/04/2026 -> 27/04)."""
    info = vn.day_info("2026-04-27")
    assert (info.working, info.kind) == (False, "compensatory")
    assert "Điều 111" in info.source


def test_weekend_days_off_carry_their_source(vn: WorkingCalendar) -> None:
    """A Saturday off is a 'weekend' day off citing the 40-hour week decision."""
    (saturday,) = vn.days_off("2026-03-07", "2026-03-07")
    assert saturday == DayOff(
        date=date(2026, 3, 7),
        name_vi="Thứ Bảy",
        name_en="Saturday",
        kind="weekend",
        source=saturday.source,
        provisional=False,
    )
    assert "188/1999/QĐ-TTg" in saturday.source


def test_days_off_kinds_are_from_the_documented_set(vn: WorkingCalendar) -> None:
    """days_off() over a decade only reports the documented kinds, in date order."""
    found = vn.days_off("2020-01-01", "2030-12-31")
    assert {o.kind for o in found} <= DAY_OFF_KINDS
    assert [o.date for o in found] == sorted(o.date for o in found)
    assert all(o.source for o in found)


def test_days_off_refuses_a_reversed_range(vn: WorkingCalendar) -> None:
    """days_off(start, end) with end before start names both values."""
    with pytest.raises(InputError, match=r"end='2026-01-01' is before start='2026-02-01'"):
        vn.days_off("2026-02-01", "2026-01-01")


# -- the day arithmetic -----------------------------------------------------------


def test_zero_working_days_rolls_forward(vn: WorkingCalendar) -> None:
    """n == 0 gives d on a working day and the next working day otherwise."""
    assert vn.add_working_days("2026-02-10", 0) == date(2026, 2, 10)
    assert vn.add_working_days("2026-02-14", 0) == date(2026, 2, 23)


def test_counts_exclude_the_start_day(vn: WorkingCalendar) -> None:
    """+1 from a Friday is Monday; -1 from a Monday is Friday; between counts (a, b]."""
    assert vn.add_working_days("2026-03-06", 1) == date(2026, 3, 9)
    assert vn.add_working_days("2026-03-09", -1) == date(2026, 3, 6)
    assert vn.previous_working_day("2026-03-07") == date(2026, 3, 6)
    assert vn.working_days_between("2026-03-06", "2026-03-09") == 1
    assert vn.working_days_between("2026-03-09", "2026-03-06") == -1
    assert vn.working_days_between("2026-03-09", "2026-03-09") == 0


def test_counts_cross_year_boundaries(vn: WorkingCalendar) -> None:
    """Arithmetic spanning several years agrees with a day-by-day walk."""
    start = date(2023, 12, 20)
    end = vn.add_working_days(start, 600)
    assert end == naive_add(vn.is_working_day, start, 600)
    assert vn.working_days_between(start, end) == 600
    assert vn.add_working_days(end, -600) == vn.add_working_days(start, 0)


def test_inputs_accept_date_datetime_and_iso_text(vn: WorkingCalendar) -> None:
    """A datetime counts as its date; ISO text is read; results are plain dates."""
    got = {
        vn.add_working_days(date(2026, 2, 10), 1),
        vn.add_working_days(datetime(2026, 2, 10, 23, 59), 1),
        vn.add_working_days("2026-02-10", 1),
        vn.add_working_days(np.datetime64("2026-02-10"), 1),
    }
    assert got == {date(2026, 2, 11)}
    assert type(got.pop()) is date


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-02-30", "d='2026-02-30' is not a real date: February 2026 has 28 days"),
        ("2026-13-01", "d='2026-13-01' is not a real date: there is no month 13"),
        (
            "2026/02/10",
            "d='2026/02/10' is not a date; write ISO text YYYY-MM-DD, e.g. '2026-02-10'",
        ),
        ("20260210", "d='20260210' is not a date; write ISO text YYYY-MM-DD, e.g. '2026-02-10'"),
        (
            20260210,
            "d=20260210 is not a date; pass a datetime.date, a datetime (its date is used) or ISO text 'YYYY-MM-DD'",
        ),
        (
            None,
            "d=None is not a date; pass a datetime.date, a datetime (its date is used) or ISO text 'YYYY-MM-DD'",
        ),
    ],
)
def test_bad_dates_are_input_errors_naming_the_value(
    vn: WorkingCalendar, value: object, message: str
) -> None:
    """A date that is not one, or is impossible, is an InputError naming it."""
    with pytest.raises(InputError) as caught:
        vn.add_working_days(value, 1)  # type: ignore[arg-type]
    assert str(caught.value) == message
    assert isinstance(caught.value, CaseflowError)


@pytest.mark.parametrize(
    ("n", "message"),
    [
        (1.5, "n=1.5 must be a whole number of working days"),
        (True, "n=True must be a whole number of working days, not a boolean"),
        ("3", "n='3' must be a whole number of working days"),
    ],
)
def test_bad_counts_are_input_errors(vn: WorkingCalendar, n: object, message: str) -> None:
    """n must be a whole number; floats, booleans and text are refused."""
    with pytest.raises(InputError) as caught:
        vn.add_working_days("2026-02-10", n)  # type: ignore[arg-type]
    assert str(caught.value) == message


def test_numpy_integers_are_accepted_as_counts(vn: WorkingCalendar) -> None:
    """A numpy integer is a whole number of working days."""
    assert vn.add_working_days("2026-02-10", np.int64(10)) == date(2026, 3, 3)  # type: ignore[arg-type]


def test_whole_range_of_python_dates_works(vn: WorkingCalendar) -> None:
    """Years 1 to 9999 work; only weekends apply where the package has no data."""
    assert vn.add_working_days("0001-01-01", 1) == date(1, 1, 2)
    assert vn.add_working_days("9999-12-31", -1) == date(9999, 12, 30)
    assert vn.is_working_day("2200-01-01")
    assert "no data for 2200" in vn.day_info("2200-01-01").explain()
    for year in (1, 500, 1800, 1900, 1901, 2100, 2101, 5000, 9999):
        assert vn.working_days_between(date(year, 1, 1), date(year, 12, 31)) > 200


def test_results_outside_python_dates_are_input_errors(vn: WorkingCalendar) -> None:
    """Counting past 9999-12-31 or before 0001-01-01 is an InputError, not a crash."""
    with pytest.raises(InputError, match=r"9999-12-30 \+ 5 working days falls after 9999-12-31"):
        vn.add_working_days("9999-12-30", 5)
    with pytest.raises(InputError, match=r"0001-01-02 - 5 working days falls before 0001-01-01"):
        vn.add_working_days("0001-01-02", -5)


# -- the bulk form --------------------------------------------------------------


def test_bulk_on_a_list_gives_a_list(vn: WorkingCalendar) -> None:
    """A list of dates (or text) gives a list of dates, each as add_working_days."""
    days = ["2026-02-10", date(2026, 1, 9), datetime(2026, 12, 31, 8)]
    assert vn.add_working_days_many(days, 3) == [vn.add_working_days(d, 3) for d in days]


def test_bulk_on_numpy_keeps_shape_and_agrees_with_scalar(vn: WorkingCalendar) -> None:
    """A datetime64 array gives a datetime64[D] array of the same shape, scalar-equal."""
    days = np.arange("2025-12-01", "2026-03-01", dtype="datetime64[D]").reshape(9, 10)
    for n in (-25, -1, 0, 1, 10, 400):
        got = vn.add_working_days_many(days, n)
        assert got.dtype == np.dtype("datetime64[D]")
        assert got.shape == (9, 10)
        expected = [vn.add_working_days(d, n) for d in days.ravel().tolist()]
        assert got.ravel().tolist() == expected


def test_bulk_reads_other_datetime_units(vn: WorkingCalendar) -> None:
    """datetime64 in seconds counts from each value's date, like a datetime."""
    stamps = np.array(["2026-02-13T23:59:59", "2026-01-09T00:00:00"], dtype="datetime64[s]")
    got = vn.add_working_days_many(stamps, 1)
    assert got.tolist() == [date(2026, 2, 23), date(2026, 1, 10)]


def test_bulk_refuses_nat_and_single_values(vn: WorkingCalendar) -> None:
    """NaT in an array, a bad item in a list, or one date instead of a sequence: InputError."""
    with pytest.raises(InputError) as caught:
        vn.add_working_days_many(["2026-01-01", "2026-02-30"], 1)
    assert str(caught.value) == (
        "dates[1]: d='2026-02-30' is not a real date: February 2026 has 28 days"
    )
    with pytest.raises(InputError, match=r"dates\[1\] is NaT"):
        vn.add_working_days_many(np.array(["2026-01-01", "NaT"], dtype="datetime64[D]"), 1)
    with pytest.raises(InputError, match="must be a sequence of dates, not a single value"):
        vn.add_working_days_many("2026-01-01", 1)  # type: ignore[call-overload]


def test_numpy_stays_optional_at_run_time() -> None:
    """Importing and using the calendar does not import numpy."""
    code = (
        "import sys, caseflow.calendars as c\n"
        "cal = c.calendar('VN')\n"
        "assert cal.add_working_days_many(['2026-02-10'], 10) == [cal.add_working_days('2026-02-10', 10)]\n"
        "assert 'numpy' not in sys.modules, 'numpy was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# -- names, files, extends -----------------------------------------------------------


def test_builtin_names_are_cached_and_case_insensitive() -> None:
    """calendar('vn') and calendar('VN') are the same object; the default is VN."""
    assert calendar("vn") is calendar("VN") is calendar()
    assert set(BUILTIN_CALENDARS) == {"VN"}


def test_unknown_calendar_name_suggests_the_known_ones() -> None:
    """An unknown name is an InputError listing the built-in calendars."""
    with pytest.raises(InputError) as caught:
        calendar("VNN")
    assert str(caught.value) == (
        "unknown calendar 'VNN' (did you mean 'VN'?); built-in calendars: VN; "
        "or give a path to a .yaml file"
    )


def test_shipped_example_calendar_loads_and_extends_vn() -> None:
    """The example office calendar extends VN: its own closures on top of VN's days."""
    office = calendar(str(CALENDARS_DIR / "example-office.yaml"))
    assert office.parent is calendar("VN")
    assert office.official_years == calendar("VN").official_years
    for day in office.days_off("2026-01-01", "2026-12-31"):
        assert day.source
    local = [o for o in office.days_off("2026-01-01", "2026-12-31") if o.kind == "local"]
    assert local
    # VN's make-up Saturday still applies to the office.
    assert office.is_working_day("2026-01-10")


USER_CALENDAR = """\
caseflow: 1
name: so-ngoai-vu-demo
extends: VN
weekend:
  days: [sunday]
  source: Quy chế làm việc của cơ quan (ví dụ)
days_off:
  - yearly: 03-26
    from_year: 2025
    name_vi: Ngày giải phóng tỉnh (ví dụ)
    name_en: Province liberation day (example)
    source: Quyết định của UBND tỉnh (ví dụ)
working_days:
  - date: 2026-01-02
    name_en: Office open on the national swap day
    source: Quyết định của thủ trưởng cơ quan (ví dụ)
"""


def test_user_calendar_layers_over_vn() -> None:
    """An office's own weekend, yearly closure and working day override VN's days."""
    office = load_calendar(USER_CALENDAR)
    assert office.name == "so-ngoai-vu-demo"
    assert office.weekend == ("sunday",)
    assert office.is_working_day("2026-03-07")  # a Saturday: the office works
    assert not office.is_working_day("2026-03-26")
    assert office.day_info("2026-03-26").kind == "local"
    assert office.is_working_day("2024-03-26")  # before from_year
    info = office.day_info("2026-01-02")
    assert info.working
    assert info.calendar == "so-ngoai-vu-demo"
    assert any("overrides VN" in note for note in info.notes)
    assert not office.is_working_day("2026-02-17")  # VN's Tết still applies


def test_extends_a_file_relative_to_the_extending_file(tmp_path: Path) -> None:
    """extends: a relative .yaml path is read from the extending file's folder."""
    (tmp_path / "province.yaml").write_text(
        "caseflow: 1\nname: province\nextends: VN\n"
        "days_off:\n  - {date: 2026-03-26, name_en: closure, source: decision 1}\n",
        encoding="utf-8",
    )
    (tmp_path / "office.yaml").write_text(
        "caseflow: 1\nname: office\nextends: province.yaml\n"
        "days_off:\n  - {date: 2026-03-27, name_en: closure, source: decision 2}\n",
        encoding="utf-8",
    )
    office = calendar(str(tmp_path / "office.yaml"))
    assert office.parent is not None
    assert office.parent.name == "province"
    assert not office.is_working_day("2026-03-26")
    assert not office.is_working_day("2026-03-27")
    assert not office.is_working_day("2026-02-17")


def test_extends_cycle_is_reported(tmp_path: Path) -> None:
    """Two files extending each other is a DefinitionError naming the cycle."""
    (tmp_path / "a.yaml").write_text("caseflow: 1\nname: a\nextends: b.yaml\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("caseflow: 1\nname: b\nextends: a.yaml\n", encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        load_calendar(tmp_path / "a.yaml")
    (problem,) = caught.value.problems
    assert problem.message == "extends: 'a.yaml' makes a cycle: a.yaml -> b.yaml -> a.yaml"
    assert (problem.line, problem.column) == (3, 10)


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    """A calendar path that does not exist is an InputError naming it."""
    with pytest.raises(InputError, match=r"cannot read calendar file '.*nope\.yaml'"):
        calendar(str(tmp_path / "nope.yaml"))


# -- golden error messages -----------------------------------------------------------


def _problems(text: str) -> list[str]:
    with pytest.raises(DefinitionError) as caught:
        load_calendar(textwrap.dedent(text), filename="cal.yaml")
    return [str(p) for p in caught.value.problems]


# One case per kind of mistake: (id, file text, every problem as printed).
GOLDEN: list[tuple[str, str, list[str]]] = [
    (
        "empty",
        "\n",
        [
            "cal.yaml:1:1: the calendar file is empty; it needs at least 'caseflow: 1' and 'name'",
        ],
    ),
    (
        "list_root",
        """\
- a
- b
""",
        [
            "cal.yaml:1:1: a calendar file must be a mapping of keys (caseflow, days_off, description, extends, name, official_years, public_holidays, removed, weekend, working_days), not a list",
        ],
    ),
    (
        "unknown_top_key",
        """\
caseflow: 1
name: x
weekends: {days: [sunday], source: s}
""",
        [
            "cal.yaml:3:1: unknown key 'weekends' in the calendar (did you mean 'weekend'?); allowed keys: caseflow, days_off, description, extends, name, official_years, public_holidays, removed, weekend, working_days",
        ],
    ),
    (
        "missing_version_and_name",
        """\
description: hi
""",
        [
            "cal.yaml:1:1: the calendar has no 'caseflow' format version; add 'caseflow: 1'",
            "cal.yaml:1:1: the calendar has no 'name'; add one, e.g. 'name: my-office' (explanations name the calendar by it)",
        ],
    ),
    (
        "bad_version",
        """\
caseflow: 2
name: x
""",
        [
            "cal.yaml:1:11: caseflow: 2 is not a calendar format version this library reads; allowed: 1",
        ],
    ),
    (
        "unknown_extends",
        """\
caseflow: 1
name: x
extends: VNN
""",
        [
            "cal.yaml:3:10: extends: 'VNN' is not a known calendar (did you mean 'VN'?); built-in calendars: VN; or give a path to a .yaml file",
        ],
    ),
    (
        "weekend_bad_day",
        """\
caseflow: 1
name: x
weekend:
  days: [saturday, sundy, saturday]
  source: s
""",
        [
            "cal.yaml:4:20: weekend.days[1]: 'sundy' is not a day of the week (did you mean 'sunday'?); allowed: monday, tuesday, wednesday, thursday, friday, saturday, sunday",
            "cal.yaml:4:27: weekend.days[2]: 'saturday' is listed twice",
        ],
    ),
    (
        "weekend_all_seven",
        """\
caseflow: 1
name: x
weekend:
  days: [monday, tuesday, wednesday, thursday, friday, saturday, sunday]
""",
        [
            "cal.yaml:4:3: weekend has no 'source'; cite its basis, e.g. source: \"Quyết định 188/1999/QĐ-TTg\"",
            "cal.yaml:4:9: weekend.days lists all seven days; a calendar needs at least one working day a week",
        ],
    ),
    (
        "public_holidays_with_extends",
        """\
caseflow: 1
name: x
extends: VN
public_holidays: {package: VNM, source: s}
""",
        [
            "cal.yaml:4:1: public_holidays cannot be set in a calendar that extends 'VN': the public holidays are inherited from it; remove one of the two",
            "cal.yaml:4:28: public_holidays.package: 'VNM' is not supported (did you mean 'VN'?); allowed: VN",
        ],
    ),
    (
        "official_not_subset",
        """\
caseflow: 1
name: x
extends: VN
official_years: [2026, 2027, 2026.5]
""",
        [
            "cal.yaml:4:24: official_years: 2027 has no official schedule in 'VN', which this calendar extends; allowed: 2024, 2025, 2026",
            "cal.yaml:4:30: official_years[2]: the number 2026.5 is not a year; write a whole number 1-9999",
        ],
    ),
    (
        "entry_unknown_key",
        """\
caseflow: 1
name: x
days_off:
  - date: 2026-03-26
    name_vi: Ngày giải phóng
    sorce: Quyết định 1
""",
        [
            "cal.yaml:4:5: days_off[0] has no 'source'; every entry must cite its legal basis (the decision, announcement or law, e.g. \"Công văn 2450/VPCP-KGVX ngày 12/4/2024\")",
            "cal.yaml:6:5: unknown key 'sorce' in days_off[0] (did you mean 'source'?); allowed keys: date, from_year, kind, name_en, name_vi, note, source, until, until_year, yearly",
        ],
    ),
    (
        "impossible_date",
        """\
caseflow: 1
name: x
days_off:
  - {date: 2026-02-30, name_en: a, source: s}
  - {date: 2026/02/10, name_en: b, source: s}
  - {date: 20260210, name_en: c, source: s}
""",
        [
            "cal.yaml:4:12: days_off[0].date: '2026-02-30' is not a real date: February 2026 has 28 days",
            "cal.yaml:5:12: days_off[1].date: '2026/02/10' is not a date; write YYYY-MM-DD, e.g. 2026-02-10",
            "cal.yaml:6:12: days_off[2].date: the number 20260210 is not a date; write YYYY-MM-DD, e.g. 2026-02-10",
        ],
    ),
    (
        "both_off_and_working",
        """\
caseflow: 1
name: x
days_off:
  - {date: 2026-01-10, name_en: a, source: s}
working_days:
  - {date: 2026-01-10, name_en: b, source: s}
""",
        [
            "cal.yaml:6:5: working_days[0]: 2026-01-10 is also listed as a day off in days_off[0] (line 4); a day is either off, working or removed, so keep one of the two",
        ],
    ),
    (
        "listed_twice",
        """\
caseflow: 1
name: x
days_off:
  - {date: 2026-03-20, until: 2026-03-27, name_en: a, source: s}
  - {date: 2026-03-26, name_en: b, source: s}
""",
        [
            "cal.yaml:5:5: days_off[1]: 2026-03-26 is already listed in days_off[0] (line 4); list each day once",
        ],
    ),
    (
        "yearly_vs_dated",
        """\
caseflow: 1
name: x
days_off:
  - {yearly: 03-26, from_year: 2025, name_en: a, source: s}
working_days:
  - {date: 2028-03-26, name_en: b, source: s}
""",
        [
            "cal.yaml:4:5: days_off[0]: 2028-03-26 is also listed as a working day in working_days[0] (line 6); a day is either off, working or removed, so keep one of the two",
        ],
    ),
    (
        "date_and_yearly",
        """\
caseflow: 1
name: x
days_off:
  - {date: 2026-03-26, yearly: 03-26, name_en: a, source: s}
  - {name_en: b, source: s}
""",
        [
            "cal.yaml:4:5: days_off[0] needs exactly one of 'date' (YYYY-MM-DD, one day or the start of a range ending at 'until') or 'yearly' (MM-DD, every year); it has both",
            "cal.yaml:5:5: days_off[1] needs exactly one of 'date' (YYYY-MM-DD, one day or the start of a range ending at 'until') or 'yearly' (MM-DD, every year); it has neither",
        ],
    ),
    (
        "bad_yearly",
        """\
caseflow: 1
name: x
days_off:
  - {yearly: 02-30, name_en: a, source: s}
  - {yearly: 02-29, name_en: b, source: s}
  - {yearly: 13-01, name_en: c, source: s}
  - {yearly: 3-26, name_en: d, source: s}
""",
        [
            "cal.yaml:4:14: days_off[0].yearly: '02-30' is not a day of the year: February has 28 days",
            "cal.yaml:5:14: days_off[1].yearly: '02-29' happens only in leap years; list those days with 'date' instead",
            "cal.yaml:6:14: days_off[2].yearly: '13-01' is not a day of the year: there is no month 13",
            "cal.yaml:7:14: days_off[3].yearly: '3-26' is not a day of the year; write MM-DD, e.g. 11-24",
        ],
    ),
    (
        "until_problems",
        """\
caseflow: 1
name: x
days_off:
  - {date: 2026-03-26, until: 2026-03-20, name_en: a, source: s}
  - {date: 2026-01-01, until: 2027-02-04, name_en: b, source: s}
  - {yearly: 03-26, until: 2026-03-28, name_en: c, source: s}
  - {date: 2026-03-26, from_year: 2026, name_en: d, source: s}
  - {yearly: 03-26, from_year: 2030, until_year: 2029, name_en: e, source: s}
""",
        [
            "cal.yaml:4:31: days_off[0].until: 2026-03-20 is before its date 2026-03-26",
            "cal.yaml:5:31: days_off[1] covers 400 days (2026-01-01 to 2027-02-04); an entry may cover at most 366 days",
            "cal.yaml:6:21: days_off[2].until only goes with 'date'; a yearly entry uses from_year and until_year",
            "cal.yaml:7:24: days_off[3].from_year only goes with 'yearly'; a dated entry covers 'date' to 'until'",
            "cal.yaml:8:50: days_off[4].until_year: 2029 is before from_year 2030",
        ],
    ),
    (
        "bad_kind",
        """\
caseflow: 1
name: x
days_off:
  - {date: 2026-03-26, kind: holliday, name_en: a, source: s}
  - {date: 2026-03-27, kind: weekend, name_en: a, source: s}
""",
        [
            "cal.yaml:4:30: days_off[0].kind: 'holliday' is not a kind of day off (did you mean 'holiday'?); allowed: compensatory, holiday, local, swap",
            "cal.yaml:5:30: days_off[1].kind: 'weekend' is not a kind of day off; allowed: compensatory, holiday, local, swap",
        ],
    ),
    (
        "no_name_no_source",
        """\
caseflow: 1
name: x
days_off:
  - date: 2026-03-26
  - {date: 2026-03-27, name_en: a, source: ''}
""",
        [
            "cal.yaml:4:5: days_off[0] has no 'source'; every entry must cite its legal basis (the decision, announcement or law, e.g. \"Công văn 2450/VPCP-KGVX ngày 12/4/2024\")",
            "cal.yaml:4:5: days_off[0] has no name; give name_vi (Vietnamese) and/or name_en (English)",
            'cal.yaml:5:44: days_off[1].source is empty; every entry must cite its legal basis (the decision, announcement or law, e.g. "Công văn 2450/VPCP-KGVX ngày 12/4/2024")',
        ],
    ),
    (
        "working_on_working_day",
        """\
caseflow: 1
name: x
extends: VN
working_days:
  - {date: 2026-01-09, name_en: a, source: s}
""",
        [
            "cal.yaml:5:5: working_days[0]: 2026-01-09 is a Friday and already a working day without this entry; a make-up working day must fall on a weekend day or an inherited day off (is the date right?)",
        ],
    ),
    (
        "remove_nothing",
        """\
caseflow: 1
name: x
extends: VN
removed:
  - {date: 2026-11-25, source: s}
  - {date: 2026-11-28, source: s}
""",
        [
            "cal.yaml:5:5: removed[0]: 2026-11-25 (Wednesday) is a working day, not a holiday or day off in 'VN'; nothing to remove (removed lists inherited days off only)",
            "cal.yaml:6:5: removed[1]: 2026-11-28 (Saturday) is a weekend day, not a holiday or day off in 'VN'; nothing to remove (removed lists inherited days off only)",
        ],
    ),
    (
        "pending_not_bool",
        """\
caseflow: 1
name: x
extends: VN
removed:
  - {date: 2026-04-30, pending: yes, source: s}
""",
        [
            "cal.yaml:5:33: removed[0].pending must be true or false, not the text 'yes'",
        ],
    ),
    (
        "not_a_list",
        """\
caseflow: 1
name: x
days_off: {date: 2026-03-26}
working_days:
  - 2026-03-26
official_years: 2026
""",
        [
            "cal.yaml:3:11: days_off must be a list of entries (each with 'date' or 'yearly', a name and a 'source'), not a mapping",
            "cal.yaml:5:5: working_days[0] must be a mapping with 'date' or 'yearly', a name and a 'source', not the text '2026-03-26'",
            "cal.yaml:6:17: official_years must be a list of years such as [2024, 2025, 2026], not the number 2026",
        ],
    ),
    (
        "bad_package",
        """\
caseflow: 1
name: x
public_holidays: {package: VNM}
""",
        [
            "cal.yaml:3:18: public_holidays has no 'source'; cite the law that sets the holidays, e.g. source: \"Bộ luật Lao động 2019, Điều 112\"",
            "cal.yaml:3:28: public_holidays.package: 'VNM' is not supported (did you mean 'VN'?); allowed: VN",
        ],
    ),
    (
        "weekend_no_source",
        """\
caseflow: 1
name: x
weekend: {days: [sunday]}
""",
        [
            "cal.yaml:3:10: weekend has no 'source'; cite its basis, e.g. source: \"Quyết định 188/1999/QĐ-TTg\"",
        ],
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [pytest.param(text, expected, id=name) for name, text, expected in GOLDEN],
)
def test_calendar_error_messages_are_pinned(text: str, expected: list[str]) -> None:
    """Each calendar file mistake gives exactly this message at this file:line:col."""
    assert _problems(text) == expected


# -- properties ------------------------------------------------------------------


@PROPERTY
@given(day=VN_DATES, n=COUNTS)
def test_add_lands_on_a_working_day(vn: WorkingCalendar, day: date, n: int) -> None:
    """add_working_days always returns a working day."""
    assert vn.is_working_day(vn.add_working_days(day, n))


@PROPERTY
@given(day=VN_DATES, n=st.integers(1, 120), m=st.integers(1, 120))
def test_add_is_strictly_monotonic_in_n(vn: WorkingCalendar, day: date, n: int, m: int) -> None:
    """More working days is always a later date; n == 0 sits between -1 and +1."""
    for low, high in ((n, n + m), (-n - m, -n), (-n, n)):
        assert vn.add_working_days(day, low) < vn.add_working_days(day, high)
    before, zero, after = (vn.add_working_days(day, k) for k in (-1, 0, 1))
    assert before < zero <= after
    # On a day off, 0 rolls forward onto the same day as +1: nothing lies between.
    assert (zero == after) == (not vn.is_working_day(day))


@PROPERTY
@given(day=VN_DATES, n=st.integers(-40, 40))
def test_add_agrees_with_a_day_by_day_walk(vn: WorkingCalendar, day: date, n: int) -> None:
    """The table arithmetic equals walking one day at a time over day_info()."""

    def working(d: date) -> bool:
        return vn.day_info(d).working

    assert vn.add_working_days(day, n) == naive_add(working, day, n)


@PROPERTY
@given(day=VN_DATES)
def test_is_working_day_agrees_with_day_info(vn: WorkingCalendar, day: date) -> None:
    """The fast flag and the explained answer never disagree."""
    assert vn.is_working_day(day) == vn.day_info(day).working


@PROPERTY
@given(day=VN_DATES, n=POSITIVE_COUNTS)
def test_between_inverts_add(vn: WorkingCalendar, day: date, n: int) -> None:
    """working_days_between(d, add_working_days(d, n)) == n for n > 0; -n back from a working day."""
    assert vn.working_days_between(day, vn.add_working_days(day, n)) == n
    working = vn.add_working_days(day, 0)
    assert vn.working_days_between(working, vn.add_working_days(working, -n)) == -n


@PROPERTY
@given(a=VN_DATES, b=VN_DATES)
def test_add_inverts_between_on_working_days(vn: WorkingCalendar, a: date, b: date) -> None:
    """For working days d and e: add_working_days(d, working_days_between(d, e)) == e."""
    d, e = vn.add_working_days(a, 0), vn.add_working_days(b, 0)
    assert vn.add_working_days(d, vn.working_days_between(d, e)) == e


@PROPERTY
@given(day=VN_DATES, n=POSITIVE_COUNTS)
def test_negative_n_mirrors_positive(vn: WorkingCalendar, day: date, n: int) -> None:
    """n forward then n back returns to the day; from a day off, to the working day beside it."""
    back = day if vn.is_working_day(day) else vn.previous_working_day(day)
    assert vn.add_working_days(vn.add_working_days(day, n), -n) == back
    assert vn.add_working_days(vn.add_working_days(day, -n), n) == vn.add_working_days(day, 0)
    assert vn.add_working_days(day, -n) == naive_add(vn.is_working_day, day, -n)


@PROPERTY
@given(days=st.lists(VN_DATES, min_size=1, max_size=30), n=COUNTS)
def test_bulk_numpy_equals_scalar(vn: WorkingCalendar, days: list[date], n: int) -> None:
    """The vectorised numpy path gives the scalar answers."""
    array = np.array(days, dtype="datetime64[D]")
    got = vn.add_working_days_many(array, n).tolist()
    assert got == [vn.add_working_days(d, n) for d in days]


@USER_PROPERTY
@given(drawn=user_calendars(), days=st.lists(WINDOW_DATES, min_size=1, max_size=8), n=COUNTS)
def test_user_calendars_follow_their_definition(
    drawn: DrawnCalendar, days: list[date], n: int
) -> None:
    """Random user calendars: flags match the drawn data and the arithmetic walks it."""
    cal = drawn.load()
    working = drawn.oracle()
    for day in days:
        assert cal.is_working_day(day) == working(day)
        got = cal.add_working_days(day, n)
        assert got == naive_add(working, day, n)
        if n > 0:
            assert cal.working_days_between(day, got) == n
        if n > 0 and working(day):
            assert cal.add_working_days(got, -n) == day
    assert cal.add_working_days_many(np.array(days, dtype="datetime64[D]"), n).tolist() == [
        cal.add_working_days(d, n) for d in days
    ]

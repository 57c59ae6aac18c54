"""Working-day arithmetic: caseflow's year tables against the alternatives.

Measured side by side in one process, on the same days off:

- scalar ``WorkingCalendar.add_working_days`` against a day-by-day loop over
  the ``holidays`` package (the way such code is usually written) and
  against ``numpy.busday_offset`` called once per date;
- the bulk form ``add_working_days_many`` on a numpy array of 100,000 dates
  against one ``numpy.busday_offset`` call on the same array;
- the cost of building the year tables, reported apart (it is paid once per
  year and calendar, the first time a year is touched).

numpy's calendars can only remove days, so the comparison calendar is the
``holidays`` package's VN data with the package's few make-up Saturdays
cancelled; all three methods are first checked to give the same answers.
numpy rolls a day off before counting, where caseflow does not count the
start day: for n > 0 caseflow equals ``roll="backward"``, for n < 0
``roll="forward"``.

Run ``python benchmarks/bench_calendar.py``; ``run()`` returns the rows for
another runner to collect.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import holidays
import numpy as np

from caseflow import calendars
from caseflow.calendars import WorkingCalendar, calendar, load_calendar

FIRST_YEAR, LAST_YEAR = 1990, 2100
SCALAR_CALLS = 20_000
LOOP_CALLS = 2_000  # the day-by-day loop is slow; a subset gives its per-call cost
BULK_SIZE = 100_000
REPEATS = 7
SEED = 20260210

TARGET_SCALAR_VS_LOOP = 10.0  # scalar at least 10x faster than the loop
TARGET_BULK_VS_NUMPY = 3.0  # bulk at most 3x slower than numpy


def _timed(fn: Callable[[], object], repeats: int = REPEATS) -> tuple[float, float]:
    """Best and median wall time of ``fn()`` over ``repeats`` runs, in seconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def _package_make_up_days() -> list[date]:
    package = holidays.country_holidays("VN", years=range(FIRST_YEAR - 1, LAST_YEAR + 2))
    return sorted(d for d in package.weekend_workdays if FIRST_YEAR <= d.year <= LAST_YEAR)


def comparison_calendar() -> WorkingCalendar:
    """The package's VN days off as they are, minus its make-up Saturdays."""
    entries = "".join(
        f"  - {{date: {d.isoformat()}, name_en: make-up day cancelled, "
        "source: benchmark (numpy cannot add working days)}\n"
        for d in _package_make_up_days()
    )
    text = (
        "caseflow: 1\nname: bench-package-vn\n"
        "public_holidays: {package: VN, source: holidays 0.109 as it is}\n"
        "days_off:\n" + entries
    )
    return load_calendar(text, filename="<benchmark>")


def _package_loop() -> Callable[[date, int], date]:
    package = holidays.country_holidays("VN", years=range(FIRST_YEAR - 1, LAST_YEAR + 2))
    one_day = timedelta(days=1)

    def add(start: date, n: int) -> date:
        step = one_day if n > 0 else -one_day
        day, left = start, abs(n)
        while left:
            day += step
            if day.weekday() < 5 and day not in package:
                left -= 1
        return day

    return add


def _numpy_calendar(cal: WorkingCalendar) -> np.busdaycalendar:
    start, end = date(FIRST_YEAR - 1, 1, 1), date(LAST_YEAR + 1, 12, 31)
    off = [o.date for o in cal.days_off(start, end) if o.date.weekday() < 5]
    assert all(o.kind != "weekend" for o in cal.days_off(start, end) if o.date.weekday() < 5)
    return np.busdaycalendar(weekmask="1111100", holidays=np.array(off, dtype="datetime64[D]"))


def _roll(n: int) -> str:
    return "backward" if n > 0 else "forward"


def run() -> list[dict[str, Any]]:
    """Measure, check that the methods agree, and return one dict per measurement."""
    rng = random.Random(SEED)
    rows: list[dict[str, Any]] = []

    # -- table build cost, apart -------------------------------------------------
    calendars._package_year.cache_clear()
    calendars._package_raw.cache_clear()
    years = LAST_YEAR - FIRST_YEAR + 1
    start = time.perf_counter()
    cal = comparison_calendar()
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        cal._table(year)
    cold = time.perf_counter() - start
    start = time.perf_counter()
    fresh = comparison_calendar()
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        fresh._table(year)
    warm = time.perf_counter() - start
    rows.append(
        {
            "name": f"build tables {FIRST_YEAR}-{LAST_YEAR}, holidays package computed",
            "best_s": cold,
            "median_s": cold,
            "per_year_ms": cold / years * 1e3,
        }
    )
    rows.append(
        {
            "name": f"build tables {FIRST_YEAR}-{LAST_YEAR}, package data cached",
            "best_s": warm,
            "median_s": warm,
            "per_year_ms": warm / years * 1e3,
        }
    )

    # -- same answers first ----------------------------------------------------------
    loop = _package_loop()
    busdaycal = _numpy_calendar(cal)
    first, last = date(FIRST_YEAR, 1, 1).toordinal(), date(LAST_YEAR - 5, 12, 31).toordinal()
    pairs = [
        (date.fromordinal(rng.randint(first, last)), rng.choice((-1, 1)) * rng.randint(1, 30))
        for _ in range(SCALAR_CALLS)
    ]
    for day, n in pairs[:LOOP_CALLS]:
        ours = cal.add_working_days(day, n)
        assert ours == loop(day, n), (day, n)
        theirs = np.busday_offset(day, n, roll=_roll(n), busdaycal=busdaycal)
        assert ours == theirs.astype(object), (day, n)

    # -- scalar --------------------------------------------------------------------
    add = cal.add_working_days
    vn_add = calendar("VN").add_working_days
    for day, n in pairs:  # the real VN calendar's tables, warmed too
        vn_add(day, n)
    subset = pairs[:LOOP_CALLS]
    scalar = {
        "caseflow add_working_days": (lambda: [add(d, n) for d, n in pairs], len(pairs)),
        "caseflow add_working_days (VN calendar)": (
            lambda: [vn_add(d, n) for d, n in pairs],
            len(pairs),
        ),
        "holidays package, day-by-day loop": (lambda: [loop(d, n) for d, n in subset], LOOP_CALLS),
        "numpy.busday_offset, one call per date": (
            lambda: [np.busday_offset(d, n, roll=_roll(n), busdaycal=busdaycal) for d, n in subset],
            LOOP_CALLS,
        ),
    }
    per_call: dict[str, float] = {}
    for name, (fn, calls) in scalar.items():
        best, median = _timed(fn)
        per_call[name] = best / calls
        rows.append(
            {
                "name": f"scalar: {name}",
                "calls": calls,
                "best_s": best,
                "median_s": median,
                "per_call_us": best / calls * 1e6,
            }
        )
    ratio = per_call["holidays package, day-by-day loop"] / per_call["caseflow add_working_days"]
    rows.append(
        {
            "name": "ratio: day-by-day loop / caseflow scalar",
            "ratio": ratio,
            "target": f">= {TARGET_SCALAR_VS_LOOP:g}",
            "met": ratio >= TARGET_SCALAR_VS_LOOP,
        }
    )
    ratio = (
        per_call["numpy.busday_offset, one call per date"] / per_call["caseflow add_working_days"]
    )
    rows.append({"name": "ratio: numpy one call per date / caseflow scalar", "ratio": ratio})

    # -- bulk ----------------------------------------------------------------------
    days = (
        np.array([rng.randint(first, last) for _ in range(BULK_SIZE)], dtype=np.int64)
        - date(1970, 1, 1).toordinal()
    ).astype("datetime64[D]")
    day_list = days.tolist()
    for n in (10, -10):
        ours = cal.add_working_days_many(days, n)
        theirs = np.busday_offset(days, n, roll=_roll(n), busdaycal=busdaycal)
        assert (ours == theirs).all()
        best_ours, median_ours = _timed(lambda n=n: cal.add_working_days_many(days, n))
        best_np, median_np = _timed(
            lambda n=n: np.busday_offset(days, n, roll=_roll(n), busdaycal=busdaycal)
        )
        best_list, median_list = _timed(lambda n=n: cal.add_working_days_many(day_list, n), 3)
        for name, best, median in (
            (f"bulk n={n}: caseflow add_working_days_many (numpy array)", best_ours, median_ours),
            (f"bulk n={n}: numpy.busday_offset (array)", best_np, median_np),
            (f"bulk n={n}: caseflow add_working_days_many (list of dates)", best_list, median_list),
        ):
            rows.append(
                {
                    "name": name,
                    "calls": BULK_SIZE,
                    "best_s": best,
                    "median_s": median,
                    "per_call_us": best / BULK_SIZE * 1e6,
                }
            )
        ratio = best_ours / best_np
        rows.append(
            {
                "name": f"ratio n={n}: caseflow bulk / numpy.busday_offset",
                "ratio": ratio,
                "target": f"<= {TARGET_BULK_VS_NUMPY:g}",
                "met": ratio <= TARGET_BULK_VS_NUMPY,
            }
        )
    return rows


def _show(rows: list[dict[str, Any]]) -> str:
    lines = []
    for row in rows:
        if "ratio" in row:
            tail = ""
            if "target" in row:
                tail = f"   (target {row['target']}: {'met' if row['met'] else 'NOT MET'})"
            lines.append(f"{row['name']:<66} {row['ratio']:>9.2f}x{tail}")
        elif "per_year_ms" in row:
            lines.append(
                f"{row['name']:<66} {row['best_s'] * 1e3:>9.1f} ms  "
                f"({row['per_year_ms']:.2f} ms a year)"
            )
        else:
            lines.append(
                f"{row['name']:<66} {row['per_call_us']:>9.3f} us/date  "
                f"best {row['best_s'] * 1e3:.1f} ms, median {row['median_s'] * 1e3:.1f} ms "
                f"for {row['calls']:,}"
            )
    return "\n".join(lines)


if __name__ == "__main__":
    print(_show(run()))

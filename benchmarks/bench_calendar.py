"""Working-day arithmetic: caseflow's year tables against the alternatives.

Measured side by side in one process, on the same days off:

- scalar ``WorkingCalendar.add_working_days`` against a day-by-day loop over
  the ``holidays`` package (the way such code is usually written) and
  against ``numpy.busday_offset`` called once per date;
- the bulk form ``add_working_days_many`` on a numpy array of 100,000 dates
  against one ``numpy.busday_offset`` call on the same array (and, for
  scale, ``add_working_days_many`` given a list of ``date``);
- the cost of building the year tables, reported apart (it is paid once per
  year and calendar, the first time a year is touched).

numpy's calendars can only remove days, so the comparison calendar is the
``holidays`` package's VN data with the package's few make-up Saturdays
cancelled; all methods are first checked to give the same answers (a
sample of the scalar calls against the loop and numpy, every bulk date
against numpy). numpy rolls a day off before counting, where caseflow does
not count the start day: for n > 0 caseflow equals ``roll="backward"``, for
n < 0 ``roll="forward"``.

``run(quick=False)`` returns rows in the shape ``benchmarks/README.md``
documents; ``python benchmarks/run.py --only calendar`` prints them, and so
does ``python benchmarks/bench_calendar.py [--quick]``.
"""

from __future__ import annotations

import functools
import gc
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import metadata
from typing import Any, Literal

import holidays
import numpy as np
from protocol import row

from caseflow.calendars import WorkingCalendar, calendar, load_calendar, public_holidays


@dataclass(frozen=True)
class Sizes:
    first_year: int
    last_year: int
    scalar_calls: int  # caseflow's scalar calls
    loop_calls: int  # the day-by-day loop and numpy per date are slow: a subset
    bulk: int
    repeats: int


FULL = Sizes(1990, 2100, scalar_calls=20_000, loop_calls=2_000, bulk=100_000, repeats=7)
QUICK = Sizes(2010, 2040, scalar_calls=2_000, loop_calls=200, bulk=10_000, repeats=3)
SEED = 20260210
BULK_N = (10, -10)

TARGET_SCALAR_VS_LOOP = 10.0  # scalar at least 10x faster than the day-by-day loop
TARGET_BULK_VS_NUMPY = 3.0  # bulk at most 3x numpy.busday_offset's time

LOOP = "holidays package, day-by-day loop"
SCALAR = "caseflow add_working_days"
SCALAR_VN = "caseflow add_working_days (VN calendar)"
NP_SCALAR = "numpy.busday_offset, one call per date"
NP_BULK = "numpy.busday_offset (array)"
BULK = "caseflow add_working_days_many (numpy array)"
BULK_LIST = "caseflow add_working_days_many (list of dates)"

_ABOUT: str | None = None


def _best(fns: dict[str, Callable[[], object]], repeats: int) -> dict[str, float]:
    """Best wall time of each function, in seconds, the repeats interleaved.

    Interleaving means a burst of load from other processes on a shared
    machine hits every contender alike rather than one of them.
    """
    best = dict.fromkeys(fns, float("inf"))
    for _ in range(repeats):
        for name, fn in fns.items():
            gc.collect()
            start = time.perf_counter()
            fn()
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def _package_make_up_days(sizes: Sizes) -> list[date]:
    years = range(sizes.first_year - 1, sizes.last_year + 2)
    package = holidays.country_holidays("VN", years=years)
    return sorted(
        d for d in package.weekend_workdays if sizes.first_year <= d.year <= sizes.last_year
    )


def comparison_calendar(sizes: Sizes = FULL) -> WorkingCalendar:
    """The package's VN days off as they are, minus its make-up Saturdays."""
    entries = "".join(
        f"  - {{date: {d.isoformat()}, name_en: make-up day cancelled, "
        "source: benchmark (numpy cannot add working days)}\n"
        for d in _package_make_up_days(sizes)
    )
    version = metadata.version("holidays")
    text = (
        "caseflow: 1\nname: bench-package-vn\n"
        f"public_holidays: {{package: VN, source: holidays {version} as it is}}\n"
        "days_off:\n" + entries
    )
    return load_calendar(text, filename="<benchmark>")


def _package_loop(sizes: Sizes) -> Callable[[date, int], date]:
    years = range(sizes.first_year - 1, sizes.last_year + 2)
    package = holidays.country_holidays("VN", years=years)
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


def _numpy_calendar(cal: WorkingCalendar, sizes: Sizes) -> np.busdaycalendar:
    start, end = date(sizes.first_year - 1, 1, 1), date(sizes.last_year + 1, 12, 31)
    weekday_off = [o for o in cal.days_off(start, end) if o.date.weekday() < 5]
    if any(o.kind == "weekend" for o in weekday_off):
        raise RuntimeError("the comparison calendar has a weekend on a weekday")
    off = np.array([o.date for o in weekday_off], dtype="datetime64[D]")
    return np.busdaycalendar(weekmask="1111100", holidays=off)


def _roll(n: int) -> Literal["backward", "forward"]:
    return "backward" if n > 0 else "forward"


def bench_tables(sizes: Sizes) -> tuple[list[dict[str, Any]], WorkingCalendar]:
    """Building every year table of the range: package data computed, then cached.

    The calendar file is loaded (parsed and checked) before the clock starts:
    what is timed is ``_table(year)`` for each year, which is what a first
    ``add_working_days`` in a year pays.
    """
    years = sizes.last_year - sizes.first_year + 1
    span = range(sizes.first_year, sizes.last_year + 1)
    cal = comparison_calendar(sizes)
    public_holidays.package_year.cache_clear()
    public_holidays._package_raw.cache_clear()
    gc.collect()
    start = time.perf_counter()
    for year in span:
        cal._table(year)
    cold = time.perf_counter() - start
    warm = float("inf")
    for _ in range(3):
        fresh = comparison_calendar(sizes)
        gc.collect()
        start = time.perf_counter()
        for year in span:
            fresh._table(year)
        warm = min(warm, time.perf_counter() - start)
    group = (
        f"calendar: build the year tables of {sizes.first_year}-{sizes.last_year} (once per year)"
    )
    computed = "holidays package data computed"
    per_year = {"cold": cold / years * 1e3, "warm": warm / years * 1e3}
    rows = [
        row(group, computed, per_year["cold"], "ms/year"),
        row(
            group,
            "holidays package data cached",
            per_year["warm"],
            "ms/year",
            computed,
            per_year["cold"],
        ),
    ]
    return rows, cal


def bench_scalar(cal: WorkingCalendar, sizes: Sizes, rng: random.Random) -> list[dict[str, Any]]:
    loop = _package_loop(sizes)
    busdaycal = _numpy_calendar(cal, sizes)
    first = date(sizes.first_year, 1, 1).toordinal()
    last = date(sizes.last_year - 5, 12, 31).toordinal()
    pairs = [
        (date.fromordinal(rng.randint(first, last)), rng.choice((-1, 1)) * rng.randint(1, 30))
        for _ in range(sizes.scalar_calls)
    ]
    subset = pairs[: sizes.loop_calls]

    # Same answers first.
    for day, n in subset:
        ours = cal.add_working_days(day, n)
        if ours != loop(day, n):
            raise RuntimeError(f"caseflow and the day-by-day loop disagree on {day} {n:+d}")
        theirs = np.busday_offset(day, n, roll=_roll(n), busdaycal=busdaycal)
        if ours != theirs.astype(object):
            raise RuntimeError(f"caseflow and numpy.busday_offset disagree on {day} {n:+d}")

    add = cal.add_working_days
    vn_add = calendar("VN").add_working_days
    for day, n in pairs:  # warm-up; builds the real VN calendar's tables too
        add(day, n)
        vn_add(day, n)
    calls = {SCALAR: len(pairs), SCALAR_VN: len(pairs), LOOP: len(subset), NP_SCALAR: len(subset)}
    best = _best(
        {
            SCALAR: lambda: [add(d, n) for d, n in pairs],
            SCALAR_VN: lambda: [vn_add(d, n) for d, n in pairs],
            LOOP: lambda: [loop(d, n) for d, n in subset],
            NP_SCALAR: lambda: [
                np.busday_offset(d, n, roll=_roll(n), busdaycal=busdaycal) for d, n in subset
            ],
        },
        sizes.repeats,
    )
    us = {name: best[name] / calls[name] * 1e6 for name in best}
    group = (
        f"calendar: add n working days to one date (|n| <= 30, "
        f"{sizes.first_year}-{sizes.last_year - 5}; {LOOP} and numpy on {len(subset):,} calls)"
    )
    limit = 1 / TARGET_SCALAR_VS_LOOP
    return [
        row(group, LOOP, us[LOOP], "µs/call"),
        row(
            group,
            SCALAR,
            us[SCALAR],
            "µs/call",
            LOOP,
            us[LOOP],
            f"<= {limit:g}x {LOOP} (>= {TARGET_SCALAR_VS_LOOP:g}x faster)",
            us[SCALAR] * TARGET_SCALAR_VS_LOOP <= us[LOOP],
        ),
        row(group, SCALAR_VN, us[SCALAR_VN], "µs/call", LOOP, us[LOOP]),
        row(group, NP_SCALAR, us[NP_SCALAR], "µs/call", LOOP, us[LOOP]),
    ]


def bench_bulk(cal: WorkingCalendar, sizes: Sizes, rng: random.Random) -> list[dict[str, Any]]:
    busdaycal = _numpy_calendar(cal, sizes)
    first = date(sizes.first_year, 1, 1).toordinal()
    last = date(sizes.last_year - 5, 12, 31).toordinal()
    ordinals = np.array([rng.randint(first, last) for _ in range(sizes.bulk)], dtype=np.int64)
    days = (ordinals - date(1970, 1, 1).toordinal()).astype("datetime64[D]")
    day_list = days.tolist()
    rows = []
    for n in BULK_N:
        roll = _roll(n)
        ours = cal.add_working_days_many(days, n)
        if not (ours == np.busday_offset(days, n, roll=roll, busdaycal=busdaycal)).all():
            raise RuntimeError(f"add_working_days_many and numpy.busday_offset disagree, n={n}")
        if cal.add_working_days_many(day_list, n) != ours.tolist():
            raise RuntimeError(f"add_working_days_many disagrees with itself on a list, n={n}")
        best = _best(
            {
                BULK: functools.partial(cal.add_working_days_many, days, n),
                NP_BULK: functools.partial(
                    np.busday_offset, days, n, roll=roll, busdaycal=busdaycal
                ),
                BULK_LIST: functools.partial(cal.add_working_days_many, day_list, n),
            },
            sizes.repeats,
        )
        ns = {name: t / sizes.bulk * 1e9 for name, t in best.items()}
        group = f"calendar: add {n:+d} working days to each of {sizes.bulk:,} dates at once"
        rows += [
            row(group, NP_BULK, ns[NP_BULK], "ns/date"),
            row(
                group,
                BULK,
                ns[BULK],
                "ns/date",
                NP_BULK,
                ns[NP_BULK],
                f"<= {TARGET_BULK_VS_NUMPY:g}x {NP_BULK}",
                ns[BULK] <= TARGET_BULK_VS_NUMPY * ns[NP_BULK],
            ),
            row(group, BULK_LIST, ns[BULK_LIST], "ns/date", NP_BULK, ns[NP_BULK]),
        ]
    return rows


def about() -> str:
    """One line on what was measured, for the runner's header."""
    return _ABOUT or "calendar: not run yet"


def run(quick: bool = False) -> list[dict[str, Any]]:
    """Measure, check that the methods agree, and return the rows for benchmarks/run.py."""
    global _ABOUT
    sizes = QUICK if quick else FULL
    rng = random.Random(SEED)
    rows, cal = bench_tables(sizes)
    rows += bench_scalar(cal, sizes, rng)
    rows += bench_bulk(cal, sizes, rng)
    _ABOUT = (
        f"calendar: holidays {metadata.version('holidays')} VN days off with its make-up "
        f"Saturdays cancelled (numpy cannot add a working day), "
        f"years {sizes.first_year}-{sizes.last_year}; scalar {sizes.scalar_calls:,} calls "
        f"({sizes.loop_calls:,} for the loop and numpy per date), bulk {sizes.bulk:,} dates; "
        f"best of {sizes.repeats} interleaved repeats; answers cross-checked first"
    )
    return rows


if __name__ == "__main__":
    for r in run(quick="--quick" in sys.argv):
        print(r)

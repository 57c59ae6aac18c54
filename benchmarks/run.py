"""Run caseflow's benchmarks and print one table.

    python benchmarks/run.py [--quick] [--only engine,calendar] [--markdown | --json]

Every ``benchmarks/bench_<name>.py`` present is a benchmark module; it has
``run(quick: bool = False) -> list[dict]`` returning rows in the shape that
``benchmarks/README.md`` documents, and may have ``about() -> str``, a line
on what it measured (which workflow, which sizes) for the header. ``--only``
picks modules by ``<name>``. ``--quick`` asks each module for a smoke run of
a few seconds. Exit status: 0 when every module ran, 1 when one failed (its
traceback is printed and the others still run), 2 on a usage error.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import os
import platform
import sys
import time
import traceback
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROW_KEYS = ("group", "name", "value", "unit", "baseline", "ratio", "target", "met")
PACKAGES = ("caseflow", "transitions", "attrs", "pendulum", "holidays", "numpy")


def available() -> dict[str, Path]:
    """Benchmark modules present, by short name (``bench_engine.py`` -> ``engine``)."""
    return {p.stem.removeprefix("bench_"): p for p in sorted(HERE.glob("bench_*.py"))}


def check_rows(module: str, rows: Any) -> list[dict[str, Any]]:
    """The rows, or TypeError naming the first one that breaks the protocol."""
    if not isinstance(rows, list):
        raise TypeError(
            f"bench_{module}.run() must return a list of dicts, not {type(rows).__name__}"
        )
    for i, row in enumerate(rows):
        if not isinstance(row, dict) or set(row) != set(ROW_KEYS):
            got = sorted(row) if isinstance(row, dict) else type(row).__name__
            raise TypeError(
                f"bench_{module}.run() row {i}: keys must be {list(ROW_KEYS)}, got {got}"
            )
        if not isinstance(row["value"], (int, float)):
            raise TypeError(f"bench_{module}.run() row {i}: 'value' must be a number")
    return rows


def run_module(name: str, quick: bool) -> tuple[list[dict[str, Any]], str | None]:
    """Import ``bench_<name>`` and run it; returns its rows and its ``about()`` line."""
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))
    module = importlib.import_module(f"bench_{name}")
    if "quick" in inspect.signature(module.run).parameters:
        rows = module.run(quick=quick)
    else:
        if quick:
            print(f"bench_{name}.run() takes no 'quick'; running full size", file=sys.stderr)
        rows = module.run()
    about = module.about() if hasattr(module, "about") else None
    return check_rows(name, rows), about


def machine_info() -> list[str]:
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 0
    versions = []
    for pkg in PACKAGES:
        try:
            versions.append(f"{pkg} {metadata.version(pkg)}")
        except metadata.PackageNotFoundError:
            continue
    return [
        f"machine: {platform.machine()} {platform.system()} {platform.release()}, nproc {cpus}",
        f"python: {platform.python_implementation()} {platform.python_version()}",
        f"packages: {', '.join(versions)}",
    ]


def fmt_value(value: float) -> str:
    size = abs(value)
    if size >= 1000:
        return f"{value:,.0f}"
    if size >= 100:
        return f"{value:.0f}"
    if size >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def cells(row: dict[str, Any]) -> list[str]:
    met = row["met"]
    return [
        row["name"],
        fmt_value(row["value"]),
        row["unit"],
        "" if row["ratio"] is None else f"{row['ratio']:.2f}x",
        row["baseline"] or "",
        row["target"] or "",
        "" if met is None else ("yes" if met else "NO"),
    ]


HEADERS = ["name", "value", "unit", "ratio", "baseline", "target", "met"]
RIGHT = {1, 3}  # numeric columns


def text_table(rows: Sequence[dict[str, Any]]) -> str:
    """One table; each group opens with its own line."""
    body = [cells(r) for r in rows]
    widths = [max(len(h), *(len(c[i]) for c in body)) for i, h in enumerate(HEADERS)]

    def line(values: Sequence[str]) -> str:
        parts = [
            v.rjust(w) if i in RIGHT else v.ljust(w)
            for i, (v, w) in enumerate(zip(values, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    out = [line(HEADERS), line(["-" * w for w in widths])]
    group = None
    for row, c in zip(rows, body, strict=True):
        if row["group"] != group:
            group = row["group"]
            out.append(f"[{group}]")
        out.append(line(c))
    return "\n".join(out)


def markdown_table(rows: Sequence[dict[str, Any]]) -> str:
    """One Markdown table; the group is named on its first row only."""

    def esc(text: str) -> str:
        return text.replace("|", "\\|")

    out = [
        "| group | " + " | ".join(HEADERS) + " |",
        "|---|" + "|".join("---:" if i in RIGHT else "---" for i in range(len(HEADERS))) + "|",
    ]
    group = None
    for row in rows:
        shown = ""
        if row["group"] != group:
            group = shown = row["group"]
        out.append("| " + " | ".join(esc(c) for c in [shown, *cells(row)]) + " |")
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    found = available()
    parser = argparse.ArgumentParser(description="Run caseflow's benchmarks and print one table.")
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run of seconds")
    parser.add_argument(
        "--only", metavar="NAMES", help=f"comma-separated modules to run (of: {', '.join(found)})"
    )
    fmt = parser.add_mutually_exclusive_group()
    fmt.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    fmt.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args(argv)

    names = list(found)
    if args.only:
        names = [n.strip() for n in args.only.split(",") if n.strip()]
        unknown = [n for n in names if n not in found]
        if unknown or not names:
            missing = ", ".join(unknown) or "(none given)"
            parser.error(f"unknown benchmark {missing}; available: {', '.join(found)}")

    rows: list[dict[str, Any]] = []
    abouts: list[str] = []
    failed = []
    started = time.perf_counter()
    for name in names:
        print(
            f"running bench_{name}{' (quick)' if args.quick else ''}...",
            file=sys.stderr,
            flush=True,
        )
        try:
            got, about = run_module(name, args.quick)
        except Exception:
            traceback.print_exc()
            failed.append(name)
            continue
        rows += got
        if about:
            abouts.append(about)
    elapsed = time.perf_counter() - started

    given = list(argv if argv is not None else sys.argv[1:])
    info = [
        *machine_info(),
        f"command: python benchmarks/run.py {' '.join(given)}".rstrip(),
        *abouts,
        f"took {elapsed:.1f} s",
    ]
    if args.json:
        print(json.dumps({"info": info, "rows": rows}, ensure_ascii=False, indent=2))
    elif args.markdown:
        print("\n".join(f"- {line}" for line in info))
        print()
        print(markdown_table(rows) if rows else "(no rows)")
    else:
        print("\n".join(info))
        print()
        print(text_table(rows) if rows else "(no rows)")
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""``python -m tests.fuzz``: replay the corpus, fuzz each target for a while, report.

    python -m tests.fuzz                        # every target, 60 s each
    python -m tests.fuzz --target import --seconds 600
    python -m tests.fuzz --replay               # corpus and reproducers only
    python -m tests.fuzz --reproduce workflow CRASH.bin
    python -m tests.fuzz --target calendar --seconds 300 --grow   # add to the corpus

First every committed corpus file and reproducer (``crashes/<target>/``) is
run once; then each target is fuzzed in a worker process for ``--seconds``.
Exit status 1 when any crash is not listed in ``known_crashes.txt``, or a
listed crash's reproducers no longer crash (the fix landed: delete the
line); every crash is printed with its signature, traceback and input, and
its input is saved under ``--out``.
"""

from __future__ import annotations

import argparse
import base64
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.fuzz.crashes import (
    KNOWN,
    REPRODUCERS,
    Recorder,
    TargetTimeout,
    classify,
    exception_summary,
    known_signatures,
    reproducers,
    signature,
    time_limit,
)
from tests.fuzz.engines import ENGINES, available, seed_files
from tests.fuzz.targets import CORPUS, ROOT, TARGETS, make

SHOWN = 600
"""Bytes of a crashing input printed in the report (all of it is in the saved file)."""


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments and run (see the module docstring); the exit status."""
    args = _parser().parse_args(argv)
    if args.reproduce:
        return reproduce(args.reproduce[0], Path(args.reproduce[1]), args.timeout)
    targets = args.target or list(TARGETS)
    engine = args.engine
    if engine == "auto":
        engine = "atheris" if available("atheris") else "hypothesis"
    elif not available(engine):
        print(f"fuzz: {engine} is not installed (pip install atheris)", file=sys.stderr)
        return 2
    out = Path(args.out or tempfile.mkdtemp(prefix="caseflow-fuzz-"))
    out.mkdir(parents=True, exist_ok=True)
    known = known_signatures()
    print(f"fuzz: engine {engine}; crashes and logs in {out}", flush=True)

    found: dict[str, dict[str, object]] = {}
    still_crashing: set[str] = set()
    for name in targets:
        for sig, info in replay(name, out, args.timeout).items():
            found.setdefault(sig, info)
            if info["reproducer"]:
                still_crashing.add(sig)
    if not args.replay:
        for name in targets:
            for sig, info in fuzz(name, engine, args, out).items():
                found.setdefault(sig, info)
    return report(found, known, still_crashing, targets)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__.splitlines()[0])
    p.add_argument("--target", action="append", choices=TARGETS, help="repeatable; default all")
    p.add_argument("--seconds", type=float, default=60, help="fuzzing time per target")
    p.add_argument("--engine", choices=("auto", *ENGINES), default="auto")
    p.add_argument("--timeout", type=float, default=10, help="seconds one input may run")
    p.add_argument("--out", help="folder for crash inputs and logs (default: a new temp folder)")
    p.add_argument("--replay", action="store_true", help="run the corpus and reproducers only")
    p.add_argument(
        "--grow", action="store_true", help="add inputs that reach new code to the corpus (atheris)"
    )
    p.add_argument("--reproduce", nargs=2, metavar=("TARGET", "FILE"), help="run one input")
    return p


def replay(name: str, out: Path, timeout: float) -> dict[str, dict[str, object]]:
    """Run every corpus, seed and reproducer file of ``name`` once; the crashes found."""
    target = make(name)
    recorder = Recorder(name, out / "replay")
    crashes: dict[str, dict[str, object]] = {}
    folder = REPRODUCERS / name
    listed = sorted(folder.glob("*")) if folder.is_dir() else []
    for path in [*seed_files(name), *listed]:
        data = path.read_bytes()
        try:
            with time_limit(timeout):
                target(data)
        except BaseException as err:
            if isinstance(err, KeyboardInterrupt):
                raise
            if classify(err):
                crash = recorder.add(data, err)
                info = crashes.setdefault(
                    crash.signature,
                    {"input": str(recorder.input_path(crash)), "reproducer": False},
                )
                info["reproducer"] = info["reproducer"] or path in listed
                info["trace"], info["data"] = crash.trace, crash.data
    print(f"fuzz: {name}: replayed {len(seed_files(name)) + len(listed)} files", flush=True)
    return crashes


def fuzz(
    name: str, engine: str, args: argparse.Namespace, out: Path
) -> dict[str, dict[str, object]]:
    """Fuzz ``name`` in a worker process; the crashes it recorded."""
    scratch = Path(tempfile.mkdtemp(prefix=f"caseflow-fuzz-{name}-"))
    log = out / f"{name}.log"
    cmd = [sys.executable, "-m", "tests.fuzz.worker", name, engine, str(args.seconds), str(out)]
    cmd += [str(args.timeout), str(scratch)]
    started = time.monotonic()
    with log.open("wb") as fp:
        try:
            code = subprocess.run(
                cmd,
                cwd=ROOT,
                stdout=fp,
                stderr=subprocess.STDOUT,
                timeout=args.seconds + 300,
                check=False,
            ).returncode
        except subprocess.TimeoutExpired:
            code = -1
    if args.grow and engine == "atheris":
        grow(name, cmd, scratch, out)
    elif args.grow:
        print("fuzz: --grow needs atheris (libFuzzer's merge); the corpus is unchanged")
    shutil.rmtree(scratch, ignore_errors=True)
    stats_path = out / f"{name}-stats.json"
    stats = json.loads(stats_path.read_text()) if stats_path.exists() else {}
    runs = _done_runs(log) or stats.get("executions", 0)
    index_path = out / f"{name}-crashes.json"
    index = json.loads(index_path.read_text()) if index_path.exists() else []
    crashes = {
        c["signature"]: {
            "input": c["input"],
            "trace": c["traceback"],
            "data": Path(c["input"]).read_bytes(),
            "count": c["count"],
        }
        for c in index
    }
    for artifact in sorted(out.glob(f"{name}-libfuzzer-*")):
        sig = f"{name} libFuzzer:{artifact.name.split('-libfuzzer-')[1].split('-')[0]} -"
        tail = log.read_text(errors="replace").splitlines()[-30:]
        crashes[sig] = {
            "input": str(artifact),
            "trace": "\n".join(tail),
            "data": artifact.read_bytes(),
        }
    if code != 0 and not crashes:
        tail = log.read_text(errors="replace").splitlines()[-30:]
        crashes[f"{name} worker-exit:{code} -"] = {
            "input": str(log),
            "trace": "\n".join(tail),
            "data": b"",
        }
    print(
        f"fuzz: {name} ({engine}): {runs:,} executions in {time.monotonic() - started:.0f} s; "
        f"{len(crashes)} distinct crash(es)",
        flush=True,
    )
    return crashes


def grow(name: str, cmd: list[str], scratch: Path, out: Path) -> None:
    """Keep in ``corpus/<name>/`` its named seeds plus the fewest found inputs covering new code.

    libFuzzer merges the corpus and the run's finds into the named seeds
    (files it names by their SHA-1 are its own); counting edges, not hit
    counts (``-use_counters=0``), keeps the corpus a few dozen small files.
    """
    corpus = CORPUS / name
    found = re.compile(r"[0-9a-f]{40}")
    base = scratch / "grown"
    base.mkdir()
    for path in corpus.iterdir():
        if not found.fullmatch(path.name):
            shutil.copy(path, base / path.name)
    flags = ["-merge=1", "-use_counters=0", str(base), str(corpus), str(scratch / "corpus")]
    merge_cmd = [*cmd[:4], "merge", *cmd[5:], *flags]
    with (out / f"{name}-merge.log").open("wb") as fp:
        subprocess.run(merge_cmd, cwd=ROOT, stdout=fp, stderr=subprocess.STDOUT, check=False)
    before = {p.name for p in corpus.iterdir() if found.fullmatch(p.name)}
    after = {p.name for p in base.iterdir() if found.fullmatch(p.name)}
    for gone in before - after:
        (corpus / gone).unlink()
    for new in after - before:
        shutil.copy(base / new, corpus / new)
    print(
        f"fuzz: {name}: corpus {len(before)} -> {len(after)} found inputs in {corpus}"
        f" (+{len(after - before)}, -{len(before - after)})",
        flush=True,
    )


def _done_runs(log: Path) -> int:
    for line in reversed(log.read_text(errors="replace").splitlines()):
        if line.startswith("stat::number_of_executed_units:"):
            return int(line.split(":")[-1])
    return 0


def report(
    found: dict[str, dict[str, object]],
    known: set[str],
    still_crashing: set[str],
    targets: list[str],
) -> int:
    """Print every crash and the known list's state; 1 when CI must fail."""
    new = sorted(s for s in found if s not in known)
    seen_known = sorted(s for s in found if s in known)
    fixed = sorted(
        s for s in known if s.split()[0] in targets and s not in still_crashing and reproducers(s)
    )
    unproven = sorted(s for s in known if not reproducers(s))
    for sig in seen_known:
        print(f"fuzz: known crash (listed in {KNOWN.name}): {sig}")
    for sig in new:
        info = found[sig]
        data = info["data"]
        assert isinstance(data, bytes)
        print(f"\nfuzz: NEW CRASH {sig}\n  input saved to {info['input']} ({len(data)} bytes)")
        print(f"  input: {data[:SHOWN]!r}{' ...' if len(data) > SHOWN else ''}")
        if len(data) <= 4096:
            print(f"  base64: {base64.b64encode(data).decode()}")
        print(f"  reproduce: python -m tests.fuzz --reproduce {sig.split()[0]} {info['input']}")
        print("  " + str(info["trace"]).rstrip().replace("\n", "\n  "))
    for sig in unproven:
        print(f"fuzz: {sig!r} is listed but has no reproducer in {REPRODUCERS}; add one")
    for sig in fixed:
        print(f"fuzz: FIXED: {sig!r} no longer crashes on its reproducers; delete it from {KNOWN}")
    status = 1 if new or fixed else 0
    print(
        f"fuzz: {len(new)} new crash(es), {len(seen_known)} known, {len(fixed)} fixed but still listed"
        f" -> {'FAIL' if status else 'ok'}"
    )
    return status


def reproduce(name: str, path: Path, timeout: float) -> int:
    """Run ``path`` through target ``name`` once and say what happened; 1 on a crash."""
    target = make(name)
    data = path.read_bytes()
    try:
        with time_limit(timeout):
            target(data)
    except (Exception, TargetTimeout) as err:
        if not classify(err):
            print(f"fuzz: {name}: a clear error, not a crash: {exception_summary(err)}")
            return 0
        import traceback

        traceback.print_exception(err)
        print(f"fuzz: crash {signature(name, err)}")
        return 1
    print(f"fuzz: {name}: the input loads without error")
    return 0


if __name__ == "__main__":
    sys.exit(main())

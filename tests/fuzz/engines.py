"""Running one target for a bounded time, under atheris or hypothesis.

``run`` is what a worker process does: build the target (instrumented for
coverage under atheris), feed it inputs until the time is up, and record
every crash through a ``crashes.Recorder`` and the count of executions in
``<target>-stats.json``. atheris (libFuzzer) starts from the committed
corpus and the seed folders and writes the inputs it finds interesting to a
scratch folder, which ``merge`` can fold into the committed corpus (only
the inputs that reach code the corpus does not yet reach); hypothesis,
the fallback where atheris does not install, draws ``st.binary()`` and
mutations of the same seeds. Choosing the engine and reporting is
``__main__``'s job.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import shlex
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tests.fuzz.crashes import Recorder, classify, time_limit
from tests.fuzz.targets import CORPUS, SEEDS, Target, make

__all__ = ["ENGINES", "available", "merge", "run", "seed_files"]

ENGINES = ("atheris", "hypothesis")
MAX_LEN = 8192
"""The largest input either engine makes; every known fault fits in far less."""

TOKENS = (
    b"{", b"}", b"[", b"]", b"\n", b"\n  ", b": ", b"- ", b"&a ", b"*a", b"<<: ", b"!!python",
    b"~", b"null", b"\\ud800", b'"\\ud800"', b"\xed\xa0\x80", b"\x00", b"\xff", b"9999-12-31",
    b"0001-01-01", b"states:", b"guards:", b"not: ", b"all: ", b"any: ", b"field: ", b"extends: ",
    b"transitions:", b"fields:", b"deadlines:", b"schedules:", b"overrides:", b'{"id": ',
    b'"history": [', b'"trigger": "start"', b'"data": {', b'"at": "', b"1e999", b"-1",
)  # fmt: skip
"""Bytes worth inserting: YAML and JSON syntax, known-bad values, section names.

The hypothesis mutator inserts them; libFuzzer gets them as its dictionary.
"""


def available(engine: str) -> bool:
    """Whether ``engine`` can run here."""
    if engine == "hypothesis":
        return True
    try:
        import atheris  # noqa: F401
    except ImportError:
        return False
    return True


def seed_files(target: str) -> list[Path]:
    """The committed corpus of ``target`` and its seed folders' files, sorted."""
    out: list[Path] = []
    for folder in [CORPUS / target, *SEEDS[target]]:
        if folder.is_dir():
            out.extend(p for p in sorted(folder.rglob("*")) if p.is_file())
    return out


def run(
    target_name: str,
    *,
    engine: str,
    seconds: float,
    out: Path,
    timeout: float,
    scratch: Path,
) -> None:
    """Fuzz ``target_name`` for ``seconds`` (see the module docstring); never raises on a crash."""
    recorder = Recorder(target_name, out)
    stats = {"target": target_name, "engine": engine, "executions": 0, "seconds": 0.0}
    stats_path = out / f"{target_name}-stats.json"
    start = time.monotonic()
    last_write = [start]

    def one(data: bytes) -> None:
        stats["executions"] += 1  # type: ignore[operator]
        try:
            with time_limit(timeout):
                target(data)
        except BaseException as err:
            if isinstance(err, KeyboardInterrupt) or not classify(err):
                if isinstance(err, KeyboardInterrupt):
                    raise
                return
            crash = recorder.add(data, err)
            if crash.count == 1:
                print(f"fuzz: crash {crash.signature}", file=sys.stderr, flush=True)
        now = time.monotonic()
        if now - last_write[0] > 1:
            last_write[0] = now
            stats["seconds"] = round(now - start, 1)
            stats_path.write_text(json.dumps(stats))

    # The worker works in a scratch folder: a fuzzed file name (a calendar's
    # `extends:`) then reads nothing of the repository.
    os.chdir(scratch)
    if engine == "atheris":
        target = _instrumented(target_name)
        _run_atheris(target_name, one, seconds, out, scratch)
    else:
        target = make(target_name)
        _run_hypothesis(target_name, one, seconds)
    stats["seconds"] = round(time.monotonic() - start, 1)
    stats_path.write_text(json.dumps(stats))
    recorder.write_index()


def _instrumented(target_name: str) -> Target:
    import atheris

    # Only what the target imports is instrumented: the store's modules slow
    # the workflow target down and teach it nothing.
    with atheris.instrument_imports(include=["caseflow", "yaml"]):
        importlib.import_module("yaml")
        return make(target_name)


def _run_atheris(
    target_name: str,
    one: Callable[[bytes], None],
    seconds: float,
    out: Path,
    scratch: Path,
) -> None:
    import atheris

    work = scratch / "corpus"
    work.mkdir(parents=True, exist_ok=True)
    seeds = [str(p) for p in [CORPUS / target_name, *SEEDS[target_name]] if p.is_dir()]
    dictionary = scratch / "tokens.dict"
    dictionary.write_text("".join(f'"{_dict_escape(t)}"\n' for t in TOKENS), encoding="ascii")
    argv = [
        sys.argv[0],
        f"-dict={dictionary}",
        f"-max_total_time={max(1, int(seconds))}",
        f"-max_len={MAX_LEN}",
        "-timeout=120",  # a backstop: the per-input limit is time_limit's
        "-rss_limit_mb=4096",
        f"-artifact_prefix={out}/{target_name}-libfuzzer-",
        "-print_final_stats=1",
        str(work),
        *seeds,
    ]
    atheris.Setup(argv, one)
    with contextlib.suppress(SystemExit):
        atheris.Fuzz()


def _dict_escape(token: bytes) -> str:
    """``token`` as a libFuzzer dictionary string: printable ASCII as is, the rest as \\xNN."""
    return "".join(chr(b) if 32 <= b < 127 and b not in (34, 92) else f"\\x{b:02x}" for b in token)


def merge(target_name: str, scratch: Path, timeout: float, flags: list[str]) -> None:
    """Run libFuzzer's merge (``flags``: ``-merge=1 ... INTO FROM...``) on the target.

    An input joins INTO only if what is there does not already cover what
    it covers (``__main__.grow`` says which folders). libFuzzer runs the merge in child processes by running its own command
    line again with ``flags`` added; that command is this worker's (a shell
    line, so it can name the interpreter and the module).
    """
    import atheris

    recorder = Recorder(target_name, scratch / "merge-out")
    os.chdir(scratch)
    target = _instrumented(target_name)

    def one(data: bytes) -> None:
        try:
            with time_limit(timeout):
                target(data)
        except BaseException as err:
            if isinstance(err, KeyboardInterrupt):
                raise
            if classify(err):
                recorder.add(data, err)

    root = Path(__file__).resolve().parents[2]
    again = (
        f"env PYTHONPATH={shlex.quote(str(root))} {shlex.quote(sys.executable)} -m tests.fuzz.worker"
        f" {target_name} merge 0 - {timeout} {shlex.quote(str(scratch))}"
    )
    atheris.Setup([again, f"-max_len={MAX_LEN}", *flags], one)
    with contextlib.suppress(SystemExit):
        atheris.Fuzz()


def _run_hypothesis(target_name: str, one: Callable[[bytes], None], seconds: float) -> None:
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import strategies as st

    seeds = [p.read_bytes()[:MAX_LEN] for p in seed_files(target_name)] or [b""]

    @st.composite
    def mutated(draw: st.DrawFn) -> bytes:
        data = bytearray(draw(st.sampled_from(seeds)))
        for _ in range(draw(st.integers(1, 8))):
            pos = draw(st.integers(0, len(data)))
            op = draw(st.integers(0, 5))
            if op == 0:
                data[pos:pos] = draw(st.binary(max_size=16))
            elif op == 1:
                del data[pos : pos + draw(st.integers(1, 64))]
            elif op == 2 and data:
                data[min(pos, len(data) - 1)] = draw(st.integers(0, 255))
            elif op == 3:
                chunk = data[pos : pos + draw(st.integers(1, 32))]
                data[pos:pos] = chunk * draw(st.integers(1, 400))
            elif op == 4:
                other = draw(st.sampled_from(seeds))
                at = draw(st.integers(0, len(other)))
                data[pos:pos] = other[at : at + draw(st.integers(1, 512))]
            else:
                data[pos:pos] = draw(st.sampled_from(TOKENS))
        return bytes(data[:MAX_LEN])

    inputs = st.one_of(st.binary(max_size=512), mutated())
    end = time.monotonic() + seconds

    @settings(
        max_examples=500,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(inputs)
    def batch(data: bytes) -> None:
        if time.monotonic() < end:
            one(data)

    while time.monotonic() < end:
        batch()

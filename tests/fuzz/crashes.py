"""Crashes: their signatures, their saved inputs, and the list of known ones.

A crash is any exception from a target that is not a ``CaseflowError``
(``TargetTimeout`` included: an input that runs past the limit hangs a
user). Its signature is ``TARGET EXCEPTION FILE:FUNCTION``, the function
being the innermost caseflow frame (for a ``RecursionError`` or a timeout,
see ``_stable_frame``: where Python or the alarm happened to stop must not
change it). Line numbers are left out so that edits elsewhere in a module
keep a signature.

``known_crashes.txt`` is the one place that lists the crashes expected until
their fixes land; a run fails on any other crash, and also on a listed one
whose committed reproducer (``crashes/<target>/``) no longer crashes, so the
list empties as the fixes merge. ``Recorder`` keeps the smallest input per
signature in a run's output folder.
"""

from __future__ import annotations

import collections
import contextlib
import hashlib
import json
import signal
import traceback
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

__all__ = [
    "KNOWN",
    "REPRODUCERS",
    "Crash",
    "Recorder",
    "TargetTimeout",
    "classify",
    "exception_summary",
    "known_signatures",
    "reproducers",
    "signature",
    "signature_key",
    "time_limit",
]

HERE = Path(__file__).resolve().parent
KNOWN = HERE / "known_crashes.txt"
REPRODUCERS = HERE / "crashes"


class TargetTimeout(BaseException):
    """One input ran longer than the time limit (a BaseException so no ``except Exception`` eats it)."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise ``TargetTimeout`` inside the block once ``seconds`` have passed."""

    def expire(signum: int, frame: FrameType | None) -> None:
        raise TargetTimeout(f"the input ran longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def classify(err: BaseException) -> bool:
    """True when ``err`` is a crash (not a ``CaseflowError``)."""
    from caseflow.errors import CaseflowError

    return not isinstance(err, CaseflowError)


def signature(target: str, err: BaseException) -> str:
    """``TARGET EXCEPTION FILE:FUNCTION`` for a crash (see the module docstring)."""
    frames = [
        (_short(f.filename), f.name)
        for f in traceback.extract_tb(err.__traceback__)
        if "/caseflow/" in f.filename.replace("\\", "/")
    ]
    where = "-"
    if frames and isinstance(err, RecursionError | TargetTimeout):
        where = "{}:{}".format(*_stable_frame(frames))
    elif frames:
        where = "{}:{}".format(*frames[-1])
    return f"{target} {type(err).__name__} {where}"


def _stable_frame(frames: list[tuple[str, str]]) -> tuple[str, str]:
    """The frame of a deep or slow crash that does not move with where it stopped.

    Among the functions repeated on the stack (at least half as often as the
    most repeated one, so mutual recursion gives one answer), the first by
    name; with nothing repeated (a slow loop), the function the public entry
    point called.
    """
    counts = collections.Counter(frames)
    top = max(counts.values())
    repeated = [f for f, n in counts.items() if n >= max(2, top // 2)]
    if repeated:
        return min(repeated)
    return frames[1] if len(frames) > 1 else frames[0]


def _short(filename: str) -> str:
    path = filename.replace("\\", "/")
    return path[path.rindex("/caseflow/") + 1 :]


def signature_key(sig: str) -> str:
    """The 12 hex digits that name a signature's files (``<target>-<key>.bin``, ``<key>-*``)."""
    return hashlib.sha1(sig.encode()).hexdigest()[:12]


def reproducers(sig: str) -> list[Path]:
    """The committed reproducers of ``sig``: ``crashes/<target>/<key>-*``."""
    return sorted((REPRODUCERS / sig.split()[0]).glob(f"{signature_key(sig)}-*"))


def known_signatures(path: Path = KNOWN) -> set[str]:
    """The signatures listed in ``known_crashes.txt`` (blank lines and ``#`` comments skipped)."""
    out: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.add(" ".join(line.split()))
    return out


class Crash:
    """One distinct crash of a run: its signature, smallest input, traceback and count."""

    def __init__(self, sig: str, data: bytes, trace: str) -> None:
        self.signature = sig
        self.data = data
        self.trace = trace
        self.count = 1

    @property
    def key(self) -> str:
        return signature_key(self.signature)


class Recorder:
    """Collects a run's crashes in ``out``: ``<target>-<key>.bin`` and ``crashes.json``."""

    def __init__(self, target: str, out: Path) -> None:
        self.target = target
        self.out = out
        self.crashes: dict[str, Crash] = {}
        out.mkdir(parents=True, exist_ok=True)

    def add(self, data: bytes, err: BaseException) -> Crash:
        sig = signature(self.target, err)
        crash = self.crashes.get(sig)
        trace = "".join(traceback.format_exception(err, limit=-12))
        if crash is None:
            crash = self.crashes[sig] = Crash(sig, data, trace)
            self._save(crash)
        else:
            crash.count += 1
            if len(data) < len(crash.data):
                crash.data, crash.trace = data, trace
                self._save(crash)
        return crash

    def input_path(self, crash: Crash) -> Path:
        return self.out / f"{self.target}-{crash.key}.bin"

    def _save(self, crash: Crash) -> None:
        self.input_path(crash).write_bytes(crash.data)
        self.write_index()

    def write_index(self) -> None:
        index = [
            {
                "signature": c.signature,
                "input": str(self.input_path(c)),
                "count": c.count,
                "size": len(c.data),
                "traceback": c.trace,
            }
            for c in self.crashes.values()
        ]
        (self.out / f"{self.target}-crashes.json").write_text(json.dumps(index, indent=1))


def exception_summary(err: BaseException) -> str:
    """The exception's last traceback line, short enough to print."""
    text = "".join(traceback.format_exception_only(err)).strip().splitlines()[-1]
    return text if len(text) <= 200 else text[:197] + "..."

"""The fuzz targets: one function of bytes per reader of untrusted input.

A target returns normally or raises a ``CaseflowError``; anything else it
raises is a crash. ``make(name)`` imports caseflow and builds the target
(the import happens there, so a worker can instrument it for coverage);
``SEEDS`` names where each target's seed files come from besides its
committed corpus. Recording crashes is ``crashes``' job, running targets
``engines``'.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["CORPUS", "ROOT", "SEEDS", "TARGETS", "Target", "make"]

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).resolve().parent / "corpus"
SHIPPED = ROOT / "src" / "caseflow" / "workflows"

Target = Callable[[bytes], None]

TARGETS = ("workflow", "import", "calendar")
"""The target names, in the order a run takes them."""

SEEDS: dict[str, list[Path]] = {
    "workflow": [ROOT / "tests" / "malformed", SHIPPED],
    "import": [],
    "calendar": [SHIPPED / "calendars"],
}
"""Folders whose files seed a target besides ``corpus/<target>/`` (read, never written)."""


def make(name: str) -> Target:
    """The target called ``name``, with caseflow imported now."""
    if name == "workflow":
        return _workflow_target()
    if name == "import":
        return _ImportTarget()
    if name == "calendar":
        return _calendar_target()
    raise ValueError(f"unknown fuzz target {name!r}; targets: {', '.join(TARGETS)}")


def _workflow_target() -> Target:
    from caseflow.workflow import load_workflow

    def target(data: bytes) -> None:
        # bytes are always YAML text, never a path: the fuzzer must not read files.
        load_workflow(data, filename="fuzz.yaml")

    return target


def _calendar_target() -> Target:
    from caseflow.calendars import load_calendar

    def target(data: bytes) -> None:
        load_calendar(data, filename="fuzz.yaml")

    return target


class _ImportTarget:
    """JSON Lines bytes imported into an in-memory SQLite store, as ``caseflow import`` would.

    The bytes are split into lines and decoded as UTF-8; bytes that are not
    UTF-8 become lone surrogates (``surrogateescape``), which the store must
    refuse with a clear error. An odd-length input is imported with
    ``accept_redacted=True``, an even one without, so both paths are tried.
    The shipped workflows are known, as they are to the command. One store
    serves every input that fails (an import is all or nothing); it is opened
    anew after an input that imports or crashes.
    """

    def __init__(self) -> None:
        from caseflow.store import open_store
        from caseflow.workflow import load_workflow

        self._open: Callable[[], Any] = lambda: open_store("sqlite:///:memory:")
        self._workflows = [load_workflow(p) for p in sorted(SHIPPED.glob("*.yaml"))]
        self._store: Any = None

    def __call__(self, data: bytes) -> None:
        from caseflow.errors import CaseflowError

        text = _decode(data)
        lines = text.splitlines(keepends=True)
        if self._store is None:
            self._store = self._open()
        try:
            self._store.import_jsonl(
                lines, workflows=self._workflows, accept_redacted=len(data) % 2 == 1
            )
        except CaseflowError:
            raise
        except BaseException:
            self._reset()
            raise
        self._reset()

    def _reset(self) -> None:
        store, self._store = self._store, None
        # A store left broken by a crash may fail to close: the crash is reported already.
        with contextlib.suppress(Exception):
            store.close()


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("utf-8", "surrogateescape")

"""The malformed-workflow corpus in ``tests/malformed/`` and its manifest.

``tests/malformed/expected.txt`` has one line per corpus file::

    FILE LINE:COL SUBSTRING

where LINE:COL is where the first problem (in reading order) is reported and
SUBSTRING is a distinctive part of its message. Blank lines and lines that
start with ``#`` are ignored. Both the loader tests and the command-line
tests read the corpus through ``load_manifest``, so they agree on it.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

__all__ = ["CORPUS", "MANIFEST", "Expected", "load_manifest"]

CORPUS = Path(__file__).parent / "malformed"
MANIFEST = CORPUS / "expected.txt"


class Expected(NamedTuple):
    """What the loader must report first for one corpus file."""

    path: Path
    line: int
    column: int
    message: str

    @property
    def name(self) -> str:
        """The corpus file's name, e.g. ``01-empty.yaml`` (a handy test id)."""
        return self.path.name


def load_manifest(manifest: Path = MANIFEST) -> list[Expected]:
    """Every entry of the manifest, in file order; ValueError on a bad line."""
    entries: list[Expected] = []
    for number, raw in enumerate(manifest.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split(" ", 2)
        if len(parts) != 3 or parts[1].count(":") != 1:
            raise ValueError(
                f"{manifest}:{number}: expected 'FILE LINE:COL SUBSTRING', got {raw!r}"
            )
        name, place, message = parts
        row, _, col = place.partition(":")
        if not (row.isdigit() and col.isdigit()):
            raise ValueError(f"{manifest}:{number}: LINE:COL must be two numbers, got {place!r}")
        entries.append(Expected(manifest.parent / name, int(row), int(col), message))
    return entries

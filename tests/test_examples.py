"""Every script in examples/ runs cleanly: the gallery is also a test."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = sorted((Path(__file__).parent.parent / "examples").glob("*.py"))


def test_there_are_examples() -> None:
    """The gallery is not empty."""
    assert len(EXAMPLES) >= 2


@pytest.mark.parametrize("script", EXAMPLES, ids=lambda p: p.name)
def test_example_runs(script: Path) -> None:
    """The example exits 0, prints something, and writes nothing to stderr."""
    proc = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, check=False, timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip()
    assert proc.stderr == ""


def test_the_monthly_example_writes_where_it_says(tmp_path: Path) -> None:
    """monthly_reception.py --out DIR writes its documents there, and the paths it prints exist."""
    script = next(p for p in EXAMPLES if p.name == "monthly_reception.py")
    proc = subprocess.run(
        [sys.executable, str(script), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    written = [line.split()[1] for line in proc.stdout.splitlines() if line.startswith("wrote ")]
    assert len(written) == 3
    assert all(Path(path).is_file() and Path(path).parent == tmp_path for path in written)

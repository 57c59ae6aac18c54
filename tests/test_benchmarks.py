"""The benchmark runner works (a smoke run; no timing is asserted here)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

RUNNER = Path(__file__).parent.parent / "benchmarks" / "run.py"


@pytest.mark.slow
def test_the_runner_prints_its_table_in_quick_mode() -> None:
    """`python benchmarks/run.py --quick` runs every module and prints a row per measure."""
    pytest.importorskip("numpy")
    proc = subprocess.run(
        [sys.executable, str(RUNNER), "--quick", "--only", "engine,calendar,deadlines"],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    for expected in ("caseflow wf.fire", "add_working_days", "wf.deadlines"):
        assert expected in proc.stdout

"""The code stays formatted, linted and type-checked (strict mypy on src/)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


def _tool(module: str) -> None:
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"{module} is not installed (pip install -e '.[dev]')")


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def test_ruff_lint_is_clean() -> None:
    """ruff check finds nothing in src, tests, examples and benchmarks."""
    _tool("ruff")
    proc = _run("ruff", "check", "src", "tests", "examples", "benchmarks")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_ruff_format_is_clean() -> None:
    """The code is ruff-formatted."""
    _tool("ruff")
    proc = _run("ruff", "format", "--check", "src", "tests", "examples", "benchmarks")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mypy_strict_is_clean() -> None:
    """mypy in strict mode finds no error in src/caseflow."""
    _tool("mypy")
    proc = _run("mypy")
    assert proc.returncode == 0, proc.stdout + proc.stderr

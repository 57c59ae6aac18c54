"""What the command-line tests share: running `caseflow` in process, and a demo store."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from caseflow.cli import main


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """`caseflow ARGS...` in process: exit code, stdout, stderr; a crash is raised."""
    result = CliRunner(env=env).invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def demo_store(folder: Path) -> Path:
    """The store `caseflow demo --out FOLDER/caseflow-demo` leaves: 21 reception cases."""
    code, _, err = run("demo", "--out", str(folder / "caseflow-demo"))
    assert code == 0, err
    return folder / "caseflow-demo" / "cases.db"

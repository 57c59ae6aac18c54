"""Issue 10, items 9 and 10: CI proves both backends, and fuzzing is part of the suite.

The fuzz targets themselves run for minutes in ``.ci/run``'s own step
(``python -m tests.fuzz``); here the committed corpus is replayed through
each target (seconds), the harness is held to its promises (a crash outside
``CaseflowError`` fails, a known one is reported, a fixed one must leave the
list), and the CI hook of ``conftest.py`` is run on a planted skip.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from caseflow.errors import DefinitionError, InputError
from tests.fuzz import __main__ as fuzz_main
from tests.fuzz.__main__ import report
from tests.fuzz.crashes import (
    KNOWN,
    TargetTimeout,
    _stable_frame,
    classify,
    known_signatures,
    reproducers,
    signature,
    time_limit,
)
from tests.fuzz.engines import seed_files
from tests.fuzz.targets import CORPUS, ROOT, TARGETS, make

# -- the corpus ------------------------------------------------------------------


@pytest.mark.parametrize("name", TARGETS)
def test_every_corpus_and_seed_input_loads_or_fails_with_a_caseflow_error(name: str) -> None:
    """Every committed corpus and seed file loads or raises a CaseflowError, known crashes aside."""
    target = make(name)
    known = known_signatures()
    crashes = []
    for path in seed_files(name):
        try:
            with time_limit(10):
                target(path.read_bytes())
        except (Exception, TargetTimeout) as err:
            if classify(err) and signature(name, err) not in known:
                crashes.append(f"{path.name}: {signature(name, err)}: {err!r:.200}")
    assert crashes == []


@pytest.mark.parametrize("name", TARGETS)
def test_each_target_has_a_small_committed_corpus(name: str) -> None:
    """corpus/<target>/ holds seeds, each small enough to read in a diff (at most 16 KB)."""
    files = list((CORPUS / name).iterdir())
    assert files
    assert all(f.stat().st_size <= 16 * 1024 for f in files)


# -- the harness -----------------------------------------------------------------


def test_a_caseflow_error_is_not_a_crash_and_anything_else_is() -> None:
    """classify: a CaseflowError is a clear refusal; any other exception, or a timeout, a crash."""
    assert not classify(InputError("bad"))
    assert not classify(DefinitionError([]))
    assert classify(AssertionError())
    assert classify(UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed"))
    assert classify(TargetTimeout("slow"))


def test_a_deep_crash_has_one_signature_wherever_it_stopped() -> None:
    """RecursionError and timeouts are named by the repeated function, not where the stack was cut."""
    entry = [
        ("caseflow/workflow.py", "load_workflow"),
        ("caseflow/loading/reader.py", "read_workflow"),
    ]
    a, b = (
        ("caseflow/conditions.py", "compile_condition"),
        ("caseflow/conditions.py", "_guard_check"),
    )
    cut_at_a = [*entry, *[a, b] * 400, a]
    cut_at_b = [*entry, *[a, b] * 401]
    assert _stable_frame(cut_at_a) == _stable_frame(cut_at_b) == b
    assert _stable_frame([*entry, ("caseflow/x.py", "loop")]) == entry[1]


def test_the_signature_names_the_innermost_caseflow_function() -> None:
    """A crash inside caseflow is named TARGET EXCEPTION caseflow/FILE:FUNCTION."""
    target = make("workflow")
    with pytest.raises(Exception) as caught:  # noqa: PT011 - any exception: this is the point
        target(b"caseflow: 1\nname: x\nstates:\n")
    if isinstance(caught.value, DefinitionError):
        return  # the fix landed: `states:` with no value is a clear error now
    assert signature("workflow", caught.value) == (
        "workflow AssertionError caseflow/loading/reader.py:read_workflow"
    )


def test_a_new_crash_fails_the_run_and_a_known_one_does_not(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """report: exit 1 on a crash not in known_crashes.txt, printing its input and how to reproduce it."""
    crash = {"input": "/tmp/x.bin", "trace": "Traceback ...\nKeyError: 'x'", "data": b"states:"}
    assert report({"workflow KeyError caseflow/x.py:f": crash}, set(), set(), ["workflow"]) == 1
    out = capsys.readouterr().out
    assert "NEW CRASH workflow KeyError caseflow/x.py:f" in out
    assert "python -m tests.fuzz --reproduce workflow /tmp/x.bin" in out
    assert "b'states:'" in out
    sig = "workflow KeyError caseflow/x.py:f"
    assert report({sig: crash}, {sig}, {sig}, ["workflow"]) == 0
    assert "known crash" in capsys.readouterr().out


def test_every_known_crash_has_a_committed_reproducer() -> None:
    """Each line of known_crashes.txt has an input in crashes/<target>/ that the lead can check."""
    assert [s for s in known_signatures() if not reproducers(s)] == []
    assert all(s.split()[0] in TARGETS for s in known_signatures())


def test_a_listed_crash_that_no_longer_crashes_fails_the_run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A known crash whose reproducer passes must be deleted from the list: the run says so and fails."""
    # A listed signature with a reproducer (the list itself is empty once every fix landed).
    sig = "workflow KeyError caseflow/x.py:f"
    known = {sig}
    monkeypatch.setattr(fuzz_main, "reproducers", lambda s: [Path("x.yaml")])
    assert report({}, known, known - {sig}, list(TARGETS)) == 1
    assert f"FIXED: {sig!r}" in capsys.readouterr().out


def test_the_known_crash_list_reads_comments_and_blank_lines(tmp_path: Path) -> None:
    """known_crashes.txt: one signature a line; '#' comments and blank lines are skipped."""
    path = tmp_path / "k.txt"
    path.write_text("# c\n\nimport  OverflowError  caseflow/a.py:f  # why\n", encoding="utf-8")
    assert known_signatures(path) == {"import OverflowError caseflow/a.py:f"}
    assert KNOWN.is_file()


def test_the_hypothesis_engine_runs_a_target_for_a_bounded_time(tmp_path: Path) -> None:
    """`python -m tests.fuzz --engine hypothesis` fuzzes, counts executions and stops on time."""
    engine = ["--engine", "hypothesis", "--out", str(tmp_path)]
    proc = subprocess.run(
        [sys.executable, "-m", "tests.fuzz", "--target", "calendar", "--seconds", "2", *engine],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "fuzz: calendar (hypothesis):" in proc.stdout, proc.stdout + proc.stderr
    assert (tmp_path / "calendar-stats.json").is_file()
    assert proc.returncode in (0, 1)  # 1 only if it found a new crash, which it then printed
    if proc.returncode:
        assert "NEW CRASH" in proc.stdout


# -- CI must not skip for want of PostgreSQL or Graphviz ---------------------------

PLANTED = textwrap.dedent(
    """
    import pytest

    @pytest.mark.postgres
    def test_needs_postgres():
        pytest.skip("no PostgreSQL at postgresql://nowhere")

    @pytest.mark.skipif(True, reason="Graphviz 'dot' is not installed")
    def test_needs_dot():
        pass

    def test_other_skip():
        pytest.skip("the shipped workflow has no deadlines yet")
    """
)


def _run_planted(tmp_path: Path, ci: str | None) -> subprocess.CompletedProcess[str]:
    (tmp_path / "conftest.py").write_text(
        "from tests.conftest import pytest_runtest_makereport  # noqa: F401\n"
        "def pytest_configure(config):\n"
        "    config.addinivalue_line('markers', 'postgres: needs PostgreSQL')\n",
        encoding="utf-8",
    )
    (tmp_path / "test_planted.py").write_text(PLANTED, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["PYTHONPATH"] = str(ROOT)
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs", str(tmp_path)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_under_ci_a_skip_for_postgres_or_graphviz_fails(tmp_path: Path) -> None:
    """CI=true: a test that skips for want of PostgreSQL or Graphviz fails; other skips stay skips."""
    proc = _run_planted(tmp_path, "true")
    assert proc.returncode == 1, proc.stdout
    assert "1 failed, 1 skipped, 1 error" in proc.stdout  # a skip in setup is an error
    assert "CI must provide PostgreSQL, Graphviz and LibreOffice" in proc.stdout


def test_a_local_run_without_the_services_skips_saying_why(tmp_path: Path) -> None:
    """Without CI, the same tests skip and the summary gives each reason."""
    proc = _run_planted(tmp_path, None)
    assert proc.returncode == 0, proc.stdout
    assert "3 skipped" in proc.stdout
    assert "no PostgreSQL at postgresql://nowhere" in proc.stdout
    assert "Graphviz 'dot' is not installed" in proc.stdout

"""The malformed-workflow corpus: every file is refused, at the right place.

Each file in ``tests/malformed/`` holds one class of mistake; the manifest
says where the first problem must be reported and what its message says.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from caseflow.errors import DefinitionError, Problem
from caseflow.loading import read_workflow
from tests.corpus import CORPUS, MANIFEST, Expected, load_manifest

ENTRIES = load_manifest()


def _problems(source: str | bytes | Path, filename: str | None = None) -> tuple[Problem, ...]:
    """The problems read_workflow raises for ``source``; fails if it raises nothing else."""
    with pytest.raises(DefinitionError) as info:
        read_workflow(source, filename=filename)
    problems = info.value.problems
    assert problems, "a DefinitionError must carry at least one problem"
    return problems


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.name)
def test_first_problem_is_where_the_manifest_says(entry: Expected) -> None:
    """Each corpus file is refused with its first problem at the expected place."""
    first = _problems(entry.path)[0]
    assert (first.line, first.column) == (entry.line, entry.column), str(first)
    assert entry.message in first.message


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.name)
def test_every_problem_names_the_path_given(entry: Expected) -> None:
    """Every problem of a corpus file names the file exactly as it was passed."""
    given = str(entry.path)
    problems = _problems(entry.path)
    assert {p.file for p in problems} == {given}
    assert all(p.line >= 1 and p.column >= 1 for p in problems)


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.name)
def test_bytes_and_path_give_the_same_problems(entry: Expected) -> None:
    """Reading a file's bytes under its name reports what reading its path does."""
    by_path = _problems(entry.path)
    by_bytes = _problems(entry.path.read_bytes(), filename=str(entry.path))
    assert by_bytes == by_path


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.name)
def test_problems_are_sorted_by_place(entry: Expected) -> None:
    """The problems of a corpus file come in reading order."""
    problems = _problems(entry.path)
    places = [(p.line, p.column) for p in problems]
    assert places == sorted(places)


def test_manifest_lists_each_corpus_file_exactly_once() -> None:
    """The manifest and the corpus folder name the same files, none twice."""
    listed = [e.name for e in ENTRIES]
    assert len(listed) == len(set(listed))
    assert set(listed) == {p.name for p in CORPUS.glob("*.yaml")}


def test_corpus_is_large_enough_and_named_in_order() -> None:
    """The corpus has at least 40 files named NN-short-name.yaml, numbered 01, 02, ..."""
    names = sorted(p.name for p in CORPUS.glob("*.yaml"))
    assert len(names) >= 40
    for number, name in enumerate(names, start=1):
        assert re.fullmatch(r"\d\d-[a-z0-9]+(-[a-z0-9]+)*\.yaml", name), name
        assert name.startswith(f"{number:02d}-"), name


def test_manifest_is_in_corpus_order() -> None:
    """The manifest lists the files in the order of their numbers."""
    listed = [e.name for e in ENTRIES]
    assert listed == sorted(listed)


def test_load_manifest_reads_the_simple_format(tmp_path: Path) -> None:
    """load_manifest reads FILE LINE:COL SUBSTRING, keeping spaces in the substring."""
    manifest = tmp_path / "expected.txt"
    manifest.write_text("# comment\n\n01-x.yaml 3:14 unknown key 'a b'\n", encoding="utf-8")
    assert load_manifest(manifest) == [Expected(tmp_path / "01-x.yaml", 3, 14, "unknown key 'a b'")]


@pytest.mark.parametrize("line", ["01-x.yaml 3 message", "01-x.yaml 3:x message", "01-x.yaml"])
def test_load_manifest_refuses_a_malformed_line(tmp_path: Path, line: str) -> None:
    """load_manifest names the manifest line it cannot read."""
    manifest = tmp_path / "expected.txt"
    manifest.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"expected\.txt:1: "):
        load_manifest(manifest)


def test_default_manifest_is_the_one_in_the_corpus() -> None:
    """The manifest read by default sits next to the corpus files."""
    assert MANIFEST.parent == CORPUS
    assert MANIFEST.is_file()

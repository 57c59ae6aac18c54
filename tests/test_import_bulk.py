"""An import's bulk settings are its own: the garbage collector and SQLite's cache come back.

Import pauses Python's cyclic garbage collector while it reads lines (and
collects between batches), and enlarges SQLite's page cache and keeps its
temporary data in memory for its transaction (docs/store.md, "Import and
export at scale"). Whether the import is written or refused, the caller
finds both as they were; what is stored is the same either way.
"""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest

from caseflow.errors import ImportRefused
from caseflow.store import jsonl, open_store
from caseflow.store.jsonl import case_line, line_text
from tests.store_helpers import main_path, petition, reception


def _lines(count: int) -> list[str]:
    wf = reception()
    out = []
    for i in range(count):
        case = main_path(wf, petition(f"TV-{i:04d}", wf), 3 + i % 3)
        out.append(line_text(case_line(case, [case.version] * len(case.history))))
    return out


def _pragmas(store: object) -> tuple[int, int]:
    conn = store.connection  # type: ignore[attr-defined]
    return (
        conn.execute("PRAGMA cache_size").fetchone()[0],
        conn.execute("PRAGMA temp_store").fetchone()[0],
    )


@pytest.mark.parametrize("collector", [True, False])
def test_an_import_leaves_the_garbage_collector_as_it_found_it(
    tmp_path: Path, collector: bool
) -> None:
    """Running or paused before an import, written or refused, the collector is so after it."""
    lines = _lines(3)
    spoilt = json.loads(lines[1])
    spoilt["state"] = "concluded"
    was = gc.isenabled()
    try:
        (gc.enable if collector else gc.disable)()
        with open_store(f"sqlite:///{tmp_path / 'a.db'}") as store:
            assert store.import_jsonl(lines, workflows=[reception()]) == 3
            assert gc.isenabled() is collector
        with open_store(f"sqlite:///{tmp_path / 'b.db'}") as store:
            with pytest.raises(ImportRefused):
                store.import_jsonl([lines[0], json.dumps(spoilt)], workflows=[reception()])
            assert gc.isenabled() is collector
            assert store.count() == 0
    finally:
        (gc.enable if was else gc.disable)()


def test_an_import_restores_the_sqlite_settings_it_changed(tmp_path: Path) -> None:
    """The page cache and temp store an import enlarges are back after it, even when refused."""
    lines = _lines(2)
    with open_store(f"sqlite:///{tmp_path / 's.db'}") as store:
        before = _pragmas(store)
        store.import_jsonl(lines[:1], workflows=[reception()])
        assert _pragmas(store) == before
        with pytest.raises(ImportRefused):
            store.import_jsonl(lines, workflows=[reception()])  # the first is there already
        assert _pragmas(store) == before
        assert store.count() == 1


def test_an_import_of_more_than_a_batch_collects_between_batches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the collector running, a long import collects its young objects batch by batch."""
    monkeypatch.setattr(jsonl, "PAGE", 2)
    calls: list[int] = []
    real = gc.collect
    monkeypatch.setattr(gc, "collect", lambda generation=2: calls.append(generation) or real(0))
    lines = _lines(5)
    was = gc.isenabled()
    gc.enable()
    try:
        with open_store(f"sqlite:///{tmp_path / 'c.db'}") as store:
            assert store.import_jsonl(lines, workflows=[reception()]) == 5
            assert [c.id for c in store.cases()] == [f"TV-{i:04d}" for i in range(5)]
    finally:
        (gc.enable if was else gc.disable)()
    assert calls == [1, 1]  # after each full batch of 2; the last, partial one is not followed

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
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from caseflow.errors import ImportRefused, InputError
from caseflow.store import jsonl, open_store, rows
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


_JSON_LIKE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@given(st.dictionaries(st.text() | st.integers() | st.none(), _JSON_LIKE, max_size=5))
def test_the_changes_encoder_writes_the_bytes_the_checking_encoder_writes(value: dict) -> None:  # type: ignore[type-arg]
    """Changes are stored as the same JSON text the checking encoder writes, or refused alike."""
    assert _outcome(rows._DUMPS_CHANGES, value) == _outcome(rows._DUMPS, value)


def _outcome(dumps: Callable[[Any], str], value: object) -> tuple[str, str]:
    try:
        return ("text", dumps(value))
    except (TypeError, ValueError) as err:  # infinity: not JSON
        return (type(err).__name__, str(err))


def test_a_mapping_that_holds_itself_is_refused_by_name_not_by_recursion() -> None:
    """Changes holding themselves are an InputError naming the case and event, not a crash."""
    wf = reception()
    case = petition("TV-LOOP", wf)
    loop: dict[str, object] = {}
    loop["self"] = loop
    changes = dict(case.history[0].changes, agencies=loop)
    case = attrs.evolve(case, history=(case.history[0]._replace(changes=changes),))
    with pytest.raises(InputError, match=r"case 'TV-LOOP', event 0: its data cannot be stored"):
        rows.event_rows(case, 0, frozenset())

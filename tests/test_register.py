"""The register of document numbers: consecutive per kind and period, never given twice.

Hướng dẫn 36-HD/VPTW and Nghị định 30/2020/NĐ-CP number each kind of paper
from 01 within a year or term. These tests run on both backends
(tests/store_helpers.py), including writers racing for numbers.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from caseflow.errors import InputError, StoreError
from caseflow.store import Store, open_store
from tests.store_helpers import raw, store, store_url

_ = (store, store_url)  # fixtures

DAY = dt.date(2026, 3, 20)


def give(s: Store, key: str, symbol: str = "TB/TU", period: str = "year:2026") -> int:
    """The number the register gives the paper ``key``."""
    number, _ = s.number_document(
        kind="notice", symbol=symbol, period=period, key=key, issued_on=DAY, case_ids=["A"]
    )
    return number


def test_numbers_run_from_one_per_symbol_and_period(store: Store) -> None:
    """Each symbol counts on its own from 1, and a new period starts again at 1."""
    assert [give(store, f"n{i}") for i in range(3)] == [1, 2, 3]
    assert give(store, "g1", symbol="GM/TU") == 1
    assert give(store, "n-next-year", period="year:2027") == 1
    assert give(store, "n3") == 4


def test_a_reprint_keeps_its_number_and_date(store: Store) -> None:
    """Asked again for a paper, the register gives the number and date it gave first."""
    first = store.number_document(
        kind="notice", symbol="TB/TU", period="year:2026", key="notice:1", issued_on=DAY
    )
    give(store, "other")
    again = store.number_document(
        kind="notice",
        symbol="TB/TU",
        period="year:2026",
        key="notice:1",
        issued_on=DAY + dt.timedelta(days=5),
    )
    assert again == first == (1, DAY)


def test_each_number_is_recorded_with_kind_date_and_cases(store: Store) -> None:
    """The register lists every number given: kind, symbol, period, number, date, case ids."""
    store.number_document(
        kind="invitation",
        symbol="GM/TU",
        period="year:2026",
        key="inv:TV-1",
        issued_on=DAY,
        case_ids=["TV-1", "TV-2"],
    )
    [row] = store.numbered_documents()
    assert (row.kind, row.symbol, row.period, row.number, row.key) == (
        "invitation",
        "GM/TU",
        "year:2026",
        1,
        "inv:TV-1",
    )
    assert row.issued_on == DAY
    assert row.case_ids == ("TV-1", "TV-2")


def test_numbers_survive_reopening_the_store(store_url: str) -> None:
    """A second run on the same store continues the count and reprints with the old numbers."""
    with open_store(store_url) as first:
        assert [give(first, k) for k in ("a", "b")] == [1, 2]
    with open_store(store_url) as second:
        assert give(second, "b") == 2
        assert give(second, "c") == 3


def test_the_register_refuses_to_be_rewritten(store: Store, store_url: str) -> None:
    """Rows of the register are append-only: an UPDATE is refused by the database."""
    give(store, "a")
    with pytest.raises(Exception, match="append-only"):
        raw(store_url, "UPDATE document_numbers SET number = 7")


def test_a_bad_date_is_refused(store: Store) -> None:
    """issued_on must be a date: InputError naming the value."""
    with pytest.raises(InputError, match="must be a date"):
        store.number_document(
            kind="notice",
            symbol="TB/TU",
            period="year:2026",
            key="k",
            issued_on="2026-03-20",  # type: ignore[arg-type]
        )


def test_writers_racing_for_numbers_never_share_one(store_url: str) -> None:
    """Four writers, each with its own connection, take 10 numbers each: 1..40, no repeats."""
    open_store(store_url).close()  # the tables exist before the race
    got: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def writer(n: int) -> None:
        try:
            with open_store(store_url) as s:
                mine = [give(s, f"w{n}-{i}") for i in range(10)]
            with lock:
                got.extend(mine)
        except (StoreError, OSError) as err:  # pragma: no cover - reported below
            errors.append(err)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(got) == list(range(1, 41))


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["TB/TU", "GM/TU"]), st.integers(0, 6)), max_size=25))
def test_numbers_follow_the_order_papers_are_first_asked_for(
    requests: list[tuple[str, int]],
) -> None:
    """Property: a paper's number is 1 + how many other papers of its symbol came first."""
    with (
        tempfile.TemporaryDirectory() as folder,
        open_store(f"sqlite:///{Path(folder) / 'r.db'}") as s,
    ):
        seen: dict[str, list[str]] = {}
        for symbol, k in requests:
            key = f"{symbol}:{k}"
            order = seen.setdefault(symbol, [])
            if key not in order:
                order.append(key)
            assert give(s, key, symbol=symbol) == order.index(key) + 1


def test_the_demo_run_twice_on_one_store_gives_no_number_twice(tmp_path: Path) -> None:
    """The second run is refused (its cases exist) and the register is left as it was."""
    from caseflow.cli.demo.month import run_demo
    from caseflow.errors import CaseflowError

    db = str(tmp_path / "cases.db")
    run_demo(db=db, out=tmp_path / "one", echo=lambda _: None)
    with open_store(f"sqlite:///{db}") as s:
        before = s.numbered_documents()
    with pytest.raises(CaseflowError, match="already has a case"):
        run_demo(db=db, out=tmp_path / "two", echo=lambda _: None)
    with open_store(f"sqlite:///{db}") as s:
        after = s.numbered_documents()
    assert after == before
    assert len(before) > 30
    assert len({(r.symbol, r.period, r.number) for r in after}) == len(after)

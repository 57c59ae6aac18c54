"""Worker processes for the store's reliability tests: ``python -m tests.store_worker MODE ...``.

``writer URL LOG ROUND``: saves batches of new and moved-on cases forever,
one transaction per batch, and appends each committed batch's number to LOG
(flushed and fsynced) right after its commit; the test kills it with SIGKILL.

``fire URL TRIGGER ROLE BARRIER CASE...``: for each case, loads it, prints
``loaded CASE``, waits until the file ``BARRIER.CASE`` exists, fires TRIGGER
and saves, then prints ``ok CASE`` or ``conflict CASE``.

``read-only URL``: warms up, drops root privileges if it has them (root
ignores file permissions), then lists, loads and tries to save; prints what
happened, one line each.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from caseflow.errors import ConcurrencyError, StoreError
from caseflow.store import open_store
from tests.store_helpers import T0, at, main_path, petition, reception

BATCH = 8
"""New cases per batch; each batch also moves on up to 4 cases of earlier batches."""


def writer(url: str, log: str, round_: str) -> None:
    wf = reception()
    store = open_store(url, workflows=[wf])
    earlier = [c.id for c in store.cases(state="received", limit=64)]
    with open_store("sqlite:///:memory:", workflows=[wf]) as warm:
        # Imports and the calendar loaded before "ready": a loaded machine could
        # otherwise be killed every round before its first batch commits.
        case = petition("warm-up", summary="x" * 200)
        main_path(wf, case, 3)
        warm.save_many([case])
    print("ready", flush=True)
    with open(log, "a", encoding="utf-8") as out:
        batch = 0
        while True:
            cases = []
            for j in range(BATCH):
                case = petition(f"R{round_}-B{batch:04d}-{j}", summary="x" * 200)
                main_path(wf, case, j % 4)
                cases.append(case)
            for cid in earlier[:4]:
                old = store.load(cid, wf)
                wf.fire(old, "screen", at=at(1), role="reception_officer")
                cases.append(old)
            earlier = earlier[4:]
            store.save_many(cases)
            out.write(f"R{round_}-B{batch:04d}\n")
            out.flush()
            os.fsync(out.fileno())
            batch += 1


def fire(url: str, trigger: str, role: str, barrier: str, case_ids: list[str]) -> None:
    wf = reception()
    store = open_store(url, workflows=[wf])
    for cid in case_ids:
        case = store.load(cid, wf)
        print(f"loaded {cid}", flush=True)
        gate = Path(f"{barrier}.{cid}")
        deadline = time.monotonic() + 20
        while not gate.exists():
            if time.monotonic() > deadline:
                print(f"timeout {cid}", flush=True)
                return
            time.sleep(0.001)
        wf.fire(case, trigger, at=at(2), role=role)
        try:
            store.save(case)
        except ConcurrencyError:
            print(f"conflict {cid}", flush=True)
        else:
            print(f"ok {cid}", flush=True)


def read_only(url: str) -> None:
    wf = reception()
    with open_store("sqlite:///:memory:", workflows=[wf]) as warm:
        # Everything imported and loaded while files can still be read.
        warm.save(petition("warm-up"))
        warm.load("warm-up", wf)
        warm.overdue(T0)
    if os.geteuid() == 0:
        os.setgid(65534)
        os.setuid(65534)
    store = open_store(url)
    print("cases " + ",".join(c.id for c in store.cases()), flush=True)
    print("state " + store.load("TV-1", wf).state, flush=True)
    try:
        store.save(petition("TV-2"), wf)
    except StoreError as err:
        print(f"refused {err}", flush=True)
    else:
        print("saved", flush=True)


if __name__ == "__main__":
    mode, *args = sys.argv[1:]
    if mode == "writer":
        writer(*args)
    elif mode == "fire":
        fire(args[0], args[1], args[2], args[3], args[4:])
    elif mode == "read-only":
        read_only(args[0])
    else:
        raise SystemExit(f"unknown mode {mode!r}")

"""An asyncio service firing 1,000 triggers at once on one set of cases, nothing lost.

No web framework: each "request" is an asyncio task that loads a case from
the store, fires a trigger whose guard and hook are ``async def`` (a
permission check and a notification an app would await), and saves it.
Requests for the same case race: the loser of a race gets
``ConcurrencyError`` and redoes its step on a fresh copy, as a web app
would retry. Afterwards the events are counted in the store (none lost,
none twice), and a ticker task that ran throughout reports how late the
event loop ever woke it (the loop's lag: a blocking store would show here).

Run: python examples/aio_concurrent_fires.py [FIRES] [--cases N] [--url URL]
     (default: 1,000 fires on 250 cases in a temporary SQLite store;
      --url postgresql://postgres@127.0.0.1:5432/test for PostgreSQL)
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

import caseflow
from caseflow import aio

ZONE = dt.timezone(dt.timedelta(hours=7))
T0 = dt.datetime(2026, 3, 2, 8, 0, tzinfo=ZONE)

DESK = """
caseflow: 1
name: desk
version: "1"
roles: {officer: {}}
guards:
  on_duty: {registered: true}
states:
  open: {initial: true}
  closed: {final: true}
transitions:
  - {trigger: note, from: open, to: open, when: on_duty, roles: [officer]}
  - {trigger: close, from: open, to: closed, roles: [officer]}
"""
notified = 0


async def on_duty(ctx: caseflow.GuardContext) -> bool:
    """An app's permission check that awaits something (a directory, a cache)."""
    await asyncio.sleep(0)
    return ctx.actor is not None


async def notify(case: caseflow.Case, event: caseflow.Event) -> None:
    """An app's notification, awaited after each step."""
    global notified
    await asyncio.sleep(0)
    notified += 1


async def ticker(lags: list[float], stop: asyncio.Event, every: float = 0.005) -> None:
    """Wake every ``every`` seconds and record how late the loop woke us."""
    loop = asyncio.get_running_loop()
    while not stop.is_set():
        planned = loop.time() + every
        await asyncio.sleep(every)
        lags.append(max(0.0, loop.time() - planned))


async def serve(url: str, fires: int, cases: int) -> int:
    wf = caseflow.load_workflow(DESK, guards={"on_duty": on_duty}, on_enter={"open": notify})
    async with await aio.open_store(url, workflows=[wf], connections=4) as store:
        await store.save_many(wf.start(f"HS-{i:04d}", at=T0) for i in range(cases))
        retries = 0

        async def request(n: int) -> None:
            nonlocal retries
            case_id = f"HS-{n % cases:04d}"
            while True:
                case = await store.load(case_id)
                at = case.updated_at + dt.timedelta(seconds=1)  # the app's clock, here made up
                await wf.afire(case, "note", at=at, actor=f"cb{n}", role="officer")
                try:
                    await store.save(case)
                    return
                except caseflow.ConcurrencyError:
                    retries += 1  # another request won the race: redo on a fresh copy

        lags: list[float] = []
        stop = asyncio.Event()
        tick = asyncio.create_task(ticker(lags, stop))
        began = time.perf_counter()
        await asyncio.gather(*(request(n) for n in range(fires)))
        took = time.perf_counter() - began
        stop.set()
        await tick

        heads = await store.cases(workflow="desk")
        stored = sum(h.events - 1 for h in heads)  # every event but each case's start
        ms = sorted(lag * 1000 for lag in lags)
        p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))] if ms else 0.0
        print(f"store:     {store.url}")
        print(f"served:    {fires:,} concurrent fires on {cases:,} cases in {took:.2f} s")
        print(f"conflicts: {retries:,} stale saves refused and redone")
        print(f"stored:    {stored:,} fire events counted in the store")
        print(f"hooks:     {notified:,} awaited (one per fire attempt, retries included)")
        print(
            f"loop lag:  max {ms[-1] if ms else 0:.1f} ms, p99 {p99:.1f} ms, "
            f"median {statistics.median(ms) if ms else 0:.1f} ms over {len(ms):,} ticks"
        )
        lost = fires - stored
        print("no event lost" if lost == 0 else f"LOST {lost} events")
        return 0 if lost == 0 else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("fires", nargs="?", type=int, default=1000)
    parser.add_argument("--cases", type=int, default=250)
    parser.add_argument("--url", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.url or f"sqlite:///{Path(folder) / 'desk.db'}?synchronous=normal"
        return asyncio.run(serve(url, args.fires, args.cases))


if __name__ == "__main__":
    raise SystemExit(main())

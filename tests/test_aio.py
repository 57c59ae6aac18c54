"""The asyncio face: async guards and hooks under ``wf.afire``, and ``caseflow.aio`` stores.

The store's behaviour under asyncio is the whole store suite, run through
``store_helpers.AwaitedStore``; here are what only asyncio has.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from caseflow import ConcurrencyError, ConfigurationError, InputError, TransitionNotAllowed, aio
from caseflow.case import Case, Event
from caseflow.conditions import GuardContext
from caseflow.workflow import Workflow, load_workflow
from tests.store_helpers import T0, at, store_url
from tests.strategies import ROLES, TRIGGERS, workflow_specs

_ = store_url  # fixture

FLOW = """
caseflow: 1
name: gated
version: "1"
guards:
  cleared: {registered: true}
states:
  received: {initial: true}
  checked: {}
  closed: {final: true}
transitions:
  - {trigger: check, from: received, to: checked, when: cleared}
  - {trigger: close, from: checked, to: closed}
"""


def gated(answer: bool, calls: list[str], **hooks: Any) -> Any:
    """The FLOW workflow with an async guard answering ``answer`` and counting its calls."""

    async def cleared(ctx: GuardContext) -> bool:
        calls.append(f"guard {ctx.trigger} {ctx.case.state}")
        await asyncio.sleep(0)
        return answer

    return load_workflow(FLOW, guards={"cleared": cleared}, **hooks)


def test_afire_awaits_an_async_guard_once_and_fires() -> None:
    """An async guard that answers true lets afire fire; it is awaited exactly once."""
    calls: list[str] = []
    wf = gated(True, calls)
    case = wf.start("A-1", at=T0)
    asyncio.run(wf.afire(case, "check", at=at(1)))
    assert case.state == "checked"
    assert calls == ["guard check received"]


def test_an_async_guard_that_answers_false_refuses_and_leaves_the_case() -> None:
    """A false async guard is a TransitionNotAllowed naming it; nothing is recorded."""
    wf = gated(False, [])
    case = wf.start("A-2", at=T0)
    with pytest.raises(TransitionNotAllowed, match="cleared"):
        asyncio.run(wf.afire(case, "check", at=at(1)))
    assert (case.state, len(case.history)) == ("received", 1)


def test_sync_fire_refuses_an_async_guard_instead_of_taking_it_for_true() -> None:
    """fire() with an async guard is a ConfigurationError pointing to afire."""
    wf = gated(False, [])
    case = wf.start("A-3", at=T0)
    with pytest.raises(ConfigurationError, match="afire"):
        wf.fire(case, "check", at=at(1))
    assert case.state == "received"


def test_hooks_run_in_fire_order_sync_and_async_mixed() -> None:
    """Exit hooks see the case before the step, enter hooks after; async ones are awaited."""
    seen: list[str] = []

    def leave(case: Case, event: Event) -> None:
        seen.append(f"exit {case.state}")

    async def enter(case: Case, event: Event) -> None:
        await asyncio.sleep(0)
        seen.append(f"enter {case.state} {len(case.history)}")

    wf = gated(True, [], on_exit={"received": leave}, on_enter={"checked": [enter, leave]})
    case = wf.start("A-4", at=T0)
    asyncio.run(wf.afire(case, "check", at=at(1)))
    assert seen == ["exit received", "enter checked 2", "exit checked"]


def test_an_async_hook_that_raises_leaves_the_case_unchanged() -> None:
    """As with fire: a failing hook undoes the step."""

    async def boom(case: Case, event: Event) -> None:
        raise RuntimeError("mail server down")

    wf = gated(True, [], on_enter={"closed": boom})
    case = wf.start("A-5", at=T0)
    asyncio.run(wf.afire(case, "check", at=at(1)))
    with pytest.raises(RuntimeError, match="mail server"):
        asyncio.run(wf.afire(case, "close", at=at(2)))
    assert (case.state, len(case.history)) == ("checked", 2)


def test_sync_fire_refuses_an_async_hook_and_leaves_no_coroutine_behind() -> None:
    """fire() with an async hook is a ConfigurationError, and the step is undone."""

    async def note(case: Case, event: Event) -> None:
        return None

    wf = load_workflow(FLOW.replace(", when: cleared", ""), on_enter={"checked": note})
    case = wf.start("A-6", at=T0)
    with pytest.raises(ConfigurationError, match="afire"):
        wf.fire(case, "check", at=at(1))
    assert case.state == "received"


def test_concurrent_afires_on_one_case_save_once_and_the_rest_conflict(
    store_url: str,
) -> None:
    """Twenty copies of one case fired and saved at once: one save wins, the rest conflict."""
    wf = gated(True, [])

    async def main() -> tuple[int, int, list[str]]:
        async with await aio.open_store(store_url, workflows=[wf]) as store:
            await store.save(wf.start("A-7", at=T0))

            copies = await asyncio.gather(*(store.load("A-7") for _ in range(20)))

            async def one(case: Case) -> bool:
                await wf.afire(case, "check", at=at(1))
                try:
                    await store.save(case)
                except ConcurrencyError:
                    return False
                return True

            results = await asyncio.gather(*(one(c) for c in copies))
            loaded = await store.load("A-7")
            return sum(results), len(results), [e.trigger for e in loaded.history]

    won, total, triggers = asyncio.run(main())
    assert (won, total) == (1, 20)
    assert triggers == ["start", "check"]


def test_open_store_refuses_a_bad_connection_count(tmp_path: Path) -> None:
    """connections must be a whole number from 1 up."""
    with pytest.raises(InputError, match="connections=0"):
        asyncio.run(aio.open_store(f"sqlite:///{tmp_path / 'x.db'}", connections=0))


def test_a_closed_async_store_says_so(tmp_path: Path) -> None:
    """Using a store after close is a StoreError, not a crash in a thread."""
    from caseflow import StoreError

    async def main() -> None:
        store = await aio.open_store(f"sqlite:///{tmp_path / 'x.db'}")
        await store.close()
        await store.count()

    with pytest.raises(StoreError, match="closed"):
        asyncio.run(main())


def test_an_in_memory_store_works_under_asyncio() -> None:
    """sqlite:///:memory: (one connection is the whole database) saves and loads."""
    wf = gated(True, [])

    async def main() -> tuple[str, int]:
        async with await aio.open_store("sqlite:///:memory:", workflows=[wf]) as store:
            case = wf.start("M-1", at=T0)
            await wf.afire(case, "check", at=at(1))
            await store.save(case)
            loaded = await store.load("M-1")
            return loaded.state, await store.count()

    assert asyncio.run(main()) == ("checked", 1)


@pytest.mark.parametrize(
    "url", ["mysql://x/y", "sqlite:cases.db", "sqlite:///x.db?colour=blue"], ids=str
)
def test_a_bad_url_is_the_sync_stores_input_error(url: str) -> None:
    """The asyncio opener refuses a URL with the sync opener's words."""
    from caseflow import open_store

    with pytest.raises(InputError) as sync_err:
        open_store(url)
    with pytest.raises(InputError) as async_err:
        asyncio.run(aio.open_store(url))
    assert str(async_err.value) == str(sync_err.value)


@settings(deadline=None, max_examples=60)
@given(workflow_specs(), st.lists(st.tuples(st.sampled_from(TRIGGERS), st.sampled_from(ROLES))))
def test_afire_with_async_hooks_does_what_fire_with_sync_hooks_does(
    spec: Any, attempts: list[tuple[str, str]]
) -> None:
    """Same refusals, same histories, and each hook sees the case as fire shows it."""
    sync_log: list[tuple[str, str, int, str]] = []
    async_log: list[tuple[str, str, int, str]] = []

    def recorder(log: list[tuple[str, str, int, str]], kind: str) -> Any:
        def hook(case: Case, event: Event) -> None:
            log.append((kind, case.state, len(case.history), event.trigger))

        return hook

    def arecorder(log: list[tuple[str, str, int, str]], kind: str) -> Any:
        async def hook(case: Case, event: Event) -> None:
            await asyncio.sleep(0)
            log.append((kind, case.state, len(case.history), event.trigger))

        return hook

    names = [s.name for s in spec.states]
    plain = Workflow(
        spec,
        on_enter={n: recorder(sync_log, "enter") for n in names},
        on_exit={n: recorder(sync_log, "exit") for n in names},
    )
    mixed = Workflow(
        spec,
        on_enter={n: arecorder(async_log, "enter") for n in names},
        on_exit={n: recorder(async_log, "exit") for n in names},
    )
    one, two = plain.start("P-1", at=T0), mixed.start("P-1", at=T0)

    async def run() -> None:
        for i, (trigger, role) in enumerate(attempts, start=1):
            outcomes = []
            for wf, case in ((plain, one), (mixed, two)):
                try:
                    if wf is plain:
                        wf.fire(case, trigger, at=at(i), role=role)
                    else:
                        await wf.afire(case, trigger, at=at(i), role=role)
                    outcomes.append("fired")
                except TransitionNotAllowed as err:
                    outcomes.append(str(err))
            assert outcomes[0] == outcomes[1]

    asyncio.run(run())
    assert two.history == one.history
    assert (two.state, two.data) == (one.state, one.data)
    assert async_log == sync_log

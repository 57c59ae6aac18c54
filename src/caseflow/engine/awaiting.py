"""Async guards and hooks: what ``Workflow.afire`` awaits, on the sync engine.

This module owns running a firing whose registered guards or hooks are
coroutine functions, without a second engine. The compiled machine calls
guards and hooks synchronously, so each async one is handed to it wrapped:

- an async guard's wrapper, inside ``afire``, answers from the results
  awaited so far; the first time it is asked it stops the firing
  (``_NeedGuard``, before anything is recorded, so the case is unchanged),
  ``afire`` awaits the guard on that very ``GuardContext`` and fires again.
  The firing is deterministic (the library never reads the clock), so
  the second pass asks the same questions; each guard is awaited at most
  once per ``afire``.
- when any hook is async, every hook (sync or async) is wrapped: inside
  ``afire`` the wrapper only notes it, and ``afire`` then runs the noted
  hooks in the engine's order (exit hooks on the case before the step,
  enter hooks after it), awaiting the async ones; a hook that raises
  leaves the case unchanged, as in ``fire``.

Outside ``afire`` (``fire``, ``allowed``, deadline conditions) an async
guard or hook is a ``ConfigurationError`` saying to use ``afire``: a
coroutine must never be taken for a truthy guard. A ``ContextVar`` keeps
each asyncio task's firing apart.
"""

from __future__ import annotations

import contextvars
import inspect
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any

from caseflow.case import Case, Event
from caseflow.conditions import GuardContext
from caseflow.errors import ConfigurationError
from caseflow.i18n import _

__all__ = ["AsyncGuard", "AsyncHook", "Wiring", "afire", "is_async", "wire"]

AsyncGuard = Callable[[GuardContext], Awaitable[bool]]
"""A registered guard the app awaits: ``async def guard(ctx) -> bool``."""
AsyncHook = Callable[[Case, Event], Awaitable[None]]
"""A hook the app awaits: ``async def hook(case, event) -> None``."""


class _Firing:
    """What one ``afire`` has learnt so far: awaited guard results, hooks to run."""

    __slots__ = ("guards", "hooks")

    def __init__(self) -> None:
        self.guards: dict[str, bool] = {}
        self.hooks: list[tuple[bool, Callable[..., Any]]] = []


_FIRING: contextvars.ContextVar[_Firing | None] = contextvars.ContextVar(
    "caseflow_firing", default=None
)


class _NeedGuard(Exception):
    """Raised by an async guard's wrapper to stop a firing until ``afire`` awaits it."""

    def __init__(self, name: str, ctx: GuardContext) -> None:
        super().__init__(name)
        self.name = name
        self.ctx = ctx


def is_async(fn: object) -> bool:
    """Whether calling ``fn`` gives an awaitable (a coroutine function or async ``__call__``)."""
    call = type(fn).__dict__.get("__call__")  # an object whose __call__ is ``async def``
    return inspect.iscoroutinefunction(fn) or inspect.iscoroutinefunction(call)


def _async_guard_used(name: str) -> ConfigurationError:
    return ConfigurationError(
        _(
            "guard {name!r} is async: fire with 'await wf.afire(...)'; fire(), allowed() and "
            "deadline conditions need a sync guard"
        ).format(name=name)
    )


def _async_hook_used(state: str) -> ConfigurationError:
    return ConfigurationError(
        _(
            "a hook on state {state!r} is async: fire with 'await wf.afire(...)'; fire() "
            "cannot await it"
        ).format(state=state)
    )


def _guard(name: str) -> Callable[[GuardContext], bool]:
    def wrapper(ctx: GuardContext) -> bool:
        firing = _FIRING.get()
        if firing is None:
            raise _async_guard_used(name)
        if name in firing.guards:
            return firing.guards[name]
        raise _NeedGuard(name, ctx)

    return wrapper


def _hook(fn: Callable[..., Any], state: str, exiting: bool) -> Callable[[Case, Event], None]:
    def wrapper(case: Case, event: Event) -> None:
        firing = _FIRING.get()
        if firing is not None:
            firing.hooks.append((exiting, fn))
            return
        result = fn(case, event)
        if inspect.isawaitable(result):
            close = getattr(result, "close", None)
            if close is not None:
                close()  # never awaited: closed so that no warning is left behind
            raise _async_hook_used(state)

    return wrapper


class Wiring:
    """The app's guards and hooks as the engine gets them, and whether any is async."""

    __slots__ = ("guards", "has_async", "on_enter", "on_exit", "originals")

    def __init__(
        self,
        guards: Mapping[str, Any] | None,
        on_enter: Mapping[str, Any] | None,
        on_exit: Mapping[str, Any] | None,
    ) -> None:
        self.originals: dict[str, Any] = dict(guards or {})
        self.guards = {
            name: _guard(name) if is_async(fn) else fn for name, fn in self.originals.items()
        }
        hooks = [fn for table in (on_enter, on_exit) for fns in (table or {}).values()
                 for fn in _listed(fns)]  # fmt: skip
        wrap = any(is_async(fn) for fn in hooks)
        self.has_async = wrap or any(is_async(fn) for fn in self.originals.values())
        self.on_enter = _hooks(on_enter, exiting=False) if wrap else on_enter
        self.on_exit = _hooks(on_exit, exiting=True) if wrap else on_exit


def _listed(fns: Any) -> list[Any]:
    return [fns] if callable(fns) else list(fns)


def _hooks(table: Mapping[str, Any] | None, *, exiting: bool) -> dict[str, Any] | None:
    if table is None:
        return None
    return {
        state: [_hook(fn, state, exiting) for fn in _listed(fns)] for state, fns in table.items()
    }


def wire(
    guards: Mapping[str, Any] | None,
    on_enter: Mapping[str, Any] | None,
    on_exit: Mapping[str, Any] | None,
) -> Wiring:
    """The ``Wiring`` of the app's guards and hooks (checked for their types beforehand)."""
    return Wiring(guards, on_enter, on_exit)


async def afire(
    fire: Callable[..., Case], wiring: Wiring, case: Case, *args: Any, **kw: Any
) -> Case:
    """``fire(case, *args, **kw)`` awaiting the async guards and hooks of ``wiring``."""
    if not wiring.has_async:
        return fire(case, *args, **kw)
    firing = _Firing()
    token = _FIRING.set(firing)
    before = (case.state, case.history, case.data)
    try:
        while True:
            try:
                fire(case, *args, **kw)
                break
            except _NeedGuard as need:
                result = wiring.originals[need.name](need.ctx)
                firing.guards[need.name] = bool(await result)
    finally:
        _FIRING.reset(token)
    if not firing.hooks:
        return case
    after = (case.state, case.history, case.data)
    event = case.history[-1]
    case.state, case.history, case.data = before
    try:
        await _run_hooks(firing.hooks, case, event, after)
    except BaseException:
        case.state, case.history, case.data = before
        raise
    return case


async def _run_hooks(
    hooks: Iterable[tuple[bool, Callable[..., Any]]],
    case: Case,
    event: Event,
    after: tuple[str, tuple[Event, ...], dict[str, Any]],
) -> None:
    """Exit hooks on the case before the step, then the step, then enter hooks."""
    stepped = False
    for exiting, hook in hooks:
        if not exiting and not stepped:
            case.state, case.history, case.data = after
            stepped = True
        result = hook(case, event)
        if inspect.isawaitable(result):
            await result
    if not stepped:
        case.state, case.history, case.data = after

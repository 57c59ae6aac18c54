"""The public surface of caseflow, pinned."""

from __future__ import annotations

import caseflow


def test_all_is_exactly_the_public_surface() -> None:
    """__all__ lists the promised names, sorted, and nothing else."""
    assert caseflow.__all__ == sorted(caseflow.__all__)
    assert caseflow.__all__ == [
        "Case",
        "CaseflowError",
        "ConcurrencyError",
        "ConfigurationError",
        "DayInfo",
        "DayOff",
        "DefinitionError",
        "Event",
        "GuardContext",
        "HistoryError",
        "InputError",
        "Problem",
        "Reveal",
        "RevealRefused",
        "Store",
        "StoreError",
        "TransitionNotAllowed",
        "Workflow",
        "WorkingCalendar",
        "calendar",
        "load_calendar",
        "load_workflow",
        "open_store",
        "shipped_workflow",
    ]


def test_every_public_name_exists() -> None:
    """Each name in __all__ can be imported from the package."""
    for name in caseflow.__all__:
        assert getattr(caseflow, name) is not None


def test_every_error_derives_from_the_root() -> None:
    """CaseflowError is the root of every exception class caseflow exports."""
    errors = [
        getattr(caseflow, n)
        for n in caseflow.__all__
        if isinstance(getattr(caseflow, n), type) and issubclass(getattr(caseflow, n), Exception)
    ]
    assert len(errors) == 9
    assert all(issubclass(e, caseflow.CaseflowError) for e in errors)
    assert issubclass(caseflow.ConcurrencyError, caseflow.StoreError)
    assert issubclass(caseflow.DefinitionError, ValueError)


def test_the_package_ships_type_information() -> None:
    """py.typed is installed with the package, so type checkers read its hints."""
    from importlib.resources import files

    assert files("caseflow").joinpath("py.typed").is_file()


def test_the_asyncio_package_has_its_own_small_surface() -> None:
    """caseflow.aio exports the async store and its opener, and nothing else."""
    import inspect

    from caseflow import aio

    assert aio.__all__ == ["AsyncStore", "open_store"]
    assert inspect.iscoroutinefunction(aio.open_store)
    assert inspect.iscoroutinefunction(caseflow.Workflow.afire)


def test_sessions_and_render_are_reachable_after_import_caseflow() -> None:
    """`import caseflow` reaches caseflow.sessions and caseflow.render.documents, as the README says."""
    import subprocess
    import sys

    code = (
        "import caseflow; "
        "print(caseflow.sessions.plan_sessions.__name__, "
        "caseflow.render.documents.periodic_report.__name__)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    assert out.split() == ["plan_sessions", "periodic_report"]


def test_workflow_deadlines_many_is_pinned() -> None:
    """Workflow.deadlines_many takes cases and keyword-only now and calendar, gives a list."""
    import inspect

    signature = inspect.signature(caseflow.Workflow.deadlines_many)
    assert list(signature.parameters) == ["self", "cases", "now", "calendar"]
    assert signature.parameters["now"].kind is inspect.Parameter.KEYWORD_ONLY
    assert signature.parameters["calendar"].default is None
    assert signature.return_annotation == "list[tuple[Deadline, ...]]"

"""Running hypothesis the way ``caseflow verify`` needs: repeatable, quiet, one shrunk failure.

This module owns the settings of every hypothesis run of ``caseflow.testing``
(a fixed seed, no example database, no deadline, no health checks: the
user's workflow decides how slow a step is) and ``run_checked``, which
returns the shrunk ``Violation`` a test raised instead of raising it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, Phase, Verbosity, given, seed, settings
from hypothesis import strategies as st
from hypothesis.errors import HypothesisException

from caseflow.testing.checks import Violation

__all__ = ["run_checked", "settings_for"]


def settings_for(examples: int, *, shrink: bool = True) -> settings:
    phases = [Phase.explicit, Phase.generate] + ([Phase.shrink] if shrink else [])
    return settings(
        max_examples=examples,
        database=None,
        deadline=None,
        derandomize=False,
        phases=phases,
        verbosity=Verbosity.quiet,
        report_multiple_bugs=False,
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )


def run_checked(
    strategy: st.SearchStrategy[Any], test: Callable[[Any], None], n: int, s: int
) -> Violation | None:
    """The shrunk violation ``test`` raises on some value of ``strategy``, or None."""

    @settings_for(n)
    @seed(s)
    @given(strategy)
    def run(value: Any) -> None:
        test(value)

    try:
        run()
    except Violation as violation:
        return violation
    except HypothesisException:  # an unsatisfiable or flaky run proves nothing either way
        return None
    return None

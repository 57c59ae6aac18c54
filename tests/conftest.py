"""Test settings: hypothesis profiles, and CI's refusal to skip for want of a service.

"fast" (the default) keeps a local run quick; "ci" tries more examples and
is what .ci/run selects. With ``CI=true`` (what CI services set, and
``.ci/run`` under them), a test that skips because PostgreSQL or Graphviz is
missing fails instead: CI proves both store backends and the diagrams, and
a silent skip would hide that it did not. A local run without them still
skips, saying why.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("fast", max_examples=40, deadline=None)
settings.register_profile(
    "ci",
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fast"))

SERVICES = ("PostgreSQL", "Graphviz", "LibreOffice")
"""Words in a skip's reason that say a service CI must provide is missing."""


def in_ci() -> bool:
    """Whether this run is CI's (``CI`` set to true, 1 or yes)."""
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Under CI, turn a skip for a missing PostgreSQL or Graphviz into a failure."""
    outcome = yield
    report: pytest.TestReport = outcome.get_result()  # type: ignore[attr-defined]
    if not (report.skipped and in_ci()) or hasattr(report, "wasxfail"):
        return
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    reason = reason.removeprefix("Skipped: ")
    if item.get_closest_marker("postgres") is not None or any(s in reason for s in SERVICES):
        report.outcome = "failed"
        report.longrepr = (
            f"CI=true and this test skipped ({reason}); CI must provide PostgreSQL, "
            "Graphviz and LibreOffice (.ci/services.sh), so a skip here would hide an "
            "untested backend"
        )

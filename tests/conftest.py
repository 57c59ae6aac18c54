"""Test settings: hypothesis profiles, selected by HYPOTHESIS_PROFILE.

"fast" (the default) keeps a local run quick; "ci" tries more examples and
is what .ci/run selects.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("fast", max_examples=40, deadline=None)
settings.register_profile(
    "ci",
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fast"))

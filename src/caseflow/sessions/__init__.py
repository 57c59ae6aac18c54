"""Reception sessions (transitional: being split into modules by concept)."""

from caseflow.sessions.docket import *  # noqa: F403
from caseflow.sessions.docket import __all__ as __all__

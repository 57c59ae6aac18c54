"""Documents of a reception month (transitional: being split into modules by concept)."""

from caseflow.render.documents.papers import *  # noqa: F403
from caseflow.render.documents.papers import __all__ as __all__

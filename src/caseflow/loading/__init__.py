"""Reading a workflow file into the definition model (interim: being split by section)."""

from caseflow.loading.reader import *  # noqa: F403
from caseflow.loading.reader import (  # noqa: F401
    FIELD_KEYS,
    GUARD_KEYS,
    LABEL_KEYS,
    LOGIC_KEYS,
    NAME_RULE,
    OVERRIDE_KEYS,
    ROLE_KEYS,
    SCHEDULE_KEYS,
    STATE_KEYS,
    TRANSITION_KEYS,
)

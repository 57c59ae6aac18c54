"""Reading a workflow file into the definition model, checking it, and writing it back.

This package owns the step from untrusted YAML to a ``WorkflowSpec`` (the
frozen classes of ``caseflow.definition``): every key, kind and name is
checked against the vocabulary, every problem is collected with its file,
line and column, and all are raised at once as one ``DefinitionError``. Its
modules, in the order data flows through them:

- ``reader``     ``read_workflow``: path or text -> YAML values -> sections -> checks -> spec
- ``context``    the shared ``Reading`` (problems, typed getters, positions), ``Gaps``, ``Checking``
- ``header``     the top level's keys, the header (format, name, version, calendar, zone), roles
- ``fields``     the ``fields`` section, and the checks of a field's readers
- ``guards``     the ``guards`` section and every condition, and the checks of conditions
- ``guard_graph`` how guards use each other: no loops, no nesting too deep
- ``states``     the ``states`` and ``transitions`` sections
- ``statechart`` nested states and parallel regions (``states:``/``parallel:``/``done:`` in a
  state), and their checks
- ``graph``      the graph checks: initial state, unknown states, reachability, dead ends
- ``schedules``  the ``schedules`` section and its overrides
- ``rrule``      what is wrong with a schedule's RFC 5545 ``rrule`` text
- ``phrases``    the span phrases ("10 working days after received"), parsed and written
- ``deadlines``  the ``deadlines`` section: anchors, offsets, variants, extensions, effective ranges
- ``deadline_checks``  what a deadline names exists, its clock can start, its ranges meet
- ``docket``     the ``docket`` section, and the checks of what it names
- ``documents``  the ``documents`` section: style, issuer, signer, number symbols, recipients
- ``dump``       a spec back to plain data and YAML (``dump_workflow``, ``spec_to_data``)

Layer 4: it imports ``caseflow.errors``, ``definition``, ``yamlsafe`` and
``calendars`` (for the names of the built-in calendars) and nothing above.
Turning a spec into a running machine is ``caseflow.engine``'s job. The
names below are the package's interface; its modules import each other
directly, never this ``__init__``.
"""

from caseflow.loading.context import LABEL_KEYS, NAME_RULE
from caseflow.loading.deadlines import (
    ANCHOR_KEYS,
    DEADLINE_KEYS,
    EFFECTIVE_KEYS,
    EXTENSION_KEYS,
    VARIANT_KEYS,
)
from caseflow.loading.docket import DOCKET_KEYS, PRIORITY_KEYS
from caseflow.loading.documents import DOCUMENT_KIND_KEYS, DOCUMENTS_KEYS, SIGNER_KEYS
from caseflow.loading.dump import dump_workflow, spec_to_data
from caseflow.loading.fields import FIELD_KEYS
from caseflow.loading.guards import GUARD_KEYS, LOGIC_KEYS
from caseflow.loading.header import ROLE_KEYS, TOP_KEYS
from caseflow.loading.reader import read_workflow, workflow_source
from caseflow.loading.schedules import OVERRIDE_KEYS, SCHEDULE_KEYS
from caseflow.loading.statechart import REGION_KEYS
from caseflow.loading.states import STATE_KEYS, TRANSITION_KEYS

__all__ = [
    "ANCHOR_KEYS",
    "DEADLINE_KEYS",
    "DOCKET_KEYS",
    "DOCUMENTS_KEYS",
    "DOCUMENT_KIND_KEYS",
    "EFFECTIVE_KEYS",
    "EXTENSION_KEYS",
    "FIELD_KEYS",
    "GUARD_KEYS",
    "LABEL_KEYS",
    "LOGIC_KEYS",
    "NAME_RULE",
    "OVERRIDE_KEYS",
    "PRIORITY_KEYS",
    "REGION_KEYS",
    "ROLE_KEYS",
    "SCHEDULE_KEYS",
    "SIGNER_KEYS",
    "STATE_KEYS",
    "TOP_KEYS",
    "TRANSITION_KEYS",
    "VARIANT_KEYS",
    "dump_workflow",
    "read_workflow",
    "spec_to_data",
    "workflow_source",
]

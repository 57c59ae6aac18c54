"""The engine: a workflow definition compiled into one ``transitions`` machine, running cases.

This package owns running cases of a loaded workflow: starting them,
firing triggers (roles, guards, extension limits and the app's hooks), the
triggers allowed now, recording each step as an ``Event``, and replaying a
recorded history without hooks. One machine is compiled per workflow,
never one per case, and it keeps no case alive. Its modules, in the order
data flows through them:

- ``fields``: case data checked against the declared fields, normalised to plain values
- ``limits``: a deadline rule's extension limit, refused once reached
- ``nested``: a nested workflow's ``HierarchicalMachine`` and one step on it
- ``compiling``: definition -> transition table, hooks by state, the ``transitions`` machine
  (a nested workflow's over its configurations, ``caseflow.charts``)
- ``refusals``: why a trigger cannot fire, as a ``TransitionNotAllowed``
- ``checking``: a replayed history checked as live firings would have been (an import's pass)
- ``replay``: a recorded history folded over the compiled table, no guards or hooks
- ``firing``: ``Engine``: start, fire (recording the ``Event``), update, allowed
- ``awaiting``: async guards and hooks, wrapped for the engine; ``Workflow.afire`` awaits them

Layer 4: it imports ``caseflow.errors``, ``caseflow.definition``,
``caseflow.case``, ``caseflow.times``, ``caseflow.conditions`` and ``caseflow.charts``, never
loading, recurrence, deadlines or anything above. Evaluating deadlines is
``caseflow.deadlines``'; the ``Workflow`` facade (``caseflow.workflow``)
binds its methods to an ``Engine``.
"""

from caseflow.engine.checking import HistoryCheck
from caseflow.engine.compiling import UPDATE, Hook
from caseflow.engine.firing import Engine

__all__ = ["UPDATE", "Engine", "HistoryCheck", "Hook"]

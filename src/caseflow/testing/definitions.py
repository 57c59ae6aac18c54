"""Random valid workflow definitions with deadlines, for authors of libraries built on caseflow.

This module owns ``workflows()``: loaded ``Workflow`` objects generated as
YAML text and read by ``load_workflow``, so each is valid by the loader's
own checks. Each has a chain of states from the initial one to a final
one, a way to withdraw from every open state, a guarded branch on a
boolean field, and one or two deadlines: days or working days, after
entering a state, with a suspension state that resumes and an extension
trigger when drawn.
"""

from __future__ import annotations

from hypothesis import strategies as st

from caseflow.workflow import Workflow, load_workflow

__all__ = ["workflows"]


@st.composite
def workflows(draw: st.DrawFn) -> Workflow:
    """A random valid workflow with deadlines (see the module's docstring for its shape)."""
    n = draw(st.integers(2, 5))
    steps = [f"step{i}" for i in range(n)]
    unit = draw(st.sampled_from(("days", "working days", "weeks")))
    amount = draw(st.integers(1, 45))
    pause = draw(st.booleans())
    extend = draw(st.booleans())
    runs = steps[1 : 1 + draw(st.integers(1, n - 1))]
    lines = [
        "caseflow: 1",
        "name: generated",
        "calendar: VN",
        "timezone: Asia/Ho_Chi_Minh",
        "fields:",
        "  urgent: {type: bool}",
        "  secret: {type: text, confidential: true}",
        "states:",
        f"  {steps[0]}: {{initial: true}}",
        *(f"  {s}: {{}}" for s in steps[1:]),
        "  done: {final: true}",
        "  withdrawn: {final: true}",
        *(["  suspended: {}"] if pause else []),
        "transitions:",
        *(
            f"  - {{trigger: next{i}, from: {a}, to: {b}}}"
            for i, (a, b) in enumerate(zip(steps, [*steps[1:], "done"], strict=True))
        ),
        f"  - {{trigger: fast, from: {steps[0]}, to: done, when: {{field: urgent, equals: true}}}}",
        f"  - {{trigger: withdraw, from: [{', '.join(steps)}], to: withdrawn}}",
    ]
    if pause:
        lines += [
            f"  - {{trigger: suspend, from: {runs[0]}, to: suspended}}",
            f"  - {{trigger: resume, from: suspended, to: {runs[0]}}}",
        ]
    if extend:
        lines.append(f"  - {{trigger: extend, from: {runs[0]}, to: {runs[0]}}}")
    lines += [
        "deadlines:",
        "  limit:",
        f"    due: {amount} {unit} after {runs[0]}",
        f"    runs_in: [{', '.join(runs)}]",
        *(["    paused_in: [suspended]"] if pause else []),
        *(
            [f"    extension: {{trigger: extend, by: {amount} {unit}, max: 2, source: generated}}"]
            if extend
            else []
        ),
        "    source: generated",
    ]
    return load_workflow("\n".join(lines) + "\n")

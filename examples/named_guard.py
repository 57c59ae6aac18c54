"""A guard the workflow declares and the app implements in Python.

Some rules need the outside world: here, whether a petitioner's identity was
checked against the population register. The workflow YAML declares the
guard `registered: true`; the app passes the function when loading. YAML
never contains code, and an unknown guard name is a load error.

Run: python examples/named_guard.py
"""

from __future__ import annotations

import caseflow

WORKFLOW = """
caseflow: 1
name: identity_check
title: {vi: Kiểm tra nhân thân, en: Identity check}
fields:
  id_number: {type: text, confidential: true}
guards:
  identity_verified:
    registered: true
    description: Checked against the national population register
    source: Luật Tố cáo 2018, Điều 23
states:
  received: {initial: true, label: {vi: Tiếp nhận, en: Received}}
  accepted: {final: true, label: {vi: Thụ lý, en: Accepted}}
  returned: {final: true, label: {vi: Trả lại, en: Returned}}
transitions:
  - {trigger: accept, from: received, to: accepted, when: identity_verified}
  - {trigger: return_unverified, from: received, to: returned, when: {not: identity_verified}}
"""

REGISTER = {"079123456789"}  # stands in for a call to another system


def identity_verified(ctx: caseflow.GuardContext) -> bool:
    """True when the petitioner's ID number is in the register."""
    return ctx.data.get("id_number") in REGISTER


def main() -> None:
    wf = caseflow.load_workflow(WORKFLOW, guards={"identity_verified": identity_verified})

    known = wf.start("TC-1", at="2026-04-01T09:00", data={"id_number": "079123456789"})
    unknown = wf.start("TC-2", at="2026-04-01T09:30", data={"id_number": "000000000000"})
    print("TC-1 may:", wf.allowed(known))
    print("TC-2 may:", wf.allowed(unknown))

    wf.fire(known, "accept", at="2026-04-02")
    try:
        wf.fire(unknown, "accept", at="2026-04-02")
    except caseflow.TransitionNotAllowed as refused:
        print("Refused:", refused.reason)
        print("Failed guard:", refused.guard)
    wf.fire(unknown, "return_unverified", at="2026-04-02")
    print("TC-1:", known.state, "| TC-2:", unknown.state)

    # A misspelt registration is caught when loading, not when a citizen is waiting.
    try:
        caseflow.load_workflow(WORKFLOW, guards={"identity_verifed": identity_verified})
    except caseflow.ConfigurationError as err:
        print("Load refused:", err)


if __name__ == "__main__":
    main()

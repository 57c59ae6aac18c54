"""Fuzzing caseflow's three readers of untrusted bytes, as part of the suite.

The targets (``targets``) feed arbitrary bytes to ``load_workflow`` (and so
the loader's ``read_workflow``), to ``Store.import_jsonl`` (what ``caseflow
import`` does with a file) and to ``load_calendar``. Each may raise a
``CaseflowError``; any other exception, or an input that runs longer than the
time limit, is a crash. ``crashes`` turns a crash into a signature (target,
exception type, the caseflow function it came from), saves its input as a
reproducer and compares it with ``known_crashes.txt``, the one list of
crashes expected until their fixes land. ``engines`` runs a target under
atheris (coverage-guided libFuzzer) when it is installed, else under
hypothesis with byte strategies and mutations of the seeds. ``__main__`` is
the command ``.ci/run`` calls (``python -m tests.fuzz --seconds 60``);
docs/fuzzing.md says how to run a target, grow the corpus and reproduce a
crash.

Nothing here imports caseflow at module level: atheris must instrument it
when a worker imports it.
"""

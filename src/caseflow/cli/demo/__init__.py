"""``caseflow demo``: one month of the Secretary's citizen reception, told as a story.

This package owns the demo. Its modules:

- ``command``: the ``demo`` command's options and default store
- ``month``: ``run_demo``, the month, its sample data and its documents

Import what you need from those modules (``caseflow.cli.demo.month.run_demo``);
this ``__init__`` imports none of them, so ``caseflow`` starts without the
demo's machinery. Layer: the command line, the top one (8).
"""

"""``python -m caseflow.cli``: the same as the ``caseflow`` command."""

from caseflow.cli import main

main()

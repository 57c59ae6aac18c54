"""One fuzzing process: ``python -m tests.fuzz.worker TARGET ENGINE SECONDS OUT TIMEOUT SCRATCH``.

With ENGINE ``merge``, it folds SCRATCH's new inputs into the committed
corpus instead (``engines.merge``; libFuzzer adds its own flags after
SCRATCH when it runs the worker again).

Started by ``__main__`` so that libFuzzer, which ends its process when the
time is up, and a target that kills the interpreter cannot take the report
down with them. The work itself is ``engines.run``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tests.fuzz.engines import merge, run


def main(argv: list[str]) -> None:
    """Run the target named in ``argv`` (see the module docstring)."""
    target, engine, seconds, out, timeout, scratch, *flags = argv
    if engine == "merge":
        merge(target, Path(scratch), float(timeout), flags)
        return
    run(
        target,
        engine=engine,
        seconds=float(seconds),
        out=Path(out),
        timeout=float(timeout),
        scratch=Path(scratch),
    )


if __name__ == "__main__":
    main(sys.argv[1:])

"""The ``demo`` command: options, the default store, and a hand-off to ``run_demo``.

This module owns the terminal side of the demo: its options, and the
store it keeps the cases in unless ``--db`` names one (``cases.db`` in the
``--out`` folder, made anew on every run). Running the month is
``month``'s, imported only when the command runs so that every other
``caseflow`` command starts without it; turning errors into exit codes is
``caseflow.cli.guard``'s; ``caseflow.cli`` adds the command to its group.
"""

from __future__ import annotations

from pathlib import Path

import click

from caseflow.cli.guard import guarded
from caseflow.cli.running import lang_option, spoken

__all__ = ["COMMANDS", "demo"]


@click.command()
@click.option(
    "--db",
    type=click.Path(dir_okay=False),
    default=None,
    help="Where to keep the cases: a SQLite file or a store URL "
    "(default: cases.db in the --out folder, made anew).",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False),
    default="caseflow-demo",
    show_default=True,
    help="Folder for the documents: previews in Markdown and HTML, the papers to sign in "
    "Word (.docx), the reception register as a spreadsheet (.xlsx).",
)
@click.option("--seed", type=int, default=2026, show_default=True, help="Seed for sample data.")
@lang_option
@click.option(
    "--force",
    is_flag=True,
    help="With --db: add the sample cases to a store that already holds other cases.",
)
@spoken
@guarded
def demo(db: str | None, out: str, seed: int, lang: str, force: bool) -> None:
    """Run a month of citizen reception on seeded sample petitions.

    The year's session calendar, intake, screening, the docket with its
    reasons, brief deadlines, the session, conclusions, the conclusion notice
    and the report upward: printed as a story, with the documents written
    to --out as Markdown and HTML previews, the papers to sign as Word files
    numbered from the store's register, and the reception register as .xlsx.
    """
    from caseflow.cli.demo.month import run_demo

    if db is None:
        # The default store is the demo's own, made anew on every run.
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        db = str(folder / "cases.db")
        for suffix in ("", "-wal", "-shm"):
            Path(db + suffix).unlink(missing_ok=True)
    else:
        _check_store(db, force=force)
    run_demo(db=db, out=out, seed=seed, lang=lang, echo=click.echo)


def _check_store(db: str, *, force: bool) -> None:
    """Refuse to add the sample cases to a user's store that holds cases, unless forced.

    The sample ids are fixed, so a store that already holds them is refused
    even with ``--force``: the second run would stop halfway.
    """
    from caseflow.cli.running import open_writable
    from caseflow.errors import InputError
    from caseflow.i18n import _

    with open_writable(db) as store:
        held = store.count()
        if not held:
            return
        if store.exists("TV-2026-001"):
            raise InputError(
                _(
                    "the store {db} already holds the demo's sample cases; "
                    "give --db a new file, or leave --db out"
                ).format(db=db)
            )
        if not force:
            raise InputError(
                _(
                    "the store {db} holds {n} other cases; the demo would add its sample cases "
                    "to them: give --db a new file, or add --force"
                ).format(db=db, n=held)
            )


COMMANDS = (demo,)
"""The commands to add to the ``caseflow`` group."""

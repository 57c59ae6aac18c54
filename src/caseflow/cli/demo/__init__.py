"""``caseflow demo``: one month of the Secretary's citizen reception, told as a story.

This package owns the demo: seeded sample petitions taken through the
shipped ``citizen_reception`` workflow for a month, printed in English or
Vietnamese, with the documents written as Markdown and HTML previews and
as DOCX papers numbered from the store's register (``caseflow.render.papers``),
the reception register as a spreadsheet, and the cases kept in a store.
Its modules, in the order the month flows:

- ``command``: the ``demo`` command's options and default store
- ``samples``: the invented petitions, their intake paths, the month's dates
- ``story``: the printed story and ``Month``, what the stages share
- ``preparation``: the session calendar, intake, the docket, briefs
- ``hearings``: the session, its conclusions, an ad-hoc session
- ``reporting``: the report upward, what carries over
- ``month``: ``run_demo``, the stages in order, the replay check, the documents

Import what you need from those modules (``caseflow.cli.demo.month.run_demo``);
this ``__init__`` imports none of them, so ``caseflow`` starts without the
demo's machinery. Layer: the command line, the top one (8); it uses the
public API, ``caseflow.sessions``, ``caseflow.render.documents`` and
``caseflow.store``.
"""

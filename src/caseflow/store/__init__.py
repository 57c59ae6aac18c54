"""Durable, append-only stores of case histories: ``open_store(url)``.

This package owns keeping cases on disk. ``open_store`` reads a URL and
returns a ``Store``: SQLite (one file, the standard library; the default)
or PostgreSQL (psycopg 3; for many writers). Both behave the same: the
behaviour is written once, and a backend module supplies only its
connection, transactions and error messages. The URL format is in
``urls``.

Its modules, from the tables up to the URL an app passes:

- ``schema``: the tables (DDL for both dialects) and their schema versions
- ``limits``: the longest id and text a store keeps, the same on both backends
- ``backend``: what a backend gives the store: cursors, transactions, schema upgrade
- ``redaction``: the rules for confidential fields, ``Reveal`` and ``AuditRecord``
- ``history``: the meaning of a stored history, replayed (and checked) across workflow versions
- ``lines``: one line of an import read within limits: UTF-8, length, depth, its shape
- ``rows``: the row format: a case as head, event and secret rows, and back
- ``definitions``: the workflow versions a store keeps, and what it derives from each
- ``queries``: the case list and the deadline index (``overdue``, ``due_before``)
- ``confidentiality``: the ``secrets`` and ``audit`` tables: reveals, recorded first
- ``reads``: ``load``: a case rebuilt from its rows and checked
- ``writes``: ``save``: checks, the rows of a write, optimistic concurrency
- ``migration``: moving a case to another version of its workflow
- ``register``: the register of document numbers: the next number of each kind, given once
- ``jsonl``: export and import of cases as JSON Lines, every bad line reported at once
- ``base``: ``Store``, the facade whose methods call the modules above
- ``sqlite``, ``postgres``: the two backends, each a ``Store``
- ``urls``: ``open_store``: a store URL and its options to a backend

Layer: the store sits with ``sessions`` above the engine, deadlines and
the definition reader (it replays cases and indexes their deadlines) and
below the ``Workflow`` facade, the renderers and the command line; it
never imports them (``history.WorkflowLike`` names what it needs of a
``Workflow``). The modules of this package import this ``__init__`` never,
and each other only downwards in the list above.
"""

from __future__ import annotations

from caseflow.store.base import Store
from caseflow.store.history import WorkflowLike
from caseflow.store.jsonl import Imported
from caseflow.store.queries import CaseSummary, DueDeadline
from caseflow.store.redaction import REDACTED, AuditRecord, Reveal
from caseflow.store.urls import open_store

__all__ = [
    "REDACTED",
    "AuditRecord",
    "CaseSummary",
    "DueDeadline",
    "Imported",
    "Reveal",
    "Store",
    "WorkflowLike",
    "open_store",
]

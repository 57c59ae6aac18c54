"""The engine package: running cases of a workflow (moved, being carved)."""

from caseflow.engine.firing import UPDATE, Engine, Hook

__all__ = ["UPDATE", "Engine", "Hook"]

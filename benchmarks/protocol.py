"""The row every benchmark module returns (see README.md: "The row protocol").

One builder for all of them, so the runner can rely on the shape.
"""

from __future__ import annotations

from typing import Any


def row(
    group: str,
    name: str,
    value: float,
    unit: str,
    baseline: str | None = None,
    base_value: float | None = None,
    target: str | None = None,
    met: bool | None = None,
    *,
    ratio: float | None = None,
) -> dict[str, Any]:
    """A result row; ``ratio`` is ``value / base_value`` unless given."""
    if ratio is None and baseline is not None and base_value:
        ratio = value / base_value
    return {
        "group": group,
        "name": name,
        "value": value,
        "unit": unit,
        "baseline": baseline,
        "ratio": ratio,
        "target": target,
        "met": met,
    }

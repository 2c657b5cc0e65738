"""Upcasters: how an event stored under an old schema version is read today.

A shipped version never changes meaning. When a contract changes, its version goes up and an
`upcast_<type>_v<N>_v<N+1>(raw) -> raw` is registered here; `upcast` applies the chain to the
raw dict before validation, so the log is never rewritten.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Raw = dict[str, Any]
Upcaster = Callable[[Raw], Raw]

# (event type, version it reads) -> function producing version + 1
UPCASTERS: dict[tuple[str, int], Upcaster] = {}


def upcast(raw: Raw, upcasters: dict[tuple[str, int], Upcaster] | None = None) -> Raw:
    """Bring a raw event up to its current version by applying registered steps in order."""
    table = UPCASTERS if upcasters is None else upcasters
    while (step := table.get((raw.get("type", ""), raw.get("version", 0)))) is not None:
        raw = step(dict(raw))
    return raw

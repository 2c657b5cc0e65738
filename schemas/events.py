"""Every event type as one discriminated union, decoded and encoded in one place."""

from __future__ import annotations

import json
from typing import Annotated, Any

from pydantic import Field, TypeAdapter

from schemas.alert import AlertAcknowledged, AlertEscalated, AlertRaised, AlertResolved
from schemas.clock import ClockTicked
from schemas.dispatch import DispatchReceived, DispatchRejected, DispatchRetracted
from schemas.signal import SignalDetected, SignalRetracted
from schemas.upcast import upcast

AnyEvent = Annotated[
    DispatchReceived
    | DispatchRejected
    | DispatchRetracted
    | SignalDetected
    | SignalRetracted
    | ClockTicked
    | AlertRaised
    | AlertEscalated
    | AlertAcknowledged
    | AlertResolved,
    Field(discriminator="type"),
]

EVENT_ADAPTER: TypeAdapter[Any] = TypeAdapter(AnyEvent)


def decode_event(data: bytes | str | dict[str, Any]) -> Any:
    """Read an event from JSON (or a dict), upcasting old versions first.

    Raises pydantic.ValidationError or ValueError on anything that is not a valid event.
    """
    raw = json.loads(data) if isinstance(data, bytes | str) else dict(data)
    if not isinstance(raw, dict):
        raise ValueError("an event must be a JSON object")
    return EVENT_ADAPTER.validate_python(upcast(raw))


def encode_event(event: Any) -> bytes:
    """The canonical bytes of an event: the same event always gives the same bytes."""
    return event.model_dump_json().encode("utf-8")

"""The faust codec for tocsin's events: pydantic models as their canonical JSON bytes.

faust cannot serialise pydantic models itself. Output topics use this codec; input topics are
read raw and decoded with `decode` inside the agents, so that bytes which are not a valid event
become a dead letter instead of an exception in the stream.
"""

from __future__ import annotations

from typing import Any

from faust.serializers import codecs

from schemas.events import decode_event, encode_event

CODEC = "tocsin"


class EventCodec(codecs.Codec):
    """`model_dump_json` out, `model_validate_json` (through the event union) in."""

    def _dumps(self, obj: Any) -> bytes:
        return obj if isinstance(obj, bytes) else encode_event(obj)

    def _loads(self, s: bytes) -> Any:
        return decode_event(s)


def register() -> None:
    """Make the codec known to faust under the name `tocsin` (idempotent)."""
    codecs.register(CODEC, EventCodec())


def decode(value: bytes | None) -> Any:
    """An event from message bytes; raises ValueError (or pydantic's ValidationError) if not."""
    if not value:
        raise ValueError("empty message")
    return decode_event(value)

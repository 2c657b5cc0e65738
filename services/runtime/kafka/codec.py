"""The bytes on tocsin's topics: events as their canonical JSON, and the alert worker's place states.

faust cannot serialise pydantic models itself. Output topics use this codec; input topics are
read raw and decoded with `decode` inside the agents, so that bytes which are not a valid event
become a dead letter instead of an exception in the stream.
"""

from __future__ import annotations

from typing import Any

from faust.serializers import codecs

from schemas.events import decode_event, encode_event
from services.alert.lifecycle import PlaceState

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


# The `places` table's values: the signals partition a place lives in, and its state, as one
# JSON object whose `state` is the state's own JSON (not a string holding it), so a value is
# written and read without escaping the state twice.
_PLACE_HEAD = b'{"partition":'
_PLACE_STATE = b',"state":'


def pack_place(partition: int, state: PlaceState) -> bytes:
    return b"%s%d%s%s}" % (_PLACE_HEAD, partition, _PLACE_STATE, state.model_dump_json().encode())


def unpack_place(raw: bytes) -> tuple[int, PlaceState]:
    """The partition and state in a `places` value; raises ValueError if it is not one."""
    head, found, rest = raw.partition(_PLACE_STATE)
    if not found or not head.startswith(_PLACE_HEAD) or not rest.endswith(b"}"):
        raise ValueError("not a place's state")
    return int(head[len(_PLACE_HEAD):]), PlaceState.model_validate_json(rest[:-1])

"""A place as linked to the gazetteer, or kept as written when it could not be linked."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Place(BaseModel):
    """`id` is `geonames:<id>` when linked, `unlinked:<name>` otherwise (and `linked` is False).

    In a signal, `as_written` is the dispatch's own spelling; in a situation or an alert it is
    the gazetteer's name, since several dispatches with several spellings stand behind it.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    name: str
    country: str | None
    as_written: str
    linked: bool
    latitude: float | None = None
    longitude: float | None = None

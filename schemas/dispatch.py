"""A dispatch as received, and the events of its life: received, rejected, retracted."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from schemas.envelope import Event

Precision = Literal["month", "day", "instant"]
Language = Literal["fr", "en", "ar", "es"]


class Dispatch(BaseModel):
    """One news item. `published` is the start of its `precision` (a month header is its 1st)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    source: str
    url: str | None = None
    language: Language
    published: datetime
    precision: Precision
    title: str = ""
    text: str = Field(min_length=1)

    @property
    def published_day(self) -> date:
        return self.published.date()


class DispatchReceived(Event):
    type: Literal["DispatchReceived"] = "DispatchReceived"
    version: Literal[1] = 1
    dispatch: Dispatch


class DispatchRejected(Event):
    """A dead letter: what could not be read, why, and enough of it to find it again."""

    type: Literal["DispatchRejected"] = "DispatchRejected"
    version: Literal[1] = 1
    stage: str
    reason: str
    origin: str
    excerpt: str


class DispatchRetracted(Event):
    """A correction: the dispatch is withdrawn and every signal read from it goes with it."""

    type: Literal["DispatchRetracted"] = "DispatchRetracted"
    version: Literal[1] = 1
    dispatch_id: str
    reason: str

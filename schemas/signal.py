"""A signal: one typed fact read from one dispatch about one place, with its evidence."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict

from schemas.envelope import Event
from schemas.place import Place

SignalType = Literal[
    "siege",
    "siege_lifted",
    "aid_blocked",
    "aid_delivered",
    "stock_depletion",
    "casualties",
    "healthcare_attack",
    "displacement",
    "famine",
]
Commodity = Literal["food", "fuel", "medicine", "water", "flour", "blood", "other"]


class Evidence(BaseModel):
    """The sentence a signal was read from, its offsets in the dispatch text, and the trigger."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    sentence: str
    start: int
    end: int
    trigger_start: int
    trigger_end: int


class Signal(BaseModel):
    """Only the fields a dispatch states are set; the rest stay None."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    type: SignalType
    dispatch_id: str
    source: str
    reported_on: date
    place: Place
    evidence: Evidence
    since: date | None = None
    on: date | None = None
    exhaustion: date | None = None
    exhausted: bool = False
    commodity: Commodity | None = None
    population: int | None = None
    killed: int | None = None
    injured: int | None = None
    count: int | None = None
    people: int | None = None
    deaths: int | None = None


class SignalDetected(Event):
    type: Literal["SignalDetected"] = "SignalDetected"
    version: Literal[1] = 1
    signal: Signal


class SignalRetracted(Event):
    type: Literal["SignalRetracted"] = "SignalRetracted"
    version: Literal[1] = 1
    signal_id: str
    place_id: str
    reason: str

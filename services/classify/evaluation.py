"""Scoring tocsin against annotated dispatches (the format of shared/EVAL_FORMAT.md).

Pure: records in, scores out. A prediction matches a gold signal of the same type, the same
country and the same place (by gazetteer id when both names link, else by folded name).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from schemas.signal import Signal
from services.classify.gazetteer import fold

FIELDS: dict[str, tuple[str, ...]] = {
    "siege": ("since", "population"),
    "siege_lifted": ("on",),
    "aid_blocked": ("since",),
    "aid_delivered": ("on",),
    "stock_depletion": ("commodity", "exhaustion"),
    "casualties": ("killed", "injured", "on"),
    "healthcare_attack": ("count", "on"),
    "displacement": ("people",),
    "famine": ("deaths",),
}


def to_eval(signal: Signal) -> dict[str, Any]:
    """A signal in the evaluation format's field names."""
    record: dict[str, Any] = {"type": signal.type, "place": signal.place.name,
                              "country": signal.place.country}
    for name in FIELDS[signal.type]:
        value = getattr(signal, name)
        if name == "exhaustion" and signal.exhausted:
            value = "exhausted"
        record[name] = value.isoformat() if hasattr(value, "isoformat") else value
    record["evidence"] = signal.evidence.sentence
    return record


PlaceKey = Callable[[str | None, str | None], str]


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def scores(self) -> dict[str, float]:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class Score:
    by_type: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    fields: dict[str, list[bool]] = field(default_factory=lambda: defaultdict(list))
    negatives: int = 0
    negatives_flagged: int = 0
    misses: list[dict[str, Any]] = field(default_factory=list)

    def report(self) -> dict[str, Any]:
        overall = Tally(sum(t.tp for t in self.by_type.values()),
                        sum(t.fp for t in self.by_type.values()),
                        sum(t.fn for t in self.by_type.values()))
        return {
            "overall": overall.scores(),
            "by_type": {kind: tally.scores() for kind, tally in sorted(self.by_type.items())},
            "fields_exact": {name: round(sum(v) / len(v), 4)
                             for name, v in sorted(self.fields.items()) if v},
            "negatives": self.negatives,
            "negatives_with_signals": self.negatives_flagged,
            "negative_false_alarm_rate": round(self.negatives_flagged / self.negatives, 4)
            if self.negatives else 0.0,
        }


# The fields of an annotated record that make its dispatch (the rest is the annotation).
DISPATCH_FIELDS = ("id", "source", "language", "published", "title", "text")


def score_records(records: list[dict[str, Any]],
                  read: Callable[[dict[str, Any]], list[Signal]],
                  place_key: PlaceKey) -> Score:
    """Classify each annotated record with `read` and score the signals against its gold."""
    predicted = {record["id"]: [to_eval(signal) for signal in read(record)] for record in records}
    return score(records, predicted, place_key)


def score(gold: list[dict[str, Any]], predicted: dict[str, list[dict[str, Any]]],
          place_key: PlaceKey) -> Score:
    """Compare predictions (by dispatch id) with gold records, dispatch by dispatch."""
    result = Score()
    for record in gold:
        wanted = list(record.get("signals", []))
        found = list(predicted.get(record["id"], []))
        if not wanted:
            result.negatives += 1
            result.negatives_flagged += bool(found)
        for guess in found:
            match = _match(guess, wanted, place_key)
            if match is None:
                result.by_type[guess["type"]].fp += 1
                result.misses.append({"id": record["id"], "kind": "false_positive", **guess})
                continue
            wanted.remove(match)
            result.by_type[guess["type"]].tp += 1
            for name in FIELDS[guess["type"]]:
                result.fields[f"{guess['type']}.{name}"].append(guess.get(name) == match.get(name))
        for left in wanted:
            result.by_type[left["type"]].fn += 1
            result.misses.append({"id": record["id"], "kind": "missed", **left})
    return result


def _match(guess: dict[str, Any], wanted: list[dict[str, Any]],
           place_key: PlaceKey) -> dict[str, Any] | None:
    candidates = [
        gold for gold in wanted
        if gold["type"] == guess["type"] and gold.get("country") == guess.get("country")
        and place_key(gold.get("place"), gold.get("country"))
        == place_key(guess.get("place"), guess.get("country"))
    ]
    if not candidates:
        return None
    # Prefer the gold signal that agrees on most fields (two tolls for one place, say).
    return max(candidates, key=lambda gold: sum(gold.get(n) == guess.get(n)
                                                for n in FIELDS[guess["type"]]))


def folded_place(name: str | None, country: str | None) -> str:
    return fold(name or "")


def gazetteer_place_key(gazetteer: Any) -> PlaceKey:
    """Place identity by gazetteer id where the name links (Atareb and Al Atarib are one)."""

    def key(name: str | None, country: str | None) -> str:
        if not name:
            return ""
        entries = [e for e in gazetteer.candidates(name) if country is None or e.country == country]
        if entries:
            return f"geonames:{entries[0].geonames_id}"
        return fold(name)

    return key

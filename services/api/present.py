"""Alerts, situations and dispatches as the API's JSON, with the words operators read.

Shared by the HTTP API, the console (which reads that JSON) and the Alertmanager sink, so a
siege is "107 days of siege" everywhere.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from services.alert.views import AlertView, SituationView
from services.api.board import StoredDispatch, Submission

MEASURE_WORDS = {
    "siege_days": "{:.0f} days of siege",
    "aid_blocked_days": "{:.0f} days without aid",
    "stock_days_left": "{:.0f} days of {subject} left",
    "famine_reports": "{:.0f} famine reports (90 d)",
    "healthcare_attacks_30d": "{:.0f} attacks on health care (30 d)",
    "killed_7d": "{:.0f} killed (7 d)",
    "displaced_30d": "{:.0f} displaced (30 d)",
}


def measure_words(view: AlertView) -> str:
    """The alert's measure in words: `107 days of siege`, `food ran out 78 days ago`."""
    subject = view.rule.split(":", 1)[1] if ":" in view.rule else ""
    if view.measure == "stock_days_left" and view.value <= 0:
        if view.value == 0:
            return f"{subject or 'stock'} exhausted"
        return f"{subject or 'stock'} ran out {-view.value:.0f} days ago"
    words = MEASURE_WORDS.get(view.measure, "{:.0f} " + view.measure)
    return words.format(view.value, subject=subject or "stock")


def place_label(place: Any) -> str:
    return f"{place.name} ({place.country})" if place.country else place.name


def summary(view: AlertView) -> str:
    """One line: `Aleppo (SY): 107 days of siege`."""
    return f"{place_label(view.place)}: {measure_words(view)}"


def alert_path(alert_id: str) -> str:
    return f"/api/alerts/{quote(alert_id, safe='')}"


def dispatch_path(dispatch_id: str) -> str:
    return f"/api/dispatches/{quote(dispatch_id, safe='')}"


def place_path(place_id: str) -> str:
    return f"/api/places/{quote(place_id, safe='')}/situation"


def alert_json(view: AlertView) -> dict[str, Any]:
    """An alert with its evidence (trigger offsets inside the sentence) and links."""
    data = view.model_dump(mode="json")
    data["rule_id"], _, data["subject"] = view.rule.partition(":")
    data["summary"] = summary(view)
    data["measure_text"] = measure_words(view)
    data["history"] = [{"day": day.isoformat(), "what": what, "detail": detail}
                       for day, what, detail in view.history]
    evidence = []
    for item in view.evidence:
        start = item.trigger_start - item.sentence_start
        end = item.trigger_end - item.sentence_start
        evidence.append({
            **item.model_dump(mode="json"),
            "trigger_in_sentence": [start, end],
            "trigger": item.sentence[start:end],
            "dispatch_url": dispatch_path(item.dispatch_id),
        })
    data["evidence"] = evidence
    data["links"] = {"self": alert_path(view.alert_id), "place": place_path(view.place.id),
                     "acknowledge": alert_path(view.alert_id) + "/acknowledge",
                     "console": f"/#/alerts/{quote(view.alert_id, safe='')}"}
    return data


def situation_json(view: SituationView) -> dict[str, Any]:
    data = view.model_dump(mode="json")
    for signal in data["signals"]:
        signal["dispatch_url"] = dispatch_path(signal["dispatch_id"])
    data["links"] = {"self": place_path(view.place.id),
                     "alerts": f"/api/alerts?status=all&place={quote(view.place.id, safe='')}"}
    return data


def place_json(view: SituationView, alerts: list[AlertView]) -> dict[str, Any]:
    """A place in the list: where it is, the headline measures and its active alerts."""
    active = [a for a in alerts if a.status == "active" and a.place.id == view.place.id]
    rank = {"info": 1, "warning": 2, "critical": 3}
    return {
        "place": view.place.model_dump(mode="json"),
        "day": view.day.isoformat(),
        "siege_days": view.siege_days,
        "aid_blocked_days": view.aid_blocked_days,
        "stocks": [s.model_dump(mode="json") for s in view.stocks],
        "killed_7d": view.killed_7d,
        "signals": len(view.signals),
        "active_alerts": len(active),
        "worst_severity": max((a.severity for a in active), key=rank.__getitem__, default=None),
        "links": {"situation": place_path(view.place.id),
                  "alerts": f"/api/alerts?status=all&place={quote(view.place.id, safe='')}"},
    }


def dispatch_json(stored: StoredDispatch) -> dict[str, Any]:
    return {**stored.dispatch.model_dump(mode="json"),
            "received": stored.received.isoformat(),
            "retracted": stored.retracted,
            "links": {"self": dispatch_path(stored.dispatch.id)}}


def submission_json(result: Submission) -> dict[str, Any]:
    return {
        "accepted": [{"id": i, "url": dispatch_path(i)} for i in result.accepted],
        "duplicates": result.duplicates,
        "refused": [{"origin": r.origin, "reason": r.reason, "message": r.message}
                    for r in result.refused],
        "signals": [{"id": s.id, "type": s.type, "place": s.place.name,
                     "place_id": s.place.id, "dispatch_id": s.dispatch_id,
                     "sentence": s.evidence.sentence} for s in result.signals],
        "alerts": [{"alert_id": a.alert_id, "event": a.type, "rule": a.rule,
                    "place_id": a.place.id if hasattr(a, "place") else a.place_id,
                    "severity": getattr(a, "severity", None), "day": a.day.isoformat(),
                    "url": alert_path(a.alert_id)} for a in result.alerts],
    }

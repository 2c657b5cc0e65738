"""The OpenAPI 3.1 description of the HTTP API, kept beside the routes in `http.py`.

Component schemas of the domain (places, evidence, signals, dispatches) come from the
pydantic models; the API's own shapes are written here. A test checks every route is listed.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic.json_schema import models_json_schema

from schemas.dispatch import Dispatch
from services.alert.views import SituationView

REF = "#/components/schemas/{model}"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": REF.format(model=name)}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


ERROR = _json(_ref("Error"), "an error, said in `error`")
TOKEN: list[dict[str, list[str]]] = [{"bearer": []}]
NULLABLE_DATE = {"anyOf": [{"type": "string", "format": "date"}, {"type": "null"}]}

API_SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object", "required": ["error"],
        "properties": {"error": {"type": "string"}},
        "additionalProperties": True,
    },
    "EvidenceItem": {
        "type": "object",
        "description": "A sentence behind an alert. Offsets are in the dispatch text; "
                       "`trigger_in_sentence` are the trigger's offsets in `sentence`.",
        "required": ["signal_id", "dispatch_id", "source", "sentence", "trigger_start",
                     "trigger_end", "sentence_start", "trigger_in_sentence", "dispatch_url"],
        "properties": {
            "signal_id": {"type": "string"}, "dispatch_id": {"type": "string"},
            "source": {"type": "string"}, "sentence": {"type": "string"},
            "trigger_start": {"type": "integer"}, "trigger_end": {"type": "integer"},
            "sentence_start": {"type": "integer"},
            "trigger_in_sentence": {"type": "array", "items": {"type": "integer"},
                                    "minItems": 2, "maxItems": 2},
            "trigger": {"type": "string"},
            "dispatch_url": {"type": "string", "description": "GET it for the dispatch"},
        },
    },
    "Alert": {
        "type": "object",
        "required": ["alert_id", "place", "rule", "rule_id", "measure", "value", "severity",
                     "status", "raised", "summary", "evidence", "history", "links"],
        "properties": {
            "alert_id": {"type": "string"},
            "place": _ref("Place"),
            "rule": {"type": "string", "description": "rule key: `siege_duration`, "
                                                      "`stock_exhaustion:food`"},
            "rule_id": {"type": "string", "description": "the rule's id (before ':')"},
            "subject": {"type": "string", "description": "what the rule is about (after ':')"},
            "measure": {"type": "string"},
            "value": {"type": "number", "description": "the measure as of the log's clock"},
            "measure_text": {"type": "string", "description": "e.g. `107 days of siege`"},
            "summary": {"type": "string", "description": "e.g. `Aleppo (SY): 107 days of siege`"},
            "severity": {"enum": ["info", "warning", "critical"]},
            "status": {"enum": ["active", "resolved"]},
            "raised": {"type": "string", "format": "date"},
            "since": NULLABLE_DATE, "escalated": NULLABLE_DATE, "resolved": NULLABLE_DATE,
            "resolution": {"type": ["string", "null"]},
            "acknowledged_by": {"type": ["string", "null"]},
            "acknowledged_at": {"anyOf": [{"type": "string", "format": "date-time"},
                                          {"type": "null"}]},
            "evidence": {"type": "array", "items": _ref("EvidenceItem")},
            "history": {"type": "array", "items": {
                "type": "object", "properties": {
                    "day": {"type": "string", "format": "date"},
                    "what": {"enum": ["raised", "escalated", "resolved"]},
                    "detail": {"type": "string"}}}},
            "links": {"type": "object", "additionalProperties": {"type": "string"}},
        },
    },
    "AlertList": {
        "type": "object", "required": ["as_of", "count", "alerts"],
        "properties": {"as_of": NULLABLE_DATE, "count": {"type": "integer"},
                       "alerts": {"type": "array", "items": _ref("Alert")}},
    },
    "PlaceSummary": {
        "type": "object",
        "properties": {
            "place": _ref("Place"), "day": {"type": "string", "format": "date"},
            "siege_days": {"type": ["integer", "null"]},
            "aid_blocked_days": {"type": ["integer", "null"]},
            "stocks": {"type": "array", "items": _ref("StockView")},
            "killed_7d": {"type": ["integer", "null"]},
            "signals": {"type": "integer"}, "active_alerts": {"type": "integer"},
            "worst_severity": {"anyOf": [{"enum": ["info", "warning", "critical"]},
                                         {"type": "null"}]},
            "links": {"type": "object", "additionalProperties": {"type": "string"}},
        },
    },
    "PlaceList": {
        "type": "object",
        "properties": {"as_of": NULLABLE_DATE, "count": {"type": "integer"},
                       "places": {"type": "array", "items": _ref("PlaceSummary")}},
    },
    "StoredDispatch": {
        "allOf": [_ref("Dispatch"), {"type": "object", "properties": {
            "received": {"type": "string", "format": "date-time"},
            "retracted": {"type": ["string", "null"], "description": "why, when withdrawn"},
            "links": {"type": "object", "additionalProperties": {"type": "string"}}}}],
    },
    "Submission": {
        "type": "object",
        "description": "What a POST did. A 400/422 answer still lists what was accepted.",
        "properties": {
            "request": {"type": "string"},
            "accepted": {"type": "array", "items": {"type": "object", "properties": {
                "id": {"type": "string"}, "url": {"type": "string"}}}},
            "duplicates": {"type": "integer", "description": "dispatches already in the log"},
            "refused": {"type": "array", "items": {"type": "object", "properties": {
                "origin": {"type": "string", "description": "`http:<request>:<line>#<item>`"},
                "reason": {"type": "string"}, "message": {"type": "string"}}}},
            "signals": {"type": "array", "items": {"type": "object"}},
            "alerts": {"type": "array", "items": {"type": "object", "properties": {
                "alert_id": {"type": "string"}, "event": {"type": "string"},
                "rule": {"type": "string"}, "severity": {"type": ["string", "null"]},
                "place_id": {"type": "string"}, "day": {"type": "string", "format": "date"},
                "url": {"type": "string"}}}},
            "error": {"type": "string"},
        },
    },
    "Acknowledgement": {
        "type": "object", "required": ["by"],
        "properties": {"by": {"type": "string", "minLength": 1, "maxLength": 200},
                       "note": {"type": "string", "maxLength": 2000}},
    },
}


def _query(name: str, description: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema or {"type": "string"}}


def _path(name: str, description: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "description": description,
            "schema": {"type": "string"}}


AS_OF = _query("as_of", "a past day, YYYY-MM-DD: the state as of that day (a replay)",
               {"type": "string", "format": "date"})

PATHS: dict[str, Any] = {
    "/api/dispatches": {"post": {
        "summary": "Ingest dispatches",
        "description": "A JSON object or array (`application/json`), JSON Lines "
                       "(`application/x-ndjson`), seed-format text starting `date YYYY-MM-DD` "
                       "(`text/plain`) or an RSS/Atom feed (`application/rss+xml`). "
                       "`?format=json|jsonl|text|rss` overrides the content type. Bad items "
                       "become dead letters; the good ones in the same body are still taken.",
        "security": TOKEN,
        "parameters": [_query("source", "source name for dispatches that give none"),
                       _query("format", "json, jsonl, text or rss",
                              {"enum": ["json", "jsonl", "text", "rss"]})],
        "requestBody": {"required": True, "content": {
            "application/json": {"schema": {}}, "application/x-ndjson": {"schema": {}},
            "text/plain": {"schema": {"type": "string"}},
            "application/rss+xml": {"schema": {"type": "string"}}}},
        "responses": {
            "200": _json(_ref("Submission"), "every item accepted (or already known)"),
            "400": _json(_ref("Submission"), "some items could not be parsed (dead letters)"),
            "401": ERROR, "413": ERROR, "415": ERROR,
            "422": _json(_ref("Submission"), "some items are not valid dispatches"),
            "503": _json(_ref("Error"), "the log cannot take it now (Kafka: the broker does "
                                        "not answer); nothing was lost, send it again"),
        },
    }},
    "/api/dispatches/{dispatch_id}": {"get": {
        "summary": "A stored dispatch, with its full text",
        "parameters": [_path("dispatch_id", "the dispatch id")],
        "responses": {"200": _json(_ref("StoredDispatch"), "the dispatch"), "404": ERROR},
    }},
    "/api/alerts": {"get": {
        "summary": "Alerts, most severe first",
        "parameters": [
            _query("status", "active (default), resolved or all",
                   {"enum": ["active", "resolved", "all"], "default": "active"}),
            _query("severity", "info, warning or critical",
                   {"enum": ["info", "warning", "critical"]}),
            _query("place", "place id, name, or name as written"),
            _query("rule", "rule id (`stock_exhaustion`) or key (`stock_exhaustion:food`)"),
            AS_OF,
        ],
        "responses": {"200": _json(_ref("AlertList"), "the alerts"), "400": ERROR},
    }},
    "/api/alerts/{alert_id}": {"get": {
        "summary": "One alert with its evidence and the dispatches behind it",
        "parameters": [_path("alert_id", "the alert id")],
        "responses": {"200": _json(_ref("Alert"), "the alert"), "404": ERROR},
    }},
    "/api/alerts/{alert_id}/acknowledge": {"post": {
        "summary": "Acknowledge an alert (recorded as an AlertAcknowledged event)",
        "security": TOKEN,
        "parameters": [_path("alert_id", "the alert id")],
        "requestBody": {"required": True, "content": {
            "application/json": {"schema": _ref("Acknowledgement")}}},
        "responses": {"200": _json(_ref("Alert"), "the alert, acknowledged"), "400": ERROR,
                      "401": ERROR, "404": ERROR, "422": ERROR, "503": ERROR},
    }},
    "/api/places": {"get": {
        "summary": "Every place tocsin follows",
        "responses": {"200": _json(_ref("PlaceList"), "the places")},
    }},
    "/api/places/{place}/situation": {"get": {
        "summary": "A place's situation, now or as of a past day",
        "parameters": [_path("place", "place id (`geonames:170063`), name or name as written"),
                       AS_OF],
        "responses": {"200": _json(_ref("SituationView"), "the situation"), "400": ERROR,
                      "404": ERROR},
    }},
    "/api/console": {"get": {
        "summary": "Settings the console reads",
        "responses": {"200": _json({"type": "object"}, "poll interval, whether a token is "
                                                        "required")},
    }},
    "/healthz": {"get": {"summary": "Liveness: the process answers",
                         "responses": {"200": _json({"type": "object"}, "alive")}}},
    "/readyz": {"get": {"summary": "Readiness: the event log (or the Kafka broker) answers",
                        "responses": {"200": _json({"type": "object"}, "ready"),
                                      "503": _json({"type": "object"}, "not ready")}}},
    "/metrics": {"get": {"summary": "Prometheus metrics", "responses": {"200": {
        "description": "text exposition format",
        "content": {"text/plain": {"schema": {"type": "string"}}}}}}},
    "/openapi.json": {"get": {"summary": "This description",
                              "responses": {"200": _json({"type": "object"}, "OpenAPI 3.1")}}},
    "/": {"get": {"summary": "The operators' console (HTML)", "responses": {"200": {
        "description": "the console page", "content": {"text/html": {"schema": {
            "type": "string"}}}}}}},
}


@cache
def spec(paths: frozenset[str] | None = None) -> dict[str, Any]:
    """The OpenAPI document; with `paths`, only those (a process that serves part of the API)."""
    _, domain = models_json_schema(
        [(SituationView, "serialization"), (Dispatch, "serialization")], ref_template=REF)
    served = set(PATHS) if paths is None else set(paths)
    return {
        "openapi": "3.1.0",
        "info": {"title": "tocsin", "version": "1",
                 "description": "Dispatches in, humanitarian alerts with evidence out."},
        "paths": {path: item for path, item in PATHS.items() if path in served},
        "components": {
            "schemas": {**domain["$defs"], **API_SCHEMAS},
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                           "description": "the TOCSIN_TOKEN of the server"}},
        },
    }

"""The HTTP API as a client drives it: a real uvicorn on a free loopback port, a fresh log each.

The seed is read from ../shared/seeds relative to the repository, never copied into it.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import typer
import uvicorn
from starlette.routing import Route

from services.api.board import EmbeddedBoard
from services.api.command import serve
from services.api.http import create_app
from services.api.metrics import PrometheusTelemetry
from services.bootstrap import bootstrap, load_rules
from services.runtime.embedded.runner import EmbeddedRuntime
from tests.conftest import seed_bytes

TOKEN = "e2e-token-5b0c1d2e3f4a5968"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
SIEGE_SENTENCE = ("Les quartiers rebelles de la deuxième ville de Syrie sont totalement assiégés "
                  "depuis le 17 juillet par les forces du régime")

GOOD = {"id": "e2e-good-1", "source": "e2e", "language": "en", "published": "2021-11-01",
        "text": "The town of Zabadani has been besieged since September 1 by government forces."}
GOOD_2 = {"id": "e2e-good-2", "source": "e2e", "language": "en", "published": "2021-11-01",
          "text": "Aid convoys have not reached Madaya since October 1, the UN said."}


@dataclass
class Live:
    url: str
    client: httpx.Client
    runtime: EmbeddedRuntime
    db: Path

    def post(self, body: bytes, content_type: str, **kwargs: object) -> httpx.Response:
        headers = {**AUTH, "Content-Type": content_type}
        headers.update(kwargs.pop("headers", {}))  # type: ignore[arg-type]
        return self.client.post("/api/dispatches", content=body, headers=headers, **kwargs)  # type: ignore[arg-type]

    def post_seed(self) -> httpx.Response:
        response = self.post(seed_bytes(), "text/plain; charset=utf-8")
        assert response.status_code == 200, response.text
        return response

    def dead_letters(self) -> list[object]:
        return [event for _, event in self.runtime.log.read(["dead_letters"])]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def live(tmp_path: Path) -> Iterator[Live]:
    """tocsin's app over a fresh SQLite log, served by uvicorn in a thread."""
    telemetry = PrometheusTelemetry(rules=load_rules())
    runtime = bootstrap(tmp_path / "tocsin.db", None, telemetry)
    app = create_app(EmbeddedBoard(runtime, telemetry.registry), TOKEN, max_body_bytes=1 << 20)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    url = f"http://127.0.0.1:{port}"
    with httpx.Client(base_url=url, timeout=30) as client:
        yield Live(url, client, runtime, tmp_path / "tocsin.db")
    server.should_exit = True
    thread.join(timeout=10)
    runtime.log.close()


def _aleppo_siege(alerts: list[dict]) -> dict:
    found = [a for a in alerts if a["place"]["name"] == "Aleppo" and a["rule"] == "siege_duration"]
    assert len(found) == 1, [a["summary"] for a in alerts]
    return found[0]


# --- writes need the token ------------------------------------------------------------------

def test_posting_dispatches_needs_the_bearer_token(live: Live) -> None:
    """No token, a wrong token or another scheme: 401, and nothing written, not even a dead
    letter."""
    body = seed_bytes()
    for headers in ({}, {"Authorization": "Bearer wrong-token"},
                    {"Authorization": f"Basic {TOKEN}"}, {"Authorization": "Bearer"}):
        response = live.client.post("/api/dispatches", content=body,
                                    headers={"Content-Type": "text/plain", **headers})
        assert response.status_code == 401, headers
        assert "error" in response.json()
        assert response.headers["www-authenticate"].startswith("Bearer")
    assert live.runtime.log.last_position() == 0


def test_a_body_over_the_limit_is_413_and_a_dead_letter(live: Live) -> None:
    """2 MiB against a 1 MiB limit: refused from its Content-Length, and kept as a dead letter."""
    response = live.post(b'{"text": "' + b"a" * (2 << 20) + b'"}', "application/json")
    assert response.status_code == 413
    assert "limit" in response.json()["error"]
    [letter] = live.dead_letters()
    assert letter.reason.startswith("too_large")  # type: ignore[attr-defined]


def test_a_chunked_body_is_cut_off_at_the_limit(live: Live) -> None:
    """Without Content-Length the body is counted as it streams in and refused past the limit."""
    def chunks() -> Iterator[bytes]:
        for _ in range(64):
            yield b"x" * 65536

    response = live.post(chunks(), "application/x-ndjson")  # type: ignore[arg-type]
    assert response.status_code == 413
    assert [letter.reason.split(":")[0] for letter in live.dead_letters()] == ["too_large"]  # type: ignore[attr-defined]


def test_broken_json_lines_are_dead_letters_and_the_good_ones_are_kept(live: Live) -> None:
    """One body, three lines: the broken and the undated lines are refused, the good one kept."""
    body = (json.dumps(GOOD) + "\n" + '{"id": "broken", "text": \n'
            + json.dumps({"id": "undated", "text": "Madaya est assiégée."}) + "\n"
            + json.dumps(GOOD_2) + "\n").encode()
    response = live.post(body, "application/x-ndjson")
    assert response.status_code == 400
    data = response.json()
    assert "refused" in data["error"]
    assert [item["id"] for item in data["accepted"]] == ["e2e-good-1", "e2e-good-2"]
    assert sorted(r["reason"] for r in data["refused"]) == ["json", "no_date"]
    assert {r["origin"].rsplit(":", 1)[1] for r in data["refused"]} == {"2", "3"}
    reasons = sorted(letter.reason.split(":")[0] for letter in live.dead_letters())  # type: ignore[attr-defined]
    assert reasons == ["json", "no_date"]
    stored = live.client.get("/api/dispatches/e2e-good-1")
    assert stored.status_code == 200
    assert stored.json()["text"] == GOOD["text"]


def test_a_broken_json_body_and_an_unknown_content_type_are_refused(live: Live) -> None:
    broken = live.post(b'[{"id": "a", "text": "x",', "application/json")
    assert broken.status_code == 400
    assert broken.json()["refused"][0]["reason"] == "json"
    assert broken.json()["accepted"] == []
    unknown = live.post(b"<html></html>", "text/html")
    assert unknown.status_code == 415
    assert "content type" in unknown.json()["error"]
    invalid = live.post(json.dumps({**GOOD, "published": "30000-01-01"}).encode(),
                        "application/json")
    assert invalid.status_code == 422
    assert invalid.json()["refused"][0]["reason"] == "bad_date"
    assert len(live.dead_letters()) == 3


def test_a_json_array_is_taken_whole_and_a_repeat_is_a_duplicate(live: Live) -> None:
    body = json.dumps([GOOD, GOOD_2]).encode()
    first = live.post(body, "application/json").json()
    assert [item["id"] for item in first["accepted"]] == ["e2e-good-1", "e2e-good-2"]
    assert {s["type"] for s in first["signals"]} >= {"siege"}
    again = live.post(body, "application/json")
    assert again.status_code == 200
    assert again.json()["accepted"] == [] and again.json()["duplicates"] == 2


# --- the seed, its alerts, their evidence ----------------------------------------------------

def test_the_seed_raises_the_aleppo_siege_critical_with_its_evidence(live: Live) -> None:
    """107 days of siege as of 2021-11-01, the sentence that says so and the dispatch behind it."""
    posted = live.post_seed().json()
    assert len(posted["accepted"]) == 1
    assert any(a["rule"] == "siege_duration" and a["severity"] == "critical"
               for a in posted["alerts"])

    listing = live.client.get("/api/alerts").json()
    assert listing["as_of"] == "2021-11-01"
    siege = _aleppo_siege(listing["alerts"])
    assert siege["severity"] == "critical" and siege["status"] == "active"
    assert siege["value"] == 107 and siege["since"] == "2021-07-17"
    assert siege["summary"] == "Aleppo (SY): 107 days of siege"
    evidence = siege["evidence"][0]
    assert evidence["sentence"].startswith(SIEGE_SENTENCE)
    start, end = evidence["trigger_in_sentence"]
    assert evidence["sentence"][start:end] == evidence["trigger"] == "assiégés"
    assert listing["alerts"][0]["severity"] == "critical"  # most severe first

    one = live.client.get(siege["links"]["self"]).json()
    assert one["alert_id"] == siege["alert_id"]
    dispatch = live.client.get(evidence["dispatch_url"])
    assert dispatch.status_code == 200
    text = dispatch.json()["text"]
    assert text[evidence["sentence_start"]:].startswith(SIEGE_SENTENCE)
    assert text[evidence["trigger_start"]:evidence["trigger_end"]] == "assiégés"

    for place in ("aleppo", "geonames:170063"):
        filtered = live.client.get("/api/alerts", params={
            "severity": "critical", "place": place, "rule": "siege_duration"}).json()
        assert [a["alert_id"] for a in filtered["alerts"]] == [siege["alert_id"]]
    stock = live.client.get("/api/alerts", params={"rule": "stock_exhaustion"}).json()
    assert [a["rule"] for a in stock["alerts"]] == ["stock_exhaustion:food"]
    assert live.client.get("/api/alerts", params={"severity": "bad"}).status_code == 400
    assert live.client.get("/api/alerts/alert-nope").status_code == 404
    assert live.client.get("/api/dispatches/d-nope").status_code == 404


def test_acknowledging_needs_the_token_records_who_and_when_and_survives_a_replay(
        live: Live) -> None:
    live.post_seed()
    siege = _aleppo_siege(live.client.get("/api/alerts").json()["alerts"])
    path = siege["links"]["acknowledge"]
    ack = {"by": "Amina (duty officer)", "note": "convoy request sent"}

    assert live.client.post(path, json=ack).status_code == 401
    assert live.client.post(path, json=ack,
                            headers={"Authorization": "Bearer nope"}).status_code == 401
    assert live.client.post(path, json={"note": "x"}, headers=AUTH).status_code == 422
    assert live.client.post(path, content=b"{", headers=AUTH).status_code == 400
    assert live.client.post("/api/alerts/alert-nope/acknowledge", json=ack,
                            headers=AUTH).status_code == 404

    done = live.client.post(path, json=ack, headers=AUTH)
    assert done.status_code == 200, done.text
    assert done.json()["acknowledged_by"] == "Amina (duty officer)"
    when = done.json()["acknowledged_at"]
    assert when is not None

    live.runtime.replay()
    again = live.client.get(siege["links"]["self"]).json()
    assert (again["acknowledged_by"], again["acknowledged_at"]) == (ack["by"], when)
    # and a fresh process reading the same log file sees it too
    fresh = bootstrap(live.db)
    try:
        view = fresh.alert_views()[siege["alert_id"]]
        assert view.acknowledged_by == ack["by"]
    finally:
        fresh.log.close()


def test_situation_now_and_as_of_a_past_or_later_day(live: Live) -> None:
    live.post_seed()
    places = live.client.get("/api/places").json()
    aleppo = next(p for p in places["places"] if p["place"]["name"] == "Aleppo")
    assert aleppo["siege_days"] == 107 and aleppo["worst_severity"] == "critical"

    now = live.client.get(aleppo["links"]["situation"]).json()
    assert now["day"] == "2021-11-01" and now["siege_since"] == "2021-07-17"
    assert now["siege_days"] == 107 and now["aid_blocked_days"] == 117
    assert any(s["type"] == "siege" for s in now["signals"])

    later = live.client.get("/api/places/Aleppo/situation", params={"as_of": "2021-11-20"})
    assert later.json()["siege_days"] == 126
    # Before the dispatch was published tocsin knew nothing of Aleppo.
    before = live.client.get("/api/places/Aleppo/situation", params={"as_of": "2021-10-01"})
    assert before.status_code == 404
    assert live.client.get("/api/places/Aleppo/situation",
                           params={"as_of": "1er juillet"}).status_code == 400
    past_alerts = live.client.get("/api/alerts", params={"as_of": "2021-10-01"}).json()
    assert past_alerts["count"] == 0 and past_alerts["as_of"] == "2021-10-01"


# --- the rest of the surface -----------------------------------------------------------------

def test_openapi_describes_every_route(live: Live) -> None:
    spec = live.client.get("/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    app = create_app(EmbeddedBoard(live.runtime), TOKEN)
    routes = {route.path for route in app.routes if isinstance(route, Route)}
    assert routes == set(spec["paths"])
    assert "post" in spec["paths"]["/api/dispatches"]
    assert spec["paths"]["/api/dispatches"]["post"]["security"] == [{"bearer": []}]
    text = json.dumps(spec)
    for name in {ref.split("/")[-1] for ref in _refs(spec)}:
        assert name in spec["components"]["schemas"], name
    assert "#/$defs" not in text


def _refs(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_health_readiness_metrics_and_console(live: Live) -> None:
    assert live.client.get("/healthz").json() == {"status": "ok"}
    live.post_seed()
    ready = live.client.get("/readyz").json()
    assert ready["status"] == "ready" and ready["clock"] == "2021-11-01"
    metrics = live.client.get("/metrics")
    assert metrics.headers["content-type"].startswith("text/plain")
    text = metrics.text
    assert 'tocsin_dispatches_ingested_total{language="fr",source="http"} 1.0' in text
    assert 'tocsin_siege_days{country="SY",place="Aleppo"} 107.0' in text
    assert 'tocsin_alerts_active{rule="stock_exhaustion",severity="critical"} 1.0' in text
    assert "tocsin_classify_seconds_bucket" in text and "tocsin_end_to_end_seconds_count" in text

    page = live.client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "/static/console.js" in page.text
    script = live.client.get("/static/console.js")
    assert script.status_code == 200 and "textContent" in script.text
    assert "innerHTML" not in script.text
    assert live.client.get("/nowhere").json() == {"error": "not found"}


def test_the_server_needs_a_token_unless_insecure_dev_on_loopback(live: Live) -> None:
    with pytest.raises(ValueError):
        create_app(EmbeddedBoard(live.runtime), None)
    with pytest.raises(typer.BadParameter, match="TOCSIN_TOKEN"):
        serve(db=live.db, token=None)
    with pytest.raises(typer.BadParameter, match="loopback"):
        serve(db=live.db, token=None, insecure_dev=True, host="0.0.0.0")
    open_app = create_app(EmbeddedBoard(live.runtime), None, insecure_dev=True)
    assert open_app is not None


def test_an_unreachable_alertmanager_does_not_stop_the_server(tmp_path: Path) -> None:
    """The sink logs and retries; the API keeps answering and alerts keep being raised."""
    from services.api.alertmanager import AlertmanagerSink

    telemetry = PrometheusTelemetry()
    runtime = bootstrap(tmp_path / "tocsin.db", None, telemetry)
    sink = AlertmanagerSink(f"http://127.0.0.1:{_free_port()}", "http://127.0.0.1:1",
                            timeout=0.5)
    app = create_app(EmbeddedBoard(runtime, telemetry.registry), TOKEN, alertmanager=sink,
                     resend_seconds=0.2)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        while not server.started:
            time.sleep(0.02)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=AUTH) as client:
            posted = client.post("/api/dispatches", content=seed_bytes(),
                                 headers={"Content-Type": "text/plain"})
            assert posted.status_code == 200
            time.sleep(1.0)  # several failed rounds
            assert client.get("/healthz").status_code == 200
            assert client.get("/api/alerts").json()["count"] == 6
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        runtime.log.close()

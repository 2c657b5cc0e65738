"""The operator surfaces of the Kafka runtime, against the real broker, as docker-compose runs them:
`tocsin serve-ingest` takes the dispatches, the alert worker serves the API, the console,
/metrics and pushes to Alertmanager, the classify worker serves /metrics.

One set of processes for the module (fresh topics and consumer groups): the seed goes in
through HTTP and comes out of the alert worker as the Aleppo siege, 107 days, with its sentence.
The seed is read from ../shared/seeds relative to the repository, never copied into it.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from tests.conftest import seed_bytes

try:
    from .workers import IngestServer, Worker, read_topic
except ImportError:
    from workers import IngestServer, Worker, read_topic  # type: ignore[no-redef]

pytestmark = pytest.mark.kafka

TOKEN = "kafka-operators-token-7f3a9c1e"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
MAX_BODY = 64 * 1024
SIEGE_SENTENCE = ("Les quartiers rebelles de la deuxième ville de Syrie sont totalement assiégés "
                  "depuis le 17 juillet par les forces du régime")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class _FakeAlertmanager(ThreadingHTTPServer):
    """Takes `POST /api/v2/alerts` and keeps what it was sent."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        super().__init__(("127.0.0.1", 0), _AlertmanagerHandler)


class _AlertmanagerHandler(BaseHTTPRequestHandler):
    server: _FakeAlertmanager

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("content-length", "0")))
        if self.path == "/api/v2/alerts":
            self.server.received += json.loads(body)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@dataclass
class Stack:
    bootstrap: str
    prefix: str
    group: str
    ingest: httpx.Client
    alert: httpx.Client
    classify: httpx.Client
    alertmanager: _FakeAlertmanager
    processes: dict[str, Worker] = field(default_factory=dict)

    def topic(self, stream: str) -> str:
        return f"{self.prefix}{stream}"

    def tails(self) -> str:
        return "\n".join(f"--- {name}\n{worker.tail(25)}" for name, worker in self.processes.items())


def _until(what: str, check: Callable[[], Any], stack: Stack, timeout: float = 60) -> Any:
    """Poll `check` until it gives something truthy."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting for {what}\n{stack.tails()}")


@pytest.fixture(scope="module")
def stack(kafka_bootstrap: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    folder = tmp_path_factory.mktemp("kafka-operators")
    tag = uuid.uuid4().hex[:8]
    prefix, group = f"ops{tag}.", f"ops{tag}"
    ports = {name: _free_port() for name in ("ingest", "alert", "classify")}
    alertmanager = _FakeAlertmanager()
    threading.Thread(target=alertmanager.serve_forever, daemon=True).start()
    common = ["--partitions", "4", "--group", group, "--host", "127.0.0.1"]
    env = {"TOCSIN_TOKEN": TOKEN,
           "TOCSIN_ALERTMANAGER_URL": f"http://127.0.0.1:{alertmanager.server_address[1]}"}
    processes: dict[str, Worker] = {
        "classify": Worker("classify", kafka_bootstrap, prefix, folder,
                           extra=[*common, "--port", str(ports["classify"])]),
        "alert": Worker("alert", kafka_bootstrap, prefix, folder, env=env,
                        extra=[*common, "--port", str(ports["alert"]), "--resend-seconds", "2"]),
        "ingest": IngestServer("ingest", kafka_bootstrap, prefix, folder, env=env,
                               extra=["--port", str(ports["ingest"]), "--max-body-bytes",
                                      str(MAX_BODY)]),
    }
    clients = {name: httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=20)
               for name, port in ports.items()}
    try:
        for process in processes.values():
            process.launch()
        for process in processes.values():
            process.wait_ready()
        yield Stack(kafka_bootstrap, prefix, group, clients["ingest"], clients["alert"],
                    clients["classify"], alertmanager, processes)
    finally:
        for process in processes.values():
            process.stop()
        for client in clients.values():
            client.close()
        alertmanager.shutdown()


@pytest.fixture(scope="module")
def aleppo(stack: Stack) -> dict[str, Any]:
    """The seed posted to the intake; the siege alert as the alert worker serves it."""
    posted = stack.ingest.post("/api/dispatches", content=seed_bytes(),
                               headers={**AUTH, "Content-Type": "text/plain; charset=utf-8"})
    assert posted.status_code == 200, posted.text
    assert len(posted.json()["accepted"]) == 1

    def siege() -> dict[str, Any] | None:
        answer = stack.alert.get("/api/alerts", params={"rule": "siege_duration",
                                                        "place": "Aleppo"})
        alerts = answer.json()["alerts"] if answer.status_code == 200 else []
        return alerts[0] if alerts else None

    return _until("the Aleppo siege alert on the alert worker", siege, stack)  # type: ignore[no-any-return]


def test_the_seed_posted_to_ingest_is_the_aleppo_siege_on_the_alert_worker(
    stack: Stack, aleppo: dict[str, Any]
) -> None:
    assert aleppo["severity"] == "critical"
    assert aleppo["value"] == 107
    assert aleppo["summary"] == "Aleppo (SY): 107 days of siege"
    assert aleppo["since"] == "2021-07-17"
    evidence = aleppo["evidence"][0]
    assert SIEGE_SENTENCE in evidence["sentence"]
    assert evidence["trigger"] == "assiégés"

    one = stack.alert.get(aleppo["links"]["self"]).json()
    assert one["alert_id"] == aleppo["alert_id"]
    dispatch = stack.alert.get(evidence["dispatch_url"])
    assert dispatch.status_code == 200, dispatch.text
    assert SIEGE_SENTENCE in dispatch.json()["text"]

    places = stack.alert.get("/api/places").json()
    assert places["as_of"] == "2021-11-01"
    aleppo_place = next(p for p in places["places"] if p["place"]["name"] == "Aleppo")
    assert aleppo_place["siege_days"] == 107
    assert aleppo_place["worst_severity"] == "critical"
    situation = stack.alert.get("/api/places/Aleppo/situation").json()
    assert situation["siege_since"] == "2021-07-17" and situation["siege_days"] == 107
    later = stack.alert.get("/api/places/Aleppo/situation", params={"as_of": "2021-11-20"})
    assert later.json()["siege_days"] == 126
    # Before the dispatch was published tocsin knew nothing of Aleppo, as in the embedded API.
    before = stack.alert.get("/api/places/Aleppo/situation", params={"as_of": "2021-10-01"})
    assert before.status_code == 404
    assert stack.alert.get("/api/alerts", params={"as_of": "2021-10-01"}).json()["count"] == 0
    filtered = stack.alert.get("/api/alerts", params={"severity": "info"}).json()
    assert all(a["severity"] == "info" for a in filtered["alerts"])
    assert stack.alert.get("/api/alerts/alert-none").status_code == 404
    console = stack.alert.get("/")
    assert console.status_code == 200 and "<html" in console.text


def test_ingest_refuses_without_token_and_over_its_limit(stack: Stack) -> None:
    seed = seed_bytes()
    denied = stack.ingest.post("/api/dispatches", content=seed,
                               headers={"Content-Type": "text/plain"})
    assert denied.status_code == 401
    wrong = stack.ingest.post("/api/dispatches", content=seed,
                              headers={"Authorization": "Bearer nope", "Content-Type": "text/plain"})
    assert wrong.status_code == 401
    large = stack.ingest.post("/api/dispatches", content=b"x" * (MAX_BODY + 1),
                              headers={**AUTH, "Content-Type": "text/plain"})
    assert large.status_code == 413
    assert large.json()["refused"][0]["reason"] == "too_large"
    unsupported = stack.ingest.post("/api/dispatches", content=b"<x/>",
                                    headers={**AUTH, "Content-Type": "image/png"})
    assert unsupported.status_code == 415


def test_a_broken_body_is_a_4xx_and_a_dead_letter_in_the_topic(stack: Stack) -> None:
    broken = stack.ingest.post("/api/dispatches", content=b'{"id": "x", "text": "broken',
                               headers={**AUTH, "Content-Type": "application/json"})
    assert broken.status_code == 400, broken.text
    refused = broken.json()["refused"]
    assert [r["reason"] for r in refused] == ["json"]
    no_date = stack.ingest.post(
        "/api/dispatches", headers={**AUTH, "Content-Type": "application/x-ndjson"},
        content=b'{"id": "ops-no-date", "language": "en", "text": "The town was besieged."}\n')
    assert no_date.status_code == 422, no_date.text
    origins = {r["origin"] for r in refused + no_date.json()["refused"]}

    def letters() -> list[dict[str, Any]]:
        found = [event for _, event in read_topic(stack.bootstrap, stack.topic("dead_letters"), 1.0)
                 if event["origin"] in origins]
        return found if len(found) == len(origins) else []

    kept = _until("the dead letters in the topic", letters, stack, timeout=30)
    assert {letter["stage"] for letter in kept} == {"ingest"}
    assert sorted(letter["reason"].split(":")[0] for letter in kept) == ["json", "no_date"]


def test_an_acknowledgement_through_the_alert_worker_is_an_event_and_shows_who(
    stack: Stack, aleppo: dict[str, Any]
) -> None:
    path = aleppo["links"]["acknowledge"]
    body = {"by": "Amal (duty officer)", "note": "OCHA informed"}
    assert stack.alert.post(path, json=body).status_code == 401
    assert stack.alert.post("/api/alerts/alert-none/acknowledge", json=body,
                            headers=AUTH).status_code == 404
    answer = stack.alert.post(path, json=body, headers=AUTH)
    assert answer.status_code == 200, answer.text
    assert answer.json()["acknowledged_by"] == "Amal (duty officer)"
    shown = stack.alert.get(aleppo["links"]["self"]).json()
    assert shown["acknowledged_by"] == "Amal (duty officer)"
    assert shown["acknowledgement_note"] == "OCHA informed"
    events = [e for _, e in read_topic(stack.bootstrap, stack.topic("alerts"), 1.0)
              if e["type"] == "AlertAcknowledged"]
    assert [(e["alert_id"], e["by"]) for e in events] == [(aleppo["alert_id"],
                                                           "Amal (duty officer)")]

    def pushed() -> bool:
        return any(a["annotations"].get("acknowledged_by") == "Amal (duty officer)"
                   for a in list(stack.alertmanager.received))

    _until("the acknowledgement pushed to Alertmanager", pushed, stack, timeout=20)


def test_the_alert_worker_pushes_its_alerts_to_alertmanager(
    stack: Stack, aleppo: dict[str, Any]
) -> None:
    def siege() -> list[dict[str, Any]]:
        return [a for a in list(stack.alertmanager.received)
                if a["labels"].get("alertname") == "tocsin_siege_duration"]

    sent = _until("the siege alert at Alertmanager", siege, stack, timeout=20)
    assert sent[-1]["labels"] == {"alertname": "tocsin_siege_duration", "rule": "siege_duration",
                                  "severity": "critical", "place": "Aleppo", "country": "SY"}
    assert sent[-1]["annotations"]["summary"] == "Aleppo (SY): 107 days of siege"
    assert SIEGE_SENTENCE in sent[-1]["annotations"]["evidence"]


def _metric(text: str, name: str, **labels: str) -> list[float]:
    """Values of the series of `name` whose labels include `labels`."""
    values = []
    for line in text.splitlines():
        match = re.match(rf"^{name}(?:\{{(.*)\}})? (\S+)$", line)
        if not match:
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', match.group(1) or ""))
        if all(found.get(key) == value for key, value in labels.items()):
            values.append(float(match.group(2)))
    return values


def test_metrics_of_the_three_services(stack: Stack, aleppo: dict[str, Any]) -> None:
    def alert_metrics() -> str | None:
        text = stack.alert.get("/metrics").text
        ready = (_metric(text, "tocsin_siege_days", place="Aleppo", country="SY") == [107.0]
                 and _metric(text, "tocsin_consumer_lag", group=f"{stack.group}-alert"))
        return text if ready else None

    text = _until("the siege days and the consumer lag on the alert worker", alert_metrics, stack,
                  timeout=30)
    lags = _metric(text, "tocsin_consumer_lag", group=f"{stack.group}-alert",
                   topic=stack.topic("signals"))
    assert len(lags) == 4 and all(lag >= 0 for lag in lags)
    assert _metric(text, "tocsin_alerts_active", rule="siege_duration", severity="critical") == [1.0]
    assert _metric(text, "tocsin_alerts_raised_total", rule="siege_duration",
                   severity="critical") == [1.0]

    classify = stack.classify.get("/metrics").text
    assert _metric(classify, "tocsin_classify_seconds_count")[0] > 0
    assert _metric(classify, "tocsin_signals_detected_total", type="siege")[0] >= 1
    assert _until("the classify group's lag", lambda: _metric(
        stack.classify.get("/metrics").text, "tocsin_consumer_lag",
        group=f"{stack.group}-classify"), stack, timeout=20)

    ingest = stack.ingest.get("/metrics").text
    assert _metric(ingest, "tocsin_dispatches_ingested_total", language="fr", source="http")[0] >= 1

    for client in (stack.ingest, stack.alert, stack.classify):
        assert client.get("/healthz").json() == {"status": "ok"}
        ready = client.get("/readyz")
        assert ready.status_code == 200, ready.text
    paths = set(stack.ingest.get("/openapi.json").json()["paths"])
    assert paths == {"/api/dispatches", "/healthz", "/readyz", "/metrics", "/openapi.json"}
    assert stack.ingest.get("/api/alerts").status_code == 404
    assert "/api/dispatches" not in stack.alert.get("/openapi.json").json()["paths"]
    assert stack.alert.post("/api/dispatches", content=b"", headers=AUTH).status_code == 404


def test_the_dead_letter_counter_of_the_intake(stack: Stack) -> None:
    before = _metric(stack.ingest.get("/metrics").text, "tocsin_dead_letters_total",
                     reason="json", stage="ingest")[0]
    stack.ingest.post("/api/dispatches", content=b"[{", headers={**AUTH,
                                                                "Content-Type": "application/json"})
    after = _metric(stack.ingest.get("/metrics").text, "tocsin_dead_letters_total",
                    reason="json", stage="ingest")[0]
    assert after == before + 1


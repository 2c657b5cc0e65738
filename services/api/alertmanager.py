"""Pushing tocsin's alerts to Alertmanager's v2 API (`POST {url}/api/v2/alerts`).

Alertmanager identifies an alert by its labels, so labels stay fixed over an alert's life
(alertname, rule, severity, place, country, and commodity for stock alerts); the days
counted and the evidence go in annotations. An alert sent without `endsAt` expires after
`resolve_timeout` (5 min by default): active alerts are re-sent every round (60 s). A
resolved alert, and the label set an escalation left behind, are sent with `endsAt` = now
and the original `startsAt` (Alertmanager refuses a `startsAt` after `endsAt`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from typing import Any

import httpx

from services.alert.views import AlertView
from services.api import present

log = logging.getLogger("tocsin.alertmanager")
BATCH = 200


class AlertmanagerError(RuntimeError):
    """Alertmanager did not take a batch (unreachable, or it answered with an error)."""


def _utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)


class AlertmanagerSink:
    """Sends alert views to one Alertmanager. `push` is one round; it never retries by itself."""

    def __init__(self, url: str, public_url: str, client: httpx.Client | None = None,
                 timeout: float = 5.0, now: Callable[[], datetime] = _utc_now) -> None:
        self.url = url.rstrip("/")
        self.public_url = public_url.rstrip("/")
        self.client = client or httpx.Client(timeout=timeout)
        self.now = now
        self._resolved: set[tuple[str, str]] = set()  # (alert id, severity) resolved and sent

    def close(self) -> None:
        self.client.close()

    # --- what is sent ----------------------------------------------------------------------

    def labels(self, view: AlertView, severity: str | None = None) -> dict[str, str]:
        rule, _, subject = view.rule.partition(":")
        labels = {"alertname": f"tocsin_{rule}", "rule": rule,
                  "severity": severity or view.severity, "place": view.place.name}
        if view.place.country:
            labels["country"] = view.place.country
        if subject:
            labels["commodity" if rule == "stock_exhaustion" else "subject"] = subject
        return labels

    def annotations(self, view: AlertView) -> dict[str, str]:
        notes = {
            "summary": present.summary(view),
            "alert": self.public_url + present.alert_path(view.alert_id),
            "alert_id": view.alert_id,
        }
        if view.evidence:
            first = view.evidence[0]
            notes["evidence"] = first.sentence
            notes["source"] = first.source
            notes["dispatch"] = self.public_url + present.dispatch_path(first.dispatch_id)
        if view.since:
            notes["since"] = view.since.isoformat()
        if view.acknowledged_by:
            notes["acknowledged_by"] = view.acknowledged_by
        if view.resolution:
            notes["resolution"] = view.resolution
        return notes

    def starts_at(self, view: AlertView, now: datetime) -> datetime:
        """When the alerting state began, in event time: the siege's first day, else the day
        it was raised (a stock forecast's date can lie ahead). Never after now."""
        day = view.since if view.since is not None and view.since <= view.raised else view.raised
        return min(_midnight(day), now)

    def payload(self, views: list[AlertView]) -> tuple[list[dict[str, Any]], list[tuple[str, str]]]:
        """The alerts to send this round, and the resolved keys they include."""
        now = self.now()
        alerts: list[dict[str, Any]] = []
        resolving: list[tuple[str, str]] = []
        for view in views:
            base = {
                "annotations": self.annotations(view),
                "startsAt": self.starts_at(view, now).isoformat(),
                "generatorURL": self.public_url + present.alert_path(view.alert_id),
            }
            # Every severity the alert has had; all but the current one are finished.
            held = list(dict.fromkeys(detail for _, what, detail in view.history
                                      if what in ("raised", "escalated")))
            finished = held if view.status != "active" else [s for s in held if s != view.severity]
            for severity in finished:
                key = (view.alert_id, severity)
                if key not in self._resolved:
                    alerts.append({**base, "labels": self.labels(view, severity),
                                   "endsAt": now.isoformat()})
                    resolving.append(key)
            if view.status == "active":
                alerts.append({**base, "labels": self.labels(view)})
        return alerts, resolving

    def push(self, views: list[AlertView]) -> int:
        """Send active alerts and not yet sent resolutions; return how many alerts were sent."""
        alerts, resolving = self.payload(views)
        for start in range(0, len(alerts), BATCH):
            batch = alerts[start : start + BATCH]
            try:
                response = self.client.post(f"{self.url}/api/v2/alerts", json=batch)
            except httpx.HTTPError as error:
                raise AlertmanagerError(f"{self.url}: {error}") from error
            if response.status_code >= 300:
                raise AlertmanagerError(
                    f"{self.url} answered {response.status_code}: {response.text[:200]}")
        self._resolved.update(resolving)
        return len(alerts)


async def run_sink(board: Any, sink: AlertmanagerSink, interval: float,
                   wake: asyncio.Event) -> None:
    """Push every `interval` seconds, or sooner when `wake` is set; a failure waits a round."""
    failing = False
    try:
        while True:
            wake.clear()
            try:
                views = await asyncio.to_thread(board.alerts, "all")
                sent = await asyncio.to_thread(sink.push, views)
                if failing:
                    log.warning("Alertmanager %s reachable again", sink.url)
                failing = False
                log.debug("sent %d alerts to Alertmanager", sent)
            except Exception as error:  # never let Alertmanager take the server down
                log.warning("could not push alerts to Alertmanager (retrying in %.0f s): %s",
                            interval, error)
                failing = True
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wake.wait(), timeout=interval)
    finally:
        await asyncio.to_thread(sink.close)

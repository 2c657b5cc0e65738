"""The `Telemetry` port as Prometheus metrics, on a registry of its own.

Metric names are a contract shared with deploy/grafana/dashboards/tocsin.json and
deploy/prometheus/rules/tocsin.rules.yml. Counters and histograms grow as the runtime reports
what it does; the per-place gauges are rebuilt from scratch on every `observed()`, so a place
whose siege ended loses its `tocsin_siege_days` series instead of keeping its last value.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.core import GaugeMetricFamily, Metric

LATENCY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
                   10)
SEVERITIES = ("info", "warning", "critical")
# Series that exist at zero from the start, so the dashboard's rate() and sum() panels show
# "nothing happened" rather than "no data" (a fresh process has counted nothing yet).
LANGUAGES = ("fr", "en")
DEAD_LETTER_REASONS = ("json", "no_date", "bad_date", "empty", "language", "encoding", "binary",
                       "too_large", "invalid")
SIGNAL_TYPES = ("siege", "siege_lifted", "aid_blocked", "aid_delivered", "stock_depletion",
                "casualties", "healthcare_attack", "displacement", "famine")


def rule_id(rule: str) -> str:
    """The tocsin rule id of an alert's rule key: `stock_exhaustion:food` -> `stock_exhaustion`."""
    return rule.split(":", 1)[0]


def dead_letter_reason(reason: str) -> str:
    """The machine key of a dead letter's reason (`json: broken JSON ...` -> `json`)."""
    return reason.split(":", 1)[0].strip() or "unknown"


@dataclass(frozen=True)
class _Snapshot:
    """The per-place gauges as of one `observed()`: label values to value, per metric."""

    alerts_active: dict[tuple[str, ...], float] = field(default_factory=dict)
    siege_days: dict[tuple[str, ...], float] = field(default_factory=dict)
    aid_blocked_days: dict[tuple[str, ...], float] = field(default_factory=dict)
    stock_days_left: dict[tuple[str, ...], float] = field(default_factory=dict)
    killed_7d: dict[tuple[str, ...], float] = field(default_factory=dict)
    place_info: dict[tuple[str, ...], float] = field(default_factory=dict)


# (attribute of _Snapshot, metric name, help, label names)
_GAUGES = (
    ("alerts_active", "tocsin_alerts_active", "Active tocsin alerts by rule and severity.",
     ("rule", "severity")),
    ("siege_days", "tocsin_siege_days", "Days a place has been under siege, as of the log's clock.",
     ("place", "country")),
    ("aid_blocked_days", "tocsin_aid_blocked_days", "Days since aid last entered a place.",
     ("place", "country")),
    ("stock_days_left", "tocsin_stock_days_left",
     "Days until a commodity is forecast to run out (0 or less: exhausted).",
     ("place", "country", "commodity")),
    ("killed_7d", "tocsin_casualties_killed_7d", "People reported killed in a place in 7 days.",
     ("place", "country")),
    ("place_info", "tocsin_place_info", "Places tocsin follows, with their coordinates (value 1).",
     ("place", "country", "latitude", "longitude")),
)


class _SituationCollector:
    """Yields the gauges of the latest snapshot; swapping the snapshot is atomic."""

    def __init__(self, telemetry: PrometheusTelemetry) -> None:
        self.telemetry = telemetry

    def collect(self) -> Iterator[Metric]:
        snapshot = self.telemetry.snapshot
        for attribute, name, documentation, labels in _GAUGES:
            family = GaugeMetricFamily(name, documentation, labels=list(labels))
            for values, value in sorted(getattr(snapshot, attribute).items()):
                family.add_metric(list(values), value)
            yield family

    def describe(self) -> Iterator[Metric]:
        for _, name, documentation, labels in _GAUGES:
            yield GaugeMetricFamily(name, documentation, labels=list(labels))


class PrometheusTelemetry:
    """What the runtime reports, as Prometheus metrics on `self.registry`."""

    def __init__(self, registry: CollectorRegistry | None = None, rules: Iterable[Any] = (),
                 sources: Iterable[str] = ("http",)) -> None:
        """`rules` and `sources` name the zero series to create up front (rule ids, and the
        default source of dispatches that give none)."""
        self.registry = registry if registry is not None else CollectorRegistry()
        # rule id -> the severities it can raise (every one for a rule given by its id only)
        self._levels: dict[str, tuple[str, ...]] = {}
        for rule in rules:
            levels = tuple(level for level in SEVERITIES if getattr(rule, level, 0) is not None)
            self._levels[rule_id(getattr(rule, "id", str(rule)))] = levels
        self.dispatches_ingested = Counter(
            "tocsin_dispatches_ingested", "Dispatches accepted into the log.",
            ["language", "source"], registry=self.registry)
        self.dead_letters = Counter(
            "tocsin_dead_letters", "Items refused and kept as dead letters.",
            ["reason", "stage"], registry=self.registry)
        self.signals_detected = Counter(
            "tocsin_signals_detected", "Signals read from dispatches.", ["type"],
            registry=self.registry)
        self.alerts_raised = Counter(
            "tocsin_alerts_raised", "Alerts raised, by tocsin rule id and severity.",
            ["rule", "severity"], registry=self.registry)
        self.alerts_resolved = Counter(
            "tocsin_alerts_resolved", "Alerts resolved, by tocsin rule id.", ["rule"],
            registry=self.registry)
        self.consumer_lag = Gauge(
            "tocsin_consumer_lag", "Messages a consumer group has yet to read (Kafka runtime).",
            ["topic", "partition", "group"], registry=self.registry)
        self.classify_seconds = Histogram(
            "tocsin_classify_seconds", "Time to classify one dispatch.",
            buckets=LATENCY_BUCKETS, registry=self.registry)
        self.end_to_end_seconds = Histogram(
            "tocsin_end_to_end_seconds",
            "Time from a dispatch being recorded to its alert event being written.",
            buckets=LATENCY_BUCKETS, registry=self.registry)
        self.snapshot = self._empty_snapshot()
        self.registry.register(_SituationCollector(self))  # type: ignore[arg-type]
        for language in LANGUAGES:
            for source in sources:
                self.dispatches_ingested.labels(language=language, source=source)
        for reason in DEAD_LETTER_REASONS:
            self.dead_letters.labels(reason=reason, stage="ingest")
        for kind in SIGNAL_TYPES:
            self.signals_detected.labels(type=kind)
        for rule, levels in sorted(self._levels.items()):
            self.alerts_resolved.labels(rule=rule)
            for severity in levels:
                self.alerts_raised.labels(rule=rule, severity=severity)

    def _empty_snapshot(self) -> _Snapshot:
        """Zero active alerts for every rule and severity, so the severity panel always has data."""
        zeros: dict[tuple[str, ...], float] = {
            (rule, severity): 0.0 for rule, levels in self._levels.items() for severity in levels}
        if not zeros:
            zeros = {("", severity): 0.0 for severity in SEVERITIES}
        return _Snapshot(alerts_active=zeros)

    # --- the Telemetry port --------------------------------------------------------------

    def received(self, events: list[Any]) -> None:
        for event in events:
            if event.type == "DispatchReceived":
                dispatch = event.dispatch
                self.dispatches_ingested.labels(language=dispatch.language,
                                                source=dispatch.source).inc()
            elif event.type == "DispatchRejected":
                self.dead_letters.labels(reason=dead_letter_reason(event.reason),
                                         stage=event.stage).inc()

    def classified(self, signals: list[Any], seconds: float) -> None:
        self.classify_seconds.observe(seconds)
        for event in signals:
            self.signals_detected.labels(type=event.signal.type).inc()

    def alerted(self, alerts: list[Any], latency_seconds: list[float]) -> None:
        for event, latency in zip(alerts, latency_seconds, strict=False):
            if event.type == "AlertRaised":
                self.alerts_raised.labels(rule=rule_id(event.rule), severity=event.severity).inc()
            elif event.type == "AlertResolved":
                self.alerts_resolved.labels(rule=rule_id(event.rule)).inc()
            self.end_to_end_seconds.observe(max(0.0, latency))

    def observed(self, situations: list[Any], alerts: list[Any]) -> None:
        """Rebuild every per-place gauge from the current situations and alerts."""
        snapshot = self._empty_snapshot()
        for view in alerts:
            if view.status == "active":
                key = (rule_id(view.rule), view.severity)
                snapshot.alerts_active[key] = snapshot.alerts_active.get(key, 0.0) + 1
        for view in situations:
            place = (view.place.name, view.place.country or "")
            if view.siege_days is not None:
                _keep_max(snapshot.siege_days, place, view.siege_days)
            if view.aid_blocked_days is not None:
                _keep_max(snapshot.aid_blocked_days, place, view.aid_blocked_days)
            for stock in view.stocks:
                if stock.days_left is not None:
                    commodity = (*place, stock.commodity)
                    snapshot.stock_days_left[commodity] = min(
                        snapshot.stock_days_left.get(commodity, stock.days_left), stock.days_left)
            # A count over a window: a followed place with no toll reported in it is at 0.
            _keep_max(snapshot.killed_7d, place, view.killed_7d or 0)
            if view.place.latitude is not None and view.place.longitude is not None:
                snapshot.place_info[(*place, f"{view.place.latitude:.5f}",
                                     f"{view.place.longitude:.5f}")] = 1.0
        self.snapshot = snapshot  # one assignment: a scrape sees the old set or the new one

    # --- for the Kafka runtime -----------------------------------------------------------

    def set_consumer_lag(self, topic: str, partition: int | str, group: str, lag: float) -> None:
        """How far a consumer group is behind on one partition."""
        self.consumer_lag.labels(topic=topic, partition=str(partition), group=group).set(lag)

    def clear_consumer_lag(self) -> None:
        """Forget every lag series (a worker that no longer leads its group reports none)."""
        self.consumer_lag.clear()


def _keep_max(series: dict[tuple[str, ...], float], key: tuple[str, ...], value: float) -> None:
    """Two places of the same name and country share a series: keep the worse reading."""
    series[key] = max(series.get(key, value), float(value))

"""The `tocsin` command: one subcommand per job, each a thin shell over `bootstrap()`."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from schemas.alert import SEVERITY_RANK
from services.alert.views import AlertView, SituationView, describe
from services.api.command import (
    AlertmanagerUrl,
    InsecureDev,
    PollSeconds,
    PublicUrl,
    ResendSeconds,
    Token,
    serve,
    serve_ingest,
)
from services.bootstrap import bootstrap, wall_clock
from services.ingest.sources import read_paths

app = typer.Typer(help="tocsin: dispatches in, humanitarian alerts with evidence out.",
                  no_args_is_help=True, add_completion=False)
out = Console(width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True)

Db = Annotated[Path | None, typer.Option("--db", help="SQLite event log (default ./tocsin.db)")]
Rules = Annotated[Path | None, typer.Option("--rules", help="rules TOML (default: built-in)")]
AsOf = Annotated[str | None, typer.Option("--as-of", help="evaluate as of this date, YYYY-MM-DD")]
Json = Annotated[bool, typer.Option("--json", help="machine-readable output")]

MEASURE_WORDS = {
    "siege_days": "{:.0f} days of siege",
    "aid_blocked_days": "{:.0f} days without aid",
    "stock_days_left": "{:.0f} days of stock left",
    "famine_reports": "famine reports in 90 d: {:.0f}",
    "healthcare_attacks_30d": "health facilities hit in 30 d: {:.0f}",
    "killed_7d": "{:.0f} killed (7 d)",
    "displaced_30d": "{:.0f} displaced (30 d)",
}


def _day(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"not a date (YYYY-MM-DD): {text}") from None


def _measure(view: AlertView) -> str:
    if view.measure == "stock_days_left" and view.value <= 0:
        return f"{view.rule.split(':')[-1]} exhausted" if view.value == 0 else (
            f"{view.rule.split(':')[-1]} ran out {-view.value:.0f} days ago")
    text = MEASURE_WORDS.get(view.measure, "{:.0f}").format(view.value)
    return f"{view.rule.split(':')[-1]}: {text}" if ":" in view.rule else text


COLOURS = {"critical": "bold red", "warning": "yellow", "info": "cyan"}
EVIDENCE_CHARS = 220


def _evidence(view: AlertView) -> str:
    if not view.evidence:
        return ""
    first = view.evidence[0]
    sentence = first.sentence
    if len(sentence) > EVIDENCE_CHARS:
        # Keep the trigger in view when the sentence is long.
        at = max(0, first.trigger_start - first.sentence_start - EVIDENCE_CHARS // 3)
        sentence = ("…" if at else "") + sentence[at : at + EVIDENCE_CHARS] + "…"
    more = f" +{len(view.evidence) - 1}" if len(view.evidence) > 1 else ""
    return f"“{sentence}” ({first.source}{more})"


def _alert_table(views: list[AlertView], title: str) -> Table:
    table = Table(title=title, show_lines=True)
    table.add_column("severity")
    table.add_column("place", max_width=18)
    table.add_column("rule", max_width=22, overflow="fold")
    table.add_column("measure", max_width=24)
    table.add_column("since", no_wrap=True)
    table.add_column("status", max_width=12)
    table.add_column("evidence", min_width=40)
    for view in views:
        table.add_row(
            f"[{COLOURS[view.severity]}]{view.severity}[/]",
            f"{view.place.name} ({view.place.country or '?'})", view.rule,
            _measure(view), str(view.since or view.raised),
            view.status if view.status == "active" else f"resolved {view.resolved}",
            _evidence(view),
        )
    return table


TIMELINE_ROWS = 60


def _timeline(events: list[Any], views: dict[str, AlertView]) -> Table:
    """The alert events of a run in event time: the story the dispatches tell."""
    table = Table(title="What happened (alert events, in event time)")
    for column in ("day", "event", "severity", "place", "rule", "detail"):
        table.add_column(column)
    ordered = sorted(events, key=lambda e: (e.day, e.event_id))
    if len(ordered) > TIMELINE_ROWS:
        table.caption = f"the last {TIMELINE_ROWS} of {len(ordered)} events"
        ordered = ordered[-TIMELINE_ROWS:]
    for event in ordered:
        view = views.get(event.alert_id)
        place = view.place.name if view else "?"
        severity = getattr(event, "severity", "")
        detail = {"AlertRaised": lambda e: f"{e.value:.0f}", "AlertEscalated": lambda e: (
            f"{e.previous} -> {e.severity} at {e.value:.0f}"), "AlertResolved": lambda e: e.reason
        }[event.type](event)
        table.add_row(str(event.day), event.type.removeprefix("Alert").lower(),
                      f"[{COLOURS[severity]}]{severity}[/]" if severity else "", place,
                      event.rule, detail)
    return table


def _sorted(views: list[AlertView]) -> list[AlertView]:
    return sorted(views, key=lambda v: (-SEVERITY_RANK[v.severity], v.place.name, v.rule))


@app.command()
def run(
    paths: Annotated[list[Path], typer.Argument(help="files or folders of dispatches")],
    db: Db = None,
    rules: Rules = None,
    source: Annotated[str, typer.Option(help="source name for files that give none")] = "file",
) -> None:
    """Ingest dispatches, classify them and raise alerts; print the active alerts."""
    runtime = bootstrap(db, rules)
    items = list(read_paths(paths))
    with Progress(console=err, transient=True, disable=len(items) < 50) as progress:
        task = progress.add_task("classifying", total=None)
        report = runtime.run(items, source,
                             lambda done, total: progress.update(task, completed=done, total=total))
    err.print(f"{len(report.received)} dispatches received, {report.duplicates} already known, "
              f"{len(report.rejected)} refused, {len(report.signals)} signals, "
              f"{len(report.alerts)} alert events")
    for rejected in report.rejected:
        err.print(f"[yellow]refused[/] {rejected.origin}: {rejected.reason}")
    if report.alerts:
        out.print(_timeline(report.alerts, runtime.alert_views()))
    views = runtime.alert_views()
    touched = {event.alert_id for event in report.alerts}
    if touched:
        shown = [views[alert_id] for alert_id in touched if alert_id in views]
        title = f"Alerts from this run, as they stand on {runtime.clock_day()}"
    else:
        shown = [view for view in views.values() if view.status == "active"]
        title = f"Active alerts as of {runtime.clock_day()}"
    out.print(_alert_table(_sorted(shown), title))


@app.command()
def alerts(
    db: Db = None,
    rules: Rules = None,
    all_: Annotated[bool, typer.Option("--all", help="resolved alerts too")] = False,
    as_of: AsOf = None,
    severity: Annotated[str | None, typer.Option(help="info, warning or critical")] = None,
    place: Annotated[str | None, typer.Option(help="place name")] = None,
    as_json: Json = False,
) -> None:
    """List alerts (active ones unless --all), now or as of a past date."""
    runtime = bootstrap(db, rules)
    day = _day(as_of)
    views = list(runtime.as_of(day)[1].values()) if day else list(runtime.alert_views().values())
    chosen = [
        v for v in views
        if (all_ or v.status == "active") and (severity is None or v.severity == severity)
        and (place is None or place.lower() in (v.place.name.lower(), v.place.as_written.lower()))
    ]
    if as_json:
        out.print_json(json.dumps([json.loads(v.model_dump_json()) for v in _sorted(chosen)]))
        return
    label = f"as of {day}" if day else f"as of {runtime.clock_day()}"
    out.print(_alert_table(_sorted(chosen), f"{'All' if all_ else 'Active'} alerts {label}"))


@app.command()
def situation(
    place: Annotated[str | None, typer.Argument(help="place name (omit with --all)")] = None,
    all_: Annotated[bool, typer.Option("--all", help="every place")] = False,
    db: Db = None,
    rules: Rules = None,
    as_of: AsOf = None,
    as_json: Json = False,
) -> None:
    """A place's situation: siege, aid, stocks, tolls, and the signals behind them."""
    if place is None and not all_:
        raise typer.BadParameter("name a place or pass --all")
    runtime = bootstrap(db, rules)
    day = _day(as_of)
    service = runtime.as_of(day)[0] if day else runtime.alerting
    views = [describe(state.situation, day or state.evaluated or state.situation.day)
             for state in service.places.values()]
    if place is not None:
        wanted = place.lower()
        views = [v for v in views if wanted in (v.place.name.lower(), v.place.as_written.lower())]
        if not views:
            err.print(f"no situation for {place!r}")
            raise typer.Exit(1)
    views.sort(key=lambda v: v.place.name)
    if as_json:
        out.print_json(json.dumps([json.loads(v.model_dump_json()) for v in views]))
        return
    for view in views:
        _print_situation(view)


def _print_situation(view: SituationView) -> None:
    out.rule(f"{view.place.name} ({view.place.country or '?'}) as of {view.day}"
             + ("" if view.place.linked else "  [not in the gazetteer]"))
    if view.siege_since:
        out.print(f"siege since {view.siege_since}: {view.siege_days} days"
                  + (f", {view.siege_population:,} people" if view.siege_population else "")
                  + f"  [{', '.join(view.siege_sources)}]")
    if view.aid_blocked_since:
        out.print(f"no aid since {view.aid_blocked_since}: {view.aid_blocked_days} days"
                  f"  [{', '.join(view.aid_blocked_sources)}]")
    for stock in view.stocks:
        when = "exhausted" if stock.exhausted else f"forecast to run out {stock.exhaustion}"
        out.print(f"{stock.commodity}: {when}" + (
            f" ({stock.days_left} days left)" if stock.days_left is not None else ""))
    for label, value in (("killed, last 7 days", view.killed_7d),
                         ("health facilities hit, last 30 days", view.healthcare_attacks_30d),
                         ("displaced, last 30 days", view.displaced_30d)):
        if value:
            out.print(f"{label}: {value:,}")
    if view.famine_reports_90d:
        out.print(f"famine reports, last 90 days: {view.famine_reports_90d}")
    out.print(f"{len(view.signals)} signals")


@app.command()
def replay(db: Db = None, rules: Rules = None) -> None:
    """Rebuild every projection (situations, alerts) from the event log."""
    runtime = bootstrap(db, rules)
    derived = runtime.replay()
    err.print(f"replayed {runtime.log.last_position()} events; {derived} derived anew"
              + (" (the classifier or rules changed since they were first derived)" if derived else ""))


@app.command()
def tick(
    to: Annotated[str | None, typer.Option("--to", help="day to advance to (default today)")] = None,
    db: Db = None,
    rules: Rules = None,
) -> None:
    """Advance the log's clock so thresholds crossed since the last dispatch fire."""
    runtime = bootstrap(db, rules)
    day = _day(to) or wall_clock().date()
    runtime.advance_clock(day)
    report = runtime.process()
    err.print(f"clock at {runtime.clock_day()}; {len(report.alerts)} alert events")


@app.command()
def acknowledge(
    alert_id: str,
    by: Annotated[str, typer.Option("--by", help="who acknowledges")],
    note: Annotated[str, typer.Option(help="a note for the record")] = "",
    db: Db = None,
) -> None:
    """Acknowledge an alert (recorded as an event: who and when)."""
    runtime = bootstrap(db)
    try:
        runtime.acknowledge(alert_id, by, note)
    except KeyError:
        err.print(f"no alert {alert_id}")
        raise typer.Exit(1) from None
    err.print(f"{alert_id} acknowledged by {by}")


@app.command()
def retract(
    dispatch_id: str,
    reason: Annotated[str, typer.Option(help="why it is withdrawn")] = "withdrawn by source",
    db: Db = None,
    rules: Rules = None,
) -> None:
    """Withdraw a dispatch: its signals, and the alerts resting on them, go with it."""
    runtime = bootstrap(db, rules)
    runtime.retract(dispatch_id, reason)
    report = runtime.process()
    err.print(f"{len(report.signals)} signals retracted, {len(report.alerts)} alert events")


@app.command("dead-letters")
def dead_letters(db: Db = None, as_json: Json = False) -> None:
    """What was refused, and why."""
    runtime = bootstrap(db)
    letters = [event for _, event in runtime.log.read(["dead_letters"])]
    if as_json:
        out.print_json(json.dumps([json.loads(e.model_dump_json()) for e in letters]))
        return
    for letter in letters:
        out.print(f"{letter.recorded_time:%Y-%m-%d %H:%M} {letter.origin}: {letter.reason}")


@app.command()
def classify(
    file: Annotated[Path, typer.Argument(help="JSON Lines dispatches (EVAL_FORMAT records)")],
    format_: Annotated[str, typer.Option("--format", help="eval or json")] = "eval",
) -> None:
    """Classify JSON Lines dispatches and write them back with `signals` filled in."""
    from services.classify.evaluation import to_eval
    from services.classify.extract import classify as read_signals
    from services.classify.gazetteer import load_gazetteer
    from services.ingest.normalize import to_dispatch

    gazetteer = load_gazetteer()
    for number, line in enumerate(file.read_text("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        record = json.loads(line)
        try:
            dispatch = to_dispatch({k: record.get(k) for k in
                                    ("id", "source", "url", "language", "published", "title",
                                     "text")} | {"id": record.get("id") or f"line-{number}"})
        except ValueError as error:
            err.print(f"line {number}: {error}")
            continue
        signals = read_signals(dispatch, gazetteer)
        if format_ == "eval":
            record["signals"] = [to_eval(signal) for signal in signals]
        else:
            record["signals"] = [json.loads(signal.model_dump_json()) for signal in signals]
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")


@app.command("eval")
def evaluate(
    gold: Annotated[Path, typer.Argument(help="annotated JSON Lines (EVAL_FORMAT)")],
    as_json: Json = False,
    misses: Annotated[bool, typer.Option(help="list false positives and misses")] = False,
) -> None:
    """Score tocsin against an annotated set: precision, recall, F1, exact dates and numbers."""
    from services.classify.evaluation import DISPATCH_FIELDS, gazetteer_place_key, score_records
    from services.classify.extract import classify as read_signals
    from services.classify.gazetteer import load_gazetteer
    from services.ingest.normalize import to_dispatch

    gazetteer = load_gazetteer()
    records = [json.loads(line) for line in gold.read_text("utf-8").splitlines() if line.strip()]
    result = score_records(
        records,
        lambda record: read_signals(to_dispatch({k: record.get(k) for k in DISPATCH_FIELDS}),
                                    gazetteer),
        gazetteer_place_key(gazetteer),
    )
    report = result.report()
    if misses:
        report["misses"] = result.misses
    if as_json:
        sys.stdout.write(json.dumps(report, indent=2, default=str) + "\n")
        return
    table = Table(title=f"tocsin against {gold.name} ({len(records)} dispatches)")
    for column in ("type", "precision", "recall", "F1", "tp", "fp", "fn"):
        table.add_column(column)
    for kind, row in [*report["by_type"].items(), ("overall", report["overall"])]:
        table.add_row(kind, f"{row['precision']:.3f}", f"{row['recall']:.3f}", f"{row['f1']:.3f}",
                      str(row["tp"]), str(row["fp"]), str(row["fn"]))
    out.print(table)
    out.print("exact among matched: " + ", ".join(
        f"{name} {share:.0%}" for name, share in report["fields_exact"].items()))
    out.print(f"negatives given a signal: {report['negatives_with_signals']} of "
              f"{report['negatives']}")
    if misses:
        for miss in result.misses:
            out.print(miss)


Kafka = Annotated[str, typer.Option("--kafka", help="Kafka bootstrap server, host:port")]
Prefix = Annotated[str | None, typer.Option(help="topic name prefix (default tocsin.)")]
Partitions = Annotated[int | None, typer.Option(help="partitions per topic (default 4)")]


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="files or folders of dispatches")],
    kafka: Kafka,
    prefix: Prefix = None,
    source: Annotated[str, typer.Option(help="source name for files that give none")] = "file",
) -> None:
    """Send dispatches to Kafka (then a clock tick to the newest one's day)."""
    from services.runtime.kafka.producer import KafkaIngest
    from services.runtime.kafka.settings import KafkaSettings

    producer = KafkaIngest(KafkaSettings.from_env(kafka, prefix=prefix))
    try:
        counts = producer.ingest(read_paths(paths), wall_clock(), source)
    finally:
        producer.close()
    err.print(f"{counts['received']} dispatches sent, {counts['rejected']} refused (dead letters)")


@app.command()
def worker(
    role: Annotated[str, typer.Argument(help="classify or alert")],
    kafka: Kafka,
    prefix: Prefix = None,
    partitions: Partitions = None,
    group: Annotated[str | None, typer.Option(
        help="consumer group prefix: the workers are {group}-classify and {group}-alert "
             "(default tocsin, or $TOCSIN_KAFKA_GROUP)")] = None,
    rules: Rules = None,
    datadir: Annotated[Path | None, typer.Option(help="faust's state folder")] = None,
    store: Annotated[str, typer.Option(help="table store: memory:// or rocksdb://")] = "memory://",
    tick_every: Annotated[float, typer.Option(help="seconds between wall-clock ticks "
                                                   "(classify leader; 0 = off)")] = 0,
    loglevel: Annotated[str, typer.Option(help="faust log level")] = "warning",
    host: Annotated[str | None, typer.Option(
        help="serve HTTP on this address (classify: /metrics; alert: the API, the console "
             "and /metrics); no HTTP without --host or --port")] = None,
    port: Annotated[int | None, typer.Option(
        help="serve HTTP on this port (default with --host: classify 8472, alert 8470)")] = None,
    token: Token = None,
    insecure_dev: InsecureDev = False,
    alertmanager_url: AlertmanagerUrl = None,
    resend_seconds: ResendSeconds = 60.0,
    public_url: PublicUrl = None,
    poll_seconds: PollSeconds = 5.0,
) -> None:
    """Run a faust worker of the Kafka runtime until stopped; with --host/--port, its HTTP side."""
    from services.api.command import WORKER_PORTS, worker_services
    from services.bootstrap import load_rules
    from services.runtime.kafka.app import ROLES, build
    from services.runtime.kafka.app import run as run_worker
    from services.runtime.kafka.settings import KafkaSettings

    if role not in ROLES:
        raise typer.BadParameter(f"choose one of {', '.join(ROLES)}", param_hint="ROLE")
    settings = KafkaSettings.from_env(kafka, prefix=prefix, partitions=partitions, group=group)
    serving = host is not None or port is not None
    thresholds = load_rules(rules)
    telemetry = None
    if serving:
        from services.api.metrics import PrometheusTelemetry

        telemetry = PrometheusTelemetry(rules=thresholds)
    topology = build(role, settings, thresholds, datadir, store, telemetry=telemetry,
                     tick_every=tick_every)
    services: list[Any] = []
    if serving:
        services = worker_services(
            role, topology, telemetry, thresholds, host=host or "127.0.0.1",
            port=port or WORKER_PORTS[role],
            token=token, insecure_dev=insecure_dev, alertmanager_url=alertmanager_url,
            public_url=public_url, resend_seconds=resend_seconds, poll_seconds=poll_seconds,
            log_level=loglevel)
    run_worker(topology, loglevel, services)


app.command()(serve)
app.command("serve-ingest")(serve_ingest)


def main() -> None:
    app()


if __name__ == "__main__":
    main()

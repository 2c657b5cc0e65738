"""The commands that serve HTTP.

`tocsin serve`: the embedded runtime behind the HTTP API, the console, /metrics and the
Alertmanager sink, in one process. On Kafka the same surfaces are spread over the services:
`tocsin serve-ingest` takes dispatches, the alert worker serves the reads, the console and the
Alertmanager sink, the classify worker its /metrics (`worker_services`, used by
`tocsin worker`).

Only typer and the standard library are imported here, so registering the command in the CLI
costs nothing; the server's parts are imported when it runs.
"""

from __future__ import annotations

import ipaddress
import logging
from pathlib import Path
from typing import Annotated, Any

import typer

log = logging.getLogger("tocsin.serve")
MAX_BODY_BYTES = 1024 * 1024
WEAK_TOKENS = {"change-me", "changeme", "secret", "token", "password"}
MIN_TOKEN_CHARS = 16


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_token(token: str | None, insecure_dev: bool, host: str) -> None:
    """A server that takes writes needs a token; without one, only on loopback for a try-out."""
    if not token and not insecure_dev:
        raise typer.BadParameter(
            "set TOCSIN_TOKEN (e.g. export TOCSIN_TOKEN=$(openssl rand -hex 16)), "
            "or pass --insecure-dev for a try-out on loopback", param_hint="--token")
    if not token and not is_loopback(host):
        raise typer.BadParameter(f"--insecure-dev without a token only listens on loopback, "
                                 f"not {host}", param_hint="--host")
    if token and (len(token) < MIN_TOKEN_CHARS or token.lower() in WEAK_TOKENS):
        log.warning("the API token is weak (under %d characters or a placeholder): set a random "
                    "TOCSIN_TOKEN before exposing this server", MIN_TOKEN_CHARS)


def quiet_kafka_python(log_level: str) -> None:
    """kafka-python says every metadata refresh at INFO: keep its warnings only, unless debugging."""
    if log_level.lower() != "debug":
        logging.getLogger("kafka").setLevel(logging.WARNING)


def public_base(host: str, port: int, public_url: str | None) -> str:
    """This server's URL as operators reach it, for links put in Alertmanager annotations."""
    link_host = f"[{host}]" if ":" in host else host
    return public_url or f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else link_host}:{port}"


Token = Annotated[str | None, typer.Option(
    "--token", envvar="TOCSIN_TOKEN", show_default=False,
    help="bearer token for POST requests; prefer setting TOCSIN_TOKEN")]
InsecureDev = Annotated[bool, typer.Option(
    "--insecure-dev", help="allow running without a token (writes open to anyone); loopback only")]
AlertmanagerUrl = Annotated[str | None, typer.Option(
    "--alertmanager-url", envvar="TOCSIN_ALERTMANAGER_URL",
    help="push alerts to this Alertmanager (e.g. http://127.0.0.1:9093)")]
ResendSeconds = Annotated[float, typer.Option(
    "--resend-seconds", min=1.0, help="re-send active alerts to Alertmanager this often")]
PublicUrl = Annotated[str | None, typer.Option(
    "--public-url", envvar="TOCSIN_PUBLIC_URL",
    help="this server's URL as operators reach it, for links sent to Alertmanager "
         "(default http://HOST:PORT)")]
MaxBodyBytes = Annotated[int, typer.Option(
    "--max-body-bytes", min=1, help="largest POST body accepted")]
PollSeconds = Annotated[float, typer.Option(
    "--poll-seconds", min=0.5, help="how often the console refreshes")]


def serve(
    db: Annotated[Path | None, typer.Option(
        "--db", help="SQLite event log (default ./tocsin.db or $TOCSIN_DB)")] = None,
    rules: Annotated[Path | None, typer.Option(
        "--rules", help="rules TOML (default: built-in)")] = None,
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port to listen on")] = 8470,
    token: Token = None,
    alertmanager_url: AlertmanagerUrl = None,
    resend_seconds: ResendSeconds = 60.0,
    public_url: PublicUrl = None,
    insecure_dev: InsecureDev = False,
    max_body_bytes: MaxBodyBytes = MAX_BODY_BYTES,
    poll_seconds: PollSeconds = 5.0,
    log_level: Annotated[str, typer.Option("--log-level", help="debug, info, warning")] = "info",
) -> None:
    """Serve the HTTP API, the console and /metrics; push alerts to Alertmanager."""
    import uvicorn

    from services.api.alertmanager import AlertmanagerSink
    from services.api.board import EmbeddedBoard
    from services.api.http import create_app
    from services.api.metrics import PrometheusTelemetry
    from services.bootstrap import bootstrap, load_rules

    logging.basicConfig(level=log_level.upper(),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    check_token(token, insecure_dev, host)

    telemetry = PrometheusTelemetry(rules=load_rules(rules))
    runtime = bootstrap(db, rules, telemetry)
    board = EmbeddedBoard(runtime, telemetry.registry)
    board.warm_up()
    base = public_base(host, port, public_url)
    sink = AlertmanagerSink(alertmanager_url, base) if alertmanager_url else None
    app = create_app(board, token, insecure_dev=insecure_dev, max_body_bytes=max_body_bytes,
                     alertmanager=sink, resend_seconds=resend_seconds, poll_seconds=poll_seconds)
    log.info("tocsin serving %s (log %s, clock %s)%s", base, runtime.log.path,
             board.clock() or "not started",
             f", pushing alerts to {alertmanager_url}" if alertmanager_url else "")
    uvicorn.run(app, host=host, port=port, log_level=log_level.lower(), access_log=False,
                server_header=False, timeout_graceful_shutdown=5)


def serve_ingest(
    kafka: Annotated[str, typer.Option("--kafka", help="Kafka bootstrap server, host:port")],
    prefix: Annotated[str | None, typer.Option(help="topic name prefix (default tocsin.)")] = None,
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port to listen on")] = 8471,
    token: Token = None,
    insecure_dev: InsecureDev = False,
    max_body_bytes: MaxBodyBytes = MAX_BODY_BYTES,
    log_level: Annotated[str, typer.Option("--log-level", help="debug, info, warning")] = "info",
) -> None:
    """Take dispatches over HTTP (POST /api/dispatches) and send them to Kafka."""
    import uvicorn

    from services.api.http import create_ingest_app
    from services.api.kafka_board import KafkaIntake
    from services.api.metrics import PrometheusTelemetry
    from services.bootstrap import wall_clock
    from services.runtime.kafka.settings import KafkaSettings

    logging.basicConfig(level=log_level.upper(),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    check_token(token, insecure_dev, host)
    quiet_kafka_python(log_level)
    settings = KafkaSettings.from_env(kafka, prefix=prefix)
    telemetry = PrometheusTelemetry()
    intake = KafkaIntake(settings, wall_clock, telemetry, telemetry.registry)
    app = create_ingest_app(intake, token, insecure_dev=insecure_dev, max_body_bytes=max_body_bytes)
    log.info("tocsin ingest serving %s, sending to %s (%s)", public_base(host, port, None),
             settings.bootstrap, settings.topic("dispatches"))
    try:
        uvicorn.run(app, host=host, port=port, log_level=log_level.lower(), access_log=False,
                    server_header=False, timeout_graceful_shutdown=5)
    finally:
        intake.close()


# Where each worker listens when given --host without --port.
WORKER_PORTS = {"classify": 8472, "alert": 8470}


def worker_services(
    role: str,
    topology: Any,
    telemetry: Any,
    rules: Any,
    *,
    host: str,
    port: int,
    token: str | None,
    insecure_dev: bool = False,
    alertmanager_url: str | None = None,
    public_url: str | None = None,
    resend_seconds: float = 60.0,
    poll_seconds: float = 5.0,
    lag_seconds: float = 5.0,
    log_level: str = "warning",
) -> list[Any]:
    """The HTTP side of a Kafka worker, as services to run beside its agents.

    classify: /metrics, /healthz, /readyz. alert: also the API's reads, acknowledgements, the
    console and the Alertmanager sink, over a `KafkaBoard`. Both report their group's consumer
    lag when they lead it.
    """
    from services.api.alertmanager import AlertmanagerSink
    from services.api.board import Readiness
    from services.api.http import create_metrics_app, create_reader_app
    from services.api.kafka_board import KafkaBoard
    from services.bootstrap import wall_clock
    from services.runtime.kafka.broker import BrokerInspector
    from services.runtime.kafka.monitor import install_lag
    from services.runtime.kafka.web import HttpService

    quiet_kafka_python(log_level)
    settings = topology.settings
    app_id = topology.app.conf.id
    inspector = BrokerInspector(settings.bootstrap, client_id=f"{app_id}-inspect")
    source = settings.topic("dispatches" if role == "classify" else "signals")
    install_lag(topology, inspector, telemetry, [source], every=lag_seconds)
    if role == "classify":
        class Status:
            registry = telemetry.registry

            def ready(self) -> Readiness:
                reachable, detail = inspector.reachable()
                return Readiness(reachable, {"kafka": detail, "group": app_id})

            def start(self) -> None:
                pass

            def close(self) -> None:
                inspector.close()

        status = Status()
        return [HttpService(create_metrics_app(status), host, port, log_level=log_level,
                            resources=[status])]
    check_token(token, insecure_dev, host)
    board = KafkaBoard(settings, rules, wall_clock, telemetry=telemetry, registry=telemetry.registry,
                       inspector=inspector, exporting=topology.app.is_leader)
    sink = (AlertmanagerSink(alertmanager_url, public_base(host, port, public_url))
            if alertmanager_url else None)
    asgi = create_reader_app(board, token, insecure_dev=insecure_dev, alertmanager=sink,
                             resend_seconds=resend_seconds, poll_seconds=poll_seconds)
    if sink is not None:
        log.info("pushing alerts to Alertmanager at %s", alertmanager_url)
    return [HttpService(asgi, host, port, log_level=log_level, resources=[board])]

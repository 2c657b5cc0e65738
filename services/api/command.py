"""`tocsin serve`: the embedded runtime behind the HTTP API, the console, /metrics and the
Alertmanager sink, in one process.

Only typer and the standard library are imported here, so registering the command in the CLI
costs nothing; the server's parts are imported when it runs.
"""

from __future__ import annotations

import ipaddress
import logging
from pathlib import Path
from typing import Annotated

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


def serve(
    db: Annotated[Path | None, typer.Option(
        "--db", help="SQLite event log (default ./tocsin.db or $TOCSIN_DB)")] = None,
    rules: Annotated[Path | None, typer.Option(
        "--rules", help="rules TOML (default: built-in)")] = None,
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port to listen on")] = 8470,
    token: Annotated[str | None, typer.Option(
        "--token", envvar="TOCSIN_TOKEN", show_default=False,
        help="bearer token for POST requests; prefer setting TOCSIN_TOKEN")] = None,
    alertmanager_url: Annotated[str | None, typer.Option(
        "--alertmanager-url", envvar="TOCSIN_ALERTMANAGER_URL",
        help="push alerts to this Alertmanager (e.g. http://127.0.0.1:9093)")] = None,
    resend_seconds: Annotated[float, typer.Option(
        "--resend-seconds", min=1.0,
        help="re-send active alerts to Alertmanager this often")] = 60.0,
    public_url: Annotated[str | None, typer.Option(
        "--public-url", envvar="TOCSIN_PUBLIC_URL",
        help="this server's URL as operators reach it, for links sent to Alertmanager "
             "(default http://HOST:PORT)")] = None,
    insecure_dev: Annotated[bool, typer.Option(
        "--insecure-dev",
        help="allow running without a token (writes open to anyone); loopback only")] = False,
    max_body_bytes: Annotated[int, typer.Option(
        "--max-body-bytes", min=1, help="largest POST body accepted")] = MAX_BODY_BYTES,
    poll_seconds: Annotated[float, typer.Option(
        "--poll-seconds", min=0.5, help="how often the console refreshes")] = 5.0,
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

    telemetry = PrometheusTelemetry(rules=load_rules(rules))
    runtime = bootstrap(db, rules, telemetry)
    board = EmbeddedBoard(runtime, telemetry.registry)
    board.warm_up()
    link_host = f"[{host}]" if ":" in host else host
    base = public_url or f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else link_host}:{port}"
    sink = AlertmanagerSink(alertmanager_url, base) if alertmanager_url else None
    app = create_app(board, token, insecure_dev=insecure_dev, max_body_bytes=max_body_bytes,
                     alertmanager=sink, resend_seconds=resend_seconds, poll_seconds=poll_seconds)
    log.info("tocsin serving %s (log %s, clock %s)%s", base, runtime.log.path,
             board.clock() or "not started",
             f", pushing alerts to {alertmanager_url}" if alertmanager_url else "")
    uvicorn.run(app, host=host, port=port, log_level=log_level.lower(), access_log=False,
                server_header=False, timeout_graceful_shutdown=5)

"""The HTTP API and the console: a Starlette app over a `Board`, or over a part of it.

Reads are open; writes (`POST /api/dispatches`, `POST /api/alerts/{id}/acknowledge`) need
`Authorization: Bearer <token>`. Every refused dispatch is also a dead letter in the log.
The embedded runtime serves everything from one process (`create_app`); the Kafka runtime
serves the intake from `tocsin serve-ingest` (`create_ingest_app`), the reads and the console
from the alert worker (`create_reader_app`) and /metrics from the classify worker
(`create_metrics_app`). The request parsing, limits and answers are the same code in all.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import uuid
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.api import present
from services.api.alertmanager import AlertmanagerSink, run_sink
from services.api.board import (
    FORMATS,
    STATUSES,
    Board,
    Intake,
    Operable,
    Reader,
    UnavailableError,
)
from services.api.openapi import spec

log = logging.getLogger("tocsin.api")

STATIC = Path(__file__).parent / "static"
MAX_BODY_BYTES = 1024 * 1024
EXCERPT_BYTES = 120
SEVERITIES = ("info", "warning", "critical")
# Refusals that mean the body itself could not be read (400) rather than a readable item that
# is not a valid dispatch (422).
SYNTAX_REASONS = {"json", "xml", "encoding", "binary", "unreadable", "too_large", "content_type"}
CONTENT_TYPES = {
    "application/json": "json",
    "application/x-ndjson": "jsonl",
    "application/ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "application/x-jsonlines": "jsonl",
    "application/jsonlines": "jsonl",
    "text/plain": "text",
    "application/rss+xml": "rss",
    "application/atom+xml": "rss",
    "application/xml": "rss",
    "text/xml": "rss",
}
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


class BodyTooLargeError(Exception):
    """The request body went over the limit; `head` is what was read of it."""

    def __init__(self, size: int, head: bytes) -> None:
        super().__init__(f"body of {size} bytes or more")
        self.size = size
        self.head = head


def problem(status: int, message: str, **extra: Any) -> JSONResponse:
    """A JSON error: `{"error": "...", ...}`."""
    headers = {"WWW-Authenticate": 'Bearer realm="tocsin"'} if status == 401 else None
    return JSONResponse({"error": message, **extra}, status_code=status, headers=headers)


async def read_body(request: Request, limit: int) -> bytes:
    """The body, refused as soon as it is known to be over `limit` (before reading it all)."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise BodyTooLargeError(int(declared), b"")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLargeError(size, b"".join(chunks)[:EXCERPT_BYTES] or chunk[:EXCERPT_BYTES])
        chunks.append(chunk)
    return b"".join(chunks)


class SecurityHeaders:
    """Headers on every response: no sniffing, no framing, scripts only from this origin."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [(b"x-content-type-options", b"nosniff"),
                            (b"referrer-policy", b"no-referrer"),
                            (b"x-frame-options", b"DENY"),
                            (b"content-security-policy", CSP.encode())]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(
    board: Board,
    token: str | None,
    *,
    insecure_dev: bool = False,
    max_body_bytes: int = MAX_BODY_BYTES,
    default_source: str = "http",
    alertmanager: AlertmanagerSink | None = None,
    resend_seconds: float = 60.0,
    poll_seconds: float = 5.0,
) -> Starlette:
    """The whole API and the console over one `board` (the embedded runtime: `tocsin serve`).

    `token` guards the writes; `None` is only allowed with `insecure_dev=True`, and then
    writes are open to anyone who can reach the port. With `alertmanager`, active alerts are
    pushed every `resend_seconds` and right after a write that changed an alert.
    """
    return build_app(board, intake=board, reader=board, token=token, insecure_dev=insecure_dev,
                     max_body_bytes=max_body_bytes, default_source=default_source,
                     alertmanager=alertmanager, resend_seconds=resend_seconds,
                     poll_seconds=poll_seconds)


def create_ingest_app(intake: Intake, token: str | None, *, insecure_dev: bool = False,
                      max_body_bytes: int = MAX_BODY_BYTES, default_source: str = "http"
                      ) -> Starlette:
    """`POST /api/dispatches` and the operational endpoints (Kafka: `tocsin serve-ingest`)."""
    return build_app(intake, intake=intake, token=token, insecure_dev=insecure_dev,
                     max_body_bytes=max_body_bytes, default_source=default_source)


def create_reader_app(reader: Reader, token: str | None, *, insecure_dev: bool = False,
                      alertmanager: AlertmanagerSink | None = None, resend_seconds: float = 60.0,
                      poll_seconds: float = 5.0) -> Starlette:
    """Alerts, places, dispatches, acknowledgements, the console and the operational endpoints
    (Kafka: the alert worker)."""
    return build_app(reader, reader=reader, token=token, insecure_dev=insecure_dev,
                     alertmanager=alertmanager, resend_seconds=resend_seconds,
                     poll_seconds=poll_seconds)


def create_metrics_app(ops: Operable) -> Starlette:
    """Only /metrics, /healthz, /readyz and /openapi.json (Kafka: the classify worker)."""
    return build_app(ops)


def build_app(
    ops: Operable,
    *,
    intake: Intake | None = None,
    reader: Reader | None = None,
    token: str | None = None,
    insecure_dev: bool = False,
    max_body_bytes: int = MAX_BODY_BYTES,
    default_source: str = "http",
    alertmanager: AlertmanagerSink | None = None,
    resend_seconds: float = 60.0,
    poll_seconds: float = 5.0,
) -> Starlette:
    """The routes of the parts given: `intake` takes dispatches, `reader` serves alerts, places
    and the console; `ops` answers /metrics and /readyz. A part that writes needs `token`."""
    if (intake is not None or reader is not None) and not token and not insecure_dev:
        raise ValueError("an API token is required (or insecure_dev=True for a local try-out)")
    expected = token.encode("utf-8") if token else None
    wake = asyncio.Event()

    def authorised(request: Request) -> JSONResponse | None:
        """None when the request may write; else the 401 to send."""
        if expected is None:
            return None
        header = request.headers.get("authorization", "")
        scheme, _, given = header.partition(" ")
        if scheme.lower() != "bearer" or not given:
            return problem(401, "missing bearer token: send 'Authorization: Bearer <token>'")
        if not hmac.compare_digest(given.strip().encode("utf-8"), expected):
            return problem(401, "invalid token")
        return None

    async def refuse(origin: str, reason: str, message: str, excerpt: str) -> list[dict[str, Any]]:
        """Keep a refused request as a dead letter; [] when the log cannot take it now."""
        assert intake is not None
        try:
            refusal = await run_in_threadpool(intake.refuse, origin, reason, message, excerpt)
        except UnavailableError as error:
            log.warning("could not keep the dead letter of %s: %s", origin, error)
            return []
        return [refusal.__dict__]

    async def post_dispatches(request: Request) -> Response:
        """Ingest dispatches: JSON object or array, JSON Lines, or seed-format text."""
        assert intake is not None
        if (denied := authorised(request)) is not None:
            return denied
        request_id = uuid.uuid4().hex[:12]
        origin = f"http:{request_id}"
        source = request.query_params.get("source") or default_source
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        fmt = request.query_params.get("format") or CONTENT_TYPES.get(kind)
        if fmt not in FORMATS:
            wanted = ", ".join(sorted(CONTENT_TYPES))
            message = (f"unsupported format {fmt!r}" if request.query_params.get("format")
                       else f"unsupported content type {kind or '(none)'!r}") + f"; use {wanted}"
            return problem(415, message, refused=await refuse(origin, "content_type", message, kind))
        try:
            data = await read_body(request, max_body_bytes)
        except BodyTooLargeError as error:
            message = f"body over the {max_body_bytes} byte limit"
            refused = await refuse(origin, "too_large", message, repr(error.head))
            response = problem(413, message, limit=max_body_bytes, refused=refused)
            response.headers["connection"] = "close"
            return response
        try:
            result = await run_in_threadpool(intake.submit, data, fmt, origin, source)
        except UnavailableError as error:
            response = problem(503, f"not taken, send it again later: {error}", request=request_id)
            response.headers["retry-after"] = "5"
            return response
        if result.alerts:
            wake.set()
        body = present.submission_json(result)
        body["request"] = request_id
        if not result.refused:
            return JSONResponse(body)
        syntax = any(r.reason in SYNTAX_REASONS for r in result.refused)
        body["error"] = (f"{len(result.refused)} item(s) refused and kept as dead letters; "
                         f"{len(result.accepted)} accepted, {result.duplicates} already known")
        return JSONResponse(body, status_code=400 if syntax else 422)

    async def list_alerts(request: Request) -> Response:
        """Alerts: `status` active (default), resolved or all; filter by severity, place, rule."""
        assert reader is not None
        query = request.query_params
        status = query.get("status", "active")
        severity = query.get("severity") or None
        if status not in STATUSES:
            return problem(400, f"status must be one of {', '.join(STATUSES)}")
        if severity is not None and severity not in SEVERITIES:
            return problem(400, f"severity must be one of {', '.join(SEVERITIES)}")
        try:
            as_of = _day(query.get("as_of"))
        except ValueError as error:
            return problem(400, str(error))
        views = await run_in_threadpool(reader.alerts, status, severity,
                                        query.get("place") or None, query.get("rule") or None,
                                        as_of)
        day = as_of or await run_in_threadpool(reader.clock)
        return JSONResponse({
            "as_of": day.isoformat() if day else None,
            "count": len(views),
            "alerts": [present.alert_json(view) for view in views],
        })

    async def get_alert(request: Request) -> Response:
        """One alert, with its evidence sentences and the dispatches they come from."""
        assert reader is not None
        view = await run_in_threadpool(reader.alert, request.path_params["alert_id"])
        if view is None:
            return problem(404, "no such alert")
        return JSONResponse(present.alert_json(view))

    async def acknowledge(request: Request) -> Response:
        """Acknowledge an alert: `{"by": "...", "note": "..."}`, recorded as an event."""
        assert reader is not None
        if (denied := authorised(request)) is not None:
            return denied
        try:
            raw = await read_body(request, 16 * 1024)
            payload = _json_object(raw)
        except BodyTooLargeError:
            return problem(413, "acknowledgement body over 16 KiB")
        except ValueError as error:
            return problem(400, str(error))
        by, note = payload.get("by"), payload.get("note", "")
        if not isinstance(by, str) or not by.strip() or len(by) > 200:
            return problem(422, "'by' must be the name of who acknowledges (1-200 characters)")
        if not isinstance(note, str) or len(note) > 2000:
            return problem(422, "'note' must be text of at most 2000 characters")
        try:
            view = await run_in_threadpool(reader.acknowledge, request.path_params["alert_id"],
                                           by.strip(), note)
        except KeyError:
            return problem(404, "no such alert")
        except UnavailableError as error:
            return problem(503, f"not recorded, try again later: {error}")
        wake.set()
        return JSONResponse(present.alert_json(view))

    async def get_dispatch(request: Request) -> Response:
        """A dispatch as stored, with its full text."""
        assert reader is not None
        stored = await run_in_threadpool(reader.dispatch, request.path_params["dispatch_id"])
        if stored is None:
            return problem(404, "no such dispatch")
        return JSONResponse(present.dispatch_json(stored))

    async def list_places(request: Request) -> Response:
        """Every place tocsin follows, with its headline measures and active alerts."""
        assert reader is not None
        views = await run_in_threadpool(reader.places)
        alerts = await run_in_threadpool(reader.alerts, "active")
        clock = await run_in_threadpool(reader.clock)
        return JSONResponse({"as_of": clock.isoformat() if clock else None,
                             "count": len(views),
                             "places": [present.place_json(v, alerts) for v in views]})

    async def get_situation(request: Request) -> Response:
        """A place's situation now, or `as_of` a past day (a replay that stops there)."""
        assert reader is not None
        try:
            as_of = _day(request.query_params.get("as_of"))
        except ValueError as error:
            return problem(400, str(error))
        view = await run_in_threadpool(reader.situation, request.path_params["place"], as_of)
        if view is None:
            return problem(404, "no such place")
        return JSONResponse(present.situation_json(view))

    async def healthz(request: Request) -> Response:
        """The process answers."""
        return JSONResponse({"status": "ok"})

    async def readyz(request: Request) -> Response:
        """The log can be read (or the broker answers): ready to work."""
        readiness = await run_in_threadpool(ops.ready)
        status = "ready" if readiness.ready else "not ready"
        return JSONResponse({"status": status, **readiness.detail},
                            status_code=200 if readiness.ready else 503)

    async def metrics(request: Request) -> Response:
        """Prometheus exposition format."""
        registry = ops.registry
        body = generate_latest(registry) if registry is not None else b""
        return Response(body, media_type=CONTENT_TYPE_LATEST)

    async def console(request: Request) -> Response:
        response = FileResponse(STATIC / "console.html", media_type="text/html; charset=utf-8")
        response.headers["cache-control"] = "no-cache"
        return response

    async def console_config(request: Request) -> Response:
        """What the console needs to know about this server."""
        return JSONResponse({"poll_seconds": poll_seconds, "token_required": expected is not None})

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        task = None
        if alertmanager is not None and reader is not None:
            task = asyncio.create_task(run_sink(reader, alertmanager, resend_seconds, wake))
        try:
            yield
        finally:
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    routes: list[Route | Mount] = []
    if reader is not None:
        routes.append(Route("/", console, methods=["GET"]))
    if intake is not None:
        routes.append(Route("/api/dispatches", post_dispatches, methods=["POST"]))
    if reader is not None:
        routes += [
            Route("/api/dispatches/{dispatch_id}", get_dispatch, methods=["GET"]),
            Route("/api/alerts", list_alerts, methods=["GET"]),
            Route("/api/alerts/{alert_id}", get_alert, methods=["GET"]),
            Route("/api/alerts/{alert_id}/acknowledge", acknowledge, methods=["POST"]),
            Route("/api/places", list_places, methods=["GET"]),
            Route("/api/places/{place}/situation", get_situation, methods=["GET"]),
            Route("/api/console", console_config, methods=["GET"]),
        ]
    routes += [
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readyz, methods=["GET"]),
        Route("/metrics", metrics, methods=["GET"]),
    ]
    described = spec(frozenset([*(r.path for r in routes if isinstance(r, Route)),
                                "/openapi.json"]))

    async def openapi(request: Request) -> Response:
        return JSONResponse(described)

    routes.append(Route("/openapi.json", openapi, methods=["GET"]))
    if reader is not None:
        routes.append(Mount("/static", app=StaticFiles(directory=STATIC), name="static"))
    app = Starlette(routes=routes, middleware=[Middleware(SecurityHeaders)], lifespan=lifespan,
                    exception_handlers={404: _not_found, 405: _not_allowed})
    app.state.board = ops
    app.state.wake = wake
    return app


async def _not_found(request: Request, exc: Exception) -> Response:
    return problem(404, "not found")


async def _not_allowed(request: Request, exc: Exception) -> Response:
    return problem(405, f"{request.method} not allowed here")


def _day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _json_object(raw: bytes) -> dict[str, Any]:
    try:
        value = json.loads(raw.decode("utf-8") or "{}")
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"broken JSON: {error}") from None
    if not isinstance(value, dict):
        raise ValueError("the body must be a JSON object")
    return value


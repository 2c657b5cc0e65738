"""An ASGI app served by uvicorn on a faust worker's own event loop.

faust's own web server is off (`web_enabled=False`); this service runs uvicorn's `Server.serve()`
as a task of the worker's loop, started and stopped with the worker (`faust.Worker(app,
*services)`). Signals stay with faust: SIGTERM stops the worker, which stops this service.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from collections.abc import Iterator, Sequence
from typing import Any, Protocol

import uvicorn
from mode import Service

log = logging.getLogger("tocsin.kafka.web")


class Resource(Protocol):
    """Something the HTTP side needs running while it serves (a projection thread)."""

    def start(self) -> None: ...

    def close(self) -> None: ...


class _Server(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        # The faust worker owns SIGTERM and SIGINT; it stops this server through on_stop.
        yield


def bind(host: str, port: int) -> socket.socket:
    """A listening socket, so that a port already taken fails the worker's start clearly."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        raise RuntimeError(f"cannot listen on {host}:{port}: {error}") from error
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


class HttpService(Service):
    """Serves `asgi` on host:port while the worker runs; starts and closes `resources` with it."""

    def __init__(self, asgi: Any, host: str, port: int, *, log_level: str = "warning",
                 resources: Sequence[Resource] = (), **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.asgi = asgi
        self.host = host
        self.port = port
        self.log_level = log_level
        self.resources = list(resources)
        self._server: _Server | None = None
        self._task: asyncio.Task[None] | None = None

    async def on_start(self) -> None:
        sock = bind(self.host, self.port)
        for resource in self.resources:
            await asyncio.to_thread(resource.start)
        config = uvicorn.Config(self.asgi, log_level=self.log_level, access_log=False,
                                server_header=False, lifespan="on", timeout_graceful_shutdown=5,
                                log_config=None)  # uvicorn's loggers go to faust's logging
        self._server = _Server(config)
        self._task = asyncio.ensure_future(self._server.serve(sockets=[sock]))
        while not self._server.started:
            if self._task.done():
                self._task.result()  # raises what stopped it
                raise RuntimeError(f"the HTTP server on {self.host}:{self.port} did not start")
            await asyncio.sleep(0.05)
        log.info("serving http://%s:%d", self.host, self.port)

    async def on_stop(self) -> None:
        if self._server is not None and self._task is not None:
            self._server.should_exit = True
            try:
                await asyncio.wait_for(asyncio.shield(self._task), timeout=10)
            except (TimeoutError, asyncio.CancelledError):
                self._task.cancel()
            except Exception:  # stopping anyway
                log.exception("the HTTP server failed while stopping")
        for resource in self.resources:
            await asyncio.to_thread(resource.close)

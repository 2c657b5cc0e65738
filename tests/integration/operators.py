"""Helpers for the operators tests: tocsin served for real, the Debian operator tools, Chromium.

* `install_operator_tools()` runs deploy/operators/install.sh (idempotent, ~1 s when done).
* `OperatorDaemons` starts Prometheus / Alertmanager through deploy/operators/start-*.sh in
  a run dir of its own, on free loopback ports, and stops them with stop.sh.
* `TocsinServer` runs `python -m services.api` (what `tocsin serve` runs) as a subprocess.
* `Chromium` drives headless Debian chromium over the DevTools protocol on a pipe
  (`--remote-debugging-pipe`: JSON messages ending in NUL on fds 3 and 4), so no websocket
  client is needed.
* The dispatches the tests write themselves: one with `<script>` in a siege sentence, and a
  siege that is later lifted.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import queue
import shlex
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import seed_path

REPO = Path(__file__).resolve().parents[2]
OPERATORS = REPO / "deploy" / "operators"
DASHBOARD = REPO / "deploy" / "grafana" / "dashboards" / "tocsin.json"
RULES_DIR = REPO / "deploy" / "prometheus" / "rules"
ARTIFACTS = REPO / "artifacts"
CHROMIUM = "/usr/bin/chromium"
TOKEN = "operators-test-token-3f9c2a71d0"

# A siege sentence with markup in it: the console must show it as text.
SCRIPT_DISPATCH = {
    "id": "test-madaya-script",
    "source": "test-wire",
    "language": "fr",
    "published": "2021-11-01",
    "title": "Madaya <b>encerclée</b>",
    "text": ("La ville de Madaya <script>alert(1)</script> est assiégée depuis le 1er juillet "
             "par les forces gouvernementales, selon l'OSDH. Quelque 40.000 personnes y vivent."),
}

# A siege that starts, then is lifted (dates after the seed's, so the log's clock moves on).
SIEGE_STARTED = {
    "id": "test-zabadani-siege",
    "source": "test-wire",
    "language": "en",
    "published": "2021-11-10",
    "title": "Zabadani besieged",
    "text": ("The town of Zabadani has been besieged since September 1 by government forces, "
             "a monitoring group said."),
}
SIEGE_LIFTED = {
    "id": "test-zabadani-lifted",
    "source": "test-wire",
    "language": "en",
    "published": "2021-11-20",
    "title": "Siege of Zabadani lifted",
    "text": ("The siege of Zabadani was lifted on Saturday after a deal between government "
             "forces and rebels, a monitoring group said. Four civilians were killed by shelling "
             "in Zabadani on Friday, the group added."),
}


def jsonl(*records: dict[str, Any]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until(check: Any, timeout: float, interval: float = 0.2, what: str = "condition") -> Any:
    """Call `check` until it returns something truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.HTTPError, OSError):
            last = check()
            if last:
                return last
        time.sleep(interval)
    raise TimeoutError(f"{what} not met after {timeout} s (last: {last!r})")


# --- the Debian operator tools ------------------------------------------------------------

_installed = False


def install_operator_tools() -> None:
    """deploy/operators/install.sh, once per test session."""
    global _installed
    if _installed:
        return
    result = subprocess.run([str(OPERATORS / "install.sh")], capture_output=True, text=True,
                            timeout=600)
    if result.returncode != 0:
        raise RuntimeError(f"install.sh failed:\n{result.stdout}\n{result.stderr}")
    _installed = True


def _assignments(output: str) -> dict[str, str]:
    found = {}
    for line in output.splitlines():
        name, sep, value = line.partition("=")
        if sep and name.isupper():
            found[name] = value
    return found


class OperatorDaemons:
    """Prometheus and Alertmanager started by the project's scripts in one run dir."""

    def __init__(self, run_dir: Path) -> None:
        self.run_dir = run_dir
        self.started: list[str] = []

    def _start(self, script: str, *args: str) -> dict[str, str]:
        result = subprocess.run([str(OPERATORS / script), "--run-dir", str(self.run_dir), *args],
                                capture_output=True, text=True, timeout=90)
        if result.returncode != 0:
            raise RuntimeError(f"{script} failed:\n{result.stdout}\n{result.stderr}")
        return _assignments(result.stdout)

    def start_alertmanager(self) -> str:
        port = free_port()
        values = self._start("start-alertmanager.sh", "--listen", f"127.0.0.1:{port}")
        self.started.append("alertmanager")
        return values["ALERTMANAGER_URL"]

    def start_prometheus(self, target: str, scrape_interval: str = "1s") -> str:
        port = free_port()
        values = self._start("start-prometheus.sh", "--listen", f"127.0.0.1:{port}",
                             "--target", target, "--scrape-interval", scrape_interval)
        self.started.append("prometheus")
        return values["PROMETHEUS_URL"]

    def log(self, name: str) -> str:
        path = self.run_dir / f"{name}.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def stop(self) -> None:
        if self.started:
            subprocess.run([str(OPERATORS / "stop.sh"), "--run-dir", str(self.run_dir),
                            *self.started], capture_output=True, text=True, timeout=60)
            self.started = []


# --- tocsin, served for real ---------------------------------------------------------------

def demo_run(db: Path, *paths: Path) -> str:
    """`tocsin run` (through `python -m services`) over the seed and the given files."""
    result = subprocess.run(
        [sys.executable, "-m", "services", "run", str(seed_path()), *map(str, paths), "--db", str(db)],
        capture_output=True, text=True, timeout=120, cwd=REPO,
    )
    if result.returncode != 0:
        raise RuntimeError(f"tocsin run failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


class TocsinServer:
    """`python -m services.api --db DB --port P ...` (the `tocsin serve` command) as a child."""

    def __init__(self, db: Path, log_path: Path, *extra: str, token: str = TOKEN) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.token = token
        self.log_path = log_path
        command = [sys.executable, "-m", "services.api", "--db", str(db), "--host", "127.0.0.1",
                   "--port", str(self.port), "--poll-seconds", "1", *extra]
        env = {**os.environ, "TOCSIN_TOKEN": token}
        env.pop("TOCSIN_ALERTMANAGER_URL", None)
        self._log = log_path.open("wb")
        self.process = subprocess.Popen(command, cwd=REPO, env=env, stdout=self._log,
                                        stderr=subprocess.STDOUT)
        self.client = httpx.Client(base_url=self.url, timeout=30,
                                   headers={"Authorization": f"Bearer {token}"})
        try:
            wait_until(self._ready, timeout=60, what=f"tocsin ready at {self.url}")
        except TimeoutError:
            self.stop()
            raise RuntimeError(f"tocsin did not start:\n{self.log()}") from None

    def _ready(self) -> bool:
        if self.process.poll() is not None:
            raise RuntimeError(f"tocsin exited with {self.process.returncode}:\n{self.log()}")
        return self.client.get("/readyz").status_code == 200

    def post(self, body: bytes, content_type: str) -> httpx.Response:
        return self.client.post("/api/dispatches", content=body,
                                headers={"Content-Type": content_type})

    def log(self) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")[-4000:]

    def stop(self) -> None:
        self.client.close()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self._log.close()


# --- Chromium over the DevTools protocol on a pipe ----------------------------------------

class DevToolsError(RuntimeError):
    pass


def _high_fd(fd: int, lowest: int = 10) -> int:
    """A duplicate of `fd` numbered `lowest` or above (close-on-exec), the original closed."""
    high = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, lowest)
    os.close(fd)
    return high


class Chromium:
    """Headless chromium with one page, driven by CDP over `--remote-debugging-pipe`."""

    def __init__(self, profile: Path, width: int = 1280, height: int = 1000) -> None:
        to_browser_r, to_browser_w = os.pipe()
        from_browser_r, from_browser_w = os.pipe()
        # The child's ends must not be fds 3 or 4 themselves, or the redirections clobber them.
        to_browser_r, from_browser_w = (_high_fd(to_browser_r), _high_fd(from_browser_w))
        flags = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", f"--user-data-dir={profile}",
            f"--window-size={width},{height}", "--remote-debugging-pipe", "about:blank",
        ]
        # Chromium reads commands on fd 3 and writes answers on fd 4.
        script = f"exec 3<&{to_browser_r} 4>&{from_browser_w}; exec \"$@\""
        stderr = (profile.parent / f"{profile.name}.stderr").open("wb")
        self.process = subprocess.Popen(
            ["/bin/bash", "-c", script, "bash", CHROMIUM, *flags],
            pass_fds=(to_browser_r, from_browser_w), stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=stderr)
        stderr.close()
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._out = to_browser_w
        self._in = from_browser_r
        self._next = 0
        self._lock = threading.Lock()
        self._answers: dict[int, queue.Queue[dict[str, Any]]] = {}
        self.events: list[dict[str, Any]] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target,
                                 flatten=True)["sessionId"]
        for domain in ("Page.enable", "Runtime.enable"):
            self.call(domain, session=True)
        self.call("Emulation.setDeviceMetricsOverride", session=True, width=width,
                  height=height, deviceScaleFactor=1, mobile=False)

    def _read(self) -> None:
        buffer = b""
        while True:
            try:
                chunk = os.read(self._in, 65536)
            except OSError:
                return
            if not chunk:
                return
            buffer += chunk
            while b"\0" in buffer:
                raw, buffer = buffer.split(b"\0", 1)
                message = json.loads(raw)
                if "id" in message and message["id"] in self._answers:
                    self._answers[message["id"]].put(message)
                else:
                    self.events.append(message)

    def call(self, method: str, session: bool = False, timeout: float = 30,
             **params: Any) -> dict[str, Any]:
        with self._lock:
            self._next += 1
            number = self._next
            answer: queue.Queue[dict[str, Any]] = queue.Queue()
            self._answers[number] = answer
        message: dict[str, Any] = {"id": number, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        os.write(self._out, json.dumps(message).encode() + b"\0")
        try:
            reply = answer.get(timeout=timeout)
        except queue.Empty:
            raise DevToolsError(f"{method}: no answer in {timeout} s") from None
        finally:
            self._answers.pop(number, None)
        if "error" in reply:
            raise DevToolsError(f"{method}: {reply['error']}")
        return dict(reply.get("result", {}))

    def navigate(self, url: str) -> None:
        self.call("Page.navigate", session=True, url=url)

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (promises are awaited)."""
        result = self.call("Runtime.evaluate", session=True, expression=expression,
                           returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise DevToolsError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 20) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with contextlib.suppress(DevToolsError):
                value = self.evaluate(expression)
                if value:
                    return value
            time.sleep(0.1)
        raise TimeoutError(f"page never satisfied: {expression}")

    def click(self, selector: str) -> None:
        """A real mouse click in the middle of the first element matching `selector`."""
        box = self.evaluate(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
            " if (!e) return null; e.scrollIntoView({block: 'center'});"
            " const r = e.getBoundingClientRect();"
            " return {x: r.left + r.width / 2, y: r.top + r.height / 2}; })()")
        if not box:
            raise DevToolsError(f"nothing matches {selector}")
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", session=True, type=kind, x=box["x"],
                      y=box["y"], button="left", clickCount=1)

    def type_into(self, selector: str, text: str) -> None:
        """Focus a field, clear it and type `text` as keyboard input."""
        self.evaluate(f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
                      " e.focus(); e.select && e.select(); })()")
        self.call("Input.insertText", session=True, text=text)

    def screenshot(self, path: Path) -> Path:
        data = self.call("Page.captureScreenshot", session=True, format="png",
                         captureBeyondViewport=True)["data"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))
        return path

    def dialogs(self) -> list[dict[str, Any]]:
        """JavaScript dialogs (alert, confirm, prompt) the page opened."""
        return [e for e in self.events if e.get("method") == "Page.javascriptDialogOpening"]

    def close(self) -> None:
        with contextlib.suppress(DevToolsError, OSError):
            self.call("Browser.close", timeout=5)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)
        for fd in (self._out, self._in):
            with contextlib.suppress(OSError):
                os.close(fd)


def dump_dom(url: str, profile: Path, budget_ms: int = 4000) -> str:
    """`chromium --dump-dom` after letting the page's scripts run for `budget_ms` (virtual)."""
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
               "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
               f"--user-data-dir={profile}", f"--virtual-time-budget={budget_ms}",
               "--dump-dom", url]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        raise RuntimeError(f"{shlex.join(command)} failed:\n{result.stderr[-2000:]}")
    return result.stdout


@contextlib.contextmanager
def chromium(profile: Path) -> Iterator[Chromium]:
    browser = Chromium(profile)
    try:
        yield browser
    finally:
        browser.close()


# --- pytest fixtures (imported by the test modules) ---------------------------------------

@pytest.fixture(scope="session")
def operator_tools() -> None:
    """The Debian packages, installed by deploy/operators/install.sh when missing."""
    install_operator_tools()


@pytest.fixture
def daemons(tmp_path: Path, operator_tools: None) -> Iterator[OperatorDaemons]:
    """Prometheus / Alertmanager of this test, stopped (by pid file) afterwards."""
    started = OperatorDaemons(tmp_path / "operators-run")
    try:
        yield started
    finally:
        started.stop()


_demo_template: list[Path] = []


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One `tocsin run` over the seed per session; each test gets a copy of its log.

    Each test module imports this fixture, which makes one fixture per module for pytest:
    the module-level list keeps it to one run for the session all the same.
    """
    if not _demo_template:
        db = tmp_path_factory.mktemp("demo") / "demo.db"
        demo_run(db)
        _demo_template.append(db)
    return _demo_template[0]


@pytest.fixture
def demo_db(tmp_path: Path, demo_template: Path) -> Path:
    """A log of its own after `tocsin run` over the seed (SQLite file and WAL copied)."""
    db = tmp_path / "demo.db"
    for suffix in ("", "-wal", "-shm"):
        source = demo_template.with_name(demo_template.name + suffix)
        if source.exists():
            shutil.copyfile(source, db.with_name(db.name + suffix))
    return db

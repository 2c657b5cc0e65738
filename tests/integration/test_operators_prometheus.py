"""A real Prometheus scraping `tocsin serve` after a demo run: every Grafana panel has data.

The panel queries are read from deploy/grafana/dashboards/tocsin.json through
deploy/operators/check_dashboard.py, the same code operators run by hand.
"""

from __future__ import annotations

import importlib.util
import json
import math
import subprocess
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import httpx
import pytest

try:
    from .operators import (
        DASHBOARD,
        OPERATORS,
        RULES_DIR,
        SCRIPT_DISPATCH,
        SIEGE_LIFTED,
        SIEGE_STARTED,
        OperatorDaemons,
        TocsinServer,
        daemons,
        demo_db,
        demo_template,
        jsonl,
        operator_tools,
        wait_until,
    )
except ImportError:
    from operators import (  # type: ignore[no-redef]
        DASHBOARD,
        OPERATORS,
        RULES_DIR,
        SCRIPT_DISPATCH,
        SIEGE_LIFTED,
        SIEGE_STARTED,
        OperatorDaemons,
        TocsinServer,
        daemons,  # noqa: F401  (fixture)
        demo_db,  # noqa: F401  (fixture)
        demo_template,  # noqa: F401  (fixture)
        jsonl,
        operator_tools,  # noqa: F401  (fixture)
        wait_until,
    )

pytestmark = pytest.mark.operators


def check_dashboard() -> ModuleType:
    """deploy/operators/check_dashboard.py as a module (it is a script, not a package)."""
    spec = importlib.util.spec_from_file_location("check_dashboard",
                                                  OPERATORS / "check_dashboard.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def served(tmp_path: Path, demo_db: Path) -> Iterator[TocsinServer]:
    """Served after the demo run, then fed through the API like a live system."""
    server = TocsinServer(demo_db, tmp_path / "tocsin-serve.log")
    body = jsonl(SCRIPT_DISPATCH, SIEGE_STARTED, SIEGE_LIFTED) + b'{"broken": \n'
    posted = server.post(body, "application/x-ndjson")
    assert posted.status_code == 400
    assert len(posted.json()["accepted"]) == 3
    server.posted = posted.json()  # type: ignore[attr-defined]
    yield server
    server.stop()


def test_promtool_accepts_the_rules(operator_tools: None) -> None:
    rules = sorted(p for p in RULES_DIR.glob("*.yml") if not p.name.endswith(".test.yml"))
    assert rules
    checked = subprocess.run(["promtool", "check", "rules", *map(str, rules)],
                             capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    for tests in sorted(RULES_DIR.glob("*.test.yml")):
        ran = subprocess.run(["promtool", "test", "rules", str(tests)], capture_output=True,
                             text=True, timeout=60, cwd=tests.parent)
        assert ran.returncode == 0, ran.stdout + ran.stderr


def test_every_dashboard_panel_has_data_from_a_real_prometheus(
        served: TocsinServer, daemons: OperatorDaemons) -> None:
    # Series of the current situation only: the lifted siege has none, Aleppo's goes on.
    places = served.client.get("/api/places").json()["places"]
    besieged = {p["place"]["name"]: p["siege_days"] for p in places if p["siege_days"]}
    lifted_at = next(s["place_id"] for s in served.posted["signals"]
                     if s["dispatch_id"] == SIEGE_LIFTED["id"] and s["type"] == "siege_lifted")
    zabadani = next(p for p in places if p["place"]["id"] == lifted_at)
    assert zabadani["siege_days"] is None
    assert besieged["Aleppo"] == 126
    metrics = served.client.get("/metrics").text
    assert 'tocsin_siege_days{country="SY",place="Aleppo"} 126.0' in metrics
    assert not any(line.startswith("tocsin_siege_days{")
                   and f'place="{zabadani["place"]["name"]}"' in line
                   for line in metrics.splitlines())

    target = served.url.removeprefix("http://")
    prometheus = daemons.start_prometheus(target, scrape_interval="1s")
    checker = check_dashboard()

    def scraped_twice() -> bool:
        result = checker.instant_query(prometheus, 'count_over_time(up{job="tocsin"}[1m])')
        up = checker.instant_query(prometheus, 'up{job="tocsin"}')
        return bool(result and float(result[0]["value"][1]) >= 2
                    and up and up[0]["value"][1] == "1")

    wait_until(scraped_twice, timeout=30, what="two scrapes of tocsin")

    queries = checker.panel_queries(json.loads(DASHBOARD.read_text()))
    assert len(queries) >= 12
    failures = []
    results = {}
    for title, expr in queries:
        try:
            result = checker.instant_query(prometheus, expr)
        except (RuntimeError, OSError) as error:
            failures.append(f"ERROR {title}: {expr}: {error}")
            continue
        if not result:
            failures.append(f"NO DATA {title}: {expr}")
        results[expr] = result
    assert not failures, "\n".join(failures) + "\n" + daemons.log("prometheus")

    def series(title: str) -> dict[str, float]:
        """A panel's result: place name (or the one label) -> value."""
        found = {}
        for item in results[by_title[title]]:
            labels = item["metric"]
            key = labels.get("place") or ",".join(f"{k}={v}" for k, v in sorted(labels.items()))
            found[key] = float(item["value"][1])
        return found

    by_title = {title: expr for title, expr in queries}
    assert series("Siege days by place") == besieged
    killed = series("Killed in the last 7 days by place")
    assert killed[zabadani["place"]["name"]] == 4.0 and killed["Aleppo"] == 0.0
    assert series("Active alerts by severity")["severity=critical"] >= 4
    [aleppo] = [item["metric"] for item in results[by_title["Places"]]
                if item["metric"]["place"] == "Aleppo"]
    assert (aleppo["country"], aleppo["latitude"], aleppo["longitude"]) == (
        "SY", "36.20124", "37.16117")
    # The latency panels show real observations, not an empty histogram's NaN.
    for title, expr in queries:
        if "latency" in title:
            for item in results[expr]:
                value = float(item["value"][1])
                assert not math.isnan(value) and value > 0, (title, expr)

    # Prometheus' own rules agree with tocsin: the Aleppo siege is critical there too.
    def siege_firing() -> bool:
        found = checker.instant_query(
            prometheus, 'ALERTS{alertname="TocsinSiegeLong",alertstate="firing",place="Aleppo"}')
        return bool(found) and found[0]["metric"]["severity"] == "critical"

    wait_until(siege_firing, timeout=15, what="TocsinSiegeLong firing for Aleppo")
    assert httpx.get(f"{prometheus}/api/v1/targets", timeout=10).json()["status"] == "success"

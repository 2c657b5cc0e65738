#!/usr/bin/env python3
"""Run every panel query of the Grafana dashboard against a Prometheus and say which return data.

    python3 deploy/operators/check_dashboard.py --prometheus http://127.0.0.1:9490

Reads `panels[].targets[].expr` from deploy/grafana/dashboards/tocsin.json (the single
source of the queries), runs each as an instant query and exits 1 if any returns an error
or no series. Standard library only. Counters under rate()/increase() need two scrapes
after their series first appear: wait two scrape intervals before checking.
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

DASHBOARD = Path(__file__).resolve().parents[1] / "grafana" / "dashboards" / "tocsin.json"


def panel_queries(dashboard: dict) -> list[tuple[str, str]]:
    """Return (panel title, expr) for every target of every panel, rows included."""
    found = []
    for panel in dashboard.get("panels", []):
        for inner in [panel, *panel.get("panels", [])]:
            for target in inner.get("targets", []):
                found.append((inner.get("title", "?"), target["expr"]))
    return found


def instant_query(prometheus: str, expr: str) -> list[dict]:
    """Run one instant query; raise RuntimeError with Prometheus' message on failure."""
    url = f"{prometheus.rstrip('/')}/api/v1/query?" + urllib.parse.urlencode({"query": expr})
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            body = json.load(response)
    except urllib.error.HTTPError as error:
        body = json.load(error)
    if body.get("status") != "success":
        raise RuntimeError(f"{body.get('errorType')}: {body.get('error')}")
    return body["data"]["result"]


def describe(series: dict) -> str:
    """Format one result series as {label=value,...} value."""
    labels = ",".join(f"{name}={value}" for name, value in series["metric"].items())
    return "{" + labels + "} " + series["value"][1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prometheus", default="http://127.0.0.1:9490")
    parser.add_argument("--dashboard", type=Path, default=DASHBOARD)
    args = parser.parse_args()

    failures = 0
    for title, expr in panel_queries(json.loads(args.dashboard.read_text())):
        try:
            result = instant_query(args.prometheus, expr)
        except (RuntimeError, OSError) as error:
            print(f"ERROR    {title}: {expr}\n         {error}")
            failures += 1
            continue
        if not result:
            print(f"NO DATA  {title}: {expr}")
            failures += 1
            continue
        sample = ", ".join(describe(series) for series in result[:3])
        print(f"ok       {title}: {len(result)} series, e.g. {sample}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

"""The `tocsin` command as a user drives it, on the examples in examples/."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from services.cli import app
from tests.conftest import EXAMPLES, SEED

runner = CliRunner()


def _tocsin(*args: str) -> str:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _derived(db: Path) -> list[tuple[str, str]]:
    """Every event and projection row, except the wall-clock `recorded_time` of inputs."""
    with sqlite3.connect(db) as connection:
        events = connection.execute("SELECT event_id, body FROM events ORDER BY position").fetchall()
        rows = connection.execute("SELECT name || ':' || key, body FROM projections "
                                  "ORDER BY name, key").fetchall()
    return [*events, *rows]


def test_run_prints_the_alerts_with_their_evidence(tmp_path: Path) -> None:
    if not SEED.exists():
        pytest.skip("the seed is not beside this checkout")
    output = _tocsin("run", "--db", str(tmp_path / "t.db"), str(SEED))
    assert "Alerts from this run, as they stand on 2021-11-01" in output
    assert "107 days of siege" in output and "117 days without aid" in output
    assert "assiégés depuis le 17 juillet" in output


def test_the_same_folder_twice_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    _tocsin("run", "--db", str(db), str(EXAMPLES))
    before = _derived(db)
    output = _tocsin("run", "--db", str(db), str(EXAMPLES))
    assert "0 dispatches received" in output
    assert _derived(db) == before


def test_replay_rebuilds_the_projections_byte_for_byte(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    _tocsin("run", "--db", str(db), str(EXAMPLES))
    before = _derived(db)
    output = _tocsin("replay", "--db", str(db))
    assert "0 derived anew" in output
    assert _derived(db) == before


def test_two_logs_from_the_same_input_hold_the_same_derived_events(tmp_path: Path) -> None:
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    _tocsin("run", "--db", str(first), str(EXAMPLES))
    _tocsin("run", "--db", str(second), str(EXAMPLES))

    def ids(db: Path) -> list[str]:
        return [event_id for event_id, _ in _derived(db) if ":" not in event_id]

    assert ids(first) == ids(second)


def test_situation_as_of_a_past_date(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    _tocsin("run", "--db", str(db), str(EXAMPLES))
    output = _tocsin("situation", "Mariupol", "--db", str(db), "--as-of", "2022-03-20", "--json")
    [view] = json.loads(output)
    assert view["siege_since"] == "2022-03-02" and view["siege_days"] == 18
    assert view["aid_blocked_since"] == "2022-03-02"


def test_acknowledging_is_recorded_and_survives_a_replay(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    _tocsin("run", "--db", str(db), str(EXAMPLES))
    alerts = json.loads(_tocsin("alerts", "--db", str(db), "--all", "--json"))
    alert_id = alerts[0]["alert_id"]
    _tocsin("acknowledge", alert_id, "--by", "operator-1", "--db", str(db))
    _tocsin("replay", "--db", str(db))
    after = {a["alert_id"]: a for a in json.loads(_tocsin("alerts", "--db", str(db), "--all",
                                                          "--json"))}
    assert after[alert_id]["acknowledged_by"] == "operator-1"


def test_classify_writes_eval_records_and_eval_scores_them(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({
        "id": "t1", "language": "en", "published": "2016-01-10",
        "text": "Madaya, a Syrian town of 40,000 people, has been under siege since July 5.",
        "signals": [{"type": "siege", "place": "Madaya", "country": "SY",
                     "since": "2015-07-05", "population": 40000}],
    }) + "\n", "utf-8")
    [record] = [json.loads(line) for line in _tocsin("classify", str(gold)).splitlines()]
    assert record["signals"][0]["type"] == "siege" and record["signals"][0]["since"] == "2015-07-05"
    report = json.loads(_tocsin("eval", str(gold), "--json"))
    assert report["overall"]["f1"] == 1.0
    assert report["fields_exact"]["siege.since"] == 1.0

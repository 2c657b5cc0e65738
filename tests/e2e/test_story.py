"""The stories in examples/: alerts fire and resolve on the days a reader expects.

The expected days are those examples/README.md derives by hand from the dispatches. Madaya:
the siege began on 5 July 2015 and was lifted on 13 October; no aid got in from 12 August to
the convoy of 28 September. Mariupol: encircled on 2 March 2022, no aid in until the UN and
ICRC reached the Azovstal plant (reported on 3 May), fallen on 20 May.
"""

from __future__ import annotations

from datetime import date

import pytest

from services.ingest.sources import read_paths
from services.runtime.embedded.runner import EmbeddedRuntime
from tests.conftest import EXAMPLES


def _history(runtime: EmbeddedRuntime, place: str, rule: str) -> list[tuple[date, str, str]]:
    views = [v for v in runtime.alert_views().values()
             if v.place.name == place and v.rule == rule]
    return [entry for view in sorted(views, key=lambda v: v.raised) for entry in view.history]


# Each story's alerts for one rule at one place, day by day, as examples/README.md derives them.
STORIES = {
    "Madaya siege: warning on day 30, critical on day 90, ended when lifted": (
        "madaya-2015.jsonl", "Madaya", "siege_duration", [
            (date(2015, 8, 4), "raised", "warning"),
            (date(2015, 10, 3), "escalated", "critical"),
            (date(2015, 10, 13), "resolved", "siege lifted"),
        ]),
    "Madaya aid blocked: warning at two weeks, ended by the convoy": (
        "madaya-2015.jsonl", "Madaya", "aid_blocked", [
            (date(2015, 8, 26), "raised", "warning"),
            (date(2015, 9, 11), "escalated", "critical"),
            (date(2015, 9, 28), "resolved", "aid delivered"),
        ]),
    "Mariupol aid blocked: ended when the UN and the ICRC reach the city": (
        "mariupol-2022.jsonl", "Mariupol", "aid_blocked", [
            (date(2022, 3, 16), "raised", "warning"),
            (date(2022, 4, 1), "escalated", "critical"),
            (date(2022, 5, 3), "resolved", "aid delivered"),
        ]),
    "Mariupol siege: warning at a month, ended when the city falls": (
        "mariupol-2022.jsonl", "Mariupol", "siege_duration", [
            (date(2022, 4, 1), "raised", "warning"),
            (date(2022, 5, 20), "resolved", "siege lifted"),
        ]),
}


@pytest.mark.parametrize("story", STORIES)
def test_a_story_s_alerts_fire_and_end_on_the_days_a_reader_expects(
    runtime: EmbeddedRuntime, story: str,
) -> None:
    source, place, rule, expected = STORIES[story]
    runtime.run(read_paths([EXAMPLES / source]))
    assert _history(runtime, place, rule) == expected


def test_the_siege_alert_quotes_the_dispatches_that_report_it(runtime: EmbeddedRuntime) -> None:
    runtime.run(read_paths([EXAMPLES / "madaya-2015.jsonl"]))
    [siege] = [v for v in runtime.alert_views().values()
               if v.place.name == "Madaya" and v.rule == "siege_duration"]
    assert {e.source for e in siege.evidence} >= {"AFP", "Reuters"}
    assert any("5 juillet" in e.sentence for e in siege.evidence)

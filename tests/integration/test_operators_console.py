"""The console in a real headless Chromium, against `tocsin serve` after a demo run.

What an operator sees: alerts by severity with place, rule and days, the evidence sentence
with its trigger marked, dispatch text shown as text (a `<script>` in a dispatch is not run),
acknowledging through the page, and the page keeping itself up to date. Screenshots go to
artifacts/.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

try:
    from .operators import (
        ARTIFACTS,
        SCRIPT_DISPATCH,
        SIEGE_STARTED,
        TOKEN,
        TocsinServer,
        chromium,
        daemons,
        demo_db,
        demo_template,
        dump_dom,
        jsonl,
        operator_tools,
    )
except ImportError:
    from operators import (  # type: ignore[no-redef]
        ARTIFACTS,
        SCRIPT_DISPATCH,
        SIEGE_STARTED,
        TOKEN,
        TocsinServer,
        chromium,
        daemons,  # noqa: F401  (fixture)
        demo_db,  # noqa: F401  (fixture)
        demo_template,  # noqa: F401  (fixture)
        dump_dom,
        jsonl,
        operator_tools,  # noqa: F401  (fixture)
    )

pytestmark = pytest.mark.operators

SIEGE_CARD = 'article.alert[data-rule="siege_duration"][data-place="Aleppo"]'


def js(selector: str) -> str:
    return json.dumps(selector)


@pytest.fixture
def served(tmp_path: Path, demo_db: Path, operator_tools: None) -> Iterator[TocsinServer]:
    server = TocsinServer(demo_db, tmp_path / "tocsin-serve.log")
    posted = server.post(jsonl(SCRIPT_DISPATCH), "application/x-ndjson")
    assert posted.status_code == 200, posted.text
    assert [a["rule"] for a in posted.json()["alerts"]] == ["siege_duration"]
    yield server
    server.stop()


def card_of(server: TocsinServer, dispatch_id: str) -> str:
    """The selector of the console card of the alert read from one dispatch."""
    alerts = server.client.get("/api/alerts").json()["alerts"]
    [alert] = [a for a in alerts if a["evidence"][0]["dispatch_id"] == dispatch_id]
    return f'article.alert[data-alert-id="{alert["alert_id"]}"]'


def test_an_operator_sees_alerts_acknowledges_one_and_the_page_keeps_up(
        served: TocsinServer, tmp_path: Path) -> None:
    madaya_card = card_of(served, SCRIPT_DISPATCH["id"])
    with chromium(tmp_path / "chromium-profile") as page:
        page.navigate(served.url + "/")
        page.wait_for("document.body.dataset.ready === 'true'")

        # Alerts grouped by severity, critical first, with place, rule and how long.
        groups = page.evaluate("[...document.querySelectorAll('section.group')]"
                               ".map(s => s.dataset.severity)")
        assert groups == ["critical", "warning"]
        card = page.evaluate(f"""(() => {{
            const c = document.querySelector({js(SIEGE_CARD)});
            return {{group: c.closest('section').dataset.severity,
                     badge: c.querySelector('.badge').textContent,
                     place: c.querySelector('.place').textContent,
                     measure: c.querySelector('.measure').textContent,
                     sentence: c.querySelector('q.sentence').textContent,
                     mark: c.querySelector('q.sentence mark').textContent,
                     dispatch: c.querySelector('a.dispatch-link').getAttribute('href')}};
        }})()""")
        assert card["group"] == "critical" and card["badge"] == "critical"
        assert card["place"] == "Aleppo (SY)"
        assert card["measure"] == "107 days of siege"
        assert card["sentence"].startswith("Les quartiers rebelles de la deuxième ville de Syrie "
                                           "sont totalement assiégés depuis le 17 juillet")
        assert card["mark"] == "assiégés"
        assert card["dispatch"].startswith("#/dispatches/d-")
        measures = page.evaluate("[...document.querySelectorAll('article.alert .measure')]"
                                 ".map(e => e.textContent)")
        assert "117 days without aid" in measures and "food ran out 78 days ago" in measures

        # Markup in a dispatch is text: shown literally, never run.
        madaya = page.evaluate(f"document.querySelector({js(madaya_card)} + ' q.sentence')"
                               ".textContent")
        assert "<script>alert(1)</script>" in madaya
        assert page.evaluate("document.querySelectorAll('script').length") == 1
        assert page.evaluate("document.querySelectorAll('main b, main script').length") == 0
        assert page.dialogs() == []

        # Acknowledge through the page: button, dialog, name and token, submit.
        page.click(SIEGE_CARD + " button.ack")
        page.wait_for("document.getElementById('ack-dialog').open")
        page.type_into("#ack-by", "Test Operator")
        page.type_into("#ack-token", TOKEN)
        page.click("#ack-submit")
        acked = page.wait_for(f"(document.querySelector({js(SIEGE_CARD)} + ' .acked') || {{}})"
                              ".textContent")
        assert acked.startswith("acknowledged by Test Operator at ")
        assert page.evaluate("sessionStorage.getItem('tocsin.by')") == "Test Operator"
        assert page.evaluate("document.getElementById('operator').textContent").startswith(
            "operator: Test Operator")
        siege = next(a for a in served.client.get("/api/alerts").json()["alerts"]
                     if a["place"]["name"] == "Aleppo" and a["rule"] == "siege_duration")
        assert siege["acknowledged_by"] == "Test Operator"

        # A wrong token is refused in the dialog and nothing is recorded.
        page.evaluate("sessionStorage.setItem('tocsin.token', 'wrong')")
        page.click(madaya_card + " button.ack")
        page.wait_for("document.getElementById('ack-dialog').open")
        page.click("#ack-submit")
        error = page.wait_for("document.getElementById('ack-error').textContent")
        assert "invalid token" in error
        page.click("#ack-cancel")

        # It updates by itself: a new siege posted through the API appears without a reload.
        assert served.post(jsonl(SIEGE_STARTED), "application/x-ndjson").status_code == 200
        page.wait_for(f"!!document.querySelector({js(card_of(served, SIEGE_STARTED['id']))})",
                      timeout=10)
        page.screenshot(ARTIFACTS / "console-alerts.png")

        # A place page: its situation and its timeline of signals and alerts.
        page.navigate(served.url + "/#/places/" + "geonames%3A170063")
        page.wait_for("!!document.querySelector('ol.timeline')")
        title = page.evaluate("document.querySelector('main h1').textContent")
        assert title == "Aleppo (SY) as of 2021-11-10"
        timeline = page.evaluate("[...document.querySelectorAll('ol.timeline li')]"
                                 ".map(li => li.className)")
        assert "signal siege" in timeline and "alert-step raised" in timeline
        assert "alert-step acknowledged" in timeline
        cards = page.evaluate("[...document.querySelectorAll('.place-alerts article.alert')]"
                              ".map(a => a.dataset.rule)")
        assert sorted(cards) == ["aid_blocked", "healthcare_attacks", "siege_duration",
                                 "stock_exhaustion:food"]
        facts = page.evaluate("document.querySelector('dl.facts-table').textContent")
        assert "since 2021-07-17: 116 days" in facts
        page.screenshot(ARTIFACTS / "console-place.png")

        # The dispatch page shows the title and text as text too.
        page.navigate(served.url + "/#/dispatches/test-madaya-script")
        page.wait_for("!!document.querySelector('pre.dispatch-text')")
        assert page.evaluate("document.querySelector('main h1').textContent") == \
            "Madaya <b>encerclée</b>"
        assert "<script>alert(1)</script>" in page.evaluate(
            "document.querySelector('pre.dispatch-text').textContent")
        assert page.evaluate("document.querySelectorAll('main b, main script').length") == 0
        assert "null" not in page.evaluate("document.querySelector('main').textContent")
        assert page.dialogs() == []


def test_the_dumped_dom_holds_the_script_as_escaped_text(served: TocsinServer,
                                                        tmp_path: Path) -> None:
    """`chromium --dump-dom`: the dispatch's <script> is serialised as text, not an element."""
    dom = dump_dom(served.url + "/", tmp_path / "dump-profile")
    assert "Aleppo (SY)" in dom and "107 days of siege" in dom
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom
    assert "<script>alert(1)</script>" not in dom

"""Precision first: words that look like the signs of an emergency and are not."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from schemas.dispatch import Dispatch
from services.classify.extract import classify
from services.classify.gazetteer import Gazetteer


def _dispatch(text: str, language: str, published: str = "2016-07-26") -> Dispatch:
    return Dispatch(id="t", source="test", language=language,  # type: ignore[arg-type]
                    published=datetime.fromisoformat(published).replace(tzinfo=UTC),
                    precision="day", text=text)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Le groupe a installé son siège social à Lyon, près de la gare.", "fr"),
        ("Le parti a perdu douze sièges à l'Assemblée nationale à Paris dimanche.", "fr"),
        ("The Bourse in Paris fell sharply and stocks in London ran out of steam.", "en"),
        ("Leeds played with a siege mentality in Manchester and held on for a draw.", "en"),
        ("A museum in Saint Petersburg opened an exhibition on the siege of Leningrad.", "en"),
        ("The war in Syria has killed more than 500,000 people since 2011, monitors say.", "en"),
        ("Le pays a sombré dans une guerre civile qui a fait jusqu'à présent plus de "
         "280.000 morts à travers la Syrie.", "fr"),
        ("Investors in Kyiv are running out of patience with the reform plan.", "en"),
        ("Fuel prices in Sanaa rose by ten percent in June, traders said.", "en"),
        ("A hospital in Gaza held a fundraising gala for its new maternity ward.", "en"),
    ],
)
def test_lookalikes_give_no_signal(text: str, language: str, gazetteer: Gazetteer) -> None:
    assert classify(_dispatch(text, language), gazetteer) == []


def test_a_lifted_siege_is_not_a_siege(gazetteer: Gazetteer) -> None:
    text = "Le siège de Madaya, en Syrie, a été levé mardi après cinq mois."
    signals = classify(_dispatch(text, "fr"), gazetteer)
    assert [(s.type, s.place.name, s.on) for s in signals] == [
        ("siege_lifted", "Madaya", datetime(2016, 7, 26).date())]


def test_english_siege_with_population_and_date(gazetteer: Gazetteer) -> None:
    text = ("The Syrian town of Madaya, home to more than 40,000 people, has been under siege "
            "since July 5, and no aid convoy has reached it since July 12.")
    signals = {s.type: s for s in classify(_dispatch(text, "en"), gazetteer)}
    assert signals["siege"].since == datetime(2016, 7, 5).date()
    assert signals["siege"].population == 40_000
    assert signals["aid_blocked"].since == datetime(2016, 7, 12).date()
    assert signals["siege"].place.country == "SY"

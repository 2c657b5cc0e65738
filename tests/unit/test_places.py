"""Places link to the gazetteer, with the dispatch's country deciding between homonyms."""

from __future__ import annotations

from services.classify.places import Gazetteer, find_mentions, fold


def _places(text: str, language: str, gazetteer: Gazetteer) -> list[tuple[str, str, str | None]]:
    return [(m.as_written, m.place.name, m.place.country)
            for m in find_mentions(text, language, gazetteer) if not m.country_only]


def test_madaya_is_in_syria_when_the_dispatch_speaks_of_syria(gazetteer: Gazetteer) -> None:
    text = "The Syrian town of Madaya has been under siege since July, residents said."
    assert ("Madaya", "Madaya", "SY") in _places(text, "en", gazetteer)


def test_madaya_is_in_myanmar_when_the_dispatch_speaks_of_myanmar(gazetteer: Gazetteer) -> None:
    text = "Flooding hit Madaya township in Myanmar, near Mandalay, on Monday."
    assert ("Madaya", "Madaya", "MM") in _places(text, "en", gazetteer)


def test_french_and_local_spellings_link_to_english_names(gazetteer: Gazetteer) -> None:
    text = "Les habitants d'Alep, de Marioupol et de Khan Younès, à Hodeïda aussi."
    names = {name for _, name, _ in _places(text, "fr", gazetteer)}
    assert {"Aleppo", "Mariupol", "Khan Yunis", "Hodeidah"} <= names


def test_countries_are_mentions_of_their_own(gazetteer: Gazetteer) -> None:
    mentions = find_mentions("La Syrie et le Yémen.", "fr", gazetteer)
    assert [(m.place.id, m.country_only) for m in mentions] == [
        ("country:SY", True), ("country:YE", True)]


def test_fold_ignores_accents_case_and_apostrophes() -> None:
    assert fold("Kafar Soussé") == fold("kafar sousse")
    assert fold("Mek’ele") == "mek'ele"

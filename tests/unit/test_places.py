"""Places link to the gazetteer, with the dispatch's country deciding between homonyms."""

from __future__ import annotations

import pytest

from services.classify.gazetteer import Gazetteer, fold
from services.classify.places import find_mentions


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


def test_a_region_is_named_as_itself(gazetteer: Gazetteer) -> None:
    mentions = find_mentions("La famine menace le Tigré, dans le nord de l'Ethiopie.", "fr",
                             gazetteer)
    assert ("Tigré", "region", "Tigray", "ET") in {
        (m.as_written, m.kind, m.name, m.country) for m in mentions}


def test_acronyms_are_organisations_not_towns(gazetteer: Gazetteer) -> None:
    text = "The Syrian American Medical Society (SAMS) said the hospital in Aleppo was hit."
    assert [name for _, name, _ in _places(text, "en", gazetteer)] == ["Aleppo"]


def test_a_possessive_names_the_town(gazetteer: Gazetteer) -> None:
    text = "A missile struck Kharkiv's Freedom Square in eastern Ukraine."
    assert ("Kharkiv", "Kharkiv", "UA") in _places(text, "en", gazetteer)


def test_part_of_a_person_s_or_a_hospital_s_name_is_no_town(gazetteer: Gazetteer) -> None:
    text = ("President Volodymyr Zelenskiy visited Ukraine's Kyiv. Doctors at Kamal Adwan "
            "hospital in Gaza spoke.")
    names = {name for _, name, _ in _places(text, "en", gazetteer)}
    assert names == {"Kyiv", "Gaza"}


def test_a_town_introduced_as_a_place_counts_beside_a_country_named_as_an_actor(
    gazetteer: Gazetteer,
) -> None:
    text = "Le siège de Deraa a été levé en vertu d'un accord négocié par la Russie."
    assert ("Deraa", "Daraa", "SY") in _places(text, "fr", gazetteer)


def test_a_homonym_abroad_is_not_taken_in_a_dispatch_firmly_about_another_country(
    gazetteer: Gazetteer,
) -> None:
    """The gazetteer holds a Lere of 93,000 in Nigeria, not the Léré of Mali."""
    text = ("Au Mali, la ville de Léré est sous blocus. Aucun convoi n'a pu atteindre Léré, "
            "selon les autorités maliennes.")
    assert not [place for place in _places(text, "fr", gazetteer) if place[2] == "NG"]
    # Named once, the country may be an actor, and the town abroad is still taken.
    assert ("Lere", "Lere", "NG") in _places("Le siège a été levé à Lere, selon le Mali.", "fr",
                                             gazetteer)


def test_a_name_written_with_a_lower_case_article_is_found_whole(gazetteer: Gazetteer) -> None:
    text = "Children have died in al-Hol, a camp in north-eastern Syria."
    assert ("al-Hol", "Al Hawl", "SY") in _places(text, "en", gazetteer)
    # Where the gazetteer holds the name without its article, it is found so.
    assert ("Daraiya", "Darayya", "SY") in _places("Shells fell on al-Daraiya, Syria.", "en",
                                                   gazetteer)


def test_the_gaza_strip_and_its_french_name_are_gaza(gazetteer: Gazetteer) -> None:
    assert ("Gaza Strip", "Gaza", "PS") in _places("Aid entered the Gaza Strip.", "en", gazetteer)
    assert ("Gaza", "Gaza", "PS") in _places("L'aide est entrée dans la bande de Gaza.", "fr",
                                             gazetteer)


def test_a_name_that_starts_with_a_hyphenated_word_is_found(gazetteer: Gazetteer) -> None:
    text = "Shelling killed twelve people in Sar-e Pul, Afghanistan, on Monday."
    assert ("Sar-e Pul", "Sar-e Pul", "AF") in _places(text, "en", gazetteer)


@pytest.mark.parametrize(("text", "language"), [
    ("Des frappes ont visé Deir ez-Zor, dans l'est de la Syrie, mardi.", "fr"),
    ("Airstrikes hit Deir ez-Zor in eastern Syria on Tuesday.", "en"),
])
def test_an_arabic_name_joined_by_an_assimilated_article_is_found(
        text: str, language: str, gazetteer: Gazetteer) -> None:
    assert ("Deir ez-Zor", "Deir ez-Zor", "SY") in _places(text, language, gazetteer)

"""How the classifier reads: which statements make signals, where, and with which fields."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from schemas.dispatch import Dispatch
from schemas.signal import Signal
from services.classify.extract import classify
from services.classify.gazetteer import Gazetteer


def _read(gazetteer: Gazetteer, text: str, language: str,
          published: str = "2016-07-26") -> list[Signal]:
    dispatch = Dispatch(id="t", source="test", language=language,  # type: ignore[arg-type]
                        published=datetime.fromisoformat(published).replace(tzinfo=UTC),
                        precision="day", text=text)
    return classify(dispatch, gazetteer)


def _facts(signals: list[Signal]) -> set[tuple[str, str]]:
    return {(s.type, s.place.name) for s in signals}


# --- what is a signal ----------------------------------------------------------------------

@pytest.mark.parametrize(("text", "language"), [
    ("L'armée a brisé lundi le siège de Deir Ezzor, rejoignant la garnison encerclée.", "fr"),
    ("Rebels were driven out of Homs on Monday, ending a two-year siege of the old city.", "en"),
])
def test_a_sentence_that_ends_a_siege_reports_no_siege(gazetteer: Gazetteer, text: str,
                                                       language: str) -> None:
    assert {kind for kind, _ in _facts(_read(gazetteer, text, language))} == {"siege_lifted"}


@pytest.mark.parametrize(("text", "language"), [
    ("Les forces russes ont presque encerclé Bakhmout, selon l'armée ukrainienne.", "fr"),
    ("Russian forces have nearly encircled Bakhmut, Ukrainian officials said.", "en"),
    ("Aid agencies warned that El Fasher could come under siege within weeks.", "en"),
])
def test_a_siege_almost_made_or_feared_is_no_siege(gazetteer: Gazetteer, text: str,
                                                   language: str) -> None:
    assert _read(gazetteer, text, language) == []


@pytest.mark.parametrize(("text", "language"), [
    ("Le conflit au Yémen a fait plus de 150.000 morts selon l'ONU.", "fr"),
    ("La guerre a fait plus de 40.000 morts à Gaza depuis octobre 2023.", "fr"),
    ("The conflict in Yemen has killed more than 10,000 people since March 2015.", "en"),
])
def test_a_war_s_cumulative_toll_is_background(gazetteer: Gazetteer, text: str,
                                               language: str) -> None:
    assert _read(gazetteer, text, language) == []


@pytest.mark.parametrize(("text", "language"), [
    ("Les experts prévoient une famine à Baidoa d'ici la fin de l'année si l'aide manque.", "fr"),
    ("Aid agencies warned that famine is imminent in Gaza.", "en"),
    ("Ireland honoured the million who died in the Great Famine of 1845 in Roscommon.", "en"),
])
def test_a_feared_or_historical_famine_is_no_famine(gazetteer: Gazetteer, text: str,
                                                    language: str) -> None:
    assert _read(gazetteer, text, language) == []


def test_deaths_from_malnutrition_are_a_famine_toll(gazetteer: Gazetteer) -> None:
    text = "Au moins 31 personnes, dont dix enfants, sont mortes de malnutrition à Gaza."
    [famine] = _read(gazetteer, text, "fr")
    assert (famine.type, famine.place.name, famine.deaths) == ("famine", "Gaza", 31)


def test_a_denial_of_a_blockade_does_not_cancel_blocked_convoys(gazetteer: Gazetteer) -> None:
    text = "Aid to Gaza has been sporadic, with convoys repeatedly denied access."
    assert _facts(_read(gazetteer, text, "en")) == {("aid_blocked", "Gaza")}
    assert _read(gazetteer, "The government denies blocking aid to Madaya in Syria.", "en") == []


# --- fields --------------------------------------------------------------------------------

def test_people_counted_together_are_added_up(gazetteer: Gazetteer) -> None:
    text = "Deux journalistes et un policier ont été tués mardi à Port-au-Prince."
    [toll] = _read(gazetteer, text, "fr")
    assert (toll.killed, toll.on) == (3, date(2016, 7, 26))


def test_a_toll_of_one_is_read_from_an_article(gazetteer: Gazetteer) -> None:
    [toll] = _read(gazetteer, "A sniper killed a man in Taiz on Monday.", "en")
    assert (toll.killed, toll.on) == (1, date(2016, 7, 25))


def test_two_tolls_for_one_town_are_two_facts_and_a_repeated_one_is_one(
    gazetteer: Gazetteer,
) -> None:
    text = ("Au moins 12 civils ont été tués à Alep. Deux secouristes ont été tués à Alep. "
            "Les 12 civils ont été tués à Alep dans un bombardement, selon l'OSDH.")
    assert sorted(s.killed or 0 for s in _read(gazetteer, text, "fr")) == [2, 12]


def test_the_commodity_is_what_runs_out(gazetteer: Gazetteer) -> None:
    text = ("In Hodeidah, the fuel that runs the city's water pumps will be used up in two weeks. "
            "In Taiz, doctors have run out of insulin and antibiotics, and families ration bread.")
    stocks = {(s.place.name, s.commodity, s.exhaustion) for s in _read(gazetteer, text, "en")}
    assert stocks == {("Hodeidah", "fuel", date(2016, 8, 9)), ("Taiz", "medicine", None)}


def test_each_depletion_in_a_sentence_has_its_commodity_and_date(gazetteer: Gazetteer) -> None:
    text = ("À Madaya, les réserves de farine seront épuisées d'ici dix jours, les antibiotiques "
            "ne dureront pas au-delà de la mi-août.")
    stocks = {(s.commodity, s.exhaustion) for s in _read(gazetteer, text, "fr")}
    assert stocks == {("flour", date(2016, 8, 5)), ("medicine", date(2016, 8, 15))}


def test_listed_stocks_all_run_out(gazetteer: Gazetteer) -> None:
    text = "Dans la Vieille ville de Homs, les vivres et les médicaments sont épuisés."
    stocks = {(s.commodity, s.exhausted) for s in _read(gazetteer, text, "fr")}
    assert stocks == {("food", True), ("medicine", True)}


def test_a_deadline_weekday_lies_ahead(gazetteer: Gazetteer) -> None:
    text = "Food stocks in Baidoa's camps will last only until Friday, officials said."
    [stock] = _read(gazetteer, text, "en")  # published on Tuesday 26 July 2016
    assert stock.exhaustion == date(2016, 7, 29)


@pytest.mark.parametrize(("text", "language", "count"), [
    ("Le bombardement de quatre hôpitaux et d'une banque de sang à Alep a été condamné.", "fr", 5),
    ("The South Hospital in El Fasher, the only hospital still open, closed after fighters "
     "stormed it.", "en", 1),
    ("Two hospitals in Douma were knocked out of service by the shelling.", "en", 2),
])
def test_facilities_hit_are_counted_once_each(gazetteer: Gazetteer, text: str, language: str,
                                              count: int) -> None:
    [attack] = [s for s in _read(gazetteer, text, language) if s.type == "healthcare_attack"]
    assert attack.count == count


def test_a_siege_runs_from_the_day_it_was_ordered(gazetteer: Gazetteer) -> None:
    text = "The defence minister ordered a complete siege of the Gaza Strip on Monday."
    [siege] = _read(gazetteer, text, "en")
    assert (siege.place.name, siege.since) == ("Gaza", date(2016, 7, 25))


def test_a_date_set_beside_a_since_phrase_is_the_start(gazetteer: Gazetteer) -> None:
    text = "Aucune aide n'a pu entrer à Marioupol depuis le début de l'encerclement, le 2 mars."
    read = {s.type: s.since for s in _read(gazetteer, text, "fr", "2022-03-06")}
    assert read == {"aid_blocked": date(2022, 3, 2), "siege": date(2022, 3, 2)}


# --- places --------------------------------------------------------------------------------

def test_a_town_named_as_a_landmark_is_not_the_place(gazetteer: Gazetteer) -> None:
    text = "La ville de Madaya, au nord-ouest de Damas, est encerclée depuis le 5 juillet."
    assert _facts(_read(gazetteer, text, "fr")) == {("siege", "Madaya")}


@pytest.mark.parametrize(("text", "language", "place"), [
    ("Marioupol est tombée vendredi. Kiev estime qu'au moins 20.000 civils y ont été tués.", "fr",
     "Mariupol"),
    ("Mariupol fell on Friday. Kyiv says at least 20,000 civilians were killed there.", "en",
     "Mariupol"),
    ("Residents of Madaya said five people were killed by sniper fire on Monday.", "en", "Madaya"),
])
def test_a_capital_that_speaks_is_its_government_not_the_place(
        gazetteer: Gazetteer, text: str, language: str, place: str) -> None:
    assert _facts(_read(gazetteer, text, language)) == {("casualties", place)}


def test_where_aid_came_from_is_not_where_it_arrived(gazetteer: Gazetteer) -> None:
    text = ("The siege of Chernihiv was lifted last week. The first trucks of food from Kyiv "
            "arrived on Sunday.")
    assert ("aid_delivered", "Chernihiv") in _facts(_read(gazetteer, text, "en"))


def test_a_sentence_without_a_town_is_about_the_latest_signal_s_place(
    gazetteer: Gazetteer,
) -> None:
    text = ("No fuel ship has docked in Hodeidah since November 6, when a missile was fired at "
            "Riyadh. The fuel that runs the city's pumps will be used up in two weeks.")
    assert {place for _, place in _facts(_read(gazetteer, text, "en"))} == {"Hodeidah"}


def test_a_town_in_another_clause_does_not_take_the_fact(gazetteer: Gazetteer) -> None:
    text = ("Doctors in Madaya said five more people had died of hunger. Aid agencies have "
            "delivered food twice this month, but medics asked for evacuations to Damascus.")
    assert ("aid_delivered", "Madaya") in _facts(_read(gazetteer, text, "en"))


def test_a_region_is_a_place_of_its_own(gazetteer: Gazetteer) -> None:
    text = "More than 350,000 people in Ethiopia's Tigray region are living in famine conditions."
    [famine] = _read(gazetteer, text, "en")
    assert (famine.place.name, famine.place.country) == ("Tigray", "ET")


def test_the_gaza_strip_is_gaza(gazetteer: Gazetteer) -> None:
    text = "Twenty trucks of food entered the Gaza Strip on Saturday through Rafah crossing."
    assert ("aid_delivered", "Gaza") in _facts(_read(gazetteer, text, "en"))

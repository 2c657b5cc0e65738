"""Date phrases resolve against the publication date and its precision."""

from __future__ import annotations

from datetime import date

import pytest

from services.classify.dates import Reference, Role, find_dates, resolve

JULY_26 = Reference(date(2016, 7, 26), "day")  # a Tuesday
NOVEMBER = Reference(date(2021, 11, 1), "month")


def _resolved(text: str, language: str, reference: Reference, role: Role = "past") -> date | None:
    mentions = find_dates(text.lower(), language)
    assert len(mentions) == 1, mentions
    return resolve(mentions[0], reference, role)


@pytest.mark.parametrize(
    ("text", "language", "reference", "role", "expected"),
    [
        ("depuis le 17 juillet", "fr", NOVEMBER, "past", date(2021, 7, 17)),
        ("since March 2", "en", JULY_26, "past", date(2016, 3, 2)),
        ("since 2 March", "en", JULY_26, "past", date(2016, 3, 2)),
        ("risque de se tarir dès la mi-août", "fr", NOVEMBER, "nearest", date(2021, 8, 15)),
        ("by mid-August", "en", JULY_26, "nearest", date(2016, 8, 15)),
        ("lundi", "fr", JULY_26, "past", date(2016, 7, 25)),
        ("on Monday", "en", JULY_26, "past", date(2016, 7, 25)),
        ("mardi", "fr", JULY_26, "past", date(2016, 7, 26)),
        ("last week", "en", JULY_26, "past", date(2016, 7, 19)),
        ("la semaine dernière", "fr", JULY_26, "past", date(2016, 7, 19)),
        ("in two weeks", "en", JULY_26, "nearest", date(2016, 8, 9)),
        ("dans dix jours", "fr", JULY_26, "nearest", date(2016, 8, 5)),
        ("il y a trois jours", "fr", JULY_26, "past", date(2016, 7, 23)),
        ("le 1er août 2016", "fr", NOVEMBER, "past", date(2016, 8, 1)),
        ("hier", "fr", JULY_26, "past", date(2016, 7, 25)),
    ],
)
def test_date_phrases_resolve_against_publication(
    text: str, language: str, reference: Reference, role: Role, expected: date
) -> None:
    assert _resolved(text, language, reference, role) == expected


def test_a_weekday_against_a_month_precision_date_stays_unresolved() -> None:
    assert _resolved("Lundi", "fr", NOVEMBER) is None
    assert _resolved("last week", "en", NOVEMBER) is None


def test_a_day_month_takes_the_occurrence_nearest_to_publication() -> None:
    january = Reference(date(2016, 1, 10), "day")
    assert _resolved("by 20 December", "en", january, "nearest") == date(2015, 12, 20)
    assert _resolved("since 20 December", "en", january, "past") == date(2015, 12, 20)


def test_since_never_looks_into_the_future() -> None:
    march = Reference(date(2016, 3, 1), "day")
    assert _resolved("since 20 March", "en", march, "past") == date(2015, 3, 20)


def test_a_deadline_weekday_looks_ahead_and_a_past_one_back() -> None:
    assert _resolved("until Friday", "en", JULY_26, "future") == date(2016, 7, 29)
    assert _resolved("on Friday", "en", JULY_26, "past") == date(2016, 7, 22)
    assert _resolved("until Tuesday", "en", JULY_26, "future") == date(2016, 7, 26)


def test_a_number_inside_a_compound_is_not_a_date_of_its_own() -> None:
    mentions = find_dates("il y a vingt-cinq jours", "fr")
    assert [(m.kind, m.offset_days) for m in mentions] == [("offset", -25)]


def test_searching_only_around_date_words_finds_what_a_full_search_finds() -> None:
    text = ("le convoi est entré lundi, trois semaines après le 2 mars; les vivres dureront "
            "jusqu'à la mi-avril, selon l'onu, il y a deux jours.")
    words = [text.index(word) for word in ("lundi", "semaines", "mars", "avril", "jours")]
    assert find_dates(text, "fr", words) == find_dates(text, "fr")

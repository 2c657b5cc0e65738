"""Numbers in both languages' forms."""

from __future__ import annotations

import pytest

from services.classify.numbers import find_numbers, parse_number


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        ("200.000", "fr", 200_000),
        ("plus de 200.000", "fr", 200_000),
        ("200 000", "fr", 200_000),
        ("1,5 million", "fr", 1_500_000),
        ("quatre", "fr", 4),
        ("vingt-cinq", "fr", 25),
        ("quarante mille", "fr", 40_000),
        ("twelve", "en", 12),
        ("more than 275,000", "en", 275_000),
        ("1.5 million", "en", 1_500_000),
        ("a dozen", "en", 12),
        ("forty-two", "en", 42),
    ],
)
def test_number_forms(text: str, language: str, value: int) -> None:
    assert parse_number(text, language) == value


def test_numbers_are_found_with_their_offsets() -> None:
    text = "12 civils tués et plus de 200.000 habitants, quatre hôpitaux"
    found = [(text[start:end], value) for start, end, value in find_numbers(text, "fr")]
    assert found == [("12", 12), ("plus de 200.000", 200_000), ("quatre", 4)]


def test_articles_are_not_numbers_on_their_own() -> None:
    assert find_numbers("une banque de sang et un hôpital", "fr") == []

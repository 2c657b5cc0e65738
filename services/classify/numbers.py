"""Numbers as dispatches write them: "200.000", "1,5 million", "quatre", "more than 275,000"."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from types import ModuleType

from text_to_num import text2num

from services.classify.languages import TABLES
from services.classify.tries import trie

# Article forms of "one" are only numbers in some contexts (facility counts), never here.
NOT_ALONE = {"un", "une", "a", "an"}


@cache
def number_pattern(language: str) -> str:
    """The regex fragment `{NUM}` of a language: digits, number words, an optional scale."""
    table = TABLES[language]
    words = [word for word in table.NUMBER_WORDS if word not in NOT_ALONE]
    word = rf"(?:{trie(words)})"
    joiner = r"(?:[\s-]+|\s+et\s+|\s+and\s+)"
    spelled = rf"\b{word}(?:{joiner}{word}|{joiner}(?:un|une)\b)*\b"
    seps = re.escape(table.THOUSANDS_SEPARATORS)
    decimal = re.escape(table.DECIMAL_MARK)
    digits = rf"\b\d{{1,3}}(?:[{seps}]\d{{3}})+(?:{decimal}\d+)?\b|\b\d+(?:{decimal}\d+)?\b"
    scale = rf"(?:\s+(?:{trie(tuple(table.SCALES))})\b)?"
    approx = rf"(?:(?:{trie(table.APPROXIMATORS)})\s+)?"
    return rf"{approx}(?:{digits}|{spelled}){scale}"


@cache
def _number_regex(language: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?=\w)" + number_pattern(language))


@lru_cache(maxsize=4096)
def parse_number(text: str, language: str) -> int | None:
    """The value of a number expression matched by `number_pattern`, or None if vague.
    (Cached: the same few figures recur in every dispatch about one crisis.)"""
    table = TABLES[language]
    value = text.strip().lower()
    for approximator in _approximators(language):
        if value.startswith(approximator + " "):
            value = value[len(approximator) :].strip()
            break
    scale = 1
    for name, factor in table.SCALES.items():
        if value.endswith(" " + name):
            value, scale = value[: -len(name)].strip(), factor
            break
    number = _digits(value, table) if value[:1].isdigit() else _spelled(value, language)
    return None if number is None else round(number * scale)


@cache
def _approximators(language: str) -> tuple[str, ...]:
    """The language's approximators, longest first ("more than" before "more")."""
    return tuple(sorted(TABLES[language].APPROXIMATORS, key=len, reverse=True))


def _digits(value: str, table: ModuleType) -> float | None:
    for separator in table.THOUSANDS_SEPARATORS:
        value = value.replace(separator, "")
    value = value.replace(table.DECIMAL_MARK, ".")
    try:
        return float(value)
    except ValueError:
        return None


def _spelled(value: str, language: str) -> float | None:
    if value == "a dozen":
        return 12
    try:
        return float(text2num(value, language))
    except ValueError:
        return None


def find_numbers(text: str, language: str) -> list[tuple[int, int, int | None]]:
    """Every number expression in `text` as (start, end, value)."""
    return [
        (match.start(), match.end(), parse_number(match.group(0), language))
        for match in _number_regex(language).finditer(text)
    ]

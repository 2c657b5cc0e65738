"""The texts a regular expression's matches can open with, so that it is tried only there.

Scanning a sentence with a pattern of many branches makes the regex engine try every branch
at every character. Most trigger patterns open with one of a few words ("aucune aide",
"convoi", "a fait"): put in a look-ahead for those words, they let the engine skip ahead to
where the pattern can start instead of trying every branch everywhere. A pattern that may
open with anything (a `\\w+`, a digit class) has no openings and is scanned as before.
"""

from __future__ import annotations

from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any

# Longer openings find hardly fewer places, and multiply the cases to look for.
MAX_LENGTH = 4
MAX_OPENINGS = 48
# A character class of more characters than this is no use as an opening (digits excepted:
# numbers are rare enough in text).
MAX_CLASS = 6
_DIGITS = "0123456789"


def openings(pattern: str) -> frozenset[str] | None:
    """The texts one of which every match of `pattern` starts with, or None if a match may
    start with any character. None of the texts starts with another one ("a" covers "ava")."""
    found = _openings(list(_parser.parse(pattern)), MAX_LENGTH)
    if "" in found or len(found) > MAX_OPENINGS:
        return None
    return frozenset(text for text in found
                     if not any(other != text and text.startswith(other) for other in found))


Items = list[tuple[Any, Any]]


def _openings(items: Items, room: int) -> set[str]:
    """Texts, up to `room` long, one of which starts every match of the sequence `items`;
    "" among them means a match may start with anything."""
    if room == 0 or not items:
        return {""}
    op, value = items[0]
    rest = items[1:]
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):  # \b, look-aheads: no character taken
        return _openings(rest, room)
    if op is sre.LITERAL:
        return _then({chr(value)}, rest, room)
    if op is sre.IN:
        chars = _class(value)
        return {""} if chars is None else _then(chars, rest, room)
    if op is sre.SUBPATTERN:
        return _openings(list(value[-1]) + rest, room)
    if op is sre.BRANCH:
        return set().union(*(_openings(list(branch) + rest, room) for branch in value[1]))
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
        low, _high, item = value
        # Only the first repeat is sure to come first: what follows it may be another one.
        first = _openings(list(item), room)
        return first if low > 0 else first | _openings(rest, room)
    return {""}


def _then(chars: set[str], rest: Items, room: int) -> set[str]:
    tails = _openings(rest, room - 1)
    return {char + tail for char in chars for tail in tails}


def _class(value: list[tuple[Any, Any]]) -> set[str] | None:
    """The characters of a class of plain characters ("[éè]") or of digits ("\\d"), or None
    for any other class."""
    if value == [(sre.CATEGORY, sre.CATEGORY_DIGIT)]:
        return set(_DIGITS)
    if any(op is not sre.LITERAL for op, _ in value) or len(value) > MAX_CLASS:
        return None
    return {chr(code) for _, code in value}



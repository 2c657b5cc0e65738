"""Sentences with their offsets, so every signal can point at the words it came from."""

from __future__ import annotations

import re
from typing import NamedTuple

# A sentence ends at . ! ? (or a closing quote after one) followed by a capital, a quote or a
# dash; abbreviations such as "M." and "Dr." do not end one. Blank lines always do. Each
# pattern opens with its one literal character, which the regex engine looks for at machine
# speed: a class of several characters or a look-behind would make it try every position.
_FOLLOWS = r"[\"»”)]?\s+(?=[\"«“(\-–—]?\s?[A-ZÀ-ÖØ-Þ0-9])"
_ENDS = tuple((mark, re.compile(re.escape(mark) + _FOLLOWS)) for mark in ".!?")
_BLANK_LINE = re.compile(r"\n\s*\n")
_ABBREVIATIONS = frozenset(("M.", "Mr.", "Dr.", "St.", "Mme.", "Mrs.", "Ms.", "Gen.", "Col.",
                            # months as news agencies abbreviate them ("since Aug. 2")
                            "Jan.", "Feb.", "Aug.", "Sept.", "Sep.", "Oct.", "Nov.", "Dec."))
# The longest abbreviation, its stop included: a stop after that many letters ends a sentence.
_REACH = max(len(abbreviation) for abbreviation in _ABBREVIATIONS)
_CLOSING = frozenset('"»”)')


class Sentence(NamedTuple):
    """A sentence and its offsets (a tuple: a dispatch has dozens, built on every read)."""

    start: int
    end: int
    text: str


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of `text`, stripped, each with its character offsets in `text`."""
    boundaries = [m.span() for mark, pattern in _ENDS if mark in text
                  for m in pattern.finditer(text)]
    boundaries += [m.span() for m in _BLANK_LINE.finditer(text)]
    boundaries.sort()
    sentences: list[Sentence] = []
    position = 0
    for at, after in boundaries:
        if at < position:
            continue  # a blank line right after a full stop: one boundary
        stop = at
        if text[at] != "\n":
            # "M." and "Dr." end no sentence: only a short word before the stop can be one
            if text[at] == "." and (at < _REACH or not text[at - _REACH : at].isalpha()) and (
                    _abbreviation(text, at)):
                continue
            stop = at + 2 if text[at + 1] in _CLOSING else at + 1  # keep a closing quote
        _append(sentences, text, position, stop)
        position = after
    _append(sentences, text, position, len(text))
    return sentences


def _abbreviation(text: str, at: int) -> bool:
    words_before = text[max(0, at - _REACH) : at + 1].split()
    return bool(words_before) and words_before[-1] in _ABBREVIATIONS


def _append(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    if chunk[:1].isspace() or chunk[-1:].isspace():
        stripped = chunk.strip()
        if not stripped:
            return
        start += len(chunk) - len(chunk.lstrip())
        chunk = stripped
    elif not chunk:
        return
    # tuple.__new__ skips the named tuple's Python-level constructor: same object, faster
    sentences.append(tuple.__new__(Sentence, (start, start + len(chunk), chunk)))

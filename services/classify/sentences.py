"""Sentences with their offsets, so every signal can point at the words it came from."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A sentence ends at . ! ? (or a closing quote after one) followed by a capital, a quote or a
# dash; abbreviations such as "M." and "Dr." do not end one. Blank lines always do.
_END = re.compile(r"(?<=[.!?])[\"»”)]?\s+(?=[\"«“(\-–—]?\s?[A-ZÀ-ÖØ-Þ0-9])|\n\s*\n")
_ABBREVIATIONS = frozenset(("M.", "Mr.", "Dr.", "St.", "Mme.", "Mrs.", "Ms.", "Gen.", "Col."))


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of `text`, stripped, each with its character offsets in `text`."""
    sentences: list[Sentence] = []
    position = 0
    for boundary in _END.finditer(text):
        words_before = text[max(0, boundary.start() - 6) : boundary.start()].split()
        if words_before and words_before[-1] in _ABBREVIATIONS:
            continue
        _append(sentences, text, position, boundary.start() + _quote(text, boundary.start()))
        position = boundary.end()
    _append(sentences, text, position, len(text))
    return sentences


def _quote(text: str, at: int) -> int:
    """Keep a closing quote with the sentence it closes."""
    return 1 if text[at : at + 1] in ('"', "»", "”", ")") else 0


def _append(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        offset = start + chunk.index(stripped)
        sentences.append(Sentence(offset, offset + len(stripped), stripped))

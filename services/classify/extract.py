"""The classifier: a dispatch in, the signals it states out. Pure: no I/O, no clock.

For each sentence that holds a trigger of a signal type (and none of that type's negations),
the type's fields are read from the same sentence, and the place is the nearest place named
around the trigger, or else the place the text was last talking about.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from types import ModuleType
from typing import Any, get_args

from schemas.dispatch import Dispatch
from schemas.envelope import event_id
from schemas.place import Place
from schemas.signal import Commodity, Evidence, Signal, SignalType
from services.classify.dates import DateMention, Reference, Role, find_dates, resolve
from services.classify.languages import TABLES
from services.classify.numbers import _alternation, find_numbers, number_pattern, parse_number
from services.classify.places import (
    Gazetteer,
    Mention,
    country_context,
    find_mentions,
    unlinked_place,
)
from services.classify.sentences import Sentence, split_sentences

SIGNAL_TYPES: tuple[str, ...] = get_args(SignalType)
# How many sentences back a signal without a place of its own may look for one.
FOCUS_REACH = 4


@dataclass(frozen=True)
class Rules:
    """One language's compiled patterns for one signal type."""

    triggers: tuple[re.Pattern[str], ...]
    # Patterns that start with a number are only tried where a number starts: far faster.
    number_led: tuple[re.Pattern[str], ...]
    negations: re.Pattern[str] | None

    def search(self, text: str, numbers: list[int]) -> re.Match[str] | None:
        """The earliest trigger in lower-cased `text`, given where its numbers start."""
        found = [m for pattern in self.triggers if (m := pattern.search(text))]
        found += [m for p in self.number_led for at in numbers if (m := p.match(text, at))]
        return min(found, key=lambda m: m.start()) if found else None


@dataclass(frozen=True)
class Grammar:
    """All of one language's compiled patterns."""

    table: ModuleType
    cues: re.Pattern[str]
    cued_types: dict[str, frozenset[str]]
    types: dict[str, Rules]
    population: re.Pattern[str]
    injured: re.Pattern[str]
    casualties_more: re.Pattern[str]
    famine_deaths: tuple[re.Pattern[str], ...]
    facilities: re.Pattern[str]
    commodities: re.Pattern[str]
    exhausted: re.Pattern[str]
    vague: re.Pattern[str]
    count_before: re.Pattern[str]
    unlinked: re.Pattern[str]
    landmarks: tuple[str, ...]


def _fill(fragment: str, language: str) -> str:
    table = TABLES[language]
    vague = _alternation(table.VAGUE_QUANTITIES)
    return fragment.replace("{NUM}", number_pattern(language)).replace("{VAGUE}", vague)


def _union(fragments: tuple[str, ...], language: str) -> re.Pattern[str]:
    """One pattern for many fragments; their named groups are dropped (they would clash)."""
    plain = (re.sub(r"\(\?P<\w+>", "(?:", _fill(f, language)) for f in fragments)
    return re.compile("|".join(f"(?:{p})" for p in plain))


def _each(fragments: tuple[str, ...], language: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(_fill(f, language)) for f in fragments)


def _number_led(fragment: str) -> bool:
    return re.match(r"\(\?P<\w+>\{NUM\}\)", fragment) is not None


@cache
def grammar(language: str) -> Grammar:
    """Compile a language's tables once."""
    table = TABLES[language]
    types = {}
    for kind in SIGNAL_TYPES:
        name = kind.upper()
        negations = getattr(table, f"{name}_NOT", ())
        fragments = getattr(table, name)
        types[kind] = Rules(
            _each(tuple(f for f in fragments if not _number_led(f)), language),
            _each(tuple(f for f in fragments if _number_led(f)), language),
            _union(negations, language) if negations else None,
        )
    stems = {stem.lower() for stems in table.CUES.values() for stem in stems}
    return Grammar(
        table=table,
        cues=re.compile(r"\b(?:" + _alternation(tuple(stems)) + ")"),
        # A stem stands for its own types and those of every shorter stem it starts with.
        cued_types={
            stem: frozenset(kind for kind, kind_stems in table.CUES.items()
                            for other in kind_stems if stem.startswith(other.lower()))
            for stem in stems
        },
        types=types,
        population=_each((table.POPULATION,), language)[0],
        injured=_each((table.INJURED,), language)[0],
        casualties_more=_each((table.CASUALTIES_MORE,), language)[0],
        famine_deaths=_each(table.FAMINE_DEATHS, language),
        facilities=_union(table.FACILITIES, language),
        commodities=re.compile(rf"\b(?:{_alternation(tuple(table.COMMODITIES))})\b"),
        exhausted=_union(table.EXHAUSTED, language),
        vague=re.compile(rf"\b(?:{_alternation(table.VAGUE_QUANTITIES)})\b"),
        landmarks=tuple(w.rstrip("'") for w in table.LANDMARKS),
        count_before=re.compile(rf"({number_pattern(language)})\s+$"),
        unlinked=re.compile(
            r"\b(?:" + "|".join(re.escape(w) for w in table.LOCATIVES if w.isalpha())
            + r")\s+([A-ZÀ-Ý][\w'-]+(?:\s+[A-ZÀ-Ý][\w'-]+)?)"
        ),
    )


@dataclass
class Reading:
    """One dispatch being read. Places, dates and numbers are looked up once, where needed."""

    dispatch: Dispatch
    grammar: Grammar
    gazetteer: Gazetteer
    sentences: list[Sentence]
    reference: Reference
    lowered: str
    _mentions: dict[int, list[Mention]] = field(default_factory=dict)
    _dates: dict[int, list[DateMention]] = field(default_factory=dict)
    _numbers: dict[int, list[int]] = field(default_factory=dict)
    _context: Counter[str] | None = None

    @property
    def language(self) -> str:
        return self.dispatch.language

    def low(self, index: int) -> str:
        """Sentence `index` in lower case; offsets are those of the original sentence."""
        sentence = self.sentences[index]
        return self.lowered[sentence.start : sentence.end]

    def context(self) -> Counter[str]:
        """The countries the dispatch names, computed on first need."""
        if self._context is None:
            self._context = country_context(self.dispatch.text, self.language)
        return self._context

    def mentions_in(self, index: int) -> list[Mention]:
        """Places named in sentence `index`."""
        if index not in self._mentions:
            sentence = self.sentences[index]
            self._mentions[index] = find_mentions(
                self.dispatch.text, self.language, self.gazetteer,
                sentence.start, sentence.end, self.context,
            )
        return self._mentions[index]

    def dates_in(self, index: int) -> list[DateMention]:
        if index not in self._dates:
            self._dates[index] = find_dates(self.low(index), self.language)
        return self._dates[index]

    def numbers_in(self, index: int) -> list[int]:
        """Where numbers start in sentence `index`."""
        if index not in self._numbers:
            self._numbers[index] = [start for start, _, _ in find_numbers(self.low(index), self.language)]
        return self._numbers[index]

    def sentence_at(self, position: int) -> int:
        starts = [sentence.start for sentence in self.sentences]
        return max(0, bisect_right(starts, position) - 1)


def classify(dispatch: Dispatch, gazetteer: Gazetteer) -> list[Signal]:
    """Every signal the dispatch states, one per fact (repeats within a dispatch are merged)."""
    if dispatch.language not in TABLES:
        return []
    rules = grammar(dispatch.language)
    lowered = _lower(dispatch.text)
    hits = [(kind, m.start()) for m in rules.cues.finditer(lowered)
            for kind in rules.cued_types[m.group(0)]]
    if not hits:
        return []
    reading = Reading(
        dispatch=dispatch,
        grammar=rules,
        gazetteer=gazetteer,
        sentences=split_sentences(dispatch.text),
        reference=Reference(dispatch.published_day, dispatch.precision),
        lowered=lowered,
    )
    todo = sorted({(reading.sentence_at(at), kind) for kind, at in hits},
                  key=lambda item: (item[0], SIGNAL_TYPES.index(item[1])))
    found: list[Signal] = []
    for index, kind in todo:
        found.extend(_read_type(reading, index, kind))
    return _merge(found)


def _lower(text: str) -> str:
    """Lower case that keeps every offset (a few letters grow when lower-cased; not those)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)


def _read_type(reading: Reading, index: int, kind: str) -> Iterator[Signal]:
    text = reading.low(index)
    rules = reading.grammar.types[kind]
    if rules.negations is not None and rules.negations.search(text):
        return
    match = rules.search(text, reading.numbers_in(index))
    if match is None:
        return
    sentence = reading.sentences[index]
    for fields, (start, end) in READERS[kind](reading, index, match):
        trigger = (sentence.start + start, sentence.start + end)
        place = fields.pop("place", None) or _place_for(reading, index, trigger)
        if place is not None:
            yield _signal(reading, kind, sentence, trigger, place, fields)


Fields = dict[str, Any]
# A reader yields the fields of each signal and the trigger's span in the sentence.
Found = Iterator[tuple[Fields, tuple[int, int]]]


def _preceded_by(text: str, mention: DateMention, words: tuple[str, ...]) -> bool:
    before = text[max(0, mention.start - 24) : mention.start].rstrip()
    for article in (" le", " la", " l'", " the"):
        if before.endswith(article):
            before = before[: -len(article)]
            break
    return before.endswith(words)


def _since(reading: Reading, index: int, at: int) -> date | None:
    """The date after "since" that belongs to the trigger at `at`: the first one after it,
    else the last one before it ("since July 5 ... aid since July 12" gives each its own)."""
    text = reading.low(index)
    since_words = reading.grammar.table.SINCE_WORDS
    mentions = [m for m in reading.dates_in(index) if _preceded_by(text, m, since_words)]
    after = [m for m in mentions if m.start >= at]
    chosen = after[0] if after else (mentions[-1] if mentions else None)
    return resolve(chosen, reading.reference, "past") if chosen else None


def _nearest_date(reading: Reading, index: int, at: int, role: Role) -> date | None:
    text = reading.low(index)
    since_words = reading.grammar.table.SINCE_WORDS
    mentions = [m for m in reading.dates_in(index) if not _preceded_by(text, m, since_words)]
    if not mentions:
        return None
    closest = min(mentions, key=lambda m: abs(m.start - at))
    return resolve(closest, reading.reference, role)


def _deadline(reading: Reading, index: int) -> date | None:
    text = reading.low(index)
    words = reading.grammar.table.DEADLINE_WORDS
    for mention in reading.dates_in(index):
        forward = mention.kind == "offset" and (mention.offset_days or 0) > 0
        if forward or _preceded_by(text, mention, words):
            return resolve(mention, reading.reference, "nearest")
    return None


def _number(reading: Reading, text: str | None) -> int | None:
    return None if text is None else parse_number(text, reading.language)


def _read_siege(reading: Reading, index: int, match: re.Match[str]) -> Found:
    population = reading.grammar.population.search(reading.low(index))
    yield {
        "since": _since(reading, index, match.start()),
        "population": _number(reading, population.group("population")) if population else None,
    }, match.span()


def _read_since(reading: Reading, index: int, match: re.Match[str]) -> Found:
    yield {"since": _since(reading, index, match.start())}, match.span()


def _read_on(reading: Reading, index: int, match: re.Match[str]) -> Found:
    yield {"on": _nearest_date(reading, index, match.start(), "past")}, match.span()


def _read_stock(reading: Reading, index: int, match: re.Match[str]) -> Found:
    text = reading.low(index)
    commodities: dict[str, Commodity] = reading.grammar.table.COMMODITIES
    exhausted = reading.grammar.exhausted.search(text) is not None
    exhaustion = None if exhausted else _deadline(reading, index)
    seen: set[str] = set()
    for word in reading.grammar.commodities.finditer(text):
        commodity = commodities[word.group(0)]
        if commodity not in seen:
            seen.add(commodity)
            yield {"commodity": commodity, "exhausted": exhausted,
                   "exhaustion": exhaustion}, match.span()


def _read_casualties(reading: Reading, index: int, match: re.Match[str]) -> Found:
    text = reading.low(index)
    groups = {key: value for key, value in match.groupdict().items() if value}
    killed = _number(reading, groups.get("killed"))
    injured = _number(reading, groups.get("injured"))
    extra = reading.grammar.injured.search(text, match.start() + 1)
    if injured is None and extra is not None:
        injured = _number(reading, extra.group("injured"))
    on = _nearest_date(reading, index, match.start(), "past")
    yield {"killed": killed, "injured": injured, "on": on}, match.span()
    more = reading.grammar.casualties_more.search(text, match.end())
    if more is not None:
        place = _mention_at(reading, index, reading.sentences[index].start + more.end())
        if place is not None:
            yield {"killed": _number(reading, more.group("killed")), "injured": None, "on": on,
                   "place": place}, more.span()


def _mention_at(reading: Reading, index: int, position: int) -> Place | None:
    for mention in reading.mentions_in(index):
        if 0 <= mention.start - position <= 3:
            return mention.place
    return None


def _read_healthcare(reading: Reading, index: int, match: re.Match[str]) -> Found:
    yield {
        "count": _facility_count(reading, reading.low(index)[match.start() :]),
        "on": _nearest_date(reading, index, match.start(), "past"),
    }, match.span()


def _facility_count(reading: Reading, text: str) -> int | None:
    """Facilities named after the trigger, summed: "quatre hôpitaux et une banque de sang" is 5."""
    total = 0
    table = reading.grammar.table
    articles = tuple(a if a.endswith("'") else f"{a} " for a in table.ARTICLES_ONE)
    for facility in reading.grammar.facilities.finditer(text):
        before = text[max(0, facility.start() - 30) : facility.start()]
        number = reading.grammar.count_before.search(before)
        if number is not None:
            value = parse_number(number.group(1), reading.language)
            if value is None:
                return None
            total += value
        elif before.endswith(articles) or not facility.group(0).endswith(("s", "x")):
            total += 1
        else:
            return None  # "hospitals were hit": how many is not said
    return total or None


def _read_displacement(reading: Reading, index: int, match: re.Match[str]) -> Found:
    yield {"people": _number(reading, match.groupdict().get("people"))}, match.span()


def _read_famine(reading: Reading, index: int, match: re.Match[str]) -> Found:
    text = reading.low(index)
    deaths = None
    for pattern in reading.grammar.famine_deaths:
        if found := pattern.search(text):
            deaths = _number(reading, found.group("deaths"))
            break
    yield {"deaths": deaths}, match.span()


READERS: dict[str, Callable[[Reading, int, re.Match[str]], Found]] = {
    "siege": _read_siege,
    "siege_lifted": _read_on,
    "aid_blocked": _read_since,
    "aid_delivered": _read_on,
    "stock_depletion": _read_stock,
    "casualties": _read_casualties,
    "healthcare_attack": _read_healthcare,
    "displacement": _read_displacement,
    "famine": _read_famine,
}


def _place_for(reading: Reading, index: int, trigger: tuple[int, int]) -> Place | None:
    """The nearest town named in the sentence, else the last one named before it, else a country."""
    inside = reading.mentions_in(index)
    towns = [m for m in inside if not m.country_only]
    subjects = [m for m in towns if not _landmark(reading, m)] or towns
    if subjects:
        return min(subjects, key=lambda m: _distance(m, trigger)).place
    for earlier in range(index - 1, max(-1, index - 1 - FOCUS_REACH), -1):
        before = [m for m in reading.mentions_in(earlier) if not m.country_only]
        if before:
            return before[-1].place
    countries = [m for m in inside if m.country_only]
    if countries:
        return min(countries, key=lambda m: _distance(m, trigger)).place
    return _unlinked_near(reading, index)


def _landmark(reading: Reading, mention: Mention) -> bool:
    """Is the place named as a landmark for another ("north-west of Damascus")?"""
    before = reading.lowered[max(0, mention.start - 24) : mention.start].rstrip(" '’")
    return before.endswith(reading.grammar.landmarks)


def _distance(mention: Mention, trigger: tuple[int, int]) -> int:
    if mention.start >= trigger[1]:
        return mention.start - trigger[1]
    return (trigger[0] - mention.end) + 1


def _unlinked_near(reading: Reading, index: int) -> Place | None:
    """A capitalised name after "à"/"in" that the gazetteer does not know, kept as written."""
    found = reading.grammar.unlinked.search(reading.sentences[index].text)
    if found is None or found.group(1).lower() in reading.grammar.table.NOT_PLACES:
        return None
    countries = set(reading.context())
    return unlinked_place(found.group(1), countries.pop() if len(countries) == 1 else None)


def _signal(
    reading: Reading, kind: str, sentence: Sentence, trigger: tuple[int, int], place: Place,
    fields: Fields,
) -> Signal:
    dispatch = reading.dispatch
    return Signal(
        id="s-" + event_id(dispatch.id, kind, place.id, fields.get("commodity"), trigger[0]),
        type=kind,  # type: ignore[arg-type]
        dispatch_id=dispatch.id,
        source=dispatch.source,
        reported_on=dispatch.published_day,
        place=place,
        evidence=Evidence(sentence=sentence.text, start=sentence.start, end=sentence.end,
                          trigger_start=trigger[0], trigger_end=trigger[1]),
        **fields,
    )


def _merge(signals: list[Signal]) -> list[Signal]:
    """One signal per fact: the first statement, completed by what later ones add."""
    merged: dict[tuple[Any, ...], Signal] = {}
    for signal in signals:
        key = (signal.type, signal.place.id, signal.commodity,
               signal.on if signal.type in ("casualties", "healthcare_attack") else None)
        if key not in merged:
            merged[key] = signal
            continue
        merged[key] = _completed(merged[key], signal)
    return list(merged.values())


_VALUES = ("since", "on", "exhaustion", "population", "killed", "injured", "count", "people",
           "deaths")


def _completed(first: Signal, later: Signal) -> Signal:
    missing = {f: getattr(later, f) for f in _VALUES
               if getattr(first, f) is None and getattr(later, f) is not None}
    if not missing:
        return first
    # The statement that carries the date is the better evidence for a dated fact.
    base = later if ("since" in missing or "exhaustion" in missing) else first
    other = first if base is later else later
    fill = {f: getattr(other, f) for f in _VALUES
            if getattr(base, f) is None and getattr(other, f) is not None}
    return base.model_copy(update=fill)

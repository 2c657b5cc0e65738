"""The classifier: a dispatch in, the signals it states out. Pure: no I/O, no clock.

One scan of the dispatch finds the cue words of every signal type (and the countries it
names, its numbers and its date words); only the sentences that hold a type's cue are read
for that type. There, a trigger of the type (and none of its negations) makes a signal; its
fields are read from the same sentence, and its place is the town named nearest the trigger
in its clause, or else the place the text was last talking about. Statements of one fact are
merged into one signal.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from itertools import pairwise
from typing import Any

from schemas.dispatch import Dispatch
from schemas.envelope import event_id
from schemas.place import Place
from schemas.signal import Commodity, Signal
from services.classify.dates import DateMention, Reference, Role, find_dates, resolve
from services.classify.gazetteer import Gazetteer
from services.classify.grammar import SIGNAL_TYPES, Found, Grammar, Rules, grammar, number_within
from services.classify.languages import TABLES
from services.classify.numbers import parse_number
from services.classify.places import Mention, find_mentions, unlinked_place
from services.classify.sentences import Sentence, split_sentences

# A trigger of the second type in a sentence cancels the first there: "the siege of X was
# lifted on Tuesday" reports the end of a siege, not a siege.
EXCLUDED_BY = {"siege": "siege_lifted"}
# Types whose every trigger in a sentence is a fact of its own ("flour will run out in ten
# days, antibiotics by mid-September"); for the others the first trigger speaks for it.
EVERY_TRIGGER = frozenset({"stock_depletion"})
# Facts that happen on a day: two of them about one place are one fact only if they agree.
EVENTS = frozenset({"casualties", "healthcare_attack"})
_ORDER = {kind: index for index, kind in enumerate(SIGNAL_TYPES)}
_ARTICLES = (" l", " la", " le", " les", " the")  # before a landmark ("near the hospital")
_DATE_ARTICLES = (" le", " la", " l'", " the")  # before a date ("since the 17th")
# What a name that opens its sentence or clause follows.
_CLAUSE_OPENERS = (".", ",", ";", ":", "!", "?", "\n", '"', "«", "»")


@dataclass(slots=True)
class Reading:
    """One dispatch being read. Places, dates, numbers and triggers are found once, if needed."""

    dispatch: Dispatch
    grammar: Grammar
    gazetteer: Gazetteer
    lowered: str
    # " " + lowered: what patterns search (see grammar.Rules)
    spaced: str
    sentences: list[Sentence]
    countries: Counter[str]
    # Where numbers start in the dispatch, and where a date may be, in order (found by the
    # same scan as the cues).
    numbers: list[int]
    date_hints: list[int]
    reference: Reference
    _mentions: dict[int, list[Mention]] = field(default_factory=dict)
    _dates: dict[int, list[DateMention]] = field(default_factory=dict)
    _triggers: dict[tuple[int, str], list[Found]] = field(default_factory=dict)
    _found: dict[tuple[int, int, int], Found | None] = field(default_factory=dict)
    _aside: dict[tuple[int, bool], bool] = field(default_factory=dict)
    # (sentence, type) for each type a sentence holds a cue of: the others have no trigger.
    cued: set[tuple[int, str]] = field(default_factory=set)
    _breaks: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    # The sentence and place of the latest signal: what the text is talking about.
    recent: tuple[int, Place] | None = None

    @property
    def language(self) -> str:
        return self.dispatch.language

    def low(self, index: int) -> str:
        """Sentence `index` in lower case; offsets are those of the original sentence."""
        sentence = self.sentences[index]
        return self.lowered[sentence.start : sentence.end]

    def mentions_in(self, index: int) -> list[Mention]:
        """Places named in sentence `index`."""
        if index not in self._mentions:
            sentence = self.sentences[index]
            self._mentions[index] = find_mentions(
                self.dispatch.text, self.language, self.gazetteer,
                sentence.start, sentence.end, lambda: self.countries,
            )
        return self._mentions[index]

    def clause(self, index: int, start: int, end: int, low: int = 0,
               high: int | None = None) -> tuple[int, int]:
        """The clause of sentence `index` around [start, end), within [low, high), in the
        sentence's offsets: a stock or a town named in another clause is another matter."""
        sentence = self.sentences[index]
        if index not in self._breaks:
            self._breaks[index] = _occurrences(self.lowered, self.grammar.clause_breaks,
                                               sentence.start, sentence.end)
        high = sentence.end - sentence.start if high is None else high
        for begin, finish in self._breaks[index]:
            if finish <= start and finish > low:
                low = finish
            elif begin >= end and begin < high:
                high = begin
        return low, high

    def dates_in(self, index: int) -> list[DateMention]:
        """Date phrases of sentence `index`, looked for only around its date words."""
        if index not in self._dates:
            sentence = self.sentences[index]
            first = bisect_left(self.date_hints, sentence.start)
            last = bisect_left(self.date_hints, sentence.end, first)
            near = [at - sentence.start for at in self.date_hints[first:last]]
            self._dates[index] = find_dates(self.low(index), self.language, near) if near else []
        return self._dates[index]

    def find(self, rules: Rules, index: int, position: int = 0) -> Found | None:
        """The first match of `rules` in sentence `index` from `position`, in the sentence's
        offsets (looked for once: several statements of one siege ask for the population of
        the same sentences)."""
        key = (id(rules), index, position)
        if key in self._found:
            return self._found[key]
        start, end, _ = self.sentences[index]
        found = self._found[key] = rules.search(self.spaced, self.numbers, start + position,
                                                end, start)
        return found

    def triggers(self, index: int, kind: str) -> list[Found]:
        """The triggers of `kind` in sentence `index` (none if a negation is there)."""
        key = (index, kind)
        found = self._triggers.get(key)
        if found is not None:
            return found
        start, end, _ = self.sentences[index]
        rules = self.grammar.types[kind]
        if kind in EVERY_TRIGGER:
            found = rules.find_all(self.spaced, self.numbers, start, end, start)
        else:
            match = rules.search(self.spaced, self.numbers, start, end, start)
            found = [] if match is None else [match]
        # Negations are looked for only where a trigger is: most cued sentences have none.
        if found and self.grammar.negations[kind].occurs(self.spaced, start, end):
            found = []
        self._triggers[key] = found
        return found

    def states(self, index: int, kind: str) -> bool:
        """Does sentence `index` state a fact of `kind` (a cue there, and a trigger)?"""
        return (index, kind) in self.cued and bool(self.triggers(index, kind))


def _occurrences(text: str, phrases: tuple[str, ...], start: int, end: int) -> list[tuple[int, int]]:
    """Where each of `phrases` occurs in text[start:end], in offsets from `start` (literal
    phrases: `str.find` runs at machine speed where a regex alternation tries every position)."""
    found = []
    for phrase in phrases:
        at = text.find(phrase, start, end)
        while at >= 0:
            found.append((at - start, at - start + len(phrase)))
            at = text.find(phrase, at + len(phrase), end)
    return found


def classify(dispatch: Dispatch, gazetteer: Gazetteer) -> list[Signal]:
    """Every signal the dispatch states, one per fact (repeats within a dispatch are merged)."""
    if dispatch.language not in TABLES:
        return []
    rules = grammar(dispatch.language)
    lowered = _lower(dispatch.text)
    spaced = " " + lowered
    cues, countries, numbers, date_hints = _scan(rules, spaced)
    if not cues:
        return []
    reading = Reading(
        dispatch=dispatch,
        grammar=rules,
        gazetteer=gazetteer,
        lowered=lowered,
        spaced=spaced,
        sentences=split_sentences(dispatch.text),
        countries=countries,
        numbers=numbers,
        date_hints=date_hints,
        reference=Reference(dispatch.published_day, dispatch.precision),
    )
    todo = _to_read(reading.sentences, cues)
    reading.cued = {(index, kind) for index, _, kind in todo}
    drafts: list[Draft] = []
    for index, _, kind in todo:
        drafts.extend(_read_type(reading, index, kind))
    return [_signal(reading, draft) for draft in _merge(drafts)]


def warm_up(gazetteer: Gazetteer) -> None:
    """Read each language's made-up `SAMPLE` dispatch, so that what is built on first use
    (the compiled tables, the gazetteer's index of name heads: about a second in all) is
    built now, when a long-running worker starts, rather than during its first dispatches."""
    for language, table in TABLES.items():
        classify(Dispatch(id=f"warm-up-{language}", source="tocsin", language=language,
                          published=datetime(2020, 1, 1, tzinfo=UTC), precision="day",
                          text=table.SAMPLE), gazetteer)


def _to_read(sentences: list[Sentence],
             cues: list[tuple[int, frozenset[str]]]) -> list[tuple[int, int, str]]:
    """(sentence, order, type) for each sentence and type it cues, in reading order: sentence
    by sentence, and in a sentence the types in SIGNAL_TYPES order."""
    starts = [sentence.start for sentence in sentences]
    return sorted({(bisect_right(starts, at) - 1, _ORDER[kind], kind)
                   for at, kinds in cues for kind in kinds})


# Characters the patterns see as their plain equivalents: one kind of apostrophe, of quote,
# of dash and of space. Each is one character for one, so that every offset is kept.
_PLAIN = (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("–", "-"), ("—", "-"),
          ("\u202f", " "), ("…", "."))


# Each capital of Latin-1 (A-Z, À-Ö, Ø-Þ) to its small letter, as a table of bytes.
_LATIN1_LOWER = bytes.maketrans(
    bytes([*range(0x41, 0x5B), *range(0xC0, 0xD7), *range(0xD8, 0xDF)]),
    bytes([*range(0x61, 0x7B), *range(0xE0, 0xF7), *range(0xF8, 0xFF)]))


def _lower(text: str) -> str:
    """Lower case with plain punctuation, keeping every offset."""
    try:
        return _lower_latin1(text)
    except UnicodeEncodeError:
        text = _plain(text)
    try:
        return _lower_latin1(text)
    except UnicodeEncodeError:
        pass
    lowered = text.lower()
    if len(lowered) != len(text):  # a few letters grow when lower-cased; keep those as they are
        lowered = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    return lowered


def _lower_latin1(text: str) -> str:
    """`text.lower()` for Latin-1 text, UnicodeEncodeError for any other: a table over its
    bytes, at a fraction of the cost of `str.lower()`, which looks every character up in
    Unicode. Most French and English is Latin-1 once its curly quotes and dashes are plain."""
    return text.encode("latin-1").translate(_LATIN1_LOWER).decode("latin-1")


def _plain(text: str) -> str:
    """Curly quotes, long dashes and the like as their plain equivalents (see `_PLAIN`)."""
    for fancy, plain in _PLAIN:
        if fancy in text:
            text = text.replace(fancy, plain)
    return text


Scanned = tuple[list[tuple[int, frozenset[str]]], Counter[str], list[int], list[int]]


def _scan(rules: Grammar, spaced: str) -> Scanned:
    """The cue words of each type, the countries named, where numbers start and where dates
    may be, in one pass over the dispatch (see `grammar.scanner`)."""
    cues: list[tuple[int, frozenset[str]]] = []
    countries: Counter[str] = Counter()
    numbers: list[int] = []
    date_hints: list[int] = []
    stands_for = rules.scan_patterns
    for pattern, at, end in rules.scan.find_matches_as_indexes(spaced):
        # `at` is the separator's offset in `spaced`, hence the word's in `lowered`
        found = stands_for[pattern]
        if found is None:  # a digit
            numbers.append(at)
            continue
        kinds, date_hint, country, number = found
        if kinds:
            cues.append((at, kinds))
        if date_hint:
            date_hints.append(at)
        if (country or number) and not spaced[end : end + 1].isalnum():
            if country:
                countries[country] += 1
            if number:
                numbers.append(at)
    return cues, countries, numbers, date_hints


Fields = dict[str, Any]
# A reader yields the fields of each signal and the trigger's span in the sentence.
Read = Iterator[tuple[Fields, tuple[int, int]]]


@dataclass(slots=True)
class Draft:
    """A signal being read: merged with the other statements of the same fact before the
    schema's Signal is built (once per fact, not once per statement)."""

    kind: str
    index: int
    trigger: tuple[int, int]
    place: Place
    fields: Fields


def _read_type(reading: Reading, index: int, kind: str) -> Iterator[Draft]:
    matches = reading.triggers(index, kind)
    if not matches:
        return
    excluder = EXCLUDED_BY.get(kind)
    if excluder is not None and reading.states(index, excluder):
        return
    sentence = reading.sentences[index]
    for fields, (start, end) in READERS[kind](reading, index, matches):
        trigger = (sentence.start + start, sentence.start + end)
        place = fields.pop("place", None) or _place_for(reading, index, trigger, kind)
        if place is not None:
            reading.recent = (index, place)
            yield Draft(kind, index, trigger, place, fields)


# --- dates -------------------------------------------------------------------------------

def _preceded_by(text: str, mention: DateMention, words: tuple[str, ...]) -> bool:
    """Is the date introduced by one of `words` ("since the 17th", "dès la mi-août")?"""
    before = text[max(0, mention.start - 24) : mention.start].rstrip()
    return _without_article(before, _DATE_ARTICLES).endswith(words)


def _without_article(before: str, articles: tuple[str, ...]) -> str:
    """`before` without the article it ends with, if it ends with one of `articles`."""
    if not before.endswith(articles):  # the usual case, told in one call
        return before
    for article in articles:
        if before.endswith(article):
            return before[: -len(article)]
    return before


def _since(reading: Reading, index: int, at: int) -> date | None:
    """The date a siege or a blockade runs from, for the trigger at `at`.

    The first date after "since" that follows the trigger, else the last one before it
    ("since July 5 ... aid since July 12" gives each its own); failing that, the date of a
    start verb ("ordered a complete siege on Monday").
    """
    text = reading.low(index)
    since_words = reading.grammar.table.SINCE_WORDS
    apposition = reading.grammar.since_apposition
    mentions = [m for m in reading.dates_in(index) if m.kind != "duration" and (
        _preceded_by(text, m, since_words) or apposition.search(text, max(0, m.start - 80), m.start))]
    after = [m for m in mentions if m.start >= at]
    chosen = after[0] if after else (mentions[-1] if mentions else None)
    if chosen is not None:
        return resolve(chosen, reading.reference, "past")
    if reading.grammar.start_words.occurs(text):
        return _nearest_date(reading, index, at, "past")
    return None


def _nearest_date(reading: Reading, index: int, at: int, role: Role) -> date | None:
    """The date nearest the trigger at `at` that says when (not since when, nor when it was
    said: "16 morts, a annoncé dimanche" is about Saturday's strike)."""
    text = reading.low(index)
    table = reading.grammar.table
    mentions = [m for m in reading.dates_in(index) if m.kind != "duration"
                and not _preceded_by(text, m, table.SINCE_WORDS)]
    told = [m for m in mentions if not _preceded_by(text, m, table.REPORTING_WORDS)]
    mentions = told or mentions
    if not mentions:
        return None
    closest = min(mentions, key=lambda m: abs(m.start - at))
    return resolve(closest, reading.reference, role)


# Date phrases that count ahead from publication: "in two weeks", "for ten more days".
_AHEAD = ("offset", "duration")


def _deadline(reading: Reading, index: int, at: int, low: int, high: int) -> date | None:
    """The date a stock runs out, within [low, high): one said ahead ("in two weeks") or
    after a deadline word ("by mid-August"), preferring those after the trigger at `at`."""
    text = reading.low(index)
    words = reading.grammar.table.DEADLINE_WORDS
    inside = [m for m in reading.dates_in(index) if low <= m.start < high]
    for mention in sorted(inside, key=lambda m: (m.start < at, m.start)):
        forward = mention.kind in _AHEAD and (mention.offset_days or 0) > 0
        if forward or _preceded_by(text, mention, words):
            return resolve(mention, reading.reference, "future")
    return None


# --- numbers -----------------------------------------------------------------------------

def _number(reading: Reading, text: str | None) -> int | None:
    if text is None:
        return None
    if text.strip() in reading.grammar.one_words:
        return 1
    return parse_number(text, reading.language)


def _count(reading: Reading, values: dict[str, str], name: str) -> int | None:
    """A field's number, with its `_plus` part added ("deux journalistes et un policier")."""
    main = _number(reading, values.get(name))
    plus = _number(reading, values.get(f"{name}_plus"))
    return main + plus if main is not None and plus is not None else main


# --- readers -----------------------------------------------------------------------------

def _read_siege(reading: Reading, index: int, matches: list[Found]) -> Read:
    match = matches[0]
    yield {
        "since": _since(reading, index, match.start),
        "population": _population(reading, index),
    }, match.span


def _population(reading: Reading, index: int) -> int | None:
    """The people besieged, as the sentence says, or the next one ("200,000 are trapped")."""
    for near in (index, index + 1):
        if near < len(reading.sentences):
            found = reading.find(reading.grammar.population, near)
            if found is not None:
                return _number(reading, found.values.get("population"))
    return None


def _read_since(reading: Reading, index: int, matches: list[Found]) -> Read:
    yield {"since": _since(reading, index, matches[0].start)}, matches[0].span


def _read_on(reading: Reading, index: int, matches: list[Found]) -> Read:
    yield {"on": _nearest_date(reading, index, matches[0].start, "past")}, matches[0].span


def _read_stock(reading: Reading, index: int, matches: list[Found]) -> Read:
    """One signal per commodity per trigger, each read in its own part of the sentence."""
    text = reading.low(index)
    offset = reading.sentences[index].start
    for number, match in enumerate(matches):
        low = matches[number - 1].end if number else 0
        high = matches[number + 1].start if number + 1 < len(matches) else len(text)
        low, high = reading.clause(index, match.start, match.end, low, high)
        exhausted = reading.grammar.exhausted.occurs(reading.spaced, offset + low, offset + high)
        exhaustion = None if exhausted else _deadline(reading, index, match.start, low, high)
        for commodity in _commodities(reading, text, match, low, high):
            yield {"commodity": commodity, "exhausted": exhausted,
                   "exhaustion": exhaustion}, match.span


def _commodities(reading: Reading, text: str, match: Found, low: int,
                 high: int) -> list[Commodity]:
    """What runs out: named in the trigger ("faute de carburant"), as its object ("run out of
    fuel") or as its subject ("food stocks will run out"), with those listed alongside it."""
    found = reading.grammar.commodities
    inside = list(found.finditer(text, match.start, match.end))
    before = list(found.finditer(text, low, match.start))
    after = list(found.finditer(text, match.end, high))
    object_first = _object_follows(reading, text, match)
    for candidates in (inside, *((after, before) if object_first else (before, after))):
        if candidates:
            return _listed(reading, text, candidates)
    return []


def _object_follows(reading: Reading, text: str, match: Found) -> bool:
    """Does the commodity come after the trigger ("run out of fuel", "n'ont plus de farine")?"""
    words = reading.grammar.table.OBJECT_WORDS
    said = match.text.split()
    if said and said[-1] in words:
        return True
    following = text[match.end :].lstrip()
    for word in words:
        if word.endswith("'"):  # "à court d'eau", but not "d'ici dix jours"
            if following.startswith(word) and reading.grammar.commodities.match(
                    following, len(word)):
                return True
        elif following.startswith(word + " "):
            return True
    return False


def _listed(reading: Reading, text: str,
            candidates: list[re.Match[str]]) -> list[Commodity]:
    """The first commodity and those joined to it ("les vivres et les médicaments")."""
    table: dict[str, Commodity] = reading.grammar.table.COMMODITIES
    joiners = reading.grammar.table.LIST_WORDS
    chosen: list[Commodity] = [table[candidates[0].group(0)]]
    for previous, current in pairwise(candidates):
        gap = text[previous.end() : current.start()].replace(",", " ").split()
        if not all(word in joiners for word in gap):
            break
        if table[current.group(0)] not in chosen:
            chosen.append(table[current.group(0)])
    return chosen


def _read_casualties(reading: Reading, index: int, matches: list[Found]) -> Read:
    match = matches[0]
    values = match.values
    killed = _count(reading, values, "killed")
    injured = _count(reading, values, "injured")
    if injured is None:
        injured = _injured_after(reading, index, match.start + 1)
    on = _nearest_date(reading, index, match.start, "past")
    yield {"killed": killed, "injured": injured, "on": on}, match.span
    more = reading.find(reading.grammar.casualties_more, index, match.end)
    if more is not None:
        place = _mention_at(reading, index, reading.sentences[index].start + more.end)
        if place is not None:
            yield {"killed": _number(reading, more.values.get("killed")), "injured": None,
                   "on": on, "place": place}, more.span


def _injured_after(reading: Reading, index: int, position: int) -> int | None:
    """The injured of a toll: later in its sentence, or in the next one if that one goes on
    about it ("16 morts ... Au moins 43 personnes ont été blessées": no toll or town of its
    own)."""
    extra = reading.find(reading.grammar.injured, index, position)
    if extra is None and index + 1 < len(reading.sentences):
        extra = reading.find(reading.grammar.injured, index + 1)
        if extra is not None and (reading.states(index + 1, "casualties")
                                  or any(m.kind == "town" for m in reading.mentions_in(index + 1))):
            extra = None
    return None if extra is None else _number(reading, extra.values.get("injured"))


def _mention_at(reading: Reading, index: int, position: int) -> Place | None:
    for mention in reading.mentions_in(index):
        if 0 <= mention.start - position <= 3:
            return mention.place
    return None


def _read_healthcare(reading: Reading, index: int, matches: list[Found]) -> Read:
    match = matches[0]
    yield {
        "count": _facility_count(reading, index, match.start),
        "on": _nearest_date(reading, index, match.start, "past"),
    }, match.span


# How far before a facility its count is looked for ("quatre-vingt-dix hôpitaux").
_COUNT_REACH = 30


def _facility_count(reading: Reading, index: int, at: int) -> int | None:
    """The facilities hit, from the first one named at the trigger and those listed with it:
    "quatre hôpitaux et une banque de sang" is 5, "the hospital ... the only hospital" is 1."""
    text = reading.low(index)
    grammar_ = reading.grammar
    table = grammar_.table
    articles = tuple(a if a.endswith("'") else f"{a} " for a in table.ARTICLES_ONE)
    total = 0
    previous: int | None = None
    offset = reading.sentences[index].start
    for facility in grammar_.facilities.finditer(text, at):
        reach = max(0, facility.start() - _COUNT_REACH)
        before = text[reach : facility.start()]
        # A count is a number: where the scan saw none start, none is looked for.
        number = grammar_.count_before.search(before) if number_within(
            reading.numbers, offset + reach, offset + facility.start()) else None
        lead = facility.start() - (len(number.group(0)) if number else 0)
        if previous is not None:
            gap = text[previous:lead].replace(",", " ").split()
            if not all(word in grammar_.facility_joiners for word in gap):
                break
        if number is not None:
            value = parse_number(number.group(1), reading.language)
            if value is None:
                return None
            total += value
        elif before.endswith(articles) or not facility.group(0).endswith(("s", "x")):
            total += 1
        else:
            return None  # "hospitals were hit": how many is not said
        previous = facility.end()
    return total or None


def _read_displacement(reading: Reading, index: int, matches: list[Found]) -> Read:
    yield {"people": _number(reading, matches[0].values.get("people"))}, matches[0].span


def _read_famine(reading: Reading, index: int, matches: list[Found]) -> Read:
    deaths = None
    for rules in reading.grammar.famine_deaths:
        if (found := reading.find(rules, index)) is not None:
            deaths = _number(reading, found.values.get("deaths"))
            break
    yield {"deaths": deaths}, matches[0].span


Reader = Callable[[Reading, int, list[Found]], Read]
READERS: dict[str, Reader] = {
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


# --- places ------------------------------------------------------------------------------

def _place_for(reading: Reading, index: int, trigger: tuple[int, int], kind: str) -> Place | None:
    """Where a fact happened.

    The nearest town named in the trigger's clause, unless named as a landmark or an origin;
    else a region the sentence names; else what the text was last talking about (the place of
    the latest signal, or the last town an earlier sentence names, whichever is more recent);
    else another town of the sentence; else a country it names; else a name the gazetteer
    does not know.
    """
    inside = reading.mentions_in(index)
    towns = [m for m in inside if m.kind == "town"]
    central = [m for m in towns if not _peripheral(reading, m, kind)]
    if central:
        offset = reading.sentences[index].start
        low, high = reading.clause(index, trigger[0] - offset, trigger[1] - offset)
        in_clause = [m for m in central if low <= m.start - offset < high]
        if in_clause:
            return min(in_clause, key=lambda m: _distance(m, trigger)).place
    regions = [m for m in inside if m.kind == "region" and not _peripheral(reading, m, kind)]
    if regions:
        return min(regions, key=lambda m: _distance(m, trigger)).place
    recent = _recent_place(reading, index, kind)
    if recent is not None:
        return recent
    for candidates in (central, towns, [m for m in inside if m.kind == "country"]):
        if candidates:
            return min(candidates, key=lambda m: _distance(m, trigger)).place
    return _unlinked_near(reading, index)


def _recent_place(reading: Reading, index: int, kind: str) -> Place | None:
    """The place of the latest signal, or the last town named in an earlier sentence if that
    sentence is more recent (in one sentence, the place a signal was about wins). A town
    named inside a quotation does not change the subject ("Nos camions attendent à Ibb"),
    nor, once a signal has a place, does a town the whole dispatch names only once ("a train
    from Lviv"): a long story names many towns in passing."""
    signal_index = reading.recent[0] if reading.recent is not None else -1
    for earlier in range(index - 1, signal_index, -1):
        named = [m for m in reading.mentions_in(earlier) if m.kind == "town"
                 and not _peripheral(reading, m, kind) and not _quoted(reading, earlier, m)
                 and (reading.recent is None or reading.dispatch.text.count(m.as_written) > 1)]
        if named:
            return named[-1].place
    return reading.recent[1] if reading.recent is not None else None


def _quoted(reading: Reading, index: int, mention: Mention) -> bool:
    """Is the mention inside quotation marks (an odd number of straight quotes, or more
    opening than closing guillemets, before it in its sentence)?"""
    before = reading.lowered[reading.sentences[index].start : mention.start]
    return before.count('"') % 2 == 1 or before.count("«") > before.count("»")


def _peripheral(reading: Reading, mention: Mention, kind: str) -> bool:
    """Is the town named as a landmark for another ("north-west of Damascus", "Idlib
    province") or as where aid or shells came from ("trucks from Kyiv")?"""
    key = (mention.start, kind == "displacement")
    if key not in reading._aside:
        reading._aside[key] = _named_aside(reading, mention, kind)
    return reading._aside[key]


def _named_aside(reading: Reading, mention: Mention, kind: str) -> bool:
    before = reading.lowered[max(0, mention.start - 24) : mention.start].rstrip(" '")
    if (bare := _without_article(before, _ARTICLES)) != before:
        before = bare.rstrip()
    grammar_ = reading.grammar
    if before.endswith(grammar_.landmarks):
        return True
    if mention.kind == "town" and reading.lowered.startswith(grammar_.landmarks_after,
                                                             mention.end):
        return True  # but "the Tigray region" is the region itself
    if reading.lowered.startswith(grammar_.speaking_after, mention.end) and (
            not before or before.endswith(_CLAUSE_OPENERS)):
        return True  # "Kiev estime que...": the government, not the town
    return kind != "displacement" and before.endswith(grammar_.origins)


def _distance(mention: Mention, trigger: tuple[int, int]) -> int:
    """Characters between a mention and the trigger; 0 inside it (the first one then wins)."""
    if mention.start >= trigger[1]:
        return mention.start - trigger[1]
    if mention.end <= trigger[0]:
        return (trigger[0] - mention.end) + 1
    return 0


def _unlinked_near(reading: Reading, index: int) -> Place | None:
    """A capitalised name after "à"/"in" that the gazetteer does not know, kept as written."""
    found = reading.grammar.unlinked.search(reading.sentences[index].text)
    if found is None or found.group(1).lower() in reading.grammar.table.NOT_PLACES:
        return None
    countries = set(reading.countries)
    return unlinked_place(found.group(1), countries.pop() if len(countries) == 1 else None)


# --- signals ---------------------------------------------------------------------------

def _signal(reading: Reading, draft: Draft) -> Signal:
    dispatch = reading.dispatch
    sentence = reading.sentences[draft.index]
    place = draft.place
    return Signal(
        id="s-" + event_id(dispatch.id, draft.kind, place.id, draft.fields.get("commodity"),
                           draft.trigger[0]),
        type=draft.kind,  # type: ignore[arg-type]
        dispatch_id=dispatch.id,
        source=dispatch.source,
        reported_on=dispatch.published_day,
        place=place,
        # validated with the Signal, in one call into pydantic
        evidence={"sentence": sentence.text, "start": sentence.start, "end": sentence.end,
                  "trigger_start": draft.trigger[0], "trigger_end": draft.trigger[1]},  # type: ignore[arg-type]
        **draft.fields,
    )


_VALUE_NAMES = frozenset({"since", "on", "exhaustion", "population", "killed", "injured", "count",
                          "people", "deaths"})
_EVENT_VALUES = ("on", "killed", "injured", "count")


def _merge(drafts: list[Draft]) -> list[Draft]:
    """One signal per fact: the first statement, completed by what later ones add."""
    merged: list[Draft] = []
    # Statements of one fact share type, place and commodity: compare only those.
    alike: dict[tuple[str, str, Any], list[int]] = {}
    for draft in drafts:
        key = (draft.kind, draft.place.id, draft.fields.get("commodity"))
        numbers = alike.setdefault(key, [])
        for number in numbers:
            if _same_fact(merged[number], draft):
                merged[number] = _completed(merged[number], draft)
                break
        else:
            numbers.append(len(merged))
            merged.append(draft)
    return merged


def _same_fact(first: Draft, later: Draft) -> bool:
    """Two statements of one type, place and commodity state one fact, unless they are dated
    events with a date or a number that differ (two tolls for one town in one dispatch are
    two facts, a repeated toll is one)."""
    if first.kind in EVENTS:
        one, other = first.fields, later.fields
        for name in _EVENT_VALUES:
            value, then = one.get(name), other.get(name)
            if value is not None and then is not None and value != then:
                return False
    return True


def _gaps(have: Fields, other: Fields) -> Fields:
    """The values `other` states that `have` lacks."""
    return {name: value for name, value in other.items()
            if value is not None and name in _VALUE_NAMES and have.get(name) is None}


def _completed(first: Draft, later: Draft) -> Draft:
    missing = _gaps(first.fields, later.fields)
    if not missing:
        return first
    # The statement that carries the date is the better evidence for a dated fact.
    base, extra = (later, first) if ("since" in missing or "exhaustion" in missing) else (
        first, later)
    fill = missing if base is first else _gaps(base.fields, extra.fields)
    return Draft(base.kind, base.index, base.trigger, base.place, {**base.fields, **fill})

"""The shortcuts the classifier takes for speed lose nothing, checked on every corpus sentence.

The classifier reads a sentence for a type only if the dispatch scan found one of the type's
cues in it; tries a pattern only where one of its openings occurs; and finds sentences and
dates by searching for their marks. Each check below compares a shortcut with the plain way
over the sentences of the seed, the examples and both corpora.
"""

from __future__ import annotations

import json
import re
from functools import cache

import pytest

from services.classify.extract import _lower, _occurrences, _scan
from services.classify.grammar import _SEPARATOR, SIGNAL_TYPES, Rules, _placeholders, filled, grammar
from services.classify.languages import TABLES
from services.classify.openings import openings
from services.classify.sentences import split_sentences
from services.classify.tries import trie
from tests.conftest import EXAMPLES, ROOT, SEED

LANGUAGES = tuple(TABLES)


@cache
def _sentences(language: str) -> tuple[str, ...]:
    """Lower-cased sentences of every text of `language` at hand."""
    texts = []
    for path in (*EXAMPLES.glob("*.jsonl"),
                 *(ROOT / "tests" / "corpus" / f"{name}.jsonl"
                   for name in ("dev", "heldout", "longdev", "longform"))):
        records = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
        texts += [record["text"] for record in records if record["language"] == language]
    if language == "fr" and SEED.exists():
        texts.append(SEED.read_text("utf-8"))
    return tuple(_lower(s.text) for text in texts for s in split_sentences(text))


def _filled(language: str, name: str) -> list[str]:
    """The patterns of one table of a language (`SIEGE`, `SIEGE_NOT`...), placeholders filled."""
    table = TABLES[language]
    fill = _placeholders(table, language)
    return [filled(fragment, fill) for fragment in getattr(table, name, ())]


def _fragments(language: str) -> list[tuple[str, str]]:
    """(what, filled pattern) of every trigger, negation and field pattern of a language."""
    names = [name for kind in SIGNAL_TYPES for name in (kind.upper(), f"{kind.upper()}_NOT")]
    names += ["POPULATION", "INJURED", "FAMINE_DEATHS"]
    return [(name, pattern) for name in names for pattern in _filled(language, name)]


def _unnamed(pattern: str) -> str:
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


def _brute_matches(pattern: str, text: str) -> list[re.Match[str]]:
    """Matches at every word start, the plain and slow way."""
    compiled = re.compile(rf"\b(?:{pattern})")
    return [m for at in range(len(text)) if (m := compiled.match(text, at))]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_pattern_match_opens_with_one_of_its_openings(language: str) -> None:
    for name, pattern in _fragments(language):
        opening = openings(rf"\b(?:{pattern})")
        if opening is None:
            continue
        for text in _sentences(language):
            for match in _brute_matches(pattern, text):
                assert match.group(0).startswith(tuple(opening)), (name, pattern, match.group(0))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_rules_find_the_earliest_match_of_their_patterns(language: str) -> None:
    """Rules.search (openings, number starts, separators) agrees with a plain search."""
    rules = grammar(language)
    for kind in SIGNAL_TYPES:
        plain = re.compile("|".join(rf"\b(?:{_unnamed(pattern)})"
                                    for pattern in _filled(language, kind.upper())))
        for text in _sentences(language):
            spaced = " " + text
            _, _, numbers, _ = _scan(rules, spaced)
            found = rules.types[kind].search(spaced, numbers)
            expected = plain.search(text)
            assert (found is None) == (expected is None), (kind, text)
            if found is not None and expected is not None:
                # A number-led pattern is matched at the number, after its "au moins".
                skipped = text[expected.start() : found.start].strip()
                assert skipped in ("", *TABLES[language].APPROXIMATORS), (kind, text, skipped)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_trigger_holds_a_cue_of_its_type(language: str) -> None:
    """A sentence without a cue of a type is never read for it: no trigger may lack one."""
    rules = grammar(language)
    for kind in SIGNAL_TYPES:
        for fragment in _filled(language, kind.upper()):
            for text in _sentences(language):
                for match in _brute_matches(fragment, text):
                    cues, _, _, _ = _scan(rules, " " + match.group(0))
                    assert any(kind in kinds for _, kinds in cues), (kind, fragment,
                                                                     match.group(0))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_scan_finds_every_cue_a_word_boundary_search_finds(language: str) -> None:
    rules = grammar(language)
    stems = sorted({s.lower() for stems in TABLES[language].CUES.values() for s in stems},
                   key=len, reverse=True)
    plain = re.compile(r"\b(?:" + "|".join(re.escape(s) for s in stems) + ")")
    for text in _sentences(language):
        cued = {at for at, _ in _scan(rules, " " + text)[0]}
        assert {m.start() for m in plain.finditer(text)} <= cued, text


def test_openings_are_the_literal_words_a_pattern_starts_with() -> None:
    assert openings(r"assi[éè]g\w*") == {"assi"}
    assert openings(r"\b(?:a|ont|avait)\s+fait") == {"a", "ont"}
    assert openings(r"(?:le\s+)?siège") == {"le", "sièg"}
    assert openings(r"\d+\s+years") == set("0123456789")


def test_a_pattern_that_may_open_with_any_word_has_no_openings() -> None:
    assert openings(r"(?:\w+\s+){0,3}tués") is None
    assert openings(r"[^.]{0,60}levé") is None


def test_a_repeated_group_opens_with_its_first_repeat_only() -> None:
    assert openings(r"(?:ab)+c") == {"ab"}


def test_rules_search_a_stretch_of_the_text_in_the_text_s_offsets() -> None:
    rules: Rules = grammar("fr").types["siege"]
    text = "rien ici. la ville est assiégée depuis mars."
    found = rules.search(" " + text, [], 10)
    assert found is not None and text[found.start : found.end] == found.text == "assiégée"
    assert rules.search(" " + text, [], 0, 9) is None


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_negation_opens_with_a_number(language: str) -> None:
    """Negations are checked with Rules.occurs, which does not try number-led patterns."""
    assert not [kind for kind, rules in grammar(language).negations.items() if rules.number_led]


def test_lowering_latin1_text_by_its_bytes_is_what_str_lower_gives() -> None:
    latin1 = "".join(chr(code) for code in range(256)) + " Écoles À Alep, ÇA ÿ ß µ"
    assert _lower(latin1) == latin1.lower()
    assert _lower("L’ARMÉE – À ALEP…") == "l'armée - à alep."  # Latin-1 once plain
    assert _lower("L’ONU « À ALEP » – ŒUVRE…") == "l'onu « à alep » - œuvre."  # not Latin-1


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_trie_matches_what_a_longest_first_alternation_matches(language: str) -> None:
    table = TABLES[language]
    for words in (tuple(table.COMMODITIES), tuple(table.MONTHS), table.NUMBER_WORDS,
                  table.APPROXIMATORS, table.VAGUE_QUANTITIES, table.START_WORDS):
        longest_first = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        plain = re.compile(rf"\b(?:{longest_first})\b")
        factored = re.compile(rf"\b(?:{trie(words)})\b")
        for text in _sentences(language):
            assert ([m.span() for m in factored.finditer(text)]
                    == [m.span() for m in plain.finditer(text)]), (words, text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_dispatch_scan_finds_what_a_regex_of_its_words_finds(language: str) -> None:
    """The automaton finds what `[separators](?:longest word|number)` does, left to right:
    each word where it starts and ends, and where each number starts, in any script's digits."""
    rules = grammar(language)
    plain = re.compile(rf"{_SEPARATOR}(?:({trie(rules.scan_words)})|\d+(?:[.,]\d+)*)")
    odd_digits = "le 12 mars, ١٢ morts, (٣) blessés - 𝟓 jours"
    for text in (*_sentences(language), odd_digits):
        spaced = " " + text
        found = [(at, None if rules.scan_patterns[pattern] is None else end)
                 for pattern, at, end in rules.scan.find_matches_as_indexes(spaced)]
        expected = [(m.start(), m.end() if m.group(1) else None) for m in plain.finditer(spaced)]
        assert found == expected, text


@pytest.mark.parametrize("language", LANGUAGES)
def test_clause_breaks_found_by_str_find_are_those_a_regex_finds(language: str) -> None:
    breaks = grammar(language).clause_breaks
    pattern = re.compile("|".join(re.escape(b) for b in breaks))
    for text in _sentences(language):
        assert (sorted(_occurrences(text, breaks, 0, len(text)))
                == [m.span() for m in pattern.finditer(text)]), text

"""Sentences are cut where a reader cuts them, and keep their offsets in the dispatch."""

from __future__ import annotations

from services.classify.sentences import split_sentences


def _texts(text: str) -> list[str]:
    sentences = split_sentences(text)
    assert all(text[s.start : s.end] == s.text for s in sentences)
    return [s.text for s in sentences]


def test_a_sentence_ends_at_a_stop_before_a_capital() -> None:
    assert _texts("Alep est assiégée. Les vivres manquent! Pourquoi? Personne ne sait.") == [
        "Alep est assiégée.", "Les vivres manquent!", "Pourquoi?", "Personne ne sait."]


def test_abbreviations_and_figures_do_not_end_a_sentence() -> None:
    assert _texts("M. Assad a parlé. Il y a 200.000 habitants. Dr. Ali aussi.") == [
        "M. Assad a parlé.", "Il y a 200.000 habitants.", "Dr. Ali aussi."]


def test_a_month_abbreviated_as_news_agencies_do_ends_no_sentence() -> None:
    assert _texts("No fuel has entered Tigray since Aug. 2, the U.N. said. Talks resume.") == [
        "No fuel has entered Tigray since Aug. 2, the U.N. said.", "Talks resume."]


def test_a_closing_quote_stays_with_its_sentence() -> None:
    assert _texts('"Tout est fermé." Le ministre a parlé.') == [
        '"Tout est fermé."', "Le ministre a parlé."]


def test_a_blank_line_always_ends_a_sentence() -> None:
    assert _texts("- Attentat à Damas -\n\nA Damas, un attentat.\n\n  ") == [
        "- Attentat à Damas -", "A Damas, un attentat."]

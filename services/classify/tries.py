"""Alternations of literal words, factored by their common prefixes.

Every word list the patterns use (their openings, months, number words, commodities...) becomes a
trie: the regex engine tries an alternation's branches one by one at each position, so "mars|mai"
reads "m" twice where "m(?:ars|ai)" reads it once. The trie prefers the longest word where
several match at one place, as a longest-first alternation does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Letters by how often French and English words start with them (find() is -1 for others).
_FREQUENT = "dlpstcaemorfinbvwhgqujéyk"


def trie(words: Iterable[str]) -> str:
    """An alternation of `words` factored by their common prefixes.

    The regex engine tries an alternation's branches one by one at each position; a trie
    makes it look at each character once. It prefers the longest word where several match.
    """
    tree: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:  # type: ignore[type-arg]
        # The engine tries branches in order: letters that start words often come first.
        ordered = sorted(node.items(), key=lambda item: (_FREQUENT.find(item[0]) % 99, item[0]))
        branches = [re.escape(char) + emit(child) for char, child in ordered if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        if "" in node:
            return f"(?:{body})?"
        return body

    return emit(tree)

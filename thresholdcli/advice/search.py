"""Finding any indicator of a framework from a few typed words. Pure.

Every indicator of every domain and level is searched, whatever the child's age and whatever
sections the interview has chosen: search never hides one. The words of a query match in any
order; each must match a word of the indicator's text (or of its domain's name):

- the start of a word: "bruis" finds "bruising";
- a different ending: "bruised" finds "bruising", "injuries" finds "injury";
- a small typo: one edit in a word of 4 to 7 letters, two from 8 ("negelct" finds "neglect").

Word similarity is rapidfuzz's (optimal string alignment, common prefix). Hits come best
first, then the higher level first, then in the framework's order.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rapidfuzz import process
from rapidfuzz.distance import OSA, Prefix

if TYPE_CHECKING:
    from thresholdcli.framework.model import Framework, Indicator

WORD = re.compile(r"[^\W_]+")
# How well a query word matches a word of the text, best first.
WHOLE_WORD = 1.0
WORD_START = 0.95
TYPO = 0.85
ENDING = 0.8
IN_DOMAIN_NAME = 0.5  # a word matched only in the domain's name counts for less


@dataclass(frozen=True)
class Hit:
    indicator: Indicator
    score: float  # 0-1: the mean of its words' matches


def words(text: str) -> list[str]:
    """Lower-case words, accents and typographic marks folded ("don’t" -> "don", "t")."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return WORD.findall(folded.lower())


def allowed_edits(word: str) -> int:
    if len(word) >= 8:
        return 2
    return 1 if len(word) >= 4 else 0


class SearchIndex:
    """One framework's indicators, with the words of each, ready to search."""

    def __init__(self, framework: Framework) -> None:
        self.framework = framework
        self.indicators = list(framework.indicators)
        names = {d.id: words(d.name) for d in framework.domains}
        # word -> positions of the indicators whose text (or domain name) holds it
        self.in_text: dict[str, set[int]] = {}
        self.in_name: dict[str, set[int]] = {}
        for n, ind in enumerate(self.indicators):
            for word in words(ind.text):
                self.in_text.setdefault(word, set()).add(n)
            for word in names.get(ind.domain, []):
                self.in_name.setdefault(word, set()).add(n)
        self.vocabulary = sorted(self.in_text.keys() | self.in_name.keys())
        self._prefixes: dict[int, list[str]] = {}
        self._known: dict[str, dict[str, float]] = {}

    def matches(self, query_word: str) -> dict[str, float]:
        """Every word of the framework that `query_word` matches, with how well."""
        found = self._known.get(query_word)
        if found is None:
            found = self._known[query_word] = self._find(query_word)
        return found

    def _find(self, query: str) -> dict[str, float]:
        found: dict[str, float] = {}
        n = len(query)

        def note(word: str, score: float) -> None:
            found[word] = max(score, found.get(word, 0.0))

        stem = max(4, n - 3) if n >= 5 else n
        for word, common, _ in process.extract_iter(
            query, self.vocabulary, scorer=Prefix.similarity, score_cutoff=stem
        ):
            if common >= n:
                note(word, WHOLE_WORD if word == query else WORD_START)
            else:
                note(word, ENDING)
        edits = allowed_edits(query)
        if edits:
            if n not in self._prefixes:
                self._prefixes[n] = [word[:n] for word in self.vocabulary]
            for choices in (self.vocabulary, self._prefixes[n]):
                for _, _, at in process.extract_iter(
                    query, choices, scorer=OSA.distance, score_cutoff=edits
                ):
                    note(self.vocabulary[at], TYPO)
        return found

    def search(self, query: str, limit: int | None = None) -> list[Hit]:
        """Every indicator that all the query's words match, best first."""
        wanted = list(dict.fromkeys(words(query)))
        if not wanted:
            return []
        totals: dict[int, float] | None = None
        for query_word in wanted:
            best: dict[int, float] = {}
            for word, score in self.matches(query_word).items():
                for at in self.in_text.get(word, ()):
                    best[at] = max(score, best.get(at, 0.0))
                for at in self.in_name.get(word, ()):
                    best[at] = max(IN_DOMAIN_NAME * score, best.get(at, 0.0))
            if totals is None:
                totals = best
            else:
                totals = {at: totals[at] + best[at] for at in totals.keys() & best.keys()}
            if not totals:
                return []
        assert totals is not None
        ranked = sorted(
            totals.items(), key=lambda kv: (-kv[1], -self.indicators[kv[0]].level, kv[0])
        )
        hits = [Hit(self.indicators[at], total / len(wanted)) for at, total in ranked]
        return hits[:limit] if limit is not None else hits


_INDEXES: dict[int, SearchIndex] = {}


def index_for(framework: Framework) -> SearchIndex:
    """Built once per framework object (the index keeps the framework, so its id is not reused)."""
    found = _INDEXES.get(id(framework))
    if found is None or found.framework is not framework:
        found = _INDEXES[id(framework)] = SearchIndex(framework)
    return found


def search(framework: Framework, query: str, limit: int | None = None) -> list[Hit]:
    return index_for(framework).search(query, limit)

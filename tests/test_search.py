"""Search across a whole framework: words in any order, endings and small typos forgiven,
every domain, level and section searched, whatever the child's age."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import all_frameworks
from thresholdcli.advice.search import search, words
from thresholdcli.framework import loader
from thresholdcli.framework.model import Framework, Indicator

FRAMEWORKS = all_frameworks()
INDICATORS = [(fw, ind) for fw in FRAMEWORKS for ind in fw.indicators]
SLOW = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def found(framework: Framework, query: str) -> list[str]:
    return [hit.indicator.id for hit in search(framework, query)]


def telford() -> Framework:
    return loader.resolve("telford-wrekin")[0]


def test_bruis_baby_finds_bruising_on_a_non_mobile_baby() -> None:
    hits = search(telford(), "bruis baby")
    assert hits[0].indicator.text == "Bruising on non mobile baby."
    assert hits[0].indicator.level == 4


@pytest.mark.parametrize(
    "query", ["bruis baby", "baby bruis", "  BRUISING   baby ", "baby bruised", "bruisng baby"]
)
def test_words_in_any_order_with_spaces_endings_and_typos(query: str) -> None:
    assert "care.4.22" in found(telford(), query)


def test_search_reaches_every_domain_level_and_the_exploitation_section() -> None:
    framework = telford()
    hits = search(framework, "later than agreed")
    assert hits and hits[0].indicator.domain == "ce-missing"  # a domain of the CE section
    assert {h.indicator.domain for h in search(framework, "drug")} >= {"ce-contact", "ce-substance"}
    assert {h.indicator.level for h in search(framework, "neglect")} >= {3, 4}


def test_nothing_typed_finds_nothing_and_nonsense_finds_nothing() -> None:
    assert search(telford(), "") == [] and search(telford(), " ,. ") == []
    assert search(telford(), "zzqx") == []


def test_higher_levels_come_first_among_equal_matches() -> None:
    hits = search(telford(), "missing")
    scores = [h.score for h in hits]
    best = [h.indicator.level for h in hits if h.score == scores[0]]
    assert best == sorted(best, reverse=True)


def usable_words(indicator: Indicator) -> list[str]:
    return [w for w in words(indicator.text) if len(w) >= 3]


@SLOW
@given(st.sampled_from(INDICATORS), st.data())
def test_any_of_its_words_in_any_order_find_an_indicator(
    pair: tuple[Framework, Indicator], data: st.DataObject
) -> None:
    framework, indicator = pair
    pool = usable_words(indicator)
    if not pool:
        return
    chosen = data.draw(st.lists(st.sampled_from(pool), min_size=1, max_size=3))
    shuffled = data.draw(st.permutations(chosen))
    spaces = data.draw(st.sampled_from([" ", "  ", " \t "]))
    assert indicator.id in found(framework, spaces.join(shuffled))


@SLOW
@given(st.sampled_from(INDICATORS), st.data())
def test_a_truncated_or_mistyped_word_still_finds_it(
    pair: tuple[Framework, Indicator], data: st.DataObject
) -> None:
    framework, indicator = pair
    long_words = [w for w in usable_words(indicator) if len(w) >= 5 and w.isalpha()]
    if not long_words:
        return
    word = data.draw(st.sampled_from(long_words))
    cut = data.draw(st.integers(min_value=4, max_value=len(word)))
    typed = word[:cut]
    if data.draw(st.booleans()):  # one letter wrong, never the first
        at = data.draw(st.integers(min_value=1, max_value=len(typed) - 1))
        letter = data.draw(st.sampled_from("abcdefghijklmnopqrstuvwxyz"))
        typed = typed[:at] + letter + typed[at + 1 :]
    assert indicator.id in found(framework, typed)


@SLOW
@given(st.sampled_from(FRAMEWORKS), st.text(max_size=30))
def test_hits_are_the_frameworks_own_once_each_best_first(
    framework: Framework, query: str
) -> None:
    hits = search(framework, query)
    ids = [h.indicator.id for h in hits]
    assert len(ids) == len(set(ids))
    assert all(framework.indicator(i) is not None for i in ids)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert all(0 < h.score <= 1 for h in hits)

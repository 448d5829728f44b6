"""Properties of `score` that hold for every shipped framework.

Parametrised over `loader.shipped()`, so a new framework file gets them for free.
Example counts are modest to keep the suite quick.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from thresholdcli.advice.scoring import Answers, score
from thresholdcli.framework import loader
from thresholdcli.framework.model import Framework

SHIPPED = {fw.ref: fw for _, fw in loader.shipped()}
REFS = sorted(SHIPPED)
EXAMPLES = settings(max_examples=30, deadline=None)
AGES = st.one_of(st.none(), st.just("unborn"), st.integers(min_value=0, max_value=25))


def ticks(framework: Framework, max_size: int = 8) -> st.SearchStrategy[list[str]]:
    ids = [i.id for i in framework.indicators]
    return st.lists(st.sampled_from(ids), max_size=max_size)


def highest_ticked(framework: Framework, ticked: list[str]) -> int:
    return max((framework.indicator_index[i].level for i in ticked), default=1)


@pytest.mark.parametrize("ref", REFS)
@EXAMPLES
@given(data=st.data())
def test_one_more_tick_never_lowers_the_suggestion(ref: str, data: Any) -> None:
    framework = SHIPPED[ref]
    ticked = data.draw(ticks(framework), label="ticked")
    extra = data.draw(st.sampled_from([i.id for i in framework.indicators]), label="extra")
    danger = data.draw(st.booleans(), label="danger")
    before = score(framework, Answers.of(ticked, danger))
    after = score(framework, Answers.of([*ticked, extra], danger))
    assert after.suggested >= before.suggested
    assert after.act_now or not before.act_now


@pytest.mark.parametrize("ref", REFS)
@EXAMPLES
@given(data=st.data())
def test_an_act_now_indicator_always_gives_the_top_level_and_the_act_now_route(
    ref: str, data: Any
) -> None:
    framework = SHIPPED[ref]
    act_now_ids = [i.id for i in framework.indicators if i.act_now]
    assert act_now_ids, f"{framework.ref} flags no act-now indicator"
    flagged = data.draw(st.sampled_from(act_now_ids), label="act_now")
    ticked = data.draw(ticks(framework), label="ticked")
    age = data.draw(AGES, label="age")
    strengths = data.draw(st.text(max_size=20), label="strengths")
    result = score(framework, Answers.of([*ticked, flagged], age=age, strengths=strengths))
    assert result.suggested == framework.top_rank
    assert result.act_now
    assert flagged in {i.id for i in result.act_now_indicators}
    assert any(r.rule == "act_now" and r.level == framework.top_rank for r in result.reasons)


@pytest.mark.parametrize("ref", REFS)
@EXAMPLES
@given(data=st.data())
def test_deterministic_and_independent_of_tick_order(ref: str, data: Any) -> None:
    framework = SHIPPED[ref]
    ticked = data.draw(ticks(framework), label="ticked")
    shuffled = data.draw(st.permutations(ticked), label="shuffled")
    repeated = data.draw(st.lists(st.sampled_from(ticked or ["-"]), max_size=3), label="again")
    repeated = [i for i in repeated if i in ticked]
    danger = data.draw(st.booleans(), label="danger")
    age = data.draw(AGES, label="age")
    first = score(framework, Answers.of(ticked, danger, age))
    assert score(framework, Answers.of(ticked, danger, age)) == first
    assert score(framework, Answers.of([*shuffled, *repeated], danger, age)) == first


@pytest.mark.parametrize("ref", REFS)
@EXAMPLES
@given(data=st.data())
def test_every_suggestion_above_level_one_has_a_reason(ref: str, data: Any) -> None:
    framework = SHIPPED[ref]
    ticked = data.draw(ticks(framework), label="ticked")
    danger = data.draw(st.booleans(), label="danger")
    result = score(framework, Answers.of(ticked, danger))
    assert result.reasons
    if result.suggested > 1:
        deciding = [r for r in result.reasons if r.level == result.suggested]
        assert deciding, "no reason carries the suggested level"
        for reason in deciding:
            assert reason.explanation
            assert reason.rule == "immediate_danger" or reason.indicators
            assert all(i.id in ticked for i in reason.indicators)


@pytest.mark.parametrize("ref", REFS)
@EXAMPLES
@given(data=st.data())
def test_suggestion_is_the_highest_printed_level_unless_immediate_danger(
    ref: str, data: Any
) -> None:
    """No indicator is ever scored below, or promoted above, the level its framework gives it."""
    framework = SHIPPED[ref]
    ticked = data.draw(ticks(framework), label="ticked")
    danger = data.draw(st.booleans(), label="danger")
    result = score(framework, Answers.of(ticked, danger))
    expected = framework.top_rank if danger else highest_ticked(framework, ticked)
    assert result.suggested == expected


@pytest.mark.parametrize("ref", REFS)
@EXAMPLES
@given(data=st.data())
def test_context_never_changes_the_suggestion(ref: str, data: Any) -> None:
    """Strengths, age, accumulation and links are shown beside the suggestion only."""
    framework = SHIPPED[ref]
    ticked = data.draw(ticks(framework), label="ticked")
    age = data.draw(AGES, label="age")
    strengths = data.draw(st.text(max_size=30), label="strengths")
    plain = score(framework, Answers.of(ticked))
    context = score(framework, Answers.of(ticked, age=age, strengths=strengths))
    assert (context.suggested, context.reasons, context.act_now) == (
        plain.suggested,
        plain.reasons,
        plain.act_now,
    )
    assert all(c.consider_level > context.suggested for c in context.considerations)
    ticked_ids = set(ticked)
    assert all(
        link.ticked.id in ticked_ids and link.other.id not in ticked_ids for link in context.links
    )


# --- act-now sits only at the top level: the schema check works ------------------------


@pytest.mark.parametrize("ref", REFS)
def test_no_shipped_act_now_indicator_sits_below_the_top_level(ref: str) -> None:
    framework = SHIPPED[ref]
    below = [i.id for i in framework.indicators if i.act_now and i.level != framework.top_rank]
    assert below == []


def lowered_act_now(framework: Framework) -> tuple[dict[str, Any], str]:
    """The framework's data with one act-now indicator moved one level down."""
    data = framework.model_dump()
    for item in data["indicators"]:
        if item["act_now"]:
            item["level"] = framework.top_rank - 1
            return data, item["id"]
    raise AssertionError(f"{framework.ref} has no act-now indicator")


@pytest.mark.parametrize("ref", REFS)
def test_schema_rejects_an_act_now_indicator_below_the_top_level(ref: str) -> None:
    framework = SHIPPED[ref]
    assert Framework.model_validate(framework.model_dump()) == framework  # round trip is valid
    data, moved = lowered_act_now(framework)
    with pytest.raises(ValidationError) as caught:
        Framework.model_validate(data)
    message = str(caught.value)
    assert f"indicator {moved}: only top-level (level {framework.top_rank})" in message


def test_validate_reports_a_lowered_act_now_indicator_as_one_line(tmp_path: Path) -> None:
    source = loader.framework_files()[0].read_text(encoding="utf-8")
    framework = loader.load_framework(loader.framework_files()[0])
    flagged = next(i for i in framework.indicators if i.act_now)
    marker = f'id = "{flagged.id}"'
    assert marker in source
    start = source.index(marker)
    level_line = f"level = {flagged.level}"
    at = source.index(level_line, start)
    bad = source[:at] + f"level = {flagged.level - 1}" + source[at + len(level_line) :]
    path = tmp_path / "bad.toml"
    path.write_text(bad, encoding="utf-8")
    found, problems = loader.check_framework_file(path)
    assert found is None
    (problem,) = problems
    assert f"indicator {flagged.id}: only top-level" in str(problem)
    assert "\n" not in str(problem)

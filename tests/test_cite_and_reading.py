"""The schema's cite (the framework's words) and reading (thresholdcli's judgement)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import ValidationError

from tests.conftest import all_frameworks, run_cli
from thresholdcli.framework.model import Cite, Framework, Indicator


def data_of(framework: Framework) -> dict[str, Any]:
    return framework.model_dump()


def test_cite_is_a_section_and_an_ordered_line_range() -> None:
    assert Cite(section="Consent", lines=[3, 5]).label == "“Consent”, lines 3–5"
    assert Cite(section="Consent", lines=[3, 3]).label == "“Consent”, line 3"
    for lines in ([5, 3], [0, 2], [1], [1, 2, 3]):
        with pytest.raises(ValidationError):
            Cite(section="Consent", lines=lines)


def test_one_cite_is_shorthand_for_a_list_of_one() -> None:
    one = Indicator.model_validate(
        {
            "id": "a.1",
            "domain": "d",
            "level": 1,
            "text": "x",
            "cite": {"section": "S", "lines": [1, 1]},
        }
    )
    assert one.cite == [Cite(section="S", lines=[1, 1])]


def test_a_reading_names_a_field_and_gives_one_line() -> None:
    base = {"id": "a.1", "domain": "d", "level": 1, "text": "x"}
    Indicator.model_validate({**base, "reading": {"text": "joined across a page break"}})
    for reading in (
        {"colour": "x"},
        {"cite": "x"},
        {"note": "x"},
        {"text": ""},
        {"text": "two\nlines"},
    ):
        with pytest.raises(ValidationError):
            Indicator.model_validate({**base, "reading": reading})


def test_a_text_is_either_cited_or_a_reading_not_both() -> None:
    with pytest.raises(ValidationError, match="not both"):
        Indicator.model_validate(
            {
                "id": "a.1",
                "domain": "d",
                "level": 1,
                "text": "x",
                "cite": {"section": "S", "lines": [1, 1]},
                "reading": {"text": "tidied"},
            }
        )


@pytest.mark.parametrize("fw", all_frameworks(), ids=lambda fw: fw.id)
def test_every_judgement_in_the_data_needs_its_reason(fw: Framework) -> None:
    data = data_of(fw)
    assert Framework.model_validate(data) == fw  # round trip keeps cites and readings
    if any(i.act_now for i in fw.indicators):
        without = data_of(fw)
        del without["reading"]["indicators.act_now"]
        with pytest.raises(ValidationError, match="act_now is thresholdcli's reading"):
            Framework.model_validate(without)
    for _item in data["accumulation"]:
        without = data_of(fw)
        without["reading"].pop("accumulation.min_domains", None)
        for rule in without["accumulation"]:
            rule["reading"].pop("min_domains", None)
        with pytest.raises(ValidationError, match="min_domains is thresholdcli's reading"):
            Framework.model_validate(without)
        break


def test_act_now_has_one_framework_wide_reason_never_one_per_item() -> None:
    fw = next(f for f in all_frameworks() if f.id == "hull")
    data = data_of(fw)
    flagged = next(i for i in data["indicators"] if i["act_now"])
    flagged["reading"] = {"act_now": "a reason of its own"}
    with pytest.raises(ValidationError, match="one criterion, applied evenly"):
        Framework.model_validate(data)


def test_framework_wide_readings_apply_to_the_items_that_set_the_field() -> None:
    fw = next(f for f in all_frameworks() if f.id == "hull")
    flagged = next(i for i in fw.indicators if i.act_now)
    plain = next(i for i in fw.indicators if not i.act_now and not i.linked)
    assert fw.readings_of(flagged)["act_now"] == fw.reading["indicators.act_now"]
    assert fw.readings_of(plain) == {}
    with pytest.raises(ValidationError, match="not a field that can be a reading"):
        Framework.model_validate({**data_of(fw), "reading": {"indicators.colour": "x"}})


@pytest.mark.parametrize("fw", all_frameworks(), ids=lambda fw: fw.id)
def test_show_json_gives_every_quoted_object_a_cite(
    fw: Framework, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_cli(["frameworks", "show", fw.id, "--format", "json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["act_now_cite"] or "act_now" in data["reading"]
    assert data["emergency_cite"] or "emergency" in data["reading"]
    for level in data["levels"]:
        assert level["cite"], level["rank"]
    objects = [i for d in data["domains"] for i in d["indicators"]]
    objects += data["consent"] + data["guidance"] + data["accumulation"] + data["domain_actions"]
    for item in objects:
        assert "cite" in item and "reading" in item
        text_field = next(k for k in ("text", "rule", "items", "quote") if k in item)
        assert item["cite"] or text_field in item["reading"], item.get("id", item)
    for contact in data["contacts"]:
        assert contact["cite"] or not contact["hours_text"] or "hours_text" in contact["reading"]
    flagged = [i for i in objects if i.get("act_now")]
    assert all(i["reading"]["act_now"] == data["reading"]["indicators.act_now"] for i in flagged)

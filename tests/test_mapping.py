"""`map`: corresponding levels across authorities through the national scale."""

from __future__ import annotations

import io
import itertools
import json
from pathlib import Path

import pytest

from tests.conftest import run_cli
from thresholdcli.advice.mapping import LevelMapping, map_level
from thresholdcli.errors import UsageError
from thresholdcli.framework import loader
from thresholdcli.framework.model import Framework
from thresholdcli.render.console import plain_console
from thresholdcli.render.mapping import mapping_panel

GOLDEN = Path(__file__).parent / "golden"
SHIPPED = {fw.ref: fw for _, fw in loader.shipped()}
SURENESS = ("low", "medium", "high")


def fw(ref: str) -> Framework:
    return loader.resolve(ref)[0]


def ranks(mapping: LevelMapping) -> list[int]:
    return [m.level.rank for m in mapping.matches]


def test_stoke_getting_more_help_to_telford() -> None:
    mapping = map_level(fw("stoke-on-trent"), 4, fw("telford-wrekin"))
    assert mapping.level.name == "Getting More Help"
    assert ranks(mapping) == [3, 4]
    best, also = mapping.matches
    assert best.exact and best.shared == ("targeted_early_help", "statutory")
    assert not also.exact and also.shared == ("statutory",)
    assert mapping.best is best
    assert mapping.confidence == "low"  # Stoke's own mapping of this level is low
    assert mapping.ordinal_warning is not None
    assert "i-THRIVE's five levels" in mapping.ordinal_warning
    assert "not a simple ordinal match for four-level frameworks" in mapping.ordinal_warning
    assert any("level 4 (Getting More Help), low confidence" in w for w in mapping.why)
    assert any("Significant harm is the top level" in w and "(Acute)" in w for w in mapping.why)


def test_a_tie_has_no_best_match() -> None:
    mapping = map_level(fw("stoke-on-trent"), 4, fw("staffordshire-2023"))
    assert ranks(mapping) == [3, 4]
    assert not any(m.exact for m in mapping.matches)
    assert mapping.best is None
    assert mapping.confidence == "low"


def test_one_to_one_high_confidence_match() -> None:
    mapping = map_level(fw("staffordshire-2023"), 1, fw("hull"))
    assert ranks(mapping) == [1]
    assert mapping.confidence == "high"
    assert mapping.ordinal_warning is None


def test_several_overlapping_levels_cap_confidence_at_medium() -> None:
    mapping = map_level(fw("staffordshire-2023"), 4, fw("telford-wrekin"))
    assert ranks(mapping) == [4, 3]  # Acute is the same place; Complex also reaches s17
    assert mapping.confidence == "medium"
    assert any("More than one level" in w for w in mapping.why)


def test_four_level_source_into_stoke_also_warns_about_i_thrive() -> None:
    mapping = map_level(fw("hull"), 2, fw("stoke-on-trent"))
    assert mapping.ordinal_warning is not None
    assert "stoke-on-trent" in mapping.ordinal_warning and "i-THRIVE" in mapping.ordinal_warning


def test_same_framework_maps_to_itself() -> None:
    mapping = map_level(fw("hull"), 3, fw("hull"))
    assert ranks(mapping) == [3]
    assert mapping.confidence == "high"


@pytest.mark.parametrize("rank", [0, 5, -1])
def test_a_level_the_framework_does_not_have_is_a_usage_error(rank: int) -> None:
    with pytest.raises(UsageError, match=r"not a level of hull@2018-05 \(levels 1 to 4\)"):
        map_level(fw("hull"), rank, fw("stoke-on-trent"))


PAIRS = [
    (a, b, rank)
    for a, b in itertools.permutations(sorted(SHIPPED), 2)
    for rank in range(1, SHIPPED[a].top_rank + 1)
]


@pytest.mark.parametrize(("source", "target", "rank"), PAIRS)
def test_every_level_of_every_framework_maps_somewhere_and_explains_itself(
    source: str, target: str, rank: int
) -> None:
    mapping = map_level(SHIPPED[source], rank, SHIPPED[target])
    assert mapping.matches
    assert mapping.why
    own = mapping.level.national.confidence
    assert SURENESS.index(mapping.confidence) <= SURENESS.index(own)
    if len(mapping.matches) > 1 or not mapping.matches[0].exact:
        assert mapping.confidence != "high"
    if "statutory" in mapping.level.national.levels:
        # a child at the statutory level is never mapped only below the target's top level
        assert SHIPPED[target].top_rank in ranks(mapping)
    if SHIPPED[source].top_rank != SHIPPED[target].top_rank:
        assert mapping.ordinal_warning


def test_panel_golden() -> None:
    mapping = map_level(fw("stoke-on-trent"), 4, fw("staffordshire-2023"))
    buffer = io.StringIO()
    plain_console(buffer, width=90).print(mapping_panel(mapping))
    golden = GOLDEN / "map-stoke-on-trent-4-staffordshire-2023.txt"
    assert buffer.getvalue() == golden.read_text(encoding="utf-8")


def test_cli_json(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["map", "--from", "stoke-on-trent", "--level", "4", "--to", "telford-wrekin"]
    code, out, _ = run_cli([*args, "--format", "json"], capsys)
    assert code == 0
    data = json.loads(out)
    fw = data["from"]["framework"]
    assert f"{fw['id']}@{fw['version']}" == SHIPPED_REF["stoke-on-trent"]
    assert data["from"]["level"]["rank"] == 4
    assert [m["rank"] for m in data["matches"]] == [3, 4]
    assert [m["exact"] for m in data["matches"]] == [True, False]
    assert [m["best"] for m in data["matches"]] == [True, False]
    assert data["confidence"] == "low"
    assert "i-THRIVE" in data["ordinal_warning"]
    assert all(isinstance(line, str) for line in data["why"])


def test_cli_table(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("THRESHOLDCLI_WIDTH", "100")
    args = ["map", "--from", "stoke-on-trent", "--level", "4", "--to", "telford-wrekin"]
    code, out, _ = run_cli(args, capsys)
    assert code == 0
    assert "best match: level 3 of 4 — Complex" in out
    assert "How sure: LOW" in out
    assert "i-THRIVE" in out


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--from", "hull", "--level", "7", "--to", "stoke-on-trent"], 2, "not a level of hull"),
        (["--from", "nowhere", "--level", "1", "--to", "hull"], 3, "unknown framework"),
    ],
)
def test_cli_errors_are_one_line(
    args: list[str], code: int, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    got, out, err = run_cli(["map", *args], capsys)
    assert got == code
    assert out == ""
    assert message in err and len(err.strip().splitlines()) == 1


SHIPPED_REF = {framework.id: ref for ref, framework in SHIPPED.items()}


def test_no_shared_place_falls_back_to_the_nearest_higher_level_with_low_confidence() -> None:
    data = fw("hull").model_dump()
    data["levels"][1]["national"] = {"levels": ["universal"], "confidence": "high", "note": ""}
    gappy = Framework.model_validate(data)  # no level of it is early help any more
    mapping = map_level(fw("staffordshire-2023"), 2, gappy)
    (nearest,) = mapping.matches
    assert nearest.level.rank == 3 and nearest.shared == () and not nearest.exact
    assert mapping.confidence == "low"
    assert any("the nearest is level 3" in line for line in mapping.why)

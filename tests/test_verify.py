"""`frameworks verify`: every cited quote is word for word in its source; readings are listed."""

from __future__ import annotations

import json
import os
import re
from dataclasses import replace
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli
from thresholdcli.framework import loader
from thresholdcli.framework.model import Framework
from thresholdcli.framework.verify import SourceText, check_quote, quotes, verify

SEEDS_ENV = "THRESHOLDCLI_SEEDS"


def seeds_dir() -> Path:
    """The framework source texts: $THRESHOLDCLI_SEEDS, else ../shared/seeds beside the repo
    (the CI layout), else beside the folder of git worktrees."""
    candidates = [Path(os.environ[SEEDS_ENV])] if os.environ.get(SEEDS_ENV) else []
    candidates += [ROOT.parent / "shared" / "seeds", ROOT.parent.parent / "shared" / "seeds"]
    for folder in candidates:
        if folder.is_dir():
            return folder
    raise AssertionError(
        f"no framework source texts at {', '.join(map(str, candidates))}: check out "
        f"'shared' beside the repository or set {SEEDS_ENV}"
    )


SHIPPED = {fw.id: (path, fw) for path, fw in loader.shipped()}


def source_of(framework: Framework) -> Path:
    return seeds_dir() / framework.source


@pytest.mark.parametrize("framework_id", sorted(SHIPPED))
def test_every_shipped_framework_passes_verify(
    framework_id: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path, fw = SHIPPED[framework_id]
    code, out, _ = run_cli(
        ["frameworks", "verify", str(path), "--source", str(source_of(fw))], capsys
    )
    assert code == 0, out
    assert "every quote is word for word" in out


@pytest.mark.parametrize("framework_id", sorted(SHIPPED))
def test_a_changed_word_in_any_quote_fails(framework_id: str) -> None:
    _path, fw = SHIPPED[framework_id]
    source = SourceText(source_of(fw).read_text(encoding="utf-8"))
    checked = 0
    for quote in quotes(fw):
        if quote.is_reading:
            continue
        assert check_quote(quote, source) == [], quote.location
        number, part = max(enumerate(quote.parts), key=lambda p: len(p[1]))
        words = part.split(" ")
        middle = len(words) // 2
        words[middle] = words[middle] + "s" if words[middle] != "s" else "z"
        changed = replace(
            quote, parts=(*quote.parts[:number], " ".join(words), *quote.parts[number + 1 :])
        )
        problems = check_quote(changed, source)
        assert problems and "is not word for word" in problems[0], quote.location
        checked += 1
    assert checked > 50  # indicators, levels, consent rules, guidance, contacts …


def test_cli_names_the_changed_quote_by_file_line_and_location(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, fw = SHIPPED["staffordshire-2023"]
    text = path.read_text(encoding="utf-8")
    changed = tmp_path / "staffordshire-2023.toml"
    changed.write_text(
        text.replace('text = "Children who disclose abuse"', 'text = "Children who report abuse"'),
        encoding="utf-8",
    )
    code, out, _ = run_cli(
        ["frameworks", "verify", str(changed), "--source", str(source_of(fw))], capsys
    )
    assert code == 3
    line = (
        next(
            n
            for n, row in enumerate(changed.read_text().splitlines(), 1)
            if row == 'text = "Children who report abuse"'
        )
        + 1
    )  # the cite line after it
    assert re.search(
        rf"^{re.escape(str(changed))}:{line}: indicators\[\d+\] sh\.4\.06: text: "
        r"“Children who report abuse” is not word for word at “[^”]+”, line \d+$",
        out,
        re.MULTILINE,
    ), out
    assert "1 quote(s) not word for word or not cited" in out


def test_typographic_quotes_and_white_space_are_normalised_but_not_dashes() -> None:
    source = SourceText("Heading\n\nThe child’s  “view”\nis asked – always.\n")
    fw = SHIPPED["staffordshire-2023"][1]
    quote = next(q for q in quotes(fw) if q.location.startswith("indicators"))
    cite = quote.cites[0].model_copy(update={"section": "Heading", "lines": [3, 4]})
    same = replace(quote, parts=('The child\'s "view" is asked – always.',), cites=(cite,))
    assert check_quote(same, source) == []
    hyphen = replace(same, parts=('The child\'s "view" is asked - always.',))
    assert check_quote(hyphen, source)
    case = replace(same, parts=('the child\'s "view" is asked – always.',))
    assert check_quote(case, source)


def test_parts_must_follow_their_cites_in_order() -> None:
    _, fw = SHIPPED["staffordshire-2023"]
    source = SourceText(source_of(fw).read_text(encoding="utf-8"))
    level = fw.level(2)
    assert len(level.cite) == 2
    quote = next(q for q in quotes(fw) if q.location == "levels[1] 2: description")
    assert check_quote(quote, source) == []
    swapped = replace(quote, cites=tuple(reversed(quote.cites)))
    assert check_quote(swapped, source)


def test_an_uncited_quote_and_an_unknown_section_fail(tmp_path: Path) -> None:
    path, fw = SHIPPED["hull"]
    text = path.read_text(encoding="utf-8")
    uncited = re.sub(
        r'\ncite = \{ section = "Factors relating to parents and carers", '
        r"lines = \[\d+, \d+\] \}",
        "",
        text,
        count=1,
    )
    renamed = text.replace('section = "THRESHOLD OF NEEDS"', 'section = "THRESHOLD OF NEED"', 1)
    source = source_of(fw).read_text(encoding="utf-8")
    for changed, expected in ((uncited, "not cited"), (renamed, "no line of the source reads")):
        edited = tmp_path / "hull.toml"
        edited.write_text(changed, encoding="utf-8")
        framework = loader.load_framework(edited)
        result = verify(framework, changed, source)
        assert not result.ok
        assert [f for f in result.findings if expected in f.message], result.findings


def test_json_lists_every_reading_with_its_reason(capsys: pytest.CaptureFixture[str]) -> None:
    path, fw = SHIPPED["hull"]
    code, out, _ = run_cli(
        ["frameworks", "verify", str(path), "--source", str(source_of(fw)), "--format", "json"],
        capsys,
    )
    assert code == 0
    data = json.loads(out)
    assert data["ok"] is True and data["findings"] == []
    assert data["quotes"] > 100
    by_field = {(r["location"], r["field"]): r for r in data["readings"]}
    act_now = by_field[("framework", "indicators.act_now")]
    assert act_now["applies_to"] == sum(1 for i in fw.indicators if i.act_now)
    assert act_now["reason"] == fw.reading["indicators.act_now"]
    inferred = [r for r in data["readings"] if r["field"] == "phone_inferred"]
    assert len(inferred) == 3 and all("01482" in r["reason"] for r in inferred)
    assert by_field[("indicators[104] par.4.05", "text")]["line"] > 0


def test_a_missing_source_is_a_one_line_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    path, _ = SHIPPED["hull"]
    args = ["frameworks", "verify", str(path), "--source", "no/such.txt"]
    code, _out, err = run_cli(args, capsys)
    assert code == 2
    assert err.count("\n") == 1 and "cannot read the source text no/such.txt" in err


def test_an_invalid_framework_file_reports_its_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, fw = SHIPPED["hull"]
    bad = tmp_path / "bad.toml"
    bad.write_text(path.read_text(encoding="utf-8").replace("rank = 2", "rank = 7", 1))
    code, out, _ = run_cli(
        ["frameworks", "verify", str(bad), "--source", str(source_of(fw))], capsys
    )
    assert code == 3
    assert out.startswith(f"{bad}:")


def test_a_time_limit_must_be_the_rules_own_words() -> None:
    path, fw = SHIPPED["hull"]
    text = path.read_text(encoding="utf-8")
    source = source_of(fw).read_text(encoding="utf-8")
    data = fw.model_dump()
    rule = next(c for c in data["consent"] if c["id"] == "written-follow-up")
    rule["due"] = {"hours": 48, "text": "within 48 hours"}
    assert verify(Framework.model_validate(data), text, source).ok
    rule["due"] = {"hours": 48, "text": "within two days"}
    result = verify(Framework.model_validate(data), text, source)
    assert [f.message for f in result.findings] == [
        "“within two days” is not part of the rule it belongs to"
    ]

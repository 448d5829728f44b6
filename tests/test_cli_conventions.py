"""The conventions of a Python command line, one test each: -h, shell completion, one way to
name a framework, one on-screen format name, `-` for standard input and output, ids never
cut, and one JSON scheme with `schema_version` in every document (docs/json.md)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from tests.conftest import ROOT, run_cli
from tests.test_referral_docs import DOC, blocks
from thresholdcli import cli

RECORD = ROOT / "tests" / "golden" / "C-200.toml"
HELP_JARGON = ("RANGE", "[x>=", "list[Path]", "<int", "<list")


def command_paths() -> list[list[str]]:
    root = typer.main.get_command(cli.app)
    found: list[list[str]] = []

    def walk(group: Any, prefix: list[str]) -> None:
        for name, command in group.commands.items():
            found.append([*prefix, name])
            if hasattr(command, "commands"):  # a group of commands
                walk(command, [*prefix, name])

    walk(root, [])
    return found


@pytest.mark.parametrize("path", command_paths(), ids=" ".join)
def test_every_command_has_plain_help_with_an_example_and_dash_h(
    path: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, short, _ = run_cli([*path, "-h"], capsys)
    assert code == 0 and "Usage" in short
    code, long, _ = run_cli([*path, "--help"], capsys)
    assert code == 0 and long == short
    if path != ["frameworks"]:  # a group lists its commands; each of those has its example
        assert "Example" in short, f"{' '.join(path)}: no example in --help"
    for jargon in HELP_JARGON:
        assert jargon not in short, f"{' '.join(path)}: {jargon!r} in --help"


def complete(words: str, env: dict[str, str] | None = None) -> list[str]:
    """What typer's shell completion offers for the last word of `words` (bash protocol)."""
    parts = words.split(" ")
    result = CliRunner().invoke(
        cli.app,
        [],
        prog_name="thresholdcli",
        env={
            "_THRESHOLDCLI_COMPLETE": "complete_bash",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(parts) - 1),
            **(env or {}),
        },
    )
    return result.output.split()


def test_shell_completion_is_installable() -> None:
    result = CliRunner().invoke(cli.app, ["--help"], prog_name="thresholdcli")
    assert "--install-completion" in result.output


def test_completion_offers_framework_ids() -> None:
    offered = complete("thresholdcli card -f staff")
    assert "staffordshire-2023" in offered and "staffordshire-2022" in offered
    assert "hull" not in offered
    assert "hull" in complete("thresholdcli contacts h")


def test_completion_offers_case_references(tmp_path: Path) -> None:
    (tmp_path / "C-1.toml").write_text("", encoding="utf-8")
    (tmp_path / "D-2.toml").write_text("", encoding="utf-8")
    env = {"THRESHOLDCLI_CASES": str(tmp_path)}
    assert complete("thresholdcli history C", env) == ["C-1"]
    assert complete("thresholdcli interview --resume D", env) == ["D-2"]


@pytest.mark.parametrize(
    "tail",
    [
        ["card", "-l", "2", "--format", "md"],
        ["contacts", "--format", "json"],
        ["frameworks", "show", "--format", "json"],
    ],
)
def test_a_framework_is_named_with_dash_f_or_where_it_always_was(
    tail: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    command, rest = (tail[:2], tail[2:]) if tail[0] == "frameworks" else (tail[:1], tail[1:])
    env_free = ["--at", "2026-11-23 10:00"] if command == ["contacts"] else []
    code, positional, _ = run_cli([*command, "hull", *rest, *env_free], capsys)
    assert code == 0
    code, option, _ = run_cli([*command, "-f", "hull", *rest, *env_free], capsys)
    assert code == 0 and option == positional
    code, long, _ = run_cli([*command, "--framework", "hull", *rest, *env_free], capsys)
    assert code == 0 and long == positional
    code, _, err = run_cli([*command, "hull", "-f", "telford-wrekin", *rest], capsys)
    assert code == 2 and "give one" in err


def test_the_on_screen_format_is_called_table_everywhere(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, table, _ = run_cli(["card", "hull", "-l", "1", "--format", "table", "-o", "-"], capsys)
    assert code == 0
    code, old_name, _ = run_cli(
        ["card", "hull", "-l", "1", "--format", "terminal", "-o", "-"], capsys
    )
    assert code == 0 and table == old_name and "Level 1" in table.replace("LEVEL", "Level")


def test_answers_dash_reads_standard_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io
    import sys

    answers = blocks(DOC.read_text(encoding="utf-8"))["answers"]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(answers.encode("utf-8"))))
    code, out, err = run_cli(
        ["interview", "--answers", "-", "--cases-dir", str(tmp_path), "--format", "json"], capsys
    )
    assert code == 0, err
    saved = json.loads(out)
    assert saved["schema_version"] == 1
    assert (tmp_path / f"{saved['case_ref']}.toml").is_file()
    assert saved["assessment"]["number"] == saved["number"] == 1


@pytest.mark.parametrize("width", ["80", "100"])
def test_frameworks_list_never_cuts_an_id(
    width: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("THRESHOLDCLI_WIDTH", width)
    code, out, _ = run_cli(["frameworks", "list", "--format", "table"], capsys)
    assert code == 0
    code, listed, _ = run_cli(["frameworks", "list", "--format", "json"], capsys)
    for fw in json.loads(listed)["frameworks"]:
        assert fw["ref"] in out, f"{fw['ref']} cut at {width} columns"
    assert "…" not in out.split("\n", 3)[3].split("│")[1]


# --- one JSON scheme -----------------------------------------------------------------------

OLD_NAMES = {
    "framework_ref",
    "recorded_with",
    "rescored_with",
    "suggested_level",
    "suggested_now",
    "recorded_suggestion",
    "recorded_decision",
}


def walk(value: Any, path: str = "$") -> list[tuple[str, str, Any]]:
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            found.append((path, key, item))
            found.extend(walk(item, f"{path}.{key}"))
    elif isinstance(value, list):
        for n, item in enumerate(value):
            found.extend(walk(item, f"{path}[{n}]"))
    return found


def json_commands(tmp: Path) -> list[list[str]]:
    cases = tmp / "cases"
    cases.mkdir()
    shutil.copy(RECORD, cases / "C-200.toml")
    at = ["--as-of", "2026-11-23"]
    return [
        ["frameworks", "list"],
        ["frameworks", "show", "hull"],
        ["frameworks", "validate", str(ROOT / "frameworks" / "hull.toml")],
        ["contacts", "hull", "--at", "2026-11-23 10:00"],
        ["map", "--from", "hull", "--level", "3", "--to", "staffordshire-2023"],
        ["card", "hull", "--level", "2"],
        ["drafts", "--cases-dir", str(cases)],
        ["history", "C-200", "--cases-dir", str(cases)],
        ["diff", "C-200", "--cases-dir", str(cases)],
        ["rescore", "C-200", "--cases-dir", str(cases)],
        ["score", str(cases / "C-200.toml")],
        ["audit", str(cases), *at],
        ["followups", "--cases-dir", str(cases), *at],
        ["referral", "C-200", "--cases-dir", str(cases)],
    ]


def test_every_json_document_follows_one_scheme(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for command in json_commands(tmp_path):
        code, out, err = run_cli([*command, "--format", "json"], capsys)
        name = " ".join(command[:2])
        assert code == 0, f"{name}: {err}"
        document = json.loads(out)
        assert isinstance(document, dict), f"{name}: not an object"
        assert next(iter(document)) == "schema_version" and document["schema_version"] == 1
        for where, key, value in walk(document):
            assert key not in OLD_NAMES, f"{name}: {where}.{key}"
            if key == "framework" and value is not None and where != "$.cases[0]":
                assert isinstance(value, dict), f"{name}: {where}.framework is {value!r}"
                assert {"id", "version"} <= set(value), f"{name}: {where}.framework"
            if key == "reasons" and value and isinstance(value[0], dict):
                for reason in value:
                    for indicator in reason["indicators"]:
                        assert isinstance(indicator, dict), f"{name}: {where}.reasons"
            if key in ("suggested", "decided") and isinstance(value, dict) and "rank" in value:
                assert set(value) >= {"rank", "name"}, f"{name}: {where}.{key}"

"""Remembered settings (settings file < environment variable < flag) and naming a framework
in any case, with "did you mean …?" for a near miss, in every command."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.conftest import run_cli
from thresholdcli.advice.consent import checklist
from thresholdcli.framework import loader
from thresholdcli.framework.names import Named, closest, matching, unknown_message
from thresholdcli.interview.engine import DANGER_QUESTION, Interview, InterviewSetup
from thresholdcli.interview.output import SilentOutput
from thresholdcli.interview.prompter import ScriptedPrompter
from thresholdcli.records import settings

SHIPPED = [
    Named("hull", "2018-05", "Hull"),
    Named("staffordshire-2022", "2022", "Staffordshire", superseded=True),
    Named("staffordshire-2023", "2023", "Staffordshire"),
    Named("stoke-on-trent", "2021", "Stoke-on-Trent"),
    Named("telford-wrekin", "2022", "Telford & Wrekin"),
]


def config_file() -> Path:
    return settings.settings_path()


@pytest.fixture(autouse=True)
def _fresh_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(settings.CONFIG_DIR_ENV, str(tmp_path / "config"))


# --- naming a framework ----------------------------------------------------------------


@given(st.sampled_from(SHIPPED), st.lists(st.booleans(), min_size=30, max_size=30), st.booleans())
def test_any_case_and_spaces_name_the_same_framework(
    named: Named, upper: list[bool], version: bool
) -> None:
    cased = "".join(c.upper() if u else c for c, u in zip(named.id, upper, strict=False))
    ref = f"  {cased}@{named.version} " if version else f" {cased} "
    assert [SHIPPED[n] for n in matching(ref, SHIPPED)] == [named]


@hypothesis_settings(deadline=None)  # the first call imports rapidfuzz
@given(st.text(max_size=20))
def test_a_near_miss_is_only_ever_suggested(given_name: str) -> None:
    exact = matching(given_name, SHIPPED)
    if not exact:
        near = closest(given_name, SHIPPED)
        assert near is None or near in {n.id for n in SHIPPED}
        assert "unknown framework" in unknown_message(given_name, SHIPPED)


def test_suggestions_prefer_the_current_framework() -> None:
    assert closest("staffs", SHIPPED) == "staffordshire-2023"
    assert closest("telford", SHIPPED) == "telford-wrekin"
    assert closest("Stoke", SHIPPED) == "stoke-on-trent"
    assert closest("zzz", SHIPPED) is None
    assert "has no version '1999'" in unknown_message("hull@1999", SHIPPED)


@pytest.mark.parametrize(
    "args",
    [
        ["contacts", "{}", "--at", "2026-11-23 10:00"],
        ["card", "{}", "--level", "2"],
        ["frameworks", "show", "{}"],
        ["map", "--from", "{}", "--level", "2", "--to", "hull"],
    ],
    ids=lambda a: a[0],
)
def test_every_command_names_a_framework_in_any_case_and_suggests(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_cli([a.replace("{}", "Hull") for a in args], capsys)
    assert code == 0 and out
    code, _, err = run_cli([a.replace("{}", "staffs") for a in args], capsys)
    assert code == 3
    assert "unknown framework 'staffs': did you mean staffordshire-2023?" in err


def test_resolving_keeps_the_loaders_single_file_cache() -> None:
    first = loader.resolve("HULL")
    assert loader.resolve("hull")[0] is first[0]


# --- the settings file -----------------------------------------------------------------


def test_config_set_show_unset_and_path(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["config", "path"], capsys)[1].strip() == str(config_file())
    assert run_cli(["config", "set", "framework", "Telford-Wrekin"], capsys)[0] == 0
    assert run_cli(["config", "set", "role", "school DSL"], capsys)[0] == 0
    assert run_cli(["config", "set", "cases-dir", "somewhere"], capsys)[0] == 0
    stored = tomllib.loads(config_file().read_text())
    assert stored["framework"] == "telford-wrekin"  # the shipped id, checked
    assert Path(stored["cases_dir"]).is_absolute()  # never relative to where you start
    assert oct(config_file().stat().st_mode & 0o777) == "0o600"
    _, out, _ = run_cli(["config", "show", "--format", "json"], capsys)
    shown = json.loads(out)["settings"]
    assert shown["role"] == {
        "value": "school DSL",
        "source": "settings file",
        "env": "THRESHOLDCLI_ROLE",
    }
    run_cli(["config", "unset", "role"], capsys)
    assert "role" not in tomllib.loads(config_file().read_text())


def test_config_refuses_bad_values_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(["config", "set", "framwork", "hull"], capsys)
    assert code == 2 and 'did you mean "framework"' in err
    code, _, err = run_cli(["config", "set", "framework", "staffs"], capsys)
    assert code == 3 and "did you mean staffordshire-2023?" in err
    code, _, err = run_cli(["config", "set", "role", "a\nb"], capsys)
    assert code == 2 and "one line" in err
    assert not config_file().exists()


def test_a_broken_settings_file_is_named_not_ignored(capsys: pytest.CaptureFixture[str]) -> None:
    config_file().parent.mkdir(parents=True)
    config_file().write_text('framwork = "hull"\n')
    code, _, err = run_cli(["config", "show"], capsys)
    assert code == 2 and "settings.toml: framwork: unknown setting" in err
    config_file().write_text('cases_dir = "relative/cases"\n')
    code, _, err = run_cli(["drafts"], capsys)
    assert code == 2 and "not an absolute path" in err
    assert "Traceback" not in err


# --- file < environment < flag -----------------------------------------------------------


def answers(tmp_path: Path) -> Path:
    path = tmp_path / "answers.toml"
    path.write_text(
        'framework = "hull"\ncase_ref = "S-1"\nimmediate_danger = false\nage = 9\n'
        'indicators = []\nstrengths = ""\ndecision = "accept"\n'
        "[consent]\n" + "\n".join(f'{c.id} = "done"' for c in loader.resolve("hull")[0].consent)
    )
    return path


def saved_assessment(folder: Path) -> dict[str, object]:
    record = tomllib.loads((folder / "S-1.toml").read_text())
    found: dict[str, object] = record["assessments"][0]
    return found


@pytest.mark.parametrize("layers", ["file", "file+env", "file+env+flag"])
def test_settings_file_then_environment_then_flag(
    layers: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folders = {name: tmp_path / name for name in ("file", "env", "flag")}
    run_cli(["config", "set", "role", "role from file"], capsys)
    run_cli(["config", "set", "cases_dir", str(folders["file"])], capsys)
    args = ["interview", "--answers", str(answers(tmp_path))]
    if "env" in layers:
        monkeypatch.setenv("THRESHOLDCLI_ROLE", "role from env")
        monkeypatch.setenv("THRESHOLDCLI_CASES", str(folders["env"]))
    if "flag" in layers:
        args += ["--role", "role from flag", "--cases-dir", str(folders["flag"])]
    code, out, err = run_cli(args, capsys)
    assert code == 0, err
    winner = layers.split("+")[-1]
    assessment = saved_assessment(folders[winner])
    assert assessment["assessor_role"] == f"role from {winner}"
    assert [p.name for p in tmp_path.iterdir() if p.is_dir() and p.name in folders] == [winner]
    if winner != "flag":  # a remembered setting is never used without saying so
        assert f"Recorded as assessed by: role from {winner}" in out


def test_a_remembered_framework_is_offered_first_never_chosen_silently(
    setup: InterviewSetup,
) -> None:
    from dataclasses import replace

    note = "Framework offered first: hull (from x)."
    offered = replace(setup, default_framework="hull", remembered=(note,))
    consent = ["done"] * len(checklist(loader.resolve("hull")[0], 1, 9))
    script: list[object] = [False, "C-1", "default", "9", [], [], [], "", "", "accept", consent]
    prompter = ScriptedPrompter(script)
    out = SilentOutput()
    Interview(prompter, out, offered).run()
    assert "Which framework?" in prompter.asked  # still asked
    assert ("note", note) in out.events
    assert prompter.asked.index("Which framework?") > prompter.asked.index(DANGER_QUESTION)


def test_the_environment_overrides_the_file_for_the_framework_offered(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    run_cli(["config", "set", "framework", "hull"], capsys)
    assert settings.effective("framework").value == "hull"
    monkeypatch.setenv("THRESHOLDCLI_FRAMEWORK", "stoke-on-trent")
    found = settings.effective("framework")
    assert (found.value, found.source) == ("stoke-on-trent", settings.ENVIRONMENT)
    flag = settings.effective("framework", "telford-wrekin")
    assert (flag.value, flag.source) == ("telford-wrekin", settings.FLAG)


def test_help_names_each_environment_variable(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run_cli(["interview", "--help"], capsys)
    flat = " ".join(out.split())
    for name in ("THRESHOLDCLI_FRAMEWORK", "THRESHOLDCLI_ROLE", "THRESHOLDCLI_CASES"):
        assert f"env var: {name}" in flat

"""history, diff and rescore: pure cores, CLI golden outputs (width 80, NO_COLOR)."""

from __future__ import annotations

import json
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from thresholdcli.casework.diff import compare, pick, side
from thresholdcli.casework.history import check_pin, local_date, trajectory
from thresholdcli.casework.review import case_diff, case_history, case_rescore, shipped_index
from thresholdcli.cli import app
from thresholdcli.errors import CaseRefError, RecordError, UnknownFrameworkError, UsageError
from thresholdcli.framework import loader
from thresholdcli.records import store
from thresholdcli.records.model import Assessment, CaseRecord, FrameworkPin, TickedIndicator

GOLDEN = Path(__file__).parent / "golden"
FIXTURE_HASH = "sha256:e6a1ff5fe5b5ba9d"  # staffordshire-2023 when the fixture was made
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


@pytest.fixture
def cases(tmp_path: Path) -> Path:
    """C-200: three reviews; #1 pins a stale hash, #2 and #3 the shipped file's hash."""
    current = loader.resolve("staffordshire-2023")[1]
    text = (GOLDEN / "C-200.toml").read_text().replace(FIXTURE_HASH, current)
    folder = tmp_path / "cases"
    folder.mkdir()
    (folder / "C-200.toml").write_text(text)
    return folder


def record(cases: Path) -> CaseRecord:
    return store.load_record(cases / "C-200.toml")


def cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env={"NO_COLOR": "1", "THRESHOLDCLI_WIDTH": "80"})
    return result.exit_code, result.output


def check_golden(name: str, output: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(output)
    assert output == path.read_text()


# --- golden outputs ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("history.txt", ["history", "C-200"]),
        ("diff-latest.txt", ["diff", "C-200"]),
        ("diff-1-2.txt", ["diff", "C-200", "--from", "1", "--to", "2"]),
        ("rescore.txt", ["rescore", "C-200", "--assessment", "1"]),
    ],
)
def test_golden_output(cases: Path, name: str, args: list[str]) -> None:
    code, output = cli(*args, "--cases-dir", str(cases))
    assert code == 0, output
    check_golden(name, output)


def test_history_json_has_every_row(cases: Path) -> None:
    code, output = cli("history", "C-200", "--cases-dir", str(cases), "--format", "json")
    assert code == 0
    data = json.loads(output)
    rows = data["assessments"]
    assert [r["step"] for r in rows] == ["first", "up", "down"]
    assert [r["decided"]["rank"] for r in rows] == [2, 3, 2]
    assert [r["framework"]["state"] for r in rows] == ["changed", "current", "current"]
    assert data["notices"] == ["Assessment 1: staffordshire-2023@2023 has changed since then."]


def test_diff_json_lists_indicator_consent_and_decision_changes(cases: Path) -> None:
    args = ["diff", "C-200", "--from", "1", "--to", "2", "--format", "json"]
    code, output = cli(*args, "--cases-dir", str(cases))
    data = json.loads(output)
    assert code == 0
    by_domain = {d["domain"]: d for d in data["indicators"]}
    assert [i["id"] for i in by_domain["parenting-capacity"]["added"]] == ["par.3.05"]
    assert [i["id"] for i in by_domain["family-environment"]["removed"]] == ["fam.1.02"]
    assert data["consent"] == [
        {
            "field": "eha-consent",
            "before": "not done (reason: mother wants to talk it over first)",
            "after": "done",
        }
    ]
    assert data["decided"]["step"] == "up"


def test_diff_of_two_files_compares_their_latest_assessments(cases: Path, tmp_path: Path) -> None:
    other = tmp_path / "C-201.toml"
    text = (cases / "C-200.toml").read_text().replace('case_ref = "C-200"', 'case_ref = "C-201"')
    other.write_text(text.split("\n[[assessments]]\nnumber = 2")[0])
    found = case_diff([str(other), str(cases / "C-200.toml")])
    assert (found.before.assessment.number, found.after.assessment.number) == (1, 3)
    assert found.decided.step == "same"
    assert found.before.source == str(other)


# --- pure cores --------------------------------------------------------------------------


def test_history_steps_follow_the_decided_level(cases: Path) -> None:
    history = trajectory(record(cases), {})
    assert [r.step for r in history.rows] == ["first", "up", "down"]
    assert {r.pin.state for r in history.rows} == {"not_shipped"}
    assert history.notices == (
        "Assessments 1, 2, 3: staffordshire-2023 is not a shipped framework any more.",
    )


def test_pin_states() -> None:
    pin = FrameworkPin(id="fw", version="2", hash="sha256:b")
    assert check_pin(pin, {"fw": [("1", "x"), ("2", "sha256:b")]}).state == "current"
    assert check_pin(pin, {"fw": [("2", "sha256:c")]}).state == "changed"
    gone = check_pin(pin, {"fw": [("3", "sha256:d")]})
    assert gone.state == "version_not_shipped" and gone.shipped_ref == "fw@3"
    assert gone.notice == "fw@2 is no longer shipped; the current version is fw@3"
    assert check_pin(pin, {}).state == "not_shipped"


def test_local_date_is_uk_time(cases: Path) -> None:
    late_summer_night = record(cases).latest.model_copy(
        update={"assessed_at": datetime(2026, 8, 10, 23, 30, tzinfo=UTC)}
    )
    assert local_date(late_summer_night).isoformat() == "2026-08-11"


def test_pick_defaults_and_refusals(cases: Path) -> None:
    rec = record(cases)
    assert pick(rec, None, None) == (2, 3)
    assert pick(rec, 1, None) == (1, 3)
    assert pick(rec, None, 2) == (1, 2)
    with pytest.raises(UsageError, match="--to 4: case C-200 has assessments 1 to 3"):
        pick(rec, None, 4)
    single = CaseRecord(case_ref="C-1", assessments=[rec.assessments[0]])
    with pytest.raises(UsageError, match="only one assessment"):
        pick(single, None, None)


def test_same_assessment_compared_with_itself_has_no_changes(cases: Path) -> None:
    rec = record(cases)
    one = side("C-200", rec, 2, {})
    assert compare(one, one).unchanged


def test_notes_strengths_and_decision_changes(cases: Path) -> None:
    found = case_diff(["C-200"], cases_dir=cases)
    assert [c.field for c in found.notes] == ["developmental-needs"]
    assert found.notes[0].after == "—"
    assert {c.field for c in found.details} == {"age", "assessor role", "strengths"}
    assert {c.field: c.after for c in found.decision}["agreed by"] == "team manager"


def test_rescore_reports_retired_ids_and_warns_when_they_were_higher(cases: Path) -> None:
    rec = record(cases)
    retired = TickedIndicator(id="par.9.99", domain="parenting-capacity", level=4, text="Old")
    latest = rec.latest.model_copy(update={"indicators": [*rec.latest.indicators, retired]})
    only = latest.model_copy(update={"number": 1})
    (cases / "C-200.toml").write_text(
        store.to_toml(CaseRecord(case_ref="C-200", assessments=[only]))
    )
    found = case_rescore("C-200", cases)
    assert [t.id for t in found.retired] == ["par.9.99"]
    assert found.result.suggested == 3
    assert found.warnings and "par.9.99" in found.warnings[0]
    assert found.to_json()["retired_indicators"][0]["id"] == "par.9.99"


def test_rescore_of_an_unknown_framework_is_a_one_line_error(cases: Path) -> None:
    path = cases / "C-200.toml"
    path.write_text(path.read_text().replace('id = "staffordshire-2023"', 'id = "gone-2019"'))
    assert trajectory(store.load_record(path), shipped_index()).rows  # still loads
    with pytest.raises(UnknownFrameworkError, match="not shipped; rescore with --framework"):
        case_rescore("C-200", cases)
    found = case_rescore("C-200", cases, framework="staffordshire-2023")
    assert found.step == "other_framework"


def test_changed_framework_file_is_noticed(
    cases: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = tmp_path / "frameworks"
    shipped.mkdir()
    source = loader.resolve("staffordshire-2023")
    original = next(p for p in loader.framework_files() if p.stem == "staffordshire-2023")
    shutil.copy(original, shipped / original.name)
    with (shipped / original.name).open("a") as handle:
        handle.write("\n# edited\n")
    monkeypatch.setenv("THRESHOLDCLI_FRAMEWORKS", str(shipped))
    assert source[1] != loader.load_with_hash(shipped / original.name)[1]
    history = case_history("C-200", cases)
    assert [r.pin.state for r in history.rows] == ["changed"] * 3
    assert not case_rescore("C-200", cases).same_file


# --- CASE arguments and errors -----------------------------------------------------------


@pytest.mark.parametrize("bad", ["../C-200", "a/b", "x" * 65, "bad\x07ref", "..", "C-200\n"])
def test_unsafe_case_references_are_refused(
    cases: Path, bad: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(CaseRefError):
        case_history(bad, cases)
    assert run_main(["history", bad, "--cases-dir", str(cases)]) == 4
    err = capsys.readouterr().err
    assert "case reference must be" in err and err.count("\n") == 1


def run_main(args: list[str]) -> int:
    """The real entry point (error mapping included); returns the exit code."""
    import sys

    from thresholdcli.cli import main

    saved = sys.argv
    sys.argv = ["thresholdcli", *args]
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    finally:
        sys.argv = saved
    return code


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (["history", "NOPE"], 4, "no case record for NOPE"),
        (["diff", "C-200", "--from", "9"], 2, "--from 9: case C-200 has assessments 1 to 3"),
        (["diff", "C-200", "C-200", "--to", "2"], 2, "--from and --to pick assessments"),
        (["rescore", "C-200", "--framework", "nowhere"], 3, "unknown framework 'nowhere'"),
        (["history", "broken.toml"], 4, "broken.toml: invalid TOML"),
        (["history", "empty.toml"], 4, "empty.toml: the file is empty"),
        (["history", "missing.toml"], 4, "missing.toml: no such file"),
    ],
)
def test_errors_are_one_line_with_documented_codes(
    cases: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    code: int,
    fragment: str,
) -> None:
    monkeypatch.chdir(cases)
    (cases / "broken.toml").write_text("format = 1\ncase_ref = [")
    (cases / "empty.toml").write_text("")
    got = run_main([*args, "--cases-dir", str(cases)])
    err = capsys.readouterr().err
    assert got == code
    assert err.startswith("thresholdcli: error: ") and err.count("\n") == 1
    assert fragment in err and "Traceback" not in err


def test_missing_case_mentions_a_draft(cases: Path) -> None:
    (cases / ".drafts").mkdir()
    (cases / ".drafts" / "C-9.toml").write_text('case_ref = "C-9"\n')
    with pytest.raises(RecordError, match="interview --resume C-9"):
        case_history("C-9", cases)


def test_case_ref_must_match_the_file_name(cases: Path) -> None:
    (cases / "C-200.toml").rename(cases / "C-300.toml")
    with pytest.raises(RecordError, match=r"holds case C-200.*rename it C-200\.toml"):
        case_history("C-300", cases)
    with pytest.raises(RecordError, match="holds case C-200"):
        case_history(str(cases / "C-300.toml"), cases)


def test_cases_dir_from_environment(cases: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("THRESHOLDCLI_CASES", str(cases))
    assert len(case_history("C-200").rows) == 3


def test_first_assessment_in_history_is_kept_verbatim(cases: Path) -> None:
    first: Assessment = record(cases).assessments[0]
    assert first.decision.reason == "" and first.consent[0].answer == "not_done"

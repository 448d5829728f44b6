"""Bad input gives a documented exit code and one line, never exit 70 or a hang
(issue 19 items 11-14 and 16)."""

from __future__ import annotations

import os
import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.test_storage_safety import interview_args
from thresholdcli.batch import score as batch
from thresholdcli.errors import FrameworkError, RecordError
from thresholdcli.framework import loader, toml_lines
from thresholdcli.records import store

HERE = Path(__file__).parent
GOLDEN = HERE / "golden" / "C-200.toml"
ANSWERS = """\
framework = "staffordshire-2023"
age = 8
immediate_danger = false
indicators = ["dev.2.07"]
decision = "accept"
[consent]
eha-consent = "done"
"""


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("thresholdcli: error: "), err
    return lines[0]


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


# --- item 11: score checks case_ref like interview --------------------------------------


@pytest.mark.parametrize("case_ref", ["Jane Smith", "../escape", "C-1\x1b[2J", ""])
def test_score_refuses_an_unsafe_case_ref_without_echoing_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case_ref: str
) -> None:
    quoted = case_ref.replace("\\", "\\\\").replace('"', '\\"').replace("\x1b", "\\u001b")
    path = write(tmp_path, "case.toml", f'case_ref = "{quoted}"\n' + ANSWERS)
    code, out, err = run_cli(["score", str(path), "--format", "json"], capsys)
    assert code == 7
    assert "case reference must be" in out
    if case_ref:
        assert case_ref not in out + err
    assert "\x1b" not in out + err


# --- item 12: one bad record never stops the audit ---------------------------------------


def golden_with(old: str, new: str) -> str:
    text = GOLDEN.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        (
            "assessed_at = 2026-05-04T09:30:00+00:00",
            "assessed_at = 9999-12-31T23:00:00+00:00",
            "out of the range of dates",
        ),
        (
            "assessed_at = 2026-05-04T09:30:00+00:00",
            "assessed_at = 9999-12-31T23:59:59-23:59",
            "out of the range of dates",
        ),
        (
            "[assessments.decision]\nrank = 2",
            "[assessments.decision]\nrank = 10000",
            "less than or equal to 9",
        ),
        (
            "[assessments.decision]\nrank = 2",
            "[assessments.decision]\nrank = 7",
            "not a level of staffordshire-2023",
        ),
        ("age = 8", "age = 26", "less than or equal to 25"),
        ("age = 8", "age = -1", "greater than or equal to 0"),
    ],
)
def test_a_bad_record_is_reported_and_the_audit_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, words: str
) -> None:
    cases = tmp_path / "cases"
    cases.mkdir()
    write(cases, "C-200.toml", GOLDEN.read_text(encoding="utf-8"))
    write(cases, "C-201.toml", golden_with(old, new).replace('"C-200"', '"C-201"'))
    code, out, err = run_cli(
        ["audit", str(cases), "--format", "json", "--as-of", "2026-12-01"], capsys
    )
    assert code == 7, err
    assert err.strip() == "thresholdcli: error: 1 file(s) could not be read"
    report = __import__("json").loads(out)
    assert report["cases"] == 1
    assert report["unreadable_files"]["count"] == 1
    assert words in report["unreadable_files"]["files"][0]
    for summary in report["frameworks"]:
        assert len(summary["confusion"]["matrix"]) <= 9


def test_ranks_and_ages_outside_the_schema_are_refused_at_load(tmp_path: Path) -> None:
    for old, new in (
        ("[assessments.suggestion]\nrank = 2", "[assessments.suggestion]\nrank = 0"),
        ('level = 2\ntext = "Poor', 'level = 12\ntext = "Poor'),
        ("age = 8", "age = 1000"),
    ):
        path = write(tmp_path, "C-200.toml", golden_with(old, new))
        with pytest.raises(RecordError):
            store.load_record(path)


@pytest.mark.parametrize("age", ["26", "-1", "100000"])
def test_an_answers_file_with_an_age_outside_0_to_25_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], age: str
) -> None:
    answers = write(tmp_path, "a.toml", ANSWERS.replace("age = 8", f"age = {age}"))
    for args in (
        interview_args(answers, tmp_path),
        ["score", str(answers), "--format", "json"],
    ):
        code, out, err = run_cli(args, capsys)
        assert code in (4, 7), (args, err)
        assert "age" in out + err
    assert not (tmp_path / "C-1.toml").exists()


def test_a_mistyped_key_in_an_answers_file_is_named_with_the_key_meant(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = write(tmp_path, "a.toml", ANSWERS.replace("indicators =", "indicatorz ="))
    code, _, err = run_cli(interview_args(answers, tmp_path), capsys)
    assert code == 4
    assert one_line(err).endswith('a.toml: indicatorz: unknown key (did you mean "indicators"?)')
    assert not (tmp_path / "C-1.toml").exists()


# --- item 13: documented codes and one line -----------------------------------------------


def test_toml_nested_100000_deep_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deep = write(tmp_path, "C-1.toml", "x = " + "[" * 100_000 + "]" * 100_000 + "\n")
    for args in (
        ["history", str(deep)],
        ["score", str(deep), "--format", "json"],
        ["interview", "--answers", str(deep), "--cases-dir", str(tmp_path / "cases")],
        ["frameworks", "validate", str(deep)],
    ):
        code, out, err = run_cli(args, capsys)
        assert code not in (0, 70), (args, err)
        assert "nested too deeply" in out + err


def test_an_integer_over_4300_digits_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    long = write(tmp_path, "C-1.toml", "format = " + "9" * 5000 + "\n")
    code, _, err = run_cli(["history", str(long)], capsys)
    assert code == RecordError.exit_code
    assert "number too long" in one_line(err)
    code, _, err = run_cli(["frameworks", "validate", str(long)], capsys)
    assert code == FrameworkError.exit_code and "number too long" in err


@pytest.mark.parametrize(
    "at", ["9999-12-31T23:59:59-23:59", "9999-12-31 23:59", "0001-01-01 00:00"]
)
def test_contacts_at_the_edge_of_the_calendar_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], at: str
) -> None:
    code, _, err = run_cli(["contacts", "hull", "--at", at], capsys)
    assert code == 2
    assert "out of the range of dates" in one_line(err)


def test_a_role_with_bytes_that_are_not_utf8_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = write(tmp_path, "a.toml", ANSWERS)
    role = b"school \xff DSL".decode("utf-8", "surrogateescape")
    code, _, err = run_cli(
        interview_args(answers, tmp_path / "cases", "--role", role),
        capsys,
    )
    assert code == 2
    assert "--role" in one_line(err)
    assert not (tmp_path / "cases" / "C-1.toml").exists()


def test_debug_works_after_the_subcommand(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(["history", str(tmp_path / "C-9.toml"), "--debug"], capsys)
    assert code == RecordError.exit_code
    assert "Traceback" in err and "no such file" in err
    code, _, err = run_cli(["history", str(tmp_path / "C-9.toml")], capsys)
    assert "Traceback" not in err and "no such file" in one_line(err)


# --- item 14: hangs -------------------------------------------------------------------------


def test_jobs_are_capped_at_the_cpus_there_are() -> None:
    assert batch.worker_count(100_000) == batch.usable_cpus() <= (os.cpu_count() or 1)
    assert batch.worker_count(1) == 1


def test_frameworks_validate_indexes_each_file_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (loader.framework_files()[0]).read_text(encoding="utf-8")
    bad = "".join(
        f'\n[[indicators]]\nid = "bad.{n}"\ndomain = "nope"\nlevel = "x"\ntext = "t"\n'
        for n in range(300)
    )
    path = write(tmp_path, "big.toml", text + bad)
    built = []
    real = toml_lines.TomlIndex.__init__

    def counting(self: toml_lines.TomlIndex, source: str) -> None:
        built.append(1)
        real(self, source)

    monkeypatch.setattr(toml_lines.TomlIndex, "__init__", counting)
    _, problems = loader.check_framework_file(path)
    assert len(problems) >= 300 and len(built) == 1
    first_bad = len(text.splitlines()) + 2  # the [[indicators]] header of bad.0
    level_line = [p.line for p in problems if p.message.startswith("indicators.")]
    assert level_line[0] is not None and level_line[0] >= first_bad
    assert level_line == sorted(level_line)


# --- item 16: small things ------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["score", "--frobnicate"],
        ["history"],
        ["score", "--format", "xml", "x.toml"],
        ["card", "hull", "--level", "x"],
        ["no-such-command"],
    ],
)
def test_usage_errors_are_one_line(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    code, _, err = run_cli(args, capsys)
    assert code == 2
    line = one_line(err)
    assert "--help" in line and "│" not in line


def test_a_record_whose_case_ref_differs_from_its_name_is_refused_everywhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = tmp_path / "cases"
    cases.mkdir()
    other = write(cases, "C-999.toml", GOLDEN.read_text(encoding="utf-8"))
    for args in (
        ["history", str(other)],
        ["history", "C-999", "--cases-dir", str(cases)],
        ["rescore", str(other)],
        ["diff", str(other)],
    ):
        code, _, err = run_cli(args, capsys)
        assert code == RecordError.exit_code, (args, err)
        assert "holds case C-200" in one_line(err)
    code, out, _ = run_cli(["score", str(other), "--format", "json"], capsys)
    assert code == 7 and "holds case C-200" in out
    code, out, _ = run_cli(["audit", str(other), "--format", "json"], capsys)
    assert code == 2 or "holds case C-200" in out


@pytest.mark.parametrize(
    ("at", "words", "moment"),
    [
        ("2026-03-29 01:30", "does not exist in UK time", "2026-03-29T01:30:00+00:00"),
        ("2026-10-25 01:30", "happens twice in UK time", "2026-10-25T00:30:00+00:00"),
    ],
)
def test_a_local_time_the_clocks_skip_or_repeat_says_what_was_assumed(
    capsys: pytest.CaptureFixture[str], at: str, words: str, moment: str
) -> None:
    code, out, err = run_cli(["contacts", "hull", "--at", at, "--format", "json"], capsys)
    assert code == 0
    assert err.startswith("thresholdcli's reading: ") and words in err
    assert len(err.strip().splitlines()) == 1
    plan = __import__("json").loads(out)
    shown = datetime.fromisoformat(plan["at"]).astimezone(UTC)
    assert shown == datetime.fromisoformat(moment)


def test_an_ordinary_local_time_says_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(["contacts", "hull", "--at", "2026-06-01 10:00"], capsys)
    assert code == 0 and err == ""


def test_two_files_defining_one_framework_version_are_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    source = next(p for p in loader.framework_files() if p.stem == "hull")
    write(tmp_path, "hull.toml", source.read_bytes())
    write(tmp_path, "hull-copy.toml", source.read_bytes())
    monkeypatch.setenv(loader.FRAMEWORKS_ENV, str(tmp_path))
    code, _, err = run_cli(["frameworks", "validate"], capsys)
    assert code == FrameworkError.exit_code
    assert "hull@2018-05 is also defined by" in err
    code, _, err = run_cli(["card", "hull", "--level", "1"], capsys)
    assert code == FrameworkError.exit_code
    assert "is also defined by" in one_line(err)
    assert tomllib.loads(source.read_text(encoding="utf-8"))["id"] == "hull"

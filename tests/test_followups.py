"""`followups`: every to-do not yet done, across cases; `followups done` appends."""

from __future__ import annotations

import json
import multiprocessing
import stat
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.followup_helpers import (
    FIVE_WORKING_DAYS,
    HOURS_48,
    SECRET,
    TWO_WORKING_DAYS,
    hull_assessment,
    save,
)
from thresholdcli.advice.contacts import UK
from thresholdcli.framework import loader
from thresholdcli.framework.model import Due
from thresholdcli.records import store

Capsys = pytest.CaptureFixture[str]


def uk(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UK)


def listed(cases: Path, as_of: str, capsys: Capsys, *extra: str) -> dict[str, object]:
    code, out, err = run_cli(
        ["followups", "--cases-dir", str(cases), "--as-of", as_of, "--format", "json", *extra],
        capsys,
    )
    assert code == 0, err
    data: dict[str, object] = json.loads(out)
    return data


def rows(data: dict[str, object]) -> list[dict[str, object]]:
    found = data["followups"]
    assert isinstance(found, list)
    return found


# --- due dates and how overdue -----------------------------------------------------


@pytest.mark.parametrize(
    ("assessed", "limit", "as_of", "due", "status"),
    [
        # A weekend: 2 working days from Friday end on Tuesday night; Wednesday is one
        # working day late, however many clock hours have passed.
        (
            "2026-11-27 15:00",
            TWO_WORKING_DAYS,
            "2026-12-02 10:00",
            "2026-12-01T23:59:00+00:00",
            "overdue by 1 working day (10 hours)",
        ),
        # A weekend in clock hours: 48 hours from Friday 15:00 end on Sunday 15:00.
        (
            "2026-11-27 15:00",
            HOURS_48,
            "2026-11-30 09:00",
            "2026-11-29T15:00:00+00:00",
            "overdue by 1 working day (18 hours)",
        ),
        # Bank holidays: from Christmas Eve, 25 and 28 December (substitute Boxing Day)
        # do not count; New Year's Day does not count towards how late it is.
        (
            "2026-12-24 10:00",
            TWO_WORKING_DAYS,
            "2027-01-04 09:00",
            "2026-12-30T23:59:00+00:00",
            "overdue by 2 working days (105 hours)",
        ),
        # Clocks go forward (29 March 2026): 48 hours from Friday 10:00 GMT end on Sunday
        # 11:00 BST; to Monday 09:00 BST is 22 hours, not 23.
        (
            "2026-03-27 10:00",
            HOURS_48,
            "2026-03-30 09:00",
            "2026-03-29T11:00:00+01:00",
            "overdue by 1 working day (22 hours)",
        ),
        # Clocks go back (25 October 2026): 48 hours from Friday 10:00 BST end on Sunday
        # 09:00 GMT; to Sunday 12:00 GMT is 3 hours, and no working day has passed.
        (
            "2026-10-23 10:00",
            HOURS_48,
            "2026-10-25 12:00",
            "2026-10-25T09:00:00+00:00",
            "overdue by 3 hours",
        ),
        # Not yet due: working days still to come, across the weekend.
        (
            "2026-11-27 15:00",
            FIVE_WORKING_DAYS,
            "2026-11-28 10:00",
            "2026-12-04T23:59:00+00:00",
            "due in 5 working days (157 hours)",
        ),
    ],
)
def test_due_dates_and_how_overdue(
    tmp_path: Path, capsys: Capsys, assessed: str, limit: Due, as_of: str, due: str, status: str
) -> None:
    cases = tmp_path / "cases"
    save(cases, "C-1", hull_assessment(uk(assessed), {"written-follow-up": limit}))
    (row,) = rows(listed(cases, as_of, capsys))
    assert row["due"] == due
    assert row["status"] == status
    assert row["overdue"] is status.startswith("overdue")


@pytest.mark.parametrize(
    ("due", "as_of", "hours"),
    [("2026-03-28 12:00", "2026-03-29 12:00", 23), ("2026-10-24 12:00", "2026-10-25 12:00", 25)],
)
def test_an_hour_is_lost_and_gained_at_the_clock_changes(
    tmp_path: Path, capsys: Capsys, due: str, as_of: str, hours: int
) -> None:
    """Midday to midday across each clock change is 23 and 25 hours of real time."""
    cases = tmp_path / "cases"
    made = uk(due) - timedelta(hours=48)
    save(cases, "C-1", hull_assessment(made, {"written-follow-up": HOURS_48}))
    (row,) = rows(listed(cases, as_of, capsys))
    assert row["due"] == uk(due).isoformat()
    assert (row["hours"], row["working_days"], row["overdue"]) == (hours, 0, True)


def test_most_urgent_first_across_cases(tmp_path: Path, capsys: Capsys) -> None:
    cases = tmp_path / "cases"
    save(cases, "A-LATER", hull_assessment(uk("2026-11-30 10:00"), {"chase-feedback": HOURS_48}))
    save(cases, "B-NO-DUE", hull_assessment(uk("2026-11-20 10:00"), {"chase-feedback": None}))
    save(cases, "C-EARLY", hull_assessment(uk("2026-11-23 10:00"), {"written-follow-up": HOURS_48}))
    data = listed(cases, "2026-12-01 09:00", capsys)
    assert [r["case_ref"] for r in rows(data)] == ["C-EARLY", "A-LATER", "B-NO-DUE"]
    assert (data["open"], data["overdue"], data["cases"]) == (3, 1, 3)
    assert rows(data)[2]["status"] == "no due time recorded"


def test_what_is_the_framework_question_and_the_reading_is_labelled(
    tmp_path: Path, capsys: Capsys
) -> None:
    cases = tmp_path / "cases"
    save(cases, "C-1", hull_assessment(uk("2026-11-23 10:00"), {"written-follow-up": HOURS_48}))
    data = listed(cases, "2026-11-30 09:00", capsys)
    (row,) = rows(data)
    item = next(c for c in loader.resolve("hull")[0].consent if c.id == "written-follow-up")
    assert (row["what"], row["section"]) == (item.question, item.section)
    assert "EHASH in writing" in item.question
    assert data["schema_version"] == 1
    readings = row["readings"]
    assert isinstance(readings, list) and readings
    assert all(str(r).startswith("thresholdcli's reading") for r in readings)


def test_table_lists_the_case_what_due_and_status(
    tmp_path: Path, capsys: Capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("THRESHOLDCLI_WIDTH", "140")
    cases = tmp_path / "cases"
    save(cases, "C-1", hull_assessment(uk("2026-11-27 15:00"), {"chase-feedback": HOURS_48}))
    code, out, _ = run_cli(
        ["followups", "--cases-dir", str(cases), "--as-of", "2026-12-02 10:00"], capsys
    )
    assert code == 0
    assert "1 in 1 case(s), 1 overdue" in out
    assert "C-1 #1" in out and "chase-feedback" in out
    assert "overdue by 3 working days (67 hours)" in out
    assert "followups done CASE ID" in out


def test_no_followups_says_so(tmp_path: Path, capsys: Capsys) -> None:
    cases = tmp_path / "cases"
    save(cases, "C-1", hull_assessment(uk("2026-11-27 15:00"), {}, done=("chase-feedback",)))
    code, out, _ = run_cli(["followups", "--cases-dir", str(cases)], capsys)
    assert code == 0
    assert "No open follow-ups in 1 case(s)" in out


def test_an_unreadable_record_is_named_and_the_rest_listed(tmp_path: Path, capsys: Capsys) -> None:
    cases = tmp_path / "cases"
    save(cases, "C-1", hull_assessment(uk("2026-11-27 15:00"), {"chase-feedback": HOURS_48}))
    (cases / "broken.toml").write_text("format = [", encoding="utf-8")
    code, out, err = run_cli(["followups", "--cases-dir", str(cases), "--format", "json"], capsys)
    assert code == 7
    data = json.loads(out)
    assert len(data["followups"]) == 1
    assert "broken.toml" in data["unreadable"][0]
    assert "could not be read" in err


def test_a_missing_cases_folder_is_a_one_line_error(tmp_path: Path, capsys: Capsys) -> None:
    code, _, err = run_cli(["followups", "--cases-dir", str(tmp_path / "nope")], capsys)
    assert code == 4
    assert err.count("\n") == 1 and "no cases folder" in err


# --- redaction -----------------------------------------------------------------------


def test_no_free_text_in_json_unless_asked_for(tmp_path: Path, capsys: Capsys) -> None:
    cases = tmp_path / "cases"
    todos: dict[str, Due | None] = {"written-follow-up": HOURS_48, "chase-feedback": None}
    save(cases, "C-1", hull_assessment(uk("2026-11-23 10:00"), todos, reason=f"why {SECRET}"))
    code, _, _ = run_cli(
        [
            "followups",
            "done",
            "C-1",
            "chase-feedback",
            "--cases-dir",
            str(cases),
            "--at",
            "2026-11-24 10:00",
            "--note",
            f"done {SECRET}",
        ],
        capsys,
    )
    assert code == 0
    save(cases, "C-1", hull_assessment(uk("2026-11-25 10:00"), todos, reason=f"why {SECRET}"))
    code, out, _ = run_cli(
        ["followups", "--cases-dir", str(cases), "--as-of", "2026-12-01", "--format", "json"],
        capsys,
    )
    assert code == 0
    assert len(json.loads(out)["followups"]) == 3
    assert SECRET not in out
    code, table, _ = run_cli(["followups", "--cases-dir", str(cases)], capsys)
    assert code == 0 and SECRET not in table
    shown = listed(cases, "2026-12-01", capsys, "--show-notes")
    assert all(r["reason"] == f"why {SECRET}" for r in rows(shown))


# --- marking done ----------------------------------------------------------------------


def test_marking_done_appends_and_keeps_earlier_bytes(tmp_path: Path, capsys: Capsys) -> None:
    cases = tmp_path / "cases"
    todos: dict[str, Due | None] = {"written-follow-up": HOURS_48, "chase-feedback": None}
    path = save(cases, "C-1", hull_assessment(uk("2026-11-23 10:00"), todos))
    before = path.read_bytes()
    code, out, err = run_cli(
        [
            "followups",
            "done",
            "C-1",
            "written-follow-up",
            "--cases-dir",
            str(cases),
            "--at",
            "2026-11-24 16:30",
            "--note",
            "emailed EHASH",
        ],
        capsys,
    )
    assert code == 0, err
    assert "Marked done: written-follow-up (assessment 1) of case C-1" in out
    after = path.read_bytes()
    assert after.startswith(before)
    assert after[len(before) :].decode() == (
        '\n[[followups_done]]\nassessment = 1\nid = "written-follow-up"\n'
        'done_at = 2026-11-24T16:30:00+00:00\nnote = "emailed EHASH"\n'
    )
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    record = store.load_record(path)
    assert [(e.id, e.note) for e in record.followups_done] == [
        ("written-follow-up", "emailed EHASH")
    ]
    assert [r["id"] for r in rows(listed(cases, "2026-12-01", capsys))] == ["chase-feedback"]


def test_a_later_assessment_is_appended_after_a_followup_done(
    tmp_path: Path, capsys: Capsys
) -> None:
    cases = tmp_path / "cases"
    todos: dict[str, Due | None] = {"written-follow-up": HOURS_48}
    path = save(cases, "C-1", hull_assessment(uk("2026-11-23 10:00"), todos))
    run_cli(["followups", "done", "C-1", "written-follow-up", "--cases-dir", str(cases)], capsys)
    before = path.read_bytes()
    record = store.append_assessment(cases, "C-1", hull_assessment(uk("2026-11-30 10:00"), todos))
    assert path.read_bytes().startswith(before)
    assert len(record.followups_done) == 1 and len(record.assessments) == 2
    assert store.load_record(path) == record


def test_marking_done_keeps_crlf_bytes(tmp_path: Path, capsys: Capsys) -> None:
    cases = tmp_path / "cases"
    path = save(cases, "C-1", hull_assessment(uk("2026-11-23 10:00"), {"chase-feedback": None}))
    path.write_bytes(b"# written on Windows\r\n" + path.read_bytes().replace(b"\n", b"\r\n"))
    before = path.read_bytes()
    code, _, err = run_cli(
        ["followups", "done", "C-1", "chase-feedback", "--cases-dir", str(cases)], capsys
    )
    assert code == 0, err
    after = path.read_bytes()
    assert after.startswith(before)
    assert b"\n" not in after[len(before) :].replace(b"\r\n", b"")
    assert store.load_record(path).followups_done[0].id == "chase-feedback"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such-item"], "not an open follow-up of case C-1 (open: chase-feedback"),
        (["share-openly"], "not an open follow-up"),
        (["chase-feedback", "--at", "2026-11-22 10:00"], "before assessment 1 was made"),
        (["chase-feedback", "--at", "2099-01-01 10:00"], "in the future"),
        (["chase-feedback", "--at", "tomorrow"], "--at 'tomorrow' is not a date"),
    ],
)
def test_marking_done_refuses_bad_input_and_changes_nothing(
    tmp_path: Path, capsys: Capsys, args: list[str], message: str
) -> None:
    cases = tmp_path / "cases"
    assessment = hull_assessment(
        uk("2026-11-23 10:00"), {"chase-feedback": None}, done=("share-openly",)
    )
    path = save(cases, "C-1", assessment)
    before = path.read_bytes()
    code, _, err = run_cli(["followups", "done", "C-1", *args, "--cases-dir", str(cases)], capsys)
    assert code == 2
    assert message in err and err.count("\n") == 1
    assert path.read_bytes() == before


def test_a_followup_done_twice_is_refused(tmp_path: Path, capsys: Capsys) -> None:
    cases = tmp_path / "cases"
    path = save(cases, "C-1", hull_assessment(uk("2026-11-23 10:00"), {"chase-feedback": None}))
    argv = ["followups", "done", "C-1", "chase-feedback", "--cases-dir", str(cases)]
    assert run_cli(argv, capsys)[0] == 0
    before = path.read_bytes()
    code, _, err = run_cli(argv, capsys)
    assert code == 2 and "already marked done" in err
    assert path.read_bytes() == before


def test_open_in_two_assessments_needs_assessment(tmp_path: Path, capsys: Capsys) -> None:
    cases = tmp_path / "cases"
    todos: dict[str, Due | None] = {"chase-feedback": None}
    save(cases, "C-1", hull_assessment(uk("2026-11-23 10:00"), todos))
    path = save(cases, "C-1", hull_assessment(uk("2026-11-25 10:00"), todos))
    argv = ["followups", "done", "C-1", "chase-feedback", "--cases-dir", str(cases)]
    code, _, err = run_cli(argv, capsys)
    assert code == 2 and "open in assessments 1, 2" in err and "--assessment N" in err
    assert run_cli([*argv, "--assessment", "2"], capsys)[0] == 0
    record = store.load_record(path)
    assert [(e.assessment, e.id) for e in record.followups_done] == [(2, "chase-feedback")]


def test_a_missing_case_or_a_file_path_is_refused(tmp_path: Path, capsys: Capsys) -> None:
    cases = tmp_path / "cases"
    code, _, err = run_cli(
        ["followups", "done", "NOPE", "chase-feedback", "--cases-dir", str(cases)], capsys
    )
    assert code == 4 and "no case record for NOPE" in err
    code, _, err = run_cli(["followups", "done", "x.toml", "chase-feedback"], capsys)
    assert code == 2 and "give the case reference" in err


def _mark(cases: str) -> int:
    from thresholdcli.casework.review import DoneRequest, mark_followup_done
    from thresholdcli.errors import ThresholdError

    now = datetime(2026, 11, 24, 10, 0, tzinfo=UK)
    try:
        mark_followup_done(DoneRequest("C-1", "chase-feedback", now, now), Path(cases))
    except ThresholdError:
        return 0
    return 1


def test_two_processes_marking_one_followup_append_once(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    path = save(cases, "C-1", hull_assessment(uk("2026-11-23 10:00"), {"chase-feedback": None}))
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        results = pool.map(_mark, [str(cases)] * 2)
    assert sorted(results) == [0, 1]
    assert path.read_text(encoding="utf-8").count("[[followups_done]]") == 1


# --- history and audit count overdue follow-ups ---------------------------------------


def _two_todos(cases: Path) -> None:
    todos: dict[str, Due | None] = {"written-follow-up": HOURS_48, "chase-feedback": None}
    save(cases, "C-1", hull_assessment(uk("2026-11-23 10:00"), todos))


def test_history_counts_overdue_followups(
    tmp_path: Path, capsys: Capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("THRESHOLDCLI_WIDTH", "100")
    cases = tmp_path / "cases"
    _two_todos(cases)
    base = ["history", "C-1", "--cases-dir", str(cases)]
    code, out, _ = run_cli([*base, "--as-of", "2026-11-26 09:00", "--format", "json"], capsys)
    assert code == 0
    followups = json.loads(out)["followups"]
    assert (followups["open"], followups["overdue"]) == (2, 1)
    assert followups["overdue_items"] == [
        {
            "assessment": 1,
            "id": "written-follow-up",
            "due": "2026-11-25T10:00:00+00:00",
            "status": "overdue by 1 working day (23 hours)",
        }
    ]
    code, out, _ = run_cli([*base, "--as-of", "2026-11-26 09:00"], capsys)
    assert "Follow-ups not yet done: 2; overdue as of Thu 26 Nov 2026 09:00 (UK time): 1" in out
    assert "written-follow-up (assessment 1): due Wed 25 Nov 2026 10:00, overdue by 1" in out
    code, out, _ = run_cli([*base, "--as-of", "2026-11-24", "--format", "json"], capsys)
    assert json.loads(out)["followups"]["overdue"] == 0


def test_audit_counts_overdue_followups(tmp_path: Path, capsys: Capsys) -> None:
    cases = tmp_path / "cases"
    _two_todos(cases)
    code, out, _ = run_cli(
        ["audit", str(cases), "--as-of", "2026-11-26", "--format", "json"], capsys
    )
    assert code == 0
    followups = json.loads(out)["followups"]
    assert (followups["open"], followups["overdue"]) == (2, 1)
    assert followups["overdue_items"][0] == {
        "case_ref": "C-1",
        "assessment": 1,
        "framework": {"id": "hull", "version": "2018-05"},
        "consent": "written-follow-up",
        "due": "2026-11-25",
        "working_days_late": 1,
        "hours_late": 14,
    }
    code, out, _ = run_cli(
        [
            "audit",
            str(cases),
            "--as-of",
            "2026-11-26",
            "--format",
            "json",
            "--redact",
            "--salt",
            "a-long-secret",
        ],
        capsys,
    )
    item = json.loads(out)["followups"]["overdue_items"][0]
    assert item["case_ref"].startswith("case-") and item["due"] == "2026-11"
    code, out, _ = run_cli(["audit", str(cases), "--as-of", "2026-11-26", "--format", "md"], capsys)
    assert "## Follow-ups overdue: 1" in out and "written-follow-up" in out
    assert "Follow-ups not yet done: 2; overdue at 2026-11-26 00:00 (UK time): 1." in out
    code, out, _ = run_cli(
        ["audit", str(cases), "--as-of", "2026-11-25", "--format", "json"], capsys
    )
    assert json.loads(out)["followups"]["overdue"] == 0

"""Saving and reading files safely (issue 19 items 3-6, 10, 13, 14; issue 16 Windows and macOS).

Appends never rewrite earlier bytes whatever the line endings; temp files are created
exclusively in the record's own folder; folders others own or can write to are refused or
tightened; transcripts are private; inputs that are not regular files, or too large, are
refused at once; OS errors (read-only, disk full) are one line that says what is kept.
"""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run_cli
from tests.test_record_format import _inline
from thresholdcli import safe_io
from thresholdcli.errors import OutputError, RecordError
from thresholdcli.records import store
from thresholdcli.records.model import Assessment, CaseRecord

HERE = Path(__file__).parent
GOLDEN = HERE / "golden" / "C-200.toml"
POSIX = hasattr(os, "geteuid")
ANSWERS = """\
framework = "staffordshire-2023"
assessor_role = "school DSL"
age = 8
immediate_danger = false
indicators = ["dev.2.07"]
strengths = "Grandmother nearby"
decision = "accept"
[consent]
eha-consent = "done"
"""


def interview_args(answers: Path, cases: Path, *extra: str, case: str = "C-1") -> list[str]:
    """`interview --answers FILE --case CASE --cases-dir FOLDER` and any `extra` options."""
    return [
        "interview",
        "--answers",
        str(answers),
        "--case",
        case,
        "--cases-dir",
        str(cases),
        *extra,
    ]


def run_interview(
    tmp_path: Path, cases: Path, capsys: pytest.CaptureFixture[str], *extra: str, case: str = "C-1"
) -> tuple[int, str, str]:
    """`interview --answers` with the standard answers file, as the CLI runs it."""
    answers = tmp_path / "answers.toml"
    answers.write_text(ANSWERS, encoding="utf-8")
    return run_cli(interview_args(answers, cases, *extra, case=case), capsys)


def golden_record() -> CaseRecord:
    return store.load_record(GOLDEN)


def later(record: CaseRecord) -> Assessment:
    return record.latest.model_copy(update={"assessor_role": "early help practitioner"})


def one_line_error(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("thresholdcli: error: "), err
    return lines[0]


# --- item 3: appends keep earlier bytes, whatever the line endings -------------------------


def crlf_record(cases: Path) -> bytes:
    text = GOLDEN.read_text(encoding="utf-8")
    text = text.replace("[[assessments]]\n", "# reviewed by hand\n[[assessments]]\n", 1)
    raw = text.replace("\n", "\r\n").encode("utf-8")
    store.ensure_private_dir(cases)
    (cases / "C-200.toml").write_bytes(raw)
    return raw


def test_crlf_record_gets_its_assessment_after_its_bytes_kept_exactly(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    raw = crlf_record(cases)
    record = store.append_assessment(cases, "C-200", later(golden_record()))
    after = (cases / "C-200.toml").read_bytes()
    assert after.startswith(raw), "earlier bytes (and the hand-written comment) are kept"
    assert b"# reviewed by hand" in after
    assert store.load_record(cases / "C-200.toml") == record
    assert len(record.assessments) == len(golden_record().assessments) + 1
    added = after[len(raw) :]
    assert b"\n" in added and added.count(b"\n") == added.count(b"\r\n"), "same line endings"


def test_record_without_a_final_newline_keeps_its_bytes(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    store.ensure_private_dir(cases)
    raw = GOLDEN.read_bytes().rstrip(b"\n") + b"  # last line, no newline"
    (cases / "C-200.toml").write_bytes(raw)
    record = store.append_assessment(cases, "C-200", later(golden_record()))
    assert (cases / "C-200.toml").read_bytes().startswith(raw)
    assert store.load_record(cases / "C-200.toml") == record


def test_an_append_that_cannot_be_done_safely_is_one_line_and_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = tmp_path / "cases"
    store.ensure_private_dir(cases)
    # Valid TOML that a new [[assessments]] block cannot follow: assessments written as
    # an inline array by hand.
    record = golden_record()
    head = store.to_toml(record).split("\n[[assessments]]")[0]
    first = store._drop_none(record.assessments[0].model_dump(mode="python"))
    inline = head + "\nassessments = [" + _inline(first) + "]\n"
    assert store.record_from_bytes(inline.encode(), "x")
    path = cases / "C-200.toml"
    path.write_text(inline, encoding="utf-8")
    code, _, err = run_interview(tmp_path, cases, capsys, case="C-200")
    assert code == RecordError.exit_code
    assert "cannot add to this file safely" in one_line_error(err)
    assert path.read_text(encoding="utf-8") == inline


# --- item 4: temp files exclusive, no-follow, in the folder itself --------------------------


def test_a_symlink_planted_at_the_old_temp_name_is_never_followed(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    store.ensure_private_dir(cases)
    store.ensure_private_dir(cases / store.DRAFTS)
    victim = tmp_path / "victim.txt"
    victim.write_text("do not touch")
    pid = os.getpid()
    for folder in (cases, cases / store.DRAFTS):
        (folder / f".C-200.toml.{pid}.tmp").symlink_to(victim)
    record = golden_record()
    store.save_draft(cases, _sheet())
    store.append_assessment(cases, "C-200", record.assessments[0])
    assert victim.read_text() == "do not touch"
    assert (cases / "C-200.toml").is_file() and not (cases / "C-200.toml").is_symlink()


def _sheet() -> Any:
    from thresholdcli.records.sheet import AnswerSheet

    return AnswerSheet(framework="staffordshire-2023", case_ref="C-200", notes={"x": "private"})


def test_temp_files_are_made_by_mkstemp_in_the_target_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[dict[str, Any]] = []
    real = tempfile.mkstemp

    def spy(**kwargs: Any) -> tuple[int, str]:
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", spy)
    cases = tmp_path / "cases"
    store.save_draft(cases, _sheet())
    store.append_assessment(cases, "C-200", golden_record().assessments[0])
    assert [Path(c["dir"]) for c in calls] == [cases / store.DRAFTS, cases]
    assert sorted(p.name for p in cases.iterdir()) == [".C-200.lock", ".drafts", "C-200.toml"]


def test_a_record_that_is_a_symlink_is_not_replaced(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    store.ensure_private_dir(cases)
    elsewhere = tmp_path / "elsewhere.toml"
    elsewhere.write_bytes(GOLDEN.read_bytes())
    (cases / "C-200.toml").symlink_to(elsewhere)
    with pytest.raises(RecordError, match="symbolic link"):
        store.append_assessment(cases, "C-200", later(golden_record()))
    assert (cases / "C-200.toml").is_symlink()
    assert elsewhere.read_bytes() == GOLDEN.read_bytes()


# --- item 5: folders others can write to, or that others own --------------------------------


@pytest.mark.skipif(not POSIX, reason="POSIX permissions (Windows folders keep their ACLs)")
@pytest.mark.parametrize("mode", [0o755, 0o777, 0o750])
def test_an_existing_folder_of_ours_is_tightened_to_0700(tmp_path: Path, mode: int) -> None:
    cases = tmp_path / "cases"
    cases.mkdir()
    os.chmod(cases, mode)
    store.append_assessment(cases, "C-200", golden_record().assessments[0])
    assert stat.S_IMODE(cases.stat().st_mode) == 0o700
    drafts = cases / store.DRAFTS
    drafts.mkdir()
    os.chmod(drafts, mode)
    store.save_draft(cases, _sheet())
    assert stat.S_IMODE(drafts.stat().st_mode) == 0o700


@pytest.mark.skipif(not POSIX or os.geteuid() != 0, reason="needs root to give a folder away")
@pytest.mark.parametrize("which", ["cases", "drafts"])
def test_a_folder_another_user_owns_is_refused_with_the_fix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], which: str
) -> None:
    cases = tmp_path / "cases"
    (cases / store.DRAFTS).mkdir(parents=True, mode=0o700)
    os.chmod(cases, 0o700)
    os.chown(cases if which == "cases" else cases / store.DRAFTS, 12345, 12345)
    code, _, err = run_interview(tmp_path, cases, capsys)
    assert code == RecordError.exit_code
    line = one_line_error(err)
    assert "belongs to another user" in line and "--cases-dir" in line
    assert not (cases / "C-1.toml").exists()


def test_cases_dir_that_is_a_file_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    not_a_folder = tmp_path / "cases"
    not_a_folder.write_text("")
    code, _, err = run_interview(tmp_path, not_a_folder, capsys)
    assert code == RecordError.exit_code
    assert "is a file, not a folder" in one_line_error(err)


# --- item 6: transcripts are private and whole ----------------------------------------------


def test_transcript_is_0600_and_written_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = tmp_path / "answers.toml"
    answers.write_text(ANSWERS, encoding="utf-8")
    transcript = tmp_path / "t.txt"
    transcript.write_text("old")
    os.chmod(transcript, 0o644)
    old_umask = os.umask(0)
    try:
        code, _, err = run_cli(
            interview_args(answers, tmp_path / "cases", "--transcript", str(transcript)),
            capsys,
        )
    finally:
        os.umask(old_umask)
    assert code == 0, err
    if POSIX:
        assert stat.S_IMODE(transcript.stat().st_mode) == 0o600
    assert "Grandmother nearby" in transcript.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize("kind", ["folder", "symlink"])
def test_transcript_that_is_not_a_file_is_refused_before_the_interview(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    answers = tmp_path / "answers.toml"
    answers.write_text(ANSWERS, encoding="utf-8")
    target = tmp_path / "t"
    if kind == "folder":
        target.mkdir()
    else:
        target.symlink_to(tmp_path / "elsewhere.txt")
    code, _, err = run_cli(
        interview_args(answers, tmp_path / "cases", "--transcript", str(target)),
        capsys,
    )
    assert code == 2
    one_line_error(err)
    assert not (tmp_path / "cases" / "C-1.toml").exists()
    assert not (tmp_path / "elsewhere.txt").exists()


# --- item 10: card -o -----------------------------------------------------------------------


def test_card_output_dash_is_stdout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(["card", "hull", "--level", "2", "--format", "md", "-o", "-"], capsys)
    assert code == 0, err
    assert out.startswith("# ") and not (tmp_path / "-").exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
@pytest.mark.parametrize("kind", ["symlink", "fifo", "folder", "device"])
def test_card_output_that_is_not_a_regular_file_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    target = tmp_path / "card.md"
    victim = tmp_path / "victim.md"
    victim.write_text("keep")
    if kind == "symlink":
        target.symlink_to(victim)
    elif kind == "fifo":
        os.mkfifo(target)
    elif kind == "folder":
        target.mkdir()
    else:
        target = Path(os.devnull)
    code, _, err = run_cli(
        ["card", "hull", "--level", "2", "--format", "md", "-o", str(target)], capsys
    )
    assert code == OutputError.exit_code
    one_line_error(err)
    assert victim.read_text() == "keep"
    if kind == "symlink":
        assert target.is_symlink()
    if kind == "fifo":
        assert stat.S_ISFIFO(os.lstat(target).st_mode)
    if kind == "device":
        assert Path(os.devnull).exists() and not Path(os.devnull).is_file()


def test_card_output_replaces_a_regular_file_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "card.md"
    target.write_text("old")
    code, _, err = run_cli(
        ["card", "hull", "--level", "2", "--format", "md", "-o", str(target)], capsys
    )
    assert code == 0, err
    assert target.read_text(encoding="utf-8").startswith("# ")


# --- items 13 and 14: one-line errors for the file system; no hangs on odd inputs -----------


def fail_mkstemp_for(monkeypatch: pytest.MonkeyPatch, folder: Path, error: int) -> None:
    real = tempfile.mkstemp

    def failing(**kwargs: Any) -> tuple[int, str]:
        if Path(kwargs["dir"]) == folder:
            raise OSError(error, os.strerror(error))
        return real(**kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", failing)


@pytest.mark.parametrize(
    ("error", "words"),
    [(errno.ENOSPC, "the disk is full"), (errno.EACCES, "read-only"), (errno.EROFS, "read-only")],
)
def test_a_record_that_cannot_be_saved_is_one_line_and_the_draft_is_kept(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    error: int,
    words: str,
) -> None:
    cases = tmp_path / "cases"
    answers = tmp_path / "answers.toml"
    answers.write_text(ANSWERS, encoding="utf-8")
    fail_mkstemp_for(monkeypatch, cases, error)
    code, _, err = run_cli(
        interview_args(answers, cases),
        capsys,
    )
    assert code == RecordError.exit_code
    line = one_line_error(err)
    assert words in line and "kept" in line and "--resume C-1" in line
    assert store.load_draft(cases, "C-1") is not None
    assert not (cases / "C-1.toml").exists()


def test_a_failed_write_leaves_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(OutputError, match=r"cannot write .*a\.txt \(the disk is full\)"):
        safe_io.write_atomic(tmp_path / "a.txt", b"x", 0o600, OutputError, "write")
    assert list(tmp_path.iterdir()) == []


def test_a_lock_that_cannot_be_taken_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import filelock

    def read_only(self: object, *args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(filelock.FileLock, "acquire", read_only)
    with pytest.raises(RecordError, match=r"cannot lock .*\.C-200\.lock \(permission denied"):
        store.append_assessment(tmp_path / "cases", "C-200", golden_record().assessments[0])


def test_read_input_refuses_what_is_not_a_regular_file_and_what_is_too_large(
    tmp_path: Path,
) -> None:
    with pytest.raises(RecordError, match="is a folder"):
        safe_io.read_input(tmp_path, RecordError)
    big = tmp_path / "big.toml"
    big.write_bytes(b"# " + b"x" * 20)
    with pytest.raises(RecordError, match="larger than 10 bytes"):
        safe_io.read_input(big, RecordError, limit=10)
    assert safe_io.read_input(big, RecordError, limit=22) == big.read_bytes()
    if os.path.exists("/dev/zero"):
        link = tmp_path / "zero.toml"
        link.symlink_to("/dev/zero")
        with pytest.raises(RecordError, match="not a regular file"):
            safe_io.read_input(link, RecordError)


def test_the_documented_input_limit_is_10_mb(tmp_path: Path) -> None:
    assert safe_io.MAX_INPUT_BYTES == 10 * 1024 * 1024
    doc = (HERE.parent / "docs" / "case-record.md").read_text(encoding="utf-8")
    assert "10 MB" in doc
    sparse = tmp_path / "C-1.toml"
    with sparse.open("wb") as handle:
        handle.truncate(safe_io.MAX_INPUT_BYTES + 1)
    with pytest.raises(RecordError, match="larger than 10 MB"):
        store.load_record(sparse)


HANG_PROBE = """
import sys
from thresholdcli.cli import main
sys.argv = ["thresholdcli", *sys.argv[1:]]
main()
"""


def run_script(
    script: str, args: list[str], cwd: Path, stdin: Any = subprocess.DEVNULL, timeout: int = 60
) -> subprocess.CompletedProcess[str]:
    """`python -c script ARGS` in a fresh interpreter; a hang ends as TimeoutExpired."""
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=cwd,
        stdin=stdin,
        env={**os.environ, "NO_COLOR": "1"},
        check=False,
    )


def run_probe(
    args: list[str], cwd: Path, stdin: Any = subprocess.DEVNULL
) -> subprocess.CompletedProcess[str]:
    return run_script(HANG_PROBE, args, cwd, stdin)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_named_toml_never_blocks_any_command(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    cases.mkdir(mode=0o700)
    os.mkfifo(cases / "C-1.toml")
    os.mkfifo(tmp_path / "answers.toml")
    for args in (
        ["score", str(cases / "C-1.toml"), "--format", "json"],
        ["history", "C-1", "--cases-dir", str(cases)],
        ["interview", "--answers", str(tmp_path / "answers.toml"), "--cases-dir", str(cases)],
        ["frameworks", "validate", str(cases / "C-1.toml")],
    ):
        done = run_probe(args, tmp_path)  # on failure: TimeoutExpired, not a hung suite
        assert done.returncode not in (0, 70), (args, done.stderr)
        assert "not a regular file" in done.stdout + done.stderr, (args, done.stderr)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_score_paths_from_dev_zero_stop_with_one_line(tmp_path: Path) -> None:
    with open("/dev/zero", "rb") as zero:
        done = run_probe(["score", "-", "--format", "json"], tmp_path, stdin=zero)
    assert done.returncode == 2, done.stderr
    assert "longer than" in one_line_error(done.stderr)


# --- issue 16: no fcntl (as on Windows) ------------------------------------------------------

NO_FCNTL = """
import sys
sys.modules["fcntl"] = None  # import fcntl now raises ImportError, as on Windows
from thresholdcli.cli import main
sys.argv = ["thresholdcli", *sys.argv[1:]]
main()
"""


def test_commands_work_where_fcntl_cannot_be_imported(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    answers = tmp_path / "answers.toml"
    answers.write_text(ANSWERS, encoding="utf-8")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return run_script(NO_FCNTL, list(args), tmp_path, timeout=120)

    for args in (
        interview_args(answers, cases),
        interview_args(answers, cases),
        ["score", str(cases / "C-1.toml"), "--format", "json"],
        ["history", "C-1", "--cases-dir", str(cases)],
        ["card", "hull", "--level", "2"],
    ):
        done = run(*args)
        assert done.returncode == 0, (args, done.stderr)
        assert done.stderr == "", (args, done.stderr)
    assert len(store.load_record(cases / "C-1.toml").assessments) == 2


def test_chrome_and_edge_are_found_where_they_are_usually_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from thresholdcli.render import card_pdf

    monkeypatch.setattr(shutil, "which", lambda name: None)  # none on PATH

    env = {"PROGRAMFILES": str(tmp_path / "pf"), "LOCALAPPDATA": str(tmp_path / "local")}
    listed = card_pdf.browser_locations("win32", env, tmp_path)
    assert tmp_path / "pf" / "Google" / "Chrome" / "Application" / "chrome.exe" in listed
    assert tmp_path / "pf" / "Microsoft" / "Edge" / "Application" / "msedge.exe" in listed
    mac = card_pdf.browser_locations("darwin", {}, tmp_path)
    assert Path("/Applications/Google Chrome.app/Contents/MacOS/Google Chrome") in mac
    assert Path("/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge") in mac
    edge = tmp_path / "local" / "Microsoft" / "Edge" / "Application" / "msedge.exe"
    edge.parent.mkdir(parents=True)
    edge.write_text("")
    assert card_pdf.find_chromium("win32", env, tmp_path) == str(edge)
    assert card_pdf.find_chromium("linux", env, tmp_path) is None

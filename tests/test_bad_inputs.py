"""The bad-input corpus (tests/bad_inputs/, one file a case) through every command.

Each file, and each odd kind of file made here (a FIFO, a link to /dev/zero, a folder, an
11 MB file, a name with escape codes, a 5 MB strengths field), goes through every command
that reads a file. Done means: no exit 70, no hang (every run under a time limit), no
personal text in an error, no raw control character on the screen, no traceback.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import run_cli
from thresholdcli.safe_text import is_safe, one_line

CORPUS = Path(__file__).parent / "bad_inputs"
PERSONAL = "Jane Smith"  # every corpus file that has free text has this in it
TIME_LIMIT_S = 60  # generous: the suite runs on shared machines; a hang never ends
CAN_TIME_OUT = hasattr(signal, "setitimer")


class Hang(BaseException):  # not an Exception: the CLI must not turn it into exit 70
    pass


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    if not CAN_TIME_OUT:  # Windows: no SIGALRM (and no FIFOs in the corpus there)
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise Hang(f"no end after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def commands(path: Path, work: Path) -> list[list[str]]:
    """Every command that reads a file, given `path`."""
    file = str(path)
    return [
        ["score", file, "--format", "json"],
        ["score", file, "--format", "csv"],
        ["score", file, "--format", "table", "--explain"],
        ["audit", file, "--format", "json", "--as-of", "2026-12-01"],
        ["audit", file, "--format", "md", "--as-of", "2026-12-01"],
        ["history", file],
        ["diff", file],
        ["rescore", file],
        ["referral", file, "-o", "-"],
        ["interview", "--answers", file, "--case", "C-1", "--cases-dir", str(work / "cases")],
        ["frameworks", "validate", file],
        ["frameworks", "verify", file, "--source", file],
    ]


def check_run(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with time_limit(TIME_LIMIT_S):
        try:
            code, out, err = run_cli(args, capsys)
        except Hang as exc:
            pytest.fail(f"{one_line(' '.join(args))}: {exc}")
    where = one_line(" ".join(args))
    assert code != 70, f"{where}: exit 70: {one_line(err)}"
    assert "Traceback" not in err, f"{where}: {err[-2000:]}"
    assert PERSONAL not in err, f"{where}: personal text in an error: {one_line(err)}"
    assert is_safe(err), f"{where}: raw control character in {one_line(err)}"
    screen = out.replace("\r\n", "\n") if "csv" in args else out
    assert is_safe(screen), f"{where}: raw control character in {one_line(out)[:300]}"
    for error in errors_in(out, args):
        assert PERSONAL not in error, f"{where}: personal text in an error: {one_line(error)}"
    if code != 0:
        assert (err + out).strip(), f"{where}: exit {code} without a word"


def errors_in(out: str, args: list[str]) -> list[str]:
    """The error lines a command printed on stdout (score rows, audit's unreadable files)."""
    if "json" not in args or not out.strip():
        return []
    data = json.loads(out)
    rows = data if isinstance(data, list) else data.get("results", [])
    found = [row["error"] for row in rows if isinstance(row, dict) and "error" in row]
    unreadable = data.get("unreadable_files", {}) if isinstance(data, dict) else {}
    return found + list(unreadable.get("files", []) if isinstance(unreadable, dict) else [])


CASES = sorted(p.name for p in CORPUS.glob("*.toml"))


def test_the_corpus_has_one_file_a_case() -> None:
    assert len(CASES) >= 40
    assert (CORPUS / "README.md").is_file()


@pytest.mark.parametrize("name", CASES)
def test_every_command_survives_each_bad_input(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for args in commands(CORPUS / name, tmp_path):
        check_run(args, capsys)


@pytest.mark.parametrize("name", CASES)
def test_each_bad_input_as_the_frameworks_folder(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "frameworks"
    folder.mkdir()
    shutil.copyfile(CORPUS / name, folder / name)
    monkeypatch.setenv("THRESHOLDCLI_FRAMEWORKS", str(folder))
    for args in (
        ["frameworks", "list"],
        ["card", "hull", "--level", "1"],
        ["frameworks", "validate"],
    ):
        check_run(args, capsys)


def test_the_whole_corpus_as_one_batch(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cases = tmp_path / "cases"
    shutil.copytree(CORPUS, cases)
    for args in (
        ["score", str(cases), "--format", "json"],
        ["score", str(cases), "--format", "table"],
        ["audit", str(cases), "--format", "json", "--as-of", "2026-12-01"],
        ["audit", str(cases), "--format", "table", "--as-of", "2026-12-01"],
        ["followups", "--cases-dir", str(cases), "--format", "json"],
        ["followups", "--cases-dir", str(cases)],
        ["drafts", "--cases-dir", str(cases)],
    ):
        check_run(args, capsys)


# --- odd kinds of file, made here (they cannot be kept in git) -------------------------------


def odd_inputs(folder: Path) -> Iterator[Path]:
    big = folder / "eleven-megabytes.toml"
    with big.open("wb") as handle:
        handle.truncate(11 * 1024 * 1024)
    yield big
    strengths = folder / "strengths-5mb.toml"
    strengths.write_text(
        'framework = "staffordshire-2023"\nage = 8\nimmediate_danger = false\n'
        'indicators = ["dev.2.07"]\ndecision = "accept"\n[consent]\neha-consent = "done"\n'
        "[notes]\n"
        'developmental-needs = """' + "Jane Smith is doing well.\n" * 190_000 + '"""\n',
        encoding="utf-8",
    )
    yield strengths
    folder_named_toml = folder / "a-folder.toml"
    folder_named_toml.mkdir()
    yield folder_named_toml
    if sys.platform != "win32":
        escaped = folder / "name\x1b[2J\nwith escapes.toml"
        escaped.write_text("format = [", encoding="utf-8")
        yield escaped
    if hasattr(os, "mkfifo"):
        fifo = folder / "a-fifo.toml"
        os.mkfifo(fifo)
        yield fifo
    if os.path.exists("/dev/zero"):
        zero = folder / "dev-zero.toml"
        zero.symlink_to("/dev/zero")
        yield zero


def test_odd_kinds_of_file_through_every_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "odd"
    folder.mkdir()
    made = list(odd_inputs(folder))
    assert len(made) >= 3
    for path in made:
        for args in commands(path, tmp_path):
            check_run(args, capsys)
    for args in (
        ["score", str(folder), "--format", "json"],
        ["audit", str(folder), "--format", "json"],
    ):
        check_run(args, capsys)

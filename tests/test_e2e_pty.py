"""End to end: `thresholdcli interview` in a real pseudo-terminal, driven by the keyboard."""

from __future__ import annotations

import os
import shutil
import sys
import time
import tomllib
from pathlib import Path

import pexpect
import pytest

pytestmark = pytest.mark.pty
DOWN, ENTER, SPACE, CTRL_N = "\x1b[B", "\r", " ", "\x0e"


def spawn(tmp_path: Path, *args: str) -> pexpect.spawn:
    exe = shutil.which("thresholdcli", path=str(Path(sys.executable).parent))
    assert exe, "thresholdcli console script is not installed in this environment"
    env = {
        **os.environ,
        "NO_COLOR": "1",
        "TERM": "xterm",
        "PROMPT_TOOLKIT_NO_CPR": "1",  # no cursor-position query: pexpect never answers it
        "THRESHOLDCLI_CASES": str(tmp_path / "cases"),
        "THRESHOLDCLI_NOW": "2026-11-27T16:45:00+00:00",  # Friday after SCAS closes
    }
    return pexpect.spawn(
        exe, ["interview", *args], env=env, dimensions=(40, 120), encoding="utf-8", timeout=20
    )


def send(child: pexpect.spawn, keys: str) -> None:
    """Type once a prompt is listening (echo off), as a person would: keys typed earlier
    reach the terminal's line editing instead of the prompt."""
    give_up = time.monotonic() + 20
    while child.getecho() and time.monotonic() < give_up:
        time.sleep(0.01)
    child.send(keys)


def test_interview_in_a_real_terminal(tmp_path: Path) -> None:
    child = spawn(tmp_path)
    child.expect("immediate danger")  # the first question
    send(child, "y")
    child.expect("CALL 999 NOW")  # shown at once, before anything else is asked
    child.expect("Press Enter to go on")
    send(child, ENTER)
    child.expect("Case reference")
    send(child, "PTY-7" + ENTER)
    child.expect("Which framework")
    send(child, ENTER)
    child.expect("age in years")
    send(child, "unborn" + ENTER)
    child.expect("Domain 1 of 4 ·")
    # "Nothing here" first: the second level-3 indicator, a note on the domain (Ctrl-N), done
    send(child, DOWN * 2 + SPACE + CTRL_N + "seen at clinic" + ENTER + ENTER)
    for number in (2, 3):
        child.expect(f"Domain {number} of 4 ·")
        send(child, ENTER)  # "Nothing here"
    child.expect("Domain 4 of 4 ·")
    send(child, DOWN * 4 + SPACE + ENTER)  # "Where there are serious concerns … unborn baby"
    child.expect("Strengths")
    send(child, "midwife involved" + ENTER)
    child.expect(r"Notes \(optional\)")
    send(child, ENTER)
    child.expect("ACT NOW")
    child.expect("Press Enter once you have read whom to phone")
    send(child, ENTER)
    child.expect("Your decision")
    send(child, ENTER)
    child.expect("set each item")
    child.expect("Save the record, then show a referral summary")  # a way out of this screen
    # consent: every item done, on one screen; then the second way out, by Enter
    send(child, "d" * 7 + DOWN + ENTER)
    child.expect("Saved assessment 1")
    child.expect("Referral summary: case PTY-7")  # shown once the record is saved
    child.expect("Immediate danger was recorded at this assessment")  # first
    child.expect("Identifying details are not in this summary")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    path = tmp_path / "cases" / "PTY-7.toml"
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assessment = tomllib.loads(path.read_text())["assessments"][0]
    assert assessment["age"] == "unborn"
    assert assessment["immediate_danger"] is True
    assert [i["id"] for i in assessment["indicators"]] == ["dev.3.02", "sh.4.04"]
    assert assessment["notes"] == {"developmental-needs": "seen at clinic"}
    assert assessment["suggestion"]["rank"] == 4 and assessment["suggestion"]["act_now"]
    assert assessment["decision"]["rank"] == 4
    assert [c["answer"] for c in assessment["consent"]] == ["done"] * 7


def test_without_a_terminal_it_says_so(tmp_path: Path) -> None:
    import subprocess

    exe = shutil.which("thresholdcli", path=str(Path(sys.executable).parent))
    assert exe
    proc = subprocess.run(
        [exe, "interview"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "THRESHOLDCLI_CASES": str(tmp_path)},
    )
    assert proc.returncode == 6
    assert "no terminal" in proc.stderr and "--answers" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_ctrl_c_keeps_a_draft_and_resume_continues(tmp_path: Path) -> None:
    child = spawn(tmp_path)
    child.expect("immediate danger")
    send(child, "n")
    child.expect("Case reference")
    send(child, "PTY-8" + ENTER)
    child.expect("Which framework")
    send(child, ENTER)
    child.expect("age in years")
    send(child, "12" + ENTER)
    child.expect("Domain 1 of 4 ·")
    send(child, DOWN + SPACE + ENTER)
    child.expect("Domain 2 of 4 ·")
    child.expect("Enter: done")  # the list is drawn: Ctrl-C reaches the prompt
    child.sendcontrol("c")
    child.expect("Keep a draft")
    send(child, "y")
    child.expect("--resume PTY-8")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert (tmp_path / "cases" / ".drafts" / "PTY-8.toml").exists()

    child = spawn(tmp_path, "--resume", "PTY-8")
    child.expect("Domain 2 of 4 ·")  # domain 1 came from the draft
    send(child, ENTER)
    for number in (3, 4):
        child.expect(f"Domain {number} of 4 ·")
        send(child, ENTER)
    child.expect("Strengths")
    send(child, ENTER)
    child.expect(r"Notes \(optional\)")
    send(child, ENTER)
    child.expect("Your decision")
    send(child, ENTER)
    child.expect("set each item")
    send(child, "d" + ENTER)  # Enter: "Save the record", the first way out
    child.expect("Saved assessment 1")
    child.expect("thresholdcli referral PTY-8")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assessment = tomllib.loads((tmp_path / "cases" / "PTY-8.toml").read_text())["assessments"][0]
    assert [i["id"] for i in assessment["indicators"]] == ["dev.3.01"]
    assert not (tmp_path / "cases" / ".drafts" / "PTY-8.toml").exists()

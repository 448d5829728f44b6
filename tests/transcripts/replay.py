"""Replays a recorded session through `thresholdcli interview` in a real pseudo-terminal.

The child gets a fixed terminal size, `NO_COLOR`, `TERM=xterm`, the session's clock and a
fresh cases folder, so what it shows and saves is the same on every machine.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pexpect

from tests.transcripts.session import Run, Session, load_session, parse_keys

ROOT = Path(__file__).resolve().parents[2]
TRANSCRIPTS = ROOT / "transcripts"
SESSION_FILE = "session.toml"
TRANSCRIPT_FILE = "transcript.txt"
RECORD_FILE = "record.toml"
CASES = "cases"
WAIT_SECONDS = 20
VERSION_LINE = re.compile(r'^tool_version = ".*"$', re.MULTILINE)
VERSION_SHOWN = 'tool_version = "(this version)"'
ANSI = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|[@-Z\\-_])")


class ReplayError(AssertionError):
    """The tool did not show what a step waited for, or ended the wrong way."""


@dataclass(frozen=True)
class Replayed:
    transcript: str
    record: str | None  # None when no case record was saved


def session_dirs(root: Path = TRANSCRIPTS) -> list[Path]:
    return sorted(path.parent for path in root.glob(f"*/*/{SESSION_FILE}"))


def session_name(directory: Path) -> str:
    return f"{directory.parent.name}/{directory.name}"


def replay(directory: Path, work: Path) -> Replayed:
    """Run every process of the session in `work` (an empty folder) and collect the results."""
    session = load_session(directory / SESSION_FILE)
    name = session_name(directory)
    if directory.parent.name != session.framework:
        raise ReplayError(
            f"{name}: filed under {directory.parent.name!r}, not {session.framework!r}"
        )
    parts = []
    for number, run in enumerate(session.runs, 1):
        if len(session.runs) > 1:
            command = " ".join(["thresholdcli interview", *run.args])
            parts.append(f"=== run {number} of {len(session.runs)}: {command} ===\n")
        parts.append(run_once(session, run, f"{name} run {number}", work, number))
    records = sorted((work / CASES).glob("*.toml"))
    if len(records) > 1:
        raise ReplayError(f"{name}: saved {len(records)} case records; a session saves one")
    record = normalise_record(records[0].read_text(encoding="utf-8")) if records else None
    if record is not None and f'id = "{session.framework}"' not in record:
        raise ReplayError(f"{name}: the record is not on framework {session.framework}")
    return Replayed(tidy("".join(parts)), record)


def child_env(session: Session, config: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if (not k.startswith("THRESHOLDCLI_") or k == "THRESHOLDCLI_CACHE_DIR")
        and k not in {"COLUMNS", "LINES", "FORCE_COLOR"}
    }
    env.update(
        NO_COLOR="1",
        TERM="xterm",
        THRESHOLDCLI_NOW=session.now,
        THRESHOLDCLI_CASES=CASES,
        THRESHOLDCLI_CONFIG_DIR=str(config),  # never the user's own settings file
        # pexpect answers no cursor-position requests; without this every prompt waits 1 s.
        PROMPT_TOOLKIT_NO_CPR="1",
    )
    return env


def run_once(session: Session, run: Run, label: str, work: Path, number: int) -> str:
    exe = shutil.which("thresholdcli", path=str(Path(sys.executable).parent))
    if exe is None:
        raise ReplayError("the thresholdcli console script is not installed beside this Python")
    transcript = f"transcript-{number}.txt"
    screen = io.StringIO()
    child = pexpect.spawn(
        exe,
        ["interview", "--transcript", transcript, *run.args],
        cwd=str(work),
        env=child_env(session, work / "config"),
        dimensions=(session.terminal.rows, session.terminal.columns),
        encoding="utf-8",
        timeout=WAIT_SECONDS,
    )
    child.logfile_read = screen
    try:
        for index, step in enumerate(run.flat_steps(), 1):
            try:
                child.expect(step.expect)
            except (pexpect.TIMEOUT, pexpect.EOF) as exc:
                why = "timed out" if isinstance(exc, pexpect.TIMEOUT) else "the interview ended"
                raise ReplayError(
                    f"{label}, step {index}: waited for {step.expect!r} but {why}. "
                    f"The screen ended with:\n{screen_tail(screen.getvalue())}"
                ) from None
            # Type only once a prompt is listening (it turns echo off), as a person would:
            # keys typed earlier would reach the line discipline instead of the prompt.
            if step.send and not wait_for_prompt(child):
                raise ReplayError(
                    f"{label}, step {index}: saw {step.expect!r} but no prompt came to type in. "
                    f"The screen ended with:\n{screen_tail(screen.getvalue())}"
                )
            child.send(parse_keys(step.send))
        try:
            child.expect(pexpect.EOF)
        except pexpect.TIMEOUT:
            raise ReplayError(
                f"{label}: all steps sent but the interview did not end. "
                f"The screen ended with:\n{screen_tail(screen.getvalue())}"
            ) from None
    finally:
        child.close(force=True)
    shown = screen.getvalue()
    if "Traceback" in shown:
        raise ReplayError(f"{label}: a traceback was shown:\n{screen_tail(shown)}")
    if child.exitstatus != run.exit:
        raise ReplayError(
            f"{label}: exit status {child.exitstatus} (signal {child.signalstatus}), "
            f"expected {run.exit}. The screen ended with:\n{screen_tail(shown)}"
        )
    path = work / transcript
    return path.read_text(encoding="utf-8") if path.exists() else ""


def wait_for_prompt(child: pexpect.spawn) -> bool:
    """True once the terminal is in a prompt's raw mode (echo off); False after the wait."""
    give_up = time.monotonic() + WAIT_SECONDS
    while child.getecho():
        if time.monotonic() > give_up or not child.isalive():
            return False
        time.sleep(0.01)
    return True


def screen_tail(raw: str, chars: int = 1500) -> str:
    return ANSI.sub("", raw).replace("\r", "")[-chars:]


def tidy(text: str) -> str:
    """No trailing spaces (the console pads wrapped lines), one final newline."""
    return "\n".join(line.rstrip() for line in text.splitlines()).strip("\n") + "\n"


def normalise_record(text: str) -> str:
    """The tool version would change every record on each release; show it as a placeholder."""
    return tidy(VERSION_LINE.sub(VERSION_SHOWN, text))


def expected(directory: Path) -> Replayed:
    transcript = directory / TRANSCRIPT_FILE
    record = directory / RECORD_FILE
    return Replayed(
        transcript.read_text(encoding="utf-8") if transcript.exists() else "",
        record.read_text(encoding="utf-8") if record.exists() else None,
    )


def write_expected(directory: Path, replayed: Replayed) -> list[str]:
    """Write the expected files; return the names of those that changed."""
    changed = []
    wanted: dict[str, str | None] = {
        TRANSCRIPT_FILE: replayed.transcript,
        RECORD_FILE: replayed.record,
    }
    for name, text in wanted.items():
        path = directory / name
        before = path.read_text(encoding="utf-8") if path.exists() else None
        if text == before:
            continue
        changed.append(name)
        if text is None:
            path.unlink()
        else:
            path.write_text(text, encoding="utf-8")
    return changed

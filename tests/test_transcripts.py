"""Every recorded session in transcripts/ replayed through a real pseudo-terminal.

A failure here means what a practitioner sees, or what gets saved, has changed. If the change
is intended, run `make transcripts` and review the diff of transcripts/ in the commit.
"""

from __future__ import annotations

import difflib
import os
import statistics
import tomllib
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, cast

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.transcripts.replay import (
    RECORD_FILE,
    Replayed,
    expected,
    replay,
    session_dirs,
    session_name,
)
from tests.transcripts.session import KEYS, SessionError, load_session, parse_keys
from thresholdcli.framework import loader
from thresholdcli.framework.model import Framework

SESSIONS = session_dirs()
JOBS = min(4, os.cpu_count() or 1)
REGENERATE = "If this change is intended, run `make transcripts` and review the diff."


def differences(name: str, want: str | None, got: str | None) -> str:
    lines = difflib.unified_diff(
        (want or "").splitlines(), (got or "").splitlines(), "expected", "replayed", lineterm=""
    )
    return f"{name} differs. {REGENERATE}\n" + "\n".join(lines)


@pytest.fixture(scope="module")
def replays(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[[Path], Future[Replayed]]]:
    """Replays sessions a few at a time: each is mostly a child process's work. In one
    process every selected session starts at once; under pytest-xdist each worker replays
    only the sessions of the tests it is given (every worker sees every collected item, so
    starting them all would replay each session once per worker)."""
    selected: list[Path] = [
        cast(Path, item.callspec.params["directory"])
        for item in request.session.items
        if isinstance(item, pytest.Function)
        and item.originalname == "test_session_replays_as_recorded"
    ]
    with ThreadPoolExecutor(max_workers=JOBS) as pool:
        started: dict[Path, Future[Replayed]] = {}

        def replayed(directory: Path) -> Future[Replayed]:
            if directory not in started:
                where = tmp_path_factory.mktemp("transcript")
                started[directory] = pool.submit(replay, directory, where)
            return started[directory]

        if "PYTEST_XDIST_WORKER" not in os.environ:
            for directory in selected:
                replayed(directory)
        yield replayed


@pytest.mark.pty
@pytest.mark.parametrize("directory", SESSIONS, ids=session_name)
def test_session_replays_as_recorded(
    directory: Path, replays: Callable[[Path], Future[Replayed]]
) -> None:
    got = replays(directory).result()
    want = expected(directory)
    name = session_name(directory)
    if got.transcript != want.transcript:
        pytest.fail(differences(f"{name}/transcript.txt", want.transcript, got.transcript))
    if got.record != want.record:
        pytest.fail(differences(f"{name}/record.toml", want.record, got.record))


# --- the set covers what the issue asks for ------------------------------------------------


def latest_assessment(directory: Path) -> dict[str, Any]:
    record = tomllib.loads((directory / RECORD_FILE).read_text(encoding="utf-8"))
    assessment: dict[str, Any] = record["assessments"][-1]
    return assessment


def saved(directory: Path) -> bool:
    return (directory / RECORD_FILE).exists()


@pytest.mark.parametrize("framework", [fw for _, fw in loader.shipped()], ids=lambda f: f.id)
def test_every_framework_has_the_three_kinds_of_session(framework: Framework) -> None:
    mine = [d for d in SESSIONS if d.parent.name == framework.id and saved(d)]
    early_help = {lv.rank for lv in framework.levels if "early_help" in lv.national.levels}
    assessments = [latest_assessment(d) for d in mine]
    decided = [a["decision"]["rank"] for a in assessments]
    assert set(decided) & early_help, f"{framework.id}: no session ends at an early-help level"
    assert any(a["suggestion"]["act_now"] for a in assessments), (
        f"{framework.id}: no session with a significant-harm (act now) indicator"
    )
    assert any(
        not a["decision"]["agrees_with_suggestion"] and a["decision"]["reason"] for a in assessments
    ), f"{framework.id}: no session overriding the suggestion with a reason"


def test_the_set_has_immediate_danger_and_a_resumed_session() -> None:
    danger = [d for d in SESSIONS if saved(d) and latest_assessment(d)["immediate_danger"]]
    assert danger, "no session where the child is in immediate danger"
    resumed = [
        s
        for s in (load_session(d / "session.toml") for d in SESSIONS)
        if len(s.runs) > 1 and s.runs[0].exit == 130 and "--resume" in s.runs[-1].args
    ]
    assert resumed, "no session is interrupted with Ctrl-C and resumed"


# --- the session format ------------------------------------------------------------------------


@given(st.text().filter(lambda t: "<" not in t))
def test_plain_text_is_sent_as_typed(text: str) -> None:
    assert parse_keys(text) == text


@given(st.lists(st.sampled_from(sorted(KEYS)), max_size=6))
def test_named_keys_become_their_codes(names: list[str]) -> None:
    assert parse_keys("".join(f"<{n}>" for n in names)) == "".join(KEYS[n] for n in names)


def test_key_repeats_and_mixed_text() -> None:
    assert parse_keys("abuse<space><down*2><enter>") == "abuse \x1b[B\x1b[B\r"


def test_an_unknown_key_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown key <pagedown>"):
        parse_keys("<pagedown>")


def test_a_bad_session_file_is_one_line_with_its_place(tmp_path: Path) -> None:
    path = tmp_path / "session.toml"
    path.write_text(
        'description = "x"\nframework = "hull"\nnow = "2026-11-27T16:45:00+00:00"\n'
        'steps = [ { expect = "(", send = "<enter>" } ]\n'
    )
    with pytest.raises(
        SessionError, match=r"session.toml: runs\.0\.steps\.0\..*regular expression"
    ):
        load_session(path)


# --- the prompt budget of the faster interview (issue 15) -------------------------------------


def prompts_in(directory: Path) -> int:
    """Screens that waited for input: one `? ` line each in the expected transcript, the
    framework's own lists to tick (Telford's warning signs) included."""
    text = (directory / "transcript.txt").read_text(encoding="utf-8")
    return sum(1 for line in text.splitlines() if line.startswith("? "))


def test_every_session_keeps_within_the_prompt_budget() -> None:
    counts = {session_name(d): prompts_in(d) for d in SESSIONS}
    assert len(counts) == 17
    over = {name: n for name, n in counts.items() if n > 20}
    assert not over, f"more than 20 prompts: {over}"
    assert statistics.median(counts.values()) <= 12, counts

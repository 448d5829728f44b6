"""The interview as a practitioner meets it, timed in a real pseudo-terminal (pexpect).

Two measures, on the largest framework (Telford & Wrekin with its child exploitation
section, 21 domains):

- **first question**: from starting `thresholdcli interview --framework telford-wrekin` to
  the first question on screen (the first questionary prompt, whatever it asks);
- **a key in the search**: from each key typed into the search of the whole framework
  (Ctrl-F on the first domain, "bruis baby") to the screen showing it with its hits;
- **key to next screen**: from sending Enter on a screen (a domain's checkbox: "Nothing
  here" is the first choice) to the next screen's question on screen, for every domain
  screen of the walk.

The driver answers by what each prompt asks (not by its position), so it keeps working when
the order of the questions changes: no immediate danger, a case reference, an age, yes to
the exploitation section, Enter on every domain screen. It stops (Ctrl-C, keeping a
draft in a temporary folder) once the domains are done.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pexpect

FRAMEWORK = "telford-wrekin"
ENTER = "\r"
QUESTION = re.compile(r"\?(?:\x1b\[[0-9;?]*[A-Za-z]|\s)+(?=\w)")  # the prompt mark, before words
ANSWERS: list[tuple[str, str]] = [  # (what the prompt asks, the keys sent)
    (r"immediate danger", "n"),
    (r"[Cc]ase reference", "BENCH-1" + ENTER),
    (r"age in years", "14" + ENTER),
    (r"exploitation a concern", "y"),
    (r"Which framework", ENTER),
    (r"[Yy]our role", ENTER),
]
DOMAIN = r"Domain \d+ of \d+"
NOTE = r"Note on"
DONE = r"Strengths|Your decision|ACT NOW"


@dataclass(frozen=True)
class InterviewTiming:
    first_question: list[float]  # seconds, one per run
    key_to_screen: list[float]  # seconds, every screen change of every run
    search_key: list[float] = field(default_factory=list)  # seconds, each key typed in search

    @property
    def search_median(self) -> float:
        return statistics.median(self.search_key) if self.search_key else float("nan")

    @property
    def search_max(self) -> float:
        return max(self.search_key) if self.search_key else float("nan")

    @property
    def first_question_median(self) -> float:
        return statistics.median(self.first_question)

    @property
    def key_median(self) -> float:
        return statistics.median(self.key_to_screen)

    @property
    def key_p90(self) -> float:
        ordered = sorted(self.key_to_screen)
        return ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]

    @property
    def key_max(self) -> float:
        return max(self.key_to_screen)


def _spawn(cli: str, cases: Path, env: dict[str, str]) -> pexpect.spawn:
    child_env = {
        **env,
        "NO_COLOR": "1",
        "TERM": "xterm",
        "PROMPT_TOOLKIT_NO_CPR": "1",  # no cursor-position query: pexpect never answers it
        "THRESHOLDCLI_CASES": str(cases),
        "THRESHOLDCLI_CONFIG_DIR": str(cases.parent / "config"),  # not the user's settings
        "THRESHOLDCLI_NOW": "2026-11-27T16:45:00+00:00",
    }
    return pexpect.spawn(
        cli,
        ["interview", "--framework", FRAMEWORK],
        env=child_env,
        dimensions=(40, 120),
        encoding="utf-8",
        timeout=30,
    )


def one_run(cli: str, env: dict[str, str]) -> tuple[float, list[float]]:
    """(seconds to the first question, seconds from each Enter to the next screen)."""
    with tempfile.TemporaryDirectory(prefix="thresholdcli-bench-interview-") as tmp:
        started = time.perf_counter()
        child = _spawn(cli, Path(tmp) / "cases", env)
        try:
            child.expect(QUESTION)
            first = time.perf_counter() - started
            return first, _walk(child)
        finally:
            child.sendcontrol("c")
            child.close(force=True)


def _walk(child: pexpect.spawn) -> list[float]:
    latencies: list[float] = []
    patterns = [DOMAIN, NOTE, DONE, *(asks for asks, _ in ANSWERS)]
    in_domains = False
    sent_at: float | None = None
    while True:
        index = child.expect(patterns)
        seen = time.perf_counter()
        if index == 2:  # past the domains
            if sent_at is not None and in_domains:
                latencies.append(seen - sent_at)
            return latencies
        if index in (0, 1):
            if sent_at is not None and in_domains:
                latencies.append(seen - sent_at)
            in_domains = True
            _settle(child)  # the whole screen drawn before the key, as a person would see it
            child.send(ENTER)
            sent_at = time.perf_counter()
            continue
        in_domains = False
        sent_at = None
        _answer(child, ANSWERS[index - 3][1])


def _answer(child: pexpect.spawn, keys: str) -> None:
    """Answer a question before the domains, then read past its answered line, which repeats
    the question: otherwise the same words would be matched, and answered, twice."""
    _settle(child)
    child.send(keys)
    child.expect("\r\n")


def _settle(child: pexpect.spawn, quiet: float = 0.15) -> None:
    """Read until the screen has been still for `quiet` seconds."""
    while True:
        try:
            child.read_nonblocking(size=65536, timeout=quiet)
        except pexpect.TIMEOUT:
            return


SEARCH_WORDS = "bruis baby"
CTRL_F = "\x06"


class _ScreenFeed:
    """pexpect's logfile_read: what the child writes, fed to a pyte screen."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def write(self, text: str) -> None:
        self.stream.feed(text)

    def flush(self) -> None:
        pass


def search_run(cli: str, env: dict[str, str]) -> list[float]:
    """Seconds from each key typed into the search (Ctrl-F on the first domain) to the
    rendered screen (pyte) showing it with its hits: the whole framework searched each time."""
    import pyte

    with tempfile.TemporaryDirectory(prefix="thresholdcli-bench-search-") as tmp:
        child = _spawn(cli, Path(tmp) / "cases", env)
        screen = pyte.Screen(120, 40)
        child.logfile_read = _ScreenFeed(pyte.Stream(screen))  # every byte read, drawn
        try:
            patterns = [r"Domain 1 of \d+ ·", *(asks for asks, _ in ANSWERS)]
            while (index := child.expect(patterns)) != 0:
                _answer(child, ANSWERS[index - 1][1])
            _settle(child)
            child.send(CTRL_F)
            child.expect("Search every indicator")
            _settle(child)
            latencies: list[float] = []
            for n in range(1, len(SEARCH_WORDS) + 1):
                child.send(SEARCH_WORDS[n - 1])
                sent = time.perf_counter()
                wanted = f"Search: {SEARCH_WORDS[:n]}▏"
                while not any(wanted in line for line in screen.display):
                    child.read_nonblocking(size=65536, timeout=10)
                latencies.append(time.perf_counter() - sent)
                _settle(child, 0.05)
            return latencies
        finally:
            child.sendcontrol("c")
            child.close(force=True)


def measure(cli: str, runs: int, env: dict[str, str] | None = None) -> InterviewTiming:
    environment = dict(env if env is not None else os.environ)
    one_run(cli, environment)  # warm the cache and the disk
    firsts: list[float] = []
    keys: list[float] = []
    searches: list[float] = []
    for _ in range(runs):
        first, latencies = one_run(cli, environment)
        firsts.append(first)
        keys.extend(latencies)
        searches.extend(search_run(cli, environment))
    return InterviewTiming(firsts, keys, searches)


if __name__ == "__main__":
    exe = shutil.which("thresholdcli", path=str(Path(sys.executable).parent)) or "thresholdcli"
    timing = measure(exe, int(os.environ.get("BENCH_INTERVIEW_RUNS", "3")))
    print(
        f"first question {timing.first_question_median * 1000:.0f} ms; key to next screen "
        f"median {timing.key_median * 1000:.0f} ms, p90 {timing.key_p90 * 1000:.0f} ms, "
        f"max {timing.key_max * 1000:.0f} ms over {len(timing.key_to_screen)} screens; "
        f"a key typed in the search: median {timing.search_median * 1000:.0f} ms, "
        f"max {timing.search_max * 1000:.0f} ms"
    )

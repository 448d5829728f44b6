"""A real pseudo-terminal whose screen is rendered (pyte), so tests assert what is shown.

The byte stream of a terminal program is cursor movements and redraws; only the rendered
screen says what a person sees at a given moment.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import time
from pathlib import Path

import pexpect
import pyte

KEYS = {
    "enter": "\r",
    "down": "\x1b[B",
    "up": "\x1b[A",
    "tab": "\t",
    "end": "\x1b[F",
    "home": "\x1b[H",
}


def flat(text: str) -> str:
    return " ".join(text.split())


class Terminal:
    def __init__(
        self,
        cases: Path,
        args: list[str],
        rows: int = 24,
        columns: int = 80,
        now: str = "2026-11-27T16:45:00+00:00",
    ) -> None:
        exe = shutil.which("thresholdcli", path=str(Path(sys.executable).parent))
        assert exe, "thresholdcli console script is not installed in this environment"
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("THRESHOLDCLI_")},
            "NO_COLOR": "1",
            "TERM": "xterm",
            "PROMPT_TOOLKIT_NO_CPR": "1",
            "THRESHOLDCLI_CASES": str(cases),
            "THRESHOLDCLI_NOW": now,
            "THRESHOLDCLI_CONFIG_DIR": str(cases.parent / "config"),
        }
        self.screen = pyte.Screen(columns, rows)
        self.stream = pyte.Stream(self.screen)
        self.child = pexpect.spawn(
            exe, ["interview", *args], env=env, dimensions=(rows, columns), encoding="utf-8"
        )

    def _pump(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            try:
                self.stream.feed(self.child.read_nonblocking(65536, timeout=0.05))
            except pexpect.TIMEOUT:
                continue
            except pexpect.EOF:
                return

    @property
    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display)

    def lines(self) -> list[str]:
        return [line.rstrip() for line in self.screen.display]

    def _shows(self, pattern: str) -> bool:
        """On screen, also where the terminal wrapped it across lines."""
        return bool(re.search(pattern, self.text) or re.search(pattern, flat(self.text)))

    def wait_for(self, pattern: str, timeout: float = 20) -> str:
        """Until the rendered screen matches `pattern` and a prompt is listening."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self._pump(0.05)
            if self._shows(pattern) and not self.child.getecho():
                self._pump(0.15)  # let the redraw finish
                return self.text
            if not self.child.isalive():
                self._pump(0.2)
                if self._shows(pattern):
                    return self.text
                break
        raise AssertionError(f"screen never showed {pattern!r}; it shows:\n{self.text}")

    def send(self, keys: str) -> None:
        self.child.send(keys)

    def key(self, name: str, times: int = 1) -> None:
        self.child.send(KEYS[name] * times)

    def interrupt_and_keep(self) -> int:
        self.child.sendcontrol("c")
        self.wait_for("Keep a draft")
        self.send("y")
        return self.finish()

    def finish(self, timeout: float = 20) -> int:
        self.child.expect(pexpect.EOF, timeout=timeout)
        self.stream.feed(self.child.before or "")
        self.child.close()
        return int(self.child.exitstatus if self.child.exitstatus is not None else -1)

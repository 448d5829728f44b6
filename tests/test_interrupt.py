"""Ctrl-C in any command is one line on stderr and exit 130, never silence or a traceback."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(os.name == "nt", reason="SIGINT is POSIX; Windows uses Ctrl-Break")

CONSOLE_SCRIPT = Path(sys.executable).with_name("thresholdcli")


def interrupt_while_reading_paths(command: list[str]) -> tuple[int, str]:
    """Start `score -` waiting for paths on stdin, interrupt it once it has begun writing."""
    env = {**os.environ, "NO_COLOR": "1"}
    process = subprocess.Popen(
        [*command, "score", "--format", "json", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert process.stdout is not None and process.stderr is not None
    opening = process.stdout.read(len('{"schema_version": 1, "results": ['))
    assert opening.startswith(b'{"schema_version"')
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    return process.returncode, stderr.decode()


@pytest.mark.parametrize(
    "command",
    [[str(CONSOLE_SCRIPT)], [sys.executable, "-m", "thresholdcli"]],
    ids=["console-script", "python-m"],
)
def test_ctrl_c_in_a_batch_command_says_so_in_one_line(command: list[str]) -> None:
    if not Path(command[0]).exists():
        pytest.skip("console script not installed beside this Python")
    code, stderr = interrupt_while_reading_paths(command)
    assert code == 130
    assert stderr == "thresholdcli: error: interrupted (Ctrl-C)\n"

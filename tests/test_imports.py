"""Start-up stays light: these commands never import questionary or prompt_toolkit."""

from __future__ import annotations

import subprocess
import sys

import pytest

PROBE = """
import sys
from thresholdcli.cli import main
sys.argv = ["thresholdcli", *{args!r}]
try:
    main()
except SystemExit:
    pass
heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("questionary", "prompt_toolkit"))
print("HEAVY:" + ",".join(heavy), file=sys.stderr)
"""


@pytest.mark.parametrize(
    "args",
    [
        ["--version"],
        ["--help"],
        ["frameworks", "list"],
        ["frameworks", "show", "hull", "--format", "json"],
        ["score", "--help"],
        ["contacts", "hull", "--at", "2026-11-23 10:00"],
    ],
)
def test_command_does_not_load_questionary(args: list[str]) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=args)], capture_output=True, text=True, check=False
    )
    line = [x for x in proc.stderr.splitlines() if x.startswith("HEAVY:")]
    assert line == ["HEAVY:"], proc.stderr[-2000:]

"""Start-up stays light: these commands never import questionary or prompt_toolkit."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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
        ["frameworks", "validate"],
        ["score", "--help"],
        ["score", "{case}", "--format", "json"],
        ["score", "{case}", "--explain", "--format", "table"],
        ["contacts", "hull", "--at", "2026-11-23 10:00"],
        ["card", "--help"],
        ["card", "hull", "--level", "1"],
        ["card", "hull", "--all", "--format", "html"],
        ["map", "--from", "hull", "--level", "2", "--to", "telford-wrekin", "--format", "json"],
        ["audit", "{case}", "--format", "json"],
        ["followups", "--help"],
        ["followups", "--cases-dir", "{dir}", "--format", "json"],
        ["referral", "--help"],
        ["referral", "{case}"],
    ],
)
def test_command_does_not_load_questionary(args: list[str], tmp_path: Path) -> None:
    case = tmp_path / "case.toml"
    case.write_text('framework = "hull"\nindicators = ["child.2.09"]\n', encoding="utf-8")
    given = {"{case}": str(case), "{dir}": str(tmp_path)}
    args = [given.get(a, a) for a in args]
    proc = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=args)], capture_output=True, text=True, check=False
    )
    line = [x for x in proc.stderr.splitlines() if x.startswith("HEAVY:")]
    assert line == ["HEAVY:"], proc.stderr[-2000:]

"""Start-up stays light: these commands never import questionary or prompt_toolkit, and
with a warm cache the commands that only read a framework import no pydantic (typer's
argument conversion included) and do not ask the holidays package again."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# Runs the command given as {args} in a fresh process; each probe adds what it prints.
RUN_THE_COMMAND = """
import sys
from thresholdcli.cli import main
sys.argv = ["thresholdcli", *{args!r}]
try:
    main()
except SystemExit:
    pass
"""

PROBE = (
    RUN_THE_COMMAND
    + """
heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("questionary", "prompt_toolkit"))
print("HEAVY:" + ",".join(heavy), file=sys.stderr)
"""
)


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


WARM_PROBE = (
    RUN_THE_COMMAND
    + """
watched = {{"pydantic", "rich", "holidays", "jinja2"}}
loaded = sorted({{m.split(".")[0] for m in sys.modules}} & watched)
print("LOADED:" + ",".join(loaded), file=sys.stderr)
"""
)


ALL = {"pydantic", "rich", "holidays", "jinja2"}
NO_RICH = ALL - {"rich"}


@pytest.mark.parametrize(
    ("args", "never"),
    [
        (["--version"], ALL),
        (["frameworks", "list", "--format", "json"], ALL),
        (["frameworks", "list"], NO_RICH),
        (["frameworks", "show", "hull"], NO_RICH),
        (["frameworks", "show", "hull", "--format", "json"], ALL),
        (["card", "hull", "--level", "1"], NO_RICH),
        (["contacts", "hull", "--at", "2026-11-23 10:00"], NO_RICH),
        (["contacts", "telford-wrekin", "--at", "2026-12-25 10:00", "--level", "2"], NO_RICH),
        (["map", "--from", "hull", "--level", "2", "--to", "telford-wrekin"], NO_RICH),
    ],
)
def test_with_a_warm_cache_reading_commands_load_no_pydantic_and_no_holidays(
    args: list[str], never: set[str], tmp_path: Path
) -> None:
    """Once a run has cached the frameworks and the year's bank holidays, these commands
    neither validate a framework (pydantic) nor ask the holidays package again."""
    env = {**os.environ, "THRESHOLDCLI_CACHE_DIR": str(tmp_path / "cache"), "NO_COLOR": "1"}
    command = [sys.executable, "-c", WARM_PROBE.format(args=args)]
    first = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    second = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert first.stdout == second.stdout and second.stdout, second.stderr[-2000:]
    line = [x for x in second.stderr.splitlines() if x.startswith("LOADED:")]
    assert len(line) == 1, second.stderr[-2000:]
    loaded = set(filter(None, line[0].removeprefix("LOADED:").split(",")))
    assert not loaded & never, f"{args} loaded {sorted(loaded & never)}"


@pytest.mark.parametrize(
    "args",
    [
        ["history", "C-200"],
        ["history", "C-200", "--format", "json"],
        ["diff", "C-200"],
        ["diff", "C-200", "--format", "json"],
        ["rescore", "C-200", "--format", "json"],
    ],
)
def test_reading_a_valid_record_loads_no_pydantic(args: list[str], tmp_path: Path) -> None:
    """A valid record is read without pydantic (records/view.py); the model reads only
    what the view refuses (tests/test_records_view.py)."""
    loaded = on_the_golden_case(WARM_PROBE, "LOADED:", args, tmp_path)
    assert "pydantic" not in loaded


def on_the_golden_case(probe: str, mark: str, args: list[str], tmp_path: Path) -> set[str]:
    """Run `probe` with `args` on a cases folder holding the golden record C-200, twice (the
    first warms the cache); the names the second run prints after `mark`."""
    cases = tmp_path / "cases"
    cases.mkdir()
    golden = Path(__file__).parent / "golden" / "C-200.toml"
    (cases / "C-200.toml").write_bytes(golden.read_bytes())
    env = {**os.environ, "THRESHOLDCLI_CACHE_DIR": str(tmp_path / "cache"), "NO_COLOR": "1"}
    command = [sys.executable, "-c", probe.format(args=[*args, "--cases-dir", str(cases)])]
    subprocess.run(command, capture_output=True, text=True, env=env, check=False)  # warm
    second = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert second.stdout, second.stderr[-2000:]
    line = [x for x in second.stderr.splitlines() if x.startswith(mark)]
    assert len(line) == 1, second.stderr[-2000:]
    return set(filter(None, line[0].removeprefix(mark).split(",")))


MODULES_PROBE = (
    RUN_THE_COMMAND
    + """
print("MODULES:" + ",".join(sorted(sys.modules)), file=sys.stderr)
"""
)


@pytest.mark.parametrize(
    ("args", "never"),
    [
        # The diff is lines and hanging indents: no table (its domain names come from the
        # frameworks' cache headers: tests/test_framework_cache.py).
        (["diff", "C-200"], {"rich.table", "rich.box"}),
        (["diff", "C-200", "--format", "json"], {"rich"}),
        (["history", "C-200"], {"thresholdcli.casework.diff", "thresholdcli.render.diff"}),
    ],
)
def test_case_commands_leave_out_what_they_do_not_show(
    args: list[str], never: set[str], tmp_path: Path
) -> None:
    loaded = on_the_golden_case(MODULES_PROBE, "MODULES:", args, tmp_path)
    assert "thresholdcli.casework.review" in loaded  # the probe ran the command
    assert not loaded & never, f"{args} loaded {sorted(loaded & never)}"


FIRST_QUESTION_PROBE = """
import os
import sys

from thresholdcli.interview import questionary_prompter


def at_the_first_question(self, question):
    from thresholdcli.records.sheet import AnswerSheet

    watched = ("rich", "importlib.metadata", "thresholdcli.casework.referral")
    loaded = sorted(m for m in sys.modules if m.startswith(watched))
    print("LOADED:" + ",".join(loaded), "BUILT:" + str(AnswerSheet.__pydantic_complete__))
    sys.stdout.flush()
    os._exit(0)


questionary_prompter.QuestionaryPrompter._ask = at_the_first_question
from thresholdcli.cli import main

sys.argv = ["thresholdcli", "interview", "--framework", "telford-wrekin"]
main()
"""


@pytest.mark.pty
def test_the_first_question_waits_for_no_screen_and_no_record_validator(tmp_path: Path) -> None:
    """Until the first question is asked, the interview imports no rich (the screen is made
    while the question is read, H-135), no referral, and builds no answer-sheet validator
    (pydantic's plugin look-up, importlib.metadata, comes with it)."""
    import pexpect

    env = {
        **os.environ,
        "NO_COLOR": "1",
        "TERM": "xterm",
        "THRESHOLDCLI_CACHE_DIR": str(tmp_path / "cache"),
        "THRESHOLDCLI_CASES": str(tmp_path / "cases"),
        "THRESHOLDCLI_CONFIG_DIR": str(tmp_path / "config"),
    }
    child = pexpect.spawn(
        sys.executable, ["-c", FIRST_QUESTION_PROBE], env=env, encoding="utf-8", timeout=60
    )
    child.expect(r"LOADED:(\S*) BUILT:(\w+)")
    loaded, built = child.match.group(1), child.match.group(2)
    child.expect(pexpect.EOF)
    assert loaded == "" and built == "False", (loaded, built)


def test_a_blank_sheet_is_a_validated_empty_sheet_and_ready_builds_the_validator() -> None:
    probe = """
from thresholdcli.records import sheet
assert not sheet.AnswerSheet.__pydantic_complete__  # built on first use, not at import
blank = sheet.blank()
assert not sheet.AnswerSheet.__pydantic_complete__
sheet.ready()
assert sheet.AnswerSheet.__pydantic_complete__ and sheet.ConsentGiven.__pydantic_complete__
made = sheet.AnswerSheet()
assert blank == made and blank.model_fields_set == made.model_fields_set == set()
assert blank.model_dump() == made.model_dump()
assert blank.model_copy(update={"age": 3}) == made.model_copy(update={"age": 3})
blank.domains["d"] = ["x"]  # its own tables, never another sheet's
assert sheet.blank().domains == {} and sheet.blank().found == []
print("OK")
"""
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert proc.stdout.strip() == "OK", proc.stderr[-2000:]


def test_start_up_objects_are_frozen_and_the_command_runs_with_the_collector_on(
    tmp_path: Path,
) -> None:
    """entry.main pauses the garbage collector while the program loads and freezes what it
    loaded (collections, and the one at exit, skip it); every command then runs with the
    collector on, so a long interview or batch collects as before."""
    probe = """
import gc
import sys

from thresholdcli import entry
from thresholdcli.render import card_output

def seen(*args, **kwargs):
    print("ENABLED:" + str(gc.isenabled()), "FROZEN:" + str(gc.get_freeze_count() > 1000))

card_output.emit_cards = seen
sys.argv = ["thresholdcli", "card", "hull", "--level", "1"]
try:
    entry.main()
except SystemExit:
    pass
"""
    env = {**os.environ, "THRESHOLDCLI_CACHE_DIR": str(tmp_path / "cache")}
    proc = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=False
    )
    assert "ENABLED:True FROZEN:True" in proc.stdout, proc.stderr[-2000:]

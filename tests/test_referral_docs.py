"""docs/referral.md: its full example is what a real run prints, so it cannot go stale.

The answers block is the input; every other `<!-- example: NAME -->` block is output.
Regenerate after an intended change with `UPDATE_DOCS=1 .venv/bin/python -m pytest
tests/test_referral_docs.py`, then read the diff before committing it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli
from thresholdcli.records import store

DOC = ROOT / "docs" / "referral.md"
BLOCK = re.compile(r"(<!-- example: (?P<name>[a-z]+) -->\n```[a-z]*\n)(?P<body>.*?)(```)", re.S)
ASSESSED = "2026-11-26T14:10:00+00:00"
SUMMARY_MADE = "2026-11-26T14:40:00+00:00"
AS_OF = "2026-11-30 09:00"
DONE_AT = "2026-11-30T09:15:00+00:00"
NOTE = "emailed EHASH the written follow-up"


def blocks(text: str) -> dict[str, str]:
    return {m.group("name"): m.group("body") for m in BLOCK.finditer(text)}


def run_example(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> dict[str, str]:
    """Run the example as a practitioner would and collect what each step prints."""
    monkeypatch.setenv("THRESHOLDCLI_WIDTH", "80")
    monkeypatch.setenv("THRESHOLDCLI_CASES", str(tmp_path / "cases"))
    answers = tmp_path / "answers.toml"
    answers.write_text(blocks(DOC.read_text(encoding="utf-8"))["answers"], encoding="utf-8")
    out: dict[str, str] = {}

    def step(name: str, now: str, args: list[str]) -> None:
        monkeypatch.setenv("THRESHOLDCLI_NOW", now)
        code, printed, err = run_cli(args, capsys)
        assert code == 0, err
        out[name] = printed

    step("interview", ASSESSED, ["interview", "--answers", str(answers)])
    step("referral", SUMMARY_MADE, ["referral", "C-301"])
    step("followups", DONE_AT, ["followups", "--as-of", AS_OF])
    step("done", DONE_AT, ["followups", "done", "C-301", "written-follow-up", "--note", NOTE])
    record = store.record_path(tmp_path / "cases", "C-301").read_text(encoding="utf-8")
    out["appended"] = record[record.index("[[followups_done]]") :]
    return out


def test_the_full_example_is_what_a_real_run_prints(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    produced = run_example(tmp_path, capsys, monkeypatch)
    doc = DOC.read_text(encoding="utf-8")
    if os.environ.get("UPDATE_DOCS") == "1":

        def replace(match: re.Match[str]) -> str:
            name = match.group("name")
            body = produced.get(name, match.group("body"))
            return match.group(1) + body + match.group(4)

        doc = BLOCK.sub(replace, doc)
        DOC.write_text(doc, encoding="utf-8")
    shown = blocks(doc)
    for name in ("referral", "followups", "done", "appended"):
        assert shown[name] == produced[name], f"docs/referral.md example {name!r} is stale"


def test_the_commands_named_in_the_doc_exist(capsys: pytest.CaptureFixture[str]) -> None:
    for args in (["referral", "--help"], ["followups", "--help"], ["followups", "done", "--help"]):
        code, out, _ = run_cli(args, capsys)
        assert code == 0 and "Example:" in out

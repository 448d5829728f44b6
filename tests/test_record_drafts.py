"""Drafts: a save that fails keeps every answer, and --resume finishes without asking again."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.record_helpers import interview, rich_sheet, setup_for
from thresholdcli.cli import app
from thresholdcli.errors import RecordError
from thresholdcli.framework import loader
from thresholdcli.interview.engine import Interview
from thresholdcli.interview.output import SilentOutput
from thresholdcli.interview.session import InterviewRequest, NoPrompter, merged_sheet
from thresholdcli.records import store

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def test_failed_save_keeps_the_answers_and_resume_finishes(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    store.ensure_private_dir(cases)
    (cases / "C-7.toml").write_text("format = 1\ncase_ref = [")  # corrupt: the save must fail
    sheet = rich_sheet(loader.resolve("staffordshire-2023")[0], "C-7")
    with pytest.raises(RecordError, match=r"answers are kept: thresholdcli interview --resume C-7"):
        interview(cases, NOW, sheet)
    assert (cases / "C-7.toml").read_text() == "format = 1\ncase_ref = ["
    (cases / "C-7.toml").unlink()  # the practitioner restores the file
    resumed = merged_sheet(InterviewRequest(resume="C-7"), cases)
    outcome = Interview(NoPrompter(), SilentOutput(), setup_for(cases, NOW), resumed).run()
    expected = interview(tmp_path / "fresh", NOW, sheet).record.latest
    assert outcome.record.latest == expected
    assert store.list_drafts(cases) == []


def test_drafts_command_lists_resumable_cases(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    store.save_draft(cases, rich_sheet(loader.resolve("hull")[0], "C-8"))
    result = CliRunner().invoke(app, ["drafts", "--cases-dir", str(cases)])
    assert result.exit_code == 0 and result.output.split() == ["C-8"]

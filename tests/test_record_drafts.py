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
from thresholdcli.interview.engine import Interview, Start
from thresholdcli.interview.output import SilentOutput
from thresholdcli.interview.session import InterviewRequest, NoPrompter, answers_sheet
from thresholdcli.records import store

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def test_failed_save_keeps_the_answers_and_resume_finishes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cases = tmp_path / "cases"
    sheet = rich_sheet(loader.resolve("staffordshire-2023")[0], "C-7")

    def disk_full(*args: object) -> None:
        raise RecordError("cases/C-7.toml: cannot write (No space left on device)")

    with monkeypatch.context() as patch:
        patch.setattr(store, "append_assessment", disk_full)
        with pytest.raises(
            RecordError, match=r"answers are kept: thresholdcli interview --resume C-7"
        ):
            interview(cases, NOW, sheet)
    assert not (cases / "C-7.toml").exists()
    resumed = answers_sheet(InterviewRequest(resume="C-7"))
    outcome = Interview(
        NoPrompter(), SilentOutput(), setup_for(cases, NOW), resumed, start=Start(resume=True)
    ).run()
    expected = interview(tmp_path / "fresh", NOW, sheet).record.latest
    assert outcome.record.latest == expected
    assert store.list_drafts(cases) == []


def test_drafts_command_lists_resumable_cases(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    store.save_draft(cases, rich_sheet(loader.resolve("hull")[0], "C-8"))
    result = CliRunner().invoke(app, ["drafts", "--cases-dir", str(cases)])
    assert result.exit_code == 0 and result.output.split() == ["C-8"]

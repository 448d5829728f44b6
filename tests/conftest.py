from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from thresholdcli.framework import loader
from thresholdcli.framework.model import Framework
from thresholdcli.interview.engine import InterviewSetup

ROOT = Path(__file__).resolve().parents[1]
FIXED_NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # a Monday, offices open


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("THRESHOLDCLI_CASES", raising=False)
    monkeypatch.delenv("THRESHOLDCLI_NOW", raising=False)
    monkeypatch.delenv("THRESHOLDCLI_FRAMEWORKS", raising=False)


@pytest.fixture
def staffs() -> Framework:
    return loader.resolve("staffordshire-2023")[0]


def all_frameworks() -> list[Framework]:
    return [fw for _, fw in loader.shipped()]


@pytest.fixture
def setup(tmp_path: Path) -> InterviewSetup:
    return InterviewSetup(
        cases_dir=tmp_path / "cases",
        clock=lambda: FIXED_NOW,
        resolve=loader.resolve,
        available=all_frameworks(),
        default_framework=loader.DEFAULT_FRAMEWORK,
        tool_version="test",
    )

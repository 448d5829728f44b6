from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from thresholdcli import cli
from thresholdcli.framework import loader
from thresholdcli.framework.model import Framework
from thresholdcli.interview.engine import InterviewSetup

ROOT = Path(__file__).resolve().parents[1]
FIXED_NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # a Monday, offices open


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Tests (and the commands they start) never use the user's own cache folder, nor
    their own settings file."""
    private = {
        "THRESHOLDCLI_CACHE_DIR": str(tmp_path_factory.mktemp("cache") / "thresholdcli"),
        "THRESHOLDCLI_CONFIG_DIR": str(tmp_path_factory.mktemp("config") / "thresholdcli"),
    }
    saved = {name: os.environ.get(name) for name in private}
    os.environ.update(private)
    yield
    for name, value in saved.items():
        if value is None:
            del os.environ[name]
        else:
            os.environ[name] = value


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("THRESHOLDCLI_CASES", raising=False)
    monkeypatch.delenv("THRESHOLDCLI_NOW", raising=False)
    monkeypatch.delenv("THRESHOLDCLI_FRAMEWORKS", raising=False)
    for name in ("THRESHOLDCLI_FRAMEWORK", "THRESHOLDCLI_ROLE", "THRESHOLDCLI_PLAIN"):
        monkeypatch.delenv(name, raising=False)


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


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run the real entry point in-process: (exit code, stdout, stderr)."""
    argv = sys.argv
    sys.argv = ["thresholdcli", *args]
    try:
        cli.main()
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    finally:
        sys.argv = argv
    out, err = capsys.readouterr()
    return code, out, err

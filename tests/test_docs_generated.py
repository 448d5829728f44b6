"""docs/cli.md and docs/schemas/ are generated, and kept current: regenerate with `make docs`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT
from thresholdcli.schemas import schema_texts

STALE = "{what} is out of date (a command or a model changed): run `make docs` and commit it"


def generated_cli_reference(out: Path) -> str:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "TERM": "dumb"}
    command = [sys.executable, "-m", "typer", "thresholdcli.cli", "utils", "docs"]
    subprocess.run(
        [*command, "--name", "thresholdcli", "--output", str(out)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    return out.read_text(encoding="utf-8")


def test_cli_reference_is_current(tmp_path: Path) -> None:
    made = generated_cli_reference(tmp_path / "cli.md")
    assert "## `thresholdcli card`" in made  # the generator really ran over the commands
    kept = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert kept == made, STALE.format(what="docs/cli.md")


def test_json_schemas_are_current() -> None:
    folder = ROOT / "docs" / "schemas"
    texts = schema_texts()
    assert sorted(p.name for p in folder.glob("*.schema.json")) == sorted(texts)
    for name, text in texts.items():
        assert (folder / name).read_text(encoding="utf-8") == text, STALE.format(
            what=f"docs/schemas/{name}"
        )

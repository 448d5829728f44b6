"""Golden terminal cards: the top level of every shipped framework, 80 columns, NO_COLOR.

Regenerate after an intended change with `UPDATE_GOLDENS=1 .venv/bin/python -m pytest
tests/test_card_golden.py`, then read the diff before committing it.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import all_frameworks
from thresholdcli.advice.cards import build_cards
from thresholdcli.framework.model import Framework
from thresholdcli.render.card_output import cards_text

GOLDEN = Path(__file__).parent / "golden" / "cards"
PRINTED = date(2026, 11, 23)


@pytest.mark.parametrize("fw", all_frameworks(), ids=lambda fw: fw.id)
def test_top_level_card_golden(fw: Framework) -> None:
    text = cards_text(build_cards(fw, [fw.top_rank], brief=False, printed=PRINTED), width=80)
    golden = GOLDEN / f"{fw.id}-level-{fw.top_rank}.txt"
    if os.environ.get("UPDATE_GOLDENS") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert golden.is_file(), f"no golden file {golden.name}: run with UPDATE_GOLDENS=1"
    assert text == golden.read_text(encoding="utf-8")
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "\x1b[" not in text  # NO_COLOR: no terminal codes


def test_terminal_output_with_no_color_matches_the_golden(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The real console path (not a file): NO_COLOR and 80 columns give the golden text."""
    from tests.test_cards import run_cli

    monkeypatch.setenv("THRESHOLDCLI_WIDTH", "80")
    monkeypatch.setenv("THRESHOLDCLI_NOW", "2026-11-23T10:00:00+00:00")
    code, out, _ = run_cli(["card", "staffordshire-2023", "--level", "4"], capsys)
    assert code == 0
    assert "\x1b[" not in out
    plain = "\n".join(line.rstrip() for line in out.splitlines()) + "\n"
    assert plain == (GOLDEN / "staffordshire-2023-level-4.txt").read_text(encoding="utf-8")

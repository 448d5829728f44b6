"""The search and finishing the walk early, as a person sees them: a real pseudo-terminal,
its screen rendered by pyte. Short sessions: each resumes a prepared draft."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.pty_screen import Terminal, flat
from thresholdcli.records import store
from thresholdcli.records.sheet import AnswerSheet

pytestmark = pytest.mark.pty
CTRL_F, CTRL_N = "\x06", "\x0e"


def telford_baby(cases: Path) -> Terminal:
    """Telford & Wrekin, a baby, no exploitation concern: the walk's first domain on screen."""
    sheet = AnswerSheet(
        case_ref="S-1",
        framework="telford-wrekin",
        immediate_danger=False,
        age=0,
        sections=[],
    )
    store.save_draft(cases, sheet)
    term = Terminal(cases, ["--resume", "S-1"], rows=24, columns=80)
    term.wait_for(r"Domain 1 of 11 · ")
    return term


def test_search_finds_across_domains_with_spaces_and_typos_and_ticks(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    term = telford_baby(cases)
    screen = term.text
    assert "❯ Nothing here" in screen  # the quickest choice comes first
    term.send(CTRL_F)
    term.wait_for("Search every indicator of Telford")
    term.send("baby  bruisng")  # any order, two spaces, a typo
    screen = flat(term.wait_for("1 found"))
    assert "Bruising on non mobile baby." in screen
    assert "level 4 Acute · Basic Care, Safety and Protection" in screen  # level and domain
    term.key("tab")
    screen = term.wait_for("Ticked so far: 1: care.4.22")
    assert "[x] Bruising on non mobile baby." in screen
    term.key("enter")  # back to the walk, where the tick is the walk's tick
    screen = term.wait_for("ticks made in the search are kept")
    assert "❯ Done: 1 ticked" in screen and "Ticked so far: 1: care.4.22" in screen
    assert term.interrupt_and_keep() == 130
    kept = store.load_draft(cases, "S-1")
    assert kept is not None and kept.found == ["care.4.22"]


def test_finishing_early_says_which_domains_were_not_looked_at(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    term = telford_baby(cases)
    term.send("bruising")  # the domain's own filter
    term.wait_for('Filter: "bruising"')
    term.key("tab")
    term.send(CTRL_N + "seen at home visit")
    term.wait_for("Note on Basic Care, Safety and Protection: seen at home visit")
    term.key("enter")
    term.wait_for("Note on Basic Care, Safety and Protection kept")
    term.key("end")
    screen = term.wait_for(r"❯ Finish the walk here \(10 domain\(s\) not looked at\)")
    term.key("enter")
    screen = flat(term.wait_for("Strengths and protective factors"))
    assert "Walk finished early: 10 domain(s) not looked at" in screen
    assert term.interrupt_and_keep() == 130
    kept = store.load_draft(cases, "S-1")
    assert kept is not None
    assert kept.domains == {"basic-care": ["care.4.22"]}
    assert kept.notes == {"basic-care": "seen at home visit"}
    assert kept.domains_not_looked_at is not None and len(kept.domains_not_looked_at) == 10

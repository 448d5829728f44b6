"""`referral`: a summary of one assessment from the record, ready for the phone call.

Regenerate the golden files after an intended change with `UPDATE_GOLDENS=1
.venv/bin/python -m pytest tests/test_referral.py`, then read the diff before committing.
"""

from __future__ import annotations

import json
import os
import stat
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import all_frameworks, run_cli
from tests.followup_helpers import HOURS_48, hull_assessment, save
from tests.referral_helpers import ASSESSED, MADE, make_case
from thresholdcli.advice.contacts import UK
from thresholdcli.framework import loader
from thresholdcli.framework.model import Framework
from thresholdcli.records import store
from thresholdcli.records.model import FrameworkPin

GOLDEN = Path(__file__).parent / "golden" / "referral"
Capsys = pytest.CaptureFixture[str]


@pytest.fixture(autouse=True)
def _fixed_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("THRESHOLDCLI_NOW", MADE)
    monkeypatch.setenv("THRESHOLDCLI_WIDTH", "80")


def flat(text: str) -> str:
    """The text with its line wrapping undone, to look for a phrase."""
    return " ".join(text.split())


def summary(cases: Path, case_ref: str, capsys: Capsys, *extra: str) -> str:
    code, out, err = run_cli(["referral", case_ref, "--cases-dir", str(cases), *extra], capsys)
    assert code == 0, err
    return out


def as_json(cases: Path, case_ref: str, capsys: Capsys, *extra: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(summary(cases, case_ref, capsys, "--format", "json", *extra))
    return data


# --- golden files ------------------------------------------------------------------------


@pytest.mark.parametrize("fw", all_frameworks(), ids=lambda fw: fw.id)
def test_referral_golden(fw: Framework, tmp_path: Path, capsys: Capsys) -> None:
    cases = tmp_path / "cases"
    ref = make_case(cases, fw)
    text = summary(cases, ref, capsys)
    golden = GOLDEN / f"{fw.id}.txt"
    if os.environ.get("UPDATE_GOLDENS") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert golden.is_file(), f"no golden file {golden.name}: run with UPDATE_GOLDENS=1"
    assert text == golden.read_text(encoding="utf-8")
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "\x1b" not in text


# --- what the summary holds ----------------------------------------------------------------


@pytest.mark.parametrize("fw", all_frameworks(), ids=lambda fw: fw.id)
def test_the_summary_holds_what_the_record_holds(
    fw: Framework, tmp_path: Path, capsys: Capsys
) -> None:
    cases = tmp_path / "cases"
    ref = make_case(cases, fw)
    record = store.load_record(store.record_path(cases, ref))
    a = record.latest
    data = as_json(cases, ref, capsys)
    assert data["schema_version"] == 1
    shown = [(i["id"], i["level"], i["text"]) for g in data["concerns"] for i in g["indicators"]]
    assert sorted(shown) == sorted((i.id, i.level, i.text) for i in a.indicators)
    names = {d.id: d.name for d in fw.domains}
    assert all(g["name"] == names[g["domain"]] for g in data["concerns"])
    assert {n["domain"]: n["text"] for n in data["notes"]} == a.notes
    assert data["strengths"] == a.strengths
    assert [(c["id"], c["answer"], c["reason"]) for c in data["consent"]] == [
        (c.id, c.answer, c.reason) for c in a.consent
    ]
    items = {c.id: c for c in fw.consent}
    assert all(c["rule"] == items[c["id"]].rule for c in data["consent"])
    assert (data["suggested"]["rank"], data["decided"]["rank"]) == (
        a.suggestion.rank,
        a.decision.rank,
    )
    assert data["case_ref"] == ref and data["age"] == 9
    text = summary(cases, ref, capsys)
    shown_words = [i.text for i in a.indicators]
    shown_words += [f"{c.question} {c.rule}" for c in fw.consent]
    for indicator in fw.indicators:
        elsewhere = any(indicator.text in words for words in shown_words)
        if not elsewhere and len(indicator.text) > 30:
            assert indicator.text not in text, indicator.id


def test_an_empty_record_says_not_recorded_and_invents_nothing(
    tmp_path: Path, capsys: Capsys
) -> None:
    cases = tmp_path / "cases"
    bare = hull_assessment(ASSESSED, {}).model_copy(
        update={
            "age": None,
            "assessor_role": "",
            "indicators": [],
            "notes": {},
            "strengths": "",
            "consent": [],
        }
    )
    save(cases, "BARE", bare)
    text = summary(cases, "BARE", capsys)
    for expected in (
        "Age: not recorded",
        "Assessed by (role): not recorded",
        "No indicators were ticked.",
        "Practitioner's notes\n--------------------\nNone recorded.",
        "Strengths and protective factors\n--------------------------------\nNone recorded.",
        "Consent and information sharing\n-------------------------------\nNone recorded.",
        "None recorded as to do at this assessment.",
    ):
        assert expected in text
    fw = loader.resolve("hull")[0]
    assert not [i.id for i in fw.indicators if len(i.text) > 20 and i.text in text]
    assert not [c.id for c in fw.consent if c.rule in text or c.question in text]


def test_identifying_details_reminder_and_case_reference_in_every_format(
    tmp_path: Path, capsys: Capsys
) -> None:
    cases = tmp_path / "cases"
    ref = make_case(cases, loader.resolve("telford-wrekin")[0])
    for fmt in ("txt", "md", "html"):
        out = summary(cases, ref, capsys, "--format", fmt)
        assert "Identifying details are not in this summary" in out, fmt
        assert ref in out
    data = as_json(cases, ref, capsys)
    assert not {"name", "child_name", "date_of_birth", "address"} & set(data)


def test_routes_at_the_assessment_and_now(tmp_path: Path, capsys: Capsys) -> None:
    cases = tmp_path / "cases"
    ref = make_case(cases, loader.resolve("staffordshire-2023")[0])
    then, now = as_json(cases, ref, capsys)["routes"]
    assert then["label"] == "At the assessment" and then["at"].startswith("2026-11-27T15:30")
    assert now["label"] == "Now" and now["at"].startswith("2026-11-28T10:00")
    assert (
        then["call_now"][0]["short_name"] == "SCAS" and "open until" in then["call_now"][0]["why"]
    )
    assert now["call_now"][0]["short_name"] == "EDS" and "closed" in now["call_now"][0]["why"]
    assert all(c["phone"] for c in then["call_now"] + now["call_now"])


def test_followups_with_due_dates_and_done(tmp_path: Path, capsys: Capsys) -> None:
    cases = tmp_path / "cases"
    made = datetime.fromisoformat(MADE)
    todos = {"written-follow-up": HOURS_48, "chase-feedback": None}
    save(cases, "C-1", hull_assessment(made - timedelta(days=3), todos))
    argv = ["followups", "done", "C-1", "chase-feedback", "--cases-dir", str(cases)]
    assert run_cli([*argv, "--note", "rang EHASH"], capsys)[0] == 0
    text = summary(cases, "C-1", capsys)
    follow = flat(text[text.index("Follow-ups\n") :])
    assert "due Fri 27 Nov 2026 10:00 (overdue by 24 hours when this summary was made)" in follow
    assert "marked done Sat 28 Nov 2026 10:00 [id: chase-feedback]" in follow
    assert "Note when done: “rang EHASH”" in follow
    data = as_json(cases, "C-1", capsys)
    assert data["followups"] == ["written-follow-up", "chase-feedback"]


def test_an_earlier_assessment_and_open_followups_elsewhere(tmp_path: Path, capsys: Capsys) -> None:
    cases = tmp_path / "cases"
    save(cases, "C-1", hull_assessment(ASSESSED, {"chase-feedback": None}))
    save(cases, "C-1", hull_assessment(ASSESSED, {"written-follow-up": HOURS_48}))
    data = as_json(cases, "C-1", capsys, "--assessment", "1")
    assert (data["assessment"], data["assessments"]) == (1, 2)
    assert data["followups"] == ["chase-feedback"]
    assert data["open_followups_in_other_assessments"] == 1
    code, _, err = run_cli(
        ["referral", "C-1", "--cases-dir", str(cases), "--assessment", "3"], capsys
    )
    assert code == 2 and "has assessments 1 to 2" in err


# --- a framework that has changed or gone ------------------------------------------------------


def _pinned(cases: Path, pin: FrameworkPin) -> None:
    assessment = hull_assessment(ASSESSED, {"chase-feedback": None}).model_copy(
        update={"framework": pin}
    )
    save(cases, "OLD", assessment)


def test_a_version_no_longer_shipped_is_said_not_guessed(tmp_path: Path, capsys: Capsys) -> None:
    cases = tmp_path / "cases"
    _pinned(cases, FrameworkPin(id="hull", version="1999", hash="sha256:0000000000000000"))
    text = flat(summary(cases, "OLD", capsys))
    assert "Note: hull@1999 is no longer shipped; the current version is hull@2018-05." in text
    assert "The framework says" not in text
    assert "The framework's words are not quoted: hull@1999 is no longer shipped" in text
    assert "No route given: hull@1999 is no longer shipped" in text
    assert "Now: Sat 28 Nov 2026 10:00 (UK time), from hull@2018-05" in text
    assert "contacts for every level are shown" in text
    fw = loader.resolve("hull")[0]
    assert not [c.id for c in fw.consent if c.rule in text]


def test_a_framework_not_shipped_at_all(tmp_path: Path, capsys: Capsys) -> None:
    cases = tmp_path / "cases"
    _pinned(cases, FrameworkPin(id="elsewhere", version="1", hash="sha256:0000000000000000"))
    data = as_json(cases, "OLD", capsys)
    assert data["framework"]["state"] == "not_shipped"
    assert [r["missing"] for r in data["routes"]] == [
        "elsewhere is not a shipped framework any more: its contacts are not available",
        "elsewhere is not a shipped framework any more",
    ]
    assert data["concerns"][0]["name"] == data["concerns"][0]["domain"]  # the id, not a guess


def test_a_changed_framework_file_is_said(tmp_path: Path, capsys: Capsys) -> None:
    cases = tmp_path / "cases"
    fw = loader.resolve("hull")[0]
    _pinned(cases, FrameworkPin(id="hull", version=fw.version, hash="sha256:0000000000000000"))
    text = flat(summary(cases, "OLD", capsys))
    assert "hull@2018-05 has changed since then; the rules below are quoted from the file" in text


# --- formats and files ---------------------------------------------------------------------


HOSTILE = "<script>alert(1)</script> *bold* [link](http://x) # head\n- item \x1b]0;title\x07 end"


def test_text_from_the_record_is_data_in_every_format(tmp_path: Path, capsys: Capsys) -> None:
    cases = tmp_path / "cases"
    bad = hull_assessment(ASSESSED, {}).model_copy(update={"strengths": HOSTILE})
    save(cases, "C-1", bad)
    txt = summary(cases, "C-1", capsys)
    assert "\x1b" not in txt and "\x07" not in txt and "\\x1b]0;title\\x07 end" in txt
    html = summary(cases, "C-1", capsys, "--format", "html")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    md = summary(cases, "C-1", capsys, "--format", "md")
    assert "&lt;script&gt;" in md and "\\*bold\\*" in md and "\\[link\\]" in md
    assert "\\# head" in md and "\\- item" in md and "\x1b" not in md
    data = as_json(cases, "C-1", capsys)
    assert data["strengths"] == HOSTILE  # JSON keeps the data exactly; json escapes it


def test_written_0600_atomically_format_from_the_name(tmp_path: Path, capsys: Capsys) -> None:
    cases = tmp_path / "cases"
    ref = make_case(cases, loader.resolve("hull")[0])
    target = tmp_path / "out" / "summary.html"
    code, out, err = run_cli(
        ["referral", ref, "--cases-dir", str(cases), "-o", str(target)], capsys
    )
    assert code == 0 and out == ""
    assert "(0600)" in err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in target.parent.iterdir()] == ["summary.html"]  # no temp file left
    md = tmp_path / "summary.md"
    run_cli(["referral", ref, "--cases-dir", str(cases), "-o", str(md)], capsys)
    assert md.read_text(encoding="utf-8").startswith("# Referral summary")
    code, out, _ = run_cli(["referral", ref, "--cases-dir", str(cases), "-o", "-"], capsys)
    assert code == 0 and out.startswith("Referral summary: case")
    assert not (Path.cwd() / "-").exists()


def test_a_symlink_or_folder_at_the_output_is_refused(tmp_path: Path, capsys: Capsys) -> None:
    cases = tmp_path / "cases"
    ref = make_case(cases, loader.resolve("hull")[0])
    victim = tmp_path / "victim.txt"
    victim.write_text("keep", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(victim)
    for target in (link, tmp_path):
        code, _, err = run_cli(
            ["referral", ref, "--cases-dir", str(cases), "-o", str(target)], capsys
        )
        assert code == 1 and f"cannot write {target}" in err and err.count("\n") == 1
    assert victim.read_text(encoding="utf-8") == "keep" and link.is_symlink()


def test_assessed_time_is_shown_in_uk_time(tmp_path: Path, capsys: Capsys) -> None:
    cases = tmp_path / "cases"
    summer = datetime(2026, 7, 1, 9, 0, tzinfo=UK)
    save(cases, "C-1", hull_assessment(summer, {}))
    assert "made Wed 01 Jul 2026 09:00 (UK time)" in summary(cases, "C-1", capsys)


def test_immediate_danger_recorded_keeps_999_first(tmp_path: Path, capsys: Capsys) -> None:
    cases = tmp_path / "cases"
    danger = hull_assessment(ASSESSED, {}).model_copy(update={"immediate_danger": True})
    save(cases, "C-1", danger)
    text = flat(summary(cases, "C-1", capsys))
    assert text.split("=")[-1].strip().startswith("Immediate danger was recorded at this")
    routes = as_json(cases, "C-1", capsys)["routes"]
    assert [r["call_now"][0]["phone"] for r in routes] == ["999", "999"]


def test_the_framework_says_only_before_a_cited_quote() -> None:
    from thresholdcli.framework.model import Cite, ConsentItem
    from thresholdcli.render.referral import rule_intro

    base = {"id": "x", "levels": [1], "rule": "Tell them.", "question": "Q?", "section": "S"}
    cite = Cite(section="Consent", lines=[3, 4])
    cited = ConsentItem.model_validate({**base, "cite": [cite.model_dump()]})
    assert rule_intro(cited) == "The framework says (“Consent”, lines 3–4):"
    uncited = ConsentItem.model_validate(base)
    assert not rule_intro(uncited).startswith("The framework says")
    read = ConsentItem.model_validate({**base, "reading": {"rule": "summarised from two pages"}})
    assert rule_intro(read) == (
        "thresholdcli's reading of the framework (summarised from two pages):"
    )

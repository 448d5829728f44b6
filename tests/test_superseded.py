"""A superseded framework never looks current: picker, listing, cards and audit say so."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.conftest import run_cli
from tests.test_audit import AS_OF, assessment, case
from thresholdcli.advice.cards import build_cards
from thresholdcli.batch.audit import audit
from thresholdcli.batch.audit_files import current_frameworks
from thresholdcli.framework import loader
from thresholdcli.interview.wording import framework_title
from thresholdcli.records.model import FrameworkPin
from thresholdcli.render.audit import audit_markdown
from thresholdcli.render.card_md import cards_markdown

OLD = "staffordshire-2022"


def test_the_data_names_what_replaces_staffordshire_2022() -> None:
    marked = {fw.id: fw.superseded_by for _, fw in loader.shipped() if fw.superseded_by}
    assert marked == {OLD: "staffordshire-2023"}
    shipped_ids = {fw.id for _, fw in loader.shipped()}
    assert set(marked.values()) <= shipped_ids


def test_the_picker_marks_it() -> None:
    old = loader.resolve(OLD)[0]
    assert framework_title(old).endswith("SUPERSEDED by staffordshire-2023")
    assert "SUPERSEDED" not in framework_title(loader.resolve("staffordshire-2023")[0])


def test_frameworks_list_table_and_json(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("THRESHOLDCLI_WIDTH", "200")
    code, out, _ = run_cli(["frameworks", "list", "--format", "json"], capsys)
    assert code == 0
    listed = {item["id"]: item["superseded_by"] for item in json.loads(out)["frameworks"]}
    assert listed[OLD] == "staffordshire-2023" and listed["hull"] is None
    code, out, _ = run_cli(["frameworks", "list"], capsys)
    row = next(line for line in out.splitlines() if "staffordshire-2022@" in line)
    assert code == 0 and "SUPERSEDED" in row
    assert "superseded by staffordshire-2023" in out


def test_its_cards_say_so(capsys: pytest.CaptureFixture[str]) -> None:
    cards = build_cards(loader.resolve(OLD)[0], [2], brief=True, printed=AS_OF)
    assert "SUPERSEDED: this framework has been replaced by staffordshire-2023" in (
        cards_markdown(cards)
    )
    for fmt in ("terminal", "html"):
        code, out, _ = run_cli(["card", OLD, "--level", "2", "--format", fmt], capsys)
        assert code == 0 and "SUPERSEDED" in out, fmt
    code, out, _ = run_cli(["card", "hull", "--level", "2"], capsys)
    assert "SUPERSEDED" not in out


def test_audit_counts_assessments_on_a_superseded_framework() -> None:
    current = current_frameworks()
    old = current[OLD]
    pin = FrameworkPin(id=OLD, version=old.version, hash=old.hash)
    record = case("S-22", assessment(1, date(2026, 1, 5), 2, 2, pin=pin))
    report = audit([record], current, AS_OF)
    assert report.on_superseded == 1
    (item,) = report.out_of_date
    assert item.why == "this framework is superseded by staffordshire-2023"
    assert "Assessments on a superseded framework: 1." in audit_markdown(report)

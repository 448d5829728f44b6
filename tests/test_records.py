from __future__ import annotations

import stat
import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from thresholdcli.errors import CaseRefError, RecordError
from thresholdcli.records import store
from thresholdcli.records.model import (
    Assessment,
    CaseRecord,
    ConsentRecord,
    Decision,
    FrameworkPin,
    ReasonRecord,
    Suggestion,
    TickedIndicator,
    check_case_ref,
)


def make_assessment(number: int = 1, rank: int = 3) -> Assessment:
    return Assessment(
        number=number,
        assessed_at=datetime(2026, 11, 23, 10, 0, tzinfo=UTC),
        tool_version="test",
        framework=FrameworkPin(id="staffordshire-2023", version="2023", hash="sha256:abc"),
        age="unborn",
        immediate_danger=False,
        indicators=[
            TickedIndicator(
                id="par.3.03", domain="parenting-capacity", level=3, text="Domestic abuse"
            )
        ],
        notes={"parenting-capacity": "Line one\nLine two"},
        strengths="Supportive aunt",
        suggestion=Suggestion(
            rank=rank,
            name="Targeted Early Help",
            reasons=[
                ReasonRecord(rule="highest_level", level=3, indicators=["par.3.03"], text="x")
            ],
        ),
        decision=Decision(rank=2, name="Earliest Help", agrees_with_suggestion=False, reason="r"),
        consent=[ConsentRecord(id="eha-consent", answer="not_done", reason="parent away")],
    )


def test_round_trip_record_toml_record() -> None:
    record = CaseRecord(case_ref="ABC-1", assessments=[make_assessment(), make_assessment(2)])
    text = store.to_toml(record)
    again = store.record_from_data(tomllib.loads(text), "mem")
    assert again == record
    assert store.to_toml(again) == text


def test_saved_file_is_0600_in_a_0700_folder(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    store.append_assessment(cases, "ABC-1", make_assessment())
    path = cases / "ABC-1.toml"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(cases.stat().st_mode) == 0o700


def test_append_numbers_and_keeps_earlier_assessments(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    store.append_assessment(cases, "ABC-1", make_assessment())
    first = (cases / "ABC-1.toml").read_text()
    record = store.append_assessment(cases, "ABC-1", make_assessment(rank=4))
    assert [a.number for a in record.assessments] == [1, 2]
    assert (cases / "ABC-1.toml").read_text().startswith(first)


@pytest.mark.parametrize("bad", ["", "../x", "a/b", "a b", "x" * 65, "a\x00b", "..", ".hidden"])
def test_unsafe_case_refs_are_refused(bad: str) -> None:
    with pytest.raises(CaseRefError):
        check_case_ref(bad)


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "empty"),
        (b"\xff\xfe", "UTF-8"),
        (b"format = [", "invalid TOML"),
        (b"format = 99\ncase_ref='a'", "newer"),
        (b"case_ref = 'a'", "not a case record"),
        (b"format = 1\ncase_ref = 'a'\nassessments = 3", "assessments"),
    ],
)
def test_bad_records_give_one_line_errors(tmp_path: Path, content: bytes, fragment: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_bytes(content)
    with pytest.raises(RecordError) as info:
        store.load_record(path)
    message = str(info.value)
    assert fragment in message and "\n" not in message and str(path) in message

"""The case record file: exact round trips, git-diff-friendly TOML, appends, migration, modes."""

from __future__ import annotations

import os
import re
import stat
import tomllib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.record_helpers import interview, rich_sheet
from thresholdcli.errors import RecordError
from thresholdcli.framework import loader
from thresholdcli.records import reading, store, toml_writer
from thresholdcli.records.model import CaseRecord
from thresholdcli.records.sheet import AnswerSheet

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
FRAMEWORK_FILES = [p.stem for p in loader.framework_files()]


def saved_case(cases: Path, framework_stem: str) -> tuple[Path, CaseRecord]:
    path = next(p for p in loader.framework_files() if p.stem == framework_stem)
    framework = loader.load_with_hash(path)[0]
    outcome = interview(cases, NOW, rich_sheet(framework, f"RT-{framework.id}"))
    return outcome.path, outcome.record


# --- round trips -------------------------------------------------------------------------


@pytest.mark.parametrize("stem", FRAMEWORK_FILES)
def test_round_trip_for_every_shipped_framework(tmp_path: Path, stem: str) -> None:
    path, record = saved_case(tmp_path / "cases", stem)
    assessment = record.latest
    assert len(assessment.indicators) >= 4 and assessment.consent and assessment.notes
    text = path.read_text(encoding="utf-8")
    loaded = store.load_record(path)
    assert loaded == record
    assert store.to_toml(loaded) == text
    assert tomllib.loads(text) == store._drop_none(record.model_dump(mode="python"))


@pytest.mark.parametrize("stem", FRAMEWORK_FILES[:2])
def test_reassessment_appends_bytes_and_round_trips(tmp_path: Path, stem: str) -> None:
    cases = tmp_path / "cases"
    path, first = saved_case(cases, stem)
    before = path.read_text()
    sheet = rich_sheet(loader.resolve(first.latest.framework.id)[0], first.case_ref)
    later = NOW + timedelta(days=90)
    record = interview(cases, later, sheet.model_copy(update={"strengths": "new"})).record
    text = path.read_text()
    assert text.startswith(before) and text == store.to_toml(record)
    assert [a.number for a in record.assessments] == [1, 2]
    assert store.load_record(path) == record


# --- the TOML writer ---------------------------------------------------------------------

keys = st.text(min_size=1, max_size=12)
scalars = st.one_of(
    st.text(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.booleans(),
    st.datetimes(timezones=st.just(UTC)).map(lambda d: d.replace(microsecond=0)),
)
tables = st.recursive(
    st.dictionaries(keys, st.one_of(scalars, st.lists(scalars)), max_size=4),
    lambda children: st.dictionaries(
        keys,
        st.one_of(scalars, st.lists(scalars), children, st.lists(children, max_size=3)),
        max_size=4,
    ),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(tables)
def test_writer_output_reads_back_exactly(data: dict[str, Any]) -> None:
    """Python's tomllib and the reader thresholdcli uses (tomli, TOML 1.1) both read what
    the writer wrote as exactly the data written."""
    text = toml_writer.dumps(data)
    assert tomllib.loads(text) == data
    if data:  # an empty file is refused before it is parsed
        assert reading.parse_toml_bytes(text.encode(), "mem") == data
    assert toml_writer.dumps(tomllib.loads(text)) == text


@settings(max_examples=150, deadline=None)
@given(notes=st.dictionaries(st.text(min_size=1), st.text()), strengths=st.text())
@example(notes={"followups_done": ""}, strengths="")  # a note titled like an optional field
def test_any_free_text_round_trips(notes: dict[str, str], strengths: str) -> None:
    record = CaseRecord.model_validate(tomllib.loads(EXAMPLE))
    latest = record.latest.model_copy(update={"notes": notes, "strengths": strengths})
    record = record.model_copy(update={"assessments": [*record.assessments[:-1], latest]})
    text = store.to_toml(record)
    assert store.record_from_bytes(text.encode(), "mem") == record


def test_layout_reads_well_in_a_diff() -> None:
    text = store.to_toml(CaseRecord.model_validate(tomllib.loads(EXAMPLE)))
    assert not re.search(r"= \{ ", text), "no inline tables"
    assert "[[assessments.consent]]" in text and "[[assessments.indicators]]" in text
    assert '"""\n' in text, "multi-line notes keep their lines"
    block = text.split("[[assessments]]")[1]
    order = [line for line in block.splitlines() if line.startswith("[")]
    assert order == [
        "[assessments.framework]",
        *["[[assessments.indicators]]"] * order.count("[[assessments.indicators]]"),
        "[assessments.notes]",
        "[assessments.suggestion]",
        *["[[assessments.suggestion.reasons]]"] * order.count("[[assessments.suggestion.reasons]]"),
        *["[[assessments.considerations]]"] * order.count("[[assessments.considerations]]"),
        "[assessments.decision]",
        *["[[assessments.consent]]"] * order.count("[[assessments.consent]]"),
    ]


# --- the documented example --------------------------------------------------------------


def _doc_example() -> str:
    doc = (ROOT / "docs" / "case-record.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- example -->\n```toml\n(.*?)```", doc, re.S)
    assert match, "docs/case-record.md has a full example marked <!-- example -->"
    return match.group(1)


EXAMPLE = _doc_example()


def test_documented_example_is_exactly_what_thresholdcli_writes() -> None:
    record = store.record_from_bytes(EXAMPLE.encode(), "docs example")
    assert store.to_toml(record) == EXAMPLE
    assert len(record.assessments) == 2


# --- appending ---------------------------------------------------------------------------


def write_example(cases: Path, text: str = EXAMPLE) -> Path:
    store.ensure_private_dir(cases)
    path = cases / "C-200.toml"
    path.write_text(text)
    return path


def test_append_keeps_a_hand_added_comment_and_every_earlier_byte(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    commented = EXAMPLE.replace("[[assessments]]\n", "# reviewed at panel\n[[assessments]]\n", 1)
    path = write_example(cases, commented)
    latest = store.load_record(path).latest
    record = store.append_assessment(cases, "C-200", latest)
    text = path.read_text()
    assert text.startswith(commented)
    assert record.latest.number == 3 and store.load_record(path) == record


def test_append_to_a_hand_written_inline_record_is_refused_and_changes_nothing(
    tmp_path: Path,
) -> None:
    cases = tmp_path / "cases"
    record = store.record_from_bytes(EXAMPLE.encode(), "x")
    inline = store.to_toml(record).split("\n[[assessments]]")[0]
    first = record.assessments[0].model_dump(mode="python")
    hand = inline + "\nassessments = [" + _inline(store._drop_none(first)) + "]\n"
    path = write_example(cases, hand)
    assert len(store.load_record(path).assessments) == 1
    with pytest.raises(RecordError, match="cannot add to this file safely") as caught:
        store.append_assessment(cases, "C-200", record.latest)
    assert "\n" not in str(caught.value)
    assert path.read_text() == hand


def _inline(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f'"{k}" = {_inline(v)}' for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_inline(v) for v in value) + "]"
    return toml_writer._scalar(value, multiline=False)


def test_append_refuses_a_file_whose_case_ref_differs(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    write_example(cases, EXAMPLE.replace('case_ref = "C-200"', 'case_ref = "C-999"'))
    latest = store.record_from_bytes(EXAMPLE.encode(), "x").latest
    with pytest.raises(RecordError, match="holds case C-999"):
        store.append_assessment(cases, "C-200", latest)


def test_append_to_a_corrupt_file_refuses_and_leaves_it_alone(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    path = write_example(cases, EXAMPLE[:-40])
    latest = store.record_from_bytes(EXAMPLE.encode(), "x").latest
    with pytest.raises(RecordError):
        store.append_assessment(cases, "C-200", latest)
    assert path.read_text() == EXAMPLE[:-40]


def test_stale_temp_files_of_a_killed_save_are_cleared(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    write_example(cases)
    stale = cases / ".C-200.toml.424242.tmp"
    stale.write_text("half a reco")
    other = cases / ".C-2001.toml.424242.tmp"
    other.write_text("another case")
    store.append_assessment(cases, "C-200", store.load_record(cases / "C-200.toml").latest)
    assert not stale.exists() and other.exists()


def test_numbers_out_of_order_are_refused() -> None:
    broken = EXAMPLE.replace("number = 2", "number = 5")
    with pytest.raises(RecordError, match="assessment 2 is numbered 5"):
        store.record_from_bytes(broken.encode(), "f.toml")


# --- format versions ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("99", "format 99 is newer"),
        ('"1"', "record format number"),
        ("true", "number"),
        ("0", "number"),
    ],
)
def test_format_values(value: str, fragment: str) -> None:
    text = EXAMPLE.replace("format = 1", f"format = {value}")
    with pytest.raises(RecordError, match=fragment):
        store.record_from_bytes(text.encode(), "f.toml")


def test_migrate_upgrades_older_formats_in_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    def one_to_two(data: dict[str, Any]) -> dict[str, Any]:
        return {**data, "renamed": data["case_ref"]}

    monkeypatch.setattr(reading, "RECORD_FORMAT", 2)
    monkeypatch.setitem(store.MIGRATIONS, 1, one_to_two)
    upgraded = store.migrate({"format": 1, "case_ref": "C-1"}, "f")
    assert upgraded == {"format": 2, "case_ref": "C-1", "renamed": "C-1"}
    assert store.migrate({"format": 2, "case_ref": "C-1"}, "f")["format"] == 2
    with pytest.raises(RecordError, match="newer"):
        store.migrate({"format": 3}, "f")


def test_every_format_up_to_the_current_one_has_a_migration() -> None:
    assert set(store.MIGRATIONS) == set(range(1, store.RECORD_FORMAT))


# --- permissions -------------------------------------------------------------------------


@pytest.fixture
def open_umask() -> Iterator[None]:
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.usefixtures("open_umask")
def test_modes_are_private_even_with_an_open_umask(tmp_path: Path) -> None:
    cases = tmp_path / "deep" / "cases"
    record = store.record_from_bytes(EXAMPLE.encode(), "x")
    store.append_assessment(cases, "C-200", record.latest)
    store.append_assessment(cases, "C-200", record.latest)
    store.save_draft(cases, AnswerSheet(case_ref="C-201", framework="staffordshire-2023"))
    assert mode(cases / "C-200.toml") == 0o600
    assert mode(cases / ".C-200.lock") == 0o600
    assert mode(cases) == 0o700 and mode(tmp_path / "deep") == 0o700
    assert mode(cases / ".drafts") == 0o700
    assert mode(cases / ".drafts" / "C-201.toml") == 0o600
    assert sorted(p.name for p in cases.iterdir()) == [".C-200.lock", ".drafts", "C-200.toml"]

"""Fuzzing the record loader: whatever the bytes, the only failure is a one-line RecordError."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.record_helpers import value_paths
from thresholdcli.errors import RecordError
from thresholdcli.records import store, toml_writer

VALID = (Path(__file__).parent / "golden" / "C-200.toml").read_text(encoding="utf-8")
VALID_DATA = tomllib.loads(VALID)
NAME = "cases/C-200.toml"
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def load_or_record_error(raw: bytes) -> None:
    try:
        store.record_from_bytes(raw, NAME)
    except RecordError as exc:
        message = str(exc)
        assert message.startswith(NAME + ": ")
        assert "\n" not in message and "\r" not in message


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes(raw: bytes) -> None:
    load_or_record_error(raw)


@FUZZ
@given(st.text(alphabet=st.sampled_from("[]{}=\"'#.,\n aftx01-:\\"), max_size=400))
def test_random_toml_like_text(text: str) -> None:
    load_or_record_error(text.encode())


lines = VALID.splitlines(keepends=True)
line_index = st.integers(min_value=0, max_value=len(lines) - 1)


@st.composite
def mutated_text(draw: st.DrawFn) -> bytes:
    text = list(lines)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        n = draw(line_index)
        kind = draw(st.sampled_from(["drop", "dup", "swap", "splice", "truncate"]))
        if kind == "drop":
            text[n] = ""
        elif kind == "dup":
            text[n] = text[n] * 2
        elif kind == "swap":
            m = draw(line_index)
            text[n], text[m] = text[m], text[n]
        elif kind == "splice":
            at = draw(st.integers(min_value=0, max_value=len(text[n])))
            text[n] = text[n][:at] + draw(st.text(max_size=8)) + text[n][at:]
        else:
            text = text[: n + 1]
            break
    raw = "".join(text).encode("utf-8", "surrogatepass")
    if draw(st.booleans()):
        at = draw(st.integers(min_value=0, max_value=len(raw)))
        raw = raw[:at] + draw(st.binary(max_size=4)) + raw[at:]
    return raw


@FUZZ
@given(mutated_text())
def test_mutated_valid_records(raw: bytes) -> None:
    load_or_record_error(raw)


toml_values = st.one_of(
    st.none(),
    st.text(max_size=10),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.booleans(),
    st.datetimes(timezones=st.sampled_from([UTC, None])),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(min_size=1, max_size=5), st.integers(), max_size=2),
)


PATHS = value_paths(VALID_DATA)


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(PATHS), toml_values), min_size=1, max_size=3))
def test_mutated_valid_data(changes: list[tuple[tuple[Any, ...], Any]]) -> None:
    data = tomllib.loads(VALID)
    for path, value in changes:
        parent = data
        try:
            for part in path[:-1]:
                parent = parent[part]
            if value is None:
                del parent[path[-1]]
            else:
                parent[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed this path
    try:
        text = toml_writer.dumps(data)
    except TypeError:
        return  # a shape TOML cannot hold; nothing to load
    load_or_record_error(text.encode())


@pytest.mark.parametrize(
    "raw",
    [
        b"a = " + b"[" * 5000,
        b"a = " + b"{b=" * 5000,
        b"   \n\t\n",
        b"\xef\xbb\xbfformat = 1",
        VALID.replace("2026-05-04T09:30:00+00:00", "2026-05-04T09:30:00").encode(),
        VALID.replace('case_ref = "C-200"', 'case_ref = "../etc"').encode(),
        VALID.replace('answer = "done"', 'answer = "yes"').encode(),
        VALID.replace("rank = 2", 'rank = "2"').encode(),
        VALID.replace("[assessments.notes]\n", '[assessments.notes]\n"a\\nb" = 1\n').encode(),
        b"format = 1\ncase_ref = 'C-1'\nassessments = []",
        b"format = 1\ncase_ref = 'C-1'\nextra = 1\n" + VALID.split("\n", 2)[2].encode(),
    ],
)
def test_hand_picked_bad_records(raw: bytes) -> None:
    with pytest.raises(RecordError) as info:
        store.record_from_bytes(raw, NAME)
    assert "\n" not in str(info.value)


def test_valid_fixture_loads() -> None:
    record = store.record_from_bytes(VALID.encode(), NAME)
    assert record.assessments[0].assessed_at == datetime(2026, 5, 4, 9, 30, tzinfo=UTC)

"""Records read without pydantic (records/view.py): only what the model accepts, with the
model's values.

The view is a fast path for the commands that only read a record (history, diff, rescore,
referral) and for minimal case files in `score`. It may refuse anything (the model then
reads the file as before), but it must never accept what the model refuses, nor read a
value differently. Each test compares it with the model itself, on realistic records (the
benchmark's corpus, made by the records store from every shipped framework) and on random
changes to them.
"""

from __future__ import annotations

import copy
import importlib.util
import random
import sys
import tomllib
from datetime import UTC, date, datetime, time, timedelta, timezone
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any, get_args

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from tests.conftest import ROOT
from tests.record_helpers import value_paths
from thresholdcli.casework.diff import compare, side
from thresholdcli.casework.history import trajectory
from thresholdcli.casework.review import shipped_index
from thresholdcli.errors import RecordError
from thresholdcli.readonly import Node
from thresholdcli.records import model, reading, rules, store, view
from thresholdcli.records.sheet import AnswerSheet

GOLDEN = ROOT / "tests" / "golden" / "C-200.toml"
CHECK = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MODELS: dict[str, type[BaseModel]] = {
    name: getattr(model, name)
    for name in (
        "FrameworkPin",
        "TickedIndicator",
        "ReasonRecord",
        "Suggestion",
        "ConsiderationRecord",
        "Decision",
        "ConsentRecord",
        "Assessment",
        "FollowupDone",
        "CaseRecord",
    )
} | {"AnswerSheet": AnswerSheet}


@cache
def corpus() -> ModuleType:
    """bench/corpus.py: realistic records from every shipped framework."""
    spec = importlib.util.spec_from_file_location("bench_corpus", ROOT / "bench" / "corpus.py")
    assert spec is not None and spec.loader is not None
    found = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = found
    spec.loader.exec_module(found)
    return found


@cache
def shipped() -> list[Any]:
    return list(corpus().shipped_frameworks())


def record_data(seed: int) -> dict[str, Any]:
    """A realistic record, as the file the store writes parses."""
    made = corpus().make_record(random.Random(seed), shipped(), seed)
    return tomllib.loads(store.to_toml(made))


def minimal_data(seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    framework = rng.choice(shipped()).framework
    ticked = [i.id for i in rng.sample(framework.indicators, rng.randint(0, 6))]
    return {"framework": framework.id, "indicators": ticked}


def same(seen: Any, expected: Any) -> bool:
    """Equal, and of the same type all the way down (True is not 1; key order counts)."""
    if type(seen) is not type(expected):
        return False
    if isinstance(expected, dict):
        return list(seen) == list(expected) and all(same(seen[k], expected[k]) for k in expected)
    if isinstance(expected, list):
        return len(seen) == len(expected) and all(map(same, seen, expected))
    if isinstance(expected, datetime):
        return seen == expected and seen.utcoffset() == expected.utcoffset()
    return bool(seen == expected)


def validated(name: str, data: dict[str, Any]) -> BaseModel | None:
    try:
        return MODELS[name].model_validate(data)
    except ValidationError:
        return None


def assert_view_is_the_model(name: str, data: dict[str, Any], must_accept: bool) -> None:
    read = view.case_record if name == "CaseRecord" else view.answer_sheet
    found = read(data)
    expected = validated(name, data)
    if found is None:
        assert not must_accept, "the view refused what it should read"
        return
    assert expected is not None, "the view accepted what the model refuses"
    assert isinstance(found, Node) and found.model_name == name
    assert same(found.model_dump(), expected.model_dump())


# --- the description of the models -----------------------------------------------------


@pytest.mark.parametrize("name", list(MODELS))
def test_fields_describe_every_field_of_the_model_in_order_with_its_default(name: str) -> None:
    described = view.FIELDS[name]
    fields = MODELS[name].model_fields
    assert list(described) == list(fields)
    for field, info in fields.items():
        _, default = described[field]
        if info.is_required():
            assert default is view.REQUIRED, field
        else:
            wanted = info.default_factory() if info.default_factory else info.default  # type: ignore[call-arg]
            assert same(default, wanted), field


def test_the_rules_are_the_models() -> None:
    assert get_args(model.ConsentAnswer) == rules.CONSENT_ANSWERS
    assert model.CaseRecord.model_fields["format"].default == rules.RECORD_FORMAT


def test_the_view_has_every_field_property_and_method_the_commands_read() -> None:
    record = view.case_record(record_data(3))
    assert record is not None
    for name, cls in (("CaseRecord", model.CaseRecord), ("Assessment", model.Assessment)):
        found = record if name == "CaseRecord" else record.latest
        public = {n for n in vars(cls) if not n.startswith("_") and n != "model_config"}
        for base in cls.__mro__:
            if base.__module__ == "thresholdcli.records.lookups":
                public |= {n for n in vars(base) if not n.startswith("_")}
        missing = {n for n in public | set(cls.model_fields) if not hasattr(found, n)}
        assert missing <= {"appended"}, missing  # appending is writing: the store's model
    assert record.get(1) is record.assessments[0] and record.get(99) is None
    assert record.latest.ticked_ids == [i.id for i in record.latest.indicators]


# --- accepted records are read as the model reads them ---------------------------------


@CHECK
@given(st.integers(min_value=0, max_value=10**6))
def test_realistic_records_are_read_exactly_as_the_model_reads_them(seed: int) -> None:
    assert_view_is_the_model("CaseRecord", record_data(seed), must_accept=True)


def test_the_golden_record_is_read_exactly_as_the_model_reads_it() -> None:
    assert_view_is_the_model("CaseRecord", tomllib.loads(GOLDEN.read_text()), must_accept=True)


@CHECK
@given(st.integers(min_value=0, max_value=10**6))
def test_minimal_case_files_are_read_exactly_as_the_model_reads_them(seed: int) -> None:
    assert_view_is_the_model("AnswerSheet", minimal_data(seed), must_accept=True)


# --- changed records: never accepted unless the model accepts them ---------------------

ODD_VALUES = st.one_of(
    st.sampled_from(
        [
            True,
            False,
            0,
            1,
            2,
            9,
            10,
            25,
            26,
            -1,
            2**63 - 1,
            1.0,
            0.5,
            "",
            "1",
            "x",
            "unborn",
            "Unborn",
            "done",
            "to_do",
            "yes",
            "accept",
            "C-1",
            "../x",
            "a..b",
            "a b",
            [],
            [1],
            ["a"],
            [True],
            [{}],
            {},
            {"a": "b"},
            {"a": 1},
            {"a": ["b"]},
            {"answer": "done"},
            date(2026, 1, 2),
            time(10, 0),
            datetime(2026, 1, 2, 10, 0),
            datetime(2026, 1, 2, 10, 0, tzinfo=UTC),
            datetime(2026, 6, 2, 10, 0, tzinfo=timezone(timedelta(hours=1))),
            datetime(1, 1, 1, 0, 0, tzinfo=UTC),
            datetime(9999, 12, 31, 23, 0, tzinfo=UTC),
        ]
    ),
    st.text(max_size=6),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
)


def odd(draw: st.DrawFn) -> Any:
    return copy.deepcopy(draw(ODD_VALUES))  # a fresh list or table each time


@st.composite
def changed(draw: st.DrawFn, data: dict[str, Any]) -> dict[str, Any]:
    """`data` with one to three changes: a value replaced, a key removed or one added."""
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        places = value_paths(data)
        if not places:
            break
        where = draw(st.sampled_from(places))
        parent: Any = data
        for part in where[:-1]:
            parent = parent[part]
        kind = draw(st.sampled_from(["replace", "replace", "remove", "add"]))
        if kind == "replace":
            parent[where[-1]] = odd(draw)
        elif kind == "remove" and isinstance(parent, dict):
            del parent[where[-1]]
        elif kind == "remove":
            parent.pop(where[-1])
        elif isinstance(parent, dict):
            key = draw(st.sampled_from(["extra", "id", "note", "rank", "due", "format"]))
            parent[key] = odd(draw)
        else:
            parent.append(odd(draw))
    return data


@st.composite
def changed_record(draw: st.DrawFn) -> dict[str, Any]:
    seed = draw(st.integers(min_value=0, max_value=500))
    return draw(changed(record_data(seed)))


@st.composite
def changed_sheet(draw: st.DrawFn) -> dict[str, Any]:
    data = minimal_data(draw(st.integers(min_value=0, max_value=500)))
    extra = {
        "case_ref": "C-1",
        "age": 7,
        "immediate_danger": False,
        "domains": {"d": ["a"]},
        "notes": {"d": "text"},
        "considerations": {"r": True},
        "decision": 2,
        "consent": {"c": "done"},
        "unfinished": {"d": []},
        "strengths": "",
        "sections": [],
    }
    for key in draw(st.lists(st.sampled_from(sorted(extra)), unique=True, max_size=5)):
        data[key] = extra[key]
    return draw(changed(data))


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changed_record())
def test_a_changed_record_is_read_only_if_the_model_accepts_it_and_then_alike(
    data: dict[str, Any],
) -> None:
    assert_view_is_the_model("CaseRecord", data, must_accept=False)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changed_sheet())
def test_a_changed_case_file_is_read_only_if_the_model_accepts_it_and_then_alike(
    data: dict[str, Any],
) -> None:
    assert_view_is_the_model("AnswerSheet", data, must_accept=False)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("format",), 2),
        (("case_ref",), "../etc"),
        (("assessments", 0, "number"), 2),
        (("assessments", 0, "number"), True),
        (("assessments", 0, "assessed_at"), datetime(2026, 5, 4, 9, 30)),
        (("assessments", 0, "age"), 26),
        (("assessments", 0, "age"), True),
        (("assessments", 0, "decision", "rank"), 10),
        (("assessments", 0, "decision", "rank"), 2.0),
        (("assessments", 0, "immediate_danger"), 0),
        (("assessments", 0, "consent", 0, "answer"), "yes"),
        (("assessments", 0, "notes"), {"a": 1}),
        (("assessments", 0, "extra"), "x"),
        (("assessments",), []),
    ],
)
def test_hand_picked_changes_the_model_refuses_are_refused(
    path: tuple[Any, ...], value: Any
) -> None:
    data = tomllib.loads(GOLDEN.read_text())
    parent: Any = data
    for part in path[:-1]:
        parent = parent[part]
    parent[path[-1]] = value
    assert validated("CaseRecord", data) is None
    assert view.case_record(data) is None


# --- what the commands get ---------------------------------------------------------------


def test_a_record_the_view_refuses_is_read_by_the_model_with_its_error() -> None:
    data = tomllib.loads(GOLDEN.read_text())
    data["assessments"][0]["decision"]["rank"] = 10
    with pytest.raises(RecordError) as through_the_model:
        store.record_from_data(dict(data), "C-200.toml")
    with pytest.raises(RecordError) as read:
        reading.record(dict(data), "C-200.toml")
    assert str(read.value) == str(through_the_model.value)


def test_reading_a_file_gives_the_view_and_checks_its_name(tmp_path: Path) -> None:
    path = tmp_path / "C-200.toml"
    path.write_bytes(GOLDEN.read_bytes())
    assert isinstance(reading.record_at(path), Node)
    wrong = tmp_path / "C-201.toml"
    wrong.write_bytes(GOLDEN.read_bytes())
    with pytest.raises(RecordError, match="named after its case"):
        reading.record_at(wrong)


@pytest.mark.parametrize("seed", [1, 2, 3, 5, 8, 13, 21, 34])
def test_history_and_diff_give_the_same_answers_from_the_view(seed: int) -> None:
    data = record_data(seed)
    seen, expected = view.case_record(data), store.record_from_data(data, "f.toml")
    assert isinstance(seen, Node) and not isinstance(expected, Node)
    index = shipped_index()
    as_of = datetime(2030, 1, 1, tzinfo=UTC)
    assert trajectory(seen, index, as_of).to_json() == trajectory(expected, index, as_of).to_json()
    last = len(expected.assessments)
    first = max(1, last - 1)

    def diff_json(record: Any) -> dict[str, Any]:
        before, after = side("c", record, first, index), side("c", record, last, index)
        return compare(before, after, {}).to_json()

    assert diff_json(seen) == diff_json(expected)


def test_a_view_is_read_only() -> None:
    record = view.case_record(record_data(4))
    assert record is not None
    with pytest.raises(AttributeError):
        record.case_ref = "other"  # type: ignore[misc]
    with pytest.raises(ValueError, match="python mode"):
        record.model_dump(mode="json")

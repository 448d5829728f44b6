"""Case records and answer sheets read without pydantic, for the commands that only read.

A fast path, never a second authority. `case_record(data)` gives a read-only view of a
parsed record only when every value in it is one the model (`model.py`) takes exactly as it
is: the type it declares (strict, so nothing is converted), within its range, no key the
model does not know, and the record's own rules (`rules.py`: the case reference, moments
with a UTC offset in the workable calendar, assessments numbered 1, 2, 3 …). For anything
else it gives None, and the caller validates with the model, which accepts the record or
says what is wrong in its own words. `answer_sheet` does the same for an answer sheet.

So a view exists only for data the model accepts, and holds the model's values:
`tests/test_records_view.py` checks both on the records and case files the benchmark
corpus makes and on random changes to them, and that `FIELDS` describes every field of
every model, in order, with its default.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from thresholdcli.errors import CaseRefError
from thresholdcli.readonly import Node
from thresholdcli.records.lookups import LOOKUPS
from thresholdcli.records.rules import (
    CONSENT_ANSWERS,
    MAX_AGE,
    MAX_RANK,
    RECORD_FORMAT,
    UNBORN,
    check_case_ref,
    checked_moment,
    numbering_problem,
)

if TYPE_CHECKING:
    from thresholdcli.records.model import CaseRecord
    from thresholdcli.records.sheet import AnswerSheet


class NotPlain(Exception):
    """A value the model might convert, or refuse: the model decides."""


Reader = Callable[[Any], Any]  # the value as the model holds it, or NotPlain
REQUIRED = object()


def _text(value: Any) -> str:
    if type(value) is str:
        return value
    raise NotPlain


def _flag(value: Any) -> bool:
    if type(value) is bool:
        return value
    raise NotPlain


def _whole(low: int, high: int | None = None) -> Reader:
    def read(value: Any) -> int:
        if type(value) is int and low <= value and (high is None or value <= high):
            return value
        raise NotPlain

    return read


_rank = _whole(1, MAX_RANK)


def _exactly(*choices: object) -> Reader:
    def read(value: Any) -> Any:
        if any(type(value) is type(choice) and value == choice for choice in choices):
            return value
        raise NotPlain

    return read


def _either(*readers: Reader) -> Reader:
    def read(value: Any) -> Any:
        for reader in readers:
            try:
                return reader(value)
            except NotPlain:
                continue
        raise NotPlain

    return read


_age = _either(_whole(0, MAX_AGE), _exactly(UNBORN))


def _moment(value: Any) -> datetime:
    if type(value) is not datetime or value.utcoffset() is None:
        raise NotPlain
    try:
        return checked_moment(value)
    except (ValueError, ArithmeticError):
        raise NotPlain from None


def _case_ref(value: Any) -> str:
    try:
        return check_case_ref(_text(value))
    except CaseRefError:
        raise NotPlain from None


def _list(item: Reader, min_length: int = 0) -> Reader:
    def read(value: Any) -> list[Any]:
        if type(value) is not list or len(value) < min_length:
            raise NotPlain
        return [item(v) for v in value]

    return _nesting(read, item in _MODEL_READERS)


def _table(item: Reader) -> Reader:
    def read(value: Any) -> dict[str, Any]:
        if type(value) is not dict:
            raise NotPlain
        return {_text(k): item(v) for k, v in value.items()}

    return read


_MODEL_READERS: set[Reader] = set()
_NESTING: set[Reader] = set()  # readers whose values hold views


def _nesting(reader: Reader, nests: bool) -> Reader:
    if nests:
        _NESTING.add(reader)
    return reader


def _model(name: str) -> Reader:
    def read(value: Any) -> Node:
        return _node(name, value)

    _MODEL_READERS.add(read)
    return _nesting(read, True)


# Every field of every model, in the model's order: (reader, default or REQUIRED).
# A field a reader cannot take plainly (e.g. an answer sheet's consent given as a table)
# is simply refused here: the model then reads the file.
FIELDS: dict[str, dict[str, tuple[Reader, Any]]] = {
    "FrameworkPin": {
        "id": (_text, REQUIRED),
        "version": (_text, REQUIRED),
        "hash": (_text, REQUIRED),
    },
    "TickedIndicator": {
        "id": (_text, REQUIRED),
        "domain": (_text, REQUIRED),
        "level": (_rank, REQUIRED),
        "text": (_text, REQUIRED),
    },
    "ReasonRecord": {
        "rule": (_text, REQUIRED),
        "level": (_rank, REQUIRED),
        "indicators": (_list(_text), []),
        "text": (_text, REQUIRED),
    },
    "Suggestion": {
        "rank": (_rank, REQUIRED),
        "name": (_text, REQUIRED),
        "act_now": (_flag, False),
        "reasons": (_list(_model("ReasonRecord")), []),
        "warnings": (_list(_text), []),
    },
    "ConsiderationRecord": {
        "rule": (_text, REQUIRED),
        "consider_level": (_rank, REQUIRED),
        "accepted": (_flag, REQUIRED),
        "text": (_text, REQUIRED),
    },
    "Decision": {
        "rank": (_rank, REQUIRED),
        "name": (_text, REQUIRED),
        "agrees_with_suggestion": (_flag, REQUIRED),
        "reason": (_text, ""),
        "agreed_by": (_text, ""),
    },
    "ConsentRecord": {
        "id": (_text, REQUIRED),
        "answer": (_exactly(*CONSENT_ANSWERS), REQUIRED),
        "reason": (_text, ""),
        "reason_required": (_flag, False),
        "due": (_moment, None),
    },
    "Assessment": {
        "number": (_whole(1), REQUIRED),
        "assessed_at": (_moment, REQUIRED),
        "tool_version": (_text, REQUIRED),
        "framework": (_model("FrameworkPin"), REQUIRED),
        "assessor_role": (_text, ""),
        "age": (_age, None),
        "immediate_danger": (_flag, REQUIRED),
        "sections": (_list(_text), []),
        "indicators": (_list(_model("TickedIndicator")), []),
        "notes": (_table(_text), {}),
        "strengths": (_text, ""),
        "suggestion": (_model("Suggestion"), REQUIRED),
        "considerations": (_list(_model("ConsiderationRecord")), []),
        "decision": (_model("Decision"), REQUIRED),
        "consent": (_list(_model("ConsentRecord")), []),
        "framework_changed_from": (_text, ""),
        "domains_not_looked_at": (_list(_text), []),
        "guidance_ticked": (_table(_list(_text)), {}),
    },
    "FollowupDone": {
        "assessment": (_whole(1), REQUIRED),
        "id": (_text, REQUIRED),
        "done_at": (_moment, REQUIRED),
        "note": (_text, ""),
    },
    "CaseRecord": {
        "format": (_exactly(RECORD_FORMAT), RECORD_FORMAT),
        "case_ref": (_case_ref, REQUIRED),
        "assessments": (_list(_model("Assessment"), min_length=1), REQUIRED),
        "followups_done": (_list(_model("FollowupDone")), []),
    },
    "AnswerSheet": {
        "framework": (_text, None),
        "case_ref": (_case_ref, None),
        "assessor_role": (_text, None),
        "age": (_age, None),
        "immediate_danger": (_flag, None),
        "sections": (_list(_text), None),
        "indicators": (_list(_text), None),
        "domains": (_table(_list(_text)), {}),
        "notes": (_table(_text), {}),
        "strengths": (_text, None),
        "considerations": (_table(_flag), {}),
        "decision": (_either(_exactly("accept"), _rank), None),
        "decision_reason": (_text, None),
        "agreed_by": (_text, None),
        "consent": (_table(_exactly(*CONSENT_ANSWERS)), {}),
        "guidance_ticked": (_table(_list(_text)), {}),
        "unfinished": (_table(_list(_text)), {}),
        "found": (_list(_text), []),
        "domains_not_looked_at": (_list(_text), None),
    },
}
# A model's own rule across its fields: a problem, or None.
_CHECKS: dict[str, Callable[[dict[str, Any]], str | None]] = {
    "CaseRecord": lambda values: numbering_problem([a.number for a in values["assessments"]]),
}


class RecordNode(Node):
    def model_dump(
        self, *, mode: str = "python", exclude: set[str] | None = None
    ) -> dict[str, Any]:
        if mode != "python":  # a record's moments would need the model's JSON form
            raise ValueError("a record read without pydantic is dumped in python mode only")
        return super().model_dump(exclude=exclude)


_CLASSES: dict[str, type[Node]] = {}


def _view_class(name: str) -> type[Node]:
    found = _CLASSES.get(name)
    if found is None:
        attributes = {"model_name": name}
        found = type(name + "View", (*LOOKUPS.get(name, ()), RecordNode), attributes)
        _CLASSES[name] = found
    return found


class _Shape(NamedTuple):
    """`FIELDS[name]` arranged for reading many values fast (built once per model)."""

    template: dict[str, Any]  # every field in the model's order: its default, or REQUIRED
    readers: dict[str, Reader]
    required: frozenset[str]
    fresh: tuple[str, ...]  # fields whose default is a list or table: a new one for each view
    nesting: tuple[str, ...]  # fields whose values hold views
    check: Callable[[dict[str, Any]], str | None] | None
    view_class: type[Node]


_SHAPES: dict[str, _Shape] = {}


def _shape(name: str) -> _Shape:
    fields = FIELDS[name]
    shape = _Shape(
        template={field: default for field, (_, default) in fields.items()},
        readers={field: read for field, (read, _) in fields.items()},
        required=frozenset(f for f, (_, default) in fields.items() if default is REQUIRED),
        fresh=tuple(f for f, (_, default) in fields.items() if type(default) in (list, dict)),
        nesting=tuple(f for f, (read, _) in fields.items() if read in _NESTING),
        check=_CHECKS.get(name),
        view_class=_view_class(name),
    )
    _SHAPES[name] = shape
    return shape


def _node(name: str, data: Any) -> Node:
    if type(data) is not dict:
        raise NotPlain
    shape = _SHAPES.get(name) or _shape(name)
    if not shape.required <= data.keys():  # a field the model requires is missing
        raise NotPlain
    values = shape.template.copy()  # the model's order, whatever the file's
    readers = shape.readers
    for key, given in data.items():
        read = readers.get(key)
        if read is None:  # a key the model does not know
            raise NotPlain
        values[key] = read(given)
    for field in shape.fresh:
        if field not in data:
            values[field] = values[field].copy()
    plain = values  # the same, with nested views as their plain data
    if shape.nesting:
        plain = values.copy()
        for field in shape.nesting:
            plain[field] = _plain(values[field])
    if shape.check is not None and shape.check(values) is not None:
        raise NotPlain
    return shape.view_class(plain, values)


def _plain(value: Any) -> Any:
    """A field's value that holds views, with each view as its plain data."""
    if isinstance(value, Node):
        return value._data  # type: ignore[attr-defined]
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def case_record(data: dict[str, Any]) -> CaseRecord | None:
    """The record's read-only view when the model would take `data` exactly as it is
    (a current-format record, as `reading.migrate` gives it); else None."""
    return _read("CaseRecord", data)  # type: ignore[return-value]


def answer_sheet(data: dict[str, Any]) -> AnswerSheet | None:
    """The answer sheet's read-only view when the model would take `data` exactly as it
    is; else None."""
    return _read("AnswerSheet", data)  # type: ignore[return-value]


def _read(name: str, data: dict[str, Any]) -> Node | None:
    try:
        return _node(name, data)
    except (NotPlain, RecursionError):
        return None

"""A read-only view of a validated framework, built from its cached data without pydantic.

The commands that only read a framework (`card`, `contacts`, `map`, `frameworks show`)
start in a fraction of the time pydantic takes to import. They get this view instead of
the model: the same fields as attributes, the same look-ups (`lookups.py`, shared with the
model), `model_dump`, and equality by value. The view is typed as the model for its callers;
`cached.encode` checks, before an entry is ever stored, that the view built from it holds
exactly the model's values, and `tests/test_framework_cache.py` that it has every public
field, property and method the model has.
"""

from __future__ import annotations

from typing import Any, ClassVar

from thresholdcli.framework.lookups import (
    AgeRangeLookups,
    CiteLookups,
    ContactLookups,
    FlaggedLookups,
    FrameworkLookups,
    GuidanceLookups,
)

# How a field holds nested models: ("one" | "optional" | "list", model class name).
FieldShape = tuple[str, str]
TypeMap = dict[str, dict[str, FieldShape]]
# Each Flagged model's `QUOTES` (quoted field -> its cite field), by model name.
Quotes = dict[str, dict[str, str]]


class Node:
    """One validated model object, read-only: its fields as attributes."""

    model_name: ClassVar[str] = ""

    def __init__(self, data: dict[str, Any], values: dict[str, Any]) -> None:
        object.__setattr__(self, "_data", data)
        self.__dict__.update(values)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{self.model_name} is read-only")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{self.model_name} is read-only")

    def model_dump(
        self, *, mode: str = "python", exclude: set[str] | None = None
    ) -> dict[str, Any]:
        """The fields as plain data, like the model's (its values are JSON types already)."""
        data: dict[str, Any] = self._data  # type: ignore[attr-defined]
        return {k: _copy(v) for k, v in data.items() if not exclude or k not in exclude}

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Node):
            return NotImplemented
        return self.model_name == other.model_name and self._data == other._data  # type: ignore[attr-defined]

    def __hash__(self) -> int:  # like a frozen model: by value, and not when a field is a list
        return hash((self.model_name, *(self.__dict__[k] for k in self._data)))  # type: ignore[attr-defined]

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={self.__dict__[k]!r}" for k in self._data)  # type: ignore[attr-defined]
        return f"{self.model_name}({shown})"


# The look-ups each model has beyond its fields (see lookups.py), by model name. Every
# model with `QUOTES` (a `Flagged` one) also has `FlaggedLookups`.
_LOOKUPS: dict[str, tuple[type, ...]] = {
    "Framework": (FrameworkLookups,),
    "AgeRange": (AgeRangeLookups,),
    "Cite": (CiteLookups,),
    "Contact": (ContactLookups,),
    "Guidance": (GuidanceLookups,),
}
_CLASSES: dict[tuple[str, str], type[Node]] = {}


def view_class(name: str, quotes: dict[str, str] | None) -> type[Node]:
    """The view class of model `name`; `quotes` is its `QUOTES` (None: not a Flagged one)."""
    key = (name, repr(quotes))
    found = _CLASSES.get(key)
    if found is None:
        bases = _LOOKUPS.get(name, ()) + ((FlaggedLookups,) if quotes is not None else ())
        attributes = {"model_name": name, "QUOTES": dict(quotes or {})}
        found = type(name + "View", (*bases, Node), attributes)
        _CLASSES[key] = found
    return found


def build(data: dict[str, Any], name: str, types: TypeMap, quotes: Quotes) -> Node:
    """The view of `data` (a model's `model_dump(mode="json")`) as model `name`."""
    values = dict(data)
    for field, (shape, inner) in types.get(name, {}).items():
        value = data[field]
        if shape == "list":
            values[field] = [build(item, inner, types, quotes) for item in value]
        elif value is not None:
            values[field] = build(value, inner, types, quotes)
    return view_class(name, quotes.get(name))(data, values)


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value

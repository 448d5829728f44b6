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

from typing import Any

from thresholdcli.framework.lookups import (
    AgeRangeLookups,
    CiteLookups,
    ContactLookups,
    FlaggedLookups,
    FrameworkLookups,
    GuidanceLookups,
)
from thresholdcli.readonly import Node

__all__ = ["FieldShape", "Node", "Quotes", "TypeMap", "build", "view_class"]

# How a field holds nested models: ("one" | "optional" | "list", model class name).
FieldShape = tuple[str, str]
TypeMap = dict[str, dict[str, FieldShape]]
# Each Flagged model's `QUOTES` (quoted field -> its cite field), by model name.
Quotes = dict[str, dict[str, str]]


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

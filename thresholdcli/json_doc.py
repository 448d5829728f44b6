"""The one naming scheme of every `--format json` document (docs/json.md).

Every document is an object whose first key is `schema_version`. A framework is named by an
object `{"id", "version", ...}`, a level by `{"rank", "name"}`, the tool's suggestion is
`suggested` and the practitioner's decision `decided`, and the indicators behind a reason are
objects `{"id", "level", "text"}`.
"""

from __future__ import annotations

from typing import Any

# Raised when a key is renamed or removed or changes its type; adding a key keeps it.
SCHEMA_VERSION = 1


def document(data: dict[str, Any]) -> dict[str, Any]:
    """`data` with `schema_version` first."""
    return {"schema_version": SCHEMA_VERSION, **data}


def framework_json(id_: str, version: str, **more: Any) -> dict[str, Any]:
    return {"id": id_, "version": version, **more}


def framework_ref_json(ref: str, **more: Any) -> dict[str, Any]:
    """`id@version` as the object every document uses."""
    id_, _, version = ref.partition("@")
    return framework_json(id_, version, **more)


def level_json(rank: int, name: str) -> dict[str, Any]:
    return {"rank": rank, "name": name}

"""Cache entries for validated frameworks: what is stored, and when it may be trusted.

An entry holds one framework file's validated data, so later runs skip parsing and
validation. It is two lines of JSON (never pickle):

1. a header: the key (the SHA-256 of the framework file's bytes and the schema
   fingerprint), the SHA-256 of line 2, how fields nest models (`types`), a summary and
   the domains' names;
2. the framework's `model_dump(mode="json")`.

(`quotes` in the header gives each view its model's `QUOTES`.)

It is trusted only when every one of those matches: the file's bytes now, this tool's
version and framework code and pydantic's version (`fingerprint`), and the checksum of
line 2 (`thresholdcli/cache.py` checks the key and the checksum). An entry is stored only
after checking that both ways of reading it back (the pydantic model by `model_construct`,
and the pydantic-free view) give exactly the validated model's values. Anything else, and
the file is validated again as if there were no cache.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from thresholdcli import __version__
from thresholdcli.framework.view import FieldShape, Node, Quotes, TypeMap, build

if TYPE_CHECKING:
    from pydantic import BaseModel

    from thresholdcli.framework.model import Framework

ENTRY_FORMAT = 1
KIND = "framework"


@lru_cache(maxsize=1)
def fingerprint() -> str | None:
    """Changes whenever what an entry means could change: this tool's version, the code of
    the framework package (schema, look-ups, this file), the read-only view it is read
    into (`readonly.py`) and the installed pydantic. None
    when that code cannot be read (e.g. run from a zip): then nothing is cached."""
    digest = hashlib.sha256(f"thresholdcli {__version__} entry {ENTRY_FORMAT}\n".encode())
    try:
        here = Path(__file__).resolve().parent
        for source in [*sorted(here.glob("*.py")), here.parent / "readonly.py"]:
            digest.update(source.name.encode() + b"\0" + source.read_bytes() + b"\0")
        spec = importlib.util.find_spec("pydantic")
        if spec is None or spec.origin is None:
            return None
        digest.update(Path(spec.origin).with_name("version.py").read_bytes())
    except OSError:
        return None
    return digest.hexdigest()


def entry_key(source_sha256: str, schema: str) -> str:
    return f"{KIND} {source_sha256} {schema}"


class Entry(NamedTuple):
    """A trusted entry: its header, and the framework's data still as JSON text."""

    header: dict[str, Any]
    payload: bytes

    @property
    def types(self) -> TypeMap:
        return {
            model: {field: (shape[0], shape[1]) for field, shape in fields.items()}
            for model, fields in self.header["types"].items()
        }

    @property
    def quotes(self) -> Quotes:
        return {name: dict(quotes) for name, quotes in self.header["quotes"].items()}

    def data(self) -> dict[str, Any]:
        found = json.loads(self.payload)
        if not isinstance(found, dict):
            raise ValueError("framework data is not a table")
        return found


def decode(found: tuple[dict[str, Any], bytes] | None) -> Entry | None:
    """The entry from `cache.load`, if its header has everything a reader needs."""
    if found is None:
        return None
    header, payload = found
    if not (
        isinstance(header.get("types"), dict)
        and isinstance(header.get("quotes"), dict)
        and isinstance(header.get("summary"), dict)
        and isinstance(header.get("domain_names"), dict)
        and isinstance(header.get("id"), str)
        and isinstance(header.get("version"), str)
    ):
        return None
    return Entry(header, payload)


def encode(framework: Framework, summary: dict[str, Any]) -> tuple[bytes, dict[str, Any]] | None:
    """The data and header of a validated framework's entry; None if the data would not
    read back exactly as the model (then the framework is not cached)."""
    found = nesting()
    data = framework.model_dump(mode="json")
    if found is None or data != framework.model_dump():
        return None
    types, classes = found
    quotes = {name: model.QUOTES for name, model in classes.items() if hasattr(model, "QUOTES")}
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    if construct(json.loads(payload)) != framework:
        return None
    if not same_values(build(json.loads(payload), "Framework", types, quotes), framework):
        return None
    meta = {
        "id": framework.id,
        "version": framework.version,
        "summary": summary,
        "domain_names": domain_names(framework),
        "types": types,
        "quotes": quotes,
    }
    return payload, meta


def domain_names(framework: Framework) -> dict[str, str]:
    """Domain id -> name, in the framework's order: kept in the header, so a command that
    only names domains (`diff`) reads no framework data."""
    return {domain.id: domain.name for domain in framework.domains}


# --- the pydantic side (only imported by callers that already use pydantic) ------------


@lru_cache(maxsize=1)
def nesting() -> tuple[TypeMap, dict[str, type[BaseModel]]] | None:
    """How the framework's fields nest models (by class name), and the classes; None if
    some field holds models in a way the cache does not rebuild (then nothing is cached)."""
    from pydantic import BaseModel

    from thresholdcli.framework.model import Framework as Model

    types: TypeMap = {}
    classes: dict[str, type[BaseModel]] = {}
    pending: list[type[BaseModel]] = [Model]
    while pending:
        model = pending.pop()
        if model.__name__ in classes:
            continue
        classes[model.__name__] = model
        fields: dict[str, FieldShape] = {}
        for name, info in model.model_fields.items():
            found = _nested(info.annotation, BaseModel)
            if found is None:
                if _mentions(info.annotation, BaseModel):
                    return None
                continue
            shape, inner = found
            fields[name] = (shape, inner.__name__)
            pending.append(inner)
        types[model.__name__] = fields
    return types, classes


def _nested(annotation: Any, base: type) -> tuple[str, type[BaseModel]] | None:
    """("one" | "optional" | "list", model) for `M`, `M | None` and `list[M]`; else None."""
    import types
    import typing

    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if _is_model(annotation, base):
        return ("one", annotation)
    if origin is list and len(args) == 1 and _is_model(args[0], base):
        return ("list", args[0])
    if origin in (typing.Union, types.UnionType) and len(args) == 2 and type(None) in args:
        inner = next(a for a in args if a is not type(None))
        if _is_model(inner, base):
            return ("optional", inner)
    return None


def _is_model(candidate: Any, base: type) -> bool:
    return isinstance(candidate, type) and issubclass(candidate, base)


def _mentions(annotation: Any, base: type) -> bool:
    import typing

    return _is_model(annotation, base) or any(
        _mentions(a, base) for a in typing.get_args(annotation)
    )


def construct(data: dict[str, Any]) -> Framework:
    """The pydantic model of already validated `data`, built without validating again."""
    found = nesting()
    if found is None:
        raise ValueError("frameworks cannot be rebuilt from cached data")
    types, classes = found
    return _construct(data, "Framework", types, classes)  # type: ignore[return-value]


def _construct(
    data: dict[str, Any], name: str, types: TypeMap, classes: dict[str, type[BaseModel]]
) -> BaseModel:
    values = dict(data)
    for field, (shape, inner) in types.get(name, {}).items():
        value = data[field]
        if shape == "list":
            values[field] = [_construct(item, inner, types, classes) for item in value]
        elif value is not None:
            values[field] = _construct(value, inner, types, classes)
    return classes[name].model_construct(**values)


def same_values(view: Node, model: BaseModel) -> bool:
    """Whether the view holds exactly the model's values, field by field, all the way down."""
    for name in type(model).model_fields:
        if not _same(getattr(view, name, _MISSING), getattr(model, name)):
            return False
    return type(model).__name__ == view.model_name


def _same(seen: Any, expected: Any) -> bool:
    from pydantic import BaseModel

    if isinstance(expected, BaseModel):
        return isinstance(seen, Node) and same_values(seen, expected)
    if isinstance(expected, list):
        return (
            isinstance(seen, list)
            and len(seen) == len(expected)
            and all(_same(a, b) for a, b in zip(seen, expected, strict=True))
        )
    return type(seen) is type(expected) and bool(seen == expected)


_MISSING = object()

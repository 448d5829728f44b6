"""Loading framework files: parse TOML, validate once, report `file:line: message`.

Validation is the slow part of a run, so each validated framework is kept in the user's
cache folder (`cached.py`, `thresholdcli/cache.py`), keyed by the file's bytes and the
schema. `resolve` and `load_with_hash` give the pydantic model (rebuilt from a trusted entry
without validating again); `resolve_view` and `shipped_headers` read a framework without
importing pydantic at all, for the commands that only show one. `load_framework`,
`check_framework_file` and `frameworks validate` always validate the file itself.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, overload

from thresholdcli import cache, safe_io
from thresholdcli.errors import FrameworkError, UnknownFrameworkError
from thresholdcli.framework import cached

if TYPE_CHECKING:
    from thresholdcli.framework.model import Framework

DEFAULT_FRAMEWORK = "staffordshire-2023"
FRAMEWORKS_ENV = "THRESHOLDCLI_FRAMEWORKS"


class Problem(NamedTuple):
    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


def frameworks_dir() -> Path:
    override = os.environ.get(FRAMEWORKS_ENV)
    if override:
        return Path(override)
    packaged = Path(__file__).resolve().parent.parent / "frameworks_data"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent.parent / "frameworks"


def content_hash(raw: bytes) -> str:
    return "sha256:" + hashlib.sha256(raw).hexdigest()[:16]


def check_framework_file(path: Path) -> tuple[Framework | None, list[Problem]]:
    """Validate one file; return the framework (if valid) and every problem found."""
    name = str(path)
    try:
        raw = safe_io.read_input(path, FrameworkError)
    except FrameworkError as exc:
        return None, [Problem(name, None, str(exc).removeprefix(f"{name}: "))]
    return check_framework_bytes(raw, name)


def check_framework_bytes(raw: bytes, name: str) -> tuple[Framework | None, list[Problem]]:
    import tomli

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None, [Problem(name, None, "not UTF-8 text")]
    try:
        data = tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        message = getattr(exc, "msg", str(exc))
        return None, [Problem(name, line, f"invalid TOML: {message}")]
    except RecursionError:
        return None, [Problem(name, None, "invalid TOML: nested too deeply")]
    except ValueError:  # e.g. an integer of more digits than Python converts
        return None, [Problem(name, None, "invalid TOML: a number too long to read")]
    from pydantic import ValidationError

    from thresholdcli.framework.model import Framework
    from thresholdcli.framework.toml_lines import TomlIndex

    try:
        framework = Framework.model_validate(data)
    except ValidationError as exc:
        index = TomlIndex(text)  # once per file: placing every problem stays linear
        problems = []
        for error in exc.errors():
            loc = tuple(error["loc"])
            where = ".".join(str(part) for part in loc) or "(file)"
            message = error["msg"].removeprefix("Value error, ")
            problems.append(Problem(name, index.line_of(loc), f"{where}: {message}"))
        return None, problems
    except RecursionError:
        return None, [Problem(name, None, "nested too deeply")]
    return framework, []


def duplicate_problems(found: Iterable[tuple[Path, str]]) -> list[Problem]:
    """One problem per file that defines an id@version (given as `ref`) another file
    already defines: one would otherwise hide the other."""
    first: dict[str, Path] = {}
    problems = []
    for path, ref in found:
        if ref in first:
            problems.append(
                Problem(
                    str(path),
                    None,
                    f"{ref} is also defined by {first[ref]}: two files cannot define the "
                    "same framework version; remove one",
                )
            )
        else:
            first[ref] = path
    return problems


def load_framework(path: Path) -> Framework:
    """Validate one file (never from the cache); FrameworkError with its problems."""
    framework, problems = check_framework_file(path)
    return _valid(framework, problems)


def _valid(framework: Framework | None, problems: list[Problem]) -> Framework:
    if framework is None:
        raise FrameworkError("; ".join(str(p) for p in problems[:3]))
    return framework


def framework_files(directory: Path | None = None) -> list[Path]:
    return sorted((directory or frameworks_dir()).glob("*.toml"))


def _loaded_files() -> list[Loaded]:
    """Every framework file, refused when two define the same id@version."""
    files = [loaded(path) for path in framework_files()]
    refs = ((f.path, f"{f.header['id']}@{f.header['version']}") for f in files)
    duplicates = duplicate_problems(refs)
    if duplicates:
        raise FrameworkError(str(duplicates[0]))
    return files


# --- one framework file, validated once -------------------------------------------------


class Loaded:
    """One framework file as it is now: its hash, and its framework as a cache header, a
    pydantic-free view or the pydantic model, each made on first use. A cache entry that
    is missing, stale or does not read back is ignored: the file is validated instead."""

    def __init__(self, path: Path, raw: bytes) -> None:
        self.path = path
        self.raw = raw
        self.sha256 = hashlib.sha256(raw).hexdigest()
        self.digest = "sha256:" + self.sha256[:16]  # content_hash(raw)
        self._model: Framework | None = None
        self._view: Framework | None = None
        schema = cached.fingerprint()
        self._key = cached.entry_key(self.sha256, schema) if schema else None
        self._entry = cached.decode(cache.load(cached.KIND, self._key)) if self._key else None

    @property
    def header(self) -> dict[str, Any]:
        if self._entry is None:
            self.model()
        if self._entry is not None:
            return self._entry.header
        return _header(self.model())

    def model(self) -> Framework:
        if self._model is None:
            entry = self._entry
            if entry is not None:
                self._model = self._or_drop_entry(lambda: cached.construct(entry.data()))
            if self._model is None:
                self._model = self._validate()
        return self._model

    def view(self) -> Framework:
        """Without pydantic when the cache holds the file; else the model itself."""
        if self._view is None:
            entry = self._entry
            if entry is not None and self._model is None:
                from thresholdcli.framework.view import build

                self._view = self._or_drop_entry(
                    lambda: build(entry.data(), "Framework", entry.types, entry.quotes)
                )
            if self._view is None:
                self._view = self.model()
        return self._view

    def _or_drop_entry(self, make: Callable[[], Any]) -> Any:
        try:
            return make()
        except Exception:  # whatever is wrong with an entry, validating the file is right
            self._entry = None
            return None

    def _validate(self) -> Framework:
        framework = _valid(*check_framework_bytes(self.raw, str(self.path)))
        encoded = cached.encode(framework, _summary(framework)) if self._key else None
        if self._key is not None and encoded is not None:
            payload, meta = encoded
            stored = cache.store(cached.KIND, self._key, payload, meta)
            if stored is not None:
                self._entry = cached.decode(cache.decode(stored, self._key))
        return framework


def _summary(framework: Framework) -> dict[str, Any]:
    from thresholdcli.framework.describe import summary

    return summary(framework)


def _header(framework: Framework) -> dict[str, Any]:
    return {
        "id": framework.id,
        "version": framework.version,
        "summary": _summary(framework),
        "domain_names": cached.domain_names(framework),
    }


_LOADED: dict[tuple[str, int, int], Loaded] = {}


def loaded(path: Path) -> Loaded:
    """The file at `path`, read once per process while it is unchanged."""
    try:
        info = path.stat()
        key = (str(path), info.st_mtime_ns, info.st_size)
        found = _LOADED.get(key)
        if found is None:
            found = Loaded(path, safe_io.read_input(path, FrameworkError))
            _LOADED[key] = found
    except OSError as exc:
        raise FrameworkError(f"{path}: cannot read file ({safe_io.reason(exc)})") from None
    return found


def load_with_hash(path: Path) -> tuple[Framework, str]:
    found = loaded(path)
    return found.model(), found.digest


def shipped() -> Iterator[tuple[Path, Framework]]:
    for file in _loaded_files():
        yield file.path, file.model()


def shipped_views() -> Sequence[Framework]:
    """Every shipped framework, read-only (see `resolve_view`), read when the list is first
    used: an interview given its framework never lists them."""
    return _ShippedViews()


class _ShippedViews(Sequence["Framework"]):
    def __init__(self) -> None:
        self._views: list[Framework] | None = None

    def _all(self) -> list[Framework]:
        if self._views is None:
            self._views = [loaded(path).view() for path in framework_files()]
        return self._views

    def __len__(self) -> int:
        return len(self._all())

    @overload
    def __getitem__(self, index: int) -> Framework: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Framework]: ...

    def __getitem__(self, index: int | slice) -> Framework | Sequence[Framework]:
        return self._all()[index]


class Shipped(NamedTuple):
    """A shipped framework file as its cache header tells it: no pydantic needed."""

    path: Path
    id: str
    version: str
    digest: str
    summary: dict[str, Any]

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"


def shipped_header(path: Path) -> Shipped:
    file = loaded(path)
    header = file.header
    return Shipped(path, header["id"], header["version"], file.digest, header["summary"])


def shipped_headers() -> list[Shipped]:
    found = []
    for file in _loaded_files():
        header = file.header
        found.append(
            Shipped(file.path, header["id"], header["version"], file.digest, header["summary"])
        )
    return found


def _find(ref: str) -> Loaded:
    """The file of `id` or `id@version`, case-insensitively: the last in name order when
    several match. An unknown name is refused with the nearest shipped id (`names.py`)."""
    from thresholdcli.framework import names

    files = _loaded_files()
    named = [_named(file.header) for file in files]
    found = names.matching(ref, named)
    if not found:
        raise UnknownFrameworkError(names.unknown_message(ref, named))
    return files[found[-1]]


def _named(header: dict[str, Any]) -> Any:
    from thresholdcli.framework.names import Named

    summary = header.get("summary", {})
    return Named(
        id=header["id"],
        version=header["version"],
        authority=str(summary.get("authority", "")),
        superseded=bool(summary.get("superseded_by")),
    )


def canonical_ref(ref: str) -> str:
    """The id (and version, if one was given) of the framework `ref` names, as shipped."""
    header = _find(ref).header
    _, _, version = ref.partition("@")
    return f"{header['id']}@{header['version']}" if version.strip() else str(header["id"])


def domain_names(ref: str) -> dict[str, str]:
    """Domain id -> name of the framework `ref` names, from its cache header when the cache
    holds it (no framework data read)."""
    return dict(_find(ref).header["domain_names"])


def resolve(ref: str) -> tuple[Framework, str]:
    """Find a framework by `id` or `id@version`; returns it with its content hash."""
    found = _find(ref)
    return found.model(), found.digest


def resolve_view(ref: str) -> tuple[Framework, str]:
    """Like `resolve`, but read-only and without pydantic when the cache holds it (see
    `view.py`): for commands that only show a framework."""
    found = _find(ref)
    return found.view(), found.digest

"""Loading framework files: parse TOML, validate once, report `file:line: message`."""

from __future__ import annotations

import hashlib
import os
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from thresholdcli.errors import FrameworkError, UnknownFrameworkError
from thresholdcli.framework.model import Framework
from thresholdcli.framework.toml_lines import line_of

DEFAULT_FRAMEWORK = "staffordshire-2023"
FRAMEWORKS_ENV = "THRESHOLDCLI_FRAMEWORKS"


@dataclass(frozen=True)
class Problem:
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
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(name, None, f"cannot read file ({exc.strerror})")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None, [Problem(name, None, "not UTF-8 text")]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        message = getattr(exc, "msg", str(exc))
        return None, [Problem(name, line, f"invalid TOML: {message}")]
    try:
        framework = Framework.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            loc = tuple(error["loc"])
            where = ".".join(str(part) for part in loc) or "(file)"
            message = error["msg"].removeprefix("Value error, ")
            problems.append(Problem(name, line_of(text, loc), f"{where}: {message}"))
        return None, problems
    return framework, []


def load_framework(path: Path) -> Framework:
    framework, problems = check_framework_file(path)
    if framework is None:
        raise FrameworkError("; ".join(str(p) for p in problems[:3]))
    return framework


def framework_files(directory: Path | None = None) -> list[Path]:
    return sorted((directory or frameworks_dir()).glob("*.toml"))


@lru_cache(maxsize=32)
def _load_cached(path: str, mtime_ns: int) -> tuple[Framework, str]:
    raw = Path(path).read_bytes()
    return load_framework(Path(path)), content_hash(raw)


def load_with_hash(path: Path) -> tuple[Framework, str]:
    return _load_cached(str(path), path.stat().st_mtime_ns)


def shipped() -> Iterator[tuple[Path, Framework]]:
    for path in framework_files():
        yield path, load_with_hash(path)[0]


def resolve(ref: str) -> tuple[Framework, str]:
    """Find a framework by `id` or `id@version`; returns it with its content hash."""
    wanted_id, _, wanted_version = ref.partition("@")
    candidates = []
    for path in framework_files():
        framework, digest = load_with_hash(path)
        if framework.id == wanted_id and (
            not wanted_version or framework.version == wanted_version
        ):
            candidates.append((framework, digest))
    if not candidates:
        known = ", ".join(sorted(fw.ref for _, fw in shipped())) or "none"
        raise UnknownFrameworkError(f"unknown framework {ref!r} (known: {known})")
    return candidates[-1]

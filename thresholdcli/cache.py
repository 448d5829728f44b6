"""A private on-disk cache of derived data (validated frameworks, bank holidays).

Safe by construction, so a cached entry can be trusted as much as the computation it saves:

- JSON only, never pickle: reading an entry can never run code.
- The folder is the user's own platform cache folder (platformdirs), created 0700; entries
  are written 0600 through a temporary file and a rename, so a reader sees a whole entry
  or none.
- An entry is read only from a folder owned by this user and writable by no one else, and
  only when the entry is a regular file (never a symlink) owned by this user and writable
  by no one else (checked on the opened file, not on its name).
- Anything unexpected (no folder, no entry, wrong owner or mode, unreadable, too large)
  reads as "not cached": callers then compute the value as if there were no cache.

An entry (`load`, `store`) is two lines: a JSON header with the entry's key (everything
the value depends on) and the SHA-256 of line 2, then the value. It is used only when both
match, so a stale, truncated or corrupt entry reads as "not cached" too.
`THRESHOLDCLI_CACHE_DIR` moves the cache; `THRESHOLDCLI_CACHE_DIR=off` turns it off.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
from pathlib import Path
from typing import Any

CACHE_ENV = "THRESHOLDCLI_CACHE_DIR"
OFF = "off"
MAX_ENTRY_BYTES = 16 * 1024 * 1024
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)


def cache_dir() -> Path | None:
    """Where entries live, or None when the cache is turned off."""
    override = os.environ.get(CACHE_ENV)
    if override == OFF:
        return None
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("thresholdcli", appauthor=False))


def _ours_and_private(info: os.stat_result) -> bool:
    """Owned by this user and writable by no one else. Windows has no POSIX owners or
    modes: there the per-user cache folder is protected by its access control list."""
    getuid = getattr(os, "getuid", None)
    if getuid is None:
        return True
    return info.st_uid == getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def read(name: str) -> bytes | None:
    """The bytes of entry `name`, or None when it is absent or cannot be trusted."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        if os.open in os.supports_dir_fd:
            return _read_at(folder, name)
        return _read_path(folder, name)
    except (OSError, ValueError):
        return None


def _read_at(folder: Path, name: str) -> bytes | None:
    dir_fd = os.open(folder, os.O_RDONLY | _DIRECTORY | _NO_FOLLOW)
    try:
        info = os.fstat(dir_fd)
        if not stat.S_ISDIR(info.st_mode) or not _ours_and_private(info):
            return None
        fd = os.open(name, os.O_RDONLY | _NO_FOLLOW, dir_fd=dir_fd)
    finally:
        os.close(dir_fd)
    return _read_fd(fd)


def _read_path(folder: Path, name: str) -> bytes | None:
    info = os.lstat(folder)
    if not stat.S_ISDIR(info.st_mode) or not _ours_and_private(info):
        return None
    return _read_fd(os.open(folder / name, os.O_RDONLY | _NO_FOLLOW | getattr(os, "O_BINARY", 0)))


def _read_fd(fd: int) -> bytes | None:
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode) or not _ours_and_private(info):
            return None
        if info.st_size > MAX_ENTRY_BYTES:
            return None
        return handle.read(MAX_ENTRY_BYTES + 1)


def write(name: str, data: bytes) -> bool:
    """Store entry `name` (0600, atomically). Never raises: a cache that cannot be written
    is simply not used. Returns whether the entry was written."""
    import tempfile

    folder = cache_dir()
    if folder is None:
        return False
    try:
        if not _private_folder(folder):
            return False
        fd, temp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".part")
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temp, 0o600)
        os.replace(temp, folder / name)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        return False
    return True


def _private_folder(folder: Path) -> bool:
    """Create the folder 0700 if missing; tighten it to 0700 if it is ours; refuse a folder
    that is a symlink, is not a folder or belongs to someone else."""
    if not os.path.lexists(folder):
        folder.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=0o700)
    info = os.lstat(folder)
    if not stat.S_ISDIR(info.st_mode):
        return False
    getuid = getattr(os, "getuid", None)
    if getuid is None:
        return True
    if info.st_uid != getuid():
        return False
    if stat.S_IMODE(info.st_mode) & 0o077:
        os.chmod(folder, 0o700)
    return True


def entry_name(kind: str, key: str) -> str:
    return f"{kind}-{hashlib.sha256(key.encode()).hexdigest()[:40]}.json"


def load(kind: str, key: str) -> tuple[dict[str, Any], bytes] | None:
    """The header and value stored under `key`, if the entry is whole and is for `key`."""
    raw = read(entry_name(kind, key))
    return None if raw is None else decode(raw, key)


def decode(raw: bytes, key: str) -> tuple[dict[str, Any], bytes] | None:
    first, newline, value = raw.partition(b"\n")
    if not newline:
        return None
    try:
        header = json.loads(first)
    except ValueError:
        return None
    if not isinstance(header, dict) or header.get("key") != key:
        return None
    if header.get("sha256") != hashlib.sha256(value).hexdigest():
        return None
    return header, value


def encode(key: str, value: bytes, meta: dict[str, Any] | None = None) -> bytes:
    header = {**(meta or {}), "key": key, "sha256": hashlib.sha256(value).hexdigest()}
    line = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode()
    return line + b"\n" + value


def store(kind: str, key: str, value: bytes, meta: dict[str, Any] | None = None) -> bytes | None:
    """Write the entry; its bytes, or None when the cache could not be written."""
    raw = encode(key, value, meta)
    return raw if write(entry_name(kind, key), raw) else None

"""Reading input files and writing output files without hangs, surprises or torn files.

Shared by every package (like `errors`): records, frameworks, answers files, case files,
cards and transcripts all go through here.

- `read_input` reads only regular files, at most `MAX_INPUT_BYTES` (10 MB, documented in
  docs/case-record.md): a FIFO, a device such as /dev/zero, a socket or a folder is
  refused at once instead of blocking or reading without end.
- `write_atomic` writes a whole file or nothing: a temporary file created exclusively and
  without following links in the target's own folder (`tempfile.mkstemp`), fsynced, given
  its mode, then renamed over the target. The folder is fsynced where the platform can.
- `check_output_path` accepts a regular file (to replace whole) or a new name in an
  existing folder; a link, folder, FIFO or device is refused.

Every failure is one line naming the file and, where it helps, the fix.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

from thresholdcli.errors import ThresholdError
from thresholdcli.safe_text import one_line

MAX_INPUT_BYTES = 10 * 1024 * 1024
_READ_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # opening a FIFO never waits for a writer
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_BINARY", 0)
)
_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the disk is read-only",
    errno.EACCES: "permission denied: the folder or file is read-only or not yours",
    errno.EPERM: "permission denied: the folder or file is read-only or not yours",
    errno.ENOENT: "no such file or folder",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EISDIR: "it is a folder",
    errno.ENAMETOOLONG: "the name is too long",
    errno.ELOOP: "too many symbolic links",
}


def reason(exc: OSError) -> str:
    """A short, plain reason for an operating-system error (no traceback, no errno)."""
    if exc.errno in _REASONS:
        return _REASONS[exc.errno]
    return one_line(exc.strerror or type(exc).__name__).lower()


def size_text(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit} bytes"


def read_input(path: Path, error: type[ThresholdError], limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of the regular file at `path` (links followed), at most `limit` of them."""
    try:
        before = os.stat(path)
    except FileNotFoundError:
        raise error(f"{path}: no such file") from None
    except OSError as exc:
        raise error(f"{path}: cannot read ({reason(exc)})") from None
    except ValueError:  # a NUL character in the name
        raise error(f"{path}: not a valid file name") from None
    _check_readable_kind(path, before.st_mode, error)
    try:
        fd = os.open(path, _READ_FLAGS)
    except OSError as exc:
        raise error(f"{path}: cannot read ({reason(exc)})") from None
    try:
        info = os.fstat(fd)  # the file opened, not the name checked before
        _check_readable_kind(path, info.st_mode, error)
        if info.st_size > limit:
            raise error(f"{path}: larger than {size_text(limit)}, the limit for input files")
        chunks = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1024 * 1024))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise error(f"{path}: cannot read ({reason(exc)})") from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:
        raise error(f"{path}: larger than {size_text(limit)}, the limit for input files")
    return data


def _check_readable_kind(path: Path, mode: int, error: type[ThresholdError]) -> None:
    if stat.S_ISDIR(mode):
        raise error(f"{path}: is a folder, not a file")
    if not stat.S_ISREG(mode):
        raise error(f"{path}: not a regular file (a pipe, device or socket): give a file")


def check_output_path(path: Path, error: type[ThresholdError]) -> None:
    """Refuse an output path that is not a regular file or a new name in an existing folder."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        folder = path.parent
        if not folder.is_dir():
            raise error(f"cannot write {path} (the folder {folder} does not exist)") from None
        return
    except (OSError, ValueError) as exc:
        why = reason(exc) if isinstance(exc, OSError) else "not a valid file name"
        raise error(f"cannot write {path} ({why})") from None
    if stat.S_ISLNK(info.st_mode):
        why = "it is a symbolic link: give the file it points to, or a new name"
    elif stat.S_ISDIR(info.st_mode):
        why = "it is a folder: give a file name inside it"
    elif not stat.S_ISREG(info.st_mode):
        why = "not a regular file (a pipe, device or socket): give a file name"
    else:
        return
    raise error(f"cannot write {path} ({why})")


def write_atomic(
    path: Path, data: bytes, mode: int, error: type[ThresholdError], what: str = "save"
) -> None:
    """Write `data` to `path` whole or not at all, with permissions `mode`."""
    import tempfile  # only when writing: reading commands start without it

    folder = path.parent
    try:
        fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise error(f"cannot {what} {path} ({reason(exc)})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise error(f"cannot {what} {path} ({reason(exc)})") from None
        raise
    fsync_folder(folder)


def fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable, where the platform can (not on Windows)."""
    if os.name == "nt" or not hasattr(os, "O_DIRECTORY"):
        return
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):  # some file systems cannot sync a folder
            os.fsync(fd)
    finally:
        os.close(fd)

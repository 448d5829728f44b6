"""Text from records, answer files, frameworks, file names and arguments, made safe to show.

The one place where control characters are escaped before display. A terminal runs the
control characters it is sent (ESC sequences clear the screen, set the window title, hide
text, forge lines), so every user- or file-supplied string passes through `shown` (text
that may keep its line breaks) or `one_line` (error lines, table cells, CSV) before it is
printed or written for a person to read. Escapes are visible and reversible by eye:
ESC becomes `\\x1b`, a lone surrogate from a non-UTF-8 file name becomes `\\xff`.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

# C0 controls, DEL and C1 controls; bidirectional overrides and isolates, which reorder
# what is shown ("Trojan source"); line and paragraph separators; lone surrogates. Every
# one of them is a character `str.isprintable` refuses, so printable text is safe as it is
# and the patterns (slow to compile) are only compiled for text that is not.
UNSAFE = "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
_KEEP_IN_TEXT = frozenset("\n\t")
# json.dumps escapes C0 controls itself; the line breaks left are the layout's own.
UNSAFE_IN_JSON = "[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
_SURROGATE = "[\ud800-\udfff]"
# What json.dumps(data, ensure_ascii=False) makes for each call, made once.
_ENCODER = json.JSONEncoder(ensure_ascii=False)


@cache
def _pattern(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _printable_but_breaks(text: str) -> bool:
    """Every character printable, or a line break or tab."""
    return text.isprintable() or text.replace("\n", "").replace("\t", "").isprintable()


def _escape(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def shown(text: str) -> str:
    """`text` with every control character escaped, except line breaks and tabs."""
    if _printable_but_breaks(text) or not _pattern(UNSAFE).search(text):
        return text
    text = text.replace("\r\n", "\n")
    return _pattern(UNSAFE).sub(
        lambda m: m.group() if m.group() in _KEEP_IN_TEXT else _escape(m.group()), text
    )


def one_line(text: str) -> str:
    """`text` on one line: every control character escaped, line breaks included."""
    if text.isprintable() or not _pattern(UNSAFE).search(text):
        return text
    return _pattern(UNSAFE).sub(lambda m: _escape(m.group()), text)


def is_text(text: str) -> bool:
    """False when `text` holds bytes that were not UTF-8 (lone surrogates from the shell)."""
    return text.isprintable() or not _pattern(_SURROGATE).search(text)


def is_safe(text: str) -> bool:
    """True when `text` has no character that `shown` would escape."""
    if _printable_but_breaks(text):
        return True
    return all(c in _KEEP_IN_TEXT for c in _pattern(UNSAFE).findall(text))


def json_text(data: Any, indent: int | None = None) -> str:
    """JSON with non-ASCII text kept readable, but C1 controls, DEL, bidirectional marks and
    lone surrogates written as `\\u` escapes (json already escapes C0): the same data."""
    text = (
        _ENCODER.encode(data)
        if indent is None
        else json.dumps(data, indent=indent, ensure_ascii=False)
    )
    if _printable_but_breaks(text):
        return text
    return _pattern(UNSAFE_IN_JSON).sub(lambda m: f"\\u{ord(m.group()):04x}", text)

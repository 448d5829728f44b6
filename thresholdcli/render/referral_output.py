"""The referral summary in the chosen format, to the terminal, stdout or a private file."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path

from thresholdcli.casework.referral import Referral
from thresholdcli.errors import OutputError
from thresholdcli.records import store
from thresholdcli.render.referral import outline
from thresholdcli.render.referral_text import TEXT_WIDTH, referral_md, referral_txt

STDOUT = Path("-")


class ReferralFormat(StrEnum):
    md = "md"
    txt = "txt"
    html = "html"
    json = "json"


def format_for(given: str | None, output: Path | None) -> ReferralFormat:
    """The format asked for; else the one a file's suffix names (.md, .html, .json);
    else plain text."""
    if given is not None:
        return ReferralFormat(given)
    if output is not None and output != STDOUT:
        suffix = output.suffix.lower().lstrip(".")
        if suffix in ("htm", "html"):
            return ReferralFormat.html
        if suffix in ("md", "json", "txt"):
            return ReferralFormat(suffix)
    return ReferralFormat.txt


def render_referral(referral: Referral, fmt: ReferralFormat, width: int = TEXT_WIDTH) -> str:
    if fmt is ReferralFormat.json:
        return json.dumps(referral.to_json(), indent=2, ensure_ascii=False) + "\n"
    doc = outline(referral)
    if fmt is ReferralFormat.md:
        return referral_md(doc)
    if fmt is ReferralFormat.html:
        from thresholdcli.render.referral_html import referral_html

        return referral_html(doc)
    return referral_txt(doc, width)


def emit_referral(
    referral: Referral, fmt: ReferralFormat, output: Path | None, width: int = TEXT_WIDTH
) -> Path | None:
    """Print it (no file, or `-`), or write it to `output` like a case record: 0600,
    atomically. Returns the file written, if any."""
    text = render_referral(referral, fmt, width)
    if output is None or output == STDOUT:
        sys.stdout.write(text)
        sys.stdout.flush()
        return None
    if output.is_symlink() or (output.exists() and not output.is_file()):
        raise OutputError(f"{output}: not a regular file; give a new file name or -o -")
    try:
        store.atomic_write(output, text)
    except OSError as exc:
        raise OutputError(f"cannot write {output} ({exc.strerror})") from None
    return output

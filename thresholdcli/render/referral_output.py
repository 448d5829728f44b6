"""The referral summary in the chosen format, to the terminal, stdout or a private file."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path

from thresholdcli import safe_io
from thresholdcli.casework.referral import Referral
from thresholdcli.errors import OutputError
from thresholdcli.records import store
from thresholdcli.render.referral import outline
from thresholdcli.render.referral_text import TEXT_WIDTH, referral_md, referral_txt
from thresholdcli.safe_text import json_text, shown

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
        return json_text(referral.to_json(), indent=2) + "\n"
    doc = outline(referral)
    if fmt is ReferralFormat.md:
        text = referral_md(doc)
    elif fmt is ReferralFormat.html:
        from thresholdcli.render.referral_html import referral_html

        text = referral_html(doc)
    else:
        text = referral_txt(doc, width)
    return shown(text)  # whatever part of the summary came from data: never raw control


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
    if not output.parent.exists():
        store.ensure_private_dir(output.parent)  # a new folder for it: private, 0700
    safe_io.check_output_path(output, OutputError)
    safe_io.write_atomic(output, text.encode("utf-8"), store.PRIVATE_FILE, OutputError, "write")
    return output

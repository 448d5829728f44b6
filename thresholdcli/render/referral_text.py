"""The referral summary's outline as plain text (fixed width) or as Markdown (escaped)."""

from __future__ import annotations

import textwrap

from thresholdcli.render.card_md import block as md_block
from thresholdcli.render.markdown import escape as md_escape
from thresholdcli.render.referral import Block, Items, Outline, Para, Quote

TEXT_WIDTH = 80


# --- plain text ---------------------------------------------------------------------------


def _wrap(text: str, width: int, first: str, rest: str) -> list[str]:
    """Each line of `text` wrapped; the first output line starts with `first`, the others
    with `rest`. Blank lines are kept."""
    out: list[str] = []
    prefix = first
    for line in text.split("\n"):
        if not line.strip():
            out.append(rest.rstrip())
        else:
            out.extend(
                textwrap.wrap(
                    line,
                    width=max(width, len(prefix) + 20),
                    initial_indent=prefix,
                    subsequent_indent=rest,
                    break_long_words=True,
                    break_on_hyphens=False,
                )
            )
        prefix = rest
    return out


def _text_block(block: Block, width: int, indent: str) -> list[str]:
    if isinstance(block, Para):
        return _wrap(block.text, width, indent, indent)
    if isinstance(block, Quote):
        return _wrap(block.intro, width, indent, indent) + _wrap(
            f"“{block.text}”", width, indent + "    ", indent + "    "
        )
    out: list[str] = []
    for n, entry in enumerate(block.entries, 1):
        mark = f"{n}. " if block.numbered else "- "
        out += _wrap(entry.text, width, indent + mark, indent + " " * len(mark))
        for child in entry.children:
            out += _text_block(child, width, indent + " " * len(mark))
    return out


def referral_txt(doc: Outline, width: int = TEXT_WIDTH) -> str:
    lines = [doc.title, "=" * min(len(doc.title), width), ""]
    for block in doc.intro:
        lines += [*_text_block(block, width, ""), ""]
    for section in doc.sections:
        lines += [section.title, "-" * min(len(section.title), width)]
        for n, block in enumerate(section.blocks):
            if n and isinstance(block, Para) and block.strong:
                lines.append("")  # a sub-heading (a domain, a route) stands apart
            lines += _text_block(block, width, "")
        lines.append("")
    return "\n".join(line.rstrip() for line in lines).rstrip("\n") + "\n"


# --- Markdown -----------------------------------------------------------------------------


def _md_block(block: Block, indent: str = "") -> list[str]:
    if isinstance(block, Para):
        text = md_block(block.text)
        if block.strong and "\n" not in block.text:
            text = f"**{text}**"
        return [_indented(text, indent)]
    if isinstance(block, Quote):
        quoted = "\n".join(
            f"> {line}" if line else ">" for line in md_block(block.text).split("\n")
        )
        return [_indented(md_escape(block.intro), indent), _indented(quoted, indent)]
    return [_md_items(block, indent)]


def _md_items(items: Items, indent: str) -> str:
    lines = []
    for n, entry in enumerate(items.entries, 1):
        mark = f"{n}. " if items.numbered else "- "
        inner = indent + " " * len(mark)
        lines.append(indent + mark + md_block(entry.text).replace("\n", "\n" + inner))
        for child in entry.children:
            lines.append("")
            lines.extend(_md_block(child, inner))
    return "\n".join(lines)


def _indented(text: str, indent: str) -> str:
    return "\n".join(indent + line if line else line for line in text.split("\n"))


def referral_md(doc: Outline) -> str:
    parts = [f"# {md_escape(doc.title)}"]
    for block in doc.intro:
        parts += _md_block(block)
    for section in doc.sections:
        parts.append(f"## {md_escape(section.title)}")
        for block in section.blocks:
            parts += _md_block(block)
    return "\n\n".join(parts) + "\n"

"""Reference cards as print-ready HTML: Jinja2 templates (autoescaped) with a print stylesheet."""

from __future__ import annotations

import base64
import re
from collections.abc import Sequence
from functools import lru_cache
from importlib.resources import files

from jinja2 import Environment, PackageLoader, StrictUndefined, Template
from markupsafe import Markup, escape

from thresholdcli import __version__
from thresholdcli.advice.cards import Card, CardConsent
from thresholdcli.framework.provenance import NO_NUMBER, READING, one_line
from thresholdcli.quote_markup import spans
from thresholdcli.render.card_style import band_hex, band_tint
from thresholdcli.safe_text import shown

DISCLAIMER = "Supports professional judgement; never replaces it."
# Above this much text (indicators, consent questions and contacts) a card is set denser,
# so that one level still fits two A4 pages in the shipped font: 9 pt in two columns, else
# 8.5 pt in three, else 8 pt in three, else 7.5 pt in three (only the very longest levels).
DENSE_CHARS = 5500
DENSER_CHARS = 11000
DENSEST_CHARS = 13000
TIGHTEST_CHARS = 15000


def _text_size(card: Card) -> int:
    words = sum(len(i.text) for d in card.domains for i in d.indicators)
    contacts = sum(
        len(c.service) + len(c.hours_text) + len(c.printed_for) + len(c.phone_reading)
        for c in card.contacts
    )
    guidance = sum(len(item) for block in card.guidance for item in block.items)
    return words + sum(len(c.question) for c in card.consent) + contacts + guidance


def density(card: Card) -> str:
    """The CSS classes for the card's type size: "", "dense", "dense denser",
    "dense denser densest" or, longest of all, "dense denser densest tightest" (the same
    7.5 pt, set tighter)."""
    size = _text_size(card)
    if size > TIGHTEST_CHARS:
        return "dense denser densest tightest"
    if size > DENSEST_CHARS:
        return "dense denser densest"
    if size > DENSER_CHARS:
        return "dense denser"
    return "dense" if size > DENSE_CHARS else ""


def consent_note(item: CardConsent, with_source: bool) -> str:
    notes = [item.age] if item.age else []
    if with_source:
        notes.append(f"source: {item.section}")
    if item.reason_required:
        notes.append("record a reason if not done")
    return "; ".join(notes)


def criterion_short(criterion: str) -> str:
    """The act-now criterion as printed on a card: its opening words and where it is written
    out in full (the whole reason is in the data, on screen and in JSON)."""
    where = re.search(r"see (docs/frameworks/\S+?\.md)", criterion)
    head = criterion.split(":", 1)[0]  # "one criterion"
    return f"{head} for this framework, in {where.group(1)}" if where else criterion


def paragraphs(text: str) -> list[str]:
    """Split verbatim text at blank lines; line breaks inside a paragraph are kept by CSS."""
    return [p.strip("\n") for p in re.split(r"\n\s*\n", text) if p.strip()]


def quoted(text: str) -> Markup:
    """Quoted framework text, escaped, its extraction mark-up shown as the words alone
    (`quote_markup`), bold runs in <strong>. Never for practitioner text."""
    return Markup("").join(
        Markup("<strong>%s</strong>") % shown(run) if bold else escape(shown(run))
        for run, bold in spans(text)
    )


def _shown_value(value: object) -> object:
    """Every `{{ … }}` in the template: control characters escaped (HTML escaping follows)."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return shown(value)
    return value


@lru_cache(maxsize=1)
def _template() -> Template:
    env = Environment(
        loader=PackageLoader("thresholdcli", "templates"),
        autoescape=True,  # framework text is data: never markup
        finalize=_shown_value,  # and never raw control characters
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["paragraphs"] = paragraphs
    env.filters["one_line"] = one_line
    env.filters["quoted"] = quoted
    env.filters["criterion_short"] = criterion_short
    env.globals.update(
        consent_note=consent_note, band_hex=band_hex, band_tint=band_tint, density=density
    )
    return env.get_template("card.html.j2")


FONT_URL = re.compile(r'url\("\.\./fonts/([\w.-]+\.woff2)"\)')


def _font_data_uri(match: re.Match[str]) -> str:
    data = (files("thresholdcli") / "fonts" / match.group(1)).read_bytes()
    return f'url("data:font/woff2;base64,{base64.b64encode(data).decode("ascii")}")'


@lru_cache(maxsize=1)
def stylesheet() -> str:
    """The print stylesheet with the shipped font inlined as data: URIs, so the HTML card
    needs no other file and WeasyPrint and Chromium set it in the same font."""
    css = (files("thresholdcli") / "templates" / "card.css").read_text(encoding="utf-8")
    return FONT_URL.sub(_font_data_uri, css)


def cards_html(cards: Sequence[Card]) -> str:
    first = cards[0]
    if len(cards) == 1:
        title = f"{first.authority}: {first.heading}"
    else:
        title = f"{first.authority}: levels 1–{first.top_rank}"
    return _template().render(
        cards=cards,
        title=title,
        stylesheet=stylesheet(),
        no_number=NO_NUMBER,
        reading=READING,
        disclaimer=DISCLAIMER,
        tool_version=__version__,
    )

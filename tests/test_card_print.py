"""Printed cards fit A4 portrait: at most two pages for one level.

The Chromium test is skipped (with its reason) when no Chromium is installed; the WeasyPrint
test checks every level with the engine `--format pdf` uses first.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import all_frameworks
from thresholdcli.advice.cards import Card, build_cards
from thresholdcli.framework.model import Framework
from thresholdcli.render import card_pdf
from thresholdcli.render.card_html import cards_html

PRINTED = date(2026, 11, 23)
MAX_PAGES = 2
A4_POINTS = (595.28, 841.89)


def cards(fw: Framework) -> list[Card]:
    return build_cards(fw, range(1, fw.top_rank + 1), brief=False, printed=PRINTED)


def longest(fw: Framework) -> Card:
    return max(cards(fw), key=lambda c: sum(len(i.text) for d in c.domains for i in d.indicators))


def pdf_pages(pdf: bytes) -> list[tuple[float, float]]:
    """Page sizes (points) from a PDF's uncompressed page objects."""
    pages = re.findall(rb"/Type\s*/Page(?![s\w]).*?/MediaBox\s*\[([^\]]*)\]", pdf, re.S)
    sizes = []
    for box in pages:
        x0, y0, x1, y1 = (float(v) for v in box.split())
        sizes.append((x1 - x0, y1 - y0))
    return sizes


@pytest.mark.parametrize("fw", all_frameworks(), ids=lambda fw: fw.id)
def test_longest_level_fits_two_a4_pages_in_chromium(fw: Framework) -> None:
    browser = card_pdf.find_chromium()
    if browser is None:
        pytest.skip("Chromium is not installed (apt-get install chromium to run this check)")
    card = longest(fw)
    sizes = pdf_pages(card_pdf.chromium_pdf(cards_html([card]), browser))
    assert 1 <= len(sizes) <= MAX_PAGES, f"{fw.id} level {card.rank}: {len(sizes)} pages"
    for width, height in sizes:
        assert width == pytest.approx(A4_POINTS[0], abs=1)
        assert height == pytest.approx(A4_POINTS[1], abs=1)


def usable_weasyprint() -> Any:
    """WeasyPrint, or a skip: it is an optional extra and needs the Pango system library."""
    try:
        import weasyprint  # type: ignore[import-untyped]
    except (ImportError, OSError) as exc:
        pytest.skip(f"WeasyPrint is not usable here ({type(exc).__name__}); PDF cards fall back")
    return weasyprint


@pytest.mark.parametrize("fw", all_frameworks(), ids=lambda fw: fw.id)
def test_every_level_fits_two_a4_pages_in_weasyprint(fw: Framework) -> None:
    weasyprint = usable_weasyprint()
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    for card in cards(fw):
        document = weasyprint.HTML(string=cards_html([card])).render()
        assert len(document.pages) <= MAX_PAGES, f"{fw.id} level {card.rank}"
        page = document.pages[0]  # sizes in CSS px, 96 to the inch
        size_mm = (page.width * 25.4 / 96, page.height * 25.4 / 96)
        assert size_mm == pytest.approx((210, 297), abs=0.5)


def test_cli_writes_a_pdf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if card_pdf.find_chromium() is None:
        usable_weasyprint()
    from tests.test_cards import run_cli

    out = tmp_path / "card.pdf"
    code, _, err = run_cli(
        ["card", "staffordshire-2023", "--level", "4", "--format", "pdf", "-o", str(out)], capsys
    )
    assert code == 0, err
    data = out.read_bytes()
    assert data.startswith(b"%PDF-")

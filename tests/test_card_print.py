"""Printed cards fit A4 portrait: at most two pages for one level, on any machine.

The card font ships with thresholdcli, so the layout does not depend on the fonts a machine
happens to have: the WeasyPrint test lays out every level with fontconfig limited to a bare
Debian's DejaVu folder. The Chromium test is skipped (with its reason) when no Chromium is
installed: it is the optional fallback engine.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import sys
import zlib
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, all_frameworks, run_cli
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
def test_longest_level_fits_two_a4_pages_in_chromium(
    fw: Framework, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    browser = card_pdf.find_chromium()
    if browser is None:
        pytest.skip("Chromium is not installed (apt-get install chromium to run this check)")
    conf = tmp_path / "fonts.conf"  # the browser runs as a child: it sees only DejaVu
    conf.write_text(DEJAVU_ONLY.format(cache=tmp_path / "cache"), encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(conf))
    card = longest(fw)
    sizes = pdf_pages(card_pdf.chromium_pdf(cards_html([card]), browser))
    assert 1 <= len(sizes) <= MAX_PAGES, f"{fw.id} level {card.rank}: {len(sizes)} pages"
    for width, height in sizes:
        assert width == pytest.approx(A4_POINTS[0], abs=1)
        assert height == pytest.approx(A4_POINTS[1], abs=1)


DEJAVU_ONLY = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <dir>/usr/share/fonts/truetype/dejavu</dir>
  <cachedir>{cache}</cachedir>
</fontconfig>
"""
PANGO_HINT = (
    "WeasyPrint cannot run here: it needs Pango >= 1.44, HarfBuzz and fontconfig "
    "(see docs/cards.md, 'System libraries')"
)


def usable_weasyprint() -> Any:
    """WeasyPrint, which `make test` installs; a failure (not a skip) when the system libraries
    it needs are missing, since `card --format pdf` tries it first."""
    try:
        import weasyprint  # type: ignore[import-untyped]
    except (ImportError, OSError) as exc:
        pytest.fail(f"{PANGO_HINT}: {type(exc).__name__}: {exc}")
    return weasyprint


def levels_laid_out(fw: Framework, fonts_conf: Path) -> list[dict[str, Any]]:
    """Each level's page count and size, laid out in a child process whose fontconfig sees
    only the folder of a bare Debian's DejaVu fonts (none at all where that folder is missing)."""
    env = {**os.environ, "FONTCONFIG_FILE": str(fonts_conf)}
    done = subprocess.run(
        [sys.executable, "-m", "tests.card_pages", fw.id],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, f"{PANGO_HINT}?\n{done.stderr[-2000:]}"
    return [json.loads(line) for line in done.stdout.splitlines()]


@pytest.mark.parametrize("fw", all_frameworks(), ids=lambda fw: fw.id)
def test_every_level_fits_two_a4_pages_with_only_dejavu_installed(
    fw: Framework, tmp_path: Path
) -> None:
    usable_weasyprint()
    conf = tmp_path / "fonts.conf"
    conf.write_text(DEJAVU_ONLY.format(cache=tmp_path / "cache"), encoding="utf-8")
    levels = levels_laid_out(fw, conf)
    assert [level["rank"] for level in levels] == list(range(1, fw.top_rank + 1))
    for level in levels:
        assert level["pages"] <= MAX_PAGES, f"{fw.id} level {level['rank']}: {level['pages']}"
        assert (level["width_mm"], level["height_mm"]) == pytest.approx((210, 297), abs=0.5)


def pdf_objects(pdf: bytes) -> bytes:
    """The PDF's bytes with every Flate stream inflated, so that dictionaries kept in object
    streams (the catalogue, the fonts) can be searched."""
    parts = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        with contextlib.suppress(zlib.error):
            parts.append(zlib.decompress(stream))
    return b"\n".join(parts)


def test_cli_writes_a_tagged_pdf_in_the_shipped_font(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    usable_weasyprint()
    out = tmp_path / "card.pdf"
    code, stdout, err = run_cli(
        ["card", "staffordshire-2023", "--level", "4", "--format", "pdf", "-o", str(out)], capsys
    )
    assert code == 0, err
    assert stdout == ""
    assert "making the PDF" in err
    data = out.read_bytes()
    assert data.startswith(b"%PDF-")
    objects = pdf_objects(data)
    assert b"/StructTreeRoot" in objects, "not tagged for screen readers"
    assert re.search(rb"/Marked\s*true", objects)
    fonts = set(re.findall(rb"/BaseFont\s*/[A-Z]{6}\+([\w-]+)", objects))
    assert b"Atkinson-Hyperlegible" in fonts, fonts

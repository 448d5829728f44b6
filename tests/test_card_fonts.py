"""Cards lay out the same everywhere: the font ships with thresholdcli and is inlined into the
HTML for WeasyPrint and Chromium alike; the PDF on standard output is never mixed with noise."""

from __future__ import annotations

import base64
import logging
import os
import re
import sys
import types
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run_cli
from thresholdcli import cli
from thresholdcli.render.card_html import stylesheet

FONTS = files("thresholdcli") / "fonts"


def test_the_stylesheet_loads_only_the_shipped_font_from_package_data() -> None:
    css = stylesheet()
    urls = re.findall(r'url\("([^"]*)"\)', css)
    assert len(urls) == 4  # regular, italic, bold, bold italic
    shipped = {f.name: f.read_bytes() for f in FONTS.iterdir() if f.name.endswith(".woff2")}
    for url in urls:
        prefix = "data:font/woff2;base64,"
        assert url.startswith(prefix), "the HTML card must need no other file"
        assert base64.b64decode(url[len(prefix) :]) in shipped.values()
    for family in re.findall(r"font-family:\s*([^;]+);", css):
        assert family.startswith('"Atkinson Hyperlegible"'), family
    for machine_font in ("Arial", "Liberation", "Helvetica", "Narrow"):
        assert machine_font not in css, f"{machine_font}: the layout would depend on the machine"


def test_the_font_licence_ships_next_to_the_font() -> None:
    licence = (FONTS / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    assert "Braille Institute of America" in licence


def noisy_weasyprint(calls: list[dict[str, Any]]) -> types.ModuleType:
    """A stand-in for WeasyPrint that, like a library or the C code under it, writes to
    standard output (Python and file descriptor 1) and logs a warning while it works."""

    class HTML:
        def __init__(self, string: str) -> None:
            self.string = string

        def write_pdf(self, **options: Any) -> bytes:
            calls.append(options)
            print("python noise")
            os.write(1, b"C noise\n")
            logging.getLogger("weasyprint").warning("ignored CSS property")
            return b"%PDF-1.7 fake"

    module = types.ModuleType("weasyprint")
    module.HTML = HTML  # type: ignore[attr-defined]
    return module


def test_pdf_on_standard_output_is_never_mixed_with_warnings(
    capfdbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setitem(sys.modules, "weasyprint", noisy_weasyprint(calls))
    monkeypatch.setattr(
        sys, "argv", ["thresholdcli", "card", "hull", "-l", "1", "--format", "pdf", "-o", "-"]
    )
    with pytest.raises(SystemExit) as done:
        cli.main()
        raise SystemExit(0)
    out, err = capfdbinary.readouterr()
    assert done.value.code in (0, None)
    assert out == b"%PDF-1.7 fake"
    assert b"making the PDF" in err and b"C noise" in err
    assert calls == [{"pdf_tags": True}]


def test_dash_output_means_standard_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, to_dash, _ = run_cli(["card", "hull", "-l", "2", "--format", "md", "-o", "-"], capsys)
    assert code == 0
    code, piped, _ = run_cli(["card", "hull", "-l", "2", "--format", "md"], capsys)
    assert code == 0
    assert to_dash == piped and to_dash.startswith("#")
    assert list(tmp_path.iterdir()) == [], "no file called '-'"

"""HTML → PDF for printed cards: WeasyPrint when it works here, else headless Chromium."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, redirect_stdout
from pathlib import Path
from typing import Literal

from thresholdcli.errors import PdfUnavailableError

Engine = Literal["auto", "weasyprint", "chromium"]
CHROMIUM_NAMES = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "microsoft-edge",
    "microsoft-edge-stable",
    "chrome",
    "msedge",
)
CHROMIUM_TIMEOUT_S = 120
UNAVAILABLE = (
    "cannot make a PDF here (WeasyPrint does not work and no Chromium, Chrome or Edge "
    "was found): "
    "use --format html and print it from a browser"
)


def html_to_pdf(html: str, engine: Engine = "auto") -> bytes:
    if engine in ("auto", "weasyprint"):
        made = _weasyprint(html)
        if made is not None:
            return made
        if engine == "weasyprint":
            raise PdfUnavailableError(UNAVAILABLE)
    browser = find_chromium()
    if browser is None:
        raise PdfUnavailableError(UNAVAILABLE)
    return chromium_pdf(html, browser)


def _weasyprint(html: str) -> bytes | None:
    """None when WeasyPrint or the system libraries it needs (Pango) are missing.
    The PDF is tagged (headings, lists, tables) for screen readers."""
    with stdout_to_stderr():
        try:
            import weasyprint  # type: ignore[import-untyped]
        except (ImportError, OSError):
            return None
        # It warns about CSS it ignores (e.g. print-color-adjust): not the user's business.
        logging.getLogger("weasyprint").setLevel(logging.ERROR)
        logging.getLogger("fontTools").setLevel(logging.ERROR)
        pdf: bytes = weasyprint.HTML(string=html).write_pdf(pdf_tags=True)
    return pdf


@contextmanager
def stdout_to_stderr() -> Iterator[None]:
    """Whatever a library or the C code under it prints goes to stderr, so that the PDF on
    stdout (`-o -`, `> card.pdf`) is never mixed with a warning."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        os.dup2(2, 1)
        with redirect_stdout(sys.stderr):
            yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)


def browser_locations(platform: str, environ: Mapping[str, str], home: Path) -> list[Path]:
    """Where Chrome, Edge and Chromium are usually installed when they are not on PATH."""
    if platform == "win32":
        roots = [environ.get(k) for k in ("PROGRAMFILES", "PROGRAMFILES(X86)", "LOCALAPPDATA")]
        return [
            Path(root) / vendor / "Application" / exe
            for root in roots
            if root
            for vendor, exe in (
                (Path("Google") / "Chrome", "chrome.exe"),
                (Path("Microsoft") / "Edge", "msedge.exe"),
                (Path("Chromium"), "chrome.exe"),
            )
        ]
    if platform == "darwin":
        apps = ("Google Chrome", "Microsoft Edge", "Chromium")
        return [
            folder / f"{app}.app" / "Contents" / "MacOS" / app
            for folder in (Path("/Applications"), home / "Applications")
            for app in apps
        ]
    return []


def find_chromium(
    platform: str = sys.platform,
    environ: Mapping[str, str] = os.environ,
    home: Path | None = None,
) -> str | None:
    """Chromium, Chrome or Edge: on PATH, else in the usual place for this system."""
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    for candidate in browser_locations(platform, environ, home or Path.home()):
        if candidate.is_file():
            return str(candidate)
    return None


def chromium_pdf(html: str, browser: str) -> bytes:
    with tempfile.TemporaryDirectory(prefix="thresholdcli-card-") as tmp:
        page = Path(tmp) / "card.html"
        out = Path(tmp) / "card.pdf"
        page.write_text(html, encoding="utf-8")
        command = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={Path(tmp) / 'profile'}",
            "--no-pdf-header-footer",
            "--print-to-pdf-no-header",
            f"--print-to-pdf={out}",
            page.as_uri(),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=CHROMIUM_TIMEOUT_S, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PdfUnavailableError(
                f"Chromium failed ({type(exc).__name__}): {UNAVAILABLE}"
            ) from None
        if not out.is_file() or out.stat().st_size == 0:
            raise PdfUnavailableError(f"Chromium made no PDF: {UNAVAILABLE}")
        return out.read_bytes()

"""The console script's entry point: Ctrl-C while the program is still loading is one line
and exit 130, never a traceback. Everything else is `thresholdcli.cli.main`."""

from __future__ import annotations

import sys


def main() -> None:
    try:
        from thresholdcli.cli import main as cli_main
    except KeyboardInterrupt:
        sys.stderr.write("thresholdcli: error: interrupted\n")
        sys.exit(130)
    cli_main()

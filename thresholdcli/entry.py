"""The console script's entry point: Ctrl-C while the program is still loading is one line
and exit 130, never a traceback. Everything else is `thresholdcli.cli.main`.

Start-up and the garbage collector: the modules, classes and the app loaded here live for
the whole run, so collecting them is wasted work. The collector is paused while they load,
then they are frozen (`gc.freeze`: later collections, and the one when Python exits, skip
them) and it runs again for everything the command makes, so a long interview or batch
collects as before."""

from __future__ import annotations

import gc
import sys


def main() -> None:
    gc.disable()
    try:
        from thresholdcli.cli import main as cli_main
    except KeyboardInterrupt:
        sys.stderr.write("thresholdcli: error: interrupted\n")
        sys.exit(130)
    finally:
        gc.freeze()
        gc.enable()
    cli_main()

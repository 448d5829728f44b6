"""`make transcripts`: replay every session and rewrite its expected files.

    python -m tests.transcripts.record                 # all sessions
    python -m tests.transcripts.record hull 03-        # only those whose name contains a word
    python -m tests.transcripts.record --check         # compare only; exit 1 if any differ

Review the diff (`git diff transcripts/`) before committing: every change in it is a change
in what a practitioner sees or what gets saved.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.transcripts.replay import (
    Replayed,
    ReplayError,
    expected,
    replay,
    session_dirs,
    session_name,
    write_expected,
)
from tests.transcripts.session import SessionError


def replay_in_temp(directory: Path) -> Replayed:
    with tempfile.TemporaryDirectory(prefix="transcript-") as work:
        return replay(directory, Path(work))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.transcripts.record", description=(__doc__ or "").split("\n\n")[0]
    )
    parser.add_argument("names", nargs="*", help="only sessions whose name contains one of these")
    parser.add_argument("--check", action="store_true", help="compare only; write nothing")
    parser.add_argument("--jobs", type=int, default=min(4, os.cpu_count() or 1))
    args = parser.parse_args(argv)
    dirs = [
        d for d in session_dirs() if not args.names or any(n in session_name(d) for n in args.names)
    ]
    if not dirs:
        print("no session matches", file=sys.stderr)
        return 2
    failed = differ = 0
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [(d, pool.submit(replay_in_temp, d)) for d in dirs]
        for directory, future in futures:
            name = session_name(directory)
            try:
                replayed = future.result()
            except (ReplayError, SessionError) as exc:
                failed += 1
                print(f"FAILED   {name}: {exc}", file=sys.stderr)
                continue
            if args.check:
                same = replayed == expected(directory)
                differ += not same
                print(f"{'same' if same else 'DIFFERS':8} {name}", file=sys.stderr)
            else:
                changed = write_expected(directory, replayed)
                state = f"updated  {name}: {', '.join(changed)}" if changed else f"same     {name}"
                print(state, file=sys.stderr)
    print(f"{len(dirs)} sessions, {failed} failed, {differ} differ", file=sys.stderr)
    return 1 if failed or differ else 0


if __name__ == "__main__":
    sys.exit(main())

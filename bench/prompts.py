"""Prompts per recorded interview (issue 15): now, beside the count before the faster interview.

A prompt is a screen that waits for input: one `? ` line of a session's `transcript.txt`
(a screen left with Ctrl-C is written there as `> (Ctrl-C)`). The sessions are the same
children with the same ticks and decisions; only the way there changed. A list the framework
prints to tick at the level (issue 14: Telford's warning signs at levels 3-4) is a screen that
waits for input like any other: it is counted, and the sessions that ask one are named.

    .venv/bin/python bench/prompts.py      # the table alone
"""

from __future__ import annotations

import statistics
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRANSCRIPTS = ROOT / "transcripts"
MOST = 20  # goals: every session at most 20 prompts, the median at most 12
MEDIAN = 12
# Counted on main at 57a2b6e (2 December 2026), before the faster interview: one per `? `
# line, plus the domain screen left with Ctrl-C in 04-interrupted-and-resumed, which the
# transcript did not write then.
BEFORE = {
    "hull/01-additional-support": 14,
    "hull/02-significant-harm": 18,
    "hull/03-override-below-with-agreement": 16,
    "hull/04-immediate-danger": 19,
    "staffordshire-2022/01-earliest-help": 40,
    "staffordshire-2022/02-significant-harm": 47,
    "staffordshire-2022/03-override-with-reason": 42,
    "staffordshire-2023/01-earliest-help": 15,
    "staffordshire-2023/02-significant-harm": 22,
    "staffordshire-2023/03-override-with-reason": 16,
    "staffordshire-2023/04-interrupted-and-resumed": 17,
    "stoke-on-trent/01-getting-help": 29,
    "stoke-on-trent/02-significant-harm": 37,
    "stoke-on-trent/03-override-with-reason": 30,
    "telford-wrekin/01-vulnerable": 31,
    "telford-wrekin/02-significant-harm": 38,
    "telford-wrekin/03-override-with-reason": 57,
}


def framework_lists() -> set[str]:
    """The questions of the shipped frameworks' lists to tick (guidance asked at a level)."""
    from thresholdcli.framework import loader

    return {g.question for _, fw in loader.shipped() for g in fw.guidance if "ask" in g.use}


def prompts_in(transcript: str, lists: set[str], framework: bool = False) -> int:
    """Every prompt, or with `framework` only the framework's lists to tick among them."""
    asked = [line[2:] for line in transcript.splitlines() if line.startswith("? ")]
    return sum(1 for q in asked if not framework or any(q.startswith(f) for f in lists))


def counts(root: Path = TRANSCRIPTS, framework: bool = False) -> dict[str, int]:
    """Every recorded session's prompts now, by `framework/session`."""
    lists = framework_lists()
    found = {}
    for path in sorted(root.glob("*/*/transcript.txt")):
        name = f"{path.parent.parent.name}/{path.parent.name}"
        found[name] = prompts_in(path.read_text(encoding="utf-8"), lists, framework)
    return found


def verdict(met: bool) -> str:
    return "met" if met else "NOT met"


def section(now: dict[str, int] | None = None) -> str:
    now = counts() if now is None else now
    lines = [
        "## Interview prompts",
        "",
        "Screens that wait for input in each recorded session (`transcripts/`, replayed by "
        "`make test`): now, and before the faster interview (issue 15). The same children, "
        "ticks and decisions; only the way there changed.",
        "",
        "| session | before | now |",
        "|---|---:|---:|",
    ]
    for name, count in now.items():
        before = BEFORE.get(name)
        lines.append(f"| {name} | {before if before is not None else '—'} | {count} |")
    if now:
        most, median = max(now.values()), statistics.median(now.values())
        old = list(BEFORE.values())
        lines += [
            f"| **median** | {statistics.median(old):g} | {median:g} |",
            f"| **most** | {max(old)} | {most} |",
            "",
            f"- Every session at most {MOST} prompts: {most} ({verdict(most <= MOST)}).",
            f"- Median at most {MEDIAN}: {median:g} ({verdict(median <= MEDIAN)}).",
        ]
    extra = {name: n for name, n in counts(framework=True).items() if n}
    if extra:
        listed = ", ".join(f"{name} ({n})" for name, n in extra.items())
        lines.append(f"- Counted among these, a list the framework prints to tick: {listed}.")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(section())

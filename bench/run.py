"""`make bench`: how fast thresholdcli answers, each figure a ratio to a floor measured in the
same run (issue 17), printed beside its goal and written to docs/performance.md.

1. **Start-up.** Every non-interactive command against `python -c "import typer"` (the least
   any typer CLI can cost): median wall time of BENCH_STARTUP_RUNS runs (default 15), all
   commands interleaved, with a warm cache (a first run has filled it). Goal: 2.0x.
2. **Minimal case files.** BENCH_MINIMAL files (default 5000) with only `framework` and
   `indicators`: `score DIR --format json` against `python bench/floor.py DIR` (open and
   `tomllib.load` every file, nothing else). Goal: 1.5x.
3. **Full records.** Seeded realistic case records, BENCH_SIZES (default 1000,10000,100000):
   the same floor against `score`, `score --jobs 2` and `score --jobs auto`. Goals: 1.3x at
   10,000; peak memory flat from the smallest size to the largest; `--jobs` below the
   single-process floor at 100,000.
4. **Interview** (bench/interview.py, pexpect): time to the first question, and from a key
   to the next screen, on Telford & Wrekin with its exploitation section; and from each key
   typed into the whole-framework search (issue 15) to its hits on screen. Goals: 0.5 s, 50 ms.
5. **Interview prompts** (bench/prompts.py, issue 15): the screens that wait for input in
   every recorded interview of `transcripts/`, beside the count before the faster interview.
   Goals: at most 20 each, median at most 12.

Batch figures are the best wall time of BENCH_REPEAT runs (default 3; 1 at 100,000 and
more), interleaved; peak memory is the largest resident set of the process or any worker.
BENCH_PARTS (default startup,minimal,records,interview,prompts) runs a subset.
"""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from corpus import write_case, write_corpus, write_minimal  # noqa: E402
from prompts import section as prompts_section  # noqa: E402

PYTHON = sys.executable
CLI = shutil.which("thresholdcli", path=str(Path(sys.executable).parent)) or "thresholdcli"
CHUNK = 1000  # records per generation task; each has its own seed, so any -j gives one corpus
SEED = 7
STARTUP_GOAL = 2.0
MINIMAL_GOAL = 1.5
RECORDS_GOAL = 1.3
RECORDS_GOAL_SIZE = 10_000
JOBS_GOAL_SIZE = 100_000
FLAT_MEMORY = 1.25  # "flat": the largest corpus peaks at most 25% above the smallest
FIRST_QUESTION_GOAL = 0.5
KEY_GOAL = 0.050
REPRODUCE = (
    "make bench    # or e.g.: BENCH_PARTS=startup,minimal BENCH_SIZES=1000 "
    ".venv/bin/python bench/run.py"
)


@dataclass(frozen=True)
class Timing:
    seconds: float  # wall clock
    cpu: float  # user + system, the process and its workers
    peak_mib: float
    exit_code: int


def run_once(command: Sequence[str], env: dict[str, str]) -> Timing:
    """Run `command` with stdout to /dev/null; wall time, CPU and peak RSS of it and its
    children."""
    with open(os.devnull, "wb") as sink:
        start = time.perf_counter()
        process = subprocess.Popen(list(command), stdout=sink, stderr=sink, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    return Timing(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, code)


def verdict(met: bool) -> str:
    return "met" if met else "NOT met"


# --- 1. start-up ------------------------------------------------------------------------


@dataclass(frozen=True)
class Startup:
    label: str
    wall: float  # median seconds
    cpu: float  # median seconds


def startup_commands(cases: Path, case_ref: str) -> list[tuple[str, list[str]]]:
    cases_dir = ["--cases-dir", str(cases)]
    return [
        ("`--help`", ["--help"]),
        ("`--version`", ["--version"]),
        ("`frameworks list`", ["frameworks", "list"]),
        ("`frameworks show staffordshire-2023`", ["frameworks", "show", "staffordshire-2023"]),
        ("`card hull --level 2` (terminal)", ["card", "hull", "--level", "2"]),
        (
            '`contacts staffordshire-2023 --at "2026-11-23 10:00"`',
            ["contacts", "staffordshire-2023", "--at", "2026-11-23 10:00"],
        ),
        (
            "`map --from stoke-on-trent --level 4 --to staffordshire-2023`",
            ["map", "--from", "stoke-on-trent", "--level", "4", "--to", "staffordshire-2023"],
        ),
        (f"`history {case_ref}`", ["history", case_ref, *cases_dir]),
        (f"`diff {case_ref}`", ["diff", case_ref, *cases_dir]),
    ]


def measure_startup(env: dict[str, str], runs: int) -> tuple[Startup, list[Startup], float]:
    """(the floor, each command, a cold `card` run), medians of `runs` interleaved runs."""
    with tempfile.TemporaryDirectory(prefix="thresholdcli-bench-startup-") as tmp:
        cases = Path(tmp) / "cases"
        case_ref = write_case(cases)
        cold_env = {**env, "THRESHOLDCLI_CACHE_DIR": str(Path(tmp) / "cold-cache")}
        cold = run_once([CLI, "card", "hull", "--level", "2"], cold_env).seconds
        floor_cmd = [PYTHON, "-c", "import typer"]
        commands = [(label, [CLI, *args]) for label, args in startup_commands(cases, case_ref)]
        for _, command in commands:  # warm the cache (frameworks, this year's bank holidays)
            if run_once(command, env).exit_code != 0:
                raise SystemExit(f"{' '.join(command)} failed")
        everything = [("floor", floor_cmd), *commands]
        found: dict[str, list[Timing]] = {label: [] for label, _ in everything}
        for _ in range(runs):
            for label, command in everything:
                found[label].append(run_once(command, env))
    medians = [
        Startup(
            label,
            statistics.median(t.seconds for t in found[label]),
            statistics.median(t.cpu for t in found[label]),
        )
        for label, _ in everything
    ]
    return medians[0], medians[1:], cold


# --- 2 and 3. batches ---------------------------------------------------------------------


@dataclass(frozen=True)
class Batch:
    size: int
    floor: Timing
    score: Timing
    jobs2: Timing | None = None
    jobs_auto: Timing | None = None
    tomli_loop: Timing | None = None  # the floor's loop with thresholdcli's TOML reader

    @property
    def ratio(self) -> float:
        return self.score.seconds / self.floor.seconds

    @property
    def cpu_ratio(self) -> float:
        return self.score.cpu / self.floor.cpu


def _chunk(args: tuple[str, int, int]) -> int:
    folder, start, count = args
    return len(write_corpus(Path(folder), count, seed=SEED * 1_000_003 + start, first=start))


def make_records(folder: Path, size: int) -> None:
    tasks = [(str(folder), start, min(CHUNK, size - start)) for start in range(0, size, CHUNK)]
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        written = sum(pool.map(_chunk, tasks))
    assert written == size, (written, size)


def measure_batch(
    size: int,
    make: Callable[[Path, int], None],
    env: dict[str, str],
    repeat: int,
    with_jobs: bool,
) -> Batch:
    with tempfile.TemporaryDirectory(prefix="thresholdcli-bench-batch-") as tmp:
        corpus = Path(tmp) / "cases"
        started = time.perf_counter()
        make(corpus, size)
        print(f"  {size:,} files written in {time.perf_counter() - started:.1f}s", flush=True)
        commands = {
            "floor": [PYTHON, str(HERE / "floor.py"), str(corpus)],
            "tomli_loop": [PYTHON, str(HERE / "floor.py"), str(corpus), "tomli"],
            "score": [CLI, "score", str(corpus), "--format", "json"],
        }
        if with_jobs:
            commands["jobs2"] = [*commands["score"], "--jobs", "2"]
            commands["jobs_auto"] = [*commands["score"], "--jobs", "auto"]
        run_once(commands["floor"], env)  # warm the page cache
        found: dict[str, list[Timing]] = {name: [] for name in commands}
        for _ in range(repeat):  # interleaved, so drift in machine load hits all alike
            for name, command in commands.items():
                timing = run_once(command, env)
                if name not in ("floor", "tomli_loop") and timing.exit_code != 0:
                    raise SystemExit(f"thresholdcli score exited {timing.exit_code}")
                found[name].append(timing)
    best = {name: min(runs, key=lambda t: t.seconds) for name, runs in found.items()}
    return Batch(
        size,
        best["floor"],
        best["score"],
        best.get("jobs2"),
        best.get("jobs_auto"),
        best.get("tomli_loop"),
    )


def repeats_for(size: int) -> int:
    return int(os.environ.get("BENCH_REPEAT", "1" if size >= 100_000 else "3"))


# --- the report ---------------------------------------------------------------------------


@dataclass
class Report:
    ran: str
    loads: tuple[float, float] = (0.0, 0.0)
    startup: tuple[Startup, list[Startup], float] | None = None
    minimal: list[Batch] | None = None
    records: list[Batch] | None = None
    interview: object | None = None  # bench/interview.py InterviewTiming


def startup_lines(floor: Startup, rows: list[Startup], cold: float) -> list[str]:
    lines = [
        "## 1. Start-up: every non-interactive command within "
        f"{STARTUP_GOAL:.1f}× `python -c \"import typer\"`",
        "",
        f"Median of {os.environ.get('BENCH_STARTUP_RUNS', '15')} runs each, all commands "
        "interleaved, stdout to /dev/null, a warm cache. CPU is user + system time (steadier "
        "than wall time when the machine is shared).",
        "",
        "| command | wall | × floor | CPU | CPU × floor | goal |",
        "|---|---:|---:|---:|---:|---|",
        f'| floor: `python -c "import typer"` | {floor.wall * 1000:.0f} ms | 1.00× | '
        f"{floor.cpu * 1000:.0f} ms | 1.00× | |",
    ]
    for row in rows:
        ratio, cpu_ratio = row.wall / floor.wall, row.cpu / floor.cpu
        goal = (
            f"≤ {STARTUP_GOAL:.1f}×: {verdict(ratio <= STARTUP_GOAL)} "
            f"(CPU: {verdict(cpu_ratio <= STARTUP_GOAL)})"
        )
        lines.append(
            f"| {row.label} | {row.wall * 1000:.0f} ms | {ratio:.2f}× | {row.cpu * 1000:.0f} ms | "
            f"{cpu_ratio:.2f}× | {goal} |"
        )
    lines += [
        "",
        f"A first run with an empty cache (`card hull --level 2`, which validates the five "
        f"framework files and stores them): {cold * 1000:.0f} ms.",
        "",
    ]
    return lines


def batch_rows(results: list[Batch], jobs: bool) -> list[str]:
    head = (
        "| files | floor | score | score / floor | CPU floor | CPU score | CPU ratio |"
        " tomli loop | score / tomli loop |"
    )
    rule = "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    if jobs:
        head += " --jobs 2 | jobs 2 / floor | --jobs auto | auto / floor |"
        rule += "---:|---:|---:|---:|"
    head += " peak MiB floor | peak MiB score |"
    rule += "---:|---:|"
    if jobs:
        head += " peak MiB jobs auto |"
        rule += "---:|"
    lines = [head, rule]
    for r in results:
        line = (
            f"| {r.size:,} | {r.floor.seconds:.2f} s | {r.score.seconds:.2f} s | {r.ratio:.2f}× | "
            f"{r.floor.cpu:.2f} s | {r.score.cpu:.2f} s | {r.cpu_ratio:.2f}× |"
        )
        if r.tomli_loop is not None:
            line += (
                f" {r.tomli_loop.seconds:.2f} s | {r.score.seconds / r.tomli_loop.seconds:.2f}× |"
            )
        else:
            line += " | |"
        if jobs and r.jobs2 is not None and r.jobs_auto is not None:
            line += (
                f" {r.jobs2.seconds:.2f} s | {r.jobs2.seconds / r.floor.seconds:.2f}× |"
                f" {r.jobs_auto.seconds:.2f} s | {r.jobs_auto.seconds / r.floor.seconds:.2f}× |"
            )
        line += f" {r.floor.peak_mib:.0f} | {r.score.peak_mib:.0f} |"
        if jobs and r.jobs_auto is not None:
            line += f" {r.jobs_auto.peak_mib:.0f} |"
        lines.append(line)
    return lines


def minimal_lines(results: list[Batch]) -> list[str]:
    lines = [
        f"## 2. Minimal case files: `score DIR --format json` within {MINIMAL_GOAL}× the parse "
        "floor",
        "",
        "Files with only `framework` and `indicators` (docs/case-file.md), zero to six "
        "indicators of one shipped framework each. *Floor*: `python bench/floor.py DIR`, a "
        "plain loop that opens each file and runs `tomllib.load`, nothing else. Best wall time "
        "of the repeats. *tomli loop*: the same loop with tomli, the TOML reader thresholdcli "
        "uses (tomllib's upstream, compiled where a wheel exists): the goal is against "
        "tomllib, as the issue sets it, and this column shows how much of the ratio the faster "
        "reader explains.",
        "",
        *batch_rows(results, jobs=False),
        "",
    ]
    for r in results:
        lines.append(
            f"- {r.size:,} files: {r.ratio:.2f}× (CPU {r.cpu_ratio:.2f}×), goal "
            f"≤ {MINIMAL_GOAL}×: {verdict(r.ratio <= MINIMAL_GOAL)}."
        )
    return [*lines, ""]


def records_lines(results: list[Batch]) -> list[str]:
    cpus = _cpus()
    lines = [
        "## 3. Full case records",
        "",
        "A seeded corpus of realistic records (one to five assessments each, every shipped "
        "framework, written by the records store). Same floor. `--jobs auto` is "
        f"{cpus} process(es) here.",
        "",
        *batch_rows(results, jobs=True),
        "",
    ]
    at_goal = next((r for r in results if r.size == RECORDS_GOAL_SIZE), None)
    if at_goal is not None:
        lines.append(
            f"- {RECORDS_GOAL_SIZE:,} records: {at_goal.ratio:.2f}× "
            f"(CPU {at_goal.cpu_ratio:.2f}×), goal ≤ {RECORDS_GOAL}×: "
            f"{verdict(at_goal.ratio <= RECORDS_GOAL)}."
        )
    if len(results) > 1:
        low, high = results[0], results[-1]
        growth = high.score.peak_mib / low.score.peak_mib
        lines.append(
            f"- Peak memory {low.size:,} → {high.size:,} records: {low.score.peak_mib:.0f} → "
            f"{high.score.peak_mib:.0f} MiB ({growth:.2f}×), goal flat (at most "
            f"{FLAT_MEMORY:.2f}×): {verdict(growth <= FLAT_MEMORY)}."
        )
    at_jobs = next((r for r in results if r.size == JOBS_GOAL_SIZE), None)
    if at_jobs is not None and at_jobs.jobs2 is not None and at_jobs.jobs_auto is not None:
        for name, timing in (("--jobs 2", at_jobs.jobs2), ("--jobs auto", at_jobs.jobs_auto)):
            ratio = timing.seconds / at_jobs.floor.seconds
            lines.append(
                f"- {JOBS_GOAL_SIZE:,} records, `{name}`: {ratio:.2f}× the single-process "
                f"floor, goal below 1×: {verdict(ratio < 1)}."
            )
    measured = {r.size for r in results}
    missing = [s for s in (1000, RECORDS_GOAL_SIZE, JOBS_GOAL_SIZE) if s not in measured]
    if missing:
        lines.append("- Not run this time: " + ", ".join(f"{s:,}" for s in missing) + " records.")
    return [*lines, ""]


def interview_lines(timing: object) -> list[str]:
    first = timing.first_question_median  # type: ignore[attr-defined]
    key, p90, worst = timing.key_median, timing.key_p90, timing.key_max  # type: ignore[attr-defined]
    screens = len(timing.key_to_screen)  # type: ignore[attr-defined]
    runs = len(timing.first_question)  # type: ignore[attr-defined]
    return [
        "## 4. Interview (Telford & Wrekin with the exploitation section)",
        "",
        "In a pseudo-terminal (pexpect), warm cache. *First question*: from starting "
        "`thresholdcli interview --framework telford-wrekin` to the first question on screen, "
        f"median of {runs} runs. *Key to next screen*: from Enter on a domain screen to "
        f"the next screen's question on screen, over {screens} screens.",
        "",
        "| measure | time | goal |",
        "|---|---:|---|",
        f"| first question (median) | {first * 1000:.0f} ms | "
        f"≤ {FIRST_QUESTION_GOAL * 1000:.0f} ms: {verdict(first <= FIRST_QUESTION_GOAL)} |",
        f"| key to next screen (median) | {key * 1000:.0f} ms | ≤ {KEY_GOAL * 1000:.0f} ms: "
        f"{verdict(key <= KEY_GOAL)} |",
        f"| key to next screen (90th percentile) | {p90 * 1000:.0f} ms | |",
        f"| key to next screen (slowest) | {worst * 1000:.0f} ms | |",
        *search_lines(timing),
        "",
    ]


def search_lines(timing: object) -> list[str]:
    """A key typed into the search of the whole framework (issue 15), to the screen showing it."""
    keys = getattr(timing, "search_key", [])
    if not keys:
        return []
    median, worst = timing.search_median, timing.search_max  # type: ignore[attr-defined]
    return [
        f"| a key typed in the search, to its hits on screen (median of {len(keys)}) | "
        f"{median * 1000:.0f} ms | ≤ {KEY_GOAL * 1000:.0f} ms: {verdict(median <= KEY_GOAL)} |",
        f"| a key typed in the search (slowest) | {worst * 1000:.0f} ms | |",
        "",
        "*A key typed in the search*: Ctrl-F on the first domain, then each key of "
        '"bruis baby", from the key to the screen showing what is typed with its hits (the '
        "whole framework searched each time), read on a pyte screen.",
    ]


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def render(report: Report) -> str:
    lines = [
        "# Performance",
        "",
        "Measured by `make bench` (`bench/run.py`); this file is rewritten by each run. Every "
        "goal is a ratio to a floor measured in the same run, so the figures compare across "
        "machines; absolute times do not.",
        "",
        "```sh",
        REPRODUCE,
        "```",
        "",
        f"Run {report.ran} on {platform.platform()}, {os.cpu_count()} CPU(s) ({_cpus()} usable), "
        f"Python {platform.python_version()}. Load average (1 min) {report.loads[0]:.1f} at the "
        f"start, {report.loads[1]:.1f} at the end: {_load_note(report.loads)}",
        "",
    ]
    if report.startup is not None:
        lines += startup_lines(*report.startup)
    if report.minimal is not None:
        lines += minimal_lines(report.minimal)
    if report.records is not None:
        lines += records_lines(report.records)
    if report.interview is not None:
        lines += interview_lines(report.interview)
    lines += [
        "## Where the time goes",
        "",
        "- A run's fixed cost is Python and typer (the floor), then what the command needs. "
        "The garbage collector is paused while the program loads (typer included) and what "
        "was loaded is frozen before the command runs (`entry.py`), which is why "
        "`--version` costs less than the floor's bare `import typer`. No reading command "
        "imports pydantic when its data is valid: frameworks come from the cache as a "
        "read-only view, and `history`, `diff`, `rescore` and `referral` read a valid record "
        "without pydantic too (`records/view.py`; anything it does not take exactly as the "
        "model would goes to the model). Typer builds only the command named, and plain "
        "argument values skip typer's pydantic conversion.",
        "- `--help` (and a group's help) is drawn by `render/help.py`, byte for byte as "
        "typer draws it, without typer's help module (which imports rich's Markdown and "
        "traceback modules); any text that is not plain prose is left to typer.",
        "- What is left over the floor is mostly rich: importing its console, table and text "
        "for a table on screen, then drawing it. `card` draws the most (grid tables for "
        "every list); `diff` draws without rich's table module.",
        "- Scoring minimal case files: the fixed cost of a run (Python, typer, the command, "
        "one framework from the cache: about 0.12 s) is itself about half of the parse floor "
        "at 5,000 files. Files are read with tomli, compiled, about three times faster than "
        "tomllib on a two-line file (the *tomli loop* column is the floor's loop with it), "
        "so reading and parsing alone would put a run at about 1.1×; the 1.5× goal then "
        "leaves about 20 µs a file for the checks, the scorer and the JSON row, which take "
        "about 50 µs now: the scorer (building its result classes), the JSON row (joined "
        "from pieces each framework shares, `batch/row_text.py`), the record view and "
        "safe reading (a regular file, within the size limit). Full records are read by the "
        "model (faster than the view per record) and, with tomli, cost less than the "
        "tomllib floor; against the tomli loop they are at about 1.4×.",
        "- The benchmark gives the cache a folder of its own (THRESHOLDCLI_CACHE_DIR); a "
        "practitioner's run finds the platform's cache folder with `platformdirs`, whose "
        "import adds about 0.06× the floor to every command.",
        "- Bank holidays come from the `holidays` package once per year and install, then "
        "from the cache.",
        "- thresholdcli's modules are byte-compiled before timing, as installing the wheel "
        "does (a checkout run with PYTHONDONTWRITEBYTECODE would compile them on every run).",
        "",
    ]
    return "\n".join(lines)


def _load_note(loads: tuple[float, float]) -> str:
    if max(loads) > _cpus():
        return (
            "above the CPU count, other work shared the machine and wall times are inflated; "
            "the CPU columns are then the steadier comparison."
        )
    return "below the CPU count, a quiet machine."


def _sizes(name: str, default: str) -> list[int]:
    raw = os.environ.get(name, default)
    try:
        return [int(part) for part in raw.split(",") if part.strip()]
    except ValueError:
        raise SystemExit(f"{name} must be numbers separated by commas, not {raw!r}") from None


def byte_compile() -> None:
    """Byte-compile thresholdcli, as installing a wheel does: a checkout run with
    PYTHONDONTWRITEBYTECODE would otherwise compile every module from source on every run,
    which no installed copy does (typer, the floor, is compiled in site-packages)."""
    package = ROOT / "thresholdcli"
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(package)], check=True)


def main() -> None:
    parts = set(
        os.environ.get("BENCH_PARTS", "startup,minimal,records,interview,prompts").split(",")
    )
    byte_compile()
    report = Report(ran=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"))
    load_start = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="thresholdcli-bench-cache-") as cache:
        # A cache of its own (not the user's), filled before anything is timed.
        os.environ["THRESHOLDCLI_CACHE_DIR"] = str(Path(cache) / "thresholdcli")
        env = {**os.environ, "NO_COLOR": "1"}
        for warm in (["frameworks", "list"], ["contacts", "hull", "--at", "2026-11-23 10:00"]):
            run_once([CLI, *warm], env)
        if "startup" in parts:
            runs = int(os.environ.get("BENCH_STARTUP_RUNS", "15"))
            print(f"start-up ({runs} runs of each command) …", flush=True)
            report.startup = measure_startup(env, runs)
            floor, rows, _ = report.startup
            for row in rows:
                print(f"  {row.label}: {row.wall / floor.wall:.2f}× (goal {STARTUP_GOAL}×)")
        if "minimal" in parts:
            report.minimal = []
            for size in _sizes("BENCH_MINIMAL", "5000"):
                print(f"{size:,} minimal case files …", flush=True)
                found = measure_batch(size, write_minimal, env, repeats_for(size), False)
                report.minimal.append(found)
                print(f"  {found.ratio:.2f}× (CPU {found.cpu_ratio:.2f}×; goal {MINIMAL_GOAL}×)")
        if "records" in parts:
            report.records = []
            for size in _sizes("BENCH_SIZES", "1000,10000,100000"):
                print(f"{size:,} full records …", flush=True)
                found = measure_batch(size, make_records, env, repeats_for(size), True)
                report.records.append(found)
                assert found.jobs2 is not None and found.jobs_auto is not None
                print(
                    f"  {found.ratio:.2f}× (CPU {found.cpu_ratio:.2f}×), peak "
                    f"{found.score.peak_mib:.0f} MiB; --jobs 2 "
                    f"{found.jobs2.seconds / found.floor.seconds:.2f}×, --jobs auto "
                    f"{found.jobs_auto.seconds / found.floor.seconds:.2f}× the floor",
                    flush=True,
                )
        if "interview" in parts:
            from interview import measure as measure_interview

            runs = int(os.environ.get("BENCH_INTERVIEW_RUNS", "5"))
            print(f"interview ({runs} runs) …", flush=True)
            timing = measure_interview(CLI, runs, env)
            report.interview = timing
            print(
                f"  first question {timing.first_question_median * 1000:.0f} ms (goal "
                f"{FIRST_QUESTION_GOAL * 1000:.0f} ms); key to next screen median "
                f"{timing.key_median * 1000:.0f} ms (goal {KEY_GOAL * 1000:.0f} ms)"
            )
    report.loads = (load_start, os.getloadavg()[0])
    out = ROOT / "docs" / "performance.md"
    prompts = prompts_section() if "prompts" in parts else ""
    if prompts:
        print(prompts)
    out.write_text(render(report) + ("\n" + prompts if prompts else ""), encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

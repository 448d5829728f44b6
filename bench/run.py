"""`make bench`: how fast `thresholdcli score` is against the plain TOML parse floor.

For each corpus size (BENCH_SIZES, default 1000,10000,100000) it writes a seeded corpus of
realistic case records across every shipped framework into a temporary folder, then times,
each as its own process with stdout to /dev/null:

  floor    python bench/floor.py DIR   (open + tomllib.load every file, nothing else)
  score    thresholdcli score DIR --format json
  jobs 2   thresholdcli score DIR --format json --jobs 2

Each is run BENCH_REPEAT times (default 3; 1 for 100k and up), interleaved, and the best
wall time is kept. Peak memory is the largest resident set of the measured process or any
of its workers (wait4 rusage). It also times startup: `thresholdcli --version` against
`python -c "import typer"`. Results go to stdout and to docs/performance.md.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from corpus import write_corpus  # noqa: E402

PYTHON = sys.executable
CLI = str(Path(sys.executable).parent / "thresholdcli")
CHUNK = 1000  # records per generation task; each has its own seed, so any -j gives one corpus
SEED = 7
TARGET_RATIO = 1.5
NOTE = (
    "Fixed costs are paid once per run (about 0.6 s of CPU: importing typer and pydantic, "
    "and validating every shipped framework file), so small corpora show a higher ratio "
    "than large ones; per file, scoring adds full record validation, the scorer and the "
    "JSON row to the parse."
)
REPRODUCE = "make bench    # or: BENCH_SIZES=1000,10000 .venv/bin/python bench/run.py"


@dataclass(frozen=True)
class Timing:
    seconds: float  # wall clock
    cpu: float  # user + system, the process and its workers
    peak_mib: float
    exit_code: int


@dataclass(frozen=True)
class SizeResult:
    size: int
    floor: Timing
    score: Timing
    jobs2: Timing

    @property
    def ratio(self) -> float:
        return self.score.seconds / self.floor.seconds

    @property
    def cpu_ratio(self) -> float:
        return self.score.cpu / self.floor.cpu

    @property
    def jobs2_ratio(self) -> float:
        return self.jobs2.seconds / self.floor.seconds


def run_once(command: list[str]) -> Timing:
    """Run `command` with stdout to /dev/null; wall time and peak RSS of it and its children."""
    with open(os.devnull, "wb") as sink:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=sink, env={**os.environ, "NO_COLOR": "1"})
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    return Timing(elapsed, cpu, usage.ru_maxrss / 1024, process.returncode)


def _chunk(args: tuple[str, int, int]) -> int:
    folder, start, count = args
    return len(write_corpus(Path(folder), count, seed=SEED * 1_000_003 + start, first=start))


def make_corpus(folder: Path, size: int) -> None:
    tasks = [(str(folder), start, min(CHUNK, size - start)) for start in range(0, size, CHUNK)]
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        written = sum(pool.map(_chunk, tasks))
    assert written == size, (written, size)


def measure(size: int, repeat: int) -> SizeResult:
    with tempfile.TemporaryDirectory(prefix="thresholdcli-bench-") as tmp:
        corpus = Path(tmp) / "cases"
        started = time.perf_counter()
        make_corpus(corpus, size)
        print(f"  corpus of {size} records written in {time.perf_counter() - started:.1f}s")
        floor_cmd = [PYTHON, str(HERE / "floor.py"), str(corpus)]
        score_cmd = [CLI, "score", str(corpus), "--format", "json"]
        jobs_cmd = [*score_cmd, "--jobs", "2"]
        run_once(floor_cmd)  # warm the page cache
        floors, scores, jobs = [], [], []
        for _ in range(repeat):  # interleaved, so drift in machine load hits all three
            floors.append(run_once(floor_cmd))
            scores.append(run_once(score_cmd))
            jobs.append(run_once(jobs_cmd))
        for timing in (*scores, *jobs):
            if timing.exit_code != 0:
                raise SystemExit(f"thresholdcli score exited {timing.exit_code} on the corpus")
    pick = lambda runs: min(runs, key=lambda t: t.seconds)  # noqa: E731
    return SizeResult(size, pick(floors), pick(scores), pick(jobs))


def startup(repeat: int = 15) -> tuple[float, float]:
    def median(command: list[str]) -> float:
        run_once(command)
        return statistics.median(run_once(command).seconds for _ in range(repeat))

    return median([CLI, "--version"]), median([PYTHON, "-c", "import typer"])


def sizes_from_env() -> list[int]:
    raw = os.environ.get("BENCH_SIZES", "1000,10000,100000")
    try:
        return [int(part) for part in raw.split(",") if part.strip()]
    except ValueError:
        raise SystemExit(f"BENCH_SIZES must be numbers separated by commas, not {raw!r}") from None


def report(
    results: list[SizeResult],
    start_cli: float,
    start_typer: float,
    ran: str,
    loads: tuple[float, float],
) -> str:
    lines = [
        "# Performance",
        "",
        "Measured by `make bench` (`bench/run.py`); this file is rewritten by each run.",
        "",
        "Reproduce:",
        "",
        "```sh",
        REPRODUCE,
        "```",
        "",
        f"Run {ran} on {platform.platform()}, {os.cpu_count()} CPU(s), "
        f"Python {platform.python_version()}. Load average (1 min) {loads[0]:.1f} at the start, "
        f"{loads[1]:.1f} at the end: when it is above the CPU count, other work shares the "
        "machine and wall times are inflated; the CPU columns are the steadier comparison.",
        "",
        "## Batch scoring",
        "",
        "A seeded corpus of realistic case records (1 to 5 assessments each, across every "
        "shipped framework, written by the records store) in a temporary folder. Each command "
        "runs as its own process with stdout to /dev/null; best wall time of the repeats "
        "(interleaved). *Floor*: `python bench/floor.py DIR`, a plain loop that opens each file "
        "and runs `tomllib.load`, nothing else. *Score*: `thresholdcli score DIR --format json`. "
        "CPU is user + system time of the process and its workers: steadier than wall time "
        "when the machine is shared. "
        "Peak memory: largest resident set of the process or any of its workers.",
        "",
        "| records | floor | score | score / floor | CPU floor | CPU score | CPU ratio "
        "| --jobs 2 | jobs 2 / floor | peak MiB floor | peak MiB score | peak MiB jobs 2 |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r.size:,} | {r.floor.seconds:.2f} s | {r.score.seconds:.2f} s | "
            f"{r.ratio:.2f}× | {r.floor.cpu:.2f} s | {r.score.cpu:.2f} s | {r.cpu_ratio:.2f}× | "
            f"{r.jobs2.seconds:.2f} s | {r.jobs2_ratio:.2f}× | "
            f"{r.floor.peak_mib:.0f} | {r.score.peak_mib:.0f} | {r.jobs2.peak_mib:.0f} |"
        )
    measured = {r.size for r in results}
    missing = [s for s in (1000, 10000, 100000) if s not in measured]
    lines += ["", "Targets:", ""]
    ten_k = next((r for r in results if r.size == 10000), None)
    if ten_k is not None:
        verdict = {
            (True, True): "met",
            (False, True): "met on CPU time, not on wall time",
            (True, False): "met on wall time, not on CPU time",
            (False, False): "NOT met",
        }[(ten_k.ratio <= TARGET_RATIO, ten_k.cpu_ratio <= TARGET_RATIO)]
        lines.append(
            f"- 10k records, score at most {TARGET_RATIO}× the floor: "
            f"{ten_k.ratio:.2f}× wall, {ten_k.cpu_ratio:.2f}× CPU ({verdict})."
        )
    hundred_k = next((r for r in results if r.size == 100000), None)
    if hundred_k is not None:
        verdict = "met" if hundred_k.jobs2.seconds < hundred_k.floor.seconds else "NOT met"
        lines.append(
            f"- 100k records, `--jobs 2` faster than the single-process floor: "
            f"{hundred_k.jobs2_ratio:.2f}× ({verdict})."
        )
    if len(results) > 1:
        low, high = results[0], results[-1]
        lines.append(
            f"- Peak memory as the corpus grows {low.size:,} → {high.size:,}: "
            f"{low.score.peak_mib:.0f} → {high.score.peak_mib:.0f} MiB (score)."
        )
    if missing:
        lines.append("- Not run this time: " + ", ".join(f"{s:,}" for s in missing) + " records.")
    lines += ["", NOTE]
    lines += [
        "",
        "## Startup",
        "",
        "Median wall time of 15 runs.",
        "",
        "| command | time |",
        "|---|---:|",
        f"| `thresholdcli --version` | {start_cli * 1000:.0f} ms |",
        f'| `python -c "import typer"` | {start_typer * 1000:.0f} ms |',
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    sizes = sizes_from_env()
    ran = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    load_start = os.getloadavg()[0]
    results = []
    for size in sizes:
        repeat = int(os.environ.get("BENCH_REPEAT", "1" if size >= 100000 else "3"))
        print(f"{size} records ({repeat} run(s) each) …", flush=True)
        result = measure(size, repeat)
        results.append(result)
        print(
            f"  floor {result.floor.seconds:.2f}s ({result.floor.peak_mib:.0f} MiB)  "
            f"score {result.score.seconds:.2f}s ({result.score.peak_mib:.0f} MiB)  "
            f"ratio {result.ratio:.2f}× (CPU {result.cpu_ratio:.2f}×)  "
            f"--jobs 2 {result.jobs2.seconds:.2f}s "
            f"({result.jobs2_ratio:.2f}× floor, {result.jobs2.peak_mib:.0f} MiB)",
            flush=True,
        )
    start_cli, start_typer = startup()
    print(
        f"startup: thresholdcli --version {start_cli * 1000:.0f} ms, "
        f"import typer {start_typer * 1000:.0f} ms"
    )
    out = ROOT / "docs" / "performance.md"
    loads = (load_start, os.getloadavg()[0])
    out.write_text(report(results, start_cli, start_typer, ran, loads), encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

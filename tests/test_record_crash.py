"""Nothing lost: saves killed with SIGKILL at random points, and concurrent saves.

The crash test forks a child that appends assessments in a loop and reports "saved N"
after each save, kills it after a random short delay, then checks the case file: it always
parses, and holds every assessment that was reported saved. A few trials use a fresh
interpreter (tests/append_loop.py) in case forking hides something.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from thresholdcli.errors import ConcurrentSaveError
from thresholdcli.records import store
from thresholdcli.records.model import Assessment

HERE = Path(__file__).parent
HELPER = HERE / "append_loop.py"
FORK_TRIALS = 200
SCRIPT_TRIALS = 5
TRIALS_PER_CASE = 10  # a new case file now and then keeps each save cheap

pytestmark = pytest.mark.slow


def template(tag: str) -> Assessment:
    first = store.load_record(HERE / "golden" / "C-200.toml").assessments[0]
    return first.model_copy(update={"assessor_role": tag})


def reported(lines: str) -> int:
    """The highest assessment number a child said it had saved (0 if none)."""
    numbers = [int(line.split()[1]) for line in lines.splitlines() if line.startswith("saved ")]
    return max(numbers, default=0)


def check_case(cases: Path, case_ref: str, saved: int) -> int:
    path = cases / f"{case_ref}.toml"
    if not path.exists():
        assert saved == 0, "an assessment was reported saved but there is no file"
        return 0
    record = store.load_record(path)  # always parses: never a torn file
    count = len(record.assessments)
    assert count >= saved, f"reported {saved} saved, file holds {count}"
    assert [a.number for a in record.assessments] == list(range(1, count + 1))
    assert oct(path.stat().st_mode & 0o777) == oct(0o600)
    return count


def fork_and_kill(
    cases: Path, case_ref: str, assessment: Assessment, delay: float, after_a_save: bool
) -> str:
    """Kill the child `delay` seconds after it starts (or after its first save)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: append until killed
        os.close(read_end)
        try:
            while True:
                record = store.append_assessment(cases, case_ref, assessment)
                os.write(write_end, f"saved {record.latest.number}\n".encode())
        except BaseException:
            os._exit(3)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        first = pipe.readline() if after_a_save else ""
        time.sleep(delay)
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        output = first + pipe.read()
    assert os.WIFSIGNALED(status), f"the child stopped by itself (status {status})"
    return output


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_sigkill_during_repeated_saves_never_loses_a_reported_save(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    chance = random.Random(20261123)
    assessment = template("crash")
    counts: dict[str, int] = {}
    torn = 0
    for trial in range(FORK_TRIALS):
        case_ref = f"CRASH-{trial // TRIALS_PER_CASE}"
        before = counts.get(case_ref, 0)
        delay = chance.uniform(0, 0.05)
        output = fork_and_kill(cases, case_ref, assessment, delay, after_a_save=trial % 2 == 0)
        saved = reported(output)
        assert saved == 0 or saved > before
        torn += any(cases.glob(f".{case_ref}.toml.*.tmp"))  # killed mid-write
        counts[case_ref] = check_case(cases, case_ref, saved)
    assert sum(counts.values()) >= FORK_TRIALS // 2  # every other child saved at least once
    assert torn > 0, "no kill landed during a write: test is vacuous"


def test_sigkill_of_a_fresh_interpreter_mid_save(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    chance = random.Random(6)
    for _ in range(SCRIPT_TRIALS):
        child = subprocess.Popen(
            [sys.executable, str(HELPER), str(cases), "CRASH-SCRIPT", "crash"],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        first = child.stdout.readline()  # wait for one save, then kill at a random point
        time.sleep(chance.uniform(0, 0.03))
        child.send_signal(signal.SIGKILL)
        rest = child.stdout.read()
        child.wait()
        assert child.returncode == -signal.SIGKILL
        check_case(cases, "CRASH-SCRIPT", reported(first + rest))


def test_two_processes_saving_one_case_lose_nothing(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    each = 12
    children = [
        subprocess.Popen(
            [sys.executable, str(HELPER), str(cases), "SHARED", tag, str(each)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for tag in ("first", "second")
    ]
    outputs = [child.communicate(timeout=120) for child in children]
    assert [child.returncode for child in children] == [0, 0], outputs
    record = store.load_record(cases / "SHARED.toml")
    assert [a.number for a in record.assessments] == list(range(1, 2 * each + 1))
    roles = [a.assessor_role for a in record.assessments]
    assert roles.count("first") == each and roles.count("second") == each
    saved = sorted(int(line.split()[1]) for out, _ in outputs for line in out.splitlines())
    assert saved == list(range(1, 2 * each + 1)), "each number was reported by one process"


def test_a_save_that_cannot_get_the_lock_refuses_clearly(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    with (
        store.case_lock(cases, "C-1"),
        pytest.raises(ConcurrentSaveError, match="being saved by another process"),
        store.case_lock(cases, "C-1", wait=0),
    ):
        pass
    with store.case_lock(cases, "C-1", wait=0):  # released: free again
        pass

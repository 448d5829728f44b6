"""Batch scoring: `thresholdcli score PATH…` over files, folders and stdin."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thresholdcli.batch import output as batch_output
from thresholdcli.batch import score as batch
from thresholdcli.framework import loader
from thresholdcli.records import store
from thresholdcli.records.model import (
    Assessment,
    CaseRecord,
    Decision,
    FrameworkPin,
    Suggestion,
    TickedIndicator,
)
from thresholdcli.safe_text import shown

GOOD = ("a-record.toml", "b-minimal.toml", "c-pinned.toml")
BAD = {
    "d-invalid.toml": "invalid TOML",
    "e-unknown-framework.toml": "unknown framework",
    "f-unknown-indicator.toml": "unknown indicator",
    "g-not-a-record.toml": "assessments",
    "h-empty.toml": "empty",
}


def record_text(case_ref: str, ticked: str = "par.3.03") -> str:
    framework, digest = loader.resolve("staffordshire-2023")
    ind = framework.indicator(ticked)
    assert ind is not None
    assessment = Assessment(
        number=1,
        assessed_at=datetime(2026, 1, 5, 10, 0, tzinfo=UTC),
        tool_version="test",
        framework=FrameworkPin(id=framework.id, version=framework.version, hash=digest),
        immediate_danger=False,
        indicators=[TickedIndicator(id=ind.id, domain=ind.domain, level=ind.level, text=ind.text)],
        suggestion=Suggestion(rank=ind.level, name=framework.level(ind.level).name),
        decision=Decision(
            rank=ind.level, name=framework.level(ind.level).name, agrees_with_suggestion=True
        ),
    )
    return store.to_toml(CaseRecord(case_ref=case_ref, assessments=[assessment]))


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Good and bad files side by side, plus a hidden drafts folder that must be skipped."""
    folder = tmp_path / "cases"
    (folder / "sub").mkdir(parents=True)
    (folder / ".drafts").mkdir()
    (folder / "a-record.toml").write_text(record_text("a-record"))
    (folder / "b-minimal.toml").write_text(
        'framework = "staffordshire-2023"\nindicators = ["par.3.03"]\n'
    )
    (folder / "sub" / "c-pinned.toml").write_text(
        'framework = "hull@2018-05"\nindicators = []\nage = "unborn"\n'
    )
    (folder / "d-invalid.toml").write_text("format = [")
    (folder / "e-unknown-framework.toml").write_text('framework = "atlantis"\nindicators = []\n')
    (folder / "f-unknown-indicator.toml").write_text(
        'framework = "staffordshire-2023"\nindicators = ["no.such.id"]\n'
    )
    (folder / "g-not-a-record.toml").write_text('format = 1\ncase_ref = "X-1"\nassessments = 3\n')
    (folder / "h-empty.toml").write_text("")
    (folder / ".drafts" / "a-record.toml").write_text("format = [")
    (folder / "notes.txt").write_text("not toml")
    return folder


def run_cli(
    *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "thresholdcli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1", "THRESHOLDCLI_WIDTH": "200", **(env or {})},
        timeout=120,
    )


def by_name(rows: list[dict[str, str]] | list[dict[str, object]]) -> dict[str, dict[str, object]]:
    return {Path(str(row["path"])).name: dict(row) for row in rows}


def test_json_scores_every_good_file_and_names_every_bad_one(corpus: Path) -> None:
    done = run_cli("score", str(corpus), "--format", "json")
    assert done.returncode == 7
    assert done.stderr.strip() == (
        f"thresholdcli: error: {len(BAD)} of {len(GOOD) + len(BAD)} file(s) could not be scored"
    )
    rows = json.loads(done.stdout)["results"]
    found = by_name(rows)
    assert set(found) == set(GOOD) | set(BAD)  # hidden drafts and non-TOML skipped
    for name in GOOD:
        assert "error" not in found[name]
        assert set(found[name]["suggested"]) == {"rank", "name"}  # type: ignore[arg-type]
    assert found["a-record.toml"]["case_ref"] == "a-record"
    assert found["a-record.toml"]["suggested"]["rank"] == 3  # type: ignore[index]
    assert found["a-record.toml"]["reasons"][0]["indicators"][0]["id"] == "par.3.03"  # type: ignore[index]
    assert found["c-pinned.toml"]["framework"] == {"id": "hull", "version": "2018-05"}
    for name, fragment in BAD.items():
        error = str(found[name]["error"])
        assert error.startswith(str(corpus / name)), error
        assert fragment in error and "\n" not in error
        assert "suggested" not in found[name]


def test_rows_come_in_path_order(corpus: Path) -> None:
    rows = json.loads(run_cli("score", str(corpus)).stdout)["results"]  # piped: json by default
    paths = [row["path"] for row in rows]
    assert paths == sorted(paths, key=lambda p: Path(p).relative_to(corpus).parts)


def test_csv_parses_with_the_same_rows(corpus: Path) -> None:
    done = run_cli("score", str(corpus), "--format", "csv")
    assert done.returncode == 7
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert tuple(rows[0]) == batch_output.CSV_COLUMNS
    found = by_name(rows)
    assert set(found) == set(GOOD) | set(BAD)
    assert found["a-record.toml"]["suggested_rank"] == "3"
    assert found["a-record.toml"]["error"] == ""
    assert "par.3.03" in str(found["a-record.toml"]["reasons"])
    for name, fragment in BAD.items():
        assert fragment in str(found[name]["error"])
        assert found[name]["suggested_rank"] == ""


def test_all_good_exits_zero_and_reads_paths_from_stdin(corpus: Path) -> None:
    listed = "\n".join(str(corpus / name) for name in ("a-record.toml", "b-minimal.toml")) + "\n\n"
    done = run_cli("score", "-", str(corpus / "sub"), stdin=listed)
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)["results"]
    assert [Path(r["path"]).name for r in rows] == ["a-record.toml", "b-minimal.toml", *GOOD[2:]]


def test_strict_stops_at_the_first_failure(corpus: Path) -> None:
    done = run_cli("score", str(corpus), "--strict", "--format", "json")
    assert done.returncode == 7
    rows = json.loads(done.stdout)["results"]
    assert [Path(r["path"]).name for r in rows] == [*GOOD[:2], "d-invalid.toml"]
    assert "--strict" in done.stderr


def test_jobs_give_the_same_rows_in_the_same_order(corpus: Path) -> None:
    for n in range(30):
        (corpus / f"z-{n:02d}.toml").write_text(record_text(f"z-{n:02d}", "dev.2.07"))
    one = run_cli("score", str(corpus), "--format", "json")
    two = run_cli("score", str(corpus), "--format", "json", "--jobs", "2")
    assert two.returncode == one.returncode == 7
    assert json.loads(two.stdout) == json.loads(one.stdout)


def test_table_explains_and_names_errors(corpus: Path) -> None:
    done = run_cli("score", str(corpus), "--format", "table", "--explain")
    assert done.returncode == 7
    assert "Highest level among ticked indicators" in done.stdout
    assert "[par.3.03]" in done.stdout
    assert "invalid TOML" in done.stdout


def test_nothing_to_score_is_a_usage_error(tmp_path: Path) -> None:
    done = run_cli("score", str(tmp_path), "--format", "json")
    assert done.returncode == 2
    assert json.loads(done.stdout) == {"schema_version": 1, "results": []}
    assert "no case files found" in done.stderr


# --- the core, without a process ----------------------------------------------------------


def test_expand_paths_walks_folders_like_sorted_rglob(corpus: Path) -> None:
    walked = list(batch.expand_paths([corpus]))
    expected = [
        p
        for p in sorted(corpus.rglob("*.toml"))
        if not any(part.startswith(".") for part in p.relative_to(corpus).parts)
    ]
    assert walked == expected


def test_expand_paths_reads_stdin_only_for_dash(corpus: Path) -> None:
    lines = io.StringIO(f"{corpus / 'sub'}\n\n{corpus / 'a-record.toml'}\n")
    assert list(batch.expand_paths([Path("x.toml")], lines)) == [Path("x.toml")]
    assert lines.tell() == 0
    assert list(batch.expand_paths([batch.STDIN], lines)) == [
        corpus / "sub" / "c-pinned.toml",
        corpus / "a-record.toml",
    ]


def test_cached_resolver_resolves_each_reference_once() -> None:
    calls: list[str] = []

    def resolve(ref: str) -> tuple[object, str]:
        calls.append(ref)
        return loader.resolve(ref)

    cached = batch.CachedResolver(resolve)  # type: ignore[arg-type]
    for _ in range(3):
        cached("hull")
        with pytest.raises(Exception, match="unknown framework"):
            cached("atlantis")
    assert calls == ["hull", "atlantis"]


def test_json_array_streams_valid_json() -> None:
    for rows in ([], [{"path": "a"}], [{"path": "a"}, {"path": "b", "error": "x"}]):
        out = io.StringIO()
        batch_output.write_json_array(iter(rows), out)
        assert json.loads(out.getvalue()) == {"schema_version": 1, "results": rows}


@given(st.lists(st.text(min_size=0, max_size=30), min_size=1, max_size=5))
def test_csv_cells_round_trip_and_never_start_a_formula(texts: list[str]) -> None:
    row = {"path": texts[0], "error": " | ".join(texts[1:]) or "e"}
    out = io.StringIO()
    batch_output.write_csv([row], out)
    (parsed,) = list(csv.DictReader(io.StringIO(out.getvalue())))
    for key in ("path", "error"):
        cell = parsed[key]
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
        original = shown(str(row[key]))  # control characters shown as escapes
        assert cell in (original, "'" + original)


def test_jobs_auto_uses_the_cpus_there_are(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    one = run_cli("score", str(corpus), "--format", "json")
    auto = run_cli("score", str(corpus), "--format", "json", "--jobs", "auto")
    assert auto.returncode == one.returncode == 7
    assert json.loads(auto.stdout) == json.loads(one.stdout)
    if hasattr(os, "sched_getaffinity"):
        monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 2, 5})
        assert batch.job_count("auto") == batch.usable_cpus() == 3
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(), raising=False)
    assert batch.job_count("auto") == 1  # never fewer than one process
    assert batch.job_count("4") == 4


@pytest.mark.parametrize("bad", ["0", "-1", "two", "", "1.5", "٣"])
def test_jobs_must_be_a_count_or_auto(corpus: Path, bad: str) -> None:
    done = run_cli("score", str(corpus), "--format", "json", "--jobs", bad)
    assert done.returncode == 2
    assert done.stdout == ""
    assert "--jobs" in done.stderr and "or auto" in done.stderr

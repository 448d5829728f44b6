"""The threshold audit: the pure core on a hand-made corpus, and `thresholdcli audit`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thresholdcli.batch.audit import (
    AuditReport,
    CurrentFramework,
    add_months,
    audit,
    months_between,
    pseudonymiser,
    report_json,
)
from thresholdcli.batch.audit_files import current_frameworks
from thresholdcli.records import store
from thresholdcli.records.model import (
    Assessment,
    CaseRecord,
    ConsentRecord,
    Decision,
    FrameworkPin,
    Suggestion,
)
from thresholdcli.render.audit import audit_markdown

NAMES = ("Universal", "Earliest Help", "Targeted Early Help", "Statutory")
FW = CurrentFramework("demo", "2024", "sha256:current", NAMES)
CURRENT = {"demo": FW}
AS_OF = date(2026, 11, 23)
FREE_TEXT = "Sam Smith at 12 Acacia Avenue"  # must never reach an audit output


def assessment(
    number: int,
    on: date,
    suggested: int,
    decided: int,
    reason: str = "",
    pin: FrameworkPin | None = None,
    consent: list[ConsentRecord] | None = None,
) -> Assessment:
    return Assessment(
        number=number,
        assessed_at=datetime(on.year, on.month, on.day, 10, 0, tzinfo=UTC),
        tool_version="test",
        framework=pin or FrameworkPin(id="demo", version="2024", hash="sha256:current"),
        immediate_danger=False,
        notes={"home": FREE_TEXT},
        strengths=FREE_TEXT,
        suggestion=Suggestion(rank=suggested, name=NAMES[suggested - 1]),
        decision=Decision(
            rank=decided,
            name=NAMES[decided - 1],
            agrees_with_suggestion=suggested == decided,
            reason=reason,
            agreed_by=FREE_TEXT if reason else "",
        ),
        consent=consent or [],
    )


def case(ref: str, *assessments: Assessment) -> CaseRecord:
    return CaseRecord(case_ref=ref, assessments=list(assessments))


def corpus() -> list[CaseRecord]:
    """Ten assessments in five cases; each flag is raised by exactly the cases named for it."""
    gap = ConsentRecord(id="eha-consent", answer="not_done", reason="", reason_required=True)
    excused = ConsentRecord(id="share", answer="not_done", reason="", reason_required=False)
    explained = ConsentRecord(
        id="eha-consent", answer="not_done", reason="away", reason_required=True
    )
    return [
        # suggested 3, decided 3; then 3 → 2 below without a reason (a step-down)
        case(
            "AB-1",
            assessment(1, date(2026, 1, 10), 3, 3, consent=[gap, excused]),
            assessment(2, date(2026, 6, 1), 3, 2, consent=[explained]),
        ),
        # suggested 4, decided 3 with a reason (not flagged); then 2 → decided 4 (step-up)
        case(
            "AB-2",
            assessment(1, date(2026, 2, 1), 4, 3, reason=FREE_TEXT),
            assessment(2, date(2026, 7, 1), 2, 4, reason=FREE_TEXT),
        ),
        # one assessment at level 2, over 12 months ago, old framework version
        case(
            "AB-3",
            assessment(
                1,
                date(2025, 10, 1),
                2,
                2,
                pin=FrameworkPin(id="demo", version="2020", hash="sha256:old"),
            ),
        ),
        # four assessments at level 2: three reviews; the file changed since (hash)
        case(
            "AB-4",
            assessment(1, date(2026, 8, 1), 2, 2),
            assessment(2, date(2026, 9, 1), 2, 2),
            assessment(
                3,
                date(2026, 10, 1),
                2,
                2,
                pin=FrameworkPin(id="demo", version="2024", hash="sha256:edited"),
            ),
            assessment(
                4,
                date(2026, 11, 1),
                2,
                2,
                pin=FrameworkPin(id="demo", version="2024", hash="sha256:edited"),
            ),
        ),
        # level 1 for years: universal services, not an open case
        case("AB-5", assessment(1, date(2020, 1, 1), 1, 1)),
    ]


def test_confusion_matrix_and_agreement() -> None:
    report = audit(corpus(), CURRENT, AS_OF)
    assert (report.cases, report.assessments, report.agreed) == (5, 10, 7)
    old, current = report.frameworks
    assert old.ref == "demo@2020" and old.matrix[1][1] == 1 and old.assessments == 1
    assert current.ref == "demo@2024"
    assert current.matrix == (
        # decided: 1  2  3  4
        (1, 0, 0, 0),  # suggested 1
        (0, 4, 0, 1),  # suggested 2
        (0, 1, 1, 0),  # suggested 3
        (0, 0, 1, 0),  # suggested 4
    )
    assert current.agreed == 6 and current.assessments == 9
    assert report.agreement == pytest.approx(7 / 10)


def test_level_distribution_uses_each_case_latest_assessment() -> None:
    report = audit(corpus(), CURRENT, AS_OF)
    current = report.frameworks[1]
    assert [(r.rank, r.name, r.suggested, r.decided) for r in current.levels] == [
        (1, "Universal", 1, 1),
        (2, "Earliest Help", 2, 2),  # AB-2 suggested 2, AB-4 at 2; AB-1 decided 2
        (3, "Targeted Early Help", 1, 0),
        (4, "Statutory", 0, 1),
    ]
    assert current.cases == 4


def test_flags() -> None:
    report = audit(corpus(), CURRENT, AS_OF)
    assert [
        (b.case, b.assessment, b.suggested, b.decided) for b in report.below_without_reason
    ] == [("AB-1", 2, 3, 2)]
    assert [
        (s.case, s.assessment, s.from_level, s.to_level, s.direction) for s in report.steps
    ] == [
        ("AB-1", 2, 3, 2, "down"),
        ("AB-2", 2, 3, 4, "up"),
    ]
    assert (report.step_ups, report.step_downs) == (1, 1)
    assert [(o.case, o.pinned, o.current) for o in report.out_of_date] == [
        ("AB-3", "demo@2020", "demo@2024"),
        ("AB-4", "demo@2024", "demo@2024"),
    ]
    assert "version 2020" in report.out_of_date[0].why
    assert "hash" in report.out_of_date[1].why
    assert [(o.case, o.level, o.months, o.reviews) for o in report.long_open] == [
        ("AB-3", 2, 13, 0),
        ("AB-4", 2, 3, 3),
    ]
    assert [(g.case, g.assessment, g.consent_id) for g in report.consent_gaps] == [
        ("AB-1", 1, "eha-consent")
    ]


def test_a_framework_that_is_not_shipped_is_out_of_date() -> None:
    record = case("X-1", assessment(1, date(2026, 1, 1), 2, 2))
    (item,) = audit([record], {}, AS_OF).out_of_date
    assert item.current is None and "not shipped" in item.why


@pytest.mark.parametrize(
    ("since", "as_of", "flagged"),
    [
        (date(2025, 11, 23), date(2026, 11, 23), False),  # exactly 12 months
        (date(2025, 11, 22), date(2026, 11, 23), True),
        (date(2025, 11, 24), date(2026, 11, 23), False),
        (date(2024, 2, 29), date(2025, 2, 28), False),
        (date(2024, 2, 29), date(2025, 3, 1), True),
    ],
)
def test_over_twelve_months_uses_the_given_date(since: date, as_of: date, flagged: bool) -> None:
    record = case("X-1", assessment(1, since, 3, 3))
    assert bool(audit([record], CURRENT, as_of).long_open) is flagged


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (date(2026, 1, 31), date(2026, 2, 28), 0),
        (date(2026, 1, 31), date(2026, 3, 1), 1),
        (date(2026, 5, 5), date(2026, 5, 4), 0),
        (date(2020, 6, 15), date(2026, 6, 15), 72),
    ],
)
def test_months_between(start: date, end: date, months: int) -> None:
    assert months_between(start, end) == months


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)), st.integers(0, 240))
def test_add_months_and_months_between_agree(start: date, months: int) -> None:
    later = add_months(start, months)
    assert (
        later >= start
        and (later.year * 12 + later.month) - (start.year * 12 + start.month) == months
    )
    assert months_between(start, later) == (months if later.day == start.day else months - 1)


# --- redaction ------------------------------------------------------------------------------


def outputs(report: AuditReport) -> str:
    return json.dumps(report_json(report)) + audit_markdown(report)


def test_redaction_is_stable_per_salt_and_leaks_no_reference() -> None:
    first = audit(corpus(), CURRENT, AS_OF, pseudonymiser("salt-one-secret"))
    again = audit(corpus(), CURRENT, AS_OF, pseudonymiser("salt-one-secret"))
    other = audit(corpus(), CURRENT, AS_OF, pseudonymiser("salt-two-secret"))
    assert first == again
    assert first.redacted
    names = {b.case for b in first.below_without_reason} | {s.case for s in first.steps}
    other_names = {b.case for b in other.below_without_reason} | {s.case for s in other.steps}
    assert names and not names & other_names
    text = outputs(first)
    for record in corpus():
        assert record.case_ref not in text
    assert "2026-06-01" not in text and "2026-06" in text  # dates show the month only


def test_no_free_text_reaches_any_output() -> None:
    assert FREE_TEXT not in outputs(audit(corpus(), CURRENT, AS_OF))


def test_short_salts_are_refused() -> None:
    with pytest.raises(ValueError, match="at least"):
        pseudonymiser("short")


# --- the command ----------------------------------------------------------------------------


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "thresholdcli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1", "THRESHOLDCLI_WIDTH": "160"},
        timeout=120,
    )


@pytest.fixture
def cases_dir(tmp_path: Path) -> Path:
    """The corpus pinned to a real shipped framework, plus one unreadable file."""
    fw = current_frameworks()["staffordshire-2023"]
    pin = FrameworkPin(id=fw.id, version=fw.version, hash=fw.hash)
    folder = tmp_path / "cases"
    folder.mkdir()
    for record in corpus():
        moved = [
            a.model_copy(update={"framework": pin}) if a.framework.version == "2024" else a
            for a in record.assessments
        ]
        path = folder / f"{record.case_ref}.toml"
        path.write_text(store.to_toml(record.model_copy(update={"assessments": moved})))
    (folder / "broken.toml").write_text("format = [")
    return folder


def test_cli_json_matches_the_core_and_exits_7_for_an_unreadable_file(cases_dir: Path) -> None:
    done = run_cli("audit", str(cases_dir), "--as-of", "2026-11-23", "--format", "json")
    assert done.returncode == 7
    assert "1 file(s) could not be read" in done.stderr
    data = json.loads(done.stdout)
    assert data["cases"] == 5 and data["assessments"] == 10
    (framework,) = [
        f
        for f in data["frameworks"]
        if f["framework"] == {"id": "staffordshire-2023", "version": "2023"}
    ]
    assert framework["confusion"]["matrix"] == [
        [1, 0, 0, 0],
        [0, 4, 0, 1],
        [0, 1, 1, 0],
        [0, 0, 1, 0],
    ]
    assert [o["case_ref"] for o in data["open_at_same_level"]["items"]] == ["AB-3", "AB-4"]
    assert data["unreadable_files"]["count"] == 1
    assert "broken.toml" in data["unreadable_files"]["files"][0]


def test_cli_redacted_markdown_and_table_leak_no_reference(cases_dir: Path) -> None:
    (cases_dir / "broken.toml").unlink()
    for fmt in ("md", "table", "json"):
        args = ["--as-of", "2026-11-23", "--format", fmt, "--redact", "--salt", "a-long-secret"]
        done = run_cli("audit", str(cases_dir), *args)
        assert done.returncode == 0, done.stderr
        assert "case-" in done.stdout
        for record in corpus():
            assert record.case_ref not in done.stdout + done.stderr
        assert FREE_TEXT not in done.stdout


def test_cli_refuses_redact_without_a_salt(cases_dir: Path) -> None:
    done = run_cli("audit", str(cases_dir), "--redact")
    assert done.returncode == 2 and "--salt" in done.stderr
    assert done.stdout == ""

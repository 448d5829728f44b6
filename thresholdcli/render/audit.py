"""The threshold audit on screen (rich) and as Markdown (to attach to an audit paper)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from thresholdcli.advice.contacts import UK
from thresholdcli.batch.audit import AuditReport, FrameworkSummary
from thresholdcli.render.markdown import cell

LIST_LIMIT = 50  # rows shown per list on screen; the json and md formats list every one


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "—"


def _intro(report: AuditReport) -> list[str]:
    lines = [
        f"As of {report.as_of.isoformat()}: {report.cases} case(s), "
        f"{report.assessments} assessment(s).",
        f"Decision agreed with the suggestion in {report.agreed} of {report.assessments} "
        f"assessments ({percent(report.agreed, report.assessments)}).",
        f"Step-ups: {report.step_ups}; step-downs: {report.step_downs} "
        "(decided level, between consecutive assessments).",
        f"Assessments on a superseded framework: {report.on_superseded}.",
    ]
    if report.followups_at is not None:
        at = f"{report.followups_at.astimezone(UK):%Y-%m-%d %H:%M}"
        lines.append(
            f"Follow-ups not yet done: {report.open_followups}; overdue at {at} (UK time): "
            f"{len(report.overdue_followups)}."
        )
    if report.redacted:
        lines.append("Case references are replaced by salted pseudonyms; dates show the month.")
    if report.unreadable_count:
        lines.append(f"{report.unreadable_count} file(s) could not be read and are not counted.")
    return lines


# --- on screen ------------------------------------------------------------------------------


def audit_view(console: Console, report: AuditReport) -> None:
    console.print(Text("Threshold audit", "bold"))
    for line in _intro(report):
        console.print(line)
    for summary in report.frameworks:
        console.print()
        console.print(Text(f"{summary.ref}: {summary.cases} case(s)", "bold"))
        console.print(_levels_table(summary))
        console.print(_matrix_table(summary))
    _listing(
        console,
        "Decided below the suggestion without a recorded reason",
        ("case", "assessment", "date", "framework", "suggested", "decided"),
        [
            (
                b.case,
                str(b.assessment),
                report.day(b.on),
                b.framework,
                str(b.suggested),
                str(b.decided),
            )
            for b in report.below_without_reason
        ],
    )
    _listing(
        console,
        "Step-ups and step-downs",
        ("case", "assessment", "date", "framework", "from", "to", "direction"),
        [
            (
                s.case,
                str(s.assessment),
                report.day(s.on),
                s.framework,
                str(s.from_level),
                str(s.to_level),
                s.direction,
            )
            for s in report.steps
        ],
    )
    _listing(
        console,
        "Framework out of date (latest assessment)",
        ("case", "assessed with", "current", "why"),
        [(o.case, o.pinned, o.current or "—", o.why) for o in report.out_of_date],
    )
    _listing(
        console,
        f"Open at the same level over {report.stale_months} months, "
        f"or {report.review_limit}+ reviews",
        ("case", "framework", "level", "since", "months", "reviews"),
        [
            (o.case, o.framework, str(o.level), report.day(o.since), str(o.months), str(o.reviews))
            for o in report.long_open
        ],
    )
    _listing(
        console,
        "Consent not done, reason required but not recorded",
        ("case", "assessment", "date", "framework", "consent item"),
        [
            (g.case, str(g.assessment), report.day(g.on), g.framework, g.consent_id)
            for g in report.consent_gaps
        ],
    )
    _listing(console, "Follow-ups overdue", FOLLOWUP_COLUMNS, _followup_rows(report))
    if report.unreadable:
        console.print()
        console.print(Text("Files that could not be read", "bold"))
        for line in report.unreadable[:LIST_LIMIT]:
            console.print(Text(f"  {line}"))


def _levels_table(summary: FrameworkSummary) -> Table:
    table = Table(title="Level distribution (latest assessment of each case)", title_justify="left")
    for column in ("level", "suggested", "decided"):
        table.add_column(column, justify="left" if column == "level" else "right")
    for row in summary.levels:
        table.add_row(f"{row.rank}: {row.name}", str(row.suggested), str(row.decided))
    return table


def _matrix_table(summary: FrameworkSummary) -> Table:
    table = Table(
        title=(
            f"Suggested (rows) × decided (columns), all assessments — agreement "
            f"{percent(summary.agreed, summary.assessments)}"
        ),
        title_justify="left",
    )
    table.add_column("suggested ↓ decided →")
    for row in summary.levels:
        table.add_column(str(row.rank), justify="right")
    for row, counts in zip(summary.levels, summary.matrix, strict=True):
        cells = [
            Text(str(n), "bold") if rank == row.rank else Text(str(n))
            for rank, n in enumerate(counts, start=1)
        ]
        table.add_row(str(row.rank), *cells)
    return table


FOLLOWUP_COLUMNS = ("case", "assessment", "framework", "item", "due", "working days late")


def _followup_rows(report: AuditReport) -> list[tuple[str, ...]]:
    return [
        (
            o.case,
            str(o.assessment),
            o.framework,
            o.consent_id,
            report.day(o.due),
            str(o.working_days),
        )
        for o in report.overdue_followups
    ]


def _listing(
    console: Console, title: str, columns: Sequence[str], rows: Sequence[Sequence[str]]
) -> None:
    console.print()
    console.print(Text(f"{title}: {len(rows)}", "bold"))
    if not rows:
        return
    table = Table()
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows[:LIST_LIMIT]:
        table.add_row(*row)
    console.print(table)
    if len(rows) > LIST_LIMIT:
        console.print(f"… and {len(rows) - LIST_LIMIT} more (--format json or md lists all).")


# --- Markdown -----------------------------------------------------------------------------


def audit_markdown(report: AuditReport) -> str:
    out = ["# Threshold audit", ""]
    out += [f"- {line}" for line in _intro(report)]
    for summary in report.frameworks:
        out += ["", f"## {cell(summary.ref)}: {summary.cases} case(s)", ""]
        out += ["Level distribution (latest assessment of each case):", ""]
        out += _md_table(
            ("level", "suggested", "decided"),
            [(f"{r.rank}: {r.name}", str(r.suggested), str(r.decided)) for r in summary.levels],
        )
        out += [
            "",
            f"Suggested (rows) × decided (columns), all {summary.assessments} assessments; "
            f"agreement {percent(summary.agreed, summary.assessments)}:",
            "",
        ]
        out += _md_table(
            ("suggested ↓ decided →", *(str(r.rank) for r in summary.levels)),
            [
                (str(r.rank), *(str(n) for n in counts))
                for r, counts in zip(summary.levels, summary.matrix, strict=True)
            ],
        )
    day = report.day
    out += _md_section(
        "Decided below the suggestion without a recorded reason",
        ("case", "assessment", "date", "framework", "suggested", "decided"),
        [
            (b.case, str(b.assessment), day(b.on), b.framework, str(b.suggested), str(b.decided))
            for b in report.below_without_reason
        ],
    )
    out += _md_section(
        f"Step-ups ({report.step_ups}) and step-downs ({report.step_downs})",
        ("case", "assessment", "date", "framework", "from", "to", "direction"),
        [
            (
                s.case,
                str(s.assessment),
                day(s.on),
                s.framework,
                str(s.from_level),
                str(s.to_level),
                s.direction,
            )
            for s in report.steps
        ],
    )
    out += _md_section(
        "Framework out of date (latest assessment)",
        ("case", "assessed with", "current", "why"),
        [(o.case, o.pinned, o.current or "—", o.why) for o in report.out_of_date],
    )
    out += _md_section(
        f"Open at the same level over {report.stale_months} months, "
        f"or {report.review_limit}+ reviews",
        ("case", "framework", "level", "since", "months", "reviews"),
        [
            (o.case, o.framework, str(o.level), day(o.since), str(o.months), str(o.reviews))
            for o in report.long_open
        ],
    )
    out += _md_section(
        "Consent not done, reason required but not recorded",
        ("case", "assessment", "date", "framework", "consent item"),
        [
            (g.case, str(g.assessment), day(g.on), g.framework, g.consent_id)
            for g in report.consent_gaps
        ],
    )
    out += _md_section("Follow-ups overdue", FOLLOWUP_COLUMNS, _followup_rows(report))
    if report.unreadable:
        out += ["", "## Files that could not be read", ""]
        out += [f"- {cell(line)}" for line in report.unreadable]
    return "\n".join(out) + "\n"


def _md_section(title: str, columns: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["", f"## {title}: {len(rows)}", ""]
    return lines + (_md_table(columns, rows) if rows else ["None."])


def _md_table(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(cell(c) for c in columns) + " |"]
    lines.append("|" + "|".join("---" for _ in columns) + "|")
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return lines

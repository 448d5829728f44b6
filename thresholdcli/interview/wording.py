"""What the interview says around its questions: pure text built from data, no I/O."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from thresholdcli.advice.cards import age_text
from thresholdcli.advice.contacts import CallPlan, phone_text, short_name
from thresholdcli.framework.provenance import framework_says, reading_line, shown_at_levels
from thresholdcli.quote_markup import plain
from thresholdcli.records.model import CaseRecord
from thresholdcli.records.sheet import AnswerSheet

if TYPE_CHECKING:
    from thresholdcli.framework.model import AgeRange, Framework, Guidance

Age = int | Literal["unborn"] | None


def framework_title(framework: Framework) -> str:
    """A picker line: authority and version, and what supersedes it, if anything does."""
    title = f"{framework.authority} ({framework.ref})"
    if framework.superseded_by:
        title += f" — SUPERSEDED by {framework.superseded_by}"
    return title


def existing_case_text(record: CaseRecord) -> str:
    last = record.latest
    count = len(record.assessments)
    return (
        f"Case {record.case_ref} already exists: {count} assessment{'s' * (count != 1)}, "
        f"the last on {last.assessed_at:%Y-%m-%d} with {last.framework.id}@"
        f"{last.framework.version}, decided level {last.decision.rank} ({last.decision.name})."
    )


def resuming_text(draft: AnswerSheet, reassessing: bool) -> str:
    kind = "re-assessment" if reassessing else "interview"
    answered = len(draft.domains)
    unfinished = sum(len(t) for t in draft.unfinished.values())
    text = (
        f"Resuming the {kind} of case {draft.case_ref} "
        f"({draft.framework or 'framework not yet chosen'}): "
        f"{answered} domain(s) answered"
    )
    if unfinished:
        text += f", {unfinished} tick(s) kept from the screen that was interrupted"
    return text + ". Answers already given are shown, not asked again; ◀ Back reopens them."


def act_now_reminder(plan: CallPlan) -> str:
    """The one line kept on every screen after significant harm: whom to phone now."""
    routes = [c.contact for c in plan.call_now if c.contact.role != "emergency"]
    if not routes:
        return "ACT NOW: significant harm — phone your front door now (see Who to call)."
    first = routes[0]
    return f"ACT NOW: phone {short_name(first)} on {phone_text(first)} (significant harm)."


def age_note(age_range: AgeRange | None, age: Age) -> str:
    """Beside an indicator outside the child's age: what its age range usually means.

    Age orders and annotates; it never hides an indicator (safety rule 2)."""
    if age_range is None or age is None or age_range.admits(age):
        return ""
    if not age_range.born:
        return "thresholdcli's reading: usually about an unborn baby"
    return f"thresholdcli's reading: usually {age_text(age_range)}"


def carried_over_text(framework: Framework, ticks: list[str], note: str) -> str:
    """What a domain answered earlier (answers file or draft) holds, shown so nothing is hidden."""
    index = framework.indicator_index
    lines = ["Answered earlier (answers file or draft):"]
    lines += [f"  [{i}] {plain(index[i].text)}" for i in ticks] or ["  None of these"]
    if note:
        lines.append(f"  Note: {note}")
    return "\n".join(lines)


def checklist_intro(framework: Framework, block: Guidance) -> str:
    """Before a list the framework prints to tick (e.g. warning signs): its own words, cited,
    and the levels it is asked at when the data chose them, as thresholdcli's reading."""
    one_each = len(block.cite) == len(block.items)  # else the cites cover the list as a whole
    intro_cites = block.cite[: block.ask_from] if one_each else block.cite
    lines = [f"{block.title}: {framework_says(intro_cites)}"]
    lines += [f"  “{plain(item)}”" for item in block.intro]
    reason = framework.reading_of(block, "levels")
    if reason:
        lines.append(reading_line(shown_at_levels(block.levels, reason)))
    return "\n".join(lines)


def checklist_ticked(block: Guidance, ticked: list[str]) -> str:
    """What was ticked, word for word: recorded beside the suggestion, never changing it."""
    if not ticked:
        return f"{block.title}: none ticked (recorded; this never changes the suggestion)."
    lines = [f"{block.title} ticked (recorded word for word; they never change the suggestion):"]
    lines += [f"  • {plain(item)}" for item in ticked]
    return "\n".join(lines)

"""The referral summary laid out once, as an outline of sections, paragraphs, quotes and
lists; `referral_text` and `referral_html` write the outline as text, Markdown or HTML.

The wording is fixed here so the three formats say the same. Every string from the
record or the framework passes through `safe` (control characters shown as `?`), and
the framework's words are introduced by "The framework says" only with their citation.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from thresholdcli.advice.contacts import UK, phone_text
from thresholdcli.advice.duties import reading_for
from thresholdcli.casework.referral import ConsentLine, Referral, Route
from thresholdcli.framework.provenance import cites_label
from thresholdcli.quote_markup import plain
from thresholdcli.safe_text import shown

if TYPE_CHECKING:
    from thresholdcli.framework.model import ConsentItem

DISCLAIMER = "thresholdcli supports professional judgement; it never replaces it."
IDENTIFYING = (
    "Identifying details are not in this summary: add them only in {where}'s own secure "
    "form or system, never to this summary, an email or a chat message."
)
NOT_RECORDED = "not recorded"
ANSWER_WORDS = {
    "done": "Done",
    "to_do": "To do",
    "not_done": "Not done",
    "not_applicable": "Not applicable",
}


def safe(text: str) -> str:
    """Text from a record or a framework as plain data: line breaks kept, every other
    control character (escape sequences included) shown as an escape (`safe_text.shown`)."""
    return shown(text)


def when(moment: datetime) -> str:
    return f"{moment:%a %d %b %Y %H:%M}"


@dataclass(frozen=True)
class Para:
    kind: ClassVar[str] = "para"
    text: str
    strong: bool = False


@dataclass(frozen=True)
class Quote:
    kind: ClassVar[str] = "quote"
    intro: str  # "The framework says (“section”, lines …):"
    text: str


@dataclass(frozen=True)
class Entry:
    text: str
    children: tuple[Block, ...] = ()


@dataclass(frozen=True)
class Items:
    kind: ClassVar[str] = "items"
    entries: tuple[Entry, ...]
    numbered: bool = False


Block = Para | Quote | Items


@dataclass(frozen=True)
class Section:
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Outline:
    title: str
    intro: tuple[Block, ...]
    sections: tuple[Section, ...]


def outline(referral: Referral) -> Outline:
    a = referral.assessment
    where = safe(referral.framework.authority) if referral.framework else "the authority"
    intro: list[Block] = []
    if a.immediate_danger:  # first, before anything else
        intro.append(
            Para(
                "Immediate danger was recorded at this assessment. If the child is in "
                "immediate danger now, call 999.",
                strong=True,
            )
        )
    intro += [
        Para(
            f"Assessment {a.number} of {referral.assessments}, made "
            f"{when(referral.routes[0].at)} (UK time). Summary made {when(referral.made_at)}."
        ),
        Para(IDENTIFYING.format(where=where), strong=True),
    ]
    return Outline(
        title=f"Referral summary: case {safe(referral.case_ref)}",
        intro=tuple(intro),
        sections=(
            _child(referral),
            _framework(referral),
            _level(referral),
            _concerns(referral),
            _notes(referral),
            _strengths(referral),
            _consent(referral),
            _routes(referral),
            _followups(referral),
            Section("About this summary", (Para(_about(referral)),)),
        ),
    )


def _child(referral: Referral) -> Section:
    a = referral.assessment
    if a.age is None:
        age = NOT_RECORDED
    elif a.age == "unborn":
        age = "unborn"
    else:
        age = f"{a.age} year{'s' * (a.age != 1)}"
    return Section(
        "The child",
        (
            Para(f"Case reference: {safe(referral.case_ref)}"),
            Para(f"Age: {age}"),
            Para(f"Assessed by (role): {safe(a.assessor_role) or NOT_RECORDED}"),
        ),
    )


def _framework(referral: Referral) -> Section:
    a = referral.assessment
    fw = referral.framework
    blocks: list[Block] = []
    if fw is not None:
        blocks.append(Para(f"{safe(fw.authority)}: {safe(fw.title)}"))
    blocks.append(Para(f"Version {safe(a.framework.version)} ({safe(referral.framework_ref)})"))
    if referral.pin.notice:
        blocks.append(Para(f"Note: {referral.pin.notice}.", strong=True))
    if a.framework_changed_from:
        blocks.append(
            Para(f"This re-assessment changed framework from {safe(a.framework_changed_from)}.")
        )
    return Section("Framework", tuple(blocks))


def _level_words(referral: Referral, rank: int, name: str) -> str:
    top = f" of {referral.framework.top_rank}" if referral.framework else ""
    return f"level {rank}{top}, {safe(name)}"


def _level(referral: Referral) -> Section:
    a = referral.assessment
    s = a.suggestion
    blocks: list[Block] = [
        Para(f"Suggested by thresholdcli: {_level_words(referral, s.rank, s.name)}", strong=True)
    ]
    if s.act_now:
        blocks.append(Para("thresholdcli flagged significant harm: act now.", strong=True))
    reasons = [Entry(safe(r.text)) for r in s.reasons]
    reasons += [Entry(f"Check: {safe(w)}") for w in s.warnings]
    for c in a.considerations:
        taken = "considered" if c.accepted else "not taken up"
        reasons.append(Entry(f"{safe(c.text)} Level {c.consider_level}: {taken}."))
    if reasons:
        blocks.append(Para("Why (thresholdcli's reading):"))
        blocks.append(Items(tuple(reasons)))
    d = a.decision
    blocks.append(Para(f"Decided: {_level_words(referral, d.rank, d.name)}", strong=True))
    agree = "the same as" if d.agrees_with_suggestion else "different from"
    blocks.append(Para(f"The decision is {agree} the suggestion."))
    blocks.append(Para(f"Reason for the decision: {_quoted(d.reason)}"))
    blocks.append(Para(f"Agreed by: {safe(d.agreed_by) or NOT_RECORDED}"))
    return Section("Level", tuple(blocks))


def _quoted(text: str) -> str:
    return f"“{safe(text)}”" if text.strip() else NOT_RECORDED


def _concerns(referral: Referral) -> Section:
    blocks: list[Block] = []
    if not referral.concerns:
        blocks.append(Para("No indicators were ticked."))
    else:
        blocks.append(Para("The indicators ticked, in the framework's words, by domain:"))
    for group in referral.concerns:
        entries = []
        for ind in group.indicators:
            name = referral.level_name(ind.level)
            level = f"level {ind.level}" + (f", {safe(name)}" if name else "")
            entries.append(Entry(f"{safe(plain(ind.text))} ({level})"))
        blocks.append(Para(safe(group.name), strong=True))
        blocks.append(Items(tuple(entries)))
    if referral.not_looked_at:
        names = "; ".join(safe(n) for n in referral.not_looked_at)
        blocks.append(Para(f"Domains not looked at in this assessment: {names}.", strong=True))
    return Section("Concerns", tuple(blocks))


def _notes(referral: Referral) -> Section:
    if not referral.notes:
        return Section("Practitioner's notes", (Para("None recorded."),))
    blocks: list[Block] = []
    for note in referral.notes:
        blocks.append(Para(safe(note.name), strong=True))
        blocks.append(Para(safe(note.text)))
    return Section("Practitioner's notes", tuple(blocks))


def _strengths(referral: Referral) -> Section:
    text = referral.assessment.strengths
    return Section(
        "Strengths and protective factors",
        (Para(safe(text) if text.strip() else "None recorded."),),
    )


def _answer(line: ConsentLine) -> str:
    words = f"Answer: {ANSWER_WORDS[line.answer].lower()}"
    if line.answer == "to_do":
        words += f", due {when(line.due.astimezone(UK))}" if line.due else ", no due time recorded"
        if line.done is not None:
            words += f"; marked done {when(line.done.done_at.astimezone(UK))}"
        elif line.lateness is not None:
            words += f" ({line.lateness.text} when this summary was made)"
    if line.record.reason.strip():
        words += f"; reason: “{safe(line.record.reason)}”"
    elif line.answer == "not_done":
        required = " (the framework requires one)" if line.record.reason_required else ""
        words += f"; no reason recorded{required}"
    return words


def rule_intro(item: ConsentItem) -> str:
    """"The framework says" only before a verbatim quote with its citation into the source."""
    if "rule" in item.reading:
        return f"thresholdcli's reading of the framework ({safe(item.reading['rule'])}):"
    cites = item.quote_cites("rule")
    if cites:
        return f"The framework says ({safe(cites_label(cites))}):"
    return (
        f"The framework data gives this rule, not cited to its source "
        f"(section: {safe(item.section)}):"
    )


def _rule(line: ConsentLine) -> tuple[Block, ...]:
    item = line.item
    if item is None:
        return (Para(f"The framework's words are not quoted: {line.missing}."),)
    blocks: list[Block] = [Quote(rule_intro(item), safe(plain(item.rule)))]
    if item.due is not None and line.due is not None:
        blocks.append(
            Para(
                f"Time limit printed: “{safe(item.due.text)}”. The due time is "
                f"{reading_for(item.due)}."
            )
        )
    return tuple(blocks)


def _consent(referral: Referral) -> Section:
    if not referral.consent:
        return Section("Consent and information sharing", (Para("None recorded."),))
    blocks: list[Block] = []
    if referral.pin.state == "changed":
        blocks.append(
            Para(
                f"Note: {referral.pin.notice}; the rules below are quoted from the file "
                "shipped now: check them against the framework's own document.",
                strong=True,
            )
        )
    entries = []
    for line in referral.consent:
        what = safe(line.item.question) if line.item else f"Item {safe(line.id)}"
        entries.append(Entry(what, (Para(_answer(line)), *_rule(line))))
    blocks.append(Items(tuple(entries)))
    return Section("Consent and information sharing", tuple(blocks))


def _route_blocks(route: Route) -> tuple[Block, ...]:
    head = f"{route.label}: {when(route.at)} (UK time)"
    if route.framework_ref:
        head += f", from {safe(route.framework_ref)}"
    blocks: list[Block] = [Para(head, strong=True)]
    plan = route.plan
    if plan is None:
        blocks.append(Para(f"No route given: {route.missing}. In an emergency, call 999."))
        return tuple(blocks)
    if plan.call_now:
        blocks.append(
            Items(
                tuple(
                    Entry(
                        f"{safe(c.contact.service)}: {safe(phone_text(c.contact))} ({safe(c.why)})"
                    )
                    for c in plan.call_now
                ),
                numbered=True,
            )
        )
    else:
        blocks.append(Para(safe(plain(plan.summary))))
    if plan.if_significant_harm:
        blocks.append(Para("If you suspect significant harm, call:"))
        blocks.append(
            Items(
                tuple(
                    Entry(
                        f"{safe(c.contact.service)}: {safe(phone_text(c.contact))} ({safe(c.why)})"
                    )
                    for c in plan.if_significant_harm
                ),
                numbered=True,
            )
        )
    blocks.extend(Para(safe(note)) for note in route.notes)
    blocks.extend(Para(safe(plain(note))) for note in plan.notes)
    return tuple(blocks)


def _routes(referral: Referral) -> Section:
    blocks: list[Block] = [
        Para(
            f"From the framework's contacts for the level decided "
            f"(level {referral.assessment.decision.rank}), by time of day:"
        )
    ]
    then, now = referral.routes
    same = when(then.at) == when(now.at) and then.framework_ref == now.framework_ref
    if same:  # made at the end of the interview: one moment, one plan
        blocks.extend(_route_blocks(replace(then, label="At the assessment, which is now")))
    else:
        blocks.extend(_route_blocks(then) + _route_blocks(now))
    return Section("Whom to call", tuple(blocks))


def _followups(referral: Referral) -> Section:
    blocks: list[Block] = []
    lines = referral.followups
    if not lines:
        blocks.append(Para("None recorded as to do at this assessment."))
    else:
        entries = []
        for line in lines:
            what = safe(line.item.question) if line.item else f"Item {safe(line.id)}"
            children: list[Block] = [Para(f"{_answer(line)} [id: {safe(line.id)}]")]
            if line.done is not None and line.done.note.strip():
                children.append(Para(f"Note when done: “{safe(line.done.note)}”"))
            entries.append(Entry(what, tuple(children)))
        blocks.append(Items(tuple(entries)))
        case = safe(referral.case_ref)
        blocks.append(Para(f"When one is done: thresholdcli followups done {case} ID"))
    if referral.open_elsewhere:
        count = referral.open_elsewhere
        blocks.append(
            Para(
                f"{count} more follow-up{'s are' if count != 1 else ' is'} open from other "
                "assessments of this case: thresholdcli followups"
            )
        )
    return Section("Follow-ups", tuple(blocks))


def _about(referral: Referral) -> str:
    return (
        f"Made from case record {safe(referral.case_ref)}, assessment "
        f"{referral.assessment.number}. The framework's words are quoted with their section; "
        "the level suggested, its reasons, due times and whom to call are thresholdcli's "
        f"reading of the framework; everything else is what the record holds. {DISCLAIMER}"
    )

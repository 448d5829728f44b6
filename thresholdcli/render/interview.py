"""What the interview shows on a terminal (and, with a plain console, in a transcript)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.text import Text

from thresholdcli.advice.contacts import phone_text
from thresholdcli.framework.provenance import (
    READING,
    Words,
    framework_says,
    one_line,
    reading_line,
    shown_at_levels,
    words,
)
from thresholdcli.quote_markup import plain
from thresholdcli.render.contacts import contacts_panel as contacts_panel
from thresholdcli.render.text import data, quoted

if TYPE_CHECKING:
    from thresholdcli.advice.contacts import CallPlan
    from thresholdcli.advice.scoring import Result
    from thresholdcli.casework.referral import Referral
    from thresholdcli.framework.model import Domain, Framework, Guidance, GuidanceUse
    from thresholdcli.records.model import CaseRecord

ACT_NOW_LINE = "Phone now, on the number for this time of day (shown next)."
STRENGTHS_HEADING = "Strengths and protective factors (mitigation; they never lower the level):"
RULE_WORDS = {
    "immediate_danger": "Immediate danger",
    "act_now": "Act now",
    "highest_level": "Highest level wins",
    "no_indicators": "Nothing ticked",
}


class RichOutput:
    """`full`: the result with its details (a transcript, kept for case notes); else the
    suggestion and its reasons only, the details a key away at the decision. `boxes=False`
    (plain mode): every panel as its title and lines, every rule as a heading line."""

    def __init__(self, console: Console, full: bool = False, boxes: bool = True) -> None:
        self.console = console
        self.full = full
        self.boxes = boxes
        self.act_now_shown = False  # the framework's ACT NOW words already on screen

    def _show(self, panel: Panel) -> None:
        if self.boxes:
            self.console.print(panel)
        else:
            for part in unboxed(panel):
                self.console.print(part)

    def _heading(self, text: str) -> None:
        if self.boxes:
            self.console.rule(data(text, "rule.text"))
        else:
            self.console.print(data(f"== {text} =="))

    def emergency(self, framework: Framework | None) -> None:
        self._show(emergency_panel(framework))

    def act_now(self, framework: Framework, plan: CallPlan, result: Result) -> None:
        self._show(act_now_panel(framework, result))
        self._show(act_now_calls_panel(plan))
        self.act_now_shown = True

    def note(self, text: str) -> None:
        self.console.print(data(text))  # "[...]" in data or answers is not markup

    def guidance(self, framework: Framework, use: GuidanceUse) -> None:
        for block in framework.guidance_for(use):
            for line in guidance_lines(framework, block):
                self.console.print(line)

    def level_guidance(self, framework: Framework, rank: int, skip: Sequence[str] = ()) -> None:
        for line in level_guidance_lines(framework, rank, skip):
            self.console.print(line)

    def domain_header(self, index: int, total: int, domain: Domain) -> None:
        group = f" ({domain.group})" if domain.group else ""
        self._heading(f"Domain {index} of {total}: {domain.name}{group}")

    def result(self, framework: Framework, result: Result) -> None:
        panel = result_panel(framework, result, self.full, act_now_words=not self.act_now_shown)
        self._show(panel)
        if self.full:  # else a key away at the decision, with the other details
            self.level_guidance(framework, result.suggested)

    def consent_header(self, framework: Framework, rank: int) -> None:
        self._heading(f"Consent and information sharing — level {rank}")

    def contacts(self, framework: Framework, plan: CallPlan) -> None:
        self._show(contacts_panel(framework, plan))

    def saved(self, path: Path, record: CaseRecord) -> None:
        latest = record.latest
        self.console.print(
            f"Saved assessment {latest.number} of case {record.case_ref} to {path} "
            f"(decided level {latest.decision.rank}: {latest.decision.name})."
        )

    def referral(self, referral: Referral) -> None:
        from thresholdcli.render.referral import outline
        from thresholdcli.render.referral_text import referral_txt

        text = referral_txt(outline(referral), width=self.console.width)
        self.console.print(Text(text.rstrip("\n")))


def unboxed(renderable: RenderableType) -> list[RenderableType]:
    """A panel's title (in capitals) and its contents, nested panels and groups opened."""
    if isinstance(renderable, Panel):
        title = renderable.title
        name = title.plain if isinstance(title, Text) else str(title or "")
        head = [data(f"== {name} ==")] if name else []
        return head + unboxed(renderable.renderable)
    if isinstance(renderable, Group):
        return [part for child in renderable.renderables for part in unboxed(child)]
    return [renderable]


EMERGENCY_LINE = (
    "The child is in immediate danger: phone 999 now (police, ambulance). "
    "Stay with the child if it is safe to do so."
)


def emergency_panel(framework: Framework | None) -> Panel:
    """999 at once; the authority's own emergency words, quoted with their cite, once the
    framework is known (labelled as thresholdcli's reading where the framework has none)."""
    body = Text.assemble(("CALL 999 NOW", "bold reverse"), "\n", EMERGENCY_LINE)
    if framework is not None:
        route = words(framework, framework, "emergency")
        if route.cited:
            body.append(f"\n{framework.authority} ({framework.ref}, {route.source}):")
            body.append_text(Text.assemble("\n“", quoted(route.text), "”"))
        else:
            body.append(f"\n{framework.authority} ({framework.ref}), {READING}:\n")
            body.append_text(quoted(route.text))
    return Panel(body, title="IMMEDIATE DANGER", border_style="bold red")


def act_now_calls_panel(plan: CallPlan) -> Panel:
    """Significant harm: whom to phone now, in order, kept short so it stays in sight."""
    body = Text("Significant harm: phone now, in this order:", "bold")
    for n, call in enumerate(plan.call_now, 1):
        body.append(f"\n {n}. {call.contact.service}: {phone_text(call.contact)}")
    if not plan.call_now:  # it ends with the framework's emergency words: mark-up as words
        body.append("\n")
        body.append_text(quoted(plan.summary))
    for note in plan.notes:
        body.append(f"\n ! {note}")
    return Panel(body, title="ACT NOW", border_style="bold red")


SHOWN_PER_REASON = 5  # indicators listed under a reason on screen; the rest are in the details
DETAILS_HINT = "Details (what to do, by area, see also, national scale): d at the decision."
GUIDANCE_HINT = (
    "Details (what to do, by area, the framework's guidance for this level, see also): "
    "d at the decision."
)


def result_panel(
    framework: Framework, result: Result, full: bool = True, act_now_words: bool = True
) -> Panel:
    """The suggestion and its reasons first; `full` adds the details (else a key away, so
    that the result fits beside the decision on a 24-row screen). `act_now_words`: the
    framework's ACT NOW panel first, unless it is already on screen."""
    level = framework.level(result.suggested)
    headline = f"Suggested: level {level.rank} of {framework.top_rank} — {level.name}"
    parts: list[Text | Panel] = []
    if result.act_now:
        headline += " · ACT NOW"
        if act_now_words:
            parts.append(act_now_panel(framework, result))
    parts.append(Text(headline, "bold"))
    parts.append(Text("Why:", "bold"))
    parts.extend(reason_lines(result, None if full else SHOWN_PER_REASON))
    parts.extend(beside_lines(result) if full else consider_lines(result) + warning_lines(result))
    if result.unknown_ids:
        parts.append(Text(f"Unknown indicator ids ignored: {', '.join(result.unknown_ids)}"))
    if full:
        parts.extend(level_lines(framework, result))
    else:
        guided = framework.guidance_for("result", result.suggested)
        parts.append(Text(GUIDANCE_HINT if guided else DETAILS_HINT, "dim"))
    return Panel(Group(*parts), title=data(f"{framework.authority} ({framework.ref})"))


def level_lines(framework: Framework, result: Result) -> list[Text]:
    """What to do at the suggested level, and by area; the national scale."""
    level = framework.level(result.suggested)
    lines: list[Text] = []
    if level.what_to_do:
        lines.append(Text("What to do at this level:", "bold"))
        lines.append(quoted(level.what_to_do))
        lines.append(_source_line(words(framework, level, "what_to_do")))
    lines.extend(domain_action_lines(framework, result))
    national = ", ".join(n.replace("_", " ") for n in level.national.levels)
    lines.append(Text(f"National scale: {national}", "dim"))
    return lines


def details_lines(framework: Framework, result: Result) -> list[str]:
    """The details the interview keeps a key away from the suggestion, as plain lines."""
    texts = see_also_lines(result) + strengths_lines(result) + level_lines(framework, result)
    texts += level_guidance_lines(framework, result.suggested)
    return [text.plain for text in texts]


def guidance_lines(framework: Framework, block: Guidance) -> list[Text]:
    """A guidance block as the framework prints it, item by item; thresholdcli's readings
    (its words for the items, or the levels it is shown at) said as such."""
    lines = [data(block.title, "bold")]
    lines += [Text.assemble("  • ", quoted(item)) for item in block.items]
    reason = framework.reading_of(block, "items")
    if reason:
        lines.append(Text(f"  ({reading_line(reason)})", "dim"))
    levels_reason = framework.reading_of(block, "levels")
    if levels_reason:
        shown = shown_at_levels(block.levels, levels_reason)
        lines.append(Text(f"  ({reading_line(shown)})", "dim"))
    return lines


def level_guidance_lines(framework: Framework, rank: int, skip: Sequence[str] = ()) -> list[Text]:
    """The framework's guidance for the result at level `rank` (less the blocks in `skip`,
    already shown), under one heading; [] when there is none."""
    blocks = [b for b in framework.guidance_for("result", rank) if b.id not in skip]
    if not blocks:
        return []
    lines = [Text(f"From the framework, for level {rank}:", "bold")]
    for block in blocks:
        lines += guidance_lines(framework, block)
    return lines


def _source_line(text: Words) -> Text:
    """Under framework text: where it is in the source, or that it is thresholdcli's reading."""
    if text.cited:
        return Text(f"  (the framework's words: {text.source})", "dim")
    return Text(f"  ({reading_line(text.reading or 'not cited in the framework data')})", "dim")


def act_now_panel(framework: Framework, result: Result) -> Panel:
    """Phone now, on the number for this time; then the framework's own act-now words and
    its own words on consent, each with its cite (never the tool's words in their place)."""
    from thresholdcli.advice.consent import act_now_consent

    act_now = words(framework, framework, "act_now")
    body = Text.assemble(
        (ACT_NOW_LINE, "bold"),
        "\n",
        quoted(act_now.labelled()),
        "\n",
        _source_line(act_now),
    )
    for item in act_now_consent(framework):
        rule = words(framework, item, "rule")
        body.append(f"\nOn consent — {rule.intro()}\n“")
        body.append_text(quoted(item.rule))
        body.append("”")
    if result.protective_factors:
        body.append("\nThe strengths recorded do not change this.")
    return Panel(body, title="ACT NOW: significant harm", border_style="bold red")


def beside_lines(result: Result) -> list[Text]:
    """What is shown beside the suggestion and never changes it."""
    return (
        consider_lines(result)
        + see_also_lines(result)
        + warning_lines(result)
        + strengths_lines(result)
    )


def consider_lines(result: Result) -> list[Text]:
    lines: list[Text] = []
    for item in result.considerations:
        lines.append(Text(f"Consider: {item.explanation}", "yellow"))
        lines.append(Text(f"  {item.count_line}"))
        lines.append(Text.assemble(f"  {framework_says(item.cites)} “", quoted(item.quote), "”"))
    return lines


def see_also_lines(result: Result) -> list[Text]:
    lines: list[Text] = []
    if result.links:
        lines.append(Text("See also (these never change the suggestion):", "bold"))
        for link in result.links:
            lines.append(Text(f"  • {link.explanation}"))
        for reason in dict.fromkeys(link.reading for link in result.links if link.reading):
            lines.append(Text(f"  {reading_line(reason)}", "dim"))
    return lines


def warning_lines(result: Result) -> list[Text]:
    return [Text(f"Check: {warning}", "yellow") for warning in result.warnings]


def strengths_lines(result: Result) -> list[Text]:
    if not result.protective_factors:
        return []
    return [Text(STRENGTHS_HEADING, "bold"), data(f"  {result.protective_factors}")]


def reason_lines(result: Result, most: int | None = None) -> list[Text]:
    """Each reason with its indicators (at most `most` each, then how many more)."""
    lines = []
    for reason in result.reasons:
        lines.append(Text(f"  • {reason.explanation} [rule: {RULE_WORDS[reason.rule]}]"))
        shown = reason.indicators if most is None else reason.indicators[:most]
        for ind in shown:
            lines.append(Text(f"      - [{ind.id}] {plain(ind.text)} (level {ind.level})"))
        if len(shown) < len(reason.indicators):
            lines.append(Text(f"      … and {len(reason.indicators) - len(shown)} more"))
        if reason.reading:
            lines.append(Text(f"      {reading_line(reason.reading)}", "dim"))
    return lines


def domain_action_lines(framework: Framework, result: Result) -> list[Text]:
    """Per-domain actions at the suggested level (e.g. Stoke-on-Trent), for the domains ticked.

    A misprinted action is shown with its correction, never alone.
    """
    domains = {ind.domain for reason in result.reasons for ind in reason.indicators}
    lines: list[Text] = []
    for domain in framework.domains:
        if domains and domain.id not in domains:
            continue
        action = framework.domain_action(domain.id, result.suggested)
        if action is None:
            continue
        if not lines:
            lines.append(Text("What to do, by area:", "bold"))
        if action.misprint:
            printed = words(framework, action, "text")
            why = framework.reading_of(action, "correction") or "a misprint"
            lines.append(Text(f"  • {domain.name}: {action.correction}"))
            said = plain(one_line(action.text))
            lines.append(Text(f"    ({reading_line(why)} {printed.intro()} “{said}”)"))
        else:
            lines.append(Text(f"  • {domain.name}: {plain(one_line(action.text))}"))
    return lines

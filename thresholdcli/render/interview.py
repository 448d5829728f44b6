"""What the interview shows on a terminal (and, with a plain console, in a transcript)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console, Group
from rich.panel import Panel
from rich.text import Text

from thresholdcli.advice.contacts import phone_text
from thresholdcli.framework.provenance import (
    READING,
    Words,
    framework_says,
    one_line,
    reading_line,
    words,
)
from thresholdcli.render.contacts import contacts_panel as contacts_panel
from thresholdcli.render.text import data

if TYPE_CHECKING:
    from thresholdcli.advice.contacts import CallPlan
    from thresholdcli.advice.scoring import Result
    from thresholdcli.casework.referral import Referral
    from thresholdcli.framework.model import Domain, Framework
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
    def __init__(self, console: Console) -> None:
        self.console = console

    def emergency(self, framework: Framework | None) -> None:
        self.console.print(emergency_panel(framework))

    def act_now(self, framework: Framework, plan: CallPlan) -> None:
        self.console.print(act_now_calls_panel(plan))

    def note(self, text: str) -> None:
        self.console.print(data(text))  # "[...]" in data or answers is not markup

    def guidance(self, framework: Framework, use: str) -> None:
        for item in framework.guidance:
            if use in item.use:
                self.console.print(data(item.title, "bold"))
                for line in item.items:
                    self.console.print(data(f"  • {line}"))
                reason = framework.reading_of(item, "items")
                if reason:
                    self.console.print(Text(f"  ({reading_line(reason)})", "dim"))

    def domain_header(self, index: int, total: int, domain: Domain) -> None:
        group = f" ({domain.group})" if domain.group else ""
        self.console.rule(data(f"Domain {index} of {total}: {domain.name}{group}", "rule.text"))

    def result(self, framework: Framework, result: Result) -> None:
        self.console.print(result_panel(framework, result))

    def consent_header(self, framework: Framework, rank: int) -> None:
        self.console.rule(f"Consent and information sharing — level {rank}")

    def contacts(self, framework: Framework, plan: CallPlan) -> None:
        self.console.print(contacts_panel(framework, plan))

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
            body.append(f"\n“{route.text}”")
        else:
            body.append(f"\n{framework.authority} ({framework.ref}), {READING}:\n{route.text}")
    return Panel(body, title="IMMEDIATE DANGER", border_style="bold red")


def act_now_calls_panel(plan: CallPlan) -> Panel:
    """Significant harm: whom to phone now, in order, kept short so it stays in sight."""
    body = Text("Significant harm: phone now, in this order:", "bold")
    for n, call in enumerate(plan.call_now, 1):
        body.append(f"\n {n}. {call.contact.service}: {phone_text(call.contact)}")
    if not plan.call_now:
        body.append(f"\n{plan.summary}")
    for note in plan.notes:
        body.append(f"\n ! {note}")
    return Panel(body, title="ACT NOW", border_style="bold red")


def result_panel(framework: Framework, result: Result) -> Panel:
    level = framework.level(result.suggested)
    parts: list[Text | Panel] = []
    if result.act_now:
        parts.append(act_now_panel(framework, result))
    parts.append(
        Text(f"Suggested: level {level.rank} of {framework.top_rank} — {level.name}", "bold")
    )
    parts.append(Text("Why:", "bold"))
    parts.extend(reason_lines(result))
    parts.extend(beside_lines(result))
    if result.unknown_ids:
        parts.append(Text(f"Unknown indicator ids ignored: {', '.join(result.unknown_ids)}"))
    if level.what_to_do:
        parts.append(Text("What to do at this level:", "bold"))
        parts.append(data(level.what_to_do))
        parts.append(_source_line(words(framework, level, "what_to_do")))
    parts.extend(domain_action_lines(framework, result))
    national = ", ".join(n.replace("_", " ") for n in level.national.levels)
    parts.append(Text(f"National scale: {national}", "dim"))
    return Panel(Group(*parts), title=data(f"{framework.authority} ({framework.ref})"))


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
        act_now.labelled(),
        "\n",
        _source_line(act_now),
    )
    for item in act_now_consent(framework):
        rule = words(framework, item, "rule")
        body.append(f"\nOn consent — {rule.intro()}\n“{item.rule}”")
    if result.protective_factors:
        body.append("\nThe strengths recorded do not change this.")
    return Panel(body, title="ACT NOW: significant harm", border_style="bold red")


def beside_lines(result: Result) -> list[Text]:
    """What is shown beside the suggestion and never changes it."""
    lines: list[Text] = []
    for item in result.considerations:
        lines.append(Text(f"Consider: {item.explanation}", "yellow"))
        lines.append(Text(f"  {item.count_line}"))
        lines.append(Text(f"  {framework_says(item.cites)} “{item.quote}”"))
    if result.links:
        lines.append(Text("See also (these never change the suggestion):", "bold"))
        for link in result.links:
            lines.append(Text(f"  • {link.explanation}"))
        for reason in dict.fromkeys(link.reading for link in result.links if link.reading):
            lines.append(Text(f"  {reading_line(reason)}", "dim"))
    for warning in result.warnings:
        lines.append(Text(f"Check: {warning}", "yellow"))
    if result.protective_factors:
        lines.append(Text(STRENGTHS_HEADING, "bold"))
        lines.append(data(f"  {result.protective_factors}"))
    return lines


def reason_lines(result: Result) -> list[Text]:
    lines = []
    for reason in result.reasons:
        lines.append(Text(f"  • {reason.explanation} [rule: {RULE_WORDS[reason.rule]}]"))
        for ind in reason.indicators:
            lines.append(Text(f"      - [{ind.id}] {ind.text} (level {ind.level})"))
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
            lines.append(
                Text(f"    ({reading_line(why)} {printed.intro()} “{one_line(action.text)}”)")
            )
        else:
            lines.append(Text(f"  • {domain.name}: {one_line(action.text)}"))
    return lines

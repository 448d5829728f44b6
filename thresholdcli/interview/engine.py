"""The interview engine: one engine, many answer sources.

Each answer comes from the first source that has one: the given sheet (an `--answers`
file, then a resumed draft), else the prompter, offered the previous assessment's
answer as its default. Every answer is saved to the draft at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

from thresholdcli.advice import consent as consent_rules
from thresholdcli.advice.contacts import plan_calls
from thresholdcli.advice.scoring import Answers, Result, score
from thresholdcli.errors import CaseRefError, Interrupted, RecordError, UsageError
from thresholdcli.framework.model import Domain, Framework, Indicator
from thresholdcli.interview.output import Output
from thresholdcli.interview.prompter import BACK, NONE_OF_THESE, Choice, Group, Prompter
from thresholdcli.records import store
from thresholdcli.records.model import (
    Assessment,
    CaseRecord,
    ConsentRecord,
    ConsiderationRecord,
    Decision,
    FrameworkPin,
    ReasonRecord,
    Suggestion,
    TickedIndicator,
    check_case_ref,
)
from thresholdcli.records.sheet import AnswerSheet, ConsentGiven

Age = int | Literal["unborn"] | None
Resolver = Callable[[str], tuple[Framework, str]]

CONSENT_CHOICES = (
    Choice("done", "Done"),
    Choice("not_done", "Not done (give the reason)"),
    Choice("not_applicable", "Not applicable"),
)


@dataclass(frozen=True)
class InterviewSetup:
    cases_dir: Path
    clock: Callable[[], datetime]
    resolve: Resolver
    available: Sequence[Framework]
    default_framework: str
    tool_version: str


@dataclass(frozen=True)
class Outcome:
    path: Path
    record: CaseRecord
    result: Result


def parse_age(raw: str) -> Age:
    value = raw.strip().lower()
    if value == "":
        return None
    if value == "unborn":
        return "unborn"
    if value.isdigit() and int(value) <= 25:
        return int(value)
    raise ValueError("enter the age in whole years (0-25), 'unborn', or leave it blank")


class Interview:
    def __init__(
        self,
        prompter: Prompter,
        output: Output,
        setup: InterviewSetup,
        given: AnswerSheet | None = None,
        previous: Assessment | None = None,
    ) -> None:
        self.prompter = prompter
        self.out = output
        self.setup = setup
        self.given = given or AnswerSheet()
        self.previous = previous
        self.state = AnswerSheet()
        self.framework: Framework | None = None
        self.framework_hash = ""

    # --- running ------------------------------------------------------------------

    def run(self) -> Outcome:
        try:
            return self._run()
        except KeyboardInterrupt:
            self._offer_draft()
            raise Interrupted("interview interrupted") from None

    def _run(self) -> Outcome:
        framework = self._choose_framework()
        case_ref = self._case_ref()
        self._save_draft()
        age = self._age()
        danger = self._immediate_danger(framework)
        self.out.guidance(framework, "start")
        sections = self._sections(framework)
        self._domains(framework, sections, age)
        self._strengths(framework)
        ticked = self.state.all_ticked()
        strengths = self.state.strengths or ""
        result = score(framework, Answers.of(ticked, danger, age, strengths))
        self.out.result(framework, result)
        if result.act_now:  # significant harm: the numbers for now, before any question
            top = framework.top_rank
            self.out.contacts(framework, plan_calls(framework, self.setup.clock(), danger, top))
        considerations = self._considerations(framework, result)
        decision = self._decision(framework, result)
        consent = self._consent(framework, decision.rank, age)
        plan = plan_calls(framework, self.setup.clock(), danger, level=decision.rank)
        self.out.contacts(framework, plan)
        assessment = self._assessment(
            framework, result, considerations, decision, consent, ticked, age, danger, sections
        )
        try:
            record = store.append_assessment(self.setup.cases_dir, case_ref, assessment)
        except RecordError as exc:
            raise type(exc)(
                f"{exc} (your answers are kept: thresholdcli interview --resume {case_ref})"
            ) from None
        store.delete_draft(self.setup.cases_dir, case_ref)
        path = store.record_path(self.setup.cases_dir, case_ref)
        self.out.saved(path, record)
        return Outcome(path, record, result)

    def _save_draft(self) -> None:
        if self.state.case_ref:
            store.save_draft(self.setup.cases_dir, self.state)

    def _offer_draft(self) -> None:
        if not self.state.case_ref:
            return
        self._save_draft()
        try:
            keep = self.prompter.confirm("Keep a draft to resume later?", default=True)
        except KeyboardInterrupt:
            keep = True
        if keep:
            self.out.note(
                f"Draft kept. Resume with: thresholdcli interview --resume {self.state.case_ref}"
            )
        else:
            store.delete_draft(self.setup.cases_dir, self.state.case_ref)
            self.out.note("Draft discarded.")

    def _set(self, **values: object) -> None:
        self.state = self.state.model_copy(update=values)
        self._save_draft()

    # --- steps --------------------------------------------------------------------

    def _choose_framework(self) -> Framework:
        ref = self.given.framework
        if ref is None:
            default = self.previous.framework.id if self.previous else self.setup.default_framework
            choices = [Choice(f.id, f"{f.authority} ({f.ref})") for f in self.setup.available]
            ref = self.prompter.select("Which framework?", choices, default=default)
        framework, digest = self.setup.resolve(ref)
        self.framework, self.framework_hash = framework, digest
        self.state = self.state.model_copy(update={"framework": framework.ref})
        return framework

    def _case_ref(self) -> str:
        if self.given.case_ref is not None:
            ref = check_case_ref(self.given.case_ref)
        else:
            while True:
                raw = self.prompter.text(
                    "Case reference (a pseudonymous id such as your agency's case number, "
                    "never the child's name):"
                ).strip()
                try:
                    ref = check_case_ref(raw)
                    break
                except CaseRefError as exc:
                    self.out.note(str(exc))
        role = self.given.assessor_role  # kept in the draft so a resume records it too
        self.state = self.state.model_copy(update={"case_ref": ref, "assessor_role": role})
        return ref

    def _age(self) -> Age:
        if "age" in self.given.model_fields_set:
            age = self.given.age
        else:
            default = "" if self.previous is None else str(self.previous.age or "")
            while True:
                raw = self.prompter.text(
                    "Child's age in years, or 'unborn' (blank if not known):", default=default
                )
                try:
                    age = parse_age(raw)
                    break
                except ValueError as exc:
                    self.out.note(str(exc))
        self._set(age=age)
        return age

    def _immediate_danger(self, framework: Framework) -> bool:
        danger = self.given.immediate_danger
        if danger is None:
            danger = self.prompter.confirm(
                "Is the child in immediate danger right now?", default=False
            )
        if danger:
            self.out.emergency(framework)
        self._set(immediate_danger=danger)
        return danger

    def _sections(self, framework: Framework) -> list[str]:
        if self.given.sections is not None:
            chosen = [s.id for s in framework.sections if s.id in self.given.sections]
        else:
            before = set(self.previous.sections) if self.previous else set()
            chosen = [
                s.id
                for s in framework.sections
                if self.prompter.confirm(s.question, default=s.id in before)
            ]
        self._set(sections=chosen)
        return chosen

    def _active_domains(self, framework: Framework, sections: list[str]) -> list[Domain]:
        return [d for d in framework.domains if d.section is None or d.section in sections]

    def _domains(self, framework: Framework, sections: list[str], age: Age) -> None:
        domains = self._active_domains(framework, sections)
        unknown = [i for i in self.given.all_ticked() if i not in framework.indicator_index]
        if unknown:
            shown = ", ".join(unknown[:3])
            raise UsageError(f"unknown indicator id(s) for {framework.ref}: {shown}")
        if self.previous is not None:
            retired = [i for i in self.previous.ticked_ids if i not in framework.indicator_index]
            if retired:
                self.out.note(
                    f"Ticked last time but not in {framework.ref}: {', '.join(retired)} "
                    "(see `thresholdcli rescore`); check whether a current indicator applies."
                )
        index = 0
        answered: dict[str, list[str]] = dict(self.state.domains)
        notes: dict[str, str] = dict(self.state.notes)
        while index < len(domains):
            domain = domains[index]
            self.out.domain_header(index + 1, len(domains), domain)
            own_ids = {i.id for i in framework.indicators_in(domain.id)}
            given = self.given.ticked_for(domain.id, own_ids)
            if given is not None:
                ticks = [i for i in given if i in own_ids]
                note = self.given.notes.get(domain.id, "")
                self.out.note(carried_over_text(framework, ticks, note))
            else:
                ticks_or_back = self._ask_domain(
                    framework, domain, age, (index + 1, len(domains)), answered
                )
                if ticks_or_back is None:
                    index -= 1
                    continue
                ticks = ticks_or_back
                answered[domain.id] = ticks
                self._set(domains=dict(answered))
                note = self._domain_note(domain)
            answered[domain.id] = ticks
            self._set(domains=dict(answered))
            if self._follow_references(framework, ticks, sections):
                domains = self._active_domains(framework, sections)
            if note:
                notes[domain.id] = note
            else:
                notes.pop(domain.id, None)
            self._set(notes=dict(notes))
            index += 1

    def _follow_references(
        self, framework: Framework, ticks: list[str], sections: list[str]
    ) -> bool:
        """A ticked indicator that says e.g. "refer to CE section" adds that section's domains."""
        added = False
        for ind in (framework.indicator_index[t] for t in ticks):
            target = ind.refers_to_section
            if target is None or target in sections:
                continue
            sections.append(target)
            section = next(s for s in framework.sections if s.id == target)
            self.out.note(
                f"[{ind.id}] refers to the {section.name}: its domains are added to this interview."
            )
            added = True
        if added:
            self._set(sections=list(sections))
        return added

    def _ask_domain(
        self,
        framework: Framework,
        domain: Domain,
        age: Age,
        position: tuple[int, int],
        answered: dict[str, list[str]],
    ) -> list[str] | None:
        if domain.id in answered:
            checked = set(answered[domain.id])
        elif self.previous is not None:
            checked = set(self.previous.ticked_ids)
        else:
            checked = set()
        groups = indicator_groups(framework, framework.indicators_in(domain.id), age, checked)
        number, total = position
        message = f"Domain {number} of {total} · {domain.name}: tick every indicator that applies"
        if self.previous is not None and domain.id not in answered:
            message += " — last assessment's ticks are pre-ticked: still applies?"
        picked = self.prompter.checkbox(message, groups, allow_back=number > 1)
        if BACK in picked:
            return None
        return [p for p in picked if p != NONE_OF_THESE]

    def _domain_note(self, domain: Domain) -> str:
        default = self.state.notes.get(domain.id, "")
        return self.prompter.text(f"Note on {domain.name} (optional):", default=default).strip()

    def _strengths(self, framework: Framework) -> None:
        self.out.guidance(framework, "strengths")
        strengths = self.given.strengths
        if strengths is None:
            default = self.previous.strengths if self.previous else ""
            strengths = self.prompter.text(
                "Strengths and protective factors (free text; they never lower the level):",
                default=default,
            ).strip()
        self._set(strengths=strengths)

    def _considerations(self, framework: Framework, result: Result) -> list[ConsiderationRecord]:
        records = []
        decided = dict(self.given.considerations)
        for item in result.considerations:
            accepted = decided.get(item.rule_id)
            if accepted is None:
                accepted = self.prompter.confirm(
                    f"{item.explanation} The framework says: “{item.quote}” "
                    f"Will you consider level {item.consider_level}?",
                    default=False,
                )
            decided[item.rule_id] = accepted
            records.append(
                ConsiderationRecord(
                    rule=item.rule_id,
                    consider_level=item.consider_level,
                    accepted=accepted,
                    text=item.explanation,
                )
            )
        self._set(considerations=decided)
        return records

    def _decision(self, framework: Framework, result: Result) -> Decision:
        suggested = framework.level(result.suggested)
        choice = self.given.decision
        if choice is None:
            choices = [Choice("accept", f"Accept level {suggested.rank}: {suggested.name}")]
            choices += [
                Choice(str(level.rank), f"Choose level {level.rank}: {level.name} instead")
                for level in framework.levels
                if level.rank != suggested.rank
            ]
            answer = self.prompter.select("Your decision:", choices, default="accept")
            choice = "accept" if answer == "accept" else int(answer)
        rank = result.suggested if choice == "accept" else int(choice)
        if not 1 <= rank <= framework.top_rank:
            raise UsageError(f"decision level {rank} is not a level of {framework.ref}")
        reason, agreed_by = "", ""
        if rank != result.suggested:
            reason = self.given.decision_reason or ""
            while not reason:
                reason = self.prompter.text(
                    f"Reason for choosing level {rank} instead of level {result.suggested} "
                    "(required):"
                ).strip()
            if rank < result.suggested:
                given_by = self.given.agreed_by
                if given_by is not None:
                    agreed_by = given_by
                else:
                    agreed_by = self.prompter.text(
                        "This is below the suggestion. Did a manager or designated safeguarding "
                        "lead agree? Name or role (optional):"
                    ).strip()
        self._set(decision=choice, decision_reason=reason, agreed_by=agreed_by)
        return Decision(
            rank=rank,
            name=framework.level(rank).name,
            agrees_with_suggestion=rank == result.suggested,
            reason=reason,
            agreed_by=agreed_by,
        )

    def _consent(self, framework: Framework, rank: int, age: Age) -> list[ConsentRecord]:
        items = consent_rules.checklist(framework, rank, age)
        if items:
            self.out.consent_header(framework, rank)
        answers: dict[str, str | ConsentGiven] = dict(self.state.consent)
        records = []
        for item in items:
            given = self.given.consent.get(item.id)
            if given is None:
                self.out.note(consent_rules.rule_text(item))
                value = self.prompter.select(
                    consent_rules.question_text(item), CONSENT_CHOICES, default=None
                )
                reason = ""
                if value == "not_done":
                    reason = self.prompter.text(consent_rules.reason_prompt(item)).strip()
                given = ConsentGiven(answer=value, reason=reason)  # type: ignore[arg-type]
            elif isinstance(given, str):
                given = ConsentGiven(answer=given)
            answers[item.id] = given
            self._set(consent=dict(answers))
            records.append(
                ConsentRecord(
                    id=item.id,
                    answer=given.answer,
                    reason=given.reason,
                    reason_required=item.reason_required,
                )
            )
        for line in consent_rules.missing_reason_lines(framework, records):
            self.out.note(line)
        return records

    # --- the record -------------------------------------------------------------------

    def _assessment(
        self,
        framework: Framework,
        result: Result,
        considerations: list[ConsiderationRecord],
        decision: Decision,
        consent: list[ConsentRecord],
        ticked: list[str],
        age: Age,
        danger: bool,
        sections: list[str],
    ) -> Assessment:
        index = framework.indicator_index
        indicators = [
            TickedIndicator(id=i.id, domain=i.domain, level=i.level, text=i.text)
            for i in sorted((index[t] for t in ticked if t in index), key=_domain_order(framework))
        ]
        return Assessment(
            number=1,
            assessed_at=self.setup.clock(),
            tool_version=self.setup.tool_version,
            framework=FrameworkPin(
                id=framework.id, version=framework.version, hash=self.framework_hash
            ),
            assessor_role=self.given.assessor_role or "",
            age=age,
            immediate_danger=danger,
            sections=sections,
            indicators=indicators,
            notes=dict(self.state.notes),
            strengths=self.state.strengths or "",
            suggestion=suggestion_record(framework, result),
            considerations=considerations,
            decision=decision,
            consent=consent,
        )


def suggestion_record(framework: Framework, result: Result) -> Suggestion:
    return Suggestion(
        rank=result.suggested,
        name=framework.level(result.suggested).name,
        act_now=result.act_now,
        reasons=[
            ReasonRecord(
                rule=r.rule,
                level=r.level,
                indicators=[i.id for i in r.indicators],
                text=r.explanation,
            )
            for r in result.reasons
        ],
        warnings=list(result.warnings),
    )


def _domain_order(framework: Framework) -> Callable[[Indicator], tuple[int, int]]:
    positions = {d.id: n for n, d in enumerate(framework.domains)}
    order = {i.id: n for n, i in enumerate(framework.indicators)}
    return lambda ind: (positions[ind.domain], order[ind.id])


def indicator_groups(
    framework: Framework, indicators: list[Indicator], age: Age, checked: set[str]
) -> list[Group]:
    """A domain's indicators under level headings, highest level first; hides other ages."""
    groups = []
    for level in reversed(framework.levels):
        choices = tuple(
            Choice(ind.id, ind.text, ind.id in checked)
            for ind in indicators
            if ind.level == level.rank
            and (ind.age is None or ind.age.admits(age) or ind.id in checked)
        )
        if choices:
            groups.append(Group(f"Level {level.rank}: {level.name}", choices))
    return groups


def carried_over_text(framework: Framework, ticks: list[str], note: str) -> str:
    """What a domain answered earlier (answers file or draft) holds, shown so nothing is hidden."""
    index = framework.indicator_index
    lines = ["Answered earlier (answers file or draft):"]
    lines += [f"  [{i}] {index[i].text}" for i in ticks] or ["  None of these"]
    if note:
        lines.append(f"  Note: {note}")
    return "\n".join(lines)

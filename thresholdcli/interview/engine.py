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
from typing import TYPE_CHECKING, Literal

from thresholdcli.advice import consent as consent_rules
from thresholdcli.advice.consent import when
from thresholdcli.advice.contacts import plan_calls
from thresholdcli.advice.scoring import Answers, Result, score
from thresholdcli.casework.history import PinCheck
from thresholdcli.errors import CaseRefError, Interrupted, RecordError, UsageError
from thresholdcli.framework.provenance import framework_says
from thresholdcli.interview.answers_check import unknown_ids
from thresholdcli.interview.output import Output
from thresholdcli.interview.prompter import (
    BACK,
    ENDING,
    FINISH,
    NONE_OF_THESE,
    SEARCH,
    Choice,
    Finder,
    Group,
    Mark,
    Notes,
    NoteTarget,
    Prompter,
    TickListener,
    WalkKeys,
)
from thresholdcli.interview.wording import (
    act_now_reminder,
    age_note,
    carried_over_text,
    checklist_intro,
    checklist_ticked,
    existing_case_text,
    framework_title,
    resuming_text,
)
from thresholdcli.quote_markup import plain
from thresholdcli.records import store
from thresholdcli.records.drafts import CaseInUseError, Claim, draft_info
from thresholdcli.records.model import (
    GENERAL_NOTE,
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
from thresholdcli.records.sheet import AnswerSheet, ConsentGiven, blank

if TYPE_CHECKING:
    from thresholdcli.framework.model import ConsentItem, Domain, Framework, Indicator

Age = int | Literal["unborn"] | None
Resolver = Callable[[str], "tuple[Framework, str]"]

CONSENT_MARKS = (
    Mark("d", "done", "Done"),
    Mark("t", "to_do", "To do"),
    Mark("n", "not_done", "Not done (the reason is asked next)"),
    Mark("a", "not_applicable", "Not applicable"),
)
NOTES_QUESTION = "Notes (optional): anything else to record about the child's situation."
CONSENT_QUESTION = "Consent and information sharing: set each item (keys below)"
SEARCH_QUESTION = (
    "Search every indicator of {authority} (every domain, every level{sections}): "
    "type a few words, tick what applies"
)
DANGER_QUESTION = "Is the child in immediate danger right now?"
DANGER_REMINDER = "IMMEDIATE DANGER: call 999 now if you have not already."
DANGER_ACK = "Press Enter to go on (999 stays at the foot of every screen)."
RESUME_CHOICES = (
    Choice("resume", "Resume the draft"),
    Choice("another", "Give another reference"),
)
ACT_NOW_ACK = "Press Enter once you have read whom to phone (it stays at the foot of every screen)."


REFERRAL_QUESTION = "Show a referral summary?"
# The same question as the consent screen's way out, so it costs no screen of its own: the
# record is saved either way, and the summary shown only once it is.
SAVE_ONLY = Mark("s", "save", "Save the record")
SAVE_AND_REFER = Mark("r", "referral", "Save the record, then show a referral summary")


class Unanswered(UsageError):
    """A question that no one can answer: an `--answers` run has no terminal to ask on."""


@dataclass(frozen=True)
class InterviewSetup:
    cases_dir: Path
    clock: Callable[[], datetime]
    resolve: Resolver
    available: Sequence[Framework]
    default_framework: str
    tool_version: str
    # Called between steps: raises KeyboardInterrupt once Ctrl-C has been pressed.
    checkpoint: Callable[[], None] = lambda: None
    # One line per remembered setting in use (settings file, environment): shown at the start.
    remembered: Sequence[str] = ()
    # Ask "Show a referral summary?" once the record is saved (a person at a terminal).
    offer_referral: bool = False


@dataclass(frozen=True)
class Start:
    """What the command line asked for, beyond the answers themselves."""

    reassess: bool = False  # --case REF: re-assess this (existing) case
    resume: bool = False  # --resume REF: continue its kept draft
    framework_given: bool = False  # --framework on the command line: an explicit choice
    answers_label: str = "answers file"  # how errors name the answers file


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


def prefilled(text: str) -> str:
    """A default to type after: what is there, then a space (never run two words together)."""
    return f"{text.rstrip()} " if text.strip() else ""


class Asking:
    """The engine's prompter: before each question it takes a pending Ctrl-C (see
    `InterviewSetup.checkpoint`) and shows a pending note (e.g. "Resuming …"), so that note
    is on screen when the practitioner is next asked anything."""

    def __init__(self, inner: Prompter, out: Output, checkpoint: Callable[[], None]) -> None:
        self.inner = inner
        self.out = out
        self.checkpoint = checkpoint
        self.pending = ""

    def _announce(self) -> None:
        self.checkpoint()
        if self.pending:
            self.out.note(self.pending)
            self.pending = ""

    def select(
        self,
        message: str,
        choices: Sequence[Choice],
        default: str | None = None,
        details: Sequence[str] = (),
    ) -> str:
        self._announce()
        return self.inner.select(message, choices, default, details)

    def checkbox(
        self,
        message: str,
        groups: Sequence[Group],
        allow_back: bool,
        on_change: TickListener | None = None,
        walk: WalkKeys | None = None,
    ) -> list[str]:
        self._announce()
        return self.inner.checkbox(message, groups, allow_back, on_change, walk)

    def search(
        self,
        message: str,
        find: Finder,
        ticked: Sequence[str],
        on_change: TickListener | None = None,
        notes: Notes | None = None,
        query: str = "",
    ) -> list[str]:
        self._announce()
        return self.inner.search(message, find, ticked, on_change, notes, query)

    def checklist(
        self,
        message: str,
        items: Sequence[Choice],
        marks: Sequence[Mark],
        endings: Sequence[Mark] = (),
    ) -> dict[str, str]:
        self._announce()
        return self.inner.checklist(message, items, marks, endings)

    def text(self, message: str, default: str = "") -> str:
        self._announce()
        return self.inner.text(message, default)

    def confirm(self, message: str, default: bool = False) -> bool:
        self._announce()
        return self.inner.confirm(message, default)

    def acknowledge(self, message: str) -> None:
        self._announce()
        self.inner.acknowledge(message)

    def remind(self, lines: Sequence[str]) -> None:
        self.inner.remind(lines)


class Interview:
    def __init__(
        self,
        prompter: Prompter,
        output: Output,
        setup: InterviewSetup,
        given: AnswerSheet | None = None,
        previous: Assessment | None = None,
        start: Start | None = None,
    ) -> None:
        self.out = output
        self.setup = setup
        self.prompter = Asking(prompter, output, setup.checkpoint)
        self.start = start or Start()
        self.fixed = given or blank()  # the answers file: never asked again
        self.given = self.fixed  # the answers file over a resumed draft
        self.previous = previous
        self.state = blank()
        self.framework: Framework | None = None
        self.framework_hash = ""
        self.claim: Claim | None = None
        self.reminders: list[str] = []
        self.changed_from = ""
        self.emergency_words_shown = False
        self.referral_wanted: bool | None = None  # chosen on the consent screen, if it was shown

    # --- running ------------------------------------------------------------------

    def run(self) -> Outcome:
        try:
            return self._run()
        except KeyboardInterrupt:
            raise Interrupted(self._offer_draft()) from None
        finally:
            if self.claim is not None:
                self.claim.release()

    def _run(self) -> Outcome:
        if self.start.resume:
            self._resume_draft()
        danger = self._immediate_danger()
        for line in self.setup.remembered:
            self.out.note(line)
        case_ref = self._case_ref()
        framework = self._choose_framework()
        if danger and not self.emergency_words_shown:
            self.out.emergency(framework)
            self.emergency_words_shown = True
        self._check_given(framework)
        self._save_draft()
        age = self._age()
        self.out.guidance(framework, "start")
        sections = self._sections(framework)
        self.out.guidance(framework, "domains")
        self._domains(framework, sections, age)
        self._strengths(framework)
        self._general_note()
        ticked = self._final_ticks()
        strengths = self.state.strengths or ""
        result = score(framework, Answers.of(ticked, danger, age, strengths))
        top = framework.top_rank
        if result.act_now:  # significant harm: the numbers for now, before any question
            urgent = plan_calls(
                framework, self.setup.clock(), danger, top, significant_harm=True
            )
            self.out.contacts(framework, urgent)
            self.out.act_now(framework, urgent, result)
            self.prompter.acknowledge(ACT_NOW_ACK)
            self._remind(act_now_reminder(urgent))
        self.out.result(framework, result)  # the suggestion and its reasons, by the decision
        self._say_not_looked_at(framework, ticked)
        self._checklists(framework, result.suggested)
        considerations = self._considerations(framework, result)
        decision = self._decision(framework, result, considerations)
        if decision.rank != result.suggested:  # the framework's guidance for the level chosen
            shown = [g.id for g in framework.guidance_for("result", result.suggested)]
            self.out.level_guidance(framework, decision.rank, shown)
            self._checklists(framework, decision.rank)
        moment = self.setup.clock()
        if not (result.act_now and decision.rank == top):  # else just shown, for this level
            plan = plan_calls(
                framework, moment, danger, level=decision.rank, significant_harm=result.act_now
            )
            self.out.contacts(framework, plan)  # whom to call, before the checklist
        consent = self._consent(framework, decision.rank, age, moment)
        assessment = self._assessment(
            framework, result, considerations, decision, consent, ticked, age, danger, sections
        ).model_copy(update={"assessed_at": moment})
        self.setup.checkpoint()
        try:
            record = store.append_assessment(self.setup.cases_dir, case_ref, assessment)
        except RecordError as exc:
            raise type(exc)(
                f"{exc} (your answers are kept: thresholdcli interview --resume {case_ref})"
            ) from None
        assert self.claim is not None
        self.claim.delete_draft()
        path = store.record_path(self.setup.cases_dir, case_ref)
        self.out.saved(path, record)
        if self.setup.offer_referral:
            self._offer_referral(record, framework)
        return Outcome(path, record, result)

    def _offer_referral(self, record: CaseRecord, framework: Framework) -> None:
        """The last step, once the record is saved: the summary for the phone call, as chosen
        on the consent screen, or asked here when there was none. On Ctrl-C it is not shown,
        and the record stands as saved."""
        show = self.referral_wanted
        if show is None:  # no consent screen to choose it on: asked on its own
            try:
                show = self.prompter.confirm(REFERRAL_QUESTION, default=False)
            except KeyboardInterrupt:
                show = False
        if show:
            from thresholdcli.casework.referral import build_referral

            latest = record.latest
            pin = PinCheck(latest.framework, "current", framework.ref)
            self.out.referral(
                build_referral(record, latest.number, framework, pin, framework, self.setup.clock())
            )
        else:
            self.out.note(
                f"The referral summary, any time: thresholdcli referral {record.case_ref}"
            )

    def _remind(self, line: str) -> None:
        if line not in self.reminders:
            self.reminders.append(line)
            self.prompter.remind(tuple(self.reminders))

    def _save_draft(self) -> None:
        if self.claim is not None and self.state.case_ref:
            self.claim.save(self.state)

    def _offer_draft(self) -> str:
        """After Ctrl-C: keep the draft or not; returns the one line to end with."""
        if self.claim is None or not self.state.case_ref:
            return "interrupted; nothing was saved (no case reference had been given)"
        ref = self.state.case_ref
        self._save_draft()
        try:
            keep = self.prompter.confirm("Keep a draft to resume later?", default=True)
        except (KeyboardInterrupt, Unanswered):
            keep = True
        if keep:
            return f"interrupted; draft kept: resume with thresholdcli interview --resume {ref}"
        self.claim.delete_draft()
        return "interrupted; the draft was discarded"

    def _set(self, **values: object) -> None:
        self.state = self.state.model_copy(update=values)
        self._save_draft()
        self.setup.checkpoint()

    # --- the opening: danger, case, framework -------------------------------------------

    def _known_framework(self) -> Framework | None:
        """The framework if already given (flag, answers file or draft): no question asked."""
        if self.given.framework is None:
            return None
        return self.setup.resolve(self.given.framework)[0]

    def _immediate_danger(self) -> bool:
        """The first question of every interview. On yes, 999 at once, and kept in sight."""
        danger = self.given.immediate_danger
        if danger is None:
            danger = self.prompter.confirm(DANGER_QUESTION, default=False)
        self.state = self.state.model_copy(update={"immediate_danger": danger})
        if danger:
            framework = self._known_framework()
            self.out.emergency(framework)
            self.emergency_words_shown = framework is not None
            self.prompter.acknowledge(DANGER_ACK)
            self._remind(DANGER_REMINDER)
        return danger

    def _resume_draft(self) -> None:
        """--resume REF: hold the case, then take up its draft where it stopped."""
        ref = check_case_ref(self.given.case_ref or "")
        self.claim = Claim(self.setup.cases_dir, ref)
        draft = store.load_draft(self.setup.cases_dir, ref)
        if draft is None:
            raise RecordError(f"no draft for case {ref} (see `thresholdcli drafts`)")
        self._adopt_draft(draft)

    def _adopt_draft(self, draft: AnswerSheet) -> None:
        ref = draft.case_ref
        asked = self.state.immediate_danger
        self.given = draft.model_copy(
            update={k: getattr(self.fixed, k) for k in self.fixed.model_fields_set}
        )
        self.state = draft.model_copy(update={"case_ref": ref})
        if asked is not None:  # answered just now: that answer stands
            self.given = self.given.model_copy(update={"immediate_danger": asked})
            self.state = self.state.model_copy(update={"immediate_danger": asked})
        record = store.find_record(self.setup.cases_dir, ref or "")
        if record is not None and self.previous is None:
            self.previous = record.latest
        self.prompter.pending = resuming_text(draft, self.previous is not None)

    def _case_ref(self) -> str:
        if self.claim is not None:  # resumed: already held
            return self.claim.case_ref
        ref = self.given.case_ref
        while True:
            ref = self._ask_case_ref() if ref is None else check_case_ref(ref)
            try:
                claim = Claim(self.setup.cases_dir, ref)
            except CaseInUseError as exc:
                if self.given.case_ref is not None:
                    raise
                self.out.note(str(exc))
                ref = None
                continue
            try:
                taken = self._take_case(ref)
            except BaseException:
                claim.release()
                raise
            if taken:
                self.claim = claim
                break
            claim.release()
            ref = None
        if self.state.case_ref is None:
            role = self.given.assessor_role  # kept in the draft so a resume records it too
            self.state = self.state.model_copy(update={"case_ref": ref, "assessor_role": role})
        return ref

    def _ask_case_ref(self) -> str:
        while True:
            raw = self.prompter.text(
                "Case reference (a pseudonymous id such as your agency's case number, "
                "never the child's name):"
            ).strip()
            try:
                return check_case_ref(raw)
            except CaseRefError as exc:
                self.out.note(str(exc))

    def _take_case(self, ref: str) -> bool:
        """Under the claim: resume a kept draft, re-assess an existing case, or start anew.

        False when the practitioner would rather give another reference. Two children's
        records are never merged without an explicit choice."""
        info = draft_info(self.setup.cases_dir, ref)
        if info is not None:
            message = (
                f"Case {ref} has a draft kept {when(info.saved_at)} "
                f"({info.framework or 'framework not chosen'}, {info.domains_answered} "
                "domain(s) answered). Resume it, or give another reference?"
            )
            try:
                answer = self.prompter.select(message, RESUME_CHOICES, default="resume")
            except Unanswered:
                raise UsageError(
                    f"case {ref} has a draft kept {when(info.saved_at)}: continue it with "
                    f"thresholdcli interview --resume {ref} (an answers file can be added), "
                    "or give another reference"
                ) from None
            if answer != "resume":
                return False
            draft = store.load_draft(self.setup.cases_dir, ref)
            assert draft is not None
            self._adopt_draft(draft)
            return True
        record = store.find_record(self.setup.cases_dir, ref)
        if record is None:
            return True
        if self.start.reassess or self.previous is not None:
            self.previous = self.previous or record.latest
            return True
        last = record.latest
        summary = existing_case_text(record)
        try:
            answer = self.prompter.select(
                f"{summary} Re-assess this case, or give another reference?",
                [
                    Choice("reassess", f"Re-assess case {ref} (adds assessment {last.number + 1})"),
                    Choice("another", "Give another reference (this is a different child)"),
                ],
                default="another",
            )
        except Unanswered:
            raise UsageError(
                f"{summary[:-1]}; to re-assess it pass --case {ref}, or give another reference"
            ) from None
        if answer != "reassess":
            return False
        self.previous = last
        return True

    def _choose_framework(self) -> Framework:
        ref = self.given.framework
        before = self.previous.framework if self.previous else None
        asked = False
        while True:
            if ref is None:
                default = before.id if before else self.setup.default_framework
                choices = [Choice(f.id, framework_title(f)) for f in self.setup.available]
                ref = self.prompter.select("Which framework?", choices, default=default)
                asked = True
            framework, digest = self.setup.resolve(ref)
            if before is None or framework.id == before.id:
                break
            was = f"{before.id}@{before.version}"
            if asked:
                if self.prompter.confirm(
                    f"Case {self.state.case_ref} was last assessed with {was}. Re-assess it "
                    f"with {framework.ref} instead? The record will show the change.",
                    default=False,
                ):
                    break
                ref = None
                continue
            from_draft = "framework" not in self.fixed.model_fields_set
            if not (self.start.framework_given or from_draft):
                raise UsageError(
                    f"case {self.state.case_ref} was last assessed with {was}, not "
                    f"{framework.ref}: to change framework, pass --framework {framework.id}"
                )
            break
        if before is not None and framework.id != before.id:
            self.changed_from = f"{before.id}@{before.version}"
            self.out.note(f"Framework changed from {self.changed_from} to {framework.ref}.")
        if framework.superseded_by:
            self.out.note(
                f"{framework.ref} is superseded by {framework.superseded_by}: "
                "use it only if this case must stay on the older framework."
            )
        self.framework, self.framework_hash = framework, digest
        self.state = self.state.model_copy(update={"framework": framework.ref})
        return framework

    def _check_given(self, framework: Framework) -> None:
        """Every id given up front exists: the answers file's first, then a resumed draft's."""
        for label, sheet in (
            (self.start.answers_label, self.fixed),
            (f"the draft of {self.state.case_ref}", self.given),
        ):
            problems = unknown_ids(framework, sheet)
            if problems:
                more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
                raise UsageError(f"{label}: {problems[0]}{more}")

    # --- steps --------------------------------------------------------------------

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
        """The walk: one screen per domain, "Nothing here" first. From any screen the
        search (any indicator of the framework) and a note on the domain; the walk can be
        finished early, and the domains not looked at are then said and recorded."""
        domains = self._active_domains(framework, sections)
        if self.previous is not None:
            retired = [i for i in self.previous.ticked_ids if i not in framework.indicator_index]
            if retired:
                self.out.note(
                    f"Ticked last time but not in {framework.ref}: {', '.join(retired)} "
                    "(see `thresholdcli rescore`); check whether a current indicator applies."
                )
        self._set(notes={**self.given.notes, **self.state.notes})
        index = 0
        answered: dict[str, list[str]] = dict(self.state.domains)
        reopened: set[str] = set()  # answered in a resumed draft, then gone back to
        skipped = set(self.given.domains_not_looked_at or [])  # a resumed draft finished early

        def own(domain: Domain) -> set[str]:
            return {i.id for i in framework.indicators_in(domain.id)}

        def fixed(domain: Domain) -> list[str] | None:
            return self.fixed.ticked_for(domain.id, own(domain))

        while index < len(domains):
            domain = domains[index]
            if domain.id in skipped and domain.id not in answered:
                index += 1
                continue
            self.out.domain_header(index + 1, len(domains), domain)
            ticks_given = fixed(domain)
            if ticks_given is None and domain.id not in reopened:
                ticks_given = self.given.ticked_for(domain.id, own(domain))
            finish = False
            if ticks_given is not None:
                ticks = [i for i in ticks_given if i in own(domain)]
                note = self.given.notes.get(domain.id, "")
                self.out.note(carried_over_text(framework, ticks, note))
            else:
                can_go_back = index > 0 and fixed(domains[index - 1]) is None
                left = [d for d in domains[index + 1 :] if d.id not in answered.keys() | skipped]
                screen = DomainScreen(domain, (index + 1, len(domains)), can_go_back, len(left))
                picked = self._ask_domain(framework, screen, age, answered, sections)
                if picked is None:
                    index -= 1
                    reopened.add(domains[index].id)
                    continue
                finish, ticks = picked
                answered = dict(self.state.domains)  # the search may have changed others
                answered[domain.id] = ticks
                unfinished = {k: v for k, v in self.state.unfinished.items() if k != domain.id}
                found = [t for t in self.state.found if t not in own(domain)]
                self._set(domains=dict(answered), unfinished=unfinished, found=found)
            answered[domain.id] = ticks
            self._set(domains=dict(answered))
            self._follow_references(framework, ticks, sections)
            domains = self._active_domains(framework, sections)
            index = domains.index(domain) + 1
            if finish:
                self._finish_early(framework, domains, answered)
                return
        self._set(domains_not_looked_at=[d.id for d in domains if d.id not in answered])

    def _finish_early(
        self, framework: Framework, domains: list[Domain], answered: dict[str, list[str]]
    ) -> None:
        """The walk finished early: say which domains were not looked at, and keep them."""
        left = [d for d in domains if d.id not in answered]
        self._set(domains_not_looked_at=[d.id for d in left])
        if left:
            self.out.note(
                f"Walk finished early: {len(left)} domain(s) not looked at "
                "(listed with the suggestion, and kept in the record)."
            )

    def _say_not_looked_at(self, framework: Framework, ticked: list[str]) -> None:
        left = [framework.domain(d) for d in self.state.domains_not_looked_at or []]
        if left:
            ids = {d.id for d in left}
            counted = [t for t in ticked if framework.indicator_index[t].domain in ids]
            self.out.note(not_looked_at_text(framework, left, counted))

    def _final_ticks(self) -> list[str]:
        """Every tick in force: the walk's answers, then ticks made in domains not answered
        (through the search, or on a screen that was interrupted): never dropped."""
        ticked = self.state.all_ticked()
        for extra in (*self.state.unfinished.values(), self.state.found):
            ticked.extend(t for t in extra if t not in ticked)
        return ticked

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
        screen: DomainScreen,
        age: Age,
        answered: dict[str, list[str]],
        sections: list[str],
    ) -> tuple[bool, list[str]] | None:
        """(finished the walk here?, the ticks), or None to go back."""
        domain = screen.domain
        number, total = screen.position
        notes = self._notes_on(framework, lambda value: domain)
        finish = (
            f"Finish the walk here ({screen.left} domain(s) not looked at)" if screen.left else ""
        )
        walk = WalkKeys(finish=finish, search=True, notes=notes)
        while True:
            kept = self.state.unfinished.get(domain.id)
            index = framework.indicator_index
            earlier = [t for t in self.state.found if index[t].domain == domain.id]
            if kept is not None:
                checked = set(kept)
            elif domain.id in answered:
                checked = set(answered[domain.id])
            elif self.previous is not None:
                checked = set(self.previous.ticked_ids)
            else:
                checked = set()
            checked |= set(earlier)
            groups = indicator_groups(framework, framework.indicators_in(domain.id), age, checked)
            message = (
                f"Domain {number} of {total} · {domain.name}: tick every indicator that applies"
            )
            if kept is not None:
                message += " — the ticks made before the interruption are kept: check them"
            elif earlier:
                message += " — the ticks made in the search are kept: check them"
            elif self.previous is not None and domain.id not in answered:
                message += " — last assessment's ticks are pre-ticked: still applies?"

            def keep_ticks(ticks: list[str]) -> None:
                real = [t for t in ticks if t not in (BACK, NONE_OF_THESE, FINISH, SEARCH)]
                self._set(unfinished={**self.state.unfinished, domain.id: real})

            picked = self.prompter.checkbox(
                message, groups, allow_back=screen.can_go_back, on_change=keep_ticks, walk=walk
            )
            if picked and picked[0] == SEARCH:
                self._search(framework, age, sections, picked[1] if len(picked) > 1 else "")
                answered.update(self.state.domains)
                continue
            if BACK in picked:
                return None
            finished = bool(picked) and picked[0] == FINISH
            ticks = [p for p in picked if p not in (NONE_OF_THESE, FINISH)]
            return finished, ticks

    # --- the search ---------------------------------------------------------------------

    def _search(self, framework: Framework, age: Age, sections: list[str], query: str) -> None:
        """Any indicator of the framework, found by words; a tick here is the walk's tick."""
        from thresholdcli.advice.search import search

        unchosen = [s.name for s in framework.sections if s.id not in sections]
        where = f", and the {' and '.join(unchosen)} too" if unchosen else ""
        message = SEARCH_QUESTION.format(authority=framework.authority, sections=where)

        def find(words: str) -> list[Choice]:
            return [
                search_choice(framework, hit.indicator, age, sections)
                for hit in search(framework, words)
            ]

        def apply(ticks: list[str]) -> None:
            self._apply_search(framework, ticks, sections)

        def domain_of(value: str) -> Domain | None:
            found = framework.indicator(value)
            return None if found is None else framework.domain(found.domain)

        notes = self._notes_on(framework, domain_of)
        ticks = self.prompter.search(
            message, find, self._final_ticks(), on_change=apply, notes=notes, query=query
        )
        apply(ticks)

    def _apply_search(self, framework: Framework, ticks: list[str], sections: list[str]) -> None:
        """Make the walk's state hold exactly `ticks`: each added in its own domain (answered,
        on a screen kept, or not yet reached), each removed wherever it was."""
        before = self._final_ticks()
        index = framework.indicator_index
        added = [t for t in ticks if t not in before and t in index]
        removed = {t for t in before if t not in ticks}
        domains = {d: [t for t in v if t not in removed] for d, v in self.state.domains.items()}
        unfinished = {
            d: [t for t in v if t not in removed] for d, v in self.state.unfinished.items()
        }
        found = [t for t in self.state.found if t not in removed]
        for tick in added:
            home = index[tick].domain
            mine = {i.id for i in framework.indicators_in(home)}
            if self.fixed.ticked_for(home, mine) is not None:
                self.out.note(f"[{tick}] is in a domain the answers file answers: not changed.")
                continue
            if home in domains:
                domains[home].append(tick)
            elif home in unfinished:
                unfinished[home].append(tick)
            else:
                found.append(tick)
        self._set(domains=domains, unfinished=unfinished, found=found)
        for tick in added:
            section = framework.domain(index[tick].domain).section
            if section is not None and section not in sections:
                sections.append(section)
                name = next(s.name for s in framework.sections if s.id == section)
                self.out.note(
                    f"[{tick}] is in the {name}: its domains are added to this interview."
                )
                self._set(sections=list(sections))
        self._follow_references(framework, added, sections)

    # --- notes ------------------------------------------------------------------------

    def _notes_on(
        self, framework: Framework, domain_of: Callable[[str], Domain | None]
    ) -> Notes:
        def target(value: str) -> NoteTarget | None:
            found = domain_of(value)
            return None if found is None else NoteTarget(found.id, found.name)

        return Notes(
            target=target,
            text=lambda domain_id: self.state.notes.get(domain_id, ""),
            save=self._save_note,
        )

    def _save_note(self, key: str, text: str) -> None:
        notes = dict(self.state.notes)
        if text.strip():
            notes[key] = text.strip()
        else:
            notes.pop(key, None)
        self._set(notes=notes)

    def _general_note(self) -> None:
        """One notes box at the end (a note on one domain is a key away on its screen)."""
        if GENERAL_NOTE in self.given.notes:
            return
        before = self.previous.notes.get(GENERAL_NOTE, "") if self.previous else ""
        default = prefilled(self.state.notes.get(GENERAL_NOTE, before))
        try:
            text = self.prompter.text(NOTES_QUESTION, default=default)
        except Unanswered:  # an answers file that gives no notes: there are none
            text = ""
        self._save_note(GENERAL_NOTE, text)

    def _strengths(self, framework: Framework) -> None:
        self.out.guidance(framework, "strengths")
        strengths = self.given.strengths
        if strengths is None:
            default = prefilled(self.previous.strengths if self.previous else "")
            strengths = self.prompter.text(
                "Strengths and protective factors (free text; they never lower the level):",
                default=default,
            ).strip()
        self._set(strengths=strengths)

    def _checklists(self, framework: Framework, rank: int) -> None:
        """The lists the framework prints for this level to tick (e.g. Telford's warning
        signs): its introduction shown, then each item that is or has been present ticked.
        Asked once (at the suggested level, else at a level chosen instead); recorded as
        printed; they never change the suggestion."""
        ticked = dict(self.state.guidance_ticked)
        for block in framework.guidance_for("ask", rank):
            if block.id in ticked:  # asked already, at the suggested level
                continue
            given = self.given.guidance_ticked.get(block.id)
            if given is None:
                self.out.note(checklist_intro(framework, block))
                choices = tuple(
                    Choice(str(n), plain(text)) for n, text in enumerate(block.choices, 1)
                )
                try:
                    picked = self.prompter.checkbox(
                        block.question, [Group(block.title, choices)], allow_back=False
                    )
                except Unanswered as exc:  # an answers file: say how to give them
                    raise Unanswered(
                        f"{exc} (give [guidance_ticked] {block.id} = the items present, word "
                        "for word from the framework, or [] for none)"
                    ) from None
                numbers = {str(n) for n in range(1, len(block.choices) + 1)} & set(picked)
                given = [block.choices[int(n) - 1] for n in sorted(numbers, key=int)]
            ticked[block.id] = list(given)
            self._set(guidance_ticked=dict(ticked))
            self.out.note(checklist_ticked(block, given))

    def _considerations(self, framework: Framework, result: Result) -> list[ConsiderationRecord]:
        records = []
        decided = dict(self.given.considerations)
        for item in result.considerations:
            accepted = decided.get(item.rule_id)
            if accepted is None:
                accepted = self.prompter.confirm(
                    f"{item.explanation} ({item.count_line}) "
                    f"{framework_says(item.cites)} “{plain(item.quote)}” "
                    f"Will you consider level {item.consider_level}?",
                    default=False,
                )
            decided[item.rule_id] = accepted
            records.append(
                ConsiderationRecord(
                    rule=item.rule_id,
                    consider_level=item.consider_level,
                    accepted=accepted,
                    text=f"{item.explanation} ({item.count_line})",
                )
            )
        self._set(considerations=decided)
        return records

    def _decision(
        self, framework: Framework, result: Result, considerations: list[ConsiderationRecord]
    ) -> Decision:
        suggested = framework.level(result.suggested)
        choice = self.given.decision
        if choice is None:
            choices = [Choice("accept", f"Accept level {suggested.rank}: {suggested.name}")]
            choices += [
                Choice(str(level.rank), f"Choose level {level.rank}: {level.name} instead")
                for level in framework.levels
                if level.rank != suggested.rank
            ]
            considered = [c.consider_level for c in considerations if c.accepted]
            default = "accept"
            if considered and max(considered) != suggested.rank:
                default = str(max(considered))  # "will you consider level 4?" yes: level 4 first
            from thresholdcli.render.interview import details_lines

            answer = self.prompter.select(
                "Your decision:", choices, default=default, details=details_lines(framework, result)
            )
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

    def _consent(
        self, framework: Framework, rank: int, age: Age, moment: datetime
    ) -> list[ConsentRecord]:
        """Every item on one screen, each set by a key: done, to do (with its due time where
        the framework prints a limit), not done (the reason asked next, only for those) or
        not applicable. A duty not yet done is never "done"."""
        items = consent_rules.checklist(framework, rank, age)
        if items:
            self.out.consent_header(framework, rank)
        answers: dict[str, str | ConsentGiven] = dict(self.state.consent)
        asked = [item for item in items if item.id not in self.given.consent]
        for item in asked:
            self.out.note(consent_rules.rule_text(item))
            for line in consent_rules.due_lines(item, moment):
                self.out.note(line)
        marked: dict[str, str] = {}
        if asked:
            rows = [
                Choice(item.id, consent_rules.question_text(item), note=_due_note(item, moment))
                for item in asked
            ]
            endings = (SAVE_ONLY, SAVE_AND_REFER) if self.setup.offer_referral else ()
            marked = self.prompter.checklist(CONSENT_QUESTION, rows, CONSENT_MARKS, endings)
            if endings:
                self.referral_wanted = marked.get(ENDING) == SAVE_AND_REFER.value
        records = []
        for item in items:
            given = self.given.consent.get(item.id)
            due = consent_rules.due_time(item, moment)
            if given is None:
                value = marked[item.id]
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
                    due=due if given.answer == "to_do" else None,
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
            framework_changed_from=self.changed_from,
            domains_not_looked_at=list(self.state.domains_not_looked_at or []),
            guidance_ticked=dict(self.state.guidance_ticked),
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
    """A domain's indicators under level headings, highest level first.

    Every indicator is offered at any age: those whose age range fits the child come first,
    the others after them with a note on the age they usually concern."""
    groups = []
    for level in reversed(framework.levels):
        at_level = [ind for ind in indicators if ind.level == level.rank]
        at_level.sort(key=lambda ind: bool(age_note(ind.age, age)))
        choices = tuple(
            Choice(ind.id, plain(ind.text), ind.id in checked, age_note(ind.age, age))
            for ind in at_level
        )
        if choices:
            groups.append(Group(f"Level {level.rank}: {level.name}", choices))
    return groups


@dataclass(frozen=True)
class DomainScreen:
    domain: Domain
    position: tuple[int, int]  # (number, of how many)
    can_go_back: bool
    left: int  # domains after this one not yet answered: what finishing here leaves out


def _due_note(item: ConsentItem, moment: datetime) -> str:
    due = consent_rules.due_time(item, moment)
    return f"if to do: due {consent_rules.when(due)}" if due is not None else ""


def search_choice(framework: Framework, ind: Indicator, age: Age, sections: list[str]) -> Choice:
    """A search hit: the indicator's own words, with its level and domain beside them (and
    the age it usually concerns, as thresholdcli's reading: age never hides one)."""
    level = framework.level(ind.level)
    domain = framework.domain(ind.domain)
    where = f"level {level.rank} {level.name} · {domain.name}"
    if domain.section is not None and domain.section not in sections:
        section = next(s.name for s in framework.sections if s.id == domain.section)
        where += f" ({section}, not chosen yet)"
    note = age_note(ind.age, age)
    return Choice(ind.id, plain(ind.text), note=f"{where} · {note}" if note else where)


def not_looked_at_text(framework: Framework, left: list[Domain], counted: list[str]) -> str:
    names = "; ".join(d.name for d in left)
    text = (
        f"Not looked at (the walk was finished early): {len(left)} domain(s): {names}. "
        "The record keeps this list."
    )
    if counted:
        text += f" Ticks made there in the search count: {', '.join(counted)}."
    return text


__all__ = ["carried_over_text", "indicator_groups", "prefilled", "when"]

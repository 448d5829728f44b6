"""What the practitioner sees beside the suggestion: act-now route, links, strengths."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tests.conftest import run_cli as run_cli_full
from thresholdcli.advice.scoring import Answers, Result, score
from thresholdcli.framework import loader
from thresholdcli.framework.model import Framework
from thresholdcli.interview.engine import Interview, InterviewSetup, Outcome
from thresholdcli.interview.output import SilentOutput
from thresholdcli.interview.session import NoPrompter
from thresholdcli.quote_markup import plain
from thresholdcli.records.sheet import AnswerSheet
from thresholdcli.render.console import plain_console
from thresholdcli.render.interview import ACT_NOW_LINE, STRENGTHS_HEADING, result_panel


def fw(ref: str) -> Framework:
    return loader.resolve(ref)[0]


def shown(framework: Framework, result: Result) -> str:
    buffer = io.StringIO()
    plain_console(buffer, width=400).print(result_panel(framework, result))
    return " ".join(line.strip(" │") for line in buffer.getvalue().splitlines())


@pytest.mark.parametrize(
    ("ref", "ticked"),
    [
        ("staffordshire-2023", "sh.4.06"),
        ("staffordshire-2022", "health.4.10"),
        ("stoke-on-trent", "abuse.5.01"),
        ("hull", "fam.4.01"),
        ("telford-wrekin", "care.4.02"),
    ],
)
def test_act_now_shows_the_frameworks_words_and_phone_now(ref: str, ticked: str) -> None:
    framework = fw(ref)
    text = shown(framework, score(framework, Answers.of([ticked], strengths="Aunt nearby")))
    assert "ACT NOW" in text
    assert ACT_NOW_LINE in text
    assert " ".join(plain(framework.act_now).split()) in " ".join(text.split())
    assert "The strengths recorded do not change this." in text
    assert text.index("ACT NOW") < text.index("Suggested:")


ACT_NOW_TICKS = {
    "staffordshire-2023": "sh.4.06",
    "staffordshire-2022": "health.4.10",
    "stoke-on-trent": "abuse.5.01",
    "hull": "fam.4.01",
    "telford-wrekin": "care.4.02",
}


@pytest.mark.parametrize(
    ("ref", "words"),
    [
        # A decision not to seek permission needs a manager's approval: never "do not wait".
        (
            "staffordshire-2022",
            [
                "A decision by any professional not to seek parental permission before making a "
                "referral to Children's Social Care Services must be approved by their manager, "
                "recorded and the reasons given."
            ],
        ),
        (
            "stoke-on-trent",
            [
                "A decision by any professional not to seek parental permission before making a "
                "referral to Children's Social Care Services must be approved by their manager, "
                "recorded and the reasons given."
            ],
        ),
        (
            "staffordshire-2023",
            [
                "where possible seek the family’s agreement to making a referral unless this may, "
                "either by delay or the behavioural response it prompts or for any other reason, "
                "place the child at increased likelihood of suffering Significant Harm.",
                "should be approved by their manager where possible, recorded and the reasons "
                "given.",
            ],
        ),
        (
            "hull",
            [
                "and to seek their consent to this sharing - unless it is unsafe to do so.",
                "Parents/carers and children (if old enough) must always be informed before a "
                "contact is made to children's social care in relation to significant harm unless "
                "to do so would increase the risk of harm to the child.",
            ],
        ),
        (
            "telford-wrekin",
            [
                "Barriers to gaining consent should also not delay a child protection referral "
                "being completed and sent to Family Connect.",
                "The referring practitioner, would need to inform parents or carers of the child "
                "protection referral, unless to do so may:",
            ],
        ),
    ],
)
def test_act_now_quotes_the_frameworks_own_words_on_consent(ref: str, words: list[str]) -> None:
    framework = fw(ref)
    text = " ".join(shown(framework, score(framework, Answers.of([ACT_NOW_TICKS[ref]]))).split())
    assert "Do not wait for consent" not in text
    assert "consent or a form" not in text
    for quote in words:
        assert quote in text


def test_no_act_now_panel_without_an_act_now_indicator() -> None:
    framework = fw("staffordshire-2023")
    text = shown(framework, score(framework, Answers.of(["par.3.03"])))
    assert "ACT NOW" not in text and ACT_NOW_LINE not in text


def test_strengths_are_shown_beside_the_suggestion() -> None:
    framework = fw("hull")
    text = shown(framework, score(framework, Answers.of(["par.3.01"], strengths="Dad engages")))
    assert STRENGTHS_HEADING in text
    assert "Dad engages" in text
    assert "Suggested: level 3 of 4" in text


def test_no_strengths_heading_when_none_recorded() -> None:
    framework = fw("hull")
    assert STRENGTHS_HEADING not in shown(framework, score(framework, Answers.of(["par.3.01"])))


def test_linked_indicator_is_explained_from_the_data() -> None:
    framework = fw("staffordshire-2023")
    text = shown(framework, score(framework, Answers.of(["par.3.08"])))
    assert "See also (these never change the suggestion):" in text
    assert "See also [sh.4.01]" in text
    assert "higher, at level 4" in text
    # The link is thresholdcli's, not the framework's: its reason is shown.
    reason = framework.reading["indicators.linked"]
    assert f"thresholdcli's reading: {reason}" in " ".join(text.split())


def test_consideration_quotes_the_framework() -> None:
    framework = fw("telford-wrekin")
    ticked = ["care.2.01", "warmth.2.01", "guide.2.01"]
    text = shown(framework, score(framework, Answers.of(ticked)))
    assert "Consider: Needs at level 2 or above in 3 domains" in text
    assert framework.accumulation[0].quote in text


# --- the interview: act-now numbers at once ---------------------------------------------


def sheet(framework: Framework, ticked: list[str], strengths: str = "") -> AnswerSheet:
    return AnswerSheet(
        framework=framework.id,
        case_ref="C-500",
        age=9,
        immediate_danger=False,
        sections=[],
        indicators=ticked,
        strengths=strengths,
        decision="accept",
        consent={item.id: "done" for item in framework.consent},
    )


def interview(setup: InterviewSetup, given: AnswerSheet) -> tuple[Outcome, SilentOutput]:
    out = SilentOutput()
    outcome = Interview(NoPrompter(), out, setup, given).run()
    return outcome, out


def test_interview_shows_the_call_plan_right_after_an_act_now_result(
    setup: InterviewSetup,
) -> None:
    framework = fw("staffordshire-2023")
    outcome, out = interview(setup, sheet(framework, ["sh.4.06"], "Gran nearby"))
    kinds = out.kinds()
    at = kinds.index("act_now")
    # Whom to phone first, before any other question; then the suggestion, by the decision.
    assert kinds[at - 1 : at + 2] == ["contacts", "act_now", "result"]
    assert kinds.count("contacts") == 1  # the decision is the top level: already shown
    assert outcome.result.act_now
    assert outcome.result.protective_factors == "Gran nearby"
    assert outcome.record.latest.strengths == "Gran nearby"
    assert outcome.record.latest.suggestion.rank == 4


def test_interview_without_act_now_shows_the_call_plan_once_before_consent(
    setup: InterviewSetup,
) -> None:
    framework = fw("staffordshire-2023")
    _, out = interview(setup, sheet(framework, ["par.3.03"]))
    kinds = out.kinds()
    assert kinds.count("contacts") == 1
    assert kinds[-3:] == ["contacts", "consent", "saved"]


# --- score --explain / --format json ----------------------------------------------------


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code, out, _ = run_cli_full(args, capsys)
    return code, out


def test_score_json_carries_see_also_and_strengths_flag(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = tmp_path / "case.toml"
    case.write_text(
        'framework = "staffordshire-2023"\nindicators = ["par.3.09"]\nage = 12\n'
        'strengths = "Mother accessing support"\n',
        encoding="utf-8",
    )
    code, out = run_cli(["score", str(case), "--format", "json"], capsys)
    assert code == 0
    (row,) = json.loads(out)["results"]
    assert row["suggested"] == {"rank": 3, "name": "Targeted Early Help"}
    assert [(s["ticked"], s["linked"], s["level"]) for s in row["see_also"]] == [
        ("par.3.09", "sh.4.01", 4)
    ]
    assert row["protective_factors_recorded"] is True
    assert "Mother" not in out  # free text stays in the record, not in machine output


def test_the_interview_result_keeps_reasons_first_and_details_a_key_away() -> None:
    from thresholdcli.render.interview import DETAILS_HINT, details_lines

    framework = fw("hull")
    result = score(framework, Answers.of(["par.3.01"], strengths="Dad engages"))
    buffer = io.StringIO()
    plain_console(buffer, width=80).print(result_panel(framework, result, full=False))
    compact = buffer.getvalue()
    assert "Suggested: level 3 of 4" in compact and "[par.3.01]" in compact
    assert "What to do at this level" not in compact and DETAILS_HINT.split(" (")[0] in compact
    assert len(compact.splitlines()) <= 12  # beside the decision on a 24-row screen
    details = details_lines(framework, result)
    assert "What to do at this level:" in details and "Dad engages" in " ".join(details)
    full = shown(framework, result)
    assert all(" ".join(line.split()) in " ".join(full.split()) for line in details[:2])

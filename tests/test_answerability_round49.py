"""Round forty-nine, read from near_domain97-100 and unseen98-101; exact verdicts, invented corpus:
- a hedge after a comma ("what's the stipend worth, roughly?") is one ask with the figure it hedges;
- "founder-stage", "level", "posting" and "vacancy" are words of a job's name, which ask nothing of it;
- no employer's name runs across a bracket or a comma ("(meso scale) AI eng" is no "Scale AI"), though
  "Re:Build" is one name;
- a country's people ("canadian applicants") are answered by a line on the country;
- an employer before "or X API" is a tool, not the employer interviewing ("the OpenAI or Anthropic API");
- the AI teams and "the places hiring" are the employers as a set, "best" and "worst" frame a question about
  them, and the asker's situation told beside it frames it too; "X at these companies?" asks them all;
- "where is it based" after the asker's situation still asks;
- a contract term added with "+" ("office days + visa sponsorship") is its own part; the asker's own state
  told first ("I'm abroad and would need a work visa - is X remote-first") asks no term when a later part
  does, and is the part not covered when the rest asks something else; "would they pay to move me" asks
  relocation;
- "properly" in "is it properly remote" hedges, and "how generous" after a perk asks its size;
- the asker paying for a course is nothing postings pay for; "how many roles have X" is answered by a share,
  and a share of the jobs a heading names counts; "…, right? and do they give equity" asks the perk beside
  another ask; "onsite %" is the workplace."""

from __future__ import annotations

import pytest

from rag.answer.answerability import AnswerabilityChecker
from rag.answer.asks import question_asks
from rag.answer.employer_pay import names_job
from rag.answer.employer_quantity import bare_quantity
from rag.answer.figure_gaps import PART_OF
from rag.answer.figure_kinds import kind_ask
from rag.answer.figure_subject import about_subject
from rag.answer.interviews import as_employer, asks_interview_process
from rag.answer.policy import policy_ask, policy_gap, policy_or_rule_ask
from rag.answer.question_words import parts
from rag.answer.set_asks import frames_only, some_have
from rag.answer.verdict import Verdict
from rag.answer.word_cover import equivalent
from rag.index.bm25 import BM25Index
from rag.index.catalog import catalog_for
from rag.market.unrecorded import pay_gap
from rag.records import Chunk
from tests.test_answerability_round10 import URL, chunk
from tests.test_answerability_round29 import PAGES, notes
from tests.test_market_router import router  # noqa: F401 (the router fixture)


def posting(n: int, company: str, title: str, text: str):
    return chunk(n, "posting", f"{title} at {company}", text, company)


def test_a_hedge_after_a_comma_is_one_ask_with_its_figure():
    question = "Quillby automation engineer: what's the remote setup stipend worth, roughly?"
    assert question_asks(question) == [
        "Quillby automation engineer: what's the remote setup stipend worth, roughly"
    ]
    assert question_asks("Quillby engineer: stipend worth, and the bonus?") == [
        "Quillby engineer: stipend worth",
        "the bonus",
    ]


def test_a_founder_stage_role_only_names_the_job():
    korra = posting(201, "Korra", "Founding AI Product Engineer", "Meaningful equity for early hires.")
    catalog = catalog_for(BM25Index().fit([*PAGES, *notes(20), korra]))
    named = catalog.companies_in("korra founder-stage role, ownership stake size?")
    assert [c.name for c in named] == ["Korra"]
    assert names_job("korra founder-stage role", named, catalog)
    assert not names_job("korra remote role", named, catalog)  # "remote" asks of the job


def test_no_name_runs_across_a_bracket():
    scale = posting(202, "Scale AI", "Gen AI Software Engineer", "Ship data tooling.")
    meso = posting(203, "MESO SCALE DIAGNOSTICS, LLC", "Senior AI Engineer", "A 401(k) plan with matching.")
    rebuild = posting(204, "Re:Build Manufacturing", "AI Engineer", "Build factory software.")
    catalog = catalog_for(BM25Index().fit([*PAGES, *notes(20), scale, meso, rebuild]))
    named = catalog.companies_in("MSD (meso scale) AI eng - what % bonus target")
    assert "Scale AI" not in [c.name for c in named]
    assert [c.name for c in catalog.companies_in("Scale AI gen ai swe, which teams")] == ["Scale AI"]
    assert [c.name for c in catalog.companies_in("Re:Build Manufacturing - how do they interview")] == [
        "Re:Build Manufacturing"
    ]


def test_a_countrys_people_are_answered_by_the_country():
    canada = chunk(
        205, "posting", "Principal Engineer at Wellmoor", "Applicants in Canada may apply.", "Wellmoor"
    )
    assert equivalent("canadian", [canada])
    assert not equivalent("british", [canada])


def test_an_employer_before_another_api_is_a_tool():
    question = "is being able to call the OpenAI or Anthropic API enough to stand out in a take home?"
    assert not as_employer("OpenAI", question)
    assert as_employer("OpenAI", "the OpenAI interview: how many rounds")


@pytest.mark.parametrize(
    ("question", "missing"),
    [
        ("office karaoke for ai teams", ("karaoke",)),
        (
            "is there an office playlist at the places hiring AI engineers? asking because I cannot work in "
            "silence",
            ("playlist",),
        ),
        ("harp lessons - which ai employers are best", ("harp",)),
    ],
)
def test_the_employers_as_a_set_asked_about_a_word_no_passage_has(question, missing):
    assert frames_only(question, missing)


def test_a_question_of_its_own_is_no_frame():
    assert not frames_only("which verbs come up most often when companies list responsibilities?", ("verbs",))


def test_a_thing_at_these_companies_is_asked_of_them_all():
    assert some_have("bake sale at these companies?") == "bake sale"
    assert some_have("how do interviews go at these companies?") is None


def test_where_it_is_based_still_asks_after_the_situation():
    question = (
        "I'm in Philly - tallow QA automation AI job, where is it based and is there any relocation help"
    )
    assert parts(question) == [
        "I'm in Philly - tallow QA automation AI job, where is it based",
        "is there any relocation help",
    ]
    assert parts("I'm in Philly, when I can") == ["I'm in Philly, when I can"]


def test_a_term_added_with_a_plus_is_its_own_part():
    question = "brindle senior MLE AI platform office days + visa sponsorship"
    office = posting(206, "Brindle", "Senior MLE AI Platform", "You'll be in the office three days a week.")
    verdict = policy_gap(
        question, {("brindle",)}, [office], lambda s: 1.0, lambda *a: [], Verdict("full", "covered")
    )
    assert verdict == Verdict("partial", "policy-not-stated", ("visa sponsorship",))
    verdict = policy_gap(
        "brindle RSU count and vesting",
        {("brindle",)},
        [office],
        lambda s: 1.0,
        lambda *a: [],
        Verdict("full", "covered"),
    )
    assert verdict.coverage == "none"


def test_the_askers_own_state_asks_no_term_when_a_later_part_does():
    ask = policy_ask("I'm abroad on a visa - what's the parental leave at Corvel, and is it remote")
    assert (ask.part, ask.term) == ("what's the parental leave at Corvel", "parental leave")
    ask = policy_ask(
        "I'm abroad and would need a work visa - is the Stylo Clojure role remote-first, and do they sponsor"
    )
    assert (ask.part, ask.term, ask.other_parts) == ("I'm abroad and would need a work visa", "visa", True)
    # ... but a rest pointing back at it asks about the same matter
    ask = policy_ask(
        "my AI startup offer has an invention assignment clause - does it cover my side projects?"
    )
    assert (
        ask.part == "my AI startup offer has an invention assignment clause - does it cover my side projects"
    )


def test_paying_to_move_the_asker_is_a_relocation_ask():
    ask = policy_ask("medley genai ML role - in person how often, and would they pay to move me to new york")
    assert ask.term == "pay to move me"


def test_properly_hedges_and_how_generous_asks_a_size():
    remote = chunk(207, "page", "Remote work", "Remote roles are common across AI teams.")
    checker = AnswerabilityChecker(
        BM25Index().fit([*PAGES, *notes(20), remote]),
        unknown_idf=5.0,
        domain_page_df=1,
        page_similarity=lambda q: 0.65,  # above the pair rule's band (compounds.BAND_SIMILARITY)
    )
    assert checker.check("are AI roles properly remote", [remote]) == Verdict("full", "covered")
    assert checker.check("are AI roles sufficiently remote", [remote]).missing == ("sufficiently",)
    assert bare_quantity("how generous")  # "X employer match on retirement, how generous": of the match
    assert not bare_quantity("how generous is the pension")


def test_the_asker_paying_for_a_course_is_nothing_postings_pay_for(router):  # noqa: F811
    for question in (
        "Thinking of paying for a heavy bootcamp. which cities have the most jobs",
        "is it worth paying for a bootcamp, which cities have the most jobs",
    ):
        assert pay_gap(question, router.extractor.extract(question)) is None
    asked = "which postings pay for gym memberships"
    assert pay_gap(asked, router.extractor.extract(asked)) == (
        "what postings pay for besides the salary (“pay for gym memberships”)"
    )


def test_a_share_answers_how_many_roles_have_a_thing():
    assert PART_OF.search("how many roles have fine-tuning as the main job")
    assert PART_OF.search("how many AI jobs mention evals")
    assert not PART_OF.search("how many rounds does the onsite have")


def test_a_share_of_the_jobs_a_heading_names():
    def row(n: int, heading: str) -> Chunk:
        text = "- Pure GenAI (nothing else) - 1.4%"
        return Chunk(f"c{n}", f"d{n}", "page", "Skills", heading, URL, [], text, f"Skills\n{text}", {})

    ask = kind_ask("what share of ai-first jobs are pure genai with nothing else")
    page_df = {"pure": 1, "genai": 3, "els": 2}
    assert about_subject(ask, [row(209, "What Else Do AI-First Jobs Require")], page_df)
    assert not about_subject(ask, [row(210, "What Else Do Teams Require")], page_df)


def test_a_premise_to_confirm_is_an_ask_beside_a_perk():
    ask = policy_or_rule_ask(
        "Lyra Health ML engineer role is US-only remote, right? and do they give equity", True
    )
    assert (ask.part, ask.term, ask.other_parts) == ("and do they give equity", "equity", True)
    assert policy_or_rule_ask("do they give equity", True) is None


def test_an_onsite_share_is_the_workplace():
    assert not asks_interview_process("diligent senior AI engineer - onsite %? any relocation help")
    assert asks_interview_process("diligent senior AI engineer - onsite rounds?")

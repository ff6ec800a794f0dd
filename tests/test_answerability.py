"""What the guide covers: the corpus's companies, the answerability check (amounts not stated, questions
far from the guide's pages included), and how the answer pipeline refuses or answers in part, offline
and with the scripted LLM (which the check runs before)."""

import pytest

from evals.openai_stub import stream
from rag.answer.answerability import (
    AnswerabilityChecker,
    Verdict,
    as_employer,
    asks_interview_process,
)
from rag.answer.figures import FigureAsk, figure_ask, figure_cover
from rag.answer.interviews import describes_interviews
from rag.answer.pipeline import REFUSAL_MARKER, Answerer
from rag.index.catalog import Company, catalog_for
from rag.records import Chunk
from tests.answer_helpers import DATA_ENGINEERING, answerer_without_threshold

URL = "https://github.com/alexeygrigorev/ai-engineering-field-guide/blob/1961e786814ab362b38532bfd5faeef4231c9db7/"
SALTMARSH = "job-market/data_raw/8140025_Saltmarsh_Finance_AI_Engineer_Fraud_Copilot.yaml"
GARDEN_LEAVE = "How do data engineers move into AI engineering, and what is the garden leave policy?"
GARDEN_PART = "what is the garden leave policy"
SALTMARSH_PAY = "What does Saltmarsh Finance pay"
STAFF = "how much is total comp for a staff engineer"
SM, SM_KEYS = "Saltmarsh Finance AI engineer", ("saltmarsh", "financ", "ai", "engin")
PARTIAL = "“what does the role pay”; the answer above covers only the rest of the question.*"


@pytest.fixture(scope="module")
def deps(answer_deps):
    """conftest's module-scoped index of the invented guide (the server fixture is conftest's too)."""
    return answer_deps


def answerer(deps, server=None) -> Answerer:
    return answerer_without_threshold(deps, server.base_url if server else None)


def check(deps, question: str) -> Verdict:
    a = answerer(deps)
    return a.answerability.check(question, [h.chunk for h in deps.retriever.retrieve(question, k=8)])


def test_catalog_knows_each_company_and_where_it_appears(deps):
    catalog = catalog_for(deps.index.bm25)
    assert catalog is catalog_for(deps.index.bm25)  # built once per index
    summary = {c.name: (c.has_process, c.in_pages, len(c.postings)) for c in catalog.companies.values()}
    assert summary == {
        "Petrichor Labs": (False, False, 1),
        "Quillbyte": (True, False, 2),
        "Nordlicht Robotics": (True, False, 1),
        "Harborlight Analytics": (True, False, 1),
        "Tinderbox Health": (False, False, 1),  # its interview file is broken, so skipped at ingest
        "Saltmarsh Finance": (False, False, 1),
        "Ostrava Dynamics": (False, False, 1),
        "Marigold Insurance": (False, False, 1),
        "Brightwater Logistics": (False, False, 1),
        "Kestrel Security": (False, False, 1),
        "Larkspur Media": (False, False, 1),
        "Cobaltline": (False, False, 1),
    }
    saltmarsh = catalog.companies[("saltmarsh", "finance")]
    assert [(p.title, p.url) for p in saltmarsh.postings] == [
        ("AI Engineer, Fraud Copilot at Saltmarsh Finance", URL + SALTMARSH)
    ]


@pytest.mark.parametrize(
    "question, names",
    [
        ("what's the interview process at saltmarsh finance?", ["Saltmarsh Finance"]),
        ("Does Nordlicht pay well?", ["Nordlicht Robotics"]),  # a distinctive first word is enough
        ("Harborlight Analytics salary, and Quillbyte's rounds", ["Harborlight Analytics", "Quillbyte"]),
        (DATA_ENGINEERING, []),
    ],
)
def test_companies_named_in_a_question(deps, question, names):
    assert [c.name for c in catalog_for(deps.index.bm25).companies_in(question)] == names


def test_one_typo_is_corrected_against_the_corpus_vocabulary(deps):
    catalog = catalog_for(deps.index.bm25)
    assert (catalog.correct("intervew"), catalog.correct("recuit"), catalog.correct("zzzzzz")) == (
        "interview",
        "recruit",
        None,
    )


def test_interview_process_intent():
    assert asks_interview_process("How many rounds does Quillbyte's interview have?")
    assert asks_interview_process("what is the hiring process at Acme")
    assert not asks_interview_process("What does Quillbyte pay?")


@pytest.mark.parametrize(
    "question, verdict",
    [
        (DATA_ENGINEERING, Verdict("full", "covered")),
        ("How does Quillbyte interview?", Verdict("full", "covered")),  # it has a write-up
        ("What does Ocado pay in Berlin?", Verdict("none", "not-mentioned", ("Ocado",))),
        # no passage says "garden leave" at all: the part asking it is what is not covered (branch policy19)
        (GARDEN_LEAVE, Verdict("partial", "policy-not-stated", ("what is the garden leave policy",))),
        ("what evals should a data engineer learn, and is the kombucha free?", None),
    ],
)
def test_verdicts(deps, question, verdict):
    got = check(deps, question)
    if verdict is None:
        # everyday words near a guide page (NEAR_TOPIC_SIMILARITY): named, the rest answered
        assert (got.coverage, got.missing) == ("partial", ("kombucha free",))
    else:
        assert got == verdict


def test_postings_only_company_gets_no_write_up_and_its_postings(deps):
    answer = answerer(deps).ask("What is the interview process at Saltmarsh Finance?")
    assert (answer.refused, answer.coverage, answer.missing, answer.citations) == (
        True,
        "none",
        ["Saltmarsh Finance"],
        [],
    )
    assert answer.answer.startswith(
        "The field guide has no interview write-up for Saltmarsh Finance: it doesn't describe that "
        "company's interview process. It does list 1 job posting from Saltmarsh Finance:\n"
        f"- [AI Engineer, Fraud Copilot at Saltmarsh Finance]({URL + SALTMARSH})\n\n"
        "The closest sections are:\n- ["
    )
    assert answer.to_json()["coverage"] == "none"


def test_partial_answer_says_what_is_not_covered(deps):
    answer = answerer(deps).ask(GARDEN_LEAVE)
    assert (answer.refused, answer.coverage, answer.missing) == (False, "partial", [GARDEN_PART])
    assert answer.citations
    assert answer.answer.endswith(
        f"\n\n*The guide does not cover “{GARDEN_PART}”; the answer above covers only the rest of the "
        "question.*"
    )


def test_the_check_runs_before_the_llm(deps, server):
    answer = answerer(deps, server).ask("What is the interview process at Saltmarsh Finance?")
    assert (answer.refused, answer.mode, answer.coverage, server.requests) == (True, "llm", "none", [])


def test_llm_partial_answer_gets_the_note_unless_it_names_the_gap(deps, server):
    server.push(
        stream(["Own the pipelines [1]."]), stream(["Own the pipelines [1]. The guide does not cover it."])
    )
    first = answerer(deps, server).ask(GARDEN_LEAVE)
    assert first.answer == (
        "Own the pipelines [1].\n\n"
        f"*The guide does not cover “{GARDEN_PART}”; the answer above covers only the rest of the question.*"
    )
    second = answerer(deps, server).ask(GARDEN_LEAVE)
    assert second.answer == "Own the pipelines [1]. The guide does not cover it."
    assert (first.coverage, second.coverage, len(server.requests)) == ("partial", "partial", 2)


def test_the_models_own_refusal_still_applies(deps, server):
    server.push(stream([REFUSAL_MARKER]))
    answer = answerer(deps, server).ask(DATA_ENGINEERING)
    assert (answer.refused, answer.coverage, answer.missing, len(server.requests)) == (True, "none", [], 1)
    assert answer.answer.startswith("The field guide doesn't cover this question.")


def test_none_share_decides_between_partial_and_refusal(deps):
    a = answerer(deps)
    strict = AnswerabilityChecker(deps.index.bm25, a.relevance.unknown, none_share=0.1)
    passages = [h.chunk for h in deps.retriever.retrieve(GARDEN_LEAVE, k=8)]
    assert strict.check(GARDEN_LEAVE, passages) == Verdict("none", "missing-terms", ("garden",))


# -- amounts not stated, questions far from the guide, interviews no passage describes ---------
def chunk(text: str, title: str = "Notes", kind: str = "page", company: str = "") -> Chunk:
    meta = {"company": company} if company else {}
    return Chunk("c1", "d1", kind, title, "", "https://example.org/notes", ["notes.md"], text, text, meta)


@pytest.mark.parametrize(
    "question, ask",
    [
        ("What does Saltmarsh Finance pay?", FigureAsk(SALTMARSH_PAY, ("saltmarsh", "financ"), False)),
        (STAFF + "?", FigureAsk(STAFF, ("total", "staff", "engin"), False)),
        (
            "What are Quillbyte's rounds, and what does the role pay?",
            FigureAsk("what does the role pay", ("role",), True),
        ),
        # a pronoun: the words that name what the amount is about are in the other part
        (
            "worth joining Quillbyte? what does it pay",
            FigureAsk("what does it pay", ("worth", "join", "quillbyt"), True),
        ),
        # the pay asked in a few words, after a colon or dash, or first
        (SM + " - salary?", FigureAsk(SM + " - salary", SM_KEYS, False)),
        # "range" says which figure is asked, as "salary" does: no word a pay line must write
        (SM + ": pay range?", FigureAsk(SM + ": pay range", SM_KEYS, False)),
        (f"salary for the {SM} job?", FigureAsk(f"salary for the {SM} job", (*SM_KEYS, "job"), False)),
        # … only in a question of one part
        (SM + ": salary, and how many office days?", None),
        ("How do I negotiate salary?", None),
        ("How much of the job is cost tuning?", None),  # an amount of work, not of money
        ("Should I negotiate my salary?", None),
        (DATA_ENGINEERING, None),
    ],
)  # fmt: skip
def test_figure_ask(question, ask):
    assert figure_ask(question) == ask


def test_an_amount_counts_next_to_a_pay_word_and_what_the_question_names():
    ask = figure_ask("What does Saltmarsh Finance pay?")
    weight = {"saltmarsh": 9.0, "financ": 1.0}.get
    stated = chunk(
        "Fraud copilot.\n\nThe salary is $120,000 to $150,000.", title="AI Engineer at Saltmarsh Finance"
    )
    raised = chunk("Saltmarsh Finance raised $6.5M in its seed round.")  # an amount, but no pay word
    elsewhere = chunk("At Quillbyte the base salary is £80k.")
    assert (
        figure_cover(ask, [stated], weight),
        figure_cover(ask, [raised], weight),
        figure_cover(ask, [elsewhere], weight),
        figure_cover(ask, [chunk("Saltmarsh salary: $150k")], weight),
    ) == (1.0, 0.0, 0.0, 0.9)
    # a line that is only a range of money is the posting's pay; a range with other words needs a pay word
    bare = chunk("A bonus may apply.\n\n$120,000.00 - $150,000.00", title="AI Engineer at Saltmarsh Finance")
    budget = chunk("A $2,000 - $3,000 learning budget.", title="AI Engineer at Saltmarsh Finance")
    assert (figure_cover(ask, [bare], weight), figure_cover(ask, [budget], weight)) == (1.0, 0.0)
    yearly = chunk("A bonus may apply.\n\n$120,000 - $150,000 per year", title=budget.title)
    assert figure_cover(ask, [yearly], weight) == 1.0


def test_pay_stated_in_the_companys_posting_is_answered(deps):
    answer = answerer(deps).ask("What does Tinderbox Health pay its AI engineers?")
    assert (answer.refused, answer.coverage) == (False, "full")
    # the posting stating the range is among the passages the answer was given
    assert any("$120,000 and $150,000" in s.text for s in answer.sources)


def test_pay_no_passage_states_is_refused_naming_the_figure(deps):
    answer = answerer(deps).ask("What does Saltmarsh Finance pay its AI engineers?")
    assert (answer.refused, answer.coverage, answer.missing) == (
        True,
        "none",
        ["What does Saltmarsh Finance pay its AI engineers"],
    )
    assert answer.answer.startswith(
        "The field guide doesn't state that figure (“What does Saltmarsh Finance pay its AI engineers”): "
        "none of the passages closest to the question gives an amount for it.\n\n"
        "The closest sections are:\n- ["
    )


def test_a_second_part_asking_an_unstated_amount_makes_the_answer_partial(deps):
    question = "How do data engineers move into AI engineering, and what does the role pay?"
    answer = answerer(deps).ask(question)
    assert (answer.refused, answer.coverage, answer.missing) == (False, "partial", ["what does the role pay"])
    assert answer.answer.endswith("*The guide does not cover " + PARTIAL)


def test_a_question_far_from_every_guide_page_is_off_topic(deps):
    a = answerer(deps)
    passages = [h.chunk for h in deps.retriever.retrieve(DATA_ENGINEERING, k=8)]

    def checker(similarity: float) -> AnswerabilityChecker:
        return AnswerabilityChecker(
            deps.index.bm25, a.relevance.unknown, page_similarity=lambda q: similarity
        )

    assert checker(0.21).check(DATA_ENGINEERING, passages) == Verdict("none", "off-topic")
    assert checker(0.22).check(DATA_ENGINEERING, passages) == Verdict("full", "covered")
    assert a.answerability.page_similarity(DATA_ENGINEERING) > 0.22  # the product's checker has one


def test_interviews_are_described_only_next_to_the_company_or_in_its_own_posting():
    acme = Company("Acme Labs")
    named = chunk("Acme Labs runs a recruiter screen, then a take-home.")
    own = chunk("Our interview has three rounds.", kind="posting", company="Acme Labs")
    other = chunk("Our interview has three rounds.", kind="posting", company="Quillbyte")
    process = chunk("Questions about Acme Labs' recruiting process go to careers@acme.example.")
    counted = chunk("| Acme Labs | 37 |")
    notice = chunk(
        "Tell us if you need accommodations during the interview process.",
        kind="posting",
        company="Acme Labs",
    )
    few = chunk("Expect no more than 4 interviews.", kind="posting", company="Acme Labs")
    cases = (named, own, other, process, counted, notice, few)
    assert [describes_interviews(acme, [c]) for c in cases] == [True, True, False, False, False, False, True]
    # a reading-list link counts by the guide's note beside it, not by the linked page's title
    noted = chunk("- [@dev](https://example.org/a-long-link-to-a-post) -- failed Acme Labs: 5-hour take-home")
    titled = chunk(
        "- [Acme Labs interview loop](https://example.org/a-long-link) -- Acme Labs: theory, coding"
    )
    assert [describes_interviews(acme, [c]) for c in (noted, titled)] == [True, False]


@pytest.mark.parametrize(
    "question, employer",
    [
        ("What is the interview process at Saltmarsh Finance?", True),
        ("Saltmarsh Finance AI engineer - is there a take-home?", True),
        ("How does Saltmarsh Finance interview?", True),
        ("What are Saltmarsh Finance's interview rounds?", True),
        # a tool the question names, not the employer it asks about
        ("is knowing Saltmarsh Finance enough to impress on a take-home?", False),
        ("will some take-homes forbid Saltmarsh Finance and make me use open models?", False),
    ],
)
def test_a_company_is_asked_about_as_an_employer_only_where_a_name_goes(question, employer):
    assert as_employer("Saltmarsh Finance", question) is employer

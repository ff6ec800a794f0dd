"""Round fifty-two, read from near_domain97-112 and unseen99-113 misses; exact readings, invented corpus:
- two neighbouring words the guide's pages seldom use, asked of the jobs as a set, that no sentence of the
  passages has together are one thing no passage speaks of ("which badge colour would I get as a new AI
  hire"): not near a guide page, nor an option set against one word, nor a name's word, nor beside another
  ask;
- a refusal's missing word is looked for in the context's documents, their chunks with it first (a partial
  answer's is not);
- no employer's name stands before a preposition ("selenium in an ai engineer interview??"), and a known
  word's superlative is no name ("commonest");
- "quiet harbor tech team hiring" names two words before the team; "What does Glimmer Works ask" names it;
- a number of job descriptions counts ads;
- the asker's own clauses name no field of the job data ("just so I know how far behind I am");
- a missing word qualifies a contract term only beside it, and not as a second item ("visa/relo");
- a company's bracketed web name names it ("trellisconnect", "sapien.ai"); "what X asks candidates" and
  "put candidates through" ask its interviews;
- the eval's matcher counts "the package" and "the pay in euros" as the pay gap, "H-1B" as the visa."""

from __future__ import annotations

import pytest

from evals.answer_eval import names_gap
from rag.answer.answerability import EVERYDAY_PAGE_DF as EVERYDAY
from rag.answer.answerability import AnswerabilityChecker, Verdict
from rag.answer.common_word_names import unwritten_employer_run, unwritten_name_at
from rag.answer.compounds import unmet_compound
from rag.answer.context import build_context
from rag.answer.counts import states_count
from rag.answer.interviews import as_employer, asks_interview_process
from rag.answer.own_passages import opens_job, unknown_name
from rag.answer.policy_cues import qualifies
from rag.answer.verdict import question_terms
from rag.index.acronyms import web_name_keys
from rag.index.bm25 import BM25Index
from rag.index.catalog import catalog_for
from rag.market.recorded import beyond_the_asker
from tests.test_answerability_round10 import chunk
from tests.test_answerability_round29 import PAGES, notes
from tests.test_answerability_round34 import index
from tests.test_grounding import PAY, RETRIEVED, TOOLING, answerer, hits

# A posting with a badge and a brand colour in two sentences, an option and an extra in two more
NORTHWIND = chunk(
    520,
    "posting",
    "AI Engineer at Northwind Analytics",
    "Wear your badge at all times. Our brand colour is teal. Dental cover is optional. We pay extra for "
    "weekend deploys.",
    "Northwind Analytics",
)
# ... and one that says what a badge colour shows; a page of the commonest mistakes
BADGES = chunk(521, "posting", "AI Engineer at Glenrock", "Your badge colour shows your team.", "Glenrock")
COMMON = chunk(522, "page", "Take-home mistakes", "The most common mistakes in an AI take-home.")


def catalog():
    return catalog_for(BM25Index().fit([*PAGES, *notes(8), NORTHWIND, BADGES, COMMON]))


@pytest.mark.parametrize(
    ("question", "thing"),
    [
        ("which badge colour would I get as a new AI hire", "badge colour"),
        ("visitor badge for new hires at these offices?", "visitor badge"),
        ("office badge colour?", "office badge"),
        # near a guide page, the pair is the page's topic in other words
        ("which badge colour would I get as a new AI hire|0.6", None),
        # not asked of the jobs as a set
        ("badge colour meaning", None),
        # an option set against one other word
        ("these roles: optional extra or core?", None),
        # another part asks something of its own
        ("which badge colour would I get as a new AI hire, and how many office days are there?", None),
        # an employer's first word
        ("glenrock badge for new hires at these offices?", None),
    ],
)
def test_two_rare_words_no_passage_sentence_has_together(question, thing):
    question, _, near = question.partition("|")
    assert unmet_compound(question, [NORTHWIND], float(near or 0.3), catalog(), EVERYDAY) == thing


def test_a_sentence_with_both_words_speaks_of_the_thing():
    question = "which badge colour would I get as a new AI hire"
    assert unmet_compound(question, [NORTHWIND, BADGES], 0.3, catalog(), EVERYDAY) is None
    assert (
        unmet_compound(question, [NORTHWIND], None, catalog(), EVERYDAY) is None
    )  # no similarity: not judged


def test_the_thing_is_refused_as_not_covered():
    bm25 = BM25Index().fit([*PAGES, *notes(8), NORTHWIND, BADGES, COMMON])
    checker = AnswerabilityChecker(bm25, unknown_idf=4.0, domain_page_df=1, page_similarity=lambda q: 0.35)
    verdict = checker.check("which badge colour would I get as a new AI hire", [NORTHWIND])
    assert verdict == Verdict("none", "missing-terms", ("badge colour",))


def test_a_superlative_of_a_known_word_is_no_name():
    cat = catalog()
    commonest, *_ = question_terms("commonest take-home screwups")
    assert unknown_name("commonest take-home screwups", commonest, cat) is False
    zorblest, *_ = question_terms("zorblest take-home screwups")
    assert unknown_name("zorblest take-home screwups", zorblest, cat) is True


def test_no_employer_stands_before_a_preposition():
    assert opens_job("selenium in an ai engineer interview??", 0, 8, True) is False
    assert opens_job("retell ai voice agent engineer - remote?", 0, 6) is True


@pytest.mark.parametrize(
    ("question", "run"),
    [
        ("quiet harbor tech team hiring AI engineers?", "quiet harbor"),
        ("quiet harbor ai engineer salary", "quiet harbor"),
        # a field before a title, no name
        ("healthcare ai engineer pay", None),
        ("fintech data team hiring", None),
    ],
)
def test_two_lower_case_words_before_the_team_name_an_employer(question, run):
    bm25 = index()
    assert unwritten_employer_run(bm25, catalog_for(bm25), question) == run


def test_an_employer_asked_what_it_asks_after_does():
    bm25 = index()
    question = "What does Glimmer Works ask in its take-home for search engineers?"
    assert unwritten_name_at(bm25, catalog_for(bm25), question) == "Glimmer Works"


def test_a_number_of_job_descriptions_counts_ads():
    assert states_count("Generated from 895 job descriptions extracted from a job board.", "ad") is True
    assert states_count("Listings ran for 3 weeks.", "ad") is False
    assert states_count("We ran 3 interviews.", "ad") is False


def test_the_askers_own_clauses_name_no_field():
    def unrecorded(text: str) -> str | None:  # the desk's reading: the first word no column accounts for
        return next((w for w in ("far", "stats", "station") if w in text), None)

    behind = "How many of the postings asked for AWS, just so I know how far behind I am"
    course = "Honest question from a web dev who never did a stats course: how many listings want ML?"
    assert beyond_the_asker(behind, unrecorded) is None
    assert beyond_the_asker(course, unrecorded) is None
    assert beyond_the_asker("how far is the office from the station, in the postings", unrecorded) == "far"


@pytest.mark.parametrize(
    ("words", "part", "term", "qualified"),
    [
        ("platinum", "can I move on the platinum talent visa", "talent visa", True),
        ("abroad", "remote from abroad or relocate with visa", "visa", False),
        ("relo", "visa/relo help", "visa", False),
        ("relo", "relo visa", "visa", True),
        ("deduct", "can I deduct my home office on my US taxes", "taxes", True),
    ],
)
def test_a_missing_word_qualifies_a_term_only_in_its_item(words, part, term, qualified):
    assert qualifies(words, part, term) is qualified


def test_a_bracketed_web_name_names_its_company():
    assert web_name_keys("Trellis (Trellisconnect)") == [("trellisconnect",)]
    assert web_name_keys("Sapien (sapien.ai)") == [("sapien", "ai"), ("sapien",)]
    assert web_name_keys("Northwind Analytics") == []
    trellis = chunk(
        523, "posting", "Backend AI Engineer at Trellis", "Build agents.", "Trellis (Trellisconnect)"
    )
    cat = catalog_for(BM25Index().fit([*PAGES, *notes(8), trellis]))
    named = cat.companies_in("trellisconnect interview loop for the backend AI role")
    assert [c.name for c in named] == ["Trellis (Trellisconnect)"]


def test_what_an_employer_asks_or_puts_candidates_through_is_its_interviews():
    assert asks_interview_process("what does sapien.ai put applied AI candidates through before an offer")
    assert not asks_interview_process("what does sapien.ai put in its benefits")
    assert as_employer("Clear Harbor", "has anyone described what clear harbor asks candidates") is True
    assert as_employer("Clear Harbor", "is clear harbor's water clean") is True  # (an owner, as before)


def test_the_missing_words_are_looked_for_first(answer_deps):
    grounding = answerer(answer_deps).grounding
    context = build_context(hits(answer_deps, *RETRIEVED), grounding.count_tokens, grounding.budget)
    held = [c.id for c in context.chunks()]
    first = grounding.candidates(PAY, context)[0].chunk.id
    missing = grounding.candidates(PAY, context, ("Shoreditch",))[0].chunk.id
    assert (first, missing) == (f"{TOOLING}#summary", f"{TOOLING}#4")
    assert f"{TOOLING}#4" not in held


def test_a_partial_answers_missing_word_is_not_looked_up(answer_deps):
    # a partial answer names what it lacks for a reason: a word found elsewhere in its documents made one
    # full from a line that did not answer it ("cohort", with no date)
    question = "What does the Quillbyte agent tooling role build, and is the office in Shoreditch?"
    context, verdict = answerer(answer_deps).grounding(question, hits(answer_deps, *RETRIEVED), 1.0)
    assert (verdict.coverage, verdict.missing) == ("partial", ("office", "Shoreditch"))
    assert f"{TOOLING}#4" not in [c.id for c in context.chunks()]


@pytest.mark.parametrize(
    ("missing", "gold", "named"),
    [
        (["whats the package"], ["CTC", "LPA", "₹", "salary"], True),
        (["what's the pay in euros"], ["€", "EUR", "gross"], True),
        (["would they do H-1B"], ["visa", "sponsorship"], True),
        (["how many office days"], ["visa", "sponsorship"], False),
    ],
)
def test_a_gap_named_in_other_words_for_pay_or_a_visa(missing, gold, named):
    assert names_gap(missing, gold) is named

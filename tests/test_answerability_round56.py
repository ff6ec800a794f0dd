"""Round fifty-six, read from the round's first runs (near_domain125-128, unseen126-129); exact readings,
invented corpus:
- two words asked as one thing of the jobs, no chunk writing them side by side, however common each word
  ("company phone", "stack ranking"), and the jobs named as "AI engineers", "job ads", "postings" or
  "by company";
- "Quillmoor AI/ML-driven ASIC design principal" is Quillmoor's posting title, no "Quillmoor AI";
- "is moving help offered", "do they pay for moving" and "any help moving cities" ask for a paid move, and
  an answer naming one names the relocation gap;
- "is that a dealbreaker" judges; "Worried my loader …" tells the asker's situation; "I'm not Indian" says
  where the asker is from;
- phoning referees, "offer timing" and "from the final chat to an offer" are hiring steps;
- more ways to ask an amount ("what's the cover", "lifetime max", "what does X cover per month", "how much
  of the membership do they pay"); the asker's situation told beside an amount asks nothing of its own."""

from __future__ import annotations

import pytest

from evals.answer_eval import names_gap
from rag.answer.answerability import EVERYDAY_PAGE_DF as EVERYDAY
from rag.answer.compounds import unmet_compound, unwritten_pair, written_together
from rag.answer.figure_kinds import money_ask
from rag.answer.figures import asked_beside
from rag.answer.interviews import asks_interview_process
from rag.answer.own_passages import opens_job, unwritten_ai_names
from rag.answer.policy_cues import MOVE_PAID
from rag.answer.question_words import judgement_spans, own_state_spans, situation_spans
from rag.answer.verdict import question_terms
from rag.index.bm25 import BM25Index
from rag.index.catalog import catalog_for
from tests.test_answerability_round10 import chunk
from tests.test_answerability_round29 import PAGES, notes
from tests.test_answerability_round36 import posting

# Every word of "company phone" and "stack ranking" is common, each in a sentence of its own; "phone
# screen" and "company laptop" stand side by side
DESKS = chunk(
    560,
    "posting",
    "AI Engineer at Brindlewood",
    "Every company laptop ships ready. A phone screen comes first. We rank candidates fairly. Our stack "
    "is Python.",
    "Brindlewood",
)
OFFICE = chunk(
    561,
    "posting",
    "ML Engineer at Larchmere",
    "The company is remote-first. A phone allowance is paid. Our stack is modern. Ranking systems are our "
    "product.",
    "Larchmere",
)


def bm25():
    return BM25Index().fit([*PAGES, *notes(8), DESKS, OFFICE])


def test_two_stems_written_side_by_side_in_either_order():
    index = bm25()
    assert written_together(index, "compani", "laptop")
    assert written_together(index, "screen", "phone")  # "phone screen", read the other way round
    assert not written_together(index, "compani", "phone")  # in one chunk, never side by side
    assert not written_together(index, "stack", "rank")


@pytest.mark.parametrize(
    ("question", "thing"),
    [
        ("company phone for ai engineers?", "company phone"),
        ("stack ranking at any of these employers", "stack ranking"),
        ("do postings say if you get a company phone", "company phone"),
        ("Do AI job ads mention stack ranking?", "stack ranking"),
        ("stack ranking by company", "stack ranking"),
        # side by side in a chunk: the thing is written
        ("company laptop for ai engineers?", None),
        # the jobs not asked of as a set
        ("company phone etiquette", None),
        # near a guide page: its topic in other words
        ("company phone for ai engineers?|0.65", None),
    ],
)
def test_common_words_no_chunk_writes_together_are_one_thing_of_the_jobs(question, thing):
    question, _, near = question.partition("|")
    index = bm25()
    found = unmet_compound(question, [DESKS, OFFICE], float(near or 0.3), catalog_for(index), EVERYDAY, index)
    assert found == thing


@pytest.mark.parametrize(
    ("question", "pair", "unwritten"),
    [
        ("company phone for ai engineers?", ("company", "phone"), True),
        ("company laptop for ai engineers?", ("company", "laptop"), False),  # written side by side
        ("do they want infra like kubernetes", ("infra", "like"), False),  # a filler
        ("is a prod system needed", ("prod", "system"), False),  # shorthand: a production system
        ("the day-in-the-life session", ("life", "session"), False),  # a piece of a hyphened word
        ("is a config-driven take-home worth it", ("config", "driven"), False),  # a hyphened word
        ("answers from several docs at once", ("several", "docs"), False),  # a quantifier
    ],
)
def test_a_pair_of_words_no_chunk_writes(question, pair, unwritten):
    index = bm25()
    terms = {t.surface: t for t in question_terms(question)}
    a, b = (terms[w] for w in pair)
    assert unwritten_pair(question, a, b, catalog_for(index), index) is unwritten


QUILLMOOR = posting(562, "Quillmoor Systems", "AI/ML driven ASIC Design and Implementation Principal.")


def test_a_posting_title_after_the_employer_is_no_ai_company():
    index = BM25Index().fit([*PAGES, *notes(8), QUILLMOOR])
    cat = catalog_for(index)
    named = cat.companies_in("Quillmoor Systems")  # as answerability reads the employer asked about
    question = "quillmoor AI/ML-driven ASIC design principal - years of SW experience and visa"
    assert unwritten_ai_names(index, cat, question, 0.0, named) == []
    question = "quillmoor AI - what do they build?"
    assert unwritten_ai_names(index, cat, question, 0.0, named) == ["quillmoor AI"]


@pytest.mark.parametrize(
    ("text", "paid"),
    [
        ("is moving help offered?", True),
        ("and do they pay for moving", True),
        ("any help moving cities", True),
        ("do they cover my move", True),
        ("moving fast on agents", False),
        ("help moving models to production", False),
    ],
)
def test_a_paid_move(text, paid):
    assert bool(MOVE_PAID.search(text)) is paid


def test_moving_names_the_relocation_gap():
    assert names_gap(["do they pay for moving"], ["relocation", "relocate", "relocating"])
    assert not names_gap(["do they pay for moving"], ["visa", "sponsorship"])


def test_a_dealbreaker_is_a_judgement():
    question = "I've never done any deep learning. Is that a dealbreaker for Quillmoor's AI tooling job?"
    assert [question[a:b] for a, b in judgement_spans(question)] == ["dealbreaker"]
    question = "no PhD - show-stopper for quillmoor?"
    assert [question[a:b] for a, b in judgement_spans(question)] == ["show-stopper"]


def test_worry_tells_the_situation():
    question = "What gets a take-home binned? Worried my loader falls over on blank files"
    assert [question[a:b] for a, b in situation_spans(question)] == [
        "Worried my loader falls over on blank files"
    ]


@pytest.mark.parametrize(
    ("question", "place"),
    [
        ("I'm not Indian - quillmoor's AI engineer II in pune, how many years?", "Indian "),
        ("I'm not from the US - quillmoor AI engineer: how many years?", "the US "),
        ("I'm not sure - does quillmoor sponsor visas?", None),
    ],
)
def test_where_the_asker_is_from(question, place):
    spans = own_state_spans(question, place=True)
    assert [question[a:b] for a, b in spans] == ([place] if place else [])


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("sidecar senior AI eng: do they phone my referees", True),
        ("does quillmoor ring references before the offer", True),
        ("quillmoor offer timing after last round", True),
        ("quillmoor - how long from final chat to offer, roughly", True),
        ("how long from the last round to an offer at quillmoor", True),
        ("quillmoor phone allowance?", False),
    ],
)
def test_hiring_steps_before_an_offer(question, asks):
    assert asks_interview_process(question) is asks


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("quillmoor employer-paid life insurance, what's the cover", True),
        ("quillmoor fertility benefit lifetime max", True),
        ("quillmoor: what does the cell-phone reimbursement cover per month, roughly?", True),
        ("Quillmoor lists Wellhub - how much of the membership do they actually pay each month?", True),
        ("what's the cover letter format quillmoor wants", False),
        ("what does the quillmoor take-home cover", False),
    ],
)
def test_more_ways_to_ask_an_amount(question, asked):
    assert (money_ask(question) is not None) is asked


def test_the_askers_situation_is_no_other_ask_beside_an_amount():
    part = "how much does quillmoor put into the gym membership each month"
    situation = "I'm comparing two offers from fintech startups"
    assert asked_beside(part, [part, situation]) == []
    other = "and which office would I work from"
    assert asked_beside(part, [part, other]) == [other]


def test_an_unknown_name_before_a_dash_and_the_roles_asked():
    assert opens_job("eroski supermarkets - any data or AI roles", 0, 6, True)
    assert opens_job("eroski: any open AI engineer jobs?", 0, 6, True)
    assert not opens_job("eroski supermarkets - where are they", 0, 6, True)

"""Round thirty-five, read from near_domain46-52 and invented variants: what jobs or their employers check,
ask about or mention, asked of them as a set ("ai employers checking driving records?"), refused as a field
the job data does not record, with the postings' own text searched for it; and an employer the corpus
lacks whose name is made of common words, lower-case opening the question ("safe superintelligence
research eng interview") or capitalised after "at". Invented corpus and postings, exact verdicts."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rag.answer.answerability import AnswerabilityChecker
from rag.answer.common_word_names import unwritten_employer_run, unwritten_name_at
from rag.answer.employer_quantity import asked_things
from rag.answer.interviews import asks_interview_process
from rag.index.bm25 import BM25Index
from rag.index.catalog import catalog_for
from rag.market.desk import ASKED_REASON, MarketDesk
from rag.market.mentions import MATCHING
from rag.market.recorded import Rarity
from rag.market.set_offers import asks_set_offer, set_ask_gap
from tests.test_answerability_round10 import chunk
from tests.test_answerability_round29 import PAGES, notes
from tests.test_answerability_round34 import HUSK, WORDS, checker, index
from tests.test_market import engine  # noqa: F401 (the postings table of the invented corpus)


@pytest.fixture(scope="module")
def desk(engine):  # noqa: F811
    return MarketDesk(engine)


def _everyday(*stems):
    return lambda stem: stem in stems


@pytest.mark.parametrize(
    "question, everyday, written, gap",
    [
        # what they check, ask about or mention: everyday words no chunk writes in a row
        ("ai employers checking driving records?", ("drive", "record"), (), "driving records"),
        ("ai employers checking driving records?", ("drive", "record"), ("driving records",), None),
        # ... or a word the guide's pages seldom use
        ("jobs asking about your sleep schedule??", ("schedul",), ("sleep schedule",), "sleep schedule"),
        ("which ai companies care about ur bench press lol", ("bench",), (), "bench press"),
        ("screen time limits mentioned in any postings", ("screen", "time", "limit"), (),
         "screen time limits"),
        # what they need, require or want: only with a word the guide's pages seldom use
        ("ai jobs needing a cycling proficiency certificate", ("cycl",), (),
         "cycling proficiency certificate"),
        ("share of roles needing production ops work", ("product", "op", "work"), (), None),
        ("do companies expect production level infra in my side projects?", ("product", "level", "infra"), (),
         None),
        # the thing asked came before the verb, or is referred back to
        ("Which ML-ish skills do the postings ask for apart from pytorch?", (), (), None),
        ("do interviews go deep on LoRA, or only if the postings mention that stuff", (), (), None),
        # a judgement, a topic of the guide's pages
        ("which companies ask for more experience", (), (), None),
        ("which companies ask for a take-home assignment", (), (), None),
    ],
)  # fmt: skip
def test_what_jobs_or_employers_check_or_ask_about_as_a_set(desk, question, everyday, written, gap):
    ex = desk.router.extractor.extract(question)
    assert set_ask_gap(question, ex, _everyday(*everyday), lambda phrase: phrase in written) == gap


def test_a_question_of_what_jobs_check_is_about_the_job_data():
    assert asks_set_offer("ai employers checking driving records?")
    assert asks_set_offer("screen time limits mentioned in any postings")
    assert not asks_set_offer("ai engineer driving records?")


def test_the_desk_refuses_what_jobs_check_and_says_no_posting_mentions_it(engine):  # noqa: F811
    desk = MarketDesk(engine, rarity=lambda: Rarity(page_df={}, idf={}, written=lambda _phrase: False))
    question = "ai employers checking driving records?"
    routed = desk.route(question)
    assert (routed.route, routed.reason, routed.not_recorded) == ("market", ASKED_REASON, "driving records")
    assert routed.mentioned == "driving records"  # the thing as asked, not "checking driving records"
    assert desk.answer(question, routed).text.endswith(
        f"No posting's own text mentions “driving records” either ({MATCHING}; "
        f"all {desk.engine.n_total:,} postings)."
    )
    # a count of what postings mention is the mention count's, not this refusal's
    assert desk.route("how many postings mention driving records?").reason != ASKED_REASON


@pytest.mark.parametrize(
    "question, run",
    [
        # lower-case words no chunk writes in a row, before an AI title, hiring, pay or an interview process
        ("glimmer works AI eng interview process", "glimmer works"),
        ("glimmer works research eng interview", "glimmer works"),
        ("quiet harbor labs hiring ai engineers? salary?", "quiet harbor labs"),
        ("glimmer works jobs + pay", "glimmer works"),
        # one word, an employer's word, a place, the asker's or a job's words, a phrase some chunk writes
        ("quillby ai engineer interview process", None),
        ("marlow legal ai jobs", None),
        ("london fintech salary", None),
        ("new grad salary", None),
        ("reflection prompts ai jobs", None),
        # no employer's words after it; capitalised: employer_run's
        ("glimmer works interview questions", None),
        ("Glimmer Works AI eng interview process", None),
    ],
)
def test_a_lower_case_employer_the_corpus_lacks_opening_the_question(question, run):
    bm25 = index()
    assert unwritten_employer_run(bm25, catalog_for(bm25), question) == run


@pytest.mark.parametrize(
    "question, name",
    [
        ("What's the hiring process like at Glimmer Works for robotics folks?", "Glimmer Works"),
        ("What's it like interviewing at Quiet Harbor AI?", "Quiet Harbor AI"),
        ("What's it like joining Marlow Financial Technologies?", None),  # an employer of the postings
        ("Is it worth moving to a job at London Bridge?", None),  # a place
        ("interviewing at glimmer works", None),  # lower case: the opening run's rule, not this one
    ],
)
def test_a_capitalised_employer_the_corpus_lacks_after_at(question, name):
    bm25 = index()
    assert unwritten_name_at(bm25, catalog_for(bm25), question) == name


def test_an_employer_the_corpus_lacks_is_refused_as_not_mentioned():
    # each word is one the corpus uses ("Reflection on …", "Husk Partners"), not the two in a row
    verdict = checker().check("reflection partners research eng interview", [HUSK, WORDS])
    assert (verdict.coverage, verdict.reason, verdict.missing) == (
        "none", "not-mentioned", ("reflection partners",),
    )  # fmt: skip
    at = "What's the hiring process like at Reflection Partners for robotics folks?"
    verdict = checker().check(at, [HUSK])
    assert (verdict.coverage, verdict.reason, verdict.missing) == (
        "none", "not-mentioned", ("Reflection Partners",),
    )  # fmt: skip


# An employer whose posting names its perks, some with a figure and some without.
BRINDLE = chunk(
    9,
    "posting",
    "Senior AI Engineer at Brindle Labs",
    "Build agents at Brindle Labs.\n\nBenefits:\n- Paid parental leave to support families\n"
    "- Paid time off: 25 days a year\n- Stock options for every hire\n- A home office budget of $500",
    "Brindle Labs",
)
# the words the questions use, on a page, so that only the figure can be missing
PERKS = chunk(
    10,
    "page",
    "Reading a benefits list",
    "Check the parental leave length, how many stock options, the home office budget and the time off.",
)


def perks_checker() -> AnswerabilityChecker:
    bm25 = BM25Index().fit([*PAGES, *notes(8), HUSK, BRINDLE, PERKS])
    return AnswerabilityChecker(bm25, unknown_idf=4.0, domain_page_df=1, page_similarity=lambda q: 0.6)


@pytest.mark.parametrize(
    "question, verdict",
    [
        # the posting names the perk and states no figure of it: the figure is not stated
        ("Brindle Labs paid parental leave length?", ("none", "size-not-stated", ("paid parental leave",))),
        # (a count asked in a clause of no words of its own asks of the clause before: round 53)
        ("Brindle Labs senior AI engineer stock options - how many",
         ("none", "count-not-stated", ("Brindle Labs senior AI engineer stock options - how many",))),
        # ... beside an ask of no quantity: that part may be answered
        ("Brindle Labs parental leave length, and is there time off?",
         ("partial", "size-not-stated", ("parental leave",))),
        # a figure in a sentence with the perk's words ("Paid time off: 25 days" is no parental leave)
        ("Brindle Labs paid time off, how many days", ("full", "covered", ())),
    ],
)  # fmt: skip
def test_a_quantity_of_a_perk_the_employers_posting_names_without_a_figure(question, verdict):
    found = perks_checker().check(question, [BRINDLE, PERKS])
    assert (found.coverage, found.reason, found.missing) == verdict


def test_a_quantity_word_of_a_thing_no_perk_is_not_read_as_one():
    idf = {"parent": 2.0, "leav": 2.0, "experi": 2.0, "pto": 2.0, "would": 2.0, "match": 2.0, "req": 2.0}.get
    assert asked_things(
        "Brindle Labs paid parental leave length?", ["Brindle Labs"], lambda s: idf(s, 0.5), 1.0
    ) == [("Brindle Labs paid parental leave length", ("parent", "leav"))]
    # pay, experience and interviews are the amount and process checks'
    assert (
        asked_things("Brindle Labs: how much experience and what pay?", ["Brindle Labs"], lambda s: 2.0, 1.0)
        == []
    )
    # no word that says a quantity; a figure of the asker's own
    assert asked_things("Brindle Labs parental leave?", ["Brindle Labs"], lambda s: 2.0, 1.0) == []
    assert asked_things(
        "i match ~70% of Brindle Labs reqs", ["Brindle Labs"], lambda s: idf(s, 0.5), 1.0
    ) == [("i match ~70% of Brindle Labs reqs", ("match", "req"))]


@pytest.mark.parametrize(
    "question, scam",
    [
        (
            "Someone invited me to a Brindle Labs interview over a chat app and asked for my bank details",
            True,
        ),
        ("is this Brindle Labs interview invite a scam?", True),
        ("a recruiter asked me to pay a fee for the interview", True),
        ("what are the Brindle Labs interview rounds?", False),
    ],
)
def test_a_scam_around_an_interview_asks_no_interview_process(question, scam):
    assert asks_interview_process(question) is not scam


# any text: pieces of the shapes' words and the chat's odd characters, in any order
_PIECES = [*"abcXYZ ?,.-+%&'()", "jobs check ", " at ", "Glimmer ", " hiring", " how many ", " ai eng"]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=20).map("".join)


@settings(max_examples=200, deadline=None)
@given(text=_TEXT)
def test_the_new_readings_never_fail_on_any_question(desk, text):
    """set_ask_gap, the common-word employer names and the perk's quantity return a value or None for any
    text (a thing of blank words once raised an IndexError)."""
    bm25 = index()
    catalog = catalog_for(bm25)
    gap = set_ask_gap(text, desk.router.extractor.extract(text), _everyday(), lambda _phrase: False)
    assert gap is None or gap.strip()
    for found in (unwritten_employer_run(bm25, catalog, text), unwritten_name_at(bm25, catalog, text)):
        assert found is None or found in text
    things = asked_things(text, ["Brindle Labs"], lambda _stem: 2.0, 1.0)
    assert all(ask in text and thing for ask, thing in things)
    assert perks_checker().check(text, [BRINDLE, PERKS]).coverage in ("full", "partial", "none")


def test_a_thing_of_blank_words_asks_nothing(desk):
    question = "which jobs check  ?"
    assert (
        set_ask_gap(question, desk.router.extractor.extract(question), _everyday(), lambda _p: False) is None
    )

"""Round twenty-two of the answerability check, read from near_domain19, unseen20 and invented variants:
which of the jobs, offices or employers have something, asked of them as a set, is refused when the
passages lack its words or no chunk writes them in a row; a lower-case word the corpus never uses is a
name where an employer's actions frame it ("applying to nabla", "tessl is hiring"), opens the question
before a title in a name of two or three words ("aleph alpha interview process"), or is long in a
question set in a place ("in berlin"); a capital acronym is a name though its stem is short ("FGTS");
casual function words ("till") are no content; an acronym is no word of a lower-case word's root; how
the time is spent is no subject of a duration; "interview" typed in a hurry still asks about interviews.
Invented corpus, exact verdicts, with the neighbours each rule leaves alone."""

import pytest

from rag.answer.answerability import AnswerabilityChecker, Verdict
from rag.answer.figure_kinds import kind_asks
from rag.answer.figure_subject import about_subject
from rag.answer.interviews import asks_interview_process, employer_first
from rag.answer.own_passages import employer_acts, name_position
from rag.answer.set_asks import some_have
from rag.answer.word_cover import root_words
from rag.index.bm25 import BM25Index
from rag.places import place_in
from tests.test_answerability_round10 import chunk

PAGES = [
    chunk(1, "page", "Offices", "Most AI employers run an office with a kitchen; some pay for a gym."),
    chunk(2, "page", "Interviews", "A take-home round and an onsite interview loop are common."),
    chunk(3, "page", "Tests", "Write tests for your LLM app and run the tests in CI."),
    chunk(4, "page", "Breaks", "Take a break away from the desk; a walk at lunch helps focus."),
]
POSTINGS = [
    chunk(
        5,
        "posting",
        "AI Engineer at Quorvo",
        "Office in Berlin with a kitchen and a gym. Lunch paid.",
        "Quorvo",
    ),
    chunk(6, "posting", "ML Engineer at Veltro", "Remote. Music streaming perks for the team.", "Veltro"),
    chunk(7, "posting", "Data Engineer at Nimbar", "Hybrid office in Lyon; bike storage.", "Nimbar"),
]


@pytest.fixture(scope="module")
def checker() -> AnswerabilityChecker:
    # every question near a guide page (as the real ones are): missing everyday words alone do not refuse
    return AnswerabilityChecker(
        BM25Index().fit([*PAGES, *POSTINGS]), unknown_idf=5.0, domain_page_df=1, page_similarity=lambda q: 0.6
    )


@pytest.mark.parametrize(
    ("question", "thing"),
    [
        ("do any of the AI employers have a music room in the office?", "music room"),
        ("love working outside - which AI offices have a terrace I could use?", "terrace"),
        ("is there an AI company in these postings with a piano in the office? asking for real", "piano"),
        ("kind of a silly one but I miss a foosball table - any AI job here that has one?", "one"),
        ("AI companies with nap pods", "nap pods"),
        ("do the ai startups here give you a standing desk", "standing desk"),
        ("give me companies hiring AI engineers that have a crèche", "crèche"),
        # a clause says it, not a thing; a judgement of them, or no set of them asked: no thing they have
        ("are there AI engineer jobs where you only need GenAI skills?", ""),
        ("companies with the best interview process", None),
        ("Which companies have the longest hiring processes, like 7 stages?", None),
        ("which AI jobs pay the most in London?", None),
        ("what skills do AI companies want?", None),
    ],
)
def test_what_some_of_the_jobs_have_is_a_set_ask(question, thing):
    assert some_have(question) == thing


def test_what_some_employers_have_is_refused_when_no_passage_names_it(checker):
    # "room" is no chunk's word: the kitchen and break passages are near, but answer nothing (the thing
    # named as the question writes it: round twenty-three)
    question = "I take breaks at lunch - do any of the AI employers have a music room in the office?"
    assert checker.check(question, PAGES[:1] + PAGES[3:] + POSTINGS[:1]) == Verdict(
        "none", "missing-terms", ("music room",)
    )
    # the same words asked of a named employer, or beside another asking part, are named, not refused
    named = "does Quorvo have a music room in the Berlin office?"
    assert checker.check(named, PAGES[:1] + POSTINGS[:1]).coverage == "partial"
    two = "do any of the AI employers have a music room in the office, and how do I prepare for the onsite?"
    assert checker.check(two, PAGES[:2] + POSTINGS[:1]).coverage == "partial"


def test_a_thing_some_employers_have_that_no_chunk_writes_is_refused(checker):
    # every word is in the passages ("gym", "kitchen"), the two in a row in no chunk
    question = "which AI offices have a gym kitchen?"
    assert checker.check(question, PAGES[:1] + POSTINGS[:1]) == Verdict(
        "none", "missing-terms", ("gym kitchen",)
    )
    written = "which AI offices have a kitchen?"
    assert checker.check(written, PAGES[:1] + POSTINGS[:1]) == Verdict("full", "covered")
    # its head a word the guide's pages use ("public rules" on ChatGPT): the guide may well answer it
    pages_use = AnswerabilityChecker(
        BM25Index().fit([*PAGES, *POSTINGS]), unknown_idf=5.0, domain_page_df=1, everyday_page_df=1,
        page_similarity=lambda q: 0.6,
    )  # fmt: skip
    assert pages_use.check(question, PAGES[:1] + POSTINGS[:1]) == Verdict("full", "covered")


@pytest.mark.parametrize(
    ("question", "word", "acts"),
    [
        ("thinking of applying to nabla as an AI engineer - what's their interview like?", "nabla", True),
        ("what would suno ask in an ML engineer interview?", "suno", True),
        ("tessl is hiring AI engineers, do they do a take-home?", "tessl", True),
        ("saw genspark posting AI engineer roles - how hard is the interview?", "genspark", True),
        ("what would happen if I bombed the take-home?", "bombed", False),
        ("is the wording legit during hiring?", "legit", False),
    ],
)
def test_an_employers_actions_frame_a_name(question, word, acts):
    start = question.index(word)
    assert employer_acts(question, start, start + len(word)) is acts
    assert name_position(question, start, start + len(word)) is acts


def test_a_lower_case_word_the_corpus_never_uses_is_a_name_where_an_employer_acts(checker):
    passages = PAGES[1:2]
    assert checker.check("what would suno ask in an onsite interview loop?", passages) == Verdict(
        "none", "not-mentioned", ("suno",)
    )
    # one letter from the corpus's "tests", but it is hiring: a name, not a typo
    assert checker.check("tessl is hiring AI engineers, do they do a take-home round?", passages) == Verdict(
        "none", "not-mentioned", ("tessl",)
    )
    # elsewhere a word one letter from a known one is that word ("tessl" for "tests")
    assert checker.check("how do I write tessl for an LLM app?", PAGES[2:3]).reason != "not-mentioned"


def test_a_casual_function_word_is_no_content(checker):
    # "till" is no chunk's word: without the rule it is named as not covered
    question = "which tests do I write till I run the tests in CI?"
    assert checker.check(question, PAGES[2:3]) == Verdict("full", "covered")


def test_an_acronym_the_corpus_never_writes_is_a_name_though_its_stem_is_short(checker):
    # "FGTS" stems to "fgt", shorter than a name; as written it is four capitals
    assert checker.check("can I withdraw my FGTS if I leave the office job?", PAGES[:1]) == Verdict(
        "none", "not-mentioned", ("FGTS",)
    )


def test_an_acronym_is_no_word_of_a_lower_case_words_root():
    page = chunk(9, "page", "Behavioural", "Use SAIL to structure answers; sailing through the loop.")
    assert root_words("sailboat", [page]) == ["sailing"]
    assert root_words("SAILS", [page]) == ["sail", "sailing"]


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("aleph alpha interview process", True),
        ("black forest labs ai engineer salary", True),
        ("Tesco applied AI engineer - rounds?", True),
        # a verb and its number, determiner or preposition: no name
        ("bombed three interviews in a row", False),
        ("failed my onsite twice", False),
        ("reading about interview loops", False),
    ],
)
def test_a_name_of_two_or_three_words_opens_the_question_before_its_title(question, first):
    word = question.split()[0]
    assert employer_first(question, 0, len(word)) is first


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("13th month salary for AI engineers in portugal - is it mandatory?", "portugal"),
        ("an AI job in new york", "new york"),
        ("in the long run is RAG dead?", None),
        ("do I need to be good in math?", None),
    ],
)
def test_a_place_typed_in_lower_case_after_in(text, place):
    assert place_in(text) == place


def test_a_long_word_no_chunk_uses_in_a_question_set_in_a_place_is_its_term(checker):
    question = "how is my kuendigungsgeld worked out if my office job in berlin ends?"
    assert checker.check(question, PAGES[:1]) == Verdict("none", "not-mentioned", ("kuendigungsgeld",))
    # the same word with no place named is only missing ("an everyday word" near a page)
    elsewhere = "how is my kuendigungsgeld worked out if my office job ends?"
    assert checker.check(elsewhere, PAGES[:1]).reason != "not-mentioned"


def test_how_the_time_is_spent_is_no_subject_of_a_duration():
    page = chunk(
        8,
        "page",
        "From data engineer",
        "After 3-4 months of learning evals a data engineer can switch. Study evals.",
    )
    ask = kind_asks("data engineer to AI engineer, how many months of study until I can switch?")[0]
    assert about_subject(ask, [page], {"studi": 1}) is True
    # the subject itself must still be beside the figure
    other = kind_asks("data engineer to AI engineer, how many months until I can relocate?")[0]
    moved = chunk(9, "page", "Moving", "After 3-4 months of learning evals you can switch. Relocate later.")
    assert about_subject(other, [moved], {"reloc": 1}) is False


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("interveiw process at skild ai?", True),
        ("how many intervew rounds at Quorvo?", True),
        ("what does Quorvo build?", False),
    ],
)
def test_interview_typed_in_a_hurry_asks_about_interviews(question, asks):
    assert asks_interview_process(question) is asks


def test_a_three_capital_acronym_the_corpus_never_writes_is_a_name_unless_spelled_out(checker):
    assert checker.check("what percent of my office pay goes to CPF?", PAGES[:1]) == Verdict(
        "none", "not-mentioned", ("CPF",)
    )
    # the passages spell it out in a title: "Product Marketing Manager"
    posting = chunk(9, "posting", "Product Marketing Manager at Quorvo", "Office in Berlin.", "Quorvo")
    assert checker.check("what office does the Quorvo PMM work in?", [posting]).reason != "not-mentioned"

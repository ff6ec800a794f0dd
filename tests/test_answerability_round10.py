"""Round ten of the answerability check: a company named as the question writes it ("WEX's" for
"WEX Inc.", "The Hartford"), an interview write-up kept under a unit's name, a run of known words
opening the question as an employer's name, a name the passages write inside a joined word, and the
off-topic refusal. Invented corpus, exact verdicts
and messages; each rule with a neighbour it leaves alone."""

import pytest

from rag.answer.answerability import AnswerabilityChecker, Verdict
from rag.answer.interviews import as_employer, employer_run
from rag.answer.own_passages import compound_part, in_corpus
from rag.answer.policy import policy_ask, policy_cover
from rag.answer.refusal_notes import refusal_text
from rag.index.bm25 import BM25Index
from rag.index.catalog import catalog_for, name_words
from rag.records import Chunk, Hit

URL = "https://example.org/"


def chunk(n: int, kind: str, title: str, text: str, company: str = "") -> Chunk:
    meta = {"company": company} if company else {}
    path = f"{kind}/{n}.md"
    return Chunk(f"c{n}", f"d{n}", kind, title, "", URL + path, [path], text, f"{title}\n{text}", meta)


PAGES = [
    chunk(1, "page", "Interview process", "Most companies run a screen, a take-home and an onsite round."),
    chunk(2, "page", "Interview threads", "TeamBlind threads describe each interview round in detail."),
    chunk(3, "page", "Job market", "The market for AI engineers: interview loops, pay and remote work."),
    chunk(
        4,
        "page",
        "Career notes",
        "Step back and look at the harbor of offers; an interview is a conversation.",
    ),
]
QUORVO = chunk(
    5, "posting", "Senior AI Engineer at Quorvo Inc.", "Build agents. Salary $150,000.", "Quorvo Inc."
)
HARTWELL = chunk(
    6,
    "posting",
    "Lead AI Engineer at The Hartwell Mutual Group",
    "Build RAG. Hybrid.",
    "The Hartwell Mutual Group",
)
ZENTRIX = chunk(7, "posting", "AI Engineer at Zentrix Labs", "Build evals. Fully remote.", "Zentrix Labs")
ZENTRIX_PROCESS = chunk(
    8,
    "company",
    "Zentrix Labs (Core) interview process",
    "Three rounds: a screen, a take-home, an onsite.",
    "Zentrix Labs (Core)",
)
LUMEN = chunk(
    9, "posting", "AI Engineer at Lumen - Clear in motion", "Build copilots.", "Lumen - Clear in motion"
)
CORPUS = [*PAGES, QUORVO, HARTWELL, ZENTRIX, ZENTRIX_PROCESS, LUMEN]


@pytest.fixture(scope="module")
def bm25() -> BM25Index:
    return BM25Index().fit(CORPUS)


@pytest.fixture(scope="module")
def checker(bm25) -> AnswerabilityChecker:
    return AnswerabilityChecker(bm25, unknown_idf=5.0)


@pytest.mark.parametrize(
    "name, question, employer",
    [
        ("Quorvo Inc.", "what are Quorvo's interview rounds?", True),  # no legal suffix, a possessive
        ("Lumen - Clear in motion", "Lumen (clear in motion) lead AI engineer - the process?", True),
        ("Lumen - Clear in motion", "Lumen lead AI engineer - what's the process?", True),  # its first word
        ("The Hartwell Mutual Group", "The Hartwell sr AI engineer - is there a take-home?", True),
        ("Snapfish Inc.", "something from a Snapfish tech lead on system design interviews?", False),
        ("Quorvo Inc.", "in take-home repos, how often do Quorvo/Zentrix show up?", False),  # a list of tools
        ("Quorvo Inc.", "do take-homes let you call the Quorvo API?", False),  # a tool
    ],
)
def test_a_company_is_the_employer_as_the_question_writes_it(name, question, employer):
    assert as_employer(name, question) is employer


def test_the_catalog_finds_a_name_after_the_by_its_first_two_words(bm25):
    catalog = catalog_for(bm25)
    found = catalog.companies_in("The Hartwell sr AI engineer - is there a take-home?")
    assert [c.name for c in found] == ["The Hartwell Mutual Group"]
    assert catalog.companies_in("the hartwell sr AI engineer - is there a take-home?") == []


def test_a_postings_only_company_asked_about_its_interviews_gets_its_postings(checker):
    verdict = checker.check("what are Quorvo's interview rounds for AI engineers?", [QUORVO, PAGES[0]])
    assert (verdict.coverage, verdict.reason, verdict.missing) == ("none", "postings-only", ("Quorvo Inc.",))
    text = refusal_text([Hit(QUORVO, 1.0)], verdict)
    assert text == (
        "The field guide has no interview write-up for Quorvo Inc.: it doesn't describe that company's "
        "interview process. It does list 1 job posting from Quorvo Inc.:\n"
        f"- [Senior AI Engineer at Quorvo Inc.]({URL}posting/5.md)\n\n"
        "The closest sections are:\n"
        f"- [Senior AI Engineer at Quorvo Inc.]({URL}posting/5.md)"
    )


def test_a_write_up_under_a_units_name_is_the_companys(checker):
    question = "Zentrix Labs AI engineer - what are the interview rounds?"
    assert checker.check(question, [ZENTRIX_PROCESS, ZENTRIX]) == Verdict("full", "covered")


@pytest.mark.parametrize(
    "question, run",
    [
        ("Back Harbor applied AI engineer - how many rounds?", "Back Harbor"),
        ("Tower Bridge Capital staff AI engineer - salary?", "Tower Bridge Capital"),
        ("Senior Staff engineer at Quorvo?", None),  # a title word ends the run
        ("Uber's GenAI Gateway - how many use cases?", None),  # a possessive: a thing of a company
        ("Back Harbor - how many rounds?", None),  # no title or interview word right after it
        ("how does Back Harbor interview?", None),  # not opening the question
        ("Does Scale AI hire AI engineers?", None),  # the question's verb, then a one-word name
        ("Is Back Harbor hiring AI engineers?", "Back Harbor"),  # "hiring" follows a name
        ("Does Back Harbor AI engineer pay well?", "Back Harbor"),  # the verb is not part of the name
    ],
)
def test_capitalised_words_opening_the_question_before_a_title_are_a_name(question, run):
    assert employer_run(question) == run


def test_a_name_of_known_words_that_no_chunk_writes_in_a_row_is_not_mentioned(checker, bm25):
    assert (in_corpus(bm25, "Back Harbor"), in_corpus(bm25, "step back"), in_corpus(bm25, "Quorvo")) == (
        False,
        True,
        True,
    )
    question = "Back Harbor applied AI engineer - how many interview rounds?"
    assert checker.check(question, PAGES[:1]) == Verdict("none", "not-mentioned", ("Back Harbor",))
    assert (
        checker.check("Step Back AI engineer - how many interview rounds?", PAGES[:1]).reason
        != "not-mentioned"
    )


def test_a_word_written_inside_a_joined_name_is_not_missing():
    assert [compound_part(w, PAGES[1:2]) for w in ("Blind", "Team", "blind", "Thread")] == [
        True,
        True,
        False,
        False,
    ]
    assert compound_part("Blind", PAGES[:1]) is False


def test_an_off_topic_refusal_says_what_the_guide_is_about_and_links_its_pages():
    hits = [Hit(QUORVO, 0.3), Hit(PAGES[2], 0.2), Hit(PAGES[2], 0.1)]
    assert refusal_text(hits, Verdict("none", "off-topic")) == (
        "The field guide doesn't cover this question. It is a guide to AI engineering careers (roles, "
        "skills, learning paths, interviews and job postings), and none of its passages is about this.\n\n"
        f"The closest sections are:\n- [Job market]({URL}page/3.md)"
    )
    # with no guide page among the hits, the closest postings are still linked
    assert refusal_text([Hit(QUORVO, 0.3)], Verdict("none", "off-topic")).endswith(
        f"- [Senior AI Engineer at Quorvo Inc.]({URL}posting/5.md)"
    )


def test_a_refusal_links_a_section_that_says_something_before_a_list_of_sources():
    sources = chunk(
        6,
        "page",
        "Interview process",
        "ee/loop-guide)\n[^a]: [Loop Guide](https://a.example/loop)\n"
        "[^b]: [Onsite Notes](https://b.example/onsite)\n- [Panel Tips](https://c.example/panel) - short",
    )
    hits = [Hit(sources, 0.4), Hit(PAGES[0], 0.3), Hit(PAGES[2], 0.2)]
    links = refusal_text(hits, Verdict("none", "off-topic")).split("The closest sections are:\n")[1]
    assert links.splitlines() == [
        f"- [Interview process]({URL}page/1.md)",
        f"- [Job market]({URL}page/3.md)",
        f"- [Interview process]({URL}page/6.md)",
    ]


def test_a_posting_answers_a_policy_question_naming_its_employer_as_the_catalog_found_it():
    posting = chunk(
        10, "posting", "AI Engineer at Quorvo (quorvo.io)", "We sponsor visas.", "Quorvo (quorvo.io)"
    )
    question = "Quorvo (quorvo) AI engineer: salary, remote, visa?"
    ask = policy_ask(question)
    assert ask is not None and ask.term == "visa"
    weight = lambda s: 1.0  # noqa: E731
    # "com"-like parts of the name ("io") are not in the question, so its words alone do not name it
    assert policy_cover(ask, [posting], weight, question) == 0.0
    employers = {name_words("Quorvo (quorvo.io)")}
    assert policy_cover(ask, [posting], weight, question, employers) == 1.0


DATASET = chunk(
    11, "page", "Job market data", "The dataset holds AI engineer postings: skills, level, city and pay."
)
POSTING_PAGES = [
    DATASET,
    chunk(12, "page", "Reading postings", "Of 120 AI engineer postings, many list skills, level and pay."),
    chunk(13, "page", "Posting notes", "Many postings were going up after a month; skills, level and city."),
    chunk(
        14, "page", "More notes", "How many postings were up after a week: many, in each city, at each level."
    ),
]


@pytest.fixture(scope="module")
def data_checker() -> AnswerabilityChecker:
    # a word the tiny corpus lacks weighs most of any question here: only more than 0.95 refuses outright
    return AnswerabilityChecker(BM25Index().fit([*CORPUS, *POSTING_PAGES]), unknown_idf=5.0, none_share=0.95)


@pytest.mark.parametrize(
    "question, verdict",
    [
        # the job data as a set, asked about a word no passage has: nothing of it is answered
        (
            "how many of the AI engineer postings in the dataset were reposted after going up?",
            Verdict("none", "missing-terms", ("reposted",)),
        ),
        # not the job data as a set: the covered part is still answered, the word named
        (
            "how many AI engineer postings list skills, level, city and pay but were reposted after "
            "going up?",
            Verdict("partial", "missing-terms", ("reposted",)),
        ),
        (
            "how many of the AI engineer postings list skills, and were they reposted after going up?",
            Verdict("partial", "missing-terms", ("reposted",)),
        ),
    ],
)
def test_a_question_about_the_job_data_as_a_set_missing_its_key_word_is_refused(
    data_checker, question, verdict
):
    assert data_checker.check(question, POSTING_PAGES) == verdict

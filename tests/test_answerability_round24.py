"""Round twenty-four of the answerability check, read from near_domain23, unseen24 and invented variants:
a thing that comes in amounts with its size asked after it ("wellness stipend how much", "401k match
percent") or its share asked of it ("'high 401(k) match' - what % is that?") needs a figure beside the
thing; a list item's label before a dash states its figure ("401(k) Match – Up to 5%"); "the ad just says
competitive" is a remark, no part; a leave's length, "will they help with relocation" and "…, and 401k
match?" are asks of their own; the stated days beside an unstated pay make the answer partial; an acronym
the stemmer cuts to a word ("PAYE": "pay") is a word of its own; "Interview tips:" labels a posting's
hiring lines. Invented corpus, exact verdicts, with the neighbours each rule leaves alone."""

import pytest

from rag.answer.answerability import TOPIC_PULL, AnswerabilityChecker, Verdict
from rag.answer.asks import SizeAsk, size_asks, sized_aside
from rag.answer.employer_asks import employer_asks
from rag.answer.figure_kinds import money_asks
from rag.answer.figures import FigureAsk, figure_ask
from rag.answer.own_passages import name_position, unknown_name
from rag.answer.page_topic import PageNearness
from rag.answer.posting_process import process_lines
from rag.answer.question_words import parts
from rag.answer.set_asks import some_have
from rag.answer.stated import amount_cover
from rag.answer.thing_size import thing_size
from rag.answer.verdict import question_terms
from rag.answer.word_cover import equivalent
from rag.index.bm25 import BM25Index
from rag.index.catalog import catalog_for
from tests.test_answerability_round10 import chunk

PAGES = [
    chunk(
        1,
        "page",
        "Offers",
        "Offers add perks and a holiday allowance; ask how much each is worth, get the pay figure first.",
    ),
    chunk(2, "page", "Contracts", "Contract work pays a day rate; a limited company is better for the tax."),
]
QUORVO = chunk(
    4,
    "posting",
    "AI Engineer at Quorvo",
    "Benefits:\n\n- Annual wellness stipend\n- Generous 401(k) match\n- 25 holiday days a year\n"
    "- Competitive salary and equity",
    "Quorvo",
)
VELTRO = chunk(
    5,
    "posting",
    "ML Engineer at Veltro",
    "Benefits:\n\n- $1,200 yearly wellness stipend\n- 401(k) Match – Up to 5%\n- Base pay $120K-$140K",
    "Veltro",
)


def checker() -> AnswerabilityChecker:
    return AnswerabilityChecker(
        BM25Index().fit([*PAGES, QUORVO, VELTRO]),
        unknown_idf=5.0,
        domain_page_df=1,
        page_similarity=lambda q: 0.6,
    )


@pytest.mark.parametrize(
    ("part", "thing"),
    [
        ("deepgram wellness stipend how much", ("stipend",)),
        ("workwhile wfh stipend amount", ("stipend",)),
        ("cantina ai growth engineer 401k match percent", ("401k", "401", "match")),
        ("quorvo tuition assistance figure?", ("assist",)),
        ("rilla learning stipend per year?", ("stipend",)),
        # asked first, or past a dash
        ("how generous is cantina's 401k match", ("401k", "401", "match")),
        ("what's the wfh stipend at workwhile", ("stipend",)),
        ("cantina 401k match - how much do they put in", ("401k", "401", "match")),
        ("deepgram wellness stipend - what's it worth", ("stipend",)),
        ("what's the parental leave at quorvo", ()),
        ("what's the wfh stipend at workwhile, and is it monthly", ()),
        # no thing that comes in amounts before the size word, or the size word not last
        ("quorvo engineer salary figure", ()),
        ("how much", ()),
        ("wellness stipend at quorvo", ()),
    ],
)
def test_a_size_asked_after_a_thing_that_comes_in_amounts(part, thing):
    assert thing_size(part) == thing


def test_a_terse_size_ask_of_a_thing_is_a_figure_asked():
    assert figure_ask("quorvo wellness stipend how much") == FigureAsk(
        "quorvo wellness stipend how much", ("quorvo", "well", "stipend"), False
    )
    assert figure_ask("quorvo wellness stipend") is None


def test_a_stipend_whose_size_no_line_states_is_refused_and_a_stated_one_answered():
    c = checker()
    assert c.check("quorvo wellness stipend how much", [QUORVO]) == Verdict(
        "none", "figure-not-stated", ("quorvo wellness stipend how much",)
    )
    assert c.check("veltro wellness stipend how much", [VELTRO]) == Verdict("full", "covered")


def test_a_list_items_label_before_a_dash_states_its_figure():
    ask = FigureAsk("veltro 401k match percent", ("veltro", "401k", "match"), False)
    # "401(k)" writes "401" and "k", not "401k": two of the three keys, above FIGURE_COVER
    assert amount_cover(ask, [VELTRO], lambda s: 1.0) == pytest.approx(2 / 3)
    assert (
        amount_cover(FigureAsk("quorvo 401k match percent", ask.keys, False), [QUORVO], lambda s: 1.0) == 0.0
    )


def test_a_share_asked_of_a_thing_needs_a_figure_beside_the_thing():
    question = "Quorvo AI engineer ad says 'generous 401(k) match' - what percentage is that? my plan is 6%"
    (ask,) = money_asks(question)
    assert ask.thing == ("match",)
    assert checker().check(question, [QUORVO]).coverage == "none"
    # a share of a set is no size of a thing
    assert money_asks("what share of postings offer a 401(k) match") == []


def test_a_remark_on_what_the_ad_says_is_no_part():
    assert parts("Quorvo AI engineer salary figure? ad just says competitive") == [
        "Quorvo AI engineer salary figure"
    ]
    assert parts("Quorvo AI engineer salary figure? the posting only lists competitive") == [
        "Quorvo AI engineer salary figure"
    ]
    assert parts("Quorvo AI engineer salary figure? ads for it say a lot") == [
        "Quorvo AI engineer salary figure",
        "ads for it say a lot",
    ]


def test_a_leaves_length_relocation_help_and_a_two_word_match_are_asks_of_their_own():
    assert size_asks("regal FDE holidays + parental leave length") == [
        SizeAsk("parental leave length", ("parent", "leav"))
    ]
    assert employer_asks("Quorvo AI engineer: what's the pay range, and will they help with relocation?") == (
        [],
        [SizeAsk("will they help with relocation", ("reloc",))],
    )
    assert employer_asks("Quorvo AI engineer NYC: parental leave length and 401k match?") == (
        [],
        [SizeAsk("401k match", ("401k", "401", "match"))],
    )
    # two words that come in no amounts stay one word's ask only
    assert employer_asks("Quorvo AI engineer: salary and remote work?") == ([], [])


def test_stated_days_beside_an_unstated_pay_answer_in_part():
    part = "Quorvo AI eng: holiday allowance and the pay figure"
    assert sized_aside(part, [QUORVO], ["Quorvo"]) == "the pay figure"
    assert sized_aside("Quorvo AI eng: parental leave and the pay figure", [QUORVO], ["Quorvo"]) is None
    assert checker().check(f"{part}?", [QUORVO]) == Verdict(
        "partial", "figure-not-stated", ("the pay figure",)
    )


def test_an_acronym_the_stemmer_cuts_is_a_word_of_its_own():
    verdict = checker().check("PAYE or limited company for a contract, which is better", [PAGES[1]])
    assert verdict == Verdict("none", "missing-terms", ("PAYE",))
    # written whole somewhere, or not cut, it is the corpus's word
    assert checker().check("limited company or day rate for a contract", [PAGES[1]]).coverage == "full"


def test_percent_is_written_as_the_sign():
    assert equivalent("percent", [VELTRO])
    assert not equivalent("percent", [QUORVO])


def test_an_interview_label_heads_a_postings_hiring_lines():
    text = (
        "Growth Path:\n\n- Own a product area\n\nInterview tips: We will ask you these questions!\n\n"
        "- Research everything about us.\n- What would you improve?\n\nHours & Compensation:\n\n- Shift: 9-6"
    )
    assert process_lines(text) == [
        "Interview tips: We will ask you these questions!",
        "- Research everything about us.",
        "- What would you improve?",
    ]
    assert process_lines(text.replace("Interview tips", "Office tips")) == []


@pytest.mark.parametrize(
    ("question", "word", "named"),
    [
        ("heard zorblex pays well for llm engineers, true?", "zorblex", True),
        ("do retailers like zorblex hire ai engineers", "zorblex", True),
        ("any openings on the zorblex applied ml team", "zorblex", True),
        ("zorblex vs deepmind for a new grad ml role", "zorblex", True),
        ("cold email to the zorblex cto about an ai role, good idea?", "zorblex", True),
        ("the ai engineer interview at a big bank such as zorblex", "zorblex", True),
        # the same words around a word that is no name's place
        ("heard the interviews went well, true?", "interviews", False),
        ("do retailers hire zorblex engineers", "zorblex", False),
        ("a bank as zorblex would say", "zorblex", False),
    ],
)
def test_a_word_before_pays_vs_or_a_team_or_after_like_stands_where_a_name_goes(question, word, named):
    start = question.index(word)
    assert name_position(question, start, start + len(word)) is named


def test_the_askers_motive_after_the_question_is_no_part():
    assert parts("how big are quorvo's learning stipends? Want to budget for a conference") == [
        "how big are quorvo's learning stipends"
    ]
    assert parts("how often do postings say deploy? Trying to gauge how ops-heavy this is") == [
        "how often do postings say deploy"
    ]
    # a motive that asks on, or no motive: still a part
    assert parts("what should I learn? how long does it take") == [
        "what should I learn",
        "how long does it take",
    ]


@pytest.mark.parametrize(
    ("part", "thing"),
    [
        ("what's the typical payout on quorvo's performance based bonus program", ("bonu",)),
        ("what's the usual size of the relocation budget", ("reloc", "budget")),
        ("what's the typical payout on a lottery", ()),
    ],
)
def test_a_payout_or_size_asked_of_a_thing(part, thing):
    assert thing_size(part) == thing


def test_legit_is_answered_by_a_scam_warning():
    warning = chunk(
        7, "posting", "AI Engineer at Quorvo", "Any such request is likely part of a scam.", "Quorvo"
    )
    assert equivalent("legit", [warning])
    assert not equivalent("legit", [QUORVO])


def test_hiking_weekends_any_startups_do_those_is_a_set_ask():
    assert some_have("company hiking weekends, any startups do those") == "company hiking weekends"
    assert some_have("company hiking weekends, any startups do those things now") is None


def test_an_unknown_opening_word_before_a_title_is_a_name_unless_a_letter_slipped():
    pages = [chunk(1, "page", "Skills", "Python and LangChain are the primary skills; read the notice.")]
    catalog = catalog_for(BM25Index().fit(pages))
    terms = {t.surface: t for t in question_terms("primark ai engineer job openings uk")}
    assert unknown_name("primark ai engineer job openings uk", terms["primark"], catalog)
    typo = {t.surface: t for t in question_terms("pyhton ai engineer jobs")}
    assert not unknown_name("pyhton ai engineer jobs", typo["pyhton"], catalog)
    left_out = {t.surface: t for t in question_terms("pythn ai engineer jobs")}
    assert not unknown_name("pythn ai engineer jobs", left_out["pythn"], catalog)
    # not before a title: the typo forgiven as before ("primark" read as "primary")
    later = {t.surface: t for t in question_terms("primark skills for ai engineers")}
    assert not unknown_name("primark skills for ai engineers", later["primark"], catalog)


def test_a_three_capital_acronym_names_its_company():
    postings = [
        chunk(8, "posting", "AI Engineer at QZV Technology", "Build agents.", "QZV Technology"),
        chunk(9, "page", "Hiring", "Recruiters rarely send offers by social media."),
    ]
    catalog = catalog_for(BM25Index().fit(postings))
    assert [c.name for c in catalog.companies_in("got a QZV job offer through social media DMs")] == [
        "QZV Technology"
    ]
    assert catalog.companies_in("got a qzv job offer through social media DMs") == []


def test_only_a_word_the_corpus_never_uses_carries_a_question_away():
    def similarity(question: str) -> float:  # nearer a page without the missing word, whichever it is
        return 0.30 if ("skateboarding" in question or "slower" in question) else 0.30 + TOPIC_PULL

    learn = chunk(3, "page", "Learning plan", "A beginner plan for frontend people: learn Python first.")
    pace = chunk(10, "page", "Pace", "Some teams ship slower than others.")
    checker = AnswerabilityChecker(
        BM25Index().fit([*PAGES, learn, pace]), unknown_idf=5.0, domain_page_df=1, page_similarity=similarity
    )
    plan = "a beginner plan to learn skateboarding"
    assert checker.check(plan, [learn]) == Verdict("none", "missing-terms", ("skateboarding",))
    # a word the corpus knows ("slower") pulls the question as far, but does not carry it away
    nearness = PageNearness(similarity)
    known = {"slower", "plan"}.__contains__
    assert not nearness.pulled_away("is the plan slower for frontend people", ["slower"], known)
    assert nearness.pulled_away("a plan to learn skateboarding", ["skateboarding"], known)

"""Round forty-eight, read from near_domain93-96 and unseen94-97; exact verdicts, invented corpus:
- a capital that only opens a sentence ("… cover it? Wondering if …") names nothing; nor does a word
  before an article and a title ("spotting a first-ai-hire role"), which no employer's name stands in;
- an employer's name in lower case before what an employer does ("if anthropic offers me") names it, and
  so does a short name before a word of its full name and a title ("imtf regtech ai platform engineer");
- an employer before what it does to hire ("how X runs its hiring loop", "what rounds would X run") is
  the employer whose interviews are asked about;
- a legal word given as an example ("things like industry jargon and regulations") asks no legal point;
- a move paid for ("cover moving costs", "pay for my move") is a relocation ask, answered only by a line
  on relocation help;
- a figure named missing that another chunk of the document states is looked up, even when another part
  stays unsaid;
- "percentage wise" asks a share, and "equity package, what size" its amount; a remark on what a posting
  says, before the question, is its premise;
- startups after a stage ("seed startups") are that stage's; "listed firms" are public companies; "what do
  they call engineers" names no title; "filter … so I only see offices with X" asks a filter for X;
- a visa asked in the last piece, after a choice asked, is a part of its own; "mgmt" is management;
- a perk asked of a named employer beside another ask (equity, a pension, a joining bonus) is answered
  only by its own postings, in its words or another's for the same perk ("sign-on bonus", "401(k)"); its
  size asked ("how much equity") is the figure checks'; day names say which weekdays;
- where the asker comes from ("applying from Toronto", "coming from Kolkata") is no ask and names no gap;
- another employer's posting states no figure of a named one's ("blackbaud parental leave, how long")."""

from __future__ import annotations

import pytest

from rag.answer.answerability import AnswerabilityChecker, Verdict
from rag.answer.asks import parts
from rag.answer.figure_kinds import kind_ask, money_ask
from rag.answer.grounding import _better
from rag.answer.interviews import as_employer
from rag.answer.own_passages import opens_job
from rag.answer.policy import policy_cover, policy_or_rule_ask
from rag.answer.question_words import own_state_spans
from rag.answer.verdict import opens_sentence, question_terms
from rag.answer.word_cover import equivalent
from rag.index.bm25 import BM25Index
from rag.index.catalog import catalog_for
from rag.market.column_asks import column_asked
from rag.names import employer_acts
from rag.shorthand import spell_out
from tests.test_answerability_round10 import chunk
from tests.test_answerability_round29 import PAGES, notes
from tests.test_market_router import router  # noqa: F401 (the router fixture)

MODELS = [
    chunk(110 + i, "page", f"Model APIs {i}", f"Teams call anthropic and openai models, week {i}.")
    for i in range(3)
]
FDE = chunk(
    113,
    "posting",
    "Forward Deployed Engineer at Anthropic",
    "We sponsor visas for this London role.",
    "Anthropic",
)
PLATFORMS = [
    chunk(118 + i, "posting", f"AI Platform Engineer at {name}", "Run the platform.", name)
    for i, name in enumerate(("Quorvane", "Tessellan", "Brightmoor"))
]
IMTF = chunk(
    114,
    "posting",
    "Senior AI/ML Platform Engineer at IMTF - Excellence in RegTech Solutions",
    "Build the AI platform on Kubernetes.",
    "IMTF - Excellence in RegTech Solutions",
)
PONDER = chunk(116, "page", "Offers", "Pondering two offers is normal.")
PROJECTS = chunk(
    115,
    "page",
    "Production experience",
    "Do you need production experience? Personal projects can cover most of it for junior positions.",
)


def test_a_capital_opening_a_later_sentence_names_nothing():
    question = "do positions need production experience, or can personal projects cover it? Wondering lots"
    assert opens_sentence(question, question.index("Wondering"))
    assert not opens_sentence(question, question.index("personal"))
    surfaces = [t.surface for t in question_terms("who is on the team, background wise? and Wise's process")]
    assert surfaces == ["team", "background", "Wise", "s", "process"]  # "-wise" says in what respect
    checker = AnswerabilityChecker(
        BM25Index().fit([*PAGES, *notes(20), PROJECTS, PONDER]),
        unknown_idf=5.0,
        domain_page_df=1,
        page_similarity=lambda q: 0.6,
    )
    # "Pondering", a word the corpus uses, opens a sentence: everyday, so near a page it is named, not refused
    verdict = checker.check("insist on production experience? Pondering", [PROJECTS])
    assert verdict == Verdict("partial", "missing-terms", ("insist", "Pondering"))
    verdict = checker.check("insist on production experience, Pondering", [PROJECTS])
    assert verdict == Verdict("none", "missing-terms", ("insist", "Pondering"))


def test_no_name_stands_before_an_article_and_a_title():
    assert not opens_job("spotting a first-ai-hire role in a JD", 0, 8)
    assert opens_job("retell ai voice agent engineer - remote?", 0, 6)


def test_a_lower_case_name_before_what_an_employer_does():
    catalog = catalog_for(BM25Index().fit([*PAGES, *notes(20), *MODELS, FDE]))
    assert [
        c.name for c in catalog.companies_in("if anthropic offers me the london FDE job, who handles my visa")
    ] == ["Anthropic"]
    assert [c.name for c in catalog.companies_in("does anthropic sponsor visas")] == ["Anthropic"]
    assert catalog.companies_in("anthropic models vs openai for agents") == []


def test_a_short_name_before_a_word_of_its_full_name_and_a_title():
    catalog = catalog_for(BM25Index().fit([*PAGES, *notes(20), *PLATFORMS, IMTF]))
    named = catalog.companies_in("imtf regtech ai platform engineer interview stages")
    assert [c.name for c in named] == ["IMTF - Excellence in RegTech Solutions"]
    assert catalog.companies_in("imtf weather report") == []


@pytest.mark.parametrize(
    ("name", "question", "employer"),
    [
        ("Amperos Health", "what rounds would amperos health run for an AI research engineer", True),
        ("AegisAI Security", "Could you tell me how AegisAI Security runs its hiring loop?", True),
        ("Ollama", "is knowing ollama enough for a take-home", False),
    ],
)
def test_an_employer_before_what_it_does_to_hire(name, question, employer):
    assert as_employer(name, question) is employer


def test_a_legal_word_as_an_example_asks_no_legal_point():
    question = (
        "Is domain-specific fine-tuning, for things like industry jargon and regulations, a common ask?"
    )
    assert policy_or_rule_ask(question, False) is None
    assert policy_or_rule_ask("are these regulations enforceable in the EU", False).kind == "legal"


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("HPE bengaluru senior ai/ml: hybrid days per week? will they cover moving costs", "moving costs"),
        ("Would PayPal pay for my move if I take the platform job", "pay for my move"),
        ("they want you to relocate, but do they pay for the move", "pay for the move"),
    ],
)
def test_a_move_paid_for_is_a_relocation_ask(question, term):
    assert policy_or_rule_ask(question, True).term == term


def test_only_a_line_on_relocation_help_answers_a_move_paid_for():
    question = "Stryker deployment engineer - they want you to relocate, but do they pay for the move"
    ask = policy_or_rule_ask(question, True)
    employers = {("stryker",)}
    told = chunk(
        116, "posting", "Deployment Engineer at Stryker", "You will relocate to Amsterdam.", "Stryker"
    )
    helped = chunk(
        117, "posting", "Deployment Engineer at Stryker", "Relocation assistance is available.", "Stryker"
    )
    assert policy_cover(ask, [told], lambda s: 1.0, question, employers) == 0.0
    assert policy_cover(ask, [helped], lambda s: 1.0, question, employers) == 1.0


def test_a_figure_found_though_another_part_stays_unsaid():
    days = Verdict("partial", "duration-not-stated", ("how many office days",))
    move = Verdict("partial", "policy-not-stated", ("pay for my move",))
    assert _better(days, move)
    assert not _better(days, Verdict("partial", "duration-not-stated", ("how many office days",)))
    assert not _better(move, days)  # (a policy gap is not looked up for a figure)
    assert _better(Verdict("none", "count-not-stated", ("x",)), Verdict("partial", "missing-terms", ("y",)))


def test_percentage_wise_asks_a_share():
    ask = kind_ask(
        "Acuity says 'generous 401(k) contribution', how generous are we talking, percentage wise?"
    )
    assert ask.kind == "share"
    assert kind_ask("what's the rent like, roughly") is None


def test_a_remark_on_a_posting_before_the_question_is_its_premise():
    question = "Cantina's posting says there's a 401k matching program; how much does it actually match?"
    assert parts(question) == [
        "Cantina's posting says there's a 401k matching program — how much does it actually match"
    ]
    assert parts("the posting lists python, what about rust") == ["the posting lists python, what about rust"]


def test_startups_after_a_stage_are_that_stages(router):  # noqa: F811
    routed = router.route("split by funding stage: listed firms vs seed startups, how many openings each")
    assert (routed.route, routed.spec.measure, routed.spec.field, routed.spec.only) == (
        "market",
        "top",
        "stage",
        ["public", "seed"],
    )


def test_what_they_call_engineers_names_no_title(router):  # noqa: F811
    ex = router.extractor.extract("junior platform engineer pay? and what do they call engineers internally")
    assert [str(u) for u in ex.unknown] == [
        "No posting has a title with 'platform engineer'. See `fieldguide market vocab title` for the values "
        "the data holds."
    ]


def test_a_filter_to_see_only_offices_with_a_thing():
    question = "Filter the AI engineer roles so I only see offices with a mug tree in the kitchen please"
    assert column_asked(question) == "mug tree"
    assert column_asked("filter the postings so I only see remote roles with python") == "python"


def test_an_equity_package_what_size_asks_its_amount():
    assert money_ask("symbolica early-stage equity package, what size and what vesting") is not None
    assert money_ask("acme company, what size") is None  # a company's size is recorded, no amount


def test_a_visa_asked_in_the_last_piece():
    # the last piece asks the term, an earlier one another thing (a choice): each is a part
    ask = policy_or_rule_ask("highlevel SDET III AI new delhi. remote or office, any visa sponsorship", True)
    assert (ask.term, ask.part, ask.other_parts) == ("visa", "any visa sponsorship", True)
    # ... but not a piece asking about the same matter
    question = "can I use Llama models commercially in my startup's product - what does the license allow?"
    assert policy_or_rule_ask(question, False).part == question.rstrip("?")


def test_mgmt_is_management():
    assert spell_out("portfolio mgmt AI engineer") == "portfolio mgmt (management) AI engineer"


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("planet ai engineer - is there equity on top, and how hybrid is it", "equity"),
        ("Does the Xaira role come with a pension, and where's the office exactly?", "pension"),
        ("zendesk pune frontend staff eng - joining bonus? what's the wfh setup", "joining bonus"),
    ],
)
def test_a_perk_asked_of_a_named_employer(question, term):
    assert policy_or_rule_ask(question, True).term == term
    assert policy_or_rule_ask(question, False) is None  # no employer named: the guide's pages may answer
    # asked alone, it asks the rest too ("remote"), which the posting answers
    assert policy_or_rule_ask("skedda remote AI role: equity?", True) is None


def test_only_the_employers_own_line_says_it_has_the_perk():
    question = "Quorvane platform engineer - joining bonus? what's the wfh setup"
    ask = policy_or_rule_ask(question, True)
    sign_on = chunk(
        126, "posting", "AI Platform Engineer at Quorvane", "A sign-on bonus is offered.", "Quorvane"
    )
    other = chunk(127, "posting", "AI Engineer at Tessellan", "A joining bonus is offered.", "Tessellan")
    employers = {("quorvane",)}
    assert policy_cover(ask, [sign_on], lambda s: 1.0, question, employers) == 1.0
    assert policy_cover(ask, [other], lambda s: 1.0, question, employers) == 0.0
    asked = "Quorvane: is there a pension, and how hybrid is it?"
    pension = policy_or_rule_ask(asked, True)
    retirement = chunk(128, "posting", "AI Platform Engineer at Quorvane", "401(k) with a match.", "Quorvane")
    assert policy_cover(pension, [retirement], lambda s: 1.0, asked, employers) == 1.0
    # the whole "401(k)", brackets and all
    assert policy_or_rule_ask("Quorvane: is there a 401(k), and how hybrid is it?", True).term == "401(k)"


@pytest.mark.parametrize(
    ("question", "place"),
    [
        (
            "applying from Toronto for the wells fargo genAI infra role - anything specific for me",
            ["Toronto"],
        ),
        ("Celonis data engineer: is relocation covered if I'm coming from Kolkata?", ["Kolkata"]),
        ("coming from data engineering, how long does the switch take at Celonis", []),
    ],
)
def test_where_the_asker_comes_from_is_no_ask(question, place):
    spans = own_state_spans(question, place=True)
    assert [question[a:b] for a, b in spans if question[a].isupper()] == place


def test_another_employers_posting_states_no_figure_of_a_named_ones():
    own = chunk(
        123,
        "posting",
        "Senior Engineer at Blackwood",
        "- 7+ years of experience designing applications\n- Generous Parental Leave",
        "Blackwood",
    )
    other = chunk(124, "posting", "AI Engineer at Fernmoor", "- 16 weeks of paid parental leave", "Fernmoor")
    leave = chunk(125, "page", "Benefits", "Parental leave varies by employer.")
    checker = AnswerabilityChecker(
        BM25Index().fit([*PAGES, *notes(20), own, other, leave]),
        unknown_idf=5.0,
        domain_page_df=1,
        page_similarity=lambda q: 0.6,
    )
    covered = Verdict("full", "covered")
    for question, gap in [
        (
            "blackwood parental leave, how long",
            Verdict("none", "duration-not-stated", ("blackwood parental leave, how long",)),
        ),
        ("fernmoor parental leave, how long", None),
    ]:
        named = checker.catalog.companies_in(question)
        assert checker.figures.unstated(question, named, [own, other], covered, False) == gap


def test_a_size_asked_of_a_perk_is_the_figure_checks():
    question = "pdq senior software engineer elixir ai - is it really a 4 day week? whats the 401k match"
    assert policy_or_rule_ask(question, True) is None
    assert (
        policy_or_rule_ask("saccharo AI lead engineer - what's the comp and how much equity?", True) is None
    )


def test_day_names_say_which_weekdays():
    office = chunk(
        129, "posting", "AI Engineer at Quorvane", "In the office on Tuesdays and Thursdays.", "Quorvane"
    )
    assert equivalent("weekdays", [office])
    assert not equivalent(
        "weekdays", [chunk(130, "posting", "AI Engineer at Tessellan", "Hybrid.", "Tessellan")]
    )


@pytest.mark.parametrize(
    ("words", "start", "end", "acts"),
    [
        (["if", "anthropic", "offers", "me"], 1, 2, True),
        (["would", "anthropic", "sponsor", "visas"], 1, 2, True),
        (["thirdlaw", "pay", "benchmarking"], 0, 1, False),
        (["retrieval", "finds", "nothing", "interview", "q"], 2, 3, False),
    ],
)
def test_what_an_employer_does_after_its_name(words, start, end, acts):
    assert employer_acts(words, start, end) is acts

"""Round thirty-three, read from near_domain45 and unseen46 and invented variants: a size asked of what a
statement before names ("… mentions a personal interest allowance. What is it worth each year?"); a share
word asking the rate one employer gives; terse leave days; words joined by "+" to a perk naming it; a
posting named by its title's words in a remark; connectives and auxiliaries that are no key term; and in the
market: a region's countries, skills joined by a slash, an employer named with a level, a count asked beside
advice, the talks asked about. Invented corpus and postings, exact verdicts, routes and figures."""

import pytest

from rag.answer.answerability import AnswerabilityChecker, Verdict
from rag.answer.asks import question_asks, size_asks
from rag.answer.figure_kinds import KindAsk, kind_asks, money_asks
from rag.answer.figure_shapes import asked_shapes
from rag.answer.own_passages import unwritten_domains
from rag.answer.policy import policy_ask
from rag.answer.question_words import NO_CONTENT_STEMS, parts, tells
from rag.answer.set_asks import asks_of_candidates, some_have
from rag.answer.thing_size import thing_size
from rag.answer.word_cover import equivalent
from rag.index.bm25 import BM25Index
from rag.index.catalog import catalog_for
from rag.market.cues import asks_headcount
from rag.market.intents import intents_of
from rag.market.parser import Extractor
from rag.market.router import NO_AGGREGATE, Router
from rag.market.skills import skill_key
from rag.market.vocab import Vocabulary
from rag.places import region_countries
from tests.test_answerability_round10 import chunk
from tests.test_answerability_round29 import PAGES, notes

# Fenwhistle names its perks with no figure beside them.
FENWHISTLE = chunk(
    4,
    "posting",
    "AI Engineer at Fenwhistle",
    "Benefits:\n\n- A personal interest allowance for hobbies\n- Annual leave and a company pension "
    "contribution\n- Phone and internet allowance\n- H1-B sponsorship available\n- Gym membership and "
    "internet reimbursement",
    "Fenwhistle",
)
SKILLS_PAGE = chunk(
    5,
    "page",
    "Skills the postings ask for",
    "Besides PyTorch, postings ask for evaluation and embeddings; ML skills matter for AI engineers.",
)
# the words these questions use beside the perk, so that only the figure is missing
WORDS = chunk(
    6,
    "page",
    "Reading an offer",
    "A posting lists or mentions perks; ask what those are worth each year and how much they cover each "
    "month. Thinking about skills? Most AI engineers use Python.",
)
ALLOWANCE = (
    "Fenwhistle's AI engineer job mentions a personal interest allowance for hobbies. What is it worth each "
    "year?"
)
COVER = (
    "Fenwhistle lists gym membership and internet reimbursement. How much do those actually cover each month?"
)


def checker() -> AnswerabilityChecker:
    return AnswerabilityChecker(
        BM25Index().fit([*PAGES, SKILLS_PAGE, WORDS, *notes(8), FENWHISTLE]),
        unknown_idf=5.0,
        domain_page_df=1,
        page_similarity=lambda q: 0.6,
    )


def test_a_size_asked_of_what_the_statement_before_names_is_one_ask():
    assert parts(ALLOWANCE) == [ALLOWANCE.replace(". What", " — What").rstrip("?")]
    assert thing_size(parts(COVER)[0]) == ("membership", "reimburs")
    assert question_asks(COVER) == [COVER.replace(". How", " — How").rstrip("?")]
    # an ask with no pronoun, or after a question, stays its own
    assert parts("Fenwhistle offers a gym membership. What is the salary?") == ["What is the salary"]
    assert parts("Is there a stipend? What is it worth?") == ["Is there a stipend", "What is it worth"]


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        (ALLOWANCE, Verdict("none", "figure-not-stated", (parts(ALLOWANCE)[0],))),
        (COVER, Verdict("none", "figure-not-stated", (parts(COVER)[0],))),
        (
            "fenwhistle annual leave days?",
            Verdict("none", "duration-not-stated", ("fenwhistle annual leave days",)),
        ),
        (
            "fenwhistle ai engineer NL: phone + internet allowance amounts, and pension contribution %",
            Verdict(
                "none",
                "size-not-stated",
                ("fenwhistle ai engineer NL: phone+internet allowance amounts", "pension contribution %"),
            ),
        ),
    ],
)
def test_a_perks_size_no_posting_states_is_refused(question, verdict):
    assert checker().check(question, [FENWHISTLE, WORDS]) == verdict


def test_leave_days_typed_after_the_leave_ask_how_many():
    assert kind_asks("fenwhistle annual leave days?") == [
        KindAsk(
            "duration",
            "fenwhistle annual leave days",
            ("fenwhistl", "annual", "leav"),
            "day",
            False,
            (),
            frozenset(),
        )
    ]
    assert kind_asks("I took sick days off") == []


def test_words_joined_by_plus_to_a_perk_name_it():
    assert question_asks("X NL: phone + internet allowance amounts, and pension contribution %") == [
        "X NL: phone+internet allowance amounts",
        "pension contribution %",
    ]
    assert question_asks("salary + bonus") == ["salary", "bonus"]  # a pay word asks on its own
    assert [a.ask for a in size_asks("X: salary, and stipend amounts")] == ["stipend amounts"]


def test_a_remark_on_what_a_posting_named_by_its_title_says():
    assert tells("The AI solutions engineer posting only calls it generous")
    assert not tells("which skills does the typical post list")
    question = "What percentage does Fenwhistle match on the 401(k)? The AI solutions engineer posting only"
    assert parts(f"{question} calls it generous.") == ["What percentage does Fenwhistle match on the 401(k)"]


def test_connectives_and_auxiliaries_are_no_key_terms():
    assert {"apart", "asid", "besid", "except"} <= NO_CONTENT_STEMS
    question = (
        "Which ML skills do the postings ask for apart from pytorch? Thinking of evaluation and embeddings."
    )
    assert checker().check(question, [SKILLS_PAGE, WORDS]) == Verdict("full", "covered")
    ask = policy_ask("on an H-1B - would fenwhistle sponsor me for the AI products SWE job")
    assert (ask.term, ask.keys) == ("H-1B", ("fenwhistl", "sponsor", "ai", "product", "swe", "job"))


def test_a_visa_question_leads_with_the_line_on_visas():
    shape = asked_shapes("would fenwhistle sponsor my visa?")[0]
    assert shape.search("H1-B sponsorship available")
    assert shape.search("We are unable to sponsor visas")
    assert not shape.search("Lead projects and interact with clients and sponsors regularly")


SKILLS = {"Go": 4, "SQL": 5, "scikit-learn": 3, "XGBoost": 2, "CI/CD": 2, "Python": 9}


def vocabulary() -> Vocabulary:
    counts: dict[str, dict] = {field: {} for field in ("work_type", "stage", "size_band")}
    counts.update(city={"Berlin": 5, "London": 2}, country={"DEU": 5, "GBR": 2, "USA": 3})
    counts.update(company={"Quillfern Re": 2}, level={"Expert/Leader": 2}, ai_type={"ai-first": 6})
    counts.update(skill=dict(SKILLS))
    forms = {**{skill_key(s): s for s in SKILLS}, "sklearn": "scikit-learn", "golang": "Go"}
    return Vocabulary(counts, forms, dict.fromkeys(SKILLS))


@pytest.mark.parametrize(
    ("question", "mentions"),
    [
        (
            "how many 'ai engineer' jobs are really just sklearn/xgboost",
            [("skill", "scikit-learn"), ("skill", "XGBoost")],
        ),
        ("how many postings want ci/cd", [("skill", "CI/CD")]),  # a slashed skill of its own
        ("how many jobs in Europe", [("country", ("DEU", "GBR"))]),
        ("are there AI jobs in the EU", [("country", ("DEU",))]),
        ("how many jobs in Asia", []),  # no posting's country is there
    ],
)
def test_skills_joined_by_a_slash_and_a_regions_countries(question, mentions):
    ex = Extractor(vocabulary()).extract(question)
    assert [(m.field, m.value) for m in ex.mentions] == mentions


def test_a_region_is_read_as_its_countries():
    assert {"GBR", "DEU", "NLD"} <= region_countries("Europe")
    assert "GBR" not in region_countries("the EU")
    assert "IND" in region_countries("asia")
    assert region_countries("the Bay Area") is None
    ex = Extractor(vocabulary()).extract("how many jobs in Europe")
    assert ex.notes == [
        "Read 'Europe' as the postings located in Germany and the United Kingdom (the data's countries in "
        "that region)."
    ]


@pytest.mark.parametrize(
    ("question", "route"),
    [
        # one employer's posting named with a level: its own text answers, not the region's pay
        (
            "quillfern re principal fullstack AI - can i work from elsewhere in the EU for a bit? salary in "
            "euros?",
            ("guide", "one named posting or employer: its own text answers"),
        ),
        # the rate one employer gives, not a share of postings
        (
            "What percentage does Quillfern Re match on the 401(k)? The AI solutions engineer posting only "
            "calls it generous.",
            ("guide", NO_AGGREGATE),
        ),
        # a count asked beside advice: the guide answers the advice, the figure is added (test below)
        (
            "is golang worth it for ai eng, how many posts want go? sql?",
            ("both", "advice about a skill: the guide's answer plus its share of postings"),
        ),
        # what the talks said
        (
            "Any stats from the sessions on how many roles let you work from anywhere in Europe?",
            ("guide", "asks what the guide's talks said"),
        ),
    ],
)
def test_routes(question, route):
    routed = Router(vocabulary()).route(question)
    assert (routed.route, routed.reason) == route


def test_a_share_word_asking_an_employers_rate_is_no_share_of_postings():
    extractor = Extractor(vocabulary())
    assert "share" not in intents_of(extractor.extract("what percentage does quillfern re match on the 401k"))
    assert "share" in intents_of(extractor.extract("what percentage of postings offer a 401k match"))
    assert "share" in intents_of(extractor.extract("what % do postings list python"))


# job id: company, location, posted date
POSTINGS = {
    1: ("Quillbyte", "Berlin, DEU", "2025-09-03"),
    2: ("Quillbyte", "London, GBR", "2025-11-20"),
    3: ("Petrichor Labs", "Amsterdam, NLD", "2025-10-02"),
    4: ("Cobaltline", "New York, USA", "2026-02-05"),
    5: ("Cobaltline", "Bengaluru, IND", "2026-01-05"),
}


@pytest.fixture(scope="module")
def desk(postings_desk):
    return postings_desk(POSTINGS)


def test_jobs_in_a_region_are_counted_over_its_countries(desk):
    reply = desk.answer("how many AI engineer jobs are in Europe?")
    assert (reply.result.n_matching, reply.result.n_total) == (3, 5)
    assert reply.text.startswith(
        "Read 'Europe' as the postings located in Germany, the United Kingdom and the Netherlands (the "
        "data's countries in that region).\n\n**3 of all 5 postings (60.0%) are in Germany, the United "
        "Kingdom or the Netherlands.**"
    )
    assert desk.answer("how many AI jobs in the EU?").result.n_matching == 2  # no UK


def test_a_region_no_posting_is_in_gets_none_located_there(desk):
    assert desk.answer("how many AI jobs in Africa?").text.startswith(
        "None of the 5 job postings in the guide's data (collected once, posted 2025-09-03 to 2026-02-05) is "
        "located in Africa, so the data shows no such jobs there"
    )


@pytest.mark.parametrize(
    ("question", "guide"),
    [
        (
            "worth learning typescript for AI eng? how many postings want it",
            "worth learning typescript for AI eng?",
        ),
        ("is golang worth it for ai eng, how many posts want go? sql?", "is golang worth it for ai eng?"),
        ("Is MCP in demand?", "Is MCP in demand?"),  # one part: the guide is asked it whole
    ],
)
def test_the_guide_is_asked_what_the_added_figure_does_not_answer(desk, question, guide):
    assert desk.guide_part(question) == guide


@pytest.mark.parametrize(
    ("question", "headcount"),
    [
        ("how many AI engineers are there in Europe right now?", True),
        ("how many AI engineers work at Quillbyte?", True),
        ("how many AI engineer jobs are there in Europe?", False),  # postings, counted
    ],
)
def test_how_many_people_are_somewhere_is_no_count_of_postings(question, headcount):
    assert asks_headcount(question) is headcount


def test_the_guides_author_is_no_subject_his_own_talks_must_name():
    (ask,) = kind_asks("how many ML engineer jobs are GenAI now - did Alexey check")
    assert (ask.kind, ask.unit, ask.subjects) == ("count", "job", (frozenset({"genai"}),))
    talk = chunk(
        7,
        "page",
        "Webinar 2 with Alexey",
        "Many ask: I might check whether 99% of ML engineer jobs are GenAI now.",
    )
    c = AnswerabilityChecker(
        BM25Index().fit([*PAGES, talk, *notes(8)]),
        unknown_idf=5.0,
        domain_page_df=1,
        page_similarity=lambda q: 0.6,
    )
    # which of a set of jobs are so: a share states it
    question = "how many ML engineer jobs are GenAI now - did Alexey check"
    assert c.check(question, [talk]) == Verdict("full", "covered")


def test_chat_words_are_never_missing():
    assert {"overkil", "tbh", "btw"} <= NO_CONTENT_STEMS


@pytest.mark.parametrize(
    ("part", "money"),
    [
        ("how much does fenwhistle give you to kit out a home office", True),
        (
            "What's Fenwhistle's benefits allowance for health, dental and vision actually worth per year",
            True,
        ),
        ("better half founding ai engineer - contractor or employee, what's the hourly rate", True),
        ("how much time do they give you for the take-home", False),  # a duration
        ("how much weight does the portfolio carry", False),
    ],
)
def test_what_an_employer_gives_and_a_perks_worth_are_amounts(part, money):
    assert bool(money_asks(part)) is money


def test_an_hourly_rate_is_pay_not_a_share():
    assert [k.kind for k in kind_asks("what's the hourly rate")] == []
    assert [k.kind for k in kind_asks("what is the 401(k) match rate")] == ["share"]


@pytest.mark.parametrize(
    ("question", "thing", "candidates"),
    [
        ("ai jobs: credit score checked?", "credit score", True),
        ("blood pressure limits in ai eng hiring", "blood pressure", True),
        ("token limits in llm apps", None, False),  # no jobs, no hiring
    ],
)
def test_what_the_jobs_check_or_limit(question, thing, candidates):
    assert (some_have(question), asks_of_candidates(question)) == (thing, candidates)


def test_a_company_named_by_its_web_address_that_no_chunk_writes():
    tools = chunk(8, "page", "Tools", "Copy the prompt into Fenwhistle.ai.")
    index = BM25Index().fit([*PAGES, *notes(8), FENWHISTLE, tools])
    question = "Does Copy.ai do a take-home, and how many rounds?"
    assert unwritten_domains(index, catalog_for(index), question) == ["Copy.ai"]
    assert unwritten_domains(index, catalog_for(index), "What does Fenwhistle.ai do?") == []


def test_duties_are_responsibilities():
    page = chunk(9, "page", "Postings", "Responsibilities listed: deploy and monitor models.")
    assert equivalent("duties", [page])


@pytest.mark.parametrize(
    ("question", "thing"),
    [
        ("regional accent rules in ai job ads", "regional accent"),
        ("t-shirt size asked in ai postings?", "t-shirt size"),
        ("what is asked in ai postings?", None),  # a question word first: no thing named
    ],
)
def test_what_job_ads_rule_on_or_ask(question, thing):
    assert some_have(question) == thing


def test_a_things_size_asked_after_it_with_a_period():
    assert thing_size("vatic labs gym reimbursement how much a month") == ("reimburs",)
    assert thing_size("vatic labs gym reimbursement how much for the java role") == ("reimburs",)


def test_more_amounts_and_rates():
    assert money_asks("yahoo ai eng: size of the education stipend and the annual bonus")
    assert not money_asks("what's the size of the team")
    assert [
        a.thing for a in size_asks("X - tuition reimbursement per year, and what's the 401k/RRSP match rate")
    ] == [("reimburs",), ("rrsp", "match")]  # a reimbursement "per year" asks its size too (round 44)
    assert policy_ask("thai social security office rates for tech hires").kind == "tax"


def test_the_askers_studies_and_an_hourly_rate_are_written_otherwise():
    page = chunk(9, "page", "Students", "University courses skip deployment; a master's student should ship.")
    assert equivalent("postgrad", [page]) and equivalent("lectures", [page])
    posting = chunk(10, "posting", "AI Engineer at Fenwhistle", "Compensation: $75/hour.", "Fenwhistle")
    assert equivalent("hourly", [posting])


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        (
            "fenwhistle founding ai engineer - contractor or employee, what's the hourly rate",
            ["fenwhistle founding ai engineer - contractor or employee", "what's the hourly rate"],
        ),
        ("remote or hybrid, what's the pay?", ["remote or hybrid", "what's the pay"]),
        # no choice before the comma: one ask ("what does it pay" of the job named)
        (
            "fenwhistle ai developer 12 month ftc in london, what does it pay",
            ["fenwhistle ai developer 12 month ftc in london, what does it pay"],
        ),
        ("what is rag, how does it work", ["what is rag, how does it work"]),
    ],
)
def test_a_choice_asked_before_a_comma_is_an_ask_of_its_own(question, asked):
    assert parts(question) == asked


def test_a_region_set_against_big_tech_keeps_its_countries():
    # only startups' funding stages are dropped when set against big companies, not a region's countries
    routed = Router(vocabulary()).route("how many AI jobs in Europe vs big tech")
    assert routed.spec.subset.country == ["DEU", "GBR"]

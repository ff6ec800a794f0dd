"""The market router's rules on invented questions over an invented vocabulary: which questions get a
figure over the postings (market), the guide's answer plus a skill's share (both), or the guide's."""

from __future__ import annotations

import pytest

from rag.market.router import Router
from rag.market.skills import skill_key
from rag.market.spec import Filters, QuerySpec
from rag.market.vocab import Vocabulary

SKILLS = ("Python", "RAG", "LangGraph", "CrewAI", "Go", "Java", "TypeScript", "MCP", "GitHub", "Meta",
          "evals", "orchestration", "Docker", "Security", "AI Platform", "Rust", "embeddings")  # fmt: skip
AGGREGATE = "aggregate question"
GUIDE = "no aggregate over postings asked for"
GUIDE_ONLY = "a topic of the guide's pages, not a field of the postings"
ONE_POSTING = "one named posting or employer: its own text answers"
BOTH = "advice about a skill: the guide's answer plus its share of postings"
NOT_RECORDED = "asks for a figure the job data does not record"


@pytest.fixture(scope="module")
def router() -> Router:
    counts = {
        "city": {"Berlin": 5, "New York": 4, "Amsterdam": 2, "London": 3},
        "country": {"DEU": 5, "USA": 4, "NLD": 2, "GBR": 3},
        "level": {"Senior level": 4, "Expert/Leader": 2, "Entry level": 3, "Mid level": 5},
        "company": {"Quillbyte": 3, "Petrichor Labs": 2},
        "work_type": {"FULL_TIME": 14},
        "stage": {"series_b": 3, "public": 2},
        "ai_type": {"ai-first": 10, "ai-support": 4},
        "size_band": {},
        "skill": dict.fromkeys(SKILLS, 3),
    }
    return Router(Vocabulary(counts, {skill_key(s): s for s in SKILLS}, dict.fromkeys(SKILLS)))


@pytest.mark.parametrize(
    ("question", "route", "reason"),
    [
        # an aggregate needs postings: a posting noun, a demand verb, or a filter that is no skill
        ("How much of an AI engineer's time goes into evals versus orchestration?", "guide", GUIDE),
        ("LangGraph vs CrewAI: which is asked for more?", "market", f"{AGGREGATE} (top)"),
        ("is langgraph asked for much in job posts?", "market", f"{AGGREGATE} (share)"),
        ("what's the most important soft skill for someone running AI systems?", "guide", GUIDE),
        ("how many different companies are in the job dataset?", "market", f"{AGGREGATE} (count)"),
        ("are companies mostly hiring AI engineers to build dev tools?", "guide", GUIDE),
        # a percentage the question states is not one it asks for; a count of months is no posting count
        ("does the dutch 30% ruling apply to AI engineers moving to Amsterdam?", "guide", GUIDE),
        ("What % of postings ask for RAG?", "market", f"{AGGREGATE} (share)"),
        ("how many months does a data engineer need to retool for AI engineering?", "guide", GUIDE),
        # "what is" defines something, unless the subject after it is "paid"
        ("What is an AI engineer paid in Berlin?", "market", f"{AGGREGATE} (salary)"),
        ("What is a paid internship?", "guide", GUIDE),
        # topics only the guide covers, even with a posting noun
        ("median number of interview stages companies list in their job posts?", "guide", GUIDE_ONLY),
        ("What share of AI engineer take-homes are RAG vs agent builds?", "guide", GUIDE_ONLY),
        ("Can an employer in New York legally ask about my current salary?", "guide", GUIDE_ONLY),
        # the asker's own pay, not a share over the postings
        ("Berlin AI engineer offer: what percent of my pay goes to the pension fund?", "guide", GUIDE_ONLY),
        # one named posting or employer: its own text answers, even its pay or remote policy
        ("what's the pay range for quillbyte's senior AI engineer on the search team?", "guide", ONE_POSTING),
        ("Quillbyte staff AI engineer base salary", "guide", ONE_POSTING),
        ("How does Quillbyte's senior staff AI engineer base compare with big tech?", "guide", ONE_POSTING),
        ("Quillbyte AI engineer in NYC: salary, and can I work from home at all?", "guide", ONE_POSTING),
        ("what's the salary for an AI engineer at Zentrolux in Berlin?", "guide", ONE_POSTING),
        ("How much is total comp for an E5 MLE at Meta?", "guide", ONE_POSTING),
        ("How many postings from Quillbyte ask for Python?", "market", f"{AGGREGATE} (count)"),
        # advice about a skill: the skill right before the phrase or at most two words after it
        ("do I need to learn MCP?", "both", BOTH),
        ("worth learning typescript for AI eng? how many postings want it", "both", BOTH),
        ("Do I need a consistent commit streak on GitHub to impress hiring managers?", "guide", GUIDE),
        # fields the postings do not record: a refusal, but only for a question about the postings
        ("What share of postings are remote?", "market", NOT_RECORDED),
        ("On average, how many people applied to each posting?", "market", NOT_RECORDED),
        ("What are the Glassdoor ratings of the companies in the job dataset?", "market", NOT_RECORDED),
        ("what IELTS score do UK employers need for visas?", "guide", GUIDE),
    ],
)
def test_route(router, question, route, reason):
    routed = router.route(question)
    assert (routed.route, routed.reason) == (route, reason)


def test_named_company_is_never_an_unknown_value(router):
    routed = router.route("what's the pay range for quillbyte's senior AI engineer?")
    assert routed.unknown is None
    assert [(m.field, m.value) for m in router.extractor.extract("Quillbyte’s AI engineer").mentions] == [
        ("company", "Quillbyte")
    ]


def test_lower_case_go_paired_with_a_skill_is_the_skill(router):
    routed = router.route("go or java - which one do AI engineering jobs ask for more?")
    assert (routed.route, routed.spec.measure, routed.spec.only) == ("market", "top", ["Go", "Java"])
    assert router.route("where do I go to learn Java?").route == "guide"


def test_a_place_no_posting_has_is_said(router):
    routed = router.route("What's the pay for AI engineers in Lagos?")
    assert (routed.route, routed.reason) == ("market", "names a value no posting has")
    assert (routed.unknown.field, routed.unknown.value) == ("city", "Lagos")
    assert router.route("How many postings were posted in January 2026?").unknown is None


def test_not_recorded_names_the_field(router):
    assert router.route("How many people applied to each posting?").not_recorded == "applicant numbers"


def test_are_most_jobs_at_a_value_asks_for_a_breakdown(router):
    for question in (
        "are most of these AI jobs at public companies or startups?",
        "Are AI jobs mostly at startups?",
    ):
        routed = router.route(question)
        assert (routed.route, routed.reason) == ("market", f"{AGGREGATE} (mostly)")
        assert (routed.spec.measure, routed.spec.field) == ("breakdown", "stage")
    assert router.route("Is the work mostly RAG?").route == "guide"  # no posting noun: no breakdown


@pytest.mark.parametrize(
    ("question", "group_by", "stat", "limit"),
    [
        ("Which companies pay the most for AI engineers?", "company", "median", 10),
        ("best paying cities for AI engineers", "city", "median", 10),
        ("which companies offer the highest salaries?", "company", "max", 10),
        ("What do AI engineers earn by level?", "level", "median", 30),  # grouped, not ranked
    ],
)
def test_which_values_pay_the_most_ranks_salaries(router, question, group_by, stat, limit):
    routed = router.route(question)
    assert routed.route == "market"
    spec = routed.spec
    assert (spec.measure, spec.group_by, spec.salary_stat, spec.limit) == ("salary", group_by, stat, limit)


def test_the_most_one_could_earn_is_the_highest_maximum_not_a_ranking(router):
    spec = router.route("What's the most a senior AI engineer in Berlin could earn?").spec
    assert (spec.measure, spec.group_by, spec.salary_stat) == ("salary", None, "max")


@pytest.mark.parametrize(
    ("question", "reason", "skills"),
    [
        ("are embeddings listed as a skill?", f"{AGGREGATE} (share)", ["embeddings"]),
        ("is Rust a common requirement?", f"{AGGREGATE} (share)", ["Rust"]),
        ("Do postings ask for Rust?", f"{AGGREGATE} (share)", ["Rust"]),
        ("Are embeddings a common skill in the postings?", f"{AGGREGATE} (share)", ["embeddings"]),
        ("Is LangGraph listed in many postings?", f"{AGGREGATE} (count)", ["LangGraph"]),  # a count asked
        (
            "are embeddings something employers list explicitly as a skill?",
            f"{AGGREGATE} (share)",
            ["embeddings"],
        ),
    ],
)
def test_a_yes_no_question_whether_postings_list_a_skill_gets_its_share(router, question, reason, skills):
    routed = router.route(question)
    assert (routed.route, routed.reason) == ("market", reason)
    assert routed.spec == QuerySpec(measure=routed.spec.measure, subset=Filters(skills_all=skills))


@pytest.mark.parametrize(
    "question",
    [
        "Is Rust hard to learn?",  # no demand word: about the skill, not the postings
        "Is Rust common?",  # no posting noun or demand verb: nothing says postings are asked about
        "Does Quillbyte's senior AI engineer role require Rust?",  # one posting
        "Does the role require Rust?",
        "is LangGraph still the one everyone asks for, or has CrewAI caught up?",  # two skills compared
        "is Python wanted more in platform roles than in other roles?",  # a comparison
    ],
)
def test_a_yes_no_question_about_a_skill_or_one_posting_is_not_a_share(router, question):
    assert router.route(question).route == "guide"


def test_ai_platform_roles_are_the_ai_support_type_not_a_skill(router):
    routed = router.route("How many AI platform roles are there?")
    assert (routed.route, routed.reason) == ("market", f"{AGGREGATE} (count)")
    assert routed.spec == QuerySpec(measure="count", subset=Filters(ai_type=["ai-support"]))
    assert routed.notes == [
        "Read 'AI platform roles' as AI type ai-support (platforms, infrastructure, tooling)."
    ]
    share = router.route("What share of postings are infrastructure jobs?")
    assert share.spec == QuerySpec(measure="share", subset=Filters(ai_type=["ai-support"]))
    skill = router.route("How many postings ask for AI Platform?")  # the skill, named as one
    assert skill.spec == QuerySpec(measure="count", subset=Filters(skills_all=["AI Platform"]))


def test_security_clearance_is_not_the_skill_security(router):
    routed = router.route("How many postings require security clearance?")
    assert (routed.route, routed.reason, routed.not_recorded) == (
        "market",
        NOT_RECORDED,
        "security clearances",
    )
    assert router.extractor.extract("Do many jobs need a security clearance?").mentions == []
    assert router.route("How many postings ask for security?").spec.subset.skills_all == ["Security"]


def test_citizens_are_a_requirement_not_a_country(router):
    routed = router.route("What share of AI engineer postings are open only to US citizens?")
    assert (routed.route, routed.reason, routed.not_recorded) == (
        "market",
        NOT_RECORDED,
        "citizenship requirements",
    )
    assert router.route("How many AI engineer postings are in the US?").spec.subset.country == ["USA"]


@pytest.mark.parametrize(
    "question",
    [
        "How many of the postings require German or Dutch language skills?",
        "Do many AI engineer jobs need fluent German?",
        "What share of postings ask for Dutch?",
    ],
)
def test_a_language_asked_is_not_the_country(router, question):
    routed = router.route(question)
    assert (routed.route, routed.reason, routed.not_recorded) == (
        "market",
        NOT_RECORDED,
        "language requirements",
    )
    assert router.extractor.extract(question).mentions == []


@pytest.mark.parametrize(
    "question",
    ["How many German AI engineer jobs are there?", "How many postings are in German cities?"],
)
def test_a_country_adjective_before_a_noun_is_the_country(router, question):
    assert router.route(question).spec.subset.country == ["DEU"]


HEADCOUNT = "asks how many people work for an employer, not how many postings"


@pytest.mark.parametrize(
    "question, reason",
    [
        ("How many AI engineers work at Quillbyte?", HEADCOUNT),
        ("How many employees does Quillbyte have?", HEADCOUNT),
        ("how many people currently work for Quillbyte?", HEADCOUNT),
    ],
)
def test_how_many_people_work_for_an_employer_is_no_count_of_postings(router, question, reason):
    assert (router.route(question).route, router.route(question).reason) == ("guide", reason)


def test_how_many_postings_an_employer_has_is_still_counted(router):
    assert router.route("How many AI engineer jobs does Quillbyte have?").reason != HEADCOUNT
    assert router.route("How many engineers do startups hire?").reason != HEADCOUNT


USED = "the field's use of a skill: the guide's answer plus its share of postings"


@pytest.mark.parametrize(
    ("question", "skill"),
    [
        ("Do AI engineers use Docker?", "Docker"),
        ("do ai engineers still use typescript much?", "TypeScript"),
        ("Is Java used in AI engineering roles?", "Java"),
        ("Do AI engineers need Rust?", "Rust"),
    ],
)
def test_whether_the_field_uses_a_skill_gets_the_guide_and_its_share(router, question, skill):
    routed = router.route(question)
    assert (routed.route, routed.reason) == ("both", USED)
    assert routed.spec == QuerySpec(measure="share", subset=Filters(skills_all=[skill]))


@pytest.mark.parametrize(
    "question",
    [
        "How do AI engineers use Docker in practice?",  # no yes/no: how it is used is the guide's
        "are there AI engineer jobs where you only need Python?",  # "you" need it, not the jobs
        "Can I use Python for everything?",
        "Do AI engineers use Docker or Rust?",  # two skills
        "Does the role use Docker?",  # one posting
    ],
)
def test_use_without_the_field_as_its_subject_stays_with_the_guide(router, question):
    assert router.route(question).route == "guide"


def _skills(measure: str, skill: str) -> QuerySpec:
    return QuerySpec(measure=measure, subset=Filters(skills_all=[skill]))


def _compared(*skills: str) -> QuerySpec:
    return QuerySpec(measure="top", field="skill", only=list(skills), limit=len(skills))


@pytest.mark.parametrize(
    ("question", "spec"),
    [
        # a comparison of how often two skills are asked for, with or without a posting noun
        ("Is LangGraph more common than CrewAI?", _compared("LangGraph", "CrewAI")),
        ("is rust or go more in demand?", _compared("Rust", "Go")),
        # a misspelt cue word, a hyphenated demand word, "are there many", a singular category, "what's"
        ("how mnay postings ask for Python?", _skills("count", "Python")),
        ("percantage of postings that list RAG", _skills("share", "RAG")),
        ("what are the most in-demand skills for ai engineers", QuerySpec(measure="top", field="skill")),
        ("Are there many AI jobs in Germany?", QuerySpec(measure="count", subset=Filters(country=["DEU"]))),
        ("whats the most requested cloud in job ads", QuerySpec(measure="top", field="skill",
                                                                skill_category="cloud")),
        ("do employers care about docker", _skills("share", "Docker")),
        ("Is Rust popular among employers?", _skills("share", "Rust")),
    ],
)  # fmt: skip
def test_round_seven_phrasings_get_their_figure(router, question, spec):
    routed = router.route(question)
    assert (routed.route, routed.spec) == ("market", spec)


def test_a_real_word_one_edit_from_a_cue_word_is_not_read_as_it(router):
    from rag.market.parser import tokenize

    assert tokenize("the main posting salaried commons mnay salery")[0] == [
        "the", "main", "posting", "salaried", "commons", "many", "salary"
    ]  # fmt: skip


def test_a_company_s_name_is_no_field_the_data_lacks_and_its_legal_suffix_may_be_left_out():
    skills = ("Python",)
    counts = dict.fromkeys(("city", "country", "level", "work_type", "stage", "ai_type", "size_band"), {})
    counts |= {"company": {"Sponsor Systems Inc,": 2, "Quillbyte": 1}, "skill": dict.fromkeys(skills, 3)}
    router = Router(Vocabulary(counts, {skill_key(s): s for s in skills}, dict.fromkeys(skills)))
    for question in (
        "How many postings are at Sponsor Systems?",
        "How many postings from Sponsor Systems Inc?",
    ):
        routed = router.route(question)
        assert (routed.route, routed.not_recorded) == ("market", None)
        assert routed.spec == QuerySpec(measure="count", subset=Filters(company=["Sponsor Systems Inc,"]))
    assert router.route("How many postings offer visa sponsorship?").not_recorded == "visa sponsorship"


def test_teams_in_a_question_is_the_word_not_the_skill_microsoft_teams(router):
    vocab = router.extractor.vocab
    skills = {**vocab.counts["skill"], "Microsoft Teams": 5}
    forms = {**vocab.skill_forms, "microsoft teams": "Microsoft Teams", "teams": "Microsoft Teams"}
    teams = Router(Vocabulary({**vocab.counts, "skill": skills}, forms, dict.fromkeys(skills)))
    routed = teams.route("Is Docker used by AI engineering teams?")
    assert (routed.route, routed.spec) == (
        "both",
        QuerySpec(measure="share", subset=Filters(skills_all=["Docker"])),
    )
    asked = teams.route("How many postings ask for Microsoft Teams?").spec
    assert asked == QuerySpec(measure="count", subset=Filters(skills_all=["Microsoft Teams"]))


def test_groups_set_against_each_other_on_a_skill_get_each_groups_share(router):
    # Round twelve: counts over groups of different sizes compare nothing; each group's share does.
    by_type = QuerySpec(
        measure="share",
        subset=Filters(skills_all=["Docker"]),
        group_by="ai_type",
        only=["ai-support", "ai-first"],
        limit=2,
    )
    assert (
        router.route("if I take a platform job vs an LLM-app job, how likely is Docker on the list?").spec
        == by_type
    )
    by_city = router.route("Do London or Berlin postings ask for Docker more?").spec
    assert (by_city.measure, by_city.group_by, by_city.only) == ("share", "city", ["London", "Berlin"])
    assert router.route("what does system design depth look like for a junior vs a senior?").route == "guide"


def test_an_employer_named_after_postings_at_is_no_skill_and_does_x_have_names_a_company(router):
    meta = router.route("how many postings at Meta")  # Meta is a skill of this vocabulary, no company
    assert (meta.route, meta.spec, meta.unknown.field, meta.unknown.value) == (
        "market",
        None,
        "company",
        "Meta",
    )
    assert router.route("how many jobs ask for Python").spec == QuerySpec(
        measure="count", subset=Filters(skills_all=["Python"])
    )
    assert router.route("how many jobs does Quillbyte have in the data?").spec == QuerySpec(
        measure="count", subset=Filters(company=["Quillbyte"])
    )


@pytest.mark.parametrize(
    ("question", "route"),
    [
        ("Which companies ask system design questions?", "guide"),  # asked in interviews
        ("Do companies ask RAG questions?", "guide"),
        ("Which companies ask LeetCode questions for AI roles?", "guide"),  # roles, not postings
        ("Which companies ask for RAG?", "market"),  # what postings list: no questions asked
        ("Which postings ask interview-style questions about RAG?", "guide"),  # still a guide topic
    ],
)
def test_questions_employers_ask_are_the_guides_interview_pages_not_a_skill_postings_list(
    router, question, route
):
    assert router.route(question).route == route

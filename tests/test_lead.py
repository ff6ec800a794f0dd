"""The offline answer's lead: the line, table rows or list that answer a figure or list question."""

import pytest

from rag.answer.context import Source
from rag.answer.extractive import render_quotes
from rag.answer.figure_shapes import asked_shapes, yes_no_only
from rag.answer.lead import Line, lines_of, pick_lead
from rag.answer.lists import lead_for, pick_list
from rag.answer.pipeline import Answerer
from rag.records import Chunk, Hit


def source(n: int, text: str, section: str = "Skills", title: str = "Jobs") -> Source:
    chunk = Chunk(f"c{n}", f"d{n}", "page", title, section, f"https://g/{n}", [f"{n}.md"], text, text)
    return Source(n, Hit(chunk, 1.0), text, truncated=False)


def flat(term: str) -> float:
    return 1.0


TABLE = (
    "Counts by language:\n\n"
    "| Language | Jobs | Share |\n|---|---|---|\n"
    "| Python | 820 | 91.6% |\n| Java | 133 | 14.9% |\n| Go | 101 | 11.3% |\n"
)
PROSE = (
    "Most postings want Python. The salary for this position ranges from $150,000 to $170,000 per year. "
    "Expect about 3-4 weeks from first call to offer."
)
ITEMS = "1. Recruiter screen, 30 minutes.\n2. Take-home, 3 hours.\n3. Onsite loop.\n4. Offer call."
STEPS = "Interview steps:\n\n" + ITEMS


@pytest.mark.parametrize(
    ("question", "shapes"),
    [
        ("what does the role pay?", ["MONEY"]),
        ("how long is the take-home?", ["_DURATION"]),
        ("what share of jobs ask for SQL?", ["_PERCENT", "_NUMBER"]),
        ("go or java - which one do jobs ask for more?", ["_PERCENT", "_TIMES"]),
        ("what's an ambitious project for someone more advanced?", []),
        ("how many listings want docker?", ["_COUNT", "_NUMBER"]),
        ("pytorch or tensorflow - which one shows up more in jobs?", ["_PERCENT", "_TIMES"]),
        ("is React wanted more in LLM roles or in platform roles?", ["_PERCENT", "_TIMES"]),
        ("what is an AI engineer?", []),
    ],
)
def test_the_figure_a_question_asks_for_is_read_from_its_wording(question, shapes):
    import rag.answer.figure_shapes as shapes_of

    assert asked_shapes(question) == [getattr(shapes_of, name) for name in shapes]


def test_a_salary_question_leads_with_the_sentence_stating_the_range():
    lead = pick_lead("what does this position pay?", [source(1, PROSE)], flat)
    assert [(x.n, x.text) for x in lead.lines] == [
        (1, "The salary for this position ranges from $150,000 to $170,000 per year.")
    ]
    assert lead.kind == "line"


def test_a_duration_question_leads_with_the_duration_not_the_salary():
    lead = pick_lead("how long from first call to offer?", [source(1, PROSE)], flat)
    assert [x.text for x in lead.lines] == ["Expect about 3-4 weeks from first call to offer."]


def test_a_comparison_leads_with_both_rows_under_the_table_header():
    lead = pick_lead("go or java: which one do jobs ask for more?", [source(1, TABLE)], flat)
    assert lead.kind == "table"
    assert (
        lead.table()
        == "| Language | Jobs | Share |\n|---|---|---|\n| Java | 133 | 14.9% |\n| Go | 101 | 11.3% |"
    )
    text = render_quotes([], lead)
    assert text == (
        "*Quoted from the guide — the most relevant passages, not a generated answer:*\n\n"
        "[1] *Jobs — Skills*\n\n" + lead.table()
    )


def test_no_lead_without_a_figure_question_or_a_stated_figure():
    assert pick_lead("what is an AI engineer?", [source(1, PROSE)], flat) is None
    assert (
        pick_lead("how much does it pay?", [source(1, "Python is everywhere in these postings.")], flat)
        is None
    )
    link = "Original posting: https://example.org/job/6623720 for the platform team"
    assert pick_lead("how many platform jobs?", [source(1, link)], flat) is None


def test_a_question_after_steps_gets_the_list_in_order():
    lead = lead_for("what are the interview steps?", [source(1, PROSE), source(2, STEPS, "Process")], flat)
    assert lead.kind == "list"
    assert lead.markdown_list() == "Interview steps:\n" + ITEMS
    assert render_quotes([], lead).endswith("[2] *Jobs — Process*\n\n" + lead.markdown_list())
    assert pick_list("what does the role pay?", [source(1, STEPS)], flat) is None


LABEL = "*Quoted from the guide — the most relevant passages, not a generated answer:*"


def test_the_fixture_guide_answers_a_share_with_the_table_row_and_stages_with_the_list(answer_deps):
    answerer = Answerer(answer_deps, None, answer_deps.settings.model_copy(update={"refusal_threshold": 0.0}))
    table = answerer.ask("In the skill frequency table, how common are vector databases?")
    assert table.answer == (
        f"{LABEL}\n\n[1] *Skills Statistics for Applied AI Roles — Skill frequency table*\n\n"
        "| Skill | Share of all listings | Trend versus last quarter |\n|---|---|---|\n"
        "| Vector databases | 41% | rising |\n\n"
        "- Vector databases 41%, usually named alongside pgvector, Qdrant or a managed index. [2]\n"
        "- Look for clusters instead: when vector databases, chunking strategies and reranking appear "
        "together, the team is almost certainly shipping a retrieval product. [3]"
    )
    assert [c.n for c in table.citations] == [1, 2, 3]
    stages = answerer.ask("What are the stages of the interview loop?")
    assert stages.answer.startswith(
        f"{LABEL}\n\n[1] *The Interview Process — Stages at a glance*\n\n"
        "1. Recruiter screen, roughly thirty minutes, about motivation and logistics.\n"
        "2. Hiring manager conversation focused on past projects.\n"
        "3. Take-home exercise or live coding session.\n"
        "4. Onsite loop with system design, theory and a values interview.\n"
        "5. Reference checks and the offer stage.\n\n- "
    )
    assert [c.n for c in stages.citations] == [1, 2, 3, 4]  # numbered in the order first cited
    off = answer_deps.settings.model_copy(update={"refusal_threshold": 0.0, "extractive_lead": False})
    assert Answerer(answer_deps, None, off).ask(table.question).answer == (
        f"{LABEL}\n\n"
        "- Skill: Vector databases · Share of all listings: 41% · Trend versus last quarter: rising [1]\n"
        "- Skill: SQL · Share of all listings: 34% · Trend versus last quarter: flat [1]\n"
        "- Skill: Kubernetes · Share of all listings: 23% · Trend versus last quarter: falling [1]"
    )


SKILL_LINES = (
    "Most engineers don't fine-tune - only ~20% have any fine-tuning expectation.\n\n"
    "Most common ML skills:\n\n"
    "- Fine-tuning - 159 jobs (25.6%)\n- Model training - 80 jobs (12.9%)\n"
    "- Anthropic API - 49 jobs (5."
)


@pytest.mark.parametrize(
    ("question", "shapes"),
    [
        ("are companies mostly hiring for chatbots?", ["_PERCENT"]),
        ("If I apply for a platform role, do I even need GenAI skills?", ["_PERCENT"]),
        ("how much of the job is speed tuning?", ["_PERCENT", "_NUMBER", "_COUNT"]),
        ("what are the rounds, and which one takes the longest?", ["_DURATION"]),
    ],
)
def test_yes_no_and_share_wordings_ask_for_a_share(question, shapes):
    import rag.answer.figure_shapes as shapes_of

    assert asked_shapes(question) == [getattr(shapes_of, name) for name in shapes]


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("Docker - 277 jobs", {"docker"}),
        ("Customer-facing roles: 231 (25.8%)", {"custom", "face"}),
        ("AI-First (69.4%) - builds RAG systems", {"ai", "first"}),
        ("30.8% of AI-First roles mention fine-tuning", set()),
    ],
)
def test_a_line_is_about_the_words_before_its_figure(text, subject):
    assert Line(1, 0, text, frozenset(), frozenset()).subject == subject


@pytest.mark.parametrize(
    ("question", "only"),
    [
        ("Does Acme sponsor visas for AI engineers?", True),
        ("are companies mostly hiring for chatbots?", True),
        ("is 60% a typical share?", False),
        ("do jobs ask for Go or Java more?", False),
        ("what does an AI engineer do?", False),
        # pay named in a question of the asker's own action asks whether to act, not an amount
        ("Can I negotiate a higher salary after getting an offer?", True),
        ("Should I ask the recruiter about compensation?", True),
        ("Can I ask for a $200k salary?", False),  # an amount stated: the figure is asked about
        ("Do I earn more at a startup?", False),  # the asker's pay itself
        ("Can AI engineers negotiate a higher salary?", False),  # not the asker's own action
    ],
)
def test_a_yes_no_question_is_one_that_names_no_figure(question, only):
    assert yes_no_only(question) is only


def test_pay_in_a_question_of_the_askers_own_action_gets_no_money_lead():
    import rag.answer.figure_shapes as shapes_of

    assert asked_shapes("Can I negotiate a higher salary after getting an offer?") == [shapes_of._PERCENT]
    assert asked_shapes("Can I expect a salary of $200k?") == [shapes_of.MONEY, shapes_of._PERCENT]


def test_a_yes_no_question_leads_only_with_a_share_about_its_own_words():
    text = (
        "Support roles: 255 jobs (28.5%) build platforms for AI engineers.\n\nDocker appears in 31% of jobs."
    )
    sources = [source(1, text, section="AI engineers")]
    assert pick_lead("does Acme sponsor visas for AI engineers?", sources, flat) is None
    lead = pick_lead("do most jobs want Docker?", sources, flat)
    assert [x.text for x in lead.lines] == ["Docker appears in 31% of jobs."]


def test_a_comparison_leads_with_the_line_about_each_side():
    lead = pick_lead(
        "do roles ask more for fine-tuning or for model training?", [source(1, SKILL_LINES)], flat
    )
    assert [x.text for x in lead.lines] == [
        "Fine-tuning - 159 jobs (25.6%)",
        "Model training - 80 jobs (12.9%)",
    ]


def test_how_many_leads_with_a_count_and_a_cut_line_is_no_lead():
    text = (
        "Docker (31%) and Kubernetes (29%) top the ops skills.\n\n"
        "- Docker - 277 jobs\n- Kubernetes - 260 jobs"
    )
    assert [x.text for x in pick_lead("how many listings want docker?", [source(1, text)], flat).lines] == [
        "Docker - 277 jobs"
    ]
    assert pick_lead("how often is the anthropic api named?", [source(1, SKILL_LINES)], flat) is None


def test_a_figure_question_quotes_the_sentence_stating_such_a_figure_first(monkeypatch):
    import rag.answer.extractive as extractive
    from rag.answer.context import Context
    from rag.answer.extractive import select_quotes
    from tests.fakes import FakeEmbedder

    text = (
        "Teams that ship retrieval products ask for Docker in most postings today. "
        "Docker shows up in 277 postings of the sample."
    )
    context = Context([source(1, text)], tokens=0, budget=0)
    quotes = select_quotes("how many postings ask for docker?", context, FakeEmbedder(), 2, idf=flat, words=0)
    assert [q.text for q in quotes] == [
        "Teams that ship retrieval products ask for Docker in most postings today.",
        "Docker shows up in 277 postings of the sample.",
    ]
    first = select_quotes("how many postings ask for docker?", context, FakeEmbedder(), 1, idf=flat, words=0)
    assert [q.text for q in first] == ["Docker shows up in 277 postings of the sample."]
    monkeypatch.setattr(extractive, "FIGURE_BONUS", 0.0)
    before = select_quotes("how many postings ask for docker?", context, FakeEmbedder(), 1, idf=flat, words=0)
    assert [q.text for q in before] == [
        "Teams that ship retrieval products ask for Docker in most postings today."
    ]
    widened = select_quotes("how many postings ask for docker?", context, FakeEmbedder(), 1, idf=flat)
    assert [q.text for q in widened] == [" ".join(q.text for q in quotes)]  # one run of both sentences


def test_after_a_lead_a_list_item_that_is_only_a_link_is_quoted_only_for_something_to_read():
    from rag.answer.context import Context
    from rag.answer.extractive import select_quotes
    from rag.answer.lead import Lead
    from rag.index.text_tokens import tokenize
    from tests.fakes import FakeEmbedder

    text = (
        "- [Interview Loop Questions Explained (A. Writer)](https://blog.example/loop)\n"
        "- [Mock Interview Loop Videos (B. Host)](https://video.example/mock)\n\n"
        "A typical interview loop has a recruiter call, a coding round and a system design round."
    )
    context = Context([source(1, text, section="Interview loops")], tokens=0, budget=0)
    steps = "1) Recruiter call 2) Coding round 3) Design round"
    lead = Lead((Line(1, 10_000, steps, frozenset(tokenize(steps)), frozenset(), marker="1."),))

    def quoted(question: str, lead: Lead | None) -> list[str]:
        quotes = select_quotes(question, context, FakeEmbedder(), 3, idf=flat, lead=lead, words=0)
        return [q.text for q in quotes]

    loop = "What does a typical interview loop look like?"
    assert quoted(loop, lead) == [
        "A typical interview loop has a recruiter call, a coding round and a system design round."
    ]
    titles = ["Interview Loop Questions Explained (A. Writer)", "Mock Interview Loop Videos (B. Host)"]
    assert set(titles) <= set(quoted(loop, None))  # no lead: a title may be all there is to quote
    assert set(titles) <= set(quoted("Which articles explain the interview loop?", lead))


def test_a_lines_entries_are_the_names_before_a_bracketed_figure():
    row = next(
        x
        for x in lines_of(
            source(1, "| Area | Skills |\n|---|---|\n| Cloud | Hetzner (31.0%), Vultr (12.5%) |")
        )
        if x.header is not None
    )
    assert (row.subject, row.entries) == (
        frozenset({"cloud"}),
        (frozenset({"hetzner"}), frozenset({"vultr"})),
    )
    assert row.about(frozenset({"vultr", "asked"})) and not row.about(frozenset({"linode"}))


USE_CASES = (
    "## Ensuring Kettle Safety\n\n141 mentions (3.1%)\n\nProblem: kettles boil dry and trip the fuse.\n\n"
    "## Descaling\n\n38 mentions (0.8%)\n\n- 2 descaling tablets a month"
)


def test_a_short_line_that_starts_with_its_figure_is_read_under_its_sections_heading():
    use_cases = source(2, USE_CASES, "Problems Kettles Solve > Ensuring Kettle Safety")
    assert [x.text for x in lines_of(use_cases)] == [
        "Ensuring Kettle Safety",
        "Ensuring Kettle Safety: 141 mentions (3.1%)",
        "Problem: kettles boil dry and trip the fuse.",
        "Descaling",
        "Descaling: 38 mentions (0.8%)",
        "2 descaling tablets a month",  # a list item stays as it is
    ]
    # The heading's words are the line's own: it answers "how often" about kettle safety, not the
    # better-ranked sentence that names only the kettle.
    general = source(1, "Kettles are everywhere: 70% of them are sold online.", "Overview")
    lead = pick_lead("how often is kettle safety asked for?", [general, use_cases], flat)
    assert [x.text for x in lead.lines] == ["Ensuring Kettle Safety: 141 mentions (3.1%)"]

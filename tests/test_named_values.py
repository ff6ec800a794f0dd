"""A value the question names (a job title, a quoted word) leads the offline answer with its line."""

import pytest

from rag.answer.context import Source
from rag.answer.named_values import named_values, value_lead
from rag.records import Chunk, Hit


def chunk(name: str, text: str, section: str, path: str = "role/skills.md") -> Chunk:
    return Chunk(
        name, f"doc-{path}", "page", "Jobs Analysis", section, f"https://g/{name}", [path], text, text
    )


def source(n: int, c: Chunk) -> Source:
    return Source(n, Hit(c, 1.0), c.text, truncated=False)


TITLES = chunk(
    "titles",
    "Strongly AI-First titles (75%+ classified as AI-First):\n\n"
    "- Kettle Engineer - 118 jobs (97% AI-First)\n"
    "- Forward Kettle Engineer - 3 jobs (100% AI-First)\n"
    "- Kettle Research Engineer - 5 jobs (100% AI-First)\n",
    "What Other Titles Do Kettle Engineers Go Under?",
)
COMMON = chunk(
    "common",
    "Most common job titles:\n\n"
    "- Kettle Engineer - 53 jobs\n- Kettle Research Engineer - 5 jobs\n- Tea Engineer - 4 jobs\n",
    "Overview",
)
WEBINAR = chunk(
    "webinar", "Kettle research roles are hands-on work with boiling water.", "Q&A", "webinars/2.md"
)
USES = chunk(
    "uses",
    "Most common words:\n\n- kettles: 291 mentions\n- teapots: 262 mentions\n- cups: 12 mentions\n",
    "Words",
)
PAGES = frozenset({"role/skills.md"})


def search(query: str, depth: int, filters=None) -> list[tuple[Chunk, float]]:
    return [(c, 1.0) for c in (TITLES, COMMON, WEBINAR, USES) if query.lower() in c.text.lower()][:depth]


def tokens(text: str) -> int:
    return len(text.split())


@pytest.mark.parametrize(
    ("question", "phrases"),
    [
        (
            "if the title says Kettle Research Engineer, is it hands-on work?",
            ["Kettle Research Engineer", "Research Engineer"],
        ),
        ("if a job is titled 'Kettle/Tea Engineer', is it real?", ["Kettle/Tea Engineer"]),
        ("'Kettle Engineer, Gen AI' roles - real work?", ["Kettle Engineer, Gen AI", "Kettle Engineer"]),
        ("what titles do Senior Kettle Engineers have?", ["Senior Kettle Engineer", "Kettle Engineer"]),
        ("what's a Kettle Research Engineer?", []),  # no quote and no "title": not asked as a title
        ("got hired as a 'Kettle Engineer' but it is all tea", []),  # two quoted words: a term, not a title
        ("how often do 'teapots' and 'kettles' come up?", ["teapots", "kettles"]),  # the words counted
        ("do the 'teapots' people boil water?", []),
        ("do they say 'teapots' or 'kettles' more often?", ["teapots", "kettles"]),  # which of two, counted
        ("is 'teapots' or 'kettles' the most common word?", ["teapots", "kettles"]),
        ("do more cafes say 'teapots' than 'mugs'?", ["teapots", "mugs"]),
        ("what does 'teapots' vs 'kettles' mean?", []),  # compares no count
        ("do more 'teapots' people boil water?", []),  # one quoted word: a term
        ("'Kettle Research Engineer' roles - real work?", ["Kettle Research Engineer", "Research Engineer"]),
        ("what's the engineers' favourite title for a kettle engineer?", []),  # lowercase: no phrase
    ],
)
def test_the_titles_a_question_names_are_its_quoted_or_capitalised_role_phrases(question, phrases):
    assert [p for p, _ in named_values(question)] == phrases


def test_a_named_values_line_is_found_on_the_analysis_pages_and_leads():
    given = [source(1, WEBINAR)]
    question = "if the title says Kettle Research Engineer, is it hands-on work?"
    sources, lead = value_lead(question, given, search, PAGES, tokens, 1000)
    assert [(line.n, line.text) for line in lead.lines] == [
        (2, "Kettle Research Engineer - 5 jobs (100% AI-First)"),
        (3, "Kettle Research Engineer - 5 jobs"),
    ]
    assert [(s.n, s.hit.chunk.id) for s in sources] == [(1, "webinar"), (2, "titles"), (3, "common")]


def test_the_line_stating_a_share_leads_before_one_that_only_counts():
    given = [source(1, COMMON), source(2, TITLES)]
    _, lead = value_lead("is 'Kettle Research Engineer' an LLM title?", given, search, PAGES, tokens, 1000)
    assert [(line.n, line.text) for line in lead.lines] == [
        (2, "Kettle Research Engineer - 5 jobs (100% AI-First)"),
        (1, "Kettle Research Engineer - 5 jobs"),
    ]


def test_a_title_inside_a_longer_named_title_is_left_to_it_and_two_titles_lead_in_question_order():
    given = [source(1, TITLES)]
    question = "titles: Forward Kettle Engineer or Kettle Research Engineer, which is real?"
    _, lead = value_lead(question, given, search, PAGES, tokens, 1000)
    assert [line.text for line in lead.lines] == [
        "Forward Kettle Engineer - 3 jobs (100% AI-First)",
        "Kettle Research Engineer - 5 jobs (100% AI-First)",
        "Kettle Research Engineer - 5 jobs",
    ]


def test_no_lead_and_no_new_source_without_a_title_or_a_line_for_it():
    given = [source(1, WEBINAR)]
    assert value_lead("is a Kettle Research Engineer hands-on?", given, search, PAGES, tokens, 1000) == (
        given,
        None,
    )
    assert value_lead("is the title 'Teapot Engineer' real?", given, search, PAGES, tokens, 1000) == (
        given,
        None,
    )
    # a line on a page that is not one of the analysis pages is not looked up
    assert value_lead(
        "if the title says Kettle Research Engineer, is it hands-on work?",
        given,
        search,
        frozenset(),
        tokens,
        1000,
    ) == (given, None)


def test_the_shorter_title_inside_the_named_one_does_not_lead_too():
    _, lead = value_lead(
        "is the title Forward Kettle Engineer real?", [source(1, TITLES)], search, PAGES, tokens, 1000
    )
    assert [line.text for line in lead.lines] == ["Forward Kettle Engineer - 3 jobs (100% AI-First)"]


@pytest.mark.parametrize(
    ("question", "lines"),
    [
        (
            "how often do 'teapots' and 'kettles' come up in the use cases?",
            ["teapots: 262 mentions", "kettles: 291 mentions"],
        ),
        (  # which of two quoted words comes up more: both lines, in the question's order
            "in the use cases, do they say 'kettles' or 'teapots' more often?",
            ["kettles: 291 mentions", "teapots: 262 mentions"],
        ),
    ],
)
def test_the_quoted_words_a_count_question_asks_about_lead_with_their_lines_in_order(question, lines):
    _, lead = value_lead(question, [source(1, WEBINAR)], search, PAGES, tokens, 1000)
    assert [line.text for line in lead.lines] == lines


def test_the_fixture_guides_answer_leads_with_the_quoted_words_line(answer_deps, monkeypatch):
    import rag.answer.named_values as named_values
    from rag.answer.pipeline import Answerer

    answerer = Answerer(answer_deps, None, answer_deps.settings.model_copy(update={"refusal_threshold": 0.0}))
    question = "how often does the word 'Kubernetes' come up in the listings?"
    label = "*Quoted from the guide — the most relevant passages, not a generated answer:*"
    assert answerer.ask(question).answer.startswith(
        f"{label}\n\n**Kubernetes 23% and Terraform 19% lead the infrastructure list.** [1]\n\n"
        "- Inference serving 21%, with batching and quantization named as bonus points. [1]\n"
        "- Skill: Kubernetes · Share of all listings: 23% · Trend versus last quarter: falling [2]\n"
    )
    monkeypatch.setattr(named_values, "named_values", lambda question: [])  # no value named: the usual answer
    assert answerer.ask(question).answer.startswith(
        f"{label}\n\n[1] *Skills Statistics for Applied AI Roles — AI-Support: 164 jobs (32.3%)"
    )


def test_a_line_is_about_the_quoted_word_only_word_for_word_not_by_its_stem():
    given = [source(1, USES)]
    assert value_lead("how often does 'cup' come up?", given, search, PAGES, tokens, 1000) == (given, None)
    _, lead = value_lead("how often does 'cups' come up?", given, search, PAGES, tokens, 1000)
    assert [line.text for line in lead.lines] == ["cups: 12 mentions"]

"""A guide page named by its file's words ("the skills page") gets rankings of its own in hybrid search."""

from rag.index.page_names import page_name, page_names
from rag.records import Chunk
from tests.test_answerability_round10 import chunk


def page(n: int, path: str, text: str) -> Chunk:
    c = chunk(n, "page", path, text)
    return Chunk(c.id, c.doc_id, "page", c.title, "", c.url, [path], text, c.embed_text, {})


PAGES = [
    page(1, "role/02-skills.md", "What job ads ask for, and a learning order."),
    page(2, "role/05-reality-vs-postings.md", "What the work is, against what ads say."),
    page(3, "learning-paths/README.md", "A learning order for everyone."),
    page(4, "webinars/01-a-day-of-ai-engineer.md", "A day of an AI engineer."),
    page(5, "interview/questions/06-home-assignments.md", "Take-home tasks."),
    page(6, "webinars/04-take-home-assignments.md", "A webinar on take-home tasks."),
    page(7, "interview/data/research-exports/trends.md", "Collected trends."),
]


def test_a_pages_name_is_its_file_name_and_folder_without_the_order_or_the_subject():
    assert page_name("role/05-reality-vs-postings.md") == {"role", "realiti", "post"}
    assert page_name("webinars/01-a-day-of-ai-engineer.md") == {"webinar", "day"}
    assert page_name("portfolio/README.md") == {"portfolio"}


def test_the_words_before_page_name_the_one_page_that_holds_most_of_them():
    names = page_names(PAGES)
    assert names.named("skills page: recommended learning order") == ["d1"]
    assert names.named("how big a slice of the work is that according to the reality page") == ["d2"]
    assert names.named("is the reality-check page based on data? and the skills page?") == ["d2", "d1"]
    # two pages hold "home" alike, a word no page holds, a research export, a page word inside another
    assert names.named("what's on the home page") == []
    assert names.named("text description to react page take home real?") == []
    assert names.named("the trends page") == []
    assert names.named("my homepage and landing pages") == []
    assert names.named("the AI engineer page") == []

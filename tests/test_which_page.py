"""A question asking which webinar or learning path covers something is answered by its title first
(rag/answer/which_page.py)."""

import pytest

from rag.answer.which_page import asked_folder
from tests.answer_helpers import answerer_without_threshold


@pytest.mark.parametrize(
    "question, folder",
    [
        ("Which webinar talks about the AI engineer role?", "webinars/"),
        ("in which webinars did they cover take-homes?", "webinars/"),
        ("What learning path should a data engineer follow?", "learning-paths/"),
        # a section of the guide, or the webinars' content: no page to name
        ("Which section of the guide covers take-homes?", None),
        ("What did the webinar say about take-homes?", None),
    ],
)
def test_asked_folder(question, folder):
    assert asked_folder(question) == folder


def test_the_webinar_asked_for_is_named_first(answer_deps):
    answer = answerer_without_threshold(answer_deps).ask("Which webinar walks through an ordinary Tuesday?")
    body = answer.answer.split("\n\n")
    assert body[1] == "**Webinar: A Day in the Life of an AI Engineer** [1]"
    assert answer.citations[0].source_paths == ("webinars/01-a-day-of-ai-engineer.md",)

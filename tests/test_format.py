"""Chat messages built from answers (ui/format.py): labels and the sources list."""

from rag.answer.pipeline import Answer
from rag.records import Citation
from ui.format import LABEL_FALLBACK, LABEL_REFUSED, answer_message, sources_markdown, strip_decorations

CITATIONS = [
    Citation(2, "Learning Path", "Gaps to close", "https://g.example/lp#gaps", ("lp.md",)),
    Citation(5, "Skills [draft]", "", "https://g.example/skills", ("skills.md",)),
]
OFFLINE_TEXT = "*Quoted from the guide — the most relevant passages, not a generated answer:*\n\n- A. [2]"


def answer(text: str, **fields) -> Answer:
    values = {"question": "q", "query": "q", "answer": text, "citations": CITATIONS, "refused": False}
    values.update(mode="extractive", prompt_id="extractive", prompt_version="v1", latency_ms={})
    return Answer(**{**values, **fields})


def test_sources_are_lines_labelled_with_the_cited_numbers_not_an_ordered_list():
    assert sources_markdown(CITATIONS) == (
        "**Sources**\n\n"
        "\\[2\\] [Learning Path — Gaps to close](https://g.example/lp#gaps)\\\n"
        "\\[5\\] [Skills \\[draft\\]](https://g.example/skills)"
    )
    assert sources_markdown([]) == ""


def test_an_offline_answer_carries_only_its_own_label():
    message = answer_message(answer(OFFLINE_TEXT))
    assert message == OFFLINE_TEXT + "\n\n" + sources_markdown(CITATIONS)
    assert message.count("not a generated answer") == 1
    assert strip_decorations(message) == OFFLINE_TEXT


def test_a_fallback_and_a_refusal_are_labelled():
    fallback = answer_message(answer(OFFLINE_TEXT, fallback_reason="timeout"))
    assert fallback.startswith(LABEL_FALLBACK + "\n\n" + OFFLINE_TEXT)
    not_covered = "The field guide doesn't cover this question."
    refusal = answer_message(answer(not_covered, refused=True, citations=[]))
    assert refusal == f"{LABEL_REFUSED}\n\n{not_covered}"

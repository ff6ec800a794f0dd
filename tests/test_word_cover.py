"""A question word the passages express in other words is covered (rag/answer/word_cover.py): a
standard equivalent ("£" for "pounds", "San Francisco" for "SF") or a passage word close in meaning.
A fact the passages truly lack stays missing. Invented corpus, exact verdicts."""

import pytest

from rag.answer.answerability import AnswerabilityChecker, Verdict
from rag.answer.word_cover import WordVectors, equivalent, expressed, root_words, semantic_cover
from rag.index.bm25 import BM25Index
from tests.fakes import FakeEmbedder
from tests.test_answerability_round10 import chunk

POSTING = chunk(
    1,
    "posting",
    "Zentrano - ML Engineer",
    "Zentrano hires an ML engineer in San Francisco. Salary range: £70,000 - £90,000 a year. "
    "You will ship summarization features and review model evaluations weekly.",
    company="Zentrano",
)
PAGE = chunk(2, "page", "Salaries", "A posting's salary range says what the employer will pay for a role.")
OTHER = [
    chunk(3, "posting", "Quillora - Data Engineer", "Quillora hires in Leeds. Salary: $95,000 a year."),
    chunk(4, "page", "Benefits", "Some employers list a pension, a band of bonuses and staffing agencies."),
]
FILLER = [chunk(10 + i, "page", f"Notes {i}", f"Engineers write notes on topic {i}.") for i in range(12)]
CORPUS = [POSTING, PAGE, *OTHER, *FILLER]  # fillers make the pay words rare enough to be key


class SynonymEmbedder(FakeEmbedder):
    """The fake bag-of-stems embedder, reading "summarisation" and "summarising" as "summarization": word
    pairs close in meaning."""

    def encode(self, texts, show_progress=False):
        texts = [
            t.replace("summarisation", "summarization").replace("summarising", "summarization") for t in texts
        ]
        return super().encode(texts, show_progress)


@pytest.fixture
def vectors() -> WordVectors:
    return WordVectors(SynonymEmbedder().encode)


@pytest.mark.parametrize(
    "word, passages, found",
    [
        ("pounds", [POSTING], True),  # "£70,000"
        ("GBP", [POSTING], True),
        ("pounds", [OTHER[0]], False),  # only "$"
        ("dollars", [OTHER[0]], True),
        ("SF", [POSTING], True),  # "San Francisco"
        ("NYC", [POSTING], False),
        ("band", [POSTING], True),  # "Salary range"
        ("band", [OTHER[0]], False),  # "Salary:" alone
        ("summarisation", [POSTING], False),  # no table entry
    ],
)
def test_a_standard_equivalent_in_a_passage_covers_the_word(word, passages, found):
    assert equivalent(word, passages) is found


def test_semantic_cover_is_the_best_cosine_to_a_passage_word(vectors):
    assert semantic_cover("summarisation", [POSTING], vectors) == pytest.approx(1.0)
    assert semantic_cover("agencies", [POSTING], vectors) < 0.5


def test_word_vectors_encode_each_word_once():
    embedder = SynonymEmbedder()
    vectors = WordVectors(embedder.encode)
    vectors(["salary", "range"])
    vectors(["range", "salary", "pension"])
    assert embedder.encoded == ["salary", "range", "pension"]


def test_the_word_cache_keeps_only_its_limit_of_the_latest_words():
    embedder = SynonymEmbedder()
    vectors = WordVectors(embedder.encode, limit=2)
    assert len(vectors(["salary", "range", "pension"])) == 3  # all three returned, two kept
    vectors(["pension", "range"])
    vectors(["salary"])  # the oldest, dropped: encoded again, and "range" goes
    assert embedder.encoded == ["salary", "range", "pension", "salary"]
    assert list(vectors._cache) == ["pension", "salary"]


def test_without_vectors_only_the_written_forms_count(vectors):
    assert expressed("summarising", [POSTING], None) is False
    assert expressed("summarising", [POSTING], vectors) is True
    assert expressed("summarising", [POSTING], vectors, threshold=1.01) is False
    assert expressed("pounds", [POSTING], None) is True
    assert expressed("summarisation", [POSTING], None) is True  # its American spelling is written


@pytest.mark.parametrize(
    "question, with_vectors, verdict",
    [
        # a pay band is what the posting states as its salary range
        ("What is the pay band for the Zentrano ML engineer role?", False, Verdict("full", "covered")),
        ("What is the pay band for the Quillora data engineer?", False,
         Verdict("partial", "missing-terms", ("band",))),
        # another form of a passage's word: covered when meanings are read
        ("Does the Zentrano ML engineer ship summarising features?", True, Verdict("full", "covered")),
        ("Does the Zentrano ML engineer ship summarising features?", False,
         Verdict("partial", "missing-terms", ("summarising",))),
        # British spelling of a passage's word: covered with or without vectors
        ("Does the Zentrano ML engineer ship summarisation features?", False, Verdict("full", "covered")),
        # the posting writes "£": "pounds" is covered with or without vectors
        ("Is the Zentrano ML engineer salary in pounds?", False, Verdict("full", "covered")),
        # no passage used writes "$": "dollars" is not covered
        ("Is the Zentrano ML engineer salary in pounds or dollars?", True,
         Verdict("partial", "missing-terms", ("dollars",))),
        # a fact no passage holds stays missing ("staffing agencies" is on another page, not used here)
        ("Does the Zentrano ML engineer role accept staffing agencies?", True,
         Verdict("none", "missing-terms", ("accept staffing agencies",))),
    ],
)  # fmt: skip
def test_the_checker_counts_a_word_the_passages_express(vectors, question, with_vectors, verdict):
    words = vectors if with_vectors else None
    bm25 = BM25Index().fit(CORPUS)
    checker = AnswerabilityChecker(bm25, unknown_idf=4.0, domain_page_df=1, word_vectors=words)
    passages = [OTHER[0]] if "Quillora" in question else [POSTING, PAGE]
    assert checker.check(question, passages) == verdict


def test_only_words_of_the_same_root_are_compared_by_meaning():
    assert root_words("summarisation", [POSTING]) == ["summarization"]
    assert root_words("Salaries", [POSTING, PAGE]) == ["salary"]

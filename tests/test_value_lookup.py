"""A market value's own line looked up in the guide's analysis page, beyond the question's top sections."""

from rag.answer.context import Source
from rag.answer.market_lead import counted_names, market_lead
from rag.answer.value_lookup import MAX_FOUND, found_chunks, with_value_lines
from rag.index.retrieve import PAGES
from rag.market.spec import Filters, QuerySpec
from rag.records import Chunk, Hit
from tests.test_lead import flat, source
from tests.test_market_lead import rendered

DATABASES = "Top database skills:\n\n- Postgres - 83 jobs\n- Pinecone - 53 jobs\n- Redis - 43 jobs"
LEARNING = "Databases to learn:\n\n- Redis - caching and session management\n- Postgres - the default store"
LOOPS = "Presentation rounds:\n\n- (Redis - 45-min presentation to a peer engineer)"


def chunk(cid: str, text: str, path: str = "role/skills.md", section: str = "Skills Analysis") -> Chunk:
    return Chunk(
        cid,
        f"doc-{path}",
        "page",
        "Jobs Analysis",
        section,
        f"https://g/{path}#{section}",
        [path],
        text,
        text,
    )


def search_over(chunks: list[Chunk], calls: list | None = None):
    """A BM25 stand-in: every chunk, in the given order, for any query."""

    def search(query: str, depth: int, filters) -> list[tuple[Chunk, float]]:
        if calls is not None:
            calls.append((query, depth, filters))
        return [(c, 1.0 / (i + 1)) for i, c in enumerate(chunks[:depth])]

    return search


def test_the_value_lines_chunk_is_the_first_of_the_analysis_page_stating_a_count_about_the_value():
    ranked = [
        chunk(
            "learn", LEARNING, path="learning/README.md"
        ),  # no figure about Redis, and not the analysis page
        chunk("loops", LOOPS),  # "Redis - 45-min presentation": a duration, no count or share
        chunk("other", "- Kafka - 12 jobs"),  # the analysis page, but another value
        chunk("db", DATABASES),
    ]
    calls: list = []
    found = found_chunks(search_over(ranked, calls), ["Redis"], [], frozenset({"role/skills.md"}))
    assert [c.id for c in found] == ["db"]
    assert calls == [("Redis", 60, PAGES)]


def test_chunks_already_given_other_pages_and_more_than_max_found_per_value_are_skipped():
    ranked = [chunk(f"db{i}", DATABASES) for i in range(4)] + [chunk("elsewhere", DATABASES, path="x.md")]
    given = [Source(1, Hit(ranked[0], 1.0), DATABASES, False)]
    found = found_chunks(search_over(ranked), ["Redis", "Postgres"], given, frozenset({"role/skills.md"}))
    assert MAX_FOUND == 2
    assert [c.id for c in found] == ["db1", "db2"]  # one list of both values: found once
    assert found_chunks(search_over(ranked), ["Redis"], [], frozenset()) == []  # no analysis page known


def test_a_found_chunk_joins_its_sections_source_and_others_are_numbered_after_the_given_ones():
    first = chunk("s1#0", "Top ops skills:\n\n- Docker - 277 jobs")
    same_section = chunk("s1#1", DATABASES)
    elsewhere = chunk("s2", "- Kafka - 12 jobs", section="Streaming")
    given = [Source(1, Hit(first, 0.9), first.text, False), source(2, "Python is the default.")]
    out = with_value_lines(given, [same_section, elsewhere], lambda text: len(text.split()), 10_000)
    assert [(s.n, s.hit.chunk.id, [c.id for c in s.chunks]) for s in out] == [
        (1, "s1#0", ["s1#0", "s1#1"]),
        (2, "c2", ["c2"]),
        (3, "s2", ["s2"]),
    ]
    assert out[0].text == "Top ops skills:\n\n- Docker - 277 jobs\n\n" + DATABASES
    assert with_value_lines(given, [first], lambda text: 1, 10_000) == given  # nothing new: unchanged


def test_a_yes_no_question_about_a_value_quotes_its_count_where_no_line_states_a_share():
    spec = QuerySpec(measure="share", subset=Filters(skills_all=["Redis"]))
    parts = market_lead("is Redis asked for much in postings?", spec, [source(1, DATABASES)], flat)
    assert rendered(parts) == (
        "[1] *Jobs — Skills*\n\nTop database skills:\n- Postgres - 83 jobs\n- Pinecone - 53 jobs\n"
        "- Redis - 43 jobs"
    )
    # A duration about the value is no figure for what postings ask for.
    assert market_lead("is Redis asked for much in postings?", spec, [source(1, LOOPS)], flat) == ()


def test_counted_names_are_the_values_as_written():
    assert counted_names(QuerySpec(measure="top", field="skill", only=["REST APIs", "API design"])) == [
        "REST APIs",
        "API design",
    ]
    spec = QuerySpec(
        measure="count",
        filters=Filters(city=["Berlin"]),
        subset=Filters(skills_all=["Redis"], stage=["series_b"]),
    )
    assert counted_names(spec) == ["Redis", "series b"]  # the population (Berlin) is not counted
    assert counted_names(QuerySpec(measure="top", field="skill", filters=Filters(ai_type=["ai-first"]))) == []

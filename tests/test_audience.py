"""A question naming its reader's background gets that background's page first; one naming none gets
the overview first, not pages written for someone else (rag/answer/audience.py; invented text)."""

from rag.answer.audience import audience_first, audience_sources
from rag.answer.context import Source
from rag.index.audiences import audiences_of
from rag.index.bm25 import BM25Index
from rag.records import Chunk, Hit
from rag.shorthand import SHORTHAND
from tests.fakes import guide_page

page = guide_page


PATH = "Kettle Path for Tea Engineers"
# (name, path, title, section, text) of each invented page chunk
OVERVIEW, PRIORITY, POTTER, GLASS, COPPER, CUTTER, QA, LONE = (
    page(*row)
    for row in [
        ("core", "paths/README.md", PATH, "Core Skills", "Start with steeping times, then water chemistry."),
        ("priority", "paths/README.md", PATH, "Skills by Priority", "Must have: steeping. Nice: glazing."),
        ("timeline", "paths/from-potter.md", "From Potter to Tea Engineer", "Timeline",
         "A potter learns steeping in two months because glazing carries over."),
        ("edge", "paths/from-glass-blower.md", "From Glass Blower to Tea Engineer", "Your Edge",
         "Glass blowers know heat curves, which is half of steeping."),
        ("edge", "paths/from-copper-blower.md", "From Copper Blower to Tea Engineer", "Your Edge",
         "Copper blowers know kettles from the inside."),
        ("edge", "paths/from-glass-cutter.md", "From Glass Cutter to Tea Engineer", "Your Edge",
         "Glass cutters measure twice."),
        ("qa", "talks/01-a-day.md", "Talk 1: A Day of a Tea Engineer",
         "Q&A > With 20 years as a potter, must I first learn glazing?",
         "For a potter, learn steeping first: glazing can wait."),
        ("lone", "misc/from-sailor.md", "From Sailor to Tea Engineer", "Intro", "Sailors boil water at sea."),
    ]
)  # fmt: skip
POSTING = Chunk(
    "posting:1#summary", "posting:1", "posting", "Kettle Co - Senior Potter Tea Engineer", "Summary",
    "https://g/p1", ["jobs/1.yaml"], "Pay 100-120k. Remote.", "Kettle Co Senior Potter Tea Engineer pay",
)  # fmt: skip
BM25 = BM25Index().fit([OVERVIEW, PRIORITY, POTTER, GLASS, COPPER, CUTTER, QA, LONE, POSTING])


def hits(*chunks: Chunk) -> list[Hit]:
    return [Hit(c, 1.0 / (i + 1)) for i, c in enumerate(chunks)]


def ids(found: list[Hit]) -> list[str]:
    return [h.chunk.id for h in found]


def test_audience_pages_are_read_from_from_titles_beside_an_overview_with_their_shortest_names():
    found = audiences_of(BM25.chunks)
    # The role word two audiences share is left out ("copper"), unless what is left names another
    # audience too ("glass" blower or cutter); a page with no overview beside it has no audience.
    assert found.names == {
        "page:paths/from-potter.md": ("potter",),
        "page:paths/from-glass-blower.md": ("glass", "blower"),
        "page:paths/from-copper-blower.md": ("copper",),
        "page:paths/from-glass-cutter.md": ("glass", "cutter"),
    }
    assert set(found.overview.values()) == {"page:paths/README.md"}
    assert found.shortened == {"page:paths/from-copper-blower.md"}
    # a name without its role word names a reader only with a word after it
    assert found.named("copper blowers or potters: who knows kettles?") == [
        "page:paths/from-copper-blower.md",
        "page:paths/from-potter.md",
    ]
    assert found.named("which jobs are mostly glass, clay or copper?") == []
    assert found.named("glass blower here: what do I learn?") == ["page:paths/from-glass-blower.md"]
    assert found.named("I blow glass, what now?") == []
    assert found.named("as a copper worker and potter, where to start") == [
        "page:paths/from-copper-blower.md",
        "page:paths/from-potter.md",
    ]


def test_a_question_naming_no_background_leads_with_the_overview_and_puts_others_pages_last():
    given = hits(QA, POTTER, PRIORITY, GLASS)
    out = audience_first("What skills should I learn first to become a tea engineer?", given, BM25, k=4)
    # The overview's chunk already among the hits leads; the background pages move to the end.
    assert ids(out) == [PRIORITY.id, QA.id, POTTER.id, GLASS.id]


def test_the_overview_is_looked_up_by_bm25_when_the_hits_do_not_hold_it():
    out = audience_first("which skills come first, by priority?", hits(QA, POTTER), BM25, k=2)
    assert ids(out) == [PRIORITY.id, QA.id, POTTER.id]
    assert out[0].score == 1.0  # it takes the first hit's score


def test_a_named_background_leads_with_its_own_page_even_from_below_the_hits():
    given = hits(QA, OVERVIEW, GLASS, POSTING)
    out = audience_first("potter here - in what order should I learn things?", given, BM25, k=4)
    assert ids(out) == [POTTER.id, QA.id, OVERVIEW.id, GLASS.id, POSTING.id]
    # already among the hits: moved up, not repeated
    out = audience_first("glass blower: what carries over?", given, BM25, k=4)
    assert ids(out) == [GLASS.id, QA.id, OVERVIEW.id, POSTING.id]


def test_hits_without_the_paths_or_without_background_pages_are_left_as_they_are():
    # a posting question naming "potter": the search found no page of the paths, nothing moves
    assert ids(audience_first("Kettle Co senior potter tea engineer pay?", hits(POSTING, QA), BM25, 4)) == [
        POSTING.id,
        QA.id,
    ]
    # no background named and no background page among the first k hits
    given = hits(QA, OVERVIEW, POSTING, POTTER)
    assert ids(audience_first("what should I learn first?", given, BM25, k=3)) == ids(given)
    assert audience_first("anything", [], BM25, k=3) == []


def test_an_audiences_initials_in_capitals_name_it_for_the_lanes():
    found = audiences_of(BM25.chunks)
    # "GB" for glass blower, "GC" for glass cutter; a two-word audience's initials only, in capitals
    assert found.named("GB strengths that transfer", whole=True) == ["page:paths/from-glass-blower.md"]
    assert found.named("what does a GC learn first", whole=True) == ["page:paths/from-glass-cutter.md"]
    assert found.named("gb strengths that transfer", whole=True) == []
    # the answer's lead reads them too: its page's best chunk first
    assert found.named("GB strengths that transfer") == ["page:paths/from-glass-blower.md"]
    given = hits(QA, OVERVIEW, GLASS)
    assert ids(audience_first("GB strengths that transfer", given, BM25, k=3))[0] == GLASS.id
    assert ids(audience_first("what does a GC learn first", given, BM25, k=3))[0] == CUTTER.id


def test_an_audiences_initials_are_searched_spelled_out():
    found = audiences_of(BM25.chunks)
    assert found.spelled("GB strengths that transfer") == "GB (Glass Blower) strengths that transfer"
    assert found.spelled("what does a GC learn first?") == "what does a GC (Glass Cutter) learn first?"
    # named in full too, or not in capitals: left as written
    assert found.spelled("GB strengths for a glass blower") == "GB strengths for a glass blower"
    assert found.spelled("gb strengths that transfer") == "gb strengths that transfer"
    assert found.spelled(found.spelled("GB strengths")) == "GB (Glass Blower) strengths"


def test_an_audience_named_beside_vs_is_a_role_compared_not_the_askers():
    found = audiences_of(BM25.chunks)
    assert found.named("glass blower vs tea engineer: which pays more?", whole=True) == []
    assert found.named("tea engineer versus glass blower", whole=True) == []
    assert found.named("GB vs TE: which pays more?", whole=True) == []
    assert found.named("glass blower here: tea engineer next?", whole=True) == [
        "page:paths/from-glass-blower.md"
    ]
    # "eng" is "engineer"; a shortened name before a word for people names its audience in full
    assert found.named("copper blower folks: what carries over?", whole=True) == [
        "page:paths/from-copper-blower.md"
    ]


def test_an_asker_telling_what_they_do_now_keeps_the_background_pages_the_search_found():
    given = hits(GLASS, QA, OVERVIEW)
    # no background named, none told: the overview first, the glass blowers' page last
    assert ids(audience_first("do heat curves help with steeping?", given, BM25, k=3)) == [
        OVERVIEW.id,
        QA.id,
        GLASS.id,
    ]
    # "I … all day", "coming from", "at work": the asker is the reader the search found a page for
    for told in [
        "I do heat curves all day: does that help with steeping?",
        "coming from furnaces, do heat curves help with steeping?",
        "we mostly run furnaces at work - do heat curves help?",
    ]:
        assert ids(audience_first(told, given, BM25, k=3)) == ids(given), told
    # "what should I do" asks; it tells nothing about the asker
    assert ids(audience_first("what should I do about heat curves?", given, BM25, k=3))[0] == OVERVIEW.id


def test_shorthand_for_an_audience_names_it(monkeypatch):
    monkeypatch.setitem(SHORTHAND, "gbl", "glass blower")
    given = hits(QA, OVERVIEW, GLASS)
    assert ids(audience_first("gbl here. what carries over?", given, BM25, k=3))[0] == GLASS.id


def sources(*chunks: Chunk) -> list[Source]:
    return [Source(n, Hit(c, 1.0 / n), c.text, False) for n, c in enumerate(chunks, start=1)]


def test_a_reader_on_the_way_in_is_answered_from_its_page_its_overview_and_sections_naming_it():
    given = sources(QA, GLASS, POTTER, POSTING, OVERVIEW, CUTTER)
    # the potters' page, the overview beside it and the Q&A whose heading names potters; not the glass
    # blowers' or cutters' advice, nor a posting that says "potter" in its title only
    for asked in [
        "potter here - how many months until I can switch?",
        "potter path: step one?",
        "moving from potter to tea eng: does glazing count?",
        "potters to tea engineer, months needed",
        "what does a potter need besides steeping",
    ]:
        assert [s.n for s in audience_sources(asked, given, BM25)] == [1, 3, 5], asked
    # initials in capitals; a shortened name with a word for people
    assert [s.n for s in audience_sources("GB here: what carries over?", given, BM25)] == [2, 5]
    assert [s.n for s in audience_sources("from GC to tea engineer?", given, BM25)] == [5, 6]
    given = sources(COPPER, GLASS, OVERVIEW)
    assert [s.n for s in audience_sources("copper blower folks here: where to start?", given, BM25)] == [1, 3]


def test_a_reader_named_but_not_on_the_way_in_leaves_the_sources_to_the_answer():
    given = sources(QA, GLASS, POTTER, OVERVIEW)
    for asked in [
        "how many months until I can switch?",  # no one named
        "do tea engineers steep like potters do?",  # a role compared
        "I'm a potter and wonder whether tea teams need me",  # the role's pages may answer that
        "gb here: what carries over?",  # initials in lower case
        "which copper kettles boil fastest?",  # a shortened name alone
    ]:
        assert audience_sources(asked, given, BM25) is None, asked
    # on the way in, but no source is the page
    assert audience_sources("potter here: how long?", sources(QA, GLASS, OVERVIEW), BM25) is None
    assert audience_sources("potter here", [], BM25) is None


def test_a_reader_on_the_way_in_naming_a_company_asks_about_its_posting():
    kiln = Chunk(
        "posting:2#summary", "posting:2", "posting", "Kilnworks - Potter to Tea Engineer", "Summary",
        "https://g/p2", ["jobs/2.yaml"], "Pay 90-100k.", "Kilnworks Potter Tea Engineer pay",
        {"company": "Kilnworks"},
    )  # fmt: skip
    with_kiln = BM25Index().fit([OVERVIEW, POTTER, QA, kiln])
    given = sources(POTTER, kiln, QA)
    assert audience_sources("Kilnworks potter to tea engineer: what's the pay?", given, with_kiln) is None
    assert [s.n for s in audience_sources("potter to tea engineer: what's the pay?", given, with_kiln)] == [
        1,
        3,
    ]


def test_a_reader_coming_from_a_field_asks_as_its_audience():
    leaf = page("edge", "paths/from-leaf-scientist.md", "From Leaf Scientist to Tea Engineer", "Your Edge",
                "Leaf scientists know tasting.")  # fmt: skip
    index = BM25Index().fit([OVERVIEW, POTTER, leaf, QA])
    given = sources(QA, POTTER, leaf, OVERVIEW)
    for asked in [
        "Switching over from leaf science - which of my skills carry over?",
        "coming from leaf science, what do I learn first",
        "leaf science to tea engineering: how long?",
    ]:
        assert [s.n for s in audience_sources(asked, given, index)] == [3, 4], asked
        assert audience_first(asked, hits(QA, POTTER, OVERVIEW, leaf), index, k=2)[0].chunk.id == leaf.id, (
            asked
        )
    # the field named as a subject, not where the asker comes from
    assert audience_sources("is leaf science dying?", given, index) is None
    assert audience_sources("switching over from pottery - what carries over?", given, index) is None


def test_a_heading_naming_the_reader_beside_another_role_is_kept():
    heading = "Q&A > Glass Blower vs Tea Engineer: which pays more?"
    versus = page("qa2", "talks/02-pay.md", "Talk 2: Pay", heading, "Glass blowers earn more at first.")
    given = sources(versus, GLASS, POTTER, OVERVIEW)
    assert [s.n for s in audience_sources("glass blower here: does it pay more?", given, BM25)] == [1, 2, 4]

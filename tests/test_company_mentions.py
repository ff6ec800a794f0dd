"""A company with postings but no interview write-up that the guide's hiring pages mention: the
"no write-up" reply quotes those mentions (invented corpus built here, not the fixture guide)."""

from rag.answer.answerability import AnswerabilityChecker, Verdict, refusal_lead
from rag.answer.company_mentions import Mention, interview_mentions
from rag.index.bm25 import BM25Index
from rag.index.catalog import catalog_for
from rag.records import Chunk

BASE = "https://example.org/guide/"
TRENDS = (
    "Model labs such as Vellum Orbit, Quorra and Stellate shape interview focus.\n\n"
    "Vellum Orbit: a 75-minute pairing round on a real bug, then a system design loop.\n\n"
    "Vellum Orbit also publishes a blog about its models.\n\n"
    "Good light (a few hundred lumen) helps in a video interview.\n\n"
    "[^vellum]: [Vellum Orbit careers](https://example.org/vellum)\n"
)
QUESTIONS = (
    "- Describe a model you shipped and how you evaluated it. (Vellum Orbit)\n"
    "- [Vellum Orbit interview guide](https://example.org/a-very-long-link-to-a-reading-list-entry)\n"
)
ROLE = "Vellum Orbit ships assistants for lawyers, and so do others."


def page(path: str, section: str, text: str) -> Chunk:
    return Chunk(
        id=f"{path}#{section}",
        doc_id=path,
        kind="page",
        title=path.split("/")[-1],
        section=section,
        url=BASE + path + "#" + section.lower(),
        source_paths=[path],
        text=text,
        embed_text=text,
    )


def posting(n: int, company: str = "Vellum Orbit") -> Chunk:
    path = f"job-market/data_raw/{n}_{company.replace(' ', '_')}_AI_Engineer.yaml"
    return Chunk(
        id=path,
        doc_id=path,
        kind="posting",
        title=f"AI Engineer at {company}",
        section="",
        url=BASE + path,
        source_paths=[path],
        text="Build agents. Python.",
        embed_text="Build agents.",
        metadata={"company": company},
    )


CHUNKS = [
    page("interview/05-trends.md", "Patterns", TRENDS),
    page("interview/questions/questions.md", "Behavioral", QUESTIONS),
    page("role/01-vision.md", "Examples", ROLE),
    posting(1),
    posting(2),
    posting(3, "Quorra"),
    posting(4, "Stellate"),
    posting(5, "Lumen"),
]


def catalog():
    return catalog_for(BM25Index().fit(CHUNKS))


def test_page_mentions_lists_the_page_chunks_naming_a_company_in_corpus_order():
    got = catalog().page_mentions(("vellum", "orbit"))
    assert [c.id for c in got] == [
        "interview/05-trends.md#Patterns",
        "interview/questions/questions.md#Behavioral",
        "role/01-vision.md#Examples",
    ]


def test_mentions_about_the_company_first_without_footnotes_reading_lists_or_other_topics():
    cat = catalog()
    company = cat.companies_in("Vellum Orbit")[0]
    got = interview_mentions(cat, company, "What is the interview process at Vellum Orbit?")
    assert got == (
        Mention(
            "Vellum Orbit: a 75-minute pairing round on a real bug, then a system design loop.",
            "05-trends.md",
            "Patterns",
            BASE + "interview/05-trends.md#patterns",
        ),
        Mention(
            "Describe a model you shipped and how you evaluated it. (Vellum Orbit)",
            "questions.md",
            "Behavioral",
            BASE + "interview/questions/questions.md#behavioral",
        ),
    )


def test_a_postings_only_verdict_carries_the_mentions_and_the_reply_quotes_them():
    bm25 = BM25Index().fit(CHUNKS)
    checker = AnswerabilityChecker(bm25, unknown_idf=max(bm25.idf.values()) + 1.0)
    verdict = checker.check("How does Vellum Orbit interview engineers?", [])
    assert (verdict.coverage, verdict.reason, verdict.missing) == ("none", "postings-only", ("Vellum Orbit",))
    assert [m.section for m in verdict.mentions] == ["Patterns", "Behavioral"]
    text, links = refusal_lead(verdict)
    assert text.splitlines() == [
        "The field guide has no interview write-up for Vellum Orbit, but its pages on getting hired "
        "mention Vellum Orbit in passing (quoted):",
        "- “Vellum Orbit: a 75-minute pairing round on a real bug, then a system design loop.” "
        f"([05-trends.md — Patterns]({BASE}interview/05-trends.md#patterns))",
        "- “Describe a model you shipped and how you evaluated it. (Vellum Orbit)” "
        f"([questions.md — Behavioral]({BASE}interview/questions/questions.md#behavioral))",
        "",
        "It also lists 2 job postings from Vellum Orbit:",
        f"- [AI Engineer at Vellum Orbit]({BASE}job-market/data_raw/1_Vellum_Orbit_AI_Engineer.yaml)",
        f"- [AI Engineer at Vellum Orbit]({BASE}job-market/data_raw/2_Vellum_Orbit_AI_Engineer.yaml)",
    ]
    assert links == {
        BASE + "interview/05-trends.md#patterns",
        BASE + "interview/questions/questions.md#behavioral",
        BASE + "job-market/data_raw/1_Vellum_Orbit_AI_Engineer.yaml",
        BASE + "job-market/data_raw/2_Vellum_Orbit_AI_Engineer.yaml",
    }


def test_a_company_no_page_names_keeps_the_plain_reply():
    verdict = Verdict("none", "postings-only", ("Vellum Orbit",), catalog().companies_in("Vellum Orbit")[0])
    assert refusal_lead(verdict)[0].startswith(
        "The field guide has no interview write-up for Vellum Orbit: it doesn't describe that company's "
        "interview process. It does list 2 job postings from Vellum Orbit:\n"
    )


def test_a_company_named_like_a_word_is_matched_only_as_the_name_is_spelt():
    cat = catalog()
    lumen = cat.companies_in("Lumen")[0]
    assert [c.id for c in cat.page_mentions(("lumen",))] == ["interview/05-trends.md#Patterns"]
    assert interview_mentions(cat, lumen, "How does Lumen interview?") == ()


def test_a_link_the_guide_annotates_is_a_mention_and_not_a_write_up():
    threads = page(
        "interview/data/sources/discussion-threads.md",
        "Threads",
        "- [Vellum Orbit onsite](https://example.org/a-thread-about-the-vellum-orbit-onsite) "
        "-- Vellum Orbit: pairing, theory and design\n"
        "- [Quorra interview thread](https://example.org/a-thread-about-the-quorra-interviews)\n",
    )
    bm25 = BM25Index().fit([*CHUNKS, threads])
    cat = catalog_for(bm25)
    vellum = cat.companies_in("Vellum Orbit")[0]
    got = interview_mentions(cat, vellum, "What is the interview process at Vellum Orbit?")
    assert [m.section for m in got] == ["Patterns", "Threads", "Behavioral"]
    assert got[1] == Mention(
        "[Vellum Orbit onsite] -- Vellum Orbit: pairing, theory and design",
        "discussion-threads.md",
        "Threads",
        BASE + "interview/data/sources/discussion-threads.md#threads",
    )
    quorra = cat.companies_in("Quorra")[0]
    assert interview_mentions(cat, quorra, "How does Quorra interview?")[0].section == "Patterns"
    # the link points at someone else's write-up: the guide itself does not describe the interviews
    checker = AnswerabilityChecker(bm25, unknown_idf=max(bm25.idf.values()) + 1.0)
    verdict = checker.check("How does Vellum Orbit interview engineers?", [threads])
    assert (verdict.coverage, verdict.reason) == ("none", "postings-only")

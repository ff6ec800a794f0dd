"""A figure asked about a named company: another passage's line does not stand as its answer
(rag/answer/company_lead.py). Invented fixtures in the guide's layout."""

from rag.answer.answerability import Verdict
from rag.answer.company_lead import (
    CompanyGap,
    company_ask,
    company_lead,
    gap_quotes,
    gap_verdict,
    lead_about,
    render_gap,
)
from rag.answer.context import Context, Source
from rag.answer.extractive import Quote, select_quotes
from rag.answer.interviews import written, written_names
from rag.answer.standing import placed_lead
from rag.index.bm25 import BM25Index
from rag.records import Chunk, Hit
from tests.fakes import FakeEmbedder
from tests.test_answerability_round10 import chunk

ONE = lambda _s: 1.0  # noqa: E731
GENERAL = (
    "Most frequently mentioned steps:\n\n"
    "1. Recruiter screen - Usually 15-30 min\n"
    "2. Pairing session - Often 60 min\n"
    "3. Take-home challenge - Typically 2-3 hours\n"
)
WRITE_UP = "Interview steps: Recruiter call; Take-home task; Final panel.\n\nNotable: take-home or pairing."
POSTING = (
    "Our process has a recruiter call, a take-home and a panel. This process should take around 3-4 weeks."
)


def corpus(write_up: str = WRITE_UP, general: str = GENERAL) -> list[Chunk]:
    return [
        chunk(1, "page", "Interview process", general),
        chunk(2, "company", "Quillbyte interview process", write_up, "Quillbyte Labs"),
        chunk(3, "posting", "Platform Engineer at Quillbyte Labs", POSTING, "Quillbyte Labs"),
        chunk(4, "posting", "ML Engineer at Harbor Freight AI", "Pay: $150,000.", "Harbor Freight AI"),
        chunk(5, "page", "Learning paths", "Learn Python first, then build and ship a small project."),
    ]  # fmt: skip


def sources(chunks: list[Chunk]) -> list[Source]:
    return [Source(n, Hit(chunk=c, score=1.0), c.text, False) for n, c in enumerate(chunks[:3], start=1)]


def lead_for(question: str, chunks: list[Chunk]):
    bm25 = BM25Index().fit(chunks)
    given = sources(chunks)
    general = placed_lead(question, given, ONE)
    return bm25, given, general


def test_a_figure_question_naming_one_employer_is_a_company_ask():
    bm25 = BM25Index().fit(corpus())
    ask = company_ask("How long is the Quillbyte take-home?", bm25)
    assert (ask.company.name, ask.part, ask.kind.kind) == (
        "Quillbyte Labs",
        "How long is the Quillbyte take-home",
        "duration",
    )
    assert company_ask("How long is a take-home?", bm25) is None  # no company
    assert company_ask("What are the Quillbyte interview steps?", bm25) is None  # no figure
    # two employers: a comparison, left as it is
    both = "How long is the Quillbyte take-home vs the Harbor Freight AI one?"
    assert company_ask(both, bm25) is None


def test_the_general_take_home_length_is_not_the_companys():
    question = "How long is the Quillbyte take-home?"
    bm25, given, general = lead_for(question, corpus())
    assert [x.text for x in general.lines if x.text.startswith("Take")] == [
        "Take-home challenge - Typically 2-3 hours"
    ]
    assert not lead_about(general, given, company_ask(question, bm25).company)
    lead, gap = company_lead(question, general, given, bm25, ONE)
    # the posting's "3-4 weeks" is the whole process's length, not the take-home's: no own lead
    assert (lead, gap.ask.company.name, gap.own) == (general, "Quillbyte Labs", (2, 3))


def test_the_companys_own_line_stating_it_leads():
    question = "How long is the Quillbyte take-home?"
    stated = "Interview steps:\n\n- Recruiter call\n- Take-home task (4 hours)\n- Final panel\n"
    bm25, given, general = lead_for(question, corpus(write_up=stated))
    lead, gap = company_lead(question, general, given, bm25, ONE)
    assert gap is None
    assert [(x.n, x.text) for x in lead.lines][-1] == (2, "Take-home task (4 hours)")


def test_a_general_line_naming_the_company_stands():
    question = "How long is the Quillbyte take-home?"
    general = GENERAL.replace("Typically 2-3 hours", "Quillbyte gives 5 hours")
    bm25, given, lead = lead_for(question, corpus(general=general))
    assert company_lead(question, lead, given, bm25, ONE) == (lead, None)


def test_a_question_naming_no_company_keeps_its_lead():
    question = "How long is a take-home challenge?"
    bm25, given, lead = lead_for(question, corpus())
    assert lead is not None
    assert company_lead(question, lead, given, bm25, ONE) == (lead, None)


def test_a_count_the_company_states_in_words_drops_the_general_lead_without_a_claim():
    question = "How many interview rounds does Quillbyte run?"
    general = "Most companies run 4 interview rounds, some 5 interview rounds."
    words = "Quillbyte runs four interview rounds: a call, a take-home and two panels."
    bm25, given, lead = lead_for(question, corpus(write_up=words, general=general))
    assert [x.text for x in lead.lines] == ["Most companies run 4 interview rounds, some 5 interview rounds."]
    assert company_lead(question, lead, given, bm25, ONE) == (None, None)


def test_the_gap_is_said_first_then_the_companys_quotes_then_the_general_figure():
    question = "How long is the Quillbyte take-home?"
    bm25, given, general = lead_for(question, corpus())
    lead, gap = company_lead(question, general, given, bm25, ONE)
    quotes = [
        Quote(1, 200, "The median process has 4 steps.", 0.0),
        Quote(2, 0, "Interview steps: Recruiter call; Take-home task; Final panel.", 0.0),
    ]
    text = render_gap(quotes, lead, gap)
    assert text.split("\n\n")[:4] == [
        "*Quoted from the guide — the most relevant passages, not a generated answer:*",
        "Quillbyte Labs's own passages in the guide (its interview write-up and postings) don't state "
        "“how long is the Quillbyte take-home”. Here is what they say, then the guide's general figure.",
        "- Interview steps: Recruiter call; Take-home task; Final panel. [2]",
        "*In general, across companies (not specific to Quillbyte Labs):*",
    ]
    assert "3. Take-home challenge - Typically 2-3 hours" in text
    assert text.endswith("- The median process has 4 steps. [1]")
    assert render_gap(quotes, lead, None).index("Typically 2-3 hours") < render_gap(quotes, lead, None).index(
        "[2]"
    )


def test_another_steps_length_in_the_write_up_is_no_take_home_length():
    # "how many hours is" names no step after "is": the part's own words must be in the line
    question = "How many hours is the Quillbyte take-home?"
    steps = "Interview steps:\n\n- Intro chat (45 min)\n- Technical deep dive (2-3 hours)\n- Founder call\n"
    bm25, given, general = lead_for(question, corpus(write_up=steps))
    lead, gap = company_lead(question, general, given, bm25, ONE)
    assert (lead, gap.own) == (general, (2, 3))


def test_without_the_companys_own_passages_the_general_line_loses_its_place_and_nothing_is_claimed():
    question = "How long is the Quillbyte take-home?"
    bm25, given, general = lead_for(question, corpus())
    assert company_lead(question, general, given[:1], bm25, ONE) == (None, None)


def test_with_a_gap_the_companys_own_sentences_are_added_when_no_quote_holds_one():
    question = "How long is the Quillbyte take-home?"
    bm25, given, general = lead_for(question, corpus())
    lead, gap = company_lead(question, general, given, bm25, ONE)
    context = Context(given, 0, 0)
    # one sentence: the posting's; with the write-up (2) taken as the company's only own source
    alone = select_quotes(question, context, FakeEmbedder(), 1, ONE, lead, 0)
    assert [q.n for q in alone] == [3]
    quotes = gap_quotes(CompanyGap(gap.ask, (2,)), question, context, FakeEmbedder(), 1, ONE, lead, 0)
    assert [(q.n, q.text) for q in quotes] == [
        (2, "Interview steps: Recruiter call; Take-home task; Final panel."),
        (3, alone[0].text),
    ]
    assert gap_quotes(gap, question, context, FakeEmbedder(), 1, ONE, lead, 0) == alone  # 3 is its own
    assert gap_quotes(None, question, context, FakeEmbedder(), 1, ONE, lead, 0) == alone


def test_with_a_gap_the_answer_is_partial_naming_the_asked_part():
    question = "How long is the Quillbyte take-home?"
    bm25, given, general = lead_for(question, corpus())
    _lead, gap = company_lead(question, general, given, bm25, ONE)
    assert gap_verdict(Verdict("full", "covered"), gap) == Verdict(
        "partial", "duration-not-stated", ("How long is the Quillbyte take-home",)
    )
    # another part already missing keeps its reason; no gap leaves the verdict as it is
    assert gap_verdict(Verdict("partial", "missing-terms", ("visa",)), gap) == Verdict(
        "partial", "missing-terms", ("visa", "How long is the Quillbyte take-home")
    )
    assert gap_verdict(Verdict("full", "covered"), None) == Verdict("full", "covered")


def test_a_company_is_written_as_a_name_whole_or_short():
    assert written("Quillbyte Labs", "How long is the Quillbyte take-home?")
    assert written("Quillbyte Labs", "Does Quillbyte Labs pay well?")
    assert not written("Quillbyte Labs", "how long is the quillbyte take-home?")  # lower case: a word
    assert not written("Retool", "Do I need to retool for AI engineering?")


def test_a_short_name_inside_another_name_written_whole_is_not_read():
    names = ["Capital One", "Capital Group", "Quillbyte Labs"]
    question = "Capital Group AI engineer in New York: how big are the bonuses at Quillbyte?"
    assert written_names(names, question) == ["Capital Group", "Quillbyte Labs"]
    assert written_names(names, "Does Capital pay well?") == ["Capital One", "Capital Group"]


def test_a_discount_code_is_quoted_only_when_asked_about():
    code = "Use code SPRING for 20% off the Quillbyte take-home prep course."
    rule = "Quillbyte allows ChatGPT in take-home prep if you say so."
    context = Context(sources([chunk(1, "page", "Take-home notes", f"{rule} {code}")]), 0, 0)

    def quoted(question: str) -> list[str]:
        return [q.text for q in select_quotes(question, context, FakeEmbedder(), 3, ONE, None, 0)]

    assert quoted("Can I use ChatGPT in the Quillbyte take-home prep course?") == [rule]
    assert code in quoted("Is there a discount code for the Quillbyte take-home prep course?")

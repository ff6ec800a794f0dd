"""Posting boilerplate: detected from the corpus at ingest, stored in the index version, never quoted."""

import json
import logging
from types import SimpleNamespace

import pytest

from evals.openai_stub import stream
from ingest.pipeline import Ingest
from rag.answer.boilerplate import (
    FILE,
    FORMAT,
    MIN_POSTINGS,
    NEAR_SHARE,
    NEAR_WORDS,
    WORD_UNITS,
    Boilerplate,
    detect,
    for_index,
    has_contact,
    near_share,
    posting_names,
    unit_key,
    word_shares,
)
from rag.answer.pipeline import Answerer
from rag.deps import Deps
from rag.errors import BoilerplateFileError
from rag.index.store import IndexStore
from rag.records import Chunk
from tests.answer_helpers import build_fixture_index, llm_for, settings_for
from tests.fakes import FakeEmbedder

SCAM = "Beware: {} recruiters never ask you to pay a fee."
SCAM_KEY = "beware § recruiters never ask you to pay a fee"


def posting(
    n: int, text: str, company: str | None = None, section: str = "Description", job: str = ""
) -> Chunk:
    company = company or f"Company {n}"
    title = f"{job or f'Engineer {n}'} at {company}"
    suffix = "#summary" if section == "Summary" else "#0"
    return Chunk(
        id=f"posting:{n}{suffix}",
        doc_id=f"posting:{n}",
        kind="posting",
        title=title,
        section=section,
        url=f"https://example.invalid/{n}",
        source_paths=[f"job-market/data_raw/{n}.yaml"],
        text=text,
        embed_text=text,
        metadata={"company": company},
    )


def page(text: str, n: int = 1) -> Chunk:
    return Chunk(f"page:{n}#0", f"page:{n}", "page", "A page", "Skills", "u", ["p.md"], text, text)


def shared(line: str, postings: int) -> list[Chunk]:
    return [
        posting(n, f"The role builds agents number {n}.\n\n{line.format(f'Company {n}')}")
        for n in range(postings)
    ]


# -- detection -------------------------------------------------------------------------------------
def test_a_line_five_postings_share_is_boilerplate_with_the_company_masked():
    table = detect(shared(SCAM, 5))
    assert table.keys == {SCAM_KEY}
    assert table.counts == ((SCAM_KEY, 5),)
    assert (table.postings, table.min_postings) == (5, MIN_POSTINGS) == (5, 5)


def test_four_postings_are_not_enough():
    assert detect(shared(SCAM, 4)).keys == frozenset()


def test_reposts_of_one_job_count_once():
    chunks = [posting(n, SCAM.format("Acme"), company="Acme", job="AI Engineer") for n in range(6)]
    assert detect(chunks).keys == frozenset()
    chunks += [posting(10 + n, SCAM.format("Acme"), company="Acme", job=f"Role {n}") for n in range(4)]
    assert detect(chunks).counts == ((SCAM_KEY, 5),)


def test_the_summary_title_line_counts_but_not_the_facts_the_ingest_writes():
    chunks = [
        posting(
            n,
            f"Summary of the Engineer {n} posting at Company {n}. Salary: not stated in the posting.",
            section="Summary",
        )
        for n in range(5)
    ] + [
        posting(n, "Compensation: not stated. AI type: ai-first in this role.", section="Overview")
        for n in range(5)
    ]
    assert detect(chunks).keys == {"summary of the § posting at §"}


def test_short_lines_and_list_introductions_are_never_boilerplate():
    lines = "Benefits\n\nWhat you will do at our company:\n- Build evaluation sets for agents."
    chunks = [posting(n, lines) for n in range(6)]
    assert detect(chunks).keys == {"build evaluation sets for agents"}


def test_the_guides_own_pages_are_never_counted():
    assert detect([page(SCAM.format("Acme"), n) for n in range(8)]).keys == frozenset()


def test_no_chunks_give_an_empty_table():
    table = detect([])
    assert (table.keys, table.postings, table.counts) == (frozenset(), 0, ())


@pytest.mark.parametrize("bad", [1, 0, -3, "5", 2.5, True, None])
def test_a_threshold_below_two_or_not_an_integer_is_refused(bad):
    with pytest.raises(ValueError, match=f"min_postings must be an integer of at least 2, not {bad!r}"):
        detect([], bad)


# -- near copies: a company's own wording of a shared notice ------------------------------------------
EOE = "{} is an equal opportunity employer and welcomes every background."
EOE_KEY = "§ is an equal opportunity employer and welcomes every background"
OWN_NOTICE = "{} is an equal opportunity employer and we value diversity at our company."
OWN_KEY = "§ is an equal opportunity employer and we value diversity at our company"


def near_corpus(*extra: str) -> list[Chunk]:
    """24 postings share the notice; each has its own requirement line (tools differ) in common words;
    posting 24 words the notice its own way, followed by `extra` lines."""
    chunks = [
        posting(n, f"Experience with Python and tool{'x' * n} in production.\n\n{EOE.format(f'Company {n}')}")
        for n in range(24)
    ]
    own = "\n\n".join(
        ["Experience with Python and Rust in production.", OWN_NOTICE.format("Company 24"), *extra]
    )
    return [*chunks, posting(24, own)]


def test_a_companys_own_wording_of_a_shared_notice_is_a_near_copy_and_its_requirements_are_not():
    table = detect(near_corpus())
    assert table.counts == ((EOE_KEY, 24),)
    assert table.near == ((OWN_KEY, 1),)
    assert table.keys == {EOE_KEY, OWN_KEY}
    assert table.summary() == {"lines": 1, "near_lines": 1, "postings": 25, "min_postings": 5}
    chunk = near_corpus()[-1]
    assert table.without(chunk.text, chunk) == "Experience with Python and Rust in production.\n\n"


def test_word_shares_and_the_mean_over_a_units_words():
    units = {f"p{n}": {EOE_KEY, f"experience with python and tool{n} in production"} for n in range(24)}
    units["p24"] = {OWN_KEY}
    shares = word_shares(units, frozenset({EOE_KEY}))
    # "equal": 25 units hold it, 24 of them the shared line; "and": 49 units, 24 shared; "python": none
    # shared; the posting's own words (fewer than WORD_UNITS units) and the masked name are left out.
    assert (shares["equal"], shares["and"], shares["python"]) == (24 / 25, 24 / 49, 0.0)
    assert WORD_UNITS == 20 and "diversity" not in shares and "§" not in shares
    # 12 words: is, an, equal, opportunity, employer (24/25 each), and (24/49), six of its own (0).
    assert near_share(OWN_KEY, shares) == pytest.approx((5 * 24 / 25 + 24 / 49) / 12)
    assert near_share("experience with python and rust in production", shares) == pytest.approx(24 / 49 / 7)
    assert near_share("§", shares) == 0.0


@pytest.mark.parametrize(
    "line",
    [
        "Company 24 is an equal opportunity employer and welcomes 100 backgrounds.",  # a figure
        "Company 24 is an equal opportunity employer and offers visa sponsorship.",  # the job's terms
        "Company 24 is an equal opportunity employer, with bonus and equity.",  # the job's terms
        "Equal opportunity employer, every background.",  # fewer than NEAR_WORDS words
    ],
)
def test_a_line_with_a_digit_the_jobs_terms_or_few_words_is_never_a_near_copy(line):
    assert NEAR_WORDS == 6 and NEAR_SHARE == 0.22
    assert detect(near_corpus(line)).near == ((OWN_KEY, 1),)


def test_an_old_table_without_near_copies_is_recomputed(tmp_path):
    (tmp_path / FILE).write_text(json.dumps({**TABLE.to_json(), "format": 1}))
    assert FORMAT == 2 and Boilerplate.load(tmp_path / FILE) is None
    detect(near_corpus()).save(tmp_path / FILE)
    assert Boilerplate.load(tmp_path / FILE).near == ((OWN_KEY, 1),)


def test_names_and_keys():
    assert posting_names("AI Engineer (m/w/d) at 3M", "3M") == (
        "ai engineer m w d at 3m",
        "ai engineer m w d",
        "3m",
    )
    assert (
        unit_key("**3M** is an equal-opportunity employer!", ("3m",)) == "§ is an equal opportunity employer"
    )
    assert unit_key("Working at 3Mx is fun", ("3m",)) == "working at 3mx is fun"  # whole words only


@pytest.mark.parametrize(
    "text",
    [
        "Write to careers@acme.example.com today",
        "Call +1 (203) 964-0096.",
        "Phone 800-865-7580",
        "617.909.6275",
    ],
)
def test_contact_addresses(text):
    assert has_contact(text)


@pytest.mark.parametrize(
    "text",
    [
        "Pay: $120,000-$150,000 a year",
        "From 2023-2024 to 2025",
        "Version 1.2.3",
        "10-15 hours a week",
        "Share: 28.5% (255 of 895)",
        "Posted 2026-02-10",
        "ID 4817203_Quillbyte",
    ],
)
def test_figures_are_no_contact_addresses(text):
    assert not has_contact(text)


# -- dropping --------------------------------------------------------------------------------------
TABLE = Boilerplate(frozenset({SCAM_KEY}), counts=((SCAM_KEY, 5),), postings=5)


def test_a_boilerplate_line_goes_whole_and_the_rest_stays_as_it_was():
    chunk = posting(1, "")
    text = (
        "Build agents.\n\n- Ship evals.\n- Beware: Company 1 recruiters never ask you to pay a fee.\n- RAG."
    )
    assert TABLE.without(text, chunk) == "Build agents.\n\n- Ship evals.\n- RAG."


def test_a_boilerplate_sentence_inside_a_paragraph_goes_alone():
    chunk = posting(2, "")
    text = "You build agents. Beware: Company 2 recruiters never ask you to pay a fee. You own evals."
    assert TABLE.without(text, chunk) == "You build agents. You own evals."


def test_a_list_introduction_stays_though_its_words_are_a_shared_line():
    text = "Beware: Company 4 recruiters never ask you to pay a fee:\n- Card numbers."
    assert TABLE.without(text, posting(4, "")) == text


def test_a_contact_line_goes_from_every_source_but_shared_lines_only_from_postings():
    text = "Skills matter. Mail hiring@acme.example now.\nBeware: Acme recruiters never ask you to pay a fee."
    assert (
        TABLE.without(text, page("")) == "Skills matter.\nBeware: Acme recruiters never ask you to pay a fee."
    )
    assert TABLE.without("Nothing to drop here.", posting(3, "")) == "Nothing to drop here."


# -- the file in an index version -------------------------------------------------------------------
def test_the_table_round_trips_through_its_file(tmp_path):
    TABLE.save(tmp_path / FILE)
    data = json.loads((tmp_path / FILE).read_text())
    assert data == {
        "format": FORMAT,
        "min_postings": 5,
        "postings": 5,
        "lines": [{"key": SCAM_KEY, "postings": 5}],
        "near": [],
    }
    assert Boilerplate.load(tmp_path / FILE) == TABLE


def test_a_missing_or_outdated_file_is_none(tmp_path):
    assert Boilerplate.load(tmp_path / FILE) is None
    (tmp_path / FILE).write_text(
        json.dumps({"format": FORMAT + 1, "min_postings": 5, "postings": 0, "lines": []})
    )
    assert Boilerplate.load(tmp_path / FILE) is None


@pytest.mark.parametrize(
    "content", ["{not json", "[]", json.dumps({"format": FORMAT, "min_postings": 5, "lines": [{"k": 1}]})]
)
def test_an_unreadable_file_is_a_clear_error(tmp_path, content):
    (tmp_path / FILE).write_text(content)
    with pytest.raises(BoilerplateFileError, match=r"is unreadable \(.*\)\. Run `fieldguide ingest --force`"):
        Boilerplate.load(tmp_path / FILE)


def test_a_version_without_the_file_computes_it_on_open_once(tmp_path, caplog):
    index = SimpleNamespace(dir=tmp_path, version="v-old", bm25=SimpleNamespace(chunks=shared(SCAM, 5)))
    with caplog.at_level(logging.WARNING, "fieldguide.boilerplate"):
        assert for_index(index).keys == {SCAM_KEY}
        index.bm25.chunks = []  # a second answerer of the process takes the table computed once
        assert for_index(index).keys == {SCAM_KEY}
    assert [r.getMessage().split(":")[0] for r in caplog.records] == [
        "index version v-old has no boilerplate table of this release"
    ]
    TABLE.save(tmp_path / FILE)
    assert for_index(SimpleNamespace(dir=tmp_path, version="v-new")) == TABLE


# -- the invented guide with a notice in six postings ------------------------------------------------
QUOTED = "*Quoted from the guide — the most relevant passages, not a generated answer:*"
NOTICE_QUESTION = "Do recruiters ever ask candidates to pay fees or share bank details during hiring?"


@pytest.fixture(scope="module")
def notice_data(tmp_path_factory):
    return build_fixture_index(tmp_path_factory.mktemp("notices"), notices=True)


def offline(deps: Deps, drop: bool) -> Answerer:
    update = {"refusal_threshold": 0.0, "drop_boilerplate": drop}
    return Answerer(deps, None, deps.settings.model_copy(update=update))


def test_ingest_stores_exactly_the_lines_the_postings_share(notice_data):
    store = IndexStore(settings_for(notice_data))
    version = store.active_version()
    assert Boilerplate.load(store.versions_dir / version / FILE).counts == (
        ("summary of the § posting at §", 13),  # 12 raw postings and one structured file alone
        ("beware of recruitment scams § recruiters never ask candidates to pay fees or share bank details "
         "during hiring", 6),
        ("questions about the process", 6),
        ("§ is an equal opportunity employer and welcomes applicants of every background", 6),
    )  # fmt: skip
    assert store.manifest(version)["boilerplate"] == {
        "lines": 4,
        "near_lines": 0,
        "postings": 13,
        "min_postings": 5,
    }


def test_the_offline_answer_no_longer_quotes_the_notice(notice_data):
    deps = Deps.open(settings_for(notice_data), FakeEmbedder())
    try:
        before, after = offline(deps, False).ask(NOTICE_QUESTION), offline(deps, True).ask(NOTICE_QUESTION)
    finally:
        deps.close()
    partial = "*The guide does not cover “ever”; the answer above covers only the rest of the question.*"
    assert before.answer == (  # the notice, inside the run of the paragraph's sentences (rag.answer.passage)
        f"{QUOTED}\n\n- Ideal candidates have two or more years of software experience, some exposure to "
        "healthcare data standards, and patience for careful evaluation work where mistakes matter. We offer "
        "a salary between $120,000 and $150,000 per year, meaningful equity, and a home office stipend. "
        "Beware of recruitment scams: Tinderbox Health recruiters never ask candidates to pay fees or share "
        "bank details during hiring. Tinderbox Health is an equal opportunity employer and welcomes "
        "applicants of every background. [1]\n- Write to hiring@tinderboxhealth.example or call "
        f"+1 (555) 010-4477. [1]\n\n{partial}"
    )
    # The same posting, less its notice: what it says about the work.
    assert after.answer == (
        f"{QUOTED}\n\n- Join monthly calls with partner clinics to hear what the drafts get wrong. [1]\n"
        "- Our engineers rotate through a clinic visit once a year to watch the product in use. [1]\n"
        "- Ideal candidates have two or more years of software experience, some exposure to healthcare data "
        f"standards, and patience for careful evaluation work where mistakes matter. [1]\n"
        "- We offer a salary between $120,000 and $150,000 per year, meaningful equity, and a home office "
        f"stipend. [1]\n\n{partial}"
    )
    assert [c.title for c in after.citations] == ["AI Engineer, Clinical Summarization at Tinderbox Health"]


def test_the_llm_reads_the_sources_without_the_notice(notice_data, server):
    server.push(stream(["Join the monthly calls [1]."]))
    deps = Deps.open(settings_for(notice_data), FakeEmbedder())
    try:
        settings = deps.settings.model_copy(update={"refusal_threshold": 0.0, "drop_boilerplate": True})
        answer = Answerer(deps, llm_for(server.base_url), settings).ask(NOTICE_QUESTION)
    finally:
        deps.close()
    prompt = "\n".join(m["content"] for m in server.requests[0]["messages"])
    assert (answer.mode, answer.answer.startswith("Join the monthly calls [1].")) == ("llm", True)
    assert "Join monthly calls with partner clinics" in prompt
    assert "recruitment scams" not in prompt and "equal opportunity employer" not in prompt


def test_a_version_built_before_the_table_still_answers_and_an_unchanged_ingest_adds_it(tmp_path):
    data = build_fixture_index(tmp_path, notices=True)
    settings = settings_for(data)
    store = IndexStore(settings)
    old = store.active_version()
    stored = Boilerplate.load(store.versions_dir / old / FILE)
    (store.versions_dir / old / FILE).unlink()
    ingest = Ingest(settings, FakeEmbedder(), progress=False)
    assert ingest.staleness(tmp_path / "field-guide").reasons == [
        "the active version has no boilerplate table of this release"
    ]
    deps = Deps.open(settings, FakeEmbedder())
    try:  # computed from the version's chunks on open: the same lines
        assert offline(deps, True).boilerplate.keys == stored.keys
    finally:
        deps.close()
    report = ingest.run(tmp_path / "field-guide")
    assert (report.embedded, report.boilerplate) == (
        0,
        {"lines": 4, "near_lines": 0, "postings": 13, "min_postings": 5},
    )
    assert Boilerplate.load(store.versions_dir / store.active_version() / FILE) == stored
    assert ingest.staleness(tmp_path / "field-guide").current
    (store.versions_dir / store.active_version() / FILE).write_text("{not json")
    assert ingest.staleness(tmp_path / "field-guide").reasons == [
        "the active version's boilerplate table is unreadable"
    ]

"""Questions that count companies, not postings, on invented postings: the figures, the answer's words,
the flags, JSON and CSV link that express the unit, and the phrasings that ask for it."""

from __future__ import annotations

import pytest

from rag.errors import MarketSpecError
from rag.market.args import spec_flags, spec_from_pairs
from rag.market.render import render
from rag.market.spec import Filters, QuerySpec
from rag.records import Document

K8S, BERLIN = Filters(skills_all=["Kubernetes"]), Filters(city=["Berlin"])
SHARE = QuerySpec(measure="share", unit="companies", subset=K8S)
# job id: company, location, skills, stage. Quillbyte posts three times, two of them with Kubernetes.
POSTINGS = {
    1: ("Quillbyte", "Berlin, DEU", ["Python", "Kubernetes"], "Series B"),
    2: ("Quillbyte", "Berlin, DEU", ["Python", "Kubernetes", "RAG"], "Series B"),
    3: ("Petrichor Labs", "London, GBR", ["Kubernetes"], "Public"),
    4: ("Nordlicht Robotics", "Berlin, DEU", ["Python"], "Public"),
    5: ("Nordlicht Robotics", "London, GBR", ["RAG"], "Public"),
    6: ("Cobaltline", "New York, USA", ["Python", "RAG"], "Seed"),
    7: ("Quillbyte", "London, GBR", ["Kubernetes"], "Series B"),
}


@pytest.fixture(scope="module")
def desk(desk_of):
    docs = []
    for i, (company, location, skills, stage) in POSTINGS.items():
        meta = {"job_id": str(i), "company": company, "location": location, "raw_skills": skills,
                "company_stage": stage}  # fmt: skip
        docs.append(Document(f"posting:{i}", "posting", f"T{i} at {company}", [f"p{i}"], f"u{i}", "", meta))
    return desk_of(docs)


def count(**spec) -> QuerySpec:
    return QuerySpec(measure="count", unit="companies", **spec)


def test_companies_are_counted_once_however_many_of_their_postings_match(desk):
    r = desk.engine.run(count(subset=K8S))
    assert (r.n_matching, r.n_population, r.n_companies, r.postings_counted) == (2, 4, 4, (4, 7))
    r = desk.engine.run(count(filters=Filters(city=["Berlin"]), subset=K8S))
    assert (r.n_matching, r.n_population, r.postings_counted) == (1, 2, (2, 3))
    rows = desk.engine.run(count(subset=K8S, group_by="city")).rows
    assert [(x["value"], x["n_matching"], x["n_population"]) for x in rows] == [
        ("London", 2, 3),
        ("Berlin", 1, 2),
        ("New York", 0, 1),
    ]
    top = desk.engine.run(QuerySpec(measure="top", field="skill", unit="companies"))
    assert [(x["value"], x["n"]) for x in top.rows] == [("Python", 3), ("RAG", 3), ("Kubernetes", 2)]
    assert top.n_matching == 4
    postings = desk.engine.run(QuerySpec(measure="top", field="skill"))
    assert [(x["value"], x["n"]) for x in postings.rows] == [("Kubernetes", 4), ("Python", 4), ("RAG", 3)]


def test_the_answer_says_companies_are_counted_with_the_postings_as_context(desk):
    text = render(desk.engine.run(count(subset=K8S))).text
    assert text.startswith(
        "**2 of all 4 companies (50.0%) have at least one posting that lists Kubernetes among its skills.** "
        "In postings: 4 of all 7 postings (57.1%) list Kubernetes among their skills."
    )
    assert "Counted: companies, each once however many of its postings match" in text
    assert "Reproduce: `fieldguide market --measure count --unit companies --match skill=Kubernetes`" in text
    berlin = render(desk.engine.run(count(filters=Filters(city=["Berlin"]), subset=K8S))).text
    assert berlin.startswith(
        "**1 of the 2 companies with postings in Berlin (50.0%) has at least one posting that lists "
        "Kubernetes among its skills.** That is 25.0% of all 4 companies. In postings: 2 of the 3 postings "
        "in Berlin (66.7%) list Kubernetes among their skills."
    )
    assert render(desk.engine.run(count())).text.startswith(
        "**4 companies have postings in the data** (7 postings)."
    )


def test_flags_json_and_csv_link_express_the_unit(desk):
    spec = count(subset=K8S)
    assert spec_flags(spec) == [("measure", "count"), ("unit", "companies"), ("match", "skill=Kubernetes")]
    assert spec_from_pairs(spec_flags(spec)) == spec
    reply = desk.run(spec)
    assert reply.csv_url == "/api/market/postings.csv?measure=count&unit=companies&match=skill%3DKubernetes"
    body = reply.to_json()
    assert body["spec"] == {"measure": "count", "subset": {"skills_all": ["Kubernetes"]}, "unit": "companies"}
    assert {k: body["result"][k] for k in ("n_matching", "n_population", "share")} == {
        "n_matching": 2, "n_population": 4, "share": 0.5,
    }  # fmt: skip
    assert {k: body["result"][k] for k in ("unit", "n_companies_total", "n_postings_matching")} == {
        "unit": "companies", "n_companies_total": 4, "n_postings_matching": 4,
    }  # fmt: skip
    assert "unit" not in desk.run(QuerySpec(measure="count", subset=K8S)).to_json()["result"]


@pytest.mark.parametrize(
    "pairs, message",
    [
        ([("unit", "companies"), ("measure", "salary")],
         "invalid market query: spec: Value error, unit 'companies' applies to count, share, top, breakdown, "
         "not to 'salary'"),
        ([("unit", "companies"), ("measure", "top"), ("by", "company")],
         "invalid market query: spec: Value error, unit 'companies' cannot count companies per company: use "
         "unit 'postings'"),
        ([("unit", "firms")], "invalid market query: unit: Input should be 'postings' or 'companies'"),
    ],
)  # fmt: skip
def test_a_unit_that_does_not_fit_the_measure_is_a_clear_error(pairs, message):
    with pytest.raises(MarketSpecError) as info:
        spec_from_pairs(pairs)
    assert str(info.value) == message


@pytest.mark.parametrize(
    "question",
    [
        "How many companies ask for Kubernetes?",
        "How many firms ask for Kubernetes?",
        "how many employers want kubernetes?",
        "How many businesses are hiring for Kubernetes?",
        "How many different companies list Kubernetes?",
        "number of companies that want Kubernetes",
        "Do many companies ask for Kubernetes?",
    ],
)
def test_phrasings_that_count_companies(desk, question):
    routed = desk.route(question)
    assert (routed.route, routed.spec) == ("market", count(subset=K8S))


@pytest.mark.parametrize(
    "question, spec",
    [
        ("What share of companies ask for Kubernetes?", SHARE),
        ("How many companies in Berlin ask for Kubernetes?", count(filters=BERLIN, subset=K8S)),
        ("How many companies per city ask for Kubernetes?", count(subset=K8S, group_by="city")),
        ("How many companies are in the data?", count()),
        ("number of firms hiring in Berlin", count(subset=BERLIN)),
        ("Which companies ask for Kubernetes?", QuerySpec(measure="top", field="company", filters=K8S)),
        ("which employers use Kubernetes?", QuerySpec(measure="top", field="company", filters=K8S)),
        ("How many postings ask for Kubernetes?", QuerySpec(measure="count", subset=K8S)),
        ("What share of companies' postings ask for Kubernetes?", QuerySpec(measure="share", subset=K8S)),
    ],
)  # fmt: skip
def test_company_questions_and_posting_questions_each_count_their_own(desk, question, spec):
    assert desk.route(question).spec == spec


def test_startups_are_companies_at_a_funding_stage_and_the_answer_says_so(desk):
    routed = desk.route("How many startups ask for Python?")
    stages = ["seed", "series_b"]  # the funding stages the data holds
    assert routed.spec == count(filters=Filters(stage=stages), subset=Filters(skills_all=["Python"]))
    assert routed.notes == [
        "Read 'startups' as companies at a funding stage (Seed to Series C+): the data records a "
        "company's stage."
    ]
    r = desk.engine.run(routed.spec)
    assert (r.n_matching, r.n_population) == (2, 2)  # Quillbyte (Series B) and Cobaltline (Seed)
    listed = desk.route("Which startups are hiring for Kubernetes?").spec
    assert listed == QuerySpec(
        measure="top", field="company", filters=Filters(stage=stages, skills_all=["Kubernetes"])
    )
    assert [(x["value"], x["n"]) for x in desk.engine.run(listed).rows] == [("Quillbyte", 3)]


def test_a_company_count_of_everything_needs_the_question_to_be_about_the_data(desk):
    assert desk.route("How many companies use AI in hiring?").route == "guide"

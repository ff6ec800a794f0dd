"""The raw + structured posting join, company processes and the bad-file report."""

import pytest

from ingest.corpus import CorpusManifest
from ingest.pipeline import load_documents
from ingest.problems import Problems
from tests.conftest import FIXTURE_CORPUS


@pytest.fixture(scope="module")
def loaded():
    problems = Problems()
    docs = load_documents(FIXTURE_CORPUS, CorpusManifest.load(), "c0ffee", problems)
    return {d.id: d for d in docs}, problems


def test_posting_joins_raw_and_structured_into_one_document(loaded):
    doc = loaded[0]["posting:6103557"]
    assert doc.title == "Applied AI Engineer, Document Intelligence at Harborlight Analytics"
    assert doc.source_paths == [
        "job-market/data_raw/6103557_Harborlight_Analytics_Applied_AI_Engineer_Document_Intelligence.yaml",
        "job-market/data_structured/6103557_Harborlight_Analytics_Applied_AI_Engineer_Document_Intelligence.yaml",
    ]
    meta = doc.metadata
    assert (meta["company"], meta["location"], meta["level"], meta["work_type"]) == (
        "Harborlight Analytics",
        "New York, USA",
        "Senior level",
        "FULL_TIME",
    )
    assert meta["compensation"] == {
        "min": 140000.0,
        "max": 200000.0,
        "currency": "USD",
        "period": "year",
        "text": "140,000-200,000 USD",
    }
    assert meta["ai_type"] == "ai-first"
    assert "## Description" in doc.text
    assert doc.summary[1] == "Salary: 140,000-200,000 USD per year."


def test_posting_without_salary_leaves_compensation_empty(loaded):
    doc = loaded[0]["posting:3378860"]
    assert doc.metadata["compensation"] is None
    assert doc.summary[1] == "Salary: not stated in the posting."


def test_every_bad_file_is_reported_with_its_reason_and_the_rest_ingests(loaded):
    docs, problems = loaded
    raw = "job-market/data_raw/"
    assert [(p.path, p.action, p.reason) for p in problems] == [
        (
            raw + "8140025_Saltmarsh_Finance_AI_Engineer_Fraud_Copilot.yaml",
            "partial",
            "raw file: invalid YAML at line 18, column 26: mapping values are not allowed in this context",
        ),
        (
            raw + "8233716_Ostrava_Dynamics_LLM_Platform_Engineer.yaml",
            "partial",
            "no structured twin for this raw posting",
        ),
        (
            "job-market/data_structured/8390142_Marigold_Insurance_AI_Solutions_Architect.yaml",
            "partial",
            "no raw posting for this structured file",
        ),
        (
            raw + "8451907_Brightwater_Logistics_AI_Engineer_Route_Assistant.yaml",
            "partial",
            "raw file: empty file",
        ),
        (
            raw + "8502264_Kestrel_Security_AI_Engineer_Threat_Triage.yaml",
            "partial",
            "raw file: binary file (contains NUL bytes)",
        ),
        (
            raw + "8617735_Larkspur_Media_AI_Engineer_Content_Tagging.yaml",
            "partial",
            "raw file lacks title, company: taken from the structured twin",
        ),
        (
            raw + "8724410_Cobaltline_AI_Engineer_Voice_Agents.yaml",
            "partial",
            "raw file: unexpected layout: top level is a list, not a mapping",
        ),
        (
            "interview/data/job-descriptions/7024418.yaml",
            "skipped",
            "invalid YAML at line 6, column 22: did not find expected key",
        ),
    ]
    kinds = sorted(d.kind for d in docs.values())
    assert (kinds.count("page"), kinds.count("posting"), kinds.count("company")) == (7, 13, 3)
    # A partial posting keeps what its readable twin has.
    broken_raw = docs["posting:8140025"]
    assert broken_raw.title == "AI Engineer, Fraud Copilot at Saltmarsh Finance"
    assert broken_raw.metadata["responsibilities"][0].startswith("Build")


def test_company_process_document(loaded):
    doc = loaded[0]["company:4817203"]
    assert doc.title == "Quillbyte interview process"
    assert doc.source_paths == ["interview/data/job-descriptions/4817203.yaml"]
    assert doc.metadata["company"] == "Quillbyte"
    assert doc.text.splitlines()[3:8] == [
        "Interview process: Three rounds over roughly ten days, identical for the Berlin and London openings",
        "Interview steps:",
        "1. Recruiter call (25 min)",
        "2. Paired retrieval debugging session (90 min)",
        "3. Founder chat about grant writing workflows (45 min)",
    ]


def test_only_ids_restricts_postings(tmp_path):
    problems = Problems()
    docs = load_documents(FIXTURE_CORPUS, CorpusManifest.load(), "c", problems, posting_ids={"4817203"})
    assert sorted(d.id for d in docs if d.kind == "posting") == ["posting:4817203"]

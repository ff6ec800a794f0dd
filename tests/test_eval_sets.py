"""The shipped eval sets: every file loads, never-tuned sets keep one split, near-domain rows are well formed.

Gold paths are checked against the real guide when it is present (skipped otherwise).
"""

import json
import re

import pytest

from evals.questions import load_questions
from ingest.corpus import SHARED_DIR
from rag.config import PROJECT_ROOT

SETS = sorted((PROJECT_ROOT / "evals" / "retrieval").glob("*.jsonl"))
# unseen.jsonl .. unseenN.jsonl and near_domain2.jsonl .. near_domainN.jsonl carry their file name as split
ONE_SPLIT = [p for p in SETS if re.fullmatch(r"(unseen\d*|near_domain\d+)", p.stem)]
NEAR = [p for p in SETS if p.stem.startswith("near_domain")]
# sets written with verified answers, figures and gold paths (rounds twelve to one hundred and forty-seven)
VERIFIED_STEMS = (
    "unseen11",
    "near_domain10",
    "unseen12",
    "near_domain11",
    "unseen13",
    "near_domain12",
    "unseen14",
    "near_domain13",
    "unseen15",
    "near_domain14",
    "unseen16",
    "near_domain15",
    "unseen17",
    "near_domain16",
    "unseen18",
    "near_domain17",
    "unseen19",
    "near_domain18",
    "unseen20",
    "near_domain19",
    "unseen21",
    "near_domain20",
    "unseen22",
    "near_domain21",
    "unseen23",
    "near_domain22",
    "unseen24",
    "near_domain23",
    "unseen25",
    "near_domain24",
    "unseen26",
    "near_domain25",
    "unseen27",
    "near_domain26",
    "unseen28",
    "near_domain27",
    "unseen29",
    "near_domain28",
    "unseen30",
    "near_domain29",
    "unseen31",
    "near_domain30",
    "unseen32",
    "near_domain31",
    "unseen33",
    "near_domain32",
    "unseen34",
    "near_domain33",
    "unseen35",
    "near_domain34",
    "unseen36",
    "near_domain35",
    "unseen37",
    "near_domain36",
    "unseen38",
    "near_domain37",
    "unseen39",
    "near_domain38",
    "unseen40",
    "near_domain39",
    "unseen41",
    "near_domain40",
    "unseen42",
    "near_domain41",
    "unseen43",
    "near_domain42",
    "unseen45",
    "near_domain44",
    "unseen44",
    "near_domain43",
    "unseen46",
    "near_domain45",
    "unseen47",
    "near_domain46",
    "unseen48",
    "near_domain47",
    "unseen49",
    "near_domain48",
    "unseen51",
    "near_domain50",
    "unseen50",
    "near_domain49",
    "unseen52",
    "near_domain51",
    "unseen53",
    "near_domain52",
    "unseen54",
    "near_domain53",
    "unseen55",
    "near_domain54",
    "unseen56",
    "near_domain55",
    "unseen57",
    "near_domain56",
    "unseen58",
    "near_domain57",
    "unseen59",
    "near_domain58",
    "unseen60",
    "near_domain59",
    "unseen61",
    "near_domain60",
    "unseen62",
    "near_domain61",
    "unseen63",
    "near_domain62",
    "unseen64",
    "near_domain63",
    "unseen65",
    "near_domain64",
    "unseen66",
    "near_domain65",
    "unseen67",
    "near_domain66",
    "unseen68",
    "near_domain67",
    "unseen69",
    "near_domain68",
    "unseen70",
    "near_domain69",
    "unseen71",
    "near_domain70",
    "unseen72",
    "near_domain71",
    "unseen73",
    "near_domain72",
    "unseen74",
    "near_domain73",
    "unseen76",
    "near_domain75",
    "unseen77",
    "near_domain76",
    "unseen75",
    "near_domain74",
    "unseen78",
    "near_domain77",
    "unseen80",
    "near_domain79",
    "unseen81",
    "near_domain80",
    "unseen79",
    "near_domain78",
    "unseen82",
    "near_domain81",
    "unseen84",
    "near_domain83",
    "unseen83",
    "near_domain82",
    "unseen85",
    "near_domain84",
    "unseen86",
    "near_domain85",
    "unseen87",
    "near_domain86",
    "unseen88",
    "near_domain87",
    "unseen89",
    "near_domain88",
    "unseen90",
    "near_domain89",
    "unseen91",
    "near_domain90",
    "unseen92",
    "near_domain91",
    "unseen93",
    "near_domain92",
    "unseen94",
    "near_domain93",
    "unseen95",
    "near_domain94",
    "unseen96",
    "near_domain95",
    "unseen97",
    "near_domain96",
    "unseen98",
    "near_domain97",
    "unseen99",
    "near_domain98",
    "unseen100",
    "near_domain99",
    "unseen101",
    "near_domain100",
    "unseen102",
    "near_domain101",
    "unseen103",
    "near_domain102",
    "unseen104",
    "near_domain103",
    "unseen105",
    "near_domain104",
    "unseen106",
    "near_domain105",
    "unseen107",
    "near_domain106",
    "unseen108",
    "near_domain107",
    "unseen109",
    "near_domain108",
    "unseen110",
    "near_domain109",
    "unseen111",
    "near_domain110",
    "unseen112",
    "near_domain111",
    "unseen113",
    "near_domain112",
    "unseen114",
    "near_domain113",
    "unseen115",
    "near_domain114",
    "unseen116",
    "near_domain115",
    "unseen117",
    "near_domain116",
    "unseen118",
    "near_domain117",
    "unseen119",
    "near_domain118",
    "unseen120",
    "near_domain119",
    "unseen121",
    "near_domain120",
    "unseen122",
    "near_domain121",
    "unseen123",
    "near_domain122",
    "unseen124",
    "near_domain123",
    "unseen125",
    "near_domain124",
    "unseen126",
    "near_domain125",
    "unseen127",
    "near_domain126",
    "unseen128",
    "near_domain127",
    "unseen129",
    "near_domain128",
    "unseen130",
    "near_domain129",
    "unseen131",
    "near_domain130",
    "unseen132",
    "near_domain131",
    "unseen133",
    "near_domain132",
    "unseen134",
    "near_domain133",
    "unseen135",
    "near_domain134",
    "unseen136",
    "near_domain135",
    "unseen137",
    "near_domain136",
    "unseen138",
    "near_domain137",
    "unseen139",
    "near_domain138",
    "unseen140",
    "near_domain139",
    "unseen141",
    "near_domain140",
    "unseen142",
    "near_domain141",
    "unseen143",
    "near_domain142",
    "unseen144",
    "near_domain143",
    "unseen145",
    "near_domain144",
)
VERIFIED = [p for p in SETS if p.stem in VERIFIED_STEMS]
NEAR_TYPES = {
    "field-not-recorded",
    "number-not-stated",
    "policy-or-contract",
    "partial",
    "off-topic",
    "company-absent",
    "company-postings-only",
}


def rows(path):
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def test_the_round_twelve_to_onehundredfortyseven_sets_are_shipped():
    names = {p.name for p in SETS}
    assert {f"{stem}.jsonl" for stem in VERIFIED_STEMS} <= names


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.name)
def test_every_set_loads_with_unique_ids(path):
    questions = load_questions(path)
    assert questions
    assert len({q.id for q in questions}) == len(questions)


@pytest.mark.parametrize("path", ONE_SPLIT, ids=lambda p: p.name)
def test_a_never_tuned_set_has_one_split_named_after_its_file(path):
    assert {q.split for q in load_questions(path)} == {path.stem}


@pytest.mark.parametrize("path", NEAR, ids=lambda p: p.name)
def test_near_domain_rows_have_a_type_and_a_matching_coverage(path):
    for row in rows(path):
        if row.get("split") in ("dev", "test") and "type" not in row:
            continue  # the first set's answerable dev/test questions carry no gap type
        assert row["type"] in NEAR_TYPES, row["id"]
        if row["type"] == "partial":
            assert row["answerability"] == "partial" and row["gold"] and row["answer"], row["id"]
        else:
            assert row["answerability"] == "none" and row["gold"] == [], row["id"]
            assert row["missing_terms"], row["id"]
        if row["type"] == "company-postings-only":
            assert row["company"] and row["postings"], row["id"]


@pytest.mark.parametrize("path", VERIFIED, ids=lambda p: p.name)
def test_verified_figures_are_stated_in_their_answers(path):
    for row in rows(path):
        for figure in row.get("figures") or []:
            assert figure in row["answer"], (row["id"], figure)


@pytest.mark.skipif(not SHARED_DIR.is_dir(), reason=f"no real corpus at {SHARED_DIR}")
@pytest.mark.parametrize("path", VERIFIED, ids=lambda p: p.name)
def test_verified_gold_and_posting_paths_exist_in_the_guide(path):
    for row in rows(path):
        for rel in row.get("gold", []) + row.get("postings", []):
            assert (SHARED_DIR / rel).is_file(), (row["id"], rel)

import json

import pytest

from evals.tune_feedback import GroupPrior, group_of
from evals.tune_ranking import tuning_questions


def write(path, rows):
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))


def test_tuning_questions_key_each_id_by_its_split_and_drop_unanswerable_ones(tmp_path):
    write(
        tmp_path / "a.jsonl",
        [
            {"id": "v001", "question": "what do they build?", "gold": ["role/04.md"], "split": "unseen2"},
            {"id": "v002", "question": "sourdough?", "gold": [], "split": "unseen2"},
        ],
    )
    write(tmp_path / "b.jsonl", [{"id": "v001", "question": "pay?", "gold": ["p.md"], "split": "unseen4"}])
    paths = [tmp_path / "a.jsonl", tmp_path / "b.jsonl"]
    found = tuning_questions(paths)
    assert [(q.id, q.question) for q in found] == [
        ("unseen2:v001", "what do they build?"),
        ("unseen4:v001", "pay?"),
    ]
    assert [q.id for q in tuning_questions(paths, ["unseen4"])] == ["unseen4:v001"]


def test_a_gold_document_groups_by_its_pages_folder_or_its_kind():
    assert group_of("role/04-use-cases.md", "page") == "role"
    assert group_of("interview/data/research-exports/trends.md", "page") == "interview/data/research-exports"
    assert group_of("README.md", "page") == "."
    assert group_of("jobs/raw/123.md", "posting") == "posting"
    assert group_of("interview/data/companies/acme.md", "company") == "company"


def test_the_group_prior_is_naive_bayes_with_laplace_smoothing():
    prior = GroupPrior(
        [
            (["webinar", "talk"], {"webinars"}),
            (["take", "home"], {"interview/questions"}),
            (["salari"], {"posting"}),
        ]
    )
    # equal priors; P(webinar | g) = 2/8, 1/8 and 1/7 (5 words + 1 in the vocabulary)
    assert prior.posterior(["webinar"]) == pytest.approx(
        {"webinars": 14 / 29, "interview/questions": 7 / 29, "posting": 8 / 29}
    )
    assert prior.posterior(["sourdough"]) == pytest.approx({g: 1 / 3 for g in prior.groups})

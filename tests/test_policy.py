"""Legal points and contract terms a question asks about (rag/answer/policy.py), and how the
answerability check refuses them, or answers the rest, when no passage addresses them."""

from dataclasses import replace

import pytest

from rag.answer.answerability import AnswerabilityChecker, Verdict, refusal_lead
from rag.answer.pipeline import Answerer
from rag.answer.policy import PolicyAsk, policy_ask, policy_cover
from rag.records import Chunk

NOTICE = "What is the notice period for a data engineer at Quillbyte?"


def chunk(text: str, title: str = "Notes") -> Chunk:
    return Chunk("c1", "d1", "page", title, "", "https://example.org/notes", ["notes.md"], text, text, {})


@pytest.mark.parametrize(
    "question, ask",
    [
        (NOTICE, PolicyAsk("contract", NOTICE.rstrip("?"), "notice period", ("data", "engin", "quillbyt"),
                           False)),
        (
            "Can a recruiter legally ask about my current salary?",
            PolicyAsk(
                "legal",
                "Can a recruiter legally ask about my current salary",
                "legally",
                ("recruit", "ask", "about", "current", "salari"),
                False,
            ),
        ),
        # the part names nothing but the point: the question's other words say what it is about
        (
            "Can Quillbyte withdraw an offer, and what are my rights?",
            PolicyAsk("legal", "what are my rights", "my rights", ("quillbyt", "withdraw", "offer"), True),
        ),
        ("Does Quillbyte sponsor visas?", PolicyAsk("contract", "Does Quillbyte sponsor visas", "visas",
                                                     ("quillbyt",), False)),  # sponsoring: the visa ask
        ("Am I allowed to use Copilot on the take-home?", None),  # a rule of a take-home, not of law
        ("How do data engineers move into AI engineering?", None),
    ],
)  # fmt: skip
def test_policy_ask(question, ask):
    assert policy_ask(question) == ask


def test_a_point_counts_only_in_a_sentence_that_addresses_it():
    weight = {"data": 1.0, "engin": 1.0, "quillbyt": 2.0}.get
    ask = policy_ask(NOTICE)
    stated = chunk("Data engineers at Quillbyte have a one-month notice period.")
    apart = chunk("Quillbyte data engineers give notice to their manager. The onboarding period is short.")
    elsewhere = chunk("Berlin employers set a notice period. Quillbyte hires data engineers.")
    legal = policy_ask("Can a recruiter legally ask about my current salary?")
    law = chunk("A New York law bars a recruiter from asking about your current salary.")
    assert (
        policy_cover(ask, [stated], weight),
        policy_cover(ask, [apart], weight),
        policy_cover(ask, [elsewhere], weight),
        policy_cover(legal, [law], lambda s: 1.0),
    ) == (1.0, 0.0, 0.0, 1.0)


@pytest.fixture(scope="module")
def checker(answer_deps) -> AnswerabilityChecker:
    a = Answerer(answer_deps, None, answer_deps.settings.model_copy(update={"refusal_threshold": 0.0}))
    return AnswerabilityChecker(answer_deps.index.bm25, a.relevance.unknown)


def test_a_contract_term_no_passage_addresses_is_refused_naming_it(checker):
    # every word of the question is in the passages, but no sentence states a notice period
    apart = chunk("Quillbyte data engineers give notice to their manager. The onboarding period is short.")
    verdict = checker.check(NOTICE, [apart])
    assert verdict == Verdict("none", "policy-not-stated", (NOTICE.rstrip("?"),))
    assert refusal_lead(verdict) == (
        "The field guide doesn't address that (“What is the notice period for a data engineer at "
        "Quillbyte”): none of the passages closest to the question says anything about it.",
        set(),
    )
    stated = chunk("Data engineers at Quillbyte have a one-month notice period.")
    assert checker.check(NOTICE, [stated]) == Verdict("full", "covered")


def test_an_unaddressed_second_part_makes_the_answer_partial_unless_the_rest_misses_words_too(checker):
    # every word of the question is in it, but no sentence states a notice period
    text = (
        "Data engineers move into AI engineering by owning evals. Give notice early. "
        "The ramp-up period is short."
    )
    question = "How do data engineers move into AI engineering, and what is the notice period?"
    assert checker.check(question, [chunk(text)]) == Verdict(
        "partial", "policy-not-stated", ("what is the notice period",)
    )
    # the first part's key word is in no passage either: nothing is covered (even an everyday one:
    # a legal point's parts are about one matter)
    question = "How do data engineers move into AI engineering with mentors, and what is the notice period?"
    assert checker.check(question, [chunk(text)]) == Verdict(
        "none", "policy-not-stated", ("mentors", "what is the notice period")
    )


def test_a_policy_asked_of_a_name_no_passage_has_is_not_answered_by_another_employers(checker):
    text = "Quillbyte sponsors visas for data engineers moving into AI engineering roles."
    asked = "Does the LangGraph team sponsor visas for data engineers moving into AI engineering roles?"
    assert checker.check(asked, [chunk(text)]) == Verdict("none", "policy-not-stated", (asked.rstrip("?"),))
    # the passage's own employer: answered
    asked = "Does Quillbyte sponsor visas for data engineers moving into AI engineering roles?"
    assert checker.check(asked, [chunk(text)]) == Verdict("full", "covered")


@pytest.mark.parametrize(
    "question, term",
    [
        ("How much paid parental leave do AI engineers get?", "parental leave"),
        ("Do AI engineers get extra pay for being on call?", "pay for being on call"),
        ("do AI engineers have to be on call?", None),  # a duty of the job, not a term of the contract
        ("Who owns the code I write for a take-home?", "owns"),
        ("how does the H-1B lottery work?", "H-1B"),
        ("How many vacation days are standard in Germany?", "vacation days"),
        ("Is it legal for a recruiter to ask my salary?", "legal"),
        ("thinking about legal tech - what would an AI engineer build there?", None),  # a domain
        ("if I back out of a signed offer, can they sue me?", "sue"),
        ("may I train a rival model on its outputs under their terms?", "under their terms"),
        ("how long do I have to exercise my stock options after I quit?", "exercise my stock options"),
        ("which suede-jacket issues do users raise?", None),  # "sue" only as a whole word
        ("what options do I have to exercise more at work?", None),  # not options to exercise
    ],
)
def test_terms_of_employment(question, term):
    ask = policy_ask(question)
    assert (ask.term if ask else None) == term


def posting(text: str, company: str) -> Chunk:
    return Chunk("p1", "d2", "posting", f"AI Engineer at {company}", "", "https://example.org/p", ["p.yaml"],
                 text, text, {"company": company})  # fmt: skip


def test_a_postings_terms_answer_only_a_question_naming_its_employer():
    text = "We offer a learning budget and a generous parental leave policy."
    weight = lambda s: 1.0  # noqa: E731
    anyone = "Do AI engineers get parental leave?"
    named = "Does Quillbyte offer parental leave?"
    assert (
        policy_cover(policy_ask(anyone), [posting(text, "Quillbyte")], weight, anyone),
        policy_cover(policy_ask(named), [posting(text, "Quillbyte")], weight, named),
        policy_cover(policy_ask(named), [chunk(text)], weight, named),  # a guide page counts for any
    ) == (0.0, 1.0, 1.0)


def test_a_posting_that_says_it_cannot_sponsor_answers_a_visa_question_naming_its_employer(checker):
    text = "Must be based in Austin, no relocation. Not able to sponsor."
    asked = "Quillbyte staff engineer - will they relocate me or sponsor a visa?"
    # as ingest embeds it, under its title: the employer and "engineer" are the part's words it holds, of
    # those the posting has (sponsoring is the visa ask's own word)
    titled = replace(posting(text, "Quillbyte"), embed_text=f"AI Engineer at Quillbyte\n{text}")
    assert policy_cover(policy_ask(asked), [titled], lambda s: 1.0, asked) == pytest.approx(2 / 3)
    # a sentence with neither word says nothing of visas
    other = "Must be based in Austin, no relocation."
    assert policy_cover(policy_ask(asked), [posting(other, "Quillbyte")], lambda s: 1.0, asked) == 0.0


def test_a_posting_that_cannot_sponsor_answers_a_question_naming_a_visa_class(checker):
    text = "Please note that Quillbyte cannot provide sponsorship now or in the future."
    asked = "I'm on an H-1B. Would Quillbyte sponsor me?"
    assert policy_ask(asked).term == "sponsor"  # the ask is the sponsoring; the class is the asker's state
    assert policy_cover(policy_ask(asked), [posting(text, "Quillbyte")], lambda s: 1.0, asked) == 1.0
    # a sentence with no visa, sponsorship or the class's name says nothing of it
    other = "Please note that Quillbyte offers a hybrid schedule."
    assert policy_cover(policy_ask(asked), [posting(other, "Quillbyte")], lambda s: 1.0, asked) == 0.0
    # what a visa class takes is not answered by a sponsorship line
    qualify = "what do I need to qualify for an O-1 visa at Quillbyte?"
    assert policy_cover(policy_ask(qualify), [posting(text, "Quillbyte")], lambda s: 1.0, qualify) == 0.0


def test_parental_leave_from_one_posting_is_not_the_guides_answer(checker):
    text = "Quillbyte offers AI engineers a learning budget and a generous parental leave policy."
    asked = "Do AI engineers get parental leave?"
    assert checker.check(asked, [posting(text, "Quillbyte")]) == Verdict(
        "none", "policy-not-stated", (asked.rstrip("?"),)
    )
    asked = "Does Quillbyte offer AI engineers parental leave?"
    assert checker.check(asked, [posting(text, "Quillbyte")]) == Verdict("full", "covered")


# Plain questions a new user asks (issue 12, branch policy17). They ask about a status (allowed, paid) or a
# party's act on what is the asker's, and the guide answers them in other words: no legal point, no term.
PLAIN = [
    "Will a recruiter actually look at my GitHub?",
    "Can I use AI tools in a take-home assignment?",
    "What do I need to learn to switch my job to AI engineering?",
    "Can I move into AI engineering from my current job as a QA tester?",
    "How can my company start hiring AI engineers?",
    "Do I have to learn Python to become an AI engineer?",
    "Can I get an AI engineering job without a computer science degree?",
    "Am I allowed to use Google during a system design interview?",
    "Do companies pay for take-home assignments?",
    "Will the hiring manager read my cover letter?",
    "Is it ok to ask the recruiter about the salary range?",
    "Can my side projects count as work experience?",
    "Do I need to know Kubernetes for AI engineering roles?",
    "Should I tell the interviewer I used ChatGPT for my portfolio project?",
    "Can a data scientist become an AI engineer in three months?",
    "Does a typical AI engineer interview include a live coding round?",
    "Can I negotiate a higher salary after getting an offer?",
]


@pytest.mark.parametrize("question", PLAIN)
def test_a_plain_question_asks_no_legal_point_or_contract_term(question):
    assert policy_ask(question) is None


@pytest.mark.parametrize(
    "question, text",
    [
        (PLAIN[0], "Recruiters actually spend a minute on your GitHub: pin two repositories."),
        (PLAIN[1], "Many interviewers expect AI tools in a take-home assignment."),
        (PLAIN[2], "To switch your job to AI engineering, learn Python, RAG, agents, then evals."),
        (PLAIN[3], "A QA tester moves into AI engineering from the current job via evals."),
        (PLAIN[4], "A company starts hiring AI engineers with one product problem to solve."),
    ],
)  # fmt: skip
def test_a_plain_question_answered_in_other_words_is_answered(checker, question, text):
    # no sentence states that anything is allowed, paid or required, and none need to
    assert checker.check(question, [chunk(text)]) == Verdict("full", "covered")


KEYSTROKES = "is my employer allowed to track my keystrokes while I work remotely?"


def test_a_rule_no_sentence_states_is_refused_and_one_stated_is_answered(checker):
    # a rule the asker's employer sets (rag/answer/policy.py): every word is in the passage, but no
    # sentence states a rule about tracking keystrokes
    advice = chunk("Track your keystrokes while you work remotely to see where the time goes.")
    refused = Verdict("none", "policy-not-stated", (KEYSTROKES.rstrip("?"),))
    assert checker.check(KEYSTROKES, [advice]) == refused
    rule = chunk("An employer is not allowed to track keystrokes while staff work remotely.")
    assert checker.check(KEYSTROKES, [rule]) == Verdict("full", "covered")

"""Round forty-five, read from near_domain77-80 and unseen78-81; exact verdicts, invented corpus:
- ", and will they …" after a comma is a part of its own ("Can I work remotely, and will they sponsor a
  visa?"), so a visa policy no passage states leaves the other part answered;
- sponsoring is what a visa ask asks: "sponsor" is no word the passages must hold beside "visa"; and
  "sponsored by the company" or "company-sponsored events" says nothing of visas;
- a named employer's posting is read whole for a contract term asked: its visa line may be in a chunk
  retrieval did not give;
- an employer's name followed by its title's first words, in order, names the posting ("outreach forward
  deployed engineer - …" for "Forward Deployed Engineer, AI Revenue Agents");
- a longer name's first three words name its employer, though a guide page writes them ("New York Life"
  for "New York Life Insurance Company");
- one employer's pay, which the job table would take from other postings (no company filter), is that
  employer's posting's to answer: the guide route, not the median of a city's postings.
After reading the new pairs (near_domain81-84, unseen82-85): a word the corpus never uses, second in the
question right before a job's title, names an absent employer with the word before it ("harris teeter
analytics or AI openings"); "how do they vet candidates" asks about the hiring process; "X bonus - typical
target?" asks the bonus's size, and "what do they put into the pension" the employer's contribution; a
bare "and the package?" after another ask asks the pay; a recruitment process "tailored to your needs"
answers a request to adapt it; "after six months of employment" is a wait, not a benefit's length."""

from __future__ import annotations

import pytest

from rag.answer.answerability import AnswerabilityChecker, Verdict
from rag.answer.asks import SizeAsk, size_asks
from rag.answer.employer_pay import employers_pay
from rag.answer.figure_kinds import money_asks, states
from rag.answer.interviews import asks_interview_process
from rag.answer.own_passages import opens_job
from rag.answer.policy import PolicyAsk, policy_cover, policy_or_rule_ask, with_posting_terms
from rag.answer.posting_process import asked_lines
from rag.answer.question_words import parts
from rag.answer.stated import PAY_COMPONENT
from rag.index.acronyms import bracketed_words
from rag.index.bm25 import BM25Index
from rag.index.catalog import catalog_for
from rag.index.posting_names import NamedPosting, PostingNames
from rag.market.spec import Filters, QuerySpec
from rag.records import Chunk
from tests.test_answerability_round10 import URL, chunk
from tests.test_answerability_round29 import PAGES, notes
from tests.test_answerability_round44 import KESTON


def posting_piece(n: int, doc: int, text: str) -> Chunk:
    path = f"posting/{doc}.yaml"
    title = "AI Data Engineer at Corvane Health"
    meta = {"company": "Corvane Health"}
    return Chunk(f"c{n}", f"d{doc}", "posting", title, "", URL + path, [path], text, f"{title}\n{text}", meta)


CORVANE_OPENING = posting_piece(
    80, 80, "Flexible working arrangements, with remote or hybrid options available. Work Authorization:"
)
CORVANE_TERMS = posting_piece(81, 80, "Whether you work remotely or not, we cannot offer visa sponsorship.")
CORVANE_OTHER = posting_piece(82, 82, "Our other team can offer visa sponsorship.")  # another posting
# guide pages on moving abroad, so that "sponsor" is a common word as in the guide
VISAS = [chunk(83 + i, "page", "Moving abroad", "Some employers sponsor visas: ask early.") for i in range(6)]


def checker(pages: int, chunks: tuple[Chunk, ...] = ()) -> AnswerabilityChecker:
    """Over the guide's pages and `pages` notes, and these postings (or `chunks`)."""
    postings = chunks or (KESTON, *VISAS, CORVANE_OPENING, CORVANE_TERMS, CORVANE_OTHER)
    return AnswerabilityChecker(
        BM25Index().fit([*PAGES, *notes(pages), *postings]),
        unknown_idf=5.0,
        domain_page_df=1,
        page_similarity=lambda q: 0.6,
    )


def test_and_will_they_after_a_comma_is_a_part_of_its_own():
    question = (
        "Looking at Keston Bank's AI job from abroad. Can I work remotely, and will they sponsor a visa?"
    )
    assert parts(question) == ["Can I work remotely", "will they sponsor a visa"]
    # without the comma, "and will" still joins ("will" opens no part: evals/README.md)
    assert parts("is it remote and will it stay so") == ["is it remote and will it stay so"]


def test_sponsoring_is_what_a_visa_ask_asks():
    ask = policy_or_rule_ask("keston bank predictive AI - is it remote, and do they sponsor visas?", True)
    assert ask == PolicyAsk(
        "contract", "do they sponsor visas", "visas", ("keston", "bank", "predict", "ai", "remot"), True
    )


@pytest.mark.parametrize(
    ("text", "cover"),
    [
        ("Remote work with bonding trips sponsored by the company.", 0.0),
        ("Numerous company-sponsored events.", 0.0),
        ("Corvane Health is unable to sponsor.", 1.0),
        ("Visa sponsorship is not offered.", 1.0),
    ],
)
def test_sponsoring_a_worker_says_something_of_visas(text, cover):
    question = "Corvane Health data engineer - will they sponsor a visa?"
    ask = policy_or_rule_ask(question, True)
    assert policy_cover(ask, [posting_piece(99, 99, text)], lambda s: 1.0, question) == cover


def test_a_visa_policy_the_posting_never_states_leaves_the_rest_answered():
    question = (
        "Looking at Keston Bank's AI job. Can I work on-site in Bengaluru, and will they sponsor a visa?"
    )
    verdict = checker(20).check(question, [KESTON])
    assert verdict == Verdict("partial", "policy-not-stated", ("will they sponsor a visa",))


def test_a_posting_is_read_whole_for_the_term_asked():
    question = "Corvane Health AI data engineer - can I work remotely, and will they sponsor a visa?"
    index = BM25Index().fit([*PAGES, CORVANE_OPENING, CORVANE_TERMS, CORVANE_OTHER])
    ask = policy_or_rule_ask(question, True)
    # the same posting's visa line joins; another posting of the employer does not
    assert with_posting_terms([ask], [CORVANE_OPENING], index.search) == [CORVANE_OPENING, CORVANE_TERMS]
    assert checker(20).check(question, [CORVANE_OPENING]) == Verdict("full", "covered", ())


OUTPOST = PostingNames(
    [
        ("Outpost", "Forward Deployed Engineer, AI Revenue Agents"),
        ("Outpost", "Senior Engineer"),
        ("k9k", "Sr AI Engineer | Remote - Europe | TS/Vue/NodeJS"),
    ]
)


@pytest.mark.parametrize(
    ("question", "named"),
    [
        (
            "outpost forward deployed engineer - how many weeks paid parental leave",
            [NamedPosting("Outpost", "Forward Deployed Engineer, AI Revenue Agents", 0.75)],
        ),
        ("outpost deployed forward engineer - parental leave?", []),  # not the title's order
        ("outpost forward deployed - parental leave?", []),  # two of its words
        (  # a shortened title word read in its long form only ("Sr": senior)
            "applying to k9k senior ai engineer - anything extra they want with the application",
            [NamedPosting("k9k", "Sr AI Engineer | Remote - Europe | TS/Vue/NodeJS", 0.75)],
        ),
    ],
)
def test_a_titles_first_words_after_the_name_name_the_posting(question, named):
    assert OUTPOST.named(question) == named


OLD_HARBOR = chunk(
    90, "posting", "Data Science Intern", "Interns join in June.", "Old Harbor Life Insurance Company"
)
COMPANIES_PAGE = chunk(91, "page", "Who hires", "Old Harbor Life Insurance - 5 jobs. Interns learn fast.")


@pytest.mark.parametrize(
    ("question", "named"),
    [
        (
            "on OPT, am I eligible for Old Harbor Life's AI engineer summer internship",
            ["Old Harbor Life Insurance Company"],
        ),
        ("does old harbor life pay interns", []),  # a short name in lower case, not placed as an employer
    ],
)
def test_a_longer_names_first_three_words_name_its_employer(question, named):
    catalog = catalog_for(BM25Index().fit([*PAGES, OLD_HARBOR, COMPANIES_PAGE]))
    assert [c.name for c in catalog.companies_in(question)] == named


PUNE_PAY = QuerySpec(measure="salary", filters=Filters(city=["Pune"]))


@pytest.mark.parametrize(
    ("question", "spec", "employers", "own"),
    [
        ("t-systems ai eng: pune? salary?", PUNE_PAY, ["T-Systems"], True),
        ("ai eng in pune: salary?", PUNE_PAY, [], False),  # no employer: the table's
        ("median ai eng salary in pune? I have a T-Systems offer", PUNE_PAY, ["T-Systems"], False),
        ("t-systems vs infosys ai eng salary in pune", PUNE_PAY, ["T-Systems", "Infosys"], False),
        (
            "t-systems ai eng: pune? salary?",
            QuerySpec(measure="salary", filters=Filters(city=["Pune"], company=["T-Systems"])),
            ["T-Systems"],
            False,  # the table reads the employer: its own postings' figure
        ),
        ("t-systems ai eng: how many in pune?", QuerySpec(measure="count"), ["T-Systems"], False),
        ("t-systems ai eng: pune? salary?", None, ["T-Systems"], False),
    ],
)
def test_one_employers_pay_is_its_own_postings(question, spec, employers, own):
    assert employers_pay(question, spec, employers) is own


@pytest.mark.parametrize(
    ("question", "word", "unknown", "opens"),
    [
        ("harris teeter analytics or AI openings", "teeter", True, True),
        ("food lion machine learning roles", "lion", True, True),
        ("food lion machine learning roles", "lion", False, False),  # a word the corpus uses: no name
        ("visible tattoos ok in AI jobs?", "tattoos", True, False),  # a clause between: no title after it
        ("my harris teeter machine learning roles", "teeter", True, False),  # third: no opening
        ("retell ai voice agent engineer - remote?", "retell", False, True),  # first, as before
    ],
)
def test_a_word_second_before_a_title_opens_a_job(question, word, unknown, opens):
    start = question.index(word)
    assert opens_job(question, start, start + len(word), unknown) is opens


def test_an_unknown_second_word_before_a_title_is_an_absent_employer_named_with_the_first():
    question = "harris teeter analytics or AI openings"
    openings = chunk(
        95, "page", "Openings", "AI openings in analytics, as Harris Labs posts them, ask for SQL."
    )
    verdict = checker(20, (openings,)).check(question, [openings])
    assert verdict == Verdict("none", "not-mentioned", ("harris teeter",))


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("yotta labs research eng - how do they vet candidates", True),
        ("how does Keston Bank evaluate applicants?", True),
        ("do AI teams vet their training data?", False),
    ],
)
def test_vetting_candidates_is_the_hiring_process(question, asks):
    assert asks_interview_process(question) is asks


@pytest.mark.parametrize(
    ("question", "component"),
    [
        ("accenture ai native SWE bonus - typical target?", "bonus"),
        ("keston spot bonuses: usual size?", "bonuses"),
        ("keston bonus target?", "bonus"),  # as before
        ("keston bonus - is it discretionary?", None),
    ],
)
def test_a_bonus_then_its_typical_target_asks_its_size(question, component):
    m = PAY_COMPONENT.search(question)
    assert (m and (m.group(1) or m.group(2))) == component


@pytest.mark.parametrize(
    ("question", "sizes"),
    [
        (
            "keston lead AI engineer: how big is the bonus and what do they put into the pension?",
            [SizeAsk("what do they put into the pension", ("pension",))],
        ),
        ("keston: pay, and what does the team put into production?", []),  # the team's work, no employer's
        ("keston: pay, and what do they put you through in the loop?", []),  # no "in/into/to" a thing
    ],
)
def test_what_they_put_into_a_thing_asks_its_size(question, sizes):
    assert size_asks(question) == sizes


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("keston principal QA engineer AI cloud, Bengaluru: hybrid? and the package?", ["and the package"]),
        ("keston bengaluru ai engineer - office based? package?", ["package"]),
        ("keston bengaluru ai engineer - office based? relocation package?", []),  # a perk, not the pay
    ],
)
def test_the_package_asked_after_another_ask_is_the_pay(question, asked):
    assert [a.part for a in money_asks(question)] == asked


TAILORED = posting_piece(
    96,
    96,
    "We welcome candidates with any disability. By having a private conversation we can ensure that our "
    "recruitment process is tailored to your needs.",
)


def test_a_recruitment_process_tailored_to_your_needs_answers_a_request_to_adapt_it():
    question = "corvane health data engineer: I have ADHD, can they adapt the hiring steps"
    index = BM25Index().fit([*PAGES, TAILORED])
    process = asked_lines(index, "Corvane Health", [TAILORED], question)
    tailored = "By having a private conversation we can ensure that our recruitment process is tailored"
    assert process is not None and process.lines == (f"{tailored} to your needs.",)
    pay = "corvane health data engineer: salary?"  # no request to adapt anything
    assert asked_lines(index, "Corvane Health", [TAILORED], pay) is None


def test_a_bracketed_web_name_splits_into_two_known_words():
    seek = chunk(
        97,
        "posting",
        "Principal Engineer",
        "We seek people to build insights tools.",
        "Seek (seekinsights.com)",
    )
    catalog = catalog_for(BM25Index().fit([*PAGES, seek, OLD_HARBOR]))
    assert [(pair, c.name) for pair, c, _ in bracketed_words(catalog.companies, catalog.known)] == [
        (("seek", "insights"), "Seek (seekinsights.com)")
    ]
    question = "Seek Insights principal role: visa help for H1B folks?"  # capitalised, as a name
    assert [c.name for c in catalog.companies_in(question)] == ["Seek (seekinsights.com)"]


@pytest.mark.parametrize(
    ("sentence", "stated"),
    [
        ("We offer a paid Parental Leave policy, after six months of employment.", False),
        ("Parental leave: 16 weeks fully paid, after 6 months of service.", True),  # the leave's own weeks
        ("After 90 days of continuous service you join the bonus plan.", False),
        ("Our interview process takes 3 weeks.", True),
    ],
)
def test_a_wait_of_employment_is_no_benefits_length(sentence, stated):
    assert states("duration", sentence, None) is stated

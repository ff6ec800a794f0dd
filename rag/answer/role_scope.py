"""Is the role a question asks about one the corpus knows? ("How do I become a certified public accountant?")

A question about a profession names it: "become a X", "a career as a X", "the salary of a X", "what does a
X earn", "a X interview", "a X job", "a X's salary", "does a X need …" (not "a higher salary": an
adjective stands there as often as a profession). The guide is about AI engineering careers, and the roles
it knows are those its job postings' titles and its headings name. X is another profession when one of its
words is foreign to them: in no several employers' job titles, and in the headings and text of fewer than
EVERYDAY_PAGE_DF of the guide's page chunks ("nurse", "certified", "retail"), while fewer than
ROLE_TITLE_WORDS of its words are title words ("freelance AI engineer" is an AI role, "retail store
manager" is not) and none is AI's own ("a prod AI job" is AI work). A question that names a title word
outside X, or another role that is one of the job data's, moves from X into AI engineering ("can a nurse
become an ML engineer?"): not off-topic.

Another pastime is off-topic too, though the words that frame learning it are the guide's own ("theremin tips
for a beginner", "best way to tie a bowline"): `topic_stems` leaves them out of the question's topic.
"""

from __future__ import annotations

import re

from rag.index.catalog import Catalog
from rag.index.text_tokens import tokenize

ROLE_TITLE_WORDS = 2  # title words in X that make it a role of the job data whatever its other words
MAX_ROLE_WORDS = 4  # words of X read after its article
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|[^\sA-Za-z]")
_ARTICLES = frozenset({"a", "an"})
_BECOME = frozenset({"become", "becoming", "became", "becomes"})
_PAY = frozenset({"salary", "salaries", "pay", "wage", "wages", "compensation", "earnings", "income"})
# Words ending X that make it a profession asked about: "a nurse practitioner earn", "a teacher interview"
_ROLE_ENDS = frozenset(
    {
        "earn",
        "earns",
        "make",
        "makes",
        "interview",
        "interviews",
        "job",
        "jobs",
        "career",
    }
)

# Title words that name the AI or software trade (outside X, they move the question into it: "pulling
# product attributes out of a photo with GPT, what does a proper setup need?")
_TRADE_WORDS = frozenset(
    "ai ml llm llms genai generative nlp mlops engineer engineers engineering developer developers "
    "development scientist scientists science data software machine learning deep programmer programming "
    "coding coder tech technical researcher research python backend frontend fullstack stack devops cloud "
    "analyst analytics product platform infrastructure systems architect automation applied computer "
    "vision robotics security sre qa quant web mobile".split()
)
_AI_WORDS = frozenset({"ai", "ml", "llm", "llms", "genai", "nlp", "mlops"})
# Words that frame learning a thing, whatever the thing: on many of the guide's pages ("tips", "beginners",
# "patterns"), so they would bring any pastime close to its topics
LEARNING_FRAME = frozenset(
    tokenize(
        "beginner beginners basics basic tips tip tricks trick pattern patterns start starting learn "
        "learning best way intro introduction technique techniques fundamentals rules practice hobby course "
        "lessons easy simple first improve better good"
    )
)
_HIRING = frozenset({"hiring", "hire", "hires", "hired", "recruiting", "recruit", "recruits"})
# "hiring managers", "the hiring team": the word after "hiring" names who hires, not who is hired
_HIRING_NOUNS = frozenset(
    "manager managers team teams committee committees lead leads partner partners process processes loop "
    "loops bar freeze pipeline".split()
)
# "does a X need …", "can a X get …": a question whose subject is the profession X
_ASKING = frozenset({"does", "do", "did", "can", "could", "should", "would", "will", "must"})
_SUBJECT_VERBS = frozenset(
    {"need", "have", "require", "get", "learn", "study", "know", "use", "put", "wear", "include", "list"}
)


def role_phrases(question: str) -> list[tuple[str, ...]]:
    """The professions a question asks about, each as its lower-case words (("nurse", "practitioner"),):
    after an article as above, each of "a court reporter / stenographer", and the people hired at the
    end of a clause ("when hiring flight attendants?")."""
    words = [w.lower() for w in _WORD.findall(question)]
    found = _hired(words)
    for i, article in enumerate(words):
        if article not in _ARTICLES:
            continue
        before = words[i - 1] if i else ""
        before2 = words[i - 2] if i > 1 else ""
        subject = before in _ASKING  # "does a tattoo artist need …": the profession is the subject
        role: list[str] = []
        named: list[tuple[str, ...]] = []  # "a court reporter / stenographer": each one asked about
        j = i + 1
        while j < len(words) and len(role) < MAX_ROLE_WORDS:
            if words[j] == "/" and role and j + 1 < len(words) and words[j + 1][:1].isalpha():
                named.append(tuple(role))
                role, j = [], j + 1
                continue
            if not words[j][:1].isalpha():
                break
            if words[j] in _ROLE_ENDS or _owner(role, words[j]) or not tokenize(words[j]):
                break
            if subject and words[j] in _SUBJECT_VERBS:
                break
            role.append(words[j])
            j += 1
        end = words[j] if j < len(words) else ""
        asked = (
            before in _BECOME
            or (before == "as" and before2 == "career")
            or (before in ("of", "for") and before2 in _PAY)
            or end in _ROLE_ENDS
            or _owner(role, end)
            or (subject and end in _SUBJECT_VERBS)
        )
        if role and asked:
            found.extend([*named, tuple(role)])
    return found


def _hired(words: list[str]) -> list[tuple[str, ...]]:
    """The people hired, named last in a clause: "what do airlines look for when hiring flight attendants?"
    (not "what do hiring managers look for": the words go on; not "do hiring managers check commit
    streaks": hiring managers hire)."""
    found = []
    for i, word in enumerate(words):
        if word not in _HIRING or (i + 1 < len(words) and words[i + 1] in _HIRING_NOUNS):
            continue
        j = i + 1
        while j < len(words) and j - i <= MAX_ROLE_WORDS and words[j][:1].isalpha() and tokenize(words[j]):
            j += 1
        # the people in the plural, last ("flight attendants?"; not "AI engineers wheelchair accessible?")
        if j > i + 1 and (j == len(words) or not words[j][:1].isalpha()) and words[j - 1].endswith("s"):
            found.append(tuple(words[i + 1 : j]))
    return found


def _owner(role: list[str], word: str) -> bool:
    """`word` is pay and the role before it its possessive owner ("a nurse's salary")."""
    return bool(role) and word in _PAY and role[-1].endswith(("'s", "’s"))


def foreign_role(question: str, catalog: Catalog, everyday_page_df: int) -> tuple[str, ...] | None:
    """The first profession the question asks about that the corpus never names as a role, or None."""

    def title(word: str) -> bool:
        return word in catalog.title_words or word.removesuffix("s") in catalog.title_words

    def foreign(word: str) -> bool:
        stems = tokenize(word)
        if not stems or title(word) or catalog.heading_df.get(word, 0) >= everyday_page_df:
            return False
        return catalog.page_stem_df.get(stems[0], 0) < everyday_page_df

    def other(role: tuple[str, ...]) -> bool:
        if _AI_WORDS.intersection(role):  # "a prod AI job", "a fintech ML job": AI work in some setting
            return False
        return any(foreign(w) for w in role) and sum(title(w) for w in role) < ROLE_TITLE_WORDS

    roles = role_phrases(question)
    inside = {w for role in roles for w in role}
    outside = [w.lower() for w in _WORD.findall(question) if w.lower() not in inside and tokenize(w)]
    # "can a teacher learn enough to get an AI engineering job?": a role of the job data named too (by a
    # word of the AI or software trade: "test" is a title word too, of "the fitness test")
    if any(title(w) and w in _TRADE_WORDS for w in outside) or any(
        not other(r) and any(map(title, r)) for r in roles
    ):
        return None
    return next((role for role in roles if other(role)), None)


def other_profession(question: str, checker) -> bool:
    """Whether the question asks about a profession the corpus of an AnswerabilityChecker never names."""
    return foreign_role(question, checker.catalog, checker.everyday_page_df) is not None


def topic_stems(stems: set[str]) -> set[str]:
    """The question's stems less the words that frame learning something, unless nothing else is left
    ("ikebana basics for a beginner": "ikebana")."""
    return (stems - LEARNING_FRAME) or stems

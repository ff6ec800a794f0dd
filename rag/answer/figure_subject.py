"""Is the asked figure stated about the question's own subject, not only beside some of its words?

figure_kinds.py's `kind_cover` takes a share, duration or count as stated when one unit (sentence,
list item, table row) states a figure of the asked kind and, with its passage's title and section,
holds enough of the part's words. Generic words ("AI", "engineer", "work") then cover a figure about
something else: "what percentage of AI engineers were laid off in 2025?" with "AI-native roles surged
240% in early 2025", "how many hours a week do AI engineers work?" with a take-home's "3-6 hours".

Here the part's **subject words** are its specific words: those of its asking clause that some passage
holds and that at most SUBJECT_DF of the guide's page chunks use (grammar words, capitalised names and
the named employers aside: figure_kinds.py checks those). A figure is about the subject only when one
of them stands in the unit stating it, in the headings it sits under, or in its passage's title; a
count beside the counted word itself ("3-6 rounds") is about what is counted. A rate ("how many hours
a week") is stated only per that period ("6 hours a week", "weekly"), not by a total ("48 hours to 1
week"). Structural: the question's own words and the units' shape, no topic lists.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

from rag.answer.counts import ANYONE
from rag.answer.figure_kinds import KIND_COVER, KindAsk, asks_kind, kind_cover, states
from rag.answer.figures import figure_units
from rag.answer.question_words import AUXILIARIES, alternation
from rag.answer.stated import table_headers
from rag.index.catalog import Company, name_words
from rag.index.text_tokens import term_set, tokenize
from rag.records import Chunk

# "how many hours a week", "how many office days a week": a rate over a period
_RATE = re.compile(
    r"\bhow many (?:[\w-]+\s+)?(?:minutes?|hours?|days?|weeks?|months?)\s+(?:a|an|per|each|every)\s+"
    r"(?P<period>day|week|month|year)\b",
    re.I,
)
# Words of a question's grammar, not of its subject: auxiliaries, modals, light verbs, prepositions,
# quantifiers and hedges ("how long *did* it take", "what *should* I", "RAG *vs* agents").
_GRAMMAR = frozenset(
    tokenize(
        "did done doing should would could might must shall will may am were been being had "
        "need needs get gets got getting make makes give gives go goes going come coming want use used "
        "take takes "
        "each every some any all most many much more less few one two other another such own same "
        "about above after before below between during over under through until via vs versus per "
        "within without against among across along around instead start finish end up out "
        "usually typically actually really just only also even still now ever often always never "
        "generally normally roughly approximately reasonably exactly currently"
    )
)
# How the time of a duration is spent ("how many months of study until I can switch"): the page's "3-4
# months of learning" states it in other words; what the time leads to is the subject
_ACTIVITY = frozenset(
    tokenize("study studying learning prep preparation preparing practice practising practicing training")
)
# "X engineer - how long …", "X engineer: how long …": the title before names the posting, not the subject
_CLAUSE = re.compile(rf"\s+[-–—]\s+|:\s+|,?\s+and\s+(?={alternation(('am', *AUXILIARIES))}\b)", re.I)
# A word more of the guide's page chunks use is too general to say what a figure is about ("engineer",
# "project"); tuning sets (evals/README.md, nns16): at 30 "backend" (40 page chunks) was not specific
# and "how many months does a backend engineer need to move into AI engineering" was refused on "move".
SUBJECT_DF = 50
_CAPITAL = re.compile(r"\b[A-Z][\w.-]*")  # names: figure_kinds.py's `subjects` checks them
# the words asking how much, long or often: no subject of their own ("how long is it")
_HOW_WORDS = frozenset(tokenize("long much many big large high often far percent percentage worth"))
_PERIOD_ADVERB = {"day": "daily", "week": "weekly", "month": "monthly", "year": "yearly|annually"}
# A period said of what is asked ("annual leave", "monthly stipend"), no subject beside the thing
_PERIOD_WORDS = frozenset(tokenize("annual annually yearly monthly weekly daily quarterly"))


# One career move in other words: "how long would the switch take" of "after 3-4 months … ready to transition"
_MOVES = frozenset(tokenize("switch transition move pivot"))


def _with_moves(words: frozenset[str]) -> frozenset[str]:
    """The subject words, and every word of a career move when one of them is such a word."""
    return words | _MOVES if words & _MOVES else words


def rate_period(part: str) -> str | None:
    """The period of a rate the part asks for ("how many hours a week": "week"), or None."""
    m = _RATE.search(part)
    return m.group("period").lower() if m else None


def states_per(sentence: str, period: str) -> bool:
    """Whether the sentence states something per the period: "a week", "per week", "/week", "weekly"."""
    adverb = _PERIOD_ADVERB[period]
    pattern = rf"\b(?:a|an|per|each|every|one)\s+{period}\b|/\s?{period}\b|\b(?:{adverb})\b"
    return bool(re.search(pattern, sentence, re.I))


def asking_clause(ask: KindAsk) -> str:
    """The clause of the part that asks for the figure: "how long is the take-home" of "… role - how
    long is the take-home and am I allowed to use AI on it" (question_words.py's parts split "and" only
    before a question word), the whole part when it has no such clause or the clause has no words but
    the asking ones ("how long is it")."""
    clauses = _CLAUSE.split(ask.part)
    clause = next((c for c in clauses if asks_kind(ask.kind, c)), ask.part)
    # "… lists parental leave - how long is it?", "new-parent leave: how long": a clause of no words of its
    # own asks of the one before
    return clause if set(tokenize(clause)) - _GRAMMAR - _HOW_WORDS else ask.part


def subject_words(
    ask: KindAsk, passages: Sequence[Chunk], page_df: Mapping[str, int], names: Sequence[str] = ()
) -> frozenset[str] | None:
    """The part's specific words (used by at most SUBJECT_DF of the guide's page chunks) that some
    passage holds, in its asking clause, grammar, names and the employers named aside; None if none."""
    have = frozenset().union(*(term_set(c.embed_text) for c in passages)) if passages else frozenset()
    named = frozenset(s for n in names for w in name_words(n) for s in tokenize(w))
    capital = frozenset(s for m in _CAPITAL.finditer(ask.part) for s in tokenize(m.group(0)))
    tokens = tokenize(asking_clause(ask))
    clause = frozenset(tokens)
    held = [k for k in ask.keys if k in have and k in clause and k not in named | capital | _GRAMMAR]
    held = [k for k in held if k != ask.unit and not (ask.kind == "duration" and k in _ACTIVITY)]
    held = [k for k in held if 0 < page_df.get(k, 0) <= SUBJECT_DF]
    return frozenset(_period_pair(k, tokens) for k in held) or None


def _period_pair(stem: str, tokens: list[str]) -> str:
    """A period word with the word it says the period of ("annual leav" of "how many days annual
    leave": not "90 days annually" abroad), else the stem itself."""
    at = tokens.index(stem)
    return f"{stem} {tokens[at + 1]}" if stem in _PERIOD_WORDS and at + 1 < len(tokens) else stem


def _pairs(text: str) -> frozenset[str]:
    """The text's neighbouring stems, as `_period_pair` writes them."""
    tokens = tokenize(text)
    return frozenset(f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False) if a in _PERIOD_WORDS)


def kind_stated(
    ask: KindAsk,
    passages: Sequence[Chunk],
    idf: Callable[[str], float],
    names: Sequence[str],
    companies: Sequence[Company],
    page_df: Mapping[str, int],
) -> bool:
    """figure_kinds.py's `kind_cover` (`names`: the employers the question writes) and `about_subject`
    (`companies`: every corpus company it names, however written, and its postings' titles: none is a
    subject word; "Stuut's AI sales engineer ad lists parental leave - how long is it?" asks of the leave,
    not of the "4–7 years" in sales engineering)."""
    if kind_cover(ask, passages, idf, names) < KIND_COVER:
        return False
    employers = [c.name for c in companies]
    titles = [*employers, *(p.title for c in companies for p in c.postings)]
    # (the title's words, when nothing else is asked of: "the Stacks staff AI engineer take-home")
    words = subject_words(ask, passages, page_df, titles) or subject_words(ask, passages, page_df, employers)
    return _stated_about(ask, passages, words)


def about_subject(
    ask: KindAsk,
    passages: Sequence[Chunk],
    page_df: Mapping[str, int],
    names: Sequence[str] = (),
) -> bool:
    """Whether some unit of the passages (or a heading) states a figure of the asked kind (per the asked
    period) with one of the part's subject words in the unit, its headings or its passage's title."""
    return _stated_about(ask, passages, subject_words(ask, passages, page_df, names))


def _stated_about(ask: KindAsk, passages: Sequence[Chunk], words: frozenset[str] | None) -> bool:
    """`about_subject` with the part's subject words found (None: it has none)."""
    period = rate_period(ask.part) if ask.kind in ("duration", "count") else None
    if words is None and period is None:
        return True
    paired = bool(words) and any(" " in w for w in words)  # a period word's pair (`_period_pair`)
    for chunk in passages:
        heading = f"{chunk.title} {chunk.section}"
        around = frozenset(tokenize(heading)) | (_pairs(heading) if paired else frozenset())
        headers = table_headers(chunk.text)
        units = [
            (stems | (_pairs(s) if paired else frozenset()) | headers.get(s, frozenset()), s)
            for stems, s in figure_units(chunk.text)
        ]
        # a heading may state the figure of its section, as in stated.py: "TeamBlind (147 threads)"
        units += [(frozenset(tokenize(h)), h) for h in chunk.section.split(" > ") if h.strip()]
        for stems, sentence in units:
            # a count beside the counted word ("3-6 rounds") is about what the question counts; "people"
            # says nothing of whose ("50-60 people" on a webinar's page is no count of its attendees)
            counted = ask.kind == "count" and ask.unit is not None and ask.unit in stems - ANYONE
            if words is not None and not (_with_moves(words) & (stems | around)) and not counted:
                continue
            if period is not None and not states_per(sentence, period):
                continue
            # a share of the jobs under a heading naming them ("… AI-First Jobs …": "Pure GenAI - 1.4%");
            # a count of the subject ("2 stages"), whatever word the question counts by
            unit = None if ask.kind == "share" and ask.unit in around else ask.unit
            if states(ask.kind, sentence, unit) or (
                ask.kind == "count" and any(states("count", sentence, w) for w in words or ())
            ):
                return True
    return False

"""Question -> QuerySpec, deterministically: intent words, the data's vocabulary (longest match
first), and typo correction against it. No model involved; the router decides whether to use it."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date

from rapidfuzz import process
from rapidfuzz.distance import OSA

from rag.errors import UnknownValueError
from rag.market.cues import (
    COMMON_WORDS,
    CUE_WORDS,
    FIELD_WORDS,
    HEAD_NOUNS,
    NOT_TYPOS,
    REGION_NOTE,
    SKILL_CUES,
    SLOT_CUES,
    STARTUP_NOTE,
    STARTUP_STAGES,
    STOPWORDS,
    TITLE_WORDS,
)
from rag.market.filter_words import (
    AI_TYPE_PHRASES,
    CASED_SKILLS,
    FLAG_PHRASES,
    LEAD_AFTER,
    LEAD_WORDS,
    LEVEL_WORDS,
    LLM_ROLE,
    LLM_ROLE_NOTE,
    MONTHS,
    NOT_SKILLS,
    PAIRING,
    ROLE_NOUNS,
    STAGE_PHRASES,
    STARTUP_WORDS,
    SUPPORT_NOTE,
    SUPPORT_ROLES,
)
from rag.market.phrases import join
from rag.market.readings import (
    adverb,
    as_language,
    employers_named,
    level_notes,
    next_word,
    unknown_abbreviation,
)
from rag.market.skills import split_slashed
from rag.market.titles import read_titles
from rag.market.vocab import ALIASES, Vocabulary, label
from rag.names import HEAD_BREAK, display_company
from rag.places import city_at, is_city, region_countries

_TOKEN = re.compile(r"[a-z0-9][a-z0-9+#&]*(?:[./'-][a-z0-9+#&]+)*[+#]*|%")
MAX_NGRAM = 5
SHORTEST_TYPO = 4  # words this short are never read as a misspelt value


@dataclass
class Mention:
    """A stretch of the question recognised as a value of a field."""

    field: str  # skill, city, country, level, company, stage, ai_type, work_type, management, ...
    value: object
    start: int  # token index
    end: int
    text: str
    corrected: bool = False

    def values(self) -> list:
        """The values a filter on this mention holds: "startups" is several stages at once."""
        return list(self.value) if isinstance(self.value, tuple) else [self.value]


@dataclass
class Extraction:
    """Everything recognised in a question: mentions, dates, and spans that matched nothing."""

    tokens: list[str]
    raw_tokens: list[str]
    mentions: list[Mention] = field(default_factory=list)
    posted_from: date | None = None
    posted_to: date | None = None
    unknown: list[UnknownValueError] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)  # asked-for words near no skill of the data
    notes: list[str] = field(default_factory=list)

    def has(self, *phrases: str) -> bool:
        text = " " + " ".join(self.tokens) + " "
        return any(f" {p} " in text for p in phrases)

    def fields(self) -> set[str]:
        return {m.field for m in self.mentions}


_HEAD = re.compile(rf"\s*([\w.&' ]{{2,40}}?){HEAD_BREAK.pattern}")  # a name heading the question


def tokenize(question: str) -> tuple[list[str], list[str]]:
    """Lower-cased tokens (a misspelt cue word read as the word: "how mnay") and the same tokens as
    typed (for case-sensitive words like Go or US)."""
    raw = [m.group(0) for m in re.finditer(_TOKEN.pattern, question, re.I)]
    raw = [t.rstrip(".'") if not t.endswith(".js") else t for t in raw]
    raw = [t for t in raw if t]
    return [_cue_word(t.lower()) for t in raw], raw


def _cue_word(token: str) -> str:
    """The cue word `token` misspells: one edit from a long one ("percantage", "salery"), the same
    letters as a short one ("mnay") or one letter typed twice ("manny"); a real word one edit away
    ("posting", "main") stays itself."""
    if len(token) < 4 or not token.isalpha() or token in CUE_WORDS or token in NOT_TYPOS:
        return token
    undoubled = {token[:i] + token[i + 1 :] for i in range(1, len(token)) if token[i] == token[i - 1]}
    for cue in CUE_WORDS:
        if len(cue) >= 6 and OSA.distance(token, cue) == 1 or sorted(token) == sorted(cue) and token != cue:
            return cue
        if cue in undoubled:  # "manny": a short cue with a letter typed twice
            return cue
    return token


def _cased(raw: str, opening: bool, expected: str) -> bool:
    """ "Go" as typed, and not a sentence's first word (where "Go" is the verb)."""
    return raw == expected and not opening


def _named_after_the(ex: Extraction, i: int) -> bool:
    """A name after "in the" is a place the question asks about ("in the Bay Area", "in the EU") when its
    words are all capitalised up to the question's end or a stopword ("in the AI engineer dataset" names
    a thing, not a place)."""
    if i < 2 or ex.tokens[i - 2 : i] != ["in", "the"]:
        return False
    end = i
    while end < len(ex.raw_tokens) and ex.raw_tokens[end][:1].isupper():
        end += 1
    return end > i and (end == len(ex.tokens) or ex.tokens[end] in STOPWORDS)


class Extractor:
    """Finds the vocabulary's values in a question: longest span first, no overlaps."""

    def __init__(self, vocab: Vocabulary):
        self.vocab = vocab
        self.company_keys = {c.lower(): c for c in vocab.counts["company"]}
        for c in vocab.counts["company"]:  # "Visa" for "Visa Inc", unless another company is named so
            self.company_keys.setdefault(_LEGAL_SUFFIX.sub("", display_company(c).lower()), c)
        self.city_keys = {c.lower(): c for c in vocab.counts["city"]}
        self.city_keys.update({k: v for k, v in ALIASES["city"].items() if v in vocab.counts["city"]})
        self.level_keys = {v.lower(): v for v in vocab.counts["level"]}
        self.country_keys = {k: v for k, v in ALIASES["country"].items() if v in vocab.counts["country"]}

    def _match(
        self, phrase: str, raw: str, opening: bool, before: str, after: str, heads: bool = False
    ) -> tuple[str, object] | None:
        """The field and value the phrase names; `heads`: it heads the question ("thomson reuters: …")."""
        if phrase in AI_TYPE_PHRASES:
            return "ai_type", AI_TYPE_PHRASES[phrase]
        if phrase in SUPPORT_ROLES and after in ROLE_NOUNS and "ai-support" in self.vocab.counts["ai_type"]:
            return "ai_type", "ai-support"
        if LLM_ROLE.fullmatch(phrase) and after in ROLE_NOUNS and "ai-first" in self.vocab.counts["ai_type"]:
            return "ai_type", "ai-first"
        if phrase in FLAG_PHRASES:
            return FLAG_PHRASES[phrase]
        if phrase in STAGE_PHRASES:
            return "stage", STAGE_PHRASES[phrase]
        if phrase in STARTUP_WORDS and (phrase.endswith("s") or after in HEAD_NOUNS):
            # "startups", "startup jobs": every funding stage the data holds; "the London startup" is one
            funded = tuple(s for s in STARTUP_STAGES if s in self.vocab.counts.get("stage", {}))
            return ("stage", funded) if funded else None
        if phrase in LEAD_WORDS and (after in LEAD_AFTER or before in ("or", "and")):
            return "level", self.vocab.lookup("level", phrase.removesuffix("s"))
        if phrase in self.level_keys:
            return "level", self.level_keys[phrase]
        if phrase in LEVEL_WORDS:
            value = self.vocab.lookup("level", phrase.replace(" ", "-") if phrase != "mid level" else "mid")
            if value:
                return "level", value
        if phrase in ALIASES["work_type"] and phrase not in ("contract",):
            return "work_type", ALIASES["work_type"][phrase]
        if phrase in ("contract roles", "contract jobs", "contract positions", "contractor roles"):
            return "work_type", "CONTRACTOR"
        if (region := region_countries(phrase)) is not None:  # "jobs in Europe": its countries the data holds
            held = tuple(sorted(c for c in self.vocab.counts["country"] if c in region))
            return ("country", held) if held else None
        if phrase in self.country_keys and (phrase not in ("us", "the us") or raw.split()[-1] == "US"):
            return "country", self.country_keys[phrase]
        if phrase in self.city_keys and (phrase not in ("la", "ny") or raw.isupper()):
            return "city", self.city_keys[phrase]
        company = phrase.removesuffix("'s")
        if (
            company in self.company_keys
            and company not in NOT_SKILLS
            and (
                before in ("at", "from", "by")
                or before in ("does", "do", "did")
                and after in ("have", "has", "post", "list", "hire")  # "does X have", "does X hire"
                or after in ("'s", "s", "postings", "jobs", "roles", "pay", "posts", *TITLE_WORDS)
                or after in self.city_keys  # "Checkout.com London AI roles"
                or company != phrase
                or heads
            )
        ):
            return "company", self.company_keys[company]
        if phrase in CASED_SKILLS:
            return (
                ("skill", self.vocab.lookup("skill", phrase))
                if _cased(raw, opening, CASED_SKILLS[phrase])
                else None
            )
        if _not_skill(phrase) or phrase in STOPWORDS or phrase in FIELD_WORDS or len(phrase) < 2:
            return None
        skill = self.vocab.lookup("skill", phrase)
        return ("skill", skill) if skill else None

    def extract(self, question: str, mid_sentence: bool = False) -> Extraction:
        """`mid_sentence`: `question` is the end of a sentence ("Go" of "what about Go?"), so its
        first word is no sentence's first word."""
        tokens, raw = split_slashed(*tokenize(question), lambda t: self.vocab.lookup("skill", t) is not None)
        ex = Extraction(tokens, raw)
        taken = [False] * len(tokens)
        head = _HEAD.match(question)  # "thomson reuters: how many listings", "X - how many jobs"
        head_n = len(tokenize(head.group(1))[0]) if head and not mid_sentence else 0
        for n in range(min(MAX_NGRAM, len(tokens)), 0, -1):
            for i in range(len(tokens) - n + 1):
                if any(taken[i : i + n]):
                    continue
                phrase = " ".join(tokens[i : i + n])
                before = tokens[i - 1] if i else ""
                after = next_word(tokens, raw, i + n)  # past an adverb: "is Scale AI still hiring?"
                if phrase in FIELD_WORDS:  # "which languages": a field, and none of its words a skill
                    taken[i : i + n] = [True] * n
                    continue
                opening = i == 0 and not mid_sentence
                if n == 1 and as_language(tokens, i):  # "German language skills": no country, no skill
                    taken[i] = True
                    continue
                heads = i == 0 and n == head_n
                found = self._match(phrase, " ".join(raw[i : i + n]), opening, before, after, heads)
                if found and found[0] == "skill" and after in ("engineering", "engineer", "engineers"):
                    continue  # "genai engineering jobs", "ML engineer roles": a kind of role, not a skill
                if found and found[0] == "skill" and after in ("clearance", "clearances"):
                    continue  # "security clearance": not the skill Security
                if found and found[1] is not None:
                    ex.mentions.append(Mention(found[0], found[1], i, i + n, " ".join(raw[i : i + n])))
                    taken[i : i + n] = [True] * n
                    if phrase in SUPPORT_ROLES and found[0] == "ai_type":
                        ex.notes.append(SUPPORT_NOTE.format(" ".join(raw[i : i + n + 1])))
                    elif LLM_ROLE.fullmatch(phrase) and found[0] == "ai_type":
                        ex.notes.append(LLM_ROLE_NOTE.format(" ".join(raw[i : i + n + 1])))
                    if phrase in STARTUP_WORDS:
                        ex.notes.append(STARTUP_NOTE.format(" ".join(raw[i : i + n])))
                    if found[0] == "country" and isinstance(found[1], tuple):
                        names = join([label("country", c) for c in found[1]])
                        ex.notes.append(REGION_NOTE.format(" ".join(raw[i : i + n]), names))
        self._coordinated(ex, taken)
        ex.mentions.sort(key=lambda m: m.start)
        self._dates(ex)
        self._typos(ex, taken)
        employers_named(ex, self.vocab)
        read_titles(ex, STOPWORDS, self.vocab, Mention)
        level_notes(ex)
        return ex

    def _coordinated(self, ex: Extraction, taken: list[bool]) -> None:
        """A case-sensitive skill typed in lower case counts when paired with another skill
        ("go or java", "java vs go"): the pairing says it is a skill, not the verb."""
        skill_at = {i: m for m in ex.mentions if m.field == "skill" for i in (m.start, m.end - 1)}
        t = ex.tokens
        for i, tok in enumerate(t):
            if taken[i] or tok not in CASED_SKILLS or tok in ("make",):
                continue
            after = i + 2 < len(t) and t[i + 1] in PAIRING and i + 2 in skill_at
            before = i >= 2 and t[i - 1] in PAIRING and i - 2 in skill_at
            if after or before:
                value = self.vocab.lookup("skill", CASED_SKILLS[tok])
                if value:
                    ex.mentions.append(Mention("skill", value, i, i + 1, ex.raw_tokens[i]))
                    taken[i] = True

    def _dates(self, ex: Extraction) -> None:
        t = ex.tokens
        for i, tok in enumerate(t):
            if tok in MONTHS and len(tok) > 2:
                year = int(t[i + 1]) if i + 1 < len(t) and re.fullmatch(r"20\d\d", t[i + 1]) else None
                if year is None:
                    continue
                first = date(year, MONTHS[tok], 1)
                last = date(year, MONTHS[tok], calendar.monthrange(year, MONTHS[tok])[1])
                cue = t[i - 1] if i else ""
                if cue in ("since", "after", "from"):
                    ex.posted_from = first
                elif cue in ("before", "until", "till", "to") and ex.posted_from:
                    ex.posted_to = last
                elif cue in ("before", "until"):
                    ex.posted_to = date.fromordinal(first.toordinal() - 1)
                else:
                    ex.posted_from, ex.posted_to = first, last

    def _typos(self, ex: Extraction, taken: list[bool]) -> None:
        """A word after a cue ("ask for", "in", "at") that matched nothing: one close spelling of
        a known value is taken (and said); otherwise the question gets a did-you-mean."""
        for i, tok in enumerate(ex.tokens):
            if taken[i] or i == 0 or not tok.isalpha() and not re.search(r"[a-z]", tok):
                continue
            if unknown_abbreviation(ex, i, self.vocab):
                taken[i] = True
                continue
            named_place = _named_after_the(ex, i)
            if (
                len(tok) < 4
                and not named_place
                and not (ex.tokens[i - 1] == "in" and tok not in STOPWORDS and city_at(ex.tokens, i))
            ):
                continue  # a short word, unless it starts a city's name ("in san francisco")
            cue = "in" if named_place else ex.tokens[i - 1]
            if cue not in SLOT_CUES or tok in COMMON_WORDS or adverb(ex.raw_tokens[i]):
                continue
            fields = ("city", "country", "company") if cue in ("in", "at", "from") else ("skill",)
            j = i
            while (
                j < len(ex.tokens)
                and j - i < 4
                and not taken[j]
                and ex.tokens[j] not in STOPWORDS | COMMON_WORDS
            ):
                j += 1
            span, raw_span = " ".join(ex.tokens[i:j]), " ".join(ex.raw_tokens[i:j])
            # "for plain REST", "in LLM-building roles": a word before a known value or a posting noun
            # describes it; no value of its own is asked for.
            modifier = j < len(ex.tokens) and (taken[j] or ex.tokens[j] in HEAD_NOUNS)
            guess = self._closest(span, fields)
            if guess:
                fld, value = guess
                ex.mentions.append(Mention(fld, value, i, j, raw_span, corrected=True))
                ex.notes.append(f"Read {raw_span!r} as {value} (no posting has {raw_span!r}).")
                taken[i:j] = [True] * (j - i)
            elif modifier:
                continue
            elif cue in SKILL_CUES and span:
                # A skill is a value of the data's skill vocabulary or written as a name ("Zorblax"): a
                # lower-case word with no near spelling there ("about whether the company pays") is none.
                near = self.vocab.suggest("skill", span)
                if near or raw_span[:1].isupper():
                    ex.unknown.append(UnknownValueError("skill", raw_span, near, "lists the skill"))
                else:
                    ex.unmatched.append(raw_span)
                taken[i:j] = [True] * (j - i)
            elif cue == "in" and (ex.raw_tokens[i][:1].isupper() or is_city(span)) and tok not in MONTHS:
                ex.unknown.append(
                    UnknownValueError("city", raw_span, self.vocab.suggest("city", span), "is located in")
                )
                taken[i:j] = [True] * (j - i)
        ex.mentions.sort(key=lambda m: m.start)

    def _closest(self, text: str, fields: tuple[str, ...]) -> tuple[str, str] | None:
        """The one known value within one edit (two for long words) of `text`, if exactly one; a
        word of four letters or fewer is taken as typed (one edit is a quarter of it: "lots", "logs")."""
        if len(text) <= SHORTEST_TYPO:
            return None
        limit = 1 if len(text) < 9 else 2
        hits: dict[tuple[str, str], int] = {}
        for fld in fields:
            choices = (
                self.vocab.skill_forms if fld == "skill" else {v.lower(): v for v in self.vocab.counts[fld]}
            )
            for match, dist, _ in process.extract(
                text, list(choices), scorer=OSA.distance, limit=3, score_cutoff=limit
            ):
                if len(match) >= 4 and not _not_skill(match):
                    hits.setdefault((fld, choices[match]), int(dist))
        if not hits:
            return None
        best = min(hits.values())
        top = [k for k, d in hits.items() if d == best]
        return top[0] if len(top) == 1 else None


def _not_skill(phrase: str) -> bool:
    """A word that names a skill of the data but in a question means something else, in the forms
    the vocabulary's lookup folds to it: "teams" as "team" (the data's "Teams" is Microsoft Teams)."""
    return phrase in NOT_SKILLS or phrase.removesuffix("s") in NOT_SKILLS or f"{phrase}s" in NOT_SKILLS


_LEGAL_SUFFIX = re.compile(r",?\s+(?:inc|ltd|llc|corp|corporation|co|plc|gmbh|ag|s\.a|pvt\.? ltd)\.?$")

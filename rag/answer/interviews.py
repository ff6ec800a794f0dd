"""Is a question about a company's interviews, asked of it as an employer, and does a passage say how
it interviews? (Used by rag/answer/answerability.py for the "no interview write-up" reply.)"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.answer.company_mentions import MAX_LINK_SHARE
from rag.answer.figures import sentences
from rag.answer.question_words import AUXILIARIES, WH_WORDS, alternation
from rag.answer.sentences import split_units
from rag.index.acronyms import camel_words, web_name_keys
from rag.index.catalog import Company, link_share, name_words, short_name, unlinked_words
from rag.index.text_tokens import tokenize
from rag.records import Chunk

# "interview" as typed in a hurry too ("interveiw process at skild ai?")
_INTERVIEW = frozenset({"interview", "round", "onsit"}) | frozenset(
    tokenize("interveiw intervew inteview interiew interivew intreview")
)
_PAIRS = (frozenset({"take", "home"}), frozenset({"live", "code"}))  # take-home, live coding
_PROCESS = frozenset({"process", "round", "stage", "loop", "step", "onsit"})
_CONTACT = frozenset(tokenize("hire call"))  # the hiring, or a call with the employer, beside its steps
# "recruitment steps" (a posting's "recruitment process" is mostly its accommodations: "can the
# recruitment process be adjusted for me?" asks the posting)
_RECRUITING = _PROCESS - {"process"}
_WORD = re.compile(r"[A-Za-z0-9]+")
MIN_SHORT_NAME = 4  # a name's first word alone names it only when this long ("Lyric", not "The")


_FEE = re.compile(
    r"\b(?:fees?|payments?|deposit|scam\w*|fraud\w*|fake|phish\w*)\b|\bpay (?:a|an|for|to|money)\b"
    r"|\bbank (?:details|account)|\bis (?:it|that|this) legit\w*|\blegit\?",
    re.I,
)
_SCREEN = re.compile(
    r"\b(?:tech(?:nical)?|phone|recruiter|initial|hr|first)[ -]screen(?:ing)?s?\b"
    r"|\bscreening (?:call|round)s?\b|\btech(?:nical)? stages?\b",
    re.I,
)
# the checks and the wait before an offer: "do they call referees before the offer", "offer turnaround?"
_OFFER_STEPS = re.compile(
    r"\breference[- ]?checks?\b|\b(?:call|calls|phone|ring|contact|contacts|check|checks|ask for|asks for|"
    r"want|wants|request|requests)\s+(?:your |my )?(?:references|referees)\b"
    r"|\b(?:references|referees)\b[^?.]{0,40}"
    r"\bbefore (?:an|the|making an?|making the|giving an?|extending an?) offer\b"
    r"|\boffer (?:turnaround|timeline|timing)\b"
    # the wait to an offer: "how long from the first call to an offer", "time to offer"
    r"|\b(?:call|chat|round|interview|application|applying|screen)\s+to\s+(?:an |the )?offer\b"
    r"|\btime[- ]to[- ](?:offer|hire)\b"
    # "background verification before the offer", "do they phone my previous managers before offering"
    r"|\bbackground[- ](?:checks?|verification|screening|screens?)\b"  # "is a background screen part of …"
    r"|\b(?:they|(?-i:(?!I\b)[A-Z][\w.&-]*))\s+(?:call|phone|ring|contact|speak to|talk to)\s+(?:my|your)\s+"
    r"(?:previous|former|past|old|last)\s+"
    r"(?:managers?|bosses|boss|employers?|supervisors?)\b",
    re.I,
)
# "onsite or remote?", "X ml eng: onsite? CTC?", "…: onsite, relocation?" ask where the job is done
# (beside its pay, as India's postings state it)
_WORKPLACE = frozenset({"remot", "hybrid", "ctc", "lpa", "reloc"})
# "what did they ask": the questions put to a candidate ("what do they ask for" asks requirements)
# ("what kind of technical questions do they usually ask")
_ASKED = re.compile(
    r"\bwhat (?:(?:kind|sort|type)s? of (?:[\w-]+ )?questions? )?(?:did|do|does|would|will) (?:they|the \w+) "
    r"(?:\w+ly )?ask(?:ed)?\b(?!\s+for\b)",
    re.I,
)
# "do they do a coding test", "how does X assess people", "how do they vet (or screen) candidates", "is there
# an online assessment"
_TEST = re.compile(
    r"\b(?:coding|technical|tech|online|written|skills?|aptitude|programming)\s+"
    r"(?:tests?|assessments?|exercises?|challenges?)\b"
    r"|\bbehaviou?ral (?:questions?|qs)\b"  # "what behavioural questions come up before the offer"
    # "paid trial project or home assignment?", "a work trial", "take-home or case study"
    r"|\bhome[- ]assignments?\b|\b(?:paid|unpaid|work)\s+trials?\b|\btrial\s+(?:projects?|tasks?|days?)\b"
    r"|\bcase stud(?:y|ies)\b"
    r"|\b(?:assess(?:es|ed|ing)?|vet(?:s|ted|ting)?|evaluat(?:e|es|ed|ing))\s+(?:people|candidates|applicants)\b"
    # "how do Work Bests screen candidates" (not "does X use AI to screen candidates": AI in hiring)
    r"|\bhow (?:do|does|will|would) (?:[\w.&'’-]+ ){1,4}?screen (?:people|candidates|applicants)\b",
    re.I,
)
# "who led their latest round", "a series B round": a funding round, not an interview's
_FUNDING_ROUND = re.compile(
    r"\b(?:funding|investment|financing|seed|series [a-e]|bridge)\s+rounds?\b"
    r"|\b(?:led|leads?|raised?|closed)\s+(?:(?:their|the|its|a|an|this|that)\s+)?"
    r"(?:(?:latest|last|recent|new|previous|next|first|big)\s+)?rounds?\b"
    r"|\brounds?\s+(?:was\s+|were\s+)?(?:led|raised|closed)\b"
    # "permitflow funding to date + latest round", "how much they raised in their last round"
    r"|^(?=.*\b(?:funding|funded|raised?|raising|investors?|valuation)\b)"
    r".*\b(?:latest|last|recent|previous|newest)\s+rounds?\b(?!\s+of\s+interview)",
    re.I,
)
# "has anyone been through StubHub's loop", "going through their process": the hiring's, as lived
_THROUGH = re.compile(
    r"\b(?:been|go|goes|going|went|gone|get|got|getting) through (?:the |their |its |[\w.&-]+(?:'s|’s) )?"
    r"(?:hiring |interview )?(?:loop|process|stages|rounds|pipeline)\b"
    # "what does X put applied AI candidates through before an offer"
    r"|\bputs? (?:[\w-]+ ){0,3}?(?:candidates|applicants|people|hires) through\b",
    re.I,
)
# "onsite days", "3 days a week onsite", "is the job onsite in NYC?": where one works, not an onsite round
_ONSITE_WORKPLACE = re.compile(
    r"\bon-?site (?:days?|work|per week|a week|percentage|percent|share|time|policy)\b|\bon-?site\s*%"
    r"|\bdays? (?:a week )?on-?site\b"
    r"|\b(?:job|role|position|it|be|based|work|working)\s+on-?site\b|\bon-?site\s+in\b",
    re.I,
)


_OWN_INTERVIEWS = re.compile(
    r"\b(?:i['’]?m|i am|we['’]re|we are)\s+(?:currently\s+|now\s+)?interviewing\b", re.I
)


def asks_interview_process(question: str) -> bool:
    """The question asks about interviews, a take-home, live coding or a coding test, or a hiring process
    ("onsite" beside "remote" or "hybrid", before "days" or "in" a place, is the workplace, not an onsite
    round)."""
    # "a recruiter asked me to pay a fee for the interview", "… asked for my bank details", "an interview
    # invite by text message, is that legit": a scam, not steps
    if _FEE.search(question):
        return False
    # "I'm interviewing for their staff role - which company did X buy?": the asker's state, no ask
    stems = set(tokenize(_OWN_INTERVIEWS.sub(" ", question)))
    if stems & _WORKPLACE or _ONSITE_WORKPLACE.search(question):
        stems.discard("onsit")
    if _FUNDING_ROUND.search(question):
        stems.discard("round")
    return (
        bool(stems & _INTERVIEW)
        or bool(_SCREEN.search(question))
        or bool(_ASKED.search(question))
        or bool(_TEST.search(question))
        or bool(_THROUGH.search(question))
        or bool(_OFFER_STEPS.search(question))
        or any(pair <= stems for pair in _PAIRS)
        or (bool(stems & _CONTACT) and bool(stems & _PROCESS))  # "a first call with X: later stages?"
        or (bool(stems & {"recruit", "select"}) and bool(stems & _RECRUITING))  # "selection stages"
    )


# Words around a company that make it the employer asked about, not a tool ("forbid OpenAI").
_EMPLOYER_BEFORE = frozenset(
    {
        "at",
        "does",
        "do",
        "did",
        "join",
        "joining",
        "from",
        "with",
        "for",
        "by",
        "about",
        "the",
        "is",
        "are",
        "would",  # "what rounds would amperos health run"
        "will",
    }
)
_TITLE_WORDS = (  # "machine learning" is "ml" spelled out
    r"(?:interview|process|loop|take|onsite|hiring|hire|round|stage|ai|ml|machine[ -]learning|senior|sr|jr|"
    r"staff|principal|lead|junior|applied|founding|engineer|role|job|position|team|recruit|software|data|"
    r"research|platform|solutions|backend|frontend|full[ -]?stack)\w*"
)
# (or what it does to hire: "how AegisAI Security runs its hiring loop")
_EMPLOYER_AFTER = re.compile(
    rf"\s*\)?\s*(?:['’](?:s\b|(?=\s|$))|[-–—:,?(]|{_TITLE_WORDS}"
    r"|(?:runs?|conducts?|structures?|screens?|asks?|makes?|extends?)\b)",
    re.I,
)
# "the OpenAI API", "the OpenAI or Anthropic API": a tool, not an employer
_TOOL_AFTER = re.compile(
    r"(?:\s+(?:or|and)\s+[\w.-]+)?\s+(?:api|sdk|models?|librar(?:y|ies)|framework)s?\b", re.I
)
_TITLE_AFTER = re.compile(rf"\s+{_TITLE_WORDS}", re.I)
_OTHER_NAME = re.compile(r" [A-Z][a-z]")  # a capitalised word, not an acronym ("AI"), right after
_ALTERNATIVE_GAP = re.compile(r"\s*,?\s*(?:or\s+)?", re.I)  # between two names: ", ", " or ", ", or "


def spellings(name: str) -> list[str]:
    """Patterns for how a question writes a company's name: its words with any punctuation between
    ("Lyric (clarity in motion)" for "Lyric - Clarity in motion"), without the legal suffix ("WEX's"
    for "WEX Inc."), its first word alone when that is distinctive ("Lyric", "The Hartford", "NXP"), or
    its first two words or more."""
    words = name_words(name)
    out = [r"\W+".join(re.escape(w) for w in words)]
    short = short_name(words)
    acronym = name.split()[0].isupper() and len(short[-1]) >= 3  # "NXP" of "NXP Semiconductors"
    if len(words) > len(short) and (len(short[-1]) >= MIN_SHORT_NAME or acronym):
        out.append(r"\W+".join(re.escape(w) for w in short))
    # its first words, two or more ("Luma Financial" for "Luma Financial Technologies")
    out += [r"\W+".join(map(re.escape, words[:n])) for n in range(len(words) - 1, 1, -1)]
    # its bracketed web name ("trellisconnect" of "Trellis (Trellisconnect)", "sapien.ai")
    out += [r"\W+".join(map(re.escape, key)) for key in web_name_keys(name)]
    if camel := camel_words(name):  # "sumer sports" for "SumerSports"
        out.append(r"\W*".join(camel))
    return list(dict.fromkeys(out))


def written(name: str, question: str) -> bool:
    """The question writes the company's name as a name, capitalised ("Retool", not the verb "retool") or
    opening the question before its job title, whole or as `spellings` shortens it ("Monzo" for "Monzo
    Bank")."""
    found = [m for s in spellings(name) for m in re.finditer(rf"\b{s}\b", question, re.I)]
    # typed in lower case, it opens the question before a title word or a dash: "granola AI engineer
    # london - what's the salary?" (not "retool my resume")
    # (or a word or two of it later: "deutsche bank gcp ai engineer")
    opening = any(employer_first(question, m.start(), m.end()) for m in found)
    return name in question or opening or any(m[0][:1].isupper() or m[0][:1].isdigit() for m in found)


def _opens(name: str, question: str) -> bool:
    """The question opens with the name, or has it after "at", in any case ("speechmatics holiday
    allowance …", "how many days annual leave at tide"; not "… retool")."""
    return any(
        re.match(rf"\W*{s}\b", question, re.I) or re.search(rf"\bat\s+{s}\b", question, re.I)
        for s in spellings(name)
    )


def written_names(names: Sequence[str], question: str, typed: bool = False) -> list[str]:
    """The `names` the question writes (`written`; opening it or after "at" in any case when `typed`), less
    one read only by its short form when that word is part of another name written whole ("Capital" of
    "Capital Group" is not "Capital One")."""
    found = [n for n in names if written(n, question) or (typed and _opens(n, question))]
    whole = [n for n in found if re.search(rf"\b{spellings(n)[0]}\b", question, re.I)]
    taken = {w for n in whole for w in name_words(n)}
    return [n for n in found if n in whole or not set(short_name(name_words(n))) <= taken]


def as_employer(name: str, question: str) -> bool:
    """The company stands where an interview question names its employer: first, after "at",
    "does", "with"..., or before "'s", a title or an interview word ("How does DeepL interview",
    "N26 senior SRE - what are the rounds?"); not as a tool ("is knowing LangChain enough for a
    take-home?", "will take-homes forbid OpenAI?"), nor in a list of tools or before "API" ("do
    LangChain/LangGraph and the OpenAI API show up in take-homes?")."""
    for k, spelling in enumerate(spellings(name)):
        for m in re.finditer(rf"\b{spelling}\b", question, re.I):
            if question[m.end() : m.end() + 1] == "/" or question[m.start() - 1 : m.start()] == "/":
                continue
            if k and _OTHER_NAME.match(question, m.end()) and not _TITLE_AFTER.match(question, m.end()):
                continue  # the short name starts another name: "Silicon Valley" is not "Silicon Labs"
            if _TOOL_AFTER.match(question, m.end()):  # "the OpenAI API"
                continue
            before = _WORD.findall(question[: m.start()])
            if not before or before[-1].lower() in _EMPLOYER_BEFORE:
                return True
            if len(before) > 1 and before[-1].lower() == "to" and before[-2].lower().startswith("appl"):
                return True  # "I applied to Nexaminds"
            if _EMPLOYER_AFTER.match(question, m.end()):
                return True
    return False


def alternatives(companies: Sequence[Company], question: str) -> bool:
    """The question names the companies one after another as alternatives ("at OpenAI or Scale AI",
    "Stripe, Monzo or Revolut"), so a reply about any one of them answers it."""
    starts = []
    for company in companies:
        found = [m for s in spellings(company.name) for m in re.finditer(rf"\b{s}\b", question, re.I)]
        if not found:
            return False
        starts.append(min(found, key=lambda m: m.start()))
    starts.sort(key=lambda m: m.start())
    gaps = [question[a.end() : b.start()] for a, b in zip(starts, starts[1:], strict=False)]
    return bool(gaps) and all(_ALTERNATIVE_GAP.fullmatch(g) for g in gaps) and "or" in gaps[-1].split()


# Between a name's first word and the title after it: a word of the name ("aleph alpha interview"), not
# a number, a determiner or a preposition ("bombed three interviews", "failed my onsite")
_NAME_WORD = re.compile(r"\s+[a-z][\w&.-]*", re.I)
_NOT_NAME = frozenset(
    "one two three four five six seven eight nine ten my the a an all some many few several every each "
    "in at on of for to and or with about".split()
)


def employer_first(question: str, start: int, end: int) -> bool:
    """The word at `start:end` opens the question and a title or an interview word follows it, as an
    employer's name does ("Tesco applied AI engineer - is there …", "Preply's rounds"), perhaps after
    one or two more words of the name ("aleph alpha interview process")."""
    if _WORD.search(question[:start]):
        return False
    if _EMPLOYER_AFTER.match(question, end):
        return True
    at = end
    for _ in range(2):  # after more words of the name, a title (not a comma: "bombed machinery questions,")
        word = _NAME_WORD.match(question, at)
        if word is None or word[0].strip().lower() in _NOT_NAME:
            return False
        at = word.end()
        if _TITLE_AFTER.match(question, at):
            return True
    return False


MAX_RUN = 4  # words of a name opening a question
_OPENER = re.compile(alternation((*AUXILIARIES, *WH_WORDS)), re.I)


def employer_run(question: str) -> str | None:
    """Two to MAX_RUN capitalised words (letters and digits only) opening the question right before a
    title or an interview word, as an employer's name does ("Back Market applied AI engineer - how many
    rounds?"), or None. A title word ends the run ("Senior Staff engineer" is no name)."""
    run, end = [], 0
    for i, m in enumerate(re.finditer(r"\S+", question)):
        word = m.group(0)
        if i == 0 and _OPENER.fullmatch(word):  # "Does Scale AI hire …": the question's verb, no name
            continue
        if _EMPLOYER_AFTER.match(question, m.start()) or not word[:1].isupper() or len(run) == MAX_RUN:
            break
        run.append(word)
        end = m.end()
    name = " ".join(run)
    # a possessive names the owner of something else ("Uber's GenAI Gateway - how many …"); the asker is
    # no employer ("If I take the … role")
    if len(run) < 2 or "I" in run or not name.isascii() or not name.replace(" ", "").isalnum():
        return None
    return name if _TITLE_AFTER.match(question, end) else None


# Words of an interview step ("process" alone is not one: "questions about our recruiting process").
_STEPS = _INTERVIEW | frozenset({"screen", "loop", "assess"})
# In a company's own posting the bare word is a notice, not a description ("accommodations during the
# interview process", "we never interview by chat"): a step, a take-home or a count of interviews is.
_OWN_STEPS = _STEPS - {"interview"}
_COUNT = frozenset({"one", "two", "three", "four", "five", "six"})


def _names_a_step(stems: set[str] | frozenset[str], text: str) -> bool:
    return bool(
        stems & _OWN_STEPS
        or any(pair <= stems for pair in _PAIRS)
        or ("interview" in stems and (stems & _COUNT or re.search(r"\b\d\b", text)))
    )


def own_chunk(chunk: Chunk, company: Company) -> bool:
    """The chunk is the company's own: its interview write-up or one of its postings."""
    return name_words(str(chunk.metadata.get("company") or "")) == name_words(company.name)


def describes_interviews(company: Company, passages: Sequence[Chunk]) -> bool:
    """Some passage says how the company interviews: a sentence naming an interview step (a round, a
    screen, a take-home, a number of interviews) in one of its own postings or in a list after a line
    naming the company ("Mistral AI, Applied AI Engineer (Jan 2026):"), or an interview word and the
    company elsewhere (the guide's pages often mention a company only in a table of posting counts).
    Of a link to someone else's write-up (a reading-list entry) only the guide's own note beside it
    counts ("-- failed: 90-min coding, a 5-hour take-home" does, a title "[Acme interview]" does not):
    the "no write-up" reply quotes such links as mentions."""
    name = frozenset(tokenize(" ".join(name_words(company.name))))  # "Snap Inc." is "Snap" in a note
    for chunk in passages:
        own = own_chunk(chunk, company)
        for raw, stems, text, listed in _units(chunk, name):
            if (own or listed) and _names_a_step(stems, text):
                return True
            if link_share(raw) > MAX_LINK_SHARE:
                note = frozenset(tokenize(" ".join(unlinked_words(raw))))
                if name <= note and (note & _STEPS or any(pair <= note for pair in _PAIRS)):
                    return True
            elif stems & _STEPS and name <= stems:
                return True
    return False


def _units(chunk: Chunk, name: frozenset[str]):
    """(unit as written, stems, text, listed) for the chunk's units; `listed`: an item of the list after
    a line naming the company (stems `name`) and ending in a colon ("Mistral AI, Applied AI Engineer:")."""
    lead_in = False
    for unit, (stems, text) in zip(split_units(chunk.text), sentences(chunk.text), strict=True):
        raw = unit.text(chunk.text)
        item = unit.kind == "item"
        yield raw, stems, text, lead_in and item
        lead_in = (lead_in and item) or (name <= stems and raw.rstrip().endswith(":"))


def listed_steps(companies: Sequence[Company], passages: Sequence[Chunk]) -> bool:
    """Some passage lists a named company's steps: two items or more after a line naming it ("Mistral
    AI, Applied AI Engineer (Jan 2026):", then "1. LLM theory", "2. Coding", …). "How many rounds"
    is answered by the list: the reader counts them in the quote; no number is computed."""
    for company in companies:
        name = frozenset(tokenize(company.name))
        if any(sum(listed for *_, listed in _units(c, name)) >= 2 for c in passages):
            return True
    return False


def interviews_undescribed(company: Company, passages: Sequence[Chunk]) -> bool:
    """For its interviews the company is known only by its postings: it has no more, or none of the
    passages says how it interviews."""
    return company.postings_only or bool(company.postings and not describes_interviews(company, passages))

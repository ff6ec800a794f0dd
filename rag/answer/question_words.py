"""A question's function words, one vocabulary for the answer and market layers: the auxiliaries that
open a yes/no question, the wh-words, and what they shape (its parts, a judgement asked of an action).

A question's auxiliary is no topic of it: "Does Scale AI hire …" names Scale AI, not "does" (interviews.py);
"how many engineers does X employ" counts the noun before it (figure_kinds.py); "is X hiring?" and "do
postings ask for Rust?" open with one (rag/market/one_posting.py, router.py); "do I need X?" is answered
yes or no (lead.py). A judgement asked of an action ("is it ok to ask …", "is asking … ok?") names
words the guide seldom writes and is no amount asked (rag/answer/figures.py, answerability.py). Words
opening with one ask something: "Review my CV and tell me which skills I lack" asks a question beside
its request (rag/answer/services.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rag.index.text_tokens import tokenize

AUXILIARIES = ("do", "does", "did", "is", "are", "was", "were", "can", "could", "will", "would", "should",
               "has", "have")  # fmt: skip
YES_NO_OPENERS = ("is", "are", "do", "does")  # first words of a yes/no question of what postings are or do
WH_WORDS = ("how", "what", "which", "who", "when", "where", "why")
INFORM = frozenset("tell list explain show suggest recommend".split())  # verbs asking for information
MIN_PART_TERMS = 2  # a part with fewer content words is no question of its own ("and why?")
# Pronouns name no content: "himself" and "his" are rare in a guide's text, never missing from it.
PRONOUNS = frozenset(
    "i me my mine myself you your yours yourself yourselves he him his himself she her hers herself "
    "it its itself we us our ours ourselves they them their theirs themselves "
    "anything something everything nothing anyone someone everyone whose whom".split()
)
# Function words, casual ones too ("how long till I'm productive"): no content, however seldom written
CASUAL = frozenset(
    "till til until gonna wanna gotta kinda sorta dunno ok okay overkill tbh imo imho btw pls plz thx "
    # typed without the apostrophe: "Im a data engineer", "cant make the live sessions"
    "im ive youre theyre dont doesnt didnt isnt arent cant wont wouldnt shouldnt couldnt whats thats theres "
    "heres wheres hows whos stuff among amongst "  # "git workflow stuff"
    "ex".split()  # "ex data scientist": a former one
)
# The asker's stance on a claim ("why is DE supposedly the smoothest move") or hedge on a figure ("roughly
# how long until …"): not what is asked about
STANCE = frozenset(
    "supposedly apparently allegedly reportedly seemingly presumably arguably honestly genuinely "
    "literally roughly approximately approx ballpark mostly largely properly truly bother bothers".split()
)
# What a question leaves out ("which skills apart from pytorch"): a connective, never missing from a passage
EXCEPTING = frozenset("apart aside besides except excluding".split())
# How things seem to the asker, their feelings about them and the people of their own story ("nobody seems
# to write TDD", "evals scary …?", "my boss wants …", "thinking of brushing up on evals"): not the topic
ASIDES = frozenset(
    "seem seems seemed seeming nobody somebody anybody everybody sort sorts scary scared afraid worried "
    "nervous anxious terrified daunting intimidating hate dread boss bosses brushing wondering wondered "
    "plate".split()  # "what lands on an engineer's plate": the work, said of the one who does it
)
NO_CONTENT = PRONOUNS | CASUAL | STANCE | EXCEPTING | ASIDES
NO_CONTENT_STEMS = frozenset(s for w in NO_CONTENT for s in tokenize(w))
# Words no ask is about: a question's auxiliaries ("would X sponsor me") and the words above
NOT_KEY_STEMS = NO_CONTENT_STEMS | frozenset(s for w in AUXILIARIES for s in tokenize(w))
# Where a thing's own words end: "a formal mentorship program for new hires" offers a program, "weaviate
# compared to redis" names Weaviate (the first of things set side by side), "a music room in the office"
THING_ENDS = "for|to|at|in|on|with|like|from|after|per|during|of|so|that|which|or|and|compared|versus|vs|than"


def auxiliaries_but(*left_out: str) -> tuple[str, ...]:
    """AUXILIARIES less `left_out`: a rule that reads only some of them says which it leaves out."""
    return tuple(a for a in AUXILIARIES if a not in left_out)


def alternation(words: Iterable[str]) -> str:
    """A regex group matching any of `words` ("(?:do|does|…)"); the caller adds the boundaries."""
    return "(?:" + "|".join(re.escape(w) for w in words) + ")"


# A question's parts: "…, and how long does it take?", "… remotely + what's the salary", or two questions
# in one.
# Not (yet) at "and why", "and was/were/will/would/has/have": a split there changes answers (evals/README.md).
_NEW_PART = alternation((*WH_WORDS[:-1], *auxiliaries_but("was", "were", "will", "would", "has", "have")))
# A sentence's end before a capital is one too: "I'm weighing an offer from X. Is there a bonus target?"
# ("X 401k - do they match and how much": a bare "how much" with no comma asks of the part before it)
_NEXT = rf"(?={_NEW_PART}\b|whats\b)"
# ... and ", and will they …" after a comma: "Can I work remotely, and will they sponsor a visa?"
_WILL_NEXT = r"(?=will\s+(?:they|it)\b)"
# ... and "… and would they sponsor my visa" (they: the employer; "and would it be …" judges what precedes)
_THEY_NEXT = r"(?=(?:will|would)\s+they\b)"
_JOIN = r"(?:and|&|\+|plus)"
_PARTS = re.compile(
    rf",\s+{_JOIN}\s+(?:(?:roughly|also|then)\s+)?(?:{_NEXT}|{_WILL_NEXT})"
    rf"|\s+{_JOIN}\s+(?:{_NEXT}(?!how much\s*\??\s*$)|{_THEY_NEXT})"
    rf"|[?;]\s+"
    rf"|(?-i:(?<=[a-z]{{2}})[.!]\s+(?=[A-Z]))",
    re.I,
)
# "Is it ok/okay/rude/too late to …", "would it be weird if …" opening a clause (not "how long is it
# meant to be"): the words between "it" and "to" ask for a judgement of what follows, not an amount, and
# however seldom the guide writes them they are not what the question is about (answerability.py).
JUDGEMENT = re.compile(
    r"(?:^|[,;:.?!]\s*|\b(?:and|but|so|or)\s+)(?:is|was|would|will|isn['’]t)\s+it\s+(?:be\s+)?"
    r"((?:[A-Za-z]+\s+)?[A-Za-z]+)\s+(?:to|if|that|when)\b",
    re.I,
)
# The same judgement after the action it judges: "is asking the recruiter for the range ok?", "would
# negotiating twice be rude?": an auxiliary, a gerund (the action) and, ending the clause, the judgement
# (one word, perhaps after "too" or "a bit"), not a preposition's object ("is having a portfolio important
# for juniors?" asks about juniors) nor a name's or an article's noun ("is building one AI engineering?");
# "will switching … take longer?" asks of the future, not a judgement.
_JUDGED_AFTER = re.compile(
    r"(?:^|[,;:.?!]\s*|\b(?:and|but|so|or)\s+)(?:is|was|would|isn['’]t)\s+(?-i:[a-z]+ing)\b[^,;:.?!]*?\s"
    r"(?:be\s+)?((?:(?:too|a bit|kind of|considered)\s+)?[a-z]+)\s*(?:[?.!]|$)",
    re.I,
)
# ... or of the asker's own prospects, ending the clause: "DS here - am I doomed?", "am I too old?"
_ASKER_JUDGED = re.compile(
    r"(?:^|[,;:.?!]\s*|\s[-–—]\s+|\b(?:and|but|so|or)\s+)am\s+i\s+(?:(?:too|so|just|already)\s+)?"
    r"([a-z]+)\s*(?:[?.!]|$)",
    re.I,
)
_BREAKER = re.compile(r"\b(deal[- ]?breakers?|show[- ]?stoppers?)\b", re.I)  # "is that a dealbreaker?"
# "Can I negotiate a higher salary …?", "should we ask about pay?": a yes/no question of the asker's own
# action; "do I earn more as …", "can I expect $200k?" ask of an amount.
_OWN_ACTION = re.compile(
    rf"\s*{alternation(AUXILIARIES)}\s+(?:i|we)\s+(?!(?:earn|make|get|expect)\b)[a-z]", re.I
)
# "tell me which skills I lack": the question from its question word on
_INFORM_WH = re.compile(rf"^{alternation(INFORM)}(?:\s+(?:me|us))?\s+(?={alternation(WH_WORDS)}\b)", re.I)
_NOT_BEFORE = frozenset("a an the about as at by for from in into of on than to with without".split())


# A remark on what something says, after the question: "what's the salary band? they only say
# competitive" (or "ad just says competitive") asks nothing more
_ASKING = alternation((*WH_WORDS, *AUXILIARIES))
_REMARK = re.compile(
    # "the AI solutions engineer posting only calls it generous", "Blackbaud .NET engineer job mentions a
    # tuition reimbursement program": a posting named by its title's words
    rf"(?:they|it|he|she|(?:(?:the|their|its)\s+)?(?:(?!{_ASKING}\b)[\w/().'’-]+\s+){{0,5}}?"
    r"(?:job\s+)?(?:ad|advert|posting|listing|post|jd|job|role|opening|position)s?)"
    r"\s+(?:only\s+|just\s+)?"
    r"(?:say|says|said|mention|mentions|mentioned|write|writes|"
    r"wrote|list|lists|listed|state|states|stated|call|calls)\b[^?,;]*",
    re.I,
)

# ... or on a figure the asker looked for: "sounds like a fun perk but I can't see a number anywhere"
_UNSEEN = re.compile(r"\b(?:cannot|(?:can|couldn|didn)['’]?t) (?:see|find) (?:a|any) (?:number|figure)", re.I)
_PREMISE = re.compile(r",?\s+right$", re.I)
# The asker's situation told beside the question: "… what % do they match? I'm comparing two offers"
_SITUATION = re.compile(
    r"(?:i|i['’]?m|i am|i['’]?ve|i have|i['’]?d|we|we['’]re|my|our|(?:comparing|trying|deciding|planning|"
    r"thinking|asking|weighing|choosing|considering|looking|want|wanting|hoping|got|received|landed"
    r"|saw|noticed|spotted|applied|interviewed|heard|worried|nervous|scared)\b)\s",  # "Saw their opening"
    re.I,
)
# ... or why the asker asks, however it goes on: "Trying to gauge how ops-heavy this is", "Want to budget"
_MOTIVE = re.compile(
    r"(?:just )?(?:trying|want|wanting|hoping|need) to (?:gauge|understand|figure out|get a (?:sense|feel)|"
    r"budget|plan|decide|see|compare)\b",
    re.I,
)
# ... or what would help the asker: "percentage or number of shares would help me compare offers"
_HELPS = re.compile(r"\b(?:would|will|could|might) (?:really |also )?help (?:me|us)\b", re.I)
# ... or a child on the way: "baby due in spring"
_FAMILY = re.compile(
    r"^(?:(?:a|our|my|the|first|second|new)\s+)*(?:baby|babies|twins|kid|child)\b[^?]{0,30}?"
    r"\b(?:due|arriving|on the way|expected)\b",
    re.I,
)
# A terse list of things after the pay: "citi VP salary, vacation days", "X pay, tuition assistance"
_PAY_LIST = re.compile(
    r"\b(?:salary|pay|compensation|comp|base|range|band)(,\s+)(?!(?:and|or|but|so)\b)\w", re.I
)
LIST_BREAK = re.compile(r",\s*(?:and\s+)?|\s+and\s+", re.I)
# ... unless it still asks: "I'd like to know what they pay" (not "I'd like to know before Friday"); "when",
# "where" and "if" ask first or after a word of knowing ("not sure if they sponsor"), not inside a
# statement ("I tend to ramble when I talk about past projects")
_STILL_ASKS = re.compile(
    r"\b(?:what|how|which|who|why|whether|wonder(?:ing)?|curious|tell)\b"
    r"|(?:^|\b(?:know|sure|idea|ask|asking|see|check|unclear|clear)\s+)(?:when|where|if)\b"
    r"|\b(?:when|where)\s+(?:is|are|do|does|will|would|can|could|should)\b",  # "…, where is it based"
    re.I,
)


_IS_THERE = re.compile(r"\b(?:is|are) there\b", re.I)
_AUX_ASK = re.compile(rf"\b{alternation(AUXILIARIES)}\s+(?:i|we|you|they|it)\b", re.I)
# A yes/no question of the job or employer after the situation told ("Got a call about X's job - is it
# hybrid"): the situation goes on to ask
_YES_NO = re.compile(rf"{alternation(AUXILIARIES)}\s+(?:it|they|there|the\s+\w+)\b", re.I)
# ... joined so: its things are one ask ("X lists gym membership and internet reimbursement. How much do those
# cover?" is not split at "and", rag/answer/asks.py)
BACK_JOIN = " — "
# A size asked of a thing by a pronoun: "what is it worth", "how much do those actually cover"
_BACK_ASK = re.compile(
    r"(?:so\s+|and\s+)?(?:how (?:much|big|large|high|generous)|what)\b[^,;]*?"
    # (not "they": the employer, "what rate do they match"; but "how much are they": the things)
    r"\b(?:it|that|this|those|these|(?<=\bare )they)\b",
    re.I,
)


def parts(question: str) -> list[str]:
    """The question's parts ("X, and Y?"), each on its own; a remark after a question ("they only say
    competitive"), a premise before one ("X offers a bonus, right?") and the asker's situation told
    beside it ("I'm comparing two offers") are none."""
    pieces = _pieces(question)
    every = found = [p for p, _ in pieces]
    told = _told(found)
    # "X's postings mention a 401(k) match. What rate do they match up to?": a statement before a
    # question is its premise
    told += [p for p, stated in pieces[:-1] if stated and not _STILL_ASKS.search(p)]
    # (a remark that goes on to ask is none: "They mention learning reimbursement - is there a cap?"); one
    # before the question is its premise ("X's posting says there's a 401k match; how much does it match")
    found = [
        p
        for i, p in enumerate(found)
        if not (
            (i or len(found) > 1)
            and _REMARK.fullmatch(p)
            and not _STILL_ASKS.search(p)
            and not _IS_THERE.search(p)
        )
        and p not in told
    ]
    # "X gives a bonus, right? what's the amount?": the first part is the premise of the next, no ask
    found = [p for i, p in enumerate(found) if not (i < len(found) - 1 and _PREMISE.search(p))]
    # "X's job mentions a personal interest allowance. What is it worth each year?": an ask of what the
    # statement before it names is one ask with it
    found = [_joined_back(p, every, told) for p in found]
    return found or every


def _joined_back(part: str, every: list[str], told: list[str]) -> str:
    i = every.index(part)
    return (
        f"{every[i - 1]}{BACK_JOIN}{part}" if i and every[i - 1] in told and _BACK_ASK.match(part) else part
    )


def situations(question: str) -> list[str]:
    """The parts that tell the asker's situation beside the question ("I'm comparing two offers", "I'd
    like to know before Friday"), asking nothing (none when the question is nothing else)."""
    return _told(_split(question))


# "I'm weighing an offer …", "we are considering …": the asker's state, no content asked about
_OWN_STATE = re.compile(r"\b(?:i['’]?m|i am|we['’]re|we are)\s+(?:currently\s+|now\s+)?([a-z]+ing)\b", re.I)


# The asker's own state opening the question, up to its first clause break: "im decent at LLM stuff but
# weak on docker/k8s/ci - what share of AI-first roles want ops skills"
_ASKER_CLAUSE = re.compile(
    r"^\s*(?:i['’]?m|i am|i['’]?ve|i have|my)\b[^,;:?!.–—]*?(?:\s[-–—]+\s|[,;:.!–—])(?=.*\w)", re.I
)


def without_asker_clause(question: str) -> str:
    """The question without the asker's state opening it ("im decent at LLM stuff but weak on ops - …")."""
    m = _ASKER_CLAUSE.match(question)
    return question[m.end() :] if m else question


# "I'm in Pune and …", "Based in Leeds - could I …": where the asker is, up to a clause break
_OWN_PLACE = re.compile(
    r"(?:(?:\b(?:i['’]?m|i am|we['’]re|we are)\s+(?:not\s+)?(?:(?:based|living|located)\s+)?"
    r"(?:in|outside(?: of)?|from)|(?<!can )(?<!could )\bi live in|^\s*(?:based|living|located) in)\s+"
    r"|\bi['’]?m\s+not\s+(?=(?-i:[A-Z])))"  # "I'm not Indian - rapid7's …"
    r"((?:[\w'’-]+\s?){1,3}?)(?=\s*(?:[-–—,:;.!?]|\s(?:and|but|so)\b|$))",
    re.I,
)


# ... or where they come from, a place's name ("applying from Toronto for X's role", "if I'm coming from
# Kolkata"; not "coming from data engineering")
_FROM_PLACE = re.compile(
    r"\b(?i:applying|moving|move|relocating|relocate|coming) from\s+((?:[A-Z][\w'’-]*\s?){1,3}?)"
    r"(?=\s*(?:[-–—,:;.!?]|\s(?i:and|but|so|for|to)\b|$))"
)


def situation_spans(question: str) -> list[tuple[int, int]]:
    """Where the parts telling the asker's situation (`situations`) stand in the question."""
    return [(at, at + len(p)) for p in situations(question) if (at := question.find(p)) >= 0]


def own_state_spans(question: str, place: bool = False) -> list[tuple[int, int]]:
    """Where the asker says what they are doing ("weighing" in "I'm weighing an offer from X and would like
    to know …"): a word of their situation inside the question, never missing content. With `place`, also
    where they are ("Based in Leeds - could I do X's role from home?"): asked of an employer's job, not of
    the place."""
    found = [m.span(1) for m in _OWN_STATE.finditer(question)]
    places = [m.span(1) for pattern in (_OWN_PLACE, _FROM_PLACE) for m in pattern.finditer(question)]
    return found + (places if place else [])


def without_situations(question: str) -> str:
    """The question without the asker's situation told beside it ("… my current employer does 6%")."""
    for told in situations(question):
        question = question.replace(told, " ")
    return question


def _split(question: str) -> list[str]:
    return [p for p, _ in _pieces(question)]


def _pieces(question: str) -> list[tuple[str, bool]]:
    """The question's pieces between part breaks, each with whether a full stop or "!" ends it."""
    out, start = [], 0
    for m in [*_PARTS.finditer(question), None]:
        end = m.start() if m else len(question)
        if part := question[start:end].strip(" ,.?"):
            ended = bool(m) and m.group(0).lstrip()[:1] in (".", "!")
            *first, last = _either_then(part)
            out += [*((p, False) for p in first), (last, ended)]
        start = m.end() if m else end
    return out


# "better half founding ai engineer - contractor or employee, what's the hourly rate": a choice asked, then
# another ask after a comma
ASK_AFTER_COMMA = re.compile(r"(?<=\w),\s+(?=(?:what(?:['’]?s)?|how)\b)", re.I)
_CHOICE = re.compile(r"\b[\w-]+ or [\w-]+\s*$", re.I)


def _either_then(part: str) -> list[str]:
    m = ASK_AFTER_COMMA.search(part)
    before = re.split(r"\s[-–—:]\s|:\s", part[: m.start()])[-1] if m else ""
    # ... or a yes/no question first: "yahoo senior AI eng - is it hybrid, how many office days a week"
    if m is None or not (_CHOICE.search(before) or _YES_NO.match(before)):
        return [part]
    return [part[: m.start()], part[m.end() :]]


def _told(found: list[str]) -> list[str]:
    told = [p for p in found if tells(p)]
    return told if len(told) < len(found) else []


def tells(text: str) -> bool:
    """The text tells the asker's situation or motive, or what a posting says, and asks nothing ("Got an
    offer from X for the Y role", "Trying to gauge …", "X staff ML eng: they mention education")."""
    said = re.split(r":\s|\s[\-–—]\s", text)[-1]
    if (_REMARK.fullmatch(said) or _UNSEEN.search(said)) and not _STILL_ASKS.search(said):
        return True
    if said != text and _YES_NO.match(said):  # "Thinking of applying to X's role - is it based in London"
        return False
    return bool(
        _MOTIVE.match(text)
        # ("Honest question - I have an old conviction on my record"; not "X - I'm in Canada, could I …")
        or (
            (_SITUATION.match(text) or (_SITUATION.match(said) and not _AUX_ASK.search(said)))
            or _HELPS.search(text)
            or _FAMILY.match(text)
        )
        and not _STILL_ASKS.search(text)
    )


def listed_after_pay(part: str) -> list[str]:
    """The things a terse list goes on with after the pay ("VP salary, vacation days": ["vacation days"]),
    each asked too; [] when the part is no such list."""
    m = _PAY_LIST.search(part)
    rest = part[m.end(1) :] if m else ""
    return [t.strip(" ,.?") for t in LIST_BREAK.split(rest) if t.strip(" ,.?")]


def asks(words: list[str]) -> bool:
    """The words ask something of MIN_PART_TERMS content words or more, opening with a question word, an
    auxiliary or a verb asking for information ("tell me which skills I lack"; not "is it good?")."""
    first = words[0].lower() if words else ""
    opens = first in WH_WORDS or first in AUXILIARIES or first in INFORM
    return opens and len(tokenize(" ".join(words))) >= MIN_PART_TERMS


def from_question_word(text: str) -> str:
    """`text` from its question word on when a verb asking for information opens it ("tell me which skills
    I lack": "which skills I lack"; "list the skills" stays)."""
    return _INFORM_WH.sub("", text)


def judgement_spans(text: str) -> list[tuple[int, int]]:
    """Where `text` asks whether doing something is fine: the judging words' spans ("ok" in "is it ok to
    ask …" and in "is asking … ok?"); a capitalised word is a name, no judgement ("is it Quorvo that …")."""
    found = [*JUDGEMENT.finditer(text)]
    for m in _JUDGED_AFTER.finditer(text):
        before = text[: m.start(1)].split()
        if before and before[-1].islower() and before[-1] not in _NOT_BEFORE:
            found.append(m)
    found += _ASKER_JUDGED.finditer(text)
    found += _BREAKER.finditer(text)
    return [m.span(1) for m in found if m.group(1).islower()]


def own_action(question: str) -> bool:
    """The question asks whether the asker may or should do something ("Can I negotiate …?")."""
    return bool(_OWN_ACTION.match(question))


def judged(part: str) -> bool:
    """The part asks whether doing something is fine ("is it ok to ask about the salary range"), not for an
    amount it names."""
    return bool(judgement_spans(part))

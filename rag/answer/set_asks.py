"""Questions about the job data's postings or employers as a set (used by rag/answer/answerability.py).

Quoting a few passages answers no part of "do the postings say whether jobs get reposted?" or "is
there an AI company in these postings with a piano in the office?" when no passage names the thing
asked: the data records no such field, and no posting mentions it. Three shapes:

- the data as a set (`about_data`): "in the dataset", "do the postings say …", "the companies hiring
  AI engineers", "an employer in the job list";
- what some of the jobs, offices or employers have (`some_have`): "do any of the AI employers have a
  music room", "which AI offices have a terrace", "any AI job here that has one", "is there an AI
  company in these postings with a piano", "AI companies with nap pods", "companies that assign a
  buddy", "a staff gym at work - which companies", "security AI roles wanting lock picking skills"; no
  posting has it when the
  passages lack its words, or no chunk writes its words in a row ("a meditation room");
- each posting's value (`asks_each_posting`): "which roles in the dataset have …";
- what employers or job ads want of a candidate, in any words (`asks_postings_for`): "do ai job ads care
  if youre in toastmasters", "minimum toefl score the ai postings want", "eagle scout on my resume - do
  ai employers ask for that"; no posting wants it when no chunk writes its words in a row;
- the jobs as a set and words that frame them, around the words the passages lack (`frames_only`):
  "wordle streak on the CV, any AI employer care about that lol", "which of the AI jobs would be
  impressed by my stamp collection"; the thing asked is those words, so no part of it is covered.

The candidate's own thing may come in a clause ("care if you were in a rowing club", "make you sit a
typing test first") or alone before the jobs ("uniform waist size for ai jobs"). An employer's name inside
the thing asked after the jobs ("do any postings ask for a Duolingo streak") does not make it that
employer's question.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.answer.question_words import NOT_KEY_STEMS, THING_ENDS, asks, parts, without_situations
from rag.answer.verdict import question_terms
from rag.index.text_tokens import tokenize

# The job data as a set: "the postings in the dataset", "in the job data" (not one posting)
_ABOUT_DATA = re.compile(
    r"\b(?:in|from|across) (?:the|your|this) (?:job[- ]?)?data(?:set)?\b|\b(?:the|your) (?:job )?dataset\b|"
    # the postings as a set, asked what they say: "do the postings say whether …"
    r"\b(?:do|does|did) (?:the|any|these) (?:job )?(?:postings|listings|job ads|job adverts|adverts)\b|"
    # the employers as a set: "the companies hiring AI engineers", "an employer in the job list"
    r"\b(?:in|on) the (?:job|jobs) list\b|\b(?:the|any of the) (?:companies|employers) (?:hiring|posting)\b",
    re.I,
)
# Each posting's value asked ("which roles in the dataset have …"): no field the market desk knows
_PER_POSTING = re.compile(
    r"\bwhich (?:of the )?(?:[\w/-]+ ){0,3}?(?:postings?|jobs?|roles?|listings?|ads|adverts|openings?|"
    r"positions?|companies|employers)\b|\b(?:typical|average|median|usual)\b",
    re.I,
)
_SOME = r"(?:which|any|is there (?:an?|any)|are there(?: any)?|do(?:es)? (?:any|the|these))"
_HOLDERS = (
    r"(?:compan(?:y|ies)|employers?|jobs?|roles?|positions?|postings?|listings?|offices?|startups?|firms?)"
)
_PLURAL_HOLDERS = r"(?:companies|employers|jobs|roles|positions|postings|listings|offices|startups|firms)"
_HAVING = (
    r"(?:have|has|having|had|with|where|mentions?|offers?|offering|provides?|providing|gives?|giving|includes?|"
    r"including|runs?|lets?|allows?|(?:help )?(?:pay|pays|paying) for|covers?|covering|subsidi[sz]es?|"
    r"hand(?:s|ing)? out|reimburses?|host(?:s|ing)?|organi[sz](?:es?|ing))"
)
# What some of them have: a set word ("any", "which", "is there an"), a few words, the holders, then
# (in the same clause) what they have
_SOME_HAVE = re.compile(
    rf"\b{_SOME}\b(?: of (?:the|these|those))? (?:[\w/-]+ ){{0,3}}?{_HOLDERS}\b[^?.;]*?\b{_HAVING}\b"
    r"(?P<thing>[^,?;.]*)",
    re.I,
)
# ... or the holders first, or asked for: "AI companies with nap pods", "give me companies hiring AI
# engineers that have a crèche", "companies that assign a buddy" (any verb after "that"), "I'm hunting
# for AI teams that organise axe throwing socials"
_THOSE_HAVE = re.compile(
    rf"(?:^|\b(?:me|list|show|find|(?:hunting|looking|searching) for)\s+)(?:the |all )?(?:[\w/-]+ ){{0,2}}?"
    rf"(?:{_PLURAL_HOLDERS}|teams)\b"
    rf"(?:(?: [\w/-]+){{0,4}}? (?:(?:that|which|who) )?{_HAVING}\b| (?:that|which|who) (?!are\b|is\b)\w+)"
    r"(?P<thing>[^,?;.]*)",
    re.I,
)
# ... or the thing first and the holders asked after it: "meditation room at work - which companies",
# "dry cleaning as a perk, any ai company do that", "does anyone give a bike scheme - which companies",
# "refresher grants - which companies top up stock every year"
_THING_FIRST = re.compile(
    r"^(?:(?:does|do|will) (?:anyone|anybody|someone) (?:\w+ )(?:(?:a|an|any|the) )?)?"
    r"(?!(?:what|how|why|who|when|where|which|is|are|do|does|can)\b)"
    rf"(?P<thing>[^,?;.:]+?)\s*(?:-+|–|—|,|:|\?+)\s*(?:which|any)(?: [\w/-]+){{0,2}}? {_HOLDERS}"
    r"(?: \w+(?: (?:that|this|it|one|them|those|these))?"
    r"| (?:offer|give|pay|top up|run|provide)s?(?: \w+){0,4})?"  # "… top up stock every year"
    r"\s*\??\s*$",
    re.I,
)
# A perk named as one: "ski lift pass perk", "dog walking as a perk", "an e-scooter scheme", "creche for
# staff", "free bike repair at work" (a few words before the cue, from the question's start or a word
# that opens a noun phrase; "X role perks" asks for a role's perks)
_NOT_A_PERK = (
    r"(?!(?:what|which|any|some|other|more|many|much|how|good|best|great|usual|typical|these|those|their|your"
    r"|my|our)\b)"
)
_PERK_NAMED = re.compile(
    rf"(?:^|\b(?:any|an?|the|free|offers?|gives?|provides?|there)\s+){_NOT_A_PERK}"
    rf"(?P<thing>(?:[\w'-]+\s+){{0,3}}?(?!{_HOLDERS}\b)[\w'-]+)\s+(?:as\s+an?\s+perk|perk|schemes?)\b",
    re.I,
)
_FOR_STAFF = re.compile(
    r"^(?:(?:free|on[- ]?site|in[- ]house)\s+)*"
    r"(?!(?:how|what|why|who|when|where|which|is|are|do|does|can|should|i|my|using|use)\b)"
    r"(?P<thing>(?:[\w'-]+\s+){0,3}?[\w'-]+)\s+"
    r"(?:for (?:staff|employees|workers)\b|at work\b(?=.*\b(?:offer|provide|give|compan|employer))"
    r"|at work\s*\??\s*$)",  # "chess club at work?"
    re.I,
)
_FREE_AT_WORK = re.compile(r"^free\s+(?P<thing>(?:[\w'-]+\s+){0,3}?[\w'-]+)\s+(?:at|for|in)\b", re.I)
# ... or by the form a perk takes, opening the question: "company bowling nights", "e-bike lease through
# the employer - …"; or as the question's thing with the jobs after it: "monitor arm at desk, ml jobs",
# "bubble tea fridays anywhere?"
_PERK_FORM = re.compile(
    rf"^(?:(?:company|office|staff|free|on[- ]?site)\s+)*{_NOT_A_PERK}"
    r"(?P<thing>(?:[\w'-]+\s+){0,2}?[\w'-]+\s+(?:nights|outings|classes|lessons|memberships?|passes|"
    r"tickets|subscriptions?|discounts?|vouchers?|lease|leasing|service|lunches|dinners|snacks))\b",
    re.I,
)
_ANYWHERE = re.compile(
    rf"^{_NOT_A_PERK}(?!(?:how|why|who|when|where|is|are|do|does|can)\b)(?P<thing>[^,?;.:]+?)\s+"
    # "bake sale at these companies?", "fire drill frequency at the offices?", "… in these jobs"
    rf"(?:anywhere|(?:at|in) (?:any(?: of (?:the|these|those))?|these|those|the)(?: [\w-]+)? {_HOLDERS})"
    r"\s*\??\s*$",
    re.I,
)
_JOBS_AFTER = re.compile(
    rf"^{_NOT_A_PERK}(?!(?:how|why|who|when|where|is|are|do|does|can)\b)(?P<thing>[^,?;.:]+?)\s*(?:-+|–|—|,|:)\s*"
    r"(?:ai|ml|genai|tech)?\s*(?:jobs|roles|companies|employers)\s*\??\s*$",
    re.I,
)
# What the jobs ask of a candidate: "which AI postings ask for your star sign", "shoe size requirements for
# ai roles", "minimum typing speed for ai engineers", or a field to filter them by (no posting asks or
# records it when no passage names it)
_FOR_JOBS = (
    r"(?:for|of|in) (?:(?:any|all|each) of (?:the |these )?)?(?:[\w/-]+ ){0,2}?"
    r"(?:"
    + _HOLDERS
    + r"|engineers?|developers?|candidates?|applicants?|hires?|hiring|(?:job )?ads|adverts)\b"
)
_ASKED_FOR = (
    re.compile(
        rf"\bwhich (?:[\w/-]+ ){{0,3}}?{_HOLDERS} (?:ask|want|require|list|care|check)s? "
        r"(?:for |about )?(?!for\b)(?P<thing>\w[^,?;.]*)",
        re.I,
    ),
    re.compile(
        rf"^(?!(?:what|which|how|why|who|when|where|is|are|do|does|can|the|any|job|role)\b)"
        rf"(?P<thing>(?:[\w'-]+\s+){{0,2}}?[\w'-]+)\s+(?:requirements?|limits?|cut-?offs?|rules?)"
        # "eye colour requirements lol": the jobs' requirements, asked alone
        rf"(?:\s+{_FOR_JOBS}|(?:\s+(?:lol|lmao|haha|pls|please))?\s*\??\s*$)",
        re.I,
    ),
    re.compile(rf"^(?:minimum|min|required)\s+(?P<thing>(?:[\w'-]+\s+){{0,2}}?[\w'-]+)\s+{_FOR_JOBS}", re.I),
    # what they ask: "t-shirt size asked in ai postings?"
    re.compile(
        r"^(?!(?:what|which|how|why|who|when|where|is|are|do|does|can)\b)"
        rf"(?P<thing>(?:[\w'-]+\s+){{0,2}}?[\w'-]+)\s+(?:asked|required|checked|requested)\s+(?:for\s+)?"
        # "touch typing required for ai eng roles??"
        rf"(?:in|by|for)\s+(?:ai |ml |tech |genai )?(?:(?!(?:my|our|your)\b)[\w/-]+ )?{_HOLDERS}\s*\?*\s*$",
        re.I,
    ),
    # the jobs named, then what they check: "ai jobs: credit score checked?"
    re.compile(
        rf"^(?:[\w/-]+ ){{0,2}}?{_HOLDERS}\s*[:\-–—]\s*(?P<thing>(?:[\w'-]+\s+){{0,2}}?[\w'-]+)\s+"
        r"(?:checked|required|needed|asked for|tested)\s*\??\s*$",
        re.I,
    ),
    # a field to sort the jobs by: "can I filter the AI postings by ferry access to the office"
    re.compile(
        rf"\b(?:filter|sort|rank|search)(?: through)? (?:the |these |all )?(?:[\w/-]+ ){{0,2}}?{_HOLDERS} by "
        r"(?P<thing>\w[^,?;.]*)",
        re.I,
    ),
)
# ... asked whether any does: "do any of the companies still ask for a handwriting sample" (a thing of a
# word the guide's pages seldom use: "do any still ask for leetcode style rounds" is answered by the guide)
_ANY_ASKS = re.compile(
    rf"\bdo(?:es)? any(?: of (?:the|these))? (?:[\w/-]+ ){{0,3}}?{_HOLDERS} (?:still |even |really )?"
    r"(?:ask|want|require|care)s? (?:for |about )?(?!for\b)(?P<your>your )?(?P<thing>\w[^,?;.]*)",
    re.I,
)
# ... or friendly to it: "left-handed friendly AI employers" (not "beginner friendly" alone: no holders)
_FRIENDLY = re.compile(
    rf"^(?:any |which )?(?P<thing>(?:[\w'-]+\s+){{0,2}}?[\w'-]+?)[\s-]friendly (?:[\w/-]+ ){{0,2}}?"
    rf"{_PLURAL_HOLDERS}\b",
    re.I,
)
# ... or the jobs wanting it: "security AI roles wanting lock picking skills?" (a thing of a word the
# guide's pages seldom use: "roles needing production rag experience" is answered)
_HOLDERS_WANTING = re.compile(
    rf"^(?:[\w/-]+ ){{0,2}}?{_PLURAL_HOLDERS} (?:that |which |who )?"
    r"(?:check(?:s|ing)?|need(?:s|ing)?|requir(?:e|es|ing)|want(?:s|ing)?|ask(?:s|ing)? for) "
    r"(?:lots of |a lot of |many |a |an |your )?(?P<thing>[^,?;.]+?)\s*\?*\s*$",
    re.I,
)
# ... or named alone before the jobs: "uniform waist size for ai jobs", "ucas points for ai grad schemes",
# "office floor number per job?"
_THING_FOR_JOBS = re.compile(
    r"^(?!(?:what|which|how|why|who|when|where|is|are|do|does|can|should|best|good|top|typical|average|job|"
    r"role|the|any|my|your)\b)"
    r"(?P<thing>(?:[\w'-]+\s+){1,3}?(?!(?:requirements?|required|skills?)\b)[\w'-]+)\s+(?:for|per|in)\s+"
    r"(?:an?\s+|each\s+|every\s+)?"
    r"(?:(?:ai|ml|genai|llm|tech)\s+)?(?:(?!(?:my|our|your|his|her|their)\b)[\w-]+\s+)?"
    r"(?:jobs?|roles?|postings?|positions?|openings?|(?:grad )?(?:schemes?|programmes?|programs?))"
    r"\s*\?*\s*(?:(?:lol|lmao|haha|tbh)\W*)?$",  # "grip strength test for ai jobs?? lol"
    re.I,
)
# The candidate's own thing, in a clause of its own: "care if you were in a rowing club", "make you sit a
# typing test first"
_CANDIDATE = r"(?:if|whether)\s+(?:you|u|applicants?|candidates?)"
_SIT = r"(?:sit|take|do|pass|complete)"
_OF_CANDIDATE = re.compile(
    rf"\b(?:care|cares|mind|minds|matter|matters)\s+(?:about\s+)?{_CANDIDATE}\b"
    rf"|\bmakes?\s+(?:you|u|applicants|candidates)\s+{_SIT}\b",
    re.I,
)
# ... and where the thing starts in such a clause: after "if you were in", "sit"
_CANDIDATE_CLAUSE = re.compile(rf"^(?:{_CANDIDATE}\s+\w+\s+(?:(?:in|into|on|at|to|of)\s+)?|{_SIT}\s+)", re.I)
_WITH = re.compile(r"\bw/\s*", re.I)  # "ml jobs w/ sleep coaching perk"
# A judgement of them, not a thing they have: "companies with the best interview process"
_JUDGED = re.compile(
    r"(?:the )?(?:best|better|worst|most|least|more|less|good|great|bad|\w+est)\b|the \w+est\b", re.I
)
_ARTICLE = re.compile(r"^\s*(?:(?:a|an|the|any|some|you|free|their|its|your)\s+)+", re.I)
# Where the thing's own words end (question_words.py), or the asker's clause: "a terrace I could use"
_THING_END = re.compile(
    rf"\s+(?:{THING_ENDS}|as|i|we|you|when|if|because|first|beforehand|lol|lmao|haha)\b.*|\s[-–—]\s.*", re.I
)


# Employers, job ads or applications as a set, and a word for what they want of a candidate, or a thing put
# on the CV ("on my resume"): the question asks what the postings want
_HOLDERS_OF_ASKS = re.compile(
    r"\b(?:employers|companies|startups|firms|applications|postings|listings|hiring managers?|recruiters|"
    r"job (?:ads|adverts|descriptions|postings|posts|specs)|"
    r"any (?:[\w-]+ ){0,2}?(?:employer|company|job ad|job|role|posting)|"
    r"(?:ai|ml|genai|tech)\s+(?:[\w-]+\s+)?(?:jobs|roles|positions|employers|companies))\b",
    re.I,
)
# ... or hiring itself, which wants what it weighs: "good scrabble rating for getting hired", "speedcubing
# times in ai hiring?"
# (not the asker's chances: "realistic to get hired straight in as a senior")
_IN_HIRING = re.compile(r"\bfor getting hired\b|\b(?:in|for) (?:ai|ml)(?: \w+)? hiring\b", re.I)
_WANTING = re.compile(
    r"\b(?:care[sd]?|ask(?:s|ed|ing)? (?:for|about)|want(?:s|ed)?|need(?:s|ed|ing)?|requir(?:e|es|ed|ing)|"
    r"expect(?:s|ed|ing)?|mention(?:s|ed|ing)?|look(?:s|ing)? for|valu(?:e|es|ed)|prefer(?:s|red)?|"
    r"rate[sd]?|impress(?:ed|es)?)\b",
    re.I,
)
_ON_CV = re.compile(r"\bon (?:my|the|your|a|an) (?:cv|resume|résumé)\b", re.I)


def asks_postings_for(question: str) -> bool:
    """The question asks what employers or job ads as a set want of a candidate ("do ai job ads care if
    youre in toastmasters", "eagle scout on my resume - do ai employers ask for that")."""
    if _IN_HIRING.search(question):
        return True
    if _HOLDERS_OF_ASKS.search(question) is None:
        return False
    return _WANTING.search(question) is not None or _ON_CV.search(question) is not None


def about_data(question: str) -> bool:
    """The question asks about the job data's postings or employers as a set."""
    return _ABOUT_DATA.search(question) is not None


def asks_each_posting(question: str) -> bool:
    """The question asks a value of each posting ("which roles in the dataset have …", "the typical …")."""
    return _PER_POSTING.search(question) is not None


def some_have(question: str) -> str | None:
    """What the question asks some of the jobs, offices or employers to have, in its own words without
    articles or what follows ("music room" of "a music room in the office"); "" when it says it in a
    clause ("… where you only need GenAI skills"); None when it asks no such thing."""
    question = _WITH.sub("with ", question)
    m = _THING_FIRST.search(question) or _SOME_HAVE.search(question) or _THOSE_HAVE.search(question)
    m = m or perk_named(question) or _asked_for(question) or _ANY_ASKS.search(question)
    m = (
        m
        or _FRIENDLY.search(question)
        or _HOLDERS_WANTING.search(question)
        or _THING_FOR_JOBS.search(question)
    )
    if m is None or _JUDGED.match(m["thing"].strip()):
        return None
    if m[0][: m.start("thing") - m.start()].rstrip().lower().endswith("where"):
        return ""  # "… where you only need GenAI skills": a clause, not a thing they have
    thing = _CANDIDATE_CLAUSE.sub("", _ARTICLE.sub("", m["thing"].strip()))
    return _THING_END.sub("", _ARTICLE.sub("", thing)).strip()


def perk_named(question: str) -> re.Match | None:
    """The question names a perk as one ("ski lift pass perk", "creche for staff"): its `thing` group."""
    shapes = (_PERK_NAMED, _FOR_STAFF, _FREE_AT_WORK, _PERK_FORM, _ANYWHERE, _JOBS_AFTER)
    return next((m for shape in shapes if (m := shape.search(question))), None)


def _asked_for(question: str) -> re.Match | None:
    return next((m for shape in _ASKED_FOR if (m := shape.search(question))), None)


def asks_of_candidates(question: str) -> bool:
    """The question asks what the jobs require of a candidate ("shoe size requirements for ai roles"), or
    whether any asks for the candidate's own ("do any AI jobs ask for your blood group")."""
    m = _ANY_ASKS.search(question)
    if _OF_CANDIDATE.search(question):  # "do any AI eng postings care if you play a musical instrument"
        return True
    return _asked_for(question) is not None or (m is not None and m["your"] is not None)


def asked_of_some(question: str, names: Sequence[str] = ()) -> str | None:
    """`some_have` of the question when that is its only asking part (not beside "how do I prepare
    for the onsite?"); else None. Not of a named employer (its postings may say: "toku token spend
    limits"), unless the name is a word of the thing asked after the jobs ("do any postings ask for a
    Duolingo streak")."""
    others = [p for p in parts(question) if some_have(p) is None]
    thing = None if any(asks(p.split()) for p in others) else some_have(question)
    if thing is None or (names and question.lower().find(thing.lower()) <= 0):
        return None
    inside = all(n.lower() in thing.lower() and len(thing.split()) > len(n.split()) for n in names)
    return thing if inside else None


# The jobs or employers as a set ("any AI employer", "AI job applications", "ai startups"), and the words
# that frame a question about them: the jobs, the hiring, what they want of a candidate
_SET_OF_JOBS = re.compile(
    rf"\bany (?:[\w/-]+ ){{0,2}}?{_HOLDERS}\b|\b(?:{_PLURAL_HOLDERS}|applications|applicants|job ads)\b"
    r"|\b(?:ai|ml|tech) teams\b|\bplaces hiring\b|\bhow (?:common|usual|normal|typical)\b",
    re.I,
)
_FRAME_STEMS = frozenset(
    s
    for w in (
        "ai ml genai llm tech engineer engineering eng job role posting listing ad advert employer company "
        "startup firm hire hiring recruiter cv resume application applicant candidate care value want ask "
        "require requirement list mention impress rate matter need expect look prefer useful use help worth "
        "any actually really which about among lol best worst good bad better worse place team common usual "
        "normal typical offer before"
    ).split()
    for s in tokenize(w)
)
_CLAUSE_BREAK = re.compile(r"[,;:?!.()]|\s[-–—]\s")


def frames_only(question: str, missing: tuple[str, ...]) -> bool:
    """The question asks the jobs or employers as a set about the words the passages lack (`missing`)
    and the words beside them, its other words only framing it ("favourite film question on AI job
    applications", "cat person or dog person - does any employer actually ask lol"); the asker's situation
    told beside it frames it too ("asking because I cannot work in silence")."""
    question = without_situations(question)
    if _SET_OF_JOBS.search(question) is None:
        return False
    lacking = set(tokenize(" ".join(missing)))
    # "…, and how do I prepare for the onsite?": another part asks something of its own
    if sum(bool(set(tokenize(p)) & lacking) for p in parts(question)) > 1:
        return False
    terms = question_terms(question)
    thing = {i for i, t in enumerate(terms) if t.stem in lacking}
    if not thing:
        return False
    for i in list(thing):  # the word on either side in the same clause names the thing too
        for j in (i - 1, i + 1):
            if 0 <= j < len(terms):
                a, b = sorted((terms[i], terms[j]), key=lambda t: t.start)
                if not _CLAUSE_BREAK.search(question[a.end : b.start]):
                    thing.add(j)
    rest = (t.stem for i, t in enumerate(terms) if i not in thing)
    return all(s in _FRAME_STEMS or s in NOT_KEY_STEMS for s in rest)

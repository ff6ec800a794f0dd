"""The words that ask a policy (read by policy.py's `policy_ask`): a point of law, a law named, a tax, a move
paid for, and a perk asked of a named employer; and the lines that answer the last two."""

import re

LEGAL_ASK = re.compile(
    # "is it legal to", "legally": a point of law; "legal tech" names a domain
    # ("medical or legal": a domain in a list)
    r"\b(?:(?<!\bor )(?<!\band )(?<!, )(?:il)?legal(?=\s*(?:[?.!,;]|$|(?:to|for|in|under|if)\b))|"
    r"(?:il)?legally|"
    r"lawful(?:ly)?|unlawful(?:ly)?|(?:un)?enforceable|by law|the law|"
    r"(?:my|your|their|employee|worker|candidate)s?['’]? rights|ruling|regulations?|statutory|"
    # a right the law grants: "the right to disconnect", "right to be forgotten"
    r"(?:(?:the|a|my|your|our)|(?<=\w)['’]s) right to \w+|"
    # being taken to court: "can they sue me"
    r"sue(?:d|s)?|lawsuits?|"
    # what one's own employer may do to one: "can my employer read my prompts" ("can a company hire
    # me without a degree" asks about hiring; "how can my company start hiring" asks how)
    r"(?<!\bhow )(?<!\bwhat )(?<!\bwhy )can (?:my|your) (?:current |former |new )?(?:employer|company)|"
    # "can a California employer ask …": an employer as the party the law binds ("can a company hire me
    # without a degree" asks about hiring)
    r"(?<!\bhow )(?<!\bwhat )(?<!\bwhy )can (?:an?|the) (?:[A-Z][\w-]+ )?employer)\b",
    re.I,
)
# "the EU AI Act", "the EU pay transparency directive": a law, named
# "under GDPR", "under the CCPA": a law by its acronym (not "what falls under LLM engineering"); "Spain's
# Beckham law", "California law", "employment law"; "Ontario's working for workers act" (not "the law", "by
# law": a legal point; not "Conway's law", "scaling laws", "a law firm")
LAW_NAME = re.compile(
    r"\b(?:[A-Z][\w.-]*\s+)+Act\b|(?<=\bthe )(?:[\w-]+\s+){1,4}?(?i:directive)\b|"
    r"(?:(?<=\b[Uu]nder )|(?<=\b[Uu]nder the ))[A-Z][A-Z0-9]{2,5}\b"
    r"(?=\s*(?:[,?.!;]|$|(?i:can|could|may|must|do|does|is|are|would|will|should|for|to|in|if|when|rules?)\b))|"
    r"(?:\b(?<!['’])[A-Z][\w-]*|(?<=['’]s )[\w-]+|\b(?i:employment|labou?r|tax|immigration|privacy|contract|"
    r"competition|consumer|case|state|federal))\s+(?i:laws?)\b(?!\s+(?i:firms?|schools?|students?|degrees?))|"
    r"(?:(?<=['’]s )|(?<=\bthe ))(?:[\w-]+\s+){1,4}?(?i:act)\b(?!\s+(?i:of|as|on|like))"
)
# A tax owed or a tax rule ("taxed", "pay tax", "my taxes", "the tax rate"); not a name ("Column Tax") or
# a product's subject ("a tax document chatbot"). An election filed with the tax office ("file an 83(b)
# election").
TAX_ASK = re.compile(
    r"\b(?:tax(?:es|ed|ation)|(?<=\bpay )tax|(?<=\bincome )tax|"
    r"tax(?= (?:rates?|returns?|brackets?|residen\w*|deductions?|breaks?|credits?|treat(?:y|ies)|codes?|"
    r"laws?|purposes|elections?)\b)|"
    r"file (?:an? |my |the )?(?:[\w()-]+ ){0,2}?elections?|social security)\b",
    re.I,
)
# A move paid for ("cover moving costs", "pay for my move"), which only a line on relocation help
# answers ("relocation assistance", not "you will relocate to Amsterdam")
MOVE_PAID = re.compile(
    r"\bmoving (?:costs?|expenses|help|assistance|support|allowance|package)\b|"  # "is moving help offered"
    # "pay for my move", "pay for moving" (not "cover moving" of "cover moving costs": its costs are the term)
    r"\b(?:pay|cover)(?:s|ing)? (?:for )?"
    r"(?:(?:my|the|your|our) (?:move|moving)|moving(?! (?:costs?|expenses)))\b|"
    r"\bpay(?:s|ing)? to move (?:me|us)\b"  # "would they pay to move me"
    r"|\bhelp (?:with )?moving (?:cities|city|countries|country|house|home|abroad)\b"
    r"|\bhelp (?:me|us) (?:to )?(?:move|relocate)\b(?! (?:forward|on|up|ahead|into|away))",  # "help me move"
    re.I,
)
RELOCATION_HELP = re.compile(
    r"\brelocation (?:assistance|package|support|bonus|benefits?|stipend|allowance|costs?|expenses|"
    r"reimbursement)"
    r"|\b(?:cover|pay|reimburse)\w* (?:for )?(?:your |the )?relocation|\bmoving (?:costs?|expenses)"
    # "we will support relocation for …", "relocation is available"
    r"|\b(?:support|assist|help)\w* (?:with )?(?:your |the )?relocation\b"
    r"|\brelocation (?:is |will be )?(?:supported|available|offered|provided)\b",
    re.I,
)
# A perk asked of a named employer ("is there equity on top", "does the role come with a pension", "joining
# bonus?"): only its own postings say whether it has one
_BONUS = r"(?:signing|sign-on|sign on|joining|welcome) bonus"
PERK_ASK = re.compile(rf"\b(?:equity|stock options|rsus?|pension|401\(?k\)?|{_BONUS})(?!\w)", re.I)
_RETIREMENT = r"pension|401\(?k\)?|retirement"


def perk_said(term: str) -> re.Pattern[str]:
    """What a line says to answer a perk asked: the perk, or its kind in another word ("sign-on bonus" for
    "joining bonus", "401(k)" for "pension")."""
    low = term.lower()
    if re.fullmatch(_BONUS, low):
        return re.compile(rf"\b{_BONUS}", re.I)
    if re.fullmatch(_RETIREMENT, low):
        return re.compile(rf"\b(?:{_RETIREMENT})", re.I)
    return re.compile(rf"\b{re.escape(low)}", re.I)


# A contract term asked: a notice period, vesting, a visa, a kind of leave, a clause, a licence, a tax form
CONTRACT_ASK = re.compile(
    r"\b(?:notice periods?|vest(?:s|ed|ing)?|cliffs?|non-?competes?|garden leave|probation(?:ary)?|"
    r"severance|ndas?|non-?disclosure|ir35|(?:(?!h-?1b\b)[a-z]{1,2}-?\d[a-z]? )?visas?|"
    r"(?:visa )?sponsorship|h-?1b|green cards?|"
    r"sponsor(?:s|ing)?(?= (?:me|us|you|foreigners|international)\b)|"  # "would they sponsor me"
    r"(?:work|employment|residence|residency) permits?|"
    r"(?:parental|maternity|paternity|sick|annual|paid) leave|vacation days?|pto|overtime|"
    r"on[- ]call (?:pay|compensation|allowance)|pay for (?:being )?on[- ]call|"
    r"intellectual property|ip (?:assignment|rights|clauses?)|(?<=\bwho )owns?|"
    r"owned by (?:my|your|the|their|an?) (?:current |former |new )?(?:employer|company)|"
    # a clause of a contract ("a non-solicitation clause"), paying a cost back, a licence's terms
    r"(?:[\w-]+ )?clauses?|pay (?:it |them |this |that )?back|repay(?:ments?)?|claw ?backs?|"
    r"licen[cs](?:e|es|ing)|"
    # an agreement that sets a sector's terms ("the Syntec collective agreement", "a union contract")
    r"collective (?:bargaining |labou?r )?agreements?|union (?:contracts?|agreements?)|"
    # a provider's terms ("under their terms"), an option grant's exercise window
    r"terms of (?:use|service)|under (?:their|its|the) terms|"
    r"exercise (?:my |your |the )?(?:stock )?options|"
    # a worker's tax classification in the US
    r"w-?2|1099)\b",
    re.I,
)
# ... and relocation, read when a part names no other term ("will they relocate me or sponsor a visa" asks
# the visa as before)
RELOCATION = re.compile(r"\brelocat(?:e|ion|ing)\b", re.I)


def term_named(text: str) -> re.Match | None:
    """The first contract term, paid move or relocation the text names (an item of a listed ask)."""
    return next((m for cue in (CONTRACT_ASK, MOVE_PAID, RELOCATION) if (m := cue.search(text))), None)


# a piece that asks: a choice ("remote or office"), a question word, or a facet of the job asked bare ("X
# chennai - experience needed, do they help with relocation"; "X: years, visa?" is a list, read as one)
ASKING_PIECE = re.compile(
    r"\b\w+ or \w+\b|^\s*(?:what|how|which)\b"
    r"|^(?!.*:\s).*\b(?:experience|exp|yrs|years|salary|pay|ctc|onsite)\b",
    re.I,
)
_ITEMS = re.compile(r"[/+&]|\b(?:and|or)\b", re.I)  # what lists an ask's items: "visa/relo", "abroad or …"


def qualifies(words: str, part: str, term: str) -> bool:
    """`words` of an ask's `part` are of its `term`'s item, not another listed beside it ("deduct my home
    office on my US taxes", "the passeport talent visa"; not "remote from abroad or relocate with visa",
    "visa/relo help")."""
    items = _ITEMS.split(part)
    own = next((item for item in items if term.lower() in item.lower()), part)
    return words in own

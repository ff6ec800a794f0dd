"""The words the market router reads questions by: intents (count, share, top, pay...), posting
nouns and demand verbs, guide-only topics, fields the postings do not record, and group words."""

from __future__ import annotations

import re

from rag.answer.question_words import YES_NO_OPENERS

POSTING_NOUNS = ("posting", "postings", "jobs", "job posts", "job ads", "job adverts", "adverts", "listings",
                 "openings", "vacancies", "roles", "positions", "employers", "job market", "hiring",
                 "job postings")  # fmt: skip
# Words after a pay word that make it another thing: "a salary advance", "a pay cut", "salary sacrifice"
PAY_MODIFIED = frozenset({"advance", "advances", "sacrifice", "cut", "cuts", "slip", "slips", "rise",
                          "rises", "raise", "raises", "increase", "increases", "hike", "freeze", "history",
                          "deduction", "deductions", "transparency", "review", "reviews", "negotiation",
                          "negotiations"})  # fmt: skip
# Words before a pay word that make it another thing than the salary ("sick pay", "overtime pay")
PAY_KINDS = frozenset({"sick", "holiday", "vacation", "maternity", "paternity", "parental", "overtime",
                       "severance", "redundancy", "shift", "hazard", "standby"})  # fmt: skip
SALARY = ("pay", "pays", "paid", "paying", "salary", "salaries", "compensation", "comp", "earn", "earns",
          "wage", "wages",
          "how much do", "how much does", "base pay", "pay range", "pay ranges", "salary range")  # fmt: skip
COUNT = (
    "how many",
    "number of",
    "count of",
    "count the",
    "how much demand",
    "do many",
    "are many",
    "many postings",
    "many jobs",
    "many roles",
    "are there many",
    "are there lots",
    "are there a lot",
    "is there a lot",
)
SHARE = ("share", "percentage", "percent", "%", "proportion", "fraction", "how common", "how often",
         "what portion", "ratio", "how popular", "how frequent", "how frequently", "what part",
         "how likely")  # fmt: skip
TOP = ("top", "most common", "most requested", "most popular", "most in-demand", "most in demand",
       "most wanted",
       "most frequently", "most often", "most sought", "come up most", "comes up most", "appear most",
       "mentioned most", "most mentioned", "most asked", "most", "leading", "biggest", "largest")  # fmt: skip
BY_MONTH = ("by month", "per month", "each month", "monthly", "over time", "trend", "month by month",
            "month over month", "every month", "a month")  # fmt: skip
COOCCUR = ("alongside", "together with", "along with", "co-occur", "cooccur", "paired with", "combined with",
           "go with", "goes with", "go together", "appear with", "appears with", "in combination with",
           "next to", "come with", "comes with", "accompany", "accompanies", "combo", "combos")  # fmt: skip
# A yes/no question whether one employer is hiring ("is Scale AI hiring?", "does Stripe have openings?").
HIRING = ("hiring", "hire", "hires", "recruiting", "openings", "vacancies", "open roles", "open positions")
OPENERS = (*YES_NO_OPENERS, "has", "have")  # a yes/no question's first word: "has X openings?"
MORE_OR_LESS = ("more", "less", "than", "vs", "versus", "compared")
COMPARED = (*MORE_OR_LESS, "or")  # two values set against each other ("is X or Y more common?")
MOSTLY = ("are most", "most of these", "most of the")  # "are most of these jobs at X?" asks for a breakdown
BREAKDOWN = ("breakdown", "break down", "broken down", "distribution", "distributed", "split")
ADVICE = ("worth learning", "worth it", "should i learn", "in demand", "how important", "do i need",
          "is it worth", "worth my time", "valuable", "good to learn", "does it matter", "matter for",
          "useful to learn", "should i know", "need to know", "must have", "must-have")  # fmt: skip
GUIDE_TOPICS = ("interview", "interviews", "rounds", "take-home", "take home", "home assignment", "portfolio",
                "webinar", "learning path", "resume", "cover letter", "negotiate", "recruiter", "course",
                "book", "books", "study", "prepare", "prep", "what is", "explain", "difference between",
                "loop", "onsite", "screening", "process", "day to day", "day-to-day", "look like",
                "looks like")  # fmt: skip
# Words that, right after "what is (the)", ask for a figure, not a definition.
MEASURE_WORDS = {"median", "average", "mean", "typical", "share", "percentage", "percent", "proportion",
                 "fraction", "number", "count", "salary", "pay", "range", "most", "top", "highest", "lowest",
                 "ratio", "base"}  # fmt: skip
# Topics only the guide's pages cover: a question about them is the guide's even if it says "postings".
GUIDE_ONLY = ("interview", "interviews", "interviewer", "interviewers", "take-home", "take-homes",
              "take home", "home assignment", "home assignments", "hiring process", "use case", "use cases",
              "rounds", "onsite", "portfolio", "webinar", "webinars", "session", "the talk", "learning path",
              "legally", "legal", "my salary", "my current salary", "salary expectation",
              "salary expectations", "my offer", "my pay", "my compensation", "my package")  # fmt: skip
# Words that show the postings are asked about, when no posting noun is used.
DEMAND = ("ask for", "asks for", "asked for", "asking for", "ask", "asked", "list", "lists", "listed",
          "in-demand", "look for", "looks for", "looking for", "care about", "cares about",
          "mention", "mentions", "mentioned", "require", "requires", "required", "requirement",
          "requirements", "requested", "want", "wants", "wanted", "demand", "in demand", "show up",
          "shows up", "come up", "comes up", "appear", "appears", "hire", "hires", "posted", "earn",
          "earns")  # fmt: skip
DATASET_NOUNS = ("posting", "postings", "jobs", "job ads", "job adverts", "adverts", "job posts", "listings",
                 "openings", "dataset", "data", "roles", "positions", "vacancies")  # fmt: skip
GROUP_POSTINGS = ("postings", "jobs", "roles", "positions", "listings", "openings", "vacancies", "companies")
ROLE_WORDS = ("engineer", "engineers", "role", "job", "position", "researcher", "scientist", "developer",
              "vp", "intern", "internship", "apprenticeship", "mle", "gig", "opening", "posting")  # fmt: skip
UNITS = {"months", "weeks", "years", "days", "hours", "minutes", "rounds", "stages", "steps", "interviews",
         "people", "use", "references", "problems", "projects", "questions", "times"}  # fmt: skip
POSTING_WORDS = {"postings", "posting", "jobs", "job", "roles", "listings", "openings", "companies",
                 "employers", "ads", "adverts", "posts", "positions", "vacancies"}  # fmt: skip
COMMON_CAPITALISED = {"i", "ai", "ml", "llm", "what", "how", "which", "is", "are", "do", "does", "the", "a",
                      "an", "can", "should", "who", "where", "when", "why", "my", "alexey"}  # fmt: skip
# Topics the job data does not record: a figure about them would be computed on something else.
WORKPLACE = "remote work or office attendance (the data records only full-time, internship or contract)"
NOT_RECORDED = {
    WORKPLACE: (
        "remote", "hybrid", "on-site", "onsite", "in-office", "in office", "work from home", "wfh",
        "office days", "days in the office"),
    "gender or diversity": ("gender", "women", "female", "male", "diversity", "ethnicity"),
    # ("skill shares" are proportions)
    "equity or stock": ("equity", "stock options", "stock", "rsu", "rsus", "company shares"),
    "notice periods": ("notice period", "notice periods"),
    "visa sponsorship": ("visa", "visas", "sponsorship", "sponsor", "sponsors"),
    "years of experience": ("years of experience", "years experience", "yoe"),
    "degree requirements": ("degree", "phd", "bachelor", "bachelors", "master's", "masters", "diploma"),
    "benefits or bonuses": ("benefits", "bonus", "bonuses", "vacation", "pto", "health insurance", "401k"),
    "relocation": ("relocation", "relocate"),
    "security clearances": ("security clearance", "security clearances", "clearance", "clearances"),
    "citizenship requirements": ("citizen", "citizens", "citizenship", "permanent resident",
                                 "permanent residents"),
    "language requirements": ("language skills", "language skill", "language requirement",
                              "language requirements", "fluency", "native speaker", "native speakers"),
    "applicant numbers": ("applicants", "applications", "people applied", "candidates applied"),
    "team sizes": ("team size", "team sizes", "size of the team", "big is the ai team", "big is the team"),
    "employer ratings or reviews": ("glassdoor", "rating", "ratings", "employer reviews"),
}  # fmt: skip
GROUP_WORDS = {
    "skill": ("skills", "skill", "technologies", "technology", "tools", "frameworks", "tech", "stack",
              "libraries", "languages", "databases", "clouds", "cloud providers"),
    "city": ("cities", "city", "locations", "location", "places"),
    "country": ("countries", "country"),
    "company": ("companies", "company", "employers", "employer", "firms", "hirers", "posters", "poster"),
    "level": ("levels", "level", "seniority", "seniorities", "experience level", "experience levels"),
    "stage": ("stages", "stage", "funding stage", "funding stages", "company stage", "company stages"),
    "ai_type": ("ai types", "ai type", "types of role", "types of roles", "role types", "categories"),
    "work_type": ("work types", "work type", "employment types", "employment type", "job types"),
    "size_band": ("company size", "company sizes", "size", "sizes"),
    "management": ("management roles",),
    "customer_facing": ("customer-facing roles",),
}  # fmt: skip
GROUP_PAIRS = sorted(((w, f) for f, words in GROUP_WORDS.items() for w in words), key=lambda wf: -len(wf[0]))
CATEGORY_WORDS = {"languages": "languages", "programming languages": "languages", "databases": "databases",
                  "clouds": "cloud", "cloud providers": "cloud", "cloud platforms": "cloud",
                  "cloud platform": "cloud", "cloud provider": "cloud", "programming language": "languages",
                  "cloud": "cloud", "database": "databases", "language": "languages",
                  "web frameworks": "web", "ml frameworks": "ml", "genai tools": "genai",
                  "genai skills": "genai",
                  "data tools": "data", "devops tools": "ops", "ops tools": "ops"}  # fmt: skip
NUMBERS = {"three": 3, "five": 5, "ten": 10, "twenty": 20, "fifteen": 15, "seven": 7, "four": 4, "six": 6,
           "eight": 8, "nine": 9, "two": 2, "dozen": 12}  # fmt: skip
SUBSET_FIELDS = ("skill", "ai_type", "management", "customer_facing", "work_type")
PREDICATE_VERBS = ("ask", "asks", "require", "requires", "list", "lists", "mention", "mentions",
                   "want", "wants",
                   "need", "needs", "use", "uses", "include", "includes",
                   "expect", "expects", "call", "demand", "demands")  # fmt: skip
# A skill's use by the people or jobs of the field ("do AI engineers use Docker?"): the guide's answer
# plus the share of postings that list it.
USAGE = ("use", "uses", "used", "using", "need", "needs", "needed", "work with", "works with")
PRACTITIONERS = ("engineers", "developers", "roles", "jobs", "positions", "postings", "teams", "companies",
                 "employers", "ai engineering", "ml engineering")  # fmt: skip
# Comparisons of how often skills are asked for ("is LangChain more common than LlamaIndex?").
FREQUENCY_COMPARED = ("more common", "less common", "as common", "more popular", "less popular",
                      "more in demand", "more in-demand", "more requested", "more wanted")  # fmt: skip
# Questions that count companies, not postings ("how many employers want X", "what share of firms").
COMPANY_NOUNS = ("companies", "firms", "employers", "startups", "businesses", "organisations",
                 "organizations", "orgs", "hirers")  # fmt: skip
COMPANY_COUNTS = ("how many", "many", "number of", "count of", "share of", "percentage of", "percent of",
                  "proportion of", "fraction of", "portion of", "part of", "ratio of")  # fmt: skip
COMPANY_LISTS = ("which", "what", "list", "name", "show")  # "which companies ask for X": top companies
COUNTED_ADJECTIVES = ("different", "distinct", "unique", "individual", "separate", "the", "ai", "tech",
                      "hiring")  # fmt: skip
COMPANY_VERBS = ("ask", "asks", "asking", "want", "wants", "need", "needs", "require", "requires", "list",
                 "lists", "listing", "mention", "mentions", "use", "uses", "using", "hire", "hires", "hiring",
                 "look", "looking", "seek", "seeking", "recruit", "recruiting", "post", "posted", "demand",
                 "expect", "expects", "care", "value", "offer", "offers")  # fmt: skip
COMPANY_VERB_FILLER = ("are", "is", "that", "who", "which", "still", "actually", "mostly", "currently", "do",
                       "does", "really", "also", "now")  # fmt: skip
# Companies set against startups ("do big companies ask for RAG more than startups?"): the data records
# a company's funding stage, so the two are compared stage by stage.
OTHER_COMPANIES = ("big companies", "large companies", "bigger companies", "larger companies", "big tech",
                   "big firms", "large firms", "established companies", "enterprises", "enterprise companies",
                   "corporates", "corporations", "public companies", "faang", "big employers")  # fmt: skip
STAGES_NOTE = (
    "Compared stage by stage: the data records a company's funding stage (startups: Seed to Series C+), "
    "not whether it is big; public companies are a stage of their own."
)
STARTUP_STAGES = ("seed", "series_a", "series_b", "series_c_plus")
REGION_NOTE = "Read {!r} as the postings located in {} (the data's countries in that region)."
STARTUP_NOTE = (
    "Read {!r} as companies at a funding stage (Seed to Series C+): the data records a company's stage."
)
# Words the router reads intents by, and real words one edit from them (not typos of them).
CUE_WORDS = ("many", "percentage", "percent", "postings", "salary", "salaries", "popular", "common", "demand",
             "proportion", "fraction")  # fmt: skip
NOT_TYPOS = {"posting", "salaried", "commons", "percents"}
SKILL_CUES = {"for", "mention", "mentions", "mentioning", "require", "requires", "requiring", "list", "lists",
              "listing", "want", "wants", "need", "needs", "use", "uses", "using", "with", "know", "knowing",
              "about", "of", "ask", "asks", "asking"}  # fmt: skip
STOPWORDS = {
    "the", "a", "an", "at", "in", "of", "for", "to", "and", "or", "on", "by", "with", "is", "are",
    "was", "be",
    "do", "does", "did", "how", "what", "which", "who", "where", "when", "why", "i", "me", "you", "it", "as",
    "per", "vs", "than", "any", "all", "no", "not", "into", "about", "ask", "asks", "asking", "s", "'s",
}  # fmt: skip
# Words that name a field or a skill category in questions ("which languages"), not a skill.
FIELD_WORDS = {"languages", "programming languages", "databases", "frameworks", "tools", "clouds",
               "cloud providers", "cloud provider", "cloud platform", "programming language", "database",
               "cloud platforms", "web frameworks", "ml frameworks", "technologies", "libraries"}  # fmt: skip
SLOT_CUES = SKILL_CUES | {"in", "at", "from"}
HEAD_NOUNS = {"postings", "posting", "jobs", "job", "roles", "role", "positions", "listings", "openings",
              "adverts", "engineers", "engineer", "companies", "skills", "skill", "devs",
              "developers"}  # fmt: skip
# Words that follow an employer's name when one posting is meant ("Sayari staff AI engineer").
TITLE_WORDS = {"senior", "staff", "principal", "lead", "junior", "ai", "ml", "applied", "founding", "full",
               "software", "machine", "research", "engineer", "engineers", "role", "job", "position",
               "intern", "mle", "vp", "head", "early", "backend", "frontend", "product", "platform",
               "forward", "new", "genai", "llm", "hiring"}  # fmt: skip
COMMON_WORDS = {
    "postings", "posting", "jobs", "roles", "role", "positions", "listings", "openings", "engineers",
    "companies", "adverts",
    "skills", "the", "them", "these", "those", "each", "every", "month", "months", "level", "levels", "city",
    "cities", "country", "countries", "total", "general", "average", "median", "data", "today", "this",
    "that", "which", "what", "many", "much", "most", "more", "less", "some", "work", "experience", "common",
    "often", "popular", "demand", "salary", "salaries", "pay", "money", "time", "year", "years", "stage",
    "stages", "company", "type", "types", "share", "percent", "percentage", "number", "count", "their",
    "your", "my", "our", "there", "here", "tech", "other", "both", "same", "together", "alongside", "team",
    "teams", "lots", "lot", "loads", "plenty", "tons", "bunch", "kind", "kinds", "sort", "sorts",
    *COMPANY_NOUNS,
}  # fmt: skip

# The postings themselves: "postings", "job ads", "the dataset", "in the data" (not "data engineering").
_POSTINGS = (
    r"postings?|(?:job )?(?:posts|ads|adverts|listings?)|data ?set|(?:the|this|job|market|postings) data"
)
_POSTINGS_NAMED = re.compile(rf"\b(?:{_POSTINGS})\b", re.I)
# The job data named as such: the postings, the jobs they are for, or its employers as the ones hiring ("the
# companies hiring AI engineers").
_JOB_DATA = re.compile(
    rf"\b(?:{_POSTINGS}|(?:job )?(?:openings|vacancies)|jobs|roles|positions"
    r"|(?:companies|employers|firms) hiring)\b",
    re.I,
)


def names_job_data(question: str) -> bool:
    """Whether the question names the job data (postings, listings, the dataset) as its subject."""
    return bool(_JOB_DATA.search(question))


# "Which companies ask system design questions?": questions are asked in interviews (the guide's pages);
# postings list skills. "Which postings ask … questions" still names the job data.
_ASKS_QUESTIONS = re.compile(
    r"\bask(?:s|ed|ing)?\b(?:\s+[\w/-]+){0,4}?\s+questions?\b"
    # "which design questions come up for …": an interview's questions
    r"|\b(?:interview|design|coding|technical|behaviou?ral|screening)\s+questions?\b",
    re.I,
)


def asks_questions(question: str) -> bool:
    """Whether the question is about questions employers ask, not about what the job data records: the
    postings named, not the jobs they are for ("which companies ask LeetCode questions for AI roles?")."""
    return bool(_ASKS_QUESTIONS.search(question)) and not _POSTINGS_NAMED.search(question)


# "how many AI engineers work at Doctolib?", "how many employees does Zinier have?", "how many AI engineers
# are there in Europe?": the people an employer or a place has, which its postings state as its size
# ("Company size: 138 Employees"), not a count of its postings
_HEADCOUNT = re.compile(
    r"\bhow many (?:[\w-]+ ){0,2}?"
    r"(?:people|employees|staff|engineers|developers|scientists|researchers|workers)\s+"
    r"(?:(?:currently |actually )?(?:work|works|are working|are employed)\s+(?:at|for|in)\b"
    r"|(?:are there|exist|live)\b"
    r"|(?:does|do|did)\s+(?:[\w&.'’-]+\s+){1,4}?(?:have|employ)\b)",
    re.I,
)


def asks_headcount(question: str) -> bool:
    """Whether the question asks how many people work for an employer (not how many postings it has)."""
    return bool(_HEADCOUNT.search(question))


# "do ai engineers get paid more than normal SWEs?": every posting is an AI engineering role, so the data
# holds no pay of the others (the guide's pages compare them)
_PAID_AGAINST = re.compile(
    r"\b(?:more|less|higher|lower|better|worse)\s+than\s+(?:the\s+)?(?:(?:normal|regular|traditional|typical|"
    r"plain|non-ai|classic|standard|other)\s+)?(?:swes?|software\s+(?:engineers?|developers?|devs?)|sdes?)\b",
    re.I,
)


def pay_against_other_roles(question: str) -> bool:
    """Whether the question compares pay with software roles outside AI, which no posting is."""
    return bool(_PAID_AGAINST.search(question))

"""The corpus's companies (with their postings and interview write-ups) and vocabulary, built once per loaded
index from its chunks: it routes retrieval (a named company) and backs rag/answer/answerability.py."""

from __future__ import annotations

import re
import weakref
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from rag.index.acronyms import ampersand_initials, short_forms, web_names, written_acronyms
from rag.index.bm25 import BM25Index
from rag.index.posting_names import NAME_RUN, PostingNames, name_keys, posting_titles, title_words
from rag.index.text_tokens import tokenize
from rag.index.typos import correction
from rag.names import HEAD_BREAK, NAME_WORD, employer_acts, hiring_after, name_words, short_name
from rag.records import Chunk

_LINK = re.compile(r"\[[^\]]*\]\([^)]*\)|https?://\S+")  # a markdown link or a bare URL
_PERCENT = re.compile(r"\d+(?:\.\d+)?%")
_DASH = re.compile(r"\s+[-–—|]\s+")  # between the sides of a name: "Loop AI - Delivery Intelligence Platform"
FIGURES_MIN = 2  # a page chunk stating this many percentages is one of the guide's job-market figures
DATA_FOLDER = "data"  # the guide's research data (exports, source lists) behind its chapters
JOINED_MIN = 6  # a shorter joined name ("mlops" of "ML Ops") may be a word of its own
COMMON_PAGE_DF = 3  # a one-word company name used in this many page chunks is also a common word
# A one-word or short name written so ("Silicon", "nice") that the corpus uses at least this many times,
# and more often, for other things than for the company is not read as the company.
OTHER_USES_MIN = 2
_RAW_WORD = re.compile(r"[A-Za-z0-9]+")
_FENCED = re.compile(r"```.*?(?:```|\Z)", re.S)  # a fenced block of a page: code or an example file
# A web or mail address: its words name a site ("jobs.salesforce.com/...-agentforce"), no use in prose.
_ADDRESS = re.compile(r"\b(?:https?://|www\.)\S+|\S+@\S+\.\w+")
_MID_CAPITAL = re.compile(r"(?<=[a-z0-9,;] )[A-Z][A-Za-z0-9]*")  # a capitalised word inside a sentence
_LOWER = re.compile(r"(?<![\w.@/-])[a-z][a-z0-9]*\b(?![-_.]\w)")  # a word in lower case (no name in a path)


@dataclass(frozen=True)
class Posting:
    """One job posting of a company: its title, deep link, place ("London, GBR") and whether it states a pay
    range (the `compensation` ingest/postings.py parsed)."""

    title: str
    url: str
    location: str = ""
    paid: bool = False


@dataclass
class Company:
    """A company the corpus knows: through an interview write-up, the guide's pages or postings."""

    name: str
    has_process: bool = False
    in_pages: bool = False
    postings: list[Posting] = field(default_factory=list)

    @property
    def postings_only(self) -> bool:
        return bool(self.postings) and not self.has_process and not self.in_pages


def _has_run(words: list[str], key: tuple[str, ...]) -> bool:
    """Whether `key`'s words occur in `words` one after the other."""
    n = len(key)
    return any(tuple(words[i : i + n]) == key for i in range(len(words) - n + 1))


def _name_uses(chunks: Sequence[Chunk], longer: dict[tuple[str, ...], set[tuple[str, ...]]]) -> dict:
    """How the corpus uses each key of `longer` (a one-word or short name -> the longer company names
    it opens) alone, not followed by the rest of one of those names: (key, for the company: in its own
    chunk or one naming it in full, written in lower case) -> uses. "Silicon" alone is "Silicon
    Valley" in other postings, never Silicon Labs; "Monzo" alone is Monzo Bank in its own postings."""
    uses: dict[tuple[tuple[str, ...], bool, bool], int] = defaultdict(int)
    firsts = {key[0] for key in longer}
    for c in chunks:
        text = c.text
        if "://" in text or "www." in text or "@" in text:  # no other text has an address: skip the slow scan
            text = _ADDRESS.sub(" ", text)
        raw = _RAW_WORD.findall(text)
        words = [w.lower() for w in raw]
        company = name_words(str(c.metadata.get("company") or ""))
        alone: list[tuple[tuple[str, ...], bool, str]] = []
        full: set[tuple[str, ...]] = set()
        for i, w in enumerate(words):
            if w not in firsts:
                continue
            for key in {tuple(words[i : i + 2]), (w,)} & longer.keys():
                if any(tuple(words[i : i + len(name)]) == name for name in longer[key]):
                    full.add(key)
                else:
                    after = words[i + len(key)] if i + len(key) < len(words) else ""
                    alone.append((key, raw[i + len(key) - 1].islower(), after))
        for key, lower, after in alone:
            own = company[: len(key)] == key or key in full
            uses[key, own, lower] += 1
            if len(key) == 1 and after:
                uses[key + (after,), own, False] += 1  # the word after a one-word name, any case
    return dict(uses)


def in_data_folder(path: str) -> bool:
    """Whether a corpus path lies under a `data/` folder (the guide's research data, not a chapter)."""
    return DATA_FOLDER in path.split("/")[:-1]


def link_share(text: str) -> float:
    """The share of `text`'s characters inside markdown links and bare URLs (0 to 1)."""
    return sum(len(m) for m in _LINK.findall(text)) / max(1, len(text))


def unlinked_words(text: str) -> list[str]:
    """The words of `text` outside its links: what a reading-list entry says beside its link."""
    return re.findall(r"[a-z0-9]+", _LINK.sub(" ", text).lower())


class Catalog:
    """The corpus's companies and vocabulary, built once per index from its chunks."""

    def __init__(
        self,
        chunks: Sequence[Chunk],
        idf: dict[str, float],
        rows_with: Callable[[str], Iterable[int]] | None = None,
    ):
        """`rows_with`: the positions of the chunks that have a stem (BM25Index.rows_with), to read only
        those for the employers' acronyms (rag/index/acronyms.py)."""
        self.idf = idf
        self.vocabulary = frozenset(idf)
        page_ngrams: set[tuple[str, ...]] = set()
        capitalised: set[str] = set()  # words the pages write capitalised inside a sentence, lower-cased
        lower: set[str] = set()  # ... and in lower case, outside links and addresses ("side", not "coinbase")
        page_df: dict[str, int] = defaultdict(int)
        page_stems: dict[str, int] = defaultdict(int)
        headings: dict[str, int] = defaultdict(int)
        companies: dict[tuple[str, ...], Company] = {}
        seen_docs: set[str] = set()
        self.link_share: dict[str, float] = {}  # page chunk id -> share of its text in links
        figures: set[str] = set()
        data: set[str] = set()
        for c in chunks:
            if c.kind == "page":
                self.link_share[c.id] = link_share(c.text)
                if any(in_data_folder(p) for p in c.source_paths):
                    data.add(c.id)
                if len(_PERCENT.findall(c.text)) >= FIGURES_MIN:
                    figures.add(c.id)
                words = NAME_WORD.findall(c.text.lower())
                capitalised.update(w.lower() for w in _MID_CAPITAL.findall(c.text))
                lower.update(_LOWER.findall(_ADDRESS.sub(" ", _LINK.sub(" ", c.text))))
                for n in range(1, 5):
                    page_ngrams.update(zip(*(words[i:] for i in range(n)), strict=False))
                for w in set(words):
                    page_df[w] += 1
                for stem in set(tokenize(c.text)):
                    page_stems[stem] += 1
                for w in set(NAME_WORD.findall(c.section.lower())):
                    headings[w] += 1
            name = str(c.metadata.get("company") or "").strip()
            key = name_words(name)
            if not key:
                continue
            company = companies.setdefault(key, Company(name))
            if c.kind == "company":
                company.has_process = True
            elif c.kind == "posting" and c.doc_id not in seen_docs:
                seen_docs.add(c.doc_id)
                place, stated = str(c.metadata.get("location") or ""), bool(c.metadata.get("compensation"))
                company.postings.append(Posting(c.title, c.url, place, stated))
        self.companies = companies
        # the first word of each employer's name ("marlow": Marlow Financial Technologies)
        self.first_words = frozenset(key[0] for key in companies if key)
        titles = posting_titles(chunks)
        self.posting_names = PostingNames(sorted(titles))
        # words in several employers' job titles (role words), and the words that open such titles
        self.title_words, self._title_openers = title_words(titles)
        self.heading_df = dict(headings)  # in how many of the guide's page chunks' headings a word occurs
        self.row = {c.id: i for i, c in enumerate(chunks)}  # chunk id -> its position in the index
        self.rerank_static: dict[str, tuple] = {}  # chunk id -> its question-free re-ranker features
        self._pages = [(c, _FENCED.sub(" ", c.text).lower()) for c in chunks if c.kind == "page"]
        self._mentions: dict[tuple[str, ...], list[Chunk]] = {}
        self.figure_chunks = frozenset(figures)  # page chunks that state job-market shares
        self.data_chunks = frozenset(data)  # page chunks of the guide's research data
        self.page_chunks = len(self.link_share)
        self.page_stem_df = dict(page_stems)  # in how many of the guide's page chunks a stem occurs
        self.aliases: dict[tuple[str, ...], Company] = {}
        self._common: set[tuple[str, ...]] = set()
        self._short: set[tuple[str, ...]] = set()
        for key, company in companies.items():
            # a word the pages also write in lower case names the company only capitalised inside a
            # sentence ("Side projects …" opens one)
            word = len(key) == 1 and key[0] in lower
            company.in_pages = key in page_ngrams and (not word or key[0] in capitalised)
            self.aliases[key] = company
            if len(key) == 1 and page_df.get(key[0], 0) >= COMMON_PAGE_DF:
                self._common.add(key)  # "Writer", "Notion": only when capitalised in the question
        for key, company in companies.items():
            # "Nordlicht" for "Nordlicht Robotics", "The Hartford" for "The Hartford Financial Services
            # Group", when capitalised and not a word the guide uses
            first = short_name(key)
            # ... or an acronym of three capitals ("DXC" for "DXC Technology")
            acronym = len(first) == 1 and len(first[0]) == 3 and company.name.split()[0].isupper()
            distinctive = (len(first[-1]) >= 4 or acronym) and page_df.get(first[-1], 0) < COMMON_PAGE_DF
            if len(key) > len(first) and distinctive and first not in self.aliases:
                self.aliases[first] = company
                self._short.add(first)
            # its first NAME_RUN words ("New York Life …"), though the guide's pages write them, those after
            # "the" ("hartford financial services"), each side of a dash ("loop ai" of "Loop AI - Delivery …")
            runs = {key[:NAME_RUN], key[1 : 1 + NAME_RUN] if key[0] == "the" else key}
            runs.update(w[:NAME_RUN] for p in _DASH.split(company.name) if len(w := name_words(p)) > 1)
            for run in runs - {key}:
                if run not in self.aliases:
                    self.aliases[run] = company
                    self._short.add(run)
            # the name's words joined, as a company writes itself in its text ("HerculesAI" for "Hercules AI")
            joined = ("".join(key),)
            long_enough = 2 <= len(key) <= 3 and len(joined[0]) >= JOINED_MIN
            if long_enough and joined not in self.aliases and page_df.get(joined[0], 0) < COMMON_PAGE_DF:
                self.aliases[joined] = company
        self._ampersand: set[tuple[str, ...]] = set()  # "J&J", "S&P": names written with their "&"
        for initials, company in ampersand_initials(companies.values()):
            if initials not in self.aliases:
                self.aliases[initials] = company
                self._ampersand.add(initials)
        for short, company, ampersand in short_forms(companies, self.known):
            if short not in self.aliases and short not in page_ngrams:
                self.aliases[short] = company
                (self._ampersand if ampersand else self._short).add(short)
        for key, company in web_names(companies):  # "trellisconnect interview loop", however placed
            self.aliases.setdefault(key, company)
        for key, company in written_acronyms(chunks, companies, OTHER_USES_MIN, rows_with).items():
            if key not in self.aliases and page_df.get(key[0], 0) < COMMON_PAGE_DF:
                self.aliases[key] = company  # "wwt profit sharing payout", "amex gbt lists …"
        ones: dict[tuple[str, ...], set[tuple[str, ...]]] = {key: set() for key in companies if len(key) == 1}
        longer = defaultdict(set, ones)
        for key in companies:
            first = short_name(key)
            if len(key) > len(first):
                longer[first].add(key)
        self._uses = _name_uses(chunks, longer)

    def part_of_other_name(self, key: tuple[str, ...], after: str) -> bool:
        """The one-word name `key` and the word `after` it make another name: the company never writes
        them together, other chunks do, at least OTHER_USES_MIN times and for most of their uses of the
        name ("Vertex AI" is Google's, not Vertex, Inc.'s; "OpenAI API" is not: OpenAI is used alone)."""
        pair = key + (after,)
        if self._uses.get((pair, True, False), 0):
            return False
        together = self._uses.get((pair, False, False), 0)
        alone = self._uses.get((key, False, False), 0) + self._uses.get((key, False, True), 0)
        return together >= OTHER_USES_MIN and 2 * together > alone

    def used_otherwise(self, key: tuple[str, ...], lower: bool) -> bool:
        """The corpus uses the name `key` alone, written in lower case or not as in the question, at
        least OTHER_USES_MIN times and more often for other things than the company writes it so: a
        short name ("Silicon Valley", "Charlotte, NC", "applied AI") against the company's uses of it
        in any case, a one-word name ("nice-to-have", "lawful basis") against its own in that case."""
        other = self._uses.get((key, False, lower), 0)
        own = self._uses.get((key, True, lower), 0)
        if key in self._short or len(key) > 1 or key not in self.companies:
            own += self._uses.get((key, True, not lower), 0)
        return other >= OTHER_USES_MIN and other > own

    def alias_names(self, company: Company) -> list[str]:
        """Every name the catalog reads as the company's ("amex gbt", "gbt"), as lower-case words."""
        return [" ".join(key) for key, c in self.aliases.items() if c is company]

    def written_up(self, company: Company) -> bool:
        """An interview write-up for the company or a unit named after it ("Prudential plc (PHI)")."""
        key = name_words(company.name)
        return company.has_process or any(
            c.has_process and k[: len(key)] == key for k, c in self.companies.items()
        )

    def page_mentions(self, key: tuple[str, ...]) -> list[Chunk]:
        """The guide's page chunks naming the company `key` (its name words) outside a fenced example, in
        corpus order; looked up when first asked (rag/answer/company_mentions.py)."""
        if key not in self._mentions:
            self._mentions[key] = [c for c, text in self._pages if _has_run(NAME_WORD.findall(text), key)]
        return self._mentions[key]

    def companies_in(self, question: str) -> list[Company]:
        """Companies named in the question, each once: first those named beside one of their postings'
        titles, however the name is spelt ("teladoc staff software engineer", rag/index/posting_names.py),
        then the others in the question's order. A one-word or short name the corpus mostly uses for
        other things (`used_otherwise`) does not count, nor a name inside another company's longer
        name ("Capital" of "Tower Research Capital")."""
        found = list(_RAW_WORD.finditer(question))
        raw, ends, starts = [m.group(0) for m in found], [m.end() for m in found], [m.start() for m in found]
        words = [w.lower() for w in raw]
        capital = [w[:1].isupper() for w in raw]
        spans: list[tuple[Company, int, int]] = []
        i = 0
        while i < len(words):
            for n in range(min(4, len(words) - i), 0, -1):
                key = tuple(words[i : i + n])
                company = self.aliases.get(key)
                # (a full name: not "does old harbor life pay", a short one)
                acts = key not in self._short and employer_acts(words, i, i + n)
                # (capitalised opening the question too, when no other text writes the word in lower case:
                # "Spotify lists …", not "Writer tips")
                named = capital[i] and (i > 0 or not self._uses.get((key, False, True), 0))
                # ... or in lower case heading the question, not mostly another thing's name ("sandboxaq: …")
                heads = i == 0 and HEAD_BREAK.match(question, ends[n - 1])
                common = key in self._common and not named and not acts
                if company is None or (common and not (heads and not self.used_otherwise(key, True))):
                    continue
                # "(meso scale) AI eng": no name runs across a bracket or a comma, unless the employer
                # writes it so ("planet (weareplanet.com)")
                spelt = question[starts[i] : ends[i + n - 1]].lower() in company.name.lower()
                if not spelt and any(
                    question[ends[j] : starts[j + 1]].strip(" -.&/'’+:") for j in range(i, i + n - 1)
                ):
                    continue
                # a short name in lower case: only before a title opening the question ("clarivate ai eng",
                # "imtf regtech ai eng"), after "at", "join" or "from", or owning ("abstrabit's intern role")
                nxt = words[i + n : i + n + 2]
                nxt = nxt[1:] if len(nxt) > 1 and nxt[0] in name_words(company.name) else nxt
                before_title = i == 0 and bool(nxt) and nxt[0] in self.title_words
                # ... where an employer stands: "snowflake ai engineer salary", "the interview at ramp"
                placed = before_title or acts or (i > 0 and words[i - 1] in ("at", "join", "joining"))
                placed = placed or hiring_after(words, i, i + n)
                owner = re.match(r"['’]s\b", question[ends[i + n - 1] :])
                opens = placed or bool(owner or heads) or (i > 0 and words[i - 1] == "from")
                if key in self._short and not capital[i + n - 1] and not opens:
                    continue
                if key in self._ampersand and not re.search(rf"\b{key[0]}\s*&\s*{key[1]}\b", question, re.I):
                    continue  # "c/c++" is no "C&C"
                if self._seniority(key, words, i):
                    continue
                lower = raw[i + n - 1].islower()
                # a name other postings write in lower case for a tool, placed as an employer
                employer = placed and lower and key in self.companies and (key not in self._common or acts)
                if (key in self._short or lower) and not employer and self.used_otherwise(key, lower):
                    continue
                if n == 1 and i + 1 < len(words) and self.part_of_other_name(key, words[i + 1]):
                    continue
                spans.append((company, i, i + n))
                i += n - 1
                break
            i += 1
        found: list[Company] = []
        for posting in self.posting_names.named(question):
            key = name_words(posting.company)
            company = self.companies.get(key)
            at = [i for i in range(len(words)) if tuple(words[i : i + len(key)]) == key]
            if at and all(self._seniority(key, words, i) for i in at):
                continue  # "TensorOps Junior AI/ML engineer": not the employer named Junior
            if (
                company is None
                or company in found
                or not self._posting_named(posting.company, words, raw, spans)
            ):
                continue
            found.append(company)
        for company, _, _ in spans:
            if company not in found:
                found.append(company)
        return found

    def _posting_named(self, company: str, words: list[str], raw: list[str], spans: list) -> bool:
        """The posting's `company` is named outside another company's longer name, by one of the runs
        that name it in full (rag/index/posting_names.py) or by a short name the corpus does not
        mostly use for other things ("applied" is not Applied Systems, "normal" not Normal Computing)."""
        keys = name_keys(company)
        short = keys[-1] if len(keys) > 1 and keys[-1] == short_name(keys[0]) else None
        for name in keys:
            for i in range(len(words) - len(name) + 1):
                if tuple(words[i : i + len(name)]) != name:
                    continue
                inside = any(s <= i and i + len(name) <= e and e - s > len(name) for _, s, e in spans)
                if not inside and (
                    name != short or not self.used_otherwise(name, raw[i + len(name) - 1].islower())
                ):
                    return True
        return False

    def _seniority(self, key: tuple[str, ...], words: list[str], i: int) -> bool:
        """The one-word name at words[i] opens other employers' job titles and stands before a title word,
        as a seniority does ("TensorOps Junior AI/ML engineer"), not after "at" ("at Junior")."""
        if len(key) != 1 or key[0] not in self._title_openers or i + 1 >= len(words):
            return False
        return words[i + 1] in self.title_words and not (i and words[i - 1] in ("at", "with", "join"))

    def known(self, stem: str) -> bool:
        return stem in self.vocabulary

    def correct(self, stem: str) -> str | None:
        """A corpus stem one edit away from an unknown one ("intervew" -> "interview"), if any (typos.py)."""
        return correction(stem, self.idf, self.vocabulary)


_CATALOGS: weakref.WeakKeyDictionary[BM25Index, Catalog] = weakref.WeakKeyDictionary()


def catalog_for(bm25: BM25Index) -> Catalog:
    """One Catalog per loaded index (an Answerer is built per request in the web app)."""
    if bm25 not in _CATALOGS:
        _CATALOGS[bm25] = Catalog(bm25.chunks, bm25.idf, bm25.rows_with)
    return _CATALOGS[bm25]

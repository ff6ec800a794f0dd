"""Does the guide cover this question? Its key content checked against the passages an answer uses.

Five checks, cheapest first, all lexical and offline (they run before the LLM too):

0. Off-topic: no company named and no word the guide's pages use DOMAIN_PAGE_DF times but those framing
   learning ("theremin tips for a beginner"), another profession (role_scope.py), or far from every page.
1. Named companies. The corpus's companies come from the index's chunk metadata. A question about the
   interview process of a company it names as the employer (rag/answer/interviews.py: "at X", "X's rounds",
   not "forbid OpenAI") with no interview write-up and no passage naming an interview step beside it is
   answered from its own posting's hiring-process lines (posting_process.py; a figure asked must be stated in
   them, as in 4, a count of steps by the steps they list), else with "no write-up" and its postings. Names as
   written ("WEX's", "The Hartford"); a unit's write-up is its own.
2. Named things the corpus never uses ("Bumble", "Mojo", "CPF"; "tessl is hiring", "abfindung … in berlin":
   own_passages.py): a word no chunk contains, after allowing one typo, is a named gap; a capitalised one (or
   a possessive) refuses outright. So do capitalised known words opening the question before a title that no
   chunk writes in a row ("Back Market applied AI engineer"); a capitalised word the passages write inside a
   joined name is not missing ("Blind" in "TeamBlind"). A word the passages lack opening the question before a
   job's title names an absent employer too ("retell ai voice agent engineer - remote?"), and so do words no
   chunk uses side by side, one of them capitalised or the two joined by "&" ("holland & barrett"), or one of
   hyphen-joined capitalised parts ("Hy-Vee's"), in a question that is not off-topic.
3. Rare terms (idf at least KEY_IDF_SHARE of the corpus's largest) that none of the passages given to the
   answer contains. When they weigh (idf², as in rag/index/relevance.py) at least NONE_SHARE of the question,
   it is not covered; otherwise the covered part is answered and the missing words are named. A question about
   the job data as a set ("in the dataset", "do the postings say …") asking for a field the data does not
   record ("headquartered", "VP") is refused however common the word is in postings: no passage given to the
   answer has it and the guide's pages use it less than EVERYDAY_PAGE_DF times; so is a field asked of each
   posting ("which roles in the dataset have …"), and what some of them have ("any AI office with a piano?",
   set_asks.py) that no passage names; so is a question naming no employer whose place asked about no passage
   names, or who asks of a tax or another statutory scheme with a word no chunk uses. A word the passages
   express otherwise ("£" for "pounds", by meaning) is not missing (word_cover.py). Two neighbouring words the
   guide's pages seldom use, or no chunk writes side by side ("stack ranking"), that no sentence of the
   passages has together ("which badge colour would I get as a new AI hire") are refused as one thing, asked
   of the jobs as a set, naming no employer, not close to a page (compounds.py).
4. Figures (figure_gaps.py): an amount, share, duration, count or size asked that no passage states about what
   the question names, and of one named employer the pay or a perk's quantity its postings never state; a
   legal point or contract term (policy.py) none addresses (a posting's terms answer only when the question
   names its employer); a term of one named job, asked after its first ask, that its posting never writes
   (job_terms.py): refused, or the part named as not covered when another part is covered.

On topic: a question close to a guide page (ON_TOPIC_SIMILARITY) whose only missing words are everyday ones
(lower case, and not a word the corpus never uses standing where a name goes, as "nubank" in "the process at
nubank") is answered, the words named as not covered, even when its relevance score is below the refusal
threshold; one far from every page is refused on a low relevance score as before. Not so when the question
asks only for a figure and those words lie in its part: they say what the figure is about ("what hourly rate
can a freelance AI engineer charge"), so no passage states it: refused. Nearer a page than
NEAR_TOPIC_SIMILARITY such words do not refuse a question even when they weigh most of it ("is plain
LangChain on its way out?"): they are named, and the figure and policy checks decide. Unless, one a word no
chunk has, they carry the question away: without them it comes TOPIC_PULL nearer a page ("a plan to learn
skateboarding"; page_topic.py), and it is refused. Pronouns and a judgement's words ("is it ok to …") are
never missing content; a low relevance score refuses only a question some of whose key words the passages
lack. Constants: chosen on dev splits (evals/README.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial

from rag.answer.asks import later_asks_only
from rag.answer.common_word_names import absent_name, unknown_employer
from rag.answer.company_mentions import interview_mentions
from rag.answer.compounds import unmet_compound
from rag.answer.employer_quantity import THING_IDF_SHARE
from rag.answer.figure_gaps import FigureGaps
from rag.answer.interviews import (
    alternatives,
    as_employer,
    asks_interview_process,
    employer_run,
    interviews_undescribed,
)
from rag.answer.job_terms import unposted_terms
from rag.answer.own_passages import (
    CODE_WORD,
    MIN_UNKNOWN_LEN,
    cut_acronym,
    in_corpus,
    name_position,
    never_written,
    opens_job,
    unknown_names,
    unknown_runs,
    unwritten_ai_names,
    unwritten_domains,
    unwritten_thing,
)
from rag.answer.page_topic import (
    NEAR_TOPIC_SIMILARITY,
    OFF_TOPIC_SIMILARITY,
    ON_TOPIC_SIMILARITY,
    TOPIC_PULL,  # noqa: F401 (re-exported)
    PageNearness,
    page_similarity,
)
from rag.answer.policy import policy_gap
from rag.answer.posting_process import (
    answers,
    asked_lines,
    lists_steps,
    posting_process,
    quoted_chunk,
    steps_counted,
)
from rag.answer.question_names import with_heading
from rag.answer.question_words import MIN_PART_TERMS, NO_CONTENT, own_state_spans, parts, situation_spans
from rag.answer.refusal_notes import partial_note, refusal_lead  # noqa: F401 (re-exported)
from rag.answer.role_scope import foreign_role, topic_stems
from rag.answer.rule_asks import asks_statutory
from rag.answer.set_asks import (
    about_data,
    asked_of_some,
    asks_each_posting,
    asks_of_candidates,
    asks_postings_for,
    frames_only,
)
from rag.answer.stated import written_out
from rag.answer.verdict import QuestionTerm, Verdict, figure_about, phrases, process_gap, question_terms
from rag.answer.word_cover import EQUIVALENTS, WordVectors, expressed
from rag.index.bm25 import BM25Index
from rag.index.catalog import catalog_for, name_words
from rag.index.text_tokens import term_set, tokenize
from rag.places import in_place_name
from rag.records import Chunk
from rag.shorthand import SHORTHAND

KEY_IDF_SHARE = 0.6  # idf (over all chunks) at least this share of the largest: key content
NONE_SHARE = 0.5  # missing key terms weighing this share of the question: not covered at all
DOMAIN_PAGE_DF = 3  # a question none of whose words the guide's pages use this often is off-topic
EVERYDAY_PAGE_DF = 3  # a word the guide's pages use this often is never "missing content"
_MONEY = frozenset({"pay", "salari", "compens", "comp", "wage", "earn", "base"})
_BACK = re.compile(r"\b(?:that|this|it)\b", re.I)  # an ask of what the sentence before says
# Words a passage may use instead of the question's (stems): "pay" is covered by "Salary: …".
SYNONYMS = {stem: _MONEY for stem in _MONEY} | {"remot": frozenset({"remot", "wfh"})}


def checker_for(deps, unknown_idf: float, refusal_threshold: float = 0.0) -> AnswerabilityChecker:
    """The product's checker over a rag.deps Deps: its index's words and its retriever's pages."""
    return AnswerabilityChecker(
        deps.index.bm25,
        unknown_idf,
        page_similarity=page_similarity(deps.retriever),
        refusal_threshold=refusal_threshold,
        word_vectors=WordVectors(deps.retriever.encoder.encode),
    )


class AnswerabilityChecker:
    """Judges a question against the passages (chunks) an answer would be built from."""

    def __init__(
        self,
        bm25: BM25Index,
        unknown_idf: float,
        key_idf_share: float = KEY_IDF_SHARE,
        none_share: float = NONE_SHARE,
        domain_page_df: int = DOMAIN_PAGE_DF,
        everyday_page_df: int = EVERYDAY_PAGE_DF,
        page_similarity: Callable[[str], float] | None = None,
        refusal_threshold: float = 0.0,
        word_vectors: WordVectors | None = None,
    ):
        """`page_similarity`: a question's cosine to the closest guide page; `refusal_threshold`: the
        relevance below which an off-topic question is refused; `word_vectors`: word_cover.py's, key words."""
        self.word_vectors = word_vectors
        self.page_similarity = page_similarity
        self.nearness = PageNearness(page_similarity)
        self.bm25 = bm25
        self.refusal_threshold = refusal_threshold
        self.catalog = catalog_for(bm25)
        self.unknown_idf = unknown_idf
        self.key_idf = key_idf_share * (unknown_idf - 1.0)
        # the figure checks (figure_gaps.py); a word of a perk asked has this idf at least (employer_quantity)
        self.figures = FigureGaps(bm25, self.catalog, self._idf, THING_IDF_SHARE * (unknown_idf - 1.0))
        self.none_share = none_share
        self.domain_page_df = domain_page_df
        self.everyday_page_df = everyday_page_df

    def _idf(self, stem: str) -> float:
        return max(self.catalog.idf.get(stem, self.unknown_idf), 0.0)

    def _canonical(self, stem: str) -> str:
        return stem if self.catalog.known(stem) else (self.catalog.correct(stem) or stem)

    def check(self, question: str, passages: Sequence[Chunk], relevance: float | None = None) -> Verdict:
        """`relevance`: the question's relevance score (rag.index.relevance), when it has one."""
        verdict, everyday = self._lexical(question, passages)
        named = with_heading(self.catalog, question, passages)  # "Retool" a company, "retool" a verb
        figures = self.figures
        if verdict.process is not None:  # a figure asked must be stated in the lines quoted
            listed = partial(lists_steps, verdict.process)  # their listed steps say "how many rounds"
            gap = figures.unstated(question, named, [quoted_chunk(verdict.process)], verdict, False, listed)
            return verdict if gap is None else process_gap(gap, verdict)
        similarity = self.nearness(question)  # to the closest guide page, or None
        # an employer of the postings named: its posting is the topic, however far from the guide's pages
        far = similarity is not None and similarity < OFF_TOPIC_SIMILARITY and not named
        on_topic = similarity is not None and similarity >= ON_TOPIC_SIMILARITY
        near_topic = similarity is not None and similarity >= NEAR_TOPIC_SIMILARITY
        if verdict.coverage == "none":
            if far and verdict.reason == "missing-terms":
                return Verdict("none", "off-topic")  # "the capital of France": no guide page is near
            about = figure_about(question, verdict.missing) if everyday and near_topic else None
            if about is not None:  # the missing everyday words are what the figure is about
                return about
            # "unity ML engineer: base pay, any RSUs or bonus": near a page, the first ask is answered
            later = verdict.reason == "missing-terms" and later_asks_only(question, verdict.missing)
            if not (near_topic and (everyday or later)):
                return verdict
            verdict = Verdict("partial", verdict.reason, verdict.missing)
        if verdict.reason == "missing-terms" and not named and in_place_name(question, verdict.missing):
            return Verdict("none", "missing-terms", verdict.missing)  # a place no passage names (3.)
        scheme = verdict.reason == "missing-terms" and not named and asks_statutory(question)
        if scheme and never_written(self.catalog, verdict.missing):
            return Verdict("none", "missing-terms", verdict.missing)  # a scheme no chunk names (3.)
        # A low relevance score with every key word in the passages comes from words that say nothing
        # of the topic ("does Alexey himself use ML in his work?"): not a reason to refuse.
        # Nor when the words the passages lack are everyday ones and the question is near a guide page
        # ("tweak", "stats"): they are named as not covered, as on topic.
        low = relevance is not None and relevance < self.refusal_threshold
        near = everyday and similarity is not None and similarity >= OFF_TOPIC_SIMILARITY
        if low and not on_topic and verdict.missing and not near:
            return Verdict("none", "off-topic")
        if far:
            return Verdict("none", "off-topic")
        # "badge colour … as a new AI hire": two words no passage sentence has together (compounds.py)
        args = (passages, similarity, self.catalog, self.everyday_page_df, self.bm25)
        if not named and (pair := unmet_compound(question, *args)):
            return Verdict("none", "missing-terms", (pair,))
        missing_terms = verdict.reason == "missing-terms"  # (the pull embeds the question once more)
        if missing_terms and self.nearness.pulled_away(question, verdict.missing, self.catalog.known):
            return Verdict("none", "missing-terms", verdict.missing)
        if about_data(question):
            one_part = len(parts(question)) == 1
            if verdict.reason == "missing-terms" and one_part:
                # the job data's postings as a set, asked about something no passage names ("reposted"):
                # quoting a few passages answers no part of it
                return Verdict("none", "missing-terms", verdict.missing)
            field = self._unrecorded(question, passages)
            if field and verdict.coverage == "full":  # the data has no such field: quotes answer nothing
                return Verdict("none" if one_part else "partial", "missing-terms", field)
            # "…, and how big is it?": a part too short to ask anything else asks about the same field
            asked = [p for p in parts(question) if len(tokenize(p)) >= MIN_PART_TERMS]
            if len(asked) == 1 and verdict.coverage == "full" and asks_each_posting(question):
                return Verdict("none", "missing-terms", tuple(asked))
        if (thing := asked_of_some(question, [c.name for c in named])) is not None:
            if verdict.reason == "missing-terms":  # "any AI office with a piano?": named as asked
                inside = thing and all(m.lower() in thing.lower() for m in verdict.missing)
                return Verdict("none", "missing-terms", (thing,) if inside else verdict.missing)
            # what the jobs ask of a candidate ("which postings ask for your star sign"): no posting writes it
            required = asks_of_candidates(question)
            if unwritten_thing(self.bm25, self.catalog, thing, self.everyday_page_df, common_words=required):
                return Verdict("none", "missing-terms", (thing,))
        # "do ai job ads care if youre in toastmasters": what no chunk writes, no posting wants
        asked_for = not named and verdict.reason == "missing-terms" and asks_postings_for(question)
        if asked_for and (unwritten := tuple(m for m in verdict.missing if not in_corpus(self.bm25, m))):
            return Verdict("none", "missing-terms", unwritten)
        # "wordle streak on the CV, any AI employer care about that lol": the rest only frames the words
        if not named and verdict.reason == "missing-terms" and frames_only(question, verdict.missing):
            return Verdict("none", "missing-terms", verdict.missing)
        # "how many rounds does X have": a page's list of X's steps answers it (the reader counts them)
        listed = partial(steps_counted, companies=named, passages=passages)
        gap = figures.unstated(question, named, passages, verdict, everyday, listed)
        if gap is not None and gap.coverage == "partial":
            gap = figures.rest_unsized(question, passages, named, gap)
        if gap is not None and gap.coverage == "partial" and len(named) == 1:
            # "Convatec AI data engineer, salary?": the rest only names the job, whose postings state no pay
            paid = figures.unpaid(question, passages, named[0], gap)
            return paid if paid is not None and paid.coverage == "none" else gap
        if gap is not None:  # "rillet ml/ai engineer - which days in the office, whats the salary"
            return figures.unpaid_beside(question, passages, named, gap, verdict) or gap
        employers = {name_words(c.name) for c in named}
        if (
            gap := policy_gap(question, employers, passages, self._idf, self.bm25.search, verdict)
        ) is not None:
            return gap
        # sizes asked after the first that no passage states ("X: they mention education, is there a yearly
        # budget"), named as not covered, or refused when nothing else is asked
        if (unsized := figures.unsized(question, passages, named, verdict)) is not None:
            return unsized
        if verdict.coverage == "full" or verdict.reason == "missing-terms":  # a perk named, with no figure
            verdict = figures.unquantified(question, passages, named, verdict)
        if len(named) == 1 and verdict.coverage != "none":  # the pay or a job's term its posting never states
            verdict = figures.unpaid(question, passages, named[0], verdict) or verdict
            verdict = unposted_terms(question, named[0], passages, self.catalog, self.bm25, verdict)
        return verdict

    def absent_name(self, question: str) -> str | None:
        """A name the corpus never uses (common_word_names.absent_name); for pipeline.guide_only."""
        return absent_name(self.bm25, self.catalog, question)

    def _lexical(self, question: str, passages: Sequence[Chunk]) -> tuple[Verdict, bool]:
        """The verdict, and whether its missing words are all everyday (lower-case) ones."""
        companies, aliases = with_heading(self.catalog, question, passages), self.catalog.alias_names  # "HBP"
        if asks_interview_process(question):
            employers = [c for c in companies if any(as_employer(n, question) for n in [c.name, *aliases(c)])]
            unwritten = [
                c for c in employers if not self.catalog.written_up(c) and interviews_undescribed(c, passages)
            ]
            if unwritten and not (len(unwritten) < len(employers) and alternatives(employers, question)):
                company = unwritten[0]
                process = posting_process(self.bm25, company.name, passages)
                if process and answers(process, question):  # quoted from it
                    return Verdict("full", "posting-process", (), company, process=process), False
                if lines := asked_lines(self.bm25, company.name, passages, question):  # adapted, checks
                    return Verdict("full", "posting-process", (), company, process=lines), False
                mentions = interview_mentions(self.catalog, company, question)
                return Verdict("none", "postings-only", (company.name,), company, mentions), False
        named_company_words = {w for c in companies for w in name_words(c.name)}
        # the asker's situation beside the question says nothing of what is asked ("… before Friday")
        told = situation_spans(question) + (own := own_state_spans(question, place=bool(companies)))
        every = [
            replace(t, stem=t.surface.lower()) if cut_acronym(self.bm25, t.surface) else t
            for t in question_terms(question)
            if t.surface.lower() not in named_company_words | NO_CONTENT
        ]
        terms = [t for t in every if not t.within(told)]
        # own_passages.py: "Bumble", "at nubank", "CPF" (not "PMM" the passages spell out); a name in the
        # situation too ("I've got a call with Mercadona's team. What do they ask?")
        # a word with a standard equivalent is a word, not a name ("hobbyist vs legit engineer")
        # (nor is where the asker comes from: "is relocation covered if I'm coming from Kolkata")
        words = [t for t in every if t.surface.lower() not in EQUIVALENTS and not t.within(own)]
        named = unknown_names(question, words, self.catalog, partial(written_out, passages=passages))
        if named:
            return Verdict("none", "not-mentioned", phrases(named, question)), False
        # "Copy.ai": a name of common words that no chunk writes
        if domains := unwritten_domains(self.bm25, self.catalog, question):
            return Verdict("none", "not-mentioned", tuple(domains)), False
        # "harvey ai legal llm eng roles": a company of a name the corpus has only for something else
        if ai_names := unwritten_ai_names(self.bm25, self.catalog, question, self.key_idf, companies):
            return Verdict("none", "not-mentioned", tuple(ai_names)), False
        run = employer_run(question)  # "Back Market applied AI engineer - …": known words, no known name
        known_run = run and (named_company_words & set(run.lower().split()) or self.catalog.companies_in(run))
        if run and not known_run and not in_corpus(self.bm25, run):  # (not "Visa Bengaluru lead AI eng")
            return Verdict("none", "not-mentioned", (run,)), False
        if run := unknown_employer(self.bm25, self.catalog, question):  # "physical intelligence AI eng …"
            return Verdict("none", "not-mentioned", (run,)), False
        stems_all = topic_stems({self._canonical(t.stem) for t in question_terms(question)})
        far = max((self.catalog.page_stem_df.get(s, 0) for s in stems_all), default=0) < self.domain_page_df
        if not companies and (far or foreign_role(question, self.catalog, self.everyday_page_df)):
            return Verdict("none", "off-topic"), False  # or about another profession (role_scope.py)
        # "holland & barrett", "Hy-Vee's": words no chunk uses, written as a name, name a thing
        if runs := unknown_runs(question, self.catalog):
            return Verdict("none", "not-mentioned", tuple(runs)), False
        stems = {self._canonical(t.stem): t for t in terms}
        weights = {s: self._idf(s) ** 2 for s in stems}
        total = sum(weights.values())
        missing = [s for s in self._absent(stems, passages) if self._idf(s) >= self.key_idf]
        if not missing or not total:
            return Verdict("full", "covered"), False
        # (a word the corpus never uses as written, though one edit from one it does: "teeter")
        known = self.catalog.known
        opener = [
            t for t in map(stems.get, missing) if opens_job(question, t.start, t.end, not known(t.stem))
        ]
        if opener and not companies:  # "retell ai voice agent engineer - remote?": an employer not in it
            name = phrases(opener, question) if opener[0].start == 0 else (question[: opener[0].end],)
            return Verdict("none", "not-mentioned", name), False  # "harris teeter", not "teeter"
        words = phrases([stems[s] for s in missing], question)
        everyday = not any(
            # ("WFH" is shorthand, not a name; nor a word the corpus uses opening a sentence: "Wondering")
            (t.capital and t.surface.lower() not in SHORTHAND and not (t.opens and self.catalog.known(s)))
            or (not self.catalog.known(s) and name_position(question, t.start, t.end))
            for s, t in ((s, stems[s]) for s in missing)
        )
        coverage = "none" if sum(weights[s] for s in missing) / total >= self.none_share else "partial"
        return Verdict(coverage, "missing-terms", words), everyday

    def _absent(self, stems: dict[str, QuestionTerm], passages: Sequence[Chunk]) -> list[str]:
        """The question's stems that no passage has and the guide's pages seldom use, rare or not."""
        have: set[str] = set().union(*(term_set(c.embed_text) for c in passages))
        by_meaning = {s: self.word_vectors for s in stems if self._idf(s) >= self.key_idf}
        return [
            s
            for s in stems
            if s not in have
            and not (SYNONYMS.get(s, frozenset()) & have)
            # "LA", "WSJ", "tips": too short to judge; a longer word with a short stem is ("wedding": "wed")
            and (
                self.catalog.known(s)
                or len(s) >= MIN_UNKNOWN_LEN
                or len(stems[s].surface) > MIN_UNKNOWN_LEN + 1
                or CODE_WORD.fullmatch(s) is not None  # "ao3": a site's name, no abbreviation of words
            )
            and self.catalog.page_stem_df.get(s, 0) < self.everyday_page_df  # "normal", "versus"
            and not expressed(stems[s].surface, passages, by_meaning.get(s))  # "SF", "£" (word_cover.py)
        ]

    def _unrecorded(self, question: str, passages: Sequence[Chunk]) -> tuple[str, ...]:
        """Words of a question about the job data as a set that no passage has and the guide's pages
        seldom use, however common in postings: a field the data does not record ("headquartered")."""
        named = {w for c in self.catalog.companies_in(question) for w in name_words(c.name)}
        # the asker's situation ("I'm a nurse retraining"), unless the ask is of it ("… offer that?")
        back = any(_BACK.search(p) for p in parts(question))
        told = [] if back else situation_spans(question) + own_state_spans(question)
        terms = [t for t in question_terms(question) if t.surface.lower() not in named | NO_CONTENT]
        terms = [t for t in terms if not t.within(told)]
        stems = {self._canonical(t.stem): t for t in terms}
        return phrases([stems[s] for s in self._absent(stems, passages)], question)

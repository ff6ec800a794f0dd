"""An independent reference for the market eval: plain Python over the guide's posting YAML files.

Shares nothing with the engine (no DuckDB, no rag.market code) except the skill alias file (the
spelling rules are data) and ingest's salary parser (what a posting states is parsed once).
`python -m evals.market.reference` regenerates the expected figures in questions.jsonl.
"""

from __future__ import annotations

import re
import statistics
import tomllib
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import yaml

from ingest.salary import parse_compensation
from rag.names import display_company  # the name as shown ("Visa Inc," -> "Visa Inc")

ALIASES = Path(__file__).resolve().parents[2] / "rag" / "market" / "skill_aliases.toml"
CATEGORIES = ["genai", "ml", "web", "databases", "data", "cloud", "ops", "languages", "domains", "other"]


def _load(path: Path | None) -> dict:
    if path is None:
        return {}
    try:
        data = yaml.load(
            path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        )
    except (yaml.YAMLError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def _key(s: str) -> str:
    s = unicodedata.normalize("NFKC", s).lower()
    return re.sub(r"[\s_\-]+", " ", s).strip().rstrip(",;:").strip()


def _items(values) -> list[str]:
    """A skill list's items; one whose brackets do not pair is a broken split of "Head (A, B)": its
    comma- and bracket-separated parts are the items ("Cloud Platforms (Aws" -> Cloud Platforms, Aws)."""
    out = []
    for x in values or []:
        if not x:
            continue
        x = str(x).strip()
        if len(re.findall(r"\(", x)) != len(re.findall(r"\)", x)):
            out += [part.strip() for part in re.split(r"[(),]", x) if part.strip()]
        else:
            out.append(x)
    return out


def _stage(text) -> str:
    t = " ".join(str(text or "").lower().split())
    if t in ("", "unknown", "n/a", "none", "not stated", "not specified"):
        return "unknown"
    if t.startswith(("seed", "pre-seed", "pre seed", "preseed", "pre-series a", "pre series a")):
        return "seed"
    if t.startswith("public") and not t.startswith("public benefit"):
        return "public"
    m = re.search(r"\bseries\s*([a-z])\b", t)
    if m:
        return {"a": "series_a", "b": "series_b"}.get(m.group(1), "series_c_plus")
    return "private_other"


_FIELD_WORDS = {"ai", "genai", "artificial", "intelligence"}  # every posting is an AI engineering role
_NOUNS = {"engineer": ("engineer", "engineers", "engineering"), "developer": ("developer", "developers"),
          "scientist": ("scientist", "scientists"), "researcher": ("researcher", "researchers"),
          "architect": ("architect", "architects")}  # fmt: skip


def _title_tokens(text: str) -> list[str]:
    t = text.lower()
    for spelled, word in (("machine learning", "ml"), ("machine-learning", "ml"), ("full stack", "fullstack"),
                          ("full-stack", "fullstack"), ("back-end", "backend"), ("back end", "backend"),
                          ("front-end", "frontend"), ("front end", "frontend")):  # fmt: skip
        t = t.replace(spelled, word)
    return [w for w in re.split(r"[^a-z0-9+#]+", t) if w]


def _titled(title: str, phrase: str) -> bool:
    """The phrase's words ("AI" left out; the last, a role noun, in any of its forms) among the title's
    words, whole and in this order."""
    want = [w for w in _title_tokens(phrase) if w not in _FIELD_WORDS]
    forms = [next((f for f in _NOUNS.values() if w in f), (w, w + "s") if w == "llm" else (w,)) for w in want]
    have, i = _title_tokens(title), 0
    for word in have:
        if i < len(forms) and word in forms[i]:
            i += 1
    return i == len(forms)


class Reference:
    """Every posting as a plain dict, and figures computed by loops over them."""

    def __init__(self, root: Path):
        jm = root / "job-market"
        raw = {p.name.split("_")[0]: p for p in (jm / "data_raw").glob("*.yaml") if p.name[0].isdigit()}
        st = {p.name.split("_")[0]: p for p in (jm / "data_structured").glob("*.yaml") if p.name[0].isdigit()}
        pairs = [(i, _load(raw.get(i)), _load(st.get(i))) for i in sorted(raw.keys() | st.keys(), key=int)]
        spellings = Counter()
        for _, r, s in pairs:
            spellings.update(_items(r.get("skills")))
            for v in ((s.get("position") or {}).get("skills") or {}).values():
                spellings.update(_items(v))
        kinds = {_key(k) for k in tomllib.loads(ALIASES.read_text(encoding="utf-8"))["not_skills"]["kinds"]}
        for x in list(spellings):  # a kind of skill ("Frameworks") is no skill
            if _key(x) in kinds or (_key(x).endswith("s") and _key(x)[:-1] in kinds):
                del spellings[x]
        self._names = self._fold(spellings)
        self.postings = [p for i, r, s in pairs if (p := self._posting(i, r, s))]
        self.category = self._categories(pairs)

    def _categories(self, pairs) -> dict[str, str]:
        """Each skill's category: the one most postings file it under (first listed wins per posting)."""
        votes = defaultdict(Counter)
        for _, r, s in pairs:
            if not self._posting("0", r, s):
                continue
            groups = (s.get("position") or {}).get("skills") or {}
            first: dict[str, str] = {}
            for cat in CATEGORIES:
                for x in _items(groups.get(cat)):
                    if str(x).strip() in self._names:
                        first.setdefault(self._names[str(x).strip()], cat)
            for skill, cat in first.items():
                votes[skill][cat] += 1
        return {k: max(v, key=lambda c: (v[c], -CATEGORIES.index(c))) for k, v in votes.items()}

    def _fold(self, spellings: Counter) -> dict[str, str]:
        cfg = tomllib.loads(ALIASES.read_text(encoding="utf-8"))
        alias = {_key(v): canon for canon, vs in cfg["aliases"].items() for v in [canon, *vs]}
        exact, no_plural = cfg["case_sensitive"], {_key(k) for k in cfg["no_plural"]["keys"]}
        keys = {_key(s) for s in spellings} | set(alias)

        def group(s: str) -> str:
            if s in exact:
                return "=" + exact[s]
            k = _key(s)
            if k in alias and k not in no_plural:
                return "=" + alias[k]
            if k + "s" in alias and k + "s" not in no_plural:
                return "=" + alias[k + "s"]
            if k.endswith("s") and k not in no_plural and k[:-1] in keys:
                return "=" + alias[k[:-1]] if k[:-1] in alias else k[:-1]
            return k

        members = defaultdict(Counter)
        for s, n in spellings.items():
            members[group(s)][s] += n
        name = {g: g[1:] if g.startswith("=") else sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
                for g, c in members.items()}  # fmt: skip
        return {s: name[group(s)] for s in spellings}

    def _posting(self, job_id: str, r: dict, s: dict) -> dict | None:
        pos, comp_info = s.get("position") or {}, s.get("company") or {}
        company = r.get("company") or comp_info.get("name")
        if not (r.get("title") or pos.get("title")) or not company:
            return None
        loc = r.get("location") or None
        parts = [x.strip() for x in str(loc or "").split(",") if x.strip()]
        iso = bool(parts) and re.fullmatch(r"[A-Z]{3}", parts[-1]) is not None
        skills = {self._names.get(x) for x in _items(r.get("skills"))}
        for v in (pos.get("skills") or {}).values():
            skills |= {self._names.get(x) for x in _items(v)}
        skills.discard(None)
        comp = parse_compensation(str(r.get("description") or "").strip()) if r.get("description") else None
        posted = str(r["posted_date"]) if r.get("posted_date") else None
        return {
            "job_id": job_id, "company": display_company(company), "skills": skills,
            "title": str(r.get("title") or pos.get("title")).strip(),
            "city": ", ".join(parts[:-1]) or None if iso else None, "country": parts[-1] if iso else None,
            "level": r.get("level") or None, "work_type": r.get("work_type") or None,
            "ai_type": (pos.get("ai_type") or {}).get("type"), "stage": _stage(comp_info.get("stage")),
            "management": pos.get("is_management"), "customer_facing": pos.get("is_customer_facing"),
            "posted": posted, "month": posted[:7] if posted else None,
            "salary": (comp.min, comp.max, comp.currency, comp.period) if comp else None,
        }  # fmt: skip

    # -- figures ----------------------------------------------------------------------------------
    def matches(self, p: dict, f: dict) -> bool:
        if f.get("skills_all") and not set(f["skills_all"]) <= p["skills"]:
            return False
        if f.get("skills_any") and not set(f["skills_any"]) & p["skills"]:
            return False
        for name in ("city", "country", "level", "ai_type", "company", "stage", "work_type"):
            if f.get(name) and p[name] not in f[name]:
                return False
        for name in ("management", "customer_facing"):
            if f.get(name) is not None and p[name] != f[name]:
                return False
        if f.get("title") and not any(_titled(p["title"], t) for t in f["title"]):
            return False
        if f.get("posted_from") and not (p["posted"] and p["posted"] >= f["posted_from"]):
            return False
        return not (f.get("posted_to") and not (p["posted"] and p["posted"] <= f["posted_to"]))

    def figures(self, e: dict) -> dict:
        """The expected figures of one question's `expect` description."""
        if e.get("unit") == "companies":
            return self._company_figures(e)
        pop_f, sub_f = e.get("filters", {}), e.get("subset", {})
        pop = [p for p in self.postings if self.matches(p, pop_f)]
        where = [p for p in pop if self.matches(p, sub_f)]
        m = e["measure"]
        if m in ("count", "share") and not e.get("group_by"):
            return {"n_matching": len(where), "n_population": len(pop)}
        if m in ("count", "share"):
            g, counts = e["group_by"], defaultdict(lambda: [0, 0])
            for p in pop:
                if p[g] is not None and (not e.get("only") or p[g] in e["only"]):
                    counts[p[g]][1] += 1
                    counts[p[g]][0] += self.matches(p, sub_f)
            rows = sorted(counts.items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0]))
            return {"rows": [[v, a, b] for v, (a, b) in rows]}
        if m == "by_month":
            months = sorted({p["month"] for p in pop if p["month"]})
            return {"rows": [[mo, sum(p["month"] == mo for p in where), sum(p["month"] == mo for p in pop)]
                             for mo in months]}  # fmt: skip
        if m == "salary":
            groups = defaultdict(list)
            for p in where:
                if p["salary"]:
                    lo, hi, cur, per = p["salary"]
                    groups[(cur, per)].append((lo + hi) / 2)
            return {
                "rows": sorted(
                    [
                        [c, per, len(v), statistics.median(v) if len(v) >= 5 else None]
                        for (c, per), v in groups.items()
                    ],
                    key=lambda r: (-r[2], r[0], str(r[1])),
                )
            }
        counts = Counter()
        for p in where:
            if m == "cooccur":
                counts.update(p["skills"] - set(pop_f.get("skills_all", [])))
            elif e["field"] == "skill":
                counts.update(
                    s
                    for s in p["skills"]
                    if (not e.get("only") or s in e["only"])
                    and (not e.get("category") or self.category.get(s) == e["category"])
                )
            elif p[e["field"]] is not None and (not e.get("only") or p[e["field"]] in e["only"]):
                counts[p[e["field"]]] += 1
        rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[: e.get("limit", 10)]
        return {"rows": [[v, n] for v, n in rows]}

    def _company_figures(self, e: dict) -> dict:
        """Figures that count companies: a company counts once when any of its postings matches."""
        pop = [p for p in self.postings if self.matches(p, e.get("filters", {}))]
        where = [p for p in pop if self.matches(p, e.get("subset", {}))]
        if e["measure"] in ("count", "share") and not e.get("group_by"):
            return {
                "n_matching": len({p["company"] for p in where}),
                "n_population": len({p["company"] for p in pop}),
            }
        groups: dict[str, list[set]] = defaultdict(lambda: [set(), set()])
        g = e.get("group_by") or e["field"]
        for p in pop:
            for value in p["skills"] if g == "skill" else [p[g]]:
                if value is not None:
                    groups[value][1].add(p["company"])
                    if p in where:
                        groups[value][0].add(p["company"])
        if e["measure"] in ("count", "share"):
            rows = sorted(
                ((v, len(a), len(b)) for v, (a, b) in groups.items()), key=lambda r: (-r[1], -r[2], r[0])
            )
            return {"rows": [list(r) for r in rows]}
        rows = sorted(((v, len(a)) for v, (a, _) in groups.items() if a), key=lambda r: (-r[1], r[0]))
        return {"rows": [list(r) for r in rows][: e.get("limit", 10)]}

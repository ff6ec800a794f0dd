# ruff: noqa: E501  (the question table reads best one question a line)
"""Writes evals/market/questions.jsonl: hand-written questions, what each one means (`expect`, in the
spec's vocabulary), and the expected figures computed by the independent reference.

    python -m evals.market.make_questions [--corpus PATH]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from evals.market.reference import Reference

OUT = Path(__file__).with_name("questions.jsonl")
NY, LDN = {"city": ["New York"]}, {"city": ["London"]}


def sk(*names: str) -> dict:
    return {"skills_all": list(names)}


C, S = "count", "share"
# (question, expect); expect None = a guide question that must not be routed to the market engine.
MARKET = [
    ("How many New York postings ask for LangGraph?", {"measure": C, "filters": NY, "subset": sk("LangGraph")}),
    ("how many ask for vector databases?", {"measure": C, "subset": sk("Vector databases")}),
    ("How many postings mention vector DBs?", {"measure": C, "subset": sk("Vector databases")}),
    ("How many job postings require RAG?", {"measure": C, "subset": sk("RAG")}),
    ("number of postings that list Kubernetes", {"measure": C, "subset": sk("Kubernetes")}),
    ("How many postings ask for k8s?", {"measure": C, "subset": sk("Kubernetes")}),
    ("How many roles want LLM experience?", {"measure": C, "subset": sk("LLMs")}),
    ("how many jobs mention large language models", {"measure": C, "subset": sk("LLMs")}),
    ("How many postings ask for Langgrpah?", {"measure": C, "subset": sk("LangGraph")}),
    ("how many postings ask for langchian", {"measure": C, "subset": sk("LangChain")}),
    ("How many postings ask for Pytorhc?", {"measure": C, "subset": sk("PyTorch")}),
    ("How many postings require Python and SQL?", {"measure": C, "subset": sk("Python", "SQL")}),
    ("How many London jobs ask for PyTorch?", {"measure": C, "filters": LDN, "subset": sk("PyTorch")}),
    ("How many Berlin postings mention Docker?", {"measure": C, "filters": {"city": ["Berlin"]}, "subset": sk("Docker")}),
    ("How many postings in Bengaluru ask for GCP?", {"measure": C, "filters": {"city": ["Bengaluru"]}, "subset": sk("GCP")}),
    ("How many postings ask for Google Cloud in Bangalore?", {"measure": C, "filters": {"city": ["Bengaluru"]}, "subset": sk("GCP")}),
    ("How many NYC postings list MCP?", {"measure": C, "filters": NY, "subset": sk("MCP")}),
    ("How many postings are in London?", {"measure": C, "subset": LDN}),
    ("How many postings are there in Londn?", {"measure": C, "subset": LDN}),
    ("How many jobs are in India?", {"measure": C, "subset": {"country": ["IND"]}}),
    ("How many postings are in the UK?", {"measure": C, "subset": {"country": ["GBR"]}}),
    ("How many postings are in Germany?", {"measure": C, "subset": {"country": ["DEU"]}}),
    ("how many internships are there?", {"measure": C, "subset": {"work_type": ["INTERN"]}}),
    ("How many postings from Anthropic?", {"measure": C, "subset": {"company": ["Anthropic"]}}),
    ("How many jobs at Capital One?", {"measure": C, "subset": {"company": ["Capital One"]}}),
    ("How many postings were posted in January 2026?", {"measure": C, "subset": {"posted_from": "2026-01-01", "posted_to": "2026-01-31"}}),
    ("How many postings since February 2026 ask for RAG?", {"measure": C, "subset": {**sk("RAG"), "posted_from": "2026-02-01"}}),
    ("How many management roles are there in Berlin?", {"measure": C, "filters": {"city": ["Berlin"]}, "subset": {"management": True}}),
    ("How many customer-facing roles are there?", {"measure": C, "subset": {"customer_facing": True}}),
    ("How many senior roles are in New York?", {"measure": C, "subset": {"level": ["Senior level"], "city": ["New York"]}}),
    ("How many entry-level postings are there?", {"measure": C, "subset": {"level": ["Entry level"]}}),
    ("How many postings are at Series B companies?", {"measure": C, "subset": {"stage": ["series_b"]}}),
    ("How many postings come from public companies?", {"measure": C, "subset": {"stage": ["public"]}}),
    ("How many AI-first roles ask for CrewAI?", {"measure": C, "filters": {"ai_type": ["ai-first"]}, "subset": sk("CrewAI")}),
    ("How many ML-first roles are there?", {"measure": C, "subset": {"ai_type": ["ml-first"]}}),
    ("What share of Amsterdam roles are AI-support?", {"measure": S, "filters": {"city": ["Amsterdam"]}, "subset": {"ai_type": ["ai-support"]}}),
    ("What share of postings list LangGraph?", {"measure": S, "subset": sk("LangGraph")}),
    ("What percentage of postings mention RAG?", {"measure": S, "subset": sk("RAG")}),
    ("what % of jobs ask for prompt engineering", {"measure": S, "subset": sk("Prompt engineering")}),
    ("What proportion of postings require Docker?", {"measure": S, "subset": sk("Docker")}),
    ("How common is fine-tuning in job postings?", {"measure": S, "subset": sk("Fine-tuning")}),
    ("How often do postings ask for TypeScript?", {"measure": S, "subset": sk("TypeScript")}),
    ("What share of postings are AI-first?", {"measure": S, "subset": {"ai_type": ["ai-first"]}}),
    ("What share of roles are customer-facing?", {"measure": S, "subset": {"customer_facing": True}}),
    ("What percentage of postings are management roles?", {"measure": S, "subset": {"management": True}}),
    ("What share of London postings are senior level?", {"measure": S, "filters": LDN, "subset": {"level": ["Senior level"]}}),
    ("What share of New York jobs ask for LangChain?", {"measure": S, "filters": NY, "subset": sk("LangChain")}),
    ("What percentage of Bengaluru jobs require PyTorch or TensorFlow?", {"measure": S, "filters": {"city": ["Bengaluru"]}, "subset": {"skills_any": ["PyTorch", "TensorFlow"]}}),
    ("What share of AI-first jobs want React?", {"measure": S, "filters": {"ai_type": ["ai-first"]}, "subset": sk("React")}),
    ("What share of Indian postings ask for Azure?", {"measure": S, "filters": {"country": ["IND"]}, "subset": sk("Azure")}),
    ("What share of postings at public companies are AI-support?", {"measure": S, "filters": {"stage": ["public"]}, "subset": {"ai_type": ["ai-support"]}}),
    ("What share of postings ask for RAG by city?", {"measure": S, "subset": sk("RAG"), "group_by": "city"}),
    ("What share of postings list Kubernetes per level?", {"measure": S, "subset": sk("Kubernetes"), "group_by": "level"}),
    ("Share of postings asking for MCP by country", {"measure": S, "subset": sk("MCP"), "group_by": "country"}),
    ("What share of postings in London vs New York ask for RAG?", {"measure": S, "subset": sk("RAG"), "group_by": "city", "only": ["London", "New York"]}),
    ("Which skills come up most in New York?", {"measure": "top", "field": "skill", "filters": NY}),
    ("Which skills are most requested in AI engineer job postings?", {"measure": "top", "field": "skill"}),
    ("What are the top 5 skills in London?", {"measure": "top", "field": "skill", "filters": LDN, "limit": 5}),
    ("most common skills for senior roles", {"measure": "top", "field": "skill", "filters": {"level": ["Senior level"]}}),
    ("Which skills are most in demand in India?", {"measure": "top", "field": "skill", "filters": {"country": ["IND"]}}),
    ("Which programming languages are most requested?", {"measure": "top", "field": "skill", "category": "languages"}),
    ("Which databases do postings mention most?", {"measure": "top", "field": "skill", "category": "databases"}),
    ("Which cities have the most postings?", {"measure": "top", "field": "city"}),
    ("Which companies post the most AI engineer jobs?", {"measure": "top", "field": "company"}),
    ("Top 5 companies by number of postings", {"measure": "top", "field": "company", "limit": 5}),
    ("which company had the most AI engineer postings in the data?", {"measure": "top", "field": "company"}),
    ("Which companies hire the most in London?", {"measure": "top", "field": "company", "filters": LDN}),
    ("What are the top skills for AI-support roles?", {"measure": "top", "field": "skill", "filters": {"ai_type": ["ai-support"]}}),
    ("aws vs azure vs gcp - which cloud do AI eng job posts ask for most?", {"measure": "top", "field": "skill", "only": ["AWS", "Azure", "GCP"]}),
    ("pytorch or tensorflow - which one shows up more in genai engineering jobs?", {"measure": "top", "field": "skill", "only": ["PyTorch", "TensorFlow"]}),
    ("Do many postings ask for CrewAI or AutoGen specifically?", {"measure": "top", "field": "skill", "only": ["CrewAI", "AutoGen"]}),
    ("LangChain vs LlamaIndex: which is asked for more?", {"measure": "top", "field": "skill", "only": ["LangChain", "LlamaIndex"]}),
    ("How are postings distributed across levels?", {"measure": "breakdown", "field": "level", "limit": 20}),
    ("Break down London postings by company stage", {"measure": "breakdown", "field": "stage", "filters": LDN, "limit": 20}),
    ("breakdown of postings by AI type", {"measure": "breakdown", "field": "ai_type", "limit": 20}),
    ("distribution of postings by country", {"measure": "breakdown", "field": "country", "limit": 20}),
    ("How many postings list MCP per month?", {"measure": "by_month", "subset": sk("MCP")}),
    ("How has demand for LangGraph changed over time?", {"measure": "by_month", "subset": sk("LangGraph")}),
    ("postings per month in New York", {"measure": "by_month", "subset": NY}),
    ("Which skills appear most often alongside LangChain?", {"measure": "cooccur", "filters": sk("LangChain")}),
    ("What skills go with RAG?", {"measure": "cooccur", "filters": sk("RAG")}),
    ("Top 5 skills listed together with Kubernetes", {"measure": "cooccur", "filters": sk("Kubernetes"), "limit": 5}),
    ("What do senior roles in London pay?", {"measure": "salary", "filters": {"city": ["London"], "level": ["Senior level"]}}),
    ("What's the median pay for AI-first roles in New York?", {"measure": "salary", "filters": {"city": ["New York"], "ai_type": ["ai-first"]}}),
    ("What do AI engineers earn in the US?", {"measure": "salary", "filters": {"country": ["USA"]}}),
    ("Salary for postings asking for LangGraph", {"measure": "salary", "filters": sk("LangGraph")}),
    ("How much do Expert/Leader roles in New York pay?", {"measure": "salary", "filters": {"city": ["New York"], "level": ["Expert/Leader"]}}),
    ("What's the highest salary for ML-first roles?", {"measure": "salary", "filters": {"ai_type": ["ml-first"]}}),
    ("What do postings in the UK pay?", {"measure": "salary", "filters": {"country": ["GBR"]}}),
    ("salary ranges for Series A companies", {"measure": "salary", "filters": {"stage": ["series_a"]}}),
    ("Is LangChain worth learning?", {"route": "both", "measure": S, "subset": sk("LangChain")}),
    ("Should I learn Kubernetes for AI engineering?", {"route": "both", "measure": S, "subset": sk("Kubernetes")}),
    ("Is MCP in demand?", {"route": "both", "measure": S, "subset": sk("MCP")}),
    ("What share of postings are remote?", {"not_recorded": True}),
    ("How many postings offer visa sponsorship?", {"not_recorded": True}),
    ("What percentage of AI engineer jobs offer equity?", {"not_recorded": True}),
    ("How many postings are hybrid?", {"not_recorded": True}),
    ("How many postings ask for quantum basketweaving?", {"not_recorded": True}),  # no skill is near it
]  # fmt: skip
B = "both"
TOP2 = {"measure": "top", "field": "skill", "limit": 2}
# Round seven: phrasings a new user types (written before the router was changed for them; m099 on).
MARKET += [
    ("Do AI engineers use Docker?", {"route": B, "measure": S, "subset": sk("Docker")}),
    ("Do AI engineers need Kubernetes?", {"route": B, "measure": S, "subset": sk("Kubernetes")}),
    ("do ai engineer jobs want docker", {"measure": S, "subset": sk("Docker")}),
    ("Is Kubernetes in demand for AI engineers?", {"route": B, "measure": S, "subset": sk("Kubernetes")}),
    ("How common is Docker in AI engineering jobs?", {"measure": S, "subset": sk("Docker")}),
    ("Is FastAPI popular among employers?", {"measure": S, "subset": sk("FastAPI")}),
    ("Which cloud is most requested, AWS or Azure?", {**TOP2, "only": ["AWS", "Azure"]}),
    ("which is asked for more, pytorch or tensorflow?", {**TOP2, "only": ["PyTorch", "TensorFlow"]}),
    ("Is LangChain more common than LlamaIndex?", {**TOP2, "only": ["LangChain", "LlamaIndex"]}),
    ("is aws or gcp more in demand?", {**TOP2, "only": ["AWS", "GCP"]}),
    ("How popular is PyTorch compared to TensorFlow in job postings?", {**TOP2, "only": ["PyTorch", "TensorFlow"]}),
    ("Which programming languages do AI engineer postings want most?", {"measure": "top", "field": "skill", "category": "languages"}),
    ("what are the most in-demand skills for ai engineers", {"measure": "top", "field": "skill"}),
    ("What's the most common cloud platform in AI engineer job posts?", {"measure": "top", "field": "skill", "category": "cloud"}),
    ("whats the most requested cloud in job ads", {"measure": "top", "field": "skill", "category": "cloud"}),
    ("Which database do postings ask for most?", {"measure": "top", "field": "skill", "category": "databases"}),
    ("Do companies want RAG experience?", {"measure": S, "subset": sk("RAG")}),
    ("do employers care about kubernetes", {"measure": S, "subset": sk("Kubernetes")}),
    ("are vector databases a common requirement?", {"measure": S, "subset": sk("Vector databases")}),
    ("Does anyone hire for Rust?", {"measure": S, "subset": sk("Rust")}),
    ("How many jobs mention LangGraph?", {"measure": C, "subset": sk("LangGraph")}),
    ("how mnay postings ask for pyhton?", {"measure": C, "subset": sk("Python")}),
    ("percantage of postings that list langchain", {"measure": S, "subset": sk("LangChain")}),
    ("what percent of jobs want aws", {"measure": S, "subset": sk("AWS")}),
    ("Is Java used in AI engineering roles?", {"route": B, "measure": S, "subset": sk("Java")}),
    ("Is Rust used by AI engineers?", {"route": B, "measure": S, "subset": sk("Rust")}),
    ("Do AI engineers still use LangChain?", {"route": B, "measure": S, "subset": sk("LangChain")}),
    ("do ai engineers use typescript much?", {"route": B, "measure": S, "subset": sk("TypeScript")}),
    ("Do most AI engineer jobs require Python?", {"measure": S, "subset": sk("Python")}),
    ("How often do postings mention fine-tuning?", {"measure": S, "subset": sk("Fine-tuning")}),
    ("Is SQL still required for AI engineers?", {"measure": S, "subset": sk("SQL")}),
    ("what share of roles need docker", {"measure": S, "subset": sk("Docker")}),
    ("Is MLOps knowledge asked for in postings?", {"measure": S, "subset": sk("MLOps")}),
    ("Is Go common in AI engineering postings?", {"measure": S, "subset": sk("Go")}),
    ("how popular is langgraph among employers", {"measure": S, "subset": sk("LangGraph")}),
    ("what fraction of ai jobs mention agents", {"measure": S, "subset": sk("agents")}),
    ("Is prompt engineering still in demand?", {"route": B, "measure": S, "subset": sk("Prompt engineering")}),
    ("Which companies hire the most AI engineers?", {"measure": "top", "field": "company"}),
    ("Which city has the most AI engineer jobs?", {"measure": "top", "field": "city"}),
    ("How many AI engineer jobs are there in London?", {"measure": C, "subset": LDN}),
    ("Are there many AI jobs in Germany?", {"measure": C, "subset": {"country": ["DEU"]}}),
    ("Are there lots of contract roles?", {"measure": C, "subset": {"work_type": ["CONTRACTOR"]}}),
    ("How many senior AI engineer postings are there?", {"measure": C, "subset": {"level": ["Senior level"]}}),
]  # fmt: skip
# Round eight: questions that count companies, not postings (m142 on); "which companies" lists the top ones.
CO = {"unit": "companies"}
MARKET += [
    ("How many companies ask for Kubernetes?", {"measure": C, "subset": sk("Kubernetes"), **CO}),
    ("How many employers want Python?", {"measure": C, "subset": sk("Python"), **CO}),
    ("how many firms are hiring for RAG?", {"measure": C, "subset": sk("RAG"), **CO}),
    ("What share of companies ask for LangChain?", {"measure": S, "subset": sk("LangChain"), **CO}),
    ("What percentage of employers want TypeScript?", {"measure": S, "subset": sk("TypeScript"), **CO}),
    ("How many companies in London ask for PyTorch?", {"measure": C, "filters": LDN, "subset": sk("PyTorch"), **CO}),
    ("How many different companies list MCP?", {"measure": C, "subset": sk("MCP"), **CO}),
    ("How many companies are in the data?", {"measure": C, **CO}),
    ("How many companies are hiring in Berlin?", {"measure": C, "subset": {"city": ["Berlin"]}, **CO}),
    ("number of companies that require Docker and Kubernetes", {"measure": C, "subset": sk("Docker", "Kubernetes"), **CO}),
    ("How many companies per country ask for Kubernetes?", {"measure": C, "subset": sk("Kubernetes"), "group_by": "country", **CO}),
    ("How many startups ask for RAG?", {"measure": C, "filters": {"stage": ["seed", "series_a", "series_b", "series_c_plus"]}, "subset": sk("RAG"), **CO}),
    ("Which companies ask for LangGraph?", {"measure": "top", "field": "company", "filters": sk("LangGraph")}),
    ("which employers use Terraform?", {"measure": "top", "field": "company", "filters": sk("Terraform")}),
]  # fmt: skip
FUNDED = {"stage": ["seed", "series_a", "series_b", "series_c_plus"]}
# round nine (tuning cases: market9's fresh questions that were misread, fixed looking at them)
MARKET += [
    ("How many postings from startups ask for RAG?", {"measure": C, "filters": FUNDED, "subset": sk("RAG")}),
    ("Do startups ask for Kubernetes?", {"measure": S, "filters": FUNDED, "subset": sk("Kubernetes")}),
    ("Top 10 skills employers ask for?", {"measure": "top", "field": "skill"}),
    ("What is the median salary for AI engineers in the US?", {"measure": "salary", "filters": {"country": ["USA"]}}),
    ("how manny postings require docker", {"measure": C, "subset": sk("Docker")}),
    ("what are the most common skills for junior roles", {"measure": "top", "field": "skill", "filters": {"level": ["Entry level"]}}),
    ("do big companies ask for rag more than startups?", {"measure": S, "subset": sk("RAG"), "group_by": "stage"}),
    ("which skills do companies in London ask for", {"measure": "top", "field": "skill", "filters": LDN}),
]  # fmt: skip
# round ten (tuning cases: misreads last round's helpers reported, fixed looking at them)
MARKET += [
    ("How common is AWS compared to Azure?", {**TOP2, "only": ["AWS", "Azure"]}),
    ("how many jobs in san francisco", {"unknown": True}),
    ("Do lots of postings ask for Docker?", {"measure": S, "subset": sk("Docker")}),
]  # fmt: skip
# round eleven (tuning cases: a reading the answer must say, in "note"; a city abbreviation no posting is in)
LEAD = "as the level Expert/Leader"
TITLE = "as a job title"  # round twelve: a role title filters on the postings' titles (m169 said it did not)
MARKET += [
    ("how many jobs in sf", {"unknown": True}),
    ("how many lead or principal positions are there", {"measure": C, "subset": {"level": ["Expert/Leader"]}, "note": LEAD}),
    ("how many ML engineer jobs in new york", {"measure": C, "subset": {"city": ["New York"], "title": ["ML engineer"]}, "note": TITLE}),
    ("how many staff level roles ask for RAG", {"measure": C, "filters": {"level": ["Expert/Leader"]}, "subset": sk("RAG"), "note": LEAD}),
]  # fmt: skip
# round twelve (tuning cases: role titles filtered on the postings' titles, written after the filter was built)
KUBE = sk("Kubernetes")
MARKET += [
    ("how many senior ML engineer postings are in London?", {"measure": C, "subset": {"city": ["London"], "level": ["Senior level"], "title": ["ML engineer"]}, "note": TITLE}),
    ("what share of staff AI engineer jobs ask for Kubernetes?", {"measure": S, "filters": {"title": ["staff AI engineer"]}, "subset": KUBE, "note": TITLE}),
    ("how many machine learning engineer jobs are there", {"measure": C, "subset": {"title": ["machine learning engineer"]}, "note": TITLE}),
    ("which skills do data scientist roles ask for most", {"measure": "top", "field": "skill", "filters": {"title": ["data scientist"]}, "note": TITLE}),
    ("how many full stack engineer jobs ask for React", {"measure": C, "filters": {"title": ["full stack engineer"]}, "subset": sk("React"), "note": TITLE}),
    ("What do ML engineers earn in the US?", {"measure": "salary", "filters": {"country": ["USA"], "title": ["ML engineers"]}, "note": TITLE}),
    ("how many quantum engineer jobs are there", {"unknown": True}),
    ("How many postings were titled lead engineer?", {"measure": C, "subset": {"title": ["lead engineer"]}, "note": TITLE}),
    # groups set against each other on a skill: each group's share, not counts over groups of other sizes
    ("Is Docker asked for more in AI-first roles or in AI-support roles?", {"measure": S, "subset": sk("Docker"), "group_by": "ai_type", "only": ["ai-first", "ai-support"], "limit": 2}),
    ("if I take a platform job vs an LLM-app job, how likely is RAG to be required?", {"measure": S, "subset": sk("RAG"), "group_by": "ai_type", "only": ["ai-support", "ai-first"], "limit": 2}),
    ("Do London or Berlin postings ask for Python more?", {"measure": S, "subset": sk("Python"), "group_by": "city", "only": ["London", "Berlin"], "limit": 2}),
    # an employer named as one: "postings at Google" (no such company) is no count of the skill Google
    ("how many postings at Google", {"unknown": True}),
    ("how many jobs does Capital One have in the data", {"measure": C, "subset": {"company": ["Capital One"]}}),
]  # fmt: skip
# round seventeen: "are there jobs (of a kind) in a place?" is the postings counted; a place none is in is said
MARKET += [
    ("Are there AI engineer jobs in Berlin?", {"measure": C, "subset": {"city": ["Berlin"]}}),
    ("Are there any AI engineer jobs in London?", {"measure": C, "subset": LDN}),
    ("Are there jobs requiring LangChain in Germany?", {"measure": C, "filters": {"country": ["DEU"]}, "subset": sk("LangChain")}),
    ("Are there Python jobs in India?", {"measure": C, "filters": {"country": ["IND"]}, "subset": sk("Python")}),
    ("Any openings in Bengaluru for senior AI engineers?", {"measure": C, "subset": {"city": ["Bengaluru"], "level": ["Senior level"]}}),
    ("Is anyone hiring in Berlin?", {"measure": C, "subset": {"city": ["Berlin"]}}),
    ("Are there entry-level AI engineer jobs?", {"measure": C, "subset": {"level": ["Entry level"]}}),
    ("Are there AI engineer jobs in Charlotte?", {"unknown": True}),
    ("Are there AI engineer jobs in Austin, TX?", {"unknown": True}),
    ("Any remote AI jobs in Canada?", {"unknown": True}),
    ("Is anyone hiring AI engineers in Austin, TX?", {"unknown": True}),
    ("Are there AI engineer jobs that don't need a degree?", {"not_recorded": True}),
    # round twenty-three: the role's pay over every posting; a pay word naming another thing is no pay
    ("How much do AI engineers earn?", {"measure": "salary"}),
    ("how much does an AI engineer make?", {"measure": "salary"}),
]  # fmt: skip
GUIDE = [
    "What does an AI engineer actually do day to day?",
    "What questions come up in AI engineering interviews about RAG?",
    "What are the interview steps at Monzo Bank?",
    "What does the nPlan platform role pay?",
    "I'm a backend developer: what learning path gets me into AI engineering?",
    "How many interview rounds does Doctolib have?",
    "How do I move from data engineering into AI engineering?",
    "What should go in my portfolio README?",
    "When is the take-home assignments webinar?",
    "How should I structure a behavioral interview answer?",
    "What is RAG?",
    "Explain the difference between an agent and a workflow",
    "do AI engineers have to be on call?",
    "Why don't most teams host their own LLMs?",
    "Good beginner AI portfolio project idea?",
    "will a recruiter actually open my github repos?",
    "Is there a free course on LLMs and RAG you'd recommend?",
    "How long do companies usually give you for a take-home?",
    "What do graders score take-home submissions on?",
    "how should I split my time in a 45-60 min AI system design interview?",
    "What happens in the defence round after you submit a take-home?",
    "Should I mention that I built my project with Claude Code?",
    "What are the must-have skills vs the differentiators for an AI engineer?",
    "Any good books on building apps with LLMs?",
    "Coming from classic ML, how is evaluating LLM apps different?",
    "What follow-up questions do interviewers ask during a project deep dive?",
    "what agent questions come up in interviews? stuff like infinite loops",
    "How long did people who landed offers at top AI labs spend preparing?",
    "should i tell the recruiter my salary expectation upfront?",
    "I got my first offer, should I accept right away?",
    "Which tool would Alexey use to evaluate LLM outputs?",
    "How is AI system design different from classic ML system design?",
    "What would I do as the WSJ newsroom AI engineer at Dow Jones?",
    "Where can I find communities of people building AI stuff?",
    "What did the Microsoft applied AI intern interview loop look like?",
    # round seven: close to the new market phrasings, but about the work, the guide or one role
    "How do AI engineers use Docker in practice?",
    "What is Docker used for in RAG pipelines?",
    "Do AI engineers write a lot of code?",
    "What do AI engineers use for evaluation?",
    "How long does it take to become an AI engineer?",
    "Is Docker hard to learn?",
    "Is Rust common?",
    "Do interviewers ask about Kubernetes?",
    "Does the role require Kubernetes?",
    "Do AI engineers work long hours?",
    "What is the main skill for an AI engineer?",
    "Are take-home assignments common?",
    "How do teams use LangGraph for agents?",
    "What's the best way to learn PyTorch?",
    "Can I use Python for everything?",
    "Do companies use AI in hiring?",
    "are there AI engineer jobs where you only need GenAI skills?",
    # round eight: companies named, but no count of them over the postings
    "How many companies use AI in hiring?",
    "Which companies have the hardest interviews?",
    # round nine: startups, big companies and skills, with no figure asked for
    "Should I join a startup or big tech?",
    "Is it better to start at a startup or at a big company?",
    "What skills do I need to list on my resume?",
    # round ten: a figure-shaped question whose postings or skills no value of the data names
    "is there a blog post that lists lots of agent design patterns?",
    "how often are AI engineers hired to turn company data into insights?",
    "how many of the AI engineer jobs were really old-school ML?",
    "how many of the LLM-focused roles also expect web development skills?",
    # round twelve: a role title, but no figure over postings asked for
    "What does a staff engineer do differently from a senior one?",
    "How do I become an ML engineer?",
    "what does system design depth look like for a junior vs a senior?",
    # round seventeen: "are there ...?" that no count of postings answers
    "Are there interview questions about RAG?",
    "Are there AI engineer jobs for people without experience?",
    "Are there any AI engineer jobs I could do with a bootcamp background?",
    "Is there a demand for AI engineers in Berlin?",
    "Are there any good resources for learning RAG?",
    "Can I get a salary advance at any of the companies hiring AI engineers?",
    "Should I take a pay cut to join an AI startup?",
]

PY = "What share of AI engineer postings ask for Python?"
PY_DE = {"measure": S, "filters": {"country": ["DEU"]}, "subset": sk("Python")}
# Follow-ups (round seven): (earlier user turns, the follow-up, expect) - read with the turns before.
FOLLOW_UPS = [
    ([PY], "and in Germany?", PY_DE),
    ([PY, "and in Germany?"], "what about remote ones?", {"not_recorded": True}),
    ([PY, "and in Germany?", "what about remote ones?"], "and for senior roles?",
     {**PY_DE, "filters": {"country": ["DEU"], "level": ["Senior level"]}}),
    ([PY, "and in Germany?"], "what about Docker?", {**PY_DE, "subset": sk("Docker")}),
    ([PY], "and in Lagos?", {"unknown": True}),
    (["How many postings are in Berlin?"], "and in the UK?", {"measure": C, "subset": {"country": ["GBR"]}}),
    (["Which cities have the most postings?"], "and for seniors?",
     {"measure": "top", "field": "city", "filters": {"level": ["Senior level"]}}),
    (["Is LangChain worth learning?"], "and in London?", {"route": B, "measure": S, "filters": LDN, "subset": sk("LangChain")}),
    (["What do AI engineers earn in the US?"], "what about the UK?", {"measure": "salary", "filters": {"country": ["GBR"]}}),
    ([PY], "what does the guide say about interviews?", None),
    ([PY], "and is Germany a nice place to live?", None),
    (["What is RAG?"], "and in Germany?", None),
    ([PY, "what does the guide say about interviews?"], "and in Berlin?", None),
    # round ten: "Go" after a lead is the skill; a city no posting is in, typed in lower case
    (["What share of postings ask for TypeScript?"], "what about Go?", {"measure": S, "subset": sk("Go")}),
    ([PY], "and in san francisco?", {"unknown": True}),
]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--corpus", type=Path, default=Path(__file__).resolve().parents[3] / "shared" / "field-guide"
    )
    args = parser.parse_args()
    ref = Reference(args.corpus)
    lines = []
    for i, (question, expect) in enumerate(MARKET, 1):
        item = {
            "id": f"m{i:03d}",
            "question": question,
            "route": expect.pop("route", "market"),
            "expect": expect,
        }
        if "note" in expect:  # a reading the answer's notes must say
            item["note"] = expect.pop("note")
        if "measure" in expect:
            item["figures"] = ref.figures(expect)
        lines.append(item)
    lines += [{"id": f"g{i:03d}", "question": q, "route": "guide"} for i, q in enumerate(GUIDE, 1)]
    for i, (history, question, expect) in enumerate(FOLLOW_UPS, 1):
        item = {"id": f"f{i:03d}", "history": history, "question": question, "route": "guide"}
        if expect is not None:
            item.update(route=expect.pop("route", "market"), expect=expect)
            if "measure" in expect:
                item["figures"] = ref.figures(expect)
        lines.append(item)
    OUT.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    print(f"{len(MARKET)} market, {len(GUIDE)} guide questions and {len(FOLLOW_UPS)} follow-ups -> {OUT}")


if __name__ == "__main__":
    main()

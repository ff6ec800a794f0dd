"""`python -m evals.profile_answer`: the CPU an API answer costs, by stage, replayed in one process.

The load benchmark's turns (evals/bench_chat: its questions in its seeded order, each chat's first
question then two follow-ups condensed as its scripted LLM condenses them), answered the way the web
app answers them (rag/answer/async_answer.py's CPU steps, the scripted answer fed through the
citation gate in 50 ms pieces, the `answer` SSE event, the answer-log row), without the server, so
each stage's `time.process_time()` is the app's own CPU. `--profile` adds a cProfile listing.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import pstats
import random
import statistics
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from evals.bench_chat.llm import DEFAULT_TEXT
from evals.bench_chat.phases import FOLLOW_UPS, Questions
from evals.questions import load_questions
from rag.answer import grounding
from rag.answer.async_answer import _plan
from rag.answer.condense import Condensed
from rag.answer.llm import Delta, StreamEnd
from rag.answer.pipeline import Answer, Answerer, Clock
from rag.config import Settings
from rag.deps import Deps
from rag.market.desk import with_market
from rag.ops.answer_log import AnswerLog, AnswerRecord

PIECE_WORDS = 3  # 20 ms a word and a 50 ms window: the app sends about three words a piece
STAGES = ("embed", "bm25", "dense search", "retrieve", "relevance", "context", "answerability", "plan")


class GcPauses:
    """How many collections of each generation ran, and their CPU, while installed."""

    def __init__(self) -> None:
        self.count, self.cpu, self._start = [0, 0, 0], [0.0, 0.0, 0.0], 0.0

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._start = time.process_time()
        else:
            self.count[info["generation"]] += 1
            self.cpu[info["generation"]] += time.process_time() - self._start


class Stages:
    """CPU seconds per named stage (`wrap` times a callable; nested stages are counted in both)."""

    def __init__(self) -> None:
        self.cpu: dict[str, list[float]] = defaultdict(list)
        self._open: dict[str, float] = defaultdict(float)

    def wrap(self, name: str, fn: Callable) -> Callable:
        def timed(*args, **kwargs):
            start = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                self._open[name] += time.process_time() - start

        return timed

    def timed(self, name: str, fn: Callable, *args):
        return self.wrap(name, fn)(*args)

    def turn_done(self) -> None:
        for name in (*STAGES, *self._open):
            self.cpu[name].append(self._open.get(name, 0.0))
        self._open.clear()


def instrument(answerer: Answerer, stages: Stages) -> None:
    deps, retriever = answerer.deps, answerer.deps.retriever
    deps.embedder.encode = stages.wrap("embed", deps.embedder.encode)
    retriever.encoder = deps.embedder
    deps.index.bm25.search = stages.wrap("bm25", deps.index.bm25.search)
    deps.index.vectors.search = stages.wrap("dense search", deps.index.vectors.search)
    retriever.retrieve = stages.wrap("retrieve", retriever.retrieve)
    answerer.relevance.score = stages.wrap("relevance", answerer.relevance.score)
    answerer.answerability.check = stages.wrap("answerability", answerer.answerability.check)
    grounding.build_context = stages.wrap("context", grounding.build_context)


def turns(questions: list[str], chats: int, seed: int) -> list[tuple[str, str]]:
    """(question, the query the retriever gets) for `chats` chats of three turns, as the benchmark asks."""
    order = Questions(questions, seed)
    out = []
    for sid in range(chats):
        rng, first = random.Random(seed * 1000 + sid), order.next()
        out.append((first, first))
        for _ in range(2):
            follow_up = rng.choice(FOLLOW_UPS)
            out.append((follow_up, f"{first} {follow_up}"))  # the scripted LLM's condensed query
    return out


def sse(event: str, data: dict) -> str:
    """One server-sent event as the API writes it (ui/api.py; evals do not import ui)."""
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def answer_turn(
    answerer: Answerer, question: str, query: str, stages: Stages, log: AnswerLog, with_llm: bool = True
) -> Answer:
    clock = Clock()
    condensed = Condensed(query, "llm" if query != question else "none")
    plan = (answerer, question, [], condensed, clock, None, with_llm)
    events, generation, routed = stages.timed("plan", _plan, *plan)
    if routed is not None and routed.route == "market":
        events = stages.timed("market", answerer.market, question, routed, None)
    if generation is not None:
        words = [w + " " for w in DEFAULT_TEXT.split()]
        for i in range(0, len(words), PIECE_WORDS):
            delta = stages.timed("stream", generation.feed, Delta("".join(words[i : i + PIECE_WORDS])))
            if delta:
                stages.timed("sse", sse, "delta", {"text": delta.text, "replace": delta.replace})
        stages.timed("stream", generation.feed, StreamEnd("stop", None))
        ended, answered = stages.timed("end", answerer.ended, generation, None, 300)
        events = ended if answered else stages.timed("extract", answerer.extract, generation)
    answer = next(e for e in events if isinstance(e, Answer))
    stages.timed("sse", sse, "answer", answer.to_json())
    stages.timed("log", lambda: log.record(AnswerRecord.from_answer(answer, channel="api", model="scripted")))
    return answer


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m evals.profile_answer", description=__doc__.split("\n\n")[0])
    p.add_argument("--questions", type=Path, default=Path("evals/retrieval/questions.jsonl"))
    p.add_argument("--chats", type=int, default=40, help="Chats of three turns (the benchmark's order).")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--warmup", type=int, default=5, help="Turns answered before measuring.")
    p.add_argument("--profile", type=Path, help="Write a cProfile of the measured turns here.")
    p.add_argument(
        "--answers", type=Path, help="Write each turn's answer, sources and hits here (for diffs)."
    )
    p.add_argument("--offline", action="store_true", help="Extractive answers (no scripted LLM text).")
    args = p.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="fg-profile-"))
    settings = Settings(database_url=f"sqlite:///{tmp / 'answers.sqlite3'}")
    # Opened as the app's ChatService opens it: the market desk attached, one Answerer built before
    # the first question, then the heap frozen (ui/service.py); answers as with an LLM.
    deps = with_market(Deps.open(settings))
    answerer, log = Answerer(deps, None), AnswerLog.from_settings(settings)
    answerer.deps.embedder.load()
    gc.freeze()
    plan = turns([q.question for q in load_questions(args.questions)], args.chats, args.seed)
    for question, query in plan[: args.warmup]:
        answer_turn(answerer, question, query, Stages(), log)
    stages = Stages()
    instrument(answerer, stages)
    profiler = cProfile.Profile() if args.profile else None
    pauses = GcPauses()
    gc.callbacks.append(pauses)
    answers, start = [], time.process_time()
    for question, query in plan:
        if profiler:
            profiler.enable()
        answer = answer_turn(answerer, question, query, stages, log, not args.offline)
        if profiler:
            profiler.disable()
        stages.turn_done()
        hits = [(h.chunk.id, h.score) for h in answer.retrieved]
        sources = [(s.n, s.url, s.text, s.truncated) for s in answer.sources]
        answers.append(
            {"question": question, "query": query, "hits": hits, "sources": sources} | answer.to_json()
        )
    total = time.process_time() - start
    gc.callbacks.remove(pauses)
    print(f"{len(plan)} turns, {total:.2f} s CPU, {1000 * total / len(plan):.1f} ms per turn")
    print(f"{'stage':<16} {'mean ms':>8} {'p50':>7} {'p95':>7} {'max':>7}")
    for name, values in stages.cpu.items():
        ms = sorted(1000 * v for v in values)
        p95 = ms[min(len(ms) - 1, int(0.95 * len(ms)))]
        print(f"{name:<16} {statistics.mean(ms):8.2f} {ms[len(ms) // 2]:7.2f} {p95:7.2f} {ms[-1]:7.2f}")
    gcs = ", ".join(
        f"gen{g} {n} ({1000 * c:.0f} ms)"
        for g, (n, c) in enumerate(zip(pauses.count, pauses.cpu, strict=True))
    )
    tracked, frozen = len(gc.get_objects()), gc.get_freeze_count()
    print(f"garbage collections: {gcs}; objects tracked {tracked:,}, frozen {frozen:,}")
    if profiler:
        profiler.dump_stats(args.profile)
        pstats.Stats(str(args.profile)).sort_stats("cumulative").print_stats(40)
    if args.answers:
        for a in answers:
            a.pop("answer_id"), a.pop("latency_ms")
        args.answers.write_text("\n".join(json.dumps(a, sort_keys=True) for a in answers) + "\n")
    log.close()
    deps.close()
    gc.unfreeze()


if __name__ == "__main__":
    main()

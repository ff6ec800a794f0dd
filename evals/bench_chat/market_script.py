"""The market queries the bench's chats make the app ask its LLM for, follow-ups included, and the
script of the follow-ups' queries (market_follow_up_calls.json) that the scripted LLM answers with.

A market follow-up ("and in London?" after a market question, or the scripted LLM's own rewrite of
"Can you say more about that?") is asked of the LLM as the question read in full ("... (in London)?"),
a text no first turn has. Its scripted query is the app's own reading of it in its conversation (the
parser's spec), as a model given that text would write it.

    python -m evals.bench_chat.market_script --data-dir <data dir>   # adds the missing follow-ups
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

ANSWERED = {"role": "assistant", "content": "An answer."}


def market_turns(
    texts: Sequence[str], data_dir: Path, turns: int = 3, follow_ups: Sequence[str] | None = None
) -> dict[str, dict]:
    """Every market query the app (this checkout's router, on `data_dir`'s active index) would ask
    the LLM for in the bench's chats: `texts` as first turns, then any sequence of `follow_ups`
    (default the bench's own) up to `turns` turns, read as the app reads them (the conversation and
    the scripted LLM's rewrite). Asked text -> the parser's spec (JSON)."""
    from evals.bench_chat.phases import FOLLOW_UPS
    from rag.config import Settings
    from rag.index.store import IndexStore
    from rag.market.desk import MarketDesk
    from rag.market.schema import DB_FILE

    follow_ups = FOLLOW_UPS if follow_ups is None else follow_ups
    store = IndexStore(Settings(data_dir=data_dir))
    version = store.active_version()
    desk = MarketDesk.open(store.versions_dir / version / DB_FILE) if version else None
    if desk is None:
        return {}
    asked: dict[str, dict] = {}

    def turn(question: str, history: list[dict], left: int) -> None:
        routed = desk.route_turn(question, history, rewritten_by_script(history, question))
        if desk.needs_llm(routed):
            asked.setdefault(
                (routed.asked or question).strip(), routed.spec.model_dump(mode="json", exclude_defaults=True)
            )
        if routed.route == "guide" and not history:
            return  # a chat on the guide stays there, unless a follow-up is a market question itself
        for follow_up in follow_ups if left else ():
            turn(follow_up, [*history, {"role": "user", "content": question}, ANSWERED], left - 1)

    try:
        for text in dict.fromkeys([*texts, *follow_ups]):  # a follow-up may also start a market thread
            turn(text, [], turns - 1)
        return asked
    finally:
        desk.close()


def rewritten_by_script(history: list[dict], message: str) -> str | None:
    """The standalone rewrite of a follow-up that the app gets from the scripted LLM (None for a
    first turn), through the app's own condense request and reading of its reply."""
    from evals.bench_chat.llm import condensed_query
    from rag.answer.condense import condense_messages, condensed_by, needs_llm
    from rag.answer.llm import Completion

    if not needs_llm(history):
        return None
    text = condensed_query({"messages": condense_messages(history, message)})
    condensed = condensed_by(Completion(text, "stop", None), history, message)
    return condensed.query if condensed.method == "llm" else None


def main(argv: list[str] | None = None) -> None:
    from evals.bench_chat.__main__ import DEFAULT_QUESTIONS
    from evals.bench_chat.llm import FOLLOW_UP_CALLS, load_market_calls
    from evals.questions import load_questions

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True, help="The index the bench's app serves.")
    parser.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS)
    parser.add_argument("--turns", type=int, default=3)
    args = parser.parse_args(argv)
    texts = [q.question for q in load_questions(args.questions)]
    calls = load_market_calls(follow_ups=None)
    scripted = json.loads(FOLLOW_UP_CALLS.read_text(encoding="utf-8")) if FOLLOW_UP_CALLS.exists() else {}
    new = {
        k: v for k, v in market_turns(texts, args.data_dir.resolve(), args.turns).items() if k not in calls
    }
    added = [k for k in new if k not in scripted]
    scripted.update(new)
    body = (
        "{\n"
        + ",\n".join(f"  {json.dumps(k)}: {json.dumps(v)}" for k, v in sorted(scripted.items()))
        + "\n}\n"
    )
    FOLLOW_UP_CALLS.write_text(body, encoding="utf-8")
    print(f"{len(added)} follow-up queries added, {len(scripted)} in {FOLLOW_UP_CALLS.name}")


if __name__ == "__main__":
    main()

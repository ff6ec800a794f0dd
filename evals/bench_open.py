"""Opening the index and starting the app on the full index, in fresh processes, for one or two code
trees (before and after a change), one after the other in the same run.

    python -m evals.bench_open --runs 5
    python -m evals.bench_open --runs 5 --before /work/wt-before --before-data /work/fg-before

Per run and tree, a fresh process times the imports of `ui.app` (what `fieldguide serve` imports
first), and another the steps of the app's start as `ChatService.start` takes them (the query
embedder's ONNX session, `Deps.open`, the market desk, the answerer, its warm-up where the tree has
one), then the first three answers
(extractive, no LLM) and, with the index closed, the BM25 file and the Qdrant Edge shard opened
alone. Then `fieldguide serve` is started and `/readyz`
polled every 20 ms: ready_s is process start to ready, as the load benchmark's, and ready_cpu_s the
CPU the app and its answer workers had used by then (Linux: /proc); then the first answer over
`POST /api/ask`. Figures are wall and CPU seconds (medians
over the runs, with min and max), the 1-minute load average with each; page cache warm.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from statistics import median

QUESTIONS = [
    "What does an AI engineer do day to day?",
    "How should I prepare for a system design interview for an AI engineering role?",
    "What does an AI engineer do day to day?",
]
HERE = Path(__file__).resolve()
# What `fieldguide serve` imports before it opens anything, timed in a fresh process of its own.
IMPORTS = (
    "import json, time; w, c = time.perf_counter(), time.process_time(); import ui.app; "
    "print(json.dumps({'wall': round(time.perf_counter() - w, 4), 'cpu': round(time.process_time() - c, 4)}))"
)


def _step(times: dict, name: str, since: tuple[float, float]) -> tuple[float, float]:
    now = (time.perf_counter(), time.process_time())
    times[name] = {"wall": round(now[0] - since[0], 4), "cpu": round(now[1] - since[1], 4)}
    return now


def child() -> None:
    """One fresh process: the start's steps, the first answers, then the two opens alone."""
    times: dict = {}
    from rag.answer.pipeline import Answerer
    from rag.config import Settings
    from rag.deps import Deps, load_query_embedder
    from rag.index.edge import SHARD_DIR, EdgeVectors
    from rag.index.store import IndexStore
    from rag.market.desk import with_market

    settings = Settings()
    t = (time.perf_counter(), time.process_time())
    embedder = load_query_embedder(settings)
    embedder.limit_threads(settings.query_threads)
    embedder.load()
    t = _step(times, "embedder", t)
    store = IndexStore(settings)
    deps = Deps.open(settings, embedder=embedder, store=store)
    t = _step(times, "index_open", t)
    deps = with_market(deps)
    t = _step(times, "market", t)
    answerer = Answerer(deps, None)
    t = _step(times, "answerer", t)
    try:
        from rag.ops.warm import warm
    except ImportError:  # a tree from before the warm-up (round eleven): its first answers are cold
        pass
    else:
        warm(answerer)
        t = _step(times, "warm", t)
    for n, question in enumerate(QUESTIONS, 1):
        answerer.ask(question)
        t = _step(times, f"answer_{n}", t)
    deps.close()
    folder = deps.index.dir
    t = (time.perf_counter(), time.process_time())
    try:
        from rag.index.store import open_bm25

        open_bm25(folder, deps.index.manifest).close()
    except ImportError:  # a tree from before FORMAT 3
        from rag.index.bm25 import BM25Index

        BM25Index.load(folder / "bm25.pkl")
    t = _step(times, "bm25_alone", t)
    EdgeVectors.open(folder / SHARD_DIR).close()
    _step(times, "shard_alone", t)
    times["bm25_file_bytes"] = sum(f.stat().st_size for f in folder.glob("bm25.*"))
    print(json.dumps(times))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) of a process and its living descendants, from /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        children = [
            int(c)
            for task in Path(f"/proc/{pid}/task").iterdir()
            for c in (task / "children").read_text().split()
        ]
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    return total + sum(tree_cpu(c) for c in children)


def serve_once(tree: Path, env: dict) -> dict:
    """Process start to /readyz 200, then the first answer over the API."""
    import httpx

    port = free_port()
    cmd = [sys.executable, "-c", "from ui.cli.main import cli; cli()", "serve", "--port", str(port)]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=tree, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        while True:
            if proc.poll() is not None:
                raise SystemExit(f"the app in {tree} exited ({proc.returncode})")
            try:
                if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.02)
        ready = time.perf_counter() - start
        ready_cpu = tree_cpu(proc.pid)
        first = time.perf_counter()
        r = httpx.post(f"{url}/api/ask", json={"question": QUESTIONS[0]}, timeout=60)
        r.raise_for_status()
        answered = time.perf_counter() - first
    finally:
        proc.terminate()
        proc.wait(30)
    return {
        "ready_s": round(ready, 3),
        "ready_cpu_s": round(ready_cpu, 2),
        "first_answer_s": round(answered, 3),
    }


def environment(tree: Path, data: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(tree), "HF_HUB_OFFLINE": "1"}
    if data:
        env["FIELDGUIDE_DATA_DIR"] = data
    env.pop("OPENAI_API_KEY", None)  # extractive answers: the app's own CPU, no LLM
    return env


def run_once(tree: Path, env: dict) -> dict:
    """One run of a tree: the start's steps, the imports, then the served app."""
    load = round(os.getloadavg()[0], 1)
    out = subprocess.run(
        [sys.executable, str(HERE), "--child"], cwd=tree, env=env, capture_output=True, text=True
    )
    if out.returncode:
        raise SystemExit(f"the child in {tree} failed:\n{out.stderr[-3000:]}")
    steps = json.loads(out.stdout.strip().splitlines()[-1])
    imports = subprocess.run(
        [sys.executable, "-c", IMPORTS], cwd=tree, env=env, capture_output=True, text=True, check=True
    )
    steps["imports"] = json.loads(imports.stdout.strip().splitlines()[-1])
    return {**steps, **serve_once(tree, env), "load_average_1m": load}


def summarise(tree: Path, data: str, runs: list[dict]) -> dict:
    """Medians (with min and max) over the runs of one tree."""
    summary: dict = {"tree": str(tree), "data": data, "runs": len(runs)}
    summary["load_average_1m"] = [r.pop("load_average_1m") for r in runs]
    for name, value in runs[0].items():
        if isinstance(value, dict):
            summary[name] = {key: spread([r[name][key] for r in runs]) for key in ("wall", "cpu")}
        elif name in ("ready_s", "ready_cpu_s", "first_answer_s"):
            summary[name] = spread([r[name] for r in runs])
        else:
            summary[name] = value
    return summary


def spread(values: list[float]) -> dict:
    return {"median": round(median(values), 3), "min": min(values), "max": max(values)}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--before", type=Path, help="A checkout of the code before the change.")
    parser.add_argument("--before-data", help="FIELDGUIDE_DATA_DIR for --before (its index format).")
    parser.add_argument("--data", default=os.environ.get("FIELDGUIDE_DATA_DIR", ""), help="For this tree.")
    args = parser.parse_args()
    if args.child:
        child()
        return
    sides = []
    if args.before:
        sides.append(("before", args.before, args.before_data or args.data))
    sides.append(("after", HERE.parent.parent, args.data))
    runs: dict[str, list[dict]] = {name: [] for name, _, _ in sides}
    for _ in range(args.runs):  # the trees take turns, so a change in the machine's load hits both
        for name, tree, data in sides:
            runs[name].append(run_once(tree, environment(tree, data)))
    result: dict = {name: summarise(tree, data, runs[name]) for name, tree, data in sides}
    result["cpus"] = os.cpu_count()
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()

"""The benchmark's processes: free ports, starting and stopping the app, sampling its RSS and CPU."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def proc_status(pid: int) -> dict[str, int]:
    """VmRSS, VmHWM (kB) and Threads of a live process, from /proc/PID/status."""
    out: dict[str, int] = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM", "Threads"):
                out[key] = int(value.split()[0])
    except (OSError, ValueError):
        pass
    return out


def proc_cpu_s(pid: int, stat: str | None = None) -> float | None:
    """User + system CPU seconds of a live process (its threads included), or of one thread's `stat`."""
    try:
        fields = Path(stat or f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def child_pids(pid: int) -> list[int]:
    """The live processes whose parent is `pid` (the app's answer workers)."""
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    out.append(int(entry.name))
            except (OSError, ValueError, IndexError):
                continue
    return out


def workers_cpu_s(pid: int) -> float:
    """User + system CPU seconds of the app's live child processes (its answer workers), together."""
    return sum(proc_cpu_s(child) or 0.0 for child in child_pids(pid))


def proc_loop_cpu_s(pid: int) -> float | None:
    """CPU seconds of the process's main thread: the app's event loop (uvicorn runs it there)."""
    return proc_cpu_s(pid, f"/proc/{pid}/task/{pid}/stat")


def rss_mb(pid: int) -> float | None:
    kb = proc_status(pid).get("VmRSS")
    return round(kb / 1024, 1) if kb else None


class Sampler:
    """Samples the app's RSS and thread count every `every` seconds while a phase runs."""

    def __init__(self, pid: int, every: float = 0.5):
        self.pid, self.every = pid, every
        self.max_rss_kb = 0
        self.max_threads = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            s = proc_status(self.pid)
            self.max_rss_kb = max(self.max_rss_kb, s.get("VmRSS", 0))
            self.max_threads = max(self.max_threads, s.get("Threads", 0))

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def app_env(args, llm_url: str, tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FIELDGUIDE_", "OPENAI_"))}
    env.update(
        {
            "OPENAI_BASE_URL": llm_url,
            "OPENAI_API_KEY": "not-needed",
            "FIELDGUIDE_LLM_MODEL": "scripted",
            "FIELDGUIDE_DATA_DIR": str(args.data_dir),
            "FIELDGUIDE_RATE_LIMIT_PER_MINUTE": str(args.rate_limit),
            "FIELDGUIDE_DATABASE_URL": f"sqlite:///{tmp / 'answers.sqlite3'}",
            "PYTHONPATH": str(args.app_root),  # the app's code: this checkout, or --app-root
        }
    )
    if args.concurrency is not None:
        env["FIELDGUIDE_CHAT_CONCURRENCY"] = str(args.concurrency)
    if args.queue_size is not None:
        env["FIELDGUIDE_CHAT_QUEUE_SIZE"] = str(args.queue_size)
    env.update(args.app_env)
    return env


def start_app(args, env: dict[str, str], tmp: Path) -> tuple[subprocess.Popen, str, float]:
    port = args.port or free_port()
    log = open(tmp / "app.log", "w")  # noqa: SIM115 - closed with the process
    run_cli = "from ui.cli.main import cli; cli()"
    cmd = [sys.executable, "-c", run_cli, "serve", "--host", "127.0.0.1", "--port", str(port)]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=tmp, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + args.ready_timeout
    last = "no answer"
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the app exited ({proc.returncode}):\n{tail(tmp / 'app.log')}")
        try:
            r = httpx.get(f"{url}/readyz", timeout=2)
            if r.status_code == 200:
                return proc, url, time.perf_counter() - start
            last = r.json().get("reason") or r.text
        except (httpx.HTTPError, ValueError) as exc:
            last = repr(exc)
        time.sleep(0.5)
    stop(proc)
    raise SystemExit(f"the app was not ready in {args.ready_timeout} s ({last}):\n{tail(tmp / 'app.log')}")


def stop(proc: subprocess.Popen | None, grace: float = 20) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def log_problems(path: Path) -> dict:
    """Tracebacks and ERROR/WARNING lines in the app's log."""
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return {}
    lines = text.splitlines()
    errors = [x for x in lines if "ERROR" in x or "Traceback" in x]
    return {
        "tracebacks": text.count("Traceback (most recent call last)"),
        "error_lines": len(errors),
        "warning_lines": sum("WARNING" in x for x in lines),
        "first_errors": errors[:5],
    }

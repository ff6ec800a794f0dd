"""The deployment files: docker-compose.yml, Dockerfile, .dockerignore and .env.example.

No Docker engine is needed: the compose file is parsed (and validated by `docker-compose config`
or `docker compose config` when either client is installed), the healthchecks and the ingest
script are run against local stand-ins, and the Dockerfile's instructions are parsed and their
shell commands syntax-checked. docs/DEPLOY.md says what this does not cover.
"""

from __future__ import annotations

import fnmatch
import http.server
import importlib.metadata
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import threading
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from pydantic import AliasChoices, Field

from rag.config import PROJECT_ROOT, Settings
from rag.ops import settings_doc
from tests.live_server import free_port

ROOT = PROJECT_ROOT
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
ENV_EXAMPLE = ROOT / ".env.example"

APP_SERVICES = ("ingest", "app", "app-llm")  # the services running this project's image


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text())


@pytest.fixture(scope="module")
def services(compose) -> dict:
    return compose["services"]


def env_of(service: dict) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {k: str(v) for k, v in env.items()}


def depends_on(service: dict) -> dict[str, str]:
    deps = service.get("depends_on") or {}
    if isinstance(deps, list):
        return dict.fromkeys(deps, "service_started")
    return {name: spec.get("condition", "service_started") for name, spec in deps.items()}


def volume_mounts(service: dict) -> dict[str, str]:
    """target -> source for short-syntax mounts ("source:target[:mode]")."""
    mounts = {}
    for entry in service.get("volumes") or []:
        source = ""
        if entry.startswith("${"):  # "${VAR:-default}:target": the source may itself hold a colon
            end = entry.index("}") + 1
            source, entry = entry[:end], entry[end:].lstrip(":")
            target = entry.split(":")[0]
        else:
            source, target = entry.split(":")[:2]
        mounts[target] = source
    return mounts


def uncompose(text: str) -> str:
    """What the container's shell receives: compose turns `$$` into `$`."""
    assert not re.search(r"(?<!\$)\$\{", text.replace("$$", "")), "unexpected compose interpolation"
    return text.replace("$$", "$")


# -- docker-compose.yml ---------------------------------------------------------------------------


def _compose_clients() -> list[list[str]]:
    clients = []
    if shutil.which("docker-compose"):
        clients.append(["docker-compose"])
    if shutil.which("docker"):
        probe = subprocess.run(["docker", "compose", "version"], capture_output=True, text=True)
        if probe.returncode == 0:
            clients.append(["docker", "compose"])
    return clients


def test_compose_file_validates_with_the_compose_client(tmp_path):
    clients = _compose_clients()
    if not clients:
        pytest.skip("neither docker-compose nor the docker compose plugin is installed")
    shutil.copy(COMPOSE_FILE, tmp_path / "docker-compose.yml")
    shutil.copy(ENV_EXAMPLE, tmp_path / ".env")  # the documented first step: cp .env.example .env
    env = {k: v for k, v in os.environ.items() if k not in ("CORPUS_DIR", "COMPOSE_PROFILES")}
    for client in clients:
        for extra_env, profile in (({}, []), ({"CORPUS_DIR": "./guide"}, ["--profile", "llm"])):
            result = subprocess.run(
                [*client, *profile, "-f", "docker-compose.yml", "config"],
                cwd=tmp_path,
                env={**env, **extra_env},
                capture_output=True,
                text=True,
                timeout=120,
            )
            assert result.returncode == 0, f"{' '.join(client)} config: {result.stderr}"
            resolved = yaml.safe_load(result.stdout)
            assert {"qdrant", "ingest", "app"} <= set(resolved["services"])
            ingest_volumes = json.dumps(resolved["services"]["ingest"]["volumes"])
            if extra_env:  # CORPUS_DIR turns the corpus mount into a bind mount of that path
                assert str(tmp_path / "guide") in ingest_volumes


def test_services(services):
    assert {"qdrant", "ingest", "app", "ollama", "app-llm"} <= set(services)


def test_every_image_is_pinned(services):
    for name, service in services.items():
        image = service.get("image")
        assert image, f"{name} has no image"
        repo, _, tag = image.rpartition(":")
        assert repo and tag and "/" not in tag, f"{name}: {image} has no tag"
        assert tag != "latest", f"{name}: {image}"
        if "build" in service:  # this project's image, built from the Dockerfile
            assert image == "fieldguide-chat:local", name
        else:
            assert re.search(r"\d+\.\d+\.\d+", tag), f"{name}: {image} is not pinned to a release"


def test_qdrant_server_matches_the_installed_client(services):
    """qdrant-client's own rule: same major version, minor versions at most one apart."""
    image = services["qdrant"]["image"]
    match = re.fullmatch(r"qdrant/qdrant:v(\d+)\.(\d+)\.(\d+)", image)
    assert match, image
    client = importlib.metadata.version("qdrant-client").split(".")
    assert int(match[1]) == int(client[0])
    assert abs(int(match[2]) - int(client[1])) <= 1, f"{image} vs qdrant-client {'.'.join(client)}"


def test_named_volumes(compose, services):
    declared = set(compose.get("volumes") or {})
    assert {"data", "qdrant-storage", "ollama"} <= declared
    assert volume_mounts(services["qdrant"])["/qdrant/storage"] == "qdrant-storage"
    assert volume_mounts(services["ollama"])["/root/.ollama"] == "ollama"
    for name in APP_SERVICES:
        service = services[name]
        data_dir = env_of(service)["FIELDGUIDE_DATA_DIR"]
        assert volume_mounts(service)[data_dir] == "data", f"{name} does not share the data volume"
    for name, service in services.items():
        for target, source in volume_mounts(service).items():
            if source.startswith("${"):  # an optional bind mount falls back to a named volume
                source = source.split(":-", 1)[1].rstrip("}")
            if not source.startswith((".", "/")):
                assert source in declared, f"{name}: volume {source} for {target} is not declared"


def test_qdrant_is_not_published_and_its_healthcheck_needs_no_curl(services):
    qdrant = services["qdrant"]
    assert "ports" not in qdrant, "Qdrant must stay inside the compose network by default"
    check = " ".join(qdrant["healthcheck"]["test"])
    assert "/dev/tcp/" in check and "/readyz" in check and "200" in check
    assert "curl" not in check and "wget" not in check


class _Health(http.server.BaseHTTPRequestHandler):
    status = {"/readyz": 200}

    def do_GET(self):  # noqa: N802 (http.server's name)
        code = self.status.get(self.path, 404)
        self.send_response(code)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@contextmanager
def health_server(readyz: int) -> Iterator[int]:
    handler = type("Handler", (_Health,), {"status": {"/readyz": readyz, "/healthz": 200}})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def test_qdrant_healthcheck_runs_in_bash(services):
    """The check itself, run by bash against a stand-in for Qdrant's /readyz."""
    if not shutil.which("bash"):
        pytest.skip("bash is not installed")
    kind, *argv = services["qdrant"]["healthcheck"]["test"]
    assert kind == "CMD" and argv[:2] == ["bash", "-c"]
    script = uncompose(argv[2])
    assert "127.0.0.1/6333" in script

    def run(port: int) -> int:
        patched = script.replace("127.0.0.1/6333", f"127.0.0.1/{port}")
        return subprocess.run(["bash", "-c", patched], capture_output=True, timeout=20).returncode

    with health_server(200) as port:
        assert run(port) == 0
    with health_server(503) as port:
        assert run(port) != 0
    assert run(free_port()) != 0  # nothing listening


def test_app_healthchecks_use_python_against_readyz(services):
    for name in ("app", "app-llm"):
        kind, *argv = services[name]["healthcheck"]["test"]
        assert kind == "CMD" and argv[:2] == ["python", "-c"], name
        code = argv[2]
        assert "urllib" in code and "127.0.0.1:7860/readyz" in code

        def run(port: int, code: str = code) -> int:
            patched = code.replace("127.0.0.1:7860", f"127.0.0.1:{port}")
            return subprocess.run([sys.executable, "-c", patched], capture_output=True, timeout=20).returncode

        with health_server(200) as port:
            assert run(port) == 0
        with health_server(503) as port:  # /readyz answers 503 until the index is loaded
            assert run(port) != 0


def test_app_waits_for_qdrant_and_a_finished_ingest(services):
    for name in ("app", "app-llm"):
        service = services[name]
        deps = depends_on(service)
        assert deps["qdrant"] == "service_healthy", name
        assert deps["ingest"] == "service_completed_successfully", name
        assert service["command"] == ["fieldguide", "serve", "--host", "0.0.0.0", "--port", "7860"]
        assert env_of(service)["FIELDGUIDE_QDRANT_URL"] == "http://qdrant:6333"
    assert any(str(p).endswith(":7860") for p in services["app"]["ports"])
    assert "profiles" not in services["app"]


def test_ingest_is_one_shot_against_the_qdrant_service(services):
    ingest = services["ingest"]
    assert depends_on(ingest) == {"qdrant": "service_healthy"}
    assert env_of(ingest)["FIELDGUIDE_QDRANT_URL"] == "http://qdrant:6333"
    assert ingest.get("restart") == "no"
    assert ingest["healthcheck"] == {"disable": True}  # the image's HEALTHCHECK is for the server
    script = " ".join(ingest["command"])
    assert "fieldguide ingest" in script and "fieldguide corpus fetch" in script


@pytest.mark.parametrize("mounted", [True, False])
def test_ingest_script_fetches_only_when_no_guide_is_mounted(services, tmp_path, mounted):
    if not shutil.which("sh"):
        pytest.skip("sh is not installed")
    command = services["ingest"]["command"]
    assert command[:2] == ["sh", "-c"]
    script = uncompose(command[2])
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    calls = tmp_path / "calls"
    fake = bin_dir / "fieldguide"  # records each call and the corpus it would use
    fake.write_text(f'#!/bin/sh\necho "$* | corpus=$FIELDGUIDE_CORPUS" >> {shlex.quote(str(calls))}\n')
    fake.chmod(0o755)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    if mounted:
        (corpus / "README.md").write_text("# guide\n")
    env = {"PATH": f"{bin_dir}:{os.environ['PATH']}", "FIELDGUIDE_CORPUS": str(corpus)}
    result = subprocess.run(["sh", "-c", script], env=env, capture_output=True, text=True, timeout=20)
    assert result.returncode == 0, result.stderr
    lines = calls.read_text().splitlines()
    if mounted:
        assert lines == [f"ingest | corpus={corpus}"]
    else:
        assert lines == [
            f"corpus fetch --dest /data/field-guide | corpus={corpus}",
            "ingest | corpus=/data/field-guide",
        ]


def test_llm_profile_wires_the_app_to_ollama(services):
    ollama, app_llm = services["ollama"], services["app-llm"]
    assert ollama["profiles"] == ["llm"] and app_llm["profiles"] == ["llm"]
    assert services["ollama-pull"]["profiles"] == ["llm"]
    assert env_of(app_llm)["OPENAI_BASE_URL"] == "http://ollama:11434/v1"
    assert "FIELDGUIDE_LLM_MODEL" in env_of(app_llm)
    assert depends_on(app_llm)["ollama"] == "service_healthy"
    # The default app answers offline unless .env says otherwise.
    assert "OPENAI_BASE_URL" not in env_of(services["app"])


def test_app_services_read_the_env_file(services):
    for name in APP_SERVICES:
        env_file = services[name].get("env_file")
        assert env_file in (".env", [".env"]), name


def _settings_env_names() -> set[str]:
    return {name for doc in settings_doc.settings_docs() for name in doc.env_names}


def test_every_fieldguide_variable_is_a_real_setting():
    known = _settings_env_names()
    for path in (COMPOSE_FILE, DOCKERFILE):
        named = set(re.findall(r"\bFIELDGUIDE_[A-Z0-9_]+", path.read_text()))
        assert named, path
        assert named <= known, f"{path.name} names unknown settings: {sorted(named - known)}"


# -- .env.example and the settings docs -----------------------------------------------------------


def test_env_example_is_the_generators_output():
    expected = settings_doc.render_env()
    assert ENV_EXAMPLE.read_text() == expected, (
        ".env.example is out of date: run `python -m rag.ops.settings_doc env > .env.example`"
    )


def test_env_example_names_every_setting_and_holds_no_secret():
    text = ENV_EXAMPLE.read_text()
    for doc in settings_doc.settings_docs():
        assert f"# {doc.env_name}=" in text, doc.env_name
        if doc.secret:
            assert f"# {doc.env_name}=\n" in text, f"{doc.env_name} must be left empty"
    assert not [line for line in text.splitlines() if line and not line.startswith("#")]


def test_readme_configuration_rows_are_generated():
    """Every row README.md's table has is exactly what `python -m rag.ops.settings_doc markdown` prints."""
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    assert rows
    generated = set(settings_doc.render_markdown().splitlines())
    stale = [row for row in rows if row not in generated]
    assert not stale, f"README rows differ from `python -m rag.ops.settings_doc markdown`: {stale}"


class _Demo(Settings):
    """A stand-in with each kind of field the generator has to handle."""

    api_token: str | None = Field("tok", description="A secret with a default.")
    model_path: Path = Field(PROJECT_ROOT / "data" / "model.bin", description="A file in the project.")
    hosts: list[str] = Field(["a", "b"], description="A list | with a pipe.")
    flag: bool = Field(False, description="A switch.")
    endpoint: str | None = Field(
        None, validation_alias=AliasChoices("endpoint", "DEMO_ENDPOINT"), description="Aliased."
    )


def test_generator_handles_every_kind_of_field():
    docs = {doc.name: doc for doc in settings_doc.settings_docs(_Demo)}
    assert docs["endpoint"].env_names == ("ENDPOINT", "DEMO_ENDPOINT")
    assert docs["openai_api_key"].env_names == ("OPENAI_API_KEY", "FIELDGUIDE_OPENAI_API_KEY")
    assert docs["api_token"].secret and docs["openai_api_key"].secret and not docs["flag"].secret
    table = settings_doc.render_markdown(list(docs.values()))
    assert "| `FIELDGUIDE_API_TOKEN` |  | A secret with a default. |" in table
    assert "| `FIELDGUIDE_MODEL_PATH` | `data/model.bin (in the project)` |" in table
    assert "| `FIELDGUIDE_DATA_DIR` | `data/ (in the project)` | Index versions and caches. |" in table
    assert '| `FIELDGUIDE_HOSTS` | `["a", "b"]` | A list \\| with a pipe. |' in table
    assert "| `FIELDGUIDE_FLAG` | `false` | A switch. |" in table
    assert "| `ENDPOINT` or `DEMO_ENDPOINT` |  | Aliased. |" in table
    env = settings_doc.render_env(list(docs.values()))
    assert "# FIELDGUIDE_API_TOKEN=\n" in env and "=tok" not in env
    assert '# FIELDGUIDE_HOSTS=["a", "b"]\n' in env
    assert "# Default: data/model.bin (in the project)\n# FIELDGUIDE_MODEL_PATH=\n" in env


def test_settings_doc_cli():
    for kind, start in (("env", "# Field Guide Chat settings"), ("markdown", "| Variable |")):
        result = subprocess.run(
            [sys.executable, "-m", "rag.ops.settings_doc", kind], cwd=ROOT, capture_output=True, text=True
        )
        assert result.returncode == 0 and result.stdout.startswith(start), result.stderr
    bad = subprocess.run(
        [sys.executable, "-m", "rag.ops.settings_doc", "yaml"], cwd=ROOT, capture_output=True
    )
    assert bad.returncode == 2


# -- Dockerfile -----------------------------------------------------------------------------------


def dockerfile_instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs: comments dropped, backslash continuations joined."""
    out: list[tuple[str, str]] = []
    current = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not current and (not line or line.startswith("#")):
            continue
        if current and line.startswith("#"):  # a comment inside a continued instruction
            continue
        if line.endswith("\\"):
            current += line[:-1] + " "
            continue
        current += line
        keyword, _, args = current.partition(" ")
        out.append((keyword.upper(), args.strip()))
        current = ""
    assert not current, "the Dockerfile ends inside a continued line"
    return out


@pytest.fixture(scope="module")
def instructions() -> list[tuple[str, str]]:
    return dockerfile_instructions(DOCKERFILE.read_text())


def _args(instructions, keyword: str) -> list[str]:
    return [args for kw, args in instructions if kw == keyword]


def test_dockerfile_parses(instructions):
    known = {"FROM", "RUN", "CMD", "ENV", "COPY", "WORKDIR", "USER", "EXPOSE", "HEALTHCHECK", "ARG", "LABEL"}
    assert {kw for kw, _ in instructions} <= known
    assert instructions[0][0] == "FROM"


def test_dockerfile_base_is_a_pinned_slim_python_311(instructions):
    (base,) = _args(instructions, "FROM")
    assert re.fullmatch(r"python:3\.11\.\d+-slim(-\w+)?", base), base


def test_dockerfile_installs_pinned_cpu_torch_then_the_project(instructions):
    runs = _args(instructions, "RUN")
    torch = [i for i, r in enumerate(runs) if "pip install torch==2.13.0" in r]
    assert torch, "torch==2.13.0 is not pinned"
    assert "--index-url https://download.pytorch.org/whl/cpu" in runs[torch[0]]
    project = [i for i, r in enumerate(runs) if re.search(r"pip install (--no-deps )?\.(\s|$)", r)]
    assert project and torch[0] < project[0], "torch must be installed before the project"
    assert any("apt-get install" in r and " git" in r for r in runs), "git is needed by corpus fetch"


def test_dockerfile_copies_every_package_and_nothing_ignored(instructions):
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    copied = [args.split()[0] for args in _args(instructions, "COPY")]
    for package in (p.rstrip("*") for p in pyproject["tool"]["setuptools"]["packages"]["find"]["include"]):
        assert package in copied, f"package {package} is not copied into the image"
    readme = pyproject["project"].get("readme")
    if readme:
        assert readme in copied, "setuptools needs the readme to build"
    patterns = [p.strip() for p in DOCKERIGNORE.read_text().splitlines() if p.strip() and p[0] != "#"]
    for source in copied:
        assert (ROOT / source).exists(), source
        hits = [p for p in patterns if fnmatch.fnmatch(source, p) or source.startswith(p.rstrip("/") + "/")]
        assert not hits, f"{source} is excluded from the build context by {hits}"


def test_dockerignore_keeps_local_state_out():
    patterns = {p.strip() for p in DOCKERIGNORE.read_text().splitlines() if p.strip() and p[0] != "#"}
    assert {".git", ".venv", "data", ".env", "corpus/field-guide", ".pytest_cache"} <= patterns


def test_dockerfile_environment(instructions):
    env: dict[str, str] = {}
    for args in _args(instructions, "ENV"):
        for pair in shlex.split(args):
            key, _, value = pair.partition("=")
            env[key] = value
    assert env["HF_HUB_OFFLINE"] == "1"
    assert env["FIELDGUIDE_DATA_DIR"] == "/data"
    assert "7860" in _args(instructions, "EXPOSE")


def test_dockerfile_runs_as_a_non_root_user(instructions):
    users = _args(instructions, "USER")
    assert users and users[-1] not in ("root", "0", "0:0")
    last_user = max(i for i, (kw, _) in enumerate(instructions) if kw == "USER")
    assert all(kw != "RUN" for kw, _ in instructions[last_user:]), "a RUN after USER would run as the user"


def test_dockerfile_cmd_and_healthcheck(instructions):
    (cmd,) = _args(instructions, "CMD")
    assert json.loads(cmd) == ["fieldguide", "serve", "--host", "0.0.0.0", "--port", "7860"]
    (health,) = _args(instructions, "HEALTHCHECK")
    options, _, check = health.partition("CMD ")
    argv = json.loads(check)
    assert argv[:2] == ["python", "-c"] and "/readyz" in argv[2]
    compile(argv[2], "HEALTHCHECK", "exec")
    assert "--start-period" in options


def test_dockerfile_run_commands_are_valid_shell(instructions):
    if not shutil.which("bash"):
        pytest.skip("bash is not installed")
    for args in _args(instructions, "RUN"):
        result = subprocess.run(["bash", "-n", "-c", args], capture_output=True, text=True)
        assert result.returncode == 0, f"RUN {args}\n{result.stderr}"


def test_dockerfile_requirements_step_lists_the_dependencies(instructions, tmp_path):
    """The layer that installs dependencies before the code is copied reads them from pyproject."""
    (step,) = [r for r in _args(instructions, "RUN") if "tomllib" in r]
    command = step.split(" > ")[0]  # python -c "…", run here on a copy of pyproject.toml
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    result = subprocess.run(
        ["bash", "-c", command.replace("python ", f"{shlex.quote(sys.executable)} ", 1)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    expected = project["dependencies"] + project["optional-dependencies"]["postgres"]
    assert result.stdout.splitlines() == expected


def _options(command) -> set[str]:
    return {opt for param in command.params for opt in getattr(param, "opts", [])}


def test_ingest_script_uses_real_cli_commands(services):
    from ui.cli.main import cli

    script = " ".join(services["ingest"]["command"])
    assert "fieldguide corpus fetch --dest" in script
    assert "--dest" in _options(cli.commands["corpus"].commands["fetch"])
    assert "fieldguide ingest" in script and "ingest" in cli.commands


def test_serve_commands_are_real_cli_commands(services, instructions):
    """`fieldguide serve --host … --port …` as the image's CMD and the app services run it."""
    from ui.cli.main import cli

    if "serve" not in cli.commands:
        pytest.skip("`fieldguide serve` is not registered in ui/cli/main.py yet")
    invocations = [json.loads(_args(instructions, "CMD")[0])]
    invocations += [s["command"] for s in services.values() if s.get("command", [None])[0] == "fieldguide"]
    assert len(invocations) >= 3
    for argv in invocations:
        assert argv[1] == "serve", argv
        assert {a for a in argv[2:] if a.startswith("--")} <= _options(cli.commands["serve"]), argv

"""Installing the project: the wheel holds the prompt templates and setuptools warns about nothing."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ["corpus", "ingest", "rag", "evals", "ui"]


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    """A wheel built from a copy of the sources (the build writes build/ and *.egg-info beside them)."""
    src, out = tmp_path_factory.mktemp("src"), tmp_path_factory.mktemp("wheel")
    for name in ["pyproject.toml", "README.md"]:
        shutil.copy(ROOT / name, src / name)
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, src / package, ignore=shutil.ignore_patterns("__pycache__", "field-guide")
        )
    pytest.importorskip("setuptools", reason="the build backend (setuptools) is not installed")
    command = [
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--no-build-isolation",
        "-v",
        "-w",
        str(out),
    ]
    result = subprocess.run([*command, str(src)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return result.stdout + result.stderr, next(out.glob("*.whl"))


def test_the_build_warns_about_no_missing_package(build):
    log, _ = build
    assert [line for line in log.splitlines() if "absent from" in line] == []


def test_the_wheel_holds_every_prompt_template_and_the_corpus_manifest(build):
    _, wheel = build
    names = set(zipfile.ZipFile(wheel).namelist())
    templates = sorted(p.name for p in (ROOT / "rag" / "answer" / "prompt_templates").glob("*.txt"))
    assert sorted(n.rsplit("/", 1)[1] for n in names if n.startswith("rag/answer/prompt_templates/")) == (
        templates
    )
    assert "corpus/manifest.toml" in names

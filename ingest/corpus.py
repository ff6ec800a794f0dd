"""The corpus manifest, finding a usable copy of the guide, and fetching the pinned commit."""

from __future__ import annotations

import hashlib
import subprocess
import tomllib
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path

import corpus as corpus_package
from rag.config import PROJECT_ROOT
from rag.errors import CorpusFetchError, CorpusNotFoundError

MANIFEST_PATH = Path(corpus_package.__file__).parent / "manifest.toml"  # package data
FETCH_DIR = PROJECT_ROOT / "corpus" / "field-guide"
SHARED_DIR = PROJECT_ROOT.parent / "shared" / "field-guide"


@dataclass
class CorpusManifest:
    """corpus/manifest.toml: the pinned source of the guide and which files to ingest."""

    repo_url: str
    commit: str
    pages: list[str]
    postings_raw: str
    postings_structured: str
    companies: str
    exclude: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, path: Path = MANIFEST_PATH) -> CorpusManifest:
        return cls(**tomllib.loads(path.read_text()))

    def excluded(self, rel: str) -> bool:
        return any(fnmatch(rel, pattern) for pattern in self.exclude)

    def glob(self, root: Path, pattern: str) -> list[Path]:
        return sorted(
            p for p in root.glob(pattern) if p.is_file() and not self.excluded(p.relative_to(root).as_posix())
        )

    def page_files(self, root: Path) -> list[Path]:
        return sorted({p for pattern in self.pages for p in self.glob(root, pattern)})


def _why_unusable(path: Path) -> str | None:
    if not path.exists():
        return "does not exist"
    if not path.is_dir():
        return "is not a directory"
    if not (path / "README.md").is_file():
        return "has no README.md (not a checkout of the field guide)"
    return None


def resolve_corpus(cli_path: Path | None, setting: Path | None) -> Path:
    """First usable of --corpus, FIELDGUIDE_CORPUS, corpus/field-guide, ../shared/field-guide."""
    candidates = [
        ("--corpus", cli_path),
        ("FIELDGUIDE_CORPUS", setting),
        ("corpus/field-guide (fieldguide corpus fetch)", FETCH_DIR),
        ("../shared/field-guide", SHARED_DIR),
    ]
    tried = []
    for label, path in candidates:
        if path is None:
            continue
        why = _why_unusable(Path(path))
        if why is None:
            return Path(path).resolve()
        tried.append((f"{label} = {path}", why))
    raise CorpusNotFoundError(tried)


def file_hashes(root: Path, files: list[Path]) -> dict[str, str]:
    """SHA-256 of each file by its path under `root`, in path order."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(files)}


def corpus_version(root: Path, files: list[Path], hashes: dict[str, str] | None = None) -> dict:
    """The git commit when `root` is a checkout, and always a content hash of the ingested files
    (`hashes`: their `file_hashes`, when already computed)."""
    digest = hashlib.sha256()
    for name, file_hash in (hashes if hashes is not None else file_hashes(root, files)).items():
        digest.update(name.encode() + b"\0")
        digest.update(bytes.fromhex(file_hash))
    commit = None
    if (root / ".git").exists():
        result = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True, check=False
        )
        commit = result.stdout.strip() or None
    return {"commit": commit, "content_hash": digest.hexdigest()}


def fetch_corpus(repo_url: str, commit: str, dest: Path) -> Path:
    """Shallow-clone exactly `commit` of `repo_url` into `dest` (re-used when already there)."""

    def git(*args: str, cwd: Path = dest) -> str:
        result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
        if result.returncode != 0:
            raise CorpusFetchError(
                f"`git {' '.join(args)}` failed: {result.stderr.strip() or result.stdout.strip()}\n"
                "Without network access, point --corpus or FIELDGUIDE_CORPUS at a copy of the guide."
            )
        return result.stdout.strip()

    if (dest / ".git").exists():
        if git("rev-parse", "HEAD") == commit:
            return dest
    elif dest.exists() and any(dest.iterdir()):
        raise CorpusFetchError(f"{dest} exists and is not a git checkout; move it away first.")
    dest.mkdir(parents=True, exist_ok=True)
    if not (dest / ".git").exists():
        git("init", "--quiet")
        git("remote", "add", "origin", repo_url)
    git("fetch", "--quiet", "--depth", "1", "origin", commit)
    git("-c", "advice.detachedHead=false", "checkout", "--quiet", "FETCH_HEAD")
    return dest

"""Corpus manifest, corpus resolution order, and fetching a pinned commit (from a local git repo)."""

import shutil
import subprocess

import pytest

import ingest.corpus as corpus
from ingest.corpus import CorpusManifest, corpus_version, fetch_corpus, resolve_corpus
from rag.errors import CorpusFetchError, CorpusNotFoundError


def guide(path):
    path.mkdir(parents=True)
    (path / "README.md").write_text("# Field guide\n")
    return path


@pytest.fixture
def places(tmp_path, monkeypatch):
    """Four candidate places, none created yet; FETCH_DIR and SHARED_DIR point into tmp_path."""
    paths = {name: tmp_path / name for name in ("cli", "setting", "fetched", "shared")}
    monkeypatch.setattr(corpus, "FETCH_DIR", paths["fetched"])
    monkeypatch.setattr(corpus, "SHARED_DIR", paths["shared"])
    return paths


@pytest.mark.parametrize(
    ("usable", "winner"),
    [
        (["cli", "setting", "fetched", "shared"], "cli"),
        (["setting", "fetched", "shared"], "setting"),
        (["fetched", "shared"], "fetched"),
        (["shared"], "shared"),
    ],
)
def test_first_usable_wins(places, usable, winner):
    for name in usable:
        guide(places[name])
    assert resolve_corpus(places["cli"], places["setting"]) == places[winner].resolve()


def test_unset_options_are_skipped(places):
    guide(places["shared"])
    assert resolve_corpus(None, None) == places["shared"].resolve()


def test_dir_without_readme_is_rejected(places):
    places["cli"].mkdir()
    guide(places["fetched"])
    assert resolve_corpus(places["cli"], None) == places["fetched"].resolve()


def test_not_found_lists_every_place_in_order(places):
    places["cli"].mkdir()  # no README.md
    places["setting"].write_text("a file")
    with pytest.raises(CorpusNotFoundError) as info:
        resolve_corpus(places["cli"], places["setting"])
    assert [why for _, why in info.value.tried] == [
        "has no README.md (not a checkout of the field guide)",
        "is not a directory",
        "does not exist",
        "does not exist",
    ]
    message = str(info.value)
    lines = [
        f"  - --corpus = {places['cli']}: has no README.md",
        f"  - FIELDGUIDE_CORPUS = {places['setting']}: is not a directory",
        f"  - corpus/field-guide (fieldguide corpus fetch) = {places['fetched']}: does not exist",
        f"  - ../shared/field-guide = {places['shared']}: does not exist",
    ]
    positions = [message.index(line) for line in lines]
    assert positions == sorted(positions)
    assert "run `fieldguide corpus fetch`" in message
    assert "--corpus / FIELDGUIDE_CORPUS" in message


def test_manifest_load():
    manifest = CorpusManifest.load()
    assert manifest.commit == "1961e786814ab362b38532bfd5faeef4231c9db7"
    assert manifest.repo_url == "https://github.com/alexeygrigorev/ai-engineering-field-guide"
    assert [
        manifest.excluded(p) for p in ("CLAUDE.md", "role/AGENTS.md", ".github/workflows/ci.yml", "README.md")
    ] == [True, True, True, False]


def git(*args, cwd):
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout.strip()


@pytest.fixture
def origin(tmp_path, monkeypatch):
    """A local repository with two commits; returns (file:// url, first sha, second sha)."""
    for key, value in {
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.com",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": str(tmp_path / "gitconfig"),
    }.items():
        monkeypatch.setenv(key, value)
    repo = tmp_path / "origin"
    repo.mkdir()
    git("init", "--quiet", cwd=repo)
    git("config", "uploadpack.allowAnySHA1InWant", "true", cwd=repo)
    shas = []
    for content in ("first\n", "second\n"):
        (repo / "README.md").write_text(content)
        git("add", "README.md", cwd=repo)
        git("commit", "--quiet", "-m", content.strip(), cwd=repo)
        shas.append(git("rev-parse", "HEAD", cwd=repo))
    return repo.as_uri(), shas[0], shas[1]


def test_fetch_pinned_commit(origin, tmp_path):
    url, first, _ = origin
    dest = tmp_path / "checkout"
    assert fetch_corpus(url, first, dest) == dest
    assert git("rev-parse", "HEAD", cwd=dest) == first
    assert (dest / "README.md").read_text() == "first\n"


def test_fetch_again_is_a_no_op(origin, tmp_path):
    url, first, _ = origin
    dest = tmp_path / "checkout"
    fetch_corpus(url, first, dest)
    shutil.rmtree(tmp_path / "origin")  # a second fetch would now fail
    assert fetch_corpus(url, first, dest) == dest
    assert git("rev-parse", "HEAD", cwd=dest) == first


def test_fetch_moves_existing_checkout_to_new_commit(origin, tmp_path):
    url, first, second = origin
    dest = tmp_path / "checkout"
    fetch_corpus(url, first, dest)
    fetch_corpus(url, second, dest)
    assert git("rev-parse", "HEAD", cwd=dest) == second
    assert (dest / "README.md").read_text() == "second\n"


def test_fetch_unknown_commit(origin, tmp_path):
    url, _, _ = origin
    with pytest.raises(CorpusFetchError, match="FIELDGUIDE_CORPUS") as info:
        fetch_corpus(url, "0" * 40, tmp_path / "checkout")
    assert str(info.value).startswith(f"`git fetch --quiet --depth 1 origin {'0' * 40}` failed: ")


def test_fetch_refuses_non_git_dest(origin, tmp_path):
    url, first, _ = origin
    dest = tmp_path / "checkout"
    dest.mkdir()
    (dest / "notes.txt").write_text("mine")
    with pytest.raises(CorpusFetchError, match="exists and is not a git checkout; move it away first"):
        fetch_corpus(url, first, dest)
    assert [p.name for p in dest.iterdir()] == ["notes.txt"]


def test_corpus_version(origin, tmp_path):
    url, first, _ = origin
    root = tmp_path / "checkout"
    fetch_corpus(url, first, root)
    (root / "b.md").write_text("b")
    files = [root / "README.md", root / "b.md"]
    before = corpus_version(root, files)
    assert before["commit"] == first
    assert corpus_version(root, list(reversed(files))) == before
    (root / "b.md").write_text("B")
    after = corpus_version(root, files)
    assert after["commit"] == first
    assert after["content_hash"] != before["content_hash"]
    assert len(after["content_hash"]) == 64


def test_corpus_version_without_git(tmp_path):
    root = guide(tmp_path / "copy")
    version = corpus_version(root, [root / "README.md"])
    assert version["commit"] is None
    assert version == corpus_version(root, [root / "README.md"])
    (root / "README.md").rename(root / "OTHER.md")  # same bytes, different path
    assert corpus_version(root, [root / "OTHER.md"])["content_hash"] != version["content_hash"]

"""The repository is written in its own words: no tracked text file holds a run of
eight or more consecutive words of the motivating article (../shared, read at test
time; the article itself is never part of the repository)."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from .conftest import REPO, WHOSE_CAUCASUS, need_shared

RUN = 8  # words in a row that count as a quotation
_WORD = re.compile(r"\w+")
# Files allowed to hold a short citation of the article. There are none: the article
# is cited by author, short title and path, which is far below a run of eight words.
ALLOWED: frozenset[str] = frozenset()


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _shingles(words: list[str]) -> Iterator[tuple[int, int]]:
    """(position, hash) of every run of RUN words."""
    for i in range(len(words) - RUN + 1):
        yield i, hash(tuple(words[i : i + RUN]))


def article_runs(article: str) -> frozenset[int]:
    """The hashes of every run of RUN words of the article."""
    return frozenset(h for _, h in _shingles(_words(article)))


def quoted_runs(text: str, runs: frozenset[int]) -> list[str]:
    """The maximal runs of ``text`` (lower-cased words) that are runs of the article."""
    words = _words(text)
    found: list[list[int]] = []
    for i, h in _shingles(words):
        if h not in runs:
            continue
        if found and i <= found[-1][1] + 1:
            found[-1][1] = i
        else:
            found.append([i, i])
    return [" ".join(words[a : b + RUN]) for a, b in found]


def tracked_texts(repo: Path) -> Iterable[tuple[str, str]]:
    """(path, text) of every file git tracks in ``repo`` that is UTF-8 text."""
    listing = subprocess.run(
        ["git", "ls-files", "-z"], cwd=repo, capture_output=True, check=True
    ).stdout.decode("utf-8")
    for name in filter(None, listing.split("\0")):
        path = repo / name
        if not path.is_file():  # deleted in the work tree, or a submodule
            continue
        data = path.read_bytes()
        if b"\0" in data:
            continue
        try:
            yield name, data.decode("utf-8")
        except UnicodeDecodeError:
            continue


def quoting_files(repo: Path, article: str) -> dict[str, list[str]]:
    """Tracked files (but the allowed ones) that quote the article, with their runs."""
    runs = article_runs(article)
    found = {}
    for name, text in tracked_texts(repo):
        if name not in ALLOWED and (quoted := quoted_runs(text, runs)):
            found[name] = quoted
    return found


def _need_git_checkout() -> None:
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("not a git checkout: no list of tracked files")


def test_no_tracked_file_quotes_the_article() -> None:
    article = need_shared(WHOSE_CAUCASUS).read_text("utf-8")
    _need_git_checkout()
    assert quoting_files(REPO, article) == {}


# -- the check itself, on an article written for this test ----------------------------

OWN_ARTICLE = (
    "Ferry traffic on the lake resumed on Tuesday after a week of storms. The harbour "
    "master said the northern pier would stay closed until the divers finish their survey."
)


def _repo_with(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    for name, content in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, "utf-8")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(["git", "add", "-A"], cwd=tmp_path, check=True)
    return tmp_path


def test_a_quoted_sentence_is_found_whatever_its_case_and_punctuation(
    tmp_path: Path,
) -> None:
    repo = _repo_with(
        tmp_path,
        {
            "notes/own.md": "The ferries run again; the pier is still shut.\n",
            "tests/quoting.py": (
                'TEXT = (\n    "Officials said THE HARBOUR MASTER SAID THE NORTHERN "\n'
                '    "pier -- would stay closed, locals added."\n)\n'
            ),
            "data/blob.bin": b"\x00\x01the harbour master said the northern pier would stay",
        },
    )
    found = quoting_files(repo, OWN_ARTICLE)
    quoted = "the harbour master said the northern pier would stay closed"
    assert found == {"tests/quoting.py": [quoted]}


def test_seven_words_in_a_row_are_not_a_quotation() -> None:
    runs = article_runs(OWN_ARTICLE)
    assert quoted_runs("Yes: the harbour master said the northern pier reopened.", runs) == []
    assert quoted_runs("Yes: the harbour master said the northern pier would.", runs) == [
        "the harbour master said the northern pier would"
    ]


def test_overlapping_runs_merge_into_one_quotation() -> None:
    runs = article_runs(OWN_ARTICLE)
    copied = "after a week of storms the harbour master said the northern pier would stay"
    assert quoted_runs(f"He wrote: {copied}. Then more.", runs) == [copied]
    two = "Ferry traffic on the lake resumed on Tuesday. Later, divers finish their survey"
    assert quoted_runs(two, runs) == ["ferry traffic on the lake resumed on tuesday"]


def test_a_run_of_the_real_article_in_a_file_is_found(tmp_path: Path) -> None:
    article = need_shared(WHOSE_CAUCASUS).read_text("utf-8")
    words = _words(article)
    middle = len(words) // 2
    sentence = " ".join(words[middle : middle + RUN + 4]).capitalize() + "."
    repo = _repo_with(tmp_path, {"doc.txt": f"Our notes.\n\n{sentence}\n"})
    [(name, [run])] = quoting_files(repo, article).items()
    assert name == "doc.txt" and run == " ".join(words[middle : middle + RUN + 4])

"""The benchmark's corpus: wire-style articles written for it, bundled in ``corpus/``.

Four news reports of about 600 words and one feature of about 1,500 words, written in
the style of agency copy: datelines, names with diacritics and transliterated from
Cyrillic (Vučić, Erdoğan, Síkela, Syniehubov), curly quotes, em dashes, a quotation
in Cyrillic, headings and a block quote in the feature. They are fiction in the
details; they exist so that the benchmark reads text like the text casus is for, not
text shaped to be fast.

Batches are made of copies of the news reports, each with its own title line (casus
skips duplicates, so identical copies would not be analysed); the size sweep repeats
the paragraphs of one report 10 and 100 times in one article.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

__all__ = ["BenchCorpus", "copy_of", "load_corpus", "repeated", "write_copies"]

_LONG_PREFIX = "05-long-"


@dataclass(frozen=True)
class BenchCorpus:
    news: tuple[str, ...]
    """The ~600-word reports (full text, headers included)."""
    long: str
    """The long feature."""

    @property
    def all(self) -> tuple[str, ...]:
        return (*self.news, self.long)


def load_corpus() -> BenchCorpus:
    """The bundled articles."""
    folder = resources.files("casus.bench").joinpath("corpus")
    texts = {
        entry.name: entry.read_text("utf-8")
        for entry in folder.iterdir()
        if entry.name.endswith(".txt")
    }
    names = sorted(texts)
    news = tuple(texts[n] for n in names if not n.startswith(_LONG_PREFIX))
    long = next(texts[n] for n in names if n.startswith(_LONG_PREFIX))
    return BenchCorpus(news, long)


def _split(text: str) -> tuple[list[str], str]:
    """(header lines, body) of an article with ``Key: value`` headers."""
    head, _, body = text.partition("\n\n")
    return head.split("\n"), body.strip()


def copy_of(text: str, number: int) -> str:
    """``text`` with its title marked as copy ``number`` (a distinct article)."""
    lines, body = _split(text)
    lines = [f"{line} (copy {number})" if line.startswith("Title:") else line for line in lines]
    return "\n".join(lines) + "\n\n" + body + "\n"


def write_copies(texts: tuple[str, ...], count: int, folder: Path) -> Path:
    """``count`` files in ``folder``, cycling through ``texts``, each a distinct article."""
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        text = copy_of(texts[number % len(texts)], number)
        (folder / f"{number:05d}.txt").write_text(text, "utf-8")
    return folder


def repeated(text: str, times: int) -> str:
    """One article whose body is the body of ``text`` ``times`` times over."""
    lines, body = _split(text)
    return "\n".join(lines) + "\n\n" + "\n\n".join([body] * times) + "\n"

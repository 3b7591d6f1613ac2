"""Notes on names near event words that resolve to no actor.

An event needs its actors; a name the actor lexicons do not know ("Ilham Aliyew", a
machine translation's spelling of Ilham Aliyev) silently costs the event, or codes it
from a title alone. :func:`unresolved_names` lists such names, so that users can add
them to the lexicons: capitalised multi-word names in the clauses that hold an event
word, outside every actor, place and date mention, and names that only a title before
them coded ("Foreign Minister Jeyhun Bairamov"). One pass over those clauses; capped
and deduplicated.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ...datafiles import bundled, read_yaml
from ...doc import Doc
from ...errors import DataError
from ...text import Tokens
from .guards import title_cased

__all__ = ["LIMIT", "NameWords", "load_not_actor_words", "unresolved_names"]

LIMIT = 5
"""Names noted per article at most (one more note says how many were left out)."""

_OPENERS = frozenset("\" “ ” ' ‘ ’ « » ( [ : — – •".split())


def load_not_actor_words(path: Path | None = None) -> frozenset[str]:
    """Words that make a capitalised phrase something other than a person or an
    organisation ("Act", "Operation", "Airport"): ``lexicons/not_actor_names.yaml``."""
    path = path or bundled("casus.lexicons", "not_actor_names.yaml")
    data = read_yaml(path)
    if not isinstance(data, list) or not all(isinstance(w, str) for w in data):
        raise DataError("expected a list of words", where=str(path))
    return frozenset(data)


@dataclass(frozen=True, slots=True)
class NameWords:
    """What tells a name apart: ``grammar.yaml``'s ``names`` group and the not-actor
    words."""

    particles: frozenset[str]
    """Lower-case words that join the parts of a name ("al", "bin", "van")."""
    openers: frozenset[str]
    """Capitalised words that begin a sentence without belonging to a name."""
    not_actor: frozenset[str]


def unresolved_names(
    doc: Doc, clauses: Iterable[tuple[int, int]], words: NameWords, limit: int = LIMIT
) -> list[str]:
    """Notes on the unresolved names in ``clauses`` (token spans holding event words)."""
    tokens = doc.tokens
    spans = sorted(set(clauses))
    if not spans:
        return []
    covered = _covered(doc)
    inside = {k for start, end in spans for k in range(start, end)}
    starts = {tokens.index_at(start) for start, _ in doc.sentences}
    lowercase = {w for w in tokens.texts if w.islower()}
    found: dict[str, tuple[int, str]] = {}  # name -> (first token, remark)
    for mention in doc.actors:
        first = tokens.index_at(mention.start)
        if mention.kind == "role" and "+name" in mention.rule and first in inside:
            found.setdefault(mention.name, (first, "; coded from its title only"))
    for start, end in spans:
        if title_cased(tokens, start, end):
            continue  # a headline: every word has a capital
        for first, last in _runs(tokens, start, end, covered, words.particles):
            name = _trimmed(
                doc.text, tokens, (first, last), words, starts=starts, lowercase=lowercase
            )
            if name is not None:
                found.setdefault(name, (first, ""))
    ordered = sorted(found.items(), key=lambda item: item[1][0])
    notes = [
        f"unresolved name: {name!r} (not in the actor lexicons{remark})"
        for name, (_, remark) in ordered[:limit]
    ]
    if len(found) > limit:
        notes.append(f"{len(found) - limit} more unresolved names not listed")
    return notes


def _covered(doc: Doc) -> set[int]:
    """Tokens inside an actor, place or date mention (a name coded from its title alone is
    noted from its actor mention)."""
    tokens = doc.tokens
    covered: set[int] = set()
    spans = [(m.start, m.end) for m in doc.actors] + [(m.start, m.end) for m in doc.places]
    for start, end in spans + [(m.start, m.end) for m in doc.dates]:
        k = tokens.index_at(start)
        while k < len(tokens) and tokens.starts[k] < end:
            covered.add(k)
            k += 1
    return covered


def _capitalised(text: str) -> bool:
    return text[:1].isupper() and text.replace("-", "").isalpha()


def _runs(
    tokens: Tokens, start: int, end: int, covered: set[int], particles: frozenset[str]
) -> list[tuple[int, int]]:
    """Maximal runs of capitalised words outside mentions, joined by particles and
    hyphens ("Abu Bakr al-Baghdadi")."""
    runs: list[tuple[int, int]] = []
    k = start
    while k < end:
        if k in covered or not _capitalised(tokens.texts[k]):
            k += 1
            continue
        first = k
        while k < end and k not in covered:
            text = tokens.texts[k]
            joins = text == "-" or text.lower() in particles
            if _capitalised(text) or (joins and k + 1 < end and _next_capital(tokens, k)):
                k += 1
            else:
                break
        runs.append((first, k))
    return runs


def _next_capital(tokens: Tokens, k: int) -> bool:
    """Is the word after a joining particle or hyphen capitalised ("al - Baghdadi")?"""
    following = tokens.texts[k + 1]
    if following == "-" and k + 2 < len(tokens):
        following = tokens.texts[k + 2]
    return _capitalised(following)


def _trimmed(
    text: str,
    tokens: Tokens,
    run: tuple[int, int],
    words_of: NameWords,
    *,
    starts: set[int],
    lowercase: set[str],
) -> str | None:
    """The run as a name, without a sentence's capitalised first word ("After Ilham
    Aliyew"); None unless two capitalised words remain and none marks a non-actor."""
    first, last = run
    if first in starts or (first > 0 and tokens.texts[first - 1] in _OPENERS):
        word = tokens.lowered[first]
        if word in words_of.openers or word in lowercase:
            first += 1
    words: Sequence[str] = tokens.texts[first:last]
    capitals = [  # "Turkish-Azerbaijani" is one word, not a name of two
        w for k, w in enumerate(words) if _capitalised(w) and (k == 0 or words[k - 1] != "-")
    ]
    if len(capitals) < 2 or not words_of.not_actor.isdisjoint(words):
        return None
    return text[tokens.starts[first] : tokens.ends[last - 1]]

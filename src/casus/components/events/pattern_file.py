"""Reading an event pattern file (``lexicons/events.yaml``, or one a user supplies).

The file is a YAML list; its header documents every field. An entry whose ``verb`` lists
alternatives ("rush|expedite|hasten") stands for one pattern per verb, all under the
entry's number, so every event still names the line that produced it.

The guard phrases (``lexicons/event_guards.yaml``: "bird [strike]", "[fire] brigade")
always apply; a user directory may add its own ``event_guards.yaml``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Literal

from ...datafiles import bundled, read_tsv, read_yaml
from ...errors import DataError
from ...text import tokenize
from ..syntax.grammar import load_grammar
from .guards import TriggerGuard, read_guard_phrases
from .patterns import Pattern, PatternLexicon, inflect

__all__ = [
    "GUARD_FILE",
    "guard_files",
    "load_patterns",
    "pattern_file",
    "patterns_fingerprint",
    "read_patterns",
]

BUILD_VERSION = "3"
"""Bump when :class:`Pattern` or the expansion of verbs changes: it invalidates the
cached pattern lexicons (see :func:`patterns_fingerprint`)."""

_IMPLIED = (None, "crowd", "state")
GUARD_FILE = "event_guards.yaml"


def _plural_variants(phrase: str) -> list[tuple[str, ...]]:
    words = tokenize(phrase.lower()).texts
    if not words:
        return []
    variants = [words]
    head = words[-1]
    if head.isalpha() and not head.endswith("s"):
        variants.append((*words[:-1], head + ("es" if head.endswith(("ch", "sh", "x")) else "s")))
    return variants


def _patterns(index: int, item: Any, where: str, source: str) -> list[Pattern]:
    """The patterns of one entry: one per verb alternative, or one noun pattern."""
    if not isinstance(item, dict):
        raise DataError("an event pattern is a mapping (verb/noun, cameo, ...)", where=where)
    kind: Literal["verb", "noun"] = "verb" if "verb" in item else "noun"
    trigger = str(item.get(kind) or "")
    cameo = str(item.get("cameo") or "")
    if not trigger or not cameo:
        raise DataError("an event pattern needs a verb or noun, and a cameo code", where=where)
    objects = tuple(  # longest first: "investigation into war crimes" before "investigation"
        sorted(
            (v for o in item.get("object") or () for v in _plural_variants(str(o))),
            key=len,
            reverse=True,
        )
    )
    preps = tuple(str(item["prep"]).split("|")) if item.get("prep") else ()
    target = str(item.get("target") or ("prep" if preps else "object"))
    if target not in {"object", "prep", "none"}:
        raise DataError(f"unknown target {target!r}", where=where)
    implied = item.get("implied")
    if implied not in _IMPLIED:
        raise DataError(f"implied must be crowd or state, not {implied!r}", where=where)
    sectors = item.get("source_sectors")
    shared: dict[str, Any] = {
        "index": index,
        "kind": kind,
        "cameo": cameo,
        "objects": objects,
        "object_heads": frozenset(o[0] for o in objects),
        "preps": preps,
        "target": target,
        "reciprocal": bool(item.get("reciprocal")),
        "joint": str(item["joint"]) if item.get("joint") else None,
        "type": item.get("type"),
        "mode": item.get("mode"),
        "source_sectors": frozenset(sectors) if sectors else None,
        "not_source_sectors": frozenset(item.get("not_source_sectors") or ()),
        "intent": bool(item.get("intent")),
        "demand": bool(item.get("demand")),
        "not_forms": frozenset(str(f).lower() for f in item.get("not_forms") or ()),
        "implied": implied,
        "source": source,
    }
    if kind == "noun":
        return [Pattern(trigger=trigger, words=(), **shared)]
    verbs = [v.strip() for v in trigger.split("|") if v.strip()]
    return [Pattern(trigger=v, words=tokenize(v.lower()).texts[1:], **shared) for v in verbs]


def _irregular(path: Path) -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    for row in read_tsv(path, ("lemma", "past", "participle")):
        table[row["lemma"]] = tuple({*row.alternatives("past"), *row.alternatives("participle")})
    return table


def read_patterns(path: Path) -> list[Pattern]:
    """The patterns of one file (``DataError`` naming the entry when one is malformed)."""
    data = read_yaml(path)
    if not isinstance(data, list):
        raise DataError("expected a list of event patterns", where=str(path))
    return [
        pattern
        for i, item in enumerate(data, 1)
        for pattern in _patterns(i, item, f"{path.name}#{i}", path.name)
    ]


def pattern_file(path: Path | None = None) -> Path:
    """The pattern file ``path`` names (a file, or a directory holding ``events.yaml``);
    the bundled one by default."""
    if path is None:
        path = bundled("casus.lexicons", "events.yaml")
    elif path.is_dir():
        path = path / "events.yaml"
    if not path.is_file():
        raise DataError("no event pattern file", where=str(path))
    return path


def guard_files(path: Path | None = None) -> list[Path]:
    """The guard phrase files that go with the pattern file ``path``: the bundled one,
    and the ``event_guards.yaml`` of the user's directory (or of the file's directory)."""
    files = [bundled("casus.lexicons", GUARD_FILE)]
    if path is not None:
        own = (path if path.is_dir() else path.parent) / GUARD_FILE
        if own.is_file() and own.resolve() != files[0].resolve():
            files.append(own)
    return files


def load_patterns(path: Path | None = None) -> PatternLexicon:
    """The pattern lexicon of ``path`` (a file, or a directory holding ``events.yaml``);
    the bundled one by default."""
    irregular = _irregular(bundled("casus.lexicons", "irregular_verbs.tsv"))
    phrases = [phrase for source in guard_files(path) for phrase in read_guard_phrases(source)]
    stops = load_grammar().names.guard_gap_stops
    guard = TriggerGuard.build(phrases, lambda lemma: inflect(lemma, irregular), stops)
    return PatternLexicon(read_patterns(pattern_file(path)), irregular, guard)


def patterns_fingerprint(path: Path | None = None) -> str:
    """A digest of everything :func:`load_patterns` reads (file names and contents)
    and of :data:`BUILD_VERSION`: the key of a cached pattern lexicon."""
    digest = hashlib.sha256(f"patterns:{BUILD_VERSION}".encode())
    irregular = bundled("casus.lexicons", "irregular_verbs.tsv")
    grammar = bundled("casus.lexicons", "grammar.yaml")  # the guards' gap stops
    for source in (pattern_file(path), irregular, grammar, *guard_files(path)):
        digest.update(f"\0{source.resolve()}\0".encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]

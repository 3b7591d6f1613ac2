"""Evaluation against annotated articles: the bundled samples and their sidecars.

An article ``articles/NN-slug.ext`` is annotated by ``expected/NN-slug.expect.yaml``
(format in ``samples/README.md``): every non-body line with its kind, the genre, and a
selection of actors, places, dates and untranslated fragments with their codes. The
selection is not exhaustive, so the scores are *recall with the right values*: an
expected item counts when casus produced an overlapping item with the same values
(code and sector; country and kind; value and precision; language). Structure is
scored on every line (unlisted lines are body).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..api import analyze_doc, build_pipeline
from ..datafiles import read_yaml
from ..doc import Doc
from ..errors import EvaluationError
from ..ingest import read_path
from ..model import Article

__all__ = ["SampleScores", "evaluate_samples", "format_scores", "iter_annotated"]

_LAYERS: dict[str, tuple[str, tuple[str, ...]]] = {
    # sidecar key -> (Doc attribute, compared fields)
    "actors": ("actors", ("code", "sector")),
    "places": ("places", ("country", "kind")),
    "dates": ("dates", ("value", "precision")),
    "untranslated": ("artifacts", ("language",)),
}


@dataclass
class SampleScores:
    articles: int = 0
    units: int = 0
    units_right: int = 0
    genres_right: int = 0
    expected: dict[str, int] = field(default_factory=dict)
    found: dict[str, int] = field(default_factory=dict)
    right: dict[str, int] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, float]:
        scores = {
            "structure": _ratio(self.units_right, self.units),
            "genre": _ratio(self.genres_right, self.articles),
        }
        for layer in _LAYERS:
            scores[layer] = _ratio(self.right.get(layer, 0), self.expected.get(layer, 0))
        return {k: round(v, 4) for k, v in scores.items()}


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def iter_annotated(
    root: Path,
    folder: str = "expected",
    suffix: str = ".expect.yaml",
    accept: Callable[[str], bool] | None = None,
) -> Iterator[tuple[str, Article, dict[str, Any]]]:
    """(name, article, annotation record) for every annotation file ``root/folder/*suffix``
    whose article is in ``root/articles`` (one record per article of a JSON Lines file);
    ``accept`` chooses by file stem."""
    articles, annotations = root / "articles", root / folder
    if not articles.is_dir() or not annotations.is_dir():
        raise EvaluationError(f"expected articles/ and {folder}/ directories", where=str(root))
    for sidecar in sorted(annotations.glob("*" + suffix)):
        stem = sidecar.name.removesuffix(suffix)
        if accept is not None and not accept(stem):
            continue
        sources = sorted(articles.glob(stem + ".*"))
        if not sources:
            raise EvaluationError("no article for this annotation file", where=str(sidecar))
        data = read_yaml(sidecar) or {}
        records = data.get("records") or [data]
        items = [a for a in read_path(sources[0]) if isinstance(a, Article)]
        if len(items) != len(records):
            raise EvaluationError(
                f"{len(items)} articles but {len(records)} annotation records",
                where=str(sidecar),
            )
        for index, (article, record) in enumerate(zip(items, records, strict=True)):
            yield (stem if len(items) == 1 else f"{stem}#{index}"), article, record


def _score_structure(doc: Doc, record: dict[str, Any], scores: SampleScores, name: str) -> None:
    listed = {x["startswith"]: x["kind"] for x in record.get("segments") or []}
    for segment in doc.segments:
        text = doc.text[segment.start : segment.end]
        want = next((k for s, k in listed.items() if text.startswith(s)), "body")
        scores.units += 1
        if segment.kind == want:
            scores.units_right += 1
        else:
            scores.misses.append(f"{name}: structure {text[:50]!r} is {segment.kind}, not {want}")


def _score_layers(doc: Doc, record: dict[str, Any], scores: SampleScores, name: str) -> None:
    for key, (attribute, fields) in _LAYERS.items():
        items = getattr(doc, attribute)
        for expected in record.get(key) or []:
            scores.expected[key] = scores.expected.get(key, 0) + 1
            start = doc.text.find(expected["text"])
            end = start + len(expected["text"])
            hits = [i for i in items if start >= 0 and i.start < end and start < i.end]
            if hits:
                scores.found[key] = scores.found.get(key, 0) + 1
            want = tuple(expected.get(f) for f in fields)
            if any(tuple(getattr(i, f) for f in fields) == want for i in hits):
                scores.right[key] = scores.right.get(key, 0) + 1
            else:
                got = [tuple(getattr(i, f) for f in fields) for i in hits] or "nothing"
                scores.misses.append(f"{name}: {key} {expected['text']!r} want {want} got {got}")


def evaluate_samples(root: Path) -> SampleScores:
    pipeline = build_pipeline()
    scores = SampleScores()
    for name, article, record in iter_annotated(root):
        published = record.get("published")
        doc = analyze_doc(article, pipeline=pipeline)
        scores.articles += 1
        if published is not None and doc.published is not None:
            doc_date = doc.published.isoformat()
            if str(published) != doc_date:
                scores.misses.append(f"{name}: published {doc_date}, expected {published}")
        if doc.genre == record.get("genre"):
            scores.genres_right += 1
        else:
            scores.misses.append(f"{name}: genre {doc.genre}, expected {record.get('genre')}")
        _score_structure(doc, record, scores, name)
        _score_layers(doc, record, scores, name)
    if not scores.articles:
        raise EvaluationError("no annotated articles found", where=str(root))
    return scores


def format_scores(scores: SampleScores, *, misses: int = 0) -> str:
    d = scores.as_dict()
    lines = [
        f"samples: {scores.articles} annotated articles, {scores.units} lines",
        f"  structure (every line)   {d['structure']:.3f}",
        f"  genre                    {d['genre']:.3f}",
    ]
    for layer in _LAYERS:
        n = scores.expected.get(layer, 0)
        found = scores.found.get(layer, 0)
        lines.append(f"  {layer:<12} found {found:>3}/{n:<3} right values {d[layer]:.3f}")
    lines += [f"  miss: {m}" for m in scores.misses[:misses]]
    return "\n".join(lines)

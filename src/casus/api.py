"""Plain functions behind the CLI: build the default pipeline, analyse an article."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path

from .components.actors import ActorRecognizer
from .components.artifacts import LanguageIdentifier, ScriptArtifacts
from .components.claims import ClaimExtractor
from .components.dates import DateResolver
from .components.events import EventCoder
from .components.events.pattern_file import load_patterns
from .components.genre import GenreClassifier
from .components.places import PlaceResolver
from .components.structure import StructureSegmenter
from .doc import Doc
from .gazetteer import Gazetteer
from .ingest import read_plain
from .lexicon import ActorLexicon, default_lexicon, load_lexicon
from .model import Analysis, Article
from .pipeline import Pipeline

__all__ = ["analyze", "analyze_doc", "build_pipeline", "default_pipeline"]


def build_pipeline(
    *,
    lexicon: ActorLexicon | None = None,
    gazetteer: Gazetteer | None = None,
    lexicon_dirs: Sequence[Path] = (),
    events: Path | None = None,
) -> Pipeline:
    """The analysis pipeline: structure, artifacts, language, dates, actors, places, genre,
    events, claims. ``events``: an event pattern file to use instead of the bundled one
    (for instance one written by ``casus dictionaries import-petrarch-verbs``)."""
    if lexicon is None:
        lexicon = load_lexicon(lexicon_dirs) if lexicon_dirs else default_lexicon()
    return Pipeline(
        [
            StructureSegmenter(),
            ScriptArtifacts(),
            LanguageIdentifier(),
            DateResolver(),
            ActorRecognizer(lexicon),
            PlaceResolver(gazetteer, lexicon),
            GenreClassifier(),
            EventCoder(lexicon=lexicon, patterns=load_patterns(events) if events else None),
            ClaimExtractor(lexicon=lexicon),
        ]
    )


@lru_cache(maxsize=1)
def default_pipeline() -> Pipeline:
    """The default pipeline, built once per process."""
    return build_pipeline()


def analyze_doc(
    article: Article, *, published: date | None = None, pipeline: Pipeline | None = None
) -> Doc:
    """Run the pipeline and return the annotated :class:`Doc` (for components' tests)."""
    doc = Doc(article)
    if published is not None:
        doc.published, doc.published_basis = published, "given"
    return (pipeline or default_pipeline()).run(doc)


def analyze(
    article: Article | str,
    *,
    published: date | None = None,
    pipeline: Pipeline | None = None,
) -> Analysis:
    """Analyse one article (an :class:`Article`, or plain text with optional headers)."""
    if isinstance(article, str):
        article = read_plain(article, where="<text>")
    return analyze_doc(article, published=published, pipeline=pipeline).to_analysis()

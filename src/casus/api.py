"""Plain functions behind the CLI: build a pipeline, analyse an article.

A pipeline is described by a :class:`~casus.components.registry.PipelineSpec` and
built with :func:`build_pipeline`; its tables come from the process-wide registry
(:mod:`casus.components.registry`), so building a second pipeline of the same data
files, or unpickling one in a worker, loads nothing again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from .components.registry import (
    PipelineSpec,
    assemble,
    build,
    shared_pipeline,
    shared_resources,
)
from .components.resources import Resources
from .doc import Doc
from .errors import PipelineError
from .gazetteer import Gazetteer
from .ingest import read_plain
from .lexicon import ActorLexicon
from .model import Analysis, Article
from .pipeline import Pipeline

__all__ = [
    "PipelineSpec",
    "analyze",
    "analyze_doc",
    "analyze_docs",
    "build_pipeline",
    "default_pipeline",
]


def build_pipeline(
    spec: PipelineSpec | None = None,
    *,
    lexicon: ActorLexicon | None = None,
    gazetteer: Gazetteer | None = None,
    lexicon_dirs: Sequence[Path] = (),
    events: Path | None = None,
) -> Pipeline:
    """The analysis pipeline: structure, artifacts, language, dates, actors, places, genre,
    syntax, events, claims (or the components ``spec`` names).

    Give a ``spec``, or its data files as keywords: ``lexicon_dirs``, user lexicon
    directories; ``events``, an event pattern file to use instead of the bundled one
    (for instance one written by ``casus dictionaries import-petrarch-verbs``).
    ``lexicon``/``gazetteer``: ready-made tables (tests, evaluations); such a pipeline
    has no spec to pickle as, and refuses pickling.
    """
    if spec is None:
        spec = PipelineSpec.of(lexicon_dirs=lexicon_dirs, events=events)
    elif lexicon_dirs or events is not None:
        raise PipelineError("give either a spec or lexicon_dirs/events, not both")
    if lexicon is None and gazetteer is None:
        return build(spec)
    given = {"lexicon": lexicon, "gazetteer": gazetteer}
    tables = {name: table for name, table in given.items() if table is not None}
    own = Resources(spec.resource_options, base=shared_resources(), **tables)
    return assemble(spec, own, picklable=False)


def default_pipeline() -> Pipeline:
    """The default pipeline, built once per process (with the process's shared tables)."""
    return shared_pipeline(PipelineSpec())


def analyze_doc(
    article: Article, *, published: date | None = None, pipeline: Pipeline | None = None
) -> Doc:
    """Run the pipeline and return the annotated :class:`Doc` (for components' tests)."""
    return (pipeline or default_pipeline()).run(_new_doc(article, published))


def analyze_docs(
    articles: list[Article], *, published: date | None = None, pipeline: Pipeline | None = None
) -> list[Doc]:
    """:func:`analyze_doc` for several articles run together
    (:meth:`~casus.pipeline.Pipeline.run_many`: their sentences are parsed in one call)."""
    docs = [_new_doc(article, published) for article in articles]
    return (pipeline or default_pipeline()).run_many(docs)


def _new_doc(article: Article, published: date | None) -> Doc:
    doc = Doc(article)
    if published is not None:
        doc.published, doc.published_basis = published, "given"
    return doc


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

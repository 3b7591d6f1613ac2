"""The batch API: analyse many inputs as a stream, losing nothing.

>>> from casus import analyze_many
>>> batch = analyze_many(["samples/articles"])                   # doctest: +SKIP
>>> for item in batch:                                            # doctest: +SKIP
...     print(item.origin, type(item).__name__)
>>> batch.summary                                                 # doctest: +SKIP

Inputs are read lazily and results come out in input order, one at a time, so memory
stays flat however many articles there are. Every input is accounted for: each one
becomes an :class:`~casus.model.Analysis`, a :class:`~casus.model.SetAside` (it cannot
be read, or analysing it failed: reason and code) or a :class:`~casus.model.Skipped`
(hidden, blank line, duplicate), and ``batch.summary`` counts them. The set-aside policy
lives here: an input error sets one item aside, a bug in one item sets that item aside
(kind ``internal``), and the rest of the batch goes on.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any, Generic, TypeVar, overload

from ..api import analyze_doc, analyze_docs, default_pipeline
from ..errors import CasusError, InputError, InternalError, RenderError, UsageError
from ..ingest import Reader, ReadOptions, Source, Stream, walk
from ..model import Analysis, Article, BatchSummary, SetAside, Skipped
from ..pipeline import Pipeline
from .workers import WorkerPool

__all__ = [
    "CHUNK",
    "Batch",
    "Input",
    "Result",
    "analyze_chunk",
    "analyze_many",
    "analyze_one",
    "input_size",
    "settle",
]

Result = Analysis | SetAside | Skipped
"""What a batch yields, one per input item."""
Input = str | Path | Stream | Article
"""What a batch reads: paths (files or directories), a byte stream, or articles."""
T = TypeVar("T")


def analyze_one(
    article: Article,
    pipeline: Pipeline,
    *,
    published: date | None = None,
    strict: bool = False,
    then: Callable[[Analysis], Any] | None = None,
) -> Any:
    """Analyse one article (and apply ``then`` to the analysis); a failure sets it aside
    instead of raising (unless ``strict``, for debugging): a :class:`RenderError` from
    ``then`` as an ``output`` problem, anything unexpected as ``internal``."""

    def produce() -> Any:
        analysis = analyze_doc(article, published=published, pipeline=pipeline).to_analysis()
        return analysis if then is None else then(analysis)

    return _settled(article, produce, strict=strict)


CHUNK = 8
"""Articles analysed together by :func:`analyze_chunk` in a batch (their sentences are
parsed in one call)."""


def analyze_chunk(
    articles: list[Article],
    pipeline: Pipeline,
    *,
    published: date | None = None,
    strict: bool = False,
    then: Callable[[Analysis], Any] | None = None,
) -> list[Any]:
    """:func:`analyze_one` for each of ``articles``, run together
    (:meth:`Pipeline.run_many`); when anything fails in the run, each article is
    analysed again alone, so that only the culprit is set aside."""
    if len(articles) > 1:
        try:
            docs = analyze_docs(articles, published=published, pipeline=pipeline)
            analyses = [doc.to_analysis() for doc in docs]
        except Exception:  # one article spoils the run: each again alone
            analyses = []
        if analyses:
            return [
                _settled(article, partial(_then, analysis, then), strict=strict)
                for article, analysis in zip(articles, analyses, strict=True)
            ]
    return [
        analyze_one(article, pipeline, published=published, strict=strict, then=then)
        for article in articles
    ]


def _then(analysis: Analysis, then: Callable[[Analysis], Any] | None) -> Any:
    return analysis if then is None else then(analysis)


def _settled(article: Article, produce: Callable[[], Any], *, strict: bool) -> Any:
    """``produce()``, or the set-aside record of its failure (see :func:`analyze_one`)."""
    try:
        return produce()
    except InputError as exc:
        return SetAside(article.origin, exc.message, exc.code)
    except RenderError as exc:
        return SetAside(article.origin, exc.message, exc.code, "output")
    except Exception as exc:
        if strict:
            raise
        detail = " ".join(str(exc).split())[:200]
        code = exc.code if isinstance(exc, CasusError) else InternalError.code
        return SetAside(
            article.origin,
            f"internal error ({type(exc).__name__}: {detail}); please report it",
            code,
            "internal",
        )


class Batch(Generic[T]):
    """The results of a batch in input order (iterate once), with live counts: each
    result is an analysis (or what ``then`` made of it), a set-aside or a skip."""

    def __init__(self, results: Iterator[T | SetAside | Skipped], reader: Reader) -> None:
        self._results = results
        self._reader = reader
        self._counts: Counter[str] = Counter()
        self._skipped: Counter[str] = Counter()

    def __iter__(self) -> Iterator[T | SetAside | Skipped]:
        for result in self._results:
            if isinstance(result, SetAside):
                self._counts["set_aside"] += 1
                if result.kind == "internal":
                    self._counts["internal"] += 1
            elif isinstance(result, Skipped):
                self._skipped[result.why] += 1
            else:
                self._counts["analysed"] += 1
            yield result

    @property
    def summary(self) -> BatchSummary:
        """Counts so far (final once the batch is exhausted)."""
        return BatchSummary(
            analysed=self._counts["analysed"],
            set_aside=self._counts["set_aside"],
            internal=self._counts["internal"],
            skipped=tuple(sorted(self._skipped.items())),
        )

    @property
    def bytes_read(self) -> int:
        """Input bytes read so far (for progress)."""
        return self._reader.bytes_read


@overload
def analyze_many(
    inputs: Iterable[Input] | Input,
    *,
    published: date | None = ...,
    pipeline: Pipeline | None = ...,
    jobs: int = ...,
    options: ReadOptions | None = ...,
    dedupe: bool = ...,
    strict: bool = ...,
    then: None = ...,
    keep: Callable[[Article], bool] | None = ...,
) -> Batch[Analysis]: ...


@overload
def analyze_many(
    inputs: Iterable[Input] | Input,
    *,
    published: date | None = ...,
    pipeline: Pipeline | None = ...,
    jobs: int = ...,
    options: ReadOptions | None = ...,
    dedupe: bool = ...,
    strict: bool = ...,
    then: Callable[[Analysis], T],
    keep: Callable[[Article], bool] | None = ...,
) -> Batch[T]: ...


def analyze_many(
    inputs: Iterable[Input] | Input,
    *,
    published: date | None = None,
    pipeline: Pipeline | None = None,
    jobs: int = 1,
    options: ReadOptions | None = None,
    dedupe: bool = True,
    strict: bool = False,
    then: Callable[[Analysis], Any] | None = None,
    keep: Callable[[Article], bool] | None = None,
) -> Batch[Any]:
    """Analyse every article in ``inputs`` (paths, streams or articles), streaming.

    ``jobs`` > 1 analyses in that many processes; the pipeline (and every table it
    loaded) is built here first and inherited by the workers, and results still come
    out in input order. ``published`` overrides every article's publication date.
    ``then`` (picklable where processes cannot fork) turns each analysis into what the
    batch yields instead, in the process that made it: a report writer's preparer
    renders there, so the work that scales with the output is shared out too.
    ``keep``, called in this process on every article read, says whether to analyse it:
    an article it refuses is skipped as ``stored`` (``casus ingest`` refuses the
    articles already in its store)."""
    if jobs < 1:
        raise UsageError(f"jobs must be at least 1, not {jobs}")
    if isinstance(inputs, str | Path | Stream | Article):
        inputs = [inputs]
    pipeline = pipeline or default_pipeline()
    reader = Reader(options or ReadOptions(), dedupe=dedupe)
    items = reader.read(inputs)
    if keep is not None:
        items = _kept(items, keep)
    if jobs == 1:
        results = _serial(items, pipeline, published, strict, then)
    else:
        pool = WorkerPool(pipeline, jobs, published=published, strict=strict, then=then)
        results = pool.map(items)
    return Batch(results, reader)


def _kept(
    items: Iterator[Article | SetAside | Skipped], keep: Callable[[Article], bool]
) -> Iterator[Article | SetAside | Skipped]:
    for item in items:
        if isinstance(item, Article) and not keep(item):
            yield Skipped(item.origin, "stored", "already in the store")
        else:
            yield item


def _serial(
    items: Iterator[Article | SetAside | Skipped],
    pipeline: Pipeline,
    published: date | None,
    strict: bool,
    then: Callable[[Analysis], Any] | None,
) -> Iterator[Any]:
    """The results in input order, articles analysed :data:`CHUNK` at a time."""
    chunk: list[Article] = []
    for item in items:
        if isinstance(item, Article):
            chunk.append(item)
            if len(chunk) < CHUNK:
                continue
        yield from analyze_chunk(chunk, pipeline, published=published, strict=strict, then=then)
        chunk = []
        if not isinstance(item, Article):
            yield item
    yield from analyze_chunk(chunk, pipeline, published=published, strict=strict, then=then)


def settle(pipeline: Pipeline) -> None:
    """Ready a process for a long run: load what ``pipeline`` loads on first use (the
    parser's model), then move every object alive into the garbage collector's
    permanent generation (:func:`gc.freeze`), so that its collections no longer walk the
    lexicons, the gazetteer and the model (about 1 ms per article), and workers forked
    afterwards share those pages. For a process that runs casus and little else (the
    command line does); objects frozen are never collected."""
    pipeline.prepare()
    gc.freeze()


def input_size(inputs: Iterable[Input], options: ReadOptions | None = None) -> int | None:
    """Total bytes of the files under ``inputs`` (a cheap walk: for progress bars), or
    None when a stream or an article makes it unknowable."""
    total = 0
    for item in inputs:
        if isinstance(item, Stream | Article):
            return None
        found = walk(item, options or ReadOptions())
        total += sum(entry.size for entry in found if isinstance(entry, Source))
    return total

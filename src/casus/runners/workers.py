"""Analysing in several processes, results in input order, memory bounded.

The parent reads the inputs and keeps a window of chunks in flight; each chunk of
articles is analysed in a worker process and its results come back as a list. Where the
platform can fork, workers are forked after the pipeline is built, so every lexicon,
gazetteer and pattern table is loaded once, in the parent, and shared copy-on-write;
elsewhere the pipeline travels pickled (as its small spec) and each worker builds it.

A worker that dies (killed, out of memory) costs only the articles of its chunk: they
are set aside as ``internal`` and a new pool carries on with the rest. (A death breaks
every chunk in flight; each is run again alone, so only the chunk that kills its
worker twice is lost.)
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from ..errors import InternalError
from ..model import Analysis, Article, SetAside, Skipped
from ..pipeline import Pipeline

__all__ = ["WorkerPool"]

_CHUNK = 4
"""Articles per task: enough to amortise the round trip, small enough to keep order
cheap and to lose little when a worker dies."""
_AHEAD = 4
"""Chunks in flight per worker."""


@dataclass(frozen=True, slots=True)
class _Job:
    pipeline: Pipeline
    published: date | None
    strict: bool
    then: Callable[[Analysis], Any] | None


_Result = Analysis | SetAside | Skipped
_Entry = tuple[list[Article], "Future[list[Analysis | SetAside]]"] | SetAside | Skipped


class _Worker:
    """The state of a worker process: its job, set once when the process starts (in
    the parent this stays None)."""

    job: ClassVar[_Job | None] = None


def _start(job: _Job) -> None:
    _Worker.job = job


def _analyse(chunk: list[Article]) -> list[Analysis | SetAside]:
    from .batch import analyze_chunk

    job = _Worker.job
    if job is None:  # only if a pool were started without _start
        raise InternalError("worker started without a job")
    return analyze_chunk(
        chunk, job.pipeline, published=job.published, strict=job.strict, then=job.then
    )


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


class WorkerPool:
    """``map`` analyses a stream of items in ``jobs`` processes, in order."""

    def __init__(
        self,
        pipeline: Pipeline,
        jobs: int,
        *,
        published: date | None,
        strict: bool,
        then: Callable[[Analysis], Any] | None = None,
    ) -> None:
        self.job = _Job(pipeline, published, strict, then)
        self.jobs = jobs
        if _context().get_start_method() == "fork":
            pipeline.prepare()  # load the parser before forking: the workers share it

    def executor(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.jobs,
            mp_context=_context(),
            initializer=_start,
            initargs=(self.job,),
        )

    def map(self, items: Iterator[Article | SetAside | Skipped]) -> Iterator[_Result]:
        queue = _Queue(self)
        chunk: list[Article] = []
        try:
            for item in items:
                if isinstance(item, Article):
                    chunk.append(item)
                    if len(chunk) < _CHUNK:
                        continue
                    queue.submit(chunk)
                    chunk = []
                else:
                    if chunk:
                        queue.submit(chunk)
                        chunk = []
                    queue.append(item)
                yield from queue.drain(until=self.jobs * _AHEAD)
            if chunk:
                queue.submit(chunk)
            yield from queue.drain(until=0)
        finally:
            queue.close()


class _Queue:
    """Results waiting to be yielded in input order: ready ones, and chunks in flight."""

    def __init__(self, pool: WorkerPool) -> None:
        self.pool = pool
        self.executor = pool.executor()
        self.entries: deque[_Entry] = deque()
        self.flying = 0

    def submit(self, chunk: list[Article]) -> None:
        self.entries.append((chunk, self.executor.submit(_analyse, chunk)))
        self.flying += 1

    def append(self, item: SetAside | Skipped) -> None:
        self.entries.append(item)

    def drain(self, *, until: int) -> Iterator[_Result]:
        """Yield from the head while more than ``until`` chunks are in flight (or, with
        ``until`` 0, everything), and whatever is ready before the next chunk."""
        while self.entries:
            head = self.entries[0]
            if not isinstance(head, tuple):
                self.entries.popleft()
                yield head
                continue
            if self.flying <= until and not head[1].done():
                return
            self.entries.popleft()
            self.flying -= 1
            yield from self._results(*head)

    def _results(
        self, chunk: list[Article], future: Future[list[Analysis | SetAside]]
    ) -> Iterator[_Result]:
        try:
            yield from future.result()
            return
        except BrokenProcessPool:
            pass
        # A worker died, and with it every chunk in flight. Run this chunk again alone
        # in a new pool: if it kills its worker again, it is the culprit and is lost;
        # if not, it was a bystander. Then resubmit the chunks still waiting.
        self._new_pool()
        try:
            results = self.executor.submit(_analyse, chunk).result()
        except BrokenProcessPool:
            results = [_lost(article) for article in chunk]
            self._new_pool()
        yield from results
        for index, entry in enumerate(self.entries):
            if isinstance(entry, tuple):
                self.entries[index] = (entry[0], self.executor.submit(_analyse, entry[0]))

    def _new_pool(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = self.pool.executor()

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


def _lost(article: Article) -> SetAside:
    return SetAside(
        article.origin,
        "internal error (the worker process analysing it died); please report it",
        InternalError.code,
        "internal",
    )

"""Exports sent as they are written: the writer of :mod:`casus.store.export` (which
writes to a text stream) runs in a thread of its own over the request's store, and the
response sends what it writes in chunks of about :data:`CHUNK` characters.

The store is the request's one connection: opened before the response starts (so that
a locked store or a bad filter still gets its own status), used by the writer's thread
alone, and closed by :meth:`ExportStream.close` when the export ends, fails, or the
client goes away (the writer is then stopped, its query interrupted, and the thread
joined first). A full queue of chunks makes the writer wait: a slow client holds at
most a few chunks in memory.
"""

from __future__ import annotations

import io
import queue
import threading
from collections.abc import Iterator, Mapping

import anyio
from starlette.concurrency import run_in_threadpool
from starlette.responses import StreamingResponse
from starlette.types import Receive, Scope, Send

from ..store import Store
from ..store.export import StreamWriter
from ..store.query import Filters

__all__ = ["CHUNK", "ExportResponse", "ExportStream"]

CHUNK = 64 * 1024
"""Characters gathered before a chunk is sent."""
_QUEUED = 4
"""Chunks waiting to be sent before the writer waits."""
_POLL = 0.1
"""Seconds between the writer's looks at whether it should stop, while it waits."""


class _Stopped(Exception):
    """The client went away: the writer stops."""


class _Done:
    """The writer finished."""


_DONE = _Done()


class _Sink(io.StringIO):
    """A text stream that gathers what it is given and queues it in chunks (a
    :class:`io.StringIO` for its type only: nothing is kept in it)."""

    def __init__(self, chunks: queue.Queue[str | BaseException | _Done], stop: threading.Event):
        super().__init__()
        self._chunks = chunks
        self._stop = stop
        self._parts: list[str] = []
        self._size = 0

    def write(self, text: str) -> int:
        if self._stop.is_set():
            raise _Stopped
        self._parts.append(text)
        self._size += len(text)
        if self._size >= CHUNK:
            self.flush()
        return len(text)

    def flush(self) -> None:
        if self._parts:
            text, self._parts, self._size = "".join(self._parts), [], 0
            self.put(text)

    def put(self, item: str | BaseException | _Done) -> None:
        while True:
            if self._stop.is_set():
                raise _Stopped
            try:
                self._chunks.put(item, timeout=_POLL)
                return
            except queue.Full:
                continue


class ExportStream:
    """The chunks of one export (UTF-8), written by ``writer`` over ``store``, which
    this object owns from now on: :meth:`close` closes it."""

    def __init__(self, store: Store, writer: StreamWriter, filters: Filters) -> None:
        self._store = store
        self._chunks: queue.Queue[str | BaseException | _Done] = queue.Queue(_QUEUED)
        self._stop = threading.Event()
        self._sink = _Sink(self._chunks, self._stop)
        self._closed = False
        self._thread = threading.Thread(
            target=self._write, args=(writer, filters), name="casus-export", daemon=True
        )
        self._thread.start()

    def _write(self, writer: StreamWriter, filters: Filters) -> None:
        try:
            writer(self._store, filters, self._sink)
            self._sink.flush()
            self._sink.put(_DONE)
        except _Stopped:
            return
        except Exception as exc:  # handed to the response, which fails the transfer
            if not self._stop.is_set():
                try:
                    self._sink.put(exc)
                except _Stopped:
                    return

    def __iter__(self) -> Iterator[bytes]:
        return self

    def __next__(self) -> bytes:
        item = self._chunks.get()
        if isinstance(item, _Done):
            self._chunks.put(item)  # any later call ends too
            raise StopIteration
        if isinstance(item, BaseException):
            raise item
        return item.encode("utf-8")

    def close(self) -> None:
        """Stop the writer (interrupting its query), wait for it, close the store.
        Safe to call more than once."""
        if self._closed:
            return
        self._closed = True
        self._stop.set()
        if self._thread.is_alive():
            self._store.con.interrupt()
        self._thread.join()
        self._store.close()


class ExportResponse(StreamingResponse):
    """A streamed export that closes its :class:`ExportStream` when the response
    ends, however it ends (sent, failed, client gone, server stopping)."""

    def __init__(self, stream: ExportStream, media_type: str, headers: Mapping[str, str]) -> None:
        super().__init__(stream, media_type=media_type, headers=headers)
        self._stream = stream

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            with anyio.CancelScope(shield=True):
                await run_in_threadpool(self._stream.close)

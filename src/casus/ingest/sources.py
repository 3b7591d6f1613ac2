"""Finding the files to read: a walk that accounts for everything it meets.

:func:`walk` yields a :class:`Source` for every regular file under a path the user
named, and a :class:`~casus.model.SetAside` or :class:`~casus.model.Skipped` for
everything else, so nothing vanishes: unreadable directories, devices, FIFOs and
sockets, broken links and links that lead outside the input (unless
``follow_links``), hidden files and directories, and a second path to a file or
directory already read.

:func:`read_bounded` reads a source with the size limit enforced on the bytes actually
read, whatever ``stat`` says (``/proc`` files report 0; a file may grow), and refuses
anything that is not a regular file when it is opened.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from ..errors import (
    LinkError,
    NotFoundError,
    NotRegularError,
    TooLargeError,
    UnreadableError,
)
from ..model import Origin, SetAside, Skipped
from .decode import DEFAULT_MAX_BYTES

__all__ = ["Found", "ReadOptions", "Source", "open_bounded", "read_bounded", "walk"]


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How inputs are read: the size limit of one file or one JSON Lines record, and
    whether symbolic links may lead outside the path the user named."""

    max_bytes: int = DEFAULT_MAX_BYTES
    follow_links: bool = False


@dataclass(frozen=True, slots=True)
class Source:
    """One regular file to read: the path as the user reaches it, the resolved path
    that is opened, and its size when it was found (for progress only)."""

    shown: str
    real: str
    size: int

    @property
    def origin(self) -> Origin:
        return Origin(self.shown)

    @property
    def suffix(self) -> str:
        return Path(self.shown).suffix


Found = Source | SetAside | Skipped
"""What a walk yields."""

_KINDS = (
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
)


def _not_regular(mode: int) -> str:
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a file or directory"


def _unreadable(origin: Origin, what: str, exc: OSError) -> SetAside:
    return SetAside(origin, f"cannot read {what}: {exc.strerror or exc}", UnreadableError.code)


@dataclass
class _Walk:
    options: ReadOptions
    root: str
    """The resolved directory the input stays inside (unless links may be followed)."""
    dirs: dict[tuple[int, int], str] = field(default_factory=dict)
    files: dict[tuple[int, int], str] = field(default_factory=dict)

    def directory(self, shown: str, real: str, info: os.stat_result) -> Iterator[Found]:
        key = (info.st_dev, info.st_ino)
        if key in self.dirs:
            yield Skipped(Origin(shown), "duplicate", f"directory already read as {self.dirs[key]}")
            return
        self.dirs[key] = shown
        try:
            with os.scandir(real) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as exc:
            yield _unreadable(Origin(shown), "directory", exc)
            return
        for entry in entries:
            yield from self.entry(os.path.join(shown, entry.name), entry)

    def entry(self, shown: str, entry: os.DirEntry[str]) -> Iterator[Found]:
        origin = Origin(shown)
        if entry.name.startswith("."):
            try:
                what = "directory" if entry.is_dir(follow_symlinks=False) else "file"
            except OSError:
                what = "entry"
            yield Skipped(origin, "hidden", f"hidden {what}")
            return
        try:
            if entry.is_symlink():
                yield from self.link(shown, entry.path)
                return
            info = entry.stat(follow_symlinks=False)
        except OSError as exc:
            yield _unreadable(origin, "entry", exc)
            return
        yield from self.node(shown, entry.path, info)

    def link(self, shown: str, path: str) -> Iterator[Found]:
        origin = Origin(shown)
        try:
            target = os.path.realpath(path, strict=True)
            info = os.stat(target)
        except OSError as exc:
            reason = "a symbolic link loop" if "loop" in str(exc).lower() else "a broken link"
            yield SetAside(origin, f"{reason}: its target cannot be read", LinkError.code)
            return
        if not self.options.follow_links and not _inside(target, self.root):
            yield SetAside(
                origin,
                "a symbolic link leading outside the input: not followed (see --follow-links)",
                LinkError.code,
            )
            return
        yield from self.node(shown, target, info)

    def node(self, shown: str, real: str, info: os.stat_result) -> Iterator[Found]:
        if stat.S_ISDIR(info.st_mode):
            yield from self.directory(shown, real, info)
        elif stat.S_ISREG(info.st_mode):
            yield from self.file(shown, real, info)
        else:
            kind = _not_regular(info.st_mode)
            yield SetAside(
                Origin(shown), f"{kind}, not a regular file: not read", NotRegularError.code
            )

    def file(self, shown: str, real: str, info: os.stat_result) -> Iterator[Found]:
        key = (info.st_dev, info.st_ino)
        if key in self.files:
            yield Skipped(Origin(shown), "duplicate", f"the same file as {self.files[key]}")
            return
        self.files[key] = shown
        yield Source(shown, real, info.st_size)


def _inside(path: str, root: str) -> bool:
    try:
        return os.path.commonpath([path, root]) == root
    except ValueError:  # different drives
        return False


def walk(path: str | Path, options: ReadOptions | None = None) -> Iterator[Found]:
    """Every item under ``path``: :class:`Source`, :class:`SetAside` or :class:`Skipped`.

    The path itself is what the user named: a link there is followed, and the directory
    it resolves to is the root that links inside it may not leave."""
    shown = str(path)
    origin = Origin(shown)
    try:
        os.lstat(shown)
    except FileNotFoundError:
        yield SetAside(origin, "no such file or directory", NotFoundError.code)
        return
    except OSError as exc:
        yield _unreadable(origin, "path", exc)
        return
    try:
        real = os.path.realpath(shown, strict=True)
        info = os.stat(real)
    except OSError:
        yield SetAside(origin, "a broken link: its target cannot be read", LinkError.code)
        return
    root = real if stat.S_ISDIR(info.st_mode) else os.path.dirname(real)
    yield from _Walk(options or ReadOptions(), root).node(shown, real, info)


_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
)


def open_bounded(source: Source) -> BinaryIO:
    """Open a source for reading, refusing anything that is not a regular file when it
    is opened (a FIFO swapped in after the walk does not block: O_NONBLOCK)."""
    where = source.shown
    try:
        fd = os.open(source.real, _OPEN_FLAGS)
    except OSError as exc:
        raise UnreadableError(f"cannot read: {exc.strerror or exc}", where=where) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularError(
                f"{_not_regular(mode)}, not a regular file: not read", where=where
            )
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_bounded(handle: BinaryIO, *, where: str, max_bytes: int) -> bytes:
    """At most ``max_bytes`` from ``handle``; more is a :class:`TooLargeError`."""
    try:
        data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise UnreadableError(f"cannot read: {exc.strerror or exc}", where=where) from None
    if len(data) > max_bytes:
        raise TooLargeError(f"input is larger than the limit of {max_bytes:,} bytes", where=where)
    return data

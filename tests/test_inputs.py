"""Reading inputs that lose nothing and leak nothing: the walk, bounded reads, streams,
JSON Lines line by line, metadata normalisation, surrogates and deep JSON."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from casus.errors import (
    InvalidTextError,
    LinkError,
    NestingError,
    NotRegularError,
    TooLargeError,
    UnreadableError,
)
from casus.ingest import Reader, ReadOptions, Stream, read_bytes, read_path, walk
from casus.model import Article, Origin, SetAside, Skipped

BODY = "Azerbaijan's foreign ministry said on Monday that it had summoned the ambassador."


def _kinds(items: list[object]) -> list[tuple[str, str]]:
    return [(type(i).__name__, str(getattr(i, "origin", ""))) for i in items]


def test_links_inside_are_read_once_and_links_outside_are_refused(tmp_path: Path) -> None:
    root = tmp_path / "in"
    root.mkdir()
    (root / "a.txt").write_text(BODY, "utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET credentials", "utf-8")
    (root / "b-inside.txt").symlink_to(root / "a.txt")
    (root / "c-outside.txt").symlink_to(secret)
    (root / "d-broken.txt").symlink_to(tmp_path / "missing.txt")
    items = list(read_path(root))
    assert _kinds(items) == [
        ("Article", f"{root}/a.txt"),
        ("Skipped", f"{root}/b-inside.txt"),
        ("SetAside", f"{root}/c-outside.txt"),
        ("SetAside", f"{root}/d-broken.txt"),
    ]
    assert items[1].why == "duplicate"  # type: ignore[union-attr]
    assert {i.code for i in items if isinstance(i, SetAside)} == {LinkError.code}
    assert not any(isinstance(i, Article) and "SECRET" in i.text for i in items)
    followed = list(read_path(root, follow_links=True))
    assert any(isinstance(i, Article) and "SECRET" in i.text for i in followed)


def test_a_link_named_by_the_user_is_followed(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BODY, "utf-8")
    (tmp_path / "named.txt").symlink_to(tmp_path / "a.txt")
    items = list(read_path(tmp_path / "named.txt"))
    assert len(items) == 1 and isinstance(items[0], Article)
    assert str(items[0].origin) == str(tmp_path / "named.txt")


def test_directory_link_loop_is_walked_once(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(BODY, "utf-8")
    (tmp_path / "sub" / "loop").symlink_to(tmp_path)
    items = list(read_path(tmp_path))
    assert sum(isinstance(i, Article) for i in items) == 1
    assert any(isinstance(i, Skipped) and i.why == "duplicate" for i in items)


def test_devices_and_fifos_are_refused_without_reading(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # reading it would block forever
    for path in (fifo, Path("/dev/zero"), Path("/dev/urandom")):
        items = list(read_path(path))
        assert len(items) == 1 and isinstance(items[0], SetAside), path
        assert items[0].code == NotRegularError.code


def test_reads_are_bounded_whatever_stat_says(tmp_path: Path) -> None:
    status = Path("/proc/self/status")  # stat says 0 bytes
    if not status.exists():
        pytest.skip("no /proc")
    assert status.stat().st_size == 0
    items = list(read_path(status, max_bytes=50))
    assert isinstance(items[0], SetAside) and items[0].code == TooLargeError.code


def test_unreadable_directory_is_set_aside(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "x.txt").write_text(BODY, "utf-8")
    (tmp_path / "ok.txt").write_text(BODY + " Again.", "utf-8")
    real_scandir = os.scandir

    def scandir(path: str) -> object:  # root may read anything: simulate EACCES
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    items = list(read_path(tmp_path))
    assert _kinds(items) == [("SetAside", f"{tmp_path}/locked"), ("Article", f"{tmp_path}/ok.txt")]
    assert items[0].code == UnreadableError.code  # type: ignore[union-attr]
    assert "Permission denied" in items[0].reason  # type: ignore[union-attr]


def test_hidden_entries_are_skipped_with_a_reason(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref", "utf-8")
    (tmp_path / ".draft.txt").write_text(BODY, "utf-8")
    items = list(walk(tmp_path))
    assert [(type(i).__name__, getattr(i, "detail", "")) for i in items] == [
        ("Skipped", "hidden file"),
        ("Skipped", "hidden directory"),
    ]


def test_same_article_twice_is_a_duplicate(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BODY, "utf-8")
    (tmp_path / "b.txt").write_text(BODY, "utf-8")
    items = list(read_path(tmp_path))
    assert isinstance(items[1], Skipped) and items[1].why == "duplicate"
    assert str(tmp_path / "a.txt") in items[1].detail
    assert len(list(read_path(tmp_path, dedupe=False))) == 2


def test_jsonl_streams_line_by_line_with_each_line_bounded(tmp_path: Path) -> None:
    lines = [json.dumps({"text": f"{BODY} Item {i}."}) for i in range(3)]
    lines.insert(1, json.dumps({"text": "x" * 500}))
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(lines) + "\n\n", "utf-8")
    items = list(read_path(feed, max_bytes=300))
    assert _kinds(items) == [
        ("Article", f"{feed}:1"),
        ("SetAside", f"{feed}:2"),
        ("Article", f"{feed}:3"),
        ("Article", f"{feed}:4"),
        ("Skipped", f"{feed}:5"),
    ]
    assert items[1].code == TooLargeError.code  # type: ignore[union-attr]
    # The whole feed is larger than the limit: only lines are bounded.
    assert feed.stat().st_size > 300


def test_stdin_json_lines_stream_and_plain_text() -> None:
    reader = Reader()
    feed = b"\n" + b"\n".join(json.dumps({"text": f"{BODY} {i}."}).encode() for i in range(3))
    items = list(reader.read([Stream(io.BytesIO(feed))]))
    assert _kinds(items) == [
        ("Skipped", "<stdin>:1"),
        ("Article", "<stdin>:2"),
        ("Article", "<stdin>:3"),
        ("Article", "<stdin>:4"),
    ]
    text = Reader().read([Stream(io.BytesIO(f"Title: T\n\n{BODY}".encode()), name="-")])
    (article,) = list(text)
    assert isinstance(article, Article) and article.title == "T"
    assert reader.bytes_read == len(feed)


def test_stream_is_bounded() -> None:
    items = list(Reader(ReadOptions(max_bytes=100)).read([Stream(io.BytesIO(b"x " * 200))]))
    assert isinstance(items[0], SetAside) and items[0].code == TooLargeError.code


@pytest.mark.parametrize("field", ["text", "title", "source"])
def test_lone_surrogates_are_an_input_error(field: str) -> None:
    record = {"text": BODY, field: "ok SURROGATE broken"}
    raw = json.dumps(record).replace("SURROGATE", "\\ud83d")  # a JSON escape, unpaired
    items = list(read_bytes(raw.encode(), where="s.jsonl", suffix=".jsonl"))
    assert isinstance(items[0], SetAside) and items[0].code == InvalidTextError.code
    assert repr(field) in items[0].reason


def test_deep_json_is_an_input_error() -> None:
    deep = ("[" * 200_000 + "]" * 200_000).encode()
    with pytest.raises(NestingError):
        list(read_bytes(deep, where="deep.json", suffix=".json"))
    items = list(read_bytes(b'{"text": "a"}\n' + deep + b"\n", where="f.jsonl", suffix=".jsonl"))
    assert isinstance(items[1], SetAside) and items[1].code == NestingError.code


def test_metadata_is_normalised_like_the_text() -> None:
    record = {
        "title": "Talks\n# Injected heading\x1b[31m \u202eevil\u202c",
        "source": "Wire | Agency\r\n<b>",
        "author": "\x00Jane\tRoe\u200f",
        "url": " https://example.org/a\n",
        "text": BODY,
    }
    (article,) = list(read_bytes(json.dumps(record).encode(), where="m.json", suffix=".json"))
    assert isinstance(article, Article)
    assert article.title == "Talks # Injected heading [31m evil"
    assert article.source == "Wire | Agency <b>"
    assert article.author == "Jane Roe"
    assert article.url == "https://example.org/a"
    assert article.text.startswith(article.title + "\n\n")


def test_text_loses_bidi_controls_and_c1_controls() -> None:
    (article,) = list(read_bytes("Baku\u202e said\u0085 it.".encode(), where="t.txt"))
    assert isinstance(article, Article) and article.text == "Baku said it."


def test_origin_formats() -> None:
    assert str(Origin("a.jsonl", line=3)) == "a.jsonl:3"
    assert str(Origin("a.json", record=0)) == "a.json[0]"
    assert Origin("a.txt").to_dict() == {"path": "a.txt", "line": None, "record": None}

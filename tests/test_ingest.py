from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from casus.errors import (
    BinaryInputError,
    DateFormatError,
    EmptyInputError,
    NotFoundError,
    RecordError,
    TooLargeError,
)
from casus.ingest import detect_format, read_bytes, read_path
from casus.model import Article, Origin, SetAside, Skipped


def _one(data: bytes, suffix: str = ".txt") -> Article:
    items = list(read_bytes(data, where="test", suffix=suffix))
    assert len(items) == 1 and isinstance(items[0], Article)
    return items[0]


def test_plain_text_headers() -> None:
    article = _one(
        b"Title: Talks in Baku\nBy Jane Roe\nDate: 2025-07-01\nSource: Wire\n"
        b"URL: https://example.org/a\n\nBAKU, July 1 - Talks began."
    )
    assert article.title == "Talks in Baku"
    assert article.author == "Jane Roe"
    assert article.published == date(2025, 7, 1)
    assert article.source == "Wire" and article.url == "https://example.org/a"
    assert article.text.startswith("Title: Talks in Baku")
    assert article.text[: article.header_end].endswith("URL: https://example.org/a")


def test_text_without_headers() -> None:
    article = _one(b"Whose Caucasus?\n\nAuthor:\n\nSomeone\n\nBody text.")
    assert article.title is None and article.header_end == 0


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        ("Президент России заявил, что Москва готова к диалогу с Баку.", "cp1251"),
        ("Президент России заявил, что Москва готова к диалогу с Баку.", "koi8_r"),
        ("Title: Kremlin\n\nThe spokesman Дмитрий Песков said Moscow valued ties.", "cp1251"),
        ("Le président a parlé à l'Élysée après la réunion de Bakou.", "cp1252"),
        ("Cumhurbaşkanı Erdoğan, Bakü'de Aliyev ile görüştü.", "cp1254"),
    ],
)
def test_legacy_encodings_are_decoded_not_mojibake(raw: str, encoding: str) -> None:
    article = _one(raw.encode(encoding))
    assert article.text == raw


def test_utf16_with_bom() -> None:
    assert _one("Баку и Москва".encode("utf-16")).text == "Баку и Москва"


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"", EmptyInputError),
        (b"   \n\n ", EmptyInputError),
        (b"%PDF-1.7 binary", BinaryInputError),
        (b"\x89PNG\r\n\x1a\n....", BinaryInputError),
        (b"abc\x00\x00\x01def", BinaryInputError),
    ],
)
def test_bad_input_raises_one_line_error(data: bytes, error: type[Exception]) -> None:
    with pytest.raises(error) as info:
        list(read_bytes(data, where="bad.txt"))
    assert "\n" not in str(info.value) and "bad.txt" in str(info.value)


def test_too_large() -> None:
    with pytest.raises(TooLargeError):
        list(read_bytes(b"x" * 101, where="big.txt", max_bytes=100))


def test_bad_header_date() -> None:
    with pytest.raises(DateFormatError):
        list(read_bytes(b"Title: X\nDate: yesterday-ish\n\nBody.", where="d.txt"))


def test_json_record_and_malformed_json() -> None:
    record = {"title": "T", "text": "Body one.\n\nBody two.", "date": "2025-06-30", "url": "u"}
    article = _one(json.dumps(record).encode(), ".json")
    assert article.text == "T\n\nBody one.\n\nBody two."
    assert article.published == date(2025, 6, 30)
    with pytest.raises(RecordError, match="line 1"):
        list(read_bytes(b'{"text": "x",', where="r.json", suffix=".json"))
    with pytest.raises(RecordError, match="text"):
        list(read_bytes(b'{"title": "no text"}', where="r.json", suffix=".json"))


def test_jsonl_sets_aside_bad_lines_and_goes_on() -> None:
    data = b'{"text": "First."}\n{broken\n\n{"title": "x"}\n{"text": "Fourth."}\n'
    items = list(read_bytes(data, where="f.jsonl", suffix=".jsonl"))
    kinds = [type(i).__name__ for i in items]
    assert kinds == ["Article", "SetAside", "Skipped", "SetAside", "Article"]
    rejected = [i for i in items if isinstance(i, SetAside)]
    assert str(rejected[0].origin) == "f.jsonl:2" and "malformed JSON" in rejected[0].reason
    assert rejected[0].code == "E106"
    assert str(rejected[1].origin) == "f.jsonl:4"
    assert items[2] == Skipped(Origin("f.jsonl", line=3), "blank line")
    assert [i.origin.line for i in items if isinstance(i, Article)] == [1, 5]


def test_html_through_trafilatura() -> None:
    paragraphs = "".join(
        f"<p>Paragraph {i} says that the delegations met in Baku to discuss the border "
        f"and the transit route, officials said on Monday.</p>"
        for i in range(5)
    )
    html = (
        "<html><head><title>Talks resume</title>"
        '<meta name="author" content="Jane Roe">'
        '<meta property="article:published_time" content="2025-08-08T10:00:00Z">'
        "</head><body><nav><a href='/'>Home</a><a href='/w'>World</a></nav>"
        f"<article><h1>Talks resume</h1>{paragraphs}</article>"
        "<footer>Copyright 2025 Example</footer></body></html>"
    )
    article = _one(html.encode(), ".html")
    assert article.fmt == "html"
    assert "Paragraph 3 says" in article.text
    assert "Home" not in article.text
    assert article.published == date(2025, 8, 8)


def test_detect_format_by_content() -> None:
    assert detect_format("<!DOCTYPE html><html>") == "html"
    assert detect_format('{"text": "a"}') == "json"
    assert detect_format('{"text": "a"}\n{"text": "b"}') == "jsonl"
    assert detect_format("[1]") == "json"
    assert detect_format("Plain words") == "text"


def test_directory_batch_sets_aside_bad_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Good article text.", "utf-8")
    (tmp_path / "b.bin").write_bytes(b"\x00\x01\x02\x03")
    (tmp_path / "c.json").write_text("{not json", "utf-8")
    (tmp_path / ".hidden").write_text("ignored", "utf-8")
    items = list(read_path(tmp_path))
    assert [type(i).__name__ for i in items] == ["Skipped", "Article", "SetAside", "SetAside"]
    assert isinstance(items[0], Skipped) and items[0].why == "hidden"


def test_missing_path_is_set_aside() -> None:
    items = list(read_path("/nonexistent/file.txt"))
    assert len(items) == 1 and isinstance(items[0], SetAside)
    assert items[0].code == NotFoundError.code and "no such file" in items[0].reason

"""Generated hostile inputs, end to end: whatever bytes a JSON Lines feed or a text
file holds (lone surrogates, markup, control and bidi characters), reading never raises
anything but a set-aside, and every registered output format renders what is read."""

from __future__ import annotations

import io
import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casus import analyze_many
from casus.errors import InvalidTextError
from casus.ingest import Reader, Stream
from casus.model import Analysis, Article, BatchSummary, SetAside, Skipped
from casus.render import format_names, open_writer

from .conftest import REPO

NASTY = st.sampled_from(
    [
        "\ud800",
        "\udfff",
        "\x1b[31m",
        "\x1b]0;t\x07",
        "\u202e",
        "\u2066",
        "[/b]",
        "[bold]",
        "<script>",
        "&lt;img onerror=x&gt;",
        "](javascript:x)",
        "`",
        "|",
        "\n# ",
        "\x00",
        "\x85",
        "\r",
    ]
)
TEXT = st.lists(
    st.one_of(NASTY, st.text(max_size=12), st.sampled_from(["Baku", "Moscow", " said ", ". "])),
    max_size=25,
).map("".join)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _jsonl(records: list[dict[str, str]]) -> bytes:
    # json.dumps escapes lone surrogates as \udXXX: exactly what a broken feed carries
    return "\n".join(json.dumps(r) for r in records).encode("utf-8")


def _render_everything(items: list[object]) -> None:
    for name in format_names():
        stream = io.StringIO()
        writer = open_writer(name, stream)
        for item in items:
            if isinstance(item, SetAside):
                writer.set_aside(item)
            elif isinstance(item, Analysis):
                writer.write(item)
        writer.close(BatchSummary(analysed=sum(isinstance(i, Analysis) for i in items)))
        out = stream.getvalue()
        assert "\x1b" not in out and "\u202e" not in out and "\x00" not in out


@SETTINGS
@given(st.lists(st.tuples(TEXT, TEXT, TEXT), min_size=1, max_size=3))
def test_any_feed_is_read_analysed_and_rendered(fields: list[tuple[str, str, str]]) -> None:
    records = [{"text": t, "title": ti, "source": so} for t, ti, so in fields]
    feed = Stream(io.BytesIO(_jsonl(records)), name="feed.jsonl")
    items = list(analyze_many(feed, dedupe=False))
    assert len(items) == len(records)  # one result per line, whatever it held
    for record, item in zip(records, items, strict=True):
        # a high and a low surrogate side by side are one character once JSON reads them
        read = json.loads(json.dumps(record))
        broken = any("\ud800" <= ch <= "\udfff" for v in read.values() for ch in v)
        if broken:
            assert isinstance(item, SetAside) and item.code == InvalidTextError.code
        assert not (isinstance(item, SetAside) and item.kind == "internal"), item
    _render_everything(items)


@SETTINGS
@given(TEXT)
def test_any_plain_text_is_read_or_set_aside(text: str) -> None:
    data = text.encode("utf-8", "surrogatepass")
    items = list(Reader().read([Stream(io.BytesIO(data), name="t.txt")]))
    assert len(items) == 1
    item = items[0]
    assert isinstance(item, Article | SetAside | Skipped)
    if isinstance(item, Article):
        assert not any(ch in item.text for ch in "\x1b\u202e\u2066\x00\x85\r")


def test_progress_bar_on_a_terminal_and_quiet_otherwise(tmp_path: Path) -> None:
    """On a terminal standard error gets a progress bar; piped or with --quiet, none."""
    for i in range(6):
        (tmp_path / f"{i}.txt").write_text(f"Moscow and Baku held talks on day {i}.", "utf-8")
    args = [sys.executable, "-m", "casus", "analyze", str(tmp_path), "-f", "json"]

    def on_terminal(extra: list[str]) -> str:
        leader, follower = pty.openpty()
        process = subprocess.Popen(
            [*args, *extra], stdout=subprocess.DEVNULL, stderr=follower, cwd=REPO
        )
        os.close(follower)
        chunks = []
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            ready, _, _ = select.select([leader], [], [], 1.0)
            if ready:
                try:
                    chunk = os.read(leader, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                chunks.append(chunk)
            elif process.poll() is not None:
                break
        process.wait(timeout=60)
        os.close(leader)
        return b"".join(chunks).decode("utf-8", "replace")

    shown = on_terminal([])
    assert "articles" in shown and "set aside" in shown  # the bar's columns
    assert "6 inputs: analysed 6" in shown
    quiet = on_terminal(["--quiet"])
    assert "articles" not in quiet and "6 inputs: analysed 6" in quiet
    piped = subprocess.run(args, capture_output=True, text=True, cwd=REPO, check=True)
    assert piped.stderr == "casus: 6 inputs: analysed 6, set aside 0, skipped 0\n"

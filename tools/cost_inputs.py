"""Write the inputs that showed analysis time growing faster than article length.

    python tools/cost_inputs.py OUT_DIR
    for f in OUT_DIR/*.txt; do
        /usr/bin/time -f "%U+%S s CPU, %M KB peak: $f" \\
            .venv/bin/casus analyze "$f" -f json -o "$f.json"
    done

Five files: one sample article repeated 1,000 times (2.9 MB), 100 KB of text without
punctuation, 11,000 short header-like lines, 11,000 short headline-like lines, and the
bundled text samples concatenated to just under the 5 MB input limit. The README's
before/after table ("Linear in article length") was measured on exactly these files.
"""

from __future__ import annotations

import sys
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "articles"
LIMIT = 4_990_000  # bytes: under casus's default --max-bytes (5,000,000)


def _body(path: Path) -> str:
    text = path.read_text("utf-8")
    head, _, body = text.partition("\n\n")
    return body if body and head.startswith("Title:") else text


def repeated(times: int) -> str:
    body = _body(SAMPLES / "01-aktau-crash.txt")
    return "Title: Repeated\n\n" + "\n\n".join(body for _ in range(times))


def unpunctuated(kilobytes: int) -> str:
    clause = (
        "Russia attacked Ukraine near Kharkiv on Monday and Azerbaijan said Armenia "
        "shelled Syunik and "
    )
    size = kilobytes * 1024
    return (clause * (size // len(clause) + 1))[:size]


def header_lines(count: int) -> str:
    lines = [
        "Title: Russia and Azerbaijan talks",
        "Author: Rena Guliyeva",
        "Date: 2024-12-26",
        "Source: Caspian Wire",
        "URL: https://example.org/a",
        "By Daniyar Seitkali",
    ]
    header = "\n".join(lines[i % len(lines)] for i in range(count))
    return header + "\n\nRussia said talks would continue."


def short_lines(count: int) -> str:
    lines = [
        "Russia warns Azerbaijan",
        "Photo: Reuters",
        "Read more",
        "Baku, June 3",
        "By Rena Guliyeva",
        "Kremlin says talks to continue",
        "ADVERTISEMENT",
    ]
    return "\n".join(lines[i % 8] if i % 8 < 7 else f"Update {i}" for i in range(count))


def five_megabytes() -> str:
    bodies = [_body(path) for path in sorted(SAMPLES.glob("*.txt"))]
    text = "Title: Mixed\n\n" + "\n\n".join(bodies[i % len(bodies)] for i in range(1700))
    while len(text.encode("utf-8")) > LIMIT:
        text = text.rsplit("\n\n", 1)[0]
    return text


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit("usage: python tools/cost_inputs.py OUT_DIR")
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    files = {
        "repeated-article-x1000.txt": repeated(1000),
        "unpunctuated-100kb.txt": unpunctuated(100),
        "header-lines-11000.txt": header_lines(11000),
        "short-lines-11000.txt": short_lines(11000),
        "article-5mb.txt": five_megabytes(),
    }
    for name, text in files.items():
        (out / name).write_text(text, "utf-8")
        print(f"{out / name}: {len(text.encode('utf-8')):,} bytes")


if __name__ == "__main__":
    main()

"""The Markdown batch report: an overview first, then an index of the articles, then
each article's detail.

The writer keeps only running counters (:class:`~casus.render.tally.Tally`); the index
rows and the per-article sections are spooled to temporary files as each analysis
arrives, and :meth:`MarkdownWriter.close` writes the overview followed by the spools, so
memory stays flat however many articles a batch has."""

from __future__ import annotations

import tempfile
from collections import Counter
from typing import IO, TextIO

from ..errors import OutputError
from ..model import Analysis, BatchSummary, SetAside
from .common import MAX_LISTED, Piece, copy_out, flush_out, rendered, snippet, write_out
from .escape import md_code, md_text, one_line
from .markdown import Md, article_section, md_table
from .tally import ArticleFacts, Tally

__all__ = ["FACTUALITY_ORDER", "MarkdownPreparer", "MarkdownWriter", "index_row", "overview"]

FACTUALITY_ORDER = ("asserted", "reported", "future", "hypothetical", "negated")
_TOP_OUTLETS = 25
_TOP_DYADS = 15
_TOP_TYPES = 12
_TOP_ACTORS = 15
_TOP_PLACES = 10
_INDEX_HEADERS = ["#", "title", "outlet", "published", "genre", "events", "claims"]


def _plural(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def _share(n: int, total: int) -> str:
    return f"{100 * n / total:.0f}%" if total else "—"


def _counted(title: str, label: str, counts: Counter[str], top: int) -> list[str]:
    """A ``label | articles | share`` table of the ``top`` commonest values."""
    total = counts.total()
    rows: list[list[object]] = [[k, f"{n:,}", _share(n, total)] for k, n in counts.most_common(top)]
    rest = len(counts) - len(rows)
    if rest > 0:
        n = total - sum(c for _, c in counts.most_common(top))
        rows.append([f"{rest:,} more", f"{n:,}", _share(n, total)])
    return ["", f"### {title}", "", *md_table([label, "articles", "share"], rows)]


def _headline(tally: Tally, summary: BatchSummary) -> list[str]:
    skipped = f"{summary.skipped_total:,} skipped"
    if summary.skipped:
        skipped += " (" + ", ".join(f"{md_text(why)} {n:,}" for why, n in summary.skipped) + ")"
    counts = f"**{_plural(summary.analysed, 'article', 'articles')} analysed**"
    counts += f" of {_plural(summary.seen, 'input', 'inputs')}; "
    counts += f"{summary.set_aside:,} set aside; {skipped}."
    span = "No publication dates known."
    if tally.first_published is not None:
        first, last = md_text(tally.first_published), md_text(tally.last_published)
        span = f"Published {first}" + (f" to {last}" if last != first else "")
        span += f" ({tally.undated:,} without a date)." if tally.undated else "."
    found = f"Found {_plural(tally.events, 'event', 'events')}, "
    found += f"{_plural(tally.claims, 'claim', 'claims')} and "
    found += (
        f"{_plural(tally.fragments.total(), 'untranslated fragment', 'untranslated fragments')}."
    )
    return [counts, "", span, found]


def _dyads(tally: Tally) -> list[str]:
    out = ["", "### Busiest dyads", ""]
    if not tally.dyads:
        return [*out, "No event has both a coded source and a coded target."]
    out.append(
        "Events whose source and target are both coded, as directed pairs "
        "(source → target; the reverse direction is its own row, and a two-way act "
        "counts in both)."
    )
    rows: list[list[object]] = []
    for pair, n in tally.dyads.most_common(_TOP_DYADS):
        kinds = ", ".join(f"{kind} {k:,}" for kind, k in tally.dyad_top_types(pair))
        rows.append([f"{pair[0]} → {pair[1]}", f"{n:,}", kinds])
    out += ["", *md_table(["dyad", "events", "commonest event types"], rows)]
    rest = len(tally.dyads) - len(rows)
    if rest > 0:
        out += ["", f"{rest:,} other dyads are not listed."]
    return out


def _factuality(tally: Tally) -> list[str]:
    out = ["", "### Events: asserted or not", ""]
    total = tally.factuality.total()
    if not total:
        return [*out, "No events."]
    out.append(
        "*asserted*: the article states the event as fact; *reported*: it attributes it to "
        "someone; *future*, *hypothetical*, *negated*: announced, conditional or denied."
    )
    order = [f for f in FACTUALITY_ORDER if f in tally.factuality]
    order += sorted(set(tally.factuality) - set(FACTUALITY_ORDER))
    rows = [[f, f"{tally.factuality[f]:,}", _share(tally.factuality[f], total)] for f in order]
    return [*out, "", *md_table(["factuality", "events", "share"], rows)]


def _event_types(tally: Tally) -> list[str]:
    if not tally.event_types:
        return []
    total = tally.event_types.total()
    rows: list[list[object]] = [
        [kind, f"{n:,}", _share(n, total)] for kind, n in tally.event_types.most_common(_TOP_TYPES)
    ]
    rest = len(tally.event_types) - len(rows)
    out = ["", "### Event types", "", *md_table(["PLOVER type", "events", "share"], rows)]
    return out + (["", f"{rest:,} other types are not listed."] if rest > 0 else [])


def _actors(tally: Tally) -> list[str]:
    if not tally.actor_mentions:
        return []
    rows = [
        [name, f"{n:,}", f"{tally.actor_articles[name]:,}"]
        for name, n in tally.actor_mentions.most_common(_TOP_ACTORS)
    ]
    out = ["", "### Most mentioned actors", ""]
    return [*out, *md_table(["actor (code)", "mentions", "articles"], rows)]


def _locations(tally: Tally) -> list[str]:
    if not tally.locations:
        return []
    total = tally.locations.total()
    rows = [[place, f"{n:,}"] for place, n in tally.locations.most_common(_TOP_PLACES)]
    out = ["", "### Where events happen", ""]
    out.append(f"{_plural(total, 'event has', 'events have')} a place; the commonest:")
    return [*out, "", *md_table(["place (country)", "events"], rows)]


def _fragments(tally: Tally) -> list[str]:
    total = tally.fragments.total()
    if not total:
        return []
    rows = [[lang, f"{n:,}"] for lang, n in tally.fragments.most_common()]
    out = ["", "### Untranslated fragments", ""]
    out.append(f"{_plural(total, 'fragment', 'fragments')} in a language other than the article's.")
    return [*out, "", *md_table(["language", "fragments"], rows)]


def _set_aside(tally: Tally, summary: BatchSummary) -> list[str]:
    count = max(summary.set_aside, tally.set_aside_noted)
    if not count:
        return []
    out = ["", f"### Set aside ({count:,})", ""]
    out.append("Inputs that were not analysed, with the reason and its code.")
    rows = [
        [x.origin, snippet(x.reason, 160), Md(md_code(x.code, cell=True)), x.kind]
        for x in tally.set_aside
    ]
    out += ["", *md_table(["input", "reason", "code", "whose"], rows)]
    if count > len(rows):
        out += ["", f"{count - len(rows):,} more are not listed (only the first {MAX_LISTED})."]
    return out


def overview(tally: Tally, summary: BatchSummary, *, title: str = "casus report") -> str:
    """The report's opening: what the batch holds, by outlet, genre, dyad and
    factuality, and what was set aside."""
    out = [f"# {md_text(title)}", "", *_headline(tally, summary), "", "## Overview"]
    if tally.articles:
        out += _counted("Articles by outlet", "outlet", tally.outlets, _TOP_OUTLETS)
        out += _counted("Articles by genre", "genre", tally.genres, _TOP_OUTLETS)
        if len(tally.languages) > 1:
            out += _counted("Articles by language", "language", tally.languages, _TOP_OUTLETS)
        out += _dyads(tally) + _factuality(tally) + _event_types(tally)
        out += _actors(tally) + _locations(tally) + _fragments(tally)
    else:
        out += ["", "No article was analysed."]
    out += _set_aside(tally, summary)
    return "\n".join(out) + "\n"


def index_row(analysis: Analysis, number: int) -> str:
    """One line of the articles' index table."""
    a = analysis.article
    cells = [
        number,
        snippet(a.title, 80) or "Untitled article",
        snippet(a.source, 40) or "unknown",
        snippet(a.published, 40) or "unknown",
        a.genre,
        len(analysis.events),
        len(analysis.claims),
    ]
    return md_table(_INDEX_HEADERS, [cells])[2] + "\n"


def _spool() -> IO[str]:
    try:
        return tempfile.TemporaryFile("w+", encoding="utf-8", newline="")
    except OSError as exc:
        raise OutputError(f"cannot open a temporary file for the report: {one_line(exc)}") from exc


_NUMBER_CELL = "| 0 |"
"""The index row's first cell as rendered by the preparer; the writer puts the
article's number there."""


class MarkdownPreparer:
    """Renders one analysis for the batch report: its index row and its section (both
    without the article's number, which only the writer knows), and its counts for the
    overview. Picklable: no state."""

    def __call__(self, analysis: Analysis) -> Piece:
        def render() -> Piece:
            row = index_row(analysis, 0)
            section = article_section(analysis, level=2)
            return Piece(analysis.origin, (row, section), ArticleFacts.of(analysis))

        return rendered(render, analysis, "Markdown")


def _numbered(section: str, number: int) -> str:
    heading, _, rest = section.partition("\n")
    return f"## {number}. {heading.removeprefix('## ')}\n{rest}"


def _promoted(section: str) -> str:
    """A batch section as a report of its own: every heading one level up. Only casus's
    own headings start a line with ``#``: article text is escaped."""
    return "\n".join(line[1:] if line.startswith("#") else line for line in section.split("\n"))


class MarkdownWriter:
    """The ``md`` report: overview, index of articles, per-article detail. A batch of
    one input and one article gives that article's report alone, without an overview."""

    def __init__(self, stream: TextIO, *, title: str = "casus report") -> None:
        self._stream = stream
        self._title = title
        self._tally = Tally()
        self._index: IO[str] | None = None
        self._details: IO[str] | None = None
        self._first: str | None = None
        """The first article's section, kept until a second arrives (for a report of one)."""

    def preparer(self) -> MarkdownPreparer:
        return MarkdownPreparer()

    def write(self, analysis: Analysis) -> None:
        self.write_prepared(MarkdownPreparer()(analysis))

    def write_prepared(self, piece: Piece) -> None:
        row, section = piece.parts
        number = self._tally.articles + 1
        self._first = section if number == 1 else None
        if self._index is None or self._details is None:
            self._index, self._details = _spool(), _spool()
        write_out(self._index, row.replace(_NUMBER_CELL, f"| {number} |", 1))
        write_out(self._details, "\n" + _numbered(section, number))
        self._tally.add(piece.facts)

    def set_aside(self, item: SetAside) -> None:
        self._tally.note(item)

    def close(self, summary: BatchSummary) -> None:
        if self._first is not None and summary.seen == 1:
            write_out(self._stream, _promoted(self._first))
            flush_out(self._stream)
            return
        write_out(self._stream, overview(self._tally, summary, title=self._title))
        if self._index is not None and self._details is not None:
            head = md_table(_INDEX_HEADERS, [])
            write_out(self._stream, "\n## Articles\n\n" + "\n".join(head) + "\n")
            for spool in (self._index, self._details):
                copy_out(spool, self._stream)
                spool.close()
            self._index = self._details = None
        flush_out(self._stream)

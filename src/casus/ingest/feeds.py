"""RSS 2.0 and Atom 1.0 feed files: one article per ``<item>`` or ``<entry>``.

A feed is untrusted XML, so it is parsed with everything that reaches outside the
document switched off: no DTD is loaded, no entity is expanded (an entity reference is
dropped, never replaced by a file's or a URL's content), nothing is fetched from the
network, and libxml2's limits on depth and entity amplification stay on. A document
that breaks any of this is set aside as a :class:`~casus.errors.FeedError`.

Item bodies (``content:encoded``, ``description``, Atom ``content`` and ``summary``) are
usually HTML; they become plain text, one paragraph per block separated by blank lines,
without scripts, styles or tags. An item without text is set aside and the rest of the
feed goes on; an unreadable date leaves the date unknown rather than losing the item.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from datetime import date
from email.utils import parseaddr, parsedate_to_datetime
from typing import Any

from ..errors import DateFormatError, EmptyInputError, FeedError, InputError
from ..model import Article, Origin, SetAside
from .formats import _compose, _meta, parse_date, set_aside

__all__ = ["html_to_text", "is_feed", "read_feed"]

ATOM = "http://www.w3.org/2005/Atom"
_CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
_DC = "{http://purl.org/dc/elements/1.1/}"
_A = f"{{{ATOM}}}"

_SPACE_RE = re.compile(r"\s*")
_SUBSET_END_RE = re.compile(r"\]\s*>")
_ROOT_RE = re.compile(r"<(rss|(?:[\w.-]+:)?feed)\b([^>]*)>")
_HEAD = 65_536
"""How far into a document its root element is looked for (past declarations,
comments and a document type declaration)."""
_TAG_RE = re.compile(r"<[A-Za-z!/?]")
_POSITION_RE = re.compile(r",\s*line \d+, column \d+\s*$")

_BLOCKS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6"
    " header hr li main ol p pre section table td th tr ul".split()
)
_DROPPED = frozenset(
    "script style noscript template iframe object embed svg canvas head form button".split()
)


def is_feed(text: str) -> bool:
    """Is the document's root element ``<rss>``, or an Atom ``<feed>``?"""
    head = text[:_HEAD].lstrip("\ufeff")
    pos = _root_start(head)
    root = _ROOT_RE.match(head, pos) if pos >= 0 else None
    if root is None:
        return False
    return root[1] == "rss" or ATOM in root[2]


def _root_start(head: str) -> int:
    """Where the root element starts, past declarations, comments, processing
    instructions and a document type declaration (-1 when one of them never ends)."""
    pos = 0
    while True:
        space = _SPACE_RE.match(head, pos)
        pos = space.end() if space else pos
        if head.startswith("<?", pos):
            end = head.find("?>", pos + 2)
            pos = end + 2 if end >= 0 else -1
        elif head.startswith("<!--", pos):
            end = head.find("-->", pos + 4)
            pos = end + 3 if end >= 0 else -1
        elif head[pos : pos + 9].upper() == "<!DOCTYPE":
            pos = _doctype_end(head, pos)
        else:
            return pos
        if pos < 0:
            return -1


def _doctype_end(head: str, pos: int) -> int:
    """Just past a ``<!DOCTYPE ...>`` starting at ``pos``, with its internal subset."""
    close = head.find(">", pos)
    bracket = head.find("[", pos)
    if 0 <= bracket < close:
        subset = _SUBSET_END_RE.search(head, bracket)
        return subset.end() if subset else -1
    return close + 1 if close >= 0 else -1


def _parse(raw: str, where: str) -> Any:
    """The document's root element, parsed with nothing resolved or fetched."""
    from lxml import etree

    parser = etree.XMLParser(
        encoding="utf-8",  # the text is already decoded: a declared encoding no longer applies
        resolve_entities=False,
        load_dtd=False,
        dtd_validation=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        strip_cdata=True,
    )
    try:
        root = etree.fromstring(raw.encode("utf-8", "replace"), parser)
    except etree.XMLSyntaxError as exc:
        line, column = exc.position
        reason = _POSITION_RE.sub("", str(exc.msg)) or "not well-formed"
        raise FeedError(
            f"malformed feed at line {line}, column {column}: {reason}", where=where
        ) from None
    if root is None:
        raise FeedError("malformed feed: no root element", where=where)
    etree.strip_elements(root, etree.Entity, with_tail=False)  # unresolved: never text
    return root


def read_feed(raw: str, *, origin: Origin) -> Iterator[Article | SetAside]:
    """Every item of an RSS 2.0 or Atom 1.0 feed; a bad item is set aside."""
    where = str(origin)
    root = _parse(raw, where)
    build: Callable[[Any, Any], dict[str, Any]]
    if root.tag == "rss":
        channel = root.find("channel")
        if channel is None:
            raise FeedError("RSS feed without a <channel>", where=where)
        items, source = channel.findall("item"), _rss_title(channel.find("title"))
        build, fmt = _rss_item, "rss"
    elif root.tag == f"{_A}feed":
        items, source = root.findall(f"{_A}entry"), _atom_text(root.find(f"{_A}title"))
        build, fmt = _atom_entry, "atom"
    else:
        name = str(root.tag).rpartition("}")[2]
        raise FeedError(f"not an RSS or Atom feed (the root element is <{name}>)", where=where)
    if not items:
        raise EmptyInputError("feed has no items", where=where)
    for index, item in enumerate(items):
        item_origin = Origin(origin.path, record=index)
        try:
            fields = build(item, root)
            yield _article(fields, source=source, origin=item_origin, fmt=fmt)
        except InputError as exc:
            yield set_aside(item_origin, exc)


def _article(fields: dict[str, Any], *, source: str, origin: Origin, fmt: str) -> Article:
    body = str(fields["body"] or "")
    if not body.strip():
        raise EmptyInputError("feed item has no text", where=str(origin))
    title = _meta(fields["title"])
    return Article(
        text=_compose(title, body),
        title=title,
        author=_meta(fields["author"]),
        published=fields["published"],
        url=_meta(fields["url"]),
        source=_meta(source),
        origin=origin,
        fmt=fmt,
    )


def _rss_item(item: Any, root: Any) -> dict[str, Any]:
    del root  # an RSS item carries all it has
    body = ""
    for element in (item.find(_CONTENT), item.find("description")):
        body = _rss_body(element)
        if body.strip():
            break
    return {
        "title": _rss_title(item.find("title")),
        "body": body,
        "url": _text(item.find("link")) or _permalink(item.find("guid")),
        "published": _published(item.findtext("pubDate"), item.findtext(f"{_DC}date")),
        "author": _person(_text(item.find("author"))) or _text(item.find(f"{_DC}creator")),
    }


def _atom_entry(entry: Any, root: Any) -> dict[str, Any]:
    body = ""
    content = entry.find(f"{_A}content")
    if content is not None and not content.get("src"):
        body = _atom_text(content)
    if not body.strip():
        body = _atom_text(entry.find(f"{_A}summary"))
    author = entry.findtext(f"{_A}author/{_A}name") or root.findtext(f"{_A}author/{_A}name")
    return {
        "title": _atom_text(entry.find(f"{_A}title")),
        "body": body,
        "url": _alternate(entry),
        "published": _published(entry.findtext(f"{_A}published"), entry.findtext(f"{_A}updated")),
        "author": author,
    }


def _text(element: Any) -> str:
    """An element's text content, markup ignored."""
    return "" if element is None else "".join(element.itertext()).strip()


def _rss_title(element: Any) -> str:
    return html_to_text(_text(element))


def _rss_body(element: Any) -> str:
    """An RSS body: escaped (or CDATA) HTML as usual, or, in a sloppy feed, raw markup."""
    if element is None:
        return ""
    if len(element):
        return _markup_text(element)
    return html_to_text(element.text or "")


def _atom_text(element: Any) -> str:
    """An Atom text construct or content by its ``type``; other media types have no text."""
    if element is None:
        return ""
    kind = (element.get("type") or "text").strip().lower()
    if kind in {"xhtml", "application/xhtml+xml"}:
        return _markup_text(element)
    if kind in {"html", "text/html"}:
        return html_to_text(_text(element))
    if kind in {"text", "text/plain"}:
        return "".join(element.itertext())
    return ""


def _permalink(guid: Any) -> str:
    if guid is None or guid.get("isPermaLink", "true").strip().lower() == "false":
        return ""
    value = _text(guid)
    return value if value.lower().startswith(("http://", "https://")) else ""


def _alternate(entry: Any) -> str:
    for link in entry.findall(f"{_A}link"):
        if (link.get("rel") or "alternate").strip() == "alternate" and link.get("href"):
            return str(link.get("href")).strip()
    return ""


def _person(value: str) -> str:
    """``jane@example.org (Jane Doe)``, as RSS writes an author, is Jane Doe."""
    if "@" not in value:
        return value
    name, address = parseaddr(value)
    return name or address or value


def _published(*values: str | None) -> date | None:
    """The first date that reads (RFC 822, then ISO 8601 or a written form), or None."""
    for value in values:
        if not value or not value.strip():
            continue
        try:
            return parsedate_to_datetime(value.strip()).date()
        except (TypeError, ValueError, IndexError, OverflowError):
            pass
        try:
            return parse_date(value, where="")
        except DateFormatError:
            continue
    return None


def html_to_text(markup: str) -> str:
    """Plain text of an HTML fragment: one paragraph per block, blank lines between,
    scripts and styles dropped, entities unescaped. Text without tags is only unescaped."""
    if not _TAG_RE.search(markup):
        return html.unescape(markup)
    from lxml import etree
    from lxml.html import HTMLParser, document_fromstring

    parser = HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True)
    try:
        root = document_fromstring(markup.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, ValueError):
        return ""
    return _markup_text(root)


def _markup_text(root: Any) -> str:
    """The text inside an element of HTML or XHTML markup, by paragraph."""
    from lxml import etree

    paragraphs: list[str] = []
    current: list[str] = []

    def close() -> None:
        words = " ".join("".join(current).split())
        if words:
            paragraphs.append(words)
        current.clear()

    walker = etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        name = _local(element)
        if event == "start":
            if name in _DROPPED:
                walker.skip_subtree()
                continue
            if name in _BLOCKS:
                close()
            current.append((element.text or "") if name else "")
            continue
        if name in _BLOCKS:
            close()
        if element is not root:
            current.append(element.tail or "")
    close()
    return "\n\n".join(paragraphs)


def _local(element: Any) -> str:
    """An element's local name in lower case ('' for a comment or an entity)."""
    tag = element.tag
    return tag.rpartition("}")[2].lower() if isinstance(tag, str) else ""

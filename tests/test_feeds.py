"""RSS 2.0 and Atom 1.0 feed files: one article per item, parsed safely.

Feeds are untrusted XML: external entities, DTDs and the network are never reached,
entity expansion bombs are refused, and HTML inside an item becomes inert plain text.
"""

from __future__ import annotations

import io
import json
import socket
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from casus.cli import app
from casus.ingest import Item, Reader, Stream, detect_format, read_bytes
from casus.ingest.feeds import html_to_text, is_feed
from casus.model import Article, Origin, SetAside

FEEDS = Path(__file__).parent / "fixtures" / "feeds"


def _read(name: str) -> list[Item]:
    return list(Reader().read([FEEDS / name]))


def _articles(items: list[Item]) -> list[Article]:
    assert all(isinstance(item, Article) for item in items), items
    return [item for item in items if isinstance(item, Article)]


def test_rss_items_become_articles() -> None:
    first, second, third = _articles(_read("wire.rss"))
    path = str(FEEDS / "wire.rss")
    assert [a.origin for a in (first, second, third)] == [
        Origin(path, record=0),
        Origin(path, record=1),
        Origin(path, record=2),
    ]
    assert {a.fmt for a in (first, second, third)} == {"rss"}
    assert {a.source for a in (first, second, third)} == {"Caspian Wire & Partners"}
    # content:encoded wins over the description; its HTML becomes paragraphs
    assert first.text == (
        "Azerbaijan summons Russian envoy over Yekaterinburg raids\n\n"
        "BAKU, July 1 — Azerbaijan's foreign ministry said on Tuesday that it had summoned "
        "the Russian ambassador to protest against police raids on Azerbaijani families in "
        "Yekaterinburg.\n\n"
        "Two brothers died in custody after the raids, the ministry said, and it demanded "
        "that Moscow punish those responsible."
    )
    assert first.url == "https://caspianwire.example/2025/07/01/envoy-summoned"
    assert first.author == "Leyla Mammadova"  # dc:creator
    assert first.published == date(2025, 7, 1)
    # an escaped-HTML description: entities unescaped, tags gone
    assert second.text.startswith("Ukraine says drones struck a refinery in Saratov\n\nKYIV, ")
    assert "KYIV, July 2 — Ukrainian drones" in second.text
    assert "<" not in second.text and "&" not in second.text
    assert second.text.endswith(
        "\n\nThe regional governor said debris had started a fire that was later put out."
    )
    assert second.author == "Oleh Kravets"  # 'desk@… (Oleh Kravets)'
    assert second.published == date(2025, 7, 2)
    assert third.author is None
    assert third.published == date(2025, 7, 3)
    assert third.title == "Armenia and Azerbaijan agree to resume border talks"


def test_atom_entries_become_articles() -> None:
    html_entry, xhtml_entry = _articles(_read("dispatches.atom"))
    assert {a.fmt for a in (html_entry, xhtml_entry)} == {"atom"}
    assert {a.source for a in (html_entry, xhtml_entry)} == {"Black Sea Dispatches"}
    assert html_entry.origin.record == 0 and xhtml_entry.origin.record == 1
    assert html_entry.title == "Russia and Turkey discuss grain corridor"  # type="html" title
    assert html_entry.text == (
        "Russia and Turkey discuss grain corridor\n\n"
        "ANKARA, July 4 – Turkish Foreign Minister Hakan Fidan met Russian Foreign Minister "
        "Sergei Lavrov in Ankara on Friday to discuss the security of shipping in the Black "
        "Sea.\n\nFidan said Turkey was ready to host new talks between Russia and Ukraine."
    )
    # rel="alternate" is the article's page, not the rel="edit" API link
    assert html_entry.url == "https://dispatches.example/2025/07/04/grain-corridor"
    assert html_entry.published == date(2025, 7, 4)  # <published> before <updated>
    assert html_entry.author == "Selin Aydın"
    # xhtml content is walked as markup; an entry without an author takes the feed's
    assert xhtml_entry.text.split("\n\n")[1:] == [
        "TBILISI, July 5 — Georgian police detained 14 protesters outside parliament in "
        "Tbilisi on Saturday, the interior ministry said.",
        "Opposition parties accused the government of using force against peaceful demonstrators.",
    ]
    assert xhtml_entry.url == "https://dispatches.example/2025/07/05/tbilisi-protest"
    assert xhtml_entry.published == date(2025, 7, 5)  # only <updated>
    assert xhtml_entry.author == "Dispatches Desk"


def test_item_without_text_is_set_aside_and_the_rest_goes_on() -> None:
    odesa, gallery, moldova = _read("gaps.rss")
    assert isinstance(odesa, Article) and odesa.title == "Russian strike hits Odesa port"
    assert isinstance(gallery, SetAside)
    assert gallery.origin.record == 1
    assert (gallery.code, gallery.reason) == ("E102", "feed item has no text")
    assert isinstance(moldova, Article) and moldova.origin.record == 2
    # 'sometime on Monday' is no date: the item stays, its date unknown
    assert moldova.published is None
    assert "Moldova expelled a Russian diplomat" in moldova.text


def test_malformed_feed_is_set_aside_with_a_code() -> None:
    (item,) = _read("broken.rss")
    assert isinstance(item, SetAside)
    assert item.code == "E113"
    assert item.origin == Origin(str(FEEDS / "broken.rss"))
    assert item.reason.startswith("malformed feed at line 8, column ")
    assert "Opening and ending tag mismatch" in item.reason
    assert "\n" not in item.reason


@pytest.mark.parametrize(
    ("feed", "code", "reason"),
    [
        (
            b'<?xml version="1.0"?><urlset><url><loc>https://x.example/</loc></url></urlset>',
            "E113",
            "not an RSS or Atom feed (the root element is <urlset>)",
        ),
        (b'<rss version="2.0"><item><title>T</title></item></rss>', "E113", "RSS feed without"),
        (b'<rss version="2.0"><channel><title>T</title></channel></rss>', "E102", "no items"),
        (b'<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title></feed>', "E102", "no items"),
        (b"", "E102", "input is empty"),
        (b"Wire copy, not XML at all", "E113", "malformed feed at line 1, column 1"),
    ],
)
def test_feeds_that_cannot_be_read_are_set_aside(
    tmp_path: Path, feed: bytes, code: str, reason: str
) -> None:
    path = tmp_path / "x.rss"
    path.write_bytes(feed)
    (item,) = Reader().read([path])
    assert isinstance(item, SetAside), item
    assert item.code == code
    assert reason in item.reason


def _external_entity_feed(canary_file: Path, port: int) -> bytes:
    return (
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE rss SYSTEM "http://127.0.0.1:{port}/feed.dtd" [\n'
        f'  <!ENTITY secret SYSTEM "{canary_file.as_uri()}">\n'
        f'  <!ENTITY remote SYSTEM "http://127.0.0.1:{port}/entity.txt">\n'
        "]>\n"
        '<rss version="2.0"><channel><title>Wire &secret;</title><item>'
        "<title>Shelling reported &secret;</title>"
        "<description>DONETSK, July 9 — Shelling was reported overnight. &secret; &remote;"
        "</description></item></channel></rss>"
    ).encode()


def test_external_entities_are_never_resolved(tmp_path: Path) -> None:
    (item,) = _read("xxe.rss")
    assert isinstance(item, Article)
    everything = " ".join(str(v) for v in (item.text, item.title, item.source, item.url))
    assert "root:" not in everything and "/bin/" not in everything
    assert "&xxe;" not in everything and "xxe" not in everything
    assert item.text.endswith("near the Fergana valley on Wednesday, officials said.")
    # a file of our own, and a listening socket: neither is ever read nor reached
    canary = tmp_path / "canary.txt"
    canary.write_text("CANARY-7d41-feed", "utf-8")
    with socket.create_server(("127.0.0.1", 0)) as server:
        server.setblocking(False)
        feed = _external_entity_feed(canary, server.getsockname()[1])
        items = list(Reader().read([Stream(io.BytesIO(feed), name="hostile.rss")]))
        try:
            server.accept()
            reached = True
        except BlockingIOError:
            reached = False
    assert not reached
    (article,) = _articles(items)
    assert "CANARY" not in article.text + str(article.title) + str(article.source)
    assert article.text == "Shelling reported\n\nDONETSK, July 9 — Shelling was reported overnight."


def test_billion_laughs_is_refused() -> None:
    (item,) = _read("laughs.rss")
    assert isinstance(item, SetAside)
    assert item.code == "E113"
    assert "amplification" in item.reason


def test_small_internal_entities_are_not_expanded() -> None:
    feed = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY ha "ha"><!ENTITY ha2 "&ha;&ha;&ha;">]>'
        b'<rss version="2.0"><channel><title>T</title><item><title>Talks &ha2;</title>'
        b"<description>GENEVA, July 10 \xe2\x80\x94 The talks collapsed. &ha2;</description>"
        b"</item></channel></rss>"
    )
    (item,) = read_bytes(feed, where="small.rss", suffix=".rss")
    assert isinstance(item, Article)
    assert item.text == "Talks\n\nGENEVA, July 10 — The talks collapsed."


def test_html_and_scripts_in_descriptions_become_inert_text() -> None:
    (item,) = _articles(_read("scripted.rss"))
    assert item.title == "Kazakhstan detains suspects after pipeline blast"
    assert item.text == (
        "Kazakhstan detains suspects after pipeline blast\n\n"
        "ASTANA, July 11 – Kazakh security services detained three suspects after a blast "
        "damaged a gas pipeline near Aktobe, the prosecutor's office said on Friday.\n\n"
        "No one was hurt in the explosion, officials said.\n\nRepairs are under way."
    )
    for leftover in ("<", ">", "cookie", "color", "fallback frame", "alert", "steal", "pixel"):
        assert leftover not in item.text


def test_html_to_text() -> None:
    assert html_to_text("Plain &amp; simple") == "Plain & simple"
    assert html_to_text("<ul><li>one</li><li>two &lt;3</li></ul>") == "one\n\ntwo <3"
    assert html_to_text("<p>a<script>x()</script>b</p><style>p{}</style>") == "ab"
    assert html_to_text("<p>  </p>") == ""


def test_feeds_are_detected_by_content() -> None:
    rss = (FEEDS / "latest.xml").read_text("utf-8")
    atom = (FEEDS / "dispatches.atom").read_text("utf-8")
    assert detect_format(rss, ".xml") == "feed"
    assert detect_format(atom, ".xml") == "feed"
    assert detect_format(atom) == "feed"
    assert detect_format("\ufeff" + rss) == "feed"
    assert detect_format(rss, ".rss") == detect_format(rss, ".atom") == "feed"
    assert detect_format(rss, ".html") == "html"  # the extension still decides
    assert detect_format("<urlset><url/></urlset>", ".xml") == "text"
    assert not is_feed('<feed xmlns="http://example.org/other"><entry/></feed>')
    assert not is_feed("<rssfeed/>")
    assert not is_feed("<!-- never closed <rss>")
    hostile_doctype = '<!DOCTYPE rss [<!ENTITY a "x">\n<!ENTITY b "y">]>\n<rss version="2.0">'
    assert is_feed(hostile_doctype)
    assert not is_feed("Reporters said <rss> feeds were down.")


def test_xml_file_with_a_feed_is_read_as_one() -> None:
    damascus, amman = _articles(_read("latest.xml"))
    assert damascus.fmt == amman.fmt == "rss"
    assert (damascus.origin.record, amman.origin.record) == (0, 1)
    assert damascus.source == "Levant Ledger"


def test_feed_on_standard_input_is_detected_by_content() -> None:
    data = (FEEDS / "dispatches.atom").read_bytes()
    items = list(Reader().read([Stream(io.BytesIO(data))]))
    first, second = _articles(items)
    assert (first.origin, second.origin) == (
        Origin("<stdin>", record=0),
        Origin("<stdin>", record=1),
    )
    assert first.fmt == "atom"


def test_cli_analyze_feed_gives_one_record_per_item() -> None:
    result = CliRunner().invoke(app, ["analyze", str(FEEDS / "wire.rss"), "-f", "json"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert [r["origin"]["record"] for r in records] == [0, 1, 2]
    assert {r["origin"]["path"] for r in records} == {str(FEEDS / "wire.rss")}
    assert [r["article"]["title"] for r in records] == [
        "Azerbaijan summons Russian envoy over Yekaterinburg raids",
        "Ukraine says drones struck a refinery in Saratov",
        "Armenia and Azerbaijan agree to resume border talks",
    ]
    assert [r["article"]["published"] for r in records] == [
        "2025-07-01",
        "2025-07-02",
        "2025-07-03",
    ]
    assert records[0]["article"]["source"] == "Caspian Wire & Partners"
    assert any(r["events"] for r in records)

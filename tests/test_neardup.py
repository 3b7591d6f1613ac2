"""Near-duplicate articles: a wire story republished with small edits is linked to its
original by MinHash/LSH, chains point at the root, and relinking from scratch gives
the links incremental arrival gave."""

from __future__ import annotations

from pathlib import Path

from casus.store.neardup import THRESHOLD, NearDuplicateIndex, _lean, relink, signature

from .corr_util import COPIES, INDEPENDENT, WIRE, Article, Ingest, open_store


def _links(ingest: Ingest) -> list[tuple[str, str]]:
    rows = ingest.store.query(
        "SELECT article_id, original_id FROM near_duplicates ORDER BY article_id"
    )
    return [(str(copy), str(original)) for copy, original in rows]


def _similarity(one: str, two: str) -> float:
    return float(_lean(signature(one)).jaccard(_lean(signature(two))))


def test_republished_wire_story_links_to_its_original(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        ingest = Ingest(store)
        ingest.batch(Article("wire", "wire service", text=WIRE))
        ingest.batch(*(Article(f"copy{i}", f"outlet{i}", text=t) for i, t in enumerate(COPIES)))
        ingest.batch(*(Article(f"own{i}", f"paper{i}", text=t) for i, t in enumerate(INDEPENDENT)))
        assert _links(ingest) == [("copy0", "wire"), ("copy1", "wire"), ("copy2", "wire")]
        assert ingest.linked == 3
        similarities = store.query("SELECT similarity FROM near_duplicates")
        assert all(THRESHOLD <= value < 1.0 for (value,) in similarities)


def test_copies_in_one_batch_link_in_arrival_order(tmp_path: Path) -> None:
    """The original and its copies arriving together: the first to arrive is the
    original, whatever order the ids are given in."""
    with open_store(tmp_path) as store:
        ingest = Ingest(store)
        articles = [Article("b-first", "wire service", text=WIRE)]
        articles += [Article(f"a-copy{i}", f"outlet{i}", text=t) for i, t in enumerate(COPIES)]
        ingest.batch(*articles)
        assert {original for _, original in _links(ingest)} == {"b-first"}
        assert len(_links(ingest)) == 3


def test_a_copy_of_a_copy_points_at_the_root(tmp_path: Path) -> None:
    second = COPIES[1]
    third = (
        second.replace("Emergency crews worked through the morning", "Crews dug all day")
        .replace("Ukraine's air force said", "The military said")
        .replace("five-storey apartment block", "tower")
        + " Local media showed burning buses. The mayor asked residents to stay in shelters."
    )
    assert _similarity(third, WIRE) < THRESHOLD <= _similarity(third, second)
    with open_store(tmp_path) as store:
        ingest = Ingest(store)
        ingest.batch(Article("root", "wire service", text=WIRE))
        ingest.batch(Article("mid", "outlet1", text=second))
        ingest.batch(Article("leaf", "outlet2", text=third))
        assert _links(ingest) == [("leaf", "root"), ("mid", "root")]


def test_never_a_copy_of_itself_or_of_another_version(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        ingest = Ingest(store)
        ingest.batch(Article("v1", "wire service", text=WIRE, key="https://wire/story"))
        ingest.batch(Article("v2", "wire service", text=COPIES[0], key="https://wire/story"))
        assert ingest.index.link(store, ["v1", "v2"]) == 0
        assert _links(ingest) == []
        ingest.batch(Article("other", "outlet", text=COPIES[2]))
        assert _links(ingest) == [("other", "v1")]


def test_forgotten_articles_are_no_longer_found(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        ingest = Ingest(store)
        ingest.batch(Article("wire", "wire service", text=WIRE))
        ingest.batch(Article("copy", "outlet", text=COPIES[0]))
        ingest.index.forget(["wire"])
        assert len(ingest.index) == 1
        ingest.batch(Article("late", "outlet2", text=COPIES[2]))
        assert _links(ingest) == [("copy", "wire"), ("late", "copy")]


def test_load_then_link_matches_one_index(tmp_path: Path) -> None:
    """An index loaded from the store (a new run) links as the running one would."""
    with open_store(tmp_path) as store:
        ingest = Ingest(store)
        ingest.batch(Article("wire", "wire service", text=WIRE))
        ingest.batch(Article("own", "paper", text=INDEPENDENT[0]))
        later = Ingest(store)
        assert len(later.index) == 2
        later.batch(Article("copy", "outlet", text=COPIES[1]))
        assert _links(later) == [("copy", "wire")]


def test_relink_equals_incremental_links(tmp_path: Path) -> None:
    texts = [WIRE, INDEPENDENT[0], *COPIES, INDEPENDENT[1], COPIES[0] + " Updated at noon."]
    with open_store(tmp_path) as store:
        ingest = Ingest(store)
        for i, text in enumerate(texts):
            ingest.batch(Article(f"a{i}", f"outlet{i}", text=text))
        before = store.query("SELECT * FROM near_duplicates ORDER BY article_id")
        with store.transaction():
            assert relink(store) == len(before) == 4
        assert store.query("SELECT * FROM near_duplicates ORDER BY article_id") == before
        assert NearDuplicateIndex.load(store).link(store, []) == 0

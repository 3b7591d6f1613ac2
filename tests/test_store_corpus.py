"""The bundled corroboration corpus, ingested for real: a wire story republished by
three outlets counts once, three independent reports of one clash corroborate it, and a
denial contests what the other side reports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from casus.store import Store
from casus.store.ingest import ingest

CORPUS = Path(__file__).resolve().parent.parent / "samples" / "corpus" / "articles"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = tmp_path_factory.mktemp("corpus") / "corpus.duckdb"
    with Store.open(path, write=True) as writing:
        summary = ingest([CORPUS], writing)
    assert (summary.ingested, summary.near_duplicates, summary.set_aside) == (11, 3, 0)
    with Store.open(path) as reading:
        yield reading


def _cluster(store: Store, source: str, kind: str, target: str, day: str) -> dict[str, Any]:
    names = ("id", "num_mentions", "num_articles", "num_outlets", "num_independent", "state")
    rows = store.query(
        f"SELECT {', '.join(names)} FROM clusters WHERE source_code = ? AND type = ? "
        "AND target_code = ? AND date = ?::DATE ORDER BY num_articles DESC",
        [source, kind, target, day],
    )
    assert rows, f"no {source} {kind} {target} cluster on {day}"
    return dict(zip(names, rows[0], strict=True))


def test_the_republished_wire_story_counts_once(store: Store) -> None:
    copies = store.query(
        "SELECT a.outlet, o.outlet FROM near_duplicates n JOIN articles a ON a.id = n.article_id "
        "JOIN articles o ON o.id = n.original_id ORDER BY a.outlet"
    )
    assert copies == [
        ("black sea herald", "caspian wire service"),
        ("eurasia desk", "caspian wire service"),
        ("steppe post", "caspian wire service"),
    ]
    summons = _cluster(store, "AZE", "ACCUSE", "RUS", "2025-07-02")
    assert (summons["num_articles"], summons["num_outlets"]) == (4, 4)
    assert (summons["num_independent"], summons["state"]) == (1, "single-source")


def test_three_independent_reports_corroborate_the_clash(store: Store) -> None:
    clash = _cluster(store, "AZE", "ASSAULT", "ARM", "2024-02-13")
    assert clash["num_independent"] >= 3
    assert clash["state"] == "corroborated"
    history = store.query(
        "SELECT state FROM cluster_history WHERE cluster_id = ? ORDER BY seq", [clash["id"]]
    )
    assert [row[0] for row in history][:2] == ["single-source", "corroborated"]


def test_a_denial_contests_the_accusation(store: Store) -> None:
    accusation = _cluster(store, "ARM", "ASSAULT", "AZE", "2024-02-12")
    assert accusation["state"] == "contested"
    denials = store.query(
        "SELECT count(*) FROM events WHERE cluster_id = ? AND factuality = 'negated'",
        [accusation["id"]],
    )
    assert denials[0][0] >= 1


def test_the_hypothetical_strike_corroborates_nothing(store: Store) -> None:
    rows = store.query(
        "SELECT count(*), count(cluster_id) FROM events WHERE factuality = 'hypothetical'"
    )
    assert rows[0][0] >= 1 and rows[0][1] == 0


def test_the_overview_shows_what_an_analyst_looks_at_first(store: Store) -> None:
    from casus.store.overview import overview

    found = overview(store, limit=20)
    assert found.articles == 11 and found.rejected == 0
    assert ("ARM", "AZE") in {(line.source, line.target) for line in found.dyads}
    clash = next(c for c in found.corroborated if (c.source, c.type) == ("AZE", "ASSAULT"))
    assert clash.num_independent >= 3 and not clash.copies
    (accusation,) = [c for c in found.contested if (c.source, c.target) == ("ARM", "AZE")]
    assert accusation.type == "ASSAULT"
    wire = _cluster(store, "AZE", "ACCUSE", "RUS", "2025-07-02")
    assert wire["state"] == "single-source"  # so it is in neither list


def test_the_overview_command_prints_tables(tmp_path_factory: pytest.TempPathFactory) -> None:
    from click.testing import CliRunner

    from casus.cli import app

    path = tmp_path_factory.mktemp("cli") / "c.duckdb"
    with Store.open(path, write=True) as writing:
        ingest([CORPUS], writing)
    result = CliRunner().invoke(app, ["overview", "--db", str(path)])
    assert result.exit_code == 0, result.output
    assert "busiest dyads" in result.output and "contested" in result.output
    assert "zangezur courier" in result.output

"""Hand-built stores for the near-duplicate and corroboration tests: articles and
events written as rows with defaults, and a miniature ingest that links and clusters
each batch in one transaction, in the order the ingest runner does."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from casus.store.corroborate import Corroborator, StateChange
from casus.store.db import Store
from casus.store.neardup import NearDuplicateIndex, signature
from casus.store.schema import COLUMNS

Place = tuple[str, str | None, float, float, str]
KHARKIV: Place = ("Kharkiv", "UA", 49.9935, 36.2304, "city")
CHUHUIV: Place = ("Chuhuiv", "UA", 49.8356, 36.6880, "city")  # 37 km from Kharkiv
IZIUM: Place = ("Izium", "UA", 49.2128, 37.2569, "city")  # 115 km from Kharkiv
KYIV: Place = ("Kyiv", "UA", 50.4501, 30.5234, "city")
KHARKIV_OBLAST: Place = ("Kharkiv Oblast", "UA", 49.5, 36.6, "region")
UKRAINE: Place = ("Ukraine", "UA", 49.0, 32.0, "country")
RUSSIA: Place = ("Russia", "RU", 61.5, 105.3, "country")
STEPANAKERT: Place = ("Stepanakert", "AZ", 39.8153, 46.7519, "city")


def row(table: str, **values: Any) -> tuple[Any, ...]:
    """A row of ``table`` in schema column order: the given values, None elsewhere."""
    columns = [name for name, _ in COLUMNS[table]]
    unknown = set(values) - set(columns)
    assert not unknown, f"{table} has no columns {sorted(unknown)}"
    return tuple(values.get(name) for name in columns)


def event(
    *,
    type: str | None = "ASSAULT",
    source: str | None = "RUS",
    target: str | None = "UKR",
    place: Place | None = KHARKIV,
    day: str | None = "2024-03-05",
    precision: str = "day",
    factuality: str = "asserted",
    symmetric: bool = False,
    cameo: str = "190",
    goldstein: float = -10.0,
    quad_class: int = 4,
) -> dict[str, Any]:
    """The values of one events row (a Russian strike on Kharkiv by default)."""
    values: dict[str, Any] = {
        "type": type, "source_code": source, "target_code": target, "symmetric": symmetric,
        "factuality": factuality, "cameo": cameo, "goldstein": goldstein,
        "quad_class": quad_class, "confidence": 0.9, "evidence_text": "",
    }  # fmt: skip
    if place is not None:
        name, country, lat, lon, kind = place
        values |= {"place_name": name, "country": country, "lat": lat, "lon": lon}
        values["place_kind"] = kind
    if day is not None:
        parts = [int(part) for part in day.split("-")] + [1, 1]
        values |= {"date": date(parts[0], parts[1], parts[2]), "date_precision": precision}
    return values


@dataclass
class Article:
    """One article to ingest: its outlet, text and events (seq is given on arrival)."""

    id: str
    outlet: str
    events: Sequence[dict[str, Any]] = ()
    text: str = ""
    published: date | None = date(2024, 3, 5)
    key: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def write(self, store: Store, seq: int) -> None:
        text = self.text or f"{self.outlet} report {self.id}"  # one shingle: no copy
        key = self.key or f"https://{self.outlet}/{self.id}"
        store.insert(
            "articles",
            [row("articles", id=self.id, key=key, seq=seq, outlet=self.outlet, text=text,
                 url=key, published=self.published, language="en", **self.extra)],
        )  # fmt: skip
        store.insert(
            "events",
            [
                row("events", id=f"{self.id}-e{idx}", article_id=self.id, idx=idx, **values)
                for idx, values in enumerate(self.events)
            ],
        )
        store.insert("minhashes", [(self.id, signature(text))])


class Ingest:
    """What the ingest runner does with each batch, in one transaction: write the
    articles with their seq, link near-duplicates, then cluster."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.index = NearDuplicateIndex.load(store)
        self.corroborator = Corroborator.load(store)
        found = store.query("SELECT max(seq) FROM articles")[0][0]
        self.seq = int(found or 0)
        self.linked = 0

    def batch(self, *articles: Article) -> list[StateChange]:
        with self.store.transaction():
            for article in articles:
                self.seq += 1
                article.write(self.store, self.seq)
            ids = [article.id for article in articles]
            self.linked += self.index.link(self.store, ids)
            return self.corroborator.update(self.store, ids)

    def replace(self, old: str, new: Article) -> list[StateChange]:
        """A changed article: forget the old version, delete its rows, add the new."""
        with self.store.transaction():
            changes = self.corroborator.forget(self.store, [old])
            self.index.forget([old])
            for table in ("events", "minhashes"):
                self.store.con.execute(f"DELETE FROM {table} WHERE article_id = ?", [old])
            self.store.con.execute(
                "DELETE FROM near_duplicates WHERE article_id = ? OR original_id = ?", [old, old]
            )
            self.store.con.execute("DELETE FROM articles WHERE id = ?", [old])
        return changes + (self.batch(new) if new.events or new.text else [])


def open_store(tmp_path: Path, name: str = "t.duckdb") -> Store:
    return Store.open(tmp_path / name, write=True)


def clusters(store: Store) -> list[dict[str, Any]]:
    """The clusters table as dicts, by first arrival."""
    names = [name for name, _ in COLUMNS["clusters"]]
    rows = store.query("SELECT * FROM clusters ORDER BY first_seq, id")
    return [dict(zip(names, values, strict=True)) for values in rows]


def cluster_of(store: Store, event_id: str) -> str | None:
    found = store.query("SELECT cluster_id FROM events WHERE id = ?", [event_id])
    return None if found[0][0] is None else str(found[0][0])


def snapshot(store: Store) -> tuple[list[Any], ...]:
    """Everything corroboration writes, but the time of each history row."""
    return (
        store.query("SELECT * FROM clusters ORDER BY id"),
        store.query("SELECT id, cluster_id FROM events ORDER BY id"),
        store.query(
            "SELECT cluster_id, seq, article_id, state, num_independent FROM cluster_history"
            " ORDER BY seq, cluster_id, state"
        ),
    )


# A wire story, then three outlets' republications with small edits of their own.
WIRE = (
    "KHARKIV, Ukraine — Russian forces shelled residential districts of Kharkiv overnight,"
    " killing at least four civilians and wounding eleven others, the regional governor"
    " said on Tuesday. Oleh Synehubov wrote on Telegram that artillery rounds struck a"
    " five-storey apartment block and a bus depot in the city's northern Saltivka"
    " neighbourhood shortly after midnight. Rescue crews worked through the morning to"
    " pull residents from the rubble, and two children were among the wounded, he said."
    " Ukraine's air force said it had also intercepted several drones launched towards"
    " the region before dawn. Russia's defence ministry did not immediately comment on the"
    " strikes. Kharkiv, Ukraine's second-largest city, lies about 30 kilometres from the"
    " Russian border and has been hit repeatedly since the start of the full-scale"
    " invasion in February 2022."
)
COPIES = (
    WIRE.replace("said on Tuesday", "said Tuesday")
    .replace("neighbourhood", "neighborhood")
    .replace("defence", "defense"),
    "Four civilians killed in overnight shelling of Kharkiv. "
    + WIRE.replace("Rescue crews", "Emergency crews").split(" Kharkiv, Ukraine's second")[0],
    WIRE.replace("KHARKIV, Ukraine — ", "")
    .replace("several drones", "a number of drones")
    .replace("did not immediately comment on", "declined to comment on")
    + " Our correspondent in the city heard explosions for almost an hour.",
)
# Three outlets' own accounts of the same night.
INDEPENDENT = (
    "Four people died and eleven were hurt when Russian artillery hit Kharkiv during the"
    " night, according to governor Oleh Synehubov. Shells landed on an apartment building"
    " and a bus depot in Saltivka, the district closest to the front, and firefighters"
    " searched the wreckage until noon. Two of the injured are children. The city has"
    " lived under near-daily bombardment for more than two years.",
    "Residents of northern Kharkiv spent the night in basements as shells fell on their"
    " neighbourhood. By morning the toll stood at four dead, the governor reported on his"
    " Telegram channel, with eleven more in hospital. A bus depot burned for hours. Moscow"
    " has not responded to questions about the attack, which came as drones also circled"
    " the region.",
    "The regional administration in Kharkiv reported four civilian deaths after an"
    " overnight artillery attack by Russian troops on the Saltivka area. Among eleven"
    " wounded were two children, officials said, adding that a residential block and"
    " municipal buses were damaged. Air defence units were active over the region until"
    " dawn, shooting down drones.",
)

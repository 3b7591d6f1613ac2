"""Generated stores, for benchmarks: articles reporting a pool of real-world events.

:func:`fill` writes ``articles``, ``events`` and ``near_duplicates`` rows (through
:meth:`Store.insert`) that look like a conflict corpus to corroboration: about fifty
actors and fifteen PLOVER types with skewed popularity, two years of dates, a few dozen
places, and each real event reported several times by different outlets with the
usual noise (vaguer dates and places, undated reports, reversed symmetric dyads,
denials, future and hypothetical mentions, wire copies). The same seed always gives
the same rows. Not a model of any real corpus: a load with a realistic shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np

from .db import Store
from .schema import COLUMNS

__all__ = ["Filled", "fill"]

_ACTORS = (
    "RUS UKR AZE ARM GEO TUR IRN ISR PSE LBN SYR IRQ YEM SAU USA GBR FRA DEU CHN IND PAK AFG"
    " SDN SSD ETH SOM KEN NGA MLI NER BFA COD CAF LBY EGY MMR PHL COL VEN MEX RUSMIL UKRMIL"
    " ISRMIL PSEREB SYRREB SDNREB CODREB NGAREB MLIREB IGOUNO"
).split()
# type, CAMEO code, quad class, Goldstein, symmetric, weight
_TYPES: tuple[tuple[str, str, int, float, bool, float], ...] = (
    ("ASSAULT", "190", 4, -10.0, False, 20), ("COERCE", "170", 4, -7.0, False, 8),
    ("MOBILIZE", "150", 4, -7.2, False, 4), ("FIGHT", "193", 4, -10.0, True, 12),
    ("ACCUSE", "112", 3, -3.0, False, 10), ("THREATEN", "130", 3, -4.4, False, 6),
    ("PROTEST", "140", 3, -6.5, False, 6), ("REJECT", "120", 3, -4.0, False, 5),
    ("SANCTION", "163", 4, -8.0, False, 3), ("CONSULT", "040", 1, 1.0, True, 10),
    ("AGREE", "057", 1, 8.0, True, 5), ("SUPPORT", "051", 1, 3.4, False, 4),
    ("AID", "070", 2, 7.0, False, 3), ("REQUEST", "020", 1, 3.0, False, 2),
    ("RETREAT", "087", 2, 9.0, False, 2),
)  # fmt: skip
# name, country, lat, lon, kind
_PLACES: tuple[tuple[str, str | None, float, float, str], ...] = (
    ("Kharkiv", "UA", 49.99, 36.23, "city"), ("Kyiv", "UA", 50.45, 30.52, "city"),
    ("Odesa", "UA", 46.48, 30.73, "city"), ("Donetsk Oblast", "UA", 48.0, 37.8, "region"),
    ("Zaporizhzhia", "UA", 47.84, 35.14, "city"), ("Belgorod", "RU", 50.6, 36.59, "city"),
    ("Moscow", "RU", 55.76, 37.62, "city"), ("Black Sea", None, 43.4, 34.3, "sea"),
    ("Stepanakert", "AZ", 39.82, 46.75, "city"), ("Yerevan", "AM", 40.18, 44.51, "city"),
    ("Baku", "AZ", 40.41, 49.87, "city"), ("Gaza", "PS", 31.5, 34.47, "city"),
    ("Rafah", "PS", 31.29, 34.25, "city"), ("Jenin", "PS", 32.46, 35.3, "city"),
    ("Beirut", "LB", 33.89, 35.5, "city"), ("Aleppo", "SY", 36.2, 37.13, "city"),
    ("Idlib", "SY", 35.93, 36.63, "city"), ("Sanaa", "YE", 15.37, 44.19, "city"),
    ("Red Sea", None, 20.0, 38.0, "sea"), ("Khartoum", "SD", 15.5, 32.56, "city"),
    ("El Fasher", "SD", 13.63, 25.35, "city"), ("Mogadishu", "SO", 2.05, 45.32, "city"),
    ("Goma", "CD", -1.68, 29.22, "city"), ("Maiduguri", "NG", 11.85, 13.16, "city"),
    ("Bamako", "ML", 12.64, -8.0, "city"), ("Tripoli", "LY", 32.89, 13.19, "city"),
    ("Sagaing Region", "MM", 22.0, 95.5, "region"), ("Kabul", "AF", 34.53, 69.17, "city"),
    ("Ukraine", "UA", 49.0, 32.0, "country"), ("Russia", "RU", 61.5, 105.3, "country"),
    ("Sudan", "SD", 15.6, 30.2, "country"), ("Syria", "SY", 35.0, 38.5, "country"),
)  # fmt: skip
_FACTUALITY = ("asserted", "reported", "negated", "future", "hypothetical")
_FACTUALITY_P = (0.55, 0.30, 0.04, 0.06, 0.05)
_PRECISION = ("day", "month", "year", None)
_PRECISION_P = (0.62, 0.08, 0.03, 0.27)
_START = date(2023, 1, 1)
_DAYS = 730
_CHUNK = 20_000
"""Articles generated and written per round."""


@dataclass(frozen=True, slots=True)
class Filled:
    articles: int
    events: int
    near_duplicates: int


def fill(store: Store, events: int, *, per_article: int = 5, seed: int = 8) -> Filled:
    """Write about ``events`` event rows (``per_article`` on average per article) and
    their articles to ``store``, after any articles it has (seq continues)."""
    rng = np.random.default_rng(seed)
    pool = _pool(rng, max(1, events // 4))
    articles = max(1, events // per_article)
    found = store.query("SELECT max(seq) FROM articles")[0][0]
    first_seq = int(found or 0) + 1
    written = links = 0
    for start in range(0, articles, _CHUNK):
        count = min(_CHUNK, articles - start)
        seqs = np.arange(first_seq + start, first_seq + start + count)
        written += _write_chunk(store, rng, pool, seqs, per_article)
        links += _write_links(store, rng, seqs, first_seq)
    return Filled(articles, written, links)


def _pool(rng: np.random.Generator, size: int) -> dict[str, np.ndarray]:
    """The real-world events the articles report."""
    weights = np.array([t[5] for t in _TYPES])
    actor_p = 1.0 / np.arange(1, len(_ACTORS) + 1) ** 1.1
    actor_p /= actor_p.sum()
    source = rng.choice(len(_ACTORS), size, p=actor_p)
    target = rng.choice(len(_ACTORS), size, p=actor_p)
    target = np.where(target == source, (target + 1) % len(_ACTORS), target)
    place_p = np.linspace(2.0, 0.5, len(_PLACES))
    return {
        "type": rng.choice(len(_TYPES), size, p=weights / weights.sum()),
        "source": np.where(rng.random(size) < 0.05, -1, source),
        "target": target,
        "place": rng.choice(len(_PLACES), size, p=place_p / place_p.sum()),
        "day": rng.integers(0, _DAYS, size),
    }


def _write_chunk(
    store: Store, rng: np.random.Generator, pool: dict[str, np.ndarray], seqs: np.ndarray,
    per_article: int,
) -> int:  # fmt: skip
    """Articles of ``seqs`` and their events; how many events."""
    counts = rng.poisson(per_article - 1, len(seqs)) + 1
    total = int(counts.sum())
    owner = np.repeat(np.arange(len(seqs)), counts)
    idx = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    size = len(pool["day"])
    real = np.minimum((size * rng.random(total) ** 1.5).astype(np.int64), size - 1)
    day = pool["day"][real] + rng.choice([-1, 0, 0, 0, 1], total)
    published = np.zeros(len(seqs), dtype=np.int64)
    np.maximum.at(published, owner, day)
    published += rng.integers(0, 2, len(seqs))
    outlets = (300 * rng.random(len(seqs)) ** 2).astype(np.int64)
    store.insert("articles", [_article(int(seq), int(published[i]), int(outlets[i]))
                              for i, seq in enumerate(seqs)])  # fmt: skip
    columns = _event_columns(rng, pool, real, day, seqs[owner], idx=idx)
    names = [name for name, _ in COLUMNS["events"]]
    rows = list(zip(*(columns.get(name, [None] * total) for name in names), strict=True))
    store.insert("events", rows)
    return total


def _article(seq: int, published: int, outlet: int) -> tuple[Any, ...]:
    values = {
        "id": _article_id(seq), "key": f"https://outlet{outlet}.example/{seq}", "seq": seq,
        "published": _START + timedelta(days=published), "outlet": f"outlet{outlet}.example",
        "language": "en", "genre": "reporting", "text": "",
    }  # fmt: skip
    return tuple(values.get(name) for name, _ in COLUMNS["articles"])


def _article_id(seq: int) -> str:
    return f"syn{seq:013d}"


def _event_columns(
    rng: np.random.Generator, pool: dict[str, np.ndarray], real: np.ndarray, day: np.ndarray,
    seqs: np.ndarray, *, idx: np.ndarray,
) -> dict[str, list[Any]]:  # fmt: skip
    total = len(real)
    kinds = [_TYPES[t] for t in pool["type"][real].tolist()]
    source = pool["source"][real]
    target = pool["target"][real]
    swap = np.array([kind[4] for kind in kinds]) & (rng.random(total) < 0.5)
    source, target = np.where(swap, target, source), np.where(swap, source, target)
    place = np.where(rng.random(total) < 0.15, -1, pool["place"][real])
    precision = rng.choice(len(_PRECISION), total, p=_PRECISION_P).tolist()
    places = [_PLACES[p] if p >= 0 else (None,) * 5 for p in place.tolist()]
    return {
        "id": [f"{_article_id(s)}-{i}" for s, i in zip(seqs.tolist(), idx.tolist(), strict=True)],
        "article_id": [_article_id(s) for s in seqs.tolist()],
        "idx": idx.tolist(),
        "type": [kind[0] for kind in kinds],
        "cameo": [kind[1] for kind in kinds],
        "quad_class": [kind[2] for kind in kinds],
        "goldstein": [kind[3] for kind in kinds],
        "symmetric": [kind[4] for kind in kinds],
        "source_code": [_ACTORS[a] if a >= 0 else None for a in source.tolist()],
        "target_code": [_ACTORS[a] if a >= 0 else None for a in target.tolist()],
        "place_name": [p[0] for p in places],
        "country": [p[1] for p in places],
        "lat": [p[2] for p in places],
        "lon": [p[3] for p in places],
        "place_kind": [p[4] for p in places],
        "date": [_date(d, _PRECISION[p]) for d, p in zip(day.tolist(), precision, strict=True)],
        "date_precision": [_PRECISION[p] for p in precision],
        "factuality": rng.choice(_FACTUALITY, total, p=_FACTUALITY_P).tolist(),
        "confidence": [0.8] * total,
        "rule": ["synthetic"] * total,
    }


def _date(offset: int, precision: str | None) -> date | None:
    if precision is None:
        return None
    day = _START + timedelta(days=offset)
    if precision == "month":
        return day.replace(day=1)
    return day.replace(month=1, day=1) if precision == "year" else day


def _write_links(store: Store, rng: np.random.Generator, seqs: np.ndarray, first: int) -> int:
    """One article in ten is a wire copy of an earlier one."""
    copies = seqs[(rng.random(len(seqs)) < 0.1) & (seqs > first)]
    originals = first + (rng.random(len(copies)) * (copies - first)).astype(np.int64)
    rows = [
        (_article_id(int(copy)), _article_id(int(original)), 0.8)
        for copy, original in zip(copies.tolist(), originals.tolist(), strict=True)
    ]
    store.insert("near_duplicates", rows)
    return len(rows)

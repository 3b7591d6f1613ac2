"""Corroboration's clustering, in memory: which event mentions report the same
real-world event, under the tolerances of ``corroboration.yaml``.

:class:`Engine` is pure. Mentions come in arrival order, (article seq, event idx); each
joins the best compatible cluster or starts one, greedily. Nothing depends on the
clock, on the iteration order of a set or on the order of a block's candidates (the
best is the least of a total order), so the same mentions in the same order always
make the same clusters, with the same ids. :mod:`casus.store.corroborate` reads the
mentions from the store and writes what the engine decides.

A cluster is compared through its *anchors*: its most precise place and date, the
earliest report winning ties. Anchors only move to a more precise report, so a cluster
does not drift from report to report as a chain of near matches would.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from ..datafiles import bundled, read_yaml
from ..errors import DataError

__all__ = [
    "BUCKET_DAYS",
    "Assignment",
    "Cluster",
    "Engine",
    "Mention",
    "Place",
    "StateChange",
    "Tolerances",
    "cluster_id",
    "load_tolerances",
]

BUCKET_DAYS = 4
"""Width of the time buckets that index a block's clusters by their date anchor."""
_FAR = 1 << 40
"""The time distance to a mention or cluster without any date: farther than any date."""
_EARTH_KM = 6371.0088
_NAME = re.compile(r"^[a-z][a-z-]*$")


@dataclass(frozen=True, slots=True)
class Tolerances:
    """The contents of ``corroboration.yaml`` (see its comments)."""

    counts: frozenset[str]
    denies: frozenset[str]
    corroborated_from: int
    radius_km: Mapping[str, float]
    place_rank: Mapping[str, int]
    day_tolerance: int
    undated_before: int
    undated_after: int


def load_tolerances(path: Path | None = None) -> Tolerances:
    """Read and check ``corroboration.yaml`` (the bundled one by default)."""
    where = path or bundled("casus.store", "corroboration.yaml")
    data = read_yaml(where)
    try:
        factuality, places, dates = data["factuality"], data["places"], data["dates"]
        tolerances = Tolerances(
            counts=frozenset(_names(factuality["counts"])),
            denies=frozenset(_names(factuality["denies"])),
            corroborated_from=_whole(data["corroborated_from"]),
            radius_km=MappingProxyType(_table(places["radius_km"])),
            place_rank=MappingProxyType(_ranks(places["precision"])),
            day_tolerance=_whole(dates["day_tolerance"]),
            undated_before=_whole(dates["undated_before_published"]),
            undated_after=_whole(dates["undated_after_published"]),
        )
    except (KeyError, TypeError) as exc:
        raise DataError(f"missing or malformed entry: {exc}", where=str(where)) from None
    except ValueError as exc:
        raise DataError(str(exc), where=str(where)) from None
    for table in (tolerances.radius_km, tolerances.place_rank):
        if "unknown" not in table or ("country" in table) != (table is tolerances.place_rank):
            raise DataError(
                "places: radius_km needs 'unknown' and no 'country'; precision needs both",
                where=str(where),
            )
    if tolerances.counts & tolerances.denies:
        raise DataError("factuality: a value both counts and denies", where=str(where))
    return tolerances


def _names(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(
        isinstance(item, str) and _NAME.match(item) for item in value
    ):
        raise ValueError(f"expected a list of lower-case names, found {value!r}")
    return list(value)


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ValueError(f"expected a number of at least 0, found {value!r}")
    return float(value)


def _whole(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"expected a whole number of at least 0, found {value!r}")
    return value


def _table(value: Any) -> dict[str, float]:
    if not isinstance(value, dict):
        raise ValueError(f"expected a mapping, found {value!r}")
    names = _names(list(value))
    return {name: _number(value[name]) for name in names}


def _ranks(value: Any) -> dict[str, int]:
    if not isinstance(value, dict):
        raise ValueError(f"expected a mapping, found {value!r}")
    return {name: _whole(value[name]) for name in _names(list(value))}


class Mention(NamedTuple):
    """One event mention as the engine sees it (a row of the store's mention query)."""

    event_id: str
    article_id: str
    seq: int
    idx: int
    factuality: str | None
    type: str | None
    source: str | None
    target: str | None
    symmetric: bool
    lat: float | None
    lon: float | None
    country: str | None
    place_kind: str | None
    place_rank: int
    """0 when unplaced, else the precision of ``place_kind``."""
    lo: int | None
    """First day (days since 1970-01-01) of the mention's date interval; None: any."""
    hi: int | None
    date_rank: int
    """4 day, 3 undated (its article's publication), 2 month, 1 year, 0 none."""
    independent: str
    """The outlet it counts under: its original's when its article is a copy."""


class Place(NamedTuple):
    """A place anchor, ready for distances."""

    rank: int
    country: str | None
    national: bool
    """A country-level place: compared by country only."""
    radius: float
    phi: float
    lam: float
    cos_phi: float

    @classmethod
    def of(
        cls, rank: int, lat: float, lon: float, country: str | None, *, kind: str | None,
        tolerances: Tolerances,
    ) -> Place:  # fmt: skip
        radius = tolerances.radius_km.get(kind or "unknown", tolerances.radius_km["unknown"])
        phi = math.radians(lat)
        return cls(rank, country, kind == "country", radius, phi, math.radians(lon), math.cos(phi))

    def distance(self, other: Place) -> float | None:
        """Kilometres to ``other`` when they are compatible (0 for a country-level
        match), else None."""
        if self.national or other.national:
            return 0.0 if self.country is not None and self.country == other.country else None
        if self.phi == other.phi and self.lam == other.lam:
            return 0.0
        h = (
            math.sin((other.phi - self.phi) / 2) ** 2
            + self.cos_phi * other.cos_phi * math.sin((other.lam - self.lam) / 2) ** 2
        )
        km = 2 * _EARTH_KM * math.asin(min(1.0, math.sqrt(h)))
        return km if km <= self.radius + other.radius else None


Anchor = tuple[int, int, int]
"""A date anchor: (rank, first day, last day)."""
_Key = tuple[int, float, tuple[int, int]]
"""How near a cluster is to a mention: (doubled time gap, km, its first report)."""


@dataclass(slots=True)
class Cluster:
    """One real-world event: who did what to whom (its first report's), its anchors,
    and what its state is computed from."""

    id: str
    type: str
    source: str | None
    target: str | None
    symmetric: bool
    first: tuple[int, int]
    """(seq, idx) of its first report: the earliest cluster wins ties."""
    place: Place | None = None
    date: Anchor | None = None
    denials: int = 0
    outlets: set[str] = field(default_factory=set)
    """The independent outlets of its counted reports."""

    def state(self, corroborated_from: int) -> str:
        if self.denials:
            return "contested" if self.outlets else "denied"
        return "corroborated" if len(self.outlets) >= corroborated_from else "single-source"

    @property
    def block(self) -> tuple[str, str, str]:
        return _block(self.type, self.source, self.target)


def _block(kind: str, source: str | None, target: str | None) -> tuple[str, str, str]:
    """The blocking key: type and the dyad's two codes in sorted order ('' for none)."""
    one, two = source or "", target or ""
    return (kind, one, two) if one <= two else (kind, two, one)


def cluster_id(event_id: str) -> str:
    """A cluster's id: a hash of its first report's event id."""
    return hashlib.sha256(b"cluster\x00" + event_id.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class StateChange:
    """A cluster's new state (or new number of independent outlets) and the article
    whose arrival (or replacement) changed it."""

    cluster_id: str
    seq: int
    article_id: str
    state: str
    num_independent: int
    previous: str | None
    """The state before; None for a new cluster."""


@dataclass(slots=True)
class Assignment:
    """What :meth:`Engine.assign` decided: each clustered event's cluster, the
    clusters touched (in order of first touch), and the state changes."""

    event_ids: list[str] = field(default_factory=list)
    cluster_ids: list[str] = field(default_factory=list)
    touched: dict[str, None] = field(default_factory=dict)
    changes: list[StateChange] = field(default_factory=list)


class _Block:
    """The clusters of one blocking key, indexed by time bucket."""

    __slots__ = ("buckets", "members", "undated")

    def __init__(self) -> None:
        self.buckets: dict[int, list[Cluster]] = {}
        self.undated: list[Cluster] = []
        self.members: list[Cluster] = []

    def put(self, cluster: Cluster) -> None:
        if cluster.date is None:
            self.undated.append(cluster)
            return
        for bucket in range(cluster.date[1] // BUCKET_DAYS, cluster.date[2] // BUCKET_DAYS + 1):
            self.buckets.setdefault(bucket, []).append(cluster)

    def take(self, cluster: Cluster) -> None:
        if cluster.date is None:
            self.undated.remove(cluster)
            return
        for bucket in range(cluster.date[1] // BUCKET_DAYS, cluster.date[2] // BUCKET_DAYS + 1):
            self.buckets[bucket].remove(cluster)


class Engine:
    """The clusters formed so far, indexed by blocking key and time, and the greedy
    assignment of new mentions to them."""

    def __init__(self, tolerances: Tolerances) -> None:
        self.tolerances = tolerances
        self._blocks: dict[tuple[str, str, str], _Block] = {}
        self._clusters: dict[str, Cluster] = {}
        self._places: dict[tuple[Any, ...], Place] = {}
        """Places already met, by (rank, lat, lon, country, kind): reports repeat them."""

    def __len__(self) -> int:
        return len(self._clusters)

    def get(self, identifier: str) -> Cluster | None:
        return self._clusters.get(identifier)

    def restore(self, cluster: Cluster) -> None:
        """Index ``cluster`` as the store has it (replacing one of the same id)."""
        self.drop(cluster.id)
        block = self._blocks.setdefault(cluster.block, _Block())
        block.members.append(cluster)
        block.put(cluster)
        self._clusters[cluster.id] = cluster

    def drop(self, identifier: str) -> None:
        cluster = self._clusters.pop(identifier, None)
        if cluster is not None:
            block = self._blocks[cluster.block]
            block.members.remove(cluster)
            block.take(cluster)

    def eligible(self, mention: Mention) -> bool:
        """Whether ``mention`` belongs in a cluster: it asserts, reports or denies the
        event, has a type, and names a source or a target."""
        tolerances = self.tolerances
        return (
            bool(mention.type)
            and (mention.source is not None or mention.target is not None)
            and (mention.factuality in tolerances.counts or mention.factuality in tolerances.denies)
        )

    def assign(self, mentions: Iterable[Mention]) -> Assignment:
        """Assign ``mentions`` (in arrival order) to clusters; the state changes are
        noted after each article."""
        out = Assignment()
        before: dict[str, tuple[str, int] | None] = {}
        article: tuple[int, str] | None = None
        for mention in mentions:
            if article is not None and mention.seq != article[0]:
                self._note(before, article, out.changes)
                before = {}
            article = (mention.seq, mention.article_id)
            if not self.eligible(mention):
                continue
            cluster = self._join(mention, before)
            out.event_ids.append(mention.event_id)
            out.cluster_ids.append(cluster.id)
            out.touched[cluster.id] = None
        if article is not None:
            self._note(before, article, out.changes)
        return out

    def snapshot(self, cluster: Cluster) -> tuple[str, int]:
        return cluster.state(self.tolerances.corroborated_from), len(cluster.outlets)

    def _note(
        self, before: dict[str, tuple[str, int] | None], article: tuple[int, str],
        changes: list[StateChange],
    ) -> None:  # fmt: skip
        for identifier, previous in before.items():
            state, independent = now = self.snapshot(self._clusters[identifier])
            if now != previous:
                changes.append(
                    StateChange(
                        identifier, article[0], article[1], state, independent,
                        previous[0] if previous else None,
                    )
                )  # fmt: skip

    def _join(self, mention: Mention, before: dict[str, tuple[str, int] | None]) -> Cluster:
        """The cluster ``mention`` joins (a new one if none fits), updated with it."""
        place = None
        if mention.place_rank and mention.lat is not None and mention.lon is not None:
            place = self.place(
                mention.place_rank, mention.lat, mention.lon, mention.country, mention.place_kind
            )
        cluster = self._best(mention, place)
        if cluster is None:
            cluster = Cluster(
                cluster_id(mention.event_id), str(mention.type), mention.source,
                mention.target, mention.symmetric, (mention.seq, mention.idx),
            )  # fmt: skip
            self.restore(cluster)
            before.setdefault(cluster.id, None)
        elif cluster.id not in before:
            before[cluster.id] = self.snapshot(cluster)
        if mention.factuality in self.tolerances.counts:
            cluster.outlets.add(mention.independent)
        else:
            cluster.denials += 1
        if place is not None and (cluster.place is None or place.rank > cluster.place.rank):
            cluster.place = place
        rank = cluster.date[0] if cluster.date else 0
        if mention.date_rank > rank and mention.lo is not None and mention.hi is not None:
            block = self._blocks[cluster.block]
            block.take(cluster)
            cluster.date = (mention.date_rank, mention.lo, mention.hi)
            block.put(cluster)
        return cluster

    def place(
        self, rank: int, lat: float, lon: float, country: str | None, kind: str | None
    ) -> Place:
        """A place anchor, made once for each distinct place (reports repeat them)."""
        key = (rank, lat, lon, country, kind)
        place = self._places.get(key)
        if place is None:
            place = Place.of(rank, lat, lon, country, kind=kind, tolerances=self.tolerances)
            self._places[key] = place
        return place

    def _best(self, mention: Mention, place: Place | None) -> Cluster | None:
        """The compatible cluster nearest in time, then in place, then the earliest.

        The clusters whose date anchor may overlap the mention's interval are searched
        by rings of time buckets outwards from the interval's middle, and the search
        stops when no farther ring can hold a nearer cluster: one met first in ring
        r > 0 lies wholly beyond the r - 1 nearer buckets on that side, so its (doubled)
        time gap is at least 2 (r - 1) BUCKET_DAYS. A cluster spanning several buckets
        may be compared more than once, to no effect: the key is a total order."""
        block = self._blocks.get(_block(str(mention.type), mention.source, mention.target))
        if block is None:
            return None
        lo, hi = mention.lo, mention.hi
        if lo is None or hi is None:
            return self._nearest(mention, place, block.members, None, None)[0]
        best: Cluster | None = None
        key: _Key | None = None
        first, last = lo // BUCKET_DAYS, hi // BUCKET_DAYS
        middle = (lo + hi) // 2 // BUCKET_DAYS
        buckets = block.buckets
        for ring in range(max(middle - first, last - middle) + 1):
            if key is not None and 2 * (ring - 1) * BUCKET_DAYS > key[0]:
                break
            for bucket in (middle - ring, middle + ring) if ring else (middle,):
                clusters = buckets.get(bucket)
                if clusters and first <= bucket <= last:
                    best, key = self._nearest(mention, place, clusters, best, key)
        if block.undated:
            best, key = self._nearest(mention, place, block.undated, best, key)
        return best

    def _nearest(
        self, mention: Mention, place: Place | None, clusters: list[Cluster],
        best: Cluster | None, best_key: _Key | None,
    ) -> tuple[Cluster | None, _Key | None]:  # fmt: skip
        """The best of ``best`` and the compatible ``clusters``, with its key."""
        lo, hi = mention.lo, mention.hi
        source, target, symmetric = mention.source, mention.target, mention.symmetric
        for cluster in clusters:
            # the dyad: same order, or swapped when either is symmetric
            if (source != cluster.source or target != cluster.target) and not (
                (symmetric or cluster.symmetric)
                and source == cluster.target
                and target == cluster.source
            ):
                continue
            anchor = cluster.date
            if lo is None or hi is None or anchor is None:
                gap = _FAR
            elif lo > anchor[2] or anchor[1] > hi:
                continue
            else:
                gap = abs(lo + hi - anchor[1] - anchor[2])
            if best_key is not None and gap > best_key[0]:
                continue
            km = 0.0 if place is None or cluster.place is None else place.distance(cluster.place)
            if km is None:
                continue
            key = (gap, km, cluster.first)
            if best_key is None or key < best_key:
                best, best_key = cluster, key
        return best, best_key

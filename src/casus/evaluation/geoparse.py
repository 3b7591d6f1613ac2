"""Geoparsing evaluation on GeoWebNews (``GWN.xml``) and LGL (``lgl.xml``).

Protocol (documented in the README next to the figures):

* gold toponyms are those with coordinates, except adjectival uses ("Irish", GeoWebNews
  type ``Non_Literal_Modifier``), which casus codes as actors, and toponyms inside the
  name of something that is not a place ("Toronto" in "Toronto Star", type
  ``Embedded_Non_Lit``), which casus deliberately leaves alone; LGL does not type its
  toponyms, so there the demonyms of casus's country table ("Georgian", "Russians")
  are set aside the same way (their count is reported);
* a predicted place *matches* a gold toponym when their character spans overlap; each
  gold toponym is matched at most once;
* precision counts a prediction as wrong only when it overlaps no annotated toponym at
  all (GeoWebNews also annotates demonyms, languages and non-literal expressions);
* resolution is scored on matched pairs: distance under 161 km (100 miles), same
  country (a sea or a continent, which has none, counts as right when within 161 km),
  and same GeoNames id where the gold has one; ``end_to_end`` is the share of all gold
  toponyms found *and* resolved within 161 km. GeoWebNews gives coordinates only: its
  gold country is that of the nearest GeoNames town within 150 km.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..api import build_pipeline
from ..doc import Doc
from ..errors import EvaluationError
from ..model import Article, Origin
from .countries import CountryLocator, country_iso2

__all__ = ["GeoScores", "evaluate_file", "format_scores", "read_corpus"]

_EXCLUDED_TYPES = frozenset({"Non_Literal_Modifier", "Embedded_Non_Lit"})
_KM = 161.0


@dataclass(frozen=True, slots=True)
class GoldToponym:
    start: int
    end: int
    name: str
    lat: float | None
    lon: float | None
    geonameid: int | None
    country: str | None
    kind: str


@dataclass(frozen=True, slots=True)
class GoldArticle:
    text: str
    toponyms: tuple[GoldToponym, ...]


@dataclass
class GeoScores:
    dataset: str
    articles: int = 0
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    false_positives: int = 0
    within_161km: int = 0
    country_correct: int = 0
    country_known: int = 0
    geonameid_correct: int = 0
    geonameid_known: int = 0
    misaligned: int = 0
    demonyms_set_aside: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return _ratio(self.predicted - self.false_positives, self.predicted)

    @property
    def recall(self) -> float:
        return _ratio(self.matched, self.gold)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "acc161": round(_ratio(self.within_161km, self.matched), 4),
            "country": round(_ratio(self.country_correct, self.country_known), 4),
            "geonameid": round(_ratio(self.geonameid_correct, self.geonameid_known), 4),
            "end_to_end": round(_ratio(self.within_161km, self.gold), 4),
        }


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def _float(text: str | None) -> float | None:
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        return None


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text else None
    except ValueError:
        return None


def _gwn_toponym(node: ET.Element) -> GoldToponym:
    return GoldToponym(
        start=int(node.findtext("start") or 0),
        end=int(node.findtext("end") or 0),
        name=node.findtext("extractedName") or "",
        lat=_float(node.findtext("latitude")),
        lon=_float(node.findtext("longitude")),
        geonameid=_int(node.findtext("geonamesID")),
        country=None,
        kind=node.findtext("type") or "",
    )


def _lgl_toponym(node: ET.Element) -> GoldToponym:
    tag = node.find("gaztag")
    return GoldToponym(
        start=int(node.findtext("start") or 0),
        end=int(node.findtext("end") or 0),
        name=node.findtext("phrase") or "",
        lat=_float(tag.findtext("lat")) if tag is not None else None,
        lon=_float(tag.findtext("lon")) if tag is not None else None,
        geonameid=_int(tag.get("geonameid")) if tag is not None else None,
        country=country_iso2(tag.findtext("country") or "") if tag is not None else None,
        kind="Literal",
    )


def read_corpus(path: Path) -> tuple[str, list[GoldArticle]]:
    """(dataset name, articles) from a GeoWebNews or LGL XML file."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise EvaluationError(f"cannot read evaluation file: {exc}", where=str(path)) from None
    articles: list[GoldArticle] = []
    dataset = "gwn"
    for node in root.iter("article"):
        text = node.findtext("text") or ""
        toponym_nodes = node.iter("toponym")
        if node.get("docid") is not None:
            dataset = "lgl"
            toponyms = tuple(_lgl_toponym(t) for t in toponym_nodes)
        else:
            toponyms = tuple(_gwn_toponym(t) for t in toponym_nodes)
        articles.append(GoldArticle(text, toponyms))
    if not articles:
        raise EvaluationError("no <article> elements found", where=str(path))
    return dataset, articles


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def _score_article(
    gold: GoldArticle, doc: Doc, scores: GeoScores, locator: CountryLocator
) -> Iterator[str]:
    """Add one article's counts to ``scores``; yield a line for each resolution error."""
    demonyms = locator.demonyms
    evaluated = []
    for t in gold.toponyms:
        if t.lat is None or t.kind in _EXCLUDED_TYPES:
            continue
        if t.name in demonyms:
            scores.demonyms_set_aside += 1
            continue
        evaluated.append(t)
    scores.gold += len(evaluated)
    used: set[int] = set()
    for place in doc.places:
        scores.predicted += 1
        hit = next(
            (
                i
                for i, t in enumerate(evaluated)
                if i not in used and _overlaps(place.start, place.end, t.start, t.end)
            ),
            None,
        )
        if hit is None:
            if not any(_overlaps(place.start, place.end, t.start, t.end) for t in gold.toponyms):
                scores.false_positives += 1
            continue
        used.add(hit)
        scores.matched += 1
        yield from _score_resolution(evaluated[hit], place, scores, locator)


def _score_resolution(
    gold: GoldToponym, place: object, scores: GeoScores, locator: CountryLocator
) -> Iterator[str]:
    from ..model import PlaceMention

    assert isinstance(place, PlaceMention) and gold.lat is not None and gold.lon is not None
    distance = haversine_km(gold.lat, gold.lon, place.lat, place.lon)
    if distance <= _KM:
        scores.within_161km += 1
    gold_country = gold.country or locator.country_at(gold.lat, gold.lon)
    if gold_country:
        scores.country_known += 1
        if place.country is None:
            scores.country_correct += distance <= _KM
        else:
            scores.country_correct += gold_country == place.country
    if gold.geonameid:
        scores.geonameid_known += 1
        scores.geonameid_correct += gold.geonameid == place.geonameid
    if distance > _KM:
        yield (
            f"{gold.name!r}: gold ({gold.lat:.2f},{gold.lon:.2f}) {gold_country or '?'}; "
            f"casus {place.name} {place.country} {place.kind} ({distance:.0f} km)"
        )


def evaluate_file(path: Path, *, limit: int | None = None) -> GeoScores:
    dataset, articles = read_corpus(path)
    pipeline = build_pipeline()
    locator = CountryLocator()
    scores = GeoScores(dataset=dataset)
    for gold in articles[:limit]:
        scores.articles += 1
        scores.misaligned += sum(
            1 for t in gold.toponyms if gold.text[t.start : t.end].strip() != t.name.strip()
        )
        doc = pipeline.run(Doc(Article(text=gold.text, origin=Origin(dataset))))
        scores.errors.extend(_score_article(gold, doc, scores, locator))
    return scores


def format_scores(scores: GeoScores) -> str:
    d = scores.as_dict()
    lines = [
        f"geoparse {scores.dataset}: {scores.articles} articles, {scores.gold} gold toponyms, "
        f"{scores.predicted} predicted ({scores.misaligned} gold spans misaligned, "
        f"{scores.demonyms_set_aside} demonyms set aside)",
        f"  recognition  precision {d['precision']:.3f}  recall {d['recall']:.3f}  "
        f"F1 {d['f1']:.3f}",
        f"  resolution   within 161 km {d['acc161']:.3f}  correct country {d['country']:.3f}  "
        f"same GeoNames id {d['geonameid']:.3f}",
        f"  end to end   found and within 161 km {d['end_to_end']:.3f}",
    ]
    return "\n".join(lines)


def scores_dict(scores: GeoScores) -> dict[str, object]:
    return {k: v for k, v in asdict(scores).items() if k != "errors"}

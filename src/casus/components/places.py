"""Places: find toponyms and geocode them.

Recognition: capitalised token sequences found in the gazetteer (all-capitals datelines
too: "TBILISI —"), except where the capitals say "name of something else" (a person,
an organisation, "Washington Post", "Laurel County"), where the word is a month, a
demonym or an ordinary English word at the start of a sentence or in a headline, or
inside a person or organisation mention.

Resolution: each candidate is scored by its kind (a country name beats a town called
"Armenia"), its population, how much the article is about its country and its
first-level region (countries named, actors coded, US states named, places already
resolved), and explicit qualifiers ("Gyumri, Armenia", "Alexandria, La.", "the Kazakh
city of Aktau"). Two passes: the second re-scores with what the first resolved. The
``rule`` of a place says where it came from and which evidence decided it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..doc import Doc
from ..gazetteer import Gazetteer, Place, default_gazetteer
from ..lexicon import ActorLexicon, load_lexicon
from ..matcher import SEP
from ..model import PlaceMention
from ..text import Tokens
from .names import name_matches

__all__ = ["PlaceResolver"]

_SKIP_SEGMENTS = frozenset({"boilerplate", "source_link", "byline"})
_BLOCKING_ACTORS = frozenset({"person", "role", "group", "igo"})
_TITLE_CASE_SEGMENTS = frozenset({"title", "heading", "related"})
# Capitalised words that may stand next to a place name without making it part of
# another name ("North Dagestan", "Khachmaz District", "Gaza Strip").
_GEO_WORDS = frozenset(
    """North South East West Northern Southern Eastern Western Central Upper Lower Greater
    Northeast Northwest Southeast Southwest Northeastern Northwestern Southeastern
    Southwestern Mid Middle Inner Outer Coastal Occupied Liberated Historic Old New
    District Region Province Oblast Krai Governorate City Rayon Marz Republic
    Sea River Valley Gorge Corridor Strait Gulf Bay Lake Mountains Peninsula Island
    Islands Airport Port Border Highway Basin Plain Plateau Coast Front Sector
    Autonomous State Territory Area Metropolitan""".split()
)
# Capitalised words after which a place name still names the place: its institutions
# ("Mansfield Police Department", "Minnesota National Guard", "Moscow City Court").
_INSTITUTIONS = frozenset(
    """Police Mayor Sheriff Sheriff's Fire Council City Department Governor Gov Schools
    School High Hospital Airport Station Chamber Board Court Jail Library Museum Zoo
    Regional Municipal Metro Transit Public National House Senate Legislature Army Navy
    Guard Region Oblast Province District Municipality Emergency Health Prosecutor's
    Prosecutors Prison Authority Administration Assembly Parliament Legislative State""".split()
)
# After a town's name these make it the name of something else ("Laurel County").
_ADMIN_AFTER = frozenset({"County", "Parish", "Township", "Borough"})
# Lower-case generic words that turn a town into its district ("Poonch district").
_DISTRICT_AFTER = frozenset({"district", "province", "region", "governorate", "oblast"})
# Generic nouns that introduce a place name ("the Kazakh city of Aktau").
PLACE_NOUNS = frozenset({"city", "town", "village", "port", "capital", "region", "province"})
_KIND_PRIOR = {"country": 3.0, "region": 2.2, "sea": 2.2, "feature": 2.0, "city": 0.0}
_POPULATION_WEIGHT = 0.6
_COUNTRY_WEIGHT = 2.0
_ADMIN1_WEIGHT = 3.0
_QUALIFIER_BONUS = 6.0
_CAPS_MIN_POPULATION = 100_000
_SOFT, _HARD = 1, 2
_ALTERNATE_PENALTY = 1.5
_HEADLINE_MIN_POPULATION = 100_000
_LOCATIVE_BEFORE = frozenset(
    "in at from to near into across outside inside around towards toward via of".split()
)


@dataclass(slots=True)
class _Mention:
    first: int
    last: int
    candidates: list[Place]
    qualifier: str | None = None
    """ISO2 country or US postal code given explicitly next to the name."""
    suffix: str | None = None
    """A lower-case generic word after a town's name ("district")."""


@dataclass
class _Context:
    """How much the article is about each country (ISO2) and first-level region."""

    countries: dict[str, float] = field(default_factory=dict)
    admin1: dict[tuple[str, str], float] = field(default_factory=dict)

    def add_country(self, country: str, weight: float = 1.0) -> None:
        self.countries[country] = self.countries.get(country, 0.0) + weight

    def add_admin1(self, country: str, admin1: str, weight: float = 1.0) -> None:
        key = (country, admin1)
        self.admin1[key] = self.admin1.get(key, 0.0) + weight

    def country_share(self, country: str | None) -> float:
        total = sum(self.countries.values())
        return self.countries.get(country or "", 0) / total if total else 0.0

    def admin1_share(self, country: str | None, admin1: str) -> float:
        total = sum(self.admin1.values())
        if not total or not admin1:
            return 0.0
        return self.admin1.get((country or "", admin1), 0) / total


class PlaceResolver:
    """Pipeline component: fills ``doc.places``."""

    name = "places"
    requires = ("segments", "artifacts", "actors", "dates")
    assigns = ("places",)

    def __init__(
        self, gazetteer: Gazetteer | None = None, lexicon: ActorLexicon | None = None
    ) -> None:
        """``gazetteer`` and ``lexicon``: read (the gazetteer from its on-disk cache)
        when not given."""
        self.gaz = gazetteer or default_gazetteer()
        self.lex = lexicon or load_lexicon()
        self._iso3_to_iso2 = {c.iso3: c.iso2 for c in self.lex.countries.values()}
        self._state_codes = {name: code for code, name in self.gaz.us_states.items()}

    def __call__(self, doc: Doc) -> Doc:
        tokens = doc.tokens
        blocked = self._blocked(doc, tokens)
        sentence_starts = {tokens.index_at(start) for start, _ in doc.sentences}
        mentions = self._recognise(doc, tokens, blocked, sentence_starts)
        context = self._context(tokens, mentions, doc)
        first_pass = [self._choose(m, context)[0] for m in mentions]
        for place in first_pass:
            if place.kind != "country" and place.country:
                context.add_country(place.country, 0.5)
                if place.admin1:
                    context.add_admin1(place.country, place.admin1, 0.5)
        for mention in mentions:
            place, why = self._choose(mention, context)
            doc.places.append(self._mention(doc, tokens, mention, place, why))
        return doc

    def _mention(
        self, doc: Doc, tokens: Tokens, mention: _Mention, place: Place, why: str
    ) -> PlaceMention:
        start, end = tokens.starts[mention.first], tokens.ends[mention.last - 1]
        name, kind = place.name, place.kind
        if mention.suffix:
            name, kind, why = f"{place.name} {mention.suffix}", "region", f"{why}+town-district"
        return PlaceMention(
            start=start,
            end=end,
            text=doc.text[start:end],
            name=name,
            country=place.country,
            lat=round(place.lat, 5),
            lon=round(place.lon, 5),
            kind=kind,
            geonameid=None if mention.suffix else place.geonameid,
            rule=f"places:gazetteer({place.source})+{why}",
        )

    # -- recognition ------------------------------------------------------------
    def _blocked(self, doc: Doc, tokens: Tokens) -> list[int]:
        """Per token: ``_HARD`` in dates, foreign-script runs and non-content segments
        (never part of a place); ``_SOFT`` in names of people and organisations (part of
        a place only inside a longer curated name: "Trump Route for International Peace
        and Prosperity"); 0 otherwise."""
        blocked = [_HARD if kind in _SKIP_SEGMENTS else 0 for kind in doc.token_segments]
        for name in name_matches(doc, self.lex):
            if any(e.kind in _BLOCKING_ACTORS for e in name.values):
                for i in range(name.first, name.last):
                    blocked[i] = max(blocked[i], _SOFT)
        spans = [(a.start, a.end, _SOFT) for a in doc.actors if a.kind in _BLOCKING_ACTORS]
        spans += [(d.start, d.end, _HARD) for d in doc.dates]
        spans += [(a.start, a.end, _HARD) for a in doc.artifacts]
        for start, end, level in spans:
            for i in range(tokens.index_at(start), len(tokens)):
                if tokens.starts[i] >= end:
                    break
                blocked[i] = max(blocked[i], level)
        return blocked

    def _recognise(
        self, doc: Doc, tokens: Tokens, blocked: list[int], sentence_starts: set[int]
    ) -> list[_Mention]:
        texts = tokens.texts
        titled = [_title_caps(t) for t in texts]
        surnames = _surnames(texts)
        mentions: list[_Mention] = []
        longest = self.gaz.longest
        starts = [k for k, t in enumerate(texts) if t in longest or titled[k] in longest]
        free = 0
        for i in starts:
            if i < free:
                continue
            found = self._longest_at(texts, i, blocked) or self._longest_caps(
                titled,
                i,
                blocked,
                dateline=i == 0 or "\n" in doc.text[tokens.ends[i - 1] : tokens.starts[i]],
            )
            if found is None:
                continue
            last, candidates = found
            free = last
            if self._is_other_name(doc, tokens, i, last, sentence_starts) or (
                last - i == 1 and texts[i] in surnames and not _strong_place(candidates)
            ):
                continue
            if doc.token_segments[i] in _TITLE_CASE_SEGMENTS:
                candidates = [p for p in candidates if _well_known(p)]
                if not candidates:  # a Title Case headline capitalises every word
                    continue
            mention = _Mention(i, last, candidates, self._qualifier(tokens, i, last))
            if (
                last < len(texts)
                and texts[last] in _DISTRICT_AFTER
                and all(p.kind == "city" for p in candidates)
            ):
                mention.suffix, mention.last = texts[last], last + 1
            mentions.append(mention)
            free = mention.last
        return mentions

    def _longest_at(
        self, texts: list[str] | tuple[str, ...], i: int, blocked: list[int]
    ) -> tuple[int, list[Place]] | None:
        first = texts[i]
        if blocked[i] == _HARD or not first[:1].isupper():
            return None
        longest = self.gaz.longest.get(first, 0)
        for size in range(min(longest, len(texts) - i), 0, -1):
            window = blocked[i : i + size]
            if _HARD in window:
                continue
            places = self.gaz.candidates(SEP.join(texts[i : i + size]))
            if places and (_SOFT not in window or _contains_name(window, places)):
                return i + size, places
        return None

    def _longest_caps(
        self, titled: list[str], i: int, blocked: list[int], *, dateline: bool
    ) -> tuple[int, list[Place]] | None:
        """An all-capitals name: any place at the start of a line (a dateline, "MANSFIELD
        --"), elsewhere only a well-known one (a headline in capitals)."""
        if not titled[i] or blocked[i]:
            return None
        found = self._longest_at(titled, i, blocked)
        if found is None:
            return None
        last, places = found
        if any(not titled[k] for k in range(i, last)):
            return None
        if dateline:
            return last, places
        if last - i == 1 and len(titled[i]) < 4:
            return None  # "SOL", "ISIS": acronyms, not a capitalised headline word
        known = [p for p in places if p.curated or p.population >= _CAPS_MIN_POPULATION]
        return (last, known) if known else None

    def _is_other_name(
        self, doc: Doc, tokens: Tokens, first: int, last: int, sentence_starts: set[int]
    ) -> bool:
        """True when the capitals around the match make it part of a longer name."""
        texts = tokens.texts
        words = texts[first:last]
        phrase = " ".join(words)
        if self.lex.adjectives.lookup(words) or any(
            e.kind == "people" for e in self.lex.names.lookup(words)
        ):
            return True  # "Russian", "Armenians": demonyms, not places
        kind = doc.token_segments[first]
        if last - first == 1 and phrase in self.gaz.common_words:
            if first in sentence_starts or kind in _TITLE_CASE_SEGMENTS:
                return True  # "Retreat will lead to disaster": a word, not Retreat (ZA)
            if first == 0 or tokens.lowered[first - 1] not in _LOCATIVE_BEFORE:
                return True  # "Peace and Prosperity": capitalised as part of a name
        before = texts[first - 1] if first > 0 else ""
        if (
            before in {"and", "&"}
            and first >= 2
            and _capitalised(texts[first - 2])
            and texts[first - 2] not in self.gaz.longest
        ):
            return True  # "Peace and Prosperity": the second half of a name
        if (
            _capitalised(before)
            and first not in sentence_starts
            and before not in _GEO_WORDS
            and not self.lex.adjectives.lookup((before,))
            and not self.lex.agents.lookup((before,))
        ):
            return True  # "George Washington", "Ms Georgia"
        after = texts[last] if last < len(texts) else ""
        if after in _ADMIN_AFTER:
            return True
        if _capitalised(after) and after not in _GEO_WORDS and after not in _INSTITUTIONS:
            return kind not in _TITLE_CASE_SEGMENTS  # "Washington Post", "Pearl Harbor"
        return False

    def _qualifier(self, tokens: Tokens, first: int, last: int) -> str | None:
        """The country or US state that qualifies a name: "Gyumri, Armenia",
        "Alexandria, La.", "the Kazakh city of Aktau"."""
        texts = tokens.texts
        if last + 1 < len(texts) and texts[last] == ",":
            for size in (3, 2, 1):
                key = SEP.join(texts[last + 1 : last + 1 + size])
                if key in self.gaz.us_abbreviations:
                    return self.gaz.us_abbreviations[key]
                for place in self.gaz.candidates(key):
                    if place.kind == "country" and place.country:
                        return place.country
                    if place.kind == "region" and place.country == "US":
                        return self._state_codes.get(place.name)
        if first >= 3 and texts[first - 1] == "of" and texts[first - 2] in PLACE_NOUNS:
            countries = self.lex.adjectives.lookup((texts[first - 3],))
            if countries:
                return countries[0].iso2
        return None

    # -- resolution -------------------------------------------------------------
    def _context(self, tokens: Tokens, mentions: list[_Mention], doc: Doc) -> _Context:
        context = _Context()
        for actor in doc.actors:
            iso2 = self._iso3_to_iso2.get(actor.code or "")
            if iso2:
                context.add_country(iso2)
        for match in self.lex.adjectives.find(tokens):
            context.add_country(match.values[0].iso2)
        for mention in mentions:
            countries = {p.country for p in mention.candidates if p.country}
            if len(countries) == 1:
                context.add_country(countries.pop())
            state = next(
                (p for p in mention.candidates if p.kind == "region" and p.country == "US"), None
            )
            if state is not None and state.name in self._state_codes:
                context.add_admin1("US", self._state_codes[state.name])
            if mention.qualifier in self.gaz.us_states:
                context.add_admin1("US", mention.qualifier)
                context.add_country("US")
        return context

    def _choose(self, mention: _Mention, context: _Context) -> tuple[Place, str]:
        best: tuple[float, Place, str] | None = None
        for place in mention.candidates:
            score = _KIND_PRIOR[place.kind] + _POPULATION_WEIGHT * math.log10(place.population + 10)
            why = "prior"
            if place.curated:
                score += 1.0
            if place.alternate:
                score -= _ALTERNATE_PENALTY
            share = context.country_share(place.country)
            if share:
                score += _COUNTRY_WEIGHT * share
                why = f"context({place.country})"
            region = context.admin1_share(place.country, place.admin1)
            if region:
                score += _ADMIN1_WEIGHT * region
                why = f"context({place.country}-{place.admin1})"
            if mention.qualifier and mention.qualifier in (place.country, place.admin1):
                score += _QUALIFIER_BONUS
                why = f"qualifier({mention.qualifier})"
            if best is None or score > best[0]:
                best = (score, place, why)
        assert best is not None
        return best[1], best[2]


_FUNCTION_WORDS = frozenset(
    """The A An In On At For From To By Of And But Or With As If When While After Before
    Since Until Through Across Near Outside Inside Into Over Under About Against Between
    During Without Within This That These Those Its Their His Her Our My Your New Old
    Greater Downtown Uptown Suburban Rural Both All Some Many Most Every Each""".split()
)
_PERSON_TITLES = frozenset("Mr Mrs Ms Dr Prof Sir Dame Lady Lord Sen Rep Gov Gen".split())
_SPEECH_AFTER = frozenset("said says told added asked wrote explained noted".split())


def _surnames(texts: tuple[str, ...]) -> frozenset[str]:
    """Words the article uses as surnames: the second word of a two-word capitalised
    name ("Paul Allen"), a word after a title ("Mr. Nelson") or before "said"."""
    found: set[str] = set()
    for i in range(1, len(texts)):
        word, before = texts[i], texts[i - 1]
        if not _capitalised(word):
            continue
        after = texts[i + 1] if i + 1 < len(texts) else ""
        two_words = (
            _capitalised(before)
            and not (i >= 2 and _capitalised(texts[i - 2]))
            and not _capitalised(after)
        )
        if (
            (two_words and before not in _GEO_WORDS and before not in _FUNCTION_WORDS)
            or before in _PERSON_TITLES
            or (before == "." and i >= 2 and texts[i - 2] in _PERSON_TITLES)
            or after in _SPEECH_AFTER
        ):
            found.add(word)
    return frozenset(found)


def _contains_name(window: list[int], places: list[Place]) -> bool:
    """A curated place name that contains a person's or organisation's name (and more)."""
    return len(window) > 1 and 0 in window and all(p.curated for p in places)


def _well_known(place: Place) -> bool:
    return place.curated or place.population >= _HEADLINE_MIN_POPULATION


def _strong_place(candidates: list[Place]) -> bool:
    """A country, a curated region or a large city keeps its place reading."""
    return any(p.curated or p.population >= 1_000_000 for p in candidates)


def _capitalised(text: str) -> bool:
    return len(text) > 1 and text[0].isupper() and text[1:2].islower()


def _title_caps(text: str) -> str:
    """ "DELHI" -> "Delhi" for all-capital words of three letters or more, else ""."""
    return text.title() if len(text) >= 3 and text.isalpha() and text.isupper() else ""

"""Recipients the clause does not name outright, and recipients that are no recipient.

* **A country never acts on itself through one of its own places.** A recipient that
  stands for one of the source's own cities ("Moscow" as a metonym) is dropped, and so
  is the source's own territory as the recipient of force or of troop movements
  ("Russian air defences shot down drones over Belgorod" is not Russia attacking
  Russia). A state's coercion at home keeps its territory: "police detained hundreds in
  Tbilisi" is Georgia acting on Georgians.
* **The clause's complement.** With no recipient in the object or the pattern's
  preposition, a coded actor elsewhere in the complement stands for it: "froze its
  participation in the CSTO", "suspended flights to Russia" (parsed sentences only).
* **The article's dyad.** Still without one, when the article's events so far pair the
  source mostly with one other country ("Russia ... Azerbaijan ... the Russian leader
  apologised"), that country is the recipient (``context``). When no event has paired
  the source yet, a verb's recipient is the actor most often named so far, up to the end
  of the sentence, apart from the source, when it holds most of those mentions
  (``named``: "Zelensky said pressure on Moscow must grow and called for sanctions").
  An ambiguous dyad of events stays ambiguous.
* **At home.** A protest, or coercion by a state, with no recipient named is aimed at
  the source's own country: protesters at their government, police at their citizens.

A recipient found either way is marked (``kind``: complement or context), its origin
goes into the event's rule, and the event's confidence is lower
(``confidence.context_target`` in ``factuality.yaml``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace

from ...model import Event
from ..syntax.roles import Party

__all__ = ["DOMINANT", "NAMED", "Counterparts", "at_home", "complement", "without_own_places"]

_PLACE_KINDS = frozenset({"territory", "metonym"})


def without_own_places(
    sources: list[Party], targets: list[Party], *, territory: bool
) -> list[Party]:
    """``targets`` without the capitals and cities of the sources' own countries; with
    ``territory``, also without their territory (force used or troops moved on one's
    own soil have another recipient; a state's coercion at home does not)."""
    codes = {s.code for s in sources if s.code}
    kinds = _PLACE_KINDS if territory else _PLACE_KINDS - {"territory"}
    return [t for t in targets if not (t.code in codes and t.kind in kinds)]


DOMINANT = 0.75
"""The share of a country's dyads so far that one counterpart must hold for the article's
dyad to count as unambiguous."""
NAMED = 0.6
"""With no such dyad: the share of the other actors' mentions so far that one country
must hold to be taken as the counterpart."""


@dataclass
class Counterparts:
    """Per document: which countries each country has acted with so far, how often."""

    pairs: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    mentioned: Counter[str] = field(default_factory=Counter)
    """How often each country has been named so far."""

    def see(self, codes: list[str]) -> None:
        """Count the country codes named in a sentence about to be coded."""
        self.mentioned.update(codes)

    def add(self, event: Event) -> None:
        """Remember the dyad of a done or reported event with two coded parties."""
        source, target = event.source, event.target
        if source is None or target is None or not source.code or not target.code:
            return
        if source.code == target.code or event.factuality not in {"asserted", "reported"}:
            return
        self.pairs[source.code][target.code] += 1
        self.pairs[target.code][source.code] += 1

    def recipient(self, sources: list[Party], at: int, *, named: bool = True) -> list[Party]:
        """The country the sources have mostly been paired with (at least
        :data:`DOMINANT` of their dyads so far), as a recipient at token ``at``; with no
        dyad yet and ``named``, the actor named most (:data:`NAMED` of the others'
        mentions); none when the sources are several countries or neither is clear."""
        codes = {s.code for s in sources if s.code}
        if len(codes) != 1:
            return []
        (code,) = codes
        paired = self.pairs.get(code)
        found = _dominant(paired, DOMINANT)
        how = "context"
        if named and not paired and code in self.mentioned:  # an ambiguous dyad stays so
            others = Counter({k: n for k, n in self.mentioned.items() if k != code})
            found = _dominant(others, NAMED)
            how = "named"
        if found is None:
            return []
        return [Party(found, None, found, at, at, "context", f"{how}({code}-{found})")]


def _dominant(counts: Counter[str] | None, share: float) -> str | None:
    """The most frequent code when it holds at least ``share`` of ``counts``."""
    if not counts:
        return None
    other, count = counts.most_common(1)[0]
    return other if count >= share * sum(counts.values()) else None


def at_home(sources: list[Party], event_type: str, home_types: frozenset[str]) -> list[Party]:
    """A domestic act's recipient: protests and a state's coercion with no named
    recipient are aimed at the source's own country (PLOVER codes protesters against
    their government, police against their citizens) when ``event_type`` is one of
    ``home_types``."""
    codes = {s.code for s in sources if s.code}
    if event_type not in home_types or len(codes) != 1:
        return []
    (code,) = codes
    first = sources[0]
    return [Party(code, None, code, first.first, first.first, "context", f"home({code})")]


def complement(found: list[Party], sources: list[Party]) -> list[Party]:
    """The first coded actor of the complement that is not a source, marked as such."""
    codes = {s.code for s in sources}
    return [replace(p, kind="complement") for p in found if p.code and p.code not in codes][:1]

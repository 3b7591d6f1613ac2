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
* **The paragraph's dyad.** Still without one, when the article so far pairs the source
  with exactly one other country ("Russia ... Azerbaijan ... the Russian leader
  apologised"), that country is the recipient.

A recipient found either way is marked (``kind``: complement or context), its origin
goes into the event's rule, and the event's confidence is lower
(``confidence.context_target`` in ``factuality.yaml``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace

from ...model import Event
from ..syntax.roles import Party

__all__ = ["Counterparts", "complement", "without_own_places"]

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


@dataclass
class Counterparts:
    """Per document: which countries each country has acted with so far."""

    pairs: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    sectors: dict[str, str | None] = field(default_factory=dict)

    def add(self, event: Event) -> None:
        """Remember the dyad of a done or reported event with two coded parties."""
        source, target = event.source, event.target
        if source is None or target is None or not source.code or not target.code:
            return
        if source.code == target.code or event.factuality not in {"asserted", "reported"}:
            return
        self.pairs[source.code].add(target.code)
        self.pairs[target.code].add(source.code)
        self.sectors.setdefault(target.code, target.sector)
        self.sectors.setdefault(source.code, source.sector)

    def recipient(self, sources: list[Party], at: int) -> list[Party]:
        """The one country the sources have been paired with, as a recipient at token
        ``at`` (none when there is no such country, or more than one)."""
        codes = {s.code for s in sources if s.code}
        if len(codes) != 1:
            return []
        (code,) = codes
        others = self.pairs.get(code, set())
        if len(others) != 1:
            return []
        (other,) = others
        return [Party(other, None, other, at, at, "context", f"context({code}-{other})")]


def complement(found: list[Party], sources: list[Party]) -> list[Party]:
    """The first coded actor of the complement that is not a source, marked as such."""
    codes = {s.code for s in sources}
    return [replace(p, kind="complement") for p in found if p.code and p.code not in codes][:1]

"""Actors: who appears in an article, coded as a country (ISO 3166 alpha-3) or an
organisation code, plus a sector.

Sources, in order of trust:

1. names from the lexicon: countries, organisations, groups, seats of power and
   capitals used as metonyms ("the Kremlin", "Baku"), and people, whose code and sector
   come from the post they held on the publication date;
2. agent phrases: a country, capital or organisation modifying a sector noun
   ("Russian Defence Ministry", "Azerbaijan's foreign ministry", "NATO forces");
3. people outside the lexicon, found by role patterns ("political scientist Vladimir
   Ruzansky", "Deputy Prime Minister Kanat Bozumbayev", "X, a Georgian analyst") and
   coded from the modifier of the role or, failing that, from the only country named in
   the sentence; later mentions of their surname are linked to them.

Each mention's ``rule`` says which of these produced it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from ..doc import Doc
from ..lexicon import ActorLexicon, Agent, Entry, Person, load_lexicon
from ..matcher import Match
from ..model import ActorMention
from ..text import Tokens, tokenize
from .names import name_matches

__all__ = ["ActorRecognizer"]

_SKIP_SEGMENTS = frozenset({"boilerplate", "source_link", "byline"})
LOCATIVES = frozenset(
    "in at into inside within throughout across near outside around via through".split()
)
_RELATION_WORDS = frozenset("relations ties talks dialogue axis tensions rapprochement".split())
_FACILITY_WORDS = frozenset(
    """International Airport Street Avenue Square Park Bridge Center Centre Foundation
    Museum University Stadium Palace Prize Award Hall School Institute Highway Station
    Port Library Academy Mosque Cathedral Boulevard Prospekt""".split()
)
_NAME_JOINERS = frozenset({"al", "bin", "ibn", "de", "van", "von", "der", "el", "da", "di"})
_MAX_MODIFIER_GAP = 3
_DATELINE_RE = re.compile(
    r"(?P<city>[A-Z][A-Z .'-]{1,40}?)(?:,\s*(?P<country>[A-Z][\w .'-]{1,40}?))?"
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*(?:\([^)]{1,40}\))?\s*[—–-]"
)
# Agency style: "MOSCOW, December 28." / "Baku, 1 July."
_DATED_RE = re.compile(
    r"(?P<city>[A-Z][A-Za-z.'-]{1,30}(?: [A-Z][A-Za-z.'-]{1,30})?)(?P<country>)"
    r",\s*(?:\d{1,2}\s+[A-Z][a-z]{2,8}|[A-Z][a-z]{2,8}\.?\s+\d{1,2})\s*[.:]"
)
_MODIFIER_WORDS = frozenset(
    """pro anti government state special armed national federal regional local border
    security senior top former acting deputy chief interim elite naval air ground military
    foreign defence defense interior intelligence emergency emergencies health civil main
    general joint new official independent opposition ruling leading private public
    presidential parliamentary diplomatic counterintelligence investigative prosecutor's
    migration customs coast police nationalist separatist occupation occupying peacekeeping
    rescue aviation nuclear energy economy economic""".split()
)


class _Modifier(NamedTuple):
    """A country, capital or organisation that qualifies an agent noun or a role."""

    first: int
    last: int
    code: str
    name: str
    sector: str | None


@dataclass(slots=True)
class _Candidate:
    first: int
    last: int
    code: str | None
    sector: str | None
    name: str
    kind: str
    rule: str
    priority: int


def _is_name_token(text: str) -> bool:
    return len(text) > 1 and text[0].isupper() and text.isalpha() and not text.isupper()


class ActorRecognizer:
    """Pipeline component: fills ``doc.actors`` and ``doc.home_country`` (the dateline's)."""

    name = "actors"
    requires = ("segments",)
    assigns = ("actors", "home_country")

    def __init__(self, lexicon: ActorLexicon | None = None) -> None:
        """``lexicon``: the actor lexicon (the bundled one is read when not given)."""
        self.lex = lexicon or load_lexicon()

    def __call__(self, doc: Doc) -> Doc:
        tokens = doc.tokens
        usable = [kind not in _SKIP_SEGMENTS for kind in doc.token_segments]
        lowered = list(tokens.lowered)
        candidates: list[_Candidate] = []
        candidates += self._names(doc, tokens, lowered)
        doc.home_country = self._home_country(doc)
        candidates += self._agent_phrases(doc, tokens, lowered, doc.home_country)
        chosen = _select(c for c in candidates if all(usable[c.first : c.last]))
        chosen = self._link_surnames(tokens, chosen, usable)
        chosen = _antecedents(chosen)
        doc.actors = [self._mention(doc, tokens, c) for c in chosen]
        return doc

    # -- lexicon names -----------------------------------------------------------
    def _names(self, doc: Doc, tokens: Tokens, lowered: list[str]) -> list[_Candidate]:
        found: list[_Candidate] = []
        seen_people: set[str] = set()
        for match in name_matches(doc, self.lex):
            candidate = self._from_entry(doc, tokens, lowered, match, seen_people)
            if candidate is not None:
                found.append(candidate)
        return found

    def _from_entry(
        self,
        doc: Doc,
        tokens: Tokens,
        lowered: list[str],
        match: Match[Entry],
        seen_people: set[str],
    ) -> _Candidate | None:
        entries = match.values
        first, last = match.first, match.last
        people = [e for e in entries if e.kind == "person"]
        if people:
            return self._person(doc, tokens, match, people, seen_people)
        entry = entries[0]
        before = lowered[first - 1] if first > 0 else ""
        if before == "the" and first > 1:
            before = lowered[first - 2]
        if (before in LOCATIVES or _after_located_place(lowered, first)) and (
            entry.kind == "country" or (entry.kind == "group" and entry.sector is None)
        ):
            return None  # "in Azerbaijan", "in Gyumri, Armenia", "in Grozny" (imported)
        if entry.subkind == "capital" and not _capital_is_actor(tokens, lowered, match, before):
            return None
        rule = f"actors:lexicon({entry.source})"
        return _Candidate(first, last, entry.code, entry.sector, entry.name, entry.kind, rule, 2)

    def _person(
        self,
        doc: Doc,
        tokens: Tokens,
        match: Match[Entry],
        entries: list[Entry],
        seen_people: set[str],
    ) -> _Candidate | None:
        last = match.last
        if last < len(tokens) and tokens.texts[last] in _FACILITY_WORDS:
            return None  # "Heydar Aliyev International Airport"
        people = _unique_people(e.person for e in entries if e.person is not None)
        full = [e for e in entries if not e.alias]
        if full:
            people = _unique_people(e.person for e in full if e.person is not None)
        person = self._choose_person(people, doc.published, seen_people, alias=not full)
        if person is None:
            return None
        seen_people.add(person.name)
        term = person.term_at(doc.published)
        code = term.code if term else person.country
        sector = term.sector if term else None
        post = term.post if term else "no-post-on-date"
        rule = f"actors:person({person.source};{post})"
        return _Candidate(match.first, last, code, sector, person.name, "person", rule, 3)

    @staticmethod
    def _choose_person(
        people: list[Person], day: date | None, seen: set[str], *, alias: bool
    ) -> Person | None:
        """One person for a name; a bare surname needs an unambiguous reading."""
        already = [p for p in people if p.name in seen]
        if already:
            return already[0]
        in_office = [p for p in people if day is None or p.term_at(day) is not None]
        if len(in_office) == 1:
            return in_office[0]
        if not alias and people:
            return in_office[0] if in_office else people[0]
        return None

    # -- agent phrases ----------------------------------------------------------
    def _agent_phrases(
        self, doc: Doc, tokens: Tokens, lowered: list[str], home: str | None
    ) -> list[_Candidate]:
        found: list[_Candidate] = []
        matches = list(self.lex.agents.find(tokens))
        if not matches:
            return found
        covered = self._covered_by_long_names(doc)
        for index, match in enumerate(matches):
            following = matches[index + 1] if index + 1 < len(matches) else None
            if following is not None and following.first == match.last:
                continue  # "pro-government media": "government" modifies the head "media"
            if covered[match.first] and covered[match.last - 1]:
                continue  # an exact name wins: "UN Security Council", "Sudan Doctors Network"
            agent = _head_agent(match)
            modifier = self._modifier_before(tokens, lowered, match.first)
            if modifier is None:
                modifier = self._modifier_after(tokens, match.last)
            if modifier is not None and _crosses_line(doc.text, tokens, modifier, match):
                modifier = None
            if agent.person:
                person = self._role_person(
                    doc, tokens=tokens, match=match, agent=agent, modifier=modifier
                )
                if person is not None:
                    found.append(person)
                    continue
            if modifier is not None:
                found.append(self._agent_candidate(match, agent, modifier))
            elif not agent.person:
                institution = self._institution(doc, tokens, match, agent, home)
                if institution is not None:
                    found.append(institution)
        return found

    def _institution(
        self, doc: Doc, tokens: Tokens, match: Match[Agent], agent: Agent, home: str | None
    ) -> _Candidate | None:
        """An institution or group with no country before it ("The Foreign Ministry
        said", "the National Guard", "opposition parties", "riot police"). Its country:
        an opening "In Tehran," of the sentence; else the dateline's, unless the sentence
        names another country; else, later, an earlier mention of the same sector (see
        :meth:`_antecedents`); else none (uncoded rather than guessed)."""
        texts = tokens.texts
        first = match.first
        while first > 0 and _is_name_token(texts[first - 1]) and texts[first - 1] != "The":
            first -= 1  # "Culture Ministry", "Caspian Flotilla"
        sector = "GOV" if agent.sector == "inherit" else agent.sector
        anchor, codes = self._sentence_codes(doc, tokens, match.first)
        code: str | None = None
        how = "uncoded"
        located = self._located_after(tokens, match.last)
        if texts[first].lower() in _REGIONAL:
            how = "regional"  # "Western governments": not the dateline's country
        elif located is not None:
            code, how = located, f"located({located})"
        elif anchor is not None:
            code, how = anchor, f"sentence-place({anchor})"
        elif home is not None and codes <= {home}:
            code, how = home, f"dateline-country({home})"
        rule = f"actors:agent({agent.source})+{how}"
        name = " ".join(texts[first : match.last])
        return _Candidate(first, match.last, code, sector, name, "agent", rule, 3)

    def _home_country(self, doc: Doc) -> str | None:
        """The country of the dateline ("BAKU, June 30 —", "AKTAU, Kazakhstan —")."""
        body = next((s for s in doc.segments if s.kind == "body"), None)
        if body is None:
            return None
        match = _DATELINE_RE.match(doc.text, body.start, body.end) or _DATED_RE.match(
            doc.text, body.start, body.end
        )
        if match is None:
            return None
        for part in (match["country"], match["city"]):
            if not part:
                continue
            words = tokenize(part.strip().title() if part.isupper() else part.strip()).texts
            for entry in self.lex.names.lookup(words):
                if entry.kind in {"country", "metonym"} and entry.code in self.lex.countries:
                    return entry.code
        return None

    def _covered_by_long_names(self, doc: Doc) -> list[bool]:
        """Tokens inside a lexicon name of two or more tokens."""
        covered = [False] * len(doc.tokens)
        for match in name_matches(doc, self.lex):
            if match.last - match.first > 1:
                covered[match.first : match.last] = [True] * (match.last - match.first)
        return covered

    def _agent_candidate(
        self, match: Match[Agent], agent: Agent, modifier: _Modifier
    ) -> _Candidate:
        first = min(modifier.first, match.first)
        last = max(modifier.last, match.last)
        code, name = modifier.code, modifier.name
        sector = _sector(agent, modifier)
        if code in self.lex.igos and sector == "GOV":
            sector = "IGO"  # "UN officials" speak for the organisation
        label = self.lex.sectors.get(sector, sector).lower()
        rule = f"actors:agent({agent.source})+modifier({name})"
        return _Candidate(first, last, code, sector, f"{name} {label}", "agent", rule, 4)

    def _modifier_before(self, tokens: Tokens, lowered: list[str], first: int) -> _Modifier | None:
        """(first, last, code, name) of a country/organisation right before ``first``."""
        for gap in range(_MAX_MODIFIER_GAP + 1):
            end = first - gap
            if end <= 0:
                return None
            if gap and not _is_modifier_filler(lowered[end]):
                return None
            found = self._modifier_ending_at(tokens, end)
            if found is not None:
                return found
        return None

    def _modifier_ending_at(self, tokens: Tokens, end: int) -> _Modifier | None:
        texts = tokens.texts
        stop = end - 1 if texts[end - 1] in ("'s", "’s") else end
        for size in range(min(4, stop), 0, -1):
            start = stop - size
            words = texts[start:stop]
            countries = self.lex.adjectives.lookup(words)
            if countries:
                return _Modifier(start, end, countries[0].iso3, countries[0].name, None)
            for entry in self.lex.names.lookup(words):
                if entry.kind in {"country", "igo", "metonym", "group"} and entry.code:
                    return _Modifier(start, end, entry.code, entry.name, entry.sector)
        return None

    def _located_after(self, tokens: Tokens, last: int) -> str | None:
        """ "students throughout Indonesia", "demonstrators in Baghdad": the country
        named right after a group with a locative preposition."""
        texts = tokens.texts
        if last >= len(texts) or texts[last].lower() not in _LOCATED:
            return None
        start = last + 1 + (1 if last + 1 < len(texts) and texts[last + 1] == "the" else 0)
        for size in range(min(4, len(texts) - start), 0, -1):
            for entry in self.lex.names.lookup(texts[start : start + size]):
                if entry.kind in {"country", "metonym"} and entry.code in self.lex.countries:
                    return entry.code
        return None

    def _modifier_after(self, tokens: Tokens, last: int) -> _Modifier | None:
        """ "... Ministry of Defence of Azerbaijan": a country after "of (the)"."""
        texts = tokens.texts
        if last >= len(texts) or texts[last] != "of":
            return None
        start = last + 1 + (1 if last + 1 < len(texts) and texts[last + 1] == "the" else 0)
        for size in range(min(4, len(texts) - start), 0, -1):
            for entry in self.lex.names.lookup(texts[start : start + size]):
                if entry.kind in {"country", "igo"} and entry.code:
                    return _Modifier(start, start + size, entry.code, entry.name, entry.sector)
        return None

    # -- people found by their role --------------------------------------------
    def _role_person(
        self,
        doc: Doc,
        *,
        tokens: Tokens,
        match: Match[Agent],
        agent: Agent,
        modifier: _Modifier | None,
    ) -> _Candidate | None:
        name_start = match.last
        texts = tokens.texts
        # "political scientist and historian Vladimir Ruzansky": skip "and <role>".
        while name_start + 1 < len(texts) and texts[name_start] == "and":
            nxt = next(iter(self.lex.agents.find(tokens, name_start + 1, name_start + 4)), None)
            if nxt is None or nxt.first != name_start + 1:
                break
            name_start = nxt.last
        name_end = _name_span(texts, name_start)
        titled = texts[match.last - 1][:1].isupper()  # "President Obama", not "president Obama"
        if name_end - name_start < 2 and not (name_end - name_start == 1 and titled):
            return None
        name = " ".join(texts[name_start:name_end])
        entries = self.lex.names.lookup(texts[name_start:name_end])
        if any(e.kind != "person" for e in entries):
            return None
        first = modifier.first if modifier and modifier.first < match.first else match.first
        known = [e.person for e in entries if e.person is not None]
        if known:
            person = known[0]
            term = person.term_at(doc.published)
            code = term.code if term else person.country
            sector = term.sector if term else _sector(agent, modifier)
            rule = f"actors:role({agent.source})+person({person.source})"
            return _Candidate(first, name_end, code, sector, person.name, "person", rule, 5)
        context = modifier.code if modifier else self._sentence_country(doc, tokens, match.first)
        how = "modifier" if modifier else "sentence-country" if context else "uncoded"
        rule = f"actors:role({agent.source})+name+{how}"
        sector = _sector(agent, modifier)
        return _Candidate(first, name_end, context, sector, name, "role", rule, 5)

    def _sentence_country(self, doc: Doc, tokens: Tokens, index: int) -> str | None:
        """The only country named (or adjectivally referred to) in the sentence."""
        codes = self._sentence_codes(doc, tokens, index)[1]
        return next(iter(codes)) if len(codes) == 1 else None

    def _sentence_codes(self, doc: Doc, tokens: Tokens, index: int) -> tuple[str | None, set[str]]:
        """(the country of an opening "In Tehran," anchor, every country referred to by
        name, adjective or capital) in the sentence holding token ``index``; computed once
        per sentence."""
        position = doc.sentence_at(tokens.starts[index])
        if position is None:
            return None, set()
        cache: dict[int, tuple[str | None, set[str]]]
        cache = doc.derived("sentence-codes", (self.lex,), dict)
        if position not in cache:
            span = doc.sentences[position]
            cache[position] = self._codes_in(
                tokens, tokens.index_at(span[0]), tokens.index_at(span[1])
            )
        anchor, codes = cache[position]
        return anchor, set(codes)

    def _codes_in(self, tokens: Tokens, lo: int, hi: int) -> tuple[str | None, set[str]]:
        codes: set[str] = set()
        anchor: str | None = None
        for name in self.lex.names.find(tokens, lo, hi):
            for entry in name.values:
                if entry.code in self.lex.countries and entry.kind in {"country", "metonym"}:
                    codes.add(entry.code)
                    if name.first == lo + 1 and tokens.lowered[lo] in LOCATIVES:
                        anchor = entry.code
        for adjective in self.lex.adjectives.find(tokens, lo, hi):
            codes.update(c.iso3 for c in adjective.values)
        return anchor, codes

    def _link_surnames(
        self, tokens: Tokens, chosen: list[_Candidate], usable: list[bool]
    ) -> list[_Candidate]:
        """Later bare-surname mentions of people found by role ("Ruzansky emphasized")."""
        by_surname = {
            c.name.split()[-1]: c for c in chosen if c.kind in {"role", "person"} and " " in c.name
        }
        if not by_surname:
            return chosen
        taken = {i for c in chosen for i in range(c.first, c.last)}
        extra: list[_Candidate] = []
        for i, text in enumerate(tokens.texts):
            source = by_surname.get(text)
            if source is None or i in taken or not usable[i] or source.first > i:
                continue
            rule = f"actors:surname-of({source.name})"
            extra.append(
                _Candidate(i, i + 1, source.code, source.sector, source.name, source.kind, rule, 1)
            )
        return sorted([*chosen, *extra], key=lambda c: c.first)

    def _mention(self, doc: Doc, tokens: Tokens, c: _Candidate) -> ActorMention:
        start, end = tokens.starts[c.first], tokens.ends[c.last - 1]
        return ActorMention(
            start=start,
            end=end,
            text=doc.text[start:end],
            code=c.code,
            sector=c.sector,
            name=c.name,
            kind=c.kind,
            rule=c.rule,
        )


def _after_located_place(lowered: list[str], first: int) -> bool:
    """ "in Gyumri, Armenia": a country after a located place and a comma."""
    return first >= 3 and lowered[first - 1] == "," and lowered[first - 3] in LOCATIVES


def _capital_is_actor(tokens: Tokens, lowered: list[str], match: Match[Entry], before: str) -> bool:
    """A capital stands for its government unless it is where something happens
    ("in Baku", "from Moscow") or part of a name ("the Baku-Novorossiysk pipeline");
    "Moscow-Baku relations" names both governments."""
    if before in LOCATIVES or before in {"from", "of"}:
        return False
    texts = tokens.texts
    hyphen_after = match.last < len(texts) and texts[match.last] == "-"
    hyphen_before = match.first > 0 and texts[match.first - 1] == "-"
    if not (hyphen_after or hyphen_before):
        return True
    tail = match.last + 2 if hyphen_after else match.last
    return tail < len(lowered) and lowered[tail] in _RELATION_WORDS


_ANTECEDENT_WINDOW = 120
"""Tokens back to look for an earlier, coded mention of the same sector."""


_LOCATED = frozenset({"in", "throughout", "across"})
# "Western media", "European governments": regions, not a country's own (left uncoded).
_REGIONAL = frozenset(
    "western eastern european arab gulf african asian latin international global "
    "regional allied".split()
)


def _antecedents(chosen: list[_Candidate]) -> list[_Candidate]:
    """ "The rebels", "the group" after "M23 rebels": an uncoded agent takes the code of
    the nearest earlier coded mention of the same sector (not a person), if close."""
    result: list[_Candidate] = []
    for original in chosen:
        candidate = original
        regional = candidate.name.split(" ", 1)[0].lower() in _REGIONAL
        if (
            candidate.kind == "agent"
            and candidate.code is None
            and candidate.sector
            and not regional
        ):
            earlier = _antecedent(result, candidate)
            if earlier is not None:
                candidate = _Candidate(
                    candidate.first,
                    candidate.last,
                    earlier.code,
                    candidate.sector,
                    candidate.name,
                    candidate.kind,
                    candidate.rule.replace("+uncoded", "") + f"+antecedent({earlier.name})",
                    candidate.priority,
                )
        result.append(candidate)
    return result


def _antecedent(result: list[_Candidate], candidate: _Candidate) -> _Candidate | None:
    """The nearest earlier coded mention of the candidate's sector within the window.
    Mentions do not overlap and are in text order, so their ends grow: the search stops
    at the first one out of the window (a bounded look-back, not a scan of the text)."""
    for c in reversed(result):
        if candidate.first - c.last > _ANTECEDENT_WINDOW:
            return None
        if c.code is not None and c.sector == candidate.sector and c.kind in _ANTECEDENT_KINDS:
            return c
    return None


_ANTECEDENT_KINDS = frozenset({"agent", "group", "role"})


def _crosses_line(text: str, tokens: Tokens, modifier: _Modifier, match: Match[Agent]) -> bool:
    """True when a modifier and its agent noun sit on different lines (or segments)."""
    first = min(modifier.first, match.first)
    last = max(modifier.last, match.last)
    return "\n" in text[tokens.starts[first] : tokens.ends[last - 1]]


def _sector(agent: Agent, modifier: _Modifier | None) -> str:
    """An agent's sector; generic roles ("head", "director") take their organisation's."""
    if agent.sector != "inherit":
        return agent.sector
    return (modifier.sector if modifier else None) or "GOV"


def _head_agent(match: Match[Agent]) -> Agent:
    return match.values[0]


def _is_modifier_filler(text: str) -> bool:
    """Words allowed between a country and its agent noun: known modifiers
    ("Azerbaijani pro-government media", "Russian special forces"); never verbs or
    function words ("accused Rwanda of sending troops", "Moscow takes any military")."""
    return text == "-" or text in _MODIFIER_WORDS


def _name_span(texts: tuple[str, ...], start: int) -> int:
    """End of a run of capitalised name tokens starting at ``start`` (at most 4)."""
    end = start
    while end < len(texts) and end - start < 4:
        text = texts[end]
        if _is_name_token(text) or (end > start and text in _NAME_JOINERS):
            end += 1
        elif (
            text == "-" and end > start and end + 1 < len(texts) and _is_name_token(texts[end + 1])
        ):
            end += 2
        else:
            break
    while end > start and texts[end - 1] in _NAME_JOINERS:
        end -= 1
    return end


def _unique_people(people: Iterable[Person]) -> list[Person]:
    result: list[Person] = []
    for person in people:
        if person not in result:
            result.append(person)
    return result


def _select(candidates: Iterable[_Candidate]) -> list[_Candidate]:
    """Non-overlapping candidates: higher priority, then longer, then earlier wins."""
    ranked = sorted(candidates, key=lambda c: (-c.priority, -(c.last - c.first), c.first))
    taken: set[int] = set()
    chosen: list[_Candidate] = []
    for candidate in ranked:
        span = range(candidate.first, candidate.last)
        if any(i in taken for i in span):
            continue
        taken.update(span)
        chosen.append(candidate)
    return sorted(chosen, key=lambda c: c.first)

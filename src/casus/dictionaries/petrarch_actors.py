"""PETRARCH actor entries as casus people and groups.

An entry with dated codes that carry a sector (``[AZEGOV >031031]``) under a name that is
not an organisation's becomes a person with one role per code; any other entry becomes a
group (countries, organisations, armed groups). Names are cleaned and cased as news
writes them; names casus already has for a country are left to casus, and duplicates are
merged.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date

from .cameo import ROLES, code_chunks, igo_code, sector_of, split_code
from .lexicon_files import bundled_country_names
from .names import has_vowel, initials, is_person_noun, repair_mojibake, title_case
from .petrarch_reader import ActorCode, RawEntry
from .results import GroupRow, ImportReport, PersonRow, RoleRow

__all__ = ["convert_actors"]

# -- names -----------------------------------------------------------------------------


def _clean(raw: str) -> tuple[str, list[str], bool]:
    """A raw phrase without underscores, odd characters and parentheses; the acronyms
    given in parentheses ("ADEN_ABYAN_ISLAMIC_ARMY_(AAIA)"); whether a parenthesis held
    something else, a qualifier news would not write ("KOREA_(NORTH)")."""
    text = repair_mojibake(raw).replace("_", " ")
    text = "".join(c for c in text if unicodedata.category(c)[0] != "C" and c not in "|\t")
    inner = [" ".join(w.split()) for w in re.findall(r"\(([^()]*)\)", text)]
    text = " ".join(re.sub(r"\([^()]*\)", " ", text).split()).strip(" ,;:")
    spelled = initials(text)
    acronyms = [
        w
        for w in inner
        if re.fullmatch(r"[A-Z][A-Z0-9.&-]{1,9}", w)
        and (w.replace(".", "") in spelled or len(w) <= 3 or not has_vowel(w))
    ]
    return text, acronyms, len(acronyms) < len(inner)


def _cleaned_names(raw_names: Sequence[str], report: ImportReport) -> tuple[list[str], set[str]]:
    """Cleaned names (file order) and the acronyms among them.

    A name with a qualifier in parentheses is dropped, unless the entry has no other.
    """
    found: list[tuple[str, list[str], bool]] = []
    for raw in raw_names:
        for piece in raw.split("+"):
            if "\ufffd" in piece:
                report.skip("name with unreadable characters (U+FFFD) (name dropped)")
            else:
                found.append(_clean(piece))
    if any(not qualified for _text, _acronyms, qualified in found):
        dropped = [f for f in found if f[2]]
        report.skip("name with a qualifier in parentheses (name dropped)", len(dropped))
        found = [f for f in found if not f[2]]
    cleaned = [name for text, acronyms, _ in found for name in (text, *acronyms)]
    return cleaned, {a for _text, acronyms, _ in found for a in acronyms}


def _names(
    raw_names: Sequence[str], report: ImportReport, *, group: bool, short_acronyms: bool = False
) -> list[str]:
    """Casus names for an entry's primary name and synonyms (first = primary).

    ``short_acronyms``: one-word names of two to five letters are acronyms (IGOs, NGOs).
    """
    cleaned, acronyms = _cleaned_names(raw_names, report)
    spelled = {i for text in cleaned for i in initials(text)}
    for text in cleaned:
        short = short_acronyms and re.fullmatch(r"[A-Z]{2,5}", text)
        if text in spelled or short:
            acronyms.add(text)
    names: list[str] = []
    for text in cleaned:
        name = title_case(text, acronyms, person=not group)
        if group and name.lower().startswith("the ") and len(name) > 5:
            name = name[4:]
        variants = [name]
        if re.match(r"(Al|El)-\w", name):
            variants.append(name[0].lower() + name[1:])
        for variant in variants:
            if len(variant.strip(".-' ")) <= 1:
                report.skip("name empty or one character after conversion (name dropped)")
            elif variant not in names:
                names.append(variant)
    return names


# -- people and groups ------------------------------------------------------------------


def _most_recent(codes: Sequence[ActorCode]) -> ActorCode:
    return max(codes, key=lambda c: (c.end is None, c.end or date.min, c.start or date.min))


def _person(entry: RawEntry, names: list[str], report: ImportReport) -> PersonRow | None:
    dated = [c for c in entry.codes if c.dated]
    defaults = [c for c in entry.codes if not c.dated]
    with_country = [c for c in dated if split_code(c.code)[0]]
    home_code = _most_recent(with_country) if with_country else None
    if home_code is None:
        homes = [c for c in defaults if split_code(c.code)[0]]
        home_code = homes[-1] if homes else None
    if home_code is None:
        report.skip("person without a country or organisation code")
        return None
    home = split_code(home_code.code)[0]
    roles: list[RoleRow] = []
    for code in [*dated, *defaults]:
        org, chunks = split_code(code.code, report)
        role = RoleRow(
            org or home, sector_of(org or home, chunks, person=True), code.start, code.end
        )
        if role not in roles:
            roles.append(role)
    return PersonRow(names[0], names[1:], home, roles, f"petrarch:{entry.where.split(':')[0]}")


def _group(entry: RawEntry, names: list[str], report: ImportReport) -> GroupRow:
    defaults = [c for c in entry.codes if not c.dated]
    chosen = defaults[-1] if defaults else _most_recent(entry.codes)
    org, chunks = split_code(chosen.code, report)
    sector = sector_of(org, chunks, person=False)
    return GroupRow(names[0], names[1:], org, sector, f"petrarch:{chosen.raw}")


_ORG_WORDS = frozenset(
    re.findall(
        r"\w+",
        """front army party organization organisation brigade brigades movement council
        ministry group union committee forces government agency league commission bank fund
        court assembly parliament secretariat office mission association alliance coalition
        authority""",
    )
)


def _is_person(entry: RawEntry) -> bool:
    """Dated codes with a sector (``[AZEGOV >031031]``), unlike a country's history
    (``[USRAZE <911018]``, ``[AZE >911221]``), under a name that is not an
    organisation's ("The Islamic Front", "Syrian National Council"; but "Moscow Party
    Chief Boris Yeltsin" is a person)."""
    if not any(c.dated for c in entry.codes):
        return False
    if not any(
        chunk in ROLES for c in entry.codes for chunk in [*code_chunks(c.code[3:]), c.code[:3]]
    ):
        return False
    words = [w.strip(".,'()").lower() for w in entry.names[0].replace("_", " ").split()]
    if words[:1] == ["the"]:
        return False
    return not any(w in _ORG_WORDS for w in words) or any(is_person_noun(w) for w in words)


def convert_actors(
    entries: Iterable[RawEntry], report: ImportReport
) -> tuple[list[PersonRow], list[GroupRow]]:
    people: list[PersonRow] = []
    groups: list[GroupRow] = []
    for entry in entries:
        if not entry.codes:
            null = "entry with only the null code ---"
            report.skip(null if entry.null else "entry without a usable code")
            continue
        person = _is_person(entry)
        org = any(c.code.startswith(("IGO", "NGO")) or igo_code(c.code) for c in entry.codes)
        names = _names(entry.names, report, group=not person, short_acronyms=org)
        if not names:
            report.skip("entry left without a usable name")
            continue
        if person:
            row = _person(entry, names, report)
            if row is not None:
                people.append(row)
        else:
            groups.append(_group(entry, names, report))
    groups = _leave_known_country_names(groups, report)
    return _dedupe_people(people, report), _dedupe_groups(groups, report)


def _leave_known_country_names(groups: list[GroupRow], report: ImportReport) -> list[GroupRow]:
    """Country entries (``[AZE]``) without the names casus already has for that country:
    its own entries are richer (adjectives are modifiers, capitals need context)."""
    known, main = bundled_country_names()
    kept: list[GroupRow] = []
    for group in groups:
        if group.sector or not re.fullmatch(r"[A-Z]{3}", group.code) or not known:
            kept.append(group)
            continue
        names = [n for n in (group.text, *group.aliases) if group.code not in known.get(n, ())]
        dropped = 1 + len(group.aliases) - len(names)
        report.merge("country names casus already has (left to casus)", dropped)
        if not names:
            continue
        text = group.text if group.text in names else main.get(group.code, names[0])
        group.text, group.aliases = text, [n for n in names if n != text]
        kept.append(group)
    return kept


def _dedupe_people(rows: Iterable[PersonRow], report: ImportReport) -> list[PersonRow]:
    kept: dict[tuple[str, str], PersonRow] = {}
    for row in rows:
        first = kept.setdefault((row.name, row.country), row)
        if first is row:
            continue
        report.merge("duplicate people (same name and country)")
        first.aliases += [a for a in row.aliases if a not in first.aliases]
        first.roles += [r for r in row.roles if r not in first.roles]
    return sorted(kept.values(), key=lambda p: (p.name.casefold(), p.name, p.country))


def _dedupe_groups(rows: Iterable[GroupRow], report: ImportReport) -> list[GroupRow]:
    kept: dict[tuple[str, str], GroupRow] = {}
    for row in rows:
        first = kept.setdefault((row.text, row.code), row)
        if first is row:
            continue
        report.merge("duplicate groups (same name and code)")
        first.aliases += [a for a in row.aliases if a not in first.aliases]
    return sorted(kept.values(), key=lambda g: (g.text.casefold(), g.text, g.code, g.sector))

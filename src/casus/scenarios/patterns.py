"""An indicator's ``match``: the event pattern, read and checked against what casus can
put in an event (:mod:`.vocabulary`), so that no indicator is silently dead.

Keys (every one given must hold; a list means "any of them"): ``type``/``types`` (PLOVER),
``cameo`` (codes or prefixes: ``19`` is 190-196), ``source``/``sources`` and
``target``/``targets`` (actor codes; ``*``: any), ``either_way`` (also with source and
target swapped), ``country``/``countries`` (ISO alpha-2 of the event's place),
``place``/``places`` (the gazetteer's names), ``factuality`` (``asserted``,
``reported``; both by default) and ``min_state`` (``single-source`` or
``corroborated``).
"""

from __future__ import annotations

import yaml

from .model import STATES_ORDER, Pattern
from .nodes import NodeReader, hint
from .vocabulary import Vocabulary, place_names

__all__ = ["EVIDENCE_FACTUALITIES", "read_pattern"]

EVIDENCE_FACTUALITIES = ("asserted", "reported")
"""The factualities that are evidence that an event happened."""

_PREDICTION = "hypotheticals and predictions are never evidence that an event happened"
_NOT_EVIDENCE = {
    "future": _PREDICTION,
    "hypothetical": _PREDICTION,
    "negated": "a denial is no evidence that an event happened",
}
_KEYS = {
    "type": "types", "types": "types", "cameo": "cameo",
    "source": "sources", "sources": "sources", "target": "targets", "targets": "targets",
    "either_way": "either_way",
    "country": "countries", "countries": "countries", "place": "places", "places": "places",
    "factuality": "factuality", "min_state": "min_state",
}  # fmt: skip
_ANY = "*"


def read_pattern(reader: NodeReader, node: yaml.Node | None, words: Vocabulary) -> Pattern | None:
    """The pattern of a ``match`` mapping, or None when it has an error (recorded)."""
    fields = reader.fields(node, "match", _KEYS)
    if fields is None or node is None:
        return None
    before = len(reader.problems)
    types = _types(reader, fields.get("types"), words)
    cameo = _cameo(reader, fields.get("cameo"), words)
    if not fields.get("types") and not fields.get("cameo"):
        reader.error(
            node,
            "match needs a PLOVER type or a CAMEO code: an indicator that "
            "matches every kind of event tells the scenarios apart by nothing",
        )
    elif types and cameo:
        _consistent(reader, fields, types, cameo, words)
    sources = _actors(reader, fields.get("sources"), "source", words)
    targets = _actors(reader, fields.get("targets"), "target", words)
    either_way = reader.boolean(fields.get("either_way"), "either_way")
    countries = _countries(reader, fields.get("countries"), words)
    places = _places(reader, fields.get("places"))
    factuality = _factuality(reader, fields.get("factuality"))
    min_state = _min_state(reader, fields.get("min_state"))
    if any(p.severity == "error" for p in reader.problems[before:]):
        return None
    return Pattern(
        types=types,
        cameo=cameo,
        sources=sources,
        targets=targets,
        either_way=either_way,
        countries=countries,
        places=places,
        factuality=factuality or EVIDENCE_FACTUALITIES,
        min_state=min_state,
    )


def _types(reader: NodeReader, node: yaml.Node | None, words: Vocabulary) -> tuple[str, ...]:
    found: list[str] = []
    for value, item in reader.strings(node, "type"):
        if value in words.types:
            found.append(value)
        else:
            suggestion = hint(value.upper(), words.types)
            reader.error(item, f"unknown PLOVER type '{value}'{suggestion}")
    return tuple(dict.fromkeys(found))


def _cameo(reader: NodeReader, node: yaml.Node | None, words: Vocabulary) -> tuple[str, ...]:
    found: list[str] = []
    for value, item in reader.strings(node, "CAMEO code"):
        if value.isdigit() and 2 <= len(value) <= 4 and words.known_cameo(value):
            found.append(value)
            continue
        padded = f"0{value}"
        if value.isdigit() and words.known_cameo(padded):
            reader.error(
                item,
                f"unknown CAMEO code '{value}' (CAMEO codes keep their leading "
                f"zero: write '{padded}', in quotes if you like)",
            )
        else:
            reader.error(item, f"unknown CAMEO code or prefix '{value}'")
    return tuple(dict.fromkeys(found))


def _consistent(
    reader: NodeReader,
    fields: dict[str, yaml.Node],
    types: tuple[str, ...],
    cameo: tuple[str, ...],
    words: Vocabulary,
) -> None:
    """Type and code must both hold: a code whose events never have the type is dead."""
    for code in cameo:
        has = words.cameo_types(code)
        if not has & set(types):
            shown = ", ".join(sorted(has)) or "no type"
            reader.error(
                fields["cameo"],
                f"CAMEO {code} never matches type "
                f"{' or '.join(types)}: casus gives its events {shown}",
            )


def _actors(
    reader: NodeReader, node: yaml.Node | None, role: str, words: Vocabulary
) -> tuple[str, ...]:
    found: list[str] = []
    values = reader.strings(node, role)
    for value, item in values:
        if value == _ANY:
            if len(values) > 1:
                reader.error(item, f"'{_ANY}' (any {role}) makes the other {role}s pointless")
            continue
        if value in words.actors:
            found.append(value)
        elif value in words.countries:
            reader.error(
                item,
                f"'{value}' is a country's alpha-2 code; actors are coded "
                f"alpha-3: '{words.countries[value]}'",
            )
        else:
            suggestion = hint(value, words.actors)
            reader.error(
                item, f"unknown actor code '{value}': casus's lexicons never give it{suggestion}"
            )
    return tuple(dict.fromkeys(found))


def _countries(reader: NodeReader, node: yaml.Node | None, words: Vocabulary) -> tuple[str, ...]:
    found: list[str] = []
    alpha2 = {alpha3: code for code, alpha3 in words.countries.items()}
    for value, item in reader.strings(node, "country"):
        if value in words.countries:
            found.append(value)
        elif value in alpha2:
            reader.error(
                item,
                f"countries are the ISO alpha-2 codes of the event's place: "
                f"'{alpha2[value]}', not '{value}'",
            )
        else:
            reader.error(item, f"unknown country code '{value}' (ISO alpha-2, as 'AZ')")
    return tuple(dict.fromkeys(found))


def _places(reader: NodeReader, node: yaml.Node | None) -> tuple[str, ...]:
    found: list[str] = []
    for value, item in reader.strings(node, "place"):
        names = place_names(value)
        if any(name.casefold() == value.casefold() for name in names):
            found.append(value)
        elif names:
            shown = " or ".join(f"'{name}'" for name in names)
            reader.error(
                item,
                f"place '{value}' never matches as written: events carry the "
                f"gazetteer's name, {shown}",
            )
        else:
            reader.error(
                item,
                f"unknown place '{value}': casus's gazetteer lacks it, so no "
                "event carries it (use countries for a wider area)",
            )
    return tuple(dict.fromkeys(found))


def _factuality(reader: NodeReader, node: yaml.Node | None) -> tuple[str, ...]:
    found: list[str] = []
    for value, item in reader.strings(node, "factuality"):
        if value in EVIDENCE_FACTUALITIES:
            found.append(value)
        elif value in _NOT_EVIDENCE:
            reader.error(
                item,
                f"factuality '{value}' is not evidence: {_NOT_EVIDENCE[value]}",
            )
        else:
            reader.error(item, f"unknown factuality '{value}' (asserted or reported)")
    return tuple(dict.fromkeys(found))


def _min_state(reader: NodeReader, node: yaml.Node | None) -> str | None:
    value = reader.text(node, "min_state")
    if value is None or node is None:
        return None
    if value in STATES_ORDER:
        return value
    if value in ("contested", "denied"):
        reader.error(
            node,
            f"min_state '{value}': contested and denied clusters never satisfy "
            "a minimum (single-source or corroborated)",
        )
    else:
        reader.error(node, f"unknown min_state '{value}' (single-source or corroborated)")
    return None

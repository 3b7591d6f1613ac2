"""The actor lexicon's name matches in a document, found once and shared.

Actors and places both need every lexicon name in the text (actors to code them,
places to keep people's and organisations' names out of the toponyms); the matches
are found by the first of them and kept in ``doc.shared``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..doc import Doc
from ..lexicon import ActorLexicon, Entry
from ..matcher import Match

__all__ = ["name_matches"]

_SHARED_KEY = "name-matches"


@dataclass(frozen=True, slots=True)
class _Found:
    lexicon: ActorLexicon
    matches: list[Match[Entry]]


def name_matches(doc: Doc, lex: ActorLexicon) -> list[Match[Entry]]:
    """The lexicon's name matches in ``doc`` (longest, left to right). Found again only
    when a component brings another lexicon than the one that found them."""
    found = doc.shared.get(_SHARED_KEY)
    if not isinstance(found, _Found) or found.lexicon is not lex:
        found = _Found(lex, list(lex.names.find(doc.tokens)))
        doc.shared[_SHARED_KEY] = found
    return found.matches

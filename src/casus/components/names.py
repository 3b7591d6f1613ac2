"""The actor lexicon's name matches in a document, found once and shared.

Actors and places both need every lexicon name in the text (actors to code them,
places to keep people's and organisations' names out of the toponyms); the matches
are found by the first of them and kept in ``doc.shared``.
"""

from __future__ import annotations

from ..doc import Doc
from ..lexicon import ActorLexicon, Entry
from ..matcher import Match

__all__ = ["name_matches"]


def name_matches(doc: Doc, lex: ActorLexicon) -> list[Match[Entry]]:
    """The lexicon's name matches in ``doc`` (longest, left to right)."""
    return doc.derived("name-matches", (lex,), lambda: list(lex.names.find(doc.tokens)))

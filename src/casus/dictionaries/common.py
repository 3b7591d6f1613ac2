"""What dictionary converters share (see :mod:`casus.dictionaries`), in one place.

Nothing here depends on one input syntax. The parts live in their own modules and are
re-exported here:

- :mod:`~casus.dictionaries.cameo`: the CAMEO code tables (IGO codes -> casus codes,
  sector codes) and the reading of codes (:func:`split_code`, :func:`sector_of`);
- :mod:`~casus.dictionaries.names`: casing of names as news writes them and agent nouns
  (plurals, titles that stand before a name);
- :mod:`~casus.dictionaries.results`: the rows a converter produces and its report;
- :mod:`~casus.dictionaries.lexicon_files`: the names casus's bundled lexicon already
  has, and :func:`write_lexicon`, which writes rows as casus lexicon files
  (``people.yaml``, ``groups.tsv``, ``agents.tsv``, ``sectors.tsv``) for
  ``casus analyze --lexicon OUT``.
"""

from __future__ import annotations

from .cameo import (
    IGO_CODES,
    ORG_PREFIXES,
    ROLES,
    SECTORS,
    code_chunks,
    igo_code,
    sector_of,
    split_code,
)
from .lexicon_files import bundled_country_names, write_lexicon
from .names import has_vowel, initials, is_person_noun, plural, repair_mojibake, title_case
from .results import AgentRow, GroupRow, ImportReport, PersonRow, RoleRow

__all__ = [
    "IGO_CODES",
    "ORG_PREFIXES",
    "ROLES",
    "SECTORS",
    "AgentRow",
    "GroupRow",
    "ImportReport",
    "PersonRow",
    "RoleRow",
    "bundled_country_names",
    "code_chunks",
    "has_vowel",
    "igo_code",
    "initials",
    "is_person_noun",
    "plural",
    "repair_mojibake",
    "sector_of",
    "split_code",
    "title_case",
    "write_lexicon",
]

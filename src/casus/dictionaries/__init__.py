"""Bring your own dictionaries: converters from other event coders' formats to casus
lexicon files.

- :mod:`casus.dictionaries.petrarch` reads PETRARCH-2 / Phoenix (TABARI-style) actor and
  agent dictionaries (``casus dictionaries import-petrarch DIR --out OUT``);
- :mod:`casus.dictionaries.petrarch_verbs` reads PETRARCH's CAMEO verb dictionary into an
  event pattern file (``casus dictionaries import-petrarch-verbs FILE --out OUT``, then
  ``casus analyze --events OUT/events.yaml``);
- :mod:`casus.dictionaries.common` holds what converters share: CAMEO code tables,
  casing of names as news writes them, and the writer of casus lexicon files.
"""

from __future__ import annotations

__all__: list[str] = []

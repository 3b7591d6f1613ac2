"""Bring your own dictionaries: converters from other event coders' formats to casus
lexicon files.

- :mod:`casus.dictionaries.petrarch` reads PETRARCH-2 / Phoenix (TABARI-style) actor and
  agent dictionaries (``casus dictionaries import-petrarch DIR --out OUT``);
- :mod:`casus.dictionaries.petrarch_verbs` reads PETRARCH's CAMEO verb dictionary into an
  event pattern file (``casus dictionaries import-petrarch-verbs FILE --out OUT``, then
  ``casus analyze --events OUT/events.yaml``);
- :mod:`casus.dictionaries.common` gathers what converters share, which lives in
  :mod:`~casus.dictionaries.cameo` (CAMEO code tables), :mod:`~casus.dictionaries.names`
  (casing of names as news writes them, agent nouns), :mod:`~casus.dictionaries.results`
  (rows and reports) and :mod:`~casus.dictionaries.lexicon_files` (the writer of casus
  lexicon files).

The PETRARCH importer is in parts: :mod:`~casus.dictionaries.petrarch_reader` reads the
files, :mod:`~casus.dictionaries.petrarch_actors` and
:mod:`~casus.dictionaries.petrarch_agents` turn actor entries and agent lines into casus
rows, and :mod:`~casus.dictionaries.petrarch` chooses the files and runs the conversion.
"""

from __future__ import annotations

__all__: list[str] = []

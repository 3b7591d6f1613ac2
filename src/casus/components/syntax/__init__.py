"""The one syntax layer that events and claims both read.

- :mod:`.grammar` — the grammatical word lists (``lexicons/grammar.yaml``);
- :mod:`.clauses` — clauses, factuality and attribution cues, the cue index;
- :mod:`.roles` — actors, places and dates by token, and the roles of an event word;
- :mod:`.collectives` — "both sides", "the two leaders": two earlier actors;
- :mod:`.frames` — reporting frames ("X said", "according to X") and quote speakers;
- :mod:`.parse` — the dependency parser (the bundled spaCy model) and :class:`.Parse`;
- :mod:`.arguments` — subjects, objects, agents and obliques of a predicate in a parse;
- :mod:`.parsed_roles` — the actors behind those words, references ("he", "the
  ministry") and the complement;
- :mod:`.layer` — the pipeline component ``syntax``, which builds all of it once per
  document into ``doc.syntax``.

It imports neither the event coder nor the claims (a test checks the direction).
"""

from __future__ import annotations

from .layer import Syntax, SyntaxLayer, syntax_of

__all__ = ["Syntax", "SyntaxLayer", "syntax_of"]

"""Event coding: who did what to whom, where, when, and how sure (PLOVER + CAMEO).

- :mod:`.patterns` — the trigger lexicon (``lexicons/events.yaml``) and its matching;
- :mod:`.guards` — compounds, set phrases and names that are no triggers
  (``lexicons/event_guards.yaml``);
- :mod:`.cues` — clauses and factuality/attribution cues (``lexicons/factuality.yaml``);
- :mod:`.roles` — source, recipient, location and date of a trigger;
- :mod:`.sourcing` — reporting frames and block-quote speakers;
- :mod:`.context` — factuality and attribution of one trigger;
- :mod:`.unresolved` — notes on names near event words that resolve to no actor;
- :mod:`.coder` — the pipeline component.
"""

from __future__ import annotations

from .coder import EventCoder

__all__ = ["EventCoder"]

"""Event coding: who did what to whom, where, when, and how sure (PLOVER + CAMEO).

- :mod:`.patterns` — the trigger lexicon (``lexicons/events.yaml``) and its matching;
- :mod:`.speech_acts` — PLOVER's reading of announced and demanded acts;
- :mod:`.guards` — compounds, set phrases and names that are no triggers
  (``lexicons/event_guards.yaml``);
- :mod:`.unresolved` — names in event clauses that no lexicon knows (``notes``);
- :mod:`.context` — factuality and attribution of one trigger;
- :mod:`.unresolved` — notes on names near event words that resolve to no actor;
- :mod:`.coder` — the pipeline component.

Clauses, cues, roles and reporting frames come from :mod:`casus.components.syntax`.
"""

from __future__ import annotations

from .coder import EventCoder

__all__ = ["EventCoder"]

"""Event coding: who did what to whom, where, when, and how sure (PLOVER + CAMEO).

- :mod:`.patterns` — the trigger lexicon (``lexicons/events.yaml``) and its matching;
- :mod:`.speech_acts` — PLOVER's reading of announced and demanded acts;
- :mod:`.context` — factuality and attribution of one trigger;
- :mod:`.coder` — the pipeline component.

Clauses, cues, roles and reporting frames come from :mod:`casus.components.syntax`.
"""

from __future__ import annotations

from .coder import EventCoder

__all__ = ["EventCoder"]

"""The one syntax layer that events and claims both read.

- :mod:`.clauses` — clauses, factuality and attribution cues, the cue index;
- :mod:`.roles` — actors, places and dates by token, and the roles of an event word;
- :mod:`.collectives` — "both sides", "the two leaders": two earlier actors;
- :mod:`.frames` — reporting frames ("X said", "according to X") and quote speakers.
"""

from __future__ import annotations

__all__: list[str] = []

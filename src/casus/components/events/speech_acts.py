"""PLOVER's reading of announced, conditional and demanded acts (``speech_acts.yaml``).

"Turkey will send troops" is, for PLOVER, Turkey THREATENing; "Syria is willing to
withdraw" is Syria AGREEing; "Libya must hand over the suspects, London said" is London
REQUESTing. casus codes the act (with factuality ``future``/``hypothetical``) and gives
this reading beside it, so that users of either convention get what they expect.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import get_args, get_type_hints

from ...datafiles import bundled, read_yaml
from ...errors import DataError
from ...matcher import PhraseMatcher
from ...model import ActorRef, SpeechAct
from ...ontology import Ontology, load_ontology
from ...text import Tokens
from ..syntax.grammar import Grammar, load_grammar

__all__ = ["SpeechActs", "load_speech_acts"]

_KINDS: tuple[str, ...] = get_args(get_type_hints(SpeechAct)["kind"])
"""intent, threat, demand, refusal: the kinds of :class:`~casus.model.SpeechAct`."""


@dataclass(frozen=True)
class SpeechActs:
    codes: dict[str, dict[str, str]]
    deontic: frozenset[str]
    refusing: frozenset[str]
    intent: PhraseMatcher[str]
    ontology: Ontology
    refusing_particles: tuple[str, ...]
    """Endings of a refusal cue that refuse an act ("refused to", "reneged on")."""

    def announced(self, tokens: Tokens, start: int, stop: int) -> bool:
        """An intent cue ("threatened to", "vowed to") in ``tokens[start:stop]``."""
        return next(iter(self.intent.find(tokens, start, stop)), None) is not None

    def _lookup(self, cameo: str, kind: str) -> str | None:
        for size in range(len(cameo), 1, -1):
            entry = self.codes.get(cameo[:size])
            if entry is not None and kind in entry:
                return entry[kind]
        return None

    def reading(
        self,
        *,
        cameo: str,
        factuality: str,
        cue: str,
        source: ActorRef | None,
        target: ActorRef | None,
        speaker: ActorRef | None,
        announced: bool,
    ) -> SpeechAct | None:
        """The reading of one event, or None when the act is simply done, or imagined by
        the author (a scenario) rather than announced, refused or demanded by someone.
        ``announced``: an intent cue ("threatened to", "vowed to") precedes the act in its
        clause, even when a condition makes it hypothetical."""
        own = source is not None and (
            announced or speaker is None or speaker.code == source.code
        )  # "Russia threatened to ..., Tass said": Russia's own threat
        if factuality == "negated":
            if own and (
                cue in self.refusing and (announced or cue.endswith(self.refusing_particles))
            ):
                return self._act(cameo, "refusal", source, target)
            return None
        if factuality not in {"future", "hypothetical"}:
            return None
        if (
            cue in self.deontic
            and speaker is not None
            and (speaker.code, speaker.sector)
            != ((source.code, source.sector) if source else (None, None))
        ):
            return self._act(cameo, "demand", speaker, source)
        if factuality == "hypothetical" and not (announced or (speaker is not None and own)):
            return None  # the author's speculation, not the actor's statement
        if not own:
            return None
        quad = self.ontology.quad_class(cameo)
        kind = "intent" if quad in {1, 2} else "threat"
        return self._act(cameo, kind, source, target)

    def _act(
        self, cameo: str, kind: str, source: ActorRef | None, target: ActorRef | None
    ) -> SpeechAct | None:
        code = self._lookup(cameo, kind)
        if code is None:
            return None
        plover = self.ontology.plover(code)
        if plover is None:
            return None
        return SpeechAct(plover[0], plover[1], code, source, target, kind)  # type: ignore[arg-type]


def load_speech_acts(
    path: Path | None = None, ontology: Ontology | None = None, grammar: Grammar | None = None
) -> SpeechActs:
    """Read ``speech_acts.yaml`` (the bundled one by default), checking every code
    against ``ontology``; ``ontology`` and ``grammar`` are read from the bundled files
    when not given."""
    path = path or bundled("casus.ontology", "speech_acts.yaml")
    ontology = ontology or load_ontology()
    grammar = grammar or load_grammar()
    data = read_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("codes"), dict):
        raise DataError("expected `codes` and `deontic`", where=str(path))
    codes: dict[str, dict[str, str]] = {}
    for prefix, entry in data["codes"].items():
        if not isinstance(entry, dict) or set(entry) - set(_KINDS):
            raise DataError(f"{prefix}: expected some of {', '.join(_KINDS)}", where=str(path))
        for code in entry.values():
            ontology.cameo(str(code))  # raises DataError for an unknown code
        codes[str(prefix)] = {k: str(v) for k, v in entry.items()}
    intent: PhraseMatcher[str] = PhraseMatcher(lower=True)
    for phrase in data.get("intent") or ():
        intent.add(str(phrase), str(phrase))
    return SpeechActs(
        codes,
        frozenset(map(str, data.get("deontic") or ())),
        frozenset(map(str, data.get("refusing") or ())),
        intent,
        ontology,
        grammar.events.refusing_particles,
    )

"""Every table the components read, loaded on first use and kept: :class:`Resources`.

One :class:`Resources` object stands for one set of data files (the bundled ones,
plus the user's lexicon directories and event pattern file named in
:class:`ResourceOptions`). Each table is read the first time something asks for it,
and only once; the loaders themselves are the plain functions beside each table
(:func:`casus.lexicon.load_lexicon`, :func:`.dates.load_lexicon` ...). The slow ones,
the actor lexicon, the gazetteer and the event patterns, go through the on-disk cache
(:func:`casus.gazetteer.load_cached`), keyed by a digest of the files they come from.

Resources are shared through the process-wide registry in :mod:`.registry`; a
:class:`Resources` built directly (for instance with a test's own lexicon) is private
to whoever built it. Either may take the tables no option changes (the gazetteer, the
ontology, the cues ...) from a ``base`` instead of loading them again.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar, cast

from ..gazetteer import Gazetteer, default_gazetteer, load_cached
from ..lexicon import ActorLexicon, lexicon_fingerprint, load_lexicon
from ..matcher import PhraseMatcher
from ..ontology import Ontology, load_ontology
from .artifacts import LanguageDetectors
from .dates import DateLexicon
from .dates import load_lexicon as load_date_lexicon
from .events.pattern_file import load_patterns, patterns_fingerprint
from .events.patterns import PatternLexicon
from .events.speech_acts import SpeechActs, load_speech_acts
from .events.unresolved import NameWords, load_not_actor_words
from .genre import GenreCues, load_genre_cues
from .structure import Cues as StructureCues
from .structure import load_cues as load_structure_cues
from .syntax.clauses import Cues, load_cues
from .syntax.collectives import CollectiveEntry, load_collectives
from .syntax.grammar import Grammar, load_grammar
from .syntax.parse import DependencyParser

__all__ = ["ResourceOptions", "Resources"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ResourceOptions:
    """Which data files a :class:`Resources` reads besides the bundled ones (paths as
    absolute strings, so that the options hash, pickle small and mean the same in
    another working directory)."""

    lexicon_dirs: tuple[str, ...] = ()
    """User lexicon directories, added to the bundled lexicon in this order."""
    events: str | None = None
    """An event pattern file (or a directory holding ``events.yaml``) used instead of
    the bundled one."""
    parser: bool = True
    """Read roles off a dependency parse (False: from word order only, faster)."""

    @classmethod
    def of(
        cls,
        lexicon_dirs: tuple[str | Path, ...] = (),
        events: str | Path | None = None,
        parser: bool = True,
    ) -> ResourceOptions:
        """Options with every path made absolute."""
        return cls(
            tuple(str(Path(d).absolute()) for d in lexicon_dirs),
            str(Path(events).absolute()) if events is not None else None,
            parser,
        )


class Resources:
    """The tables of one :class:`ResourceOptions`, each loaded on first use, once.

    ``tables`` gives some tables ready-made (``lexicon=``, ``gazetteer=`` ...: the
    names of the properties below), for tests and evaluations that bring their own.
    ``base``: where to take the tables that no option changes (all but the lexicon and
    the patterns) when they are not given. Loading is thread-safe: two threads asking
    for the same table load it once.
    """

    def __init__(
        self,
        options: ResourceOptions | None = None,
        *,
        base: Resources | None = None,
        **tables: object,
    ) -> None:
        self.options = options or ResourceOptions()
        unknown = sorted(set(tables) - set(_TABLES))
        if unknown:
            raise TypeError(f"Resources() got unknown tables: {', '.join(unknown)}")
        self._tables: dict[str, object] = dict(tables)
        self._base = base
        self._lock = threading.RLock()

    def __repr__(self) -> str:
        return f"Resources({self.options}, loaded: {', '.join(self.loaded()) or 'nothing'})"

    def loaded(self) -> tuple[str, ...]:
        """Names of the tables loaded (or given) so far, here or in the base."""
        base = self._base.loaded() if self._base is not None else ()
        return tuple(sorted({*self._tables, *(n for n in base if n in _SHAREABLE)}))

    def table(self, name: str, load: Callable[[], T]) -> T:
        """The table ``name``: ``load()``'s result the first time, the same object after.
        Higher layers (evaluations) keep tables they derive here too."""
        try:
            return cast(T, self._tables[name])
        except KeyError:
            pass
        if self._base is not None and name in _SHAREABLE:
            return self._base.table(name, load)
        with self._lock:
            if name not in self._tables:
                self._tables[name] = load()
            return cast(T, self._tables[name])

    # -- the tables ----------------------------------------------------------------
    @property
    def lexicon(self) -> ActorLexicon:
        """The actor lexicon: bundled plus the user's directories (disk-cached)."""
        return self.table("lexicon", self._load_lexicon)

    @property
    def gazetteer(self) -> Gazetteer:
        """GeoNames and casus's supplement (disk-cached)."""
        return self.table("gazetteer", default_gazetteer)

    @property
    def ontology(self) -> Ontology:
        """CAMEO codes and PLOVER types."""
        return self.table("ontology", load_ontology)

    @property
    def date_lexicon(self) -> DateLexicon:
        """Month and weekday names, relative-day words, tense cues (``dates.yaml``)."""
        return self.table("date_lexicon", load_date_lexicon)

    @property
    def structure_cues(self) -> StructureCues:
        """Caption, byline, disclaimer ... cues (``structure.yaml``)."""
        return self.table("structure_cues", load_structure_cues)

    @property
    def genre_cues(self) -> GenreCues:
        """Genre cue phrases and weights (``genre.yaml``)."""
        return self.table("genre_cues", load_genre_cues)

    @property
    def patterns(self) -> PatternLexicon:
        """The event patterns: bundled, or the user's file (disk-cached)."""
        return self.table("patterns", self._load_patterns)

    @property
    def factuality_cues(self) -> Cues:
        """Negation, modality, reporting ... cues (``factuality.yaml``)."""
        return self.table("factuality_cues", load_cues)

    @property
    def collective_phrases(self) -> PhraseMatcher[CollectiveEntry]:
        """ "Both sides", "the two leaders" ... (``collectives.tsv``)."""
        return self.table("collective_phrases", load_collectives)

    @property
    def speech_acts(self) -> SpeechActs:
        """PLOVER's readings of announced and demanded acts, checked against the
        ontology (``speech_acts.yaml``)."""
        return self.table(
            "speech_acts",
            lambda: load_speech_acts(ontology=self.ontology, grammar=self.grammar),
        )

    @property
    def grammar(self) -> Grammar:
        """Function words and punctuation of the syntax layer, events and claims
        (``grammar.yaml``)."""
        return self.table("grammar", load_grammar)

    @property
    def parser(self) -> DependencyParser | None:
        """The dependency parser: the bundled model, loaded when it first parses (None
        when the options turn it off)."""
        return self.table("parser", DependencyParser) if self.options.parser else None

    @property
    def name_words(self) -> NameWords:
        """Name particles, sentence openers and not-actor words, for the notes on
        unresolved names (``grammar.yaml``, ``not_actor_names.yaml``)."""
        names = self.grammar.names
        return self.table(
            "name_words",
            lambda: NameWords(names.particles, names.sentence_openers, load_not_actor_words()),
        )

    @property
    def language_detectors(self) -> LanguageDetectors:
        """lingua detectors, each built when a text first needs it."""
        return self.table("language_detectors", LanguageDetectors)

    # -- loaders with a disk cache ---------------------------------------------------
    def _load_lexicon(self) -> ActorLexicon:
        dirs = [Path(d) for d in self.options.lexicon_dirs]
        return load_cached(
            "lexicon", lexicon_fingerprint(dirs), lambda: load_lexicon(dirs), ActorLexicon
        )

    def _load_patterns(self) -> PatternLexicon:
        path = Path(self.options.events) if self.options.events is not None else None
        return load_cached(
            "patterns", patterns_fingerprint(path), lambda: load_patterns(path), PatternLexicon
        )


_TABLES: frozenset[str] = frozenset(
    name for name, value in vars(Resources).items() if isinstance(value, property)
)
"""The names :class:`Resources` accepts as ready-made tables."""

_SHAREABLE: frozenset[str] = _TABLES - {"lexicon", "patterns"}
"""Tables no :class:`ResourceOptions` changes: a base's serve every option."""

"""Pipelines from a small picklable spec, and the one process-wide registry.

:data:`COMPONENTS` maps each component's name to a factory that builds it from a
:class:`~.resources.Resources`. A :class:`PipelineSpec` (frozen: component names in
order, the user's data files, checking mode) is all it takes to build a pipeline, in
this process or in a worker: :func:`build` makes one, and a pipeline pickles as its
spec (see :mod:`casus.pipeline`).

**The registry.** :data:`REGISTRY` is the only process-wide store of loaded tables in
casus: one :class:`~.resources.Resources` per :class:`~.resources.ResourceOptions`,
and one shared pipeline per spec (:func:`shared_pipeline`, behind
:func:`casus.default_pipeline`). Every pipeline built from a spec takes its tables
from it, so an unpickled pipeline reuses the tables already loaded in its process;
in a worker forked from a parent that had loaded them, that means the parent's
memory, shared copy-on-write, instead of a second load. It only grows; a
long-running process whose data files change calls ``REGISTRY.clear()``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from types import MappingProxyType

from ..errors import PipelineError
from ..pipeline import Component, Pipeline
from .actors import ActorRecognizer
from .artifacts import LanguageIdentifier, ScriptArtifacts
from .claims import ClaimExtractor
from .dates import DateResolver
from .events import EventCoder
from .genre import GenreClassifier
from .places import PlaceResolver
from .resources import ResourceOptions, Resources
from .structure import StructureSegmenter
from .syntax.layer import SyntaxLayer

__all__ = [
    "COMPONENTS",
    "DEFAULT_COMPONENTS",
    "REGISTRY",
    "PipelineSpec",
    "Registry",
    "assemble",
    "build",
    "shared_pipeline",
    "shared_resources",
]

Factory = Callable[[Resources], Component]


def _events(r: Resources) -> Component:
    return EventCoder(
        r.patterns,
        r.factuality_cues,
        r.ontology,
        r.lexicon,
        speech_acts=r.speech_acts,
        grammar=r.grammar,
        name_words=r.name_words,
    )


def _syntax(r: Resources) -> Component:
    return SyntaxLayer(
        r.factuality_cues,
        r.lexicon,
        collective_phrases=r.collective_phrases,
        grammar=r.grammar,
        parser=r.parser,
        eventful=partial(r.patterns.holds_trigger, grammar=r.grammar),
    )


COMPONENTS: Mapping[str, Factory] = MappingProxyType(
    {
        "structure": lambda r: StructureSegmenter(r.structure_cues),
        "artifacts": lambda r: ScriptArtifacts(r.language_detectors),
        "language": lambda r: LanguageIdentifier(r.language_detectors),
        "dates": lambda r: DateResolver(r.date_lexicon),
        "actors": lambda r: ActorRecognizer(r.lexicon),
        "places": lambda r: PlaceResolver(r.gazetteer, r.lexicon),
        "genre": lambda r: GenreClassifier(r.genre_cues),
        "syntax": _syntax,
        "events": _events,
        "claims": lambda r: ClaimExtractor(r.factuality_cues, grammar=r.grammar),
    }
)
"""Component name -> factory, in pipeline order."""

DEFAULT_COMPONENTS: tuple[str, ...] = tuple(COMPONENTS)


@dataclass(frozen=True, slots=True)
class PipelineSpec:
    """A pipeline described in a few picklable values.

    ``components``: names from :data:`COMPONENTS`, in running order.
    ``lexicon_dirs``: user lexicon directories added to the bundled lexicon.
    ``events``: an event pattern file used instead of the bundled one.
    ``check``: build the pipeline in checking mode.
    ``parser``: read roles off a dependency parse (False: word order only).
    Paths are stored absolute, so a spec means the same in a worker process.
    """

    components: tuple[str, ...] = DEFAULT_COMPONENTS
    lexicon_dirs: tuple[str, ...] = ()
    events: str | None = None
    check: bool = False
    parser: bool = True

    def __post_init__(self) -> None:
        options = ResourceOptions.of(tuple(self.lexicon_dirs), self.events, self.parser)
        object.__setattr__(self, "components", tuple(self.components))
        object.__setattr__(self, "lexicon_dirs", options.lexicon_dirs)
        object.__setattr__(self, "events", options.events)
        unknown = [name for name in self.components if name not in COMPONENTS]
        if unknown:
            raise PipelineError(
                f"unknown component {unknown[0]!r} (known: {', '.join(COMPONENTS)})"
            )

    @classmethod
    def of(
        cls,
        *,
        lexicon_dirs: Iterable[str | Path] = (),
        events: str | Path | None = None,
        check: bool = False,
        parser: bool = True,
    ) -> PipelineSpec:
        """The default components with these data files (paths of any kind)."""
        dirs = tuple(str(d) for d in lexicon_dirs)
        events_path = None if events is None else str(events)
        return cls(DEFAULT_COMPONENTS, dirs, events_path, check, parser)

    @property
    def resource_options(self) -> ResourceOptions:
        return ResourceOptions(self.lexicon_dirs, self.events, self.parser)

    def build(self) -> Pipeline:
        """A pipeline of this spec, with the process's shared tables (see :func:`build`)."""
        return build(self)


def assemble(spec: PipelineSpec, resources: Resources, *, picklable: bool = True) -> Pipeline:
    """The pipeline of ``spec`` with the tables of ``resources``; ``picklable=False``
    when those resources are not the ones the spec stands for (own tables)."""
    components = [COMPONENTS[name](resources) for name in spec.components]
    return Pipeline(components, spec=spec if picklable else None, check=spec.check)


class Registry:
    """Resources by options, and shared pipelines by spec (see the module doc)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._resources: dict[ResourceOptions, Resources] = {}
        self._pipelines: dict[PipelineSpec, Pipeline] = {}

    def resources(self, options: ResourceOptions) -> Resources:
        """The process's resources for ``options`` (created empty: tables load lazily),
        sharing the option-free tables with those of the default options."""
        with self._lock:
            return self._resources_locked(options)

    def _resources_locked(self, options: ResourceOptions) -> Resources:
        found = self._resources.get(options)
        if found is None:
            default = ResourceOptions()
            base = None if options == default else self._resources_locked(default)
            found = self._resources[options] = Resources(options, base=base)
        return found

    def pipeline(self, spec: PipelineSpec) -> Pipeline:
        """The process's pipeline for ``spec``, built on first request."""
        found = self._pipelines.get(spec)
        if found is None:
            built = assemble(spec, self.resources(spec.resource_options))
            with self._lock:
                found = self._pipelines.setdefault(spec, built)
        return found

    def clear(self) -> None:
        """Forget every resource and pipeline (tables load again on next use)."""
        with self._lock:
            self._resources.clear()
            self._pipelines.clear()


REGISTRY = Registry()
"""The one process-wide registry (see the module doc)."""


def shared_resources(options: ResourceOptions | None = None) -> Resources:
    """The process's resources for ``options`` (default: the bundled data only)."""
    return REGISTRY.resources(options or ResourceOptions())


def shared_pipeline(spec: PipelineSpec | None = None) -> Pipeline:
    """The process's shared pipeline for ``spec`` (default: :class:`PipelineSpec()`)."""
    return REGISTRY.pipeline(spec or PipelineSpec())


def build(spec: PipelineSpec) -> Pipeline:
    """A new pipeline of ``spec`` whose components use the process's shared tables."""
    return assemble(spec, REGISTRY.resources(spec.resource_options))

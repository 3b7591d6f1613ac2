"""Pipeline: components with one contract, run in a checked order.

A component is any object with a ``name``, the layers it ``requires`` and ``assigns``
(names from :data:`casus.doc.LAYERS`) and ``__call__(doc) -> doc`` returning the same
:class:`~casus.doc.Doc`. :class:`Pipeline` refuses an order in which a requirement is
not assigned by an earlier component, so a misconfigured pipeline fails when it is
built, not halfway through a corpus.

In checking mode (``check=True``) the Doc refuses, with a :class:`PipelineError`, any
read of a layer (:data:`casus.doc.LAYER_ATTRIBUTES`) the running component does not
declare in ``requires`` or ``assigns``, and any write of one it does not declare in
``assigns``. The normal mode costs nothing: checking switches the Doc's class to a
checking subclass for the time of the run.

A pipeline built from a spec (:class:`casus.components.registry.PipelineSpec`, through
:func:`casus.api.build_pipeline`) pickles as that spec, a few hundred bytes, never as
its tables: unpickled, it is rebuilt from the spec (with tables shared in the process,
see :mod:`casus.components.registry`). A pipeline made of component objects has no
spec, and refuses to be pickled.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from .doc import LAYER_ATTRIBUTES, LAYERS, Doc
from .errors import PipelineError
from .model import Analysis, Article

__all__ = ["Component", "Pipeline", "PipelineRecipe", "guard_layers"]


@runtime_checkable
class Component(Protocol):
    """What the pipeline needs of a component (attributes may be plain class attributes)."""

    @property
    def name(self) -> str: ...

    @property
    def requires(self) -> tuple[str, ...]:
        """Layers that must be assigned before this component runs."""

    @property
    def assigns(self) -> tuple[str, ...]:
        """Layers this component fills."""

    def __call__(self, doc: Doc) -> Doc: ...


class PipelineRecipe(Protocol):
    """What a pipeline can be rebuilt from after pickling (a ``PipelineSpec``): a
    small, picklable description whose ``build()`` makes the pipeline again."""

    def build(self) -> Pipeline: ...


def _rebuild(recipe: PipelineRecipe) -> Pipeline:
    """Unpickling a pipeline: build it again from its recipe."""
    return recipe.build()


class Pipeline:
    """An ordered, validated list of components.

    ``spec``: what the pipeline was built from, which pickling keeps (None for a
    pipeline of hand-made components: it cannot be pickled). ``check``: run in checking
    mode (see :func:`casus.doc.guard_layers`); slower, for tests and new components.
    """

    def __init__(
        self,
        components: Sequence[Component],
        *,
        spec: PipelineRecipe | None = None,
        check: bool = False,
    ) -> None:
        assigned: set[str] = set()
        names: set[str] = set()
        for component in components:
            if component.name in names:
                raise PipelineError(f"component {component.name!r} appears twice")
            names.add(component.name)
            for layer in (*component.requires, *component.assigns):
                if layer not in LAYERS:
                    raise PipelineError(f"{component.name}: unknown layer {layer!r}")
            missing = [layer for layer in component.requires if layer not in assigned]
            if missing:
                raise PipelineError(
                    f"{component.name} requires {', '.join(missing)}, "
                    "which no earlier component assigns"
                )
            assigned.update(component.assigns)
        self.components: tuple[Component, ...] = tuple(components)
        self._spec = spec
        self._check = check

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(component.name for component in self.components)

    @property
    def spec(self) -> PipelineRecipe | None:
        """What the pipeline was built from (None: made of component objects)."""
        return self._spec

    @property
    def check(self) -> bool:
        """True when every run checks the components' layer declarations."""
        return self._check

    def __repr__(self) -> str:
        mode = ", checking" if self._check else ""
        return f"Pipeline({' > '.join(self.names)}{mode})"

    def __reduce__(self) -> tuple[Any, ...]:
        if self._spec is None:
            raise PipelineError(
                "this pipeline was made from component objects, not from a spec, and "
                "cannot be pickled: build it with casus.build_pipeline(spec)"
            )
        return (_rebuild, (self._spec,))

    def prepare(self) -> None:
        """Load now what components load on first use (the parser's model), so that
        worker processes forked afterwards share it instead of each loading its own."""
        for component in self.components:
            prepare = getattr(component, "prepare", None)
            if callable(prepare):
                prepare()

    def run(self, doc: Doc, *, check: bool | None = None) -> Doc:
        """Run every component on ``doc``; ``check`` overrides the pipeline's mode."""
        if check if check is not None else self._check:
            return self._run_checked(doc)
        for component in self.components:
            doc = component(doc)
            doc.done.update(component.assigns)
        return doc

    def run_many(self, docs: list[Doc]) -> list[Doc]:
        """Run every component over ``docs``: a component with a ``pipe`` method on all
        of them at once (the syntax layer parses every sentence of the batch in one
        call), the others on each. The same documents as :meth:`run` on each; in
        checking mode, exactly that."""
        if self._check:
            return [self._run_checked(doc) for doc in docs]
        for component in self.components:
            pipe = getattr(component, "pipe", None)
            docs = pipe(docs) if callable(pipe) else [component(doc) for doc in docs]
            for doc in docs:
                doc.done.update(component.assigns)
        return docs

    def _run_checked(self, doc: Doc) -> Doc:
        for component in self.components:
            with guard_layers(doc, component.name, component.requires, component.assigns):
                returned = component(doc)
            if returned is not doc:
                raise PipelineError(f"{component.name} returned another Doc than it was given")
            doc.done.update(component.assigns)
        return doc

    def __call__(self, article: Article) -> Analysis:
        return self.run(Doc(article)).to_analysis()

    def pipe(self, articles: Iterable[Article]) -> Iterable[Analysis]:
        for article in articles:
            yield self(article)


@dataclass(frozen=True, slots=True)
class _Guard:
    component: str
    reads: frozenset[str]
    writes: frozenset[str]


class _CheckedDoc(Doc):
    """A :class:`Doc` that checks every layer attribute against the running component's
    declarations (see :func:`guard_layers`). Never built: a Doc's class is switched to
    it for the time of a checked run."""

    def __getattribute__(self, name: str) -> Any:
        layer = LAYER_ATTRIBUTES.get(name)
        if layer is not None:
            guard = object.__getattribute__(self, "__dict__").get("_guard")
            if guard is not None and layer not in guard.reads:
                raise PipelineError(
                    f"{guard.component} reads the {layer!r} layer ({name}) "
                    "but does not declare it in requires"
                )
        return object.__getattribute__(self, name)

    def __setattr__(self, name: str, value: Any) -> None:
        layer = LAYER_ATTRIBUTES.get(name)
        if layer is not None:
            guard = self.__dict__.get("_guard")
            if guard is not None and layer not in guard.writes:
                raise PipelineError(
                    f"{guard.component} writes the {layer!r} layer ({name}) "
                    "but does not declare it in assigns"
                )
        object.__setattr__(self, name, value)


@contextmanager
def guard_layers(
    doc: Doc, component: str, requires: Iterable[str], assigns: Iterable[str]
) -> Iterator[Doc]:
    """Within the block, ``doc`` raises :class:`PipelineError` when ``component`` reads a
    layer outside ``requires`` and ``assigns``, or writes one outside ``assigns``."""
    if type(doc) is not Doc:
        raise PipelineError(f"checking mode needs a plain Doc, not a {type(doc).__name__}")
    writes = frozenset(assigns)
    doc.__dict__["_guard"] = _Guard(component, frozenset(requires) | writes, writes)
    doc.__class__ = _CheckedDoc
    try:
        yield doc
    finally:
        doc.__class__ = Doc
        doc.__dict__.pop("_guard", None)

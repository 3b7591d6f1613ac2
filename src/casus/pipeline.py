"""Pipeline: components with one contract, run in a checked order.

A component is any object with a ``name``, the layers it ``requires`` and ``assigns``
(names from :data:`casus.doc.LAYERS`) and ``__call__(doc) -> doc`` returning the same
:class:`~casus.doc.Doc`. :class:`Pipeline` refuses an order in which a requirement is
not assigned by an earlier component, so a misconfigured pipeline fails when it is
built, not halfway through a corpus.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol, runtime_checkable

from .doc import LAYERS, Doc
from .errors import PipelineError
from .model import Analysis, Article

__all__ = ["Component", "Pipeline"]


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


class Pipeline:
    """An ordered, validated list of components."""

    def __init__(self, components: Sequence[Component]) -> None:
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

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(component.name for component in self.components)

    def run(self, doc: Doc) -> Doc:
        for component in self.components:
            doc = component(doc)
            doc.done.update(component.assigns)
        return doc

    def __call__(self, article: Article) -> Analysis:
        return self.run(Doc(article)).to_analysis()

    def pipe(self, articles: Iterable[Article]) -> Iterable[Analysis]:
        for article in articles:
            yield self(article)

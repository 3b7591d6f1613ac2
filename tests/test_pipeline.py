from __future__ import annotations

from dataclasses import dataclass

import pytest

from casus.doc import Doc
from casus.errors import PipelineError
from casus.model import Article
from casus.pipeline import Pipeline


@dataclass
class Fake:
    name: str
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()

    def __call__(self, doc: Doc) -> Doc:
        doc.notes.append(self.name)
        return doc


def test_components_run_in_order_and_mark_layers() -> None:
    pipeline = Pipeline([Fake("a", assigns=("segments",)), Fake("b", requires=("segments",))])
    doc = pipeline.run(Doc(Article(text="x")))
    assert doc.notes == ["a", "b"]
    assert "segments" in doc.done
    assert pipeline.names == ("a", "b")


def test_requirement_never_assigned_is_refused_at_build_time() -> None:
    with pytest.raises(PipelineError, match="requires segments"):
        Pipeline([Fake("b", requires=("segments",)), Fake("a", assigns=("segments",))])


def test_duplicate_and_unknown_layers_are_refused() -> None:
    with pytest.raises(PipelineError, match="twice"):
        Pipeline([Fake("a"), Fake("a")])
    with pytest.raises(PipelineError, match="unknown layer"):
        Pipeline([Fake("a", assigns=("nonsense",))])


def test_default_pipeline_order_is_valid() -> None:
    from casus.api import build_pipeline

    names = build_pipeline().names
    assert names.index("structure") < names.index("actors") < names.index("places")
    assert names.index("dates") < names.index("places")

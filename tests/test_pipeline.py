from __future__ import annotations

import ast
import multiprocessing
import pickle
from dataclasses import dataclass
from pathlib import Path

import pytest

import casus
from casus import analyze
from casus.api import analyze_doc, build_pipeline, default_pipeline
from casus.components import resources as resources_module
from casus.components.registry import (
    COMPONENTS,
    DEFAULT_COMPONENTS,
    PipelineSpec,
    shared_resources,
)
from casus.doc import LAYERS, Doc
from casus.errors import PipelineError
from casus.ingest import read_path, read_plain
from casus.model import Article
from casus.pipeline import Pipeline

from .conftest import SAMPLES, WHOSE_CAUCASUS, need_shared

SRC = Path(casus.__file__).parent


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


# -- checking mode ----------------------------------------------------------------------


@dataclass
class Reader:
    """Reads one layer attribute and writes another (either may be "")."""

    name: str
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()
    reads: str = ""
    writes: str = ""

    def __call__(self, doc: Doc) -> Doc:
        if self.reads:
            getattr(doc, self.reads)
        if self.writes:
            setattr(doc, self.writes, getattr(Doc(Article(text="y")), self.writes))
        return doc


def test_checking_mode_refuses_an_undeclared_read() -> None:
    pipeline = Pipeline(
        [
            Fake("a", assigns=("segments", "actors")),
            Reader("b", requires=("segments",), reads="actors"),
        ],
        check=True,
    )
    with pytest.raises(PipelineError, match="b reads the 'actors' layer"):
        pipeline.run(Doc(Article(text="x")))


def test_checking_mode_refuses_an_undeclared_write() -> None:
    pipeline = Pipeline([Reader("a", assigns=("actors",), writes="home_country")])
    with pytest.raises(PipelineError, match="a writes the 'home_country' layer"):
        pipeline.run(Doc(Article(text="x")), check=True)
    required = Pipeline(
        [Fake("a", assigns=("dates",)), Reader("b", requires=("dates",), writes="dates")]
    )
    with pytest.raises(PipelineError, match="b writes the 'dates' layer"):
        required.run(Doc(Article(text="x")), check=True)


def test_derived_attributes_belong_to_their_layer() -> None:
    """token_segments is read from the segments; title and author come with them."""
    pipeline = Pipeline([Reader("a", reads="token_segments")], check=True)
    with pytest.raises(PipelineError, match="'segments' layer \\(token_segments\\)"):
        pipeline.run(Doc(Article(text="x")))
    with pytest.raises(PipelineError, match="'segments' layer \\(author\\)"):
        Pipeline([Reader("a", reads="author")], check=True).run(Doc(Article(text="x")))


def test_checking_mode_allows_what_is_declared_and_leaves_a_plain_doc() -> None:
    pipeline = Pipeline(
        [
            Reader("a", assigns=("segments", "home_country"), writes="home_country"),
            Reader("b", requires=("home_country",), assigns=("genre",), reads="home_country"),
            Reader("c", assigns=("dates",), reads="dates", writes="dates"),
        ],
        check=True,
    )
    doc = pipeline.run(Doc(Article(text="x")))
    assert type(doc) is Doc
    assert doc.done == {"segments", "home_country", "genre", "dates"}
    assert doc.actors == []  # after the run, every layer is readable again


def test_normal_mode_does_not_check_and_a_failed_check_restores_the_doc() -> None:
    undeclared = Pipeline([Reader("a", reads="actors", writes="places")])
    undeclared.run(Doc(Article(text="x")))  # no error: checking is opt-in
    doc = Doc(Article(text="x"))
    with pytest.raises(PipelineError):
        undeclared.run(doc, check=True)
    assert type(doc) is Doc and "_guard" not in doc.__dict__
    doc.places = []  # writable again, unchecked


def test_checking_mode_refuses_a_component_that_returns_another_doc() -> None:
    @dataclass
    class Swapper:
        name: str = "swap"
        requires: tuple[str, ...] = ()
        assigns: tuple[str, ...] = ()

        def __call__(self, doc: Doc) -> Doc:
            return Doc(doc.article)

    with pytest.raises(PipelineError, match="returned another Doc"):
        Pipeline([Swapper()], check=True).run(Doc(Article(text="x")))


def _articles() -> list[tuple[str, Article]]:
    found = []
    for path in sorted(SAMPLES.glob("*")):
        for index, item in enumerate(read_path(path)):
            if isinstance(item, Article):
                found.append((f"{path.name}#{index}", item))
    return found


@pytest.mark.parametrize(("name", "article"), _articles(), ids=[n for n, _ in _articles()])
def test_every_sample_passes_the_default_pipeline_in_checking_mode(
    name: str, article: Article
) -> None:
    checking = build_pipeline(PipelineSpec(check=True))
    assert checking.check and checking.names == default_pipeline().names
    checked = analyze_doc(article, pipeline=checking).to_analysis()
    assert checked == analyze_doc(article).to_analysis(), name


def test_the_motivating_article_passes_in_checking_mode() -> None:
    path = need_shared(WHOSE_CAUCASUS)
    article = read_plain(path.read_text("utf-8"), where=str(path))
    analysis = analyze_doc(article, pipeline=build_pipeline(PipelineSpec(check=True)))
    assert analysis.to_analysis() == analyze(article)


def test_dateline_country_is_a_layer_that_events_declare() -> None:
    names = {c.name: c for c in default_pipeline().components}
    assert "home_country" in LAYERS
    assert "home_country" in names["actors"].assigns
    assert "home_country" in names["events"].requires
    assert "syntax" in names["events"].requires and "syntax" in names["claims"].requires
    assert "artifacts" in names["places"].requires


# -- specs and pickling -----------------------------------------------------------------

TEXT = (
    "Title: Talks in Baku\n\nBAKU, June 30 — Azerbaijan and Russia held talks in Baku on "
    "Monday, the Russian Foreign Ministry said, after Moscow accused Baku of detaining "
    "Russian citizens."
)


def test_default_pipeline_pickles_as_its_spec_and_works_when_unpickled() -> None:
    original = default_pipeline()
    data = pickle.dumps(original)
    assert len(data) < 600, len(data)
    copy = pickle.loads(data)
    assert copy.names == original.names and copy.spec == original.spec == PipelineSpec()
    article = read_plain(TEXT, where="<text>")
    expected = analyze(article, pipeline=original)
    assert expected.events and expected.actors
    assert analyze(article, pipeline=copy) == expected


def test_unpickling_reuses_the_loaded_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    original = default_pipeline()
    analyze(TEXT, pipeline=original)  # every table the text needs is loaded

    def no_loading(*args: object, **kwargs: object) -> None:
        raise AssertionError("a table was loaded again")

    for loader in ("load_lexicon", "load_cached", "load_ontology", "load_cues", "load_grammar"):
        monkeypatch.setattr(resources_module, loader, no_loading)
    copy = pickle.loads(pickle.dumps(original))
    by_name = dict(zip(copy.names, copy.components, strict=True))
    before = dict(zip(original.names, original.components, strict=True))
    assert by_name["actors"].lex is before["actors"].lex  # type: ignore[attr-defined]
    assert by_name["places"].gaz is before["places"].gaz  # type: ignore[attr-defined]
    assert by_name["events"].patterns is before["events"].patterns  # type: ignore[attr-defined]
    assert analyze(TEXT, pipeline=copy) == analyze(TEXT, pipeline=original)


def _analyse_unpickled(data: bytes) -> tuple[tuple[str, ...], dict[str, object]]:
    """In a forked worker: which tables were already there, and an analysis."""
    loaded = shared_resources().loaded()
    pipeline = pickle.loads(data)
    return loaded, analyze(TEXT, pipeline=pipeline).to_dict()


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork()")
def test_a_forked_worker_reuses_the_parents_tables() -> None:
    pipeline = default_pipeline()
    expected = analyze(TEXT, pipeline=pipeline).to_dict()
    with multiprocessing.get_context("fork").Pool(1) as pool:
        loaded, result = pool.apply(_analyse_unpickled, (pickle.dumps(pipeline),))
    assert {"lexicon", "gazetteer", "patterns"} <= set(loaded)
    assert result == expected


def test_a_pipeline_of_own_tables_or_objects_refuses_pickling() -> None:
    own = build_pipeline(lexicon=shared_resources().lexicon)
    assert own.spec is None and own.names == default_pipeline().names
    with pytest.raises(PipelineError, match="cannot be pickled"):
        pickle.dumps(own)
    with pytest.raises(PipelineError, match="cannot be pickled"):
        pickle.dumps(Pipeline([Fake("a")]))


def test_spec_names_components_and_absolute_paths(tmp_path: Path) -> None:
    spec = PipelineSpec(("structure", "dates"), lexicon_dirs=("lex",), events="events.yaml")
    assert spec.lexicon_dirs == (str(Path("lex").absolute()),)
    assert spec.events == str(Path("events.yaml").absolute())
    same = PipelineSpec.of(lexicon_dirs=[Path("lex")], events=Path("events.yaml"))
    assert (same.lexicon_dirs, same.events) == (spec.lexicon_dirs, spec.events)
    assert same.components == DEFAULT_COMPONENTS
    assert spec.components == ("structure", "dates")
    pipeline = build_pipeline(PipelineSpec(("structure", "dates")))
    assert pipeline.names == ("structure", "dates")
    assert pickle.loads(pickle.dumps(pipeline)).names == ("structure", "dates")
    with pytest.raises(PipelineError, match="unknown component 'parser'"):
        PipelineSpec(("structure", "parser"))
    with pytest.raises(PipelineError, match="requires segments"):
        build_pipeline(PipelineSpec(("dates",)))
    with pytest.raises(PipelineError, match="either a spec"):
        build_pipeline(PipelineSpec(), lexicon_dirs=[tmp_path])
    assert tuple(COMPONENTS) == DEFAULT_COMPONENTS == PipelineSpec().components


TABLES = {  # component -> its attributes that hold tables
    "structure": ("cues",),
    "artifacts": ("detectors",),
    "language": ("detectors",),
    "dates": ("lexicon",),
    "actors": ("lex",),
    "places": ("gaz", "lex"),
    "genre": ("cues",),
    "syntax": ("cues", "lexicon", "collective_phrases", "grammar"),
    "events": ("patterns", "cues", "ontology", "lexicon", "speech_acts", "grammar"),
    "claims": ("cues", "grammar"),
}


def test_pipelines_of_one_spec_share_their_tables() -> None:
    assert default_pipeline() is default_pipeline()
    first, second = build_pipeline(), build_pipeline(PipelineSpec())
    assert first is not second and set(first.names) == set(TABLES)
    for a, b in zip(first.components, second.components, strict=True):
        assert a is not b
        for attribute in TABLES[a.name]:
            assert getattr(a, attribute) is getattr(b, attribute), (a.name, attribute)


def test_no_lookup_table_is_keyed_by_object_identity() -> None:
    """id() changes from process to process and can be reused: no table may use it."""
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        calls = [
            node.lineno
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "id"
        ]
        assert not calls, f"{path} calls id() at lines {calls}"


def test_derived_data_is_built_once_per_document_and_table() -> None:
    doc = Doc(Article(text="Baku and Moscow held talks."))
    first, other = [1], [2]
    calls: list[str] = []

    def build(tag: str) -> list[str]:
        calls.append(tag)
        return [tag]

    found = doc.derived("key", (first,), lambda: build("a"))
    assert doc.derived("key", (first,), lambda: build("b")) is found
    assert doc.derived("key", (other,), lambda: build("c")) == ["c"]  # another table
    assert doc.derived("key", (other, first), lambda: build("d")) == ["d"]
    assert calls == ["a", "c", "d"]

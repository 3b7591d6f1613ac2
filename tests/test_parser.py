"""The bundled parser model, its manifest, and argument finding over parses."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from casus.components.syntax.arguments import arguments, conjuncts
from casus.components.syntax.grammar import load_grammar
from casus.components.syntax.parse import (
    BLAS_THREAD_VARIABLES,
    DependencyParser,
    Parse,
    blas_single_threaded,
)
from casus.errors import ModelError
from casus.models import MANIFEST, manifest_lines, parser_path, verify

RELATIONS = load_grammar().dependencies


def _parse(sentence: str, tree: list[tuple[int, str, str]]) -> Parse:
    """A hand-made parse: one (head, relation, tag) per space-separated word."""
    words = sentence.split()
    spans, offset = [], 0
    for word in words:
        spans.append((offset, offset + len(word)))
        offset += len(word) + 1
    heads = [h for h, _, _ in tree]
    return Parse.build(spans, words, heads, [d for _, d, _ in tree], [t for _, _, t in tree])


def _words(parse: Parse, indices: tuple[int, ...] | list[int]) -> list[str]:
    return [parse.words[i] for i in indices]


# "Moscow summoned the envoy , cancelled talks and called off visits"
COORDINATED = _parse(
    "Moscow summoned the envoy , cancelled talks and called off visits",
    [
        (1, "nsubj", "NNP"),
        (1, "ROOT", "VBD"),
        (3, "det", "DT"),
        (1, "obj", "NN"),
        (5, "punct", ","),
        (1, "conj", "VBD"),
        (5, "obj", "NNS"),
        (8, "cc", "CC"),
        (1, "conj", "VBD"),
        (8, "compound:prt", "RP"),
        (8, "obj", "NNS"),
    ],
)


def test_coordinated_verbs_share_their_subject_not_the_first_object() -> None:
    for verb, obj in ((5, "talks"), (8, "visits")):
        found = arguments(COORDINATED, verb, RELATIONS)
        assert _words(COORDINATED, found.subjects) == ["Moscow"]
        assert _words(COORDINATED, found.objects) == [obj]
        assert found.how == ("conj",)


def test_passive_agent_and_patient() -> None:
    # "Kyiv was shelled by Russian artillery"
    parse = _parse(
        "Kyiv was shelled by Russian artillery",
        [
            (2, "nsubj:pass", "NNP"),
            (2, "aux:pass", "VBD"),
            (2, "ROOT", "VBN"),
            (5, "case", "IN"),
            (5, "amod", "JJ"),
            (2, "obl:agent", "NN"),
        ],
    )
    found = arguments(parse, 2, RELATIONS)
    assert found.passive
    assert found.subjects == ()
    assert _words(parse, found.objects) == ["Kyiv"]
    assert _words(parse, found.agents) == ["artillery"]


def test_relative_clause_subject_is_the_noun_it_modifies() -> None:
    # "the militia , which attacked the convoy , fled"
    parse = _parse(
        "the militia , which attacked the convoy , fled",
        [
            (1, "det", "DT"),
            (8, "nsubj", "NN"),
            (4, "punct", ","),
            (4, "nsubj", "WDT"),
            (1, "acl:relcl", "VBD"),
            (6, "det", "DT"),
            (4, "obj", "NN"),
            (4, "punct", ","),
            (8, "ROOT", "VBD"),
        ],
    )
    found = arguments(parse, 4, RELATIONS)
    assert _words(parse, found.subjects) == ["militia"]
    assert found.how == ("relative",)


def test_object_control_and_oblique_on_the_object() -> None:
    # "Washington urged Iran to stop" / "Kyiv provided weapons to Baku"
    urged = _parse(
        "Washington urged Iran to stop",
        [
            (1, "nsubj", "NNP"),
            (1, "ROOT", "VBD"),
            (1, "obj", "NNP"),
            (4, "mark", "TO"),
            (1, "xcomp", "VB"),
        ],
    )
    assert _words(urged, arguments(urged, 4, RELATIONS).subjects) == ["Iran"]
    assert arguments(urged, 4, RELATIONS).governor == 1
    provided = _parse(
        "Kyiv provided weapons to Baku",
        [
            (1, "nsubj", "NNP"),
            (1, "ROOT", "VBD"),
            (1, "obj", "NNS"),
            (4, "case", "IN"),
            (2, "nmod", "NNP"),
        ],
    )
    found = arguments(provided, 1, RELATIONS)
    assert _words(provided, found.oblique("to")) == ["Baku"]


def test_noun_event_arguments() -> None:
    # "the detention of journalists by police"
    parse = _parse(
        "the detention of journalists by police",
        [
            (1, "det", "DT"),
            (1, "ROOT", "NN"),
            (3, "case", "IN"),
            (1, "nmod", "NNS"),
            (5, "case", "IN"),
            (1, "nmod", "NNS"),
        ],
    )
    found = arguments(parse, 1, RELATIONS)
    assert _words(parse, found.agents) == ["police"]
    assert _words(parse, found.oblique("of")) == ["journalists"]


def test_a_modifying_participle_with_an_object_is_an_active_verb() -> None:
    # "armed men stormed a church" parsed as "men [who were] stormed ..."
    parse = _parse(
        "armed men stormed a church , residents said",
        [
            (1, "amod", "JJ"),
            (7, "nsubj", "NNS"),
            (1, "acl", "VBN"),
            (4, "det", "DT"),
            (2, "obj", "NN"),
            (2, "punct", ","),
            (7, "nsubj", "NNS"),
            (7, "ROOT", "VBD"),
        ],
    )
    found = arguments(parse, 2, RELATIONS)
    assert not found.passive
    assert _words(parse, found.subjects) == ["men"]
    assert _words(parse, found.objects) == ["church"]
    # without the object it stays a passive participle: "men [who were] stormed"
    deployed = _parse(
        "troops deployed by Russia",
        [(0, "ROOT", "NNS"), (0, "acl", "VBN"), (3, "case", "IN"), (1, "obl:agent", "NNP")],
    )
    found = arguments(deployed, 1, RELATIONS)
    assert found.passive and _words(deployed, found.objects) == ["troops"]


def test_a_coordinated_participle_shares_the_passive_and_its_agent() -> None:
    # "rebels are financed and armed by Moscow": the parser hangs the agent on "armed"
    parse = _parse(
        "rebels are financed and armed by Moscow",
        [
            (2, "nsubj:pass", "NNS"),
            (2, "aux:pass", "VBP"),
            (2, "ROOT", "VBN"),
            (4, "cc", "CC"),
            (2, "conj", "VBN"),
            (6, "case", "IN"),
            (4, "obl:agent", "NNP"),
        ],
    )
    for verb in (2, 4):
        found = arguments(parse, verb, RELATIONS)
        assert found.passive and found.subjects == ()
        assert _words(parse, found.objects) == ["rebels"]
        assert _words(parse, found.agents) == ["Moscow"]
    # an active verb coordinated with a passive one keeps its voice and takes no agent:
    # "Moscow attacked and was condemned by Kyiv"
    active = _parse(
        "Moscow attacked and was condemned by Kyiv",
        [
            (1, "nsubj", "NNP"),
            (1, "ROOT", "VBD"),
            (4, "cc", "CC"),
            (4, "aux:pass", "VBD"),
            (1, "conj", "VBN"),
            (6, "case", "IN"),
            (4, "obl:agent", "NNP"),
        ],
    )
    found = arguments(active, 1, RELATIONS)
    assert not found.passive and found.agents == ()


def test_a_by_phrase_hung_on_an_oblique_is_the_agent() -> None:
    # "families were driven from homes by militias"; "the detention of a reporter by police"
    driven = _parse(
        "families were driven from homes by militias",
        [
            (2, "nsubj:pass", "NNS"),
            (2, "aux:pass", "VBD"),
            (2, "ROOT", "VBN"),
            (4, "case", "IN"),
            (2, "obl", "NNS"),
            (6, "case", "IN"),
            (4, "nmod", "NNS"),
        ],
    )
    assert _words(driven, arguments(driven, 2, RELATIONS).agents) == ["militias"]
    detention = _parse(
        "the detention of a reporter by police",
        [
            (1, "det", "DT"),
            (1, "ROOT", "NN"),
            (4, "case", "IN"),
            (4, "det", "DT"),
            (1, "nmod", "NN"),
            (6, "case", "IN"),
            (4, "nmod", "NNS"),
        ],
    )
    found = arguments(detention, 1, RELATIONS)
    assert _words(detention, found.agents) == ["police"]
    assert _words(detention, found.oblique("of")) == ["reporter"]


def test_conjuncts_and_spans() -> None:
    parse = _parse(
        "Iran , Russia and Turkey met",
        [
            (5, "nsubj", "NNP"),
            (2, "punct", ","),
            (0, "conj", "NNP"),
            (4, "cc", "CC"),
            (0, "conj", "NNP"),
            (5, "ROOT", "VBD"),
        ],
    )
    assert _words(parse, conjuncts(parse, 0)) == ["Iran", "Russia", "Turkey"]
    assert parse.word_at(7) == 2 and parse.word_at(6) is None
    assert list(parse.words_in(7, 24)) == [2, 3, 4]
    assert list(parse.words_in(7, 23)) == [2, 3]
    assert parse.subtree(0) == range(5)


def test_manifest_catches_a_changed_file(tmp_path: Path) -> None:
    model = parser_path()
    verify(model)  # the committed model matches its manifest
    copy = tmp_path / "model"
    shutil.copytree(model, copy)
    meta = copy / "meta.json"
    meta.write_text(meta.read_text("utf-8") + " ", "utf-8")
    with pytest.raises(ModelError, match=r"meta\.json"):
        verify(copy)
    (copy / MANIFEST).unlink()
    with pytest.raises(ModelError, match="manifest"):
        verify(copy)


def test_manifest_lists_every_file() -> None:
    listed = (parser_path() / MANIFEST).read_text("utf-8").splitlines()
    assert listed == manifest_lines(parser_path())
    assert any(line.endswith("  NOTICE.md") for line in listed)
    assert any(line.endswith("  parser/model") for line in listed)


def test_the_bundled_model_parses_a_news_sentence() -> None:
    text = "Turkish forces shelled the village. Moscow summoned the envoy."
    spans = [(m.start(), m.end()) for m in re.finditer(r"\w+|[^\w\s]", text)]
    first, second = DependencyParser().parse(text, [spans[:6], spans[6:]])
    assert first is not None and second is not None
    verb = first.word_at(text.index("shelled"))
    assert verb is not None
    found = arguments(first, verb, RELATIONS)
    assert _words(first, found.subjects) == ["forces"]
    assert _words(first, found.objects) == ["village"]
    assert second.starts[0] == 36  # offsets are the document's


@pytest.mark.parametrize(
    ("environment", "single"),
    [
        ({"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "8"}, True),
        ({"OPENBLAS_NUM_THREADS": "4"}, False),
        ({"OMP_NUM_THREADS": "1"}, True),
        ({"GOTO_NUM_THREADS": " 2 ", "OMP_NUM_THREADS": "1"}, False),
    ],
)
def test_blas_threads_are_read_from_the_environment_openblas_reads(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], single: bool
) -> None:
    for name in BLAS_THREAD_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert blas_single_threaded() is single


def test_numpy_blas_and_blis_give_the_same_parses(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (
        "Azerbaijani forces shelled positions near Tavush on Monday, the ministry said. "
        "Kyiv didn't confirm that two drones hit a fuel depot in the Dnipro region, "
        "which officials had evacuated before the strike."
    )
    spans = [(m.start(), m.end()) for m in re.finditer(r"\w+|[^\w\s]", text)]
    cut = next(i for i, (a, _) in enumerate(spans) if text[a] == ".") + 1
    sentences = [spans[:cut], spans[cut:]]
    found = {}
    for threads in ("1", "2"):  # numpy's BLAS when it runs one thread, else BLIS
        monkeypatch.setenv("OPENBLAS_NUM_THREADS", threads)
        parser = DependencyParser()
        parser.load()
        ops = parser._nlp.get_pipe("parser").model.ops
        assert ops.use_blis is (threads != "1")
        found[threads] = parser.parse(text, sentences)
    assert found["1"] == found["2"]
    assert all(parse is not None and len(parse) > 10 for parse in found["1"])

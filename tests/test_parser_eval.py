"""The parser evaluation: the CoNLL-U reader, the EWT scorer, the news syntax set."""

from __future__ import annotations

import os
from itertools import pairwise
from pathlib import Path

import pytest
from click.testing import CliRunner

from casus.api import default_pipeline
from casus.cli import app
from casus.components.registry import shared_resources
from casus.components.syntax import SyntaxLayer
from casus.components.syntax.arguments import arguments
from casus.components.syntax.grammar import load_grammar
from casus.components.syntax.layer import parse_pieces
from casus.components.syntax.parse import Parse
from casus.doc import Doc
from casus.errors import DataError, EvaluationError
from casus.evaluation import floors, news_syntax, parser
from casus.evaluation.news_syntax import Annotation, NewsScores, NewsSentence, fillers, same
from casus.evaluation.parser import ParserScores, Word, read_conllu
from casus.model import Article
from casus.pipeline import Pipeline
from casus.text import tokenize

from .conftest import SHARED
from .parser_util import RecordingParser

# Two sentences: a multiword token (Georgia's), an empty node (6.1), SpaceAfter=No.
SAMPLE = """\
# newdoc id = wire-1
# sent_id = wire-1-0001
# text = Georgia's ministry summoned the envoy.
1-2\tGeorgia's\t_\t_\t_\t_\t_\t_\t_\t_
1\tGeorgia\tGeorgia\tPROPN\tNNP\t_\t3\tnmod:poss\t_\t_
2\t's\t's\tPART\tPOS\t_\t1\tcase\t_\t_
3\tministry\tministry\tNOUN\tNN\t_\t4\tnsubj\t_\t_
4\tsummoned\tsummon\tVERB\tVBD\t_\t0\troot\t_\t_
5\tthe\tthe\tDET\tDT\t_\t6\tdet\t_\t_
6\tenvoy\tenvoy\tNOUN\tNN\t_\t4\tobj\t_\tSpaceAfter=No
6.1\tsent\tsend\tVERB\tVBD\t_\t_\t_\t4:conj\t_
7\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_

# sent_id = wire-1-0002
1\tTalks\ttalk\tNOUN\tNNS\t_\t2\tnsubj:pass\t_\t_
2\tended\tend\tVERB\tVBD\t_\t0\troot\t_\tSpaceAfter=No
3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_
"""


def _parse(text: str) -> tuple[Word, ...]:
    """A hand-made parse written as CoNLL-U (one sentence)."""
    (sentence,) = read_conllu(text.splitlines())
    return sentence.words


# -- CoNLL-U -----------------------------------------------------------------------------


def test_conllu_reader_splits_multiword_tokens_and_skips_empty_nodes() -> None:
    first, second = read_conllu(SAMPLE.splitlines())
    assert first.sent_id == "wire-1-0001" and second.sent_id == "wire-1-0002"
    forms = [w.form for w in first.words]
    assert forms == ["Georgia", "'s", "ministry", "summoned", "the", "envoy", "."]
    assert [w.space_after for w in first.words] == [False, True, True, True, True, False, True]
    assert first.words[2].head == 4 and first.words[2].deprel == "nsubj"
    assert first.words[3].head == 0 and first.words[3].upos == "VERB"
    assert [w.id for w in second.words] == [1, 2, 3]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("1\tword\t_\tNOUN\tNN\t_\t0\troot\t_", "10 tab-separated"),
        ("1\tword\t_\tNOUN\tNN\t_\tx\troot\t_\t_", "not a number"),
        ("2\tword\t_\tNOUN\tNN\t_\t0\troot\t_\t_", "out of sequence"),
        ("1\tword\t_\tNOUN\tNN\t_\t5\troot\t_\t_", "has head 5"),
    ],
)
def test_conllu_reader_refuses_malformed_lines(line: str, reason: str) -> None:
    with pytest.raises(EvaluationError, match=reason):
        list(read_conllu([line, ""], "bad.conllu"))


def test_conllu_file_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError, match="cannot read"):
        parser.read_conllu_file(tmp_path / "absent.conllu")


# -- the EWT scorer ----------------------------------------------------------------------


def test_scorer_counts_heads_labels_punctuation_and_relations() -> None:
    gold, _ = read_conllu(SAMPLE.splitlines())
    # The parser took "the envoy" for a subject and attached the full stop to "envoy".
    wrong = {6: (4, "nsubj"), 7: (6, "punct")}
    predicted = [
        Word(
            w.id, w.form, "X" if w.id == 5 else w.upos, w.xpos, *wrong.get(w.id, (w.head, w.deprel))
        )
        for w in gold.words
    ]
    scores = ParserScores()
    scores.add(gold, predicted)
    d = scores.as_dict()
    assert scores.words == 7 and scores.scored_nopunct == 6
    assert d["uas"] == pytest.approx(6 / 7) and d["las"] == pytest.approx(5 / 7)
    assert d["uas_nopunct"] == pytest.approx(6 / 6) and d["las_nopunct"] == pytest.approx(5 / 6)
    assert d["upos"] == pytest.approx(6 / 7)
    # gold: nsubj ministry, obj envoy; predicted: nsubj ministry (right), nsubj envoy (wrong)
    assert d["f1_nsubj"] == pytest.approx(2 * 1 / (1 + 2))
    assert d["f1_obj"] == 0.0
    assert d["subj_obj_f1"] == pytest.approx(2 * 1 / (2 + 2))


def test_scorer_refuses_a_parse_of_other_words() -> None:
    _, gold = read_conllu(SAMPLE.splitlines())
    with pytest.raises(EvaluationError, match="gold words"):
        ParserScores().add(gold, gold.words[:2])


# -- the news syntax set -----------------------------------------------------------------

# "The militia, which was backed by Kigali, seized Goma and shelled Bukavu, officials said."
NEWS_PARSE = """\
1\tThe\t_\tDET\tDT\t_\t2\tdet\t_\t_
2\tmilitia\t_\tNOUN\tNN\t_\t10\tnsubj\t_\t_
3\t,\t_\tPUNCT\t,\t_\t6\tpunct\t_\t_
4\twhich\t_\tPRON\tWDT\t_\t6\tnsubj:pass\t_\t_
5\twas\t_\tAUX\tVBD\t_\t6\taux:pass\t_\t_
6\tbacked\t_\tVERB\tVBN\t_\t2\tacl:relcl\t_\t_
7\tby\t_\tADP\tIN\t_\t8\tcase\t_\t_
8\tKigali\t_\tPROPN\tNNP\t_\t6\tobl:agent\t_\t_
9\t,\t_\tPUNCT\t,\t_\t10\tpunct\t_\t_
10\tseized\t_\tVERB\tVBD\t_\t0\troot\t_\t_
11\tGoma\t_\tPROPN\tNNP\t_\t10\tobj\t_\t_
12\tand\t_\tCCONJ\tCC\t_\t13\tcc\t_\t_
13\tshelled\t_\tVERB\tVBD\t_\t10\tconj\t_\t_
14\tBukavu\t_\tPROPN\tNNP\t_\t13\tobj\t_\t_
15\t,\t_\tPUNCT\t,\t_\t17\tpunct\t_\t_
16\tofficials\t_\tNOUN\tNNS\t_\t17\tnsubj\t_\t_
17\tsaid\t_\tVERB\tVBD\t_\t10\tparataxis\t_\t_
"""


def _tree(conllu: str) -> Parse:
    """A hand-made CoNLL-U tree as a :class:`Parse` (the root is its own head)."""
    words = _parse(conllu)
    spans, offset = [], 0
    for word in words:
        spans.append((offset, offset + len(word.form)))
        offset += len(word.form) + word.space_after
    return Parse.build(
        spans,
        [w.form for w in words],
        [w.head - 1 if w.head else i for i, w in enumerate(words)],
        ["ROOT" if w.deprel == "root" else w.deprel for w in words],
        [w.xpos for w in words],
    )


RELATIONS = load_grammar().dependencies


def test_roles_are_read_by_the_coders_argument_reader() -> None:
    tree = _tree(NEWS_PARSE)
    backed, seized, shelled, said = 5, 9, 12, 16

    def role(word: int, name: str) -> tuple[int, ...]:
        return fillers(arguments(tree, word, RELATIONS), name)

    assert role(backed, "subj") == (1,)  # "which" stands for "militia"; passive: the patient
    assert role(backed, "agent") == (7,)
    assert role(shelled, "subj") == (1,)  # shared with "seized"
    assert role(shelled, "obj") == (13,)
    assert role(seized, "obj") == (10,)
    assert role(said, "subj") == (15,)
    assert role(said, "obj") == ()
    assert role(seized, "against") == ()


def test_news_scores_count_right_and_wrong_roles() -> None:
    sentence = NewsSentence(
        "x1",
        "dev",
        "…",
        (
            Annotation("backed", (("subj", "militia"), ("agent", "Kigali"))),
            Annotation("shelled", (("subj", "militia"), ("obj", "Bukavu"))),
            Annotation("seized", (("obj", "Bukavu"), ("against", "Goma"))),
        ),
    )
    scores = NewsScores()
    scores.add(sentence, _tree(NEWS_PARSE), RELATIONS)
    d = scores.as_dict()
    assert d["subj"] == 1.0 and d["agent"] == 1.0
    assert d["obj"] == pytest.approx(1 / 2)  # "seized" took Goma, not Bukavu
    assert d["obl"] == 0.0
    assert d["overall"] == pytest.approx(4 / 6)
    assert scores.misses == [
        "x1 seized obj: Bukavu, read: Goma",
        "x1 seized against: Goma, read: nothing",
    ]
    unparsed = NewsScores()
    unparsed.add(sentence, None, RELATIONS)  # too long to parse: every role is missed
    assert unparsed.predicates == 3 and sum(unparsed.total.values()) == 6
    assert unparsed.as_dict()["overall"] == 0.0


def test_names_and_appositions_count_as_the_annotated_word() -> None:
    tree = _tree(
        "1\tminister\t_\tNOUN\tNN\t_\t5\tnsubj\t_\t_\n"
        "2\tSergei\t_\tPROPN\tNNP\t_\t1\tappos\t_\t_\n"
        "3\tLavrov\t_\tPROPN\tNNP\t_\t2\tflat\t_\t_\n"
        "4\tTaras\t_\tPROPN\tNNP\t_\t5\tobl\t_\t_\n"
        "5\tspoke\t_\tVERB\tVBD\t_\t0\troot\t_\t_\n"
    )
    assert same(tree, 0, (2,)) and same(tree, 1, (2,)) and same(tree, 2, (0,))
    assert same(tree, 3, (2, 3))  # one of the words of a name casus writes as several
    assert not same(tree, 3, (2,)) and not same(tree, 4, (0,))


def test_locate_finds_the_nth_occurrence_and_words_written_together() -> None:
    forms = ["it", "said", "it", "would"]
    assert news_syntax.locate(forms, "it") == (0,)
    assert news_syntax.locate(forms, "it#2") == (2,)
    with pytest.raises(DataError, match="not a word"):
        news_syntax.locate(forms, "it#3")
    forms = ["the", "M", "23", "and", "M", "23"]
    joined = [False, True, False, False, True]
    assert news_syntax.locate(forms, "M23", joined) == (1, 2)
    assert news_syntax.locate(forms, "M23#2", joined) == (4, 5)
    with pytest.raises(DataError, match="not a word"):
        news_syntax.locate(forms, "M23")  # written apart, they spell nothing


def test_sentences_are_cut_into_words_as_the_syntax_layer_cuts_them() -> None:
    endings = RELATIONS.contractions
    text = (
        "KYIV, March 2 (Reuters) - The ministry didn't say: Russian drones hit a depot "
        "near Odesa; nobody was hurt."
    )
    tokens = tokenize(text)
    pieces = parse_pieces(tokens, 0, len(tokens), endings)
    words = [[text[a:b] for a, b in piece] for piece in pieces]
    assert words == [
        ["The", "ministry", "did", "n't", "say", ":"],
        ["Russian", "drones", "hit", "a", "depot", "near", "Odesa", ";"],
        ["nobody", "was", "hurt", "."],
    ]
    # the evaluation gives the parser the very words the layer gives it in an article
    body = [text, "Ankara said it won't attend the talks in Vienna."]

    recorder = RecordingParser()
    resources = shared_resources()
    layer = SyntaxLayer(
        resources.factuality_cues,
        resources.lexicon,
        collective_phrases=resources.collective_phrases,
        grammar=resources.grammar,
        parser=recorder,
    )
    upstream = [
        c for c in default_pipeline().components if c.name not in {"syntax", "events", "claims"}
    ]
    Pipeline([*upstream, layer]).run(Doc(Article(title="Talks", text="\n\n".join(body))))
    expected = [
        [sentence[a:b] for a, b in piece]
        for sentence in body
        for piece in news_syntax.pieces_of(sentence, endings)
    ]
    assert recorder.words == expected


def test_bundled_news_set_is_split_and_every_word_is_a_word() -> None:
    dev, test = news_syntax.load_news(split="dev"), news_syntax.load_news(split="test")
    assert 250 <= len(dev) + len(test) <= 300 and abs(len(dev) - len(test)) <= 5
    assert {s.split for s in dev} == {"dev"} and {s.split for s in test} == {"test"}
    ids = [s.id for s in dev + test]
    assert len(ids) == len(set(ids))
    for sentence in dev + test:
        pieces = news_syntax.pieces_of(sentence.text, RELATIONS.contractions)
        spans = [span for piece in pieces for span in piece]
        forms = [sentence.text[a:b] for a, b in spans]
        joined = [b == a for (_, b), (a, _) in pairwise(spans)]
        for event in sentence.events:
            for word in (event.predicate, *(w for _, w in event.roles)):
                news_syntax.locate(forms, word, joined)  # raises when a word is not there


def test_news_file_errors_are_data_errors(tmp_path: Path) -> None:
    bad = tmp_path / "news.yaml"
    bad.write_text("dev:\n- id: a\n  text: X hit Y.\n  events:\n  - {pred: hit, true: Y}\n")
    with pytest.raises(DataError, match="a role is a word, not True"):
        news_syntax.load_news(bad)
    bad.write_text("dev:\n- id: a\n  text: X hit Y.\n  events:\n  - {pred: hit, sbj: X}\n")
    with pytest.raises(DataError, match="unknown role 'sbj'"):
        news_syntax.load_news(bad)


# -- with the model ----------------------------------------------------------------------


def _model() -> Path:
    """The parser model: CASUS_TEST_PARSER_MODEL, else the bundled one; skip without."""
    given = os.environ.get("CASUS_TEST_PARSER_MODEL")
    path = Path(given) if given else None
    problem = parser.model_problem(path)
    if problem:
        pytest.skip(problem)
    return path or parser.default_model_path()


def test_real_parser_on_a_handful_of_news_sentences(tmp_path: Path) -> None:
    model = _model()
    handful = tmp_path / "news.yaml"
    handful.write_text(
        "dev:\n"
        "- id: a\n"
        "  text: The convoy was ambushed by gunmen near Goma, officials said.\n"
        "  events:\n"
        "  - {pred: ambushed, subj: convoy, agent: gunmen}\n"
        "  - {pred: said, subj: officials}\n"
        "- id: b\n"
        "  text: Egypt sent envoys to Jerusalem to revive the talks.\n"
        "  events:\n"
        "  - {pred: sent, subj: Egypt, obj: envoys, to: Jerusalem}\n"
        "test: []\n",
        "utf-8",
    )
    scores = news_syntax.evaluate_news(handful, "all", model)
    assert scores.sentences == 2 and scores.predicates == 3
    assert sum(scores.total.values()) == 6
    assert scores.as_dict()["overall"] >= 0.5  # a trained parser gets most of these


def test_real_parser_cli_on_the_news_set() -> None:
    model = _model()
    result = CliRunner().invoke(app, ["eval", "parser", "--news", "--check", "--model", str(model)])
    assert result.exit_code == 0, result.output
    assert "[dev]" in result.output and "[test]" in result.output
    assert "EWT" not in result.output


@pytest.mark.shared
def test_real_parser_on_ewt_meets_its_floors() -> None:
    model = _model()
    path = SHARED / parser.EWT_TEST
    if not path.exists():
        pytest.skip(f"{path} not found")
    floors.check("parser:ewt", parser.evaluate_conllu(path, model).as_dict())


def test_cli_without_a_model_says_so(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "parser", "--news", "--model", str(tmp_path)])
    assert result.exit_code == 2
    assert "no spaCy pipeline" in result.output


def test_cli_skips_ewt_without_shared(tmp_path: Path) -> None:
    model = _model()
    result = CliRunner().invoke(
        app, ["eval", "parser", "--shared", str(tmp_path), "--model", str(model)]
    )
    assert result.exit_code == 0, result.output
    assert "not found; skipped" in result.output and "[test]" in result.output

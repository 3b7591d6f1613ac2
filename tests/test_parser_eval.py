"""The parser evaluation: the CoNLL-U reader, the EWT scorer, the news syntax set."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from casus.cli import app
from casus.errors import DataError, EvaluationError
from casus.evaluation import floors, news_syntax, parser
from casus.evaluation.news_syntax import Annotation, NewsScores, NewsSentence, Tree
from casus.evaluation.parser import ParserScores, Word, read_conllu

from .conftest import SHARED

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


def _news_words() -> tuple[Word, ...]:
    return _parse(NEWS_PARSE)


def test_tree_reads_arguments_the_way_the_coder_does() -> None:
    tree = Tree(_news_words())
    backed, seized, shelled, said = 5, 9, 12, 16
    assert tree.subject(backed) == 1  # "which" stands for "militia"
    assert tree.role(backed, "agent") == 7
    assert tree.subject(shelled) == 1  # shared with "seized"
    assert tree.role(shelled, "obj") == 13
    assert tree.role(seized, "obj") == 10
    assert tree.subject(said) == 15
    assert tree.role(said, "obj") is None


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
    scores.add(sentence, _news_words())
    d = scores.as_dict()
    assert d["subj"] == 1.0 and d["agent"] == 1.0
    assert d["obj"] == pytest.approx(1 / 2)  # "seized" took Goma, not Bukavu
    assert d["obl"] == 0.0
    assert d["overall"] == pytest.approx(4 / 6)
    assert scores.misses == [
        "x1 seized obj: Bukavu, parser: Goma",
        "x1 seized against: Goma, parser: nothing",
    ]


def test_names_and_appositions_count_as_the_annotated_word() -> None:
    words = _parse(
        "1\tminister\t_\tNOUN\tNN\t_\t5\tnsubj\t_\t_\n"
        "2\tSergei\t_\tPROPN\tNNP\t_\t1\tappos\t_\t_\n"
        "3\tLavrov\t_\tPROPN\tNNP\t_\t2\tflat\t_\t_\n"
        "4\tTaras\t_\tPROPN\tNNP\t_\t5\tobl\t_\t_\n"
        "5\tspoke\t_\tVERB\tVBD\t_\t0\troot\t_\t_\n"
    )
    tree = Tree(words)
    assert tree.same(0, 2) and tree.same(1, 2) and tree.same(2, 0)
    assert not tree.same(3, 2) and not tree.same(None, 2)


def test_locate_finds_the_nth_occurrence() -> None:
    forms = ["it", "said", "it", "would"]
    assert news_syntax.locate(forms, "it") == 0
    assert news_syntax.locate(forms, "it#2") == 2
    with pytest.raises(DataError, match="not a token"):
        news_syntax.locate(forms, "it#3")


def test_bundled_news_set_is_split_and_every_word_is_a_token() -> None:
    import spacy

    dev, test = news_syntax.load_news(split="dev"), news_syntax.load_news(split="test")
    assert 250 <= len(dev) + len(test) <= 300 and abs(len(dev) - len(test)) <= 5
    assert {s.split for s in dev} == {"dev"} and {s.split for s in test} == {"test"}
    ids = [s.id for s in dev + test]
    assert len(ids) == len(set(ids))
    tokenizer = spacy.blank("en").tokenizer
    for sentence in dev + test:
        forms = [token.text for token in tokenizer(sentence.text)]
        for event in sentence.events:
            for word in (event.predicate, *(w for _, w in event.roles)):
                news_syntax.locate(forms, word)  # raises when a word is not there


def test_news_file_errors_are_data_errors(tmp_path: Path) -> None:
    bad = tmp_path / "news.yaml"
    bad.write_text("dev:\n- id: a\n  text: X hit Y.\n  events:\n  - {pred: hit, on: Y}\n")
    with pytest.raises(DataError, match="in quotes"):
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

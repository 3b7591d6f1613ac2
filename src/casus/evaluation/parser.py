"""Dependency parser evaluation on Universal Dependencies English EWT (CoNLL-U).

The statistical parser (a small spaCy pipeline trained on UD English EWT) is scored on
the EWT test file with **gold tokenisation**: every sentence becomes a spaCy ``Doc``
built from the treebank's words and spaces and marked as one sentence, so the scores
measure tagging and parsing, not tokenisation or sentence splitting.

CoNLL-U conventions (read here, no third-party reader):

* multiword-token range lines (``6-7  Google's``) are not scored themselves: their
  syntactic words (``Google`` ``'s``) are the tokens given to the parser, joined without
  a space; the range line's ``SpaceAfter=No`` applies to its last word;
* empty nodes (``8.1``, enhanced UD only) are skipped: the basic tree never uses them;
* every syntactic word is scored.

Scores:

* UAS (right head) and LAS (right head and full label, ``nsubj:pass`` not ``nsubj``),
  over all words (punctuation included, the CoNLL 2018 convention) and without words
  whose gold relation is ``punct``;
* UPOS accuracy;
* subject/object F1: a predicted ``nsubj``, ``nsubj:pass``, ``obj``, ``iobj`` or
  ``obl:agent`` arc is right when the gold tree has the same word with the same head and
  label (F1 per label and micro-averaged over the five);
* words per second of CPU time spent tagging and parsing (reported, never pinned).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import EvaluationError
from ..models import parser_path

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = [
    "EWT_TEST",
    "SUBJ_OBJ",
    "ParserScores",
    "Sentence",
    "Word",
    "default_model_path",
    "evaluate_conllu",
    "format_scores",
    "load_model",
    "model_problem",
    "parse_gold_tokens",
    "read_conllu",
    "read_conllu_file",
    "words_of",
]

EWT_TEST = Path("data/treebanks/UD_English-EWT/en_ewt-ud-test.conllu")
"""The EWT test file, relative to the shared data directory."""
SUBJ_OBJ = ("nsubj", "nsubj:pass", "obj", "iobj", "obl:agent")


@dataclass(frozen=True, slots=True)
class Word:
    """One syntactic word: its 1-based position, head position (0 = root) and labels."""

    id: int
    form: str
    upos: str
    xpos: str
    head: int
    deprel: str
    space_after: bool = True


@dataclass(frozen=True, slots=True)
class Sentence:
    sent_id: str
    words: tuple[Word, ...]


# -- reading CoNLL-U ---------------------------------------------------------------------


def _space_after(misc: str) -> bool:
    return "SpaceAfter=No" not in misc.split("|")


class _Builder:
    """Collects the word lines of one sentence; checks ids and heads when it closes."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.sent_id = ""
        self.words: list[Word] = []
        self.range_end = 0
        self.range_space = True

    def add(self, cells: list[str], where: str) -> None:
        token_id = cells[0]
        if "." in token_id:  # an empty node: enhanced graphs only
            return
        if "-" in token_id:  # a multiword token: its words follow
            self.range_end = _int(token_id.partition("-")[2], where)
            self.range_space = _space_after(cells[9])
            return
        number = _int(token_id, where)
        if number != len(self.words) + 1:
            raise EvaluationError(f"word id {number} out of sequence", where=where)
        space = _space_after(cells[9])
        if number < self.range_end:
            space = False
        elif number == self.range_end:
            space = self.range_space
        head = _int(cells[6], where)
        self.words.append(Word(number, cells[1], cells[3], cells[4], head, cells[7], space))

    def close(self, count: int) -> Sentence:
        for word in self.words:
            if not 0 <= word.head <= len(self.words) or word.head == word.id:
                raise EvaluationError(f"word {word.id} has head {word.head}", where=self.where)
        return Sentence(self.sent_id or f"{count}", tuple(self.words))


def _int(text: str, where: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise EvaluationError(f"not a number: {text!r}", where=where) from None


def read_conllu(lines: Iterable[str], source: str = "conllu") -> Iterator[Sentence]:
    """Sentences of CoNLL-U text (an iterable of lines); a malformed line raises
    :class:`EvaluationError` naming ``source:line``."""
    builder = _Builder(f"{source}:1")
    count = 0
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        where = f"{source}:{number}"
        if not line.strip():
            if builder.words:
                count += 1
                yield builder.close(count)
            builder = _Builder(f"{source}:{number + 1}")
        elif line.startswith("#"):
            key, _, value = line[1:].partition("=")
            if key.strip() == "sent_id":
                builder.sent_id = value.strip()
        else:
            cells = line.split("\t")
            if len(cells) != 10:
                raise EvaluationError(
                    f"expected 10 tab-separated fields, found {len(cells)}", where=where
                )
            builder.add(cells, where)
    if builder.words:
        yield builder.close(count + 1)


def read_conllu_file(path: Path) -> list[Sentence]:
    try:
        with path.open(encoding="utf-8") as handle:
            return list(read_conllu(handle, path.name))
    except OSError as exc:
        raise EvaluationError(f"cannot read: {exc.strerror}", where=str(path)) from None
    except UnicodeDecodeError:
        raise EvaluationError("not UTF-8 text", where=str(path)) from None


# -- the model ---------------------------------------------------------------------------


def default_model_path() -> Path:
    """The parser model shipped with casus (``casus.models.parser_path()``)."""
    return parser_path()


def model_problem(path: Path | None = None) -> str | None:
    """Why the parser model (``path`` or the bundled one) cannot be used, or None."""
    try:
        where = path or default_model_path()
    except EvaluationError as exc:
        return exc.message
    return None if (where / "config.cfg").is_file() else f"no spaCy pipeline at {where}"


def _load(where: str) -> Language:
    import spacy

    try:
        return spacy.load(where)
    except (OSError, ValueError) as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise EvaluationError(f"cannot load the parser model: {message}", where=where) from None


def load_model(path: Path | None = None) -> Language:
    """The spaCy pipeline at ``path`` (default: the bundled model), loaded once."""
    where = path or default_model_path()
    problem = model_problem(where)
    if problem:
        raise EvaluationError(problem)
    return _load(str(where.resolve()))


def words_of(doc: Doc) -> tuple[Word, ...]:
    """A parsed Doc as :class:`Word` records (ids are 1-based over the whole Doc)."""
    return tuple(
        Word(
            token.i + 1,
            token.text,
            token.pos_,
            token.tag_,
            0 if token.head.i == token.i else token.head.i + 1,
            "root" if token.dep_ == "ROOT" else token.dep_,
            bool(token.whitespace_),
        )
        for token in doc
    )


def parse_gold_tokens(
    nlp: Language, sentences: Iterable[Sentence], batch_size: int = 256
) -> Iterator[tuple[Word, ...]]:
    """Tag and parse each sentence on its gold words, as one sentence."""
    from spacy.tokens import Doc

    def build(sentence: Sentence) -> Doc:
        starts: list[bool | int | None] = [True]
        starts += [False] * (len(sentence.words) - 1)
        words = [word.form for word in sentence.words]
        spaces = [word.space_after for word in sentence.words]
        return Doc(nlp.vocab, words=words, spaces=spaces, sent_starts=starts)

    docs = (build(sentence) for sentence in sentences)
    for doc in nlp.pipe(docs, batch_size=batch_size):
        yield words_of(doc)


# -- scoring -----------------------------------------------------------------------------


def _ratio(right: int, total: int) -> float:
    return right / total if total else 0.0


def _f1(right: int, gold: int, predicted: int) -> float:
    return _ratio(2 * right, gold + predicted)


@dataclass
class ParserScores:
    source: str = ""
    sentences: int = 0
    words: int = 0
    scored_nopunct: int = 0
    heads: int = 0
    labels: int = 0
    heads_nopunct: int = 0
    labels_nopunct: int = 0
    upos: int = 0
    gold_rel: Counter[str] = field(default_factory=Counter)
    predicted_rel: Counter[str] = field(default_factory=Counter)
    right_rel: Counter[str] = field(default_factory=Counter)
    cpu_seconds: float = 0.0

    def add(self, gold: Sentence, predicted: Sequence[Word]) -> None:
        """Score one parsed sentence against its gold tree (same words, same order)."""
        if [w.form for w in predicted] != [w.form for w in gold.words]:
            raise EvaluationError("the parse does not have the gold words", where=gold.sent_id)
        self.sentences += 1
        for want, got in zip(gold.words, predicted, strict=True):
            head = want.head == got.head
            label = head and want.deprel == got.deprel
            self.words += 1
            self.heads += head
            self.labels += label
            self.upos += want.upos == got.upos
            if want.deprel != "punct":
                self.scored_nopunct += 1
                self.heads_nopunct += head
                self.labels_nopunct += label
            if want.deprel in SUBJ_OBJ:
                self.gold_rel[want.deprel] += 1
            if got.deprel in SUBJ_OBJ:
                self.predicted_rel[got.deprel] += 1
                self.right_rel[got.deprel] += label

    def as_dict(self) -> dict[str, float]:
        scores = {
            "uas": _ratio(self.heads, self.words),
            "las": _ratio(self.labels, self.words),
            "uas_nopunct": _ratio(self.heads_nopunct, self.scored_nopunct),
            "las_nopunct": _ratio(self.labels_nopunct, self.scored_nopunct),
            "upos": _ratio(self.upos, self.words),
            "subj_obj_f1": _f1(
                sum(self.right_rel.values()),
                sum(self.gold_rel.values()),
                sum(self.predicted_rel.values()),
            ),
            "words_per_second": self.words / self.cpu_seconds if self.cpu_seconds else 0.0,
        }
        for label in SUBJ_OBJ:
            scores[f"f1_{label}"] = _f1(
                self.right_rel[label], self.gold_rel[label], self.predicted_rel[label]
            )
        return scores


def evaluate_conllu(path: Path, model: Path | None = None) -> ParserScores:
    """Parse a CoNLL-U file on its gold words and score the parse."""
    sentences = read_conllu_file(path)
    if not sentences:
        raise EvaluationError("no sentences", where=str(path))
    nlp = load_model(model)
    scores = ParserScores(source=path.name)
    started = time.process_time()
    parses = list(parse_gold_tokens(nlp, sentences))
    scores.cpu_seconds = time.process_time() - started
    for sentence, parse in zip(sentences, parses, strict=True):
        scores.add(sentence, parse)
    return scores


def format_scores(scores: ParserScores) -> str:
    d = scores.as_dict()
    per_label = "  ".join(f"{label} {d[f'f1_{label}']:.3f}" for label in SUBJ_OBJ)
    return "\n".join(
        [
            f"parser on {scores.source}: {scores.sentences} sentences, {scores.words} words "
            "(gold tokenisation)",
            f"  with punctuation     UAS {d['uas']:.4f}  LAS {d['las']:.4f}",
            f"  without punctuation  UAS {d['uas_nopunct']:.4f}  LAS {d['las_nopunct']:.4f}",
            f"  UPOS {d['upos']:.4f}  subject/object F1 {d['subj_obj_f1']:.4f}",
            f"  F1 by label: {per_label}",
            f"  speed {d['words_per_second']:.0f} words/s (CPU time, tagging and parsing)",
        ]
    )

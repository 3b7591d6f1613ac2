"""The news syntax set: does the event coder's reading of the parse find who did what
to whom in news sentences?

``data/news_syntax.yaml`` holds sentences written for casus in the style of wire
services, state media, op-eds and machine-translated news, each with its main event
predicates annotated: the predicate word, its subject, object, passive agent and key
prepositional obliques (the head word of each phrase; see the file's header for the
guidelines). The set is split into **dev** (first half; developers may study its misses)
and **test** (second half; held out).

It measures exactly what the event coder sees. Each sentence is cut into words as the
syntax layer cuts a sentence (:func:`casus.components.syntax.layer.parse_pieces`:
casus's tokens, the dateline dropped, contractions split, pieces cut at a colon or
semicolon), parsed by the coder's :class:`~casus.components.syntax.parse.DependencyParser`,
and each predicate's roles are read by the coder's own argument reader
(:func:`casus.components.syntax.arguments.arguments`; a predicate the tagger calls a
noun is read as an event noun):

* ``subj``: :attr:`Arguments.subjects`; for a passive predicate, the patient the reader
  puts in :attr:`Arguments.objects` (the annotated subject of a passive is the thing
  undergoing the event: "the convoy" in "the convoy was ambushed");
* ``obj``: :attr:`Arguments.objects`;
* ``agent``: :attr:`Arguments.agents`;
* a preposition (``to``, ``against`` ...): :meth:`Arguments.oblique` of that preposition.

The annotated words are found among the parse's words (``said#2`` is the second
``said``; a word that casus writes as several, "M23" as "M" "23", is matched by any of
them). A role is right when one of the words the reader gives for it (it gives every
conjunct of a coordination, and the coder reads each) is the annotated word, the same
name (words joined by ``flat``: *Sergei Lavrov* is one name) or an apposition of it
(*the minister, Andriy Kovalenko,*): the coder maps all of these to the same actor.
Only annotated roles are scored (an argument the reader adds is not counted against
it): accuracy per role and overall.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..components.syntax.arguments import Arguments, arguments
from ..components.syntax.grammar import DependencyWords, load_grammar
from ..components.syntax.layer import parse_pieces
from ..components.syntax.parse import DependencyParser, Parse
from ..datafiles import bundled, read_yaml
from ..errors import DataError, EvaluationError
from ..text import normalize_text, sentence_spans, tokenize
from .parser import model_problem

__all__ = [
    "NEWS_SYNTAX",
    "ROLES",
    "Annotation",
    "NewsScores",
    "NewsSentence",
    "evaluate_news",
    "fillers",
    "format_scores",
    "load_news",
    "locate",
    "parse_sentence",
    "pieces_of",
    "same",
]

NEWS_SYNTAX = "data/news_syntax.yaml"
ROLES = ("subj", "obj", "agent", "obl")
"""Reported roles; every preposition key is scored as ``obl``."""
PREPOSITIONS = frozenset(
    "about across after against along alongside amid among around as at before behind between "
    "beyond "
    "despite during for from in inside into near of off on onto outside over since through "
    "throughout to toward towards under until upon via with within without".split()
)


@dataclass(frozen=True, slots=True)
class Annotation:
    """One event predicate and its annotated roles (role or preposition -> word)."""

    predicate: str
    roles: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class NewsSentence:
    id: str
    split: str
    text: str
    events: tuple[Annotation, ...]


# -- the data file -----------------------------------------------------------------------


def _annotation(item: Any, where: str) -> Annotation:
    if not isinstance(item, dict) or not isinstance(item.get("pred"), str):
        raise DataError("an event needs a pred: word", where=where)
    roles: list[tuple[str, str]] = []
    for key, value in item.items():
        if key == "pred":
            continue
        if not isinstance(key, str):  # true:, 1:
            raise DataError(f"a role is a word, not {key!r}", where=where)
        if key not in {"subj", "obj", "agent"} and key not in PREPOSITIONS:
            raise DataError(f"unknown role {key!r}", where=where)
        if not isinstance(value, str) or not value.strip():
            raise DataError(f"{key}: expected a word", where=where)
        roles.append((str(key), value.strip()))
    return Annotation(item["pred"].strip(), tuple(roles))


def _sentence(item: Any, split: str, where: str) -> NewsSentence:
    if not isinstance(item, dict) or not isinstance(item.get("text"), str):
        raise DataError("a sentence needs id, text and events", where=where)
    events = item.get("events")
    if not isinstance(events, list) or not events:
        raise DataError("a sentence needs at least one event", where=where)
    ident = str(item.get("id", where))
    annotations = tuple(_annotation(event, f"{where} ({ident})") for event in events)
    return NewsSentence(ident, split, " ".join(item["text"].split()), annotations)


def load_news(path: Path | None = None, split: str = "all") -> list[NewsSentence]:
    """The annotated sentences of ``split`` (dev, test or all) from ``path`` (default:
    the bundled set)."""
    path = path or bundled("casus.evaluation", NEWS_SYNTAX)
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise DataError("expected the keys dev: and test:", where=str(path))
    sentences: list[NewsSentence] = []
    for part in ("dev", "test"):
        if split not in {"all", part}:
            continue
        items = data.get(part)
        if not isinstance(items, list):
            raise DataError(f"{part}: expected a list of sentences", where=str(path))
        for number, item in enumerate(items, start=1):
            sentences.append(_sentence(item, part, f"{path.name} {part} #{number}"))
    return sentences


def locate(forms: Sequence[str], word: str, joined: Sequence[bool] = ()) -> tuple[int, ...]:
    """The 0-based positions of ``word`` among ``forms``: one word, or a run of words
    written together that spells it ("M23" as "M" "23"; ``joined[i]``: no space between
    word ``i`` and the next); ``said#2`` is the second occurrence."""
    text, _, nth = word.rpartition("#") if "#" in word[1:] else (word, "", "1")
    if not nth.isdigit() or int(nth) < 1:
        raise DataError(f"bad occurrence number in {word!r}")
    seen = 0
    for index in range(len(forms)):
        run = _spelled(forms, joined, index, text)
        if run:
            seen += 1
            if seen == int(nth):
                return run
    raise DataError(f"{word!r} is not a word of the sentence")


def _spelled(
    forms: Sequence[str], joined: Sequence[bool], index: int, text: str
) -> tuple[int, ...]:
    """The positions from ``index`` on whose words, written together, spell ``text``."""
    spelled = ""
    for k in range(index, len(forms)):
        spelled += forms[k]
        if spelled == text:
            return tuple(range(index, k + 1))
        if not text.startswith(spelled) or k >= len(joined) or not joined[k]:
            break
    return ()


# -- parsing as the syntax layer does ---------------------------------------------------


def pieces_of(text: str, endings: Sequence[str]) -> list[list[tuple[int, int]]]:
    """The word spans the syntax layer would parse for ``text`` (normalised), sentence
    by sentence (see :func:`~casus.components.syntax.layer.parse_pieces`)."""
    tokens = tokenize(text)
    found: list[list[tuple[int, int]]] = []
    for start, end in sentence_spans(text):
        first, last = tokens.index_at(start), tokens.index_at(end)
        if last > first:
            found.extend(parse_pieces(tokens, first, last, endings))
    return found


def parse_sentence(parser: DependencyParser, text: str, endings: Sequence[str]) -> Parse | None:
    """``text`` parsed as the syntax layer parses a sentence (None when it is too long
    to parse)."""
    text = normalize_text(text)
    pieces = pieces_of(text, endings)
    return Parse.join(parser.parse(text, pieces)) if pieces else None


# -- reading roles -----------------------------------------------------------------------


def fillers(found: Arguments, role: str) -> tuple[int, ...]:
    """The words the argument reader gives for an annotated ``role`` (subj, obj, agent
    or a preposition)."""
    if role == "subj":
        return found.objects if found.passive else found.subjects
    if role == "obj":
        return found.objects
    if role == "agent":
        return found.agents
    return tuple(found.oblique(role))


def _name(parse: Parse, word: int) -> int:
    """The first word of the name ``word`` belongs to (words joined by ``flat``)."""
    for _ in range(len(parse)):
        head = parse.heads[word]
        if head == word or parse.deps[word].split(":", 1)[0] != "flat":
            break
        word = head
    return word


def same(parse: Parse, got: int, want: Sequence[int]) -> bool:
    """``got`` names what one of ``want`` names: the same word or name, or one is an
    apposition of the other (``the minister, Andriy Kovalenko,``)."""
    a = _name(parse, got)
    for b in (_name(parse, w) for w in want):
        if a == b or any(
            parse.deps[x] == "appos" and parse.heads[x] == y for x, y in ((a, b), (b, a))
        ):
            return True
    return False


# -- scoring -----------------------------------------------------------------------------


@dataclass
class NewsScores:
    split: str = "all"
    sentences: int = 0
    predicates: int = 0
    right: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)

    def add(self, sentence: NewsSentence, parse: Parse | None, relations: DependencyWords) -> None:
        """Score the roles read off ``parse`` (None: the sentence was not parsed) for
        one sentence against its annotations; ``relations``: the grammar's dependency
        words, as the coder reads arguments with them."""
        self.sentences += 1
        for event in sentence.events:
            self.predicates += 1
            if parse is None:
                for role, word in event.roles:
                    self._count(role, right=False)
                    self.misses.append(f"{sentence.id} {event.predicate} {role}: {word}, unparsed")
                continue
            try:
                predicate = self._locate(parse, event.predicate)[0]
                wanted = [(role, word, self._locate(parse, word)) for role, word in event.roles]
            except DataError as exc:
                raise DataError(exc.message, where=f"news syntax {sentence.id}") from None
            found = arguments(parse, predicate, relations)
            for role, word, want in wanted:
                got = fillers(found, role)
                right = any(same(parse, k, want) for k in got)
                self._count(role, right=right)
                if not right:
                    read = " + ".join(parse.words[k] for k in got) or "nothing"
                    self.misses.append(
                        f"{sentence.id} {event.predicate} {role}: {word}, read: {read}"
                    )

    @staticmethod
    def _locate(parse: Parse, word: str) -> tuple[int, ...]:
        joined = [end == start for end, start in zip(parse.ends, parse.starts[1:], strict=False)]
        return locate(parse.words, word, joined)

    def _count(self, role: str, *, right: bool) -> None:
        kind = role if role in ROLES else "obl"
        self.total[kind] += 1
        self.right[kind] += right

    def as_dict(self) -> dict[str, float]:
        scores = {role: self.right[role] / self.total[role] for role in ROLES if self.total[role]}
        total = sum(self.total.values())
        scores["overall"] = sum(self.right.values()) / total if total else 0.0
        return scores


def evaluate_news(
    path: Path | None = None, split: str = "all", model: Path | None = None
) -> NewsScores:
    """Parse the news syntax set (``split``: dev, test or all) as the event coder does
    and score the roles its argument reader gives. ``model``: a parser directory with a
    manifest (the bundled one by default)."""
    if split not in {"all", "dev", "test"}:
        raise EvaluationError(f"unknown split {split!r} (dev, test or all)")
    sentences = load_news(path, split)
    problem = model_problem(model)
    if problem:
        raise EvaluationError(problem)
    parser = DependencyParser(model)
    relations = load_grammar().dependencies
    scores = NewsScores(split=split)
    for sentence in sentences:
        parse = parse_sentence(parser, sentence.text, relations.contractions)
        scores.add(sentence, parse, relations)
    return scores


def format_scores(scores: NewsScores, misses: int = 0) -> str:
    d = scores.as_dict()
    roles = "  ".join(
        f"{role} {d[role]:.3f} ({scores.right[role]}/{scores.total[role]})"
        for role in ROLES
        if role in d
    )
    lines = [
        f"parser on the news syntax set [{scores.split}]: {scores.sentences} sentences, "
        f"{scores.predicates} predicates",
        f"  {roles}",
        f"  overall {d['overall']:.4f} ({sum(scores.right.values())}/{sum(scores.total.values())})",
    ]
    lines.extend(f"  miss: {line}" for line in scores.misses[:misses])
    return "\n".join(lines)

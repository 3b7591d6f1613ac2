"""The news syntax set: does the parser find who did what to whom in news sentences?

``data/news_syntax.yaml`` holds sentences written for casus in the style of wire
services, state media, op-eds and machine-translated news, each with its main event
predicates annotated: the predicate word, its subject, object, passive agent and key
prepositional obliques (the head word of each phrase; see the file's header for the
guidelines). The set is split into **dev** (first half; developers may study its misses)
and **test** (second half; held out).

Each sentence is tokenised and parsed by the model; the annotated words are found among
its tokens (``said#2`` is the second ``said``) and each annotated role is filled from the
parse, reading arguments the way an event coder does:

* subject: an ``nsubj`` / ``nsubj:pass`` child (a possessive ``nmod:poss`` for an event
  noun); a relative pronoun subject (*which*, *who*, *that*) stands for the noun the
  relative clause modifies; a verb without a subject takes it from the verb it is
  coordinated with (``conj``), from the noun a participle or relative clause modifies
  (``acl``), from the controller of an ``xcomp`` (its object, else its subject) or from
  the main clause of an ``advcl``;
* object: an ``obj`` child (relative pronouns resolved as above); a verb without one
  shares the object of a coordinated verb when it comes after both (*shelled and
  captured the village*);
* agent: an ``obl:agent`` child, or an ``obl`` / ``nmod`` child whose preposition is
  *by* (shared across coordinated verbs like the object);
* oblique ``to``, ``against`` ...: an ``obl`` or ``nmod`` child whose ``case`` word is
  that preposition.

A filler is right when it is the annotated word, the same name (words joined by
``flat``: *Sergei Lavrov* is one name) or an apposition of it (*the minister, Andriy
Kovalenko,*). Only annotated roles are scored (an argument the parser adds is not
counted against it): accuracy per role and overall.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..datafiles import bundled, read_yaml
from ..errors import DataError, EvaluationError
from .parser import Word, load_model, words_of

__all__ = [
    "NEWS_SYNTAX",
    "ROLES",
    "Annotation",
    "NewsScores",
    "NewsSentence",
    "Tree",
    "evaluate_news",
    "format_scores",
    "load_news",
    "locate",
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
_RELATIVE = frozenset({"which", "who", "whom", "that"})
_RELATIVE_CLAUSE = frozenset({"acl", "acl:relcl", "advcl:relcl"})
_OBLIQUE = ("obl", "nmod")


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
        if isinstance(key, bool):  # YAML 1.1 reads a bare on: or off: as true or false
            raise DataError("write the preposition in quotes: 'on': or 'off':", where=where)
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


def locate(forms: Sequence[str], word: str) -> int:
    """The 0-based position of ``word`` among ``forms``; ``said#2`` is the second one."""
    text, _, nth = word.rpartition("#") if "#" in word[1:] else (word, "", "1")
    if not nth.isdigit() or int(nth) < 1:
        raise DataError(f"bad occurrence number in {word!r}")
    seen = 0
    for index, form in enumerate(forms):
        if form == text:
            seen += 1
            if seen == int(nth):
                return index
    raise DataError(f"{word!r} is not a token of the sentence")


# -- reading arguments off a parse -------------------------------------------------------


class Tree:
    """A parse (``Word`` records, ids 1..n) with the argument-reading rules of the
    module docstring; positions are 0-based."""

    def __init__(self, words: Sequence[Word]) -> None:
        self.words = list(words)
        self.children: list[list[int]] = [[] for _ in self.words]
        for index, word in enumerate(self.words):
            if word.head:
                self.children[word.head - 1].append(index)

    def head(self, index: int) -> int | None:
        head = self.words[index].head
        return head - 1 if head else None

    def rel(self, index: int) -> str:
        return self.words[index].deprel

    def kids(self, index: int, *labels: str) -> list[int]:
        return [c for c in self.children[index] if self.words[c].deprel in labels]

    def case(self, index: int) -> str:
        marks = self.kids(index, "case")
        return self.words[marks[0]].form.lower() if marks else ""

    def _resolve(self, predicate: int, filler: int) -> int:
        """A relative pronoun stands for the noun its relative clause modifies: the head
        of the nearest ``acl`` / ``acl:relcl`` / ``advcl:relcl`` above the predicate."""
        if self.words[filler].form.lower() not in _RELATIVE:
            return filler
        index: int | None = predicate
        while index is not None:
            head = self.head(index)
            if head is not None and (self.rel(index) in _RELATIVE_CLAUSE):
                return head
            index = head
        return filler

    def subject(self, index: int) -> int | None:
        labels = ["nsubj", "nsubj:pass"]
        if self.words[index].upos in {"NOUN", "PROPN"}:
            labels.append("nmod:poss")
        own = self.kids(index, *labels)
        if own:
            return self._resolve(index, own[0])
        head, rel = self.head(index), self.rel(index)
        if head is None:
            return None
        if rel in {"conj", "advcl"}:
            return self.subject(head)
        if rel in _RELATIVE_CLAUSE:
            return head
        if rel == "xcomp":
            objects = self.kids(head, "obj", "iobj")
            return objects[0] if objects else self.subject(head)
        return None

    def own_object(self, index: int) -> int | None:
        own = self.kids(index, "obj")
        return self._resolve(index, own[0]) if own else None

    def own_agent(self, index: int) -> int | None:
        own = self.kids(index, "obl:agent") or [
            c for c in self.kids(index, *_OBLIQUE) if self.case(c) == "by"
        ]
        return own[0] if own else None

    def shared(self, index: int, find: Callable[[int], int | None]) -> int | None:
        """``find`` on this verb, else on a coordinated verb whose filler follows both
        (``shelled and captured the village``)."""
        own = find(index)
        if own is not None:
            return own
        head = self.head(index)
        partners = list(self.kids(index, "conj"))
        if head is not None and self.rel(index) == "conj":
            partners.append(head)
        for partner in partners:
            if self.kids(partner, "nsubj", "nsubj:pass") and partner != head:
                continue  # a clause of its own: "troops entered and rebels fled the town"
            filler = find(partner)
            if filler is not None and filler > max(index, partner):
                return filler
        return None

    def oblique(self, index: int, preposition: str) -> int | None:
        for child in self.children[index]:
            rel = self.rel(child)
            oblique = rel.split(":")[0] in _OBLIQUE and rel != "nmod:poss"
            if oblique and self.case(child) == preposition:
                return child
        return None

    def role(self, index: int, role: str) -> int | None:
        """The filler of ``role`` (subj, obj, agent or a preposition) for ``index``."""
        if role == "subj":
            return self.subject(index)
        if role == "obj":
            return self.shared(index, self.own_object)
        if role == "agent":
            return self.shared(index, self.own_agent)
        return self.oblique(index, role)

    def name_of(self, index: int) -> int:
        """The first word of the name ``index`` belongs to (words joined by flat)."""
        while self.rel(index) == "flat" and (head := self.head(index)) is not None:
            index = head
        return index

    def same(self, got: int | None, want: int) -> bool:
        """``got`` names what ``want`` names: the same word or name, or one is an
        apposition of the other (``the minister, Andriy Kovalenko,``)."""
        if got is None:
            return False
        got, want = self.name_of(got), self.name_of(want)
        return got == want or any(
            self.rel(a) == "appos" and self.head(a) == b for a, b in ((got, want), (want, got))
        )


# -- scoring -----------------------------------------------------------------------------


@dataclass
class NewsScores:
    split: str = "all"
    sentences: int = 0
    predicates: int = 0
    right: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)

    def add(self, sentence: NewsSentence, words: Sequence[Word]) -> None:
        """Score the parse ``words`` of one sentence against its annotations."""
        tree = Tree(words)
        forms = [word.form for word in words]
        self.sentences += 1
        for event in sentence.events:
            try:
                predicate = locate(forms, event.predicate)
                wanted = [(role, word, locate(forms, word)) for role, word in event.roles]
            except DataError as exc:
                raise DataError(exc.message, where=f"news syntax {sentence.id}") from None
            self.predicates += 1
            for role, word, want in wanted:
                kind = role if role in ROLES else "obl"
                got = tree.role(predicate, role)
                self.total[kind] += 1
                if tree.same(got, want):
                    self.right[kind] += 1
                else:
                    found = "nothing" if got is None else forms[got]
                    self.misses.append(
                        f"{sentence.id} {event.predicate} {role}: {word}, parser: {found}"
                    )

    def as_dict(self) -> dict[str, float]:
        scores = {role: self.right[role] / self.total[role] for role in ROLES if self.total[role]}
        total = sum(self.total.values())
        scores["overall"] = sum(self.right.values()) / total if total else 0.0
        return scores


def evaluate_news(
    path: Path | None = None, split: str = "all", model: Path | None = None
) -> NewsScores:
    """Parse the news syntax set (``split``: dev, test or all) and score its roles."""
    if split not in {"all", "dev", "test"}:
        raise EvaluationError(f"unknown split {split!r} (dev, test or all)")
    sentences = load_news(path, split)
    nlp = load_model(model)
    scores = NewsScores(split=split)
    docs = nlp.pipe(sentence.text for sentence in sentences)
    for sentence, doc in zip(sentences, docs, strict=True):
        scores.add(sentence, words_of(doc))
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

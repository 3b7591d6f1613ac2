"""The arguments of a predicate in a dependency parse: who acts, on whom, with what.

Pure functions over a :class:`.parse.Parse`; words are indices into the parse. For a verb:

* its **subjects**: ``nsubj`` (and words coordinated with it); a verb without one takes
  them from the verb it is coordinated with ("X summoned A, cancelled B and called off
  C"), from the verb it completes ("agreed to withdraw"; "urged Iran to stop" takes the
  object), from the clause it serves ("sent troops to secure the border", "..., citing"),
  or from the noun it modifies ("militants attacking the base"; a relative clause: "the
  militia, which attacked ..."). Each step is named in :attr:`Arguments.how`;
* in the passive, the **agent** (``obl:agent``, "by X"; also a by-phrase the parser hung
  on a coordinated verb or on an oblique: "financed and armed by X", "driven from their
  homes by X") and the subject as **patient**; a participle is passive when it modifies
  a noun without a direct object of its own ("troops deployed by Russia", but "armed men
  stormed a church") or is coordinated with a passive verb ("found and punished");
* its **objects** (``obj``, ``iobj``) and **obliques** by preposition ("to Baku",
  "against X", "with Y"), also those attached to its object ("provided support to X").

For a noun event ("the detention of X by Y", "Russia's strikes on Kyiv") the same slots
come from its possessor, its ``nmod`` arguments by preposition, and its compound or
adjective modifiers. The governing verb of a complement clause is kept so that reporting
and attitude verbs can frame the event.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .grammar import DependencyWords
from .parse import Parse

__all__ = ["Arguments", "arguments", "conjuncts", "governor"]

_RELATIVE_TAGS = frozenset({"WDT", "WP", "WP$"})
"""Penn tags of relative pronouns ("which", "who", "that" in a relative clause)."""


@dataclass(frozen=True, slots=True)
class Arguments:
    """The argument words of one predicate (indices into the parse)."""

    predicate: int
    subjects: tuple[int, ...] = ()
    objects: tuple[int, ...] = ()
    agents: tuple[int, ...] = ()
    obliques: tuple[tuple[str, int], ...] = ()
    """(preposition, word) pairs, in sentence order."""
    passive: bool = False
    how: tuple[str, ...] = field(default=())
    """How the subject was found when it was not the predicate's own ("conj", "xcomp" ...)."""
    governor: int | None = None
    """The verb whose complement clause holds the predicate ("said", "expects")."""

    def oblique(self, *prepositions: str) -> list[int]:
        return [w for p, w in self.obliques if p in prepositions]


def conjuncts(parse: Parse, word: int) -> list[int]:
    """``word`` and the words coordinated with it ("Iran, Russia and Turkey")."""
    found = [word]
    stack = list(parse.dependents(word, "conj"))
    while stack:
        k = stack.pop(0)
        found.append(k)
        stack.extend(parse.dependents(k, "conj"))
    return found


def _case(parse: Parse, word: int) -> str:
    """The preposition of a nominal ("to" in "to Baku"); "" when it has none."""
    marks = [parse.words[k].lower() for k in parse.dependents(word, "case")]
    return " ".join(marks)


def _marked(parse: Parse, verb: int, *marks: str) -> bool:
    """Is the clause of ``verb`` introduced by one of ``marks`` ("of beating")?"""
    return any(parse.words[k].lower() in marks for k in parse.dependents(verb, "mark"))


def _misread_participle(parse: Parse, verb: int) -> bool:
    """A verb attached to the noun after it as a modifier, but with a subject of its
    own: a past tense the tagger took for a participle ("Kyiv provided weapons")."""
    head = parse.heads[verb]
    return (
        parse.deps[verb] in {"amod", "acl"}
        and head > verb
        and bool(parse.dependents(verb, "nsubj"))
    )


def _passive(parse: Parse, verb: int) -> bool:
    if parse.dependents(verb, "nsubj:pass", "aux:pass"):
        return True
    if parse.deps[verb] == "acl" and parse.tags[verb] == "VBN":
        # "troops deployed by Russia"; but with a direct object, a past tense the parser
        # hung on its subject: "armed men stormed a church"
        return not parse.dependents(verb, "obj")
    # "will be found and punished": a participle coordinated with a passive verb, with
    # no subject, auxiliary or object of its own, shares its voice
    head = parse.heads[verb]
    return (
        parse.deps[verb] == "conj"
        and parse.tags[verb] == "VBN"
        and head != verb
        and not parse.dependents(verb, "nsubj", "aux", "obj")
        and _passive(parse, head)
    )


def _own_subjects(parse: Parse, verb: int) -> list[int]:
    subjects = parse.dependents(verb, "nsubj", "nsubj:pass")
    return [w for s in subjects for w in conjuncts(parse, s)]


def _subjects(parse: Parse, verb: int, inheriting: frozenset[str]) -> tuple[list[int], list[str]]:
    """The verb's subjects, climbing through coordination and control (at most 4 steps)."""
    how: list[str] = []
    for _ in range(4):
        own = _own_subjects(parse, verb)
        if own:
            relative = [w for w in own if parse.tags[w] in _RELATIVE_TAGS]
            if relative and parse.deps[verb] in {"acl:relcl", "advcl:relcl"}:
                how.append("relative")
                return conjuncts(parse, parse.heads[verb]), how
            return own, how
        relation, head = parse.deps[verb], parse.heads[verb]
        if head == verb or relation not in inheriting:
            return [], how
        how.append(relation)
        if relation == "xcomp" and parse.tags[head].startswith("NN"):
            return conjuncts(parse, head), how  # "expects Moscow to withdraw", misattached
        objects = parse.dependents(head, "obj", "iobj")
        if objects and (relation == "xcomp" or _marked(parse, verb, "of", "for")):
            # "urged Iran to stop": Iran stops; "accused the police of beating
            # detainees": the police beat them
            return conjuncts(parse, objects[0]), how
        if relation in {"acl", "acl:relcl"}:
            # "troops deployed by Russia" (passive: the noun is acted on) has no subject
            # here; "militants attacking the base": the noun acts.
            return ([] if _passive(parse, verb) else conjuncts(parse, head)), how
        verb = head
    return [], how


def _agents(parse: Parse, verb: int) -> list[int]:
    """The words of the verb's by-phrase ("ambushed by gunmen")."""
    return [
        w
        for k in parse.children[verb]
        if parse.deps[k] == "obl:agent" or (parse.deps[k] == "obl" and _case(parse, k) == "by")
        for w in conjuncts(parse, k)
    ]


def _misplaced_agents(parse: Parse, verb: int) -> list[int]:
    """A passive verb's by-phrase that the parser hung elsewhere: on a verb coordinated
    with it, after both, that has no subject of its own ("are financed and armed by a
    neighbouring state"), or on the oblique before it ("driven from their homes by the
    army")."""
    partners = [k for k in parse.dependents(verb, "conj") if not parse.dependents(k, "nsubj")]
    if parse.deps[verb] == "conj":
        partners.append(parse.heads[verb])
    for partner in partners:
        found = _agents(parse, partner)
        if found and min(found) > max(verb, partner):
            return found
    return _by_below(parse, verb, "obl")


def _by_below(parse: Parse, word: int, relation: str) -> list[int]:
    """The by-phrases of ``word``'s ``relation`` dependents."""
    return [
        w
        for k in parse.dependents(word, relation)
        for case, w in _obliques(parse, k)
        if case == "by"
    ]


def _obliques(parse: Parse, word: int) -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []
    for k in parse.dependents(word, "obl", "nmod"):
        if parse.deps[k] == "obl:agent":
            continue
        case = _case(parse, k)
        if case:
            found.extend((case, w) for w in conjuncts(parse, k))
    return found


def _nested_obliques(parse: Parse, word: int, depth: int = 0) -> list[tuple[str, int]]:
    """The obliques of ``word`` and of the nouns it governs, up to three steps down."""
    found = _obliques(parse, word)
    if depth < 2:
        for k in parse.dependents(word, "nmod", "obl", "conj"):
            found.extend(_nested_obliques(parse, k, depth + 1))
    return found


def governor(parse: Parse, word: int, relations: DependencyWords) -> int | None:
    """The verb whose complement (or object, for an event noun) holds ``word``, through
    coordinated and adverbial clauses: "said" in "X said Y attacked", "expects" in "X
    expects the investigation to ...", "fear" in "they fear an attack"."""
    k = word
    for _ in range(4):
        relation, head = parse.deps[k], parse.heads[k]
        if head == k:
            return None
        if relation in relations.governed:
            if parse.tags[head].startswith("VB"):
                return head
            relation = "conj"  # "expects Moscow to withdraw" hung on "Moscow": go on up
        if relation not in {"conj", "advcl"}:
            return None
        k = head
    return None


def arguments(
    parse: Parse, word: int, relations: DependencyWords, *, noun: bool | None = None
) -> Arguments:
    """The arguments of the predicate at ``word``: a verb, or an event noun (``noun``;
    by default, what the tagger says)."""
    if noun if noun is not None else parse.tags[word].startswith("NN"):
        return _noun_arguments(parse, word, relations)
    passive = _passive(parse, word)
    subjects, how = _subjects(parse, word, relations.subject_from_head)
    agents = _agents(parse, word)
    if passive and not agents:
        agents = _misplaced_agents(parse, word)
    objects = [w for k in parse.dependents(word, "obj", "iobj") for w in conjuncts(parse, k)]
    obliques = _obliques(parse, word)
    for obj in objects:  # "provided support to the rebels", "one of its attacks on Kyiv"
        obliques.extend(_nested_obliques(parse, obj))
    if _misread_participle(parse, word):  # "Kyiv provided weapons to Baku" read as
        head = parse.heads[word]  # "Kyiv-provided weapons": the noun is the object
        passive, objects = False, conjuncts(parse, head)
        obliques.extend(_nested_obliques(parse, head))
    elif passive and parse.deps[word] == "acl":  # "troops deployed by Russia"
        objects = conjuncts(parse, parse.heads[word])
    elif passive:
        objects, subjects = subjects, []
    return Arguments(
        predicate=word,
        subjects=tuple(subjects),
        objects=tuple(objects),
        agents=tuple(agents),
        obliques=tuple(sorted(obliques, key=lambda pair: pair[1])),
        passive=passive,
        how=tuple(how),
        governor=governor(parse, word, relations),
    )


def _noun_arguments(parse: Parse, noun: int, relations: DependencyWords) -> Arguments:
    """ "Russia's strikes on Kyiv", "the detention of X by Y", "NATO airstrikes"."""
    subjects = [
        w for k in parse.dependents(noun, "nmod:poss", "compound") for w in conjuncts(parse, k)
    ]
    agents = [w for case, w in _obliques(parse, noun) if case == "by"]
    # or hung on the noun's own argument: "the detention of the journalist by police"
    agents = agents or _by_below(parse, noun, "nmod")
    obliques = [(case, w) for case, w in _obliques(parse, noun) if case != "by"]
    return Arguments(
        predicate=noun,
        subjects=tuple(subjects),
        agents=tuple(agents),
        obliques=tuple(obliques),
        governor=governor(parse, noun, relations),
    )

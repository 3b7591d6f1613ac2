"""The grammatical word lists: lexicons/grammar.yaml read into one frozen Grammar."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from casus.components.registry import PipelineSpec, assemble, shared_resources
from casus.components.resources import Resources
from casus.components.syntax.clauses import clauses
from casus.components.syntax.grammar import Grammar, load_grammar
from casus.datafiles import bundled
from casus.errors import DataError
from casus.text import tokenize


def test_bundled_grammar_holds_typed_frozen_lists() -> None:
    grammar = load_grammar()
    assert "of" in grammar.roles.not_subject_after
    assert "—" in grammar.clauses.punctuation and "’s" in grammar.common.possessives
    assert isinstance(grammar.triggers.light_verbs, frozenset)
    assert isinstance(grammar.roles.accusing_stems, tuple)  # prefixes, for startswith
    assert "accused".startswith(grammar.roles.accusing_stems)
    with pytest.raises(dataclasses.FrozenInstanceError):
        grammar.roles = grammar.roles  # type: ignore[misc]


def _edited(tmp_path: Path, old: str, new: str) -> Path:
    text = bundled("casus.lexicons", "grammar.yaml").read_text("utf-8")
    assert old in text
    path = tmp_path / "grammar.yaml"
    path.write_text(text.replace(old, new, 1), "utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("  gerund_owners: of for\n", "", "missing list 'gerund_owners'"),
        ("  gerund_owners: of for\n", "  gerund_owners: of\n  gerund_owner: of\n", "unknown list"),
        ("claims:\n", "claimz:\n", "missing group 'claims'"),
        ("  joint: joint combined\n", "  joint: true\n", "joint: expected words"),
        ("  joint: joint combined\n", "  joint: [joint, combined]\n", "joint: expected words"),
        ("  joint: joint combined\n", '  joint: " "\n', "joint: expected words"),
    ],
)
def test_a_malformed_grammar_file_is_a_data_error(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    with pytest.raises(DataError, match=message):
        load_grammar(_edited(tmp_path, old, new))


def test_resources_load_the_grammar_once_for_every_component() -> None:
    base = shared_resources()
    resources = Resources(base=base, lexicon=base.lexicon, patterns=base.patterns)
    assert resources.grammar is resources.grammar is base.grammar  # shared with the base
    assert "grammar" in resources.loaded()
    pipeline = assemble(PipelineSpec(), resources, picklable=False)
    held = [getattr(c, "grammar", None) for c in pipeline.components]
    users = [g for g in held if g is not None]
    assert len(users) >= 2 and all(g is resources.grammar for g in users)


def test_clause_openers_are_read_from_the_grammar() -> None:
    grammar = load_grammar()
    tokens = tokenize("Baku refused whereas Moscow agreed to talks")
    split = clauses(tokens, 0, len(tokens), grammar)
    assert [c.opener for c in split] == ["", "whereas"]
    words = grammar.clauses.boundary_words - {"whereas"}
    fewer: Grammar = dataclasses.replace(
        grammar, clauses=dataclasses.replace(grammar.clauses, boundary_words=words)
    )
    assert [c.opener for c in clauses(tokens, 0, len(tokens), fewer)] == [""]

"""The event vocabulary covers the codebooks: every CAMEO code that denotes a codable act
and every PLOVER event type and mode has patterns, and example sentences code as expected.

The codebook walks read ../shared (the CAMEO codefile and the PLOVER manual) and skip
when it is absent; the example sentences are the repository's own
(tests/fixtures/event_coverage/plover_examples.tsv).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from casus.api import analyze_doc
from casus.components.events.pattern_file import load_patterns
from casus.components.events.patterns import Pattern
from casus.datafiles import read_tsv
from casus.model import Article
from casus.ontology import Ontology, load_ontology

from .conftest import REPO, SHARED, need_shared

FIXTURES = REPO / "tests" / "fixtures" / "event_coverage"
CODEFILE = SHARED / "data" / "cameo" / "CAMEO_codefile.txt"
MANUAL = SHARED / "data" / "plover" / "PLOVER_MANUAL.tex"


def _effective(pattern: Pattern, code: str, ontology: Ontology) -> tuple[str, str | None]:
    """The PLOVER (type, mode) an entry gives its events (as the coder decides them)."""
    plover = ontology.plover(code)
    kind = pattern.type or (plover[0] if plover else "")
    return kind, pattern.mode or (plover[1] if plover else None)


def _pattern_codes() -> set[str]:
    return {
        code
        for pattern in load_patterns().patterns
        for code in (pattern.cameo, pattern.joint)
        if code is not None
    }


def _pattern_readings() -> set[tuple[str, str | None]]:
    ontology = load_ontology()
    return {
        _effective(pattern, code, ontology)
        for pattern in load_patterns().patterns
        for code in (pattern.cameo, pattern.joint)
        if code is not None
    }


def _codebook(path: Path) -> dict[str, str]:
    """CAMEO code -> its first description in the codefile (the ICEWS ``LABELi`` lines
    only relabel codes)."""
    codes: dict[str, str] = {}
    for line in path.read_text("utf-8", errors="replace").splitlines():
        found = re.match(r"LABEL:\s*(\d{2,4})=\s*(.+)", line)
        if found:
            codes.setdefault(found.group(1), found.group(2).strip())
    return codes


def _not_coded() -> dict[str, str]:
    rows = read_tsv(FIXTURES / "cameo_not_coded.tsv", ("code", "reason"))
    return {row["code"]: row["reason"] for row in rows}


def test_exclusions_give_reasons_and_are_not_coded() -> None:
    covered = _pattern_codes()
    for code, reason in _not_coded().items():
        assert reason.strip(), code
        assert not any(c.startswith(code) for c in covered), f"{code} is excluded but coded"


@pytest.mark.shared
def test_every_codable_cameo_code_has_patterns() -> None:
    codebook = _codebook(need_shared(CODEFILE))
    assert len(codebook) > 250  # the whole codefile was read
    covered, excluded = _pattern_codes(), _not_coded()
    assert set(excluded) <= set(codebook) | {code[:2] for code in codebook}
    wanted = sorted({code[:2] for code in codebook} | {c for c in codebook if len(c) == 3})
    missing = [
        f"{code} {codebook.get(code, 'root')}"
        for code in wanted
        if code not in excluded and not any(c.startswith(code) for c in covered)
    ]
    assert missing == [], missing


def _manual_types(text: str) -> dict[str, set[str]]:
    """PLOVER event type -> its modes, from the manual's "Event Categories" chapter."""
    chapter = text.split(r"\chapter{Event Categories}", 1)[1].split(r"\chapter{", 1)[0]
    types: dict[str, set[str]] = {}
    for block in re.split(r"\\section\{", chapter)[1:]:
        name = block.split("}", 1)[0].strip()
        modes: set[str] = set()
        for table in re.findall(r"\\begin\{tabular\}(.*?)\\end\{tabular\}", block, re.S):
            for line in table.splitlines():
                cells = line.strip().split("&")
                first = cells[0].strip()
                if len(cells) > 1 and not line.lstrip().startswith("%") and first:
                    modes.add(first)
        types[name] = modes - {"Name"}
    return types


@pytest.mark.shared
def test_every_plover_type_and_mode_of_the_manual_has_patterns() -> None:
    manual = _manual_types(need_shared(MANUAL).read_text("utf-8"))
    assert len(manual) == 16 and "ASSAULT" in manual and "crowd-control" in manual["ASSAULT"]
    readings = _pattern_readings()
    kinds = {kind for kind, _ in readings}
    assert [kind for kind in manual if kind not in kinds] == []
    missing = [
        f"{kind} {mode}"
        for kind, modes in manual.items()
        for mode in modes
        if (kind, mode) not in readings
    ]
    assert missing == [], missing


def test_every_pattern_mode_belongs_to_its_type() -> None:
    ontology = load_ontology()
    for pattern in load_patterns().patterns:
        kind, mode = _effective(pattern, pattern.cameo, ontology)
        assert kind in ontology.types, pattern.rule
        assert mode is None or mode in ontology.types[kind].modes, (pattern.rule, mode)


def _examples() -> list[tuple[str, str, str]]:
    rows = read_tsv(FIXTURES / "plover_examples.tsv", ("type", "mode", "sentence"))
    return [(row["type"], row["mode"], row["sentence"]) for row in rows]


def test_the_examples_cover_every_type_and_mode() -> None:
    ontology = load_ontology()
    wanted = {(kind, None) for kind, spec in ontology.types.items() if not spec.modes} | {
        (kind, mode) for kind, spec in ontology.types.items() for mode in spec.modes
    }
    given = {(kind, mode or None) for kind, mode, _ in _examples()}
    assert sorted(wanted - given, key=str) == []


@pytest.mark.parametrize(("kind", "mode", "sentence"), _examples())
def test_an_example_codes_to_its_type_and_mode(kind: str, mode: str, sentence: str) -> None:
    events = analyze_doc(Article(text=sentence), published=date(2025, 7, 23)).events
    readings = [(e.type, e.mode) for e in events]
    assert any(t == kind and (not mode or m == mode) for t, m in readings), readings


def test_yaml_words_like_on_off_yes_no_stay_words(tmp_path: Path) -> None:
    from casus.datafiles import read_yaml

    path = tmp_path / "words.yaml"
    path.write_text("prep: on\nobject: [at, on, off, yes, no]\nflag: true\nother: false\n")
    assert read_yaml(path) == {
        "prep": "on",
        "object": ["at", "on", "off", "yes", "no"],
        "flag": True,
        "other": False,
    }


def test_no_pattern_word_is_a_stray_boolean() -> None:
    patterns = load_patterns()
    for pattern in patterns.patterns:
        # "on" read as a boolean became "true" ("false" is a real object: "called it false")
        assert ("true",) not in pattern.objects, pattern.rule
        assert not {p.lower() for p in pattern.preps} & {"true", "false"}, pattern.rule


def test_firing_on_a_position_has_the_position_as_recipient() -> None:
    doc = analyze_doc(
        Article(text="Azerbaijani forces fired on Armenian positions near Sotk on Monday."),
        published=date(2025, 7, 1),
    )
    assert [
        (e.type, e.source and e.source.code, e.target and e.target.code) for e in doc.events
    ] == [("ASSAULT", "AZE", "ARM")]

"""The syntax layer: one Syntax per document, built before events and claims."""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import date

import pytest

from casus.api import analyze_doc, default_pipeline
from casus.components.claims import ClaimExtractor
from casus.components.events import EventCoder
from casus.components.registry import COMPONENTS, PipelineSpec, shared_resources
from casus.components.syntax import Syntax, SyntaxLayer, syntax_of
from casus.doc import Doc
from casus.errors import PipelineError
from casus.model import Analysis, Article
from casus.pipeline import Pipeline

from .parser_util import RecordingParser

TEXT = (
    "Title: Shelling on the border\n\n"
    "BAKU, June 30 — The Azerbaijani Defence Ministry said that Armenian forces had "
    "shelled its positions near the border on Monday. Yerevan denied it.\n\n"
    "Political scientist Farhad Mammadov points out that the risk is real:\n\n"
    "Both capitals must keep talking. A new war would ruin the region.\n\n"
    "Talks between the foreign ministers are planned for July."
)


def _doc(text: str = TEXT) -> Doc:
    return analyze_doc(Article(text=text), published=date(2025, 7, 1))


def test_syntax_runs_after_what_it_reads_and_before_events_and_claims() -> None:
    names = list(COMPONENTS)
    layer = names.index("syntax")
    assert max(names.index(n) for n in ("actors", "places", "dates")) < layer
    assert layer < names.index("events") < names.index("claims")
    assert default_pipeline().names == PipelineSpec().components
    with pytest.raises(PipelineError, match="events requires syntax"):
        PipelineSpec(tuple(n for n in COMPONENTS if n != "syntax")).build()


def test_the_document_syntax_holds_sentences_clauses_and_paragraphs() -> None:
    doc = _doc()
    syntax = syntax_of(doc)
    assert isinstance(syntax, Syntax)
    kinds = [doc.segments[s.paragraph].kind for s in syntax.sentences]
    assert set(kinds) == {"body", "quote"}  # never the title
    assert len(syntax.paragraphs) == len(doc.segments)
    first = syntax.sentences[0]
    tokens = doc.tokens
    openers = [c.opener for c in first.clauses]
    assert openers == ["", "—", "that"]  # "said that ...": Armenian forces shelled
    assert first.clauses[0].start == first.start and first.clauses[-1].end == first.end
    assert " ".join(tokens.texts[first.clauses[2].start : first.clauses[2].start + 3]) == (
        "that Armenian forces"
    )
    # Sentences with a word that may begin an event trigger are parsed, the others not.
    parsed = [s for s in syntax.sentences if s.parse is not None]
    assert first in parsed  # "shelled"
    assert any(s.parse is None for s in syntax.sentences)  # "Yerevan denied it."
    assert first.parse is not None
    assert first.parse.starts[0] == tokens.starts[first.start] + len("BAKU, June 30 — ")
    quote = next(i for i, s in enumerate(doc.segments) if s.kind == "quote")
    speaker = syntax.paragraphs[quote].speaker
    assert speaker is not None and "Mammadov" in speaker.text
    assert syntax.in_paragraph(quote) == tuple(s for s in syntax.sentences if s.paragraph == quote)
    assert len(syntax.in_paragraph(quote)) == 2


def test_events_and_claims_read_the_layer_and_build_none_of_it() -> None:
    doc = _doc()
    syntax = syntax_of(doc)
    assert doc.events and doc.claims
    quote_claim = next(c for c in doc.claims if c.rule == "claims:block-quote")
    quote = next(i for i, s in enumerate(doc.segments) if s.kind == "quote")
    assert syntax.paragraphs[quote].speaker is not None
    assert quote_claim.speaker is not None
    assert quote_claim.speaker.text == syntax.paragraphs[quote].speaker.text
    bare = Doc(Article(text=TEXT))
    for component in (EventCoder(), ClaimExtractor()):
        with pytest.raises(PipelineError, match="run the 'syntax' component first"):
            component(bare)


def test_the_syntax_is_never_part_of_the_analysis() -> None:
    doc = _doc()
    assert doc.syntax is not None
    analysis = doc.to_analysis()
    assert "syntax" not in {f.name for f in fields(Analysis)}
    assert "syntax" not in json.dumps(analysis.to_dict())


def test_a_parser_parses_only_sentences_with_a_candidate_word() -> None:
    resources = shared_resources()

    def run(layer: SyntaxLayer) -> Syntax:
        upstream = [
            c for c in default_pipeline().components if c.name not in {"syntax", "events", "claims"}
        ]
        return syntax_of(Pipeline([*upstream, layer]).run(Doc(Article(text=TEXT))))

    tables = {
        "collective_phrases": resources.collective_phrases,
        "grammar": resources.grammar,
    }
    every = RecordingParser()
    syntax = run(SyntaxLayer(resources.factuality_cues, resources.lexicon, parser=every, **tables))
    assert len(every.calls) == 1  # one call per document, all sentences at once
    assert len(every.calls[0]) == len(syntax.sentences)
    assert all(s.parse is not None for s in syntax.sentences)
    chosen = RecordingParser()
    layer = SyntaxLayer(
        resources.factuality_cues,
        resources.lexicon,
        parser=chosen,
        eventful=lambda tokens, start, stop: "shelled" in tokens.lowered[start:stop],
        **tables,
    )
    syntax = run(layer)
    assert [s.parse is not None for s in syntax.sentences].count(True) == 1
    assert len(chosen.calls[0]) == 1
    broken = RecordingParser(short=True)
    layer = SyntaxLayer(resources.factuality_cues, resources.lexicon, parser=broken, **tables)
    with pytest.raises(PipelineError, match="0 parses for"):
        run(layer)


def test_pronoun_state_is_per_paragraph_of_one_document() -> None:
    """ "They" takes the previous subject in its paragraph, never one of another."""
    same = _doc(
        "Title: Talks\n\nBAKU — Armenia shelled the border on Monday. They also attacked "
        "a village on Tuesday."
    )
    assert any(
        e.type == "ASSAULT"
        and e.source is not None
        and e.source.code == "ARM"
        and "attacked" in e.evidence.text
        for e in same.events
    )
    split = _doc(
        "Title: Talks\n\nBAKU — Armenia shelled the border on Monday.\n\nThey also attacked "
        "a village on Tuesday."
    )
    assert not any(
        e.source is not None and e.source.code == "ARM" and "attacked" in e.evidence.text
        for e in split.events
    )
    assert syntax_of(split).roles is not syntax_of(same).roles

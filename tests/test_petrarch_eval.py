"""``casus eval petrarch``: PETRARCH-style unit-test records, their dictionaries, scoring.

The records and dictionaries below are written for these tests in the shape of
PETRARCH's files (fictional states Valmora = VLM and Kestria = KST); the ``shared`` test
runs the real ``PETR.UnitTest.records.xml`` and is skipped when ../shared is absent.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from casus.cli import app
from casus.errors import EvaluationError
from casus.evaluation import floors, petrarch
from casus.evaluation.petrarch import Party, PetrarchScores, gold_party, gold_units, score_record
from casus.evaluation.petrarch_records import (
    ERROR_TEST,
    NOT_A_SENTENCE,
    NOT_CODED,
    Coding,
    Record,
    dictionary_names,
    read_records,
)
from casus.model import ActorRef, Event, Evidence, SpeechAct

from .conftest import SHARED, need_shared

RECORDS = """<Validation>
<!-- records written for casus's tests -->
<Environment>
    <Actorfile>Test.actors.txt</Actorfile>
    <Agentfile>Test.agents.txt</Agentfile>
</Environment>
<Sentences>
<Sentence date="20210304" id="T-01" category="DEMO" sentence="true">
<EventCoding sourcecode="VLM" targetcode="KSTGOV" eventcode="112"></EventCoding>
<Text>
Valmora accused the Kestria government of shelling
border villages on Thursday.
</Text>
<Parse>(ROOT (S (NP (NNP Valmora))))</Parse>
</Sentence>
<Sentence date="20210305" id="T-02" category="COMPOUND" sentence="true">
<EventCoding sourcecode="VLM" targetcode="KST" eventcode="040"></EventCoding>
<EventCoding sourcecode="KST" targetcode="VLM" eventcode="040"></EventCoding>
<Text>Valmora and Kestria held talks in the border town on Friday.</Text>
</Sentence>
<Sentence date="20210306" id="T-03" category="PARSING" sentence="true">
<EventCoding noevents = "True"></EventCoding>
<Text>The harvest in the southern valleys was the largest in a decade.</Text>
</Sentence>
<Sentence date="20210307" id="T-04" category="SYNSET" sentence="true">
<EventCoding sourcecode="VLM" targetcode="KST" eventcode="903"></EventCoding>
<Text>Valmora will contribute a million crowns to Kestria.</Text>
</Sentence>
<Sentence date="20210308" id="T-05" category="ERROR" sentence="true">
<EventCoding error="dateline"></EventCoding>
<Text>NORTH PORT: -- Valmora accused Kestria of spying.</Text>
</Sentence>
<Sentence date="20210309" id="T-06" category="DEMO" sentence="false">
<EventCoding sourcecode="VLM" targetcode="KST" eventcode="112"></EventCoding>
<Text>Valmora acused Kestria of spying.</Text>
</Sentence>
<Sentence date="2021x" id="T-07" category="PATTERN" sentence="true">
<Text>Valmora was in an accord with a parade on Saturday.</Text>
</Sentence>
</Sentences>
</Validation>
"""

ACTORS = """<!-- test actors -->
VALMORA [VLM]
+VALMORAN
KESTRIA [KST]
+KESTRIAN
"""

AGENTS = """<!-- test agents -->
GOVERNMENT [~GOV]
OFFICIAL [~GOV]
"""


def _files(tmp_path: Path) -> Path:
    (tmp_path / "records.xml").write_text(RECORDS, "utf-8")
    dictionaries = tmp_path / "dictionaries"
    dictionaries.mkdir()
    (dictionaries / "Test.actors.txt").write_text(ACTORS, "utf-8")
    (dictionaries / "Test.agents.txt").write_text(AGENTS, "utf-8")
    return tmp_path / "records.xml"


# -- reading the records --------------------------------------------------------------


def test_records_are_read_with_their_codings_and_dates(tmp_path: Path) -> None:
    records = {r.id: r for r in read_records(_files(tmp_path))}
    assert list(records) == [f"T-0{i}" for i in range(1, 8)]
    first = records["T-01"]
    assert first.codings == (Coding("VLM", "KSTGOV", "112"),)
    assert first.text.startswith("Valmora accused the Kestria government of shelling border")
    assert "(ROOT" not in first.text  # the parse is ignored
    assert first.published == date(2021, 3, 4) and first.set_aside is None
    assert len(records["T-02"].codings) == 2
    assert records["T-07"].published is None  # a malformed date is no date


def test_records_that_are_not_about_coding_are_set_aside(tmp_path: Path) -> None:
    records = {r.id: r for r in read_records(_files(tmp_path))}
    assert records["T-04"].set_aside == NOT_CODED  # 903: the test verb file's own code
    assert records["T-05"].set_aside == ERROR_TEST
    assert records["T-06"].set_aside == NOT_A_SENTENCE
    # no event: noevents="True", or no <EventCoding> at all; both scored
    assert records["T-03"].codings == () and records["T-03"].set_aside is None
    assert records["T-07"].codings == () and records["T-07"].set_aside is None


def test_dictionaries_named_by_the_environment(tmp_path: Path) -> None:
    assert dictionary_names(_files(tmp_path)) == ("Test.actors.txt", "Test.agents.txt")
    bare = tmp_path / "bare.xml"
    bare.write_text('<V><Sentence id="a"><Text>x</Text></Sentence></V>', "utf-8")
    assert dictionary_names(bare) == ("PETR.Validate.actors.txt", "PETR.Validate.agents.txt")


def test_unreadable_or_empty_records_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_text("<Validation><Sentence>", "utf-8")
    with pytest.raises(EvaluationError, match="cannot read PETRARCH records"):
        read_records(broken)
    empty = tmp_path / "empty.xml"
    empty.write_text("<Validation></Validation>", "utf-8")
    with pytest.raises(EvaluationError, match="no <Sentence> records"):
        read_records(empty)


# -- codes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "party"),
    [
        ("BREGOV", Party("BRE", "GOV")),
        ("ARN", Party("ARN", "")),
        ("USAGOVELI", Party("USA", "GOV")),  # the first role is the agent casus records
        ("DNKMUSGOV", Party("DNK", "GOV")),
        ("GONMOP", Party("GON", "MOP")),  # no role: the first agent as written
        ("IGOCOPITP", Party("INTERPOL", "IGO")),  # mapped as the importer maps it
        ("UNO", Party("UN", "IGO")),
        ("IMGMOSALQ", Party("IMG", "REB")),
        ("---GOV", Party("", "GOV")),  # an agent without an actor
        ("---", Party("", "")),
        ("###", Party("", "")),
        ('"THE MINISTRY OF MAGIC"', Party("", "")),
    ],
)
def test_gold_codes_read_as_the_importer_reads_them(code: str, party: Party) -> None:
    assert gold_party(code) == party


def test_mirror_image_codings_are_one_two_way_gold_event() -> None:
    codings = [
        Coding("GON", "OSG", "191"),
        Coding("OSG", "GON", "191"),
        Coding("GON", "OSG", "064"),  # another code: its own event
    ]
    units = gold_units(codings)
    assert [(u.root, u.ordered) for u in units] == [("19", False), ("06", True)]


# -- scoring, on constructed events -----------------------------------------------------


def _event(
    cameo: str,
    source: tuple[str | None, str | None] | None,
    target: tuple[str | None, str | None] | None,
    *,
    symmetric: bool = False,
    act: SpeechAct | None = None,
) -> Event:
    return Event(
        id="e1",
        type="ANY",
        mode=None,
        cameo=cameo,
        goldstein=0.0,
        quad_class=1,
        source=ActorRef(source[0], source[1], "source") if source else None,
        target=ActorRef(target[0], target[1], "target") if target else None,
        location=None,
        date=None,
        factuality="asserted",
        attribution=None,
        confidence=0.8,
        evidence=Evidence(0, 4, "Text"),
        rule="events.yaml#1:test",
        speech_act=act,
        symmetric=symmetric,
    )


def _record(*codings: Coding) -> Record:
    return Record("R-1", "DEMO", None, "Some text.", tuple(codings))


def _score(record: Record, *events: Event) -> dict[str, float]:
    scores = PetrarchScores()
    score_record(record, list(events), scores)
    return scores.as_dict()


def test_root_and_actors_make_a_triple_agents_the_full_code() -> None:
    d = _score(
        _record(Coding("BREGOV", "GON", "122")), _event("121", ("BRE", "MIL"), ("GON", None))
    )
    assert (d["triple_precision"], d["triple_recall"]) == (1.0, 1.0)
    assert d["full_recall"] == 0.0  # MIL is not GOV
    assert (d["source_accuracy"], d["source_full_accuracy"]) == (1.0, 0.0)


def test_wrong_root_fails_the_triple_not_the_actors() -> None:
    d = _score(_record(Coding("ARN", "GON", "064")), _event("054", ("ARN", None), ("GON", None)))
    assert d["triple_recall"] == 0.0 and d["blind_recall"] == 0.0
    assert d["dyad_recall"] == 1.0 and d["dyad_precision"] == 1.0
    assert (d["root_accuracy"], d["source_accuracy"], d["target_accuracy"]) == (0.0, 1.0, 1.0)


def test_direction_counts_unless_the_event_is_symmetric() -> None:
    record = _record(Coding("GON", "OSG", "040"))
    reversed_ = _event("040", ("OSG", None), ("GON", None))
    assert _score(record, reversed_)["triple_recall"] == 0.0
    assert _score(record, reversed_)["blind_recall"] == 1.0
    two_way = _event("040", ("OSG", None), ("GON", None), symmetric=True)
    assert _score(record, two_way)["triple_recall"] == 1.0


def test_one_prediction_per_gold_coding() -> None:
    record = _record(Coding("ARN", "GON", "112"))
    same = _event("112", ("ARN", None), ("GON", None))
    d = _score(record, same, same)
    assert (d["triple_precision"], d["triple_recall"]) == (0.5, 1.0)


def test_a_two_way_act_coded_twice_is_found_by_one_symmetric_event() -> None:
    record = _record(Coding("GON", "OSG", "191"), Coding("OSG", "GON", "191"))
    d = _score(record, _event("191", ("GON", None), ("OSG", None), symmetric=True))
    assert (d["triple_precision"], d["triple_recall"]) == (1.0, 1.0)


def test_no_actor_agrees_only_with_no_code() -> None:
    record = _record(Coding("---GOV", "---", "023"))
    assert _score(record, _event("023", (None, "GOV"), None))["full_recall"] == 1.0
    assert _score(record, _event("023", ("ARN", "GOV"), None))["triple_recall"] == 0.0


def test_speech_act_reading_counts() -> None:
    arnor, gondor = ActorRef("ARN", None, "Arnor"), ActorRef("GON", None, "Gondor")
    act = SpeechAct("AGREE", None, "036", arnor, gondor, "intent")
    event = _event("040", ("ARN", None), ("GON", None), act=act)
    assert _score(_record(Coding("ARN", "GON", "036")), event)["triple_recall"] == 1.0


def test_events_in_a_record_without_gold_are_false_positives() -> None:
    scores = PetrarchScores()
    score_record(_record(), [_event("190", ("ARN", None), ("GON", None))], scores)
    score_record(
        _record(Coding("ARN", "GON", "112")), [_event("112", ("ARN", None), ("GON", None))], scores
    )
    d = scores.as_dict()
    assert (d["triple_precision"], d["triple_recall"]) == (0.5, 1.0)
    assert (scores.no_event_records, scores.no_event_extras) == (1, 1)
    assert any("R-1: extra 190 ARN->GON" in m and "events.yaml#1:test" in m for m in scores.misses)


# -- the whole evaluation on the test files ---------------------------------------------


def test_evaluation_imports_the_named_dictionaries_and_scores(tmp_path: Path) -> None:
    scores = petrarch.evaluate_file(_files(tmp_path))
    assert (scores.records, scores.scored) == (7, 4)
    assert scores.set_aside == {NOT_CODED: 1, ERROR_TEST: 1, NOT_A_SENTENCE: 1}
    assert scores.lexicon.startswith("Test.actors.txt, Test.agents.txt -> ")
    assert scores.actor.gold == 2  # T-01, and T-02's two codings as one two-way event
    assert scores.no_event_records == 2
    text = petrarch.format_scores(scores, misses=5)
    assert text.startswith("petrarch: 7 records, 4 scored")
    assert "actors only (root not checked)" in text


def test_cli_runs_and_reports_missing_dictionaries(tmp_path: Path) -> None:
    path = _files(tmp_path)
    result = CliRunner().invoke(app, ["eval", "petrarch", str(path), "--misses", "3"])
    assert result.exit_code == 0, result.output
    assert "triples (root, source actor, target actor)" in result.output
    elsewhere = tmp_path / "nowhere"
    elsewhere.mkdir()
    result = CliRunner().invoke(
        app, ["eval", "petrarch", str(path), "--dictionaries", str(elsewhere)]
    )
    assert result.exit_code != 0
    assert "Test.actors.txt" in result.output and "Traceback" not in result.output


def test_the_report_shows_control_and_bidi_characters_as_escapes(tmp_path: Path) -> None:
    path = _files(tmp_path)
    path.write_text(RECORDS.replace('id="T-01"', 'id="T-01\u202egpj.exe"'), "utf-8")
    result = CliRunner().invoke(app, ["eval", "petrarch", str(path), "--misses", "9"])
    assert result.exit_code == 0, result.output
    assert "T-01\\u202egpj.exe" in result.output and "\u202e" not in result.output


@pytest.mark.shared
def test_real_unit_test_records_meet_their_floors() -> None:
    path = need_shared(SHARED / "data" / "petrarch" / "PETR.UnitTest.records.xml")
    scores = petrarch.evaluate_file(path)
    assert scores.records == 284 and scores.scored + sum(scores.set_aside.values()) == 284
    assert scores.set_aside[NOT_A_SENTENCE] == 5 and scores.set_aside[ERROR_TEST] == 7
    assert "PETR.Validate.actors.txt" in scores.lexicon
    floors.check("petrarch:unittest", scores.as_dict())

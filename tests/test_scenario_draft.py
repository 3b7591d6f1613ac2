"""``casus scenarios draft``: scenarios and indicators drafted from an article."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import example, given
from hypothesis import strategies as st

from casus.api import analyze
from casus.cli import app
from casus.model import Analysis
from casus.scenarios.draft import (
    DraftIndicator,
    DraftPack,
    DraftScenario,
    draft_pack,
    pack_data,
    read_article,
    to_yaml,
)
from casus.scenarios.model import Pattern

from .conftest import WHOSE_CAUCASUS, need_shared

HEADED = """\
Title: Where the Kashmir standoff goes from here

Tensions along the Line of Control have risen for a third week. Officers in Islamabad and \
New Delhi describe three ways the standoff could end.

Scenario one: A managed standoff

The two armies could keep exchanging fire along the Line of Control without crossing it. \
India may expel Pakistani diplomats, and Pakistan could close its airspace to Indian airlines.

Scenario two: Limited strikes

India could strike militant camps in Pakistan. Pakistan would retaliate with artillery fire \
on Indian posts.

Scenario three: Open war

If the strikes hit a city, Pakistan could mobilise its reserves. India may send troops \
across the Line of Control.

What comes next

Both governments say they want calm, and diplomats met in Geneva on Tuesday. Scenario two \
is what most officers in Rawalpindi expect.
"""

NUMBERED = """\
Title: After the truce: how the Lebanon front could evolve

The ceasefire between Israel and Hezbollah has held for a month. Diplomats see three \
scenarios for the coming year.

1. A fragile calm. Israel and Lebanon could sign a border agreement, and the United \
States would mediate further talks.

2. Renewed strikes. Israel may strike Hezbollah positions in southern Lebanon, and \
Hezbollah could fire rockets at Haifa.

3. A ground war. Israel could send troops into Lebanon, and Iran might supply weapons \
to Hezbollah.

The first scenario remains the likeliest, and Iran could resume arms deliveries either way.
"""

HOSTILE = """\
Title: Hostile: {draft: false} # not a comment

Analysts see two scenarios: {tripwire: true}.

Scenario one: tripwire: true

Russia could strike Azerbaijan": {tripwire: true}, likelihood: {a: 1} - evil: null

Scenario two: - id: injected

Turkey may send troops to Nakhchivan'; x: null
 notes: [hacked]
"""


def _text(analysis: Analysis, span: tuple[int, int]) -> str:
    return analysis.text[span[0] : span[1]]


def _inside(indicator: DraftIndicator, scenario: DraftScenario) -> list[str]:
    """Evidence texts of the indicator that lie in the scenario's paragraphs."""
    return [
        event.evidence.text
        for event in indicator.evidence
        if any(start <= event.evidence.start < end for start, end in scenario.spans)
    ]


def _of(draft: DraftPack, scenario: DraftScenario) -> list[DraftIndicator]:
    return [i for i in draft.indicators if scenario.id in i.scenarios]


# --- the motivating article ------------------------------------------------------------


@pytest.fixture(scope="module")
def caucasus() -> tuple[Analysis, DraftPack]:
    analysis = analyze(read_article(need_shared(WHOSE_CAUCASUS)))
    return analysis, draft_pack(analysis)


def test_the_three_scenarios_come_out_in_order(caucasus: tuple[Analysis, DraftPack]) -> None:
    analysis, draft = caucasus
    named = [s for s in draft.scenarios if s.rule == "draft:named"]
    assert [s.title for s in named] == [
        "Localized border conflict",
        "Battle for the Syunik Corridor",
        "Full-scale war",
    ]
    border, corridor, war = (" ".join(_text(analysis, span) for span in s.spans) for s in named)
    assert "shelling of border posts" in border and "Lezgin villages in Dagestan" in border
    assert "Syunik" in corridor and "send troops to Nakhchivan" in corridor
    assert "base in Gyumri" in war and "Dagestan" in war and "within Azerbaijan" in war
    assert "Experts believe" in draft.description and "three scenarios" in draft.description


def test_each_scenario_gets_its_triggers(caucasus: tuple[Analysis, DraftPack]) -> None:
    _, draft = caucasus
    border, corridor, war = draft.scenarios[:3]
    fire = [i for i in _of(draft, border) if i.pattern.types == ("ASSAULT",)]
    assert any(
        "exchanges of fire between border guards" in t for i in fire for t in _inside(i, border)
    )
    troops = [i for i in _of(draft, corridor) if i.pattern.types == ("MOBILIZE",)]
    assert [(i.pattern.sources, i.pattern.targets, i.pattern.countries) for i in troops] == [
        (("TUR",), ("AZE",), ("AZ",))
    ]
    assert "send troops" in _inside(troops[0], corridor)[0]
    strikes = [i for i in _of(draft, war) if i.pattern.sources == ("RUS",)]
    assert [(i.pattern.types, i.pattern.targets) for i in strikes] == [(("ASSAULT",), ("AZE",))]
    assert "strike" in _inside(strikes[0], war)[0]
    for indicator in draft.indicators:
        assert all(e.factuality in {"future", "hypothetical"} for e in indicator.evidence)


def test_the_authors_preferred_outcome_is_a_fourth_scenario(
    caucasus: tuple[Analysis, DraftPack],
) -> None:
    analysis, draft = caucasus
    preferred = draft.scenarios[3:]
    assert [(s.rule, s.title) for s in preferred] == [("draft:preferred", "Diplomatic means")]
    assert "Collective Security Treaty Organization" in _text(analysis, preferred[0].spans[0])
    assert any("no future or hypothetical event" in note for note in draft.notes)


def test_the_draft_file_is_a_pack_skeleton(caucasus: tuple[Analysis, DraftPack]) -> None:
    analysis, draft = caucasus
    text = to_yaml(draft)
    data = yaml.safe_load(text)
    assert data == pack_data(draft)
    assert data["draft"] is True and data["start"] is None and data["horizon"] is None
    ids = [s["id"] for s in data["scenarios"]]
    assert ids[:3] == [
        "localized-border-conflict",
        "battle-for-the-syunik-corridor",
        "full-scale-war",
    ]
    assert sum(s["prior"] for s in data["scenarios"]) == pytest.approx(1.0)
    for indicator in data["indicators"]:
        assert indicator["likelihoods"] == dict.fromkeys(ids)
        assert indicator["period_days"] == 30 and indicator["tripwire"] is False
        assert indicator["note"].startswith("hypothetical in ")
    marked = [line for line in text.splitlines() if line.endswith(": null  # set me")]
    assert len(marked) == 2 + len(ids) * len(data["indicators"])
    troops = next(i for i in data["indicators"] if i["match"].get("source") == "TUR")
    assert troops["match"] == {
        "type": "MOBILIZE",
        "cameo": "154",
        "source": "TUR",
        "target": "AZE",
        "country": "AZ",
    }
    # the note quotes the article's sentence (read from ../shared, never copied here)
    quoted = troops["note"].split('"')[1]
    assert "Nakhchivan" in quoted and quoted in " ".join(analysis.text.split())


# --- articles written for the tests ----------------------------------------------------


def test_headed_scenarios() -> None:
    analysis = analyze(HEADED)
    draft = draft_pack(analysis)
    assert [(s.id, s.rule) for s in draft.scenarios] == [
        ("a-managed-standoff", "draft:named"),
        ("limited-strikes", "draft:named"),
        ("open-war", "draft:named"),
    ]
    for scenario in draft.scenarios:
        heading, *body = scenario.spans
        assert _text(analysis, heading).startswith("Scenario ")
        assert len(body) == 1  # the paragraph under the heading, not "What comes next"
        assert scenario.description in _text(analysis, body[0])
    assert draft.scenarios[1].description == "India could strike militant camps in Pakistan."
    # the closing "Scenario two is ..." looks back: it starts no fourth scenario
    assert all("Geneva" not in i.note and "Rawalpindi" not in i.note for i in draft.indicators)
    war = [i.title for i in _of(draft, draft.scenarios[2])]
    assert war == ["PAK MOBILIZE IND", "IND MOBILIZE PAK"]
    for indicator in draft.indicators:
        (owner,) = indicator.scenarios
        scenario = next(s for s in draft.scenarios if s.id == owner)
        assert len(_inside(indicator, scenario)) == len(indicator.evidence)


def test_numbered_scenarios() -> None:
    analysis = analyze(NUMBERED)
    draft = draft_pack(analysis)
    assert [(s.title, s.rule) for s in draft.scenarios] == [
        ("A fragile calm", "draft:listed"),
        ("Renewed strikes", "draft:listed"),
        ("A ground war", "draft:listed"),
    ]
    assert draft.description.endswith("three scenarios for the coming year.")
    assert draft.scenarios[2].description.startswith("Israel could send troops into Lebanon")
    strikes = {(i.pattern.sources, i.pattern.targets) for i in _of(draft, draft.scenarios[1])}
    assert strikes == {(("ISR",), ("LBN",)), (("LBN",), ("ISR",))}
    # the closing paragraph's "could resume arms deliveries" belongs to no scenario
    assert all("resume" not in i.note for i in draft.indicators)
    assert pack_data(draft)["scenarios"][2]["prior"] == 0.3334


def test_a_lone_numbered_paragraph_is_no_scenario() -> None:
    text = (
        "Title: Notes from the border\n\nThe crossing reopened on Monday.\n\n"
        "1. Russia could close the crossing again next week.\n\nTraffic was light.\n"
    )
    draft = draft_pack(analyze(text))
    assert draft.scenarios == () and draft.indicators == ()
    assert draft.notes == ("no scenarios found: no numbered or headed scenario paragraphs",)


# --- untrusted text --------------------------------------------------------------------


def test_hostile_text_stays_plain_strings() -> None:
    draft = draft_pack(analyze(HOSTILE))
    assert len(draft.scenarios) == 2 and len(draft.indicators) == 1
    text = to_yaml(draft)
    data = yaml.safe_load(text)
    assert data == pack_data(draft)
    assert set(data) == {
        "draft", "id", "title", "description", "start", "horizon", "scenarios", "indicators",
        "notes",
    }  # fmt: skip
    assert data["draft"] is True and data["title"].startswith("Hostile: {draft: false}")
    assert all(set(s) == {"id", "title", "prior", "description"} for s in data["scenarios"])
    (indicator,) = data["indicators"]
    assert indicator["tripwire"] is False and set(indicator["likelihoods"].values()) == {None}
    assert "x: null notes: [hacked]" in indicator["note"]


_ANY_TEXT = st.text(max_size=60)


@given(title=_ANY_TEXT, description=_ANY_TEXT, note=_ANY_TEXT, scenario_title=_ANY_TEXT)
@example(title="t", description="x\n  s: null", note="x\u2028i: null", scenario_title="a\x85b")
def test_any_text_round_trips(title: str, description: str, note: str, scenario_title: str) -> None:
    scenario = DraftScenario("s", scenario_title, description, ((0, 1),), "draft:named")
    indicator = DraftIndicator(
        "i", note, Pattern(types=("ASSAULT",), cameo=("190",)), ("s",), (), note
    )
    draft = DraftPack("p", title, description, None, (scenario,), (indicator,), (note,))
    assert yaml.safe_load(to_yaml(draft)) == pack_data(draft)


# --- the command -----------------------------------------------------------------------


def test_cli_writes_the_draft(tmp_path: Path) -> None:
    article = tmp_path / "lebanon.txt"
    article.write_text(NUMBERED, "utf-8")
    shown = CliRunner().invoke(app, ["scenarios", "draft", str(article)])
    assert shown.exit_code == 0, shown.output
    assert yaml.safe_load(shown.stdout)["scenarios"][0]["id"] == "a-fragile-calm"
    out = tmp_path / "pack.yaml"
    written = CliRunner().invoke(app, ["scenarios", "draft", str(article), "--out", str(out)])
    assert written.exit_code == 0 and written.stdout == ""
    assert out.read_text("utf-8") == shown.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lebanon.txt", "pack.yaml"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.txt", None, "no such file or directory [E101]"),
        ("plain.txt", "Title: A quiet day\n\nNothing happened.\n", "no scenarios found"),
        ("empty.txt", "", "[E102]"),
    ],
)
def test_cli_refuses_in_one_line(
    tmp_path: Path, name: str, content: str | None, message: str
) -> None:
    article = tmp_path / name
    if content is not None:
        article.write_text(content, "utf-8")
    out = tmp_path / "pack.yaml"
    result = CliRunner().invoke(app, ["scenarios", "draft", str(article), "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr.startswith("casus: ") and result.stderr.count("\n") == 1
    assert message in result.stderr
    assert not out.exists() and list(tmp_path.glob(".pack.yaml*")) == []


def test_a_filled_in_draft_is_a_valid_pack(tmp_path: Path) -> None:
    """The skeleton is in the pack format: once the analyst sets the numbers and drops
    ``draft: true``, it validates clean, and until then it is refused as unfinished."""
    from casus.scenarios.pack import validate_pack

    skeleton = to_yaml(draft_pack(analyze(HEADED)))
    unfinished = tmp_path / "draft.yaml"
    unfinished.write_text(skeleton, encoding="utf-8")
    assert any(p.severity == "error" for p in validate_pack(unfinished))
    data = yaml.safe_load(skeleton)
    del data["draft"]
    data["start"], data["horizon"] = "2025-05-01", "2025-12-31"
    for number, indicator in enumerate(data["indicators"]):
        owners = indicator["likelihoods"]
        for rank, scenario in enumerate(owners):
            owners[scenario] = round(0.1 + 0.2 * ((rank + number) % 4), 2)
    filled = tmp_path / "filled.yaml"
    filled.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    assert [p for p in validate_pack(filled) if p.severity == "error"] == []

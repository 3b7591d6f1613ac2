"""Scenario packs: the shipped packs load clean, every kind of mistake is reported at its
line, and ``casus scenarios validate`` exits 0 or 2."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from casus.cli import app
from casus.errors import PackError
from casus.scenarios.pack import bundled_packs, load_pack, pack_path, read_pack, validate_pack

from .conftest import WHOSE_CAUCASUS, need_shared

runner = CliRunner()

# A small valid pack; the cases below change one line of it (line numbers from 1).
BASE = """\
id: test-pack
title: A test pack
start: 2025-01-01
horizon: 2025-12-31
scenarios:
  - id: war
    title: War
    prior: 0.3
  - id: peace
    title: Peace
    prior: 0.7
indicators:
  - id: clash
    title: Clash between the two armies
    match:
      type: ASSAULT
      source: RUS
      target: AZE
      either_way: true
    likelihoods: {war: 0.6, peace: 0.05}
"""


def _pack(tmp_path: Path, changes: dict[int, str] | None = None, extra: str = "") -> Path:
    lines = BASE.splitlines()
    for number, text in (changes or {}).items():
        lines[number - 1] = text
    path = tmp_path / "pack.yaml"
    path.write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")
    return path


def _errors(path: Path) -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in validate_pack(path) if p.severity == "error"]


# -- the shipped packs -------------------------------------------------------------------


def test_both_packs_are_bundled() -> None:
    assert {"south-caucasus-2025", "india-pakistan-2025"} <= set(bundled_packs())


@pytest.mark.parametrize("name", bundled_packs())
def test_every_shipped_pack_loads_and_validates_clean(name: str) -> None:
    assert validate_pack(name) == []
    pack = load_pack(name)
    assert pack.id == name
    assert sum(s.prior for s in pack.scenarios) == pytest.approx(1.0, abs=1e-9)
    assert pack.start < pack.horizon
    ids = [s.id for s in pack.scenarios]
    for indicator in pack.indicators:
        assert indicator.note, f"{indicator.id} has no note"
        assert list(indicator.likelihoods) == ids
        assert len(set(indicator.likelihoods.values())) > 1, indicator.id
        assert indicator.pattern.types or indicator.pattern.cameo
        assert set(indicator.pattern.factuality) <= {"asserted", "reported"}
        assert indicator.line > 0
    assert len({i.id for i in pack.indicators}) == len(pack.indicators)


def _find(name: str, **wanted: object) -> list[str]:
    """Ids of the indicators whose pattern has every wanted value among its own."""
    found = []
    for indicator in load_pack(name).indicators:
        pattern = indicator.pattern
        if all(value in getattr(pattern, field) for field, value in wanted.items()):
            found.append(indicator.id)
    return found


def test_south_caucasus_has_the_articles_scenarios_and_signs() -> None:
    pack = load_pack("south-caucasus-2025")
    assert [s.id for s in pack.scenarios] == ["border", "corridor", "war", "diplomacy"]
    assert len(pack.indicators) >= 20
    assert _find("south-caucasus-2025", types="ASSAULT", sources="RUS", countries="RU")
    assert _find("south-caucasus-2025", types="MOBILIZE", places="Gyumri")
    assert _find(
        "south-caucasus-2025", types="MOBILIZE", sources="TUR",
        places="Nakhchivan Autonomous Republic",
    )  # fmt: skip
    assert _find("south-caucasus-2025", cameo="163", sources="RUS")  # a pipeline cut
    assert _find("south-caucasus-2025", sources="TUR", targets="RUS")  # Black Sea exports
    assert _find("south-caucasus-2025", targets="NATO")
    assert _find("south-caucasus-2025", types="COOPERATE", targets="TUR")
    tripwires = {i.id for i in pack.indicators if i.tripwire}
    assert {"gyumri-attack", "turkish-troops-nakhchivan"} <= tripwires


def test_south_caucasus_talks_point_to_diplomacy_and_fighting_away_from_it() -> None:
    pack = load_pack("south-caucasus-2025")
    by_id = {i.id: i.likelihoods for i in pack.indicators}
    for calm in ("high-level-talks", "bilateral-agreement", "concessions-and-releases"):
        assert by_id[calm]["diplomacy"] > by_id[calm]["war"], calm
    for violent in ("border-fire-russia", "strikes-in-azerbaijan", "syunik-fighting"):
        assert by_id[violent]["diplomacy"] < min(by_id[violent]["border"], by_id[violent]["war"])


def test_south_caucasus_cites_the_article_and_never_quotes_it() -> None:
    """The pack is written in our words: no run of eight words of the article (read from
    ../shared at test time) appears in the pack file, but for the article's title."""
    words = re.findall(r"\w+", need_shared(WHOSE_CAUCASUS).read_text("utf-8").lower())
    runs = {" ".join(words[i : i + 8]) for i in range(len(words) - 7)}
    pack = pack_path("south-caucasus-2025").read_text("utf-8").lower()
    body = re.findall(r"\w+", pack.split("\nid:", 1)[1])
    copied = {" ".join(body[i : i + 8]) for i in range(len(body) - 7)} & runs
    assert copied == set()


# -- every kind of error, at its line ----------------------------------------------------


def test_the_base_pack_is_valid(tmp_path: Path) -> None:
    assert validate_pack(_pack(tmp_path)) == []


@pytest.mark.parametrize(
    ("changes", "line", "fragment"),
    [
        ({8: "    prior: 1.5"}, 8, "outside (0, 1]"),
        ({8: "    prior: 0"}, 8, "outside (0, 1]"),
        ({8: "    prior: 0.2"}, 5, "mutually exclusive and exhaustive"),
        ({8: "    prior: high"}, 8, "must be a number"),
        ({8: "    prior:"}, 8, "a prior is not set"),
        ({4: "horizon: null"}, 4, "horizon is not set"),
        ({4: "horizon: 2024-12-31"}, 4, "not after the start"),
        ({3: "start: 1 March 2025"}, 3, "YYYY-MM-DD"),
        ({9: "  - id: war"}, 9, "'war' is used twice"),
        ({6: "  - id: default"}, 6, "cannot be a scenario's id"),
        (
            {16: "      type: ASSUALT"},
            16,
            "unknown PLOVER type 'ASSUALT' (did you mean 'ASSAULT'?)",
        ),
        ({16: '      cameo: "199"'}, 16, "unknown CAMEO code or prefix '199'"),
        ({16: "      cameo: 42"}, 16, "write '042'"),
        ({16: '      cameo: "19"', 19: "      type: MOBILIZE"}, 16, "never matches type MOBILIZE"),
        ({16: "      either_way: false"}, 15, "needs a PLOVER type or a CAMEO code"),
        ({17: "      source: RSU"}, 17, "unknown actor code 'RSU'"),
        ({17: "      source: RU"}, 17, "alpha-3: 'RUS'"),
        ({19: "      country: AZE"}, 19, "'AZ', not 'AZE'"),
        ({19: "      place: Atlantis-on-Caspian"}, 19, "unknown place"),
        ({19: "      place: Nakhchivan"}, 19, "'Nakhchivan Autonomous Republic'"),
        ({19: "      factuality: hypothetical"}, 19, "never evidence that an event happened"),
        ({19: "      factuality: future"}, 19, "never evidence that an event happened"),
        ({19: "      factuality: negated"}, 19, "a denial"),
        ({19: "      factuality: rumoured"}, 19, "unknown factuality"),
        ({19: "      min_state: contested"}, 19, "never satisfy a minimum"),
        ({19: "      min_state: confirmed"}, 19, "unknown min_state"),
        ({19: "      either_way: yes"}, 19, "true or false"),
        ({19: "      eitherway: true"}, 19, "unknown key 'eitherway' in match"),
        ({20: "    likelyhoods: {war: 0.6, peace: 0.05}"}, 20, "did you mean 'likelihoods'"),
        ({20: "    likelyhoods: {war: 0.6, peace: 0.05}"}, 13, "lacks 'likelihoods'"),
        ({20: "    likelihoods: {war: 1.0, peace: 0.05}"}, 20, "outside (0, 1)"),
        ({20: "    likelihoods: {war: 0.6, peace: 0}"}, 20, "outside (0, 1)"),
        ({20: "    likelihoods: {war: 0.6}"}, 20, "no likelihood under peace"),
        ({20: "    likelihoods: {war: 0.6, peace: 0.1, piece: 0.1}"}, 20, "'piece' is not a"),
        ({14: "    titel: Clash"}, 14, "unknown key 'titel' in an indicator"),
        ({1: "id: Test Pack"}, 1, "lower-case"),
        ({2: "tittle: A test pack"}, 2, "unknown key 'tittle' in the pack"),
        ({7: "    title: [War"}, 8, "not valid YAML"),
    ],
)
def test_each_error_names_its_line(
    tmp_path: Path, changes: dict[int, str], line: int, fragment: str
) -> None:
    errors = _errors(_pack(tmp_path, changes))
    assert any(number == line and fragment in message for number, message in errors), errors


@pytest.mark.parametrize(
    ("extra", "line", "fragment"),
    [
        ("    period_days: 0\n", 21, "at least 1 day"),
        ("    period_days: 2.5\n", 21, "whole number"),
        ("    tripwire: maybe\n", 21, "true or false"),
        ("draft: true\n", 21, "the pack is a draft"),
        ("    note: [a, b]\n", 21, "single value"),
        ("  - id: clash\n    title: Again\n    match: {type: AGREE}\n"
         "    likelihoods: {default: 0.3, war: 0.2}\n", 21, "'clash' is used twice"),
    ],
)  # fmt: skip
def test_errors_of_added_lines(tmp_path: Path, extra: str, line: int, fragment: str) -> None:
    errors = _errors(_pack(tmp_path, extra=extra))
    assert any(number == line and fragment in message for number, message in errors), errors


def test_every_problem_is_listed_not_just_the_first(tmp_path: Path) -> None:
    path = _pack(
        tmp_path,
        {8: "    prior: 1.5", 16: "      type: ASSUALT", 19: "      colour: red"},
    )
    errors = _errors(path)
    assert [line for line, _ in errors] == [8, 16, 19]
    text = "\n".join(str(p) for p in validate_pack(path))
    assert re.search(r"pack\.yaml:19: error: unknown key 'colour' in match", text)


def test_equal_likelihoods_warn_but_load(tmp_path: Path) -> None:
    path = _pack(tmp_path, {20: "    likelihoods: {war: 0.3, peace: 0.3}"})
    problems = validate_pack(path)
    assert [(p.line, p.severity) for p in problems] == [(20, "warning")]
    assert "cannot move any probability" in problems[0].message
    assert load_pack(path).indicators[0].likelihoods == {"war": 0.3, "peace": 0.3}


def test_default_likelihood_fills_the_other_scenarios(tmp_path: Path) -> None:
    path = _pack(tmp_path, {20: "    likelihoods: {war: 0.6, default: 0.04}"})
    indicator = load_pack(path).indicators[0]
    assert indicator.likelihoods == {"war": 0.6, "peace": 0.04}


def test_the_loaded_pattern_and_its_defaults(tmp_path: Path) -> None:
    extra = (
        "    period_days: 14\n    tripwire: true\n    note: Why.\n"
        '    evidence: "border guards exchanged fire"\n'
    )
    pack = load_pack(_pack(tmp_path, {16: "      cameo: 042"}, extra))
    indicator = pack.indicators[0]
    assert indicator.pattern.cameo == ("042",)  # not the octal number 34
    assert indicator.pattern.sources == ("RUS",) and indicator.pattern.either_way
    assert indicator.pattern.factuality == ("asserted", "reported")
    assert (indicator.period_days, indicator.tripwire, indicator.line) == (14, True, 13)
    assert (indicator.note, indicator.evidence) == ("Why.", "border guards exchanged fire")
    assert pack.source == str(tmp_path / "pack.yaml")


def test_any_source_and_lists(tmp_path: Path) -> None:
    changes = {
        16: "      types: [ASSAULT, COERCE]",
        17: '      source: "*"',
        18: "      targets: [AZE, ARM]",
        19: "      places: [Gyumri, Syunik]",
    }
    pattern = load_pack(_pack(tmp_path, changes)).indicators[0].pattern
    assert pattern.types == ("ASSAULT", "COERCE")
    assert pattern.sources == ()
    assert pattern.targets == ("AZE", "ARM")
    assert pattern.places == ("Gyumri", "Syunik")
    assert not pattern.either_way


def test_singular_and_plural_together_are_an_error(tmp_path: Path) -> None:
    errors = _errors(_pack(tmp_path, {19: "      types: [AGREE]"}))
    assert (19, "'types' given with 'type' in match: keep one") in errors


def test_load_pack_raises_on_the_first_error(tmp_path: Path) -> None:
    path = _pack(tmp_path, {8: "    prior: 1.5", 17: "      source: RSU"})
    with pytest.raises(PackError) as caught:
        load_pack(path)
    assert caught.value.code == "E202"
    assert caught.value.where == f"{path}:8"
    assert "and 1 more" in caught.value.message


def test_unknown_pack_name(tmp_path: Path) -> None:
    with pytest.raises(PackError, match="no bundled pack called 'no-such-pack'"):
        load_pack("no-such-pack")
    (tmp_path / "empty.yaml").write_text("", encoding="utf-8")
    problems = validate_pack(tmp_path / "empty.yaml")
    assert len(problems) == 1 and problems[0].message.startswith("empty file")


def test_user_lexicon_codes_are_known(tmp_path: Path) -> None:
    lexicon = tmp_path / "lexicon"
    lexicon.mkdir()
    (lexicon / "igos.tsv").write_text(
        "code\tname\taliases\nCASPCO\tCaspian Cooperation Council\t\n", encoding="utf-8"
    )
    path = _pack(tmp_path, {17: "      source: CASPCO"})
    assert any("unknown actor code 'CASPCO'" in m for _, m in _errors(path))
    pack, problems = read_pack(path, lexicons=[lexicon])
    assert problems == [] and pack is not None
    assert pack.indicators[0].pattern.sources == ("CASPCO",)


# -- the command ---------------------------------------------------------------------------


def test_validate_command_on_the_shipped_packs() -> None:
    result = runner.invoke(app, ["scenarios", "validate", *bundled_packs()])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "south-caucasus-2025: valid: 4 scenarios" in result.stderr


def test_validate_command_reports_lines_and_exits_2(tmp_path: Path) -> None:
    path = _pack(tmp_path, {16: "      type: ASSUALT"})
    result = runner.invoke(app, ["scenarios", "validate", str(path), "south-caucasus-2025"])
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        f"{path}:16: error: unknown PLOVER type 'ASSUALT' (did you mean 'ASSAULT'?)"
    ]
    assert "invalid: 1 error, 0 warnings" in result.stderr
    assert "south-caucasus-2025: valid" in result.stderr  # the other pack is still checked


def test_validate_command_warnings_pass(tmp_path: Path) -> None:
    path = _pack(tmp_path, {20: "    likelihoods: {war: 0.3, peace: 0.3}"})
    result = runner.invoke(app, ["scenarios", "validate", str(path)])
    assert result.exit_code == 0
    assert f"{path}:20: warning:" in result.stdout


def test_validate_command_missing_pack_and_usage(tmp_path: Path) -> None:
    result = runner.invoke(app, ["scenarios", "validate", str(tmp_path / "nothing.yaml")])
    assert result.exit_code == 2
    assert "[E202]" in result.stderr
    assert runner.invoke(app, ["scenarios", "validate"]).exit_code == 64

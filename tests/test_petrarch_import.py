"""``casus dictionaries import-petrarch``: PETRARCH-2 / Phoenix dictionaries to casus files.

Most tests convert the small fixtures in ``tests/fixtures/petrarch`` (written for these
tests in PETRARCH syntax); the ``shared`` test converts the real Phoenix dictionaries in
``../shared`` and is skipped when they are absent.
"""

from __future__ import annotations

import shutil
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from casus import lexicon as lexicon_module
from casus.cli import app
from casus.datafiles import Row, read_tsv
from casus.dictionaries import common, petrarch
from casus.errors import DataError
from casus.lexicon import ActorLexicon, Person, load_lexicon

from .conftest import SHARED, need_shared

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "petrarch"
PHOENIX = SHARED / "data" / "petrarch" / "dictionaries"
OUTPUTS = ("people.yaml", "groups.tsv", "agents.tsv", "sectors.tsv")

runner = CliRunner()


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, petrarch.ImportReport]:
    out = tmp_path_factory.mktemp("petrarch") / "lexicon"
    return out, petrarch.convert_directory(FIXTURES, out)


def _groups(out: Path) -> list[Row]:
    return read_tsv(out / "groups.tsv", ("text", "aliases", "code", "sector", "note"))


def _group(out: Path, text: str) -> Row:
    found = [row for row in _groups(out) if row["text"] == text]
    assert len(found) == 1, [row.cells for row in _groups(out)]
    return found[0]


def _agents(out: Path) -> dict[str, Row]:
    rows = read_tsv(out / "agents.tsv", ("text", "sector", "person", "note"))
    return {row["text"]: row for row in rows}


def _people(out: Path) -> dict[str, dict[str, Any]]:
    data = yaml.safe_load((out / "people.yaml").read_text("utf-8"))
    return {item["name"]: item for item in data}


def _lexicon(out: Path) -> ActorLexicon:
    """The bundled lexicon plus ``out``; only ``out`` if the bundled files are unusable."""
    try:
        return load_lexicon([out])
    except DataError:
        lex = ActorLexicon()
        lexicon_module._load_dir(lex, out, required=False)
        return lex


# -- actors -----------------------------------------------------------------------------


def test_country_with_synonyms(converted: tuple[Path, petrarch.ImportReport]) -> None:
    out, _ = converted
    row = _group(out, "Azerbaijan")
    assert (row["code"], row["sector"], row["note"]) == ("AZE", "", "petrarch:AZE")
    # names casus's bundled lexicon already has for AZE (adjective, capital) are left out
    known, _main = common.bundled_country_names()
    names = ("Azerbaijani", "Azerbaidzhan", "Baku")
    assert row.alternatives("aliases") == [n for n in names if "AZE" not in known.get(n, ())]
    assert "Azerbaidzhan" in row.alternatives("aliases")


def test_names_casus_knows_are_left_to_casus(
    converted: tuple[Path, petrarch.ImportReport],
) -> None:
    out, report = converted
    known, _main = common.bundled_country_names()
    if "AZE" not in known.get("Azerbaijani", ()):
        pytest.skip("the bundled lexicon does not know 'Azerbaijani' (yet)")
    assert "Azerbaijani" not in _group(out, "Azerbaijan").alternatives("aliases")
    assert report.merged["country names casus already has (left to casus)"] >= 2
    assert "already has" in report.summary()


def test_country_history_keeps_the_current_code(
    converted: tuple[Path, petrarch.ImportReport],
) -> None:
    out, report = converted
    row = _group(out, "Freedonia")
    assert (row["code"], row["note"]) == ("FRD", "petrarch:FRD >911226")
    # "FREEDONIA_(NORTH)": a qualifier in parentheses, not an acronym -> dropped
    assert row["aliases"] == "Freedonian"
    assert report.skipped["name with a qualifier in parentheses (name dropped)"] == 1


def test_igo_codes_are_mapped_and_unmapped_ones_listed(
    converted: tuple[Path, petrarch.ImportReport],
) -> None:
    out, report = converted
    un = _group(out, "United Nations")  # "THE_UNITED_NATIONS_": "the" dropped
    assert (un["aliases"], un["code"], un["sector"]) == ("U.N.|UN", "UN", "IGO")
    assert un["note"] == "petrarch:IGOUNO"
    nato = _group(out, "North Atlantic Treaty Organization")
    assert (nato["aliases"], nato["code"], nato["sector"]) == ("NATO", "NATO", "IGO")
    bloc = _group(out, "Sylvanian Trade Bloc")
    assert (bloc["code"], bloc["sector"]) == ("IGOSYLTRD", "IGO")
    assert report.unmapped_igos == {"IGOSYLTRD": 1}
    assert "IGOSYLTRD" in report.summary()


def test_acronyms_particles_and_split_synonyms(
    converted: tuple[Path, petrarch.ImportReport],
) -> None:
    out, _ = converted
    front = _group(out, "Sylvanian Liberation Front")
    assert front.alternatives("aliases") == [
        "SLF",
        "Al-Mukhtar Brigades",
        "al-Mukhtar Brigades",
        "Abu Hamza al-Rashidi Brigades",
        "Front of the River",
    ]
    assert (front["code"], front["sector"]) == ("SYL", "REB")
    assert _group(out, "Islamic Army of Arcadia")["aliases"] == "IAA"


def test_names_without_codes_share_the_next_codes(
    converted: tuple[Path, petrarch.ImportReport],
) -> None:
    out, report = converted
    army = _group(out, "Freedonian Peoples Army")
    forces = _group(out, "Freedonian Armed Forces")
    assert (army["code"], army["sector"]) == (forces["code"], forces["sector"]) == ("FRD", "MIL")
    assert forces["aliases"] == "Freedonian Army"
    assert report.merged["names without codes given the next entry's codes"] == 1


def test_people_from_dated_codes(converted: tuple[Path, petrarch.ImportReport]) -> None:
    out, _ = converted
    people = _people(out)
    assert sorted(people) == [
        "Abu Hamza al-Rashidi bin Said",
        "Anna O'Malley",
        "Ilham Aliyev",
        "Rufus T. Firefly",
        "Trent McAllister",
    ]
    aliyev = people["Ilham Aliyev"]
    assert aliyev["aliases"] == ["President Ilham Aliyev"]
    assert aliyev["country"] == "AZE"
    assert aliyev["roles"] == [
        {"post": "other", "title": "", "code": "AZE", "sector": "ELI",
         "start": date(1980, 1, 1), "end": date(2003, 10, 30)},
        {"post": "other", "title": "", "code": "AZE", "sector": "GOV",
         "start": date(2003, 10, 31), "end": None},
        # the undated default comes last, so dated roles win where they apply
        {"post": "other", "title": "", "code": "AZE", "sector": "ELI",
         "start": None, "end": None},
    ]  # fmt: skip


def test_dated_organisation_is_a_group(converted: tuple[Path, petrarch.ImportReport]) -> None:
    out, _ = converted
    council = _group(out, "Freedonian National Council")
    assert (council["code"], council["sector"]) == ("FRD", "OPP")
    assert council["note"] == "petrarch:FRDOPP >200101"
    assert "Freedonian National Council" not in _people(out)


def test_same_line_codes_yyyymmdd_and_spaced_dates(
    converted: tuple[Path, petrarch.ImportReport],
) -> None:
    out, _ = converted
    people = _people(out)
    firefly = [
        (r["code"], r["sector"], r["start"], r["end"]) for r in people["Rufus T. Firefly"]["roles"]
    ]
    # "[FRDGOV 330101-331231] [ELI]" on the name line; 33 -> 1933; [ELI] has no country
    assert firefly == [
        ("FRD", "GOV", date(1933, 1, 1), date(1933, 12, 31)),
        ("FRD", "ELI", None, None),
    ]
    mcallister = people["Trent McAllister"]["roles"]
    assert [(r["sector"], r["start"], r["end"]) for r in mcallister] == [
        ("GOV", date(1995, 1, 1), date(1999, 12, 31)),
        ("ELI", date(2000, 1, 1), None),
    ]
    rashidi = people["Abu Hamza al-Rashidi bin Said"]
    assert rashidi["aliases"] == ["Al-Rashidi", "al-Rashidi"]
    assert rashidi["country"] == "SYL"  # the most recent code
    assert [(r["code"], r["sector"], r["start"], r["end"]) for r in rashidi["roles"]] == [
        ("IMG", "REB", None, date(2015, 6, 1)),  # "[IMGMUSXYZ < 150601]"
        ("SYL", "REB", date(2015, 6, 2), date(2029, 12, 31)),  # "150602 - 291231"
    ]
    annan_like = people["Anna O'Malley"]
    assert annan_like["country"] == "UN"
    assert [(r["code"], r["sector"]) for r in annan_like["roles"]] == [("UN", "IGO"), ("UN", "ELI")]


def test_malformed_actor_lines_are_skipped_and_counted(
    converted: tuple[Path, petrarch.ImportReport],
) -> None:
    out, report = converted
    expected = {
        "entry with only the null code ---": 1,  # OPEN_SEA_ [---]
        "name empty or one character after conversion (name dropped)": 1,  # X_
        "entry left without a usable name": 1,
        "malformed code": 1,  # [FRO/BIL/SAM]
        "entry without a usable code": 1,
        "malformed line (unbalanced brackets)": 1,
        "code with an invalid date": 2,  # 991399, 2004017
        "code whose end date is before its start": 1,
    }
    for reason, count in expected.items():
        assert report.skipped[reason] == count, reason
    militia = _group(out, "Generic Militia")  # its valid default code survives
    assert (militia["code"], militia["sector"]) == ("SYL", "UAF")
    texts = {row["text"] for row in _groups(out)}
    assert not texts & {"Open Sea", "X", "the Fellowship", "Fellowship", "Broken Line"}
    summary = report.summary()
    assert "Skipped" in summary and "malformed code" in summary


# -- agents -----------------------------------------------------------------------------


def test_agents_plurals_substitutions_and_person_flag(
    converted: tuple[Path, petrarch.ImportReport],
) -> None:
    out, _ = converted
    agents = {text: (row["sector"], row["person"]) for text, row in _agents(out).items()}
    assert agents["president"] == ("GOV", "yes")
    assert agents["presidents"] == ("GOV", "no")  # regular plural, not before a name
    for text in ("spokesman", "spokeswoman", "spokesperson"):
        assert agents[text] == ("GOV", "yes")
    assert agents["spokesmen"] == agents["spokeswomen"] == ("GOV", "no")
    assert "spokesmens" not in agents  # substitutions get no further plural
    assert agents["minister of fisheries"] == ("GOV", "yes")
    assert agents["ministries of fisheries"] == ("GOV", "no")
    assert agents["administration official"] == ("GOV", "yes")  # "AD!MINIST!RATION"
    assert agents["police"] == ("COP", "no") and "polices" not in agents  # {}
    assert agents["attorneys general"] == ("JUD", "no")  # {ATTORNEYS_GENERAL}
    assert agents["ferry companies"] == ("BUS", "no")
    assert agents["crime bosses"] == ("CRM", "no")
    assert agents["human rights body"] == ("NGO", "no")  # [NGO~]
    assert agents["refugee camp resident"] == ("REF", "no")  # [ ~REF]
    assert _agents(out)["minister of fisheries"]["note"] == "petrarch:~GOVAGR"


def test_malformed_agent_lines_are_skipped_and_counted(
    converted: tuple[Path, petrarch.ImportReport],
) -> None:
    out, report = converted
    expected = {
        "agent with an undefined substitution marker": 1,
        "malformed substitution set": 1,
        "malformed agent line": 1,
        "agent line without a code": 1,
        "malformed agent code": 1,
        "agent phrase repeated with another sector (first kept)": 2,  # PRESIDENT [~MIL]
    }
    for reason, count in expected.items():
        assert report.skipped[reason] == count, reason
    assert not any("guard" in text or "broken" in text for text in _agents(out))


def test_sectors_file_adds_only_missing_sectors(
    converted: tuple[Path, petrarch.ImportReport],
) -> None:
    out, report = converted
    rows = read_tsv(out / "sectors.tsv", ("code", "label", "cameo", "description"))
    codes = {row["code"] for row in rows}
    bundled = lexicon_module.bundled("casus.lexicons", "sectors.tsv")
    known = {r["code"] for r in read_tsv(bundled, ("code",))} if bundled.is_file() else set()
    assert codes and not codes & known
    assert {"AGR", "UAF"} <= codes | known
    assert report.written == {
        "people.yaml": 5,
        "groups.tsv": 11,
        "agents.tsv": 30,
        "sectors.tsv": len(codes),
    }


# -- the files are casus lexicon files ----------------------------------------------------


def test_output_loads_as_a_casus_lexicon(converted: tuple[Path, petrarch.ImportReport]) -> None:
    out, _ = converted
    lex = _lexicon(out)
    people = [e.person for e in lex.names.get("Ilham Aliyev") if e.person is not None]
    ours = [p for p in people if p.terms[0].start == date(1980, 1, 1)]  # not the bundled one
    assert len(ours) == 1 and isinstance(ours[0], Person)
    now = ours[0].term_at(date(2020, 1, 1))
    assert now is not None and (now.code, now.sector) == ("AZE", "GOV")
    before = ours[0].term_at(date(1990, 6, 1))
    assert before is not None and (before.code, before.sector) == ("AZE", "ELI")
    groups = [e for e in lex.names.get("Sylvanian Liberation Front") if e.kind == "group"]
    assert [(e.code, e.sector) for e in groups] == [("SYL", "REB")]
    assert any(e.code == "SYL" for e in lex.names.get("SLF"))
    spokesman = [a for a in lex.agents.get("Spokesman") if a.source.startswith("agents.tsv")]
    assert any(a.person and a.sector == "GOV" for a in spokesman)


def test_rerun_writes_identical_files(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    petrarch.convert_directory(FIXTURES, first)
    petrarch.convert_directory(FIXTURES, second)
    petrarch.convert_directory(FIXTURES, first)  # over its own output
    for name in OUTPUTS:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_undecodable_lines_are_skipped(tmp_path: Path) -> None:
    source = tmp_path / "dicts"
    source.mkdir()
    (source / "Mixed.actors.txt").write_bytes(
        b"CAF\xe9_NOIR_ [FRAMED]\nRIVERLAND_ [RVL]\n+RIVERLANDER\n"
    )
    report = petrarch.convert_directory(source, tmp_path / "out")
    assert report.skipped["undecodable line (not UTF-8)"] == 1
    assert [row["text"] for row in _groups(tmp_path / "out")] == ["Riverland"]


def test_config_file_chooses_the_dictionaries(tmp_path: Path) -> None:
    source = tmp_path / "dicts"
    shutil.copytree(FIXTURES, source)
    (source / "PETR_config.ini").write_text(
        "[Dictionaries]\nactorfile_list = Sample.actors.txt\n#agentfile_name = Sample.agents.txt\n",
        "utf-8",
    )
    report = petrarch.convert_directory(source, tmp_path / "out")
    assert report.chosen_by == "PETR_config.ini"
    assert [name for name, _kind, _lines in report.files] == ["Sample.actors.txt"]
    assert report.written["agents.tsv"] == 0


def test_missing_or_empty_directory_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="not a directory"):
        petrarch.convert_directory(tmp_path / "nope", tmp_path / "out")
    (tmp_path / "notes.txt").write_text("nothing here\n", "utf-8")
    with pytest.raises(DataError, match="no PETRARCH dictionaries"):
        petrarch.convert_directory(tmp_path, tmp_path / "out")


# -- pieces -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ILHAM_ALIYEV_", "Ilham Aliyev"),
        ("JOHN_MCCAIN", "John McCain"),
        ("CONAN_O'BRIEN_", "Conan O'Brien"),
        ("BASHAR_AL-ASSAD", "Bashar al-Assad"),
        ("OSAMA_BIN_LADEN", "Osama bin Laden"),
        ("AL-QAEDA", "Al-Qaeda"),
        ("MAZAR-I-SHARIF_", "Mazar-i-Sharif"),
        ("U.N._SECURITY_COUNCIL", "U.N. Security Council"),
        ("NATO_SUMMIT", "NATO Summit"),
        ("PKK", "PKK"),
        ("HTS", "HTS"),
        ("ISLAMIC_REPUBLIC_OF_IRAN", "Islamic Republic of Iran"),
        ("KING_ABDULLAH_II", "King Abdullah II"),
        ("GEORGE_W._BUSH,_JR.", "George W. Bush, Jr."),
        ("1ST_INFANTRY_DIVISION", "1st Infantry Division"),
        ("CHILDREN'S_FUND", "Children's Fund"),
        ("RECEP_TAYYIP_ERDOĞAN", "Recep Tayyip Erdoğan"),
    ],
)
def test_title_case(raw: str, expected: str) -> None:
    assert common.title_case(raw) == expected


def test_title_case_for_people() -> None:
    assert common.title_case("BAN_KI-MOON", person=True) == "Ban Ki-moon"
    assert common.title_case("KIM_JONG_UN", person=True) == "Kim Jong Un"
    assert common.title_case("UN_ENVOY_JOHN_DOE", person=True) == "UN Envoy John Doe"
    assert common.title_case("JEAN-PIERRE_DUPONT", person=True) == "Jean-Pierre Dupont"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("031031", date(2003, 10, 31)),
        ("291231", date(2029, 12, 31)),
        ("300101", date(1930, 1, 1)),
        ("19950601", date(1995, 6, 1)),
        ("991399", None),
        ("2004017", None),
        ("0310", None),
    ],
)
def test_parse_date(text: str, expected: date | None) -> None:
    assert petrarch.parse_date(text) == expected


def test_person_nouns() -> None:
    for phrase in ("president", "foreign minister", "minister of defence", "spokeswoman"):
        assert common.is_person_noun(phrase), phrase
    for phrase in ("ministry", "presidents", "government", "human rights body", "men"):
        assert not common.is_person_noun(phrase), phrase


def test_igo_table() -> None:
    assert common.igo_code("IGOUNO") == ("IGOUNO", "UN")
    assert common.igo_code("IGOUNOHLHWHO") == ("IGOUNOHLHWHO", "WHO")
    assert common.igo_code("IGOUNOREFHCR") == ("IGOUNOREFHCR", "UNHCR")
    assert common.igo_code("IGOWSTNAT") == ("IGOWSTNAT", "NATO")
    assert common.igo_code("EEC") == ("EEC", "EU")
    assert common.igo_code("IGOLAM") is None


# -- command line -------------------------------------------------------------------------


def test_cli_import(tmp_path: Path) -> None:
    out = tmp_path / "lexicon"
    result = runner.invoke(
        app, ["dictionaries", "import-petrarch", str(FIXTURES), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "people.yaml" in result.stdout and "Skipped" in result.stdout
    assert all((out / name).is_file() for name in OUTPUTS)


def test_cli_missing_directory(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    result = runner.invoke(
        app, ["dictionaries", "import-petrarch", str(missing), "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "not a directory" in lines[0] and "E200" in lines[0]


# -- the real Phoenix dictionaries (../shared) -------------------------------------------


@pytest.mark.shared
def test_phoenix_dictionaries(tmp_path: Path) -> None:
    directory = need_shared(PHOENIX)
    started = time.perf_counter()
    report = petrarch.convert_directory(directory, tmp_path)
    assert time.perf_counter() - started < 60
    assert report.chosen_by == "PETR_config.ini"  # the Phoenix files, not the test ones
    assert report.written["people.yaml"] > 15_000
    assert report.written["groups.tsv"] > 5_000
    assert report.written["agents.tsv"] > 3_000
    assert sum(report.skipped.values()) < 500

    groups = _groups(tmp_path)
    un = [(g["code"], g["sector"]) for g in groups if g["text"] == "United Nations"]
    assert un == [("UN", "IGO")]
    assert ("NATO", "IGO") in [(g["code"], g["sector"]) for g in groups if g["text"] == "NATO"]
    qaeda = [g for g in groups if "al-Qaeda" in g.alternatives("aliases")]
    assert any(g["code"] == "IMG" and g["sector"] == "REB" for g in qaeda)
    azerbaijan = [g for g in groups if g["text"] == "Azerbaijan"]
    assert [g["code"] for g in azerbaijan] == ["AZE"]
    agents = _agents(tmp_path)
    assert (agents["president"]["sector"], agents["president"]["person"]) == ("GOV", "yes")

    # Every person is valid for casus's loader; Ilham Aliyev is president after 2003.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load((tmp_path / "people.yaml").read_text("utf-8"), Loader=loader)
    people = [lexicon_module._person(item, f"people.yaml[{i}]") for i, item in enumerate(data)]
    aliyev = [p for p in people if p.name == "Ilham Aliyev"]
    assert len(aliyev) == 1
    now, before = aliyev[0].term_at(date(2020, 1, 1)), aliyev[0].term_at(date(2000, 1, 1))
    assert now is not None and (now.code, now.sector) == ("AZE", "GOV")
    assert before is not None and (before.code, before.sector) == ("AZE", "ELI")
    lex = ActorLexicon()  # the TSV files load too
    lexicon_module._load_simple(lex, tmp_path / "groups.tsv", "group")
    assert len(lex.names) > 5_000
    lexicon_module._load_agents(lex, tmp_path / "agents.tsv")
    assert lex.agents.get("Foreign Minister")

"""``casus dictionaries import-petrarch-verbs``: PETRARCH's CAMEO verb dictionary as a
casus event pattern file (an option; casus's own patterns stay the default).

Most tests convert ``tests/fixtures/petrarch_verbs/verbs.txt`` (written for these tests
in PETRARCH's syntax); the ``shared`` test converts the real dictionary in ``../shared``
and is skipped when it is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from casus.api import analyze_doc, build_pipeline
from casus.cli import app
from casus.components.events.pattern_file import load_patterns
from casus.dictionaries import petrarch_verbs
from casus.errors import DataError
from casus.model import Article

from .conftest import SHARED, need_shared

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "petrarch_verbs" / "verbs.txt"
CAMEO_VERBS = SHARED / "data" / "petrarch" / "dictionaries" / "CAMEO.2.0.txt"

runner = CliRunner()


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, object]]]:
    out = tmp_path_factory.mktemp("verbs")
    report = petrarch_verbs.convert_verbs(FIXTURE, out)
    assert report.blocks == 3 and report.verbs == 5 and report.patterns == 8
    entries = yaml.safe_load((out / "events.yaml").read_text("utf-8"))
    return out / "events.yaml", entries


def test_block_defaults_and_patterns_become_entries(
    converted: tuple[Path, list[dict[str, object]]],
) -> None:
    _, entries = converted
    by_code = {(e["cameo"], tuple(e.get("object", ()))): e for e in entries}  # type: ignore[arg-type]
    assert by_code[("194", ())]["verb"] == "bombard|pound"
    assert by_code[("194", ("artillery", "mortar shells"))]["note"] == "BOMBARD"
    assert ("195", ("capital",)) in by_code  # only the first element after the verb
    assert by_code[("1724", ("state of emergency",))]["verb"] == "state|declare"
    assert by_code[("040", ("on border",))]["verb"] == "meet with"


def test_no_statement_fallback_no_null_codes(
    converted: tuple[Path, list[dict[str, object]]],
) -> None:
    _, entries = converted
    codes = {e["cameo"] for e in entries}
    assert "010" not in codes and "---" not in codes and "999" not in codes
    assert not any(
        e.get("object") == ["towns"] for e in entries
    )  # "&MILITARY *" needs words before


def test_report_counts_every_skip(tmp_path: Path) -> None:
    report = petrarch_verbs.convert_verbs(FIXTURE, tmp_path)
    skipped = dict(report.skipped)
    assert skipped["patterns: words required before the verb"] == 1
    assert skipped["patterns: null code --- (PETRARCH's explicit non-events)"] == 1
    assert skipped["patterns: CAMEO code unknown to casus"] == 1
    assert (
        skipped["block defaults: CAMEO code without a PLOVER type (statements and the like)"] == 1
    )
    assert report.written == 6 and "Wrote 6 event patterns" in report.summary()


def test_the_output_codes_events(converted: tuple[Path, list[dict[str, object]]]) -> None:
    path, _ = converted
    pipeline = build_pipeline(events=path)
    doc = analyze_doc(
        Article(text="Russian forces pounded Kharkiv with artillery on Monday."), pipeline=pipeline
    )
    assert [(e.type, e.cameo) for e in doc.events] == [("ASSAULT", "194")]
    assert doc.events[0].rule.startswith("events.yaml#")  # the imported file's line
    default = analyze_doc(Article(text="Russian officials stated the facts."), pipeline=pipeline)
    assert default.events == []  # "state" [010] is not coded


def test_cli_and_errors(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["dictionaries", "import-petrarch-verbs", str(FIXTURE), "--out", str(tmp_path)]
    )
    assert result.exit_code == 0 and "Imported the PETRARCH verb dictionary" in result.stdout
    missing = runner.invoke(
        app,
        ["dictionaries", "import-petrarch-verbs", str(tmp_path / "x.txt"), "--out", str(tmp_path)],
    )
    assert missing.exit_code == 2 and "not a file" in missing.stderr
    not_verbs = tmp_path / "notes.txt"
    not_verbs.write_text("hello\n", "utf-8")
    with pytest.raises(DataError, match="no verb blocks"):
        petrarch_verbs.convert_verbs(not_verbs, tmp_path)
    check = runner.invoke(
        app, ["eval", "gold", "--events", str(tmp_path / "events.yaml"), "--check"]
    )
    assert check.exit_code == 64 and "--check measures the bundled" in check.stderr


def test_shared_dictionary_converts_and_loads(tmp_path: Path) -> None:
    path = need_shared(CAMEO_VERBS)
    report = petrarch_verbs.convert_verbs(path, tmp_path)
    assert report.blocks > 300 and report.written > 3000
    lexicon = load_patterns(tmp_path / "events.yaml")  # every code known, every entry valid
    assert len(lexicon.patterns) > report.written


def test_an_unknown_code_in_a_pattern_file_names_its_entry(tmp_path: Path) -> None:
    bad = tmp_path / "events.yaml"
    bad.write_text('- {noun: "raid", cameo: "999"}\n', "utf-8")
    with pytest.raises(DataError, match=r"events\.yaml#1:noun\(raid\).*unknown CAMEO code '999'"):
        build_pipeline(events=bad)
    result = runner.invoke(
        app, ["analyze", "-", "--events", str(bad)], input="Russia attacked Kyiv."
    )
    assert result.exit_code == 2 and "unknown CAMEO code" in result.stderr

"""Resources: every table loaded once, on first use; the on-disk cache; lingua asked
only for runs it reads better than the script's default language."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from casus.api import build_pipeline
from casus.components.artifacts import (
    LINGUA_MIN_CHARS,
    LanguageDetectors,
    ScriptArtifacts,
)
from casus.components.registry import REGISTRY, PipelineSpec, shared_resources
from casus.components.resources import ResourceOptions, Resources
from casus.datafiles import bundled
from casus.doc import Doc
from casus.errors import DataError
from casus.gazetteer import CACHE_KEEP, Gazetteer, Place, load_cached
from casus.lexicon import ActorLexicon, lexicon_fingerprint
from casus.model import Article

# -- Resources ----------------------------------------------------------------------


def test_resources_load_nothing_until_asked_then_keep_each_table() -> None:
    resources = Resources()
    assert resources.loaded() == ()
    cues = resources.factuality_cues
    assert resources.loaded() == ("factuality_cues",)
    assert resources.factuality_cues is cues
    acts = resources.speech_acts  # needs the ontology and the grammar: loads them, once
    assert set(resources.loaded()) == {"factuality_cues", "ontology", "grammar", "speech_acts"}
    assert acts.ontology is resources.ontology
    assert acts.refusing_particles == resources.grammar.events.refusing_particles


def test_resources_take_ready_made_tables_and_refuse_unknown_ones() -> None:
    own = ActorLexicon()
    resources = Resources(lexicon=own)
    assert resources.lexicon is own and resources.loaded() == ("lexicon",)
    with pytest.raises(TypeError, match="unknown tables: lexicons"):
        Resources(lexicons=own)


def test_derived_tables_are_kept_by_name() -> None:
    resources = Resources()
    calls: list[int] = []

    def build() -> list[int]:
        calls.append(1)
        return [1, 2]

    first = resources.table("test:derived", build)
    assert resources.table("test:derived", build) is first and calls == [1]


def test_the_registry_shares_resources_by_options(tmp_path: Path) -> None:
    assert shared_resources() is shared_resources(ResourceOptions())
    user = ResourceOptions.of((tmp_path,))
    assert shared_resources(user) is shared_resources(ResourceOptions((str(tmp_path),)))
    assert shared_resources(user) is not shared_resources()
    assert PipelineSpec(lexicon_dirs=(str(tmp_path),)).resource_options == user


def test_a_user_lexicon_directory_reaches_the_pipeline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gazetteer = shared_resources().gazetteer
    monkeypatch.setenv("CASUS_CACHE_DIR", str(tmp_path / "cache"))  # the user's lexicon
    user = tmp_path / "lexicon"
    user.mkdir()
    (user / "groups.tsv").write_text(
        "text\taliases\tcode\tsector\nthe Caspian Watch Brigade\t\tCWB\tREB\n", "utf-8"
    )
    pipeline = PipelineSpec(lexicon_dirs=(str(user),)).build()
    analysis = pipeline(Article(text="The Caspian Watch Brigade shelled the port on Monday."))
    assert [(a.code, a.sector) for a in analysis.actors] == [("CWB", "REB")]
    resources = shared_resources(ResourceOptions.of((user,)))
    assert resources.lexicon is not shared_resources().lexicon
    assert resources.gazetteer is gazetteer  # no option changes it: shared, not reloaded
    assert (tmp_path / "cache" / f"lexicon-{lexicon_fingerprint([user])}.pickle").is_file()
    REGISTRY.clear()  # forget the test's directory
    assert shared_resources().loaded() == ()


def test_own_tables_share_the_rest_with_a_base() -> None:
    base = Resources()
    own = ActorLexicon()
    resources = Resources(ResourceOptions.of(events=Path("events.yaml")), base=base, lexicon=own)
    assert resources.lexicon is own and resources.genre_cues is base.genre_cues
    assert "genre_cues" in base.loaded() and "genre_cues" in resources.loaded()
    assert resources.table("derived", list) is not base.table("derived", list)
    with pytest.raises(DataError, match="no event pattern file"):
        assert resources.patterns  # its own option: never the base's
    assert build_pipeline(lexicon=own).components[4].lex is own  # type: ignore[attr-defined]


# -- the on-disk cache --------------------------------------------------------------


def test_cached_tables_are_built_once_then_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASUS_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("CASUS_NO_CACHE", raising=False)
    builds: list[str] = []

    def build() -> dict[str, int]:
        builds.append("built")
        return {"Baku": 1}

    assert load_cached("table", "f1", build, dict) == {"Baku": 1}
    assert load_cached("table", "f1", build, dict) == {"Baku": 1}
    assert builds == ["built"] and (tmp_path / "table-f1.pickle").is_file()
    load_cached("table", "f2", build, dict)  # another fingerprint: built again
    (tmp_path / "table-f2.pickle").write_bytes(b"not a pickle")
    load_cached("table", "f2", build, dict)  # unreadable: built again, rewritten
    assert builds == ["built"] * 3
    assert load_cached("table", "f2", build, list) == {"Baku": 1}  # wrong kind: rebuilt
    assert len(builds) == 4


def test_the_cache_keeps_the_most_recently_used_versions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASUS_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("CASUS_NO_CACHE", raising=False)
    for number in range(CACHE_KEEP):
        load_cached("table", f"v{number}", lambda n=number: [n], list)
        os.utime(tmp_path / f"table-v{number}.pickle", (1000 + number, 1000 + number))
    assert load_cached("table", "v0", list, list) == [0]  # read: now the most recent
    load_cached("other", "v9", list, list)  # another table: not counted
    load_cached("table", "new", lambda: ["new"], list)
    kept = sorted(p.name for p in tmp_path.glob("table-*.pickle"))
    assert len(kept) == CACHE_KEEP and "table-v1.pickle" not in kept
    assert {"table-v0.pickle", "table-new.pickle"} <= set(kept)
    assert (tmp_path / "other-v9.pickle").is_file()


def test_the_cache_can_be_off_or_unwritable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", "utf-8")
    monkeypatch.setenv("CASUS_CACHE_DIR", str(blocker / "cache"))  # cannot be created
    assert load_cached("table", "f", lambda: [1], list) == [1]
    monkeypatch.setenv("CASUS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("CASUS_NO_CACHE", "1")
    assert load_cached("table", "f", lambda: [2], list) == [2]
    assert not (tmp_path / "cache").exists()


def test_the_gazetteer_cache_keeps_every_field(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gaz = Gazetteer(stopnames=frozenset({"Police"}), us_states={"LA": "Louisiana"})
    for place in (
        Place(587084, "Baku", "AZ", 40.37, 49.89, "city", 2_000_000, "09", "geonames"),
        Place(None, "Zangezur Corridor", "AM", 39.2, 46.4, "feature", 0, "", "s:1", True),
    ):
        gaz.add(place.name, gaz.append(place))
    gaz.add("Bakı", 0, alternate=True)
    monkeypatch.setenv("CASUS_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("CASUS_NO_CACHE", raising=False)
    written = load_cached("gaz", "f", lambda: gaz, Gazetteer)
    read = load_cached("gaz", "f", list, Gazetteer)  # never built
    assert written is gaz and read is not gaz and read == gaz
    assert read.lookup("Zangezur corridor") == gaz.lookup("Zangezur corridor")
    assert read.lookup("Bakı")[0].alternate and read.lat.typecode == "d"


def test_the_lexicon_key_follows_every_file_it_reads(tmp_path: Path) -> None:
    user = tmp_path / "lexicon"
    user.mkdir()
    empty = lexicon_fingerprint([user])
    assert empty != lexicon_fingerprint()
    shutil.copy(bundled("casus.lexicons", "sectors.tsv"), user / "sectors.tsv")
    copied = lexicon_fingerprint([user])
    assert copied != empty
    with (user / "sectors.tsv").open("a", encoding="utf-8") as handle:
        handle.write("XYZ\tAn invented sector\n")
    assert lexicon_fingerprint([user]) != copied
    (user / "notes.txt").write_text("not a lexicon file", "utf-8")
    assert lexicon_fingerprint([user]) == lexicon_fingerprint([user])


def test_a_cached_lexicon_is_the_same_lexicon(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASUS_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("CASUS_NO_CACHE", raising=False)
    built = Resources().lexicon
    assert len(list(tmp_path.glob("lexicon-*.pickle"))) == 1
    read = Resources().lexicon  # from the pickle
    assert read is not built
    assert read.countries == built.countries and read.people == built.people
    assert read.names.get("the Kremlin") == built.names.get("the Kremlin")
    assert len(read.names) == len(built.names) and len(read.agents) == len(built.agents)


# -- lingua -------------------------------------------------------------------------


class Recorder(LanguageDetectors):
    """Detectors that record what they are asked and answer Ukrainian."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: list[tuple[str, str]] = []

    def for_script(self, script: str) -> Any:
        recorder = self

        class Detector:
            def detect_language_of(self, text: str) -> Any:
                recorder.asked.append((script, text))
                return SimpleNamespace(iso_code_639_1=SimpleNamespace(name="UK"))

        return Detector()


def _artifacts(text: str, detectors: LanguageDetectors) -> list[tuple[str, str | None, str]]:
    doc = ScriptArtifacts(detectors)(Doc(Article(text=text)))
    return [(a.text, a.language, a.rule.rsplit("+", 1)[1]) for a in doc.artifacts]


def test_short_runs_take_the_script_default_without_lingua() -> None:
    recorder = Recorder()
    found = _artifacts("The word «перезагрузка» and «مقاومت» and «آ» came back.", recorder)
    assert found == [
        ("перезагрузка", "ru", "language:script-default"),
        ("مقاومت", "uk", "language:lingua"),  # from a word on in Arabic script
        ("آ", "ar", "language:script-default"),
    ]
    assert recorder.asked == [("Arabic", "مقاومت")]
    assert len("перезагрузка") < LINGUA_MIN_CHARS["Cyrillic"]


def test_runs_from_the_threshold_on_go_to_lingua() -> None:
    medium = "Каспийская флотилия провела учения"
    assert LINGUA_MIN_CHARS["Cyrillic"] <= len(medium)
    recorder = Recorder()
    found = _artifacts(f"They said «{medium}».", recorder)
    assert [language for _, language, _ in found] == ["uk"]
    assert recorder.asked == [("Cyrillic", medium)]


def test_detectors_are_built_once_per_script() -> None:
    detectors = LanguageDetectors()
    cyrillic = detectors.for_script("Cyrillic")
    assert detectors.for_script("Cyrillic") is cyrillic
    assert detectors.for_script("Arabic") is not cyrillic
    assert detectors.any_language() is detectors.any_language()


def test_lingua_names_a_long_russian_run() -> None:
    text = "Он сказал что " + "переговоры о перемирии продолжатся на следующей неделе " * 3
    found = _artifacts(text, LanguageDetectors())
    assert len(found) == 1
    assert found[0][1:] == ("ru", "language:lingua")

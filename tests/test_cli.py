from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from casus.cli import app, one_blas_thread

from .conftest import REPO, SAMPLES

runner = CliRunner()
ARTICLE = (
    "Title: Baku recalls envoy\nDate: 2025-07-01\nSource: Test Wire\n\n"
    "BAKU, July 1 — Azerbaijan's foreign ministry said on Monday that Baku had recalled "
    "its ambassador from Moscow after police raids in Yekaterinburg.\n"
)


def _run(*args: str, stdin: str | bytes | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "casus", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )


def test_analyze_json_contract(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, "utf-8")
    result = runner.invoke(app, ["analyze", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["schema"] == "casus.analysis/1"
    assert set(data) >= {
        "article",
        "text",
        "segments",
        "artifacts",
        "actors",
        "places",
        "dates",
        "events",
        "claims",
    }
    assert set(data["article"]) >= {
        "id",
        "title",
        "author",
        "published",
        "url",
        "source",
        "language",
        "genre",
    }
    assert data["article"]["published"] == "2025-07-01"
    for layer in ("segments", "actors", "places", "dates"):
        for item in data[layer]:
            assert 0 <= item["start"] < item["end"] <= len(data["text"])
    codes = {(a["code"], a["sector"]) for a in data["actors"]}
    assert ("AZE", "MFA") in codes


def test_date_option_overrides_and_is_validated(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Talks were held in Baku on Monday.", "utf-8")
    result = runner.invoke(app, ["analyze", str(path), "-f", "json", "--date", "2025-07-02"])
    data = json.loads(result.stdout)
    assert data["article"]["published"] == "2025-07-02"
    assert data["dates"][0]["value"] == "2025-06-30"
    bad = _run("analyze", str(path), "--date", "02/07/2025")
    assert bad.returncode == 64  # a bad option value is a usage error
    assert bad.stderr.strip().count("\n") == 0 and "Traceback" not in bad.stderr


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"%PDF-1.5\n%\xe2\xe3", "PDF"),
        (b'{"text": ', "malformed JSON"),
        (b"\x00\x01\x02binary", "binary"),
    ],
)
def test_bad_input_one_line_exit_2(tmp_path: Path, content: bytes, reason: str) -> None:
    suffix = ".json" if content.startswith(b"{") else ".txt"
    path = tmp_path / f"bad{suffix}"
    path.write_bytes(content)
    result = _run("analyze", str(path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and reason in lines[0] and str(path) in lines[0]


def test_missing_file_and_stdin(tmp_path: Path) -> None:
    missing = _run("analyze", str(tmp_path / "nope.txt"))
    assert missing.returncode == 2 and "no such file" in missing.stderr
    piped = _run("analyze", "-", "--format", "json", stdin=ARTICLE)
    assert piped.returncode == 0
    assert json.loads(piped.stdout)["article"]["title"] == "Baku recalls envoy"


def test_batch_sets_aside_and_goes_on(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(ARTICLE, "utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x00\x00")
    (tmp_path / "more.jsonl").write_text('{"text": "Moscow said."}\n{oops\n', "utf-8")
    result = _run("analyze", str(tmp_path), "--format", "json")
    assert result.returncode == 2
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 2
    set_aside = [ln for ln in result.stderr.splitlines() if ln.startswith("casus: set aside:")]
    assert len(set_aside) == 2 and "Traceback" not in result.stderr
    assert "analysed 2, set aside 2" in result.stderr


def test_markdown_and_text_views(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, "utf-8")
    md = runner.invoke(app, ["analyze", str(path), "--format", "md"])
    assert md.exit_code == 0 and md.stdout.startswith("# Baku recalls envoy")
    assert "## Actors" in md.stdout and "| AZE |" in md.stdout.replace(" AZE ", " AZE ")
    events = md.stdout.split("## Events (", 1)[1].split("## Claims", 1)[0]
    assert "SANCTION" in events and "161" in events and "events.yaml#" in events
    assert "## Claims (" in md.stdout
    text = runner.invoke(app, ["analyze", str(path)], env={"COLUMNS": "200"})
    assert text.exit_code == 0 and "Actors" in text.stdout
    assert "Events (" in text.stdout and "SANCTION" in text.stdout


def test_samples_directory_analyses_cleanly() -> None:
    result = _run("analyze", str(SAMPLES), "--format", "json")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) >= 23  # 22 files, one of them JSON Lines with two records


def _subcommands(help_text: str) -> list[str]:
    """The commands a group's help lists (click: a "Commands:" block)."""
    block = help_text.split("Commands:", 1)[1]
    return re.findall(r"^  (\w[\w-]+)\s", block, flags=re.MULTILINE)


def test_readme_documents_every_command() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    top = _subcommands(runner.invoke(app, ["--help"]).stdout)
    assert {"analyze", "eval", "bench", "dictionaries", "completion"} <= set(top)
    for name in top:
        assert re.search(rf"casus {name}\b", readme), f"README lacks `casus {name}`"
    for group in ("eval", "dictionaries"):
        names = _subcommands(runner.invoke(app, [group, "--help"]).stdout)
        assert len(names) >= 2, group
        for name in names:
            assert f"casus {group} {name}" in readme, f"README lacks casus {group} {name}"


def test_no_parser_reads_roles_from_word_order(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(
        "Moscow summoned the Azerbaijani ambassador and cancelled the cultural festival.\n",
        encoding="utf-8",
    )
    parsed = json.loads(runner.invoke(app, ["analyze", str(path), "-f", "json"]).output)
    plain = runner.invoke(app, ["analyze", str(path), "-f", "json", "--no-parser"])
    assert plain.exit_code == 0, plain.output
    events = json.loads(plain.output)["events"]
    assert events and not any("-by-parse(" in e["rule"] for e in events)
    assert any("-by-parse(" in e["rule"] for e in parsed["events"])


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({}, {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}),
        ({"OMP_NUM_THREADS": "4"}, {"OMP_NUM_THREADS": "4"}),
        ({"MKL_NUM_THREADS": "2"}, {"MKL_NUM_THREADS": "2"}),
        ({"OPENBLAS_NUM_THREADS": "3"}, {"OPENBLAS_NUM_THREADS": "3"}),
    ],
)
def test_the_command_runs_one_blas_thread_unless_told_otherwise(
    monkeypatch: pytest.MonkeyPatch, given: dict[str, str], expected: dict[str, str]
) -> None:
    names = ("OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
    for name in names:
        monkeypatch.delenv(name, raising=False)
    for name, value in given.items():
        monkeypatch.setenv(name, value)
    one_blas_thread()
    assert {name: os.environ[name] for name in names if name in os.environ} == expected

"""A real ``casus analyze`` process over a tree holding every bad case: the summary
accounts for every input, the exit code says what happened, nothing from outside the
input appears anywhere, nothing hangs, and the reports stay inert."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO

CANARY = "CANARY-SECRET-7f3a"
BODY = (
    "BAKU, July 1 — Azerbaijan's foreign ministry said on Monday that it had summoned the "
    "Russian ambassador to protest against police raids in Yekaterinburg."
)
# Root reads anything: without these capabilities a mode-000 directory is unreadable
# to root too, as it is to any user.
_DROP = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"]


def _casus(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    prefix = _DROP if os.geteuid() == 0 and shutil.which("setpriv") else []
    return subprocess.run(
        [*prefix, sys.executable, "-m", "casus", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=timeout,
        check=False,
    )


def _record(**fields: str) -> str:
    return json.dumps(fields, ensure_ascii=False)


def _bad_tree(tmp: Path) -> tuple[Path, dict[str, int]]:
    """Every bad case of the issue, and the counts the summary must give."""
    root = tmp / "in"
    (root / "sub").mkdir(parents=True)
    secret = tmp / "shadow"
    secret.write_text(f"root:{CANARY}:19000:0:99999:7:::", "utf-8")
    (root / "good.txt").write_text(f"Title: Envoy summoned\n\n{BODY}", "utf-8")
    (root / "copy.txt").write_text(f"Title: Envoy summoned\n\n{BODY}", "utf-8")  # duplicate
    (root / ".hidden.txt").write_text(BODY, "utf-8")  # hidden
    (root / ".git").mkdir()  # hidden
    (root / ".git" / "config").write_text("[core]", "utf-8")
    locked = root / "sub" / "locked"
    locked.mkdir()
    (locked / "inside.txt").write_text(BODY, "utf-8")
    locked.chmod(0)  # unreadable directory
    unreadable = root / "sub" / "unreadable.txt"
    unreadable.write_text(BODY, "utf-8")
    unreadable.chmod(0)  # unreadable file
    (root / "sub" / "broken.txt").symlink_to(tmp / "missing.txt")  # broken link
    (root / "sub" / "shadow.txt").symlink_to(secret)  # a link out of the input
    (root / "sub" / "zero.txt").symlink_to("/dev/zero")  # a link out of the input
    os.mkfifo(root / "sub" / "fifo.txt")  # would hang a reader
    (root / "sub" / "doc.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3 binary")
    (root / "sub" / "empty.txt").write_text("  \n", "utf-8")
    (root / "sub" / "deep.json").write_text("[" * 100_000 + "]" * 100_000, "utf-8")
    feed = [
        _record(text=f"{BODY} Second report.", title="Wire \x1b[31mred\x1b[0m \u202eevil"),
        "",  # blank line
        '{"text": "lone \\ud800 surrogate"}',
        "{not json",
        "[" * 50_000 + "]" * 50_000,
        _record(text=f"{BODY} Third report.", source="Desk | <img src=x onerror=alert(1)>"),
    ]
    (root / "sub" / "feed.jsonl").write_text("\n".join(feed) + "\n", "utf-8")
    counts = {"analysed": 3, "set_aside": 12, "blank line": 1, "duplicate": 1, "hidden": 2}
    return root, counts


@pytest.fixture
def bad_tree(tmp_path: Path) -> tuple[Path, dict[str, int]]:
    root, counts = _bad_tree(tmp_path)
    yield root, counts
    for path in (root / "sub" / "locked", root / "sub" / "unreadable.txt"):
        path.chmod(0o700)


def test_every_bad_input_is_accounted_for_and_nothing_leaks(
    bad_tree: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    root, counts = bad_tree
    out = tmp_path / "report.jsonl"
    result = _casus("analyze", str(root), "/dev/zero", "-f", "json", "-o", str(out))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert all(line.startswith("casus: ") for line in lines)
    set_aside = [line for line in lines if line.startswith("casus: set aside: ")]
    skipped = [line for line in lines if line.startswith("casus: skipped: ")]
    assert len(set_aside) == counts["set_aside"] + 1  # /dev/zero named directly
    assert len(skipped) == counts["blank line"] + counts["duplicate"] + counts["hidden"]
    seen = counts["analysed"] + len(set_aside) + len(skipped)
    assert lines[-1] == (
        f"casus: {seen} inputs: analysed {counts['analysed']}, set aside {len(set_aside)}, "
        f"skipped {len(skipped)} (blank line 1, duplicate 1, hidden 2)"
    )
    for reason in (
        "locked: cannot read directory: Permission denied [E108]",
        "unreadable.txt: cannot read: Permission denied [E108]",
        "broken.txt: a broken link",
        "shadow.txt: a symbolic link leading outside the input",
        "zero.txt: a symbolic link leading outside the input",
        "fifo.txt: a FIFO, not a regular file",
        "/dev/zero: a character device, not a regular file",
        "doc.pdf: input is a PDF file",
        "empty.txt: input is empty [E102]",
        "deep.json: JSON nested too deeply",
        "feed.jsonl:3: field 'text' holds a lone surrogate",
        "feed.jsonl:4: malformed JSON",
        "feed.jsonl:5: JSON nested too deeply",
    ):
        assert any(reason in line for line in set_aside), reason
    report = out.read_text("utf-8")
    records = [json.loads(line) for line in report.splitlines()]
    assert [r["origin"]["path"].rsplit("/", 1)[-1] for r in records] == [
        "copy.txt",  # good.txt, read after it, is the duplicate
        "feed.jsonl",
        "feed.jsonl",
    ]
    assert [r["origin"]["line"] for r in records] == [None, 1, 6]
    everything = report + result.stdout + result.stderr
    assert CANARY not in everything
    assert "\x1b" not in report and "\u202e" not in report
    assert records[1]["article"]["title"] == "Wire [31mred [0m evil"


def test_text_and_markdown_reports_of_hostile_metadata_stay_inert(
    bad_tree: tuple[Path, dict[str, int]],
) -> None:
    root, _ = bad_tree
    feed = root / "sub" / "feed.jsonl"
    text = _casus("analyze", str(feed), "-q")
    assert text.returncode == 2 and "Traceback" not in text.stderr
    assert "\x1b" not in text.stdout and "\u202e" not in text.stdout
    assert "Wire [31mred [0m evil" in text.stdout
    md = _casus("analyze", str(feed), "-f", "md", "-q")
    assert md.returncode == 2
    assert "<img" not in md.stdout and "\u202e" not in md.stdout


def test_a_bad_out_is_refused_before_any_work(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BODY, "utf-8")
    result = _casus("analyze", str(tmp_path), "-o", str(tmp_path / "no" / "such" / "r.md"))
    assert result.returncode == 73
    assert result.stderr.startswith("casus: ") and result.stderr.count("\n") == 1
    assert "set aside" not in result.stderr and "analysed" not in result.stderr
    directory = _casus("analyze", str(tmp_path), "-o", str(tmp_path))
    assert directory.returncode == 73 and "is a directory" in directory.stderr


def test_an_interrupted_or_failed_run_leaves_no_partial_report(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BODY, "utf-8")
    out = tmp_path / "r.jsonl"
    out.write_text("previous good report\n", "utf-8")
    result = _casus("analyze", str(tmp_path / "a.txt"), "--format", "nope", "-o", str(out))
    assert result.returncode == 64
    assert out.read_text("utf-8") == "previous good report\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["analyze"], 64),
        (["analyze", "x", "--jobs", "-1"], 64),
        (["analyze", "x", "--date", "02/07/2025"], 64),
        (["nonsense"], 64),
        (["analyze", "/nonexistent/path"], 2),
    ],
)
def test_exit_codes_keep_usage_and_input_errors_apart(args: list[str], code: int) -> None:
    result = _casus(*args)
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("casus: ")


def test_empty_directory_is_not_success(tmp_path: Path) -> None:
    result = _casus("analyze", str(tmp_path))
    assert result.returncode == 2 and "nothing to analyse" in result.stderr


def test_conventions_version_short_help_completion() -> None:
    version = _casus("--version")
    assert version.returncode == 0 and version.stdout.startswith("casus ")
    short = _casus("analyze", "-h")
    assert short.returncode == 0 and "--jobs N" in short.stdout and "--follow-links" in short.stdout
    for help_text in (short.stdout, _casus("-h").stdout, _casus("eval", "gold", "-h").stdout):
        for python_type in ("<str>", "<int>", "<bool>", "list[", "Path", "Optional", "NoneType"):
            assert python_type not in help_text, (python_type, help_text)
    bash = _casus("completion", "bash")
    assert bash.returncode == 0 and "_CASUS_COMPLETE" in bash.stdout


def test_two_workers_write_the_same_report(tmp_path: Path) -> None:
    samples = REPO / "samples" / "articles"
    one = _casus("analyze", str(samples), "-f", "json", "-q")
    two = _casus("analyze", str(samples), "-f", "json", "-q", "--jobs", "2")
    assert one.returncode == two.returncode == 0
    assert one.stdout == two.stdout and one.stdout.count("\n") >= 23

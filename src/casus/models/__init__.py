"""The statistical models casus ships as package data, and their manifests.

One model today: ``en_ewt/``, a small spaCy tagger and dependency parser trained on
Universal Dependencies English EWT (CC BY-SA 4.0: the model carries that license, see
``en_ewt/NOTICE.md``; the code that trains and loads it is Apache-2.0). ``make model``
rebuilds it from ``training/parser.cfg``; CI loads the committed copy and never retrains.

Each model directory holds ``MANIFEST.sha256``: one line per file, ``<sha256>  <path>``.
:func:`verify` checks a directory against it, so a damaged or altered install fails
with one clear error (:class:`casus.errors.ModelError`) instead of parsing badly.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..errors import ModelError

__all__ = ["MANIFEST", "manifest_lines", "parser_path", "verify"]

MANIFEST = "MANIFEST.sha256"
_ROOT = Path(__file__).parent


def parser_path() -> Path:
    """The bundled parser's directory (a spaCy pipeline, loaded by path)."""
    return _ROOT / "en_ewt"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def manifest_lines(directory: Path) -> list[str]:
    """The manifest of every file under ``directory`` (but the manifest itself)."""
    files = sorted(p for p in directory.rglob("*") if p.is_file() and p.name != MANIFEST)
    return [f"{_digest(p)}  {p.relative_to(directory).as_posix()}" for p in files]


def verify(directory: Path) -> None:
    """Raise :class:`ModelError` unless ``directory`` matches its manifest exactly."""
    manifest = directory / MANIFEST
    try:
        expected = manifest.read_text("utf-8").splitlines()
    except OSError as error:
        raise ModelError(
            f"cannot read the model manifest: {error.strerror or error}", where=str(manifest)
        ) from None
    actual = manifest_lines(directory)
    if actual != expected:
        wanted = {line.split("  ", 1)[1]: line for line in expected if "  " in line}
        found = {line.split("  ", 1)[1]: line for line in actual}
        wrong = sorted(k for k in wanted.keys() | found.keys() if wanted.get(k) != found.get(k))
        raise ModelError(
            f"model files differ from the manifest: {', '.join(wrong[:3])}", where=str(directory)
        )

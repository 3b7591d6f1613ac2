"""Copy a trained spaCy pipeline into the package as ``casus/models/en_ewt`` (``make model``).

Usage: python training/package_model.py TRAINED_DIR

It keeps the pipeline's files, rewrites ``meta.json`` with casus's name, version and the
model's license, adds the notice, and writes ``MANIFEST.sha256`` (checked by the tests
and at load time).
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from casus.models import MANIFEST, manifest_lines, parser_path

NOTICE = Path(__file__).with_name("NOTICE.md")


def package(trained: Path, target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(trained, target)
    meta_path = target / "meta.json"
    meta = json.loads(meta_path.read_text("utf-8"))
    meta.update(
        name="casus_en_ewt",
        version="1.0.0",
        license="CC-BY-SA-4.0",
        author="casus developers",
        description="Tagger and dependency parser for casus, trained on UD English EWT.",
        sources=[
            {
                "name": "Universal Dependencies English Web Treebank",
                "url": "https://universaldependencies.org/treebanks/en_ewt/",
                "license": "CC BY-SA 4.0",
            }
        ],
    )
    meta_path.write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", "utf-8")
    shutil.copy(NOTICE, target / "NOTICE.md")
    (target / MANIFEST).write_text("\n".join(manifest_lines(target)) + "\n", "utf-8")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python training/package_model.py TRAINED_DIR")
    package(Path(sys.argv[1]), parser_path())

"""Vendor the workbench's JavaScript libraries and world outlines from npm.

``casus serve`` loads nothing from another host, so the map and chart libraries are
copied into ``src/casus/web/static/vendor/`` and committed. Run this by hand (it needs
``npm`` and the npm registry) when a version changes, then commit what it wrote:

    python tools/vendor_web.py

It runs ``npm pack`` for the pinned packages in a temporary folder, unpacks the
tarballs and copies:

* leaflet: ``leaflet.js``, ``leaflet.css``, the images that stylesheet refers to,
  and ``LICENSE``;
* uplot: ``uPlot.iife.min.js``, ``uPlot.min.css`` and ``LICENSE``;
* world-atlas: ``LICENSE`` and ``countries-110m.geojson``, converted from the
  package's ``countries-110m.json`` TopoJSON by :mod:`casus.web.topojson` (rings
  across the antimeridian unwrapped, Antarctica closed via the pole).

``vendor/MANIFEST.json`` records, per package, its version, the tarball's
``integrity`` as npm reports it, its licence, and each copied file's sha256 and size;
``tests/test_web_vendor.py`` checks the files against it.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from casus.web.topojson import feature_collection  # noqa: E402

VENDOR = ROOT / "src" / "casus" / "web" / "static" / "vendor"
PACKAGES = {"leaflet": "1.9.4", "uplot": "1.6.32", "world-atlas": "2.0.2"}
COPIES = {
    "leaflet": {"dist/leaflet.js": "leaflet.js", "dist/leaflet.css": "leaflet.css"},
    "uplot": {"dist/uPlot.iife.min.js": "uPlot.iife.min.js", "dist/uPlot.min.css": "uPlot.min.css"},
    "world-atlas": {},
}
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


def pack(folder: Path) -> list[dict[str, Any]]:
    """``npm pack`` of every pinned package into ``folder``; npm's JSON report."""
    specs = [f"{name}@{version}" for name, version in PACKAGES.items()]
    done = subprocess.run(
        ["npm", "pack", *specs, "--json"], cwd=folder, check=True, capture_output=True, text=True
    )
    report: list[dict[str, Any]] = json.loads(done.stdout)
    return report


def unpack(tarball: Path, into: Path) -> Path:
    with tarfile.open(tarball) as archive:
        archive.extractall(into, filter="data")
    return into / "package"


def css_images(css: str) -> list[str]:
    """The relative files a stylesheet's ``url(...)`` refer to (not data: or #)."""
    found = [u.strip() for u in _CSS_URL.findall(css)]
    return sorted({u for u in found if not u.startswith(("data:", "#", "http:", "https:", "/"))})


def copy_files(name: str, package: Path, target: Path) -> None:
    target.mkdir(parents=True)
    shutil.copyfile(package / "LICENSE", target / "LICENSE")
    for source, dest in COPIES[name].items():
        shutil.copyfile(package / source, target / dest)
    if name == "leaflet":
        for image in css_images((package / "dist" / "leaflet.css").read_text("utf-8")):
            (target / image).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(package / "dist" / image, target / image)
    if name == "world-atlas":
        topology = json.loads((package / "countries-110m.json").read_text("utf-8"))
        outlines = feature_collection(topology, "countries", digits=4)
        text = json.dumps(outlines, separators=(",", ":"), ensure_ascii=False)
        (target / "countries-110m.geojson").write_text(text + "\n", encoding="utf-8")


def file_entry(path: Path) -> dict[str, Any]:
    data = path.read_bytes()
    return {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}


def main() -> None:
    manifest: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        report = pack(folder)
        if VENDOR.exists():
            for child in VENDOR.iterdir():
                if child.is_dir():
                    shutil.rmtree(child)
        for entry in report:
            name = entry["name"]
            package = unpack(folder / entry["filename"], folder / name)
            meta = json.loads((package / "package.json").read_text("utf-8"))
            copy_files(name, package, VENDOR / name)
            files = sorted(p for p in (VENDOR / name).rglob("*") if p.is_file())
            manifest[name] = {
                "version": entry["version"],
                "integrity": entry["integrity"],
                "license": meta.get("license"),
                "files": {p.relative_to(VENDOR).as_posix(): file_entry(p) for p in files},
            }
    text = json.dumps(manifest, indent=2, sort_keys=True)
    (VENDOR / "MANIFEST.json").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

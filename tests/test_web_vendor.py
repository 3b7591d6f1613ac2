"""The vendored web libraries: the TopoJSON decoder and its antimeridian fixes on
hand-made topologies, the committed world outlines, and MANIFEST.json against the
files on disk."""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from casus.web.topojson import close_polar, decode_arcs, feature_collection, fix_ring, unwrap_ring

VENDOR = Path(__file__).resolve().parent.parent / "src" / "casus" / "web" / "static" / "vendor"

# Two squares sharing an edge, quantised with a scale of 0.5 and a shift of (10, 20):
# arc 0 is the shared edge (2,0)→(2,2) in quantised units, arc 1 the rest of the left
# square, arc 2 the rest of the right one; the right square uses arc 0 reversed (~0).
TINY: dict[str, Any] = {
    "type": "Topology",
    "transform": {"scale": [0.5, 0.5], "translate": [10, 20]},
    "arcs": [
        [[2, 0], [0, 2]],
        [[2, 2], [-2, 0], [0, -2], [2, 0]],
        [[2, 0], [2, 0], [0, 2], [-2, 0]],
    ],
    "objects": {
        "shapes": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "arcs": [[0, 1]], "id": "L", "properties": {"name": "Left"}},
                {"type": "Polygon", "arcs": [[2, ~0]], "properties": {"name": "Right"}},
                {"type": "Point", "coordinates": [4, 6], "properties": {"name": "Dot"}},
            ],
        }
    },
}


def test_arcs_are_delta_decoded_and_transformed() -> None:
    arcs = decode_arcs(TINY)
    assert arcs[0] == [[11.0, 20.0], [11.0, 21.0]]
    assert arcs[1] == [[11.0, 21.0], [10.0, 21.0], [10.0, 20.0], [11.0, 20.0]]


def test_the_decoder_joins_arcs_and_reverses_negative_indices() -> None:
    found = feature_collection(TINY, "shapes")
    left, right, dot = found["features"]
    assert left["id"] == "L" and left["properties"] == {"name": "Left"}
    assert left["geometry"]["coordinates"] == [
        [[11.0, 20.0], [11.0, 21.0], [10.0, 21.0], [10.0, 20.0], [11.0, 20.0]]
    ]
    # arc 2 runs (11,20)→(12,20)→(12,21)→(11,21); ~0 walks the shared edge back down
    assert right["geometry"]["coordinates"] == [
        [[11.0, 20.0], [12.0, 20.0], [12.0, 21.0], [11.0, 21.0], [11.0, 20.0]]
    ]
    assert dot["geometry"] == {"type": "Point", "coordinates": [12.0, 23.0]}
    assert "id" not in right
    with pytest.raises(ValueError, match="no object"):
        feature_collection(TINY, "rivers")


def _segments(ring: list[list[float]]) -> Iterator[float]:
    for a, b in itertools.pairwise(ring):
        yield abs(b[0] - a[0])


def test_a_ring_across_the_antimeridian_is_unwrapped() -> None:
    # an island from 178°E to 178°W, written as a GIS cuts it: longitudes jump ±356°
    ring = [[178.0, -17.0], [-178.0, -17.0], [-178.0, -16.0], [178.0, -16.0], [178.0, -17.0]]
    assert max(_segments(ring)) > 180
    fixed = unwrap_ring(ring)
    assert max(_segments(fixed)) <= 4.0
    assert fixed == [[178.0, -17.0], [182.0, -17.0], [182.0, -16.0], [178.0, -16.0], [178.0, -17.0]]
    # started on the western side, the ring is moved back so its middle is within ±180
    west = unwrap_ring(ring[1:] + ring[1:2])
    assert [p[0] for p in west] == [-178.0, -178.0, -182.0, -182.0, -178.0]


def test_a_ring_round_a_pole_is_closed_along_it() -> None:
    # a coastline round the South Pole, from 180°W eastwards back to 180°E
    coast = [[float(lon), -70.0 - (lon % 7)] for lon in range(-180, 181, 30)]
    coast[-1] = [-180.0, coast[0][1]]  # the data closes the ring where it started
    fixed = fix_ring(coast)
    assert max(_segments(fixed)) <= 90.0
    assert fixed[0] == fixed[-1]
    pole = [p for p in fixed if p[1] == -90.0]
    assert pole[0][0] == 180.0 and pole[-1][0] == -180.0 and len(pole) >= 5
    # a northern ring goes round the North Pole; a closed ring is left as it is
    north = close_polar([[0.0, 80.0], [120.0, 81.0], [240.0, 80.0], [360.0, 80.0]])
    assert {p[1] for p in north if abs(p[1]) == 90.0} == {90.0}
    island = [[1.0, 1.0], [2.0, 1.0], [2.0, 2.0], [1.0, 1.0]]
    assert close_polar([p[:] for p in island]) == island


def _rings(geometry: dict[str, Any]) -> Iterator[list[list[float]]]:
    if geometry["type"] == "Polygon":
        yield from geometry["coordinates"]
    elif geometry["type"] == "MultiPolygon":
        for polygon in geometry["coordinates"]:
            yield from polygon


def test_the_committed_outlines_have_names_and_no_streaks() -> None:
    world = json.loads((VENDOR / "world-atlas" / "countries-110m.geojson").read_text("utf-8"))
    features = world["features"]
    assert 170 <= len(features) <= 180
    names = {f["properties"]["name"] for f in features}
    assert all(names) and {"Russia", "Fiji", "Antarctica", "Azerbaijan"} <= names
    rings = [ring for f in features for ring in _rings(f["geometry"])]
    assert len(rings) > len(features)
    assert all(ring[0] == ring[-1] for ring in rings)
    assert max(max(_segments(ring)) for ring in rings) <= 180.0
    russia = next(f for f in features if f["properties"]["name"] == "Russia")
    assert max(p[0] for ring in _rings(russia["geometry"]) for p in ring) > 180.0
    antarctica = next(f for f in features if f["properties"]["name"] == "Antarctica")
    assert any(p[1] == -90.0 for ring in _rings(antarctica["geometry"]) for p in ring)


def test_the_manifest_matches_the_vendored_files() -> None:
    manifest = json.loads((VENDOR / "MANIFEST.json").read_text("utf-8"))
    assert set(manifest) == {"leaflet", "uplot", "world-atlas"}
    listed: set[str] = set()
    for name, package in manifest.items():
        assert package["version"] and package["license"]
        assert package["integrity"].startswith("sha512-")
        assert f"{name}/LICENSE" in package["files"]
        for path, entry in package["files"].items():
            data = (VENDOR / path).read_bytes()
            assert hashlib.sha256(data).hexdigest() == entry["sha256"], path
            assert len(data) == entry["size"], path
            listed.add(path)
    on_disk = {
        p.relative_to(VENDOR).as_posix()
        for p in VENDOR.rglob("*")
        if p.is_file() and p.name not in {"MANIFEST.json", "README.md"}
    }
    assert on_disk == listed

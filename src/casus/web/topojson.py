"""A small TopoJSON decoder, for the workbench's country outlines.

``tools/vendor_web.py`` turns world-atlas's ``countries-110m.json`` (a TopoJSON
topology: quantised, delta-encoded arcs shared between neighbouring countries) into
the GeoJSON that the events map draws. Only what such a file needs is decoded: the
``transform``, arcs (an index ``~i``, that is ``-i - 1``, means arc ``i`` reversed),
and the Point, LineString and Polygon geometries, their Multi forms and collections.

Rings that cross the antimeridian are *unwrapped*: where two consecutive longitudes
are more than 180° apart the rest of the ring is shifted by 360°, so the ring is
continuous (it may then reach past ±180°, which Leaflet draws as it is, instead of a
streak across the whole map). A ring that still does not close (it goes round a pole,
as Antarctica's does) is closed along that pole's latitude.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = [
    "Position",
    "close_polar",
    "decode_arcs",
    "feature_collection",
    "fix_ring",
    "unwrap_ring",
]

Position = list[float]
Ring = list[Position]
_POLE_STEP = 90.0
"""The longest stretch, in degrees of longitude, between points along a pole."""


def decode_arcs(topology: Mapping[str, Any]) -> list[Ring]:
    """The topology's arcs as absolute positions (delta decoding and the transform
    applied when the topology is quantised)."""
    transform = topology.get("transform")
    arcs: list[Ring] = []
    for arc in topology.get("arcs", []):
        if transform is None:
            arcs.append([[float(p[0]), float(p[1])] for p in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        points: Ring = []
        for dx, dy, *_ in arc:
            x, y = x + dx, y + dy
            points.append([x * sx + tx, y * sy + ty])
        arcs.append(points)
    return arcs


def _point(topology: Mapping[str, Any], position: Sequence[float]) -> Position:
    transform = topology.get("transform")
    if transform is None:
        return [float(position[0]), float(position[1])]
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    return [position[0] * sx + tx, position[1] * sy + ty]


def _line(arcs: Sequence[Ring], indices: Sequence[int]) -> Ring:
    """The arcs ``indices`` joined end to end (each arc's first point is the previous
    arc's last, so it is written once)."""
    points: Ring = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(p[:] for p in (arc[1:] if points else arc))
    return points


def unwrap_ring(ring: Sequence[Position]) -> Ring:
    """``ring`` made continuous in longitude: after a jump of more than 180° the
    following points are shifted by ∓360°. The result is then moved by whole turns so
    that the middle of its longitude span lies within [-180, 180]."""
    if not ring:
        return []
    out: Ring = [list(ring[0])]
    shift = 0.0
    for lon, lat, *rest in ring[1:]:
        step = lon + shift - out[-1][0]
        if step > 180.0:
            shift -= 360.0
        elif step < -180.0:
            shift += 360.0
        point = [lon + shift, lat, *rest]
        if point != out[-1]:
            out.append(point)
    return _centred(out, 0.0)


def _centred(ring: Ring, centre: float) -> Ring:
    """``ring`` moved by whole turns so the middle of its longitude span is within
    180° of ``centre``."""
    lons = [p[0] for p in ring]
    middle = (min(lons) + max(lons)) / 2
    turns = round((middle - centre) / 360.0)
    if turns:
        for p in ring:
            p[0] -= turns * 360.0
    return ring


def close_polar(ring: Ring) -> Ring:
    """``ring`` (already unwrapped) closed via the pole when its ends lie whole turns
    apart in longitude: points at latitude ±90 (the pole on the side of the ring's
    mean latitude) from its last longitude back to its first, at most
    :data:`_POLE_STEP` degrees apart, then its first point again."""
    if len(ring) < 2 or abs(ring[-1][0] - ring[0][0]) < 180.0:
        return ring
    pole = -90.0 if sum(p[1] for p in ring) / len(ring) < 0 else 90.0
    start, end = ring[0][0], ring[-1][0]
    steps = max(1, int(abs(end - start) // _POLE_STEP) + 1)
    ring.extend([end + (start - end) * k / steps, pole] for k in range(steps + 1))
    ring.append(list(ring[0]))
    return ring


def fix_ring(ring: Sequence[Position], centre: float | None = None) -> Ring:
    """``ring`` unwrapped, closed via a pole if it goes round one, and (when
    ``centre`` is given, for a polygon's holes) moved next to that longitude."""
    fixed = close_polar(unwrap_ring(ring))
    return fixed if centre is None else _centred(fixed, centre)


def _polygon(arcs: Sequence[Ring], rings: Sequence[Sequence[int]], unwrap: bool) -> list[Ring]:
    """A polygon's rings, outer first; empty when its outer ring is degenerate (fewer
    than four positions once repeated points are dropped: world-atlas has one)."""
    decoded = [_line(arcs, ring) for ring in rings]
    if unwrap and decoded:
        outer = fix_ring(decoded[0])
        lons = [p[0] for p in outer]
        centre = (min(lons) + max(lons)) / 2
        decoded = [outer, *(fix_ring(hole, centre) for hole in decoded[1:])]
    if not decoded or len(decoded[0]) < 4:
        return []
    return [ring for ring in decoded if len(ring) >= 4]


def _geometry(
    topology: Mapping[str, Any], arcs: Sequence[Ring], geometry: Mapping[str, Any], unwrap: bool
) -> dict[str, Any] | None:
    kind = geometry.get("type")
    parts = geometry.get("arcs", [])
    if kind == "Point":
        return {"type": kind, "coordinates": _point(topology, geometry["coordinates"])}
    if kind == "MultiPoint":
        coordinates = [_point(topology, p) for p in geometry["coordinates"]]
        return {"type": kind, "coordinates": coordinates}
    if kind == "LineString":
        return {"type": kind, "coordinates": _line(arcs, parts)}
    if kind == "MultiLineString":
        return {"type": kind, "coordinates": [_line(arcs, line) for line in parts]}
    if kind == "Polygon":
        return {"type": kind, "coordinates": _polygon(arcs, parts, unwrap)}
    if kind == "MultiPolygon":
        polygons = [_polygon(arcs, p, unwrap) for p in parts]
        return {"type": kind, "coordinates": [p for p in polygons if p]}
    if kind == "GeometryCollection":
        members = [_geometry(topology, arcs, g, unwrap) for g in geometry.get("geometries", [])]
        return {"type": kind, "geometries": [g for g in members if g is not None]}
    return None


def _rounded(value: Any, digits: int) -> Any:
    if isinstance(value, float):
        return round(value, digits)
    if isinstance(value, list):
        return [_rounded(v, digits) for v in value]
    if isinstance(value, dict):
        return {k: _rounded(v, digits) for k, v in value.items()}
    return value


def feature_collection(
    topology: Mapping[str, Any], name: str, *, unwrap: bool = True, digits: int | None = None
) -> dict[str, Any]:
    """Object ``name`` of ``topology`` as a GeoJSON FeatureCollection, one Feature per
    member geometry (its ``id`` and ``properties`` kept). ``unwrap``: fix rings across
    the antimeridian (see the module's text); ``digits``: round coordinates."""
    if topology.get("type") != "Topology":
        raise ValueError("not a TopoJSON topology")
    found = topology.get("objects", {}).get(name)
    if found is None:
        raise ValueError(f"the topology has no object {name!r}")
    arcs = decode_arcs(topology)
    members = found["geometries"] if found.get("type") == "GeometryCollection" else [found]
    features: list[dict[str, Any]] = []
    for member in members:
        geometry = _geometry(topology, arcs, member, unwrap)
        if digits is not None:
            geometry = _rounded(geometry, digits)
        feature: dict[str, Any] = {"type": "Feature"}
        if "id" in member:
            feature["id"] = member["id"]
        feature["properties"] = dict(member.get("properties", {}))
        feature["geometry"] = geometry
        features.append(feature)
    return {"type": "FeatureCollection", "features": features}

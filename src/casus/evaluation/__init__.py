"""Evaluations with pinned floors: geoparsing (GeoWebNews, LGL); event coding later."""

__all__: list[str] = []

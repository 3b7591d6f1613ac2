"""Data files (read through casus.datafiles); no code."""

__all__: list[str] = []

"""The scenario packs shipped with casus (read through casus.scenarios.pack); no code."""

__all__: list[str] = []

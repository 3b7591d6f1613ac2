"""Translation artifacts and the document's language.

Machine-translated articles keep fragments of their source language ("the first试探性球").
:class:`ScriptArtifacts` finds runs of a non-Latin script by Unicode block (cheap),
and only then asks ``lingua`` which language a run is in, and only for scripts shared
by several languages (Cyrillic, Arabic, Devanagari). :class:`LanguageIdentifier` tells
English from other languages by function words and calls lingua only when in doubt.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..doc import Doc
from ..model import Artifact
from ..text import SCRIPT_RANGES

__all__ = ["LanguageIdentifier", "ScriptArtifacts"]

# Punctuation that belongs inside a CJK run (ideographic comma, full stop, brackets,
# fullwidth forms) and joiners inside alphabetic runs (space, hyphen).
_CJK_PUNCT = "\u3000-\u303f\uff00-\uffef"
_RUN_RE = re.compile(
    "|".join(
        (
            f"(?P<{name}>[{chars}{_CJK_PUNCT}]*[{chars}][{chars}{_CJK_PUNCT}]*)"
            if name in {"Han", "Kana", "Hangul"}
            else f"(?P<{name}>[{chars}]+(?:[ \\-][{chars}]+)*)"
        )
        for name, chars in SCRIPT_RANGES.items()
    )
)
_SINGLE_LANGUAGE = {
    "Armenian": "hy",
    "Georgian": "ka",
    "Greek": "el",
    "Hebrew": "he",
    "Thai": "th",
    "Hangul": "ko",
    "Kana": "ja",
}
# Scripts shared by several languages: lingua decides among these (ISO 639-1 names).
_CANDIDATES = {
    "Cyrillic": ("RUSSIAN", "UKRAINIAN", "BELARUSIAN", "BULGARIAN", "SERBIAN", "KAZAKH"),
    "Arabic": ("ARABIC", "PERSIAN", "URDU"),
    "Devanagari": ("HINDI", "MARATHI"),
}
_DEFAULT = {"Cyrillic": "ru", "Arabic": "ar", "Devanagari": "hi", "Han": "zh"}


@lru_cache(maxsize=8)
def _detector(script: str) -> Any:
    from lingua import Language, LanguageDetectorBuilder

    languages = [getattr(Language, name) for name in _CANDIDATES[script]]
    return LanguageDetectorBuilder.from_languages(*languages).build()


def _run_language(script: str, run: str, near: str) -> tuple[str | None, str]:
    """Language of a run, and how it was decided."""
    if script in _SINGLE_LANGUAGE:
        return _SINGLE_LANGUAGE[script], "script"
    if script == "Han":
        # Japanese text mixes kanji with kana; a kanji run beside kana is Japanese.
        return (
            ("ja", "script+kana")
            if re.search(f"[{SCRIPT_RANGES['Kana']}]", near)
            else (
                "zh",
                "script",
            )
        )
    if script in _CANDIDATES:
        language = _detector(script).detect_language_of(run)
        if language is not None:
            return language.iso_code_639_1.name.lower(), "lingua"
        return _DEFAULT[script], "script-default"
    return None, "unknown"


class ScriptArtifacts:
    """Pipeline component: ``doc.artifacts`` gets every run of a non-Latin script."""

    name = "artifacts"
    requires: tuple[str, ...] = ()
    assigns = ("artifacts",)

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        if text.isascii():
            return doc
        for match in _RUN_RE.finditer(text):
            script = match.lastgroup or ""
            run = match.group()
            near = text[max(0, match.start() - 20) : match.end() + 20]
            language, how = _run_language(script, run, near)
            doc.artifacts.append(
                Artifact(
                    kind="untranslated",
                    start=match.start(),
                    end=match.end(),
                    text=run,
                    language=language,
                    script=script,
                    rule=f"artifacts:script-run({script})+language:{how}",
                )
            )
        return doc


_ENGLISH_FUNCTION_WORDS = frozenset(
    """the of and to in a is that for on with as was by it at from are be has have
    this an which or not but will its were been their they had said also would he she""".split()
)
_WORD_RE = re.compile(r"[A-Za-z]+")
_LETTER_RE = re.compile(r"[^\W\d_]")


class LanguageIdentifier:
    """Pipeline component: ``doc.language`` (ISO 639-1) for the whole article."""

    name = "language"
    requires: tuple[str, ...] = ()
    assigns = ("language",)

    def __call__(self, doc: Doc) -> Doc:
        sample = doc.text[:4000]
        words = _WORD_RE.findall(sample)
        latin = sum(map(len, words))
        letters = latin if sample.isascii() else len(_LETTER_RE.findall(sample))
        if words and latin >= 0.6 * letters:
            share = sum(1 for w in words if w.lower() in _ENGLISH_FUNCTION_WORDS) / len(words)
            if share >= 0.12:
                doc.language = "en"
                return doc
        doc.language = self._lingua(sample)
        if doc.language != "en":
            doc.notes.append(
                f"article language is '{doc.language}': casus analyses English text; "
                "actors, places, dates and events will be incomplete"
            )
        return doc

    @staticmethod
    def _lingua(sample: str) -> str:
        from lingua import LanguageDetectorBuilder

        detector = _any_language_detector(LanguageDetectorBuilder)
        language = detector.detect_language_of(sample[:1000])
        return language.iso_code_639_1.name.lower() if language is not None else "und"


@lru_cache(maxsize=1)
def _any_language_detector(builder: Any) -> Any:
    return builder.from_all_spoken_languages().with_low_accuracy_mode().build()

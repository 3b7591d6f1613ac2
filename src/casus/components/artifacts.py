"""Translation artifacts and the document's language.

Machine-translated articles keep fragments of their source language ("the first试探性球").
:class:`ScriptArtifacts` finds runs of a non-Latin script by Unicode block (cheap),
and only then asks ``lingua`` which language a run is in, and only for scripts shared
by several languages (Cyrillic, Arabic, Devanagari) and runs long enough for lingua
to beat the script's default language (:data:`LINGUA_MIN_CHARS`).
:class:`LanguageIdentifier` tells English from other languages by function words and
calls lingua only when in doubt.

lingua is imported, and its models loaded, only when a run needs it: a detector
knows only the languages of one script and runs in lingua's low-accuracy mode
(trigram models only; see :class:`LanguageDetectors` for what that costs and saves).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from ..doc import Doc
from ..model import Artifact
from ..text import SCRIPT_RANGES

__all__ = [
    "LINGUA_MIN_CHARS",
    "LanguageDetectors",
    "LanguageIdentifier",
    "ScriptArtifacts",
]

LINGUA_MIN_CHARS: Mapping[str, int] = MappingProxyType(
    {"Arabic": 3, "Cyrillic": 16, "Devanagari": 80}
)
"""Per script shared by several languages: runs shorter than this (in characters) take
the script's default language (rule ``language:script-default``) without asking
lingua. Set where lingua's own accuracy reports (high-accuracy mode; single words,
word pairs and sentences) say it beats that default for news, whose fragments are
mostly in the default language:

* Arabic script, from a word: Arabic single words (6 characters on average) are right
  97 % of the time, Persian 77 %, Urdu 79 %, and the default (Arabic) is wrong for
  every Persian or Urdu word. Measured here on 36 news words of the three languages:
  lingua right 29, the default 12. Only runs of one or two letters skip it.
* Cyrillic, from a word pair: Russian single words (8 characters) are right 76 % of
  the time, Ukrainian 84 %; word pairs (16-17 characters) 94-97 %. Measured here on
  100 news words and pairs in five of the six candidate languages: 13 of 16 Russian
  runs under 16 characters right, all 21 runs of 16 or more. Every Cyrillic fragment
  in the bundled samples is Russian.
* Devanagari, from a sentence: Hindi is right 61 % of the time on words and 64 % on
  pairs (taken for Marathi), 93 % on sentences (81 characters on average)."""

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


class LanguageDetectors:
    """lingua detectors, each built on first use and kept: one per script, and one for
    whole documents (every spoken language). All run in lingua's low-accuracy mode
    (trigram models only). Its high-accuracy mode costs about 1 s and 110-175 MB per
    process on the first Cyrillic run, in every worker of a batch; measured here on
    news words and pairs written for the purpose, low accuracy names 20 of 21 Cyrillic
    runs of 16 characters or more (high: 21 of 21) and 31 of 36 Arabic-script words
    (high: 29 of 36), and gives the same languages on every bundled sample."""

    def __init__(self) -> None:
        self._built: dict[str, Any] = {}

    def for_script(self, script: str) -> Any:
        """The detector that chooses among the languages of ``script``."""
        if script not in self._built:
            from lingua import Language, LanguageDetectorBuilder

            languages = [getattr(Language, name) for name in _CANDIDATES[script]]
            builder = LanguageDetectorBuilder.from_languages(*languages)
            self._built[script] = builder.with_low_accuracy_mode().build()
        return self._built[script]

    def any_language(self) -> Any:
        """The detector for a whole document's language."""
        key = "*"
        if key not in self._built:
            from lingua import LanguageDetectorBuilder

            builder = LanguageDetectorBuilder.from_all_spoken_languages()
            self._built[key] = builder.with_low_accuracy_mode().build()
        return self._built[key]


def _run_language(
    script: str, run: str, near: str, detectors: LanguageDetectors
) -> tuple[str | None, str]:
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
        if len(run) < LINGUA_MIN_CHARS[script]:
            return _DEFAULT[script], "script-default"
        detector = detectors.for_script(script)
        language = detector.detect_language_of(run)
        if language is not None:
            return language.iso_code_639_1.name.lower(), "lingua"
        return _DEFAULT[script], "script-default"
    return None, "unknown"


class ScriptArtifacts:
    """Pipeline component: ``doc.artifacts`` gets every run of a non-Latin script."""

    name = "artifacts"
    requires: tuple[str, ...] = ()
    assigns = ("artifacts",)

    def __init__(self, detectors: LanguageDetectors | None = None) -> None:
        """``detectors``: shared lingua detectors (new ones when not given)."""
        self.detectors = detectors or LanguageDetectors()

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        if text.isascii():
            return doc
        for match in _RUN_RE.finditer(text):
            script = match.lastgroup or ""
            run = match.group()
            near = text[max(0, match.start() - 20) : match.end() + 20]
            language, how = _run_language(script, run, near, self.detectors)
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

    def __init__(self, detectors: LanguageDetectors | None = None) -> None:
        """``detectors``: shared lingua detectors (new ones when not given)."""
        self.detectors = detectors or LanguageDetectors()

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

    def _lingua(self, sample: str) -> str:
        language = self.detectors.any_language().detect_language_of(sample[:1000])
        return language.iso_code_639_1.name.lower() if language is not None else "und"

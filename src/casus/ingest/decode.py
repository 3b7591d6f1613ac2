"""Bytes to text: size limits, binary sniffing and charset detection."""

from __future__ import annotations

import codecs

from ..errors import BinaryInputError, DecodeError, EmptyInputError, TooLargeError
from ..text import script_of

__all__ = ["DEFAULT_MAX_BYTES", "decode_bytes"]

DEFAULT_MAX_BYTES = 5_000_000

# Magic numbers of formats people drop into a folder of articles by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF file"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or a DOCX/XLSX file)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "an executable"),
    (b"\xd0\xcf\x11\xe0", "a legacy Office document"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_bytes(data: bytes, *, where: str, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Decode an input file's bytes, or raise a one-line :class:`InputError`."""
    if len(data) > max_bytes:
        raise TooLargeError(
            f"input is {len(data):,} bytes, more than the limit of {max_bytes:,}", where=where
        )
    if not data.strip():
        raise EmptyInputError("input is empty", where=where)
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise BinaryInputError(f"input is {what}, not text", where=where)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data, encoding, where)
    if b"\x00" in data[:4096]:
        raise BinaryInputError("input is binary (it contains NUL bytes)", where=where)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _detect(data, where)
    if _control_ratio(text) > 0.05:
        raise BinaryInputError("input is binary (too many control characters)", where=where)
    return text


def _strict(data: bytes, encoding: str, where: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DecodeError(
            f"input has a {encoding} byte-order mark but {exc.reason}", where=where
        ) from None


# Legacy encodings tried besides charset-normalizer's guesses, most likely first for
# news about the post-Soviet space, the Middle East and East Asia.
_FALLBACK_ENCODINGS = (
    "cp1251",
    "koi8_r",
    "cp1252",
    "cp1250",
    "cp1254",
    "cp1256",
    "cp1253",
    "cp1255",
    "gb18030",
    "big5",
    "shift_jis",
    "euc_kr",
)
_CASELESS_SCORE = 0.5


def _detect(data: bytes, where: str) -> str:
    """Pick the decoding whose non-ASCII words look most like real words.

    charset-normalizer is good on long texts but guesses wrong on short or mostly
    English ones (a few cp1251 Cyrillic words come out as Big5). Each candidate is
    scored by :func:`_plausibility`; ties keep charset-normalizer's order.
    """
    from charset_normalizer import from_bytes

    guesses = [match.encoding for match in from_bytes(data) if match.encoding]
    best_text: str | None = None
    best_score = -1.0
    for encoding in dict.fromkeys([*guesses, *_FALLBACK_ENCODINGS]):
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        score = _plausibility(text)
        if score > best_score:
            best_text, best_score = text, score
    if best_text is None:
        raise DecodeError("input is not UTF-8 and its encoding cannot be detected", where=where)
    return best_text


# Accented Latin letters of the languages whose legacy encodings casus meets, with a
# prior for how likely such a text is in conflict news. A correct decoding uses the
# letters of one language ("ş ğ ı"); a wrong one mixes several ("ţ ý đ") or lands in an
# unlikely one (Icelandic "þ ð" from Turkish cp1254 bytes read as cp1252).
_LATIN_LANGUAGES: dict[str, tuple[float, str]] = {
    "tr": (1.0, "çğıİöşüÇĞÖŞÜâî"),
    "az": (1.0, "çəğıİöşüÇƏĞÖŞÜ"),
    "fr": (1.0, "àâæçéèêëîïôœùûüÿÀÂÆÇÉÈÊËÎÏÔŒÙÛÜŸ"),
    "de": (1.0, "äöüßÄÖÜ"),
    "es": (1.0, "áéíñóúüÁÉÍÑÓÚÜ"),
    "it": (1.0, "àèéìíîòóùúÀÈÉÌÒÙ"),
    "pt": (0.9, "ãõçáéíóúâêôàÃÕÇÁÉÍÓÚÂÊÔÀ"),
    "pl": (0.9, "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ"),
    "ro": (0.9, "ăâîșțşţĂÂÎȘȚŞŢ"),
    "cs": (0.8, "áčďéěíňóřšťúůýžÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ"),
    "hu": (0.8, "áéíóöőúüűÁÉÍÓÖŐÚÜŰ"),
    "hr": (0.8, "čćđšžČĆĐŠŽ"),
    "sk": (0.7, "áäčďéíĺľňóôŕšťúýžÁÄČĎÉÍĹĽŇÓÔŔŠŤÚÝŽ"),
    "nordic": (0.7, "åæøäöéÅÆØÄÖ"),
    "baltic": (0.6, "āčēģīķļņšūžąęėįųĀČĒĢĪĶĻŅŠŪŽĄĘĖĮŲ"),
    "is": (0.3, "áðéíóúýþæöÁÐÉÍÓÚÝÞÆÖ"),
}


def _plausibility(text: str) -> float:
    """How much a decoding looks like real text, from 0 to 1.

    Each non-ASCII word must be in one script with sane letter case ("рЕЗИДЕНТ" is
    not) and, in Latin script, mostly plain letters ("Äìèòðèé" is Cyrillic read as
    cp1252). Accented Latin letters must fit one language (see _LATIN_LANGUAGES).
    Caseless scripts (Han, Arabic ...) get a neutral word score.
    """
    words = [w for w in text.split() if not w.isascii()][:400]
    if not words:
        return 1.0
    total = sum(_word_score(word) for word in words)
    return total / len(words) * _latin_consistency(words)


def _word_score(word: str) -> float:
    letters = [ch for ch in word if ch.isalpha()]
    if not letters:
        return 0.0
    scripts = {script_of(ch) for ch in letters}
    if len(scripts) > 1:
        return 0.0
    if scripts == {None} and len(letters) >= 3:
        accented = sum(1 for ch in letters if not ch.isascii())
        if accented / len(letters) > 0.75:
            return 0.0
    cased = [ch for ch in letters if ch.lower() != ch.upper()]
    if not cased:
        return _CASELESS_SCORE
    body = "".join(cased[1:])
    whole = "".join(cased)
    return 1.0 if body == body.lower() or whole == whole.upper() else 0.0


def _latin_consistency(words: list[str]) -> float:
    accented = [
        ch
        for word in words
        for ch in word
        if ch.isalpha() and not ch.isascii() and script_of(ch) is None
    ]
    if not accented:
        return 1.0
    return max(
        prior * sum(1 for ch in accented if ch in letters) / len(accented)
        for prior, letters in _LATIN_LANGUAGES.values()
    )


def _control_ratio(text: str) -> float:
    sample = text[:8192]
    if not sample:
        return 0.0
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return controls / len(sample)

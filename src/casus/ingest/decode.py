"""Bytes to text: size limits, binary sniffing and charset detection."""

from __future__ import annotations

import codecs
import re
import string
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from typing import NamedTuple

from ..datafiles import Row, bundled, read_tsv
from ..errors import BinaryInputError, DataError, DecodeError, EmptyInputError, TooLargeError
from ..text import SCRIPT_RANGES, script_of

__all__ = ["DEFAULT_MAX_BYTES", "Decoder", "decode_bytes", "load_alphabets"]

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


class Decoder:
    """Bytes to text. The alphabet table (``alphabets.tsv``) is read the first time a
    legacy encoding must be told from another, then kept: one decoder per reader."""

    def __init__(self) -> None:
        self._alphabets: tuple[_Alphabet, ...] | None = None

    @property
    def alphabets(self) -> tuple[_Alphabet, ...]:
        if self._alphabets is None:
            self._alphabets = load_alphabets()
        return self._alphabets

    def decode(self, data: bytes, *, where: str, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
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
            text = _detect(data, where, self.alphabets)
        if _control_ratio(text) > 0.05:
            raise BinaryInputError("input is binary (too many control characters)", where=where)
        return text


def decode_bytes(data: bytes, *, where: str, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Decode one input's bytes with a decoder of its own (see :class:`Decoder` to
    decode many)."""
    return Decoder().decode(data, where=where, max_bytes=max_bytes)


def _strict(data: bytes, encoding: str, where: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DecodeError(
            f"input has a {encoding} byte-order mark but {exc.reason}", where=where
        ) from None


# Legacy encodings tried before charset-normalizer's other guesses, most likely first
# for news about the post-Soviet space, the Middle East and East Asia: a tie goes to
# the earlier one (a short text may read equally well in two code pages).
_LIKELY_ENCODINGS = (
    "cp1251",
    "koi8_r",
    "mac_cyrillic",
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


def _detect(data: bytes, where: str, alphabets: tuple[_Alphabet, ...]) -> str:
    """Pick the decoding whose non-ASCII words look most like real words.

    charset-normalizer is good on long texts but guesses wrong on short or mostly
    English ones (a few cp1251 Cyrillic words come out as Big5). Each candidate is
    scored by :func:`_plausibility`; ties go to the earlier in _LIKELY_ENCODINGS, then
    in charset-normalizer's order.
    """
    from charset_normalizer import from_bytes

    guesses = [match.encoding for match in from_bytes(data) if match.encoding]
    best_text: str | None = None
    best_score = -1.0
    for encoding in dict.fromkeys([*_LIKELY_ENCODINGS, *guesses]):
        if not _ascii_compatible(encoding):
            continue
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        score = _plausibility(text, alphabets)
        if score > best_score:
            best_text, best_score = text, score
    if best_text is None:
        raise DecodeError("input is not UTF-8 and its encoding cannot be detected", where=where)
    return best_text


_ASCII_PROBE = string.ascii_letters + string.digits + " .,:;!?'\"()-\n"


def _ascii_compatible(encoding: str) -> bool:
    """Whether plain ASCII reads as itself: not so in EBCDIC (cp037, cp875 ...).

    Only the non-ASCII words of a decoding are scored, so a code page that turns
    English into punctuation would look flawless. UTF-16 and UTF-32 text has NUL bytes
    and is turned away before, and news files are not written in EBCDIC.
    """
    try:
        return _ASCII_PROBE.encode("ascii").decode(encoding) == _ASCII_PROBE
    except (UnicodeDecodeError, LookupError):
        return False


@dataclass(frozen=True, slots=True)
class _Alphabet:
    """One row of alphabets.tsv: a language's letters in one script, and its prior."""

    language: str
    script: str | None  # None for Latin, as in casus.text.script_of
    prior: float
    letters: frozenset[str]
    vowels: frozenset[str]
    one_letter_words: frozenset[str]
    stressed: frozenset[str]

    def fits(self, word: str, letters: list[str]) -> bool:
        """Whether the word's letters of this script could be a word of the language."""
        if not all(ch in self.letters for ch in letters):
            return False
        if self.vowels and not self._has_syllables(letters):
            return False
        if len(letters) == 1 and _is_lone_letter(word):
            return letters[0] in self.one_letter_words
        return sum(1 for ch in letters if ch in self.stressed) <= 1

    def _has_syllables(self, letters: list[str]) -> bool:
        """No word of five letters or more without a vowel, nor six consonants in a row."""
        run = longest = 0
        for ch in letters:
            run = 0 if ch in self.vowels else run + 1
            longest = max(longest, run)
        return longest < (_VOWELLESS_WORD if longest == len(letters) else _CONSONANT_RUN)


_VOWELLESS_WORD = 5  # letters: a word this long without a vowel is not a word ("ТПНМР")
_CONSONANT_RUN = 6  # nor one with this many consonants in a row ("ОЕПЕЦНБНПХ")


def _with_capitals(cell: str) -> frozenset[str]:
    lower = cell.split()
    upper = [ch.upper() for ch in lower]
    return frozenset([*lower, *(ch for ch in upper if len(ch) == 1)])


def load_alphabets() -> tuple[_Alphabet, ...]:
    """The languages of ``alphabets.tsv`` (letters, vowels, one-letter words, priors)."""
    columns = ("language", "script", "prior", "letters", "vowels", "one_letter_words", "stressed")
    return tuple(
        _alphabet(row) for row in read_tsv(bundled("casus.ingest", "alphabets.tsv"), columns)
    )


def _alphabet(row: Row) -> _Alphabet:
    if row["script"] != "Latin" and row["script"] not in SCRIPT_RANGES:
        raise DataError(f"unknown script {row['script']!r}", where=row.where)
    return _Alphabet(
        language=row["language"],
        script=None if row["script"] == "Latin" else row["script"],
        prior=row.number("prior"),
        letters=_with_capitals(row["letters"]),
        vowels=_with_capitals(row.get("vowels")),
        one_letter_words=_with_capitals(row.get("one_letter_words")),
        stressed=_with_capitals(row.get("stressed")),
    )


class _Word(NamedTuple):
    """A word of the sample, with what its context says about it."""

    text: str
    opens_sentence: bool  # first word of the text, of a line or after . ! ? … :
    quotes_pair: bool  # a quote glued to it has its partner nearby
    has_company: bool  # a one-letter word has a neighbour in its script ("la а les" not)


def _plausibility(text: str, alphabets: tuple[_Alphabet, ...]) -> float:
    """How much a decoding looks like real text, from 0 to 1.

    Only the first words that are not plain ASCII and have a letter count: a dash, a
    guillemet or "№" says nothing about the encoding. Each word must be in one script,
    with sane letter case ("рЕЗИДЕНТ" is not), no symbol or pseudo-graphics glued to its
    letters ("здани€", "┌"), no quote mark without a partner ("‘ообщил"); a lone
    capital inside a sentence is a dash read wrongly ("Ч"), a one-letter word stands
    among words of its script, and Latin words are mostly plain letters ("Äìèòðèé" is
    Cyrillic read as cp1252). Then, per script, the words must fit one language of
    alphabets.tsv: its letters ("ѕ" is Macedonian, not Russian), vowels, one-letter
    words and stress marks. Caseless scripts (Han, Arabic ...) get a neutral score.
    """
    sample = list(islice(_sample_words(text), _SAMPLE_WORDS))
    if not sample:
        return 1.0
    score = sum(_word_score(word) for word in sample) / len(sample)
    words = [word.text for word in sample]
    for script in {script_of(ch) for word in words for ch in word if ch.isalpha()}:
        score *= _language_fit(words, script, alphabets)
    return score


_SAMPLE_WORDS = 400
_SCAN_LIMIT = 10 * _SAMPLE_WORDS  # non-ASCII tokens looked at, letters or not
_LONGEST_WORD = 64  # characters either side of a non-ASCII one: a longer run is no word
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")
_REST_OF_WORD_RE = re.compile(rf"\S{{0,{_LONGEST_WORD}}}")


def _sample_words(text: str) -> Iterator[_Word]:
    """Words that are not plain ASCII and have a letter, digit or mark of their script.

    Jumps from one non-ASCII character to the next (a fast scan in the regex engine), so
    a long English file with a few Cyrillic words costs little; it stops after
    _SCAN_LIMIT such words and cuts runs without spaces at _LONGEST_WORD characters,
    so the cost per candidate decoding is bounded.
    """
    position = 0
    for _ in range(_SCAN_LIMIT):
        found = _NON_ASCII_RE.search(text, position)
        if found is None:
            return
        start = found.start()
        floor = max(0, start - _LONGEST_WORD)
        while start > floor and not text[start - 1].isspace():
            start -= 1
        rest = _REST_OF_WORD_RE.match(text, found.start())
        end = rest.end() if rest else found.start()
        position = max(end, found.start() + 1)
        word = text[start:end]
        if _has_script(word):
            opens = _opens_sentence(text, start)
            company = not _is_lone_letter(word) or _has_company(text, start, end)
            yield _Word(word, opens, _quotes_pair(text, start, end), company)


def _has_script(word: str) -> bool:
    """Whether a word has letters, or digits or marks of a script beyond ASCII ("٣").

    Pseudo-graphics ("┌", "≤") count too: news has none, but KOI8-R and DOS code
    pages turn letters into them.
    """
    if any(ch.isalpha() for ch in word) or _PSEUDO_GRAPHICS_RE.search(word):
        return True
    return any(
        not ch.isascii() and (ch.isdecimal() or unicodedata.category(ch)[0] == "M") for ch in word
    )


# Mathematical operators (but the minus sign), technical signs, box drawing and blocks.
_PSEUDO_GRAPHICS_RE = re.compile("[\u2200-\u2211\u2213-\u23ff\u2500-\u259f]")


_SENTENCE_ENDS = (".", "!", "?", "…", ":")
_AFTER_SENTENCE_END = "\"'»”’)]"
_LOOK_BACK = 200


def _opens_sentence(text: str, start: int) -> bool:
    """Whether ``text[start:]`` opens a sentence.

    A sentence opens the text, a line, or follows a token ending in . ! ? … or ":";
    tokens without letters or digits (a dash, a bullet) are skipped.
    """
    window = text[max(0, start - _LOOK_BACK) : start]
    end = len(window)
    while end and not window[end - 1].isalnum():
        if window[end - 1] == "\n":
            return True
        end -= 1
    if not end:
        return True
    while end < len(window) and not window[end].isspace():
        end += 1
    return window[:end].rstrip(_AFTER_SENTENCE_END).endswith(_SENTENCE_ENDS)


def _has_company(text: str, start: int, end: int) -> bool:
    """Whether the nearest letter before or after a one-letter word is in its script.

    A one-letter word is a preposition or a conjunction: it stands among words of its
    language. A French "à" read as cp1251 is a Cyrillic "а" among Latin words.
    """
    script = script_of(next(ch for ch in text[start:end] if ch.isalpha()))
    before = text[max(0, start - _LOOK_BACK) : start]
    after = text[end : end + _LOOK_BACK]
    neighbours = [
        next((ch for ch in reversed(before) if ch.isalpha()), None),
        next((ch for ch in after if ch.isalpha()), None),
    ]
    found = [ch for ch in neighbours if ch is not None]
    return not found or any(script_of(ch) == script for ch in found)


# Typographic quotes and their partners, opening → closing, in the conventions of the
# languages in alphabets.tsv („…“ „…” ‚…‘ “…” ‘…’ «…» »…« ‹…›). A quote glued to a word
# needs its partner within _QUOTE_REACH characters: Mac-Cyrillic "Служба" read as
# cp1251 is "‘лужба", with no ’ to close it. ASCII quotes are the same in every
# decoding and are not checked.
_QUOTE_PAIRS = ("„“", "„”", "‚‘", "‚’", "“”", "‘’", "«»", "»«", "‹›", "›‹")
_OPENING_QUOTES = {q[0]: "".join(p[1] for p in _QUOTE_PAIRS if p[0] == q[0]) for q in _QUOTE_PAIRS}
_CLOSING_QUOTES = {
    q[1]: "".join(p[0] for p in _QUOTE_PAIRS if p[1] == q[1]) for q in _QUOTE_PAIRS if q[1] != "’"
}  # ’ at the end of a word is an apostrophe as often as a quote ("soldiers’")
_QUOTE_REACH = 500


def _quotes_pair(text: str, start: int, end: int) -> bool:
    """Whether quotes just before the word's first letter / after its last have partners."""
    first = next((i for i in range(start, end) if text[i].isalpha()), None)
    if first is None:
        return True
    last = next(i for i in range(end - 1, start - 1, -1) if text[i].isalpha())
    opening = text[first - 1] if first > start else ""
    closing = text[last + 1] if last + 1 < end else ""
    if opening in _OPENING_QUOTES:
        partners = _OPENING_QUOTES[opening]
        ahead = text[first : first + _QUOTE_REACH]
        if not any(partner in ahead for partner in partners):
            return False
    if closing in _CLOSING_QUOTES:
        partners = _CLOSING_QUOTES[closing]
        behind = text[max(0, last - _QUOTE_REACH) : last]
        if not any(partner in behind for partner in partners):
            return False
    return True


def _word_score(word: _Word) -> float:
    text = word.text
    letters = [ch for ch in text if ch.isalpha()]
    scripts = {script_of(ch) for ch in letters}
    if len(scripts) > 1 or not (word.quotes_pair and word.has_company):
        return 0.0
    if not _glue_is_plausible(text) or _PSEUDO_GRAPHICS_RE.search(text):
        return 0.0
    if _is_lone_letter(text) and letters[0].isupper() and not word.opens_sentence:
        return 1.0 if text.endswith(".") else 0.0  # "С." is an initial, "Ч" a dash
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


def _is_lone_letter(word: str) -> bool:
    """A one-letter word ("в", "«И", "à"), not a code such as "С-300"."""
    return sum(1 for ch in word if ch.isalnum()) == 1 and any(ch.isalpha() for ch in word)


def _language_fit(words: list[str], script: str | None, alphabets: tuple[_Alphabet, ...]) -> float:
    """The best, over the script's languages, of prior × share of words that fit.

    Latin words count only when they have a letter beyond A-Z. A script without a
    row in alphabets.tsv (Arabic, Han ...) always fits.
    """
    candidates = [a for a in alphabets if a.script == script]
    relevant = [
        (word, letters)
        for word in words
        if (
            letters := [
                ch for ch in word if ch.isalpha() and script_of(ch) == script and not ch.isascii()
            ]
        )
    ]
    if not candidates or not relevant:
        return 1.0
    return max(
        alphabet.prior * sum(1 for w, ls in relevant if alphabet.fits(w, ls)) / len(relevant)
        for alphabet in candidates
    )


# Punctuation that may touch a letter, by side. A wrong decoding glues symbols and
# stray punctuation to letters: "здани€", "F³r", "¶анок", "’билиси", "—ечня".
_OPENING = frozenset("¿¡#@*\"'")  # other punctuation (Po) allowed before a letter
_CLOSING = frozenset(".,;:!?…%*\"'")  # ... after a letter
_JOINING = frozenset("./&'\"")  # ... between two letters ("т.е.", "AT&T")
_NEVER_OPENING = frozenset("’”")  # quotes that never open a word
_APOSTROPHES = frozenset("’‘`")  # "l’armée", "м’ясо", "Bakü’de"
_HYPHENS = frozenset("-‐‑")  # unlike dashes, may stick to one side of a word ("-то")
_UNIT_SYMBOLS = frozenset("°²³+")  # symbols allowed after a letter ("км²", "N°")


def _glue_is_plausible(word: str) -> bool:
    for i, ch in enumerate(word):
        if ch.isalpha() or ch.isdecimal():
            continue
        previous = word[i - 1] if i else " "
        if unicodedata.category(ch)[0] == "M":  # a combining mark needs a base letter
            if not (previous.isalpha() or unicodedata.category(previous)[0] == "M"):
                return False
            continue
        before = previous.isalpha()
        after = i + 1 < len(word) and word[i + 1].isalpha()
        if (before or after) and not _may_touch(ch, before=before, after=after):
            return False
    return True


def _may_touch(ch: str, *, before: bool, after: bool) -> bool:
    """Whether punctuation or a symbol may follow and/or precede a letter."""
    category = unicodedata.category(ch)
    if category == "Pc":
        return True
    if before and after:
        return category == "Pd" or ch in _JOINING or ch in _APOSTROPHES
    if ch in _HYPHENS:
        return True
    if category == "Ps":  # ( [ „ ‚
        return after
    if category == "Pe":
        return before
    if category in {"Pi", "Pf"}:  # which quote opens depends on the language
        return before or ch not in _NEVER_OPENING
    if category == "Po":
        return ch in (_CLOSING if before else _OPENING)
    if before:
        return ch in _UNIT_SYMBOLS
    return ch == "°"


def _control_ratio(text: str) -> float:
    sample = text[:8192]
    if not sample:
        return 0.0
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return controls / len(sample)

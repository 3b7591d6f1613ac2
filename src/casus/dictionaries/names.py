"""Names and agent nouns as news writes them.

PETRARCH dictionaries write phrases in capitals with underscores (``ILHAM_ALIYEV_``);
:func:`title_case` gives them news casing, keeping acronyms and name particles right.
:func:`is_person_noun` and :func:`plural` look at the head noun of an agent phrase
("president", "ministers of defence").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

__all__ = [
    "has_vowel",
    "initials",
    "is_person_noun",
    "plural",
    "repair_mojibake",
    "title_case",
]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Tokens kept in capitals although they contain vowels (tokens without vowels, with
# digits or with dots are kept anyway).
_ACRONYMS = _words(
    """
    AFP AKP ANC AP AQAP AQIM ASEAN AU AMISOM BJP BRICS CDU CENTCOM CHP CIA CIS CSTO
    DFLP DPRK ECOWAS EU EULEX FAO FARC FATA FIFA GCC IAEA ICC ICJ ICRC IDF
    IFAD ILO IMF IOM IRA IRGC IRIB IRNA ISAF ISI ISIL ISIS ISNA ISWAP ITU KCNA KDP
    LRA MEK MINUSMA MONUSCO MPLA NAFTA NATO NEPAD OAS OAU OCHA OECD OHCHR OIC OPCW OPEC
    OSCE PA PIJ PLA PLO PML PPP PRC PUK RAF RIA ROK RUF SADC SANA SCO SPLA SPLM SWAPO
    TAPI TASS TPLF UAE UK UN UNAMA UNAMI UNDP UNEP UNESCO UNFPA UNHCR UNICEF UNIDO
    UNIFIL UNITA UNMIK UNMISS UNO UNODC UNRWA UNSC UNSG UPI US USA USAID USSR WAFA WFP
    WHO WIPO WTO ZANU
    """
)
_LONG_ACRONYMS = frozenset(a for a in _ACRONYMS if len(a) >= 4)
_PARTICLES = _words(
    """
    of the and for in on at to by with from de del della der den des da das do dos du
    von al el bin ibn bint ul ud ut e y et und
    """
)
_ABBREVIATIONS = {w.upper(): w for w in _words("Mr Mrs Ms Dr St Jr Sr Lt Sgt Cpl Mt Ft Ltd Ng")}
_VOWELS = frozenset("AEIOUАЕЁИОУЫЭЮЯΑΕΗΙΟΥΩ")
_ROMAN = re.compile(r"[IVX]{2,}")
_ORDINAL = re.compile(r"\d+(?:ST|ND|RD|TH|S)")

# Singular nouns that can stand before a person's name ("President Aliyev").
_PERSON_NOUNS = _words(
    """
    president vice-president president-elect premier minister chancellor secretary
    undersecretary under-secretary spokesperson general lieutenant colonel major captain
    commander commandant admiral marshal brigadier sergeant corporal chief leader
    ambassador envoy consul diplomat senator representative deputy lawmaker legislator
    parliamentarian mp governor mayor king queen prince princess emir amir sheikh sheik
    sultan emperor monarch ayatollah imam mullah mufti cleric rabbi priest bishop
    archbishop cardinal pope patriarch judge justice magistrate prosecutor attorney
    lawyer activist journalist reporter correspondent editor columnist analyst expert
    official adviser advisor aide director chairperson commissioner councillor
    councilor inspector officer dissident candidate speaker negotiator mediator
    rapporteur delegate economist professor scholar scientist historian researcher
    doctor warlord dictator vizier prefect superintendent
    """
)
_NOT_PERSON_MAN = frozenset({"human", "german", "roman", "ottoman", "shaman", "woman", "man"})
_PREPOSITIONS = frozenset({"of", "for", "in", "on", "to", "at", "with", "from", "against"})


def has_vowel(word: str) -> bool:
    letters = [c for c in unicodedata.normalize("NFD", word.upper()) if c.isalpha()]
    return any(c in _VOWELS or (c == "Y" and i > 0) for i, c in enumerate(letters))


def _capitalize(word: str) -> str:
    """ "MCCAIN" -> "McCain", "O'BRIEN" -> "O'Brien", "CHILDREN'S" -> "Children's"."""
    for mark in ("'", "’"):
        if mark in word:
            head, tail = word.split(mark, 1)
            if len(head) == 1:
                return head.upper() + mark + _capitalize(tail)
            return _capitalize(head) + mark + tail.lower() if head else mark + _capitalize(tail)
    if word.startswith("MC") and len(word) > 3 and word[2].isalpha():
        return "Mc" + word[2] + word[3:].lower()
    return word[:1].upper() + word[1:].lower()


def _case_part(part: str, *, initial: bool, inner: bool, acronyms: frozenset[str]) -> str:
    """One hyphen-free piece of a token, in news casing."""
    bare = part.strip(".,;:()\"'")
    if not bare:
        return part
    if bare in acronyms and (not inner or len(bare) >= 4):
        return part
    if any(c.isdigit() for c in bare):
        return part.lower() if _ORDINAL.fullmatch(bare) else part
    if "." in bare:
        pieces = [p for p in bare.split(".") if p]
        return part if all(len(p) <= 1 for p in pieces) else _capitalize(part)
    if bare in _ABBREVIATIONS:
        return part.replace(bare, _ABBREVIATIONS[bare])
    if _ROMAN.fullmatch(bare):
        return part
    if (inner and len(bare) == 1) or (not initial and bare.lower() in _PARTICLES):
        return part.lower()
    if not has_vowel(bare) and len(bare) > 1:
        return part
    return _capitalize(part)


def _case_token(token: str, *, initial: bool, acronyms: frozenset[str]) -> str:
    if any(c.islower() for c in token):
        return token
    if token.strip(".,;:()") in acronyms:
        return token
    pieces = token.split("-")
    return "-".join(
        _case_part(p, initial=initial and i == 0, inner=i > 0, acronyms=acronyms)
        for i, p in enumerate(pieces)
    )


def title_case(phrase: str, acronyms: Iterable[str] = (), *, person: bool = False) -> str:
    """A PETRARCH phrase as written in news: ``ILHAM_ALIYEV_`` -> ``Ilham Aliyev``.

    Acronyms stay in capitals (``NATO``, ``U.N.``, ``PKK``, and any in ``acronyms``);
    particles inside a name are lower case (``Bashar al-Assad``, ``Osama bin Laden``);
    ``MCCAIN`` -> ``McCain``, ``O'BRIEN`` -> ``O'Brien``. In a ``person``'s name, short
    known acronyms count only as the first word ("UN envoy ...", but "Kim Jong Un"), and
    a final hyphenated given name is written the Korean way ("Ban Ki-moon").
    """
    extra = frozenset(acronyms)
    tokens = phrase.replace("_", " ").split()
    out: list[str] = []
    for i, token in enumerate(tokens):
        known = extra | (_ACRONYMS if i == 0 or not person else _LONG_ACRONYMS)
        out.append(_case_token(token, initial=i == 0, acronyms=known))
    if person and len(out) > 1:
        out[-1] = _korean_given_name(out[-1])
    return " ".join(out)


def _korean_given_name(token: str) -> str:
    """ "Ki-Moon" -> "Ki-moon": two short syllables joined by a hyphen."""
    parts = token.split("-")
    if len(parts) != 2 or not all(p.isalpha() and p[:1].isupper() for p in parts):
        return token
    if len(parts[0]) <= 5 and len(parts[1]) <= 4 and parts[0].lower() not in _PARTICLES:
        return f"{parts[0]}-{parts[1].lower()}"
    return token


def repair_mojibake(text: str) -> str:
    """Undo the commonest mojibake (UTF-8 read as cp1252: "Ã©" for "é")."""
    if "Ã" not in text and "Â" not in text:
        return text
    try:
        return text.encode("cp1252").decode("utf-8")
    except UnicodeError:
        return text


def initials(name: str) -> set[str]:
    words = [w for w in re.split(r"[\s-]+", name) if w and w[0].isalpha()]
    significant = [w for w in words if w.lower() not in _PARTICLES]
    return {"".join(w[0] for w in ws).upper() for ws in (words, significant) if len(ws) > 1}


def _head(words: Sequence[str]) -> str:
    """The head noun of an agent phrase: the last word before a preposition."""
    for i, word in enumerate(words):
        if word in _PREPOSITIONS and i > 0:
            return words[i - 1]
    return words[-1] if words else ""


def is_person_noun(phrase: str) -> bool:
    """Whether an agent phrase is a singular title that can precede a name."""
    head = _head(phrase.lower().split())
    if head in _PERSON_NOUNS:
        return True
    for suffix in ("man", "woman", "person"):
        if head.endswith(suffix) and len(head) > len(suffix) + 2:
            return head not in _NOT_PERSON_MAN
    return False


def _plural_word(word: str) -> str:
    if not word[-1:].isalpha():
        return word
    if word.endswith(("man", "woman")) and word not in _NOT_PERSON_MAN - {"man", "woman"}:
        return word[:-2] + "en"
    if word.endswith(("ss", "sh", "ch", "x", "z")):
        return word + "es"
    if word.endswith("s"):
        return word
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def plural(phrase: str) -> str:
    words = phrase.split()
    head = _head(words)
    index = words.index(head) if head in words else len(words) - 1
    words[index] = _plural_word(words[index])
    return " ".join(words)

"""PETRARCH's unit-test records (``PETR.UnitTest.records.xml``) and their dictionaries.

The file holds ``<Sentence>`` records, each with a date, an id, a category, its
``<Text>`` (a ``<Parse>`` too, which casus ignores) and zero or more ``<EventCoding
sourcecode= targetcode= eventcode=>``. Its ``<Environment>`` names the dictionaries the
codings were written against (``PETR.Validate.actors.txt`` and ``.agents.txt``, with
fictional states such as Arnor = ARN and Gondor = GON beside real ones).

Records that are not about coding a sentence are *set aside* (counted, not scored):

* ``sentence="false"``: in PETRARCH's input format the record is not one sentence of a
  story; in this file those are variants of other tests (two reuse another record's id,
  one codes a placeholder ``XYZGOV`` event its text does not hold);
* an ``<EventCoding error=...>``: a test of PETRARCH's error handling (datelines,
  unparsable input, its discard lists), not of coding;
* an event code outside the 22 two-digit roots the file's codes use (``345``, ``802``,
  ``901``-``915``): the test verb file's made-up codes for its synonym-set and pattern
  tests, which no coder can produce.

The event codes are those of the *test* verb file (``PETR.Validate.verbs.txt``), inherited
from the TABARI validation suite: mostly WEIS codes (22 roots: 064 grant recognition or
relations, 041 praise, 032 visit, 212 arrest, 223 military engagement), with some CAMEO
codes added for PETRARCH (1711, 1721). They are not CAMEO codes: see
:mod:`casus.evaluation.petrarch` for what that means for the scores.

A record with ``<EventCoding noevents="True">``, or with no ``<EventCoding>`` at all,
codes no event: it is scored, and every event casus codes there is a false positive.
"""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..dictionaries.petrarch import convert_directory
from ..dictionaries.results import ImportReport
from ..errors import CasusError, EvaluationError

__all__ = [
    "Coding",
    "Record",
    "dictionary_names",
    "event_root",
    "import_dictionaries",
    "read_records",
]

NOT_A_SENTENCE = 'not a sentence record (sentence="false")'
ERROR_TEST = "error-handling tests (error=...)"
NOT_CODED = "made-up event codes (the test verb file's own, roots outside 01-22)"
NO_TEXT = "no text"
DEFAULT_DICTIONARIES = ("PETR.Validate.actors.txt", "PETR.Validate.agents.txt")


@dataclass(frozen=True, slots=True)
class Coding:
    """One gold event as PETRARCH writes it: ``BREGOV`` ``GON`` ``064``."""

    source: str
    target: str
    event: str

    @property
    def root(self) -> str | None:
        return event_root(self.event)


@dataclass(frozen=True, slots=True)
class Record:
    id: str
    category: str
    published: date | None
    text: str
    codings: tuple[Coding, ...]
    set_aside: str | None = None
    """Why the record is not scored (see the module docstring), or None."""


def event_root(code: str) -> str | None:
    """The root (first two digits) of an event code (``174K`` -> ``17``); None outside
    the roots 01-22 the file's WEIS and CAMEO codes use (``345``, ``901``)."""
    head = code.strip()[:2]
    return head if head.isdigit() and 1 <= int(head) <= 22 and len(code.strip()) >= 3 else None


def _date(text: str | None) -> date | None:
    text = (text or "").strip()
    if len(text) != 8 or not text.isdigit():
        return None
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None


def _set_aside(sentence: ET.Element, codings: list[Coding], text: str) -> str | None:
    codes = sentence.findall("EventCoding")
    if (sentence.get("sentence") or "").strip().lower() == "false":
        return NOT_A_SENTENCE
    if any(c.get("error") is not None for c in codes):
        return ERROR_TEST
    if any(c.root is None for c in codings):
        return NOT_CODED
    if not text:
        return NO_TEXT
    return None


def _record(sentence: ET.Element) -> Record:
    codings = [
        Coding(
            (c.get("sourcecode") or "").strip(),
            (c.get("targetcode") or "").strip(),
            (c.get("eventcode") or "").strip(),
        )
        for c in sentence.findall("EventCoding")
        if c.get("eventcode") is not None
    ]
    text = " ".join((sentence.findtext("Text") or "").split())
    return Record(
        id=(sentence.get("id") or "").strip(),
        category=(sentence.get("category") or "").strip(),
        published=_date(sentence.get("date")),
        text=text,
        codings=tuple(codings),
        set_aside=_set_aside(sentence, codings, text),
    )


def _root(path: Path) -> ET.Element:
    try:
        return ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise EvaluationError(f"cannot read PETRARCH records: {exc}", where=str(path)) from None


def read_records(path: Path) -> list[Record]:
    """Every ``<Sentence>`` record of ``path``, in file order (set-aside ones marked)."""
    records = [_record(s) for s in _root(path).iter("Sentence")]
    if not records:
        raise EvaluationError("no <Sentence> records", where=str(path))
    return records


def dictionary_names(path: Path) -> tuple[str, str]:
    """The actor and agent files the records' ``<Environment>`` names (PETRARCH's
    validation dictionaries when it names none)."""
    environment = _root(path).find("Environment")
    found = [
        (environment.findtext(tag) or "").strip() if environment is not None else ""
        for tag in ("Actorfile", "Agentfile")
    ]
    return (found[0] or DEFAULT_DICTIONARIES[0], found[1] or DEFAULT_DICTIONARIES[1])


def import_dictionaries(path: Path, dictionaries: Path, work: Path) -> tuple[Path, ImportReport]:
    """Convert the actor and agent files the records name (looked for in
    ``dictionaries``) with ``casus dictionaries import-petrarch``, into ``work``; return
    the lexicon directory and the importer's report.

    The two files are staged alone in ``work`` first: the importer would otherwise follow
    the ``PETR_config.ini`` beside them, which names the operational Phoenix files."""
    staging, lexicon = work / "dictionaries", work / "lexicon"
    staging.mkdir(parents=True, exist_ok=True)
    for name in dictionary_names(path):
        source = dictionaries / Path(name).name
        if not source.is_file():
            raise EvaluationError(
                f"dictionary {name!r} named by the records not found (give --dictionaries)",
                where=str(dictionaries),
            )
        try:
            shutil.copyfile(source, staging / source.name)
        except OSError as exc:
            raise EvaluationError(f"cannot read: {exc.strerror}", where=str(source)) from None
    try:
        report = convert_directory(staging, lexicon)
    except CasusError as exc:
        raise EvaluationError(
            f"cannot import the dictionaries: {exc}", where=str(dictionaries)
        ) from None
    return lexicon, report

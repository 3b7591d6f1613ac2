"""The casus exception tree.

Every error casus raises on purpose is a :class:`CasusError` with a stable code, so a
caller (the CLI, a batch runner, a web service) can report it in one line and decide
what to do with it. The tree::

    CasusError                 E000
    ├── InputError             E1xx  the input cannot be read as an article
    │   ├── NotFoundError      E101
    │   ├── EmptyInputError    E102
    │   ├── BinaryInputError   E103
    │   ├── DecodeError        E104
    │   ├── TooLargeError      E105
    │   ├── RecordError        E106  malformed JSON / JSON Lines / missing fields
    │   ├── DateFormatError    E107  a publication date that is not YYYY-MM-DD
    │   ├── UnreadableError    E108  a file or directory that cannot be read (permissions, I/O)
    │   ├── NotRegularError    E109  a device, FIFO or socket: never read
    │   ├── LinkError          E110  a broken symbolic link, or one leading outside the input
    │   ├── InvalidTextError   E111  text with lone surrogates (not Unicode text)
    │   ├── NestingError       E112  JSON nested too deeply
    │   └── FeedError          E113  an RSS or Atom feed that cannot be read
    ├── DataError              E2xx  a lexicon, gazetteer or ontology file is invalid
    │   ├── ModelError         E201  the parser model is missing, damaged or altered
    │   └── PackError          E202  a scenario pack is invalid
    ├── PipelineError          E3xx  components wired in an impossible order
    ├── EvaluationError        E4xx  an evaluation file cannot be read
    │   └── FloorError         E401  a score fell below its pinned floor (exit code 1)
    ├── OutputError            E5xx  a report cannot be written
    │   └── RenderError        E502  one item's report cannot be rendered (it is set aside)
    ├── UsageError             E600  an argument or option that cannot be used
    ├── StoreError             E7xx  the store cannot be opened, written or queried
    │   ├── StoreLockedError   E701  another process is writing to the store
    │   ├── SchemaError        E702  a store of a newer schema, or not a casus store
    │   └── QueryError         E703  a query the store refuses (not read-only, invalid SQL)
    └── InternalError          E900  a bug: one item set aside, please report it
"""

from __future__ import annotations

__all__ = [
    "BinaryInputError",
    "CasusError",
    "DataError",
    "DateFormatError",
    "DecodeError",
    "EmptyInputError",
    "EvaluationError",
    "FeedError",
    "FloorError",
    "InputError",
    "InternalError",
    "InvalidTextError",
    "LinkError",
    "ModelError",
    "NestingError",
    "NotFoundError",
    "NotRegularError",
    "OutputError",
    "PackError",
    "PipelineError",
    "QueryError",
    "RecordError",
    "RenderError",
    "SchemaError",
    "StoreError",
    "StoreLockedError",
    "TooLargeError",
    "UnreadableError",
    "UsageError",
]


class CasusError(Exception):
    """Base class: a message, a stable code and, optionally, what it is about."""

    code = "E000"

    def __init__(self, message: str, *, where: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where

    def __str__(self) -> str:
        prefix = f"{self.where}: " if self.where else ""
        return f"{prefix}{self.message} [{self.code}]"


class InputError(CasusError):
    """The input cannot be read as an article."""

    code = "E100"


class NotFoundError(InputError):
    code = "E101"


class EmptyInputError(InputError):
    code = "E102"


class BinaryInputError(InputError):
    code = "E103"


class DecodeError(InputError):
    code = "E104"


class TooLargeError(InputError):
    code = "E105"


class RecordError(InputError):
    code = "E106"


class DateFormatError(InputError):
    code = "E107"


class UnreadableError(InputError):
    code = "E108"


class NotRegularError(InputError):
    code = "E109"


class LinkError(InputError):
    code = "E110"


class InvalidTextError(InputError):
    code = "E111"


class NestingError(InputError):
    code = "E112"


class FeedError(InputError):
    """A feed that cannot be read: malformed XML, an unsafe document (entity
    expansion), or a root element that is neither RSS nor Atom."""

    code = "E113"


class DataError(CasusError):
    """A bundled or user-supplied data file (lexicon, gazetteer, ontology) is invalid."""

    code = "E200"


class ModelError(DataError):
    """The bundled parser model is missing, cannot be loaded, or does not match its
    manifest of hashes (a damaged or altered install)."""

    code = "E201"


class PackError(DataError):
    """A scenario pack is invalid: a file that is not a pack, an unknown key, type, code
    or place, probabilities out of range, or priors that do not sum to 1."""

    code = "E202"


class PipelineError(CasusError):
    """Components cannot run in the order given (a requirement is never assigned)."""

    code = "E300"


class EvaluationError(CasusError):
    """An evaluation file cannot be read or is not in the expected format."""

    code = "E400"


class FloorError(EvaluationError):
    """A score fell below its pinned floor."""

    code = "E401"


class OutputError(CasusError):
    """A report cannot be written (an unwritable ``--out``, a full disk)."""

    code = "E500"


class RenderError(OutputError):
    """One item's report cannot be rendered; the item is set aside, the batch goes on."""

    code = "E502"


class UsageError(CasusError):
    """An argument or option that cannot be used (``jobs=0``, an unknown format)."""

    code = "E600"


class StoreError(CasusError):
    """The store cannot be opened, written or queried."""

    code = "E700"


class StoreLockedError(StoreError):
    """Another process holds the store open for writing."""

    code = "E701"


class SchemaError(StoreError):
    """A store written by a newer casus, or a file that is not a casus store."""

    code = "E702"


class QueryError(StoreError):
    """A query the store refuses: one that writes, or one that is not valid SQL."""

    code = "E703"


class InternalError(CasusError):
    """An unexpected failure (a bug) while analysing one item; the item is set aside."""

    code = "E900"

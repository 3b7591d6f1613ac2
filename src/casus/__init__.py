"""casus: auditable, structured intelligence from conflict news.

The public API is what ``__all__`` lists; everything else is private and may change.

>>> from casus import analyze
>>> analysis = analyze("Title: Example\\n\\nBaku and Moscow held talks on Monday.")
"""

from __future__ import annotations

from .api import PipelineSpec, analyze, analyze_doc, build_pipeline, default_pipeline
from .doc import Doc
from .errors import (
    BinaryInputError,
    CasusError,
    DataError,
    DateFormatError,
    DecodeError,
    EmptyInputError,
    EvaluationError,
    FloorError,
    InputError,
    NotFoundError,
    PipelineError,
    RecordError,
    TooLargeError,
)
from .ingest import Rejected, read_bytes, read_path, read_text
from .model import (
    SCHEMA,
    ActorMention,
    Analysis,
    Article,
    ArticleInfo,
    Artifact,
    Claim,
    DateMention,
    Event,
    PlaceMention,
    Segment,
)
from .pipeline import Component, Pipeline

__version__ = "0.1.0"

__all__ = [
    "SCHEMA",
    "ActorMention",
    "Analysis",
    "Article",
    "ArticleInfo",
    "Artifact",
    "BinaryInputError",
    "CasusError",
    "Claim",
    "Component",
    "DataError",
    "DateFormatError",
    "DateMention",
    "DecodeError",
    "Doc",
    "EmptyInputError",
    "EvaluationError",
    "Event",
    "FloorError",
    "InputError",
    "NotFoundError",
    "Pipeline",
    "PipelineError",
    "PipelineSpec",
    "PlaceMention",
    "RecordError",
    "Rejected",
    "Segment",
    "TooLargeError",
    "__version__",
    "analyze",
    "analyze_doc",
    "build_pipeline",
    "default_pipeline",
    "read_bytes",
    "read_path",
    "read_text",
]

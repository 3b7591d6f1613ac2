"""casus: auditable, structured intelligence from conflict news.

The public API is what ``__all__`` lists; everything else is private and may change.

>>> from casus import analyze, analyze_many
>>> analysis = analyze("Title: Example\\n\\nBaku and Moscow held talks on Monday.")
>>> for item in analyze_many(["samples/articles"], jobs=2):  # doctest: +SKIP
...     print(item.origin, type(item).__name__)
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
    FeedError,
    FloorError,
    InputError,
    InternalError,
    InvalidTextError,
    LinkError,
    NestingError,
    NotFoundError,
    NotRegularError,
    OutputError,
    PipelineError,
    RecordError,
    RenderError,
    TooLargeError,
    UnreadableError,
    UsageError,
)
from .ingest import ReadOptions, Stream, read_bytes, read_path, read_text
from .model import (
    SCHEMA,
    ActorMention,
    Analysis,
    Article,
    ArticleInfo,
    Artifact,
    BatchSummary,
    Claim,
    DateMention,
    Event,
    Origin,
    PlaceMention,
    Segment,
    SetAside,
    Skipped,
)
from .pipeline import Component, Pipeline
from .runners import Batch, analyze_many

__version__ = "0.1.0"

__all__ = [
    "SCHEMA",
    "ActorMention",
    "Analysis",
    "Article",
    "ArticleInfo",
    "Artifact",
    "Batch",
    "BatchSummary",
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
    "FeedError",
    "FloorError",
    "InputError",
    "InternalError",
    "InvalidTextError",
    "LinkError",
    "NestingError",
    "NotFoundError",
    "NotRegularError",
    "Origin",
    "OutputError",
    "Pipeline",
    "PipelineError",
    "PipelineSpec",
    "PlaceMention",
    "ReadOptions",
    "RecordError",
    "RenderError",
    "Segment",
    "SetAside",
    "Skipped",
    "Stream",
    "TooLargeError",
    "UnreadableError",
    "UsageError",
    "__version__",
    "analyze",
    "analyze_doc",
    "analyze_many",
    "build_pipeline",
    "default_pipeline",
    "read_bytes",
    "read_path",
    "read_text",
]

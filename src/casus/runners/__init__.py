"""Runners: ways to run the pipeline over many inputs.

``batch`` streams inputs through the pipeline in one process or several
(:func:`analyze_many`); later runners (a store ingester, Spark) build on it.
"""

from __future__ import annotations

from .batch import Batch, Input, Result, analyze_many, analyze_one, input_size, settle

__all__ = ["Batch", "Input", "Result", "analyze_many", "analyze_one", "input_size", "settle"]

"""Stage 1 of the pipeline: bytes on disk → text lines with positions.

Loaders never normalise what they return: the lines are kept exactly as
written so that every message can quote and point at the original.
"""

from govcheck.load.text import SourceText, Unit, decode, read_source

__all__ = ["SourceText", "Unit", "decode", "read_source"]

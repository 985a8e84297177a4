"""Tables printed without borders: moved to pipeline/sections/borderless.py; this name
stays for the callers that import it until they move."""
from __future__ import annotations

from .borderless import find_stream_tables

__all__ = ["find_stream_tables"]

"""Fetch stage: download the case-collection PDFs listed in ``raw/sources.toml`` into ``raw/``.

Standard library only (urllib, tomllib, hashlib, html.parser).

How a file is fetched (:func:`fetch_one`):

* A file already in ``dest`` is skipped when it matches the configured ``sha256``, or, when
  the sources file gives no checksum, when it starts like a PDF. Otherwise it is downloaded
  again and replaced only if the new download passes the checks.
* The download goes to ``dest/.partial/<file>.part`` (plus a small ``<file>.part.json``
  recording the URL and the server's ETag / Last-Modified). Nothing is written to ``dest``
  itself until the file is complete and checked; it is then moved into place with
  :func:`os.replace` (atomic on one filesystem).
* A partial file left by an interrupted download is resumed with an HTTP ``Range`` request
  only when the server gave a validator (a strong ETag or Last-Modified): ``If-Range``
  carries it, so a changed file is downloaded afresh, and a 206 whose validator differs
  is discarded. Without a validator the download restarts. A server that ignores
  ``Range`` and answers 200 simply restarts the download.
* Limits (``rules/fetch.toml``): a body larger than ``max_bytes`` is refused (by its
  Content-Length, or when it grows past it) and its partial deleted; a file taking longer
  than ``max_seconds`` in all (attempts and waits included; ``timeout`` bounds each read)
  fails. Nothing in ``dest`` is followed if it is a link: a link planted at
  ``.partial/<file>.part`` or ``.partial`` itself fails the file, its target untouched.
* Redirects are followed to http(s) only, never from https to http; the result names the
  final URL, and says so when the file came from another host.
* Connection errors, timeouts, truncated bodies, 408/429 and 5xx answers are retried with
  exponential backoff (``backoff * 2**n`` seconds); other 4xx answers fail at once.
* The finished file must carry the PDF signature (``%PDF-`` in its first 1024 bytes; an HTML
  error page saved under a ``.pdf`` name is rejected) and match ``sha256`` when one is given.
  A file failing these checks is deleted, partial included.
* With no network (DNS failure, connection refused) nothing is created: ``dest`` is left
  exactly as it was and the failure names the URL.

:func:`list_pdf_links` reads a landing page and lists the PDF links that belong to the case
collection, to help add a new edition to the sources file.

CLI seam: :func:`fetch_main` (``python -m pipeline fetch`` delegates to it).

The package, one job a module: ``sources`` (the sources file and limits), ``files`` (the
partial file, its metadata and checks in dest), ``transfer`` (one HTTP download with
retries' causes, redirects and resumption), ``download`` (fetch_one / fetch_all),
``links`` (the landing page), ``main`` (the CLI).
"""

from __future__ import annotations

from .download import FetchResult, fetch_all, fetch_one
from .links import PdfLink, find_pdf_links, list_pdf_links
from .main import fetch_main
from .sources import (
    PLACEHOLDER_MARKER,
    Source,
    SourcesError,
    load_landing_page,
    load_sources,
)

__all__ = [
    "PLACEHOLDER_MARKER",
    "FetchResult",
    "PdfLink",
    "Source",
    "SourcesError",
    "fetch_all",
    "fetch_main",
    "fetch_one",
    "find_pdf_links",
    "list_pdf_links",
    "load_landing_page",
    "load_sources",
]

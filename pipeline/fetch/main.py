"""The fetch CLI: ``python -m pipeline fetch`` and ``python -m pipeline.fetch``."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .download import fetch_one
from .links import find_pdf_links
from .sources import (
    PLACEHOLDER_MARKER,
    Source,
    SourcesError,
    load_landing_page,
    load_sources,
)


def _warn_unconfirmed(sources: list[Source], sources_file: Path) -> None:
    """Say, every run, which volume URLs are placeholders and which files cannot be checked:
    a file already in raw/ (the sample corpus) is otherwise taken for the published volume."""
    placeholders = [s.file for s in sources if PLACEHOLDER_MARKER in s.url]
    unchecked = [s.file for s in sources if not s.sha256]
    if placeholders:
        print(f"WARNING: {len(placeholders)} of {len(sources)} volume URLs in {sources_file} are UNCONFIRMED"
              f" placeholders ({', '.join(placeholders)}): nothing can be downloaded for them. Confirm each"
              f" from the landing page (python -m pipeline fetch --list-links) and edit {sources_file}.",
              file=sys.stderr, flush=True)
    if unchecked:
        print(f"WARNING: {len(unchecked)} of {len(sources)} volumes have no sha256 in {sources_file}: a file"
              f" already in place is NOT checked to be the published volume (the sample corpus in raw/ is not).",
              file=sys.stderr, flush=True)


def fetch_main(argv: list[str] | None = None) -> int:
    """``pipeline fetch``: 0 when every source is present afterwards, 1 when any failed,
    2 for a bad sources file (argparse errors exit 2 too)."""
    parser = argparse.ArgumentParser(
        prog="python -m pipeline fetch",
        description="Download the case-collection PDFs listed in the sources file.",
    )
    parser.add_argument("--sources", default="raw/sources.toml", type=Path,
                        help="sources file (default: raw/sources.toml)")
    parser.add_argument("--dest", default="raw", type=Path,
                        help="directory the PDFs go to (default: raw)")
    parser.add_argument("--list-links", nargs="?", const="", default=None, metavar="URL",
                        help="list the case-collection PDF links of a landing page (default:"
                             " the sources file's landing_page) instead of fetching")
    parser.add_argument("--retries", type=int, default=3, help="retries per file (default: 3)")
    parser.add_argument("--timeout", type=float, default=30,
                        help="socket timeout per read, seconds (default: 30)")
    parser.add_argument("--max-bytes", type=int, default=None,
                        help="largest file accepted, bytes (default: rules/fetch.toml, 512 MiB)")
    parser.add_argument("--max-seconds", type=float, default=None,
                        help="longest time one file may take in all, seconds (default: rules/fetch.toml, 1800)")
    parser.add_argument("--backoff", type=float, default=1.0,
                        help="first retry delay, doubled each retry (default: 1.0)")
    args = parser.parse_args(argv)

    if args.list_links is not None:
        url = args.list_links
        if not url:
            try:
                url = load_landing_page(args.sources)
            except SourcesError as exc:
                print(f"error: {exc}", file=sys.stderr)
                return 2
            if not url:
                print(f"error: no URL given and no landing_page in {args.sources}",
                      file=sys.stderr)
                return 2
        try:
            links = find_pdf_links(url, timeout=args.timeout)
        except OSError as exc:
            print(f"failed   {exc}", file=sys.stderr)
            return 1
        for link in links:
            print(f"{link.url}\t{link.text}\t[{link.context}]")
        if not links:
            print(f"no case-collection PDF links found on {url}", file=sys.stderr)
            return 1
        return 0

    try:
        sources = load_sources(args.sources)
    except SourcesError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    _warn_unconfirmed(sources, args.sources)
    failed = 0
    for source in sources:
        result = fetch_one(source, args.dest, retries=args.retries, timeout=args.timeout,
                           backoff=args.backoff, max_bytes=args.max_bytes, max_seconds=args.max_seconds)
        print(f"{result.status:<8} {source.file}: {result.reason}", flush=True)
        failed += not result.ok
    if failed:
        print(f"{failed} of {len(sources)} file(s) failed; {args.dest} left as it was for them",
              file=sys.stderr)
    return 1 if failed else 0

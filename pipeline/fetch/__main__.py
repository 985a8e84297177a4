"""python -m pipeline.fetch: the same as python -m pipeline fetch."""
from .main import fetch_main

raise SystemExit(fetch_main())

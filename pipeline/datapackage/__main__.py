"""python -m pipeline.datapackage"""
from .main import main

raise SystemExit(main())

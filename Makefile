# Every target works from a clean clone: `setup` builds .venv from pyproject.toml.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
RAW    ?= raw
OUT    ?= extracted
WORKERS ?= 0
STAMP  := $(VENV)/.installed

SEEDS  ?= 40
FUZZ_WORKERS ?= 2
FUZZ_PROFILE ?= wide
FUZZ_JSON ?= /tmp/docgen-fuzz.json

.PHONY: setup extract test lint faults bench fetch report diff fuzz fuzz-chromium fuzz-libreoffice fuzz-powerpoint libreoffice-fixtures clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

extract: setup
	$(PY) -m pipeline extract --raw '$(RAW)' --out '$(OUT)' --workers '$(WORKERS)'

test: setup
	$(PY) -m pytest -q -n auto

# Types (mypy --strict, pydantic plugin) and the import layers (import-linter); both
# configured in pyproject.toml. lint-imports runs from the repository root, where it
# finds pyproject.toml; the package is installed editable, so it analyses this tree.
lint: setup
	$(PY) -m mypy
	$(VENV)/bin/lint-imports

# The long fault campaign: the CLI killed at every change it makes to the output folder.
faults: setup
	FAULT_CAMPAIGN=1 $(PY) -m pytest -q -p no:cacheprovider tests/test_outputs.py -k kill

bench: setup
	$(PY) -m pipeline bench --raw '$(RAW)' --out '$(OUT)' $(BENCH_ARGS)

report: extract
	$(PY) -m pipeline report --raw '$(RAW)' --out '$(OUT)'

fetch: setup
	$(PY) -m pipeline fetch --sources '$(RAW)/sources.toml' --dest '$(RAW)'

OLD ?= extracted
diff: setup
	$(PY) -m pipeline diff '$(OLD)' '$(NEW)'

# Generated volumes with every layout axis drawn wide (tests/docgen); not part of `make test`.
fuzz: setup
	PYTHONPATH=tests $(PY) -m docgen.fuzz --seeds $(SEEDS) --workers $(FUZZ_WORKERS) --profile $(FUZZ_PROFILE) --json $(FUZZ_JSON) $(FUZZ_ARGS)

# The same volumes printed by headless Chromium (tests/docgen/paint_chromium.py): another
# producer's PDFs (Skia: font subsets, its own ToUnicode maps, glyph runs, paths).
FUZZ_CHROMIUM_JSON ?= /tmp/docgen-fuzz-chromium.json
fuzz-chromium: setup
	PYTHONPATH=tests $(PY) -m docgen.fuzz --producer chromium --seeds $(SEEDS) --workers $(FUZZ_WORKERS) --profile $(FUZZ_PROFILE) --json $(FUZZ_CHROMIUM_JSON) $(FUZZ_ARGS)

# The same generated volumes written by LibreOffice Impress (tests/docgen/paint_libreoffice.py;
# needs soffice: apt-get install libreoffice-impress fonts-noto-cjk). Not part of `make test`.
FUZZ_LIBREOFFICE_JSON ?= /tmp/docgen-fuzz-libreoffice.json
fuzz-libreoffice: setup
	PYTHONPATH=tests $(PY) -m docgen.fuzz --producer libreoffice --seeds $(SEEDS) --workers $(FUZZ_WORKERS) --profile $(FUZZ_PROFILE) --json $(FUZZ_LIBREOFFICE_JSON) $(FUZZ_ARGS)

# The same generated volumes written the way PowerPoint's "Save as PDF" writes a deck
# (tests/docgen/paint_powerpoint.py: flipped pixel CTM, one BT/ET per run, CIDFontType2
# Identity-H fonts, TJ kerning, tagged text, artifacts, form XObjects). Needs
# fonts-noto-cjk (fc-match). Not part of `make test`.
FUZZ_POWERPOINT_JSON ?= /tmp/docgen-fuzz-powerpoint.json
fuzz-powerpoint: setup
	PYTHONPATH=tests $(PY) -m docgen.fuzz --producer powerpoint --seeds $(SEEDS) --workers $(FUZZ_WORKERS) --profile $(FUZZ_PROFILE) --json $(FUZZ_POWERPOINT_JSON) $(FUZZ_ARGS)

# Rewrite the LibreOffice-drawn volumes `make test` reads back (tests/fixtures/libreoffice;
# CI has no LibreOffice). Needs soffice. LO_SEEDS are ci-profile seeds, one case each.
LO_SEEDS ?= 1 2 9
LO_TAGGED ?= 9
libreoffice-fixtures: setup
	rm -f tests/fixtures/libreoffice/gen-*
	PYTHONPATH=tests $(PY) -m docgen.paint_libreoffice $(LO_SEEDS) $(foreach s,$(LO_TAGGED),--tagged $(s))

clean:
	find '$(OUT)' -mindepth 1 -maxdepth 1 ! -name .gitkeep -exec rm -rf {} +
	rm -rf .cache
	-$(PY) -c 'from pipeline.cache import clear; clear()'

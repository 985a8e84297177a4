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

.PHONY: setup extract test bench fetch report fuzz clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

extract: setup
	$(PY) -m pipeline extract --raw $(RAW) --out $(OUT) --workers $(WORKERS)

test: setup
	$(PY) -m pytest -q

bench: setup
	$(PY) -m pipeline bench --raw $(RAW) --out $(OUT) $(BENCH_ARGS)

report: extract
	$(PY) -m pipeline report --raw $(RAW) --out $(OUT)

fetch: setup
	$(PY) -m pipeline fetch --sources $(RAW)/sources.toml --dest $(RAW)

# Generated volumes with every layout axis drawn wide (tests/docgen); not part of `make test`.
fuzz: setup
	PYTHONPATH=tests $(PY) -m docgen.fuzz --seeds $(SEEDS) --workers $(FUZZ_WORKERS) --profile $(FUZZ_PROFILE) --json $(FUZZ_JSON) $(FUZZ_ARGS)

clean:
	find $(OUT) -mindepth 1 -maxdepth 1 ! -name .gitkeep -exec rm -rf {} +
	rm -rf .cache

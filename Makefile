# newsweave — the two set-up commands are `make demo` and `make test`; both create .venv.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
EXTRAS ?= dev,web,nlp,postgres,embed,spark
# torch's CPU build, in the same pip command as the extras (a bare `torch` pulls a CUDA build).
TORCH ?= torch==2.13.0
DEMO_DB ?= out/demo.db

.PHONY: demo test test-fast bench lint format serve clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet $(if $(findstring embed,$(EXTRAS)),$(TORCH)) -e ".[$(EXTRAS)]"
	touch $(STAMP)

demo: $(STAMP)
	@mkdir -p out
	@rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(VENV)/bin/newsweave analyze examples/corpus --db $(DEMO_DB) --outlets examples/outlets.toml
	@echo
	@echo "Markdown/HTML report: $(VENV)/bin/newsweave analyze --db $(DEMO_DB) --outlets examples/outlets.toml --format html --out out/demo.html"
	@echo "Open the web UI:  $(VENV)/bin/newsweave serve --db $(DEMO_DB) --outlets examples/outlets.toml   then browse http://127.0.0.1:8765"

test: $(STAMP)
	$(PY) -m pytest -q

test-fast: $(STAMP)
	$(PY) -m pytest -q -m "not slow and not fuzz and not eval and not browser and not spark and not postgres"

bench: $(STAMP)
	$(PY) -m pip install --quiet $(if $(findstring embed,$(EXTRAS)),$(TORCH)) -e ".[$(EXTRAS),bench]"
	$(PY) -m benchmarks --out BENCHMARKS.md

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks
	$(VENV)/bin/mypy

format: $(STAMP)
	$(VENV)/bin/ruff format src tests benchmarks
	$(VENV)/bin/ruff check --fix src tests benchmarks

serve: $(STAMP)
	$(VENV)/bin/newsweave serve --db $(DEMO_DB) --outlets examples/outlets.toml

clean:
	rm -rf out build dist .pytest_cache .mypy_cache .ruff_cache

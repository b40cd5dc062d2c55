PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test bench clean browser

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	rm -f demo.duckdb
	$(BIN)/thucydides run samples/corpus --manifest samples/corpus/manifest.jsonl --db demo.duckdb
	@echo
	@echo "Query it:  $(BIN)/thucydides events --db demo.duckdb --format table"
	@echo "Browse it: $(BIN)/thucydides serve --db demo.duckdb   (then open http://127.0.0.1:8000/)"

test: $(STAMP) browser
	$(BIN)/python -m pytest -q

# Debian's chromium for the browser tests (tests/test_web_browser.py). Never fails the build: without apt or
# root the install is skipped and those tests skip, saying why.
browser:
	@command -v chromium >/dev/null 2>&1 || { echo "installing chromium for the browser tests..."; \
	  { apt-get update -qq && apt-get install -y -qq chromium chromium-driver; } >/dev/null 2>&1 || \
	  { sudo -n apt-get update -qq && sudo -n apt-get install -y -qq chromium chromium-driver; } >/dev/null 2>&1 || \
	  echo "could not install chromium (no apt-get or no root): the browser tests will skip"; }

bench: $(STAMP)
	$(BIN)/python bench/bench_pipeline.py

clean:
	rm -rf $(VENV) demo.duckdb .pytest_cache

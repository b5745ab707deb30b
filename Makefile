# Two commands do all the set-up on a fresh machine with Python 3.11+:
#   make demo   builds kg.ttl from seeds/ and answers the canned questions
#   make test   runs the test suite
#   make lint   lists modules and functions over the size and complexity limits
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint bench clean screenshot

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/kg ingest seeds/ -o kg.ttl
	$(BIN)/kg query --all -d kg.ttl

test: $(STAMP)
	$(BIN)/python -m pytest -q

# Size and complexity limits (.ci/lint.py): no module above 500 lines, no
# function above cyclomatic complexity 25, no kg.graph import in kg/extract/.
lint: $(STAMP)
	$(BIN)/python .ci/lint.py kg

bench: $(STAMP)
	$(BIN)/python bench/run.py

# docs/stances.png: the kg viz page on the seeds as headless Chromium shows it
# (apt-get install chromium).
screenshot: $(STAMP)
	$(BIN)/kg ingest seeds/ -o kg.ttl
	$(BIN)/kg viz -d kg.ttl -o stances.html
	chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
	  --disable-background-networking --disable-component-update --disable-sync \
	  --user-data-dir="$$(mktemp -d)" --hide-scrollbars --window-size=1400,1100 \
	  --screenshot=docs/stances.png "file://$(CURDIR)/stances.html"

clean:
	rm -rf $(VENV) kg.ttl stances.html build dist .pytest_cache

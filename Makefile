# newskg: the two commands of the README, and a few helpers.
#   make demo   build the graph of the bundled sample articles, write the HTML, print a summary
#   make test   install what the tests need and run lint, type checks and the whole test suite
# Both create the virtual environment (.venv) with the package, its extras and the spaCy model.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
STORE  ?= kg-data
HTML   ?= $(STORE)/graph.html

.PHONY: demo test lint format bench quality clean help

help:
	@echo "make demo | make test | make quality | make test-spark | make lint | make format | make bench | make bench-quick | make clean"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[model,server,test]"
	@touch $(STAMP)

demo: $(STAMP)
	@echo "== ingesting the sample articles in examples/articles into $(STORE)"
	$(BIN)/kg --store $(STORE) ingest examples/articles
	@echo "== what the store holds"
	$(BIN)/kg --store $(STORE) stats
	@echo "== validating it against the SHACL shapes"
	$(BIN)/kg --store $(STORE) validate
	@echo "== writing the interactive graph"
	$(BIN)/kg --store $(STORE) viz -o $(HTML)
	@echo
	@echo "store: $(abspath $(STORE))   (query it: $(BIN)/kg --store $(STORE) query --named entities)"
	@echo "graph: $(abspath $(HTML))   (open it in a browser; it works offline)"

lint: $(STAMP)
	$(BIN)/ruff check graph tests benchmarks
	$(BIN)/ruff format --check graph tests benchmarks
	$(BIN)/mypy graph

format: $(STAMP)
	$(BIN)/ruff format graph tests benchmarks
	$(BIN)/ruff check --fix graph tests benchmarks

.PHONY: browser
browser:  # Debian's Chromium, for tests/test_browser.py (CI machines start without it)
	command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

test: $(STAMP) lint browser
	$(BIN)/python -m pytest

.PHONY: test-spark
test-spark: $(STAMP)  # the Spark path: pyspark (435 MB) and a Java 17+ runtime
	command -v java >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless)
	$(BIN)/python -m pip install --quiet -e ".[spark]"
	$(BIN)/python -c "import pyspark"
	$(BIN)/python -m pytest tests/spark

bench: $(STAMP)  # about 35 minutes on 2 cores (the 10,000-article ingest is most of it)
	$(BIN)/python benchmarks/run.py

quality: $(STAMP)  # extraction quality on ../shared/eval (seed, wikinews, PolNeAR dev: a minute), then cross-article identity on PolNeAR train (about 4 minutes)
	$(BIN)/python benchmarks/bench_quality.py
	$(BIN)/python benchmarks/bench_identity.py

.PHONY: bench-quick
bench-quick: $(STAMP)  # smaller sizes, a few minutes
	$(BIN)/python benchmarks/bench_queries.py --quick
	$(BIN)/python benchmarks/bench_ingest.py --quick
	$(BIN)/python benchmarks/bench_project.py --quick

clean:
	rm -rf $(VENV) $(STORE) .pytest_cache .mypy_cache .ruff_cache build *.egg-info

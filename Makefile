# Everything the project needs is installed by this file: a fresh clone needs only `make demo` or `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# torch's CPU build must be in place before camel-tools, or pip pulls several GB of CUDA wheels.
TORCH_PIN := torch==2.13.0
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench eval clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q $(TORCH_PIN)
	$(BIN)/pip install -q $(TORCH_PIN) -e '.[test,cluster]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/factcheck claims examples/article.txt
	$(BIN)/factcheck check examples/article.txt --corpus examples/corpus --index .factcheck-cache/examples-index --fail-on never

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check factcheck tests bench
	$(BIN)/ruff format --check factcheck tests bench

bench: $(STAMP)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/index_bench.py
	$(BIN)/python bench/memory_bench.py
	# Issue 7: 1 vs 2 shards and local vs 2 Dask workers on the generated 1,000,000-document corpus
	# (about two hours on 2 cores); Markdown into bench/out/cluster-1m.md.
	mkdir -p bench/out
	$(BIN)/python bench/cluster_bench.py bench/out/corpus-1m --generate 1000000 --articles 1000 > bench/out/cluster-1m.md

eval: $(STAMP)
	$(BIN)/python -m factcheck.evaluation.report

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache

# Everything the project needs is installed by this file: a fresh clone needs only `make demo` or `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# torch's CPU build must be in place before camel-tools, or pip pulls several GB of CUDA wheels.
TORCH_PIN := torch==2.13.0
STAMP := $(VENV)/.installed
EXTRAS := test,cluster
# The versions `make test` passed with (`make lock` writes it): a release made after the last
# commit cannot break a fresh clone. pyproject.toml keeps ranges for those who pip install factcheck.
CONSTRAINTS := constraints.txt

.PHONY: demo test lint bench eval lock clean

# $(1): a venv's bin folder; $(2): what to install, after torch's CPU build (see TORCH_PIN).
define install
	$(1)/pip install -q --upgrade pip
	$(1)/pip install -q $(TORCH_PIN)
	$(1)/pip install -q $(TORCH_PIN) $(2)
endef

$(STAMP): pyproject.toml $(CONSTRAINTS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(call install,$(BIN),-c $(CONSTRAINTS) -e '.[$(EXTRAS)]')
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/factcheck claims examples/article.txt
	$(BIN)/factcheck check examples/article.txt --corpus examples/corpus --index .factcheck-cache/examples-index --fail-on never

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check factcheck tests bench
	$(BIN)/ruff format --check factcheck tests bench
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/index_bench.py
	$(BIN)/python bench/memory_bench.py
	# Issue 19: claims on 10 KB to 10 MB (punctuated, and one unpunctuated line), index on 1 to 100 MB.
	$(BIN)/python bench/scaling.py
	# Issue 7: 1 vs 2 shards and local vs 2 Dask workers on the generated 1,000,000-document corpus
	# (about two hours on 2 cores); Markdown into bench/out/cluster-1m.md.
	mkdir -p bench/out
	$(BIN)/python bench/cluster_bench.py bench/out/corpus-1m --generate 1000000 --articles 1000 > bench/out/cluster-1m.md

eval: $(STAMP)
	$(BIN)/python -m factcheck.evaluation.report

# Resolve the newest versions pyproject.toml allows, in a throw-away venv, and pin them. Run
# `make test` afterwards (it reinstalls from the new pins) before committing the file.
lock:
	rm -rf .venv-lock
	$(PYTHON) -m venv .venv-lock
	$(call install,.venv-lock/bin,'.[$(EXTRAS)]')
	# torch is pinned by TORCH_PIN (its CPU build carries a +cpu label); factcheck is this project.
	( echo "# Written by make lock on $$(date -u +%F); make test installs exactly these."; \
	  .venv-lock/bin/pip freeze --exclude-editable | grep -v -i -E '^(torch|factcheck)( |=|@)' ) > $(CONSTRAINTS).tmp
	mv $(CONSTRAINTS).tmp $(CONSTRAINTS)
	rm -rf .venv-lock

clean:
	rm -rf $(VENV) .venv-lock build dist *.egg-info .pytest_cache .ruff_cache

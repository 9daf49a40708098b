# Two commands on a fresh machine: `make demo` (set up + run on the bundled sample) and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup demo test eval clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q -c constraints.txt "setuptools<82" wheel
	$(BIN)/pip install -q -c constraints.txt -e ".[dev,embeddings,dask]"
	touch $@

demo: setup
	$(BIN)/svodka run examples/corpus --out out --db out/svodka.db

test: setup
	$(BIN)/python -m pytest -q

eval: setup
	$(BIN)/python -m pytest -q -m slow

clean:
	rm -rf out $(VENV)

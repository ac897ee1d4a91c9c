# Two entry points: `make demo` and `make test`. Both create .venv on first use
# (pinned dependencies from pyproject.toml) and skip the install afterwards.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test eval bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "eventwire needs Python 3.11, found " + sys.version.split()[0]'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/eventwire demo

test: $(STAMP)
	$(BIN)/python -m pytest -q

eval: $(STAMP)
	$(BIN)/eventwire eval --gold ../shared/gold/plover_gsr_dev.jsonl
	$(BIN)/eventwire eval --gold ../shared/gold/seeds_events.jsonl

clean:
	rm -rf $(VENV) out

# Two entry points: `make demo` and `make test`. Both create .venv on first use
# (pinned dependencies from pyproject.toml) and skip the install afterwards.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test eval bench clean browser

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "eventwire needs Python 3.11, found " + sys.version.split()[0]'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/eventwire demo

test: $(STAMP) browser
	$(BIN)/python -m pytest -q

# The dashboard's end-to-end tests drive Debian's Chromium. Where it is missing and we may install
# packages (root with apt, as in CI), install it once; elsewhere those tests skip and say why.
# EVENTWIRE_NO_BROWSER_INSTALL=1 turns this off.
browser:
	@command -v chromium >/dev/null 2>&1 || [ -n "$$EVENTWIRE_NO_BROWSER_INSTALL" ] || [ "$$(id -u)" != 0 ] \
		|| ! command -v apt-get >/dev/null 2>&1 \
		|| { echo "installing Debian's chromium for the browser tests"; \
		     (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1 \
		     || echo "could not install chromium: browser tests will be skipped"; }

eval: $(STAMP)
	$(BIN)/eventwire eval --gold ../shared/gold/plover_gsr_dev.jsonl
	$(BIN)/eventwire eval --gold ../shared/gold/seeds_events.jsonl

clean:
	rm -rf $(VENV) out

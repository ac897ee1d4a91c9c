# Two entry points: `make demo` and `make test`. Both create .venv on first use
# (pinned dependencies from pyproject.toml) and skip the install afterwards.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint eval bench clean browser model fuzz

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "eventwire needs Python 3.11, found " + sys.version.split()[0]'
	$(PYTHON) -m venv $(VENV)
	# torch first, exactly this version: its CPU wheel is on local disk, and letting a dependency
	# choose would pull a multi-GB CUDA build.
	$(BIN)/pip install --quiet --disable-pip-version-check torch==2.13.0
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test,lint]'
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/eventwire demo

# On every core (pytest-xdist). loadgroup: the web tests share one worker (their store is coded once,
# Chromium started once), the tests that load the event detector another (it is loaded once); xdist starts
# these groups first, the largest first, and every other test goes to whichever worker is free.
test: $(STAMP) browser
	$(BIN)/python -m pytest -q -n auto --dist loadgroup

lint: $(STAMP)
	$(BIN)/ruff check src tests

# The dashboard's end-to-end tests drive Debian's Chromium. Where it is missing and we may install
# packages (root with apt, as in CI), install it once; elsewhere those tests skip and say why.
# EVENTWIRE_NO_BROWSER_INSTALL=1 turns this off.
browser:
	@command -v chromium >/dev/null 2>&1 || [ -n "$$EVENTWIRE_NO_BROWSER_INSTALL" ] || [ "$$(id -u)" != 0 ] \
		|| ! command -v apt-get >/dev/null 2>&1 \
		|| { echo "installing Debian's chromium for the browser tests"; \
		     (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1 \
		     || echo "could not install chromium: browser tests will be skipped"; }

# The quick benchmarks, one after the other (about 4 minutes of one core; each prints its own figures, and
# bench/README.md says what each took). The long ones (detector speed, store, web, parallel, growth, the
# detector's learning curve) are run by hand, as bench/README.md says. BENCH_DOCS: synthetic stories coded.
BENCH_DOCS ?= 300
bench: $(STAMP)
	$(BIN)/python bench/eval_gate.py
	$(BIN)/python bench/speed.py --limit $(BENCH_DOCS)
	$(BIN)/python bench/parse_ratio.py --documents $$(( $(BENCH_DOCS) / 3 ))
	$(BIN)/python bench/geo.py --out out/bench-geowebnews-places.jsonl

# The standing fuzz target over the readers and cleaning (tests/test_fuzz.py), long and at random;
# `make test` runs it briefly. A crash is kept in tests/fixtures/fuzz/ and replayed by every test run.
FUZZ_EXAMPLES ?= 20000
fuzz: $(STAMP)
	EVENTWIRE_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest tests/test_fuzz.py -q -x -p no:cacheprovider -s

eval: $(STAMP)
	$(BIN)/eventwire eval --gold ../shared/gold/plover_gsr_dev.jsonl
	$(BIN)/eventwire eval --gold ../shared/gold/seeds_events.jsonl

# Retrain the event detector and its decision head from gold/realnews (train split), deterministically;
# writes src/eventwire/events/data/detector_adapter.npz and bench/detector_report.json. Then retrain the
# place ranker from the train split of GeoWebNews and LGL (../shared/gold); writes
# src/eventwire/places/data/place_ranker.json and bench/place_ranker_report.json. Last, the role model, from
# the train split coded by the detector just trained; writes src/eventwire/events/data/role_model.json and
# bench/role_model_report.json.
model: $(STAMP)
	$(BIN)/eventwire model train --synthetic gold/synthetic --report bench/detector_report.json
	$(BIN)/eventwire model places --shared-gold ../shared/gold --report bench/place_ranker_report.json
	$(BIN)/eventwire model roles --report bench/role_model_report.json

clean:
	rm -rf $(VENV) out

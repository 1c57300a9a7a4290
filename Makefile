# The two commands of the README: `make book` builds the site, `make test` runs every test.
# Each does its own setup on a fresh machine: a venv with the pinned stack, the pinned JavaScript, Chromium for tests.

PYTHON   ?= python3
VENV     := .venv
BIN      := $(VENV)/bin
EDITION  ?= self-study
# The student edition is built from a copy of the sources with every solution removed (see book/instructors.md).
ifeq ($(EDITION),student)
  BOOK_SRC := _build/student-src
  BOOK_OUT := _build/student
else
  BOOK_SRC := .
  BOOK_OUT := .
endif
JB_FLAGS := -W -n --keep-going
PORT     ?= 8000

.PHONY: book serve test unit integration nbval browser live notebooks assets chromium sandbox setup clean lock help

help:
	@echo "make book      build the site into _build/html (EDITION=student: into _build/student/_build/html)"
	@echo "make serve     serve the built site on http://127.0.0.1:$(PORT)"
	@echo "make test      every test: unit, the book, nbval, integration, browser tests, the live path in JupyterLab"
	@echo "make unit      fast tests: needs only the venv (no kernel, no build, no browser)"
	@echo "make integration  slow tests: builds, kernels, grading, nbval under other OpenBLAS kernels"
	@echo "make live      the live path: notebooks run in a local JupyterLab, offline, checked in Chromium"
	@echo "make notebooks re-execute and normalise every committed notebook"
	@echo "make bench     print the course's performance figures beside their anchors (about 10 min; asserts nothing)"

# --- setup -----------------------------------------------------------------------------------------------------
$(BIN)/.installed: requirements.txt requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check pip==25.3  # resolves the pinned set much faster
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt -c requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@# rfc3987-syntax (JupyterLab's jupyter-events asks for jsonschema[format-nongpl]) builds a parser whenever
	@# jsonschema is imported, as Altair does: 2.4 s in every kernel. Nothing here checks IRI formats; without it
	@# jsonschema simply skips that check.
	$(BIN)/python -m pip uninstall --quiet --disable-pip-version-check -y rfc3987-syntax
	touch $@

setup: $(BIN)/.installed

assets: setup
	$(BIN)/socialties assets

chromium: setup
	@if [ -x /usr/bin/chromium ]; then echo "Chromium: /usr/bin/chromium"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null && echo "Chromium installed from Debian"; \
	else $(BIN)/playwright install chromium; fi

sandbox:  ## bubblewrap: the grader's sandbox (socialties grade; tests/test_hostile.py)
	@if command -v bwrap >/dev/null; then echo "bubblewrap: $$(command -v bwrap)"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap >/dev/null && echo "bubblewrap installed from Debian"; \
	else echo "bubblewrap is missing: install it (e.g. sudo apt-get install bubblewrap) to grade and to run the grading tests"; fi

lock: setup  ## re-resolve the full locked set after changing requirements.txt
	$(BIN)/python -m pip freeze --exclude-editable > requirements.lock

# --- the book --------------------------------------------------------------------------------------------------
# Jupyter Book caches executed notebooks by their code only, and Sphinx skips an unchanged build (static files
# included): when the package or the data change, start from a clean build so pages show what the code computes.
CACHE_STAMP := $(BOOK_OUT)/_build/.package-stamp
$(CACHE_STAMP): $(shell find socialties data -type f -not -path '*/__pycache__/*')
	rm -rf $(BOOK_OUT)/_build/.jupyter_cache $(BOOK_OUT)/_build/.doctrees $(BOOK_OUT)/_build/html
	mkdir -p $(dir $@) && touch $@

book: assets $(CACHE_STAMP)
ifeq ($(EDITION),student)
	$(BIN)/socialties assign --edition-source student --out $(BOOK_SRC) $(if $(REPO_URL),--repository-url $(REPO_URL))
endif
	SOCIALTIES_EDITION=$(EDITION) $(BIN)/jupyter-book build $(BOOK_SRC) --path-output $(BOOK_OUT) $(JB_FLAGS)
	@echo "Built the $(EDITION) edition: open $(abspath $(BOOK_OUT))/_build/html/index.html, or run 'make serve'"

serve:
	@echo "Serving http://127.0.0.1:$(PORT)/ (Ctrl-C to stop)"
	$(BIN)/python -m http.server $(PORT) --bind 127.0.0.1 --directory $(BOOK_OUT)/_build/html

notebooks: setup
	$(BIN)/socialties notebooks book exercises

# --- tests -----------------------------------------------------------------------------------------------------
# Every step runs even if an earlier one fails; the exit status is non-zero if any failed.
test: assets chromium sandbox
	@failed=""; \
	$(MAKE) --no-print-directory unit        || failed="$$failed unit"; \
	$(MAKE) --no-print-directory book        || failed="$$failed book"; \
	$(MAKE) --no-print-directory nbval       || failed="$$failed nbval"; \
	$(MAKE) --no-print-directory integration || failed="$$failed integration"; \
	$(MAKE) --no-print-directory browser     || failed="$$failed browser"; \
	$(MAKE) --no-print-directory live        || failed="$$failed live"; \
	if [ -n "$$failed" ]; then echo "FAILED:$$failed"; exit 1; else echo "All test steps passed."; fi

# Tiers: `unit` needs only the venv and is fast; `integration` holds what starts kernels, builds books or grades
# (tests marked `slow`, see pyproject.toml), with the JavaScript assets the builds need.
TIER_EXCLUDE := --ignore=tests/browser --ignore=tests/live
unit: setup
	$(BIN)/pytest tests $(TIER_EXCLUDE) -m "not slow" -p no:cacheprovider -n 2

integration: assets sandbox
	$(BIN)/pytest tests $(TIER_EXCLUDE) -m "slow" -p no:cacheprovider -n 2

nbval: setup
	SOCIALTIES_STATIC=1 $(BIN)/pytest --nbval $(wildcard book exercises) --nbval-sanitize-with tests/nbval_sanitize.cfg \
	  -p no:cacheprovider -n 2 --dist loadfile  # one worker runs a whole notebook, in order

browser: setup
	$(BIN)/pytest tests/browser -m browser -p no:cacheprovider

# The live path (tests/live): the pinned JupyterLab on 127.0.0.1 runs every notebook with a chart or a widget while
# Chromium may reach nothing else; the launch-button checks read the built book (`make book` first, as `test` does).
live: setup
	$(BIN)/pytest tests/live -m live -p no:cacheprovider --durations=0

# --- benchmarks ------------------------------------------------------------------------------------------------
# Builds its own scratch copy of the book (never _build/html), then measures; the table also goes to _build/bench/.
.PHONY: bench
bench: assets chromium
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf _build

# Dive into Deep Learning (MXNet), zh + en.
#   make html       set up .venv, build both languages and the landing page
#   make test       build, then run the test suite (every tier)
#   make test-fast  the unit tier only (tests/unit), no build
#   make html-zh ONLY=before-you-start   build one part while writing it
# GPU: make html MXNET_PACKAGE=mxnet-cu117   (see README)

SHELL := /bin/bash
.DEFAULT_GOAL := html

VENV          ?= .venv
BUILDDIR      ?= _build
MXNET_PACKAGE ?= mxnet
SPHINXOPTS    ?=
ONLY          ?=
# MXNet 1.9.1 needs numpy < 1.24, which has no wheels for Python >= 3.12.
PYTHON_CANDIDATES := python3.11 python3.10 python3.9 python3.8 python3
PYTHON ?= $(firstword $(foreach p,$(PYTHON_CANDIDATES),$(shell command -v $(p) >/dev/null 2>&1 && $(p) -c 'import sys; sys.exit(not (3, 8) <= sys.version_info[:2] <= (3, 11))' 2>/dev/null && echo $(p))))

VPY    := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(MXNET_PACKAGE)
SPHINX := $(VENV)/bin/sphinx-build

.PHONY: html html-zh html-en landing livehtml test test-fast bench bench-build clean venv check-python

check-python:
	@if [ -z "$(PYTHON)" ]; then \
	  echo "error: no Python 3.8-3.11 found. MXNet 1.9.1 needs numpy<1.24," >&2; \
	  echo "       which does not install on Python 3.12 or newer." >&2; \
	  echo "       Install Python 3.11 (e.g. pyenv install 3.11) and re-run," >&2; \
	  echo "       or point at one: make html PYTHON=/path/to/python3.11" >&2; \
	  exit 1; fi
	@command -v "$(PYTHON)" >/dev/null 2>&1 || { \
	  echo "error: PYTHON=$(PYTHON) is not an executable Python." >&2; exit 1; }
	@"$(PYTHON)" -c 'import sys; v = sys.version_info[:2]; sys.exit(0 if (3, 8) <= v <= (3, 11) else "error: $(PYTHON) is Python %d.%d; MXNet 1.9.1 needs 3.8-3.11 (numpy<1.24 does not install on 3.12+). Use PYTHON=python3.11." % v)'

venv: $(STAMP)

$(STAMP): requirements.txt pyproject.toml | check-python
	@test -x $(VPY) || $(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet --upgrade pip
	$(VPY) -m pip install --quiet -r requirements.txt
	@if [ "$(MXNET_PACKAGE)" != "mxnet" ]; then \
	  $(VPY) -m pip uninstall --quiet -y mxnet && \
	  $(VPY) -m pip install --quiet "$(MXNET_PACKAGE)==1.9.1"; fi
	$(VPY) -m pip install --quiet --no-deps --no-build-isolation -e .
	@rm -f $(VENV)/.installed-*
	@touch $@

html: html-zh html-en landing

html-zh html-en: html-%: $(STAMP)
	D2L_BOOK_LANG=$* D2L_BUILDDIR=$(BUILDDIR) D2L_ONLY=$(ONLY) $(SPHINX) -b html -W --keep-going -n -q \
	  -c . -d $(BUILDDIR)/doctrees/$* docs/$* $(BUILDDIR)/html/$* $(SPHINXOPTS)

landing: $(STAMP)
	$(VPY) -m book.landing $(BUILDDIR)/html

livehtml: $(STAMP)
	D2L_BOOK_LANG=$(or $(LANG_BOOK),zh) D2L_BUILDDIR=$(BUILDDIR) D2L_ONLY=$(ONLY) \
	  $(VENV)/bin/sphinx-autobuild \
	  -c . -d $(BUILDDIR)/doctrees/$(or $(LANG_BOOK),zh) \
	  --watch d2l --watch docs/_static --watch docs/_templates --watch docs/_data \
	  docs/$(or $(LANG_BOOK),zh) $(BUILDDIR)/html/$(or $(LANG_BOOK),zh)

test: html
	$(VPY) -m pytest tests $(PYTEST_ARGS)

# Pure functions of the extension and the helpers, and the source checks:
# no book build, no browser.
test-fast: $(STAMP)
	$(VPY) -m pytest tests/unit $(PYTEST_ARGS)

clean:
	rm -rf $(BUILDDIR)

# Time clean / no-op / edited builds of both languages and -j 1 / 2 / auto
# on a copy of the repository (a few minutes; not part of `make test`;
# tests/build checks the execution counts). BENCH_ARGS=--help lists the
# options.
bench-build: $(STAMP)
	$(VPY) benchmarks/build.py $(BENCH_ARGS)

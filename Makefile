# Dive into Deep Learning (MXNet), zh + en.
#   make html       set up .venv, build both languages and the landing page
#   make test       build, then run the test suite
#   make html-zh ONLY=before-you-start   build one part while writing it
# GPU: make html MXNET_PACKAGE=mxnet-cu117   (see README)

SHELL := /bin/bash
.DEFAULT_GOAL := html

VENV          ?= .venv
BUILDDIR      ?= _build
MXNET_PACKAGE ?= mxnet
SPHINXOPTS    ?=
ONLY          ?=
# Python: the first 3.11 or 3.12 found, or PYTHON=...; with none (or 3.13+),
# `uv venv --python 3.12` if uv is on PATH, else a clear refusal. A .venv
# made by another choice is recreated. book/python.sh does all this.
PYTHON ?=
FIND_PYTHON := bash book/python.sh

VPY    := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(MXNET_PACKAGE)
SPHINX := $(VENV)/bin/sphinx-build

.PHONY: html html-zh html-en landing livehtml test bench bench-build clean distclean venv check-python FORCE
FORCE:

check-python:
	@$(FIND_PYTHON) select $(PYTHON) >/dev/null

venv: $(STAMP)

ifneq ($(shell $(FIND_PYTHON) fresh $(VENV) $(PYTHON)),yes)
$(STAMP): FORCE
endif

# The numpy_compat line adds numpy's removed aliases before any `import mxnet`.
$(STAMP): requirements.txt pyproject.toml | check-python
	@$(FIND_PYTHON) venv $(VENV) $(PYTHON)
	$(VPY) -m pip install --quiet --upgrade pip
	$(VPY) -m pip install --quiet -r requirements.txt
	@if [ "$(MXNET_PACKAGE)" != "mxnet" ]; then \
	  $(VPY) -m pip uninstall --quiet -y mxnet && \
	  $(VPY) -m pip install --quiet "$(MXNET_PACKAGE)==1.9.1"; fi
	$(VPY) -m pip install --quiet --no-deps --no-build-isolation -e .
	$(VPY) -m d2l.numpy_compat install
	$(VPY) -c 'import mxnet'
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

clean:
	rm -rf $(BUILDDIR)
	@echo "kept $(VENV) (the Python environment); 'make distclean' removes it too"

distclean: clean
	rm -rf $(VENV)

# Time clean / no-op / edited builds of both languages on a copy of the
# repository and check how many notebooks each executes (a few minutes;
# not part of `make test`). BENCH_ARGS=--help lists the options.
bench-build: $(STAMP)
	$(VPY) benchmarks/build.py $(BENCH_ARGS)

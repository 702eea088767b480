"""Shared paths and fixtures: the sources and the site `make html` built."""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
LANGS = ("zh", "en")
BUILD = Path(os.environ.get("D2L_BUILDDIR", ROOT / "_build")).resolve()
HTML = BUILD / "html"


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


@pytest.fixture(scope="session")
def site():
    """The built HTML site; `make test` builds it before running pytest."""
    for lang in LANGS:
        if not (HTML / lang / "index.html").is_file():
            pytest.fail(f"{HTML / lang} is not built: run `make html` first "
                        "(`make test` does this for you).")
    return HTML

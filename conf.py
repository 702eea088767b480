"""Sphinx configuration shared by the Chinese and English books.

`make html-zh` / `make html-en` set D2L_BOOK_LANG and point Sphinx at
docs/zh or docs/en; everything else is the same for both languages.

This file is the only place that reads the environment. Each variable
becomes a config value that the extension (book/) reads from app.config,
so `-D d2l_base_url=...` works and sphinx.testing can set them directly:

    D2L_BOOK_LANG      d2l_language      zh | en
    D2L_BUILDDIR       nb_execution_cache_path (the build folder's cache)
    D2L_ONLY           exclude_patterns  build only these top-level folders
    D2L_BASE_URL       d2l_base_url      a published build (book/web.py)
    D2L_REPO_URL       d2l_repo_url      links the footer's commit
    D2L_MATH           d2l_math          svg (build time) | browser
    D2L_SCALE          d2l_scale         cpu | full (d2l/scaling.py)
    D2L_CELL_TIMEOUT   nb_execution_timeout
"""

import os
import sys

ROOT = os.path.dirname(os.path.abspath(__file__))
# The book's Sphinx extension (book/) and the readers' helpers (d2l/) both
# live in the checkout.
sys.path.insert(0, ROOT)
# Kernels that execute the chapters import the helper package from here.
os.environ["PYTHONPATH"] = os.pathsep.join(
    filter(None, [ROOT, os.environ.get("PYTHONPATH")]))

from book import languages, latex, layout  # noqa: E402
from d2l import __version__ as _d2l_version  # noqa: E402

d2l_language = languages.checked(os.environ.get(layout.LANG_ENV, ""))
_lang = languages.LANGUAGES[d2l_language]
_layout = layout.book(ROOT, os.environ.get(layout.BUILDDIR_ENV) or None)
# The kernels' IPython profile: its startup file shows every figure in both
# languages (book/plot_language.py writes it).
os.environ["IPYTHONDIR"] = str(_layout.ipython_dir)
d2l_base_url = os.environ.get("D2L_BASE_URL", "")
d2l_repo_url = os.environ.get("D2L_REPO_URL", "")
d2l_math = os.environ.get("D2L_MATH") or "svg"
# The modern-CNN chapters train at a CPU-sized scale unless D2L_SCALE=full.
d2l_scale = (os.environ.get("D2L_SCALE") or "cpu").strip().lower()

project = _lang["title"]
# The helpers' version: the PDF's title page, the EPUB's metadata.
version = release = _d2l_version
author = _lang["author"]
copyright = f"2026, {author}"
language = _lang["sphinx"]

extensions = ["myst_nb", "book", "sphinx_copybutton",
              "sphinxcontrib.bibtex"]
# A published build (make html BASE_URL=...) gets a 404 page per language;
# book/web.py sets its links under the site's path.
if d2l_base_url:
    extensions.append("notfound.extension")
templates_path = [os.path.join(ROOT, "docs", "_templates")]
html_static_path = [os.path.join(ROOT, "docs", "_static")]
exclude_patterns = ["_build", "**.ipynb_checkpoints"]
# `make html-zh ONLY=dir1,dir2` builds just those top-level folders (and
# the home page) while writing a chapter; links to the rest may dangle.
_only = [d for d in os.environ.get(layout.ONLY_ENV, "").split(",") if d]
if _only:
    _src = os.path.join(ROOT, "docs", d2l_language)
    exclude_patterns += [f"{d}/**" for d in os.listdir(_src)
                         if os.path.isdir(os.path.join(_src, d))
                         and d not in _only and not d.startswith("_")]
    suppress_warnings = ["toc.excluded", "toc.not_readable", "ref.term",
                         "ref.doc", "ref.ref", "myst.xref_missing"]

# MyST
myst_enable_extensions = ["amsmath", "colon_fence", "dollarmath"]
myst_heading_anchors = 3

# Copy buttons on code. In a block with prompts (">>> ", "... ", "$ ") only
# the prompted lines are copied, without the prompts, so a console or
# doctest block copies its commands and not their output. Cell outputs are
# blocks of their own and get no button.
copybutton_selector = "div:not(.output) > div.highlight pre"
copybutton_prompt_text = r">>> |\.\.\. |\$ "
copybutton_prompt_is_regexp = True

# Citations: {cite:p}`key` in the text, one bibliography (docs/<lang>/
# references.md). sphinxcontrib-bibtex 2.7 resolves relative paths against
# the folder of conf.py, not docs/<lang>; an absolute path is unambiguous.
bibtex_bibfiles = [os.path.join(ROOT, "docs", "_data", "references.bib")]
bibtex_reference_style = "author_year"
bibtex_default_style = "plain"

# Execution: one cache for both languages, so code shared by zh and en
# runs once. A failing cell is reported (book/cell_errors.py) and
# fails the build after the other pages are built; cells that are meant to
# fail carry the tag raises-exception.
nb_execution_mode = "cache"
nb_execution_cache_path = str(_layout.cache)
nb_execution_timeout = int(os.environ.get("D2L_CELL_TIMEOUT", "600"))
# Kernels run in a temporary folder, as a reader's downloaded notebook
# runs outside the repository: a page that reads or writes files next to
# its source fails the build (tests/env/test_downloaded_notebooks.py
# relies on this).
nb_execution_in_temp = True
# Pages the cache lacks run before the read, this many at a time, one
# kernel per core (book/parallel_execution.py); None: one per core, 1: one
# page at a time, as myst-nb runs them.
d2l_execution_workers = int(os.environ.get("D2L_EXECUTION_WORKERS") or 0) or None
nb_execution_raise_on_error = False
nb_execution_show_tb = False
nb_merge_streams = True
nb_kernel_rgx_aliases = {".*": "python3"}

# HTML
html_theme = "sphinx_book_theme"
html_title = _lang["title"]
html_css_files = ["d2l.css"]
html_favicon = os.path.join(ROOT, "docs", "_static", "favicon.svg")
html_context = {"default_mode": "auto"}  # light or dark, as the reader's OS
html_last_updated_fmt = None
html_copy_source = True
html_theme_options = {
    "article_header_end": ["language-switch.html", "article-header-buttons.html"],
    "use_download_button": True,
    "home_page_in_toc": True,
    "show_navbar_depth": 2,
}
html_search_language = "zh" if d2l_language == "zh" else "en"

# PDF (make pdf): Sphinx's LaTeX builder and XeLaTeX, one book per
# language (book/latex.py; book/pdf.py runs latexmk). Plots are SVG in the
# notebooks: the LaTeX build takes them (book/svg_images.py converts them
# to PDF). The doctrees are the HTML build's, so no page is read, or
# executed, again.
nb_mime_priority_overrides = [("latex", "image/svg+xml", 5)]
latex_engine = "xelatex"
latex_documents = latex.documents(d2l_language)
latex_elements = latex.elements(d2l_language)
latex_use_xindy = False
latex_domain_indices = False
latex_show_urls = "no"
latex_show_pagerefs = False

# EPUB 3 (make epub): the social card as the cover (book/epub.py), math as
# SVG images drawn at build time (book/offline_math.py).
epub_basename = f"d2l-{d2l_language}"
epub_title = project
epub_author = author
epub_publisher = author
epub_copyright = copyright
epub_language = _lang["html_lang"]
epub_identifier = f"d2l-mxnet-book-{d2l_language}"
epub_scheme = "URL"
epub_uid = epub_identifier
epub_cover = ("_static/d2l-cover.png", "epub-cover.html")
epub_show_urls = "no"
# Notebooks and fonts that the site offers have no EPUB media type: left out.
suppress_warnings = [*globals().get("suppress_warnings", []),
                     "epub.unknown_project_files"]
epub_tocdepth = 2
epub_use_index = False

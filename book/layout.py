"""Where a build of the book reads and writes, and how it calls Sphinx.

One book is a checkout (``docs/<lang>``, ``conf.py``) and a build folder
(``_build`` unless ``D2L_BUILDDIR`` says otherwise)::

    _build/html/<lang>/             the site of one language (+ execution.json)
    _build/doctrees/<lang>/         Sphinx's pickled environment and doctrees
    _build/jupyter_execute/<lang>/  executed notebooks (book/notebooks.py)
    _build/.jupyter_cache/          the execution cache both languages share

conf.py, the extension, the tests and the benchmark all ask this module;
the Makefile repeats the two sphinx-build lines. conf.py alone reads the
environment variables named here and turns them into config values.
"""

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LANGS = ("zh", "en")
#: Environment variables a build reads: the language, the build folder,
#: the parts to build (``make html-zh ONLY=...``).
LANG_ENV, BUILDDIR_ENV, ONLY_ENV = "D2L_BOOK_LANG", "D2L_BUILDDIR", "D2L_ONLY"
#: `make html-<lang>`'s options: HTML, warnings are errors (reported after
#: every page is built), nitpicky references, quiet.
SPHINX_FLAGS = ("-b", "html", "-W", "--keep-going", "-n", "-q")
#: The per-build record the extension writes (book/execution_log.py).
EXECUTION_LOG = "execution.json"


@dataclass(frozen=True)
class Layout:
    """The folders of one book: its checkout and its build folder."""

    root: Path = ROOT
    build: Path = ROOT / "_build"

    def source(self, lang):
        return self.root / "docs" / lang

    def html(self, lang=None):
        html = self.build / "html"
        return html if lang is None else html / lang

    def doctrees(self, lang):
        return self.build / "doctrees" / lang

    def executed(self, lang):
        return self.build / "jupyter_execute" / lang

    @property
    def cache(self):
        return self.build / ".jupyter_cache"

    @property
    def ipython_dir(self):
        """IPYTHONDIR of the kernels that execute the pages."""
        return self.build / "ipython"

    def execution_log(self, lang):
        return self.html(lang) / EXECUTION_LOG

    def sphinx_args(self, lang, conf=None):
        """sphinx-build's arguments (after the program) for one language."""
        return [*SPHINX_FLAGS, "-c", str(conf or self.root),
                "-d", str(self.doctrees(lang)), str(self.source(lang)),
                str(self.html(lang))]

    def sphinx_env(self, lang, only=""):
        """The environment variables `make html-<lang>` sets."""
        return {LANG_ENV: lang, BUILDDIR_ENV: str(self.build), ONLY_ENV: only}


def book(root=ROOT, build=None):
    """Return the layout of a checkout; the build folder defaults to root/_build."""
    root = Path(root).resolve()
    return Layout(root, Path(build).resolve() if build else root / "_build")


def build_of(outdir):
    """Return the build folder of a Sphinx output folder (``<build>/html/<lang>``)."""
    return Path(outdir).resolve().parents[1]

"""Every private upstream internal the book relies on, in one place.

Each accessor names the upstream code it reaches into. They are written
against the versions pinned in requirements.txt (``PINNED``), and
:func:`check_versions` refuses others when the extension loads, so an
upgrade fails at once with a message instead of misbehaving somewhere in
the middle of a build. book/executor.py's patches of myst-nb and
jupyter-cache use the same check.
"""

from importlib import metadata
from pathlib import Path

#: Distributions whose internals the book uses, at the versions it was
#: written against (requirements.txt pins the same).
PINNED = {
    "Sphinx": "8.2.3",
    "myst-nb": "1.4.0",
    "jupyter-cache": "1.0.1",
    "pydata-sphinx-theme": "0.20.0",
    "sphinx-book-theme": "1.4.0",
}


def check_versions(installed=None, pinned=PINNED):
    """Raise if a distribution the book reaches into is not at its pin."""
    installed = installed or {name: metadata.version(name) for name in pinned}
    wrong = [f"{name} {installed[name]} (written for {version})"
             for name, version in pinned.items() if installed[name] != version]
    if wrong:
        raise RuntimeError(
            "book/ uses private internals of " + ", ".join(wrong) +
            ". Install the pinned versions (pip install -r requirements.txt, "
            "which make html does), or check each accessor in book/_compat.py "
            "and each patch in book/executor.py against the new code and "
            "update PINNED.")


# -- myst-nb ---------------------------------------------------------------

def mystnb_config(env):
    """myst-nb's per-build NbParserConfig (``env.mystnb_config``), or None."""
    return getattr(env, "mystnb_config", None)


def set_mystnb_output_folder(env, folder):
    """Point myst-nb's executed notebooks at ``folder``.

    myst-nb 1.4 keeps its config on the environment as ``mystnb_config``
    (myst_nb/sphinx_ext.py, ``load_config``) and reads ``output_folder``
    from it when it writes each executed notebook.
    """
    config = mystnb_config(env)
    if config is not None:
        env.mystnb_config = config.copy(output_folder=str(folder))


def filter_cell_outputs(drop):
    """Leave out the code-cell outputs for which ``drop(env, output)`` holds
    when myst-nb renders a page.

    myst-nb 1.4 renders a cell's outputs in
    ``myst_nb.sphinx_.SphinxNbRenderer._render_nb_cell_code_outputs(token,
    outputs)``; the wrapper filters ``outputs`` first. Installed once per
    process.
    """
    from myst_nb.sphinx_ import SphinxNbRenderer

    render = SphinxNbRenderer._render_nb_cell_code_outputs
    if getattr(render, "d2l_filtered", False):
        return

    def render_kept_outputs(self, token, outputs):
        kept = [o for o in outputs if not drop(self.sphinx_env, o)]
        return render(self, token, kept)

    render_kept_outputs.d2l_filtered = True
    SphinxNbRenderer._render_nb_cell_code_outputs = render_kept_outputs


# -- Sphinx ------------------------------------------------------------------

def index_entries(indexer):
    """The search indexer's docname -> index entries map (Sphinx 8.2's
    ``IndexBuilder._index_entries``, filled as pages are written)."""
    return indexer._index_entries


def javascript(filename, **attributes):
    """A script entry as Sphinx 8.2 keeps it in ``script_files``
    (``sphinx.builders.html._assets._JavaScript``)."""
    from sphinx.builders.html._assets import _JavaScript

    return _JavaScript(filename, **attributes)


def is_javascript(script):
    from sphinx.builders.html._assets import _JavaScript

    return isinstance(script, _JavaScript)


# -- the themes ----------------------------------------------------------------

def theme_static(package):
    """The static folder inside an installed theme package
    (``<package>/theme/<package>/static``, as pydata-sphinx-theme 0.20 and
    sphinx-book-theme 1.4 lay them out)."""
    import importlib

    module = importlib.import_module(package)
    return Path(module.__file__).parent / "theme" / package / "static"

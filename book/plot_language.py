"""Plots that speak the page's language, from one shared execution.

The kernels that execute the pages show every figure twice, in English
and in Chinese, each output tagged with its language (book/kernel_plots.py,
loaded by an IPython startup file that this module writes into the build
folder; conf.py points the kernels' IPYTHONDIR there). When a page is
rendered, the outputs tagged with the other language are left out, so a
zh page shows Chinese figures and an en page English ones, and the
execution cache still holds one run for both. The downloaded notebook
keeps its own language's figures too (book/notebooks.py).
"""

from . import _compat, layout
from .kernel_plots import LANG_KEY

STARTUP = """\
# Written by book/plot_language.py: figures in both languages, each output
# tagged with its language (book/kernel_plots.py).
from book import kernel_plots
kernel_plots.install(get_ipython())
"""


def startup_file(build):
    """Where the book's kernels find the startup file (under IPYTHONDIR)."""
    return (layout.book(build=build).ipython_dir / "profile_default" /
            "startup" / "00-d2l-plot-languages.py")


def other_language(output, lang):
    """True for an output tagged with a language that is not ``lang``."""
    tagged = output.get("metadata", {}).get(LANG_KEY)
    return tagged is not None and tagged != lang


def _write_startup(app):
    path = startup_file(layout.build_of(app.outdir))
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.is_file() or path.read_text(encoding="utf-8") != STARTUP:
        path.write_text(STARTUP, encoding="utf-8")


def setup(app):
    app.connect("builder-inited", _write_startup)
    _compat.filter_cell_outputs(
        lambda env, output: other_language(output, env.config.d2l_language))
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""Plotting defaults for the book: SVG output and a CJK-capable font."""

import functools
import os

import matplotlib
from matplotlib import font_manager
from matplotlib import pyplot as plt

#: Noto Sans CJK SC ships with the PyPI package ``mplfonts``.
CJK_FONT_FILE = "NotoSansCJKsc-Regular.otf"


@functools.cache
def cjk_font_name():
    """Register the bundled CJK font with matplotlib and return its name."""
    try:
        import mplfonts
    except ImportError as err:
        raise RuntimeError(
            "Chinese plot labels need the 'mplfonts' package: "
            "pip install -r requirements.txt") from err
    path = os.path.join(os.path.dirname(mplfonts.__file__), "fonts",
                        CJK_FONT_FILE)
    font_manager.fontManager.addfont(path)
    return font_manager.FontProperties(fname=path).get_name()


def use_book_style():
    """Draw SVG figures whose text may mix Latin and Chinese characters."""
    # Latin glyphs come from DejaVu Sans; Chinese ones fall back to Noto.
    matplotlib.rcParams["font.family"] = ["DejaVu Sans", cjk_font_name()]
    matplotlib.rcParams["svg.fonttype"] = "path"  # no fonts needed to view
    matplotlib.rcParams["svg.hashsalt"] = "d2l"  # identical SVG on rebuilds
    matplotlib.rcParams["figure.figsize"] = (4.5, 3.0)
    matplotlib.rcParams["figure.dpi"] = 100
    matplotlib.rcParams["axes.grid"] = True
    matplotlib.rcParams["grid.alpha"] = 0.3
    try:
        from matplotlib_inline.backend_inline import set_matplotlib_formats
    except ImportError:  # plain Python, not a Jupyter kernel
        return
    set_matplotlib_formats("svg")


def set_axes(axes, xlabel=None, ylabel=None, xlim=None, ylim=None,
             xscale="linear", yscale="linear", legend=None):
    """Label, scale and limit a matplotlib Axes in one call."""
    axes.set_xlabel(xlabel)
    axes.set_ylabel(ylabel)
    axes.set_xscale(xscale)
    axes.set_yscale(yscale)
    if xlim is not None:
        axes.set_xlim(xlim)
    if ylim is not None:
        axes.set_ylim(ylim)
    if legend:
        axes.legend(legend)


def plot(X, Y=None, xlabel=None, ylabel=None, legend=None, xlim=None,
         ylim=None, xscale="linear", yscale="linear",
         fmts=("-", "m--", "g-.", "r:", "c-", "y--"), figsize=None, axes=None):
    """Plot one or more curves.

    ``X`` and ``Y`` may be a single sequence or a list of sequences; with
    ``Y`` omitted, ``X`` is plotted against its indices.
    """
    def is_single(a):
        return hasattr(a, "ndim") and a.ndim == 1 or (
            isinstance(a, (list, tuple)) and not hasattr(a[0], "__len__"))

    if Y is None:
        X, Y = [[]] * (1 if is_single(X) else len(X)), X
    if is_single(X):
        X = [X]
    if is_single(Y):
        Y = [Y]
    if len(X) != len(Y):
        X = X * len(Y)
    if axes is None:
        _, axes = plt.subplots(figsize=figsize)
    for x, y, fmt in zip(X, Y, fmts):
        if len(x):
            axes.plot(_to_numpy(x), _to_numpy(y), fmt)
        else:
            axes.plot(_to_numpy(y), fmt)
    set_axes(axes, xlabel, ylabel, xlim, ylim, xscale, yscale, legend)
    return axes


def _to_numpy(a):
    """Accept NDArrays as well as lists and NumPy arrays."""
    return a.asnumpy() if hasattr(a, "asnumpy") else a

"""Serve MathJax from the site itself, so math renders offline.

Sphinx loads MathJax 3 from a CDN by default. The PyPI package
``sphinx-mathjax-offline`` ships MathJax 3.2.2; copy the parts the book
uses (the TeX-to-CHTML bundle, its TeX extensions, web fonts and menu)
into ``_static/mathjax`` and point Sphinx at it.
"""

import shutil
from importlib import metadata
from pathlib import Path

PACKAGE = "sphinx-mathjax-offline"
PARTS = ("tex-chtml.js", "input/tex/extensions", "output/chtml/fonts/woff-v2",
         "ui")


def mathjax_dir():
    """Return the MathJax folder inside the installed package."""
    try:
        dist = metadata.distribution(PACKAGE)
    except metadata.PackageNotFoundError as err:
        raise RuntimeError(f"{PACKAGE} is missing: pip install -r "
                           "requirements.txt (make html does this)") from err
    entry = next(f for f in dist.files if f.name == "tex-chtml.js")
    return Path(dist.locate_file(entry)).parent


def _use_local_mathjax(app, config):
    config.mathjax_path = "mathjax/tex-chtml.js"


def _copy(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    src, dst = mathjax_dir(), Path(app.outdir) / "_static" / "mathjax"
    for part in PARTS:
        if (src / part).is_dir():
            shutil.copytree(src / part, dst / part, dirs_exist_ok=True)
        else:
            (dst / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src / part, dst / part)


def setup(app):
    app.connect("config-inited", _use_local_mathjax)
    app.connect("build-finished", _copy)

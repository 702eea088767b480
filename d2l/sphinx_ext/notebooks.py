"""Keep each language's executed notebooks in a folder of its own.

myst-nb writes executed notebooks (and the images in their outputs) to
``<outdir>/../jupyter_execute``. Both languages build into sibling
folders of ``_build/html``, so they would overwrite each other there, and
the folder would be published with the site. Use
``_build/jupyter_execute/<lang>`` instead.
"""

from pathlib import Path


def executed_dir(app):
    """Return the folder holding this language's executed notebooks."""
    return Path(app.outdir).resolve().parents[1] / "jupyter_execute" / \
        app.config.d2l_language


def _redirect(app):
    if not hasattr(app.env, "mystnb_config"):
        return
    app.env.mystnb_config = app.env.mystnb_config.copy(
        output_folder=str(executed_dir(app)))


def setup(app):
    # After myst-nb's own builder-inited handler, which sets the default.
    app.connect("builder-inited", _redirect, priority=900)

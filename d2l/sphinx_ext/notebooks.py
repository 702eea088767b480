"""Keep each language's executed notebooks in a folder of its own.

myst-nb writes executed notebooks (and the images in their outputs) to
``<outdir>/../jupyter_execute``. Both languages build into sibling
folders of ``_build/html``, so they would overwrite each other there, and
the folder would be published with the site. Use
``_build/jupyter_execute/<lang>`` instead.

Each executed notebook, outputs included, is also published next to the
page's Markdown source in ``_sources/`` and offered in the page's download
menu (sphinx-book-theme shows it when ``ipynb_source`` is set).
"""

import shutil
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


def _publish(app, pagename, templatename, context, doctree):
    executed = executed_dir(app) / f"{pagename}.ipynb"
    if not executed.is_file():
        return
    published = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
    published.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(executed, published)
    context["ipynb_source"] = f"{pagename}.ipynb"


def setup(app):
    # After myst-nb's own builder-inited handler, which sets the default.
    app.connect("builder-inited", _redirect, priority=900)
    # Before sphinx-book-theme builds the download menu.
    app.connect("html-page-context", _publish, priority=400)

"""Keep each language's executed notebooks in a folder of its own.

myst-nb writes executed notebooks (and the images in their outputs) to
``<outdir>/../jupyter_execute``. Both languages build into sibling
folders of ``_build/html``, so they would overwrite each other there, and
the folder would be published with the site. Use
``_build/jupyter_execute/<lang>`` instead.

Each executed notebook, outputs included, is also published next to the
page's Markdown source in ``_sources/`` and offered in the page's download
menu (sphinx-book-theme shows it when ``ipynb_source`` is set). Cells
tagged ``remove-cell`` are the build's own (``glue`` calls and checks of
the prose): they are left out, so the download runs in a reader's plain
MXNet environment, as the page shows it.
"""

import json
from pathlib import Path

from . import layout

#: Cells with this tag are not part of the reader's notebook.
BUILD_ONLY_TAG = "remove-cell"


def executed_dir(app):
    """Return the folder holding this language's executed notebooks."""
    return layout.book(build=layout.build_of(app.outdir)).executed(
        app.config.d2l_language)


def readers_notebook(notebook):
    """Return ``notebook`` without the cells that only serve the build."""
    cells = [c for c in notebook.get("cells", [])
             if BUILD_ONLY_TAG not in c.get("metadata", {}).get("tags", [])]
    return {**notebook, "cells": cells}


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
    notebook = json.loads(executed.read_text(encoding="utf-8"))
    published.write_text(json.dumps(readers_notebook(notebook), indent=1,
                                    ensure_ascii=False), encoding="utf-8")
    context["ipynb_source"] = f"{pagename}.ipynb"


def setup(app):
    # After myst-nb's own builder-inited handler, which sets the default.
    app.connect("builder-inited", _redirect, priority=900)
    # Before sphinx-book-theme builds the download menu.
    app.connect("html-page-context", _publish, priority=400)

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
MXNet environment, as the page shows it. Each exercise's solution becomes
cells of its own, opened by a "Solution" heading cell, and every one of
them is tagged ``solution`` (book/solutions.py), so a reader can skip it.
"""

import json
import re
from pathlib import Path

from . import _compat, languages, layout, plot_language, solutions
from .executor import BUILD_KEYS

#: Cells with this tag are not part of the reader's notebook.
BUILD_ONLY_TAG = "remove-cell"


def executed_dir(app):
    """Return the folder holding this language's executed notebooks."""
    return layout.book(build=layout.build_of(app.outdir)).executed(
        app.config.d2l_language)


#: A solution marker fence (backticks or colons) in a Markdown cell.
MARKER = re.compile(r"^(`{3,}|:{3,})\{(solution-start|solution-end)\}[^\n]*\n"
                    r"\1[ \t]*$\n?", re.MULTILINE)


def _tagged(cell, tag):
    metadata = {**cell.get("metadata", {})}
    metadata["tags"] = [*metadata.get("tags", []), tag]
    return {**cell, "metadata": metadata}


def _markdown(source):
    return {"cell_type": "markdown", "metadata": {}, "source": source}


def split_solutions(cells, lang):
    """Give each solution cells of its own, opened by a heading cell, all
    tagged ``solution``; the markers themselves are dropped."""
    out, inside = [], False
    heading = f"**{languages.text(lang, 'solution')}**"
    for cell in cells:
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(source)
        if cell.get("cell_type") != "markdown" or not MARKER.search(source):
            out.append(_tagged(cell, solutions.TAG) if inside else cell)
            continue
        pos = 0
        for match in MARKER.finditer(source):
            part = source[pos:match.start()].strip("\n")
            if part:
                piece = {**cell, "source": part}
                out.append(_tagged(piece, solutions.TAG) if inside else piece)
            inside = match.group(2) == solutions.START
            if inside:
                out.append(_tagged(_markdown(heading), solutions.TAG))
            pos = match.end()
        rest = source[pos:].strip("\n")
        if rest:
            piece = {**cell, "source": rest}
            out.append(_tagged(piece, solutions.TAG) if inside else piece)
    return out


def _own_figures(cell, lang):
    """The cell without the figures drawn for the other language."""
    if "outputs" not in cell:
        return cell
    return {**cell, "outputs": [o for o in cell["outputs"]
                                if not plot_language.other_language(o, lang)]}


def readers_notebook(notebook, lang="en"):
    """Return ``notebook`` as a reader gets it: without the cells that only
    serve the build, and with each solution in cells of its own."""
    cells = [_own_figures(c, lang) for c in notebook.get("cells", [])
             if BUILD_ONLY_TAG not in c.get("metadata", {}).get("tags", [])]
    metadata = {**notebook.get("metadata", {})}
    if "kernelspec" in metadata:  # the cache key's additions are the build's
        metadata["kernelspec"] = {k: v for k, v in metadata["kernelspec"].items()
                                  if k not in BUILD_KEYS}
    cells = split_solutions(cells, lang)
    if notebook.get("nbformat_minor", 0) >= 5:  # ids came with 4.5
        cells = unique_ids(cells)
    return {**notebook, "metadata": metadata, "cells": cells}


def unique_ids(cells):
    """nbformat 4.5 wants a unique id on every cell; the pieces of a split
    Markdown cell share its id and the solution headings have none.
    Repeats and gaps get ``<id>-<n>``, the same in every build."""
    seen, out = set(), []
    for cell in cells:
        base = cell.get("id") or "cell"
        cell_id, n = base, 1
        while cell_id in seen or cell_id == "cell":
            cell_id, n = f"{base}-{n}", n + 1
        seen.add(cell_id)
        out.append({**cell, "id": cell_id})
    return out


def _redirect(app):
    _compat.set_mystnb_output_folder(app.env, executed_dir(app))


def _publish(app, pagename, templatename, context, doctree):
    if app.builder.name != "html":
        return  # the EPUB offers no notebooks
    executed = executed_dir(app) / f"{pagename}.ipynb"
    if not executed.is_file():
        return
    published = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
    published.parent.mkdir(parents=True, exist_ok=True)
    notebook = json.loads(executed.read_text(encoding="utf-8"))
    readers = readers_notebook(notebook, app.config.d2l_language)
    published.write_text(json.dumps(readers, indent=1,
                                    ensure_ascii=False), encoding="utf-8")
    context["ipynb_source"] = f"{pagename}.ipynb"


def setup(app):
    # After myst-nb's own builder-inited handler, which sets the default.
    app.connect("builder-inited", _redirect, priority=900)
    # Before sphinx-book-theme builds the download menu.
    app.connect("html-page-context", _publish, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

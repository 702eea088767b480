"""A reader's notebook never needs a name that only the build's cells define.

Cells tagged ``remove-cell`` (glue calls, checks of the prose) are left out
of the notebook a reader downloads (book/notebooks.py). A visible cell,
a solution's included, that reads a name only such a cell binds runs in
the build and fails with a NameError for the reader. This finds that
without running anything; tests/env runs the downloads for real.
"""

import ast
import re

import pytest
from helpers import read_source_notebook, source_pages

HIDDEN = "remove-cell"
MAGIC = re.compile(r"^\s*[%!].*$", re.M)


def _bound(tree):
    """Every name the code binds anywhere: assignments, loop and with
    targets, parameters, definitions, imports, handlers, comprehensions."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx,
                                                     (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef,
                               ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.alias):
            names.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
    return names


def _read(tree):
    return {node.id for node in ast.walk(tree)
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)}


def names_only_hidden_cells_give(cells):
    """(cell number, names) for each visible cell that reads a name bound
    so far only by hidden cells."""
    visible, hidden, found = set(), set(), []
    for number, (source, tags) in enumerate(cells, 1):
        tree = ast.parse(MAGIC.sub("", source))
        if HIDDEN in tags:
            hidden |= _bound(tree)
            continue
        missing = (_read(tree) - _bound(tree) - visible) & hidden
        if missing:
            found.append((number, sorted(missing)))
        visible |= _bound(tree)
    return found


def code_cells(lang, docname):
    notebook = read_source_notebook(lang, docname)
    return [(cell.source, cell.metadata.get("tags", []))
            for cell in notebook.cells if cell.cell_type == "code"]


def test_the_check_finds_a_name_from_a_hidden_cell():
    cells = [("shapes = [1, 2]", ["remove-cell"]),
             ("def f(x):\n    return x", []),
             ("print(f(shapes))", []),
             ("shapes = [3]\nprint(shapes)", [])]
    assert names_only_hidden_cells_give(cells) == [(3, ["shapes"])]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_visible_cell_reads_a_name_only_hidden_cells_bind(lang):
    problems = [f"{docname} code cell {number}: {', '.join(names)}"
                for docname in source_pages(lang)
                for number, names in names_only_hidden_cells_give(
                    code_cells(lang, docname))]
    assert not problems, ("the downloaded notebook would fail with a "
                          "NameError:\n" + "\n".join(problems))

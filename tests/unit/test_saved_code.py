"""Code a chapter teaches and saves has one home: the d2l package.

A cell tagged `save` defines functions or classes that later pages use.
The same definitions live in a d2l module; this test fails when the two
drift apart, and when another page retypes a saved definition.
"""

import ast
import inspect
import textwrap

import pytest
from code_compare import without_docstring
from helpers import read_source_notebook, source_pages

import d2l


def _definitions(source):
    tree = ast.parse(source)
    return {n.name: n for n in tree.body
            if isinstance(n, (ast.FunctionDef, ast.ClassDef))}


def _normalised(node):
    """The definition's AST without its docstring (prose may explain instead)."""
    return ast.dump(without_docstring(ast.parse(ast.unparse(node)).body[0]))


def saved_cells():
    cells = []
    for docname in source_pages("en"):
        nb = read_source_notebook("en", docname)
        for i, cell in enumerate(c for c in nb.cells if c.cell_type == "code"):
            if "save" in cell.metadata.get("tags", []):
                cells.append((docname, i + 1, cell.source))
    return cells


SAVED = saved_cells()


@pytest.mark.parametrize("docname,index,source", SAVED,
                         ids=[f"{d}#{i}" for d, i, _ in SAVED])
def test_saved_cell_matches_the_package(docname, index, source):
    definitions = _definitions(source)
    assert definitions, f"{docname} cell {index} is tagged save but defines nothing"
    for name, node in definitions.items():
        assert hasattr(d2l, name), (
            f"{docname} cell {index} saves {name}, but d2l has no {name}: "
            "add it to the matching d2l module and export it")
        packaged = _definitions(textwrap.dedent(
            inspect.getsource(getattr(d2l, name))))[name]
        assert _normalised(node) == _normalised(packaged), (
            f"{name} in {docname} cell {index} differs from "
            f"{inspect.getsourcefile(getattr(d2l, name))}")


def test_saved_definitions_are_not_retyped_elsewhere():
    homes = {}
    for docname, index, source in SAVED:
        for name in _definitions(source):
            homes.setdefault(name, f"{docname} cell {index}")
    retyped = []
    for docname in source_pages("en"):
        nb = read_source_notebook("en", docname)
        for i, cell in enumerate(c for c in nb.cells if c.cell_type == "code"):
            if "save" in cell.metadata.get("tags", []):
                continue
            try:
                names = _definitions(cell.source)
            except SyntaxError:
                continue  # IPython magics; not a definition
            retyped += [f"{docname} cell {i + 1}: {n} (saved in {homes[n]})"
                        for n in names if n in homes]
    assert not retyped, "import these from d2l instead:\n" + "\n".join(retyped)

"""Solutions in the readers' notebook: cells of their own, tagged, with a
heading; the build's fingerprint is not in the download."""

from book.notebooks import readers_notebook, split_solutions


def md(source):
    return {"cell_type": "markdown", "metadata": {}, "source": source}


def code(source, tags=()):
    return {"cell_type": "code", "metadata": {"tags": list(tags)},
            "source": source, "outputs": []}


CELLS = [
    md("## Exercises\n\n1. Why?\n\n```{solution-start}\n```\n\nBecause."),
    code("x = 1\nx"),
    code("glue('x', x)", tags=["remove-cell"]),
    md("So {glue:text}`x`.\n\n:::{solution-end}\n:::\n\n2. How?\n\n"
       ":::{solution-start}\n:::\nLike this.\n:::{solution-end}\n:::\n"),
    code("y = 2"),
]


def tags(cell):
    return cell.get("metadata", {}).get("tags", [])


def test_each_solution_gets_a_heading_and_tagged_cells():
    nb = readers_notebook({"metadata": {"kernelspec": {
        "name": "python3", "d2l_helpers": "abc"}}, "cells": CELLS}, "zh")
    cells = [(c["cell_type"], c["source"], "solution" in tags(c))
             for c in nb["cells"]]
    assert cells == [
        ("markdown", "## Exercises\n\n1. Why?", False),
        ("markdown", "**参考答案**", True),
        ("markdown", "Because.", True),
        ("code", "x = 1\nx", True),
        ("markdown", "So {glue:text}`x`.", True),
        ("markdown", "2. How?", False),
        ("markdown", "**参考答案**", True),
        ("markdown", "Like this.", True),
        ("code", "y = 2", False),
    ]
    assert nb["metadata"]["kernelspec"] == {"name": "python3"}


def test_pages_without_solutions_are_unchanged():
    cells = [md("text"), code("x")]
    assert split_solutions(cells, "en") == cells


def test_the_readers_notebook_is_valid_nbformat_45():
    """Split Markdown cells kept their cell's id and the solution headings
    had none: every download failed nbformat's validation."""
    import nbformat

    cells = [{**cell, "id": f"c{i}"} for i, cell in enumerate(CELLS)]
    for cell in cells:
        if cell["cell_type"] == "code":
            cell["execution_count"] = None
    nb = readers_notebook({"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                           "cells": cells}, "en")
    ids = [cell["id"] for cell in nb["cells"]]
    assert len(set(ids)) == len(ids)
    assert ids[:3] == ["c0", "cell-1", "c0-1"]
    nbformat.validate(nbformat.from_dict(nb))
    assert readers_notebook(nb, "en")["cells"] == nb["cells"]  # stable

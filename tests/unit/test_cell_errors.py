"""book/cell_errors.py: a failed notebook becomes one line naming the cell."""

import pytest

from book.cell_errors import describe_failure, source_line


def code(source, outputs=(), count=1, tags=()):
    return {"cell_type": "code", "source": source, "outputs": list(outputs),
            "execution_count": count, "metadata": {"tags": list(tags)}}


def markdown(text):
    return {"cell_type": "markdown", "source": text, "metadata": {}}


def error(ename, evalue):
    return {"output_type": "error", "ename": ename, "evalue": evalue,
            "traceback": []}


def notebook(*cells, source_map=None):
    meta = {} if source_map is None else {"source_map": list(source_map)}
    return {"cells": list(cells), "metadata": meta}


def test_error_output_names_cell_line_and_exception():
    nb = notebook(markdown("# Title"), code("x = 1"),
                  code("\ny = x + 1\nz = y / 0",
                       [error("ZeroDivisionError", "division by zero")]),
                  code("x", count=None), source_map=[7, 9, 13, 18])
    assert describe_failure(nb, "CellExecutionError") == (
        13, "code cell 2 (`y = x + 1`) failed: "
            "ZeroDivisionError: division by zero")


def test_cells_tagged_raises_exception_are_skipped():
    nb = notebook(code("1 / 0", [error("ZeroDivisionError", "x")],
                       tags=["raises-exception"]),
                  code("int('a')", [error("ValueError", "bad")]),
                  source_map=[3, 8])
    line, message = describe_failure(nb, "CellExecutionError")
    assert line == 8 and message.startswith("code cell 2 (`int('a')`)")


def test_ansi_colours_are_stripped_from_the_message():
    nb = notebook(code("f()", [error("NameError", "\x1b[31mname 'f'\x1b[0m")]))
    assert describe_failure(nb, "CellExecutionError")[1].endswith(
        "NameError: name 'f'")


def test_dead_kernel_blames_the_last_cell_that_started():
    nb = notebook(code("a = 1"), code("import os\nos._exit(1)"),
                  code("b = 2", count=None), source_map=[10, 14, 19])
    line, message = describe_failure(nb, "DeadKernelError")
    assert line == 14
    assert message == ("code cell 2 (`import os`) failed: the kernel died "
                       "while running it (crash or out of memory)")


@pytest.mark.parametrize("error_class, words", [
    ("CellTimeoutError", "it timed out (raise D2L_CELL_TIMEOUT"),
    ("SomethingElse", "SomethingElse"),
])
def test_failure_without_error_output_says_what_happened(error_class, words):
    nb = notebook(code("import time\ntime.sleep(60)"), source_map=[10])
    line, message = describe_failure(nb, error_class)
    assert line == 10 and words in message


def test_notebook_without_cells_or_lines():
    assert describe_failure({"cells": []}, "DeadKernelError") == (
        None, "executing the notebook failed (DeadKernelError)")
    # No source_map (a notebook written by something else): no line.
    nb = notebook(code("1/0", [error("ZeroDivisionError", "z")]))
    assert describe_failure(nb, "CellExecutionError")[0] is None


def test_source_line_is_found_by_identity_not_equality():
    same = [code("x"), code("x")]
    nb = notebook(*same, source_map=[5, 9])
    assert source_line(nb, nb["cells"][1]) == 9
    assert source_line(nb, code("x")) is None

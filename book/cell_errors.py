"""Report a failing notebook as one precise error: page, cell, exception.

myst-nb's own message is a long nbclient traceback. This names the source
file and line, the cell's number and first line, and the exception; the
build then fails (warnings are errors) after the other pages are built.
"""

import json
import re

from myst_nb.sphinx_ import NbMetadataCollector
from sphinx.util import logging

from .notebooks import executed_dir

logger = logging.getLogger(__name__)

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _first_failure(notebook):
    """Return (index among code cells, cell, error output) of the failure."""
    code_cells = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    for i, cell in enumerate(code_cells):
        if "raises-exception" in cell.get("metadata", {}).get("tags", []):
            continue
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                return i, cell, out
    # A dead kernel leaves no error output: blame the last cell that
    # started running.
    started = [i for i, c in enumerate(code_cells)
               if c.get("execution_count") is not None]
    if started:
        return started[-1], code_cells[started[-1]], None
    if code_cells:
        return 0, code_cells[0], None
    return None, None, None


def source_line(notebook, cell):
    """Return the 1-based source line where ``cell`` opens, or None.

    myst-nb's reader stores the line of each cell's opening fence in the
    notebook's ``source_map`` metadata, which the executed notebook keeps.
    """
    lines = notebook.get("metadata", {}).get("source_map")
    index = next((i for i, c in enumerate(notebook["cells"]) if c is cell),
                 None)
    if not lines or index is None or index >= len(lines):
        return None
    return lines[index]


def describe_failure(notebook, error_class):
    """Return (line, message) for a notebook whose execution failed."""
    index, cell, output = _first_failure(notebook)
    if cell is None:
        return None, f"executing the notebook failed ({error_class})"
    line = source_line(notebook, cell)
    first = next((s for s in "".join(cell["source"]).splitlines() if s.strip()),
                 "")
    if error_class == "CellTimeoutError":
        # nbclient interrupts the kernel, so the output is a KeyboardInterrupt.
        what = ("it timed out (raise D2L_CELL_TIMEOUT, in seconds, "
                "if the cell is meant to run this long)")
    elif error_class == "DeadKernelError":
        what = "the kernel died while running it (crash or out of memory)"
    elif output is not None:
        value = _ANSI.sub("", output.get("evalue", "")).strip()
        what = f"{output.get('ename', 'Error')}: {value}"
    else:
        what = error_class
    return line, f"code cell {index + 1} (`{first.strip()}`) failed: {what}"


def _check(app, doctree):
    docname = app.env.docname
    data = NbMetadataCollector.get_exec_data(app.env, docname)
    if not data or data.get("succeeded", True):
        return
    path = executed_dir(app) / f"{docname}.ipynb"
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        notebook = {"cells": []}
    line, message = describe_failure(notebook, data.get("error"))
    logger.error(message, location=(docname, line), type="d2l",
                 subtype="cell")


def setup(app):
    # executor turns a dead kernel into a failed result instead of a crash.
    app.connect("doctree-read", _check)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

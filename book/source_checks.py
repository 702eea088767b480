"""Catch broken page structure that MyST would accept or report vaguely.

* A fence that is never closed: CommonMark closes it at the end of the
  file, so MyST accepts it without a word and everything after it ends up
  in a note, or in the code of a cell. Name the line that opened it.
* Front matter that is not valid YAML, or never closed: myst-parser only
  says "Malformed YAML" at line 1. Name the line and the YAML problem.
"""

import re

import yaml
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: A fence line (code, directive or colon fence); groups: marker, rest.
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,}|:{3,})(.*)$")
#: The opening fence of a code cell; group 1 is the fence. (The build
#: itself finds a cell's line in myst-nb's source_map; tests and the
#: benchmark use this to find or edit cells in the text.)
CODE_CELL = re.compile(r"^ {0,3}(`{3,}|:{3,})\{code-cell\}")


def unclosed_fence(text):
    """Return (line, opening line) of a fence still open at the end."""
    opened = None  # (line number, fence, opening line)
    for number, line in enumerate(text.splitlines(), 1):
        match = FENCE.match(line)
        if not match:
            continue
        fence, rest = match.groups()
        if opened is None:
            opened = (number, fence, line.strip())
        elif (fence[0] == opened[1][0] and len(fence) >= len(opened[1])
              and not rest.strip()):
            opened = None
    return None if opened is None else (opened[0], opened[2])


def front_matter_problem(text):
    """Return (line, message) if the front matter is broken, else None."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return None
    try:
        end = next(i for i, line in enumerate(lines[1:], 1)
                   if line.strip() == "---")
    except StopIteration:
        return 1, "the front matter opened here is never closed with ---"
    try:
        yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = 2 + mark.line if mark is not None else 1
        problem = getattr(err, "problem", None) or str(err)
        return line, f"the front matter is not valid YAML: {problem}"
    return None


def _check(app, docname, source):
    found = unclosed_fence(source[0])
    if found:
        line, opener = found
        logger.warning(f"{opener} is never closed: the rest of the file is "
                       "inside it", location=(docname, line), type="d2l",
                       subtype="fence")
    problem = front_matter_problem(source[0])
    if problem:
        line, message = problem
        logger.warning(message, location=(docname, line), type="d2l",
                       subtype="front_matter")


def setup(app):
    app.connect("source-read", _check)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

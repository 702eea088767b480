"""Fail the build on a fence that is never closed.

CommonMark closes an unclosed fence at the end of the file, so MyST accepts
it without a word: everything after a forgotten closing fence ends up in a
note, or in the code of a cell. Name the line that opened it.
"""

import re

from sphinx.util import logging

logger = logging.getLogger(__name__)

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,}|:{3,})(.*)$")


def unclosed_fence(text):
    """Return (line, opening line) of a fence still open at the end."""
    opened = None  # (line number, fence, opening line)
    for number, line in enumerate(text.splitlines(), 1):
        match = _FENCE.match(line)
        if not match:
            continue
        fence, rest = match.groups()
        if opened is None:
            opened = (number, fence, line.strip())
        elif (fence[0] == opened[1][0] and len(fence) >= len(opened[1])
              and not rest.strip()):
            opened = None
    return None if opened is None else (opened[0], opened[2])


def _check(app, docname, source):
    found = unclosed_fence(source[0])
    if found:
        line, opener = found
        logger.warning(f"{opener} is never closed: the rest of the file is "
                       "inside it", location=(docname, line), type="d2l",
                       subtype="fence")


def setup(app):
    app.connect("source-read", _check)

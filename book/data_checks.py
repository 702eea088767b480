"""Stop early, in one line, when the book's shared data files are broken.

glossary.yml feeds the glossary pages, every {term} role and the Chinese
search dictionary; references.bib feeds every {cite}. A slip in either
used to end the build in a Sphinx crash report (or bury the position in
one), followed by a flood of unresolved references. Instead, before Sphinx
reads anything, print ``file:line: what is wrong, what to do`` and exit.
"""

import re
import sys
from pathlib import Path

from sphinx.util import logging

from . import glossary_data

logger = logging.getLogger(__name__)


def bib_problem(path):
    """Return (line, message) if the .bib file is broken, else None."""
    import pybtex.errors
    from pybtex.database import BibliographyDataError
    from pybtex.database.input import bibtex
    from pybtex.scanner import PybtexSyntaxError

    text = Path(path).read_text(encoding="utf-8")
    strict = pybtex.errors.strict
    pybtex.errors.set_strict_mode(True)
    try:
        bibtex.Parser().parse_string(text)
    except PybtexSyntaxError as err:
        return err.lineno or 1, (f"not valid BibTeX ({err.error_type}: "
                                 f"{err}); check the braces and commas of "
                                 "the entry that ends here")
    except BibliographyDataError as err:
        key = str(err).rsplit(":", 1)[-1].strip()
        starts = [i for i, line in enumerate(text.splitlines(), 1)
                  if re.match(rf"\s*@\w+\s*\{{\s*{re.escape(key)}\s*,", line)]
        line = starts[1] if len(starts) > 1 else 1
        first = f" (first at line {starts[0]})" if starts else ""
        return line, (f"{err}{first}; keys must be unique: rename or "
                      "remove one")
    finally:
        pybtex.errors.set_strict_mode(strict)
    return None


def problems(bibfiles):
    """Yield ('file:line', message) for each broken data file."""
    try:
        glossary_data.load()
    except glossary_data.GlossaryError as err:
        yield f"{err.path}:{err.line}", err.message
    for bib in bibfiles:
        found = bib_problem(bib)
        if found:
            yield f"{bib}:{found[0]}", found[1]


def _check(app, config):
    found = list(problems(getattr(config, "bibtex_bibfiles", None) or []))
    for location, message in found:
        logger.error(message, location=location, type="d2l", subtype="data")
    if found:
        # Any exception would turn into Sphinx's crash report; exit quietly
        # after the one-line messages instead.
        sys.exit(1)


def setup(app):
    app.connect("config-inited", _check, priority=100)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

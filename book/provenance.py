"""Turn each page's provenance record into a sentence in its language.

The record is the output of ``d2l.provenance()``, stored with the page's
other outputs (see ``d2l/runinfo.py``), so it describes the run that
really produced them, cached or not.
"""

import html
import json
import re

from docutils import nodes

from d2l.runinfo import CSS_CLASS

from . import languages

_RECORD = re.compile(r'data-provenance="([^"]*)"')


def parse_record(html_text):
    """Return the provenance record in an output's HTML, or None."""
    match = _RECORD.search(html_text) if CSS_CLASS in html_text else None
    return json.loads(html.unescape(match.group(1))) if match else None


def record_from_notebook(path):
    """Return the provenance record of an executed notebook ({} if none)."""
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    for cell in reversed(notebook.get("cells", [])):
        for output in cell.get("outputs", []):
            text = output.get("data", {}).get("text/html", "")
            record = parse_record("".join(text) if isinstance(text, list) else text)
            if record:
                return record
    return {}


def _localise(app, doctree, docname):
    template = languages.text(app.config.d2l_language, "provenance")
    for raw in doctree.findall(nodes.raw):
        record = parse_record(raw.astext())
        if not record:
            continue
        sentence = template.format(**{k: html.escape(str(v))
                                      for k, v in record.items()})
        new = nodes.raw("", f'<p class="{CSS_CLASS}">{sentence}</p>',
                        format="html")
        raw.replace_self(new)


def setup(app):
    app.connect("doctree-resolved", _localise)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

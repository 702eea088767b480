"""Turn each page's provenance record into a sentence in its language.

The record is the output of ``d2l.provenance()``, stored with the page's
other outputs (see ``d2l/provenance.py``), so it describes the run that
really produced them, cached or not.
"""

import html
import json
import re

from docutils import nodes

from d2l.provenance import CSS_CLASS

from . import languages

_RECORD = re.compile(r'data-provenance="([^"]*)"')


def _localise(app, doctree, docname):
    template = languages.LANGUAGES[app.config.d2l_language]["provenance"]
    for raw in doctree.findall(nodes.raw):
        text = raw.astext()
        match = _RECORD.search(text) if CSS_CLASS in text else None
        if not match:
            continue
        record = json.loads(html.unescape(match.group(1)))
        sentence = template.format(**{k: html.escape(str(v))
                                      for k, v in record.items()})
        new = nodes.raw("", f'<p class="{CSS_CLASS}">{sentence}</p>',
                        format="html")
        raw.replace_self(new)


def setup(app):
    app.connect("doctree-resolved", _localise)

"""Join Chinese lines that the Markdown source wrapped.

A line break inside a paragraph becomes a space in HTML, and browsers show
that space between two Chinese characters. Drop line breaks that sit
between two CJK characters (or CJK punctuation) in zh prose.
"""

import re

from docutils import nodes

_CJK = r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]"
_BREAK = re.compile(rf"(?<={_CJK})[ \t]*\n[ \t]*(?={_CJK})")


def join_cjk_lines(text):
    """Remove line breaks between CJK characters."""
    return _BREAK.sub("", text)


def _join(app, doctree):
    if app.config.d2l_language != "zh":
        return
    for text in list(doctree.findall(nodes.Text)):
        parent = text.parent
        if isinstance(parent, (nodes.literal_block, nodes.raw, nodes.math,
                               nodes.math_block)):
            continue
        joined = join_cjk_lines(str(text))
        if joined != str(text):
            parent.replace(text, nodes.Text(joined))


def setup(app):
    app.connect("doctree-read", _join)

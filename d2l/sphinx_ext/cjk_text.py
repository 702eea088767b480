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


_CJK_CHAR = re.compile(_CJK)
_SKIP = (nodes.literal_block, nodes.raw, nodes.math, nodes.math_block,
         nodes.literal)


def _is_cjk(text, index):
    return bool(text) and bool(_CJK_CHAR.match(text[index]))


def _join(app, doctree):
    if app.config.d2l_language != "zh":
        return
    for text in list(doctree.findall(nodes.Text)):
        parent = text.parent
        if isinstance(parent, _SKIP):
            continue
        old = str(text)
        new = join_cjk_lines(old)
        # MyST turns a soft line break into a Text node of its own; drop it
        # when the text on both sides (e.g. a link to a term) is CJK.
        if old.strip() == "" and "\n" in old:
            index = parent.index(text)
            before = parent[index - 1].astext() if index > 0 else ""
            after = (parent[index + 1].astext()
                     if index + 1 < len(parent) else "")
            if _is_cjk(before, -1) and _is_cjk(after, 0):
                new = ""
        if new != old:
            parent.replace(text, nodes.Text(new))


def setup(app):
    app.connect("doctree-read", _join)

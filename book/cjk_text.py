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
    for parent in list(doctree.findall(nodes.TextElement)):
        if isinstance(parent, _SKIP):
            continue
        # Index by position: Text nodes are strings, so list.index() and
        # Node.replace() would find the first *equal* node, not this one.
        children = parent.children
        for i, child in enumerate(children):
            if not isinstance(child, nodes.Text):
                continue
            old = str(child)
            new = join_cjk_lines(old)
            # MyST turns a soft line break into a Text node of its own; drop
            # it when the text on both sides (e.g. a term link) is CJK.
            if old.strip() == "" and "\n" in old:
                before = children[i - 1].astext() if i > 0 else ""
                after = children[i + 1].astext() if i + 1 < len(children) else ""
                if _is_cjk(before, -1) and _is_cjk(after, 0):
                    new = ""
            if new != old:
                children[i] = nodes.Text(new)
                children[i].parent = parent


def setup(app):
    app.connect("doctree-read", _join)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""Chinese full-text search that knows the book's terms.

Indexing: jieba cuts Chinese text into words; a user dictionary made from
the glossary keeps terms such as 超参数 whole. Querying: Sphinx looks a
query up as one term, so ``zh_search.js`` splits a Chinese phrase into
terms that the index actually holds. In both languages,
``solution_search.js`` labels the results found in a worked solution.
"""

import logging
import warnings
from pathlib import Path

from . import glossary_data

JS_FILE = "zh_search.js"
#: Marks results whose match lies in a worked solution (both languages).
SOLUTIONS_JS_FILE = "solution_search.js"


def write_jieba_dict(path, entries):
    """Write a jieba user dictionary (one term per line) and return it."""
    terms = sorted({e["zh"] for e in entries} |
                   {a for e in entries for a in e.get("zh_aliases", [])})
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(f"{t}\n" for t in terms)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path


def _quiet_jieba():
    """Import jieba without its deprecation warning and progress chatter."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="pkg_resources is deprecated")
        import jieba
    jieba.setLogLevel(logging.WARNING)


def _configure(app):
    if app.config.d2l_language != "zh":
        return
    _quiet_jieba()
    path = Path(app.doctreedir) / "d2l_jieba_dict.txt"
    write_jieba_dict(path, glossary_data.load())
    app.config.html_search_options = {"dict": str(path)}


def _search_page_js(app, pagename, templatename, context, doctree):
    # Only the search page runs queries (book/page_speed.py).
    if pagename != "search":
        return
    if app.config.d2l_language == "zh":
        app.add_js_file(JS_FILE)
    app.add_js_file(SOLUTIONS_JS_FILE)


def setup(app):
    app.connect("builder-inited", _configure)
    app.connect("html-page-context", _search_page_js)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

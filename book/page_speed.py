"""Nothing on a page waits for a script; pictures load when scrolled to.

Every script the page lists in ``<head>`` becomes ``defer``: deferred
scripts run in document order once the page is parsed, so the order
Sphinx and the theme rely on holds (documentation_options before doctools,
clipboard before copybutton, zh_search before searchtools). The small
inline scripts that set ``DOCUMENTATION_OPTIONS`` fields must run after
documentation_options.js, so they become inline modules, which run in the
same deferred queue (and need no fetch, so they work over ``file://``).

Images in the page body (plots, mostly) get ``loading="lazy"``: they do
not compete with the first screen, and the page-weight budget
(tests/site/test_page_weight.py) leaves them out.
"""

import re

from . import _compat

IMG = re.compile(r"<img (?![^>]*\bloading=)")


def deferred(script):
    """Return the script as one that does not block rendering."""
    if not _compat.is_javascript(script):  # a bare file name (old style)
        return _compat.javascript(script, defer="defer")
    attrs = dict(script.attributes)
    if script.filename:
        if "async" in attrs or "defer" in attrs or attrs.get("type") == "module":
            return script
        attrs["defer"] = "defer"
    elif "DOCUMENTATION_OPTIONS" in attrs.get("body", ""):
        attrs["type"] = "module"
    else:
        return script
    return _compat.javascript(script.filename, priority=script.priority,
                              **attrs)


def _defer_scripts(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if scripts:
        scripts[:] = [deferred(s) for s in scripts]
    if "body" in context:
        context["body"] = IMG.sub('<img loading="lazy" ', context["body"])


def setup(app):
    # After the theme and the other extensions have added their scripts.
    app.connect("html-page-context", _defer_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

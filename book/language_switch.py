"""Link every page to the same page in the other language."""

from pathlib import Path

from . import languages


def _add_switch(app, pagename, templatename, context, doctree):
    lang = app.config.d2l_language
    other = languages.other(lang)
    other_src = Path(app.srcdir).parent / other
    # Mirrored trees: the same docname exists in the other language.
    if not any(other_src.glob(pagename + ".*")):
        return
    up = "../" * (pagename.count("/") + 1)
    context["d2l_switch_url"] = f"{up}{other}/{pagename}.html"
    context["d2l_switch_label"] = languages.text(lang, "switch_label")
    context["d2l_switch_lang"] = languages.text(other, "html_lang")


def setup(app):
    app.connect("html-page-context", _add_switch)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

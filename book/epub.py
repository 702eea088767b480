"""The book as EPUB 3 (make epub): Sphinx's epub builder, one per language.

conf.py sets the ``epub_*`` values; this module draws the cover, the
book's social card (book/social_card.py), into the EPUB's files before
the builder lists them. Math is drawn at build time as SVG images
(book/offline_math.py), plots are the site's SVG.
"""

import re
from pathlib import Path

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from . import social_card

#: Where the cover image goes, relative to the output folder
#: (conf.py's epub_cover names it).
COVER = "_static/d2l-cover.png"


def is_epub(app):
    return app.builder.name.startswith("epub")


def _cover(app):
    if is_epub(app):
        social_card.draw(Path(app.outdir) / COVER)


def _plain_templates(app):
    """Sphinx's epub theme without the site's templates (docs/_templates
    extends the HTML theme's layout, which the epub theme lacks)."""
    if not is_epub(app):
        return
    kept = app.config.templates_path
    app.config.templates_path = []
    try:
        app.builder.templates.init(app.builder, app.builder.theme)
    finally:
        app.config.templates_path = kept


def _only_packed_css(app, pagename, templatename, context, doctree):
    """Leave out myst-nb's stylesheet: it is written at build-finished,
    after the EPUB is packed, and a missing file is an epubcheck error."""
    if is_epub(app) and "css_files" in context:
        context["css_files"][:] = [
            c for c in context["css_files"]
            if "mystnb." not in str(getattr(c, "filename", c))]


#: What EPUB 3 does not take in an SVG: a DOCTYPE with an external DTD
#: (matplotlib writes one) and a path without ``d`` (matplotlib's space
#: glyph), which gets an empty one.
_DOCTYPE = re.compile(r"<!DOCTYPE[^>\[]*(\[.*?\])?\s*>", re.S)
_EMPTY_PATH = re.compile(r"<path(?![^>]*\sd=)(?=[^>]*/>)")


def clean_svg(text):
    return _EMPTY_PATH.sub('<path d=""', _DOCTYPE.sub("", text, count=1))


def _clean_images(app):
    """Wrap the builder's image copy: the plots go in as valid EPUB SVG."""
    if not is_epub(app):
        return
    copy = app.builder.copy_image_files

    def copy_and_clean():
        copy()
        for path in (Path(app.outdir) / app.builder.imagedir).rglob("*.svg"):
            text = path.read_text(encoding="utf-8")
            cleaned = clean_svg(text)
            if cleaned != text:
                path.write_text(cleaned, encoding="utf-8")

    app.builder.copy_image_files = copy_and_clean


class OutsideLinks(SphinxPostTransform):
    """Links out of the book (the other language's site) keep their text
    only: the EPUB has no such file."""

    builders = ("epub",)
    default_priority = 900

    def run(self, **kwargs):
        for ref in list(self.document.findall(nodes.reference)):
            uri = ref.get("refuri", "")
            if uri.startswith("../") and not ref.get("internal") and \
                    _leaves_book(self.env.docname, uri):
                ref.replace_self(nodes.inline("", "", *ref.children))


_SCOPED_STYLE = re.compile(r"<style scoped>.*?</style>", re.S)


class XhtmlOutputs(SphinxPostTransform):
    """HTML outputs as valid EPUB XHTML: pandas puts a ``<style scoped>``
    block (an attribute XML cannot parse, an element EPUB's body does not
    take) before its table; the table stays, the style goes."""

    builders = ("epub",)
    default_priority = 900

    def run(self, **kwargs):
        for raw in list(self.document.findall(nodes.raw)):
            if "html" in raw.get("format", "").split() and \
                    "<style scoped>" in raw.astext():
                text = _SCOPED_STYLE.sub("", raw.astext())
                raw.replace_self(nodes.raw("", text, format=raw["format"]))


def _leaves_book(docname, uri):
    depth = docname.count("/")
    return uri.startswith("../" * (depth + 1))


def setup(app):
    app.connect("builder-inited", _clean_images)
    app.add_post_transform(OutsideLinks)
    app.add_post_transform(XhtmlOutputs)
    app.connect("html-page-context", _only_packed_css)
    app.connect("builder-inited", _cover)
    app.connect("builder-inited", _plain_templates)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

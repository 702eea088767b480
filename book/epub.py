"""The book as EPUB 3 (make epub): Sphinx's epub builder, one per language.

conf.py sets the ``epub_*`` values; this module draws the cover, the
book's social card (book/social_card.py), into the EPUB's files before
the builder lists them. Math is drawn at build time as SVG images
(book/offline_math.py), plots are the site's SVG.
"""

from pathlib import Path

from . import social_card

#: Where the cover image goes, relative to the output folder
#: (conf.py's epub_cover names it).
COVER = "_static/d2l-cover.png"


def is_epub(app):
    return app.builder.name.startswith("epub")


def _cover(app):
    if is_epub(app):
        social_card.draw(Path(app.outdir) / COVER)


def setup(app):
    app.connect("builder-inited", _cover)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

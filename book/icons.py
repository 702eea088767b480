"""The theme's icons from a font of only the glyphs the book shows.

pydata-sphinx-theme draws its icons twice over: its CSS carries Font
Awesome's web-font rules (``.fa-bars::before`` is a glyph of
fa-solid-900.woff2), and ``fontawesome.js`` (1.5 MB) replaces each ``<i>``
with an SVG. docs/_templates/layout.html drops the script; after the build
this module cuts the solid font (115 KB) down to the icons that the pages
and the theme's scripts name, a few KB, and drops the theme's CSS rules
for the ~2,000 other icons (19 KB of the stylesheet, gzipped). Dark mode,
sizes and the theme's rules keep working, as they are plain CSS on text.
"""

import re
from pathlib import Path

from fontTools import subset

from . import _compat

THEME_STATIC = _compat.theme_static("pydata_sphinx_theme")
BOOK_THEME_STATIC = _compat.theme_static("sphinx_book_theme")
FONT = Path("vendor") / "fontawesome" / "webfonts" / "fa-solid-900.woff2"
THEME_CSS = Path("styles") / "pydata-sphinx-theme.css"
#: Theme scripts that create icons at run time (the search dialog's close
#: button and the like).
SCRIPTS = (THEME_STATIC / "scripts" / "pydata-sphinx-theme.js",
           BOOK_THEME_STATIC / "scripts" / "sphinx-book-theme.js")

RULE = re.compile(r'((?:\.fa-[a-z0-9-]+,?)+)\{--fa:"((?:\\[0-9a-f]+ ?|\\.|[^"\\])+)"\}')
CLASS_ATTR = re.compile(r'class="([^"]*)"')
FA_NAME = re.compile(r"\bfa-[a-z0-9-]+")


def _unescape(value):
    """Decode a CSS string such as ``\\f0c9`` or ``\\30 `` into text."""
    return re.sub(r"\\([0-9a-f]+) ?|\\(.)",
                  lambda m: chr(int(m[1], 16)) if m[1] else m[2], value)


def icon_codepoints(css_text):
    """Map each ``fa-<name>`` icon class of the theme's CSS to its glyph."""
    glyphs = {}
    for selectors, value in RULE.findall(css_text):
        for name in selectors.split(","):
            glyphs[name[1:]] = _unescape(value)
    return glyphs


def icons_in(text, glyphs, html=True):
    """Icon classes that ``text`` (HTML, or a script when html=False) names."""
    found = set()
    chunks = CLASS_ATTR.findall(text) if html else [text]
    for chunk in chunks:
        found.update(n for n in FA_NAME.findall(chunk) if n in glyphs)
    return found


def used_icons(outdir, glyphs):
    names = set()
    for page in Path(outdir).rglob("*.html"):
        names |= icons_in(page.read_text(encoding="utf-8"), glyphs)
    for script in SCRIPTS:
        names |= icons_in(script.read_text(encoding="utf-8"), glyphs,
                          html=False)
    return names


def subset_font(source, target, text):
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = []
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    target.parent.mkdir(parents=True, exist_ok=True)
    subset.save_font(font, str(target), options)


def trim_css(css_text, names):
    """Drop the theme's rules for icons the book does not show (~2,000)."""
    def keep(rule):
        return rule[0] if names & {n[1:] for n in rule[1].split(",")} else ""
    return RULE.sub(keep, css_text)


def _subset(app, exception):
    if exception is not None or app.builder.name != "html":
        return
    css = (THEME_STATIC / THEME_CSS).read_text(encoding="utf-8")
    glyphs = icon_codepoints(css)
    names = used_icons(app.outdir, glyphs)
    text = "".join(sorted({glyphs[n] for n in names}))
    static = Path(app.outdir) / "_static"
    subset_font(THEME_STATIC / FONT, static / FONT, text)
    (static / THEME_CSS).write_text(trim_css(css, names), encoding="utf-8")


def setup(app):
    app.connect("build-finished", _subset)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

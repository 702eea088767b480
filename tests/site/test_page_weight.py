"""Pages stay light on a phone (issue 16): a budget and what blocks rendering.

Deterministic checks on the built HTML; book/page_weight.py defines what
counts as a page's transfer at first render. Lighthouse itself runs in
`make bench-pages`, outside the tests.
"""

import re
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from helpers import HTML, LANGS

from book import icons, page_weight

pytestmark = pytest.mark.slow

HEAD = re.compile(r"<head>(.*?)</head>", re.S)
SCRIPT = re.compile(r"<script\b([^>]*)>", re.I)
MATH_SCRIPT = re.compile(r"mathjax|katex|tex-(?:chtml|svg|mml)", re.I)
ICON_FONT = Path("_static") / icons.FONT


def built_pages():
    pages = []
    for lang in LANGS:
        base = HTML / lang
        pages += [p for p in sorted(base.rglob("*.html"))
                  if not p.relative_to(base).parts[0].startswith("_")]
    return pages + [HTML / "index.html"]


def pages_of(lang):
    return [p for p in built_pages() if HTML / lang in p.parents]


def name(page):
    return str(page.relative_to(HTML))


def script_srcs(html):
    return [page_weight.attributes(a).get("src", "")
            for a in SCRIPT.findall(html)]


def test_budget_counts_what_a_page_loads(site):
    """The measure itself: HTML, CSS, scripts, the icon font, non-lazy images."""
    page = site / "en" / "deep-learning-basics" / "linear-regression.html"
    files = {p.name for p in page_weight.first_render_files(page, site)}
    assert "pydata-sphinx-theme.css" in files and "bootstrap.js" in files
    assert "fa-solid-900.woff2" in files  # the header's icons
    assert "fa-brands-400.woff2" not in files  # no brand icon on the page
    total, sizes = page_weight.page_weight(page, site)
    assert total == sum(sizes.values()) > 50 * 1024


def test_every_page_within_budget(site, lang):
    over = {}
    for page in pages_of(lang):
        total, sizes = page_weight.page_weight(page, site)
        if total > page_weight.BUDGET_KIB * 1024:
            top = sorted(sizes.items(), key=lambda kv: -kv[1])[:3]
            over[name(page)] = (round(total / 1024),
                                [(p.name, round(s / 1024)) for p, s in top])
    assert not over, f"over {page_weight.BUDGET_KIB} KiB (KiB, heaviest): {over}"


def test_plots_load_lazily(site, lang):
    """Images in the text wait for the reader to scroll (and leave the budget)."""
    eager = {}
    for page in pages_of(lang):
        html = page.read_text(encoding="utf-8")
        body = html.split("<body", 1)[1]
        tags = re.findall(r"<img\b[^>]*>", body)
        bad = [t for t in tags if "_images/" in t and 'loading="lazy"' not in t]
        if bad:
            eager[name(page)] = bad[:2]
    assert not eager, eager


def test_no_render_blocking_script_in_head(site, lang):
    blocking = {}
    for page in pages_of(lang):
        head = HEAD.search(page.read_text(encoding="utf-8"))[1]
        for attrs in SCRIPT.findall(head):
            a = page_weight.attributes(attrs)
            if a.get("src") and not ({"defer", "async"} & set(a)
                                     or a.get("type") == "module"):
                blocking.setdefault(name(page), []).append(a["src"])
    assert not blocking, blocking


def test_no_fontawesome_script(site, lang):
    loading = [name(p) for p in pages_of(lang)
               if any("fontawesome" in s for s in
                      script_srcs(p.read_text(encoding="utf-8")))]
    assert not loading, loading


def test_math_is_rendered_at_build_time(site, lang):
    """No page loads a math script; math is SVG in the HTML."""
    with_script, raw_tex = [], []
    svg_pages = 0
    for page in pages_of(lang):
        html = page.read_text(encoding="utf-8")
        if any(MATH_SCRIPT.search(s) for s in script_srcs(html)):
            with_script.append(name(page))
        if re.search(r'class="math[^"]*"[^>]*>\s*(?:\\\(|\\\[|\$)', html):
            raw_tex.append(name(page))
        svg_pages += 'jax="SVG"' in html
    assert not with_script, f"pages load a math script: {with_script}"
    assert not raw_tex, f"pages carry unrendered TeX: {raw_tex}"
    assert svg_pages >= 3, "no page has rendered math"


def test_search_index_loads_on_the_search_page_only(site, lang):
    for page in pages_of(lang):
        srcs = script_srcs(page.read_text(encoding="utf-8"))
        has_index = any("searchindex.js" in s for s in srcs)
        assert has_index == (page.name == "search.html"
                             and page.parent == site / lang), name(page)


def test_icon_font_holds_every_icon_the_pages_show(site, lang):
    glyphs = icons.icon_codepoints(
        (icons.THEME_STATIC / icons.THEME_CSS).read_text(encoding="utf-8"))
    kept = icons.icon_codepoints(
        (site / lang / "_static" / icons.THEME_CSS).read_text(encoding="utf-8"))
    cmap = TTFont(site / lang / ICON_FONT).getBestCmap()
    assert (site / lang / ICON_FONT).stat().st_size < 10 * 1024, "not a subset"
    shown = set()
    for page in pages_of(lang):
        shown |= icons.icons_in(page.read_text(encoding="utf-8"), glyphs)
    assert {"fa-bars", "fa-magnifying-glass", "fa-moon"} <= shown
    missing = [n for n in shown if any(ord(c) not in cmap for c in glyphs[n])]
    assert not missing, f"icons without a glyph in the subset: {missing}"
    assert shown <= set(kept), f"icon rules trimmed away: {shown - set(kept)}"
    assert len(kept) < 100, "the theme's CSS still has every icon's rule"


def test_every_math_glyph_is_defined_on_its_page(site, lang):
    """Formulas draw glyphs the page defines once (book/offline_math.py)."""
    missing = {}
    for page in pages_of(lang):
        html = page.read_text(encoding="utf-8")
        used = set(re.findall(r'<use [^>]*href="#(MJX-[^"]+)"', html))
        defined = set(re.findall(r'<path id="(MJX-[^"]+)"', html))
        if used - defined:
            missing[name(page)] = sorted(used - defined)[:5]
    assert not missing, missing

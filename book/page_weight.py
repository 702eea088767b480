"""What a built page weighs on the wire at first render, gzip-computed.

A page's transfer size is the sum of:

- the HTML file;
- every same-site stylesheet (``<link rel="stylesheet">``), script
  (``<script src>``, deferred or not) and preloaded file it names;
- the fonts those stylesheets declare with ``@font-face``, except Font
  Awesome faces whose style the page never uses (a browser fetches a face
  only for text that needs it: the solid icons load, brands do not);
- every ``<img>`` it shows, except ``loading="lazy"`` ones: those are the
  plots and pictures in the text, which book/page_speed.py makes lazy,
  so they load as the reader scrolls to them and are left out of the
  budget (the heaviest of them are reported on their own);
- the favicon.

Text files (HTML, CSS, JS, SVG, JSON) count as ``gzip -6`` of their bytes,
what a static host serving gzip sends; fonts and raster images count as
they are. Links to other sites are not counted (the site makes none).

``python -m book.page_weight _build/html`` prints the heaviest pages.
"""

import functools
import gzip
import re
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

BUDGET_KIB = 400
TEXT = {".html", ".css", ".js", ".svg", ".json", ".txt", ".xml"}

TAG = re.compile(r"<(link|script|img)\b([^>]*)>", re.I)
ATTR = re.compile(r'([\w:-]+)(?:\s*=\s*"([^"]*)"|\s*=\s*\'([^\']*)\')?')
FONT_FACE = re.compile(r"@font-face\s*{([^}]*)}", re.I)
URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
FAMILY = re.compile(r"font-family\s*:\s*([^;]+)", re.I)
WEIGHT = re.compile(r"font-weight\s*:\s*(\d+)", re.I)
#: Font Awesome faces, by the classes that select them.
FA_STYLES = {("free", "900"): ("fa-solid", "fas", "fa"),
             ("free", "400"): ("fa-regular", "far"),
             ("brands", "400"): ("fa-brands", "fab")}


@functools.cache
def wire_size(path):
    """Bytes sent for a file: gzip -6 for text, the file itself otherwise."""
    data = Path(path).read_bytes()
    if Path(path).suffix.lower() in TEXT:
        return len(gzip.compress(data, 6, mtime=0))
    return len(data)


def attributes(text):
    return {m[1].lower(): (m[2] if m[2] is not None else m[3] or "")
            for m in ATTR.finditer(text)}


def local_file(page, url, site):
    """The file a same-site URL points to, or None for other sites."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = (page.parent / unquote(parts.path)).resolve()
    return path if path.is_file() and site in path.parents else None


def font_needed(face, html):
    family = FAMILY.search(face)
    family = family[1].lower() if family else ""
    if "font awesome" not in family:
        return True
    weight = WEIGHT.search(face)
    key = ("brands" if "brands" in family else "free",
           weight[1] if weight else "400")
    classes = FA_STYLES.get(key, ())
    return any(re.search(rf'class="[^"]*\b{c}\b', html) for c in classes)


@functools.cache
def _faces(css_path):
    css = Path(css_path).read_text(encoding="utf-8", errors="replace")
    return [(face, URL.findall(face)) for face in FONT_FACE.findall(css)]


def first_render_files(page, site):
    """Same-site files a page loads at first render (see module docstring)."""
    page, site = Path(page).resolve(), Path(site).resolve()
    html = page.read_text(encoding="utf-8")
    files = {}
    for tag, attrs in TAG.findall(html):
        a = attributes(attrs)
        tag = tag.lower()
        if tag == "script":
            url = a.get("src")
        elif tag == "img":
            url = None if a.get("loading") == "lazy" else a.get("src")
        else:
            rel = a.get("rel", "").lower().split()
            wanted = {"stylesheet", "preload", "icon", "modulepreload"}
            url = a.get("href") if wanted & set(rel) else None
        path = local_file(page, url, site) if url else None
        if path is None:
            continue
        files[path] = tag
        if path.suffix == ".css":
            for face, urls in _faces(path):
                if not font_needed(face, html):
                    continue
                for font_url in urls[:1]:  # the first source is the one used
                    font = local_file(path, font_url, site)
                    if font is not None:
                        files[font] = "font"
    return files


def page_weight(page, site):
    """Return (total bytes, {file: bytes}) for one page, HTML included."""
    page = Path(page).resolve()
    sizes = {page: wire_size(page)}
    for path in first_render_files(page, site):
        sizes[path] = wire_size(path)
    return sum(sizes.values()), sizes


def lazy_images(page, site):
    """Sizes of the lazy images a page shows as the reader scrolls."""
    page, site = Path(page).resolve(), Path(site).resolve()
    html = page.read_text(encoding="utf-8")
    sizes = {}
    for tag, attrs in TAG.findall(html):
        a = attributes(attrs)
        if tag.lower() == "img" and a.get("loading") == "lazy":
            path = local_file(page, a.get("src", ""), site)
            if path is not None:
                sizes[path] = wire_size(path)
    return sizes


def site_weights(site):
    """{page path relative to site: (total, sizes)} for every built page."""
    site = Path(site).resolve()
    return {str(p.relative_to(site)): page_weight(p, site)
            for p in sorted(site.rglob("*.html"))
            if not p.relative_to(site).parts[0].startswith("_")
            and "_sources" not in p.parts}


def main(site):
    weights = site_weights(site)
    heaviest = sorted(weights.items(), key=lambda kv: -kv[1][0])
    for page, (total, _) in heaviest[:15]:
        print(f"{total / 1024:8.1f} KiB  {page}")
    over = [p for p, (t, _) in weights.items() if t > BUDGET_KIB * 1024]
    print(f"{len(weights)} pages; over {BUDGET_KIB} KiB: {over or 'none'}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "_build/html")

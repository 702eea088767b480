"""The whole book as PDF and EPUB, offered on every page and the landing page.

Each page's download menu (sphinx-book-theme's) gets two more entries,
the book of the page's language as PDF and as EPUB. The files are made
after the site (make pdf, make epub), so the pages are written with an
empty size and their links hidden; ``python -m book.downloads <build>``
(run by `make landing`) copies the files into
``html/<lang>/_downloads/book/``, writes each one's size and shows its
link, or hides the link again when the file is not built.
"""

import re
import shutil
import sys
from pathlib import Path

from . import languages, layout

#: The book's files in one language, where make pdf / make epub write them
#: (relative to the build folder), with their menu icon.
FORMATS = {"pdf": ("pdf/d2l-{lang}.pdf", "fas fa-file-pdf"),
           "epub": ("epub/d2l-{lang}.epub", "fas fa-book")}
#: Where the site serves them (relative to html/<lang>).
SITE_DIR = "_downloads/book"
#: The size of a file in the menu, filled in by publish().
SIZE = '<span class="d2l-book-size" data-file="{name}">{size}</span>'
_SIZE_RE = re.compile(r'(<span class="d2l-book-size" data-file="([\w.-]+)">)'
                      r'[^<]*(</span>)')
_LINK_RE = re.compile(r'<a (?:hidden )?(href="[^"]*' + re.escape(SITE_DIR) +
                      r'/([\w.-]+)")')


def files(build, lang):
    """{format: path of the built file} for one language."""
    return {fmt: Path(build) / rel.format(lang=lang)
            for fmt, (rel, _) in FORMATS.items()}


def size_text(path):
    size = path.stat().st_size
    return (f"{size / 2**20:.1f} MiB" if size >= 2**20
            else f"{size / 2**10:.0f} KiB")


def _menu(app, pagename, templatename, context, doctree):
    if app.builder.name != "html":
        return
    group = next((b for b in context.get("header_buttons", [])
                  if b.get("label") == "download-buttons"), None)
    if group is None:
        return
    lang = app.config.d2l_language
    for fmt, (rel, icon) in FORMATS.items():
        name = Path(rel.format(lang=lang)).name
        group["buttons"].append({
            "type": "link",
            "url": context["pathto"](f"{SITE_DIR}/{name}", 1),
            # "Whole book": the theme's own ".pdf" entry prints this page.
            "text": languages.text(lang, "whole_book").format(
                fmt=fmt.upper()) + " " + SIZE.format(name=name, size=""),
            "tooltip": app.config.project + f" ({fmt.upper()})",
            "icon": icon,
            "label": f"download-book-{fmt}-button",
        })


def publish(build):
    """Copy the built files into the site and fill the pages' sizes.
    Return {lang: {format: (site path, size text)}} of the files there."""
    build = Path(build)
    found = {}
    for lang in layout.LANGS:
        site = build / "html" / lang
        if not site.is_dir():
            continue
        sizes = {}
        for fmt, path in files(build, lang).items():
            target = site / SITE_DIR / path.name
            if path.is_file():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
                sizes[path.name] = size_text(target)
                found.setdefault(lang, {})[fmt] = (
                    f"{lang}/{SITE_DIR}/{path.name}", sizes[path.name])
            elif target.is_file():
                target.unlink()
        for page in site.rglob("*.html"):
            html = page.read_text(encoding="utf-8")
            if "d2l-book-size" not in html:
                continue
            new = fill(html, sizes)
            if new != html:
                page.write_text(new, encoding="utf-8")
    return found


def fill(html, sizes):
    """A page with the sizes of the built files ({file name: text}) in its
    menu, and the links of the others hidden."""
    html = _SIZE_RE.sub(lambda m: m.group(1) + (
        f"({sizes[m.group(2)]})" if m.group(2) in sizes else "") +
        m.group(3), html)
    return _LINK_RE.sub(lambda m: "<a " + (
        "" if m.group(2) in sizes else "hidden ") + m.group(1), html)


def setup(app):
    # After sphinx-book-theme's add_header_buttons (priority 501).
    app.connect("html-page-context", _menu, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


if __name__ == "__main__":
    for formats in publish(sys.argv[1] if len(sys.argv) > 1
                           else "_build").values():
        for path, size in formats.values():
            print(f"{path} ({size})")

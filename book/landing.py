"""Write the site's root: the landing page that sends readers to their
language and, for a published build (BASE_URL), robots.txt, a sitemap index
over both languages' sitemaps, and the 404 page that static hosts such as
GitHub Pages serve for any missing path.

Usage: python -m book.landing _build/html
"""

import html
import sys
from pathlib import Path
from urllib.parse import urlparse

from . import downloads, languages, web

PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{zh_title} · {en_title}</title>
<meta name="description" content="{description}">
{head_links}<script>
  // Open the reader's own language; the links below work without script.
  (function () {{
    var langs = navigator.languages || [navigator.language || ""];
    var zh = langs.some(function (l) {{ return /^zh/i.test(l); }});
    var en = langs.some(function (l) {{ return /^en/i.test(l); }});
    if (zh || en) {{
      var first = langs.filter(function (l) {{ return /^(zh|en)/i.test(l); }})[0];
      location.replace((/^zh/i.test(first) ? "zh" : "en") + "/index.html");
    }}
  }})();
</script>
<style>
  body {{ font-family: system-ui, sans-serif; max-width: 36rem;
         margin: 4rem auto; padding: 0 1rem; line-height: 1.6; }}
  a {{ display: block; font-size: 1.4rem; margin: 1rem 0; }}
  p.books a {{ display: inline; font-size: 1rem; margin: 0 1rem 0 0; }}
</style>
</head>
<body>
<h1>{zh_title} · {en_title}</h1>
<a href="{root}zh/index.html" hreflang="zh-CN" lang="zh-CN">{zh_title}（中文版）</a>
{zh_books}<a href="{root}en/index.html" hreflang="en" lang="en">{en_title} (English)</a>
{en_books}</body>
</html>
"""

NOT_FOUND = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>404 · {zh_title} · {en_title}</title>
<style>
  body {{ font-family: system-ui, sans-serif; max-width: 36rem;
         margin: 4rem auto; padding: 0 1rem; line-height: 1.6; }}
</style>
</head>
<body>
<h1>找不到这个页面 · Page not found</h1>
<p>它可能已被移动或改名。<span lang="en">It may have moved or been renamed.</span></p>
<p><a href="{root}">回到本书首页 · Back to the book's home page</a></p>
<p><a href="{root}zh/index.html" lang="zh-CN">{zh_title}（中文版）</a> ·
<a href="{root}en/index.html" lang="en">{en_title} (English)</a></p>
</body>
</html>
"""

DESCRIPTION = ("动手学深度学习（MXNet 版），中文与英文。"
               "Dive into Deep Learning, MXNet edition, in Chinese and English.")


def sitemap_index(base):
    """Return a sitemap index pointing at each language's sitemap."""
    entries = "".join(f"  <sitemap><loc>{base}{lang}/sitemap.xml</loc></sitemap>\n"
                      for lang in languages.LANGUAGES)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{entries}</sitemapindex>\n")


def book_links(books, lang):
    """The whole book's files in one language, each with its size."""
    formats = books.get(lang, {})
    if not formats:
        return ""
    links = " ".join(
        f'<a href="{html.escape(path)}" lang="{languages.text(lang, "html_lang")}"'
        f'>{fmt.upper()} ({size})</a>'
        for fmt, (path, size) in formats.items())
    return f'<p class="books">{links}</p>\n'


def write(html_dir, base=""):
    """Write the root files into ``html_dir``; return the landing page.
    The PDF and EPUB built next to the site (make pdf, make epub) go into
    it first (book/downloads.py), and the page links them."""
    root_dir = Path(html_dir)
    root_dir.mkdir(parents=True, exist_ok=True)
    books = downloads.publish(root_dir.parent)
    titles = {f"{lang}_title": info["title"]
              for lang, info in languages.LANGUAGES.items()}
    head_links = ""
    if base:
        links = [f'<link rel="canonical" href="{html.escape(base)}">']
        links += [f'<link rel="alternate" hreflang="{info["hreflang"]}" '
                  f'href="{html.escape(base)}{lang}/index.html">'
                  for lang, info in languages.LANGUAGES.items()]
        links.append(f'<link rel="alternate" hreflang="x-default" '
                     f'href="{html.escape(base)}">')
        head_links = "\n".join(links) + "\n"
    path = root_dir / "index.html"
    path.write_text(PAGE.format(root="", head_links=head_links,
                                zh_books=book_links(books, "zh"),
                                en_books=book_links(books, "en"),
                                description=html.escape(DESCRIPTION),
                                **titles), encoding="utf-8")
    if base:
        (root_dir / "robots.txt").write_text(
            f"User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n",
            encoding="utf-8")
        (root_dir / "sitemap.xml").write_text(sitemap_index(base),
                                              encoding="utf-8")
        # Served for a missing path at any depth, so its links start at the
        # site's path (and work on any host that serves it there).
        (root_dir / "404.html").write_text(
            NOT_FOUND.format(root=html.escape(urlparse(base).path), **titles),
            encoding="utf-8")
    return path


if __name__ == "__main__":
    print(write(sys.argv[1] if len(sys.argv) > 1 else "_build/html",
                web.base_url(sys.argv[2] if len(sys.argv) > 2 else "")))

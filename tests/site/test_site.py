"""The built site: every page, its outputs, plots, language links."""

import functools
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers import BOOK, LANGS, is_executed, source_pages

pytestmark = pytest.mark.slow

PAGES = source_pages("zh")
EXECUTED = [p for p in PAGES if is_executed("zh", p)]


def soup_of(path):
    """The page parsed once per test process: the tests below read every
    page up to seven times, and parsing all pages once takes 17 s of CPU."""
    return _parsed(path.resolve())


@functools.cache
def _parsed(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def executed_notebook(lang, docname):
    path = BOOK.executed(lang) / f"{docname}.ipynb"
    return json.loads(path.read_text(encoding="utf-8"))


def test_every_page_is_built(site, lang):
    missing = [p for p in PAGES if not (site / lang / f"{p}.html").is_file()]
    assert not missing
    assert (site / "index.html").is_file(), "landing page missing"


@pytest.mark.parametrize("docname", EXECUTED)
def test_cells_ran_without_unexpected_errors(site, lang, docname):
    cells = [c for c in executed_notebook(lang, docname)["cells"]
             if c["cell_type"] == "code"]
    assert any(c["outputs"] for c in cells)
    for i, cell in enumerate(cells, 1):
        where = f"{lang}/{docname} cell {i}"
        assert cell["execution_count"] is not None, f"{where} never ran"
        errors = [o for o in cell["outputs"] if o["output_type"] == "error"]
        if "raises-exception" in cell["metadata"].get("tags", []):
            assert errors, f"{where} is tagged raises-exception but did not raise"
        else:
            assert not errors, f"{where} raised {errors[0]['ename']}"


@pytest.mark.parametrize("docname", EXECUTED)
def test_provenance_names_mxnet_and_device(site, lang, docname):
    lines = [p.get_text() for p in soup_of(site / lang / f"{docname}.html")
             .select("p.d2l-provenance")]
    assert len(lines) == 1, f"{lang}/{docname}: expected one provenance line"
    # It must agree with the record stored in the executed notebook.
    record = executed_notebook(lang, docname)["cells"][-1]["outputs"][0]
    plain = "".join(record["data"]["text/plain"])
    version, device = plain.split(" | ")[0].split()[1], plain.split(" | ")[1]
    assert version in lines[0] and device in lines[0]


#: A line of MXNet's C++ logger, e.g. "[05:36:14] ../src/imperative/...".
MXNET_LOG = re.compile(r"\[\d\d:\d\d:\d\d\] (?:\.\./)?src/\S+:\d+")


def test_pages_show_no_mxnet_log_lines(site, lang):
    """MXNet's C++ log lines carry the build's clock time and a source path;
    a cell whose error the page already prints hides them (remove-stderr)."""
    found = [f"{p}: {m.group()}" for p in PAGES
             for m in MXNET_LOG.finditer(
                 (site / lang / f"{p}.html").read_text(encoding="utf-8"))]
    assert not found, "\n".join(found)
    assert MXNET_LOG.search("<pre>[05:36:14] ../src/imperative/./imperative_"
                            "utils.h:93: GPU support is disabled.</pre>")


def images(path):
    return [img["src"] for img in soup_of(path).select("img[src]")]


def test_images_exist_and_plots_are_svg(site, lang):
    plots = 0
    for page in PAGES:
        path = site / lang / f"{page}.html"
        for src in images(path):
            if src.startswith(("http:", "https:", "data:")):
                continue
            target = (path.parent / src).resolve()
            assert target.is_file(), f"{lang}/{page}: missing image {src}"
            # Plots are the cell outputs myst-nb copies to _images/.
            if "_images/" in src and target.suffix == ".svg":
                plots += 1
                assert target.stat().st_size > 1000, f"{lang}/{page}: {src}"
    assert plots >= 1, "no plot was rendered"
    pngs = list((site / lang / "_images").glob("*.png"))
    assert not pngs, f"plots should be SVG, found {pngs[:3]}"


def test_language_links_resolve_both_ways(site, lang):
    def switch(path):
        return [a["href"] for a in soup_of(path).select(
            "a.d2l-language-switch[href]")]

    for page in PAGES:
        path = site / lang / f"{page}.html"
        links = switch(path)
        assert len(links) == 1, f"{lang}/{page}: no language switch"
        target = (path.parent / links[0]).resolve()
        assert target.is_file(), f"{lang}/{page}: {links[0]} does not exist"
        back = switch(target)
        assert (target.parent / back[0]).resolve() == path.resolve()


def test_landing_page_links_both_languages(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    for lang in LANGS:
        assert f'href="{lang}/index.html"' in html
    assert "navigator.languages" in html


def test_no_missing_glyphs_in_build_log(site, lang):
    """matplotlib warns 'Glyph ... missing from font' when CJK text lacks a font."""
    notebooks = sorted(BOOK.executed(lang).rglob("*.ipynb"))
    found = {str(nb.relative_to(BOOK.executed(lang)).with_suffix(""))
             for nb in notebooks}
    assert found >= set(EXECUTED), f"executed notebooks missing: " \
        f"{sorted(set(EXECUTED) - found)}"
    for nb in notebooks:
        text = nb.read_text(encoding="utf-8")
        assert "missing from font" not in text, f"{nb}: CJK glyphs missing"


def test_pages_offer_executed_notebook_and_source(site, lang):
    import nbformat

    for page in EXECUTED:
        path = site / lang / f"{page}.html"
        links = [a["href"] for a in soup_of(path).select("a[href]")
                 if a["href"].endswith((".ipynb", ".md"))]
        targets = {Path(link).suffix: (path.parent / link).resolve()
                   for link in links}
        assert set(targets) == {".ipynb", ".md"}, f"{lang}/{page}: {links}"
        assert targets[".md"].is_file()
        nb = nbformat.read(targets[".ipynb"], as_version=4)
        nbformat.validate(nb)
        outputs = [o for c in nb.cells if c.cell_type == "code"
                   for o in c.outputs]
        assert outputs, f"{lang}/{page}: the notebook has no outputs"


def test_zh_paragraphs_have_no_line_breaks_between_chinese_characters(site):
    """A wrapped source line would show as a space inside a Chinese sentence."""
    cjk = "[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]"
    split = re.compile(cjk + r"(?:<[^>]+>)*[ \t]*\n[ \t]*(?:<[^>]+>)*" + cjk)
    bad = {}
    for page in PAGES:
        html = (site / "zh" / f"{page}.html").read_text(encoding="utf-8")
        hits = [m for p in re.findall(r"<p>(.*?)</p>", html, re.S)
                for m in split.findall(p)]
        if hits:
            bad[page] = hits[:3]
    assert not bad, bad


def test_chinese_plot_labels_are_drawn_with_the_cjk_font(site):
    """Class names on the zh Fashion-MNIST figures come from Noto Sans CJK."""
    svgs = list((site / "zh" / "_images").glob("*.svg"))
    cjk = [p for p in svgs if "NotoSansCJK" in p.read_text(encoding="utf-8")]
    assert cjk, "no zh figure uses the CJK font"


def test_build_report_lists_every_executed_page_as_execution_json(site, lang):
    from bs4 import BeautifulSoup

    from book.languages import text

    labels = text(lang, "report")
    soup = BeautifulSoup((site / lang / "build-report.html").read_text(
        encoding="utf-8"), "html.parser")
    table = soup.select_one("table.d2l-build-report")
    assert table, f"{lang}: no build report table"
    rows = [r for r in table.select("tbody tr") if r.select_one("a")]
    log = json.loads(BOOK.execution_log(lang).read_text(encoding="utf-8"))
    assert len(rows) == len(log["pages"]) == len(EXECUTED)
    total = 0.0
    for row in rows:
        link = row.select_one("a")["href"].split(".html")[0]
        page = log["pages"][link]
        cells = [td.get_text(strip=True) for td in row.select("td")]
        assert cells[1] == labels[page["status"]], (link, cells)
        total += float(cells[2])
    last = [td.get_text(strip=True) for td in table.select("tbody tr")[-1]
            .select("td")]
    # The total adds the unrounded run times; each row is rounded to 0.1 s,
    # so the rows' sum may differ by up to 0.05 s a row (and 0.05 for the
    # total's own rounding).
    tolerance = 0.05 * (len(rows) + 1) + 1e-9
    assert last[0] == labels["total"] and abs(float(last[2]) - total) <= tolerance
    # Device, MXNet and date: once above the table where every page agrees,
    # as columns only where they differ.
    header = [th.get_text(strip=True) for th in table.select("thead th")]
    shared = soup.select_one(".d2l-build-report-shared")
    for field in ("device", "mxnet", "date"):
        assert (labels[field] in header) != (
            shared is not None and labels[field] in shared.get_text()), field

"""The book as PDF and EPUB (make pdf, make epub; `make test` makes them
when XeLaTeX is installed): every page in the site's order, the fonts
embedded, every plot and figure, code that stays on the page, a valid
EPUB. The tests skip, saying which package to install, only when a tool
they need is absent.
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import BUILD, DOCS, HTML

from book import pdf as book_pdf

pytestmark = pytest.mark.slow

#: An overfull line in code wider than this (pt) fails: about a quarter of
#: a character of the code font.
OVERFULL_TOLERANCE_PT = 2.0


def need(tool, package):
    if shutil.which(tool) is None:
        pytest.skip(f"`{tool}` is not installed: apt-get install {package}")


@pytest.fixture
def pdf_file(lang):
    need("pdftotext", "poppler-utils")
    if book_pdf.missing_tools():
        pytest.skip("no XeLaTeX toolchain: apt-get install " +
                    book_pdf.APT_PACKAGES)
    path = BUILD / "pdf" / f"d2l-{lang}.pdf"
    if not path.is_file():
        pytest.fail(f"{path} is not built: run `make pdf` (`make test` "
                    "does when XeLaTeX is installed)")
    return path


def squash(text):
    return re.sub(r"\s+", "", text)


def toctree(lang, docname):
    """The docnames of a page's toctrees, in order."""
    text = (DOCS / lang / f"{docname}.md").read_text(encoding="utf-8")
    folder = docname.rpartition("/")[0]
    entries = []
    for block in re.findall(r"```\{toctree\}\n(.*?)```", text, re.S):
        for line in block.splitlines():
            line = line.strip()
            if line and not line.startswith(":"):
                entries.append(f"{folder}/{line}" if folder else line)
    return entries


def title(lang, docname):
    text = (DOCS / lang / f"{docname}.md").read_text(encoding="utf-8")
    heading = re.search(r"^# (.+)$", text, re.M).group(1)
    return re.sub(r"[`*]", "", heading)


def pages_in_order(lang):
    """Every page of the book below the root, in the site's order."""
    order = []
    for entry in toctree(lang, "index"):
        order.append(entry)
        order += toctree(lang, entry) if entry.endswith("/index") else []
    return order


def pdf_text(path):
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"],
                          capture_output=True, text=True,
                          check=True).stdout


def test_every_page_title_in_order(lang, pdf_file):
    text = squash(pdf_text(pdf_file))
    # After the table of contents, which lists them too.
    position = text.find(squash(title(lang, pages_in_order(lang)[-1])))
    assert position >= 0
    for docname in pages_in_order(lang):
        wanted = squash(title(lang, docname))
        found = text.find(wanted, position + 1)
        assert found > position, f"{docname}: {wanted!r} missing or out of order"
        position = found


def test_chinese_text(pdf_file, lang):
    if lang != "zh":
        pytest.skip("a zh check")
    source = (DOCS / "zh" / "before-you-start" / "what-is-deep-learning.md"
              ).read_text(encoding="utf-8")
    paragraph = next(line for line in source.splitlines()
                     if re.match(r"^[\u4e00-\u9fff]", line))
    sentence = re.match(r"[\u4e00-\u9fff，]+", paragraph).group(0)
    assert len(sentence) >= 6
    assert sentence in squash(pdf_text(pdf_file))


def test_fonts_embedded_no_type3(pdf_file):
    need("pdffonts", "poppler-utils")
    out = subprocess.run(["pdffonts", str(pdf_file)], capture_output=True,
                         text=True, check=True).stdout.splitlines()[2:]
    assert out
    for line in out:
        assert "Type 3" not in line, line
        fields = line.split()
        assert fields[-5] == "yes", f"not embedded: {line}"


def site_images(lang):
    """Plots and figures on the site's pages (not the theme's icons)."""
    count = 0
    for page in (HTML / lang).rglob("*.html"):
        if page.name in ("search.html", "genindex.html") or \
                page.parent.name.startswith("_"):
            continue
        html = page.read_text(encoding="utf-8")
        count += len(re.findall(r'<img [^>]*src="[^"]*_images/', html))
    return count


def test_every_plot_and_figure(lang, pdf_file):
    """As many graphics in the .tex as on the site, and XeLaTeX read each
    of them (latexmk's recorder file lists every file a run read)."""
    folder = BUILD / "latex" / lang
    tex = (folder / f"d2l-{lang}.tex").read_text(encoding="utf-8")
    graphics = re.findall(r"\\sphinxincludegraphics(?:\[[^]]*\])?\{\{([^}]*)\}",
                          tex)
    assert len(graphics) == site_images(lang)
    read = {Path(line.split(" ", 1)[1]).stem
            for line in (folder / f"d2l-{lang}.fls").read_text().splitlines()
            if line.startswith("INPUT ") and line.endswith(".pdf")}
    missing = set(graphics) - read
    assert not missing, f"not placed in the PDF: {sorted(missing)[:5]}"


def verbatim_lines(tex_lines):
    inside, lines = False, set()
    for number, text in enumerate(tex_lines, 1):
        if text.startswith(r"\begin{sphinxVerbatim}"):
            inside = True
        elif text.startswith(r"\end{sphinxVerbatim}"):
            inside = False
        elif inside:
            lines.add(number)
    return lines


def test_code_stays_on_the_page(lang, pdf_file):
    log = (BUILD / "latex" / lang / f"d2l-{lang}.log").read_text(
        errors="replace")
    tex = (BUILD / "latex" / lang / f"d2l-{lang}.tex").read_text(
        encoding="utf-8").splitlines()
    code = verbatim_lines(tex)
    wide = []
    for points, first, last in re.findall(
            r"Overfull \\hbox \(([\d.]+)pt too wide\) .*?lines? (\d+)(?:--(\d+))?",
            log):
        lines = range(int(first), int(last or first) + 1)
        if float(points) > OVERFULL_TOLERANCE_PT and \
                any(n in code for n in lines):
            wide.append((points, book_pdf.page_at(tex, int(first)), first))
    assert not wide, f"code wider than the page: {wide[:10]}"


#: Debian's epubcheck: its /usr/bin/epubcheck is the jar itself, which
#: runs only where binfmt_misc hands jars to Java (jarwrapper); java -jar
#: runs it anywhere.
EPUBCHECK_JAR = "/usr/share/java/epubcheck.jar"
#: One short run per book: the JIT's first tier and the serial collector
#: cut its CPU time by 40 % (35.8 -> 21.7 s for d2l-en.epub, same wall
#: time), CPU that the test suite's other worker needs.
JAVA_SHORT_RUN = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")


def epubcheck_command():
    if os.path.isfile(EPUBCHECK_JAR) and shutil.which("java"):
        return ["java", *JAVA_SHORT_RUN, "-jar", EPUBCHECK_JAR]
    pytest.skip("epubcheck is not installed: apt-get install epubcheck")


def test_epub_passes_epubcheck(lang):
    command = epubcheck_command()
    path = BUILD / "epub" / f"d2l-{lang}.epub"
    if not path.is_file():
        pytest.fail(f"{path} is not built: run `make epub`")
    result = subprocess.run([*command, str(path)],
                            capture_output=True, text=True, timeout=600)
    report = result.stdout + result.stderr
    assert result.returncode == 0, report[-4000:]
    assert "0 fatals / 0 errors" in report, report[-4000:]


def test_every_page_offers_the_whole_book(lang, pdf_file):
    """Each page's download menu links this language's PDF and EPUB, which
    the site serves, labelled with their sizes. (Regular expressions on
    the theme's markup: a parser over every page costs 25 s.)"""
    from book import downloads, languages

    served = HTML / lang / downloads.SITE_DIR
    pages = [p for p in (HTML / lang).rglob("*.html")
             if p.name not in ("search.html", "genindex.html") and
             not p.relative_to(HTML / lang).parts[0].startswith("_")]
    assert len(pages) > 50
    for fmt in downloads.FORMATS:
        entry = re.compile(r'<a (hidden )?href="([^"]+)"[^>]*'
                           rf'btn-download-book-{fmt}-button[^>]*>(.*?)</a>',
                           re.S)
        wanted = languages.text(lang, "whole_book").format(fmt=fmt.upper())
        label = re.compile(re.escape(wanted) + r" \([\d.]+ [KM]iB\)")
        for page in pages:
            links = entry.findall(page.read_text(encoding="utf-8"))
            assert len(links) == 1, (page, fmt)
            hidden, href, inner = links[0]
            assert not hidden, page
            target = (page.parent / href).resolve()
            assert target == (served / f"d2l-{lang}.{fmt}").resolve(), page
            assert target.is_file(), target
            text = " ".join(re.sub(r"<[^>]+>", " ", inner).split())
            assert label.fullmatch(text), (page, text)

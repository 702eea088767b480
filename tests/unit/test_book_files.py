"""The PDF's error report and the download menu's sizes (book/pdf.py,
book/downloads.py), without TeX."""

from book import downloads, pdf

TEX = r"""\chapter{Part}
\label{\detokenize{part/index::doc}}
text
\section{Page}
\label{\detokenize{part/page::doc}}
\begin{sphinxVerbatim}
bad \macro
\end{sphinxVerbatim}
%% d2l-page: part/other
solution text
""".splitlines()


def test_error_names_the_page():
    log = ("(./d2l-en.tex\n./d2l-en.tex:7: Undefined control sequence.\n"
           "l.7 bad \\macro\n\n")
    [(page, line, message, _)] = pdf.errors(log, TEX)
    assert (page, line) == ("part/page", 7)
    assert "Undefined control sequence" in message
    assert pdf.page_at(TEX, 3) == "part/index"
    assert pdf.page_at(TEX, 10) == "part/other"


def test_missing_tool_names_apt_packages(monkeypatch, capsys):
    import shutil

    import pytest

    monkeypatch.setattr(shutil, "which", lambda tool: None)
    with pytest.raises(SystemExit) as stop:
        pdf.check()
    message = str(stop.value)
    assert "\n" not in message
    assert "apt-get install" in message and "texlive-xetex" in message


def test_menu_sizes_filled_and_missing_hidden():
    html = ('<li><a href="../_downloads/book/d2l-en.pdf" class="x">PDF '
            + downloads.SIZE.format(name="d2l-en.pdf", size="") + '</a></li>'
            '<li><a href="../_downloads/book/d2l-en.epub" class="x">EPUB '
            + downloads.SIZE.format(name="d2l-en.epub", size="") + '</a></li>')
    filled = downloads.fill(html, {"d2l-en.pdf": "3.1 MiB"})
    assert "(3.1 MiB)</span>" in filled
    assert '<a hidden href="../_downloads/book/d2l-en.epub"' in filled
    assert '<a href="../_downloads/book/d2l-en.pdf"' in filled
    # Built later: shown again, with its size.
    again = downloads.fill(filled, {"d2l-en.pdf": "3.2 MiB",
                                    "d2l-en.epub": "900 KiB"})
    assert "hidden" not in again and "(900 KiB)" in again
    assert "3.1 MiB" not in again


def test_ci_and_workflow_install_what_the_pdf_needs():
    """The Debian packages for the PDF are listed in book/pdf.py, .ci/run
    and the workflow (shell and YAML cannot import them): they agree."""
    import re

    from helpers import ROOT

    wanted = set(pdf.APT_PACKAGES.split())
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    ci_list = re.search(r'APT_PACKAGES="([^"]*)"', ci).group(1)
    workflow = (ROOT / ".github" / "workflows" / "book.yml").read_text(
        encoding="utf-8")
    book_list = re.search(r"BOOK_PACKAGES: >-\n((?:\s{4}.*\n)+)",
                          workflow).group(1)
    for name, listed in ((".ci/run", ci_list), ("book.yml", book_list)):
        missing = wanted - set(listed.replace("\\", " ").split())
        assert not missing, f"{name} lacks {sorted(missing)}"

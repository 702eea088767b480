"""How the build executes pages: one shared cache, precise failures.

Each test builds a throwaway book outside docs/ with the real conf.py.
"""

import pytest
from bookbuild import built_page, code_page, execution_log, sphinx_build, write_book

pytestmark = pytest.mark.slow


def test_second_language_reuses_the_first_ones_execution(tmp_path):
    cells = ("import time\nstart = time.time()", "sum(range(10))",
             "d2l_page = 'shared'")
    write_book(tmp_path, "zh", {"page": code_page("页面", *cells)})
    write_book(tmp_path, "en", {"page": code_page("Page", *cells)})
    for lang in ("zh", "en"):
        result = sphinx_build(tmp_path, lang)
        assert result.returncode == 0, result.stderr
    assert execution_log(tmp_path, "zh")["executed"] == 1
    assert execution_log(tmp_path, "en")["executed"] == 0
    assert execution_log(tmp_path, "en")["pages"]["page"]["status"] == "cached"
    html = built_page(tmp_path, "en", "page").read_text(encoding="utf-8")
    assert "45" in html  # the cached output is on the English page


def test_failing_cell_names_page_cell_and_exception(tmp_path):
    good = code_page("Good", "1 + 1")
    bad = code_page("Bad", "x = 1", "y = x + 1\nz = y / 0", "x")
    write_book(tmp_path, "en", {"good": good, "broken": bad})
    result = sphinx_build(tmp_path, "en")
    assert result.returncode != 0
    err = result.stderr
    # broken.md: front matter (lines 1-6), title (8), cell 1 (10-12):
    # cell 2 opens on line 14.
    assert "broken.md:14: ERROR: code cell 2 (`y = x + 1`) failed: " \
        "ZeroDivisionError: division by zero" in err, err
    # The failure does not stop the other pages from being built.
    assert built_page(tmp_path, "en", "good").is_file()


def test_cell_tagged_raises_exception_is_allowed(tmp_path):
    page = code_page("Raises", ":tags: [raises-exception]\n1 / 0", "2 + 2")
    write_book(tmp_path, "en", {"raises": page})
    result = sphinx_build(tmp_path, "en")
    assert result.returncode == 0, result.stderr
    html = built_page(tmp_path, "en", "raises").read_text(encoding="utf-8")
    assert "ZeroDivisionError" in html


def test_hanging_cell_times_out_with_the_page_named(tmp_path):
    page = code_page("Hang", "import time\ntime.sleep(60)")
    write_book(tmp_path, "en", {"hang": page})
    result = sphinx_build(tmp_path, "en", D2L_CELL_TIMEOUT="3")
    assert result.returncode != 0
    assert "hang.md:10: ERROR: code cell 1 (`import time`) failed: it timed " \
        "out" in result.stderr, result.stderr


def test_dead_kernel_is_reported_with_the_page_named(tmp_path):
    page = code_page("Crash", "import os\nos._exit(1)")
    write_book(tmp_path, "en", {"crash": page})
    result = sphinx_build(tmp_path, "en")
    assert result.returncode != 0
    assert "crash.md:10: ERROR: code cell 1 (`import os`) failed: the kernel " \
        "died" in result.stderr, result.stderr

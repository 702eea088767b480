"""Pages the cache lacks run in parallel before the read (book/parallel_execution.py).

Each test builds a throwaway book with the real conf.py and two workers
(D2L_EXECUTION_WORKERS=2), so that the runs overlap on any machine.
"""

import os
import re
import signal
import time

import pytest
from bookbuild import (
    built_page,
    code_page,
    executed_notebook,
    execution_log,
    sphinx_build,
    start_sphinx_build,
    text_outputs,
    write_book,
)
from conftest import LANGS
from jupyter_cache import get_cache

from book import layout
from book.parallel_execution import available_cores

pytestmark = pytest.mark.slow

WORKERS = {"D2L_EXECUTION_WORKERS": "2"}
#: Prints when the cell started and ended (time.time()), and the kernel's
#: OMP_NUM_THREADS.
SLEEP = ("import os, time\nstart = time.time()\ntime.sleep(3)\n"
         "print(start, time.time(), os.environ.get('OMP_NUM_THREADS'))")
PAGES = {
    "a": (SLEEP, "6 * 7"),
    # An intended error must not make the run count as failed.
    "b": (":tags: [raises-exception]\n1 / 0", SLEEP),
}
TITLES = {"zh": "页面", "en": "Page"}


def cache_records(path):
    return get_cache(path).list_cache_records() if path.exists() else []


def interval(root, lang, docname):
    """Return (start, end, OMP_NUM_THREADS) printed by the page's SLEEP cell."""
    cells = [c for c in executed_notebook(root, lang, docname)["cells"]
             if c["cell_type"] == "code" and "time.sleep" in "".join(c["source"])]
    start, end, threads = text_outputs(cells[0])[0].split()
    return float(start), float(end), threads


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    """A two-page book built zh then en; return (root, {lang: process})."""
    root = tmp_path_factory.mktemp("parallel")
    for lang in LANGS:
        write_book(root, lang, {name: code_page(f"{TITLES[lang]} {name}", *cells)
                                for name, cells in PAGES.items()})
    return root, {lang: sphinx_build(root, lang, **WORKERS) for lang in LANGS}


def test_clean_build_runs_the_pages_at_the_same_time(book):
    root, results = book
    assert results["zh"].returncode == 0, results["zh"].stderr
    (a0, a1, threads), (b0, b1, _) = (interval(root, "zh", p) for p in PAGES)
    # Serially (before this module) the second page starts after the first
    # one ends; here each sleep starts before the other one ends.
    assert max(a0, b0) < min(a1, b1), (a0, a1, b0, b1)
    # One kernel per worker, with its share of the cores.
    expected = os.environ.get("OMP_NUM_THREADS",
                              str(max(1, available_cores() // 2)))
    assert threads == expected


def test_pages_run_before_the_read_are_reported_as_executed(book):
    root, results = book
    assert results["zh"].returncode == 0, results["zh"].stderr
    log = execution_log(root, "zh")
    assert log["executed"] == 2
    for name, page in log["pages"].items():
        assert page["status"] == "executed" and page["succeeded"], name
        assert 3 <= page["runtime"] < 60, name  # the run's own time
    html = built_page(root, "zh", "a").read_text(encoding="utf-8")
    assert "42" in html


def test_second_language_executes_nothing(book):
    root, results = book
    assert results["en"].returncode == 0, results["en"].stderr
    log = execution_log(root, "en")
    assert log["executed"] == 0
    assert {n: p["status"] for n, p in log["pages"].items()} == {
        "a": "cached", "b": "cached"}
    # zh's outputs, from the cache.
    assert interval(root, "en", "a") == interval(root, "zh", "a")
    assert len(cache_records(layout.book(root).cache)) == 2


def test_failures_run_before_the_read_fail_the_build_naming_page_and_cell(
        tmp_path):
    pages = {
        "good": code_page("Good", "6 * 7"),
        "broken": code_page("Broken", "x = 1", "y = x + 1\nz = y / 0"),
        "hang": code_page("Hang", "import time\ntime.sleep(60)"),
        "crash": code_page("Crash", "import os\nos._exit(1)"),
    }
    write_book(tmp_path, "en", pages)
    result = sphinx_build(tmp_path, "en", D2L_CELL_TIMEOUT="3", **WORKERS)
    assert result.returncode != 0
    err = result.stderr
    # Each page: front matter (lines 1-6), title (8), first cell on line 10.
    for expected in (
            ("broken.md:14: ERROR: code cell 2 (`y = x + 1`) failed: "
             "ZeroDivisionError: division by zero"),
            "hang.md:10: ERROR: code cell 1 (`import time`) failed: it timed out",
            "crash.md:10: ERROR: code cell 1 (`import os`) failed: the kernel died",
    ):
        assert expected in err, err
    assert len(re.findall(r"ERROR: code cell", err)) == 3, err
    log = execution_log(tmp_path, "en")
    assert log["pages"]["good"]["status"] == "executed"
    assert "42" in built_page(tmp_path, "en", "good").read_text(encoding="utf-8")


def test_killed_build_keeps_the_pages_that_ran_and_leaves_no_kernel(tmp_path):
    import psutil

    started = tmp_path / "kernel-started"
    # "nap" marks that it runs, then sleeps; after the kill, the rebuild
    # finds the mark and goes straight through. Read one by one, it would
    # run first and "quick" never.
    nap = (f"import os, time\nif not os.path.exists({str(started)!r}):\n"
            f"    open({str(started)!r}, 'w').close()\n    time.sleep(30)")
    write_book(tmp_path, "en", {"quick": code_page("Quick", "6 * 7"),
                                "nap": code_page("Nap", nap)})
    cache = layout.book(tmp_path).cache
    proc = start_sphinx_build(tmp_path, "en", **WORKERS)
    kernels = []
    try:
        deadline = time.monotonic() + 120
        while not (started.exists() and cache_records(cache)) \
                and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert started.exists() and proc.poll() is None, proc.communicate()
        kernels = psutil.Process(proc.pid).children(recursive=True)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(30)
        _, alive = psutil.wait_procs(kernels, timeout=10)
        assert not [p for p in alive if p.ppid() == 1], "kernels left running"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        for kernel in kernels:
            if kernel.is_running():
                kernel.kill()
    # The quick page was stored as soon as it ran.
    assert [r.uri for r in cache_records(cache)] == [
        str(tmp_path / "docs/en/quick.md")]
    result = sphinx_build(tmp_path, "en", **WORKERS)
    assert result.returncode == 0, result.stderr
    assert {n: p["status"] for n, p in execution_log(tmp_path, "en")[
        "pages"].items()} == {"quick": "cached", "nap": "executed"}

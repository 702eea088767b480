"""How the build copes with broken sources, interruptions and concurrency.

Each test builds small throwaway books outside docs/ with the real
conf.py (tests/bookbuild.py).

Two of them guard fixes in book/: source_checks.py (a fence left open
to the end of the file) and executor.py's cache lock (zh and en storing the
same page at once).
"""

import os
import signal
import time

import pytest
from bookbuild import (
    FRONT_MATTER,
    built_page,
    code_page,
    executed_notebook,
    execution_log,
    sphinx_build,
    start_sphinx_build,
    text_outputs,
    write_book,
)
from helpers import LANGS, ROOT

from book import layout

pytestmark = pytest.mark.slow


def line_of(text, prefix, last=False):
    """1-based number of the first (or last) line that starts with prefix."""
    found = [i for i, line in enumerate(text.splitlines(), 1)
             if line.startswith(prefix)]
    return found[-1] if last else found[0]


def finish(procs, timeout=300):
    """Wait for Popen objects; kill each one's process group on timeout."""
    results = {}
    deadline = time.monotonic() + timeout
    try:
        for name, proc in procs.items():
            _, err = proc.communicate(
                timeout=max(1, deadline - time.monotonic()))
            results[name] = (proc.returncode, err)
    finally:
        for proc in procs.values():
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
    return results


def cache_records(root):
    from jupyter_cache import get_cache

    return get_cache(layout.book(root).cache).list_cache_records()


# -- a. malformed MyST --------------------------------------------------------

def test_unclosed_code_cell_fails_with_file_and_line(tmp_path):
    # The fence never closes, so the prose after it becomes Python.
    text = (FRONT_MATTER + "\n# Unclosed\n\n```{code-cell} ipython3\nx = 1\n\n"
            "This sentence was meant to follow the cell.\n")
    src = write_book(tmp_path, "en", {"unclosed": text})
    result = sphinx_build(tmp_path, "en")
    assert result.returncode != 0
    line = line_of(text, "```{code-cell}")
    assert f"{src / 'unclosed.md'}:{line}: ERROR: code cell 1 (`x = 1`) " \
        "failed: SyntaxError" in result.stderr, result.stderr


def test_fence_left_open_to_the_end_fails_with_file_and_line(tmp_path):
    note = (FRONT_MATTER + "\n# Note\n\n```{note}\nA note that is never "
            "closed.\n\n## Exercises\n\n1. Everything from here is in the "
            "note.\n")
    # The last cell swallows the heading after it, which is valid Python
    # (a comment), so nothing fails at run time either.
    tail = code_page("Tail", "x = 1") + "\n```{code-cell} ipython3\nx + 1\n" \
        "\n## Summary\n"
    src = write_book(tmp_path, "en", {"note": note, "tail": tail})
    result = sphinx_build(tmp_path, "en")
    assert result.returncode != 0, "exit 0, stderr: " + result.stderr
    for name, line in (("note", line_of(note, "```{note}")),
                       ("tail", line_of(tail, "```{code-cell}", last=True))):
        assert f"{src / name}.md:{line}:" in result.stderr, result.stderr


def test_bad_front_matter_fails_with_file_and_line(tmp_path):
    # Invalid YAML between the --- lines, and front matter never closed.
    invalid = ("---\nfile_format: mystnb\nkernelspec: [name: python3\n"
               "  display_name: Python 3\n---\n\n# Invalid\n\n"
               "```{code-cell} ipython3\n1 + 1\n```\n")
    unclosed = ("---\nfile_format: mystnb\nkernelspec:\n  name: python3\n"
                "  display_name: Python 3\n\n# Unclosed\n\n"
                "```{code-cell} ipython3\n1 + 1\n```\n")
    src = write_book(tmp_path, "en", {"invalid": invalid,
                                      "unclosed": unclosed})
    result = sphinx_build(tmp_path, "en")
    assert result.returncode != 0
    err = result.stderr
    # source_checks names the line of the YAML problem and the problem.
    assert f"{src / 'invalid.md'}:4: WARNING: the front matter is not valid " \
        "YAML: expected ',' or ']', but got ':'" in err, err
    assert f"{src / 'unclosed.md'}:1: WARNING: the front matter opened here " \
        "is never closed with ---" in err, err
    # Without its closing ---, the front matter is prose: the opening ---
    # is a transition and the code cell is not converted.
    assert f"{src / 'unclosed.md'}:1: ERROR: Document or section may not " \
        "begin with a transition." in err, err
    for name, text in (("invalid", invalid), ("unclosed", unclosed)):
        line = line_of(text, "```{code-cell}")
        assert f"{src / name}.md:{line}: WARNING: Found an unexpected " \
            "`code-cell`" in err, err


# -- b. a build killed while a cell runs --------------------------------------

def test_build_killed_mid_execution_leaves_a_usable_cache(tmp_path):
    import psutil

    started = tmp_path / "kernel-started"
    # The first run marks that the kernel is busy, then sleeps; the run
    # after the kill finds the mark and goes straight through.
    cell = (f"import os, time\nif not os.path.exists({str(started)!r}):\n"
            f"    open({str(started)!r}, 'w').close()\n    time.sleep(20)\n"
            "print('woke up')")
    write_book(tmp_path, "en", {"page": code_page("Page", cell, "6 * 7")})
    proc = start_sphinx_build(tmp_path, "en")
    kernels = []
    try:
        deadline = time.monotonic() + 120
        while not started.exists() and proc.poll() is None \
                and time.monotonic() < deadline:
            time.sleep(0.1)
        assert started.exists(), proc.communicate()[1]
        kernels = psutil.Process(proc.pid).children(recursive=True)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(30)
        # The kernel runs in a session of its own (jupyter_client), so the
        # kill does not reach it; ipykernel exits when its parent is gone.
        gone, alive = psutil.wait_procs(kernels, timeout=10)
        orphans = [p for p in alive if p.ppid() == 1]
        assert not orphans, f"kernels left running: {orphans}"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        for kernel in kernels:
            if kernel.is_running():
                kernel.kill()
    assert proc.returncode == -signal.SIGKILL
    assert cache_records(tmp_path) == []  # nothing half-written

    result = sphinx_build(tmp_path, "en")
    assert result.returncode == 0, result.stderr
    log = execution_log(tmp_path, "en")
    assert log["executed"] == 1
    assert log["pages"]["page"]["status"] == "executed"
    cells = [c for c in executed_notebook(tmp_path, "en", "page")["cells"]
             if c["cell_type"] == "code"]
    assert [text_outputs(c) for c in cells] == [["woke up\n"], ["42"]]
    records = cache_records(tmp_path)
    assert [r.uri for r in records] == [str(tmp_path / "docs/en/page.md")]


# -- c. zh and en at the same time, one cache ----------------------------------

CONCURRENT_CELLS = ("import numpy as np\nint(np.arange(6).sum())",
                    "print('shared ' + 'output')")


def write_bilingual_book(root):
    write_book(root, "zh", {"page": code_page("页面", *CONCURRENT_CELLS)})
    write_book(root, "en", {"page": code_page("Page", *CONCURRENT_CELLS)})


def test_zh_and_en_built_at_the_same_time_share_the_cache(tmp_path):
    write_bilingual_book(tmp_path)
    results = finish({lang: start_sphinx_build(tmp_path, lang)
                      for lang in LANGS})
    for lang, (returncode, err) in results.items():
        assert returncode == 0, f"{lang}: {err}"
    for lang in LANGS:
        html = built_page(tmp_path, lang, "page").read_text(encoding="utf-8")
        assert "15" in html and "shared output" in html, lang
        cells = [c for c in executed_notebook(tmp_path, lang, "page")["cells"]
                 if c["cell_type"] == "code"]
        assert [text_outputs(c) for c in cells] == [["15"],
                                                    ["shared output\n"]]
    # Both may have executed the page (neither found it cached); the cache
    # keeps one result, and a fresh read of zh (-E) reuses it.
    assert len(cache_records(tmp_path)) == 1
    proc = start_sphinx_build(tmp_path, "zh", "-E")
    (returncode, err), = finish({"zh": proc}).values()
    assert returncode == 0, err
    log = execution_log(tmp_path, "zh")
    assert log["executed"] == 0
    assert log["pages"]["page"]["status"] == "cached"
    assert len(cache_records(tmp_path)) == 1


STORE_TOGETHER = '''\
"""Test aid: each build waits (at most 5 s) at jupyter-cache's door for
the other one, so that both store the same executed notebook at once."""

import glob
import os
import time

from jupyter_cache.cache.main import JupyterCacheBase


def setup(app):
    store = JupyterCacheBase.cache_notebook_bundle

    def together(self, *args, **kwargs):
        open(f"{self.path}.arrived.{os.getpid()}", "w").close()
        deadline = time.monotonic() + 5
        while len(glob.glob(f"{self.path}.arrived.*")) < 2 \\
                and time.monotonic() < deadline:
            time.sleep(0.001)
        return store(self, *args, **kwargs)

    JupyterCacheBase.cache_notebook_bundle = together
    return {"parallel_read_safe": True, "parallel_write_safe": True}
'''


def test_zh_and_en_storing_the_same_page_at_once_both_succeed(tmp_path):
    write_bilingual_book(tmp_path)
    conf = tmp_path / "conf"
    conf.mkdir()
    (conf / "store_together.py").write_text(STORE_TOGETHER, encoding="utf-8")
    # The book's conf.py, plus the aid.
    (conf / "conf.py").write_text(
        f"import sys\n__file__ = {str(ROOT / 'conf.py')!r}\n"
        "exec(compile(open(__file__, encoding='utf-8').read(), __file__, "
        "'exec'))\n"
        f"sys.path.insert(0, {str(conf)!r})\n"
        "extensions = extensions + ['store_together']\n", encoding="utf-8")
    results = finish({lang: start_sphinx_build(tmp_path, lang, conf=conf)
                      for lang in LANGS})
    for lang, (returncode, err) in results.items():
        errors = [s for s in err.splitlines() if "Error" in s]
        assert returncode == 0, f"{lang}: exit {returncode}: {errors}"
    total = sum(execution_log(tmp_path, lang)["executed"] for lang in LANGS)
    assert total == 1  # the second build waited and reused the first's run
    assert len(cache_records(tmp_path)) == 1


# -- d. reproducible outputs ---------------------------------------------------

SEEDED_CELLS = (
    "import random\nimport numpy as np\nimport mxnet as mx\n"
    "from mxnet import autograd, gluon, nd\n"
    "random.seed(0)\nnp.random.seed(0)\nmx.random.seed(0)",
    "nd.random.normal(shape=(2, 3))",
    "np.random.rand(3)",
    "[round(random.random(), 6) for _ in range(3)]",
    "net = gluon.nn.Dense(2)\nnet.initialize()\nnet(nd.ones((1, 4)))",
    "X, y = nd.random.uniform(shape=(8, 4)), nd.random.uniform(shape=(8, 2))\n"
    "trainer = gluon.Trainer(net.collect_params(), 'sgd', "
    "{'learning_rate': 0.1})\n"
    "with autograd.record():\n    l = gluon.loss.L2Loss()(net(X), y)\n"
    "l.backward()\ntrainer.step(8)\nprint(l.mean().asscalar())",
    ":tags: [timing]\nimport time\nprint(time.time())",
)


def test_two_clean_builds_give_the_same_outputs_except_timings(tmp_path):
    runs = []
    for name in ("first", "second"):
        root = tmp_path / name  # a build folder and cache of its own
        write_book(root, "en", {"page": code_page("Seeds", *SEEDED_CELLS)})
        result = sphinx_build(root, "en")
        assert result.returncode == 0, result.stderr
        assert execution_log(root, "en")["executed"] == 1
        cells = [c for c in executed_notebook(root, "en", "page")["cells"]
                 if c["cell_type"] == "code"]
        runs.append(cells)
    first, second = runs
    assert len(first) == len(second) == len(SEEDED_CELLS)
    differ = []
    for a, b in zip(first, second):
        tags = a.get("metadata", {}).get("tags", [])
        if text_outputs(a) != text_outputs(b):
            differ.append(("timing" in tags, "".join(a["source"])[:40],
                           text_outputs(a), text_outputs(b)))
    seeded = [text_outputs(c) for c in first[1:6]]
    assert all(out and out[0].strip() for out in seeded), seeded
    # Only the timing cell differs: the skip is needed, and needed there only.
    assert [d[0] for d in differ] == [True], differ

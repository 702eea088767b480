"""How much a rebuild executes: nothing unless the code (or a helper) changed.

One scenario on a copy of the book's tooling (conf.py, book/, d2l/) with
a two-page book in zh and en, built as `make html-zh` then `make html-en`:

  clean build -> no-op rebuild -> prose edit -> code edit -> helper edit

Each step's execution.json is kept; each test checks one step. The pages
import a helper (``uses``) or nothing (``plain``); their code is the same
in both languages, so en always reuses zh's runs.
"""

import shutil

import pytest
from bookbuild import built_page, code_page, execution_log, sphinx_build, write_book
from helpers import LANGS, ROOT

pytestmark = pytest.mark.slow

#: What the copy needs besides the pages: the config, the extension, the
#: helpers, and the shared data, templates and static files.
TOOLING = ("conf.py", "book", "d2l", "docs/_data", "docs/_static",
           "docs/_templates")
PAGES = {
    "uses": ("from d2l import timer\nclock = timer.Timer()",
             "len(clock.times)"),
    "plain": ("sum(range(10))",),
}
TITLES = {"zh": "页面", "en": "Page"}
SENTENCE = {"zh": "追加的一句话。", "en": "An appended sentence."}
EDIT_LINE = "_ = 0"


def copy_tooling(root):
    for name in TOOLING:
        src, dst = ROOT / name, root / name
        if src.is_dir():
            shutil.copytree(src, dst, ignore=shutil.ignore_patterns(
                "__pycache__"))
        else:
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)


def write_pages(root, cells):
    for lang in LANGS:
        write_book(root, lang, {
            name: code_page(f"{TITLES[lang]} {name}", *page_cells)
            for name, page_cells in cells.items()})


def build_both(root):
    """Build zh then en; return {lang: execution.json}."""
    logs = {}
    for lang in LANGS:
        result = sphinx_build(root, lang, conf=root)
        assert result.returncode == 0, f"{lang}: {result.stderr}"
        logs[lang] = execution_log(root, lang)
    return logs


@pytest.fixture(scope="module")
def steps(tmp_path_factory):
    """Run the scenario once; return {step: {lang: execution.json}}."""
    root = tmp_path_factory.mktemp("counts")
    copy_tooling(root)
    write_pages(root, PAGES)
    steps = {"clean": build_both(root), "noop": build_both(root)}
    for lang in LANGS:
        page = root / "docs" / lang / "uses.md"
        page.write_text(page.read_text(encoding="utf-8")
                        + f"\n{SENTENCE[lang]}\n", encoding="utf-8")
    steps["prose"] = build_both(root)
    first, *rest = PAGES["uses"]
    for lang in LANGS:  # only this page: the other keeps its mtime
        (root / "docs" / lang / "uses.md").write_text(code_page(
            f"{TITLES[lang]} uses", f"{EDIT_LINE}\n{first}", *rest),
            encoding="utf-8")
    steps["code"] = build_both(root)
    with open(root / "d2l" / "timer.py", "a", encoding="utf-8") as f:
        f.write("\n# an edit of a helper module\n")
    steps["helper"] = build_both(root)
    return steps


def executed(log):
    return sorted(n for n, p in log["pages"].items() if p["status"] == "executed")


def statuses(log):
    return {name: page["status"] for name, page in log["pages"].items()}


def test_clean_build_runs_each_page_once_for_both_languages(steps):
    zh, en = steps["clean"]["zh"], steps["clean"]["en"]
    assert executed(zh) == ["plain", "uses"] and zh["executed"] == 2
    assert en["executed"] == 0
    assert statuses(en) == {"plain": "cached", "uses": "cached"}


def test_noop_rebuild_runs_nothing_and_rereads_nothing(steps):
    for lang in LANGS:
        log = steps["noop"][lang]
        assert log["executed"] == 0, lang
        assert statuses(log) == {"plain": "unchanged", "uses": "unchanged"}


def test_prose_edit_rereads_the_page_but_runs_nothing(steps):
    for lang in LANGS:
        log = steps["prose"][lang]
        assert log["executed"] == 0, lang
        assert statuses(log) == {"plain": "unchanged", "uses": "cached"}


def test_code_edit_runs_the_page_in_zh_only(steps):
    zh, en = steps["code"]["zh"], steps["code"]["en"]
    assert executed(zh) == ["uses"] and zh["executed"] == 1
    assert statuses(zh)["plain"] == "unchanged"
    assert en["executed"] == 0 and statuses(en)["uses"] == "cached"


def test_helper_edit_reruns_the_pages_that_import_it(steps):
    zh, en = steps["helper"]["zh"], steps["helper"]["en"]
    # The fingerprint covers the whole d2l package, so every executed page
    # is re-keyed; the page that imports the helper must be among them.
    assert "uses" in executed(zh), statuses(zh)
    assert en["executed"] == 0, statuses(en)
    assert statuses(en)["uses"] == "cached"


def test_parallel_read_records_every_page(tmp_path):
    """With -j 2 pages are read (and executed) in two processes; each page's
    status still reaches execution.json, and no extension refuses -j."""
    pages = {f"p{i}": (f"{i} * 7",) for i in range(4)}
    write_pages(tmp_path, pages)
    for lang, status in (("zh", "executed"), ("en", "cached")):
        result = sphinx_build(tmp_path, lang, "-j", "2")
        assert result.returncode == 0, f"{lang}: {result.stderr}"
        assert "parallel" not in result.stderr, result.stderr
        log = execution_log(tmp_path, lang)
        assert statuses(log) == {name: status for name in pages}, lang
        html = built_page(tmp_path, lang, "p3").read_text(encoding="utf-8")
        assert "21" in html

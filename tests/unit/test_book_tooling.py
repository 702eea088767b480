"""The book's plain modules: layout, languages, glossary, jieba, landing."""

import pytest

from book import glossary_data, landing, languages, layout
from book.search import write_jieba_dict


def test_layout_knows_every_build_folder(tmp_path):
    book = layout.book(tmp_path)
    assert book.html("zh") == tmp_path / "_build" / "html" / "zh"
    assert book.doctrees("en") == tmp_path / "_build" / "doctrees" / "en"
    assert book.executed("zh") == tmp_path / "_build" / "jupyter_execute" / "zh"
    assert book.cache == tmp_path / "_build" / ".jupyter_cache"
    assert book.execution_log("en").parent == book.html("en")
    # The extension finds the build folder from Sphinx's output folder.
    assert layout.build_of(book.html("en")) == book.build


def test_sphinx_arguments_match_make(tmp_path):
    book = layout.book(tmp_path, tmp_path / "out")
    args = book.sphinx_args("en")
    assert args[:6] == ["-b", "html", "-W", "--keep-going", "-n", "-q"]
    assert args[6:] == ["-c", str(tmp_path), "-d", str(book.doctrees("en")),
                        str(tmp_path / "docs" / "en"), str(book.html("en"))]
    assert book.sphinx_env("en") == {"D2L_BOOK_LANG": "en",
                                     "D2L_BUILDDIR": str(tmp_path / "out"),
                                     "D2L_ONLY": ""}


def test_makefile_uses_the_same_flags():
    makefile = (layout.ROOT / "Makefile").read_text(encoding="utf-8")
    assert "$(SPHINX) " + " ".join(layout.SPHINX_FLAGS) in makefile


def test_build_folder(tmp_path):
    assert layout.book(layout.ROOT, tmp_path / "b").build == tmp_path / "b"
    assert layout.book().build == layout.ROOT / "_build"


def test_an_unknown_language_says_how_to_build():
    assert languages.checked("en") == "en" and languages.other("en") == "zh"
    with pytest.raises(SystemExit, match="make html-zh"):
        languages.checked("fr")


#: book/ modules that may read the environment, and why. Everything else
#: gets its settings from app.config, which conf.py fills from the
#: environment (issue 25: one entry point for configuration).
READS_ENVIRONMENT = {
    "gpu_check.py": "a command-line tool; it extends LD_LIBRARY_PATH for "
                    "the subprocess it starts",
}


def test_only_conf_py_reads_the_environment():
    import ast

    for path in sorted((layout.ROOT / "book").glob("*.py")):
        if path.name in READS_ENVIRONMENT:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        reads = [node.lineno for node in ast.walk(tree)
                 if isinstance(node, ast.Attribute)
                 and node.attr in ("environ", "getenv")
                 and isinstance(node.value, ast.Name) and node.value.id == "os"]
        assert not reads, (f"book/{path.name}:{reads[0]} reads the "
                           "environment; add a config value in conf.py")


def test_glossary_entries_are_complete(tmp_path):
    entries = glossary_data.load()
    assert entries and all(e["zh"] and e["en"] for e in entries)
    broken = tmp_path / "g.yml"
    broken.write_text("- zh: 梯度\n  en: gradient\n  zh_def: 导数\n",
                      encoding="utf-8")
    with pytest.raises(ValueError, match="g.yml:1: the entry '梯度' lacks en_def"):
        glossary_data.load(broken)


def test_jieba_dictionary_holds_terms_and_aliases(tmp_path):
    entries = [{"zh": "超参数"}, {"zh": "梯度下降", "zh_aliases": ["GD法"]},
               {"zh": "超参数"}]
    path = write_jieba_dict(tmp_path / "sub" / "dict.txt", entries)
    assert path.read_text(encoding="utf-8") == "GD法\n梯度下降\n超参数\n"
    mtime = path.stat().st_mtime_ns
    write_jieba_dict(path, entries)  # unchanged: not rewritten
    assert path.stat().st_mtime_ns == mtime


def test_landing_page_links_both_languages(tmp_path):
    html = landing.write(tmp_path / "html").read_text(encoding="utf-8")
    for lang in layout.LANGS:
        title = languages.LANGUAGES[lang]["title"]
        assert f'href="{lang}/index.html"' in html and title in html


def test_bench_pages_all_lists_every_page_and_no_theme_file(tmp_path):
    from benchmarks.pages import every_page
    for name in ("index.html", "zh/index.html", "en/a/b.html",
                 "zh/_static/x.html", "en/_sources/c.html", "zh/notes.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    assert every_page(tmp_path) == ["en/a/b.html", "index.html", "zh/index.html"]

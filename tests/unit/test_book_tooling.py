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
    "installer.py": "make venv's installer, run before Sphinx exists: "
                    "D2L_INSTALLER, PYTHONDONTWRITEBYTECODE, and pip's "
                    "environment passed on to uv",
    "parallel_execution.py": "passes the build's environment on to the "
                             "kernels it starts (OMP_NUM_THREADS added)",
    "training_scale.py": "writes D2L_SCALE (from the config value d2l_scale) "
                         "into the environment that the kernels inherit",
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


def test_compat_refuses_versions_it_was_not_written_for():
    from book import _compat

    _compat.check_versions()  # the pinned environment passes
    installed = {**_compat.PINNED, "Sphinx": "9.1.0"}
    with pytest.raises(RuntimeError, match=r"Sphinx 9\.1\.0 \(written for "
                                           r"8\.2\.3\).*book/_compat\.py"):
        _compat.check_versions(installed)


def test_pins_agree_with_requirements():
    from book import _compat

    pins = dict(line.split("==", 1) for line in (
        layout.ROOT / "requirements.txt").read_text().splitlines()
        if "==" in line and not line.startswith("#"))
    pins = {k.lower(): v.split(";")[0].strip() for k, v in pins.items()}
    for name, version in _compat.PINNED.items():
        assert pins[name.lower()] == version, name


#: Modules that may touch private upstream code: the accessors, and the
#: executor's version-pinned patches.
PRIVATE_ACCESS = {"_compat.py", "executor.py"}


def test_private_upstream_internals_live_in_compat():
    import ast

    for path in sorted((layout.ROOT / "book").glob("*.py")):
        if path.name in PRIVATE_ACCESS:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module, *(a.name for a in node.names)]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.Attribute) and not (
                    isinstance(node.value, ast.Name)
                    and node.value.id == "self"):  # our own classes
                names = [node.attr]
            # `_` is sphinx.locale's gettext; _d2l* are the book's own.
            private = [n for n in names if n and n != "_" and any(
                part.startswith("_") and not part.startswith(("__", "_d2l"))
                for part in n.split("."))]
            assert not private, (
                f"book/{path.name}:{node.lineno} uses {private}: go through "
                "book/_compat.py")


def test_both_languages_have_the_same_words():
    def keys(table, prefix=""):
        out = set()
        for key, value in table.items():
            out.add(prefix + key)
            if isinstance(value, dict):
                out |= keys(value, f"{prefix}{key}.")
        return out

    zh, en = (languages.LANGUAGES[lang] for lang in ("zh", "en"))
    assert keys(zh) == keys(en)
    for key in ("not_found",):
        assert len(zh[key]) == len(en[key])


def test_no_module_keeps_strings_of_one_language():
    """Per-language words live in book/languages.py only."""
    import ast

    for path in sorted((layout.ROOT / "book").glob("*.py")):
        if path.name in ("languages.py", "landing.py"):  # landing: both at once
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Dict):
                keys = {k.value for k in node.keys
                        if isinstance(k, ast.Constant)}
                assert not {"zh", "en"} <= keys, (
                    f"book/{path.name}:{node.lineno}: a per-language table; "
                    "put its words in book/languages.py")


def test_sidebar_toggles_get_the_name_of_their_section():
    from book.accessibility import name_toggles

    html = ('<ul><li class="toctree-l1 has-children"><a href="a.html">Part '
            '<b>one</b></a><details><summary><span class="toctree-toggle" '
            'role="presentation"><i></i></span></summary><ul></ul></details>'
            '</li><li class="has-children"><details><summary><p class="caption">'
            'Contents</p></summary></details></li></ul>')
    named = str(name_toggles(html, "Expand or collapse {title}"))
    assert 'aria-label="Expand or collapse Part one"' in named
    assert named.count("aria-label") == 1  # a caption names its own summary


def test_a_changed_module_changes_the_environment_version(tmp_path):
    import book

    (tmp_path / "a.py").write_text("x = 1\n")
    before = book.source_version(tmp_path)
    assert book.source_version(tmp_path) == before
    (tmp_path / "a.py").write_text("x = 2\n")
    assert book.source_version(tmp_path) != before
    assert isinstance(before, int)

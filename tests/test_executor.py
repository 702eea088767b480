"""Executed pages are re-run when the helper package they import changes."""

import shutil

from d2l.sphinx_ext import executor


def test_fingerprint_follows_helper_sources(tmp_path, monkeypatch):
    helpers = tmp_path / "d2l"
    shutil.copytree(executor.HELPERS, helpers,
                    ignore=shutil.ignore_patterns("sphinx_ext", "__pycache__"))
    monkeypatch.setattr(executor, "HELPERS", helpers)
    executor.helpers_fingerprint.cache_clear()
    before = executor.helpers_fingerprint()
    executor.helpers_fingerprint.cache_clear()
    assert executor.helpers_fingerprint() == before  # stable
    with open(helpers / "plot.py", "a", encoding="utf-8") as f:
        f.write("\n# changed\n")
    executor.helpers_fingerprint.cache_clear()
    assert executor.helpers_fingerprint() != before
    executor.helpers_fingerprint.cache_clear()


def test_fingerprint_ignores_the_sphinx_extension():
    """Editing the extension must not re-execute the whole book."""
    executor.helpers_fingerprint.cache_clear()
    files = sorted(p.name for p in executor.HELPERS.glob("*.py"))
    assert "__init__.py" in files and "executor.py" not in files


def test_package_exports_resolve_lazily():
    import subprocess
    import sys

    code = ("import sys, d2l, d2l.sphinx_ext; "
            "assert 'mxnet' not in sys.modules, 'eager mxnet import'; "
            "missing = [n for n in d2l.__all__ if not callable(getattr(d2l, n))]; "
            "assert not missing, missing; "
            "from d2l.runinfo import CSS_CLASS; "
            "from d2l.sphinx_ext.provenance import CSS_CLASS as EXT; "
            "assert CSS_CLASS == EXT")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_no_helper_module_is_named_like_an_export():
    import d2l

    modules = {p.stem for p in executor.HELPERS.glob("*.py")}
    assert not modules & set(d2l.__all__)

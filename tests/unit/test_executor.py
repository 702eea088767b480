"""Executed pages are re-run when the helper package they import changes."""

import shutil
import subprocess
import sys

from book import executor


def test_fingerprint_covers_every_module_of_the_package(tmp_path, monkeypatch):
    helpers = tmp_path / "d2l"
    shutil.copytree(executor.HELPERS, helpers,
                    ignore=shutil.ignore_patterns("__pycache__"))
    (helpers / "vision").mkdir()
    (helpers / "vision" / "__init__.py").write_text("", encoding="utf-8")
    monkeypatch.setattr(executor, "HELPERS", helpers)

    def fingerprint():
        executor.helpers_fingerprint.cache_clear()
        return executor.helpers_fingerprint()

    before = fingerprint()
    assert fingerprint() == before  # stable
    # A change in a subpackage counts as much as one at the top level.
    with open(helpers / "vision" / "__init__.py", "a", encoding="utf-8") as f:
        f.write("# changed\n")
    after_sub = fingerprint()
    assert after_sub != before
    with open(helpers / "plotting.py", "a", encoding="utf-8") as f:
        f.write("\n# changed\n")
    assert fingerprint() != after_sub
    # Byte caches are not sources.
    (helpers / "__pycache__").mkdir(exist_ok=True)
    (helpers / "__pycache__" / "x.py").write_text("# cache\n", encoding="utf-8")
    assert executor.helpers_fingerprint.__wrapped__() == fingerprint()
    executor.helpers_fingerprint.cache_clear()


def test_package_and_extension_load_without_mxnet():
    """The extension and ``import d2l`` must not pay for MXNet."""
    code = ("import sys, d2l, book, book.provenance; "
            "assert 'mxnet' not in sys.modules, 'eager mxnet import'; "
            "missing = [n for n in d2l.__all__ if not callable(getattr(d2l, n))]; "
            "assert not missing, missing")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_no_helper_module_is_named_like_an_export():
    import d2l

    modules = {p.stem for p in executor.helper_sources()}
    assert not modules & set(d2l.__all__)

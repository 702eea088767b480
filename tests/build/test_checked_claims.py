"""A sentence that interprets an output is backed by a hidden assert; when a
rebuild contradicts it, the build fails and names the page and the claim.

Slow: builds a throwaway book with the real conf.py (tests/bookbuild.py).
"""

import pytest
from bookbuild import code_page, sphinx_build, write_book

CLAIM = ":tags: [remove-cell]\nassert abs(loss - 0.5) < 0.05, " \
        "'the loss is about 0.5'"


@pytest.mark.slow
def test_a_false_claim_fails_the_build_naming_page_and_claim(tmp_path):
    true = code_page("True claim", "loss = 0.52\nloss", CLAIM)
    false = code_page("False claim", "loss = 0.9\nloss", CLAIM)
    src = write_book(tmp_path, "en", {"true_claim": true,
                                      "false_claim": false})
    result = sphinx_build(tmp_path, "en")
    assert result.returncode != 0, result.stderr
    err = result.stderr
    assert f"{src / 'false_claim.md'}:" in err, err
    assert "AssertionError: the loss is about 0.5" in err, err
    assert "true_claim.md" not in err, err
    # The check is a build-only cell: not on the page the reader sees.
    html = (tmp_path / "_build" / "html" / "en" / "true_claim.html") \
        .read_text(encoding="utf-8")
    assert "assert" not in html and "0.52" in html

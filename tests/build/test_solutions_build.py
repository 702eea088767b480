"""Solutions are folded <details> blocks that hold executed, glued code; a
marker without its partner fails the build naming the file and line.

Slow: builds throwaway books with the real conf.py (tests/bookbuild.py).
"""

import pytest
from bookbuild import FRONT_MATTER, built_page, sphinx_build, write_book
from bs4 import BeautifulSoup

PAGE = FRONT_MATTER + """
# Exercises page

## Exercises

1. What is $1 + 1$?

```{solution-start}
```

It is computed here:

```{code-cell} ipython3
answer = 1 + 1
answer
```

```{code-cell} ipython3
:tags: [remove-cell]
from myst_nb import glue
glue("answer", answer, display=False)
```

so the answer is {glue:text}`answer`.

```{solution-end}
```

2. Why?

```{solution-start}
```
Because $x^2 \\ge 0$.
```{solution-end}
```
"""


@pytest.mark.slow
@pytest.mark.parametrize("lang, summary", [("en", "Solution"),
                                           ("zh", "参考答案")])
def test_solutions_are_closed_details_with_executed_glued_code(
        tmp_path, lang, summary):
    write_book(tmp_path, lang, {"ex": PAGE})
    result = sphinx_build(tmp_path, lang)
    assert result.returncode == 0, result.stderr
    soup = BeautifulSoup(built_page(tmp_path, lang, "ex").read_text(
        encoding="utf-8"), "html.parser")
    blocks = soup.select("details.d2l-solution")
    assert len(blocks) == 2
    assert all(not b.has_attr("open") for b in blocks)  # closed
    assert [b.summary.get_text(strip=True) for b in blocks] == [summary] * 2
    first = blocks[0]
    # The code cell, its output and the glued number are inside the fold.
    assert "answer = 1 + 1" in first.get_text()
    assert first.select(".cell_output")
    assert "the answer is 2" in " ".join(first.get_text().split())
    assert "2. Why?" not in first.get_text() and blocks[1].select(".math")
    # The exercise list stays outside the folds.
    assert "What is" not in first.get_text()


@pytest.mark.slow
def test_a_start_without_end_names_file_and_line(tmp_path):
    broken = PAGE.replace("```{solution-end}\n```\n\n2. Why?", "2. Why?")
    src = write_book(tmp_path, "en", {"ex": broken})
    result = sphinx_build(tmp_path, "en")
    assert result.returncode != 0
    line = PAGE.splitlines().index("```{solution-start}") + 1
    assert f"{src / 'ex.md'}:{line}: ERROR: `solution-start` has no " \
           "`solution-end`" in result.stderr, result.stderr

"""Pure text functions of the extension: cell fences, front matter, CJK."""

import pytest
from bookbuild import code_page

from book.cjk_text import join_cjk_lines
from book.source_checks import CODE_CELL, front_matter_problem, unclosed_fence


def code_cell_lines(text):
    return [i for i, line in enumerate(text.splitlines(), 1)
            if CODE_CELL.match(line)]


def test_code_cell_pattern_finds_the_opening_fences():
    text = code_page("P", "x = 1", "y = 2")
    assert code_cell_lines(text) == [10, 14]
    assert CODE_CELL.match("::::{code-cell} python").group(1) == "::::"
    # Four spaces make an indented code block, not a fence.
    assert code_cell_lines("    ```{code-cell}\n```{code-block}\n") == []


def test_unclosed_fence_names_the_opening_line():
    assert unclosed_fence(code_page("P", "x = 1")) is None
    text = "# T\n\n```{note}\nnever closed\n\n## Exercises\n"
    assert unclosed_fence(text) == (3, "```{note}")
    # A shorter or different fence does not close it.
    assert unclosed_fence("````python\nx\n```\n~~~~\n") == (1, "````python")
    assert unclosed_fence(":::{tip}\nx\n:::\n") is None


@pytest.mark.parametrize("text, expected", [
    ("# No front matter\n", None),
    ("---\ntitle: ok\n---\n# T\n", None),
    ("---\nkernelspec: [name: x\n  y: z\n---\n", 3),
    ("---\ntitle: x\n\n# never closed\n", 1),
])
def test_front_matter_problem_names_the_line(text, expected):
    problem = front_matter_problem(text)
    assert (problem and problem[0]) == expected
    if expected == 1:
        assert "never closed" in problem[1]
    elif expected:
        assert problem[1].startswith("the front matter is not valid YAML")


def test_join_cjk_lines_only_between_cjk_characters():
    assert join_cjk_lines("深度\n学习") == "深度学习"
    assert join_cjk_lines("梯度，\n  下降。") == "梯度，下降。"
    assert join_cjk_lines("MXNet\n框架") == "MXNet\n框架"
    assert join_cjk_lines("框架\nMXNet") == "框架\nMXNet"
    assert join_cjk_lines("deep\nlearning") == "deep\nlearning"

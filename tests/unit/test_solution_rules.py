"""Every exercise has a solution (book/solutions.py), in both languages,
with the same number of exercises and solutions and identical solution
code (identical code cells are test_parity's; this checks the counts).
Every page with exercises, and every new one, must solve all of them.
"""

import re

import pytest
from helpers import DOCS, LANGS, source_pages

EXERCISES = {"zh": "## 练习", "en": "## Exercises"}
#: A top-level numbered item: one exercise.
ITEM = re.compile(r"^\d+\. ", re.MULTILINE)
START = re.compile(r"^(`{3,}|:{3,})\{solution-start\}", re.MULTILINE)
END = re.compile(r"^(`{3,}|:{3,})\{solution-end\}", re.MULTILINE)


def exercise_section(lang, docname):
    text = (DOCS / lang / f"{docname}.md").read_text(encoding="utf-8")
    head = text.find("\n" + EXERCISES[lang] + "\n")
    return None if head < 0 else text[head:]


def counts(lang, docname):
    """(exercises, solution starts, solution ends) of a page."""
    section = exercise_section(lang, docname)
    # Code cells inside solutions may hold lines like "1. "; skip fences.
    prose = re.sub(r"^```\{code-cell\}.*?^```$", "", section,
                   flags=re.MULTILINE | re.DOTALL)
    return (len(ITEM.findall(prose)), len(START.findall(section)),
            len(END.findall(section)))


PAGES = [p for p in source_pages("en") if exercise_section("en", p)]


@pytest.mark.parametrize("docname", PAGES)
def test_every_exercise_has_a_solution(docname):
    for lang in LANGS:
        exercises, starts, ends = counts(lang, docname)
        assert exercises > 0
        assert starts == ends == exercises, (
            f"docs/{lang}/{docname}.md: {exercises} exercises, {starts} "
            f"solutions ({ends} solution-end markers)")


@pytest.mark.parametrize("docname", PAGES)
def test_same_number_of_exercises_and_solutions_in_zh_and_en(docname):
    assert counts("zh", docname) == counts("en", docname)


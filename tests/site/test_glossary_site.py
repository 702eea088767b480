"""The built zh glossary (pinyin order, letter index, synonyms) and search by
synonym in a real browser. Slow: needs the built site."""

import re

import pytest
from browser import chromium, serve
from test_search import search

pytestmark = pytest.mark.slow

#: (synonym a reader may type, a page that teaches the term)
SYNONYMS = [
    ("裁剪平均值", "before-you-start/what-is-deep-learning"),
    ("最大似然估计", "deep-learning-basics/linear-regression"),
    ("超参数调优", "deep-learning-basics/hyperparameters"),
    ("自动微分", "before-you-start/what-is-deep-learning"),
]


def glossary_html(site, lang):
    return (site / lang / "glossary.html").read_text(encoding="utf-8")


def test_zh_glossary_is_sorted_by_pinyin_with_letter_index(site):
    html = glossary_html(site, "zh")
    letters = re.findall(
        r'<p class="[^"]*\brubric\b[^"]*" id="glossary-letter-[^"]+">'
        r"([A-Z#])</p>", html)
    assert letters and letters == sorted(letters), letters
    index = re.search(r'class="d2l-glossary-letters">(.*?)</p>', html, re.S)
    assert index and re.findall(r">([A-Z#])</a>", index[1]) == letters
    terms = re.findall(r'<dt id="term-[^"]+">([^<]+)</dt>', html)
    # biao < can < tiao (调参, a heteronym) < zhang
    positions = [terms.index(t) for t in ("标签", "参数", "调参", "张量")]
    assert positions == sorted(positions), terms


def test_zh_glossary_shows_synonyms(site):
    assert "又称：裁剪平均值、截断均值、修剪均值" in glossary_html(site, "zh")


def test_search_by_synonym_finds_the_teaching_page(site):
    missed = []
    with serve(site) as base, chromium() as browser:
        page = browser.new_page()
        for query, expected in SYNONYMS:
            found = search(page, base, "zh", query)
            if expected not in found:
                missed.append(f"{query}: {expected} not in {sorted(found)}")
    assert not missed, "\n".join(missed)

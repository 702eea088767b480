"""Full-text search in both languages: the index and the real search page."""

import json
import re
from urllib.parse import quote

import pytest

pytestmark = pytest.mark.slow

#: (language, query, a page that must be among the results). Queries are
#: words from body text; several zh queries are phrases jieba splits.
QUERIES = [
    ("zh", "反向传播", "before-you-start/what-is-deep-learning"),
    ("zh", "链式法则", "before-you-start/what-is-deep-learning"),
    ("zh", "深度学习", "before-you-start/what-is-deep-learning"),
    ("zh", "截尾均值", "before-you-start/what-is-deep-learning"),
    ("zh", "激活函数", "before-you-start/what-is-deep-learning"),
    ("zh", "矩阵乘法", "before-you-start/gpu-vs-cpu"),
    ("zh", "吞吐量", "before-you-start/gpu-vs-cpu"),
    ("zh", "自动求梯度", "before-you-start/mxnet-and-gluon"),
    ("zh", "神经网络", "before-you-start/what-is-deep-learning"),
    ("en", "backpropagation", "before-you-start/what-is-deep-learning"),
    ("en", "chain rule", "before-you-start/what-is-deep-learning"),
    ("en", "deep learning", "before-you-start/what-is-deep-learning"),
    ("en", "trimmed mean", "before-you-start/what-is-deep-learning"),
    ("en", "activation functions", "before-you-start/what-is-deep-learning"),
    ("en", "matrix multiplication", "before-you-start/gpu-vs-cpu"),
    ("en", "throughput", "before-you-start/gpu-vs-cpu"),
    ("en", "Gluon interface", "before-you-start/mxnet-and-gluon"),
    # Part 2
    ("zh", "广播", "data-manipulation/ndarray"),
    ("zh", "梯度", "data-manipulation/autograd"),
    ("zh", "头梯度", "data-manipulation/autograd"),
    ("en", "broadcasting", "data-manipulation/ndarray"),
    ("en", "gradient", "data-manipulation/autograd"),
    ("en", "head gradient", "data-manipulation/autograd"),
    # Part 3: linear regression
    ("zh", "超参数", "deep-learning-basics/hyperparameters"),
    ("zh", "小批量随机梯度下降", "deep-learning-basics/linear-regression"),
    ("zh", "解析解", "deep-learning-basics/linear-regression"),
    ("zh", "数值解", "deep-learning-basics/linear-regression"),
    ("zh", "学习率太大", "deep-learning-basics/hyperparameters"),
    ("en", "hyperparameters", "deep-learning-basics/hyperparameters"),
    ("en", "minibatch stochastic gradient descent",
     "deep-learning-basics/linear-regression"),
    ("en", "analytical solution", "deep-learning-basics/linear-regression"),
    ("en", "numerical solution", "deep-learning-basics/linear-regression"),
    # Part 3: softmax regression
    ("zh", "softmax", "deep-learning-basics/softmax-regression"),
    ("zh", "交叉熵", "deep-learning-basics/softmax-regression"),
    ("zh", "独热", "deep-learning-basics/softmax-regression"),
    ("zh", "运动鞋", "deep-learning-basics/fashion-mnist"),
    ("en", "softmax", "deep-learning-basics/softmax-regression"),
    ("en", "cross-entropy", "deep-learning-basics/softmax-regression"),
    ("en", "one-hot", "deep-learning-basics/softmax-regression"),
    ("en", "sneaker", "deep-learning-basics/fashion-mnist"),
]


def load_index(site, lang):
    text = (site / lang / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(re.match(r"Search\.setIndex\((.*)\)\s*$", text, re.S)[1])


def test_chinese_terms_are_whole_words_in_the_index(site):
    terms = load_index(site, "zh")["terms"]
    # Without jieba the index has no Chinese at all; without the book's
    # dictionary, 超参数 is only indexed as 参数.
    for term in ("反向传播", "链式法则", "深度学习", "截尾均值", "超参数",
                 "小批量随机梯度下降", "解析解", "数值解", "交叉熵"):
        assert term in terms, f"{term} missing from the zh search index"


def test_english_index_is_stemmed(site):
    terms = load_index(site, "en")["terms"]
    assert "backpropag" in terms and "gradient" in terms


def search(page, base, lang, query):
    """Run the search page for ``query``; return the result docnames."""
    page.goto(f"{base}/{lang}/search.html?q={quote(query)}")
    page.wait_for_function(
        "() => { const s = document.querySelector('#search-results "
        ".search-summary'); return s && s.textContent.trim().length > 0; }",
        timeout=20000)
    hrefs = page.eval_on_selector_all(
        "#search-results ul.search li a",
        "els => els.map(e => e.getAttribute('href'))")
    return {re.sub(r"\.html.*$", "", h) for h in hrefs}


def test_search_page_finds_body_text_terms(base, browser):
    errors, missed = [], []
    page = browser.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    for lang, query, expected in QUERIES:
        found = search(page, base, lang, query)
        if expected not in found:
            missed.append(f"{lang} {query!r}: {sorted(found)}")
    page.close()
    assert not errors, f"script errors on the search page: {errors}"
    assert not missed, "expected page not found:\n" + "\n".join(missed)


def test_chinese_phrase_is_split_into_indexed_terms(base, browser):
    """梯度下降 is indexed as 梯度 + 下降; the query must still match."""
    page = browser.new_page()
    found = search(page, base, "zh", "梯度下降")
    split = page.evaluate("splitQuery('用梯度下降训练')")
    page.close()
    assert found, "梯度下降 found nothing"
    # 用 is a single character (not indexed); the rest are index terms.
    assert split in (["梯度下降", "训练"], ["梯度", "下降", "训练"]), split

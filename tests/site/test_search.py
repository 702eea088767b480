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


def search(page, base, lang, query, expected=None):
    """Run the search page for ``query``; return the result docnames.

    With ``expected`` (a docname), stop waiting once its result is shown:
    Sphinx fetches every result's page for its snippet before it writes
    the summary, and those fetches were most of this file's 50 s."""
    page.goto(f"{base}/{lang}/search.html?q={quote(query)}")
    page.wait_for_function(
        "expected => { const s = document.querySelector('#search-results "
        ".search-summary'); return (s && s.textContent.trim().length > 0) "
        "|| (expected !== null && [...document.querySelectorAll("
        "'#search-results ul.search li a')].some(a => a.getAttribute('href')"
        ".replace(/\\.html.*$/, '') === expected)); }",
        arg=expected, timeout=60000)
    hrefs = page.eval_on_selector_all(
        "#search-results ul.search li a",
        "els => els.map(e => e.getAttribute('href'))")
    return {re.sub(r"\.html.*$", "", h) for h in hrefs}


def test_search_page_finds_body_text_terms(base, browser):
    errors, missed = [], []
    page = browser.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    for lang, query, expected in QUERIES:
        found = search(page, base, lang, query, expected)
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


def _text_and_solution_spans(html):
    """The page's main text as Sphinx's snippet code sees it, and the
    (start, end, id) spans of that text that lie in a worked solution."""
    from bs4 import BeautifulSoup, NavigableString

    main = BeautifulSoup(html, "html.parser").select_one('[role="main"]')
    for junk in main.select(".headerlink, script, style"):
        junk.decompose()
    text, spans = "", []
    for node in main.descendants:
        if isinstance(node, NavigableString) and type(node) is NavigableString:
            solution = node.find_parent("details", class_="d2l-solution")
            if solution is not None:
                spans.append((len(text), len(text) + len(node),
                              solution["id"]))
            text += str(node)
    return text, spans


def term_found_first_in_a_solution(site, lang):
    """An index term (not a title term) whose first match on its page lies
    in a solution; returns (term, docname, solution id), rarest term first."""
    import snowballstemmer

    index = load_index(site, lang)
    stem = snowballstemmer.stemmer("porter").stemWord
    candidates = []
    for term, docs in index["terms"].items():
        docs = docs if isinstance(docs, list) else [docs]
        if term in index["titleterms"] or len(docs) > 2:
            continue
        if lang == "en" and not (term.isalpha() and len(term) >= 6
                                 and stem(term) == term):
            continue
        if lang == "zh" and not re.fullmatch(r"[\u4e00-\u9fff]{2,}", term):
            continue
        candidates.append((len(docs), term, docs))
    pages = {}
    for _, term, docs in sorted(candidates):
        for doc in docs:
            docname = index["docnames"][doc]
            if docname not in pages:
                pages[docname] = _text_and_solution_spans(
                    (site / lang / f"{docname}.html").read_text("utf-8"))
            text, spans = pages[docname]
            at = text.lower().find(term)
            hit = [sid for start, end, sid in spans if start <= at < end]
            if at >= 0 and hit:
                return term, docname, hit[0]
    return None


@pytest.mark.parametrize("lang, label", [("zh", "参考答案"), ("en", "Solution")])
def test_a_result_found_in_a_solution_says_so_and_opens_it(
        site, base, browser, lang, label):
    found = term_found_first_in_a_solution(site, lang)
    assert found, f"no {lang} index term is found first in a solution"
    term, docname, solution_id = found
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    assert docname in search(page, base, lang, term), (term, docname)
    result = page.locator(f'#search-results li:has(a[href^="{docname}.html"])')
    badge = result.locator(".d2l-solution-badge")
    # The badge comes after the search page has fetched the result pages
    # for their snippets: 9 s for both languages on a quiet machine, over
    # 20 s once (a fresh-clone `make test` with other work alongside).
    badge.wait_for(timeout=60000)
    number = solution_id.removeprefix("solution-")
    assert badge.inner_text().strip() == f"{label} {number}", term
    link = result.locator("a").first
    assert link.get_attribute("href").endswith(f"#{solution_id}")
    link.click()
    page.wait_for_url(f"**/{docname}.html*#{solution_id}")
    details = page.locator(f"details#{solution_id}")
    details.wait_for()
    page.wait_for_function(
        f"() => document.getElementById('{solution_id}').open")
    page.close()
    assert not errors, errors

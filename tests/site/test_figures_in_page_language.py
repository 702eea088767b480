"""Plots speak the page's language: the text drawn on a zh page's figures
is Chinese and on an en page's English, from one shared execution
(book/kernel_plots.py, book/plot_language.py)."""

import re
from pathlib import Path

from helpers import HTML, source_pages

from book import kernel_plots

CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef]")
#: Words that stay as they are on a Chinese figure: names and symbols.
NAMES = {"MXNet", "Gluon", "ReLU", "relu", "sigmoid", "tanh", "softmax",
         "Xavier", "DataLoader", "AMD", "EPYC", "Intel", "GFLOP", "lr", "nd",
         "dot", "sgd", "nn", "Dense", "Trainer", "NumPy", "CPU", "GPU",
         "fixed", "hypergradient",
         # optimisers as Gluon names them and as papers do (Part 7)
         "adam", "adagrad", "rmsprop", "adadelta",
         "AdaGrad", "RMSProp", "AdaDelta", "Adam",
         # networks' names (the modern-CNN comparison labels its points)
         "AlexNet", "VGG", "NiN", "GoogLeNet", "ResNet", "DenseNet"}
WORD = re.compile(r"(?<![\\$\w])[A-Za-z]{3,}(?![\w$])")
#: An SVG image of a page (a regular expression: parsing every page with
#: BeautifulSoup took most of these tests' 29 s).
SVG_IMG = re.compile(r"<img\b[^>]*\bsrc=\"([^\"]+\.svg)\"")


def figure_texts(lang, docname):
    """The texts drawn on each SVG figure of a built page."""
    page = HTML / lang / f"{docname}.html"
    texts = []
    for src in SVG_IMG.findall(page.read_text(encoding="utf-8")):
        svg = (page.parent / src).resolve()
        if "_images" not in svg.parts:
            continue
        text = svg.read_text(encoding="utf-8")
        if "https://matplotlib.org/" not in text[:1500]:
            continue  # a drawing made by hand, not a plot
        comments = re.findall(r"<!-- (.*?) -->", text, re.S)
        texts.append([c for c in comments if not c.startswith("Created with")])
    return texts


def test_zh_figures_are_labelled_in_chinese(site):
    labels = kernel_plots.load_labels()
    chinese, english = 0, {}
    for docname in source_pages("zh"):
        for texts in figure_texts("zh", docname):
            chinese += any(CJK.search(t) for t in texts)
            for text in texts:
                if "$" in text:  # math
                    continue
                words = [w for w in WORD.findall(text) if w not in NAMES]
                if kernel_plots.translate(text, labels) or words:
                    english.setdefault(docname, []).append(text)
    assert chinese >= 10, f"only {chinese} zh figures have Chinese text"
    assert not english, ("English on zh figures (add the words to "
                         f"docs/_data/plot_labels.yml): {english}")


def test_en_figures_have_no_chinese(site):
    chinese = {d: t for d in source_pages("en")
               for t in figure_texts("en", d) if any(CJK.search(x) for x in t)}
    assert not chinese, chinese


def test_the_label_table_is_where_the_tests_read_it():
    assert Path(kernel_plots.__file__).parents[1].joinpath(
        "docs", "_data", "plot_labels.yml").is_file()

"""Figures in both languages from one execution: the label table, the
kernel side (two tagged outputs per figure) and the readers' notebook."""

import pytest

from book import kernel_plots, plot_language
from book.notebooks import readers_notebook


def test_labels_translate_exactly_and_by_pattern():
    labels = kernel_plots.load_labels()
    assert kernel_plots.translate("train loss", labels) == "训练损失"
    assert kernel_plots.translate("batch size 64", labels) == "批量大小 64"
    assert kernel_plots.translate("CPU: AMD EPYC (2 cores)", labels) \
        == "CPU：AMD EPYC（2 核）"
    assert kernel_plots.translate("$x$", labels) is None
    assert kernel_plots.translate("train loss!", labels) is None


def test_every_label_has_chinese_or_a_symbol():
    import re

    exact, patterns = kernel_plots.load_labels()
    for en, zh in [*exact.items(), *((p.pattern, z) for p, z in patterns)]:
        # Chinese words, or a symbol in place of a spelled-out name (λ).
        assert re.search(r"[\u4e00-\u9fff]", zh) or (
            len(zh) == 1 and not zh.isascii()), (en, zh)


def test_a_figure_is_shown_in_both_languages(monkeypatch):
    import matplotlib
    from matplotlib import pyplot as plt

    import d2l

    matplotlib.use("Agg")
    d2l.use_book_style()  # the CJK font, as on the pages
    # Figures an earlier test of this worker left open would be shown too.
    plt.close("all")

    shown = []
    monkeypatch.setattr("IPython.display.display",
                        lambda data, raw, metadata=None:
                        shown.append((data, metadata)))
    _, ax = plt.subplots()
    ax.plot([1, 2], [3, 4], label="train loss")
    ax.set_xlabel("epoch")
    ax.set_ylabel("$x$")
    ax.legend()
    _, bars = plt.subplots()  # categorical tick labels are redrawn
    bars.barh(["in-memory", "preloaded"], [0.2, 0.3])
    plt.figure()  # nothing to translate: shown once, untagged
    kernel_plots.show_figures(kernel_plots.load_labels())
    assert [m for _, m in shown] == [{"d2l_lang": "en"}, {"d2l_lang": "zh"},
                                     {"d2l_lang": "en"}, {"d2l_lang": "zh"},
                                     None]
    (en, _), (zh, _), (bars_en, _), (bars_zh, _), _ = shown
    assert "<!-- preloaded -->" in bars_en["image/svg+xml"]
    assert "<!-- 预先切好 -->" in bars_zh["image/svg+xml"]
    assert "<!-- 内存中切片 -->" in bars_zh["image/svg+xml"]
    assert "<!-- epoch -->" in en["image/svg+xml"]
    assert "<!-- 迭代周期 -->" in zh["image/svg+xml"]
    assert "<!-- 训练损失 -->" in zh["image/svg+xml"]
    assert "<!-- $x$ -->" in zh["image/svg+xml"]
    assert plt.get_fignums() == []
    assert "<dc:date>" not in en["image/svg+xml"]  # same bytes on rebuilds


def figure(lang=None):
    return {"output_type": "display_data", "data": {"image/svg+xml": lang},
            "metadata": {} if lang is None else {"d2l_lang": lang}}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_language_keeps_its_own_figures(lang):
    outputs = [figure("en"), figure("zh"), figure()]
    kept = [o for o in outputs if not plot_language.other_language(o, lang)]
    assert [o["data"]["image/svg+xml"] for o in kept] == [lang, None]
    nb = readers_notebook({"metadata": {}, "cells": [
        {"cell_type": "code", "metadata": {}, "source": "plot()",
         "outputs": outputs}]}, lang)
    assert [o["data"]["image/svg+xml"] for o in nb["cells"][0]["outputs"]] \
        == [lang, None]


def test_a_label_edit_re_keys_and_re_reads_the_executed_pages(tmp_path,
                                                               monkeypatch):
    """The labels shape the outputs, so they are part of the execution
    cache's key and a dependency of every executed page."""
    from types import SimpleNamespace

    from book import executor

    labels = tmp_path / "plot_labels.yml"
    labels.write_text("epoch: 迭代周期\n", encoding="utf-8")
    monkeypatch.setattr(executor, "KERNEL_INPUTS", (labels,))
    executor.helpers_fingerprint.cache_clear()
    before = executor.helpers_fingerprint()
    labels.write_text("epoch: 轮\n", encoding="utf-8")
    executor.helpers_fingerprint.cache_clear()
    assert executor.helpers_fingerprint() != before
    executor.helpers_fingerprint.cache_clear()

    noted = []
    env = SimpleNamespace(docname="page", note_dependency=noted.append)
    monkeypatch.setattr(executor.NbMetadataCollector, "get_exec_data",
                        lambda env, docname: {"d2l_status": "executed"})
    executor._depend_on_helpers(SimpleNamespace(env=env), None)
    assert str(labels) in noted

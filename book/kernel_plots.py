"""Figures in both languages from one execution (runs inside the kernels).

The zh and en pages share one execution of their identical code, so a
figure cannot know which page it is for. Instead, every figure a cell
leaves open is shown twice: once as the code drew it (English), once with
its words translated through docs/_data/plot_labels.yml (Chinese). Each
copy is a display output tagged ``{"d2l_lang": "en" | "zh"}``; the build
keeps each page's own (book/plot_language.py), and so does the page's
downloaded notebook. A figure with nothing to translate is shown once,
untagged.

book/plot_language.py loads this module into the book's kernels with an
IPython startup file; a reader's Jupyter never runs it.
"""

import io
import re
import sys

#: Output metadata key that names a figure's language.
LANG_KEY = "d2l_lang"


def load_labels(path=None):
    """Return (exact: {en: zh}, patterns: [(regex, zh template)])."""
    import yaml

    from .layout import ROOT

    path = path or ROOT / "docs" / "_data" / "plot_labels.yml"
    table = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    exact, patterns = {}, []
    for en, zh in table.items():
        if "{}" in en:  # "batch size {}": each {} part is kept as it is
            regex = re.escape(en).replace(r"\{\}", "(.+?)")
            patterns.append((re.compile(f"^{regex}$"), zh))
        else:
            exact[en] = zh
    return exact, patterns


def translate(text, labels):
    """Return text in Chinese, or None when the table has no entry."""
    exact, patterns = labels
    if text in exact:
        return exact[text]
    for regex, zh in patterns:
        match = regex.match(text)
        if match:
            pieces = zh.split("{}")
            kept = [*match.groups(), ""]
            return "".join(p + k for p, k in zip(pieces, kept))
    return None


def _svg(fig):
    buffer = io.StringIO()
    # As matplotlib-inline shows a figure; no date, so a rebuild of the
    # same code draws the same bytes (svg.hashsalt fixes the ids).
    fig.savefig(buffer, format="svg", bbox_inches="tight",
                metadata={"Date": None})
    return buffer.getvalue()


def _translate_ticks(fig, labels):
    """Fix translated tick labels (a categorical axis would redraw its own
    names over set_text); return how many changed."""
    changed = 0
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            texts = [t.get_text() for t in axis.get_ticklabels()]
            zh = [translate(t, labels) for t in texts]
            if any(z is not None for z in zh):
                axis.set_ticks(axis.get_ticklocs(),
                               labels=[z or t for z, t in zip(zh, texts)])
                changed += sum(z is not None for z in zh)
    return changed


def show_figures(labels):
    """Show every open figure in English and Chinese, then close it."""
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is None:
        return
    from IPython.display import display
    from matplotlib.text import Text

    for number in plt.get_fignums():
        fig = plt.figure(number)
        english = _svg(fig)  # drawing it also makes the tick labels
        changed = _translate_ticks(fig, labels)
        for text in fig.findobj(Text):
            zh = translate(text.get_text(), labels)
            if zh is not None:
                text.set_text(zh)
                changed += 1
        plain = {"text/plain": repr(fig)}
        if not changed:
            display({**plain, "image/svg+xml": english}, raw=True)
            continue
        display({**plain, "image/svg+xml": english}, raw=True,
                metadata={LANG_KEY: "en"})
        display({**plain, "image/svg+xml": _svg(fig)}, raw=True,
                metadata={LANG_KEY: "zh"})
    plt.close("all")


def install(ipython):
    """Show figures this way after every cell, before matplotlib-inline
    would show (and close) them in one language."""
    labels = load_labels()
    callbacks = ipython.events.callbacks["post_execute"]
    callbacks.insert(0, lambda: show_figures(labels))

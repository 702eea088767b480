"""The book's default social image: both titles on a 1200 x 630 card.

Open Graph and Twitter cards show it when a page of the published site is
shared. It is drawn once per build with matplotlib and the CJK font the
plots use, so nothing is committed as a binary.
"""

from pathlib import Path

from . import languages, web

SIZE = (12, 6.3)  # inches at 100 dpi: 1200 x 630 pixels
COLOURS = {"background": "#1f3b57", "title": "#ffffff", "subtitle": "#c9d8e6"}


def draw(path):
    """Write the card as a PNG to ``path`` and return it."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    from d2l.plotting import cjk_font_name

    zh, en = (languages.text(lang, "title") for lang in ("zh", "en"))
    fig = plt.figure(figsize=SIZE, dpi=100, facecolor=COLOURS["background"])
    font = ["DejaVu Sans", cjk_font_name()]
    fig.text(0.07, 0.60, zh, fontsize=64, color=COLOURS["title"],
             family=font, weight="bold")
    fig.text(0.07, 0.42, en, fontsize=44, color=COLOURS["title"], family=font)
    fig.text(0.07, 0.18, "MXNet · 中文 / English", fontsize=26,
             color=COLOURS["subtitle"], family=font)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100, facecolor=COLOURS["background"],
                metadata={"Software": None})
    plt.close(fig)
    return path


def _write(app, exception):
    if exception is None and app.config.d2l_base_url and \
            app.builder.format == "html":
        draw(Path(app.outdir) / web.SOCIAL_IMAGE)


def setup(app):
    app.connect("build-finished", _write)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

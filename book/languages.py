"""The book's two languages and the words its extension writes in each."""

from .layout import LANG_ENV

LANGUAGES = {
    "zh": {
        "sphinx": "zh_CN",
        "html_lang": "zh-CN",
        "hreflang": "zh-Hans",
        "og_locale": "zh_CN",
        "title": "动手学深度学习",
        "author": "动手学深度学习社区",
        "switch_label": "English",
        "provenance": "本页输出由 MXNet {mxnet} 在 {device} 上执行生成（{date}）。",
        "no_outputs": "本页没有需要执行的代码。",
        "solution": "参考答案",
    },
    "en": {
        "sphinx": "en",
        "html_lang": "en",
        "hreflang": "en",
        "og_locale": "en_US",
        "title": "Dive into Deep Learning",
        "author": "The Dive into Deep Learning community",
        "switch_label": "中文",
        "provenance": "The outputs on this page were produced by MXNet {mxnet} "
                      "on {device} ({date}).",
        "no_outputs": "This page has no executed code.",
        "solution": "Solution",
    },
}


def text(lang, key):
    """Return the book's word ``key`` in language ``lang``."""
    return LANGUAGES[lang][key]


def other(lang):
    """Return the code of the book's other language."""
    return "en" if lang == "zh" else "zh"


def checked(lang):
    """Return ``lang`` (conf.py's D2L_BOOK_LANG) if the book has it."""
    if lang not in LANGUAGES:
        raise SystemExit(
            f"{LANG_ENV} must be one of {sorted(LANGUAGES)} (got {lang!r}). "
            "Build with `make html`, `make html-zh` or `make html-en`.")
    return lang

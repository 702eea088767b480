"""The book's two languages and every word its extension writes in each.

One table: a module asks ``text(lang, key)`` and never keeps strings of
its own, so the two languages cannot drift apart (tests/unit checks that
they have the same keys, nested ones included).
"""

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
        "solution": "参考答案",
        "solutions": "练习参考答案",
        "exercise": "练习 {n}",
        "solution_page": "参考答案见第 {page} 页",
        # The download menu's entries for the whole book (book/downloads.py).
        "whole_book": "全书 {fmt}",
        # The PDF's names and chapter heads (book/latex.py).
        "latex_preamble": r"""
\renewcommand{\contentsname}{目录}
\renewcommand{\appendixname}{附录}
\renewcommand{\bibname}{参考文献}
\renewcommand{\figurename}{图}
\renewcommand{\tablename}{表}
\makeatletter
\def\d2lchapterlabel{第\thechapter 章}
\g@addto@macro\appendix{\gdef\d2lchapterlabel{附录\thechapter}}
\makeatother
\titleformat{\chapter}[display]{\normalfont\bfseries}
  {\LARGE\d2lchapterlabel}{16pt}{\Huge}
\AtBeginDocument{\renewcommand{\chaptermark}[1]{\markboth{\d2lchapterlabel\quad #1}{}}}
""",
        "comparison": {"network": "网络", "params": "参数（百万）",
                       "macs": "乘加（十亿次）", "input": "论文输入尺寸",
                       "scale": "训练规模", "cpu_scale": "CPU 规模",
                       "full_scale": "完整规模", "epoch_time": "每周期（秒）",
                       "test_acc": "测试准确率", "plot_x": "训练用时（秒）",
                       "plot_y": "测试准确率",
                       "alt": "各网络的测试准确率与训练用时",
                       "summary": "在本次构建的规模下，{best} 的测试准确率最高"
                                  "（{acc}），{fastest} 训练最快（每个迭代周期 "
                                  "{seconds} 秒）；按论文的尺寸，{largest} 的参数"
                                  "最多（{params} 百万个）。"},
        "cost": {"executed": "本次构建用时 {seconds} 秒",
                 "cached": "用时 {seconds} 秒（取自执行缓存）",
                 "cpu_scale": "CPU 规模；完整规模建议使用 GPU",
                 "full_scale": "完整规模", "sep": " · "},
        "toggle_label": "展开或收起“{title}”",
        "footer": "本书由提交 {commit} 构建。",
        "not_found": ("页面不存在", "找不到这个页面",
                      "它可能已被移动或改名。请回到<a href=\"{home}\">本书首页</a>，"
                      "或者用搜索找找。"),
        # Meta descriptions: a Chinese character carries about as much as
        # an English word and a half.
        "description_chars": 120,
        "alias_label": "又称：",
        "alias_sep": "、",
        "report": {"page": "页面", "status": "来源", "runtime": "运行时间（秒）",
                   "scale": "训练规模",
                   "device": "设备", "mxnet": "MXNet", "date": "日期",
                   "executed": "本次构建执行", "cached": "执行缓存",
                   "unchanged": "未变（沿用上次构建）", "total": "合计",
                   "same_for_all": "所有页面相同——", "sep": "；",
                   "colon": "：", "end": "。"},
        "weight": {"summary": "共 {n} 个页面；首屏传输量（gzip）最重的是 {page}，"
                              "{kib} KiB；预算 {budget} KiB，超出预算的页面：{over}。",
                   "none": "无", "page": "页面", "total": "合计（KiB）",
                   "html": "HTML（KiB）", "heaviest": "其中最重的文件",
                   "asset": "文件", "kib": "gzip 后（KiB）",
                   "pages": "加载它的页面数", "image": "图片（滚动到时才加载）",
                   "on": "所在页面"},
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
        "solution": "Solution",
        "solutions": "Solutions to the exercises",
        "exercise": "Exercise {n}",
        "solution_page": "Solution on page {page}",
        "whole_book": "Whole book, {fmt}",
        "latex_preamble": r"""
\addto\captionsenglish{\renewcommand{\bibname}{References}}
""",
        "comparison": {"network": "Network", "params": "Parameters (M)",
                       "macs": "MACs (G)", "input": "Published input",
                       "scale": "Trained at", "cpu_scale": "CPU scale",
                       "full_scale": "full scale",
                       "epoch_time": "s per epoch", "test_acc": "Test acc.",
                       "plot_x": "training time (s)",
                       "plot_y": "test accuracy",
                       "alt": "Test accuracy of each network against its "
                              "training time",
                       "summary": "At this build's scale, {best} reached the "
                                  "highest test accuracy ({acc}) and {fastest} "
                                  "trained fastest ({seconds} s per epoch); at "
                                  "the published sizes, {largest} has the most "
                                  "parameters ({params} million)."},
        "cost": {"executed": "{seconds} s on this build",
                 "cached": "{seconds} s (from the execution cache)",
                 "cpu_scale": "CPU scale; GPU recommended for the full scale",
                 "full_scale": "full scale", "sep": " · "},
        "toggle_label": "Expand or collapse {title}",
        "footer": "Built from commit {commit}.",
        "not_found": ("Page not found", "This page does not exist",
                      "It may have moved or been renamed. Go back to the "
                      "<a href=\"{home}\">book's home page</a>, or try the "
                      "search."),
        "description_chars": 200,
        "alias_label": "Also: ",
        "alias_sep": ", ",
        "report": {"page": "Page", "status": "Outputs from",
                   "runtime": "Run time (s)", "scale": "Training scale",
                   "device": "Device",
                   "mxnet": "MXNet", "date": "Date",
                   "executed": "executed by this build",
                   "cached": "execution cache",
                   "unchanged": "unchanged (previous build)",
                   "total": "Total", "same_for_all": "The same for every "
                   "page: ", "sep": "; ", "colon": ": ", "end": "."},
        "weight": {"summary": "{n} pages; the heaviest at first render (gzip) "
                              "is {page} at {kib} KiB; the budget is {budget} "
                              "KiB, pages over it: {over}.",
                   "none": "none", "page": "Page", "total": "Total (KiB)",
                   "html": "HTML (KiB)", "heaviest": "Heaviest file in it",
                   "asset": "File", "kib": "gzip (KiB)",
                   "pages": "Pages that load it",
                   "image": "Image (loads when scrolled to)", "on": "Page"},
    },
}


def text(lang, key):
    """Return the book's word (or group of words) ``key`` in ``lang``."""
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

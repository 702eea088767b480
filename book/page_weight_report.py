"""The page-weight report: ``{d2l-page-weight}`` becomes tables of what the
built pages weigh (book/page_weight.py measures them).

They can only be measured once every page and asset is written, so the
directive leaves a marker that build-finished replaces in the written HTML
of the pages that hold it.
"""

from html import escape
from pathlib import Path

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from . import languages
from . import page_weight as pw

WEIGHT_MARKER = "<!-- d2l-page-weight -->"


class PageWeightDirective(SphinxDirective):
    def run(self):
        # Which pages to fill is recorded where the directive is, as
        # MyST-NB's execution tables do, not guessed from the docname.
        pages = getattr(self.env, "d2l_weight_pages", set())
        pages.add(self.env.docname)
        self.env.d2l_weight_pages = pages
        return [nodes.raw("", f'<div class="d2l-page-weight">{WEIGHT_MARKER}'
                          "</div>", format="html")]


def _html_table(head, rows):
    def cell(value, tag):
        text = value if isinstance(value, tuple) else (str(value), None)
        label, href = text
        inner = (f'<a href="{escape(href)}">{escape(label)}</a>' if href
                 else escape(label))
        return f"<{tag}>{inner}</{tag}>"
    # The theme's wrapper: a wide table scrolls on a phone.
    out = ['<div class="pst-scrollable-table-container">'
           '<table class="table d2l-page-weight-table"><thead><tr>']
    out += [cell(h, "th") for h in head]
    out.append("</tr></thead><tbody>")
    for row in rows:
        out.append("<tr>" + "".join(cell(v, "td") for v in row) + "</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)


def page_weight_html(site, labels, top=10):
    """The page-weight tables for the pages under ``site``."""
    site = Path(site)
    weights = pw.site_weights(site)
    kib = lambda b: f"{b / 1024:.1f}"  # noqa: E731
    ranked = sorted(weights.items(), key=lambda kv: -kv[1][0])
    over = [p for p, (t, _) in ranked if t > pw.BUDGET_KIB * 1024]
    page0, (total0, _) = ranked[0]
    summary = labels["summary"].format(
        n=len(weights), page=page0, kib=kib(total0), budget=pw.BUDGET_KIB,
        over=", ".join(over) or labels["none"])
    rows = []
    for page, (total, sizes) in ranked[:top]:
        path = (site / page).resolve()
        others = {p: s for p, s in sizes.items() if p != path}
        big = max(others, key=others.get)
        rows.append([(page, page), kib(total), kib(sizes[path]),
                     f"{big.relative_to(site.resolve())} ({kib(others[big])})"])
    assets, users = {}, {}
    for _, sizes in weights.values():
        for path, size in sizes.items():
            if path.suffix != ".html":
                assets[path] = size
                users[path] = users.get(path, 0) + 1
    asset_rows = [[str(p.relative_to(site.resolve())), kib(s), users[p]]
                  for p, s in sorted(assets.items(), key=lambda kv: -kv[1])[:top]]
    lazy = {}
    for page in weights:
        for path, size in pw.lazy_images(site / page, site).items():
            lazy.setdefault(path, (size, page))
    lazy_rows = [[str(p.relative_to(site.resolve())), kib(s), (page, page)]
                 for p, (s, page) in sorted(lazy.items(),
                                            key=lambda kv: -kv[1][0])[:5]]
    return "".join([
        f"<p>{escape(summary)}</p>",
        _html_table([labels["page"], labels["total"], labels["html"],
                     labels["heaviest"]], rows),
        _html_table([labels["asset"], labels["kib"], labels["pages"]],
                    asset_rows),
        _html_table([labels["image"], labels["kib"], labels["on"]], lazy_rows)
        if lazy_rows else "",
    ])


def _purge(app, env, docname):
    getattr(env, "d2l_weight_pages", set()).discard(docname)


def _merge(app, env, docnames, other):
    env.d2l_weight_pages = (getattr(env, "d2l_weight_pages", set()) |
                            (getattr(other, "d2l_weight_pages", set()) &
                             set(docnames)))


def _fill_page_weight(app, exception):
    if exception is not None or app.builder.name != "html":
        return
    for docname in sorted(getattr(app.env, "d2l_weight_pages", ())):
        path = Path(app.outdir) / f"{docname}.html"
        if not path.is_file():
            continue
        html = path.read_text(encoding="utf-8")
        if WEIGHT_MARKER not in html:
            continue
        tables = page_weight_html(app.outdir,
                                  languages.text(app.config.d2l_language, "weight"))
        path.write_text(html.replace(WEIGHT_MARKER, tables), encoding="utf-8")


def setup(app):
    app.add_directive("d2l-page-weight", PageWeightDirective)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    # After book/icons.py has cut the icon font (its size counts).
    app.connect("build-finished", _fill_page_weight, priority=800)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

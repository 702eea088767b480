"""Give the sidebar's section toggles an accessible name.

pydata-sphinx-theme folds each section of the navigation into a
``<details>`` whose ``<summary>`` holds only a chevron icon marked
``role="presentation"``, so a screen reader announces an unnamed control
(axe-core: ``summary-name``, serious, four times on every page). The theme
builds that HTML in the template function ``generate_toctree_html``; this
module wraps the function for each page and names every such summary after
the section it opens, in the page's language.
"""

from bs4 import BeautifulSoup
from markupsafe import Markup

from . import languages


def name_toggles(html, template):
    """Return the navigation HTML with an aria-label on each bare summary."""
    soup = html if isinstance(html, BeautifulSoup) else BeautifulSoup(
        str(html), "html.parser")
    for summary in soup.select("li.has-children > details > summary"):
        if summary.get_text(strip=True) or summary.has_attr("aria-label"):
            continue  # a caption summary already has its text as its name
        link = summary.find_parent("li").find("a", recursive=False)
        title = link.get_text(" ", strip=True) if link else ""
        summary["aria-label"] = template.format(title=title).strip()
    return soup if isinstance(html, BeautifulSoup) else Markup(str(soup))


def _wrap(app, pagename, templatename, context, doctree):
    generate = context.get("generate_toctree_html")
    if generate is None or getattr(generate, "d2l_named", False):
        return
    template = languages.text(app.config.d2l_language, "toggle_label")

    def generate_named(*args, **kwargs):
        return name_toggles(generate(*args, **kwargs), template)

    generate_named.d2l_named = True
    context["generate_toctree_html"] = generate_named


def setup(app):
    # After pydata-sphinx-theme puts generate_toctree_html in the context.
    app.connect("html-page-context", _wrap, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

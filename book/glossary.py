"""The ``d2l-glossary`` directive: a glossary page made from glossary.yml.

Each entry is a Sphinx glossary term, so ``{term}`` roles resolve to it,
and links to the same entry in the other language's glossary.
"""

import re

from docutils import nodes
from sphinx.domains.std import make_glossary_term
from sphinx.util.docutils import SphinxDirective

from . import glossary_data, languages


def anchor(entry):
    """Return the entry's HTML id, the same in both languages."""
    return "term-" + re.sub(r"[^a-z0-9]+", "-", entry["en"].lower()).strip("-")


class GlossaryDirective(SphinxDirective):
    """Render every glossary entry in the build's language."""

    def run(self):
        lang = self.config.d2l_language
        other = languages.other(lang)
        self.env.note_dependency(str(glossary_data.GLOSSARY))
        entries = glossary_data.load()
        entries.sort(key=lambda e: e["en"].lower())
        source, line = self.get_source_info()
        glossary = nodes.definition_list(classes=["glossary", "d2l-glossary"])
        up = "../" * (self.env.docname.count("/") + 1)
        for entry in entries:
            term = make_glossary_term(
                self.env, [nodes.Text(entry[lang])], None, source, line,
                anchor(entry), self.state.document)
            translation = nodes.reference(
                "", entry[other],
                refuri=f"{up}{other}/{self.env.docname}.html#{anchor(entry)}",
                classes=["d2l-glossary-translation"])
            translation["hreflang"] = languages.LANGUAGES[other]["html_lang"]
            definition = nodes.definition(
                "",
                nodes.paragraph("", "", translation),
                nodes.paragraph("", entry[f"{lang}_def"]))
            glossary += nodes.definition_list_item("", term, definition)
        return [glossary]


def setup(app):
    app.add_directive("d2l-glossary", GlossaryDirective)

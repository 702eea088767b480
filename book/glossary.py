"""The ``d2l-glossary`` directive: a glossary page made from glossary.yml.

Each entry is a Sphinx glossary term, so ``{term}`` roles resolve to it,
and links to the same entry in the other language's glossary. The zh
glossary is sorted by pinyin, the en one alphabetically; both open with an
index of initial letters. An entry's synonyms (``zh_aliases``) are shown in
the zh entry and become search index entries on every zh page that uses
the term, so a reader who searches for 裁剪平均值 lands on 截尾均值.
"""

import re
import string

from docutils import nodes
from sphinx import addnodes
from sphinx.domains.std import make_glossary_term
from sphinx.util.docutils import SphinxDirective

from . import _compat, glossary_data, languages


def anchor(entry):
    """Return the entry's HTML id, the same in both languages."""
    return "term-" + re.sub(r"[^a-z0-9]+", "-", entry["en"].lower()).strip("-")


def pinyin(entry):
    """Return the zh term's reading, e.g. 'chao1 can1 shu4' for 超参数.

    Latin parts (softmax) stay as they are; ``zh_pinyin`` overrides a
    heteronym that pypinyin reads wrongly.
    """
    if entry.get("zh_pinyin"):
        return entry["zh_pinyin"].lower()
    from pypinyin import Style, lazy_pinyin

    return " ".join(lazy_pinyin(entry["zh"], style=Style.TONE3)).lower()


def sort_key(entry, lang):
    """Key that sorts entries by pinyin (zh) or alphabetically (en)."""
    text = pinyin(entry) if lang == "zh" else entry["en"].lower()
    return text, entry[lang]


def initial(entry, lang):
    """Return the index letter of an entry: A-Z, or '#' for anything else."""
    first = sort_key(entry, lang)[0][:1].upper()
    return first if first in string.ascii_uppercase else "#"


def letter_id(letter):
    return "glossary-letter-" + ("other" if letter == "#" else letter.lower())


class GlossaryDirective(SphinxDirective):
    """Render every glossary entry in the build's language."""

    def run(self):
        lang = self.config.d2l_language
        self.env.note_dependency(str(glossary_data.GLOSSARY))
        entries = sorted(glossary_data.load(), key=lambda e: sort_key(e, lang))
        groups = {}
        for entry in entries:
            groups.setdefault(initial(entry, lang), []).append(entry)
        index = nodes.paragraph(classes=["d2l-glossary-letters"])
        for i, letter in enumerate(groups):
            if i:
                index += nodes.Text(" ")
            index += nodes.reference("", letter, refid=letter_id(letter))
        result = [index]
        for letter, group in groups.items():
            result.append(nodes.rubric("", letter, ids=[letter_id(letter)],
                                       classes=["d2l-glossary-letter"]))
            result.append(self.definitions(group, lang))
        return result

    def definitions(self, entries, lang):
        other = languages.other(lang)
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
            translation["hreflang"] = languages.text(other, "html_lang")
            definition = nodes.definition(
                "",
                nodes.paragraph("", "", translation),
                nodes.paragraph("", entry[f"{lang}_def"]))
            aliases = entry.get("zh_aliases") if lang == "zh" else None
            if aliases:
                definition += nodes.paragraph(
                    "", languages.text(lang, "alias_label") +
                    languages.text(lang, "alias_sep").join(aliases),
                    classes=["d2l-glossary-aliases"])
            glossary += nodes.definition_list_item("", term, definition)
        return glossary


def _index_aliases(app, doctree):
    """Make each synonym an index entry where a zh page first uses its term.

    Sphinx's search matches a whole query against index entries, so the
    synonym finds the pages that teach the term, not only the glossary.
    """
    if app.config.d2l_language != "zh":
        return
    aliases = {e["zh"].lower(): e.get("zh_aliases", [])
               for e in glossary_data.load() if e.get("zh_aliases")}
    done, entries = set(), []
    for i, ref in enumerate(list(doctree.findall(addnodes.pending_xref))):
        term = ref.get("reftarget", "").lower()
        if ref.get("reftype") != "term" or term not in aliases or term in done:
            continue
        # The search page shows the text of the anchored element as the
        # result's summary, so anchor the paragraph, not an empty target.
        block = ref.parent
        while block is not None and not isinstance(block, nodes.paragraph):
            block = block.parent
        if block is None:
            continue
        done.add(term)
        target_id = f"d2l-alias-{i}"
        block["ids"].append(target_id)
        entries += [(alias, target_id, "main") for alias in aliases[term]]
    if entries:
        app.env.d2l_alias_entries = getattr(app.env, "d2l_alias_entries", {})
        app.env.d2l_alias_entries[app.env.docname] = entries


def _purge(app, env, docname):
    getattr(env, "d2l_alias_entries", {}).pop(docname, None)


def _merge(app, env, docnames, other):
    entries = getattr(other, "d2l_alias_entries", {})
    env.d2l_alias_entries = getattr(env, "d2l_alias_entries", {})
    env.d2l_alias_entries.update({d: entries[d] for d in docnames
                                  if d in entries})


def _feed_search_index(app):
    """Give the search index every page's synonym entries.

    Sphinx 8.2 collects index entries only from the pages it writes in this
    build and does not keep them in the pickled environment, so after an
    incremental build the synonyms of unchanged pages would be missing.
    The entries live in the environment (recorded when a page is read) and
    go into the index before it is written (``html-collect-pages`` runs
    before ``dump_search_index``).
    """
    indexer = getattr(app.builder, "indexer", None)
    if indexer is None:
        return []
    index_entries = _compat.index_entries(indexer)
    for docname, entries in getattr(app.env, "d2l_alias_entries", {}).items():
        if docname in app.env.all_docs:
            merged = set(index_entries.get(docname, [])) | set(entries)
            index_entries[docname] = sorted(merged)
    return []


def setup(app):
    app.add_directive("d2l-glossary", GlossaryDirective)
    app.connect("doctree-read", _index_aliases)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("html-collect-pages", _feed_search_index)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

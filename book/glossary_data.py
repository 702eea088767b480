"""Read the book's bilingual glossary, the single source of its terms.

A mistake in glossary.yml is reported as a GlossaryError that names the
file, the line and what to do, so the build can print it as one line.
"""

import functools
from pathlib import Path

import yaml

from .layout import ROOT

#: One entry per term: zh, en, and a definition in each language.
GLOSSARY = ROOT / "docs" / "_data" / "glossary.yml"
FIELDS = ("zh", "en", "zh_def", "en_def")
#: zh_aliases: synonyms readers may search for (kept whole by the Chinese
#: search and shown in the entry); zh_pinyin: the reading of the zh term
#: when pypinyin gets a heteronym wrong (e.g. 调参 "tiao can").
OPTIONAL = ("zh_aliases", "zh_pinyin")


class GlossaryError(ValueError):
    """A problem in glossary.yml at a given line."""

    def __init__(self, path, line, message):
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


def load(path=GLOSSARY):
    """Return the glossary entries, checked; raise GlossaryError if broken.

    Parsed once per file version: every zh page read asks for the entries,
    and the cache is keyed on the path and its modification time, so an
    edit (sphinx-autobuild) is still seen. Treat the list as read-only.
    """
    path = Path(path).resolve()
    return _load(path, path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=4)
def _load(path, mtime_ns):
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text)
        entries = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(err, "problem", None) or str(err)
        raise GlossaryError(
            path, line, f"not valid YAML ({problem}); put text that holds "
            "': ' or ' #' in double quotes") from None
    if not isinstance(entries, list) or node is None:
        raise GlossaryError(path, 1, "the glossary must be a YAML list of "
                            "entries, each starting with '- zh:'")
    lines = [item.start_mark.line + 1 for item in node.value]
    check(entries, lines, path)
    return entries


def check(entries, lines, path=GLOSSARY):
    """Raise GlossaryError for the first broken entry (lines: 1-based)."""
    seen = {}  # a term or synonym -> (line, what it is)
    for entry, line in zip(entries, lines):
        if not isinstance(entry, dict):
            raise GlossaryError(path, line, "an entry must be a mapping with "
                                f"the fields {', '.join(FIELDS)}")
        missing = [k for k in FIELDS if not str(entry.get(k) or "").strip()]
        if missing:
            raise GlossaryError(
                path, line, f"the entry {entry.get('zh') or entry.get('en')!r} "
                f"lacks {', '.join(missing)}; add "
                f"{'it' if len(missing) == 1 else 'them'}")
        unknown = sorted(set(entry) - set(FIELDS) - set(OPTIONAL))
        if unknown:
            raise GlossaryError(
                path, line, f"unknown field {', '.join(unknown)} in "
                f"{entry['zh']!r}; the fields are "
                f"{', '.join(FIELDS + OPTIONAL)}")
        aliases = entry.get("zh_aliases", [])
        if not (isinstance(aliases, list)
                and all(isinstance(a, str) and a.strip() for a in aliases)):
            raise GlossaryError(path, line, f"zh_aliases of {entry['zh']!r} "
                                "must be a list of words, e.g. [调优, 调参]")
        names = [("zh", entry["zh"].strip(), "term"),
                 ("en", entry["en"].strip().lower(), "term")]
        names += [("zh", a.strip(), "synonym") for a in aliases]
        for lang, name, kind in names:
            if (lang, name) in seen:
                first_line, first = seen[(lang, name)]
                raise GlossaryError(
                    path, line, f"{name!r} is a {kind} of {entry['zh']!r} "
                    f"but already the {first} at line {first_line}; "
                    "a word may belong to one entry only: remove one")
            seen[(lang, name)] = (line, f"{kind} of {entry['zh']!r}")

"""Read the book's bilingual glossary, the single source of its terms."""

import yaml

from .layout import ROOT

#: One entry per term: zh, en, and a definition in each language.
GLOSSARY = ROOT / "docs" / "_data" / "glossary.yml"
FIELDS = ("zh", "en", "zh_def", "en_def")


def load(path=GLOSSARY):
    """Return the glossary entries, checked for missing fields."""
    with open(path, encoding="utf-8") as f:
        entries = yaml.safe_load(f)
    for i, entry in enumerate(entries, 1):
        missing = [k for k in FIELDS if not str(entry.get(k, "")).strip()]
        if missing:
            raise ValueError(f"{path}: entry {i} ({entry.get('zh') or entry}) "
                             f"lacks {', '.join(missing)}")
    return entries

"""The book's Sphinx extension and build tools: one module per concern.

Every module of this package that defines ``setup(app)`` is a small Sphinx
extension of its own, as ``sphinx.ext.duration`` is: it registers its
config values and handlers and returns its own parallel-safety flags.
:func:`setup` loads each of them with ``app.setup_extension``; they are
found by reading the sources, so a new module cannot be left out, and the
plain modules (layout, languages, glossary_data, landing, dist, gpu_check,
installer) are not imported at all. Those run without Sphinx
(``python -m book.landing``, ``book.gpu_check``).
"""

import ast
import hashlib
from pathlib import Path


def extension_modules():
    """Return the names of this package's modules that define setup()."""
    names = []
    for path in sorted(Path(__file__).parent.glob("*.py")):
        if path.name == "__init__.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(isinstance(node, ast.FunctionDef) and node.name == "setup"
               for node in tree.body):
            names.append(f"{__name__}.{path.stem}")
    return names


def source_version(folder=Path(__file__).parent):
    """Return a number that changes whenever a module of the package does.

    It is the extension's environment version: when it changes, Sphinx
    reads every page again (as for a changed config value), so no page
    keeps what the old code rendered. Executions stay in their cache.
    """
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return int(digest.hexdigest()[:12], 16)


def setup(app):
    from . import _compat

    _compat.check_versions()
    app.add_config_value("d2l_language", "zh", "env")
    for name in extension_modules():
        app.setup_extension(name)
    # Parallel-safe: what a read learns about a page lives on the
    # environment (myst-nb's per-page execution data, note_dependency),
    # which Sphinx merges from -j processes; nothing is kept in globals.
    return {"parallel_read_safe": True, "parallel_write_safe": True,
            "env_version": source_version()}

"""The book's Sphinx extension: one module per concern."""

from . import (build_report, cell_errors, cjk_text, execution_log, executor,
               glossary, icons, language_switch, notebooks, offline_math,
               page_speed, provenance, search, source_checks)

MODULES = (build_report, cell_errors, cjk_text, execution_log, executor,
           glossary, icons, language_switch, notebooks, offline_math,
           page_speed, provenance, search, source_checks)


def setup(app):
    app.add_config_value("d2l_language", "zh", "env")
    for module in MODULES:
        module.setup(app)
    # Not parallel-read safe: the execution log follows reads in this
    # process, and notebooks execute one at a time anyway (each MXNet
    # kernel already uses every core).
    return {"parallel_read_safe": False, "parallel_write_safe": True}

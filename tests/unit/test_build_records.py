"""What the extension records about a build, checked without building:
execution status, the build report's order, provenance, downloads."""

import json
from types import SimpleNamespace

import pytest

from book import executor
from book.build_report import book_order
from book.execution_log import page_statuses, summary
from book.notebooks import readers_notebook
from book.provenance import parse_record, record_from_notebook
from d2l.runinfo import Provenance


def exec_data(status, runtime=1.5, succeeded=True):
    return {"exec_data": {"runtime": runtime, "succeeded": succeeded,
                          "method": "cache", executor.STATUS: status}}


def fake_env(metadata, read, found=None):
    return SimpleNamespace(nb_metadata=metadata, d2l_read_docs=set(read),
                           found_docs=set(found or metadata))


def test_page_status_comes_from_the_page_and_the_reads_of_this_build():
    env = fake_env({"a": exec_data("executed", 2.0),
                    "b": exec_data("cached", None),
                    "c": exec_data("executed"),  # read by an earlier build
                    "prose": {}},
                   read={"a", "b", "prose"})
    pages = page_statuses(env)
    assert pages == {
        "a": {"status": "executed", "runtime": 2.0, "succeeded": True},
        "b": {"status": "cached", "runtime": None, "succeeded": True},
        "c": {"status": "unchanged", "runtime": 1.5, "succeeded": True},
    }
    record = summary("zh", pages)
    assert record["executed"] == 1 and record["language"] == "zh"
    assert json.loads(json.dumps(record)) == record


def test_status_reads_myst_nb_exec_data():
    env = fake_env({"a": exec_data("cached"), "b": {}}, read={"a"})
    assert executor.status(env, "a") == "cached"
    assert executor.status(env, "b") is None


def test_patched_versions_are_checked():
    executor.check_versions(dict(executor.PATCHED))
    newer = {**executor.PATCHED, "myst-nb": "1.5.0"}
    with pytest.raises(RuntimeError, match=r"myst-nb 1\.5\.0 \(written for "
                                           r"1\.4\.0\).*requirements\.txt"):
        executor.check_versions(newer)
    # The environment these tests run in is the pinned one.
    executor.check_versions()


def test_book_order_walks_the_toctree_then_lists_orphans():
    env = SimpleNamespace(
        config=SimpleNamespace(root_doc="index"),
        toctree_includes={"index": ["part2/index", "part1/index"],
                          "part1/index": ["part1/a", "part1/b"],
                          "part2/index": ["part2/z", "part1/a"]},
        found_docs={"index", "part1/index", "part1/a", "part1/b",
                    "part2/index", "part2/z", "orphan", "build-report"})
    assert book_order(env) == [
        "index", "part2/index", "part2/z", "part1/a", "part1/index",
        "part1/b", "build-report", "orphan"]


def test_provenance_record_round_trips_through_html(tmp_path):
    shown = Provenance("1.9.1", "CPU: 2 cores", "3.11.7", "2026-11-30")
    html = shown._repr_html_()
    assert parse_record(html) == shown.record
    assert parse_record("<p>no record</p>") is None
    path = tmp_path / "page.ipynb"
    output = {"output_type": "execute_result",
              "data": {"text/html": [html[:20], html[20:]]}}
    path.write_text(json.dumps({"cells": [
        {"cell_type": "code", "outputs": [output]},
        {"cell_type": "markdown"}]}), encoding="utf-8")
    assert record_from_notebook(path) == shown.record
    assert record_from_notebook(tmp_path / "missing.ipynb") == {}


def test_readers_notebook_leaves_out_build_only_cells():
    nb = {"metadata": {"kernelspec": {}}, "cells": [
        {"cell_type": "code", "metadata": {"tags": ["remove-cell"]},
         "source": "glue('x', 1)"},
        {"cell_type": "code", "metadata": {"tags": ["hide-input"]},
         "source": "x"},
        {"cell_type": "markdown", "metadata": {}, "source": "text"}]}
    kept = readers_notebook(nb)
    assert [c["source"] for c in kept["cells"]] == ["x", "text"]
    assert kept["metadata"] == nb["metadata"] and len(nb["cells"]) == 3

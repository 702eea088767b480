"""Execute the pages a build is about to read in parallel, before it reads them.

myst-nb executes a page's notebook while Sphinx parses the page, one page
at a time (the execution cache's lock serialises them even with ``-j``),
and an MXNet kernel keeps about one core busy. So before the read
(``env-before-read-docs``) this module builds each page's notebook as
myst-nb will, asks the execution cache which ones it lacks, runs those
``d2l_execution_workers`` at a time (one kernel per core, each with
``OMP_NUM_THREADS`` set to its share of the cores; pages with ``timing``
cells first, as they are the long ones), then the pages with
``all-cores`` cells one at a time on every core, and stores each
successful run, as soon as it ends, under the key myst-nb looks up. The
read then finds every page in the cache. The cache lock is held from the
lookup to the last store, so a zh and an en build sharing the cache still
run each page once; with one page (or none) to run, the read runs it.

A page whose run fails (a failing cell, a timeout, a dead kernel) is not
stored: the read executes it again the usual way, so book/cell_errors.py
reports it exactly as without this module (at the cost of a second run).
A page run here is recorded as ``executed`` by this build (book/executor.py's
status) with the run time measured here, which the cache record keeps.

``notebook_as_myst_nb_reads`` repeats what ``myst_nb.sphinx_.Parser.parse``
does before it executes; it is written against the myst-nb and
jupyter-cache versions that book/executor.py pins (``PATCHED``).
"""

import asyncio
import contextlib
import os
import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn
from jupyter_cache.cache.db import NbProjectRecord
from myst_nb.core.read import create_nb_reader
from myst_nb.sphinx_ import NbMetadataCollector
from nbclient import NotebookClient
from sphinx.util import logging

from . import executor
from .cores import available_cores

logger = logging.getLogger(__name__)


@dataclass
class Job:
    """One page to execute: its notebook and how myst-nb would run it."""

    docname: str
    path: Path
    notebook: object  # nbformat.NotebookNode, executed in place
    config: object    # myst_nb's NbParserConfig for this page
    read_fmt: dict | None
    seconds: float = 0.0
    error: Exception | None = None


def notebook_as_myst_nb_reads(env, docname):
    """Return the page's Job as myst-nb would execute it in "cache" mode.

    None when myst-nb would not execute it that way (not a notebook, an
    excluded path, another execution mode). Mirrors
    ``myst_nb.sphinx_.Parser.parse`` (reader, kernel aliases, file-level
    ``mystnb`` options) and ``myst_nb.core.execute.create_client``
    (excluded paths), plus executor's helper fingerprint in the kernelspec.
    """
    path = Path(env.doc2path(docname))
    text = path.read_text(encoding=env.config.source_encoding)
    config = env.mystnb_config
    reader = create_nb_reader(str(path), env.myst_config, config, text)
    if reader is None:
        return None
    notebook = reader.read(text)
    kernelspec = notebook.metadata.get("kernelspec", {})
    name = kernelspec.get("name")
    for pattern, alias in config.kernel_rgx_aliases.items():
        if name is not None and re.fullmatch(pattern, name):
            kernelspec["name"] = alias
            break
    if config.metadata_key in notebook.metadata:
        overrides = dict(notebook.metadata[config.metadata_key])
        overrides.pop("output_folder", None)
        try:
            config = config.copy(**overrides)
        except (TypeError, ValueError):  # the read warns about it
            return None
    if config.execution_mode != "cache" or any(
            PurePosixPath(path.as_posix()).match(pattern)
            for pattern in config.execution_excludepatterns):
        return None
    executor.add_helpers_key(notebook)
    return Job(docname, path, notebook, config, reader.read_fmt)


def prepare(env, docname):
    """Return the page's Job, or None: the read reports what it cannot read."""
    try:
        return notebook_as_myst_nb_reads(env, docname)
    except Exception:  # noqa: BLE001 (reader errors of every kind)
        return None


def missing(cache, jobs):
    """Return the jobs whose notebook the cache lacks, one per cache key."""
    found, keys = [], set()
    for job in jobs:
        with contextlib.suppress(KeyError):
            cache.match_cache_notebook(job.notebook)
            continue
        _, key = cache.create_hashed_notebook(job.notebook)
        if key not in keys:
            keys.add(key)
            found.append(job)
    return found


async def run(job, cache, kernel_env, slots):
    """Execute a notebook in place as jupyter-cache's single_nb_execution
    does, and cache it if it succeeded (a killed build keeps what ran)."""
    config = job.config
    timeout, allow_errors = config.execution_timeout, config.execution_allow_errors
    settings = job.notebook.metadata.get("execution", {})  # its meta_override
    timeout = settings.get("timeout", timeout)
    allow_errors = settings.get("allow_errors", allow_errors)
    async with slots:
        with (tempfile.TemporaryDirectory() if config.execution_in_temp
              else contextlib.nullcontext(str(job.path.parent))) as cwd:
            client = NotebookClient(
                job.notebook, timeout=timeout, allow_errors=allow_errors,
                record_timing=False,
                resources={"metadata": {"path": os.path.abspath(cwd)}})
            start = time.perf_counter()
            try:
                await client.async_execute(env=kernel_env)
            except Exception as err:  # noqa: BLE001
                job.error = err  # the read runs it again and reports it
            job.seconds = time.perf_counter() - start
    if job.error is None:
        store(cache, job)


async def run_all(jobs, cache, workers, kernel_env):
    slots = asyncio.Semaphore(workers)
    await asyncio.gather(*(run(job, cache, kernel_env, slots) for job in jobs))


def store(cache, job):
    """Cache an executed notebook as myst-nb's NotebookClientCache does."""
    kwargs = {"read_data": job.read_fmt} if job.read_fmt is not None else {}
    record = cache.add_nb_to_project(str(job.path), **kwargs)
    NbProjectRecord.remove_tracebacks([record.pk], cache.db)
    cache.cache_notebook_bundle(
        CacheBundleIn(job.notebook, record.uri,
                      data={"execution_seconds": job.seconds}),
        check_validity=False, overwrite=True)


def kernel_environment(workers, cores):
    """The kernels' environment: the build's, with a share of the cores each."""
    return {"OMP_NUM_THREADS": str(max(1, cores // workers)), **os.environ}


#: Cells whose output is a measured time carry this tag (CONTRIBUTING).
TIMING_TAG = "timing"
#: Cells that measure how work spreads over the cores (threads, worker
#: processes) carry this one too: their page runs alone, on every core.
ALL_CORES_TAG = "all-cores"


def has_tag(job, tag):
    return any(tag in cell.get("metadata", {}).get("tags", [])
               for cell in job.notebook.cells)


def measures_time(job):
    """True for a page whose outputs include timings (the long pages)."""
    return has_tag(job, TIMING_TAG)


def needs_all_cores(job):
    """True for a page that measures the use of several cores."""
    return has_tag(job, ALL_CORES_TAG)


def execute_outdated(app, env, docnames):
    """Execute the pages about to be read that the cache lacks, in parallel."""
    env.d2l_executed_before_read = set()
    workers = app.config.d2l_execution_workers or available_cores()
    if workers < 2 or not docnames:
        return
    jobs = [job for job in (prepare(env, d) for d in docnames) if job]
    cache_path = env.mystnb_config.execution_cache_path
    with executor.cache_lock(cache_path):
        cache = get_cache(cache_path)
        todo = missing(cache, jobs)
        if len(todo) < 2:
            return  # nothing to overlap: the read runs it
        # Never more kernels than cores, each with its share of them (one
        # thread each by default): a timing page then has its core to
        # itself, and its claims (ratios within one run) hold. Timing
        # pages go first: they are the long ones, and a long page started
        # last would leave the other core idle. A page that measures
        # several cores at work runs alone afterwards.
        alone = [j for j in todo if needs_all_cores(j)]
        shared = sorted((j for j in todo if not needs_all_cores(j)),
                        key=lambda j: not measures_time(j))
        cores = available_cores()
        logger.info(f"executing {len(shared)} pages, {workers} at a time, "
                    f"then {len(alone)} that measure all the cores, "
                    "one at a time")
        asyncio.run(run_all(shared, cache, workers,
                            kernel_environment(workers, cores)))
        asyncio.run(run_all(alone, cache, 1, kernel_environment(1, cores)))
    env.d2l_executed_before_read = {j.docname for j in todo if j.error is None}


def record_as_executed(app, doctree):
    """A page run before the read, which then found it cached, was executed."""
    docname = app.env.docname
    data = NbMetadataCollector.get_exec_data(app.env, docname)
    if (data and docname in getattr(app.env, "d2l_executed_before_read", ())
            and data.get(executor.STATUS) == "cached"):
        NbMetadataCollector.set_exec_data(
            app.env, docname, {**data, executor.STATUS: "executed"})


def setup(app):
    # None: one worker per core. 1 executes in the read, one page at a time.
    app.add_config_value("d2l_execution_workers", None, "",
                         types=(int, type(None)))
    app.connect("env-before-read-docs", execute_outdated)
    app.connect("doctree-read", record_as_executed)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
